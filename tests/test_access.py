"""The access matrix: every route × every method × every kind of caller, against objects that
exist, proving both that the allowed callers get in and that the others are kept out.

- The routes come from `app.url_map`: a route or method without a request below, or a view
  without a stated requirement, fails `test_every_route_and_method_is_in_the_matrix`.
- Who may: each view's `required_permission` (set by `permission_required`, and by the API's
  `token_required` together with `required_scope`), read through the permission map. Views
  without one (static files, public API reads) are listed in PUBLIC.
- Callers: anonymous, supplier, staff and admin with a browser session; on /api/ also bearer
  tokens of each role with the read or the write scope (suppliers hold only read tokens).
  Sessions never count under /api/: there a browser session is anonymous.
- Allowed means the action ran: 2xx or 3xx (never a redirect to the login page), no error
  flashed, and every request carries real, valid data for real objects, so a 404 or a 400/422
  from missing data would fail the test instead of passing for "let in".
- Denied means: an anonymous browser is sent to log in, a logged-in one gets 403; an API call
  without a token gets 401, with a token lacking scope or role 403.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pytest
from sqlalchemy import select

from insight import create_app, permissions
from insight.extensions import db
from insight.models import ImportRecord, Insight, Journey, Observation, Persona, User
from insight.services import accounts, freeze, questions, thesaurus, tokens, vocabulary
from tests.conftest import PASSWORD, make_config, reset_app
from tests.test_cli import HEADER, row

WEB_CALLERS = ["anonymous", "supplier", "staff", "admin"]
TOKEN_CALLERS = ["supplier:read", "staff:read", "staff:write", "admin:read", "admin:write"]

# Views that carry no required_permission: what they require, stated here.
PUBLIC = {
    ("static", "GET"): permissions.READ_PUBLIC,
    ("ops.healthz", "GET"): permissions.READ_PUBLIC,
    ("ops.readyz", "GET"): permissions.READ_PUBLIC,
    ("api-docs.openapi_json", "GET"): permissions.READ_PUBLIC,
    ("api_docs.docs", "GET"): permissions.READ_PUBLIC,
    ("api_docs.asset", "GET"): permissions.READ_PUBLIC,
    ("api_docs.start", "GET"): permissions.READ_PUBLIC,
    ("api_docs.guide", "GET"): permissions.READ_PUBLIC,
    ("api_observations.ObservationList", "GET"): permissions.READ_PUBLIC,
    ("api_observations.ObservationItem", "GET"): permissions.READ_PUBLIC,
    ("api_search.Search", "GET"): permissions.READ_PUBLIC,
    # The secret in the address is the credential: with it, anyone reads (as its owner).
    ("feeds.change_feed", "GET"): permissions.READ_PUBLIC,
    ("feeds.answer_feed", "GET"): permissions.READ_PUBLIC,
    ("feeds.search_feed", "GET"): permissions.READ_PUBLIC,
}

TERM_FORM = {
    "label_nb": "Rehabilitering", "label_en": "Rehabilitation",
    "description_nb": "Opphold for å trene opp igjen funksjon.",
    "description_en": "A stay to regain function.", "synonyms_nb": "opptrening, rehab",
    "synonyms_en": "rehabilitation", "source_note": "Helse- og omsorgstjenesteloven",
}
OBSERVATION_FORM = {
    "title": "Ventet på informasjon", "text": "Brukeren ønsket mer informasjon om dagen.",
    "source": "intervju", "stay_type": "rehabilitering", "journey_stage": "ankomst",
    "actor": "bruker", "themes": ["informasjon"], "month": "2025-03", "age_band": "80-89",
    "unit": "Korttidsavdeling A", "visibility": "suppliers",
}
INSIGHT_FORM = {
    "statement": "Brukere vet for lite om oppholdet før det starter.",
    "detail": "Beskjeden kommer sent og muntlig.",
    "recommendation": "Hvordan kan vi gi en tidlig forklaring?",
    "confidence": "high", "themes": ["informasjon"], "visibility": "public",
}
PERSONA_FORM = {
    "title": "Den handlekraftige etter hoftebruddet", "summary": "Vil hjem og klare seg selv.",
    "age_band": "80-89", "stay_type": "rehabilitering",
    "living_situation": "Bor alene i enebolig.", "needs": "Vite hva som skal skje",
    "goals": "Klare trappa hjemme", "frustrations": "Fikk vite om oppholdet sent",
    "quote": "Gi meg tid, så klarer jeg det selv.", "visibility": "public",
}
JOURNEY_FORM = {
    "title": "Fra fallet til hverdagen hjemme", "summary": "Rehabilitering etter hoftebrudd.",
    "stay_type": "rehabilitering", "persona": "", "visibility": "public",
}
STEP_FORM = {
    "stage": "ankomst", "title": "Ankomsten", "what_happens": "Hun kommer med ambulanse.",
    "thoughts": "Hvor er jeg nå?", "emotion": "-1", "pain_points": "Ingen tok imot",
    "opportunities": "Fast vert",
}
SYNTHESIS_FORMS = {"insights": INSIGHT_FORM, "personas": PERSONA_FORM, "journeys": JOURNEY_FORM}
MODELS = {"insights": Insight, "personas": Persona, "journeys": Journey}


@dataclass
class Call:
    path: str
    data: dict[str, Any] | None = None
    json: dict[str, Any] | None = None
    options: dict[str, Any] = field(default_factory=dict)


class World:
    """The objects the routes name, created on first use through the pages and services."""

    def __init__(self, app: Any, factory: Any, caller: str = "anonymous"):
        self.app, self.factory, self.caller = app, factory, caller

    @cached_property
    def caller_client(self) -> Any:
        """The caller's own logged-in client, for routes that reach only the caller's objects."""
        client = self.app.test_client()
        _, self.caller_email = self.factory.user(self.caller)
        assert client.post("/auth/login", data={"email": self.caller_email,
                                                "password": PASSWORD}).status_code == 302
        return client

    @cached_property
    def frozen(self) -> bool:
        """The material frozen by an administrator (the unfreeze route needs it)."""
        with self.app.app_context():
            admin = accounts.find_by_email(self.factory.user("admin")[1])
            freeze.freeze(admin)
            db.session.commit()
        return True

    def logged_in(self, role: str) -> Any:
        client = self.app.test_client()
        _, email = self.factory.user(role)
        assert client.post("/auth/login", data={"email": email, "password": PASSWORD}
                           ).status_code == 302
        return client

    @cached_property
    def author(self) -> Any:
        return self.logged_in("staff")

    @cached_property
    def reviewer(self) -> Any:
        return self.logged_in("staff")

    def user(self, email: str) -> User:
        return accounts.find_by_email(email)

    def _id(self, model: Any, ref: str) -> int:
        with self.app.app_context():
            return db.session.scalar(select(model.id).where(model.ref == ref))

    def _ref(self, model: Any, item_id: int) -> str:
        with self.app.app_context():
            return db.session.get(model, item_id).ref

    @property
    def bid_pack_version(self) -> int:
        """The version of the bid pack now on offer (after something is published)."""
        from insight.services import bidpack

        assert self.public_observation  # a published item gives the pack a version
        with self.app.app_context():
            return bidpack.current_version()

    # observations
    @cached_property
    def public_observation(self) -> str:
        return self.factory.observation(status="published", visibility="public")

    @cached_property
    def draft_observation(self) -> str:
        return self.factory.observation(status="draft")

    @property
    def draft_observation_id(self) -> int:
        return self._id(Observation, self.draft_observation)

    # insights, personas, journeys
    def draft(self, kinds: str) -> int:
        response = self.author.post(f"/staff/{kinds}/new", data=SYNTHESIS_FORMS[kinds])
        assert response.status_code == 302, response.get_data(as_text=True)
        return int(response.location.rstrip("/").rsplit("/", 1)[1])

    def published(self, kinds: str) -> str:
        item_id = self.draft(kinds)
        for client, action in ((self.author, "send_to_review"), (self.reviewer, "publish")):
            assert client.post(f"/staff/{kinds}/{item_id}/{action}").status_code == 302
            assert_no_error_flashed(client)
        return self._ref(MODELS[kinds], item_id)

    @cached_property
    def journey_with_steps(self) -> tuple[int, list[int]]:
        journey_id = self.draft("journeys")
        steps = []
        for title in ("Ankomsten", "Første natt"):
            response = self.author.post(f"/staff/journeys/{journey_id}/steps/new",
                                        data={**STEP_FORM, "title": title})
            assert response.status_code == 302, response.get_data(as_text=True)
            steps.append(int(response.location.rsplit("#step-", 1)[1]))
        return journey_id, steps

    # questions, rules, accounts, imports
    @cached_property
    def question_id(self) -> int:
        _, email = self.factory.user("supplier")
        with self.app.app_context():
            question = questions.ask("Hvor mange plasser?", "Hvor mange plasser finnes?",
                                     self.user(email))
            db.session.commit()
            return question.id

    @cached_property
    def rule_id(self) -> int:
        _, email = self.factory.user("admin")
        with self.app.app_context():
            rule = thesaurus.add("pårørende, familie", self.user(email))
            db.session.commit()
            return rule.id

    @cached_property
    def term_id(self) -> int:
        """A real code: the stay type "rehabilitering"."""
        with self.app.app_context():
            return vocabulary.term_map("stay_type")["rehabilitering"].id

    @cached_property
    def pending_supplier_id(self) -> int:
        with self.app.app_context():
            user = accounts.register_supplier("ny@firma.example", "et-langt-passord", "Kari",
                                              "Firma AS", "974760673")
            db.session.commit()
            return user.id

    @cached_property
    def upload_token(self) -> str:
        response = self.author.post("/staff/import/", data=upload_form("OBS-9001"),
                                    content_type="multipart/form-data")
        assert response.status_code == 302, response.get_data(as_text=True)
        return response.location.split("?")[0].rstrip("/").rsplit("/", 1)[1]

    @cached_property
    def started_import_token(self) -> str:
        token = self.upload_token
        response = self.author.post(f"/staff/import/{token}", data={"on_existing": "reject"})
        assert response.status_code == 302, response.get_data(as_text=True)
        wait_for_background_imports()
        return token

    @cached_property
    def import_record_id(self) -> int:
        with self.app.app_context():
            record = ImportRecord(filename="obs.csv", file_format="csv", rows=1, created=1)
            db.session.add(record)
            db.session.commit()
            return record.id

    # saved searches and feeds
    @cached_property
    def own_saved_search(self) -> int:
        """A saved search of the caller (of some supplier for an anonymous caller)."""
        client = self.caller_client if self.caller in ("supplier", "staff", "admin") \
            else self.logged_in("supplier")
        response = client.post("/search/save", data={"name": "Rullatorer", "q": "rullator"})
        assert response.status_code == 302, response.get_data(as_text=True)
        return int(response.location.rsplit("/", 1)[1])

    @cached_property
    def feed(self) -> tuple[str, int]:
        """A supplier's feed secret and one of that supplier's saved searches."""
        client = self.logged_in("supplier")
        response = client.post("/search/save", data={"name": "Rullatorer", "q": "rullator"})
        saved_id = int(response.location.rsplit("/", 1)[1])
        html = client.post("/account/feeds").get_data(as_text=True)
        return html.split("/feeds/", 1)[1].split("/", 1)[0], saved_id

    @cached_property
    def own_token_id(self) -> int:
        """An API token of the caller (of some supplier for an anonymous caller)."""
        email = self.caller_email if self.caller in ("supplier", "staff", "admin") and \
            self.caller_client else self.factory.user("supplier")[1]
        with self.app.app_context():
            token, _ = tokens.create_token(self.user(email), "eget skript", "read")
            db.session.commit()
            return token.id

    @cached_property
    def someones_token_id(self) -> int:
        """An API token of some supplier, for the administrators' revoke button."""
        _, email = self.factory.user("supplier")
        with self.app.app_context():
            token, _ = tokens.create_token(self.user(email), "leverandørens skript", "read")
            db.session.commit()
            return token.id

    def token(self, caller: str) -> str:
        role, scope = caller.split(":")
        _, email = self.factory.user(role)
        with self.app.app_context():
            _, raw = tokens.create_token(self.user(email), "matrix", scope)
            db.session.commit()
        return raw


def upload_form(ref: str) -> dict[str, Any]:
    data = (HEADER + "\r\n" + row(ref) + "\r\n").encode("utf-8")
    return {"file": (io.BytesIO(data), "obs.csv"), "on_existing": "reject"}


def journey_step(w: World, suffix: str = "") -> str:
    journey_id, steps = w.journey_with_steps
    return f"/staff/journeys/{journey_id}/steps/{steps[-1]}{suffix}"


# (endpoint, method) → the request that exercises it, with valid data, against real objects.
REQUESTS = {
    ("static", "GET"): lambda w: Call("/static/innsikt.css"),
    ("ops.healthz", "GET"): lambda w: Call("/healthz"),
    ("ops.readyz", "GET"): lambda w: Call("/readyz"),
    ("web.index", "GET"): lambda w: Call("/"),
    ("web.set_language", "POST"): lambda w: Call("/language/en", data={"next": "/insights"}),
    ("web.observations", "GET"): lambda w: Call("/observations?stay_type=rehabilitering"),
    ("web.observation", "GET"): lambda w: Call(f"/observations/{w.public_observation}"),
    ("web.insights", "GET"): lambda w: Call("/insights"),
    ("web.insight", "GET"): lambda w: Call(f"/insights/{w.published('insights')}"),
    ("web.personas", "GET"): lambda w: Call("/personas"),
    ("web.persona", "GET"): lambda w: Call(f"/personas/{w.published('personas')}"),
    ("web.journeys", "GET"): lambda w: Call("/journeys"),
    ("web.journey", "GET"): lambda w: Call(f"/journeys/{w.published('journeys')}"),
    ("pictures.journey_map_download", "GET"): lambda w: Call(
        f"/journeys/{w.published('journeys')}/map.svg"),
    ("pictures.statistics_page", "GET"): lambda w: Call("/statistics"),
    ("changes.change_log", "GET"): lambda w: Call("/changes"),
    ("changes.change_feed", "GET"): lambda w: Call("/changes.atom"),
    ("exports.download", "GET"): lambda w: Call("/export/observations.csv"),
    ("exports.bid_pack", "GET"): lambda w: Call("/bid-pack"),
    ("exports.bid_pack_download", "GET"): lambda w: Call(
        f"/bid-pack/innsikt-{w.bid_pack_version}.zip"),
    ("web.answered_questions", "GET"): lambda w: Call("/questions"),
    ("web.ask_question", "GET"): lambda w: Call("/questions/ask"),
    ("web.ask_question", "POST"): lambda w: Call("/questions/ask", data={
        "title": "Hvor mange plasser?", "text": "Hvor mange korttidsplasser finnes i dag?"}),
    ("search.search", "GET"): lambda w: Call("/search?q=informasjon"),
    ("search.save_search", "POST"): lambda w: Call("/search/save", data={
        "name": "Informasjon", "q": "informasjon", "theme": "informasjon"}),
    ("search.saved_search_list", "GET"): lambda w: Call("/search/saved"),
    ("search.saved_search", "GET"): lambda w: Call(f"/search/saved/{w.own_saved_search}"),
    ("search.delete_saved_search", "POST"): lambda w: Call(
        f"/search/saved/{w.own_saved_search}/delete"),
    ("feeds.reset_feed_token", "POST"): lambda w: Call("/account/feeds"),
    ("profile.tokens_page", "GET"): lambda w: Call("/account/tokens"),
    ("profile.tokens_page", "POST"): lambda w: Call("/account/tokens", data={
        "name": "BI-eksport", "scope": "read", "expires_in_days": "30"}),
    ("profile.revoke_token", "POST"): lambda w: Call(
        f"/account/tokens/{w.own_token_id}/revoke"),
    ("feeds.change_feed", "GET"): lambda w: Call(f"/feeds/{w.feed[0]}/changes.atom"),
    ("feeds.answer_feed", "GET"): lambda w: Call(f"/feeds/{w.feed[0]}/answers.atom"),
    ("feeds.search_feed", "GET"): lambda w: Call(
        f"/feeds/{w.feed[0]}/searches/{w.feed[1]}.atom"),
    ("auth.login", "GET"): lambda w: Call("/auth/login"),
    ("auth.login", "POST"): lambda w: Call("/auth/login", data={
        "email": w.factory.user("supplier")[1], "password": PASSWORD}),
    ("auth.logout", "POST"): lambda w: Call("/auth/logout"),
    ("auth.register", "GET"): lambda w: Call("/auth/register"),
    ("auth.register", "POST"): lambda w: Call("/auth/register", data={
        "name": "Kari Leverandør", "email": "kari@firma.example", "organisation_name": "Firma AS",
        "org_number": "974760673", "password": "et-langt-passord",
        "confirm": "et-langt-passord"}),
    ("auth.password", "GET"): lambda w: Call("/auth/password"),
    ("auth.password", "POST"): lambda w: Call("/auth/password", data={
        "current_password": PASSWORD, "new_password": "nytt-langt-passord",
        "confirm": "nytt-langt-passord"}),
    ("staff.workspace", "GET"): lambda w: Call("/staff/"),
    ("staff.new_observation", "GET"): lambda w: Call("/staff/observations/new"),
    ("staff.new_observation", "POST"): lambda w: Call("/staff/observations/new",
                                                      data=OBSERVATION_FORM),
    ("staff.edit_observation", "GET"): lambda w: Call(
        f"/staff/observations/{w.draft_observation_id}"),
    ("staff.edit_observation", "POST"): lambda w: Call(
        f"/staff/observations/{w.draft_observation_id}",
        data={**OBSERVATION_FORM, "title": "Ny tittel"}),
    ("staff.change_status", "POST"): lambda w: Call(
        f"/staff/observations/{w.draft_observation_id}/archive"),
    ("staff.history", "GET"): lambda w: Call(f"/staff/history/observation/{w.draft_observation}"),
    ("staff.privacy_check", "GET"): lambda w: Call("/staff/privacy-check"),
    ("staff.privacy_check", "POST"): lambda w: Call("/staff/privacy-check",
                                                    data={"text": "Ingen navn her."}),
    ("staff.questions_to_answer", "GET"): lambda w: Call("/staff/questions"),
    ("staff.answer_question", "POST"): lambda w: Call(
        f"/staff/questions/{w.question_id}/answer",
        data={"answer": "Det finnes 46 plasser fordelt på fem enheter."}),
    ("synthesis.new_insight", "GET"): lambda w: Call("/staff/insights/new"),
    ("synthesis.new_insight", "POST"): lambda w: Call("/staff/insights/new", data=INSIGHT_FORM),
    ("synthesis.edit_insight", "GET"): lambda w: Call(f"/staff/insights/{w.draft('insights')}"),
    ("synthesis.edit_insight", "POST"): lambda w: Call(
        f"/staff/insights/{w.draft('insights')}", data={**INSIGHT_FORM, "detail": "Endret."}),
    ("synthesis.new_persona", "GET"): lambda w: Call("/staff/personas/new"),
    ("synthesis.new_persona", "POST"): lambda w: Call("/staff/personas/new", data=PERSONA_FORM),
    ("synthesis.edit_persona", "GET"): lambda w: Call(f"/staff/personas/{w.draft('personas')}"),
    ("synthesis.edit_persona", "POST"): lambda w: Call(
        f"/staff/personas/{w.draft('personas')}", data={**PERSONA_FORM, "summary": "Endret."}),
    ("synthesis.new_journey", "GET"): lambda w: Call("/staff/journeys/new"),
    ("synthesis.new_journey", "POST"): lambda w: Call("/staff/journeys/new", data=JOURNEY_FORM),
    ("synthesis.edit_journey", "GET"): lambda w: Call(f"/staff/journeys/{w.draft('journeys')}"),
    ("synthesis.edit_journey", "POST"): lambda w: Call(
        f"/staff/journeys/{w.draft('journeys')}", data={**JOURNEY_FORM, "summary": "Endret."}),
    ("synthesis.new_step", "GET"): lambda w: Call(
        f"/staff/journeys/{w.journey_with_steps[0]}/steps/new"),
    ("synthesis.new_step", "POST"): lambda w: Call(
        f"/staff/journeys/{w.journey_with_steps[0]}/steps/new", data=STEP_FORM),
    ("synthesis.edit_step", "GET"): lambda w: Call(journey_step(w)),
    ("synthesis.edit_step", "POST"): lambda w: Call(journey_step(w),
                                                    data={**STEP_FORM, "title": "Endret"}),
    ("synthesis.move_step", "POST"): lambda w: Call(journey_step(w, "/move/up")),
    ("synthesis.delete_step", "POST"): lambda w: Call(journey_step(w, "/delete")),
    ("synthesis.change_status", "POST"): lambda w: Call(
        f"/staff/insights/{w.draft('insights')}/archive"),
    ("imports.upload", "GET"): lambda w: Call("/staff/import/"),
    ("imports.upload", "POST"): lambda w: Call("/staff/import/", data=upload_form("OBS-9002"),
                                               options={"content_type": "multipart/form-data"}),
    ("imports.preview", "GET"): lambda w: Call(f"/staff/import/{w.upload_token}"),
    ("imports.start", "POST"): lambda w: Call(f"/staff/import/{w.upload_token}",
                                              data={"on_existing": "reject"}),
    ("imports.progress", "GET"): lambda w: Call(
        f"/staff/import/{w.started_import_token}/progress"),
    ("imports.record", "GET"): lambda w: Call(f"/staff/import/records/{w.import_record_id}"),
    ("admin.users", "GET"): lambda w: Call("/admin/users"),
    ("admin.user_action", "POST"): lambda w: Call(
        f"/admin/users/{w.pending_supplier_id}/approve"),
    ("admin.audit_log", "GET"): lambda w: Call("/admin/audit?action=user."),
    ("token_admin.token_list", "GET"): lambda w: Call("/admin/tokens"),
    ("token_admin.revoke_token", "POST"): lambda w: Call(
        f"/admin/tokens/{w.someones_token_id}/revoke"),
    ("site_admin.settings", "GET"): lambda w: Call("/admin/settings"),
    ("site_admin.settings", "POST"): lambda w: Call("/admin/settings", data={
        "municipality": "Fjordvik kommune", "competition_title": "Fremtidens korttidsopphold"}),
    ("site_admin.freeze_material", "POST"): lambda w: Call("/admin/settings/freeze"),
    ("site_admin.unfreeze_material", "POST"): lambda w: Call("/admin/settings/unfreeze")
    if w.frozen else None,
    ("admin.audit_csv", "GET"): lambda w: Call("/admin/audit.csv"),
    ("search_admin.index", "GET"): lambda w: Call("/admin/search"),
    ("search_admin.index_action", "POST"): lambda w: Call("/admin/search/sync"),
    ("search_admin.thesaurus_rules", "GET"): lambda w: Call("/admin/thesaurus"),
    ("search_admin.thesaurus_rules", "POST"): lambda w: Call(
        "/admin/thesaurus", data={"rule": "sykehjem, institusjon"}),
    ("search_admin.edit_rule", "GET"): lambda w: Call(f"/admin/thesaurus/{w.rule_id}"),
    ("search_admin.edit_rule", "POST"): lambda w: Call(
        f"/admin/thesaurus/{w.rule_id}", data={"rule": "pårørende, familie, slekt"}),
    ("search_admin.delete_rule", "POST"): lambda w: Call(f"/admin/thesaurus/{w.rule_id}/delete"),
    ("search_admin.reset_thesaurus", "POST"): lambda w: Call("/admin/thesaurus/reset"),
    ("vocabulary_admin.vocabularies", "GET"): lambda w: Call("/admin/vocabularies"),
    ("vocabulary_admin.edit_term", "GET"): lambda w: Call(f"/admin/vocabularies/{w.term_id}"),
    ("vocabulary_admin.edit_term", "POST"): lambda w: Call(
        f"/admin/vocabularies/{w.term_id}", data=TERM_FORM),
    ("api-docs.openapi_json", "GET"): lambda w: Call("/api/v1/openapi.json"),
    ("api_docs.docs", "GET"): lambda w: Call("/api/v1/docs"),
    ("api_docs.asset", "GET"): lambda w: Call("/api/v1/docs/assets/swagger-ui.css"),
    ("api_docs.start", "GET"): lambda w: Call("/api/v1/docs/start.js"),
    ("api_docs.guide", "GET"): lambda w: Call("/api/v1/guide"),
}

CASES = [(endpoint, method, caller) for endpoint, method in sorted(REQUESTS)
         for caller in WEB_CALLERS + (TOKEN_CALLERS if endpoint.startswith("api") else [])]


# The API's operations have their own matrix, checked against the OpenAPI document
# (tests/test_api_access.py); this one covers the pages, including the API's documentation.
API_PAGES = {"api-docs.openapi_json", "api_docs.docs", "api_docs.asset", "api_docs.start",
             "api_docs.guide"}


def routes(app: Any) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules()
            if not rule.rule.startswith("/api/v1/") or rule.endpoint in API_PAGES
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def requirement(app: Any, endpoint: str, method: str) -> tuple[str | None, str | None]:
    """(scope, permission) the route demands, read from the view; PUBLIC for the rest."""
    view = app.view_functions[endpoint]
    handler = getattr(view.view_class, method.lower()) if hasattr(view, "view_class") else view
    scope = getattr(handler, "required_scope", None)
    permission = getattr(handler, "required_permission", None)
    if scope is None and permission is None:
        permission = PUBLIC[(endpoint, method)]
    return scope, permission


def is_api(path: str) -> bool:
    return path.startswith("/api/")


def expected_allowed(app: Any, endpoint: str, method: str, caller: str, path: str) -> bool:
    scope, permission = requirement(app, endpoint, method)
    role, _, token_scope = caller.partition(":")
    if is_api(path) and not token_scope:
        role = "anonymous"  # a browser session is never an API credential
    if scope is not None and scope != token_scope:
        return False
    return permission is None or permissions.can_role(role, permission)


@pytest.fixture
def app(module_app, migrated_database):
    """The module's one app, given back to each case with a fresh database and data dir (see
    tests/conftest.py reset_app): building a new app per case cost more than the case."""
    yield reset_app(module_app, migrated_database)
    wait_for_background_imports()


def error_flashes(client: Any) -> list[str]:
    with client.session_transaction() as session:
        return [message for category, message in session.get("_flashes", [])
                if category == "error"]


def assert_no_error_flashed(client: Any) -> None:
    assert not error_flashes(client), error_flashes(client)


def test_every_route_and_method_is_in_the_matrix(app):
    assert routes(app) == set(REQUESTS), \
        "give each new route and method a request (and its view a required_permission)"
    for endpoint, method in REQUESTS:
        requirement(app, endpoint, method)  # a KeyError names a view without a requirement


def test_the_matrix_reads_the_permission_map_not_a_copy(app):
    # The expectations move with the map: take a permission away and the matrix expects 403.
    assert expected_allowed(app, "admin.users", "GET", "admin", "/admin/users")
    assert not expected_allowed(app, "web.ask_question", "POST", "admin", "/questions/ask")
    assert expected_allowed(app, "api_privacy.Screen", "POST", "supplier:read", "/api/")
    assert not expected_allowed(app, "api_privacy.Screen", "POST", "staff:write", "/api/")


@pytest.mark.parametrize(("endpoint", "method", "caller"), CASES)
def test_route_lets_in_exactly_the_callers_it_should(endpoint, method, caller, app, factory):
    world = World(app, factory, caller)
    call = REQUESTS[(endpoint, method)](world)
    headers = {}
    if ":" in caller:
        client = app.test_client()
        headers["Authorization"] = f"Bearer {world.token(caller)}"
    elif caller == "anonymous":
        client = app.test_client()
    else:
        client = world.caller_client
    response = client.open(call.path, method=method, data=call.data, json=call.json,
                           headers=headers, **call.options)
    wait_for_background_imports()
    status, location = response.status_code, response.location or ""
    described = f"{caller} {method} {call.path} → {status} {location}"

    if expected_allowed(app, endpoint, method, caller, call.path):
        assert 200 <= status < 400 and "/auth/login" not in location, described
        if is_api(call.path):
            assert status < 300, described
        elif method != "GET":
            assert not error_flashes(client), f"{described}: {error_flashes(client)}"
    elif is_api(call.path):
        assert status == (403 if ":" in caller else 401), described
    elif caller == "anonymous":
        assert status == 302 and location.startswith("/auth/login"), described
    else:
        assert status == 403, described


def wait_for_background_imports() -> None:
    """An allowed import start runs in a thread; let it end before the database goes away."""
    for thread in threading.enumerate():
        if thread.name.startswith("import-"):
            thread.join(timeout=10)


def test_session_cookies_do_not_authenticate_api_writes(app, factory):
    """The matrix's premise for /api/: a staff session alone cannot write through the API."""
    world = World(app, factory)
    client = world.logged_in("staff")
    response = client.post("/api/v1/observations", json=OBSERVATION_FORM)
    assert response.status_code == 401


def test_a_route_without_a_requirement_is_caught(tmp_path):
    """The completeness check fails for a route nobody stated a requirement for."""
    app = create_app(make_config(tmp_path))
    app.add_url_rule("/unclaimed", "unclaimed", lambda: "hei")
    with pytest.raises(KeyError):
        requirement(app, "unclaimed", "GET")
    assert routes(app) != set(REQUESTS)

