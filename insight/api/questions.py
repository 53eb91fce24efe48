"""/api/v1/questions: supplier questions with their published answers, never who asked.
Suppliers see answered questions; staff also see the queue and answer through the API."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from insight import permissions
from insight.api.auth import api_user, token_required
from insight.api.common import (
    ApiBlueprint,
    SyncArgsSchema,
    page_body,
    page_schema,
    paginate,
    paging_headers,
    since_clause,
)
from insight.api.content import ETAG_HEADER_DOC, PAGING_HEADERS_DOC, item_answer
from insight.extensions import db
from insight.messages import msg
from insight.models import Question
from insight.schemas.api import QuestionOutSchema
from insight.services import questions
from insight.services.errors import NotFound

blp = ApiBlueprint("api_questions", __name__, url_prefix="/questions",
                   description="Questions from suppliers and the municipality's answers")


class QuestionQuerySchema(SyncArgsSchema):
    state = fields.List(fields.String(validate=validate.OneOf(("open", "answered",
                                                                "rejected"))),
                        metadata={"description": "Staff only see more than answered"})
    sort = fields.String(load_default="-updated_at", validate=validate.OneOf(
        ("ref", "-ref", "updated_at", "-updated_at")))


class AnswerSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=20_000))


QuestionPageSchema = page_schema("QuestionPage", QuestionOutSchema)


def _reader():
    """Questions are for suppliers and staff: a token is needed to read them."""
    user = api_user()
    if user is None:
        abort(401, description="Questions and answers need a bearer token.")
    if not permissions.can(user, permissions.READ_SUPPLIERS):
        abort(403, description="Your account's role does not allow this call.")
    return user


def _visible(user):
    query = select(Question).options(selectinload(Question.answer))
    if not permissions.can(user, permissions.ANSWER_QUESTIONS):
        query = query.where(Question.state == "answered")
    return query


def load(ref: str) -> Question:
    question = db.session.scalar(_visible(_reader()).where(Question.ref == ref))
    if question is None:
        raise NotFound(msg("No question %(ref)s that you may read.", ref=ref))
    return question


@blp.route("")
class QuestionList(MethodView):
    @blp.arguments(QuestionQuerySchema, location="query")
    @blp.response(200, QuestionPageSchema, headers=PAGING_HEADERS_DOC)
    @blp.doc(security=[{"bearerAuth": []}])
    def get(self, args: dict):
        """Questions with their published answers (suppliers: answered ones only)."""
        query = _visible(_reader()).where(since_clause(Question, args.get("updated_since")))
        if args.get("state"):
            query = query.where(Question.state.in_(args["state"]))
        column = Question.updated_at if "updated_at" in args["sort"] else Question.ref
        order = column.desc() if args["sort"].startswith("-") else column.asc()
        items, total = paginate(query.order_by(order, Question.id), args["page"],
                                args["page_size"])
        return page_body(items, total, args), 200, paging_headers(total, args)


@blp.route("/<ref>")
class QuestionItem(MethodView):
    @blp.response(200, QuestionOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}])
    def get(self, ref: str):
        """One question and its answer."""
        return item_answer(QuestionOutSchema(), load(ref))


@blp.route("/<ref>/answer")
class QuestionAnswer(MethodView):
    @token_required("write", permissions.ANSWER_QUESTIONS)
    @blp.arguments(AnswerSchema)
    @blp.response(200, QuestionOutSchema, headers=ETAG_HEADER_DOC)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, body: dict, ref: str):
        """Answer a question: published to every supplier at once (staff, write scope). The
        answer passes the privacy screen; a question is answered once (409 after)."""
        question = load(ref)
        questions.answer(question, body["text"], api_user())
        db.session.commit()
        return item_answer(QuestionOutSchema(), question)
