"""All models, imported here so that Alembic and the app see the whole schema."""

from insight.models.audit import AuditEvent
from insight.models.base import STATUSES, VISIBILITIES, Status, Visibility
from insight.models.change import CHANGE_ACTIONS, ChangeEntry
from insight.models.finding import CONFIDENCE_LEVELS, Insight
from insight.models.import_record import ImportRecord
from insight.models.job import JOB_STATES, Job
from insight.models.journey import Journey, JourneyStep
from insight.models.observation import Observation
from insight.models.organisation import Organisation
from insight.models.outbox import IndexFailure, SearchOutbox
from insight.models.persona import Persona
from insight.models.question import Answer, Question
from insight.models.saved_search import SavedSearch
from insight.models.search import SearchDocument, SearchTerm
from insight.models.settings import SiteSettings
from insight.models.thesaurus import ThesaurusRule
from insight.models.tracking import ContentEditor, RefCounter
from insight.models.user import ROLES, ApiToken, User
from insight.models.vocabulary import VOCABULARY_KINDS, VocabularyTerm

PUBLISHABLE_MODELS = (Observation, Insight, Persona, Journey)

__all__ = [
    "AuditEvent", "STATUSES", "VISIBILITIES", "Status", "Visibility", "CONFIDENCE_LEVELS",
    "Insight", "Journey", "JourneyStep", "Observation", "Organisation", "Persona", "Answer",
    "Question", "ROLES", "ApiToken", "User", "VOCABULARY_KINDS", "VocabularyTerm",
    "PUBLISHABLE_MODELS", "ImportRecord", "SearchDocument", "SearchOutbox", "SearchTerm",
    "ThesaurusRule", "ChangeEntry", "CHANGE_ACTIONS", "SiteSettings", "ContentEditor",
    "RefCounter", "SavedSearch", "Job", "JOB_STATES", "IndexFailure",
]
