"""Settings from the environment (INSIGHT_*), with safe defaults for development."""

from __future__ import annotations

import os
from pathlib import Path

DEV_SECRET_KEY = "dev-only-secret-key-change-me"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(instance_path: str) -> dict:
    """Build the configuration mapping from INSIGHT_* variables."""
    env = os.environ.get("INSIGHT_ENV", "development").lower()
    data_dir = Path(os.environ.get("INSIGHT_DATA_DIR") or instance_path).resolve()
    database_url = os.environ.get("INSIGHT_DATABASE_URL") or f"sqlite:///{data_dir / 'insight.db'}"
    production = env == "production"
    return {
        "ENV_NAME": env,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": os.environ.get("INSIGHT_SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_BACKEND": os.environ.get("INSIGHT_SEARCH_BACKEND", "whoosh"),
        "SEARCH_INDEX_DIR": str(data_dir / "index"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("INSIGHT_SECURE_COOKIES", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool("INSIGHT_SECURE_COOKIES", production),
        "BABEL_DEFAULT_LOCALE": "nb",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo",
        "LANGUAGES": ["nb", "en"],
        "RATELIMIT_ENABLED": _bool("INSIGHT_RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("INSIGHT_RATELIMIT_STORAGE_URI", "memory://"),
        "LOGIN_RATE_LIMIT": os.environ.get("INSIGHT_LOGIN_RATE_LIMIT", "10 per minute"),
        "PAGE_SIZE": 20,
        "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
    }


def check_production_safety(config: dict) -> None:
    """Refuse to run in production with the development secret key."""
    weak_key = config.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY)
    if config.get("ENV_NAME") == "production" and weak_key:
        raise RuntimeError(
            "INSIGHT_SECRET_KEY must be set to a long random value when INSIGHT_ENV=production."
        )
