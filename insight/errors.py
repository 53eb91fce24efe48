"""What errors look like on the wire: HTML pages for people, JSON for the API."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from insight.api.problems import findings_of, problem_response
from insight.extensions import db
from insight.services.errors import InvalidInput, ServiceError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_body(status: int, error_type: str, message: str, problems: list | None = None) -> dict:
    body: dict = {"error": {"status": status, "type": error_type, "message": message}}
    if problems:
        body["error"]["problems"] = problems
    return body


# Headings people read on error pages; the API keeps its machine-readable `type`.
HUMAN_TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Please log in"),
    403: _l("You do not have access to this page"),
    404: _l("We could not find that page"),
    405: _l("That action is not possible here"),
    409: _l("That conflicts with the current state"),
    413: _l("The upload is too large"),
    422: _l("Something in the input needs fixing"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is temporarily unavailable"),
}


def human_title(status: int) -> str:
    return str(HUMAN_TITLES.get(status, _l("Something went wrong")))


# What replaces Werkzeug's English description when nothing more specific was said.
DESCRIPTIONS = {
    400: _l("The request was malformed or contained something we cannot accept."),
    401: _l("You need to log in to do this."),
    403: _l("Your role does not give access to this."),
    404: _l("The address does not exist, or you may not see what it points to."),
    405: _l("This address does not accept that kind of request (%(method)s)."),
    406: _l("We cannot answer in any of the formats the request accepts."),
    409: _l("The request conflicts with the current state of the content."),
    412: _l("The content has changed since you read it. Read it again and retry."),
    413: _l("The request or file is larger than we accept."),
    415: _l("The request body is in a format we do not accept."),
    428: _l("This change needs an If-Match header with the ETag you read."),
    429: _l("Too many requests. Wait a little and try again."),
    503: _l("The service is temporarily unavailable. Try again in a little while."),
}


def describe(error: HTTPException) -> str:
    """The error's own description if a view gave one; otherwise, instead of Werkzeug's
    built-in English sentence, one in the reader's language."""
    own = error.description
    if own and own != type(error).description:
        return str(own)
    text = DESCRIPTIONS.get(error.code or 500)
    if text is None:
        return str(own or "")
    return str(text) % {"method": request.method}


def _render(status: int, error_type: str, message: object, headers: list | None = None):
    if wants_json():
        return problem_response(status, error_type, str(message), headers=headers)
    template = f"errors/{status}.html" if status in (403, 404, 500) else "errors/error.html"
    return render_template(template, status=status, title=human_title(status),
                           message=str(message)), status


def _flatten(messages: dict | list | str, prefix: str = "") -> list[tuple[str, str]]:
    """webargs messages as (field, message); list items nest one level deeper (type.0)."""
    if isinstance(messages, dict):
        return [pair for key, value in messages.items()
                for pair in _flatten(value, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [(prefix, " ".join(messages))]
    if isinstance(messages, list):
        return [pair for m in messages for pair in _flatten(m, prefix)]
    return [(prefix, str(messages))]


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, InternalServerError):
            return server_error(error)
        if wants_json() and getattr(error, "data", None):  # webargs: which argument, and why
            problems = [{"field": name, "message": message}
                        for name, message in _flatten(error.data.get("messages", {}))]
            return problem_response(error.code or 400, "invalid_request", "; ".join(
                f"{p['field']}: {p['message']}" for p in problems), problems)
        return _render(error.code or 500, error.name.lower().replace(" ", "_"),
                       describe(error), error.get_headers())

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, "bad_request", _l("The form was sent without a valid security "
                                              "token. Reload the page and try again."))

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        db.session.rollback()
        if wants_json():
            problems = None
            if isinstance(error, InvalidInput):
                problems = [{"field": p.field, "message": str(p.message)}
                            for p in error.problems]
            kind = type(error).__name__
            return problem_response(error.status_code, kind, str(error.message), problems,
                                    findings=findings_of(error))
        return _render(error.status_code, type(error).__name__, error.message)

    @app.errorhandler(500)
    def server_error(error: Exception):
        db.session.rollback()
        log.exception("Unhandled error on %s", request.path)
        return _render(500, "internal_server_error",
                       _l("Something went wrong on our side. The error has been logged."))
