"""Language choice: Norwegian Bokmål by default, English when the reader asks for it."""

from __future__ import annotations

from flask import current_app, request, session


def select_locale() -> str:
    """`?lang=` (remembered in the session), then the session; the API follows
    Accept-Language and speaks English unless asked otherwise."""
    languages = current_app.config["LANGUAGES"]
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(languages, default="en")
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in languages:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]
