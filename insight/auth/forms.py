"""Login, registration and password forms (CSRF-protected by Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class RegistrationForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Work e-mail"), validators=[DataRequired(), Length(max=254)])
    organisation_name = StringField(_l("Organisation"),
                                    validators=[DataRequired(), Length(max=200)])
    org_number = StringField(_l("Organisation number"), validators=[DataRequired(), Length(max=20)],
                             description=_l("9 digits, as in the Brønnøysund Register Centre."))
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=10)],
                             description=_l("At least 10 characters."))
    confirm = PasswordField(_l("Repeat password"),
                            validators=[DataRequired(), EqualTo("password", _l("Must match."))])


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10)],
                                 description=_l("At least 10 characters."))
    confirm = PasswordField(_l("Repeat new password"),
                            validators=[DataRequired(), EqualTo("new_password", _l("Must match."))])
