"""The landing page orients a bidder: which competition, how the material was gathered,
where to start, what is new since the last visit; an admin edits the competition's facts."""

from __future__ import annotations


def save_settings(client, **fields):
    data = {"municipality": "", "competition_title": "", "competition_summary": "",
            "dialogue_opens": "", "questions_close": "", "announcement": "", "contact": ""}
    data.update(fields)
    return client.post("/admin/settings", data=data)


def test_an_admin_names_the_municipality_and_competition_on_the_landing_page(client, login_as):
    login_as("admin")
    response = save_settings(client, municipality="Fjordvik kommune",
                             competition_title="Fremtidens korttidsopphold",
                             questions_close="2027-02-01")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Fjordvik kommune" in page
    assert "Fremtidens korttidsopphold" in page
    assert "2027" in page


def test_a_settings_change_is_audited(client, login_as):
    login_as("admin")
    save_settings(client, municipality="Fjordvik kommune")
    audit = client.get("/admin/audit?action=settings.update").get_data(as_text=True)
    assert "settings.update" in audit


def test_questions_cannot_close_before_the_dialogue_opens(client, login_as):
    login_as("admin")
    response = save_settings(client, dialogue_opens="2027-03-01", questions_close="2027-02-01")
    assert response.status_code == 422


def test_staff_cannot_change_the_site_settings(client, login_as):
    login_as("staff")
    assert save_settings(client, municipality="X").status_code == 403


def test_the_landing_page_says_where_to_start_and_how_the_material_was_gathered(client,
                                                                                 factory):
    for _ in range(6):
        factory.observation(visibility="public", source="intervju", month="2025-02")
    factory.observation(visibility="public", source="workshop", month="2025-09")
    page = client.get("/").get_data(as_text=True)
    start = page.split('id="start-title"')[1].split("</section>")[0]
    assert start.index("/personas") < start.index("/journeys") < start.index("/insights")
    method = page.split('id="method-title"')[1].split("</section>")[0]
    assert "februar 2025" in method and "september 2025" in method
    assert "Intervju</th><td class=\"num\">×" in method or ">6<" in method
    assert "&lt;5" in method  # one workshop is a small count for the public


def test_a_returning_reader_sees_what_is_new_since_the_last_visit(client, factory):
    factory.observation(visibility="public")
    first = client.get("/").get_data(as_text=True)
    assert 'id="new-since-last-visit"' not in first
    factory.observation(visibility="public")
    factory.observation(visibility="public")
    again = client.get("/").get_data(as_text=True)
    assert 'id="new-since-last-visit"' in again
    assert ">2 " in again.split('id="new-since-last-visit"')[1].split("</p>")[0]


def test_the_landing_page_has_a_search_box(client):
    page = client.get("/").get_data(as_text=True)
    assert 'role="search"' in page and 'name="q"' in page
