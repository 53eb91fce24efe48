"""Statistics and journey maps as readers see them: pictures with tables, small counts hidden."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from insight.extensions import db
from insight.models import Journey


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def published_journey(app) -> tuple[str, int]:
    """The ref and step count of a public journey of the demo data."""
    with app.app_context():
        journey = db.session.scalar(select(Journey).where(Journey.status == "published",
                                                          Journey.visibility == "public"))
        return journey.ref, len(journey.steps)


def test_the_statistics_page_draws_four_charts_each_with_its_table(client, factory):
    factory.observation(visibility="public")
    page = client.get("/statistics").get_data(as_text=True)
    assert page.count("<svg") == 4
    assert page.count('<table class="data">') == 4


def test_a_small_count_reads_less_than_five_for_a_supplier(client, factory, login_as):
    for _ in range(3):
        factory.observation(source="workshop")
    for _ in range(6):
        factory.observation(source="intervju")
    login_as("supplier")
    page = client.get("/statistics").get_data(as_text=True)
    source_table = page.split('id="source-heading"')[1].split("</table>")[0]
    assert re.search(r"Workshop</th><td class=\"num\">&lt;5</td>", source_table)
    assert ">3<" not in source_table


def test_a_hidden_count_cannot_be_worked_out_from_the_totals(client, factory, login_as):
    for _ in range(3):
        factory.observation(stay_type="avlastning", journey_stage="ankomst")
    for _ in range(9):
        factory.observation(stay_type="avlastning", journey_stage="utreise")
    login_as("supplier")
    page = client.get("/statistics").get_data(as_text=True)
    grid = page.split('id="stages-heading"')[1].split("</table>")[0]
    assert ">9<" not in grid  # the complement of the 3 is hidden too
    assert ">12<" not in grid  # and so is the row total


def test_staff_see_exact_counts(client, factory, login_as):
    for _ in range(3):
        factory.observation(source="workshop")
    login_as("staff")
    page = client.get("/statistics").get_data(as_text=True)
    source_table = page.split('id="source-heading"')[1].split("</table>")[0]
    assert re.search(r"Workshop</th><td class=\"num\">3</td>", source_table)
    assert 'id="suppression-note"' not in page


def test_statistics_count_only_what_the_reader_may_see(client, factory):
    for _ in range(6):
        factory.observation(visibility="public", source="workshop")
    for _ in range(7):
        factory.observation(visibility="internal", source="intervju")
    page = client.get("/statistics").get_data(as_text=True)
    source_table = page.split('id="source-heading"')[1].split("</table>")[0]
    assert re.search(r"Workshop</th><td class=\"num\">6</td>", source_table)
    assert re.search(r"Intervju</th><td class=\"num\">0</td>", source_table)


def test_a_journey_page_draws_one_point_per_step_beside_a_table(app, client, demo):
    ref, steps = published_journey(app)
    page = client.get(f"/journeys/{ref}").get_data(as_text=True)
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count('<a href="#step-') == steps
    assert page.count('id="step-') == steps
    table = page.split('<table class="data">', 1)[1].split("</table>", 1)[0]
    assert table.count('<th scope="row">') == steps


def test_a_journey_map_downloads_as_an_svg_file(app, client, demo):
    ref, _ = published_journey(app)
    response = client.get(f"/journeys/{ref}/map.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True).startswith('<?xml version="1.0"')


def test_the_map_of_a_journey_the_reader_may_not_see_is_not_found(app, client, demo, login_as):
    ref, _ = published_journey(app)
    with app.app_context():
        db.session.scalar(select(Journey).where(Journey.ref == ref)).visibility = "internal"
        db.session.commit()
    assert client.get(f"/journeys/{ref}/map.svg").status_code == 404
    login_as("staff")
    assert client.get(f"/journeys/{ref}/map.svg").status_code == 200


def test_a_public_journey_does_not_name_an_internal_persona(app, client, demo):
    with app.app_context():
        journey = db.session.scalar(select(Journey).where(
            Journey.status == "published", Journey.visibility == "public",
            Journey.persona_id.is_not(None)))
        journey.persona.visibility = "internal"
        db.session.commit()
        ref, title = journey.ref, journey.persona.title
    page = client.get(f"/journeys/{ref}").get_data(as_text=True)
    assert title not in page


def test_a_persona_card_says_it_is_a_composite_and_links_its_journeys(app, client, demo):
    with app.app_context():
        journey = db.session.scalar(select(Journey).where(
            Journey.status == "published", Journey.visibility == "public",
            Journey.persona_id.is_not(None)))
        persona_ref, journey_ref = journey.persona.ref, journey.ref
    page = client.get(f"/personas/{persona_ref}").get_data(as_text=True)
    assert 'class="composite-notice"' in page
    assert f'href="/journeys/{journey_ref}"' in page


def test_an_observation_shows_the_journey_steps_that_cite_it(app, client, demo):
    with app.app_context():
        journey = db.session.scalar(select(Journey).where(
            Journey.status == "published", Journey.visibility == "public"))
        step = next(s for s in journey.steps if any(
            o.status == "published" and o.visibility == "public" for o in s.evidence))
        observation = next(o for o in step.evidence
                           if o.status == "published" and o.visibility == "public")
        ref, link = observation.ref, f"/journeys/{journey.ref}#step-{step.position}"
    page = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert f'href="{link}"' in page
