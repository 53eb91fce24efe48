"""The observation as it crosses the boundary: API bodies, import rows and exports."""

from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates

from insight.messages import msg
from insight.models import STATUSES, VISIBILITIES

REF_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{1,8}$")
MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# The CSV/XLSX column order of an observation file (../shared/corpus/observations.csv).
IMPORT_COLUMNS = [
    "ref", "title", "text", "source", "stay_type", "journey_stage", "actor", "tags", "month",
    "age_band", "unit",
]


def split_tags(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in re.split(r"[;,]", str(value)) if part.strip()]


def normalise(data: dict) -> dict:
    """Strip text, read `tags` (the file format's name) as a list of themes, drop empties."""
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    if "tags" in cleaned and "themes" not in cleaned:
        cleaned["themes"] = split_tags(cleaned.pop("tags"))
    elif "tags" in cleaned:
        cleaned.pop("tags")
    if isinstance(cleaned.get("themes"), str):
        cleaned["themes"] = split_tags(cleaned["themes"])
    for key in ("title", "text", "source", "stay_type", "journey_stage", "actor", "month",
                "age_band"):
        if cleaned.get(key) == "":
            del cleaned[key]  # reported as "Missing data for required field."
    return cleaned


class ObservationSchema(Schema):
    ref = fields.String(validate=validate.Regexp(
        REF_PATTERN, error=msg("must look like OBS-0001").id))
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    text = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    source = fields.String(required=True)
    stay_type = fields.String(required=True)
    journey_stage = fields.String(required=True)
    actor = fields.String(required=True)
    themes = fields.List(fields.String(), load_default=list)
    month = fields.String(required=True)
    age_band = fields.String(required=True)
    unit = fields.String(load_default="", validate=validate.Length(max=200))
    visibility = fields.String(validate=validate.OneOf(VISIBILITIES))
    status = fields.String(dump_only=True, validate=validate.OneOf(STATUSES))
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    published_at = fields.DateTime(dump_only=True)

    @pre_load
    def strip_strings(self, data: dict, **_: object) -> dict:
        return normalise(data) if isinstance(data, dict) else data

    @validates("month")
    def validate_month(self, value: str, **_: object) -> None:
        if not MONTH_PATTERN.match(value):
            raise ValidationError(msg("must be a month written YYYY-MM (never a day)").id)


class ObservationPatchSchema(ObservationSchema):
    """A change to some fields of an observation (use with partial=True)."""


class ObservationOutSchema(ObservationSchema):
    """What readers get: the stored observation with its theme codes."""

    themes = fields.Function(lambda obs: obs.theme_codes)
