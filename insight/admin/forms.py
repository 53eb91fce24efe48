"""The audit log's filter form (GET: no state changes, so no CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Optional

from insight.services.audit import EventFilter


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField(_l("Actor (e-mail)"), validators=[Optional()])
    action = StringField(_l("Action"), validators=[Optional()],
                         description=_l("For example observation.publish, or auth. for all logins"))
    object_type = StringField(_l("Object type"), validators=[Optional()])
    object_id = StringField(_l("Object (ref or id)"), validators=[Optional()])
    since = DateField(_l("From date"), validators=[Optional()])
    until = DateField(_l("To date"), validators=[Optional()])

    def to_filter(self) -> EventFilter:
        return EventFilter(actor=self.actor.data or "", action=self.action.data or "",
                           object_type=self.object_type.data or "",
                           object_id=self.object_id.data or "",
                           since=self.since.data, until=self.until.data)
