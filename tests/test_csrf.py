"""CSRF: with the protection on (as in production), every form POST route refuses a request
whose token is missing or wrong with 400, for a logged-in user with the right role, and lets
the same request through the check when it carries the session's own token.

The routes come from the URL map, so a new POST route without an entry here fails the test.
/api/ is left out: it ignores session cookies and authenticates by bearer token only."""

from __future__ import annotations

import re
import shutil

import pytest
from sqlalchemy import select

from insight import create_app
from insight.extensions import db
from insight.models import Insight, Journey, Observation, Persona, Question, VocabularyTerm
from insight.services import accounts, demo, thesaurus, tokens
from insight.services.demo import DEMO_PASSWORD
from tests.conftest import TEST_DATABASE_URL, empty_all_tables, make_config

LOGINS = {"supplier": "leverandor@innsikt.example", "staff": "ansatt@innsikt.example",
          "admin": "admin@innsikt.example"}
CSRF_REFUSAL = "uten en gyldig sikkerhetskode"  # the page speaks Bokmål

# endpoint → (path with {placeholders} from the seeded objects, role that may use it)
POST_ROUTES = {
    "auth.login": ("/auth/login", "anonymous"),
    "auth.register": ("/auth/register", "anonymous"),
    "web.set_language": ("/language/en", "anonymous"),
    "auth.logout": ("/auth/logout", "supplier"),
    "auth.password": ("/auth/password", "supplier"),
    "web.ask_question": ("/questions/ask", "supplier"),
    "staff.new_observation": ("/staff/observations/new", "staff"),
    "staff.edit_observation": ("/staff/observations/{observation}", "staff"),
    "staff.change_status": ("/staff/observations/{observation}/archive", "staff"),
    "staff.privacy_check": ("/staff/privacy-check", "staff"),
    "staff.answer_question": ("/staff/questions/{question}/answer", "staff"),
    "imports.upload": ("/staff/import/", "staff"),
    "imports.start": ("/staff/import/abcdefghijklmnopqrstuvwx", "staff"),
    "synthesis.new_insight": ("/staff/insights/new", "staff"),
    "synthesis.edit_insight": ("/staff/insights/{insight}", "staff"),
    "synthesis.change_status": ("/staff/insights/{insight}/archive", "staff"),
    "synthesis.new_persona": ("/staff/personas/new", "staff"),
    "synthesis.edit_persona": ("/staff/personas/{persona}", "staff"),
    "synthesis.new_journey": ("/staff/journeys/new", "staff"),
    "synthesis.edit_journey": ("/staff/journeys/{journey}", "staff"),
    "synthesis.new_step": ("/staff/journeys/{journey}/steps/new", "staff"),
    "synthesis.edit_step": ("/staff/journeys/{journey}/steps/{step}", "staff"),
    "synthesis.move_step": ("/staff/journeys/{journey}/steps/{step}/move/down", "staff"),
    "synthesis.delete_step": ("/staff/journeys/{journey}/steps/{step}/delete", "staff"),
    "admin.user_action": ("/admin/users/{user}/approve", "admin"),
    "site_admin.settings": ("/admin/settings", "admin"),
    "site_admin.freeze_material": ("/admin/settings/freeze", "admin"),
    "site_admin.unfreeze_material": ("/admin/settings/unfreeze", "admin"),
    "search_admin.index_action": ("/admin/search/sync", "admin"),
    "search_admin.thesaurus_rules": ("/admin/thesaurus", "admin"),
    "search_admin.edit_rule": ("/admin/thesaurus/{rule}", "admin"),
    "search_admin.delete_rule": ("/admin/thesaurus/{rule}/delete", "admin"),
    "search_admin.reset_thesaurus": ("/admin/thesaurus/reset", "admin"),
    "search.save_search": ("/search/save", "supplier"),
    "search.delete_saved_search": ("/search/saved/1/delete", "supplier"),
    "feeds.reset_feed_token": ("/account/feeds", "supplier"),
    "profile.tokens_page": ("/account/tokens", "supplier"),
    "profile.revoke_token": ("/account/tokens/{token}/revoke", "supplier"),
    "token_admin.revoke_token": ("/admin/tokens/{token}/revoke", "admin"),
    "vocabulary_admin.edit_term": ("/admin/vocabularies/{term}", "admin"),
}


@pytest.fixture(scope="module")
def csrf_app(tmp_path_factory, migrated_database):
    data_dir = tmp_path_factory.mktemp("csrf")
    if not TEST_DATABASE_URL:
        shutil.copy(migrated_database, data_dir / "insight.db")
    config = make_config(data_dir)
    config.update(WTF_CSRF_ENABLED=True)
    app = create_app(config)
    with app.app_context():
        if TEST_DATABASE_URL:
            empty_all_tables()
        demo.seed_demo()
        admin = accounts.find_by_email(LOGINS["admin"])
        rule = thesaurus.add("sykehjem, omsorgsbolig", admin)
        journey = db.session.scalar(select(Journey).where(Journey.steps.any()))
        supplier = accounts.create_user("csrf-target@leverandor.example", DEMO_PASSWORD,
                                        "supplier", name="Mål for testen")
        token, _raw = tokens.create_token(accounts.find_by_email(LOGINS["supplier"]),
                                          "Rapport", "read", None)
        app.config["SEEDED"] = {
            "observation": db.session.scalar(select(Observation.id)),
            "insight": db.session.scalar(select(Insight.id)),
            "persona": db.session.scalar(select(Persona.id)),
            "journey": journey.id, "step": journey.steps[0].id,
            "question": db.session.scalar(select(Question.id)),
            "user": supplier.id, "rule": rule.id, "token": token.id,
            "term": db.session.scalar(select(VocabularyTerm.id)),
        }
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def token_in(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def client_as(app, role: str):
    """A client with its own session, logged in through the real form (with its token)."""
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    if role != "anonymous":
        response = client.post("/auth/login", data={
            "email": LOGINS[role], "password": DEMO_PASSWORD, "csrf_token": token_in(page)})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def session_token(client) -> str:
    """The token of the client's session (every page carries one in its language form)."""
    return token_in(client.get("/").get_data(as_text=True))


def form_post_routes(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and not rule.rule.startswith("/api/")}


def test_every_form_post_route_is_covered(csrf_app):
    assert form_post_routes(csrf_app) == set(POST_ROUTES)


def _path(app, endpoint: str) -> str:
    return POST_ROUTES[endpoint][0].format(**app.config["SEEDED"])


@pytest.fixture(scope="module")
def sessions(csrf_app):
    """Per role, two logged-in clients with sessions of their own (refused posts change
    nothing, so the tests share them)."""
    return {role: (client_as(csrf_app, role), client_as(csrf_app, role))
            for role in ("anonymous", *LOGINS)}


@pytest.mark.parametrize("token", ["missing", "garbage", "another_session"])
@pytest.mark.parametrize("endpoint", POST_ROUTES)
def test_a_form_post_without_its_sessions_token_is_refused_with_400(csrf_app, sessions,
                                                                    endpoint, token):
    client, other = sessions[POST_ROUTES[endpoint][1]]
    data = {"answer": "Et svar", "title": "En tittel", "text": "En tekst", "rule": "a, b"}
    if token == "garbage":
        data["csrf_token"] = "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.Zz.garbage"
    elif token == "another_session":
        data["csrf_token"] = session_token(other)
    response = client.post(_path(csrf_app, endpoint), data=data)
    assert response.status_code == 400
    assert CSRF_REFUSAL in response.get_data(as_text=True)


@pytest.mark.parametrize("endpoint", POST_ROUTES)
def test_the_same_post_with_its_sessions_token_passes_the_check(csrf_app, endpoint):
    client = client_as(csrf_app, POST_ROUTES[endpoint][1])
    response = client.post(_path(csrf_app, endpoint),
                           data={"csrf_token": session_token(client)})
    assert CSRF_REFUSAL not in response.get_data(as_text=True)
    assert response.status_code in (200, 302, 404, 422), response.status_code


def test_the_seeded_objects_exist(csrf_app):
    """The refusals above are about the token, not about objects that are not there."""
    with csrf_app.app_context():
        seeded = csrf_app.config["SEEDED"]
        assert None not in seeded.values()
