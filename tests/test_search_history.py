"""A document is ranked the same however it reached the index: written on its own after each
change, or by `flask search rebuild`, once or twice, on every search backend."""

import pytest

from insight.extensions import db
from insight.services import accounts, tokens

pytestmark = pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend

DEMO_QUERIES = ("fall", "isen ved postkassen", "trygghetsalarm", "hofte", "natt", "sengealarm",
                "pårørende", "sykehjem", "mat og måltider", "ensomhet", "hjemreise",
                "utskrivning fra sykehus", "hvordan opplever brukeren ventetiden", "demens")


def staff_token(app) -> str:
    with app.app_context():
        user = accounts.create_user("history@search.no", "et-langt-passord", "staff")
        _, raw = tokens.create_token(user, "test", "read")
        db.session.commit()
        return raw


def ranked(client, token: str, queries, sort: str = "relevance") -> dict:
    """Every query's full ranked list: (ref, type, score) in order."""
    out = {}
    for q in queries:
        response = client.get("/api/v1/search", headers={"Authorization": f"Bearer {token}"},
                              query_string={"q": q, "sort": sort, "page_size": 100})
        assert response.status_code == 200, response.get_json()
        out[q] = [(i["ref"], i["type"], round(i["score"], 9))
                  for i in response.get_json()["items"]]
    return out


def rebuild(runner) -> None:
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output


def test_seed_data_indexed_as_it_is_written_ranks_as_after_a_rebuild(app, client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    token = staff_token(app)
    incremental = ranked(client, token, DEMO_QUERIES)
    newest = ranked(client, token, DEMO_QUERIES, sort="newest")
    assert sum(map(len, incremental.values())) > 50  # the queries find the demo content
    rebuild(runner)
    assert ranked(client, token, DEMO_QUERIES) == incremental
    assert ranked(client, token, DEMO_QUERIES, sort="newest") == newest


def test_two_rebuilds_give_identical_results(app, client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    token = staff_token(app)
    rebuild(runner)
    first = ranked(client, token, DEMO_QUERIES)
    first_newest = ranked(client, token, DEMO_QUERIES, sort="newest")
    rebuild(runner)
    assert ranked(client, token, DEMO_QUERIES) == first
    assert ranked(client, token, DEMO_QUERIES, sort="newest") == first_newest


# Created one by one, a compound comes before the texts that make its parts common words: a
# splitter that learned from what it had indexed split the first text differently from a
# rebuild, which had read them all.
ONE_BY_ONE = [
    "Sengealarmen varslet nattevakten da hun sto opp.",
    "Hun ville ikke ha alarm på sengen.",
    "Sengen var for lav, og alarm ble montert.",
    "Ny seng og alarm etter fallet; sengen står nå ved vinduet.",
    "Nattevakt og dagvakt delte ansvar for alarm og seng.",
    "Vakten sa at sengealarm og sengesensor er det samme.",
]


def test_documents_created_one_by_one_rank_as_after_a_rebuild(app, client, runner, factory):
    refs = [factory.observation(title=f"Tilsyn {i}", text=text)
            for i, text in enumerate(ONE_BY_ONE)]
    token = staff_token(app)
    queries = ("sengealarm", "seng", "alarm", "nattevakt", "vakt", "sengesensor alarm")
    incremental = ranked(client, token, queries)
    assert set(refs) <= {ref for hits in incremental.values() for ref, _, _ in hits}
    rebuild(runner)
    assert ranked(client, token, queries) == incremental


def test_newest_sort_breaks_ties_of_one_date_by_document_not_by_writing_order(
        app, client, runner, factory):
    # One month for all: every date ties. An edit rewrites the first document last.
    refs = [factory.observation(text="Brukeren fikk besøk av frivillige.", month="2025-03")
            for _ in range(5)]
    with app.app_context():
        from insight.models import Observation

        first = db.session.scalar(db.select(Observation).filter_by(ref=refs[0]))
        first.title = "Besøk av frivillige, endret"
        db.session.commit()
    token = staff_token(app)
    listed = [ref for ref, _, _ in ranked(client, token, ["frivillige"], sort="newest")
              ["frivillige"]]
    assert listed == sorted(refs)
    rebuild(runner)
    assert [ref for ref, _, _ in ranked(client, token, ["frivillige"], sort="newest")
            ["frivillige"]] == listed
