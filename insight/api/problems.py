"""RFC 9457 problem details for every API error, with the older `error` object kept inside.

insight.errors decides *that* an API call failed; this module decides what the answer looks
like on the wire, and how the OpenAPI document declares it.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Response, current_app
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Headers an error keeps from the exception that raised it (405 Allow, 401 WWW-Authenticate …).
PASSED_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After", "RateLimit", "RateLimit-Policy",
                  "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
# Status codes declared on every operation; `default` covers the rest.
COMMON_STATUSES = (400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 422, 428, 429, 500, 503)


# The kinds of content as words inside a message ("No observation OBS-0001 …"), translatable.
# (Lazy strings, not msg(): "persona" is the same word in both languages.)
KIND_NAMES = {
    "observation": _l("observation"), "insight": _l("insight"), "persona": _l("persona"),
    "journey": _l("journey"), "question": _l("question"),
}


def kind_name(kind: str) -> Any:
    """The kind as a word in the reader's language (unknown kinds as they are)."""
    return KIND_NAMES.get(kind, kind)


def problem_type(error_type: str) -> str:
    """A URI reference that resolves to the guide's list of error types."""
    return f"/api/v1/guide#error-{error_type}"


def problem_body(status: int, error_type: str, message: str,
                 problems: list[dict[str, Any]] | None = None,
                 findings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {
        "type": problem_type(error_type), "title": title, "status": status, "detail": message,
        "error": {"status": status, "type": error_type, "message": message},
    }
    if problems:
        body["errors"] = problems
        body["error"]["problems"] = problems
    if findings:
        body["findings"] = findings
    return body


def problem_response(status: int, error_type: str, message: str,
                     problems: list[dict[str, Any]] | None = None,
                     headers: Any = None, findings: list[dict[str, Any]] | None = None
                     ) -> Response:
    body = problem_body(status, error_type, message, problems, findings)
    response = current_app.response_class(current_app.json.dumps(body) + "\n", status=status,
                                          mimetype=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or []):
        if name in PASSED_HEADERS:
            response.headers[name] = value
    return response


def findings_of(error: Exception) -> list[dict[str, Any]] | None:
    """Kind and position of each privacy finding in a refused write; never the value."""
    found = getattr(error, "findings", None)
    if not found:
        return None
    return [{"field": f.field, "kind": f.kind, "start": f.start, "end": f.end} for f in found]


class FieldErrorSchema(Schema):
    field = fields.String(metadata={"description": "Dotted path of the input field"})
    message = fields.String()


class ProblemFindingSchema(Schema):
    field = fields.String()
    kind = fields.String(metadata={"description": "national_id, phone, email, address, …"})
    start = fields.Integer(metadata={"description": "Python string offset (code points)"})
    end = fields.Integer(metadata={"description": "exclusive"})


class LegacyErrorSchema(Schema):
    status = fields.Integer()
    type = fields.String()
    message = fields.String()
    problems = fields.List(fields.Nested(FieldErrorSchema))


class ProblemSchema(Schema):
    """RFC 9457 problem details; `error` is the older shape, kept for existing clients."""

    type = fields.String(metadata={"description": "URI reference of the error type"})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.List(fields.Nested(FieldErrorSchema),
                         metadata={"description": "One entry per field that needs fixing"})
    findings = fields.List(fields.Nested(ProblemFindingSchema), metadata={
        "description": "Privacy findings that refused a write: kind and position only"})
    error = fields.Nested(LegacyErrorSchema)


def response_name(status: int) -> str:
    return f"PROBLEM_{status}"


def register_problem_responses(spec: Any) -> None:
    """Component responses PROBLEM_<status> and DEFAULT_ERROR, all problem+json."""
    spec.components.schema("Problem", schema=ProblemSchema)
    content = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    from insight.api.rate_limits import RATE_LIMIT_HEADERS_DOC, RETRY_AFTER_DOC

    for status in COMMON_STATUSES:
        response = {"description": HTTPStatus(status).phrase, "content": content}
        if status == 429:
            response["description"] = "Too Many Requests: the token's (or, without a token, " \
                "the address's) rate limit is used up; wait Retry-After seconds"
            response["headers"] = {**RETRY_AFTER_DOC, **RATE_LIMIT_HEADERS_DOC}
        spec.components.response(response_name(status), response)
    spec.components.response("DEFAULT_ERROR", {"description": "Any other error",
                                               "content": content})
