"""Messages as keys: services say *what* went wrong, views, API and CLI say it in a language.

A `Message` carries a gettext message id (English, with `%(name)s` placeholders) and its
parameters. Services raise errors that hold Messages and never translate; `str(message)` renders
it in the reader's language during a request and in English elsewhere (CLI, logs, tests).
Parameters that are Messages themselves are rendered first, so "unknown %(kind)s" can take a
translatable kind. Mark every id with `msg(...)` so `pybabel extract -k msg` finds it.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from markupsafe import escape


class Message:
    __slots__ = ("id", "params")

    def __init__(self, id: str, **params: Any):
        self.id = id
        self.params = params

    def render(self, translate: bool = True) -> str:
        """The text in the current request's language, or in English outside a request."""
        params = {k: v.render(translate) if isinstance(v, Message) else v
                  for k, v in self.params.items()}
        text = self.id
        if translate and has_request_context():
            from flask_babel import gettext

            text = gettext(self.id)
        return text % params if params else text

    @property
    def english(self) -> str:
        return self.render(translate=False)

    def __str__(self) -> str:
        return self.render()

    def __html__(self) -> str:
        return str(escape(self.render()))

    def __repr__(self) -> str:
        return f"Message({self.id!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return (self.id, self.params) == (other.id, other.params)
        if isinstance(other, str):
            return self.english == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.id)

    def __contains__(self, text: str) -> bool:  # lets tests say `"required" in message`
        return text in self.english


def to_json(message: Message) -> dict[str, Any]:
    """A Message as plain data, for state kept between requests (job progress, sessions)."""
    return {"id": message.id, "params": {
        k: to_json(v) if isinstance(v, Message) else v for k, v in message.params.items()}}


def from_json(data: dict[str, Any]) -> Message:
    params = {k: from_json(v) if isinstance(v, dict) and "id" in v else v
              for k, v in data.get("params", {}).items()}
    return Message(data["id"], **params)


def msg(id: str, **params: Any) -> Message:
    """A translatable message: `msg("unknown theme '%(code)s'", code=code)`."""
    return Message(id, **params)


def as_message(value: Message | str) -> Message:
    """Wrap legacy plain strings; new code passes Messages."""
    return value if isinstance(value, Message) else Message(str(value).replace("%", "%%"))
