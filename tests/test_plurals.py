"""Counts read as language in both catalogues: "1 observation" and "2 observations", "1
brukerreise" and "2 brukerreiser", never "1 observasjoner" (ngettext, not a fixed plural)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from insight.extensions import db
from insight.services import accounts, insights, journeys, personas, publishing
from tests.conftest import PASSWORD
from tests.test_access import INSIGHT_FORM, JOURNEY_FORM, PERSONA_FORM
from tests.test_bidpack import download_pack


def publish_all(app, make) -> list[str]:
    """Create items with `make(author)` and publish them with a second staff member."""
    with app.app_context():
        author = accounts.find_by_email("factory-author@example.no")
        reviewer = accounts.find_by_email("factory-reviewer@example.no")
        items = make(author)
        for item in items:
            publishing.send_to_review(item, author)
            publishing.publish(item, reviewer)
        db.session.commit()
        return [item.ref for item in items]


def synthesis(app, factory, n: int) -> None:
    """`n` published public personas, journeys and insights (each citing one observation)."""
    evidence = factory.observation(visibility="public")

    def make(author):
        made = []
        for i in range(n):
            made.append(personas.create({**PERSONA_FORM, "title": f"Persona {i}",
                                         "evidence": [evidence]}, author))
            made.append(journeys.create({**JOURNEY_FORM, "persona": None,
                                         "title": f"Reise {i}"}, author))
            made.append(insights.create({**INSIGHT_FORM, "statement": f"Innsikt nummer {i}.",
                                         "evidence": [evidence]}, author))
        return made

    publish_all(app, make)


def persona_citing(app, factory, n: int) -> str:
    refs = [factory.observation(visibility="public") for _ in range(n)]
    return publish_all(app, lambda author: [
        personas.create({**PERSONA_FORM, "evidence": refs}, author)])[0]


def page(client, path: str, lang: str) -> str:
    text = client.get(f"{path}?lang={lang}").get_data(as_text=True)
    return re.sub(r"\s+", " ", text)


# --- the landing page's "where to start" ---------------------------------------------------

LANDING = {
    ("en", 1): ["(1 persona).", "(1 journey).", "(1 insight)."],
    ("en", 2): ["(2 personas).", "(2 journeys).", "(2 insights)."],
    ("nb", 1): ["(1 persona).", "(1 brukerreise).", "(1 innsikt)."],
    ("nb", 2): ["(2 personas).", "(2 brukerreiser).", "(2 innsikter)."],
}


@pytest.mark.parametrize(("lang", "n"), sorted(LANDING))
def test_the_landing_page_counts_personas_journeys_and_insights_in_number(app, client, factory,
                                                                            lang, n):
    synthesis(app, factory, n)
    html = page(client, "/", lang)
    for phrase in LANDING[(lang, n)]:
        assert phrase in html


# --- "based on N observations" on the persona card, the card list and the bid pack's card ---

BASED_ON = {("en", 1): "Based on 1 observation<", ("en", 2): "Based on 2 observations<",
            ("nb", 1): "Bygger på 1 observasjon<", ("nb", 2): "Bygger på 2 observasjoner<"}


@pytest.mark.parametrize(("lang", "n"), sorted(BASED_ON))
def test_a_persona_card_says_how_many_observations_it_rests_on_in_number(app, client, factory,
                                                                          lang, n):
    ref = persona_citing(app, factory, n)
    assert BASED_ON[(lang, n)] in page(client, f"/personas/{ref}", lang)


@pytest.mark.parametrize(("lang", "n"), sorted(BASED_ON))
def test_the_persona_list_says_how_many_observations_each_rests_on_in_number(app, client,
                                                                             factory, lang, n):
    persona_citing(app, factory, n)
    assert BASED_ON[(lang, n)] in page(client, "/personas", lang)


@pytest.mark.parametrize(("n", "heading"), [(1, "Basert på 1 observasjon<"),
                                            (2, "Basert på 2 observasjoner<")])
def test_the_bid_packs_persona_card_counts_in_number(app, client, factory, n, heading):
    ref = persona_citing(app, factory, n)
    _, email = factory.user("supplier")
    client.post("/auth/login", data={"email": email, "password": PASSWORD})
    card = zipfile.ZipFile(io.BytesIO(download_pack(client))).read(
        f"persona-cards/{ref}.html").decode("utf-8")
    assert heading in card
