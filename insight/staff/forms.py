"""The observation form of the staff workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length, Regexp

from insight.services import vocabulary
from insight.templating import VISIBILITY_LABELS, locale_code


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ObservationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)],
                        description=_l("A short headline, 3–8 words."))
    text = TextAreaField(_l("Observation"), validators=[DataRequired(), Length(max=10000)],
                         description=_l("What was seen or said. Never names, ages, dates or "
                                        "anything else that can identify a person."))
    source = SelectField(_l("Source"), validators=[DataRequired()])
    stay_type = SelectField(_l("Stay type"), validators=[DataRequired()])
    journey_stage = SelectField(_l("Journey stage"), validators=[DataRequired()])
    actor = SelectField(_l("Actor"), validators=[DataRequired()])
    themes = CheckboxListField(_l("Themes"))
    month = StringField(_l("Month"), validators=[DataRequired(), Regexp(
        r"^\d{4}-(0[1-9]|1[0-2])$", message=_l("Write the month as YYYY-MM."))],
        description=_l("YYYY-MM. Never a day."))
    age_band = SelectField(_l("Age band"), validators=[DataRequired()])
    unit = StringField(_l("Unit"), validators=[Length(max=200)])
    visibility = SelectField(_l("Visibility"), validators=[DataRequired()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        locale = locale_code()
        for name in ("source", "stay_type", "journey_stage", "actor", "age_band"):
            getattr(self, name).choices = [
                (t.code, t.label(locale)) for t in vocabulary.terms(name)
            ]
        self.themes.choices = [(t.code, t.label(locale)) for t in vocabulary.terms("theme")]
        self.visibility.choices = [(k, str(v)) for k, v in VISIBILITY_LABELS.items()]

    def to_data(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "title", "text", "source", "stay_type", "journey_stage", "actor", "themes", "month",
            "age_band", "unit", "visibility")}


class ReviewForm(FlaskForm):
    comment = TextAreaField(_l("Comment to the author"), validators=[Length(max=2000)])


class PrivacyCheckForm(FlaskForm):
    text = TextAreaField(_l("Text to check"), validators=[DataRequired(), Length(max=100_000)],
                         description=_l("Nothing you check here is stored or logged."))


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=10000)],
                           description=_l("Published to every supplier at once, without the "
                                          "name of whoever asked."))
