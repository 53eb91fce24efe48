"""The reading side as anonymous visitors, suppliers and staff see it."""

import pytest

from insight.extensions import db
from insight.services import insights


def test_landing_page_is_bokmaal_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert "korttidsopphold" in page.lower()


def test_language_switch_shows_english_and_remembers_it(client):
    response = client.post("/language/en", data={"next": "/observations"})
    assert response.status_code == 302 and response.location == "/observations"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Insight into short-term stays" in page


def test_language_switch_ignores_a_foreign_next_link(client):
    response = client.post("/language/en", data={"next": "//evil.example/"})
    assert response.location == "/"


@pytest.mark.parametrize(("role", "visible"), [
    ("anonymous", {"public"}),
    ("supplier", {"public", "suppliers"}),
    ("staff", {"public", "suppliers", "internal", "draft"}),
    ("admin", {"public", "suppliers", "internal", "draft"}),
])
def test_observation_list_shows_what_each_role_may_read(client, factory, login_as, role, visible):
    refs = {
        "public": factory.observation(visibility="public", title="Offentlig observasjon her"),
        "suppliers": factory.observation(visibility="suppliers", title="Leverandørobservasjon her"),
        "internal": factory.observation(visibility="internal", title="Intern observasjon her"),
        "draft": factory.observation(status="draft", visibility="public", title="Utkast her"),
    }
    login_as(role)
    page = client.get("/observations").get_data(as_text=True)
    shown = {name for name, ref in refs.items() if ref in page}
    assert shown == visible


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("supplier", 404), ("staff", 200),
])
def test_a_suppliers_only_observation_is_hidden_from_those_who_may_not_read_it(
        client, factory, login_as, role, status):
    ref = factory.observation(visibility="internal")
    login_as(role)
    response = client.get(f"/observations/{ref}")
    expected = 404 if role == "anonymous" else status
    assert response.status_code == expected


def test_observation_page_shows_its_facts_with_vocabulary_labels(client, factory):
    ref = factory.observation(visibility="public", stay_type="etter_sykehus",
                              journey_stage="utreise", themes=["hjemreise", "legemidler"])
    page = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert "Opphold etter sykehusinnleggelse" in page
    assert "Utreise" in page and "Hjemreise" in page and "Legemidler" in page


def test_observation_list_filters_by_stay_type(client, factory):
    rehab = factory.observation(visibility="public", stay_type="rehabilitering")
    respite = factory.observation(visibility="public", stay_type="avlastning")
    page = client.get("/observations?stay_type=avlastning").get_data(as_text=True)
    assert respite in page and rehab not in page


def test_text_is_escaped_everywhere(client, factory):
    ref = factory.observation(visibility="public", title="<script>alert(1)</script> tittel")
    for url in ("/observations", f"/observations/{ref}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;" in page


def create_insight(app, evidence, **fields):
    from insight.services import accounts, publishing
    from tests.conftest import PASSWORD

    data = {"ref": "INS-01", "statement": "Pårørende mangler informasjon før oppholdet",
            "detail": "Mønsteret går igjen.", "recommendation": "Hvordan kan vi informere tidlig?",
            "confidence": "high", "themes": ["informasjon"], "evidence": evidence,
            "visibility": "public"}
    data.update(fields)
    with app.app_context():
        author = accounts.create_user("forfatter@example.no", PASSWORD, "staff")
        reviewer = accounts.create_user("kontroll@example.no", PASSWORD, "staff")
        item = insights.create(data, author)
        publishing.send_to_review(item, author)
        publishing.publish(item, reviewer)
        db.session.commit()


def test_insight_links_its_evidence_and_the_observation_links_back(app, client, factory):
    ref = factory.observation(visibility="public")
    create_insight(app, [ref])
    insight_page = client.get("/insights/INS-01").get_data(as_text=True)
    assert f'href="/observations/{ref}"' in insight_page
    observation_page = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert 'href="/insights/INS-01"' in observation_page


def test_evidence_a_reader_may_not_see_is_marked_not_linked(app, client, factory):
    public = factory.observation(visibility="public")
    internal = factory.observation(visibility="internal")
    create_insight(app, [public, internal])
    client.post("/language/en", data={"next": "/"})
    page = client.get("/insights/INS-01").get_data(as_text=True)
    assert public in page and internal not in page
    assert "An observation the municipality keeps internal" in page
    assert "not shown to you" not in page


def test_unknown_page_gives_an_html_404(client):
    response = client.get("/finnes-ikke")
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")
    assert "<h1>" in response.get_data(as_text=True)


def test_forbidden_page_gives_an_html_403(client, login_as):
    login_as("supplier")
    response = client.get("/staff/")
    assert response.status_code == 403
    assert response.content_type.startswith("text/html")


def test_server_error_gives_an_html_500_without_details(app):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert response.content_type.startswith("text/html")


def test_pages_have_landmarks_a_skip_link_and_one_h1(client):
    page = client.get("/").get_data(as_text=True)
    assert '<main id="main"' in page and "<header" in page and "<footer" in page
    assert 'href="#main"' in page
    assert page.count("<h1") == 1
