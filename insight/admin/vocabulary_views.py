"""Administration of the vocabularies: every code with its labels, descriptions and synonyms in
Bokmål and English. The service validates and audits; a label change re-indexes the documents
that carry the code through the search outbox, and search uses new synonyms within seconds."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from insight.extensions import db
from insight.forms import attach_problems
from insight.permissions import MANAGE_VOCABULARIES, permission_required
from insight.services import vocabulary
from insight.services.errors import InvalidInput

bp = Blueprint("vocabulary_admin", __name__)

KINDS = {
    "stay_type": _l("Stay types"), "journey_stage": _l("Journey stages"),
    "source": _l("Sources"), "actor": _l("Actors"), "theme": _l("Themes"),
    "age_band": _l("Age bands"),
}
SYNONYMS_HINT = _l("One per line, or separated by commas. A search for a synonym finds the "
                   "content that carries this code.")


class TermForm(FlaskForm):
    # No validators here: the service checks the input and names the field that is wrong.
    label_nb = StringField(_l("Label (Bokmål)"), render_kw={"lang": "nb"})
    label_en = StringField(_l("Label (English)"), render_kw={"lang": "en"})
    description_nb = TextAreaField(_l("Description (Bokmål)"),
                                   render_kw={"rows": 3, "lang": "nb"})
    description_en = TextAreaField(_l("Description (English)"),
                                   render_kw={"rows": 3, "lang": "en"})
    synonyms_nb = TextAreaField(_l("Synonyms (Bokmål)"), description=SYNONYMS_HINT,
                                render_kw={"rows": 5, "lang": "nb"})
    synonyms_en = TextAreaField(_l("Synonyms (English)"), description=SYNONYMS_HINT,
                                render_kw={"rows": 5, "lang": "en"})
    source_note = StringField(_l("Source"), description=_l(
        "Where the wording comes from, e.g. a law, a guideline or a dictionary."))


@bp.route("/vocabularies")
@permission_required(MANAGE_VOCABULARIES)
def vocabularies():
    return render_template("admin/vocabularies.html", kinds=KINDS,
                           vocabularies=vocabulary.vocabularies())


@bp.route("/vocabularies/<int:term_id>", methods=["GET", "POST"])
@permission_required(MANAGE_VOCABULARIES)
def edit_term(term_id: int):
    term = vocabulary.get_term(term_id)
    form = TermForm(obj=term)
    if form.validate_on_submit():
        try:
            fields = {name: request.form.get(name, "") for name in vocabulary.EDITABLE}
            queued = vocabulary.update_term(term, fields, current_user)
            db.session.commit()
            flash(_("The code is saved. Search uses its synonyms within seconds."), "success")
            if queued:
                flash(ngettext("%(num)s document that carries the code is queued for "
                               "re-indexing.",
                               "%(num)s documents that carry the code are queued for "
                               "re-indexing.", queued), "success")
            return redirect(url_for("vocabulary_admin.vocabularies", _anchor=term.kind))
        except InvalidInput as error:
            db.session.rollback()
            attach_problems(form, error)
    return render_template("admin/vocabulary_form.html", form=form, term=term,
                           kind_label=KINDS.get(term.kind, term.kind)), \
        422 if form.errors or form.form_errors else 200
