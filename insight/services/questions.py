"""Supplier questions; an answer is published to every supplier at once (equal treatment)."""

from __future__ import annotations

from sqlalchemy import select

from insight import permissions
from insight.extensions import db
from insight.messages import msg
from insight.models import Answer, Question, User
from insight.models.base import utcnow
from insight.services import audit, freeze, screening
from insight.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem


def next_ref() -> str:
    refs = db.session.scalars(select(Question.ref)).all()
    numbers = [int(r.split("-", 1)[1]) for r in refs if r.split("-", 1)[-1].isdigit()]
    return f"SPM-{(max(numbers, default=0) + 1):03d}"


def ask(title: str, text: str, actor: User, ref: str | None = None) -> Question:
    freeze.require_open(freeze.QUESTIONS_CLOSED)
    if not permissions.can(actor, permissions.ASK_QUESTIONS):
        raise PermissionDenied(msg("Only suppliers ask questions."))
    problems = [Problem(n, msg("is required")) for n, v in (("title", title), ("text", text))
                if not (v or "").strip()]
    if problems:
        raise InvalidInput(problems=problems)
    screening.check({"title": title, "text": text}, ("title", "text"), actor)
    question = Question(ref=ref or next_ref(), title=title.strip(), text=text.strip(),
                        asked_by_id=actor.id)
    db.session.add(question)
    db.session.flush()
    audit.record(actor, "question.ask", question, {"title": question.title})
    return question


def answer(question: Question, text: str, actor: User) -> Answer:
    """Answer and publish to all suppliers at the same moment."""
    freeze.require_open(freeze.QUESTIONS_CLOSED)
    if not permissions.can(actor, permissions.ANSWER_QUESTIONS):
        raise PermissionDenied(msg("Only municipal staff answer questions."))
    if not (text or "").strip():
        raise InvalidInput(problems=[Problem("answer", msg("is required"))])
    if question.answer is not None:
        raise Conflict(msg("%(ref)s is already answered.", ref=question.ref))
    screening.check({"answer": text}, ("answer",), actor)
    question.answer = Answer(text=text.strip(), answered_by_id=actor.id, published_at=utcnow())
    question.state = "answered"
    db.session.flush()
    audit.record(actor, "question.answer", question, {"answer": question.answer.text})
    return question.answer


def published() -> list[Question]:
    return list(db.session.scalars(
        select(Question).join(Answer).where(Answer.published_at.is_not(None))
        .order_by(Answer.published_at.desc())
    ))


def waiting() -> list[Question]:
    """Questions without an answer, oldest first: the staff's queue."""
    return list(db.session.scalars(
        select(Question).where(Question.state == "open").order_by(Question.created_at)
    ))


def get(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound(msg("No such question."))
    return question
