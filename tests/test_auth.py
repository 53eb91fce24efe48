"""Logging in and out, registration and approval, passwords, rate limits, CSRF, cookies."""

from sqlalchemy import func, select

from insight import create_app
from insight.extensions import db
from insight.models import AuditEvent, User
from tests.conftest import PASSWORD, make_config

VALID_ORG_NUMBER = "974760673"  # Brønnøysundregistrene's own, with a valid mod-11 check


def register(client, **overrides):
    data = {"name": "Kari Leverandør", "email": "kari@firma.example",
            "organisation_name": "Firma AS", "org_number": VALID_ORG_NUMBER,
            "password": "et-langt-passord", "confirm": "et-langt-passord"}
    data.update(overrides)
    return client.post("/auth/register", data=data)


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_login_with_the_right_password_logs_in_and_is_audited(app, client, factory, auth):
    _, email = factory.user("supplier")
    response = auth.login(email)
    assert response.status_code == 302
    assert "Test supplier" in client.get("/").get_data(as_text=True)
    assert "auth.login" in actions(app)


def test_login_with_a_wrong_password_fails_and_is_audited(app, client, factory, auth):
    _, email = factory.user("supplier")
    response = auth.login(email, "feil-passord-her")
    assert response.status_code == 422
    assert "auth.login_failed" in actions(app)
    assert client.get("/staff/").status_code == 302


def test_logout_ends_the_session(client, factory, auth):
    _, email = factory.user("staff")
    auth.login(email)
    assert client.get("/staff/").status_code == 200
    auth.logout()
    assert client.get("/staff/").status_code == 302


def test_login_only_follows_local_next_links(client, factory):
    _, email = factory.user("supplier")
    response = client.post("/auth/login?next=https://evil.example/",
                           data={"email": email, "password": PASSWORD})
    assert response.location == "/"


def test_registration_creates_a_supplier_that_waits_for_approval(app, client):
    response = register(client)
    assert response.status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "kari@firma.example"))
        assert user.role == "supplier" and not user.is_approved
        assert user.organisation.org_number == VALID_ORG_NUMBER
    login = client.post("/auth/login", data={"email": "kari@firma.example",
                                              "password": "et-langt-passord"})
    assert login.status_code == 422


def test_registration_rejects_an_organisation_number_with_a_bad_check_digit(client):
    response = register(client, org_number="974760674")
    assert response.status_code == 422
    assert "ikke et gyldig norsk organisasjonsnummer" in response.get_data(as_text=True)


def test_registration_answers_the_same_whether_or_not_the_email_has_an_account(app, client,
                                                                              factory):
    user_id, email = factory.user("supplier")
    new = register(client, email="ny@firma.example")
    taken = register(client, email=email, password="et-annet-passord",
                     confirm="et-annet-passord")
    assert (taken.status_code, taken.get_data(as_text=True)) == \
        (new.status_code, new.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)
                                 .where(User.email == email)) == 1
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}
                       ).status_code == 302  # the owner's password is untouched


def test_admin_approval_lets_the_supplier_log_in(app, client, factory, auth):
    register(client)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "kari@firma.example"))
    _, admin = factory.user("admin")
    auth.login(admin)
    assert client.post(f"/admin/users/{user_id}/approve").status_code == 302
    auth.logout()
    response = client.post("/auth/login", data={"email": "kari@firma.example",
                                                 "password": "et-langt-passord"})
    assert response.status_code == 302
    assert "user.approve" in actions(app)


def test_admin_can_deactivate_an_account_which_then_cannot_log_in(app, client, factory, auth):
    user_id, email = factory.user("supplier")
    _, admin = factory.user("admin")
    auth.login(admin)
    client.post(f"/admin/users/{user_id}/deactivate")
    auth.logout()
    assert auth.login(email).status_code == 422


def test_admin_can_change_a_role(app, client, factory, auth):
    user_id, _ = factory.user("supplier")
    _, admin = factory.user("admin")
    auth.login(admin)
    client.post(f"/admin/users/{user_id}/role", data={"role": "staff"})
    with app.app_context():
        assert db.session.get(User, user_id).role == "staff"


def test_admin_cannot_remove_their_own_admin_role(app, client, factory, auth):
    admin_id, admin = factory.user("admin")
    auth.login(admin)
    client.post(f"/admin/users/{admin_id}/role", data={"role": "supplier"})
    with app.app_context():
        assert db.session.get(User, admin_id).role == "admin"


def test_password_change_needs_the_current_password(app, client, factory, auth):
    _, email = factory.user("supplier")
    auth.login(email)
    wrong = client.post("/auth/password", data={"current_password": "gjett-gjett",
                                                "new_password": "nytt-langt-passord",
                                                "confirm": "nytt-langt-passord"})
    assert wrong.status_code == 422
    right = client.post("/auth/password", data={"current_password": PASSWORD,
                                                "new_password": "nytt-langt-passord",
                                                "confirm": "nytt-langt-passord"})
    assert right.status_code == 302
    auth.logout()
    assert auth.login(email, "nytt-langt-passord").status_code == 302


def test_passwords_are_stored_hashed(app, factory):
    user_id, _ = factory.user("staff")
    with app.app_context():
        stored = db.session.get(User, user_id).password_hash
    assert PASSWORD not in stored and stored.startswith("pbkdf2:")


def test_production_hashes_passwords_with_scrypt(tmp_path, migrated_database):
    config = make_config(tmp_path)
    config.pop("PASSWORD_HASH_METHOD")
    app = create_app(config)
    with app.app_context():
        from insight.services.accounts import hash_password

        assert hash_password("et-langt-passord").startswith("scrypt:")


def test_forms_refuse_a_post_without_csrf_token(app):
    protected = create_app({**app.config, "WTF_CSRF_ENABLED": True})
    response = protected.test_client().post("/auth/login", data={"email": "a@b.no",
                                                                   "password": "x"})
    assert response.status_code == 400


def test_session_cookie_is_httponly_and_samesite_lax(client, factory, auth):
    _, email = factory.user("supplier")
    response = auth.login(email)
    cookie = response.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_staff_cannot_manage_accounts_through_the_service(app, factory):
    import pytest

    from insight.services import accounts
    from insight.services.errors import PermissionDenied

    staff_id, _ = factory.user("staff")
    supplier_id, _ = factory.user("supplier")
    with app.app_context():
        staff, supplier = db.session.get(User, staff_id), db.session.get(User, supplier_id)
        for action in (lambda: accounts.set_active(supplier, False, staff),
                       lambda: accounts.change_role(supplier, "admin", staff),
                       lambda: accounts.create_user("ny@example.no", PASSWORD, "admin",
                                                    actor=staff)):
            with pytest.raises(PermissionDenied):
                action()


def test_only_admins_create_tokens_for_other_accounts(app, factory):
    import pytest

    from insight.services import tokens
    from insight.services.errors import InvalidInput, PermissionDenied

    staff_id, _ = factory.user("staff")
    supplier_id, _ = factory.user("supplier")
    admin_id, _ = factory.user("admin")
    with app.app_context():
        staff, supplier = db.session.get(User, staff_id), db.session.get(User, supplier_id)
        with pytest.raises(PermissionDenied):
            tokens.create_token(supplier, "stjålet", "read", actor=staff)
        with pytest.raises(InvalidInput):
            tokens.create_token(supplier, "skriv", "write")
        token, _ = tokens.create_token(supplier, "lese", "read",
                                       actor=db.session.get(User, admin_id))
        assert token.scope_list == ["read"]
