"""Domain errors; insight.errors maps them to HTTP answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from insight.messages import Message, as_message, msg


class ServiceError(Exception):
    """Base class for errors a user can act on. `message` is a Message (id + parameters);
    views, the API and the CLI render it in the reader's language."""

    status_code = 400

    def __init__(self, message: Message | str, **params: Any):
        self.message = msg(message, **params) if isinstance(message, str) and params \
            else as_message(message)
        super().__init__(self.message.english)


@dataclass
class Problem:
    """One thing wrong with the input: which field, what, and (for files) which line."""

    field: str
    message: Message | str
    line: int | None = None

    def __post_init__(self) -> None:
        self.message = as_message(self.message)

    def render(self) -> str:
        """'line 3, column month: …' in the reader's language."""
        if self.line:
            where = msg("line %(line)s, column %(field)s", line=self.line, field=self.field)
            return f"{where}: {self.message}"
        return f"{self.field}: {self.message}"

    @property
    def english(self) -> str:
        if self.line:
            return f"line {self.line}, column {self.field}: {self.message.english}"
        return f"{self.field}: {self.message.english}"

    def __str__(self) -> str:
        return self.render()


@dataclass
class InvalidInput(ServiceError):
    problems: list[Problem] = field(default_factory=list)
    status_code = 422

    def __post_init__(self) -> None:
        self.message = ProblemList(self.problems)
        Exception.__init__(self, self.message_text)

    @property
    def message_text(self) -> str:
        return "; ".join(p.english for p in self.problems) or "invalid input"

    def by_field(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for problem in self.problems:
            result.setdefault(problem.field, []).append(str(problem.message))
        return result


class ProblemList(Message):
    """Renders a list of problems joined by '; ' in the reader's language."""

    __slots__ = ("problems",)

    def __init__(self, problems: list[Problem]):
        super().__init__("%(problems)s")
        self.problems = problems

    def render(self, translate: bool = True) -> str:
        if not self.problems:
            return msg("invalid input").render(translate)
        if translate:
            return "; ".join(p.render() for p in self.problems)
        return "; ".join(p.english for p in self.problems)


class PermissionDenied(ServiceError):
    status_code = 403


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    status_code = 409
