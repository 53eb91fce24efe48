"""Forms of the supplier-facing pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class QuestionForm(FlaskForm):
    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=300)])
    text = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=5000)],
                         description=_l("The question and its answer are published to every "
                                        "supplier without your name. Do not write anything "
                                        "that identifies a person."))
