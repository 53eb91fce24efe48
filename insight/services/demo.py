"""Demo data: accounts for every role and realistic content, for `flask seed-demo` only.

Content goes through the same services as staff pages and the API, written by the demo author
account and published by the demo reviewer, so the four-eyes rule holds for demo data too.
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any

from sqlalchemy import func, select

from insight.extensions import db
from insight.models import Observation, User
from insight.services import (
    accounts,
    insights,
    journeys,
    observations,
    personas,
    publishing,
    questions,
    site,
    vocabulary,
)

DEMO_PASSWORD = "innsikt-demo"
DEMO_ACCOUNTS = [
    # (e-mail, role, name, organisation)
    ("admin@innsikt.example", "admin", "Demo administrator", "Demo kommune"),
    ("ansatt@innsikt.example", "staff", "Demo ansatt (forfatter)", "Demo kommune"),
    ("fagleder@innsikt.example", "staff", "Demo fagleder (kontrollør)", "Demo kommune"),
    ("leverandor@innsikt.example", "supplier", "Demo leverandør", "Demo Omsorgsteknologi AS"),
]
# A few items stay unpublished so the staff workspace has something to review.
UNPUBLISHED = {"OBS-0007": "in_review", "OBS-0013": "draft"}  # cited by nothing


def _load(name: str) -> list[dict[str, Any]]:
    text = resources.files("insight.demo").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def has_content() -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Observation)))


def seed_demo() -> dict[str, int]:
    """Load demo accounts and content; does nothing (returns {}) when content exists."""
    vocabulary.ensure_default_vocabularies()
    if has_content():
        return {}
    users = {
        email: accounts.find_by_email(email)
        or accounts.create_user(email, DEMO_PASSWORD, role, name, organisation)
        for email, role, name, organisation in DEMO_ACCOUNTS
    }
    author, reviewer = users["ansatt@innsikt.example"], users["fagleder@innsikt.example"]
    supplier = users["leverandor@innsikt.example"]
    counts = {"observations": 0, "insights": 0, "personas": 0, "journeys": 0, "questions": 0}
    name_the_competition(users["admin@innsikt.example"])

    check = observations.VocabularyCheck()
    for row in _load("observations.json"):
        item = observations.create(row, author, check)
        _publish(item, author, reviewer, UNPUBLISHED.get(item.ref, "published"))
        counts["observations"] += 1
    for row in _load("personas.json"):
        _publish(personas.create(row, author), author, reviewer)
        counts["personas"] += 1
    for row in _load("journeys.json"):
        _publish(journeys.create(row, author), author, reviewer)
        counts["journeys"] += 1
    for row in _load("insights.json"):
        _publish(insights.create(row, author), author, reviewer)
        counts["insights"] += 1
    for row in _load("questions.json"):
        question = questions.ask(row["title"], row["text"], supplier, ref=row["ref"])
        questions.answer(question, row["answer"], reviewer)
        counts["questions"] += 1
    return counts


def name_the_competition(admin: User) -> None:
    """Fill the empty site settings (municipality, competition, dates, how the material was
    gathered) with the demo's, as the demo administrator: the landing page of `make run` then
    says which municipality and competition this is. Settings an admin has saved stay."""
    current = site.current()
    values: dict[str, Any] = json.loads(
        resources.files("insight.demo").joinpath("site.json").read_text(encoding="utf-8"))
    empty = {name: (date.fromisoformat(value) if name in site.DATE_FIELDS else value)
             for name, value in values.items() if not getattr(current, name)}
    if empty:
        site.update(empty, admin)


def _publish(item: Any, author: User, reviewer: User, target: str = "published") -> None:
    if target == "draft":
        return
    publishing.send_to_review(item, author)
    if target == "published":
        publishing.publish(item, reviewer)
