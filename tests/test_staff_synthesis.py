"""The staff workspace for insights, personas and journeys: writing, evidence, steps, review."""

import pytest
from sqlalchemy import select

from insight.extensions import db
from insight.models import AuditEvent, Insight, Journey, JourneyStep, Persona
from insight.services import journeys, synthesis
from insight.services.errors import InvalidInput
from insight.services.writing import SYSTEM

INSIGHT_FORM = {
    "statement": "Brukere vet for lite om oppholdet før det starter.",
    "detail": "Beskjeden kommer sent og muntlig.",
    "recommendation": "Hvordan kan vi gi en tidlig forklaring?",
    "confidence": "high", "themes": ["informasjon", "forutsigbarhet"], "visibility": "suppliers",
}
PERSONA_FORM = {
    "title": "Den handlekraftige etter hoftebruddet",
    "summary": "Vil hjem og klare seg selv.", "age_band": "80-89", "stay_type": "rehabilitering",
    "living_situation": "Bor alene i enebolig.",
    "needs": "  Vite hva som skal skje \r\n\r\nTrening utenom øktene\r\n",
    "goals": "Klare trappa hjemme", "frustrations": "Fikk vite om oppholdet sent",
    "quote": "Gi meg tid, så klarer jeg det selv.", "visibility": "suppliers",
}
JOURNEY_FORM = {
    "title": "Fra fallet til hverdagen hjemme", "summary": "Rehabilitering etter hoftebrudd.",
    "stay_type": "rehabilitering", "persona": "", "visibility": "suppliers",
}
STEP_FORM = {
    "stage": "ankomst", "title": "Ankomsten", "what_happens": "Hun kommer med ambulanse.",
    "thoughts": "Hvor er jeg nå?", "emotion": "-1",
    "pain_points": "Ingen tok imot\nRommet var ikke klart", "opportunities": "Fast vert",
}
FORMS = {"insights": INSIGHT_FORM, "personas": PERSONA_FORM, "journeys": JOURNEY_FORM}
MODELS = {"insights": Insight, "personas": Persona, "journeys": Journey}


def create(client, kinds, **fields):
    """Create an item through its page; returns its id."""
    response = client.post(f"/staff/{kinds}/new", data={**FORMS[kinds], **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rstrip("/").rsplit("/", 1)[1])


def add_step(client, journey_id, **fields):
    response = client.post(f"/staff/journeys/{journey_id}/steps/new",
                           data={**STEP_FORM, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rsplit("#step-", 1)[1])


def load(app, model, item_id, *names):
    with app.app_context():
        item = db.session.get(model, item_id)
        values = {name: getattr(item, name) for name in names}
        if "evidence" in names:
            values["evidence"] = sorted(o.ref for o in item.evidence)
        if "themes" in names:
            values["themes"] = [t.code for t in item.themes]
        if "persona" in names:
            values["persona"] = item.persona and item.persona.ref
        return values


def step_titles(app, journey_id):
    with app.app_context():
        return [(s.position, s.title) for s in db.session.get(Journey, journey_id).steps]


def events(app, action):
    with app.app_context():
        return [e.changes for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


# --- creating -------------------------------------------------------------------------------

def test_staff_create_an_insight_as_a_draft_with_themes_and_evidence(app, client, factory,
                                                                     login_as):
    first, second = factory.observation(), factory.observation()
    login_as("staff")
    insight_id = create(client, "insights", evidence=[second, first])
    stored = load(app, Insight, insight_id, "ref", "status", "confidence", "themes", "evidence")
    assert stored == {"ref": "INS-01", "status": "draft", "confidence": "high",
                      "themes": ["informasjon", "forutsigbarhet"],
                      "evidence": sorted([first, second])}
    assert events(app, "insight.create")[0]["evidence"] == [second, first]


def test_staff_create_a_persona_with_one_need_per_line(app, client, login_as):
    login_as("staff")
    persona_id = create(client, "personas")
    stored = load(app, Persona, persona_id, "ref", "status", "needs", "age_band")
    assert stored == {"ref": "PER-01", "status": "draft", "age_band": "80-89",
                      "needs": "Vite hva som skal skje\nTrening utenom øktene"}
    assert events(app, "persona.create") == [{"title": PERSONA_FORM["title"]}]


def test_staff_create_a_journey_that_follows_a_persona(app, client, login_as):
    login_as("staff")
    create(client, "personas")
    journey_id = create(client, "journeys", persona="PER-01")
    stored = load(app, Journey, journey_id, "ref", "status", "persona", "stay_type")
    assert stored == {"ref": "JRN-01", "status": "draft", "persona": "PER-01",
                      "stay_type": "rehabilitering"}
    assert len(events(app, "journey.create")) == 1


def test_refs_count_on_from_the_highest_in_use(app, client, login_as):
    login_as("staff")
    create(client, "insights")
    second = create(client, "insights")
    assert load(app, Insight, second, "ref") == {"ref": "INS-02"}


def test_the_insight_form_shows_what_is_wrong_and_keeps_the_input(app, client, login_as):
    login_as("staff")
    response = client.post("/staff/insights/new", data={**INSIGHT_FORM, "statement": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in page and 'aria-describedby="statement-hint statement-error"' \
        in page
    assert "Beskjeden kommer sent og muntlig." in page
    with app.app_context():
        assert db.session.scalar(select(Insight)) is None


def test_a_journey_with_an_unknown_persona_is_refused_next_to_the_field(app, client, login_as):
    login_as("staff")
    response = client.post("/staff/journeys/new", data={**JOURNEY_FORM, "persona": "PER-99"})
    assert response.status_code == 422
    assert 'id="persona-error"' in response.get_data(as_text=True)


# --- editing --------------------------------------------------------------------------------

def test_editing_an_insight_audits_a_diff_with_the_evidence_as_refs(app, client, factory,
                                                                    login_as):
    first, second = factory.observation(), factory.observation()
    login_as("staff")
    insight_id = create(client, "insights", evidence=[first])
    response = client.post(f"/staff/insights/{insight_id}", data={
        **INSIGHT_FORM, "confidence": "medium", "evidence": [first, second]})
    assert response.status_code == 302
    assert events(app, "insight.update") == [{
        "confidence": ["high", "medium"], "evidence": [[first], sorted([first, second])]}]


def test_saving_an_unchanged_insight_writes_no_audit_event(app, client, login_as):
    login_as("staff")
    insight_id = create(client, "insights")
    client.post(f"/staff/insights/{insight_id}", data=INSIGHT_FORM)
    assert events(app, "insight.update") == []


def test_editing_a_persona_audits_a_diff(app, client, login_as):
    login_as("staff")
    persona_id = create(client, "personas")
    client.post(f"/staff/personas/{persona_id}", data={**PERSONA_FORM, "goals": "Gå tur\nHage"})
    assert load(app, Persona, persona_id, "goals") == {"goals": "Gå tur\nHage"}
    assert events(app, "persona.update") == [{"goals": ["Klare trappa hjemme", "Gå tur\nHage"]}]


def test_editing_a_journey_audits_a_diff_with_the_persona_as_ref(app, client, login_as):
    login_as("staff")
    create(client, "personas")
    journey_id = create(client, "journeys")
    client.post(f"/staff/journeys/{journey_id}", data={**JOURNEY_FORM, "persona": "PER-01",
                                                       "visibility": "internal"})
    assert events(app, "journey.update") == [{"persona": [None, "PER-01"],
                                              "visibility": ["suppliers", "internal"]}]


def test_the_edit_page_is_filled_with_the_stored_values(client, factory, login_as):
    ref = factory.observation(title="Vaktskifte uten beskjed")
    login_as("staff")
    insight_id = create(client, "insights", evidence=[ref])
    page = client.get(f"/staff/insights/{insight_id}").get_data(as_text=True)
    assert INSIGHT_FORM["statement"] in page
    assert f'<input checked id="evidence-0" name="evidence" type="checkbox" value="{ref}">' in page
    assert "Vaktskifte uten beskjed" in page


# --- evidence -------------------------------------------------------------------------------

def test_evidence_search_offers_matching_observations_without_saving(app, client, factory,
                                                                      login_as):
    match = factory.observation(title="Ventetid på rommet", text="Rommet var ikke klart.")
    other = factory.observation(title="Maten var god", text="Middagen smakte godt.")
    login_as("staff")
    response = client.post("/staff/insights/new", data={
        **INSIGHT_FORM, "evidence_query": "ROMMET ikke", "find": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert match in page and other not in page
    assert "1 observasjon passer til «ROMMET ikke»." in page
    with app.app_context():
        assert db.session.scalar(select(Insight)) is None


def test_evidence_search_keeps_the_chosen_evidence_and_the_typed_text(client, factory,
                                                                        login_as):
    chosen = factory.observation(title="Informasjon ved ankomst")
    factory.observation(title="Søvn om natten", text="Lite søvn.")
    login_as("staff")
    page = client.post("/staff/insights/new", data={
        **INSIGHT_FORM, "statement": "Et utkast jeg skriver", "evidence": [chosen],
        "evidence_query": "søvn", "find": "1"}).get_data(as_text=True)
    assert "Et utkast jeg skriver" in page
    chosen_list = page.split('class="checkboxes evidence-chosen"')[1].split("</ul>")[0]
    assert chosen in chosen_list and "checked" in chosen_list


def test_evidence_search_matches_norwegian_letters_in_any_case(app, factory):
    ref = factory.observation(title="Ønsket mer trening", text="Ærlig talt for lite.")
    with app.app_context():
        assert [o.ref for o in synthesis.find_evidence_candidates("ønsket ærlig", 10)] == [ref]
        assert [o.ref for o in synthesis.find_evidence_candidates(ref.lower(), 10)] == [ref]


def test_evidence_search_leaves_out_archived_observations(app, factory):
    factory.observation(status="archived", title="Gammel observasjon om kveldsmat")
    kept = factory.observation(title="Ny observasjon om kveldsmat")
    with app.app_context():
        assert [o.ref for o in synthesis.find_evidence_candidates("kveldsmat", 10)] == [kept]


def test_evidence_search_treats_like_wildcards_as_plain_text(app, factory):
    factory.observation(title="Ingen prosent her")
    with app.app_context():
        assert synthesis.find_evidence_candidates("%", 10) == []
        assert synthesis.find_evidence_candidates("_", 10) == []


def test_chosen_search_results_become_evidence_when_saved(app, client, factory, login_as):
    found = factory.observation(title="Pårørende fikk ikke beskjed")
    login_as("staff")
    page = client.post("/staff/personas/new", data={
        **PERSONA_FORM, "evidence_query": "beskjed", "find": "1"}).get_data(as_text=True)
    assert found in page
    persona_id = create(client, "personas", evidence=[found])
    assert load(app, Persona, persona_id, "evidence") == {"evidence": [found]}


def test_unticking_evidence_removes_it_and_is_audited(app, client, factory, login_as):
    first, second = factory.observation(), factory.observation()
    login_as("staff")
    persona_id = create(client, "personas", evidence=[first, second])
    client.post(f"/staff/personas/{persona_id}", data={**PERSONA_FORM, "evidence": [second]})
    assert load(app, Persona, persona_id, "evidence") == {"evidence": [second]}
    assert events(app, "persona.update") == [{"evidence": [sorted([first, second]), [second]]}]


def test_unknown_evidence_is_refused_next_to_the_evidence_field(app, client, login_as):
    login_as("staff")
    response = client.post("/staff/insights/new", data={**INSIGHT_FORM, "evidence": ["OBS-9999"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="evidence-error"' in page and "ukjent observasjon OBS-9999" in page


# --- journey steps --------------------------------------------------------------------------

def test_add_a_step_with_its_evidence_at_the_end_of_the_journey(app, client, factory, login_as):
    ref = factory.observation()
    login_as("staff")
    journey_id = create(client, "journeys")
    add_step(client, journey_id, title="Først")
    step_id = add_step(client, journey_id, title="Så", evidence=[ref])
    stored = load(app, JourneyStep, step_id, "position", "emotion", "pain_points", "evidence")
    assert stored == {"position": 2, "emotion": -1, "evidence": [ref],
                      "pain_points": "Ingen tok imot\nRommet var ikke klart"}
    assert [e["title"] for e in events(app, "journey.add_step")] == ["Først", "Så"]


def test_editing_a_step_audits_a_diff_on_its_journey(app, client, login_as):
    login_as("staff")
    journey_id = create(client, "journeys")
    step_id = add_step(client, journey_id)
    response = client.post(f"/staff/journeys/{journey_id}/steps/{step_id}",
                           data={**STEP_FORM, "emotion": "2", "thoughts": "Endelig hjemme"})
    assert response.status_code == 302
    assert events(app, "journey.update_step") == [{
        "step": step_id, "emotion": [-1, 2], "thoughts": ["Hvor er jeg nå?", "Endelig hjemme"]}]


def test_the_step_form_offers_the_five_labelled_feelings(client, login_as):
    login_as("staff")
    journey_id = create(client, "journeys")
    page = client.get(f"/staff/journeys/{journey_id}/steps/new").get_data(as_text=True)
    options = page.split('id="emotion"')[1].split("</select>")[0]
    assert options.count("<option") == 5
    assert 'value="-2"' in options and 'value="2"' in options


@pytest.mark.parametrize("emotion", ["3", "-3", "many"])
def test_a_feeling_outside_minus_two_to_two_is_refused(app, client, login_as, emotion):
    login_as("staff")
    journey_id = create(client, "journeys")
    response = client.post(f"/staff/journeys/{journey_id}/steps/new",
                           data={**STEP_FORM, "emotion": emotion})
    assert response.status_code == 422
    assert 'id="emotion-error"' in response.get_data(as_text=True)
    assert step_titles(app, journey_id) == []


def test_the_service_refuses_a_feeling_outside_minus_two_to_two(app, client, login_as):
    login_as("staff")
    journey_id = create(client, "journeys")
    with app.app_context():
        journey = db.session.get(Journey, journey_id)
        with pytest.raises(InvalidInput) as error:
            journeys.add_step(journey, {**STEP_FORM, "emotion": 5}, SYSTEM)
        assert error.value.by_field() == {"emotion": ["must be from -2 to 2"]}


def test_steps_move_up_and_down(app, client, login_as):
    login_as("staff")
    journey_id = create(client, "journeys")
    first, second, third = (add_step(client, journey_id, title=t) for t in ("A", "B", "C"))
    client.post(f"/staff/journeys/{journey_id}/steps/{third}/move/up")
    assert step_titles(app, journey_id) == [(1, "A"), (2, "C"), (3, "B")]
    client.post(f"/staff/journeys/{journey_id}/steps/{first}/move/down")
    assert step_titles(app, journey_id) == [(1, "C"), (2, "A"), (3, "B")]
    assert events(app, "journey.move_step") == [{"step": third, "position": [3, 2]},
                                                 {"step": first, "position": [1, 2]}]


def test_the_first_step_cannot_move_up(app, client, login_as):
    login_as("staff")
    journey_id = create(client, "journeys")
    first = add_step(client, journey_id, title="A")
    add_step(client, journey_id, title="B")
    response = client.post(f"/staff/journeys/{journey_id}/steps/{first}/move/up",
                           follow_redirects=True)
    assert "allerede det første" in response.get_data(as_text=True)
    assert step_titles(app, journey_id) == [(1, "A"), (2, "B")]


def test_deleting_a_step_closes_the_gap_and_keeps_it_in_the_audit_log(app, client, login_as):
    login_as("staff")
    journey_id = create(client, "journeys")
    steps = [add_step(client, journey_id, title=t) for t in ("A", "B", "C")]
    response = client.post(f"/staff/journeys/{journey_id}/steps/{steps[1]}/delete")
    assert response.status_code == 302
    assert step_titles(app, journey_id) == [(1, "A"), (2, "C")]
    removed = events(app, "journey.delete_step")[0]
    assert removed["title"] == "B" and removed["position"] == 2


def test_a_step_is_only_reached_through_its_own_journey(client, login_as):
    login_as("staff")
    journey_id = create(client, "journeys")
    other_id = create(client, "journeys")
    step_id = add_step(client, journey_id)
    assert client.get(f"/staff/journeys/{other_id}/steps/{step_id}").status_code == 404
    assert client.post(f"/staff/journeys/{other_id}/steps/{step_id}/delete").status_code == 404


def test_the_journey_page_lists_its_steps_with_move_and_delete_buttons(client, login_as):
    login_as("staff")
    journey_id = create(client, "journeys")
    for title in ("Første steg", "Andre steg"):
        add_step(client, journey_id, title=title)
    page = client.get(f"/staff/journeys/{journey_id}").get_data(as_text=True)
    assert page.index("Første steg") < page.index("Andre steg")
    assert page.count("/move/up") == 1 and page.count("/move/down") == 1
    assert page.count("/delete") == 2


# --- review and publishing ------------------------------------------------------------------

@pytest.mark.parametrize("kinds", ["insights", "personas", "journeys"])
def test_the_author_cannot_publish_their_own_work(app, client, login_as, kinds):
    login_as("staff")
    item_id = create(client, kinds)
    client.post(f"/staff/{kinds}/{item_id}/send_to_review")
    response = client.post(f"/staff/{kinds}/{item_id}/publish", follow_redirects=True)
    assert "Fire-øyne-prinsippet:" in response.get_data(as_text=True)
    assert load(app, MODELS[kinds], item_id, "status") == {"status": "in_review"}


@pytest.mark.parametrize("kinds", ["insights", "personas", "journeys"])
def test_another_staff_member_approves_and_publishes(app, client, auth, login_as, kinds):
    login_as("staff")
    item_id = create(client, kinds)
    client.post(f"/staff/{kinds}/{item_id}/send_to_review")
    auth.logout()
    login_as("staff")
    client.post(f"/staff/{kinds}/{item_id}/publish")
    assert load(app, MODELS[kinds], item_id, "status") == {"status": "published"}
    kind = kinds.rstrip("s")
    assert len(events(app, f"{kind}.publish")) == 1


@pytest.mark.parametrize("kinds", ["insights", "personas", "journeys"])
def test_a_reviewer_sends_it_back_with_a_comment(app, client, auth, login_as, kinds):
    login_as("staff")
    item_id = create(client, kinds)
    client.post(f"/staff/{kinds}/{item_id}/send_to_review")
    auth.logout()
    login_as("staff")
    client.post(f"/staff/{kinds}/{item_id}/send_back", data={"comment": "Mer belegg"})
    assert load(app, MODELS[kinds], item_id, "status") == {"status": "draft"}
    kind = kinds.rstrip("s")
    assert events(app, f"{kind}.send_back") == [{"status": ["in_review", "draft"],
                                                 "comment": "Mer belegg"}]


def test_a_published_insight_can_be_unpublished_and_archived(app, client, auth, login_as):
    login_as("staff")
    item_id = create(client, "insights")
    client.post(f"/staff/insights/{item_id}/send_to_review")
    auth.logout()
    login_as("staff")
    client.post(f"/staff/insights/{item_id}/publish")
    client.post(f"/staff/insights/{item_id}/unpublish")
    assert load(app, Insight, item_id, "status") == {"status": "draft"}
    client.post(f"/staff/insights/{item_id}/archive")
    assert load(app, Insight, item_id, "status") == {"status": "archived"}


def test_the_edit_page_offers_the_actions_of_the_status(client, auth, login_as):
    login_as("staff")
    item_id = create(client, "personas")
    page = client.get(f"/staff/personas/{item_id}").get_data(as_text=True)
    assert f"/staff/personas/{item_id}/send_to_review" in page
    assert f"/staff/personas/{item_id}/publish" not in page
    client.post(f"/staff/personas/{item_id}/send_to_review")
    auth.logout()
    login_as("staff")  # a reviewer: the author is not offered a publish four eyes would refuse
    page = client.get(f"/staff/personas/{item_id}").get_data(as_text=True)
    assert f"/staff/personas/{item_id}/publish" in page and 'id="comment"' in page


def test_an_unknown_status_action_is_404(client, login_as):
    login_as("staff")
    item_id = create(client, "journeys")
    assert client.post(f"/staff/journeys/{item_id}/explode").status_code == 404


# --- workspace ------------------------------------------------------------------------------

def test_the_workspace_lists_drafts_and_reviews_of_every_kind(app, client, login_as):
    login_as("staff")
    create(client, "insights")
    waiting = create(client, "personas")
    client.post(f"/staff/personas/{waiting}/send_to_review")
    create(client, "journeys")
    page = client.get("/staff/").get_data(as_text=True)
    review, drafts = page.split('id="drafts-title"')
    assert "PER-01" in review and "PER-01" not in drafts
    assert "INS-01" in drafts and "JRN-01" in drafts
    assert "/staff/insights/new" in page and "/staff/journeys/new" in page


def test_the_new_pages_speak_bokmaal(client, login_as):
    login_as("staff")
    page = client.get("/staff/insights/new").get_data(as_text=True)
    assert "Ny innsikt" in page and "Belegg" in page


def test_personal_data_in_an_insight_is_marked_and_can_be_overridden_with_a_reason(
        app, client, login_as):
    login_as("staff")
    data = {"statement": "Brukeren leste høyt fra boka om Per Spelmann for de andre.",
            "detail": "", "recommendation": "Hvordan kan vi?", "confidence": "medium",
            "visibility": "suppliers"}
    first = client.post("/staff/insights/new", data=data)
    page = first.get_data(as_text=True)
    assert first.status_code == 422
    assert "<mark>Per Spelmann</mark>" in page
    key = "statement:person_name:32:44"
    assert f'value="{key}"' in page
    second = client.post("/staff/insights/new", data={
        **data, "override": key, f"reason-{key}": "Navnet på en folkevise, ikke en person"})
    assert second.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "privacy.override"))
        assert event.object_type == "insight" and event.changes["kind"] == "person_name"
