"""Security headers on every kind of response: pages, the API, errors; a CSP without inline code."""

import re
from pathlib import Path

import pytest

from insight import create_app
from tests.conftest import make_config

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
            for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("path", ["/", "/observations", "/auth/login", "/api/v1/observations",
                                  "/no-such-page", "/api/v1/no-such-thing", "/healthz"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = csp(response)
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"


def test_the_content_security_policy_allows_no_inline_script_or_style(client):
    response = client.get("/")
    policy = csp(response)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"


def test_no_template_holds_inline_script_style_or_event_handlers():
    """The CSP would block them in the browser; catch them before a page silently breaks."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:",
                        re.IGNORECASE)
    # templates/exports/ renders self-contained files for the bid pack ZIP: never served here.
    offenders = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
                 for path in TEMPLATES.rglob("*.html")
                 if path.relative_to(TEMPLATES).parts[0] != "exports"
                 for match in inline.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_https_responses_outside_development_carry_hsts(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_ENV", "testing")
    app = create_app(make_config(tmp_path))
    response = app.test_client().get("/healthz", base_url="https://innsikt.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_plain_http_responses_carry_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_development_sends_no_hsts_even_over_https(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_ENV", "development")
    app = create_app(make_config(tmp_path))
    response = app.test_client().get("/healthz", base_url="https://localhost")
    assert "Strict-Transport-Security" not in response.headers


def test_production_sends_hsts_behind_a_tls_proxy(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_ENV", "production")
    monkeypatch.setenv("INSIGHT_SECRET_KEY", "k" * 40)
    app = create_app(make_config(tmp_path))
    response = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_development_keeps_cookies_usable_over_plain_http(monkeypatch, tmp_path):
    """Talisman would force Secure cookies; outside production the app's own setting holds."""
    monkeypatch.setenv("INSIGHT_ENV", "development")
    monkeypatch.delenv("INSIGHT_SECURE_COOKIES", raising=False)
    config = make_config(tmp_path)
    config.pop("TESTING")
    app = create_app(config)
    response = app.test_client().get("/auth/login")
    assert "Secure" not in response.headers.get("Set-Cookie", "")
