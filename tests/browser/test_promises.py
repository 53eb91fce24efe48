"""The flows that carry Innsikt's promises, in Chromium with CSRF on: personal data is blocked
and marked until staff override a false alarm with a reason (which the audit log keeps); a
supplier's answered question reaches other suppliers without the asker's name; a newly
published observation is found by a filtered search. English, so the test leans on the source
strings; one served app for the module, seeded with the demo data."""

from __future__ import annotations

import json

import pytest

from insight.extensions import db
from insight.services import accounts, observations, publishing, screening
from insight.services.demo import DEMO_PASSWORD
from tests.browser.conftest import add_supplier, demo_app, english_page, log_in_english, serving

STAFF, REVIEWER, ADMIN = ("ansatt@innsikt.example", "fagleder@innsikt.example",
                          "admin@innsikt.example")
ASKER = "leverandor@innsikt.example"  # "Demo leverandør" of "Demo Omsorgsteknologi AS"
OTHER_SUPPLIER = ("konkurrent@velferd.example", "Kari Konkurrent", "Velferdsteknikk Vest AS")


@pytest.fixture(scope="module")
def served(chromium_browser, tmp_path_factory, migrated_database):
    app = demo_app(tmp_path_factory.mktemp("promises"), migrated_database)
    add_supplier(app, *OTHER_SUPPLIER)
    with serving(app) as url:
        yield app, url


@pytest.fixture
def page(chromium_browser, served):
    with english_page(chromium_browser, served[1]) as page:
        yield page


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()


def test_personal_data_is_marked_then_one_false_alarm_is_overridden_and_audited(page):
    log_in_english(page, STAFF, DEMO_PASSWORD)
    page.goto("/staff/observations/new")
    page.get_by_label("Title").fill("Datteren ringte før middag")
    page.get_by_label("Observation", exact=True).fill(
        "Datteren, Ingrid Hansen, ringte 912 34 567 før middag.")
    page.get_by_label("Month").fill("2026-11")
    page.get_by_role("button", name="Save").click()

    findings = page.locator("section.privacy-findings")
    findings.wait_for()
    assert findings.locator("mark").all_inner_texts() == ["Ingrid Hansen", "912 34 567"]
    assert "/staff/observations/new" in page.url  # nothing was stored

    # The phone number goes; "Ingrid Hansen" is the name of the day room, a false alarm.
    page.get_by_label("Observation", exact=True).fill(
        "Datteren, Ingrid Hansen, ringte før middag.")
    name_finding = findings.locator("li", has_text="Ingrid Hansen")
    name_finding.get_by_role("checkbox").check()
    name_finding.get_by_label("Why is this not personal data?").fill(
        "Ingrid Hansen is the name of the day room, not a person")
    page.get_by_role("button", name="Save").click()

    flash = page.locator(".flashes")
    assert "is saved as a draft" in flash.inner_text()
    ref = page.locator("h1").inner_text().removeprefix("Edit ").strip()
    assert ref.startswith("OBS-")
    assert page.get_by_label("Observation", exact=True).input_value() == (
        "Datteren, Ingrid Hansen, ringte før middag.")
    log_out(page)

    log_in_english(page, ADMIN, DEMO_PASSWORD)
    page.goto(f"/admin/audit?action=privacy.override&object_id={ref}")
    row = page.locator("table tbody tr")  # the URL filters to this override
    assert row.count() == 1
    assert f"observation {ref}" in row.inner_text()
    assert STAFF in row.inner_text()
    changes = json.loads(row.locator("code.changes").inner_text())
    # Where and what kind, and why; never the overridden value itself.
    assert changes == {"field": "text", "kind": "person_name", "start": 10, "end": 23,
                       "reason": "Ingrid Hansen is the name of the day room, not a person"}


def test_another_supplier_reads_the_answer_without_the_askers_name(page):
    log_in_english(page, ASKER, DEMO_PASSWORD)
    page.goto("/questions/ask")
    page.get_by_label("Short title").fill("Hvor mange rom har avlastningsavdelingen?")
    page.get_by_label("Your question").fill(
        "Vi lurer på hvor mange rom avdelingen har til avlastning i sommer.")
    page.get_by_role("button", name="Send the question").click()
    assert "The answer will be published here" in page.locator(".flashes").inner_text()
    log_out(page)

    log_in_english(page, STAFF, DEMO_PASSWORD)
    page.goto("/staff/questions")
    question = page.locator("article.qa", has_text="Hvor mange rom har avlastningsavdelingen?")
    assert "Demo Omsorgsteknologi AS" in question.inner_text()  # staff see who asked
    question.get_by_label("Answer").fill("Avdelingen har seks rom til avlastning i sommer.")
    question.get_by_role("button", name="Publish the answer to all suppliers").click()
    assert "is answered and published to every supplier" in page.locator(
        ".flashes").inner_text()
    log_out(page)

    log_in_english(page, OTHER_SUPPLIER[0], DEMO_PASSWORD)
    page.goto("/questions")
    answered = page.locator("article.qa", has_text="Hvor mange rom har avlastningsavdelingen?")
    assert "Avdelingen har seks rom til avlastning i sommer." in answered.inner_text()
    pages = [page.content()]
    page.goto("/search?q=avlastningsavdelingen")
    page.locator("ol.results li.result", has_text="Hvor mange rom").wait_for()
    pages.append(page.content())
    for html in pages:
        for trace in ("Demo leverandør", "Demo Omsorgsteknologi", ASKER, "leverandor"):
            assert trace not in html, f"the asker shows to another supplier: {trace!r}"


def test_a_filtered_search_finds_a_newly_published_observation(page, served):
    app = served[0]
    with app.app_context():
        author, reviewer = accounts.find_by_email(STAFF), accounts.find_by_email(REVIEWER)
        refs = {}
        for stay_type in ("avlastning", "rehabilitering"):
            item = observations.create({
                "title": f"Brukeren ønsket solsikkefrø ({stay_type})",
                "text": "Brukeren spurte etter solsikkefrø til fuglebrettet utenfor vinduet.",
                "source": "intervju", "stay_type": stay_type,
                "journey_stage": "under_oppholdet", "actor": "bruker", "month": "2026-11",
                "age_band": "80-89", "visibility": "suppliers"}, author)
            publishing.send_to_review(item, author)
            publishing.publish(item, reviewer)  # a second staff member: four eyes
            refs[stay_type] = item.ref
        db.session.commit()

    log_in_english(page, ASKER, DEMO_PASSWORD)
    page.goto("/search?q=solsikkefrø")
    results = page.locator("ol.results li.result")
    assert sorted(results.locator(".meta").all_inner_texts()) == sorted(
        f"Observation · {ref}" for ref in refs.values())

    page.locator("fieldset", has_text="Stay type").get_by_label("Respite care").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**stay_type=avlastning**")
    assert results.locator(".meta").all_inner_texts() == [f"Observation · {refs['avlastning']}"]
    results.get_by_role("link").click()
    assert page.locator("h1").inner_text() == "Brukeren ønsket solsikkefrø (avlastning)"


def test_the_audit_log_shows_an_override_reason_in_bokmal_as_written(page, served):
    app = served[0]
    text = "Sønnen Per Olsen ringte og spurte om besøkstidene."
    with app.app_context():
        author = accounts.find_by_email(STAFF)
        reason = "Per Olsen er navnet på kafeen i første etasje, ikke en person"
        item = observations.create({
            "title": "Spørsmål om besøkstider", "text": text, "source": "intervju",
            "stay_type": "avlastning", "journey_stage": "ankomst", "actor": "parorende",
            "month": "2026-11", "age_band": "80-89"}, author,
            overrides=(screening.Override("text:person_name:7:16", reason),))
        db.session.commit()
        ref = item.ref
    log_in_english(page, ADMIN, DEMO_PASSWORD)
    page.goto(f"/admin/audit?action=privacy.override&object_id={ref}")
    row = page.locator("table tbody tr")  # the URL filters to this override
    assert reason in row.inner_text()
