"""API tokens as their owners and administrators handle them: on the account page, on the
administration page and at the command line; and a revoked token stops on its next call."""

from __future__ import annotations

import re

from sqlalchemy import select

from insight.extensions import db
from insight.models import ApiToken, AuditEvent
from insight.services import accounts, tokens
from tests.conftest import PASSWORD

TOKEN = re.compile(r"ins_[A-Za-z0-9_-]{20,}")


def make_token(client, name="BI-eksport", scope="read", days=""):
    return client.post("/account/tokens", data={"name": name, "scope": scope,
                                                "expires_in_days": days})


def raw_token_in(response) -> str:
    found = TOKEN.findall(response.get_data(as_text=True))
    assert len(found) == 1, found
    return found[0]


def stored_tokens(app) -> list[ApiToken]:
    with app.app_context():
        return list(db.session.scalars(select(ApiToken).order_by(ApiToken.id)))


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def token_of(app, email: str, name: str = "skript", scopes: str = "read") -> tuple[int, str]:
    with app.app_context():
        token, raw = tokens.create_token(accounts.find_by_email(email), name, scopes)
        db.session.commit()
        return token.id, raw


# -- the account page -----------------------------------------------------------------------

def test_the_header_links_a_logged_in_user_to_their_tokens(client, login_as):
    login_as("supplier")
    assert 'href="/account/tokens"' in client.get("/").get_data(as_text=True)


def test_a_new_token_is_shown_once_in_the_answer_and_works(app, client, login_as):
    login_as("supplier")
    response = make_token(client)
    assert response.status_code == 201
    raw = raw_token_in(response)
    assert client.get("/api/v1/observations", headers=bearer(raw)).status_code == 200
    assert raw not in client.get("/account/tokens").get_data(as_text=True)


def test_only_a_hash_of_the_new_token_is_stored(app, client, login_as):
    login_as("supplier")
    raw = raw_token_in(make_token(client))
    [token] = stored_tokens(app)
    assert token.token_hash == tokens.hash_token(raw) and raw not in token.token_hash


def test_the_token_pages_are_never_cached(client, login_as):
    login_as("supplier")
    assert make_token(client).headers["Cache-Control"] == "no-store"
    assert client.get("/account/tokens").headers["Cache-Control"] == "no-store"


def test_the_new_token_is_not_put_in_a_redirect_or_the_session(client, login_as):
    login_as("supplier")
    response = make_token(client)
    raw = raw_token_in(response)
    assert response.location is None
    with client.session_transaction() as session:
        assert raw not in repr(dict(session))


def test_the_list_shows_name_scopes_expiry_and_last_use(app, client, login_as):
    login_as("staff")
    raw = raw_token_in(make_token(client, "Rapportverktøy", "write", "30"))
    before = client.get("/account/tokens").get_data(as_text=True)
    assert "Rapportverktøy" in before and "read, write" in before and "ikke brukt ennå" in before
    client.get("/api/v1/observations", headers=bearer(raw))
    after = client.get("/account/tokens").get_data(as_text=True)
    assert "ikke brukt ennå" not in after
    [token] = stored_tokens(app)
    assert token.expires_at is not None and token.last_used_at is not None


def test_a_token_without_expiry_never_expires(app, client, login_as):
    login_as("supplier")
    make_token(client, days="")
    [token] = stored_tokens(app)
    assert token.expires_at is None
    assert "aldri" in client.get("/account/tokens").get_data(as_text=True)


def test_a_supplier_is_offered_only_the_read_scope(client, login_as):
    login_as("supplier")
    page = client.get("/account/tokens").get_data(as_text=True)
    assert 'value="read"' in page and 'value="write"' not in page


def test_staff_are_offered_the_write_scope(client, login_as):
    login_as("staff")
    assert 'value="write"' in client.get("/account/tokens").get_data(as_text=True)


def test_a_supplier_asking_for_write_is_refused_by_the_service(app, client, login_as):
    login_as("supplier")
    response = make_token(client, scope="write")
    assert response.status_code == 422
    assert "skrive" in response.get_data(as_text=True)
    assert stored_tokens(app) == []


def test_a_token_needs_a_name(app, client, login_as):
    login_as("supplier")
    assert make_token(client, name="").status_code == 422
    assert stored_tokens(app) == []


def test_making_a_token_is_audited(app, client, login_as):
    login_as("supplier")
    make_token(client)
    assert "token.create" in audit_actions(app)


def test_the_owner_revokes_a_token_and_its_next_call_is_refused(app, client, login_as):
    login_as("supplier")
    raw = raw_token_in(make_token(client))
    [token] = stored_tokens(app)
    assert client.get("/api/v1/observations", headers=bearer(raw)).status_code == 200
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    refused = client.get("/api/v1/observations", headers=bearer(raw))
    assert refused.status_code == 401
    assert refused.mimetype == "application/problem+json"
    assert refused.headers["WWW-Authenticate"].lower().startswith("bearer")
    assert "token.revoke" in audit_actions(app)
    assert "Tilbakekalt" in client.get("/account/tokens").get_data(as_text=True)


def test_someone_else_s_token_cannot_be_revoked_from_the_account_page(app, client, factory,
                                                                      login_as):
    _, other = factory.user("supplier")
    token_id, raw = token_of(app, other)
    login_as("supplier")
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert client.get("/api/v1/observations", headers=bearer(raw)).status_code == 200


def test_someone_else_s_tokens_are_not_listed(app, client, factory, login_as):
    _, other = factory.user("supplier")
    token_of(app, other, name="Andres skript")
    login_as("supplier")
    assert "Andres skript" not in client.get("/account/tokens").get_data(as_text=True)


def test_revoking_needs_the_form_s_security_token(app, factory):
    app.config["WTF_CSRF_ENABLED"] = True
    _, email = factory.user("supplier")
    token_id, raw = token_of(app, email)
    client = app.test_client()
    login = client.get("/auth/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login) or \
        re.search(r'name="csrf_token" value="([^"]+)"', login)
    client.post("/auth/login", data={"email": email, "password": PASSWORD,
                                     "csrf_token": csrf.group(1)})
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 400
    assert client.get("/api/v1/observations", headers=bearer(raw)).status_code == 200


# -- administrators -------------------------------------------------------------------------

def test_an_admin_sees_every_account_s_tokens(app, client, factory, login_as):
    _, owner = factory.user("supplier")
    token_of(app, owner, name="Leverandørens skript")
    login_as("admin")
    page = client.get("/admin/tokens").get_data(as_text=True)
    assert owner in page and "Leverandørens skript" in page


def test_the_admin_list_filters_by_owner(app, client, factory, login_as):
    _, first = factory.user("supplier")
    _, second = factory.user("supplier")
    token_of(app, first, name="Første")
    token_of(app, second, name="Andre")
    login_as("admin")
    page = client.get(f"/admin/tokens?email={first}").get_data(as_text=True)
    assert "Første" in page and "Andre" not in page


def test_an_admin_revokes_any_token_audited(app, client, factory, login_as):
    _, owner = factory.user("staff")
    token_id, raw = token_of(app, owner)
    login_as("admin")
    assert client.post(f"/admin/tokens/{token_id}/revoke").status_code == 302
    assert client.get("/api/v1/observations", headers=bearer(raw)).status_code == 401
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "token.revoke"))
        assert event.changes["by"] == "admin"


def test_the_admin_nav_links_to_all_tokens(client, login_as):
    login_as("admin")
    assert 'href="/admin/tokens"' in client.get("/").get_data(as_text=True)


def test_staff_cannot_see_all_tokens(client, login_as):
    login_as("staff")
    assert client.get("/admin/tokens").status_code == 403


# -- the command line -----------------------------------------------------------------------

def test_cli_lists_every_token_with_its_state(app, runner, factory):
    _, first = factory.user("supplier")
    _, second = factory.user("staff")
    token_of(app, first, name="Første")
    second_id, _ = token_of(app, second, name="Andre")
    runner.invoke(args=["tokens", "revoke", str(second_id)])
    result = runner.invoke(args=["tokens", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("Første" in line and first in line and "active" in line for line in lines)
    assert any("Andre" in line and second in line and "revoked" in line for line in lines)


def test_cli_lists_one_account_s_tokens(app, runner, factory):
    _, first = factory.user("supplier")
    _, second = factory.user("supplier")
    token_of(app, first, name="Første")
    token_of(app, second, name="Andre")
    result = runner.invoke(args=["tokens", "list", "--email", first])
    assert "Første" in result.output and "Andre" not in result.output


def test_cli_list_for_an_unknown_account_fails(runner):
    result = runner.invoke(args=["tokens", "list", "--email", "ingen@example.no"])
    assert result.exit_code == 1 and "no user" in result.output


def test_cli_revoke_stops_the_token_on_its_next_call(app, client, runner, factory):
    _, owner = factory.user("supplier")
    token_id, raw = token_of(app, owner)
    assert client.get("/api/v1/observations", headers=bearer(raw)).status_code == 200
    result = runner.invoke(args=["tokens", "revoke", str(token_id)])
    assert result.exit_code == 0, result.output
    response = client.get("/api/v1/observations", headers=bearer(raw))
    assert response.status_code == 401 and "WWW-Authenticate" in response.headers
    assert response.get_json()["status"] == 401
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "token.revoke"))
        assert event.actor_id is None and event.changes["by"] == "cli"


def test_cli_revoke_of_an_unknown_token_fails(runner):
    result = runner.invoke(args=["tokens", "revoke", "999"])
    assert result.exit_code == 1 and "No token" in result.output


def test_cli_revoke_twice_says_it_is_already_revoked(app, runner, factory):
    _, owner = factory.user("supplier")
    token_id, _ = token_of(app, owner)
    runner.invoke(args=["tokens", "revoke", str(token_id)])
    result = runner.invoke(args=["tokens", "revoke", str(token_id)])
    assert result.exit_code == 1 and "already revoked" in result.output
