"""Landing counts, statistics and search results are computed once per content (or index)
version and visibility class: the next request after a publish shows the new figure, and a
figure counted for staff is never shown to a supplier or an anonymous reader (nor theirs to
staff)."""

from __future__ import annotations

import re

from sqlalchemy import event

from insight.extensions import db
from tests.conftest import PASSWORD


def landing_observations(client) -> int:
    page = client.get("/").get_data(as_text=True)
    return int(re.findall(r'<p class="count">(\d+)</p>', page)[0])


def statistics_source(client, label: str = "Intervju") -> str:
    page = client.get("/statistics").get_data(as_text=True)
    table = page.split("Observations by source")[-1] if "Observations by source" in page \
        else page.split("Observasjoner etter kilde")[-1]
    return re.search(rf'<th scope="row">{label}</th><td class="num">([^<]+)</td>',
                     table).group(1)


def logged_in(app, factory, role: str):
    client = app.test_client()
    _, email = factory.user(role)
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}
                       ).status_code == 302
    return client


def test_a_publish_changes_the_landing_count_on_the_next_request(app, factory):
    supplier = logged_in(app, factory, "supplier")
    factory.observation(visibility="suppliers")
    assert landing_observations(supplier) == 1
    assert landing_observations(supplier) == 1  # counted once, then read again
    factory.observation(visibility="suppliers")
    assert landing_observations(supplier) == 2


def test_a_withdrawal_changes_the_landing_count_on_the_next_request(app, factory, login_as,
                                                                    client):
    supplier = logged_in(app, factory, "supplier")
    ref = factory.observation(visibility="suppliers")
    assert landing_observations(supplier) == 1
    login_as("staff")
    assert client.post(f"/staff/observations/{_id(app, ref)}/unpublish").status_code == 302
    assert landing_observations(supplier) == 0


def _id(app, ref: str) -> int:
    from insight.models import Observation

    with app.app_context():
        return db.session.query(Observation.id).filter_by(ref=ref).scalar()


def test_a_publish_changes_the_statistics_on_the_next_request(app, factory):
    staff = logged_in(app, factory, "staff")
    for _ in range(3):
        factory.observation(visibility="internal", source="intervju")
    assert statistics_source(staff) == "3"
    factory.observation(visibility="internal", source="intervju")
    assert statistics_source(staff) == "4"


def test_a_supplier_never_sees_a_figure_counted_for_staff(app, factory):
    for _ in range(6):
        factory.observation(visibility="suppliers", source="intervju")
    for _ in range(7):
        factory.observation(visibility="internal", source="intervju")
    factory.observation(status="draft", visibility="suppliers")
    staff = logged_in(app, factory, "staff")
    assert landing_observations(staff) == 14  # staff count drafts and internal items
    assert statistics_source(staff) == "13"
    supplier = logged_in(app, factory, "supplier")
    assert landing_observations(supplier) == 6
    assert statistics_source(supplier) == "6"
    anonymous = app.test_client()
    assert landing_observations(anonymous) == 0
    assert statistics_source(anonymous) == "0"


def test_staff_never_see_a_figure_counted_for_a_supplier(app, factory):
    for _ in range(6):
        factory.observation(visibility="suppliers", source="intervju")
    factory.observation(visibility="internal", source="intervju")
    supplier = logged_in(app, factory, "supplier")
    assert statistics_source(supplier) == "6"
    assert landing_observations(supplier) == 6
    staff = logged_in(app, factory, "staff")
    assert statistics_source(staff) == "7"
    assert landing_observations(staff) == 7


def test_the_statistics_are_not_counted_again_while_nothing_changes(app, factory):
    factory.observation(visibility="suppliers")
    supplier = logged_in(app, factory, "supplier")
    supplier.get("/statistics")
    counted = []
    with app.app_context():
        engine = db.engine

    def watch(conn, cursor, statement, *args) -> None:
        if "count(" in statement.lower() and "observation" in statement.lower():
            counted.append(statement)  # (the content version is read from the change log)

    event.listen(engine, "before_cursor_execute", watch)
    try:
        assert supplier.get("/statistics").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert counted == []


def search_total(client, words: str) -> int:
    """The number of results the search page reports."""
    response = client.get(f"/search?q={words}")
    assert response.status_code == 200, response.data
    found = re.search(r'<p role="status">(\d+) (?:treff|results?)</p>',
                      response.get_data(as_text=True))
    assert found, "the search page reports its number of results"
    return int(found.group(1))


def test_a_repeated_search_finds_what_was_published_since(app, factory):
    factory.observation(visibility="public", title="Rullatoren sto i gangen")
    anonymous = app.test_client()
    assert search_total(anonymous, "rullatoren") == 1
    assert search_total(anonymous, "rullatoren") == 1  # the same search again, remembered
    factory.observation(visibility="public", title="Rullatoren var for tung")
    assert search_total(anonymous, "rullatoren") == 2


def test_a_search_remembered_for_staff_never_answers_a_supplier(app, factory):
    factory.observation(visibility="suppliers", title="Rullatoren sto i gangen")
    factory.observation(visibility="internal", title="Rullatoren var for tung")
    staff = logged_in(app, factory, "staff")
    supplier = logged_in(app, factory, "supplier")
    assert search_total(staff, "rullatoren") == 2
    assert search_total(supplier, "rullatoren") == 1
    assert search_total(app.test_client(), "rullatoren") == 0
    assert search_total(staff, "rullatoren") == 2
