"""Forms for insights, personas, journeys and journey steps in the staff workspace."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional

from insight.services import synthesis, vocabulary
from insight.templating import (
    CONFIDENCE_LABELS,
    EMOTION_LABELS,
    STATUS_LABELS,
    VISIBILITY_LABELS,
    locale_code,
)

from .forms import CheckboxListField

ONE_PER_LINE = _l("One per line.")
EMOTION_SIGNS = {-2: "−2", -1: "−1", 0: "0", 1: "+1", 2: "+2"}


class EvidenceField(SelectMultipleField):
    """Observation refs as checkboxes. The choices are the current evidence and the search
    results, so any ref may come back: the service checks that each one exists."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        pass


class EvidenceForm(FlaskForm):
    """Evidence chosen by searching: a search box and the refs as checkboxes.

    Pressing the search button (name "find") re-shows the form with what was typed and the
    observations found; nothing is saved until the form is saved.
    """

    evidence = EvidenceField(_l("Evidence"), choices=[], description=_l(
        "Tick the observations this rests on; untick one to remove it. Search to find more. "
        "Nothing changes until you save."))
    evidence_query = StringField(_l("Find observations"),
                                 validators=[Optional(), Length(max=200)],
                                 description=_l("Words from the ref, title or text."))
    find = SubmitField(_l("Search"))

    found: list | None = None

    def searching(self) -> bool:
        """True when the search button, not the save button, sent the form."""
        return self.is_submitted() and bool(self.find.data)

    def offer_evidence(self, limit: int = 20) -> None:
        """Offer the chosen observations (ticked) and the search results as the choices."""
        chosen = [str(r) for r in dict.fromkeys(self.evidence.data or [])]
        self.evidence.data = chosen
        query = (self.evidence_query.data or "").strip()
        self.found = synthesis.find_evidence_candidates(query, limit) if query else None
        offered = synthesis.observations_by_refs(chosen)
        offered += [o for o in self.found or [] if o.ref not in chosen]
        self.evidence.choices = [(o.ref, _evidence_label(o)) for o in offered]

    def evidence_data(self) -> list[str]:
        return list(self.evidence.data or [])


def _evidence_label(observation: Any) -> str:
    label = f"{observation.ref} – {observation.title}"
    if observation.status != "published":
        label += f" ({STATUS_LABELS[observation.status]})"
    return label


def _terms(kind: str) -> list[tuple[str, str]]:
    locale = locale_code()
    return [(t.code, t.label(locale)) for t in vocabulary.terms(kind)]


def _visibilities() -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in VISIBILITY_LABELS.items()]


class InsightForm(EvidenceForm):
    statement = TextAreaField(_l("Statement"), validators=[DataRequired(), Length(max=500)],
                              render_kw={"rows": 3},
                              description=_l("One or two sentences: what we have learnt."))
    detail = TextAreaField(_l("Detail"), validators=[Length(max=10000)],
                           description=_l("What the observations show, in a few paragraphs. "
                                          "Leave an empty line between paragraphs."))
    recommendation = TextAreaField(_l("How might we …?"), validators=[Length(max=2000)],
                                   render_kw={"rows": 3},
                                   description=_l("The opportunity, phrased as a question."))
    confidence = SelectField(_l("Confidence"), validators=[DataRequired()])
    visibility = SelectField(_l("Visibility"), validators=[DataRequired()])
    themes = CheckboxListField(_l("Themes"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.confidence.choices = [(k, str(v)) for k, v in CONFIDENCE_LABELS.items()]
        self.visibility.choices = _visibilities()
        self.themes.choices = _terms("theme")

    def to_data(self) -> dict:
        data = {name: getattr(self, name).data for name in (
            "statement", "detail", "recommendation", "confidence", "visibility", "themes")}
        return {**data, "evidence": self.evidence_data()}


class PersonaForm(EvidenceForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)],
                        description=_l("An archetype, such as “The independent one after the hip "
                                       "fracture”. Never a person's name."))
    summary = TextAreaField(_l("Summary"), validators=[Length(max=5000)])
    age_band = SelectField(_l("Age band"), validators=[DataRequired()])
    stay_type = SelectField(_l("Stay type"), validators=[DataRequired()])
    living_situation = TextAreaField(_l("Living situation"), validators=[Length(max=2000)],
                                     render_kw={"rows": 3})
    needs = TextAreaField(_l("Needs"), validators=[Length(max=5000)], description=ONE_PER_LINE)
    goals = TextAreaField(_l("Goals"), validators=[Length(max=5000)], description=ONE_PER_LINE)
    frustrations = TextAreaField(_l("Frustrations"), validators=[Length(max=5000)],
                                 description=ONE_PER_LINE)
    quote = TextAreaField(_l("Quote"), validators=[Length(max=1000)], render_kw={"rows": 2},
                          description=_l("Something this archetype could say, in their own "
                                         "words."))
    visibility = SelectField(_l("Visibility"), validators=[DataRequired()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.age_band.choices = _terms("age_band")
        self.stay_type.choices = _terms("stay_type")
        self.visibility.choices = _visibilities()

    def to_data(self) -> dict:
        data = {name: getattr(self, name).data for name in (
            "title", "summary", "age_band", "stay_type", "living_situation", "needs", "goals",
            "frustrations", "quote", "visibility")}
        return {**data, "evidence": self.evidence_data()}


class JourneyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    summary = TextAreaField(_l("Summary"), validators=[Length(max=5000)])
    stay_type = SelectField(_l("Stay type"), validators=[DataRequired()])
    persona = SelectField(_l("Persona"), validators=[Optional()],
                          description=_l("The persona whose journey this is, if any."))
    visibility = SelectField(_l("Visibility"), validators=[DataRequired()])

    def __init__(self, *args: object, current_persona: Any = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.stay_type.choices = _terms("stay_type")
        self.persona.choices = [("", str(_l("No persona")))] + [
            (p.ref, f"{p.ref} – {p.title}") for p in synthesis.persona_options(current_persona)
        ]
        self.visibility.choices = _visibilities()

    def to_data(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "title", "summary", "stay_type", "persona", "visibility")}


class StepForm(EvidenceForm):
    stage = SelectField(_l("Journey stage"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    what_happens = TextAreaField(_l("What happens"), validators=[Length(max=5000)])
    thoughts = TextAreaField(_l("Thoughts"), validators=[Length(max=2000)],
                             render_kw={"rows": 2},
                             description=_l("What the person thinks, in their own words."))
    emotion = SelectField(_l("Feeling"), coerce=int, default=0,
                          description=_l("From −2 (very negative) to +2 (very positive)."))
    pain_points = TextAreaField(_l("Pain points"), validators=[Length(max=5000)],
                                description=ONE_PER_LINE)
    opportunities = TextAreaField(_l("Opportunities"), validators=[Length(max=5000)],
                                  description=ONE_PER_LINE)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.stage.choices = _terms("journey_stage")
        self.emotion.choices = [(value, f"{EMOTION_SIGNS[value]} {label}")
                                for value, label in EMOTION_LABELS.items()]

    def to_data(self) -> dict:
        data = {name: getattr(self, name).data for name in (
            "stage", "title", "what_happens", "thoughts", "emotion", "pain_points",
            "opportunities")}
        return {**data, "evidence": self.evidence_data()}
