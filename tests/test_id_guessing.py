"""Guessing ids: a supplier who walks refs and ids through the web pages and the API reaches
published content for suppliers and nothing else: no drafts, items in review, archived or
internal items, and no other supplier's unanswered question. Each denial has its allowed twin."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from insight.extensions import db
from insight.models import Insight, Journey, Observation, Persona
from insight.services import (
    accounts,
    insights,
    journeys,
    observations,
    personas,
    publishing,
    questions,
    tokens,
)
from tests.conftest import PASSWORD

KINDS = {"observation": Observation, "insight": Insight, "persona": Persona, "journey": Journey}
HIDDEN = {"draft": ("draft", "suppliers"), "in_review": ("in_review", "suppliers"),
          "archived": ("archived", "suppliers"), "internal": ("published", "internal")}
SUPPLIER = "gjetter@leverandor.example"


def _create(kind: str, word: str, visibility: str, author):
    if kind == "observation":
        return observations.create({
            "title": f"Observasjon om {word}", "text": f"Brukeren nevnte {word} ved ankomst.",
            "source": "intervju", "stay_type": "avlastning", "journey_stage": "ankomst",
            "actor": "bruker", "month": "2026-10", "age_band": "80-89",
            "visibility": visibility}, author)
    if kind == "insight":
        return insights.create({"statement": f"Innsikt om {word}",
                                "visibility": visibility}, author)
    if kind == "persona":
        return personas.create({"title": f"Persona om {word}", "age_band": "80-89",
                                "stay_type": "avlastning", "visibility": visibility}, author)
    return journeys.create({"title": f"Reise om {word}", "stay_type": "avlastning",
                            "visibility": visibility}, author)


def make(app, kind: str, status: str, visibility: str, word: str) -> tuple[str, int]:
    """An item of `kind` in `status`, written by one staff member and reviewed by another."""
    with app.app_context():
        author = accounts.find_by_email("forfatter@kommune.example") or accounts.create_user(
            "forfatter@kommune.example", PASSWORD, "staff")
        reviewer = accounts.find_by_email("kontroll@kommune.example") or accounts.create_user(
            "kontroll@kommune.example", PASSWORD, "staff")
        item = _create(kind, word, visibility, author)
        if status in ("in_review", "published", "archived"):
            publishing.send_to_review(item, author)
        if status == "published":
            publishing.publish(item, reviewer)
        if status == "archived":
            publishing.archive(item, author)
        db.session.commit()
        return item.ref, item.id


@pytest.fixture
def supplier(factory, auth):
    factory.user("supplier", email=SUPPLIER)
    assert auth.login(SUPPLIER).status_code == 302
    return SUPPLIER


@pytest.fixture
def api_token(app, factory):
    _, email = factory.user("supplier")
    with app.app_context():
        _, raw = tokens.create_token(accounts.find_by_email(email), "gjetting", "read")
        db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


CASES = [pytest.param(kind, state, id=f"{kind}-{state}") for kind in KINDS for state in HIDDEN]


@pytest.mark.parametrize(("kind", "state"), CASES)
def test_a_supplier_gets_404_for_a_hidden_item_by_its_ref(app, client, supplier, kind, state):
    ref, _ = make(app, kind, *HIDDEN[state], word="skjultord")
    response = client.get(f"/{kind}s/{ref}")
    assert response.status_code == 404
    assert "skjultord" not in response.get_data(as_text=True)


@pytest.mark.parametrize("kind", KINDS)
def test_a_supplier_reads_a_published_item_by_its_ref(app, client, supplier, kind):
    ref, _ = make(app, kind, "published", "suppliers", word="synligord")
    response = client.get(f"/{kind}s/{ref}")
    assert response.status_code == 200
    assert "synligord" in response.get_data(as_text=True)


def results_of(page: str) -> str:
    """The result list of a search page (the query itself is echoed elsewhere on it)."""
    return page.split('<ol class="results">', 1)[1].split("</ol>", 1)[0]


@pytest.mark.parametrize("state", HIDDEN)
def test_a_supplier_search_finds_no_hidden_item(app, client, supplier, api_token, state):
    for kind in KINDS:
        make(app, kind, *HIDDEN[state], word="hemmeligord")
        make(app, kind, "published", "suppliers", word="offentligord")
    assert "hemmeligord" not in results_of(client.get("/search?q=hemmeligord").get_data(
        as_text=True))
    assert client.get("/api/v1/search?q=hemmeligord", headers=api_token).get_json()[
        "total"] == 0
    assert client.get("/api/v1/search?q=offentligord", headers=api_token).get_json()[
        "total"] == len(KINDS)


def test_a_typo_is_never_corrected_to_a_word_from_a_hidden_item(app, client, supplier,
                                                                 api_token):
    for state in HIDDEN:
        make(app, "observation", *HIDDEN[state], word="hemmeligord")
    body = client.get("/api/v1/search?q=hemmeligort", headers=api_token).get_json()
    assert body["suggestion"] != "hemmeligord"
    assert "hemmeligord" not in client.get("/search?q=hemmeligort").get_data(as_text=True)


@pytest.mark.parametrize("state", HIDDEN)
def test_a_supplier_token_gets_404_for_a_hidden_observation(app, client, api_token, state):
    ref, _ = make(app, "observation", *HIDDEN[state], word="skjultord")
    visible, _ = make(app, "observation", "published", "suppliers", word="synligord")
    assert client.get(f"/api/v1/observations/{ref}", headers=api_token).status_code == 404
    assert client.get(f"/api/v1/observations/{visible}", headers=api_token).status_code == 200
    listed = client.get("/api/v1/observations?page_size=100", headers=api_token).get_json()
    assert [item["ref"] for item in listed["items"]] == [visible]


def test_walking_every_ref_reaches_only_published_items_for_suppliers(app, client, supplier):
    for kind in KINDS:
        for state in HIDDEN:
            make(app, kind, *HIDDEN[state], word="skjultord")
        make(app, kind, "published", "suppliers", word="synligord")
        make(app, kind, "published", "public", word="synligord")
    reached = set()
    for kind, prefix, width in (("observation", "OBS", 4), ("insight", "INS", 2),
                                ("persona", "PER", 2), ("journey", "JRN", 2)):
        for number in range(1, 9):
            ref = f"{prefix}-{number:0{width}d}"
            status = client.get(f"/{kind}s/{ref}").status_code
            assert status in (200, 404), (ref, status)
            if status == 200:
                reached.add(ref)
    with app.app_context():
        readable = {item.ref for model in KINDS.values() for item in db.session.scalars(
            select(model).where(model.status == "published", model.visibility != "internal"))}
    assert reached == readable
    assert len(readable) == 8


STAFF_PAGES = ["/staff/observations/{id}", "/staff/insights/{id}", "/staff/personas/{id}",
               "/staff/journeys/{id}", "/staff/journeys/{id}/steps/new",
               "/staff/history/observation/{ref}"]


@pytest.mark.parametrize("template", STAFF_PAGES)
def test_a_supplier_cannot_open_a_draft_by_its_id_in_the_workspace(app, client, supplier,
                                                                   template):
    kind = template.split("/")[2].rstrip("s")
    kind = "observation" if kind == "history" else kind
    ref, item_id = make(app, kind, "draft", "suppliers", word="skjultord")
    response = client.get(template.format(id=item_id, ref=ref))
    assert response.status_code == 403
    assert "skjultord" not in response.get_data(as_text=True)


def test_a_supplier_cannot_publish_a_draft_by_its_id(app, client, supplier):
    ref, item_id = make(app, "observation", "in_review", "suppliers", word="skjultord")
    assert client.post(f"/staff/observations/{item_id}/publish").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Observation.status).where(Observation.ref == ref)) == \
            "in_review"


def _ask(app, email: str, title: str) -> int:
    with app.app_context():
        question = questions.ask(title, "Hvor mange rom har avdelingen i dag?",
                                 accounts.find_by_email(email))
        db.session.commit()
        return question.id


def test_a_supplier_never_sees_another_suppliers_unanswered_question(app, client, factory,
                                                                     supplier, api_token):
    _, other = factory.user("supplier")
    question_id = _ask(app, other, "Konkurrentens spørsmål om rommene")
    assert "Konkurrentens" not in client.get("/questions").get_data(as_text=True)
    assert client.get("/staff/questions").status_code == 403
    page = client.get("/search?q=konkurrentens").get_data(as_text=True)
    assert "Konkurrentens spørsmål" not in page
    body = client.get("/api/v1/search?q=konkurrentens", headers=api_token).get_json()
    assert body["total"] == 0
    response = client.post(f"/staff/questions/{question_id}/answer", data={"answer": "Seks."})
    assert response.status_code == 403


def test_a_supplier_reads_another_suppliers_question_once_it_is_answered(app, client, factory,
                                                                         supplier):
    _, other = factory.user("supplier")
    question_id = _ask(app, other, "Konkurrentens spørsmål om rommene")
    with app.app_context():
        staff = accounts.find_by_email(factory.user("staff")[1])
        questions.answer(questions.get(question_id), "Avdelingen har seks rom.", staff)
        db.session.commit()
    page = client.get("/questions").get_data(as_text=True)
    assert "Konkurrentens spørsmål om rommene" in page and other not in page


def test_a_public_journey_does_not_show_an_internal_personas_title(app, client, supplier):
    persona_ref, _ = make(app, "persona", "published", "internal", word="internpersona")
    with app.app_context():
        author = accounts.find_by_email("forfatter@kommune.example")
        reviewer = accounts.find_by_email("kontroll@kommune.example")
        journey = journeys.create({"title": "Reise for alle", "stay_type": "avlastning",
                                   "visibility": "public", "persona": persona_ref}, author)
        publishing.send_to_review(journey, author)
        publishing.publish(journey, reviewer)
        db.session.commit()
        ref = journey.ref
    page = client.get(f"/journeys/{ref}").get_data(as_text=True)
    assert "Reise for alle" in page
    assert "internpersona" not in page
