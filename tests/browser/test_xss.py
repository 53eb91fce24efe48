"""The stored-XSS corpus: common filter-evasion vectors in every text field staff and suppliers
can write, rendered in Chromium on every page that shows them. Nothing may run (no dialog, no
element or event handler the vector would create) and each vector must read as plain text.

Content is created through the services (the privacy screen passes: the vectors hold no
personal data); one served app for the module, one logged-in browser context per role."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest

from insight.extensions import db
from insight.models import Journey
from insight.services import (
    accounts,
    insights,
    journeys,
    observations,
    personas,
    publishing,
    questions,
    thesaurus,
)
from insight.services.demo import DEMO_PASSWORD
from tests.browser.conftest import demo_app, log_in_english, serving

VECTORS = {
    "script": "<script>alert(1)</script>",
    "img_onerror": "<img src=x onerror=alert(1)>",
    "svg_onload": "<svg/onload=alert(1)>",
    "javascript_url": "javascript:alert(1)",
    "a_javascript": '<a href="javascript:alert(1)">klikk</a>',
    "attr_break_double": '"><script>alert(1)</script>',
    "attr_break_single": "'><img src=x onerror=alert(1)>",
    "attr_event": '" autofocus onfocus="alert(1)',
    "textarea_break": "</textarea><script>alert(1)</script>",
    "title_break": "</title><script>alert(1)</script>",
    "template": "{{7*7}} ${7*7} {% raw %} #{7*7}",
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;",
    "unicode_escapes": "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "fullwidth": "＜script＞alert(1)＜/script＞",
    "mixed_case": "<ScRiPt>alert(1)</sCrIpT><IMG SRC=x OnErRoR=alert(1)>",
    "iframe_srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "details_ontoggle": "<details open ontoggle=alert(1)>",
    "style_close": "</style><svg onload=alert(1)>",
    "json_break": '</script><script>alert(1)</script>{"a":"\\u2028"}',
    "data_url": '<a href="data:text/html,<script>alert(1)</script>">lenke</a>',
}

STAFF, REVIEWER, ADMIN = ("ansatt@innsikt.example", "fagleder@innsikt.example",
                          "admin@innsikt.example")

# Anything a vector would create if it were rendered as markup (the templates have no script).
INJECTED = """() => {
  const found = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (a.name.startsWith('on')) found.push(`${e.tagName} ${a.name}`);
      if (/^\\s*(javascript|data):/i.test(a.value) && ['href', 'src', 'action', 'formaction']
          .includes(a.name)) found.push(`${e.tagName} ${a.name}=${a.value}`);
    }
  }
  // the app's own charts carry data-chart; any other svg came from content
  for (const e of document.querySelectorAll(
      'script, iframe, svg:not([data-chart]), details, style:not(head *)'))
    found.push(e.tagName);
  return found;
}"""
READABLE = """() => [document.body.innerText,
  ...[...document.querySelectorAll('input, textarea')].map(e => e.value)].join('\\n')"""


def _groups(limit: int = 230) -> list[tuple[str, ...]]:
    """The vectors packed into a few groups that fit a title field, so that every field holds
    every vector (one group per item) without an item per vector and field."""
    groups: list[list[str]] = [[]]
    for key in VECTORS:
        if len(" ".join(VECTORS[k] for k in [*groups[-1], key])) > limit:
            groups.append([])
        groups[-1].append(key)
    return [tuple(g) for g in groups]


GROUPS = _groups()
GROUP_IDS = ["+".join(g) for g in GROUPS]


def word(index: int) -> str:
    """A searchable word unique to each group."""
    return "xssgruppe" + "abcdefghij"[index]


def joined(index: int, separator: str = " ") -> str:
    return separator.join(VECTORS[key] for key in GROUPS[index])


def seed(app) -> list[dict]:
    """Per group: a published observation, insight, persona and journey with a step, a draft,
    an answered and an open question, a thesaurus rule, all holding every vector of the group
    in every text field; per vector a supplier whose name and organisation hold it."""
    made = []
    with app.app_context():
        author, reviewer = accounts.find_by_email(STAFF), accounts.find_by_email(REVIEWER)
        admin = accounts.find_by_email(ADMIN)

        def publish(item):
            publishing.send_to_review(item, author)
            publishing.publish(item, reviewer)

        for number, vector in enumerate(VECTORS.values()):
            accounts.create_user(f"xss{number}@leverandor.example", DEMO_PASSWORD, "supplier",
                                 name=f"Leverandør {vector}", organisation=f"Firma {vector} AS")
        for index, group in enumerate(GROUPS):
            w, text, lines = word(index), joined(index), joined(index, "\n")
            supplier = accounts.find_by_email(
                f"xss{list(VECTORS).index(group[0])}@leverandor.example")
            fields = {"source": "intervju", "stay_type": "avlastning",
                      "journey_stage": "under_oppholdet", "actor": "bruker", "month": "2026-12",
                      "age_band": "80-89", "visibility": "public"}
            obs = observations.create({**fields, "title": f"{w} {text}", "text": f"{w} {lines}",
                                       "unit": text[:200]}, author)
            publish(obs)
            draft = observations.create({**fields, "title": f"Utkast {w} {text}",
                                         "text": lines}, author)
            publishing.send_to_review(draft, author)
            publishing.send_back(draft, reviewer, lines)  # the reviewer's comment
            insight = insights.create({
                "statement": f"{w} {text}", "detail": lines, "recommendation": lines,
                "visibility": "public", "evidence": [obs.ref]}, author)
            publish(insight)
            persona = personas.create({
                "title": f"{w} {text}", "summary": lines, "age_band": "80-89",
                "stay_type": "avlastning", "living_situation": lines, "needs": lines,
                "goals": lines, "frustrations": lines, "quote": text,
                "visibility": "public", "evidence": [obs.ref]}, author)
            publish(persona)
            journey = journeys.create({
                "title": f"{w} {text}", "summary": lines, "stay_type": "avlastning",
                "visibility": "public", "persona": persona.ref}, author)
            step = journeys.add_step(journey, {
                "stage": "ankomst", "title": text, "what_happens": lines, "thoughts": lines,
                "pain_points": lines, "opportunities": lines, "emotion": -1,
                "evidence": [obs.ref]}, author)
            publish(journey)
            answered = questions.ask(f"{w} {text}", lines, supplier)
            questions.answer(answered, lines, author)
            questions.ask(f"Åpent {w} {text}", lines, supplier)
            rule = thesaurus.add(f"{w}, {text}", admin)
            db.session.flush()
            made.append({
                "observation": obs.ref, "observation_id": obs.id, "draft": draft.ref,
                "insight": insight.ref, "insight_id": insight.id, "persona": persona.ref,
                "persona_id": persona.id, "journey": journey.ref, "journey_id": journey.id,
                "step_id": step.id, "rule_id": rule.id, "rule": rule.rule})
        db.session.commit()
        assert db.session.query(Journey).count() >= len(GROUPS)
    return made


@pytest.fixture(scope="module")
def served(chromium_browser, tmp_path_factory, migrated_database):
    app = demo_app(tmp_path_factory.mktemp("xss"), migrated_database)
    made = seed(app)
    with serving(app) as url:
        yield url, made


class Visitor:
    """One logged-in browser page that records every dialog any script opens."""

    def __init__(self, browser, base_url: str, email: str | None, **context_options) -> None:
        self.context = browser.new_context(base_url=base_url, locale="en-GB", **context_options)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.goto("/?lang=en")
        if email:
            log_in_english(self.page, email, DEMO_PASSWORD)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: str) -> str:
        """Open `path`, let queued events run, and return the text a reader sees."""
        self.dialogs.clear()
        response = self.page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
        assert self.dialogs == [], f"{path}: a script ran: {self.dialogs}"
        assert self.page.evaluate(INJECTED) == [], f"{path}: markup from the vector"
        return self.page.evaluate(READABLE)


@pytest.fixture(scope="module")
def visitors(chromium_browser, served):
    url = served[0]
    # The supplier's own name and organisation hold a vector: the header shows it everywhere.
    made = {role: Visitor(chromium_browser, url, email) for role, email in (
        ("anonymous", None), ("supplier", "xss0@leverandor.example"), ("admin", ADMIN))}
    yield made
    for visitor in made.values():
        visitor.context.close()


# surface → (role, path from the group's items)
DETAIL_PAGES = {
    "observation": ("anonymous", "/observations/{observation}"),
    "insight": ("anonymous", "/insights/{insight}"),
    "persona": ("anonymous", "/personas/{persona}"),
    "journey": ("anonymous", "/journeys/{journey}"),
    "search": ("supplier", "/search?q={word}"),
    "search_for_the_vectors": ("supplier", "/search?q={query}"),
    "staff_observation": ("admin", "/staff/observations/{observation_id}"),
    "staff_insight": ("admin", "/staff/insights/{insight_id}"),
    "staff_persona": ("admin", "/staff/personas/{persona_id}"),
    "staff_journey": ("admin", "/staff/journeys/{journey_id}"),
    "staff_step": ("admin", "/staff/journeys/{journey_id}/steps/{step_id}"),
    "history": ("admin", "/staff/history/journey/{journey}"),
    "history_with_review_comment": ("admin", "/staff/history/observation/{draft}"),
    "thesaurus_rule": ("admin", "/admin/thesaurus/{rule_id}"),
}


def missing_from(text: str, keys: tuple[str, ...] | list[str]) -> list[str]:
    return [key for key in keys if VECTORS[key] not in text]


@pytest.mark.parametrize("index", range(len(GROUPS)), ids=GROUP_IDS)
@pytest.mark.parametrize("surface", DETAIL_PAGES)
def test_stored_vectors_are_inert_and_read_as_text(visitors, served, surface, index):
    role, template = DETAIL_PAGES[surface]
    items = served[1][index]
    text = visitors[role].open(template.format(word=word(index), query=quote(joined(index)),
                                               **items))
    if surface == "thesaurus_rule":  # a rule is normalised: split at commas, spaces squeezed
        assert items["rule"] in text
    else:
        assert missing_from(text, GROUPS[index]) == []


LIST_PAGES = {
    "observations": ("anonymous", "/observations"),
    "insights": ("anonymous", "/insights"),
    "personas": ("anonymous", "/personas"),
    "journeys": ("anonymous", "/journeys"),
    "answers": ("supplier", "/questions"),
    "workspace": ("admin", "/staff/"),
    "questions_to_answer": ("admin", "/staff/questions"),
    "users": ("admin", "/admin/users"),
    "thesaurus": ("admin", "/admin/thesaurus"),
}


@pytest.mark.parametrize("surface", LIST_PAGES)
def test_every_vector_on_a_list_page_is_inert_and_reads_as_text(visitors, served, surface):
    role, path = LIST_PAGES[surface]
    text = visitors[role].open(path)
    if surface == "thesaurus":
        assert [made["rule"] for made in served[1] if made["rule"] not in text] == []
    else:
        assert missing_from(text, list(VECTORS)) == []


@pytest.mark.parametrize("index", range(len(GROUPS)), ids=GROUP_IDS)
def test_the_audit_log_shows_vectors_as_data(visitors, served, index):
    """The changes column is JSON; decoded, it holds the title exactly as written."""
    ref = served[1][index]["observation"]
    visitors["admin"].open(f"/admin/audit?object_type=observation&object_id={ref}")
    cells = visitors["admin"].page.locator("code.changes").all_inner_texts()
    values = [v for cell in cells for v in json.loads(cell).values() if isinstance(v, str)]
    assert f"{word(index)} {joined(index)}" in values


@pytest.mark.parametrize("index", range(len(GROUPS)), ids=GROUP_IDS)
def test_the_json_api_returns_vectors_as_data(visitors, served, index):
    visitor, items = visitors["anonymous"], served[1][index]
    for path, pick in ((f"/api/v1/observations/{items['observation']}", lambda b: [b["title"]]),
                       (f"/api/v1/search?q={word(index)}",
                        lambda b: [hit["title"] for hit in b["items"]])):
        visitor.dialogs.clear()
        response = visitor.page.goto(path)
        assert response.headers["content-type"].startswith("application/json")
        body = json.loads(visitor.page.locator("body").inner_text())
        assert visitor.dialogs == []
        assert f"{word(index)} {joined(index)}" in pick(body)


def test_an_import_preview_shows_vectors_in_rows_problems_and_file_name_as_text(visitors):
    """A staff member's file: vectors in the titles, as unknown codes (echoed in the problem
    messages) and in the file name."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ref", "title", "text", "source", "stay_type", "journey_stage", "actor",
                     "tags", "month", "age_band", "unit"])
    for number, vector in enumerate(VECTORS.values(), start=1):
        writer.writerow([f"XSS-{number:04d}", vector, vector, "intervju", vector, "ankomst",
                         "bruker", "", "2026-12", "80-89", vector[:200]])
    visitor = visitors["admin"]
    visitor.open("/staff/import/")
    visitor.dialogs.clear()
    visitor.page.get_by_label("File", exact=True).set_input_files({
        "name": "<svg onload=alert(1)>.csv", "mimeType": "text/csv",
        "buffer": out.getvalue().encode()})
    visitor.page.get_by_role("button", name="Check the file").click()
    visitor.page.locator("#problems").wait_for()
    visitor.page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
    assert visitor.dialogs == []
    assert visitor.page.evaluate(INJECTED) == []
    text = visitor.page.evaluate(READABLE)
    assert missing_from(text, list(VECTORS)) == []
    problems = visitor.page.locator("#problems").inner_text()
    assert "unknown stay type '<script>alert(1)</script>'" in problems
