"""The stored-XSS corpus in Innsikt's other outputs, opened in Chromium with a dialog handler:
the Atom feeds (from the addresses the account page hands out), the journey map as a
standalone .svg at its own address, the statistics charts, the pages that show the site
settings and saved-search names, and the bid pack's persona cards and README opened from disk
(file://). Nothing may run, and nothing the vectors would create may exist.

The served outputs are opened with the Content-Security-Policy bypassed: the policy is a
second line of defence, and these tests check the first (escaping) on its own. The corpus
and its seeding are shared with tests/test_xss_outputs.py and tests/browser/test_xss.py."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.browser.conftest import demo_app, serving
from tests.browser.test_xss import (
    ADMIN,
    GROUPS,
    INJECTED,
    READABLE,
    VECTORS,
    Visitor,
    joined,
    seed,
)
from tests.test_xss_outputs import XML_VECTORS, _seed_extras, missing

SUPPLIER = "xss0@leverandor.example"
SETTLE = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))"
# In a standalone SVG or XML document: anything that could run.
ACTIVE_IN_XML = """() => {
  const found = [];
  for (const e of document.querySelectorAll('*')) {
    const name = e.localName.toLowerCase();
    if (['script', 'foreignobject', 'iframe', 'object', 'embed', 'handler', 'set',
         'animate'].includes(name)) found.push(name);
    for (const a of e.attributes) {
      if (a.localName.startsWith('on')) found.push(`${name} ${a.name}`);
      if (/^\\s*(javascript|data):/i.test(a.value)) found.push(`${name} ${a.name}=${a.value}`);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def served(chromium_browser, tmp_path_factory, migrated_database):
    app = demo_app(tmp_path_factory.mktemp("xss_outputs"), migrated_database)
    made = seed(app)
    _seed_extras(app)
    with serving(app) as url:
        yield url, made


class Reader(Visitor):
    """A browser context (CSP bypassed) that records every dialog a script opens."""

    def __init__(self, browser, base_url: str, email: str | None) -> None:
        super().__init__(browser, base_url, email, bypass_csp=True, accept_downloads=False)

    def settle(self) -> None:
        self.page.evaluate(SETTLE)

    def open(self, address: str, check: str = INJECTED) -> str:
        """Open `address` as a document, let events run; return the text a reader sees."""
        self.dialogs.clear()
        response = self.page.goto(address)
        if response is not None:  # file:// has no response
            assert response.status == 200, f"{address} answered {response.status}"
        self.settle()
        assert self.dialogs == [], f"{address}: a script ran: {self.dialogs}"
        assert self.page.evaluate(check) == [], f"{address}: active content from a vector"
        return self.page.evaluate("() => document.documentElement.textContent")


@pytest.fixture(scope="module")
def readers(chromium_browser, served):
    url = served[0]
    made = {role: Reader(chromium_browser, url, email) for role, email in (
        ("anonymous", None), ("supplier", SUPPLIER), ("admin", ADMIN))}
    yield made
    for reader in made.values():
        reader.context.close()


@pytest.fixture(scope="module")
def feed_addresses(readers) -> dict[str, str]:
    """The supplier makes new feed addresses on the account page (the saved search's name,
    which holds vectors, is listed there) and copies them, as a reader of feeds does."""
    reader = readers["supplier"]
    reader.open("/auth/password")
    reader.dialogs.clear()
    reader.page.get_by_role("button", name=re.compile("feed addresses")).click()
    reader.page.locator("dl.feed-urls").wait_for()
    reader.settle()
    assert reader.dialogs == [] and reader.page.evaluate(INJECTED) == []
    assert joined(0)[:40] in reader.page.evaluate(READABLE)
    urls = reader.page.locator("dl.feed-urls dd").all_inner_texts()
    return {("saved" if "/searches/" in u else u.rsplit("/", 1)[-1]): u.strip() for u in urls}


def serve_inline(reader: Reader, pattern: str) -> None:
    """Show a download (Content-Disposition: attachment) at its own address, as a browser
    would if a user opened the file: same bytes, same type, same origin."""
    def fulfil(route):
        response = route.fetch()
        headers = {k: v for k, v in response.headers.items()
                   if k.lower() != "content-disposition"}
        route.fulfill(response=response, headers=headers)

    reader.page.route(pattern, fulfil)


def as_source(vectors: dict[str, str]) -> dict[str, str]:
    """Chromium shows an Atom feed as its XML source: the vectors as escaped text."""
    return {key: escape(value) for key, value in vectors.items()}


@pytest.mark.parametrize("feed", ["changes.atom", "answers.atom", "saved"])
def test_a_secret_feed_opened_in_the_browser_runs_nothing(readers, feed_addresses, feed):
    text = readers["anonymous"].open(feed_addresses[feed], check=ACTIVE_IN_XML)
    assert missing(text, as_source(VECTORS), GROUPS[0]) == []


def test_the_public_change_feed_opened_in_the_browser_runs_nothing(readers):
    text = readers["anonymous"].open("/changes.atom", check=ACTIVE_IN_XML)
    assert missing(text, as_source(XML_VECTORS)) == []


@pytest.mark.parametrize("index", range(len(GROUPS)))
def test_the_journey_map_svg_opened_at_its_address_runs_nothing(readers, served, index):
    reader = readers["anonymous"]
    serve_inline(reader, "**/map.svg")
    text = reader.open(f"/journeys/{served[1][index]['journey']}/map.svg", check=ACTIVE_IN_XML)
    assert reader.page.evaluate("() => document.documentElement.localName") == "svg"
    assert VECTORS[GROUPS[index][0]] in text


PAGES = {
    "landing page with the site settings": ("anonymous", "/"),
    "site settings form": ("admin", "/admin/settings"),
    "saved searches": ("supplier", "/search/saved"),
    "statistics charts": ("anonymous", "/statistics"),
}


@pytest.mark.parametrize("surface", PAGES)
def test_pages_with_settings_saved_searches_and_charts_run_nothing(readers, surface):
    role, path = PAGES[surface]
    text = readers[role].open(path)
    if surface != "statistics charts":
        assert VECTORS["script"] in text or VECTORS["script"] in \
            readers[role].page.evaluate(READABLE)


@pytest.fixture(scope="module")
def bid_pack_on_disk(readers, tmp_path_factory) -> Path:
    """The bid pack as a supplier downloads and unpacks it."""
    page = readers["supplier"].context.request.get("/bid-pack").text()
    link = re.search(r'href="(/bid-pack/innsikt-\d+\.zip)"', page).group(1)
    data = readers["supplier"].context.request.get(link).body()
    folder = tmp_path_factory.mktemp("bid_pack")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
    return folder


@pytest.mark.parametrize("index", range(len(GROUPS)))
def test_a_persona_card_opened_from_disk_runs_nothing(readers, served, bid_pack_on_disk, index):
    card = bid_pack_on_disk / "persona-cards" / f"{served[1][index]['persona']}.html"
    text = readers["anonymous"].open(card.as_uri())
    assert missing(text, VECTORS, GROUPS[index]) == []


def test_the_bid_pack_maps_and_readme_opened_from_disk_run_nothing(readers, bid_pack_on_disk):
    maps = sorted((bid_pack_on_disk / "journey-maps").glob("*.svg"))
    assert maps
    for path in [*maps, bid_pack_on_disk / "README.txt"]:
        readers["anonymous"].open(path.as_uri(), check=ACTIVE_IN_XML)
