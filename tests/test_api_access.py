"""Every API operation × role against real objects: allowed means 2xx, denied 401/403/404.

The expected outcome comes from the permission map the code uses (ROLE_PERMISSIONS) and the
token's scopes; the matrix fails when an operation of the spec is missing from it.
"""

from __future__ import annotations

import pytest

from insight import permissions as p
from tests.test_api_contract import OBS, auth, build_world, token

ROLES = {  # name: (role, scopes)
    "anonymous": (None, None),
    "supplier read": ("supplier", "read"),
    "staff read": ("staff", "read"),
    "staff read+write": ("staff", "read,write"),
    "admin": ("admin", "read,write"),
}

# (method, path template, body, permission, scope); the objects are visible to suppliers.
# Writes target fresh objects per role (see _body) so one role's write does not block the next.
OPERATIONS = [
    ("GET", "/api/v1/observations", None, p.READ_PUBLIC, None),
    ("GET", "/api/v1/observations/{observation}", None, p.READ_SUPPLIERS, None),
    ("POST", "/api/v1/observations", "observation", p.WRITE_CONTENT, "write"),
    ("PATCH", "/api/v1/observations/{draft_observation}", {"unit": "B"}, p.WRITE_CONTENT,
     "write"),
    ("POST", "/api/v1/observations/{draft_observation}/review", None, p.WRITE_CONTENT, "write"),
    ("POST", "/api/v1/observations/{review_observation}/publish", None, p.REVIEW_CONTENT,
     "write"),
    ("GET", "/api/v1/insights", None, p.READ_PUBLIC, None),
    ("GET", "/api/v1/insights/{insight}", None, p.READ_SUPPLIERS, None),
    ("POST", "/api/v1/insights", {"statement": "Ny"}, p.WRITE_CONTENT, "write"),
    ("PATCH", "/api/v1/insights/{draft_insight}", {"detail": "Mer"}, p.WRITE_CONTENT, "write"),
    ("POST", "/api/v1/insights/{draft_insight}/review", None, p.WRITE_CONTENT, "write"),
    ("POST", "/api/v1/insights/{review_insight}/publish", None, p.REVIEW_CONTENT, "write"),
    ("GET", "/api/v1/personas", None, p.READ_PUBLIC, None),
    ("GET", "/api/v1/personas/{persona}", None, p.READ_SUPPLIERS, None),
    ("POST", "/api/v1/personas", {"title": "Ny", "age_band": "90+",
                                  "stay_type": "avlastning"}, p.WRITE_CONTENT, "write"),
    ("PATCH", "/api/v1/personas/{persona}", {"summary": "Ny"}, p.WRITE_CONTENT, "write"),
    ("POST", "/api/v1/personas/{draft_persona}/review", None, p.WRITE_CONTENT, "write"),
    ("POST", "/api/v1/personas/{review_persona}/publish", None, p.REVIEW_CONTENT, "write"),
    ("GET", "/api/v1/journeys", None, p.READ_PUBLIC, None),
    ("GET", "/api/v1/journeys/{journey}", None, p.READ_SUPPLIERS, None),
    ("POST", "/api/v1/journeys", {"title": "Ny", "stay_type": "avlastning"}, p.WRITE_CONTENT,
     "write"),
    ("PATCH", "/api/v1/journeys/{journey}", {"summary": "Ny"}, p.WRITE_CONTENT, "write"),
    ("POST", "/api/v1/journeys/{draft_journey}/review", None, p.WRITE_CONTENT, "write"),
    ("POST", "/api/v1/journeys/{review_journey}/publish", None, p.REVIEW_CONTENT, "write"),
    ("POST", "/api/v1/journeys/{journey}/steps", {"stage": "ankomst", "title": "Ny"},
     p.WRITE_CONTENT, "write"),
    ("GET", "/api/v1/journeys/{journey}/steps/{step}", None, p.READ_SUPPLIERS, None),
    ("PATCH", "/api/v1/journeys/{journey}/steps/{step}", {"emotion": 1}, p.WRITE_CONTENT,
     "write"),
    ("GET", "/api/v1/questions", None, p.READ_SUPPLIERS, None),
    ("GET", "/api/v1/questions/{answered}", None, p.READ_SUPPLIERS, None),
    ("POST", "/api/v1/questions/{open_question}/answer", {"text": "Svar."},
     p.ANSWER_QUESTIONS, "write"),
    ("GET", "/api/v1/vocabularies", None, p.READ_PUBLIC, None),
    ("GET", "/api/v1/vocabularies/{kind}", None, p.READ_PUBLIC, None),
    ("GET", "/api/v1/statistics", None, p.READ_PUBLIC, None),
    ("GET", "/api/v1/changes", None, p.READ_PUBLIC, None),
    ("GET", "/api/v1/search", None, p.READ_PUBLIC, None),
    ("POST", "/api/v1/privacy/screen", {"text": "Hei"}, p.READ_PUBLIC, "read"),
]


def expected(role: str | None, scopes: str | None, permission: str, scope: str | None) -> bool:
    if scope is not None and (scopes is None or scope not in scopes.split(",")):
        return False
    return permission in p.ROLE_PERMISSIONS[role or p.ANONYMOUS]


def test_the_matrix_covers_every_operation_of_the_spec(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    documented = {(method.upper(), path) for path, ops in spec["paths"].items()
                  for method in ops if method != "parameters"}
    covered = {(method, path.replace("{observation}", "{ref}").replace("{insight}", "{ref}"))
               for method, path, *_ in OPERATIONS}
    normalised = set()
    for method, path in covered:
        for name in ("draft_observation", "review_observation", "draft_insight",
                     "review_insight", "persona", "review_persona", "journey",
                     "review_journey", "answered", "open_question", "draft_persona",
                     "draft_journey"):
            path = path.replace("{" + name + "}", "{ref}")
        normalised.add((method, path.replace("{step}", "{step_id}")))
    assert documented == normalised


def _world(app) -> dict:
    from insight.extensions import db
    from insight.services import (
        accounts,
        insights,
        journeys,
        observations,
        personas,
        publishing,
        questions,
    )

    world = build_world(app)
    with app.app_context():
        author = accounts.find_by_email("forfatter@kommune.no")
        asker = accounts.find_by_email("spor@firma.no")
        draft_obs = observations.create(OBS, author)
        review_obs = observations.create(OBS, author)
        publishing.send_to_review(review_obs, author)
        review_insight = insights.create({"statement": "Til kontroll"}, author)
        publishing.send_to_review(review_insight, author)
        review_persona = personas.create({"title": "Til kontroll", "age_band": "90+",
                                          "stay_type": "avlastning"}, author)
        publishing.send_to_review(review_persona, author)
        review_journey = journeys.create({"title": "Til kontroll", "stay_type": "avlastning"},
                                         author)
        publishing.send_to_review(review_journey, author)
        draft_persona = personas.create({"title": "Utkast", "age_band": "90+",
                                         "stay_type": "avlastning"}, author)
        draft_journey = journeys.create({"title": "Utkast", "stay_type": "avlastning"}, author)
        extra = questions.ask("Nytt spørsmål", "Hva med kveldene?", asker)
        db.session.commit()
        return {"observation": world.observation, "insight": world.insight,
                "persona": world.persona, "journey": world.journey, "step": world.step,
                "answered": world.answered, "open_question": extra.ref,
                "draft_insight": world.draft_insight, "draft_observation": draft_obs.ref,
                "review_observation": review_obs.ref, "review_insight": review_insight.ref,
                "review_persona": review_persona.ref, "review_journey": review_journey.ref,
                "draft_persona": draft_persona.ref, "draft_journey": draft_journey.ref,
                "kind": "theme"}


@pytest.mark.parametrize("role_name", list(ROLES))
def test_every_operation_answers_each_role_as_the_permission_map_says(app, client, role_name):
    objects = _world(app)
    role, scopes = ROLES[role_name]
    headers = auth(token(app, role, scopes)) if role else {}
    observation_body = dict(OBS)
    wrong = []
    for method, template, body, permission, scope in OPERATIONS:
        path = template.format(**objects)
        if body == "observation":
            body = observation_body
        request_headers = dict(headers)
        if method == "PATCH":
            etag = client.get(path, headers=headers).headers.get("ETag")
            request_headers["If-Match"] = etag or '"none"'
        response = client.open(path, method=method, json=body, headers=request_headers)
        allowed = expected(role, scopes, permission, scope)
        ok = 200 <= response.status_code < 300
        denied = response.status_code in (401, 403, 404)
        if (allowed and not ok) or (not allowed and not denied):
            wrong.append((method, path, response.status_code, allowed,
                          response.get_json(silent=True)))
    assert wrong == []
