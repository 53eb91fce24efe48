"""Supplier questions: asked by one supplier, answered once, published to every supplier."""

from sqlalchemy import select

from insight.extensions import db
from insight.models import Question


def ask(client, title="Hvor mange plasser?", text="Hvor mange korttidsplasser finnes i dag?"):
    return client.post("/questions/ask", data={"title": title, "text": text})


def test_a_supplier_asks_a_question_that_waits_for_an_answer(app, client, login_as):
    login_as("supplier")
    assert ask(client).status_code == 302
    with app.app_context():
        question = db.session.scalar(select(Question))
        assert (question.ref, question.state) == ("SPM-001", "open")
    assert "Hvor mange plasser?" not in client.get("/questions").get_data(as_text=True)


def test_a_question_with_personal_data_is_refused(app, client, login_as):
    login_as("supplier")
    response = ask(client, text="Kan dere ringe meg på 481 23 456?")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Question)) is None


def test_staff_see_who_asked_and_the_answer_goes_to_every_supplier(app, client, auth,
                                                                    login_as):
    asker = login_as("supplier")
    ask(client)
    auth.logout()
    login_as("staff")
    queue = client.get("/staff/questions").get_data(as_text=True)
    assert asker in queue
    with app.app_context():
        question_id = db.session.scalar(select(Question.id))
    client.post(f"/staff/questions/{question_id}/answer",
                data={"answer": "Det finnes 46 plasser fordelt på fem enheter."})
    auth.logout()
    login_as("supplier")  # another supplier
    page = client.get("/questions").get_data(as_text=True)
    assert "Det finnes 46 plasser fordelt på fem enheter." in page
    assert asker not in page


def test_a_question_is_answered_only_once(app, client, auth, login_as):
    login_as("supplier")
    ask(client)
    auth.logout()
    login_as("staff")
    with app.app_context():
        question_id = db.session.scalar(select(Question.id))
    client.post(f"/staff/questions/{question_id}/answer", data={"answer": "Første svar."})
    client.post(f"/staff/questions/{question_id}/answer", data={"answer": "Andre svar."})
    with app.app_context():
        assert db.session.get(Question, question_id).answer.text == "Første svar."


def test_staff_cannot_ask_questions(client, login_as):
    login_as("staff")
    assert client.get("/questions/ask").status_code == 403


def test_an_admin_cannot_ask_a_question_through_the_service_either(app, factory):
    import pytest

    from insight.services import questions
    from insight.services.errors import PermissionDenied

    admin_id, _ = factory.user("admin")
    with app.app_context():
        from insight.models import User

        with pytest.raises(PermissionDenied):
            questions.ask("Hvor mange plasser?", "Hvor mange finnes?",
                          db.session.get(User, admin_id))
        assert db.session.scalar(select(Question)) is None
