"""Per-token rate limits on the API: a tiny limit in a test app, called until it answers 429."""

from __future__ import annotations

import re

import pytest

from insight import create_app
from insight.config import ConfigurationError
from insight.extensions import db
from insight.services import accounts, tokens
from tests.conftest import make_config

LIMIT = 3
POLICY = re.compile(r'^"api";q=(\d+);w=(\d+)$')
STATE = re.compile(r'^"api";r=(\d+);t=(\d+)$')


@pytest.fixture
def limited_app(app, tmp_path):
    """The test app's database, served by an app whose API allows 3 calls a minute."""
    config = {**make_config(tmp_path), "RATELIMIT_ENABLED": True,
              "API_RATE_LIMIT": f"{LIMIT}/minute"}
    return create_app(config)


def token(app, role: str = "supplier") -> str:
    with app.app_context():
        user = accounts.create_user(f"{role}{len(tokens.all_tokens())}@example.no",
                                    "et-langt-passord", role)
        _, raw = tokens.create_token(user, "skript", "read")
        db.session.commit()
        return raw


def call(client, raw: str | None = None, path: str = "/api/v1/observations"):
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    return client.get(path, headers=headers)


def test_a_token_over_its_limit_gets_429_problem_json(limited_app):
    raw, client = token(limited_app), limited_app.test_client()
    for _ in range(LIMIT):
        assert call(client, raw).status_code == 200
    response = call(client, raw)
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 429 and body["type"] and body["title"] and body["detail"]
    assert body["error"]["status"] == 429


def test_the_429_says_when_to_try_again(limited_app):
    raw, client = token(limited_app), limited_app.test_client()
    for _ in range(LIMIT):
        call(client, raw)
    response = call(client, raw)
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert POLICY.match(response.headers["RateLimit-Policy"]).groups() == (str(LIMIT), "60")
    remaining, reset = STATE.match(response.headers["RateLimit"]).groups()
    assert remaining == "0" and 0 <= int(reset) <= 60


def test_successful_calls_carry_the_ratelimit_fields(limited_app):
    raw, client = token(limited_app), limited_app.test_client()
    first, second = call(client, raw), call(client, raw)
    assert first.headers["RateLimit-Policy"] == f'"api";q={LIMIT};w=60'
    assert STATE.match(first.headers["RateLimit"]).group(1) == str(LIMIT - 1)
    assert STATE.match(second.headers["RateLimit"]).group(1) == str(LIMIT - 2)


def test_a_second_token_has_its_own_bucket(limited_app):
    first, second, client = token(limited_app), token(limited_app), limited_app.test_client()
    for _ in range(LIMIT):
        call(client, first)
    assert call(client, first).status_code == 429
    response = call(client, second)
    assert response.status_code == 200
    assert STATE.match(response.headers["RateLimit"]).group(1) == str(LIMIT - 1)


def test_anonymous_calls_count_per_address_apart_from_tokens(limited_app):
    raw, client = token(limited_app), limited_app.test_client()
    for _ in range(LIMIT):
        call(client)
    assert call(client).status_code == 429
    assert call(client, raw).status_code == 200
    other = limited_app.test_client()
    assert other.get("/api/v1/observations",
                     environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200


def test_the_documentation_is_not_counted(limited_app):
    client = limited_app.test_client()
    for _ in range(LIMIT + 2):
        assert client.get("/api/v1/openapi.json").status_code == 200
    assert "RateLimit" not in client.get("/api/v1/docs").headers
    assert call(client).status_code == 200


def test_the_web_pages_are_not_counted(limited_app):
    client = limited_app.test_client()
    for _ in range(LIMIT + 2):
        assert client.get("/insights").status_code == 200


def test_with_rate_limits_off_nothing_is_counted(app):
    client = app.test_client()  # the suite's apps run with RATELIMIT_ENABLED False
    for _ in range(LIMIT + 2):
        response = call(client)
    assert response.status_code == 200 and "RateLimit" not in response.headers


def test_the_default_limit_is_600_a_minute(app):
    assert app.config["API_RATE_LIMIT"] == "600/minute"


def test_the_limit_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_API_RATE_LIMIT", "1000 per hour")
    assert create_app(make_config(tmp_path)).config["API_RATE_LIMIT"] == "1000 per hour"


def test_a_limit_that_is_not_a_rate_stops_the_start(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_API_RATE_LIMIT", "lots")
    with pytest.raises(ConfigurationError, match="INSIGHT_API_RATE_LIMIT"):
        create_app(make_config(tmp_path))


def test_every_operation_declares_429_with_its_headers(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = [op for path in spec["paths"].values() for method, op in path.items()
                  if method in ("get", "post", "put", "patch", "delete")]
    assert operations
    for operation in operations:
        assert operation["responses"]["429"] == {"$ref": "#/components/responses/PROBLEM_429"}
    headers = spec["components"]["responses"]["PROBLEM_429"]["headers"]
    assert {"Retry-After", "RateLimit", "RateLimit-Policy"} <= set(headers)


def test_calls_go_through_uncounted_when_the_shared_storage_is_down(limited_app, monkeypatch):
    from insight.extensions import limiter

    def storage_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(limiter.limiter, "hit", storage_down)
    client = limited_app.test_client()
    for _ in range(LIMIT + 1):
        response = call(client)
    assert response.status_code == 200 and "RateLimit" not in response.headers
