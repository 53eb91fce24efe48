"""Security headers for every response, in one place, through Flask-Talisman.

The policy allows scripts and styles only from our own origin: templates hold no inline
<script>, <style> or style="…" (the journey's emotion bar is drawn by classes in innsikt.css),
so no 'unsafe-inline' and no nonces are needed. Nothing may frame the app.
"""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

SELF = "'self'"
CONTENT_SECURITY_POLICY: dict[str, str] = {
    "default-src": SELF,
    "script-src": SELF,
    "style-src": SELF,
    "img-src": f"{SELF} data:",
    "font-src": SELF,
    "connect-src": SELF,
    "object-src": "'none'",
    "base-uri": SELF,
    "form-action": SELF,
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = {"browsing-topics": "()", "camera": "()", "geolocation": "()",
                      "microphone": "()", "payment": "()"}
REFERRER_POLICY = "same-origin"  # search words in our URLs never leave the site


def init_app(app: Flask) -> None:
    production_like = app.config.get("ENV_NAME") != "development"
    app.extensions["talisman"] = Talisman(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy=REFERRER_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        x_content_type_options=True,
        # HSTS goes out on HTTPS requests only (browsers ignore it on plain HTTP); a reverse
        # proxy that ends TLS must send X-Forwarded-Proto: https.
        strict_transport_security=production_like,
        strict_transport_security_max_age=app.config.get("HSTS_MAX_AGE", 31536000),
        strict_transport_security_include_subdomains=False,
        # TLS and the http→https redirect belong to the reverse proxy unless asked otherwise.
        force_https=app.config.get("FORCE_HTTPS", False),
        # Cookie settings stay with insight.config (INSIGHT_SECURE_COOKIES); Talisman would
        # otherwise force Secure cookies even in development over plain HTTP.
        session_cookie_secure=False,
        session_cookie_http_only=True,
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
    )
