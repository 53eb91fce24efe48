"""How hard logging in and registering are to abuse, without letting an attacker lock out the
real user: failed logins count per client address and per account *from that address*, so
guessing a password from elsewhere never blocks its owner; registrations count per address.

The address is the connecting one, or the one the configured reverse proxies report
(insight.security); counts live in the shared rate-limit storage so every worker sees them.
"""

from __future__ import annotations

from flask import Response, current_app, request
from flask_limiter.util import get_remote_address


def login_rate() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def login_account_rate() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def register_rate() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


def client_key() -> str:
    return "ip:" + (get_remote_address() or "")


def account_and_client_key() -> str:
    email = (request.form.get("email") or "").strip().lower()
    return f"account:{email}|ip:{get_remote_address() or ''}"


def failed_login(response: Response) -> bool:
    """Only failed attempts use up the allowance: a successful login redirects."""
    return not 300 <= response.status_code < 400
