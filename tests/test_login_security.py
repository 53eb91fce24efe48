"""Logging in under attack: redirects stay on this site, sessions end everywhere on logout and
password change, throttling stops guessing without locking out the real user."""

import shutil
import socket
import subprocess
import time

import pytest

from insight import create_app
from tests.conftest import PASSWORD

NEW_PASSWORD = "nytt-langt-passord"


def login(client, email, password=PASSWORD, address="127.0.0.1", **kwargs):
    return client.post("/auth/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, **kwargs)


# --- open redirect -------------------------------------------------------------------------

FOREIGN_TARGETS = [
    "https://evil.example/", "//evil.example", "/\t/evil.example",
    "/\n/evil.example", "/\r\n/evil.example", "/\\evil.example", "\\\\evil.example",
    "/\\/evil.example", " //evil.example", "\t//evil.example", "javascript:alert(1)",
    "http:/evil.example", "/ /evil.example", "evil.example", "/\u2028/evil.example",
]


@pytest.mark.parametrize("target", FOREIGN_TARGETS)
def test_login_never_redirects_off_the_site(client, factory, target):
    _, email = factory.user("supplier")
    response = client.post("/auth/login", query_string={"next": target},
                           data={"email": email, "password": PASSWORD})
    assert (response.status_code, response.location) == (302, "/")


@pytest.mark.parametrize("query", ["next=/%09/evil.example", "next=/%0a/evil.example",
                                   "next=%2F%2Fevil.example", "next=/%5Cevil.example"])
def test_login_refuses_the_reported_encoded_redirects(client, factory, query):
    _, email = factory.user("supplier")
    response = client.post(f"/auth/login?{query}", data={"email": email, "password": PASSWORD})
    assert (response.status_code, response.location) == (302, "/")


def test_login_redirects_to_a_path_on_the_site(client, factory):
    _, email = factory.user("supplier")
    response = client.post("/auth/login", query_string={"next": "/observations?page=2"},
                           data={"email": email, "password": PASSWORD})
    assert response.location == "/observations?page=2"


@pytest.mark.parametrize("target", FOREIGN_TARGETS)
def test_choosing_a_language_never_redirects_off_the_site(client, target):
    response = client.post("/language/en", data={"next": target})
    assert (response.status_code, response.location) == (302, "/")


# --- sessions ------------------------------------------------------------------------------

def test_a_session_copied_before_logout_does_not_work_after_it(client, factory):
    _, email = factory.user("staff")
    login(client, email)
    stolen = client.get_cookie("session").value
    client.post("/auth/logout")
    client.set_cookie("session", stolen)
    response = client.get("/staff/")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_logout_ends_the_sessions_of_the_account_in_other_browsers(app, factory):
    _, email = factory.user("staff")
    first, second = app.test_client(), app.test_client()
    login(first, email)
    login(second, email)
    first.post("/auth/logout")
    assert second.get("/staff/").status_code == 302


def test_a_password_change_ends_other_sessions_and_keeps_this_one(app, factory):
    _, email = factory.user("staff")
    here, elsewhere = app.test_client(), app.test_client()
    login(here, email)
    login(elsewhere, email)
    before = here.get_cookie("session").value
    response = here.post("/auth/password", data={"current_password": PASSWORD,
                                                 "new_password": NEW_PASSWORD,
                                                 "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert here.get("/staff/").status_code == 200
    assert elsewhere.get("/staff/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", before)
    assert replay.get("/staff/").status_code == 302


# --- throttling ----------------------------------------------------------------------------

def limited_app(app, **config):
    settings = {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "100 per minute",
                "LOGIN_ACCOUNT_RATE_LIMIT": "100 per minute",
                "RATELIMIT_STORAGE_URI": "memory://"}
    return create_app({**app.config, **settings, **config})


def test_failed_logins_from_one_address_are_refused_with_retry_after(app):
    client = limited_app(app, LOGIN_RATE_LIMIT="3 per minute").test_client()
    codes = [login(client, f"x{i}@example.no", "feil").status_code for i in range(3)]
    refused = login(client, "x9@example.no", "feil")
    assert codes == [422, 422, 422] and refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_failed_logins_to_one_account_from_one_address_are_limited(app, factory):
    _, email = factory.user("supplier")
    client = limited_app(app, LOGIN_ACCOUNT_RATE_LIMIT="3 per minute").test_client()
    for _ in range(3):
        login(client, email, "feil")
    assert login(client, email).status_code == 429
    assert login(client, "other@example.no", "feil").status_code == 422


def test_an_attacker_elsewhere_cannot_lock_out_the_real_user(app, factory):
    _, email = factory.user("supplier")
    limited = limited_app(app, LOGIN_RATE_LIMIT="3 per minute",
                          LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
    attacker = limited.test_client()
    for _ in range(12):
        login(attacker, email, "gjett", address="203.0.113.9")
    assert login(attacker, email, "gjett", address="203.0.113.9").status_code == 429
    assert login(limited.test_client(), email, address="198.51.100.2").status_code == 302


def test_successful_logins_do_not_use_up_the_allowance(app, factory):
    _, email = factory.user("supplier")
    client = limited_app(app, LOGIN_RATE_LIMIT="2 per minute",
                         LOGIN_ACCOUNT_RATE_LIMIT="2 per minute").test_client()
    for _ in range(4):
        assert login(client, email).status_code == 302
        client.post("/auth/logout")


def test_behind_a_configured_proxy_each_forwarded_client_has_its_own_limit(app, factory):
    _, email = factory.user("supplier")
    limited = limited_app(app, LOGIN_RATE_LIMIT="3 per minute", PROXY_COUNT=1)
    attacker = limited.test_client()
    for _ in range(4):
        login(attacker, "x@example.no", "feil", address="10.0.0.1",
              headers={"X-Forwarded-For": "203.0.113.9"})
    assert login(attacker, "x@example.no", "feil", address="10.0.0.1",
                 headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429
    user = login(limited.test_client(), email, address="10.0.0.1",
                 headers={"X-Forwarded-For": "198.51.100.2"})
    assert user.status_code == 302


def test_without_a_configured_proxy_a_forged_forwarded_for_is_ignored(app):
    client = limited_app(app, LOGIN_RATE_LIMIT="3 per minute").test_client()
    codes = [login(client, "x@example.no", "feil",
                   headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
             for i in range(4)]
    assert codes[3] == 429


def test_registration_is_rate_limited_per_address(app):
    client = limited_app(app, REGISTER_RATE_LIMIT="2 per hour").test_client()
    codes = [client.post("/auth/register", data={"email": f"k{i}@firma.example"}).status_code
             for i in range(3)]
    assert codes[:2] == [422, 422] and codes[2] == 429
    assert "Retry-After" in client.post("/auth/register").headers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=5)


def test_workers_sharing_redis_storage_share_one_limit(app, redis_url):
    """Two app instances stand for two gunicorn workers: together they allow the limit once."""
    workers = [limited_app(app, LOGIN_RATE_LIMIT="3 per minute",
                           RATELIMIT_STORAGE_URI=redis_url).test_client() for _ in range(2)]
    codes = [login(workers[i % 2], "x@example.no", "feil").status_code for i in range(4)]
    assert codes == [422, 422, 422, 429]
