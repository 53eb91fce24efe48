"""Hostile JSON from clients: a body nested 50,000 deep, and strings with a lone surrogate
(`"\\ud800"`: valid JSON, but not text UTF-8 or the database can hold). Through the API each is
a 4xx problem+json naming what is wrong, on every write operation and each of its text fields;
through the import preview each is a 422 page. Nothing is stored."""

from __future__ import annotations

import io
import json

import pytest

from insight.extensions import db
from insight.models import Observation
from insight.services import accounts, questions
from tests.conftest import PASSWORD
from tests.test_api import bearer, token_for

PROBLEM = "application/problem+json"
LONE = "Tekst med \ud800 midt i"
OBSERVATION = {"title": "Ventetid ved ankomst", "text": "Brukeren ventet lenge i resepsjonen.",
               "source": "intervju", "stay_type": "rehabilitering", "journey_stage": "ankomst",
               "actor": "bruker", "month": "2025-03", "age_band": "80-89", "unit": "Avdeling A",
               "visibility": "public"}


def dumps(body: object) -> str:
    """JSON as a client sends it: the surrogate as the escape \\ud800 (json.dumps default)."""
    return json.dumps(body)


@pytest.fixture
def api(app, client):
    """A staff token, and one item of every kind made through the API (drafts)."""
    raw = token_for(app, "staff", "skriver@kommune.no", "read,write")
    headers = {**bearer(raw), "Content-Type": "application/json"}

    def post(path: str, body: dict) -> dict:
        response = client.post(path, data=dumps(body), headers=headers)
        assert response.status_code == 201, response.data
        return response.get_json()

    obs = post("/api/v1/observations", OBSERVATION)["ref"]
    insight = post("/api/v1/insights", {
        "statement": "Ankomsten er uoversiktlig", "detail": "Detalj", "recommendation": "Råd",
        "visibility": "public", "evidence": [obs]})["ref"]
    persona = post("/api/v1/personas", {
        "title": "Astrid", "summary": "Sammendrag", "age_band": "80-89",
        "stay_type": "avlastning", "living_situation": "Bor alene", "needs": "Trygghet",
        "goals": "Hjem", "frustrations": "Venting", "quote": "Sitat", "visibility": "public",
        "evidence": [obs]})["ref"]
    journey = post("/api/v1/journeys", {"title": "Reisen", "summary": "Sammendrag",
                                        "stay_type": "avlastning", "visibility": "public",
                                        "persona": persona})["ref"]
    step = post(f"/api/v1/journeys/{journey}/steps", {
        "stage": "ankomst", "title": "Ankomst", "what_happens": "Noe skjer",
        "thoughts": "Tanker", "pain_points": "Smerte", "opportunities": "Muligheter",
        "emotion": -1, "evidence": [obs]})["id"]
    with app.app_context():
        supplier = accounts.create_user("lev@firma.no", PASSWORD, "supplier")
        question = questions.ask("Hvor lenge varer et opphold?", "Gjerne i dager.", supplier)
        db.session.commit()
        question_ref = question.ref
    refs = {"observation": obs, "insight": insight, "persona": persona, "journey": journey,
            "step": step, "question": question_ref}
    return headers, refs


# (method, path template, text fields of the body)
WRITES = {
    "create observation": ("POST", "/api/v1/observations", ("title", "text", "unit")),
    "update observation": ("PATCH", "/api/v1/observations/{observation}",
                           ("title", "text", "unit")),
    "create insight": ("POST", "/api/v1/insights", ("statement", "detail", "recommendation")),
    "update insight": ("PATCH", "/api/v1/insights/{insight}",
                       ("statement", "detail", "recommendation")),
    "create persona": ("POST", "/api/v1/personas", ("title", "summary", "living_situation",
                                                    "needs", "goals", "frustrations", "quote")),
    "update persona": ("PATCH", "/api/v1/personas/{persona}",
                       ("title", "summary", "living_situation", "needs", "goals",
                        "frustrations", "quote")),
    "create journey": ("POST", "/api/v1/journeys", ("title", "summary")),
    "update journey": ("PATCH", "/api/v1/journeys/{journey}", ("title", "summary")),
    "create step": ("POST", "/api/v1/journeys/{journey}/steps",
                    ("title", "what_happens", "thoughts", "pain_points", "opportunities")),
    "update step": ("PATCH", "/api/v1/journeys/{journey}/steps/{step}",
                    ("title", "what_happens", "thoughts", "pain_points", "opportunities")),
    "answer question": ("POST", "/api/v1/questions/{question}/answer", ("text",)),
    "screen text": ("POST", "/api/v1/privacy/screen", ("text",)),
}
CASES = [(name, field) for name, (_, _, fields) in WRITES.items() for field in fields]


def valid_body(name: str, refs: dict) -> dict:
    """A body the operation would accept (so only the surrogate can be the reason to refuse)."""
    if "observation" in name:
        return dict(OBSERVATION)
    if "insight" in name:
        return {"statement": "Ny", "detail": "Ny", "recommendation": "Ny",
                "visibility": "public", "evidence": [refs["observation"]]}
    if "persona" in name:
        return {"title": "Ny", "summary": "Ny", "age_band": "80-89", "stay_type": "avlastning",
                "living_situation": "Ny", "needs": "Ny", "goals": "Ny", "frustrations": "Ny",
                "quote": "Ny", "visibility": "public", "evidence": [refs["observation"]]}
    if "journey" in name:
        return {"title": "Ny", "summary": "Ny", "stay_type": "avlastning",
                "visibility": "public", "persona": refs["persona"]}
    if "step" in name:
        return {"stage": "ankomst", "title": "Ny", "what_happens": "Ny", "thoughts": "Ny",
                "pain_points": "Ny", "opportunities": "Ny", "emotion": 0,
                "evidence": [refs["observation"]]}
    return {"text": "Et svar"}


def send(client, headers: dict, name: str, refs: dict, body: str, lang: str = "en"):
    method, template, _ = WRITES[name]
    path = template.format(**refs)
    headers = {**headers, "Accept-Language": lang}
    if method == "PATCH":  # the real precondition, so the write would otherwise go through
        headers["If-Match"] = client.get(path, headers=headers).headers["ETag"]
    return client.open(path, method=method, data=body, headers=headers)


@pytest.mark.parametrize(("name", "field"), CASES, ids=[f"{n}: {f}" for n, f in CASES])
def test_a_lone_surrogate_in_a_text_field_is_refused_naming_the_field(client, api, name, field):
    headers, refs = api
    body = {**valid_body(name, refs), field: LONE}
    response = send(client, headers, name, refs, dumps(body))
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    problem = response.get_json()
    assert problem["errors"] == [{"field": field, "message": problem["errors"][0]["message"]}]
    assert "lone surrogate" in problem["detail"]


def test_a_lone_surrogate_message_is_in_bokmal_when_asked(client, api):
    headers, refs = api
    body = {**valid_body("create observation", refs), "title": LONE}
    response = send(client, headers, "create observation", refs, dumps(body), lang="nb")
    assert response.status_code == 422
    assert "surrogat" in response.get_json()["detail"]
    assert "lone surrogate" not in response.get_json()["detail"]


def test_a_lone_surrogate_as_raw_bytes_is_refused_too(client, api):
    """The surrogate's UTF-8-like bytes (ED A0 80) instead of the escape."""
    headers, refs = api
    body = dumps({**valid_body("create observation", refs), "title": "X"}).encode()
    raw = body.replace(b'"X"', b'"X\xed\xa0\x80"')
    response = send(client, headers, "create observation", refs, raw)
    assert 400 <= response.status_code < 500
    assert response.mimetype == PROBLEM


def test_a_refused_update_leaves_the_item_as_it_was(app, client, api):
    headers, refs = api
    body = {**valid_body("update observation", refs), "title": LONE}
    send(client, headers, "update observation", refs, dumps(body))
    with app.app_context():
        item = db.session.scalar(db.select(Observation).filter_by(ref=refs["observation"]))
        assert item.title == OBSERVATION["title"]


@pytest.mark.parametrize("name", list(WRITES))
def test_a_body_nested_50000_deep_is_a_400_problem(client, api, name):
    headers, refs = api
    deep = '{"title": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = send(client, headers, name, refs, deep)
    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    assert "nests more than 32 levels" in response.get_json()["detail"]


def test_a_body_nested_past_the_limit_but_within_python_is_refused(client, api):
    headers, refs = api
    body = {**valid_body("create observation", refs), "title": "[" * 40 + "]" * 40}
    body["unit"] = json.loads("[" * 40 + "]" * 40)
    response = send(client, headers, "create observation", refs, dumps(body))
    assert response.status_code == 400


def test_ordinary_nesting_is_accepted(client, api):
    """The guard does not get in the way of real bodies: evidence lists, non-BMP text."""
    headers, refs = api
    body = {**valid_body("create step", refs), "title": "Ankomst 🙂 𝄞"}
    response = send(client, headers, "create step", refs, dumps(body))
    assert response.status_code == 201
    assert response.get_json()["title"] == "Ankomst 🙂 𝄞"


# -- the import preview -------------------------------------------------------------------------

def preview(client, data: bytes, name: str):
    client.get("/?lang=en")  # the messages below are the English source strings
    response = client.post("/staff/import/", data={
        "file": (io.BytesIO(data), name), "on_existing": "reject"},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.data
    return client.get(response.location)


def import_row(**fields: str) -> dict:
    return {"ref": "OBS-0001", **{k: v for k, v in OBSERVATION.items() if k != "visibility"},
            "tags": "", **fields}


@pytest.mark.parametrize("name", ["obs.json", "obs.jsonl"])
def test_an_import_with_a_lone_surrogate_gets_a_422_preview_naming_the_field(
        client, login_as, name):
    login_as("staff")
    rows = [import_row(title=LONE)]
    data = (dumps(rows) if name.endswith(".json") else "\n".join(map(dumps, rows))).encode()
    page = preview(client, data, name)
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "lone surrogate" in text and "title" in text


def test_an_import_of_a_json_list_nested_50000_deep_gets_a_422_preview(client, login_as):
    login_as("staff")
    page = preview(client, b"[" * 50_000 + b"]" * 50_000, "obs.json")
    assert page.status_code == 422
    assert "nests too deeply" in page.get_data(as_text=True)


def test_an_import_with_a_deeply_nested_field_is_refused_not_a_server_error(client, login_as):
    login_as("staff")
    row = import_row()
    data = dumps([row])[:-2] + ', "unit": ' + "[" * 900 + "]" * 900 + "}]"
    page = preview(client, data.encode(), "obs.json")
    assert page.status_code == 422
