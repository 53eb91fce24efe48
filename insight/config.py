"""Settings from the environment (INSIGHT_*), with safe defaults for development."""

from __future__ import annotations

import os
from pathlib import Path

DEV_SECRET_KEY = "dev-only-secret-key-change-me"
KNOWN_ENVIRONMENTS = ("development", "testing", "production")
MIN_SECRET_KEY_BYTES = 32


class ConfigurationError(RuntimeError):
    """A setting the app refuses to start with; the message says which variable to fix."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}.") from None


def environment_name() -> str:
    """INSIGHT_ENV, refused unless it is a known value: a typo must not mean 'development'."""
    env = os.environ.get("INSIGHT_ENV", "development").strip().lower()
    if env not in KNOWN_ENVIRONMENTS:
        raise ConfigurationError(
            f"INSIGHT_ENV={env!r} is not known; use one of {', '.join(KNOWN_ENVIRONMENTS)}.")
    return env


def from_environment(instance_path: str) -> dict:
    """Build the configuration mapping from INSIGHT_* variables."""
    env = environment_name()
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
        # A connection that died while idle in the pool is noticed before it is used.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "LOG_FORMAT": os.environ.get("INSIGHT_LOG_FORMAT", "text").strip().lower(),
        "LOG_LEVEL": os.environ.get("INSIGHT_LOG_LEVEL", "INFO").strip().upper(),
        "RETRY_AFTER_SECONDS": _int("INSIGHT_RETRY_AFTER", 30),
        "READY_MAX_OUTBOX_AGE": _int("INSIGHT_READY_MAX_OUTBOX_AGE", 600),
        "HSTS_MAX_AGE": _int("INSIGHT_HSTS_MAX_AGE", 365 * 24 * 3600),
        "FORCE_HTTPS": _bool("INSIGHT_FORCE_HTTPS", False),
    }


def check_production_safety(config: dict) -> None:
    """Refuse unknown environments, and production with a missing, default or short secret."""
    env = config.get("ENV_NAME")
    if env not in KNOWN_ENVIRONMENTS:
        raise ConfigurationError(
            f"INSIGHT_ENV={env!r} is not known; use one of {', '.join(KNOWN_ENVIRONMENTS)}.")
    if config.get("LOG_FORMAT", "text") not in ("text", "json"):
        raise ConfigurationError(
            f"INSIGHT_LOG_FORMAT={config['LOG_FORMAT']!r} is not known; use text or json.")
    if env != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or not key:
        raise ConfigurationError(
            "INSIGHT_SECRET_KEY must be set to a long random value when INSIGHT_ENV=production."
        )
    length = len(key.encode() if isinstance(key, str) else key)
    if length < MIN_SECRET_KEY_BYTES:
        raise ConfigurationError(
            f"INSIGHT_SECRET_KEY is {length} bytes; production needs at least "
            f"{MIN_SECRET_KEY_BYTES} (python -c 'import secrets; print(secrets.token_hex(32))')."
        )
