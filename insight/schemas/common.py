"""What the content schemas share: cleaning free text and the error texts (message ids)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, pre_load, validate

from insight.messages import msg
from insight.models import VISIBILITIES
from insight.schemas.observation import REF_PATTERN

# Error texts are message ids (marked with msg for extraction); insight.services.writing
# turns them back into Messages.
VISIBILITY_ERROR = msg("must be public, suppliers or internal").id


def text(limit: int, required: bool = False) -> fields.String:
    return fields.String(required=required, validate=validate.Length(
        min=1 if required else 0, max=limit))


def ref() -> fields.String:
    return fields.String(validate=validate.Regexp(
        REF_PATTERN, error=msg("must look like INS-01").id))


def visibility() -> fields.String:
    return fields.String(validate=validate.OneOf(VISIBILITIES, error=VISIBILITY_ERROR))


def refs() -> fields.List:
    return fields.List(fields.String(), allow_none=False)


def clean_text(value: Any, one_per_line: bool) -> str:
    """Line breaks normalised and whitespace stripped; lists (and fields that hold one item a
    line) keep one non-empty item a line."""
    if isinstance(value, (list, tuple)):
        value = "\n".join(str(v) for v in value)
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if one_per_line:
        return "\n".join(line.strip() for line in lines if line.strip())
    return "\n".join(line.rstrip() for line in lines).strip()


class ContentSchema(Schema):
    """Cleans the free-text fields named in TEXTS (LINES among them hold one item a line)
    before validation, so every path stores the same text for the same input."""

    TEXTS: tuple[str, ...] = ()
    LINES: tuple[str, ...] = ()

    @pre_load
    def clean(self, data: Any, **_: object) -> Any:
        if not isinstance(data, dict):
            return data
        cleaned = dict(data)
        for name in self.TEXTS:
            if name in cleaned:
                value = cleaned[name]
                is_lines = (name in self.LINES and isinstance(value, (list, tuple))
                            and all(isinstance(v, str) for v in value))
                if value is not None and not isinstance(value, str) and not is_lines:
                    continue  # not text: left for validation to refuse ("must be text")
                cleaned[name] = "" if value is None else clean_text(value, name in self.LINES)
        return cleaned
