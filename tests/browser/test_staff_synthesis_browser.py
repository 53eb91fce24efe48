"""Insights, personas and journeys in the staff workspace, in a real browser with CSRF on."""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from insight.services.demo import DEMO_PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/staff/", "/staff/insights/new", "/staff/insights/1", "/staff/personas/new",
         "/staff/personas/1", "/staff/journeys/new", "/staff/journeys/1",
         "/staff/journeys/1/steps/new", "/staff/journeys/1/steps/1"]


def log_in(page, email="ansatt@innsikt.example"):
    page.goto("/auth/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def violations(page, path):
    page.goto(path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]]


def test_the_synthesis_pages_have_no_wcag_violations(axe_page):
    page = axe_page  # axe is injected as an inline script: this context bypasses the CSP
    if not AXE.exists():
        message = "axe-core is not installed (npm install); skipping the accessibility check"
        if os.environ.get("INSIGHT_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    log_in(page)
    for path in PAGES:
        found = violations(page, path)
        assert found == [], f"{path}: {json.dumps(found, indent=1)}"


def test_staff_write_an_insight_with_evidence_found_by_searching(page):
    log_in(page)
    page.goto("/staff/")
    page.get_by_role("link", name="Ny innsikt").click()
    page.get_by_label("Utsagn").fill("Beskjeden om oppholdet kommer for sent.")
    page.get_by_label("Finn observasjoner").fill("postkassen")
    page.get_by_role("button", name="Søk").click()
    assert "passer til «postkassen»" in page.get_by_role("status").last.inner_text()
    assert page.get_by_label("Utsagn").input_value() == "Beskjeden om oppholdet kommer for sent."
    page.locator(".evidence-found input[type=checkbox]").first.check()
    page.get_by_role("button", name="Lagre").click()
    assert "er lagret som utkast" in page.locator(".flashes").inner_text()
    assert page.locator(".evidence-chosen input:checked").count() == 1


def test_staff_add_and_reorder_journey_steps(page):
    log_in(page)
    page.goto("/staff/journeys/new")
    page.get_by_label("Tittel").fill("Nettleserreisen")
    page.get_by_role("button", name="Lagre").click()
    for title in ("Første", "Andre"):
        page.get_by_role("link", name="Legg til et steg").click()
        page.get_by_label("Tittel").fill(title)
        page.get_by_label("Følelse").select_option("-1")
        page.get_by_role("button", name="Lagre").click()
    page.locator("li.step", has_text="Første").get_by_role("button", name="Flytt ned").click()
    # The move reloads the page: wait for the new order before reading it.
    expect(page.locator("ol.journey h3").first).to_contain_text("Andre")
    headings = page.locator("ol.journey h3").all_inner_texts()
    assert [h.split("\n")[-1].strip() for h in headings] == ["Andre", "Første"]
