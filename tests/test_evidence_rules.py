"""Published content cites only published evidence; withdrawn evidence is marked, never dropped."""

from insight.extensions import db
from insight.models import Insight, Journey, Observation, Persona, User
from insight.services import publishing
from tests.test_staff_synthesis import add_step, create


def status(app, model, item_id):
    with app.app_context():
        return db.session.get(model, item_id).status


def status_of_ref(app, ref):
    with app.app_context():
        return db.session.query(Observation).filter_by(ref=ref).one().status


def to_review(client, kinds, item_id):
    response = client.post(f"/staff/{kinds}/{item_id}/send_to_review")
    assert response.status_code == 302


def publish_as_other(client, auth, login_as, kinds, item_id):
    auth.logout()
    login_as("staff")
    return client.post(f"/staff/{kinds}/{item_id}/publish", follow_redirects=True)


def test_publishing_an_insight_citing_a_draft_is_refused_naming_the_draft(
        app, client, auth, factory, login_as):
    published = factory.observation()
    draft = factory.observation(status="draft", title="Utkastet om nattevakten")
    login_as("staff")
    insight_id = create(client, "insights", evidence=[published, draft])
    to_review(client, "insights", insight_id)
    page = publish_as_other(client, auth, login_as, "insights", insight_id).get_data(as_text=True)
    assert status(app, Insight, insight_id) == "in_review"
    refusal = page.split('class="flash flash-error">')[1].split("</p>")[0]
    assert draft in refusal and "Utkastet om nattevakten" in refusal
    assert published not in refusal


def test_publishing_a_persona_citing_an_observation_in_review_is_refused(
        app, client, auth, factory, login_as):
    waiting = factory.observation(status="in_review")
    login_as("staff")
    persona_id = create(client, "personas", evidence=[waiting])
    to_review(client, "personas", persona_id)
    page = publish_as_other(client, auth, login_as, "personas", persona_id).get_data(as_text=True)
    assert status(app, Persona, persona_id) == "in_review"
    assert waiting in page


def test_publishing_a_journey_whose_step_cites_an_archived_observation_is_refused(
        app, client, auth, factory, login_as):
    archived = factory.observation(status="archived")
    login_as("staff")
    journey_id = create(client, "journeys")
    add_step(client, journey_id, evidence=[archived])
    to_review(client, "journeys", journey_id)
    page = publish_as_other(client, auth, login_as, "journeys", journey_id).get_data(as_text=True)
    assert status(app, Journey, journey_id) == "in_review"
    assert archived in page


def test_publishing_content_citing_only_published_evidence_succeeds(
        app, client, auth, factory, login_as):
    published = factory.observation()
    login_as("staff")
    insight_id = create(client, "insights", evidence=[published])
    to_review(client, "insights", insight_id)
    publish_as_other(client, auth, login_as, "insights", insight_id)
    assert status(app, Insight, insight_id) == "published"


def test_the_refusal_lists_one_problem_per_draft(app, factory):
    first = factory.observation(status="draft")
    second = factory.observation(status="draft")
    with app.app_context():
        observations = db.session.query(Observation).filter(
            Observation.ref.in_([first, second])).all()
        item = Insight(ref="INS-T", statement="s", detail="", recommendation="",
                       confidence="low", visibility="suppliers", evidence=observations)
        problems = publishing.unpublished_evidence(item)
    assert [p.field for p in problems] == ["evidence", "evidence"]
    assert {first, second} == {p.message.params["ref"] for p in problems}


def published_insight_citing(app, client, auth, factory, login_as, *refs):
    login_as("staff")
    insight_id = create(client, "insights", evidence=list(refs))
    to_review(client, "insights", insight_id)
    publish_as_other(client, auth, login_as, "insights", insight_id)
    assert status(app, Insight, insight_id) == "published"
    with app.app_context():
        return db.session.get(Insight, insight_id).ref


def test_withdrawn_evidence_of_a_published_insight_is_marked_for_suppliers(
        app, client, auth, factory, login_as):
    kept = factory.observation()
    withdrawn = factory.observation(title="Den tilbaketrukne")
    ref = published_insight_citing(app, client, auth, factory, login_as, kept, withdrawn)
    with app.app_context():
        item = db.session.query(Observation).filter_by(ref=withdrawn).one()
        publishing.archive(item, db.session.get(User, item.author_id))
        db.session.commit()
    auth.logout()
    login_as("supplier")
    client.post("/language/en", data={"next": "/"})
    page = client.get(f"/insights/{ref}").get_data(as_text=True)
    assert withdrawn in page and "withdrawn" in page
    assert "Den tilbaketrukne" not in page  # the content of a withdrawn item is not shown
    assert "not shown" not in page  # no hidden count
    assert f'/observations/{kept}"' in page


def test_staff_see_withdrawn_evidence_marked_with_its_link(app, client, auth, factory, login_as):
    withdrawn = factory.observation()
    ref = published_insight_citing(app, client, auth, factory, login_as, withdrawn)
    with app.app_context():
        item = db.session.query(Observation).filter_by(ref=withdrawn).one()
        publishing.unpublish(item, db.session.get(User, item.author_id))
        db.session.commit()
    client.post("/language/en", data={"next": "/"})
    page = client.get(f"/insights/{ref}").get_data(as_text=True)
    assert f'/observations/{withdrawn}"' in page and "withdrawn" in page


def test_a_persona_counts_only_the_published_evidence_it_is_based_on(
        app, client, auth, factory, login_as):
    kept, withdrawn = factory.observation(), factory.observation()
    login_as("staff")
    persona_id = create(client, "personas", evidence=[kept, withdrawn], visibility="public")
    to_review(client, "personas", persona_id)
    publish_as_other(client, auth, login_as, "personas", persona_id)
    with app.app_context():
        item = db.session.query(Observation).filter_by(ref=withdrawn).one()
        publishing.archive(item, db.session.get(User, item.author_id))
        persona_ref = db.session.get(Persona, persona_id).ref
        db.session.commit()
    auth.logout()
    client.post("/language/en", data={"next": "/"})
    login_as("supplier")
    page = client.get(f"/personas/{persona_ref}").get_data(as_text=True)
    assert "Based on 1 observation<" in page
    assert withdrawn in page and "withdrawn" in page

