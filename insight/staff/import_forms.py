"""Forms of the import pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField
from wtforms.fields.choices import SelectChoice


class UploadForm(FlaskForm):
    file = FileField(_l("File"), validators=[
        FileRequired(), FileAllowed(["csv", "xlsx", "json", "jsonl"],
                                    _l("Use a .csv, .xlsx or .json file."))],
        description=_l("CSV (comma or semicolon, UTF-8 or Windows-1252), XLSX or JSON, with the "
                       "columns ref, title, text, source, stay_type, journey_stage, actor, tags, "
                       "month, age_band, unit."))
    on_existing = RadioField(_l("When a ref already exists"), default="reject", choices=[
        SelectChoice("reject", _l("Reject the file")),
        SelectChoice("update", _l("Update the existing observation")),
    ])


class ConfirmImportForm(FlaskForm):
    on_existing = HiddenField()
    publish = BooleanField(_l("Publish at once (administrators only; audited)"))
