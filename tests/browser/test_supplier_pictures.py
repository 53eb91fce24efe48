"""What a supplier sees in pictures: persona card → journey map → step → evidence, statistics,
and a persona card that prints on one A4 page. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_persona_card_leads_to_its_journey_map_and_a_steps_evidence(page):
    page.goto("/journeys")
    page.locator("main a[href^='/journeys/']").first.click()
    page.locator("p.meta a[href^='/personas/']").click()
    assert page.locator(".composite-notice").is_visible()
    shoot(page, "persona-card")

    page.locator("ul.persona-journeys a").first.click()
    svg = page.locator("svg[data-chart=journey-map]").first
    steps = page.locator("ol.journey > li.step").count()
    assert svg.locator("a").count() == steps
    shoot(page, "journey-map")

    svg.locator("a").nth(1).focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#step-2")
    step = page.locator("#step-2")
    evidence = step.locator("ul.evidence a").first
    ref = evidence.inner_text()
    evidence.click()
    assert ref in page.locator("p.meta").inner_text()


def test_the_statistics_page_shows_four_charts_with_tables(page):
    page.goto("/statistics")
    assert page.locator("svg[role=img]").count() == 4
    assert page.locator("table.data").count() == 4
    shoot(page, "statistics")


def test_a_persona_card_prints_on_one_a4_page(page):
    page.goto("/personas")
    page.locator("ul.persona-cards h2 a").first.click()
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Hovedmeny").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_the_landing_page_screenshot(page):
    page.goto("/")
    shoot(page, "landing")
