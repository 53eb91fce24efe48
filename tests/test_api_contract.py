"""REST API v1 contract: every read and write operation on real objects, as a client sees it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from insight.extensions import db
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

PASSWORD = "et-langt-passord"
OBS = {"title": "Ventet lenge på informasjon", "text": "Brukeren ventet på beskjed om dagen.",
       "source": "intervju", "stay_type": "rehabilitering", "journey_stage": "ankomst",
       "actor": "bruker", "themes": ["informasjon"], "month": "2025-03", "age_band": "80-89",
       "unit": "Avdeling A"}


@dataclass
class World:
    observation: str
    internal_observation: str
    insight: str
    persona: str
    journey: str
    step: int
    answered: str
    open_question: str
    draft_insight: str


def _published(item, author, reviewer):
    publishing.send_to_review(item, author)
    publishing.publish(item, reviewer)
    return item


def build_world(app) -> World:
    """One published item of every kind (visible to suppliers), a draft and two questions."""
    with app.app_context():
        author = accounts.create_user("forfatter@kommune.no", PASSWORD, "staff")
        reviewer = accounts.create_user("kontroll@kommune.no", PASSWORD, "staff")
        asker = accounts.create_user("spor@firma.no", PASSWORD, "supplier")
        obs = _published(observations.create(OBS, author), author, reviewer)
        internal = _published(observations.create({**OBS, "visibility": "internal"}, author),
                              author, reviewer)
        insight = _published(insights.create({
            "statement": "Brukere trenger beskjed før ankomst", "themes": ["informasjon"],
            "evidence": [obs.ref, internal.ref], "confidence": "high"}, author),
            author, reviewer)
        persona = _published(personas.create({
            "title": "Den forsiktige", "age_band": "80-89", "stay_type": "rehabilitering",
            "needs": "Trygghet\nBeskjed", "evidence": [obs.ref]}, author), author, reviewer)
        journey = _published(journeys.create({
            "title": "Fra sykehus til korttid", "stay_type": "rehabilitering",
            "persona": persona.ref, "steps": [
                {"stage": "ankomst", "title": "Kommer fram", "emotion": -1,
                 "pain_points": "Ingen tok imot\nLang venting", "opportunities": "Vertskap",
                 "evidence": [obs.ref]},
                {"stage": "utreise", "title": "Reiser hjem", "emotion": 1}]}, author),
            author, reviewer)
        answered = questions.ask("Hvor mange rom?", "Hvor mange rom har avdelingen?", asker)
        questions.answer(answered, "Tjue rom.", author)
        waiting = questions.ask("Hva med mat?", "Hvem lager maten?", asker)
        draft = insights.create({"statement": "Et utkast", "evidence": [obs.ref]}, author)
        db.session.commit()
        return World(obs.ref, internal.ref, insight.ref, persona.ref, journey.ref,
                     journey.steps[0].id, answered.ref, waiting.ref, draft.ref)


def token(app, role: str, scopes: str = "read") -> str:
    with app.app_context():
        user = accounts.create_user(f"{role}-{scopes.replace(',', '-')}@example.no",
                                    PASSWORD, role)
        _, raw = tokens.create_token(user, "test", scopes)
        db.session.commit()
        return raw


def auth(raw: str | None) -> dict:
    return {"Authorization": f"Bearer {raw}"} if raw else {}


@pytest.fixture
def world(app) -> World:
    return build_world(app)


@pytest.fixture
def supplier(app) -> dict:
    return auth(token(app, "supplier"))


@pytest.fixture
def writer(app) -> dict:
    return auth(token(app, "staff", "read,write"))


# --- reads ---------------------------------------------------------------------------------

def test_an_insight_lists_only_the_evidence_the_reader_may_open(client, world, supplier):
    body = client.get(f"/api/v1/insights/{world.insight}", headers=supplier).get_json()
    assert body["evidence"] == [world.observation]
    assert body["evidence_count"] == 2
    assert body["themes"] == ["informasjon"] and body["confidence"] == "high"


def test_staff_see_all_evidence_of_an_insight(client, world, writer):
    body = client.get(f"/api/v1/insights/{world.insight}", headers=writer).get_json()
    assert sorted(body["evidence"]) == sorted([world.observation, world.internal_observation])


def test_the_insight_list_has_totals_and_leaves_out_drafts_for_suppliers(client, world,
                                                                         supplier):
    body = client.get("/api/v1/insights", headers=supplier).get_json()
    assert body["total"] == 1 and [i["ref"] for i in body["items"]] == [world.insight]


def test_a_persona_has_its_needs_as_lines_and_its_evidence(client, world, supplier):
    body = client.get(f"/api/v1/personas/{world.persona}", headers=supplier).get_json()
    assert body["needs"] == ["Trygghet", "Beskjed"] and body["evidence"] == [world.observation]


def test_a_journey_has_ordered_steps_with_emotion_pain_points_and_evidence(client, world,
                                                                          supplier):
    body = client.get(f"/api/v1/journeys/{world.journey}", headers=supplier).get_json()
    assert [s["position"] for s in body["steps"]] == [1, 2]
    first = body["steps"][0]
    assert first["emotion"] == -1 and first["pain_points"] == ["Ingen tok imot", "Lang venting"]
    assert first["opportunities"] == ["Vertskap"] and first["evidence"] == [world.observation]
    assert body["persona"] == world.persona


def test_one_step_can_be_read_on_its_own(client, world, supplier):
    body = client.get(f"/api/v1/journeys/{world.journey}/steps/{world.step}",
                      headers=supplier).get_json()
    assert body["title"] == "Kommer fram"


def test_suppliers_read_answered_questions_without_the_asker(client, world, supplier):
    response = client.get("/api/v1/questions", headers=supplier)
    body = response.get_json()
    assert [q["ref"] for q in body["items"]] == [world.answered]
    assert body["items"][0]["answer"]["text"] == "Tjue rom."
    assert "spor@firma.no" not in response.get_data(as_text=True)
    assert "asked_by" not in body["items"][0]


def test_staff_also_see_the_open_questions(client, world, writer):
    body = client.get("/api/v1/questions?state=open", headers=writer).get_json()
    assert [q["ref"] for q in body["items"]] == [world.open_question]


def test_questions_need_a_token(client, world):
    assert client.get("/api/v1/questions").status_code == 401


def test_vocabularies_come_in_both_languages(client):
    body = client.get("/api/v1/vocabularies/theme").get_json()
    fall = next(t for t in body["terms"] if t["code"] == "fall")
    assert (fall["label_nb"], fall["label_en"]) == ("Fall", "Falls")
    assert "stay_type" in client.get("/api/v1/vocabularies").get_json()["vocabularies"]


def test_vocabularies_carry_descriptions_and_synonyms_in_both_languages(client):
    body = client.get("/api/v1/vocabularies/stay_type").get_json()
    after = next(t for t in body["terms"] if t["code"] == "etter_sykehus")
    assert after["description_nb"] == "Opphold etter utskrivning fra sykehus."
    assert after["description_en"] == "A stay after discharge from hospital."
    assert "utskrivningsklar" in after["synonyms_nb"]
    assert "discharge from hospital" in after["synonyms_en"]
    assert after["source_note"] and after["position"] == 4


def test_the_api_description_names_the_vocabulary_fields(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    fields = spec["components"]["schemas"]["VocabularyTerm"]["properties"]
    assert {"code", "label_nb", "label_en", "position", "description_nb", "description_en",
            "synonyms_nb", "synonyms_en", "source_note"} <= set(fields)


def test_an_unknown_vocabulary_is_a_404(client):
    assert client.get("/api/v1/vocabularies/nope").status_code == 404


def test_statistics_hide_small_counts_from_suppliers(client, world, supplier):
    body = client.get("/api/v1/statistics", headers=supplier).get_json()
    assert body["exact"] is False
    cell = next(c for c in body["stay_by_stage"]["cells"]
                if (c["row"], c["column"]) == ("rehabilitering", "ankomst"))
    assert cell == {"row": "rehabilitering", "column": "ankomst", "count": None, "shown": "<5"}


def test_statistics_are_exact_for_staff(client, world, writer):
    body = client.get("/api/v1/statistics", headers=writer).get_json()
    cell = next(c for c in body["stay_by_stage"]["cells"]
                if (c["row"], c["column"]) == ("rehabilitering", "ankomst"))
    assert body["exact"] is True and cell["count"] == 2


def test_the_change_feed_reads_oldest_first_with_a_cursor(client, world, supplier):
    first = client.get("/api/v1/changes?limit=2", headers=supplier)
    body = first.get_json()
    assert body["has_more"] is True and len(body["items"]) == 2
    assert 'rel="next"' in first.headers["Link"]
    rest = client.get(f"/api/v1/changes?cursor={body['next_cursor']}&limit=100",
                      headers=supplier).get_json()
    ids = [c["id"] for c in body["items"] + rest["items"]]
    assert ids == sorted(ids) and rest["has_more"] is False


def test_the_change_feed_reports_a_withdrawal_without_the_title(app, client, world, supplier):
    with app.app_context():
        from insight.services import reading
        staff = accounts.find_by_email("forfatter@kommune.no")
        publishing.unpublish(reading.insight(staff, world.insight), staff)
        db.session.commit()
    items = client.get("/api/v1/changes?kind=insight", headers=supplier).get_json()["items"]
    assert items[-1]["action"] == "withdrawn" and items[-1]["ref"] == world.insight
    assert items[-1]["title"] is None and items[-1]["visible"] is False


def test_since_limits_the_change_feed_to_later_entries(client, world, supplier):
    body = client.get("/api/v1/changes?since=2999-01-01T00:00:00Z", headers=supplier).get_json()
    assert body["items"] == [] and body["next_cursor"] == 0


# --- lists: filters, sorting, paging, updated_since ---------------------------------------

def test_observation_filters_match_the_facets(client, factory):
    fall = factory.observation(visibility="public", themes=["fall"], source="workshop")
    factory.observation(visibility="public", themes=["informasjon"])
    assert [o["ref"] for o in client.get(
        "/api/v1/observations?theme=fall").get_json()["items"]] == [fall]
    assert [o["ref"] for o in client.get(
        "/api/v1/observations?source=workshop&period=2025").get_json()["items"]] == [fall]
    assert client.get("/api/v1/observations?period=2024").get_json()["total"] == 0


def test_sorting_by_ref_reverses_with_a_minus(client, world, writer):
    refs = [i["ref"] for i in client.get("/api/v1/insights?sort=-ref",
                                         headers=writer).get_json()["items"]]
    assert refs == sorted(refs, reverse=True)


def test_pages_have_rfc_8288_links_and_a_total(client, factory):
    for _ in range(3):
        factory.observation(visibility="public")
    response = client.get("/api/v1/observations?page_size=1&page=2")
    assert response.headers["X-Total-Count"] == "3"
    links = response.headers["Link"]
    assert 'page=1>; rel="prev"' in links and 'page=3>; rel="next"' in links
    assert 'rel="last"' in links and "page_size=1" in links


def test_updated_since_is_applied(client, factory):
    factory.observation(visibility="public")
    assert client.get("/api/v1/observations?updated_since=2000-01-01T00:00:00Z"
                      ).get_json()["total"] == 1
    assert client.get("/api/v1/observations?updated_since=2999-01-01T00:00:00%2B01:00"
                      ).get_json()["total"] == 0


def test_updated_since_without_an_offset_is_a_422(client):
    response = client.get("/api/v1/observations?updated_since=2025-01-01T00:00:00")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "query.updated_since"


# --- caching and concurrency ---------------------------------------------------------------

def test_an_unchanged_item_answers_304_to_its_etag(client, world, supplier):
    url = f"/api/v1/insights/{world.insight}"
    etag = client.get(url, headers=supplier).headers["ETag"]
    response = client.get(url, headers={**supplier, "If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""


def test_an_unchanged_list_answers_304_to_its_etag(client, world, supplier):
    etag = client.get("/api/v1/journeys", headers=supplier).headers["ETag"]
    assert client.get("/api/v1/journeys", headers={**supplier, "If-None-Match": etag}
                      ).status_code == 304


def test_an_update_without_if_match_is_a_428(client, world, writer):
    response = client.patch(f"/api/v1/insights/{world.draft_insight}", headers=writer,
                            json={"detail": "Mer"})
    assert response.status_code == 428


def test_a_stale_update_is_a_412_and_changes_nothing(client, world, writer):
    url = f"/api/v1/insights/{world.draft_insight}"
    etag = client.get(url, headers=writer).headers["ETag"]
    assert client.patch(url, headers={**writer, "If-Match": etag},
                        json={"detail": "Første"}).status_code == 200
    response = client.patch(url, headers={**writer, "If-Match": etag}, json={"detail": "Andre"})
    assert response.status_code == 412
    assert client.get(url, headers=writer).get_json()["detail"] == "Første"


# --- writes --------------------------------------------------------------------------------

def _patch(client, url: str, headers: dict, body: dict):
    etag = client.get(url, headers=headers).headers["ETag"]
    return client.patch(url, headers={**headers, "If-Match": etag}, json=body)


def test_staff_create_an_insight_as_a_draft_with_evidence(client, world, writer):
    response = client.post("/api/v1/insights", headers=writer, json={
        "statement": "Ny innsikt", "evidence": [world.observation], "themes": ["fall"]})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "draft" and body["evidence"] == [world.observation]
    assert response.headers["ETag"]


def test_staff_create_and_change_a_persona(client, world, writer):
    created = client.post("/api/v1/personas", headers=writer, json={
        "title": "Den travle pårørende", "age_band": "67-79", "stay_type": "avlastning"})
    assert created.status_code == 201, created.get_json()
    ref = created.get_json()["ref"]
    changed = _patch(client, f"/api/v1/personas/{ref}", writer, {"summary": "Kort"})
    assert changed.status_code == 200 and changed.get_json()["summary"] == "Kort"


def test_staff_create_a_journey_and_add_and_change_steps(client, world, writer):
    created = client.post("/api/v1/journeys", headers=writer, json={
        "title": "Avlastning", "stay_type": "avlastning"})
    assert created.status_code == 201, created.get_json()
    ref = created.get_json()["ref"]
    step = client.post(f"/api/v1/journeys/{ref}/steps", headers=writer, json={
        "stage": "ankomst", "title": "Ankomst", "emotion": 2})
    assert step.status_code == 201, step.get_json()
    step_url = f"/api/v1/journeys/{ref}/steps/{step.get_json()['id']}"
    assert _patch(client, step_url, writer, {"emotion": -2}).get_json()["emotion"] == -2
    assert _patch(client, f"/api/v1/journeys/{ref}", writer,
                  {"summary": "Ny"}).get_json()["summary"] == "Ny"


def test_a_privacy_finding_is_a_422_with_kind_and_position_never_the_value(client, world,
                                                                          writer):
    response = client.post("/api/v1/insights", headers=writer, json={
        "statement": "Ring Kari Nordmann på 950 34 910"})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    findings = response.get_json()["findings"]
    assert {"field": "statement", "kind": "phone", "start": 22, "end": 32} in findings
    assert "950 34 910" not in response.get_data(as_text=True)


def test_send_to_review_then_the_author_may_not_publish(client, world, writer):
    review = client.post(f"/api/v1/insights/{world.draft_insight}/review", headers=writer)
    assert review.status_code == 200 and review.get_json()["status"] == "in_review"
    # the writer token's user did not write the draft, so four eyes allows it
    published = client.post(f"/api/v1/insights/{world.draft_insight}/publish", headers=writer)
    assert published.status_code == 200 and published.get_json()["status"] == "published"


def test_the_author_may_not_publish_through_the_api(app, client, world, writer):
    created = client.post("/api/v1/insights", headers=writer, json={"statement": "Min egen"})
    ref = created.get_json()["ref"]
    client.post(f"/api/v1/insights/{ref}/review", headers=writer)
    response = client.post(f"/api/v1/insights/{ref}/publish", headers=writer)
    assert response.status_code == 403
    assert "Four-eyes" in response.get_json()["detail"]


def test_staff_answer_a_question_once(client, world, writer):
    url = f"/api/v1/questions/{world.open_question}/answer"
    response = client.post(url, headers=writer, json={"text": "Kjøkkenet på huset."})
    assert response.status_code == 200 and response.get_json()["state"] == "answered"
    assert client.post(url, headers=writer, json={"text": "Igjen"}).status_code == 409


def test_a_read_token_may_not_write(client, world, app):
    staff_read = auth(token(app, "staff"))
    assert client.post("/api/v1/insights", headers=staff_read,
                       json={"statement": "x"}).status_code == 403


# --- documentation -------------------------------------------------------------------------

def test_the_openapi_document_is_valid_3_1_and_declares_problem_errors(client):
    from openapi_spec_validator import validate

    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert operation.get("summary") or operation.get("description"), (method, path)
            assert "default" in operation["responses"] and "422" in operation["responses"]


def test_the_interactive_docs_use_local_assets_only(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in page and "https://" not in page
    assert client.get("/api/v1/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/v1/docs/start.js").status_code == 200


def test_the_guide_is_there_in_bokmal_and_english(client):
    english = client.get("/api/v1/guide", headers={"Accept-Language": "en"})
    assert english.status_code == 200 and "updated_since" in english.get_data(as_text=True)
    assert "Authorization: Bearer" in english.get_data(as_text=True)


@pytest.mark.parametrize("value", [{}, [None, None], ["a"], 3, True])
def test_a_text_field_that_is_not_text_is_a_422(client, world, writer, value):
    response = client.post("/api/v1/insights", headers=writer,
                           json={"statement": "Ny", "recommendation": value})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"].endswith("recommendation")


def test_lines_fields_also_take_a_list_of_strings(client, world, writer):
    response = client.post("/api/v1/personas", headers=writer, json={
        "title": "Liste", "age_band": "90+", "stay_type": "avlastning", "needs": ["En", "To"]})
    assert response.status_code == 201 and response.get_json()["needs"] == ["En", "To"]


def test_the_428_detail_follows_accept_language(client, world, writer):
    response = client.patch(f"/api/v1/insights/{world.draft_insight}",
                            headers={**writer, "Accept-Language": "nb"}, json={"detail": "Mer"})
    assert response.status_code == 428
    assert response.get_json()["detail"] == "Send elementets ETag i If-Match for å endre det."
