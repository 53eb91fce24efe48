"""The supplier flows of issue 9 that the other browser tests do not walk, in Chromium with CSRF
on: a saved search's Atom feed picks up a newly published item; the observation list exported as
CSV and XLSX holds what the page counts; two suppliers download byte-identical bid packs; a
frozen repository refuses every write path and still hands out a verifiable bid pack; and the
evidence trail goes from the landing page down to an observation and back up to an insight.

English, so the test leans on the source strings; one served app for the module, seeded with the
demo data. The freeze test runs last and unfreezes when it is done. Screenshots go to
tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from insight.extensions import db
from insight.models import Insight, Journey, Observation
from insight.services import accounts, freeze, tokens
from insight.services.demo import DEMO_PASSWORD
from tests.browser.conftest import add_supplier, demo_app, english_page, log_in_english, serving
from tests.test_access import OBSERVATION_FORM
from tests.test_cli import row, write_csv

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
AUTHOR, REVIEWER, ADMIN = ("ansatt@innsikt.example", "fagleder@innsikt.example",
                           "admin@innsikt.example")
SUPPLIER = "leverandor@innsikt.example"
SECOND_SUPPLIER = ("anbyder@omsorg.example", "Anne Anbyder", "Omsorgsløsninger Nord AS")


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def served(chromium_browser, tmp_path_factory, migrated_database):
    app = demo_app(tmp_path_factory.mktemp("walks"), migrated_database)
    add_supplier(app, *SECOND_SUPPLIER)
    with serving(app) as url:
        yield app, url
    with app.app_context():  # leave the shared database open for the modules after this one
        if freeze.frozen_at() is not None:
            freeze.unfreeze(accounts.find_by_email(ADMIN))
            db.session.commit()


@pytest.fixture
def page(chromium_browser, served):
    with english_page(chromium_browser, served[1]) as page:
        yield page


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()


def shown_count(page) -> int:
    """The number in the list's status line ("134 observations")."""
    return int(re.match(r"\d+", page.get_by_role("status").first.inner_text()).group())


def verify_manifest(data: bytes) -> list[str]:
    """Check every SHA256SUMS line against the ZIP; returns the names it covers."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = []
    for line in archive.read("SHA256SUMS").decode("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest, name
        names.append(name)
    assert set(archive.namelist()) - set(names) <= {"SHA256SUMS"}
    return names


def download_bid_pack(page) -> tuple[str, bytes]:
    """Open the bid pack page and download the file it offers; (checksum shown, bytes)."""
    page.goto("/bid-pack")
    shown = page.locator("code.checksum").inner_text().strip()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Download innsikt-\d+\.zip$")).click()
    return shown, Path(info.value.path()).read_bytes()


# --- a) search → filter → save → Atom feed → a newly published item shows up -------------------

def test_a_saved_searchs_feed_shows_an_item_published_after_saving(page, served):
    log_in_english(page, SUPPLIER, DEMO_PASSWORD)
    page.goto("/")
    page.get_by_label("Search everything").fill("informasjon")
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator("fieldset", has_text="Stay type").get_by_label("Respite care").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**stay_type=avlastning**")
    page.get_by_label("Name of the saved search").fill("Informasjon ved avlastning")
    page.get_by_role("button", name="Save search").click()
    assert page.locator("h1").inner_text() == "Saved search: Informasjon ved avlastning"

    page.get_by_role("link", name="Feed addresses").click()
    page.get_by_role("button", name="Make feed addresses").click()
    addresses = page.locator("dl.feed-urls")
    feed_url = addresses.locator(
        "dt:has-text('Saved search: Informasjon ved avlastning') + dd code").inner_text()
    assert re.search(r"/feeds/[^/]+/searches/\d+\.atom$", feed_url)
    log_out(page)

    title = "Akvariet i dagligstua ga informasjon om fôringstider"
    # The author writes and sends to review; a second staff member publishes (four eyes).
    log_in_english(page, AUTHOR, DEMO_PASSWORD)
    page.goto("/staff/observations/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Observation", exact=True).fill(
        "Brukeren fikk informasjon om fôringstidene og matet fiskene hver morgen.")
    page.locator("#source").select_option("feltobservasjon")
    page.locator("#stay_type").select_option("avlastning")
    page.locator("#journey_stage").select_option("under_oppholdet")
    page.locator("#actor").select_option("bruker")
    page.get_by_label("Month").fill("2026-11")
    page.locator("#age_band").select_option("80-89")
    page.locator("#visibility").select_option("suppliers")
    page.get_by_role("button", name="Save").click()
    ref = page.locator("h1").inner_text().removeprefix("Edit ").strip()
    page.get_by_role("button", name="Send to review").click()
    assert page.locator("#publish-not-yours").is_visible()  # not the author's to publish
    log_out(page)

    log_in_english(page, REVIEWER, DEMO_PASSWORD)
    page.goto("/staff")
    page.get_by_role("link", name=re.compile(ref)).first.click()
    page.get_by_role("button", name="Approve and publish").click()
    assert "published" in page.locator(".flashes").inner_text().lower()
    log_out(page)

    # A feed reader: no session, only the secret address.
    reader = page.context.browser.new_context()
    try:
        response = reader.request.get(feed_url)
        assert response.ok
        feed = response.text()
    finally:
        reader.close()
    assert f"{ref}: {title}" in feed
    assert "<feed" in feed


# --- b) CSV and XLSX exports hold what the page counts ----------------------------------------

def test_the_observation_list_exports_as_csv_and_xlsx_with_the_pages_rows(page):
    log_in_english(page, SUPPLIER, DEMO_PASSWORD)
    page.goto("/observations")
    total = shown_count(page)
    assert total > 10  # more than one page: the export is the whole list, not the page
    refs_on_page = set(page.locator("ol.results p.meta").all_inner_texts())

    with page.expect_download() as info:
        page.get_by_role("link", name="Download as CSV").click()
    assert info.value.suggested_filename == "innsikt-observations.csv"
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that tells Excel it is UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == total

    with page.expect_download() as info:
        page.get_by_role("link", name="Download as Excel (XLSX)").click()
    assert info.value.suggested_filename == "innsikt-observations.xlsx"
    workbook = Path(info.value.path()).read_bytes()  # saved without the .xlsx openpyxl wants
    sheet = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True).active
    table = [[("" if c is None else str(c)) for c in r] for r in sheet.iter_rows(values_only=True)]
    assert table[0] == header
    assert len(table) - 1 == total

    ref_column = header.index("ref")
    exported = {r[ref_column] for r in body}
    assert {meta.split(" · ")[0] for meta in refs_on_page} <= exported
    assert {r[ref_column] for r in table[1:]} == exported


# --- c) two suppliers, one bid pack -----------------------------------------------------------

def test_two_suppliers_download_the_same_bid_pack_and_its_manifest_verifies(
        chromium_browser, served):
    downloads = []
    for email in (SUPPLIER, SECOND_SUPPLIER[0]):
        with english_page(chromium_browser, served[1]) as page:  # a context of its own
            log_in_english(page, email, DEMO_PASSWORD)
            downloads.append(download_bid_pack(page))
    (shown_a, pack_a), (shown_b, pack_b) = downloads
    digest_a, digest_b = (hashlib.sha256(p).hexdigest() for p in (pack_a, pack_b))
    assert digest_a == digest_b
    assert shown_a == shown_b == digest_a
    names = verify_manifest(pack_a)
    assert "README.txt" in names and any(n.endswith(".svg") for n in names)


# --- e) the evidence trail: landing → persona → journey map → step → observation → insight -----

def evidence_chain(app) -> tuple[str, str, int, str, str]:
    """A journey with a persona, one of its steps, that step's evidence and an insight citing it
    (all supplier-visible in the demo data): the path the walk below clicks along."""
    with app.app_context():
        for journey in db.session.scalars(select(Journey).order_by(Journey.ref)):
            if journey.persona is None or journey.status != "published":
                continue
            for step in journey.steps:
                for obs in step.evidence:
                    if obs.status != "published" or obs.visibility == "internal":
                        continue
                    insight = db.session.scalar(
                        select(Insight).where(Insight.evidence.contains(obs),
                                              Insight.status == "published",
                                              Insight.visibility != "internal")
                        .order_by(Insight.ref))
                    if insight is not None:
                        return (journey.persona.title, journey.ref, step.position, obs.ref,
                                insight.ref)
    raise AssertionError("the demo data has no persona → journey → step → insight chain")


def test_the_evidence_trail_leads_from_the_landing_page_to_an_observation_and_back(
        page, served):
    persona, journey, position, obs_ref, insight_ref = evidence_chain(served[0])
    log_in_english(page, SUPPLIER, DEMO_PASSWORD)
    page.goto("/")
    page.get_by_role("link", name="Meet the personas").click()
    page.locator("ul.persona-cards h2 a", has_text=persona).click()
    assert page.locator(".composite-notice").is_visible()

    page.locator(f"ul.persona-journeys a[href$='/journeys/{journey}']").click()
    svg = page.locator("svg[data-chart=journey-map]").first
    assert svg.locator("a").count() == page.locator("ol.journey > li.step").count()
    svg.locator("a").nth(position - 1).focus()
    page.keyboard.press("Enter")
    assert page.url.endswith(f"#step-{position}")

    page.locator(f"#step-{position} ul.evidence a", has_text=obs_ref).click()
    assert obs_ref in page.locator("p.meta").first.inner_text()
    used_in = page.locator("h2:text-is('Used as evidence in') + ul")
    used_in.locator(f"a[href$='/insights/{insight_ref}']").click()

    assert page.url.endswith(f"/insights/{insight_ref}")
    assert page.locator("ul.evidence a", has_text=obs_ref).is_visible()  # cites it, both ways


# --- d) freeze: every write path refused, the bid pack still verifies (runs last) -------------

def test_after_the_admin_freezes_every_write_path_is_refused_and_the_bid_pack_verifies(
        page, served, tmp_path):
    app, url = served
    with app.app_context():  # set-up: a write token, and a draft of the demo author's to edit
        _, write_token = tokens.create_token(accounts.find_by_email(AUTHOR), "walk", "read,write")
        db.session.commit()
        draft = db.session.scalar(select(Observation).where(Observation.status == "draft",
                                                            Observation.ref == "OBS-0013"))
        draft_id, draft_title = draft.id, draft.title

    log_in_english(page, ADMIN, DEMO_PASSWORD)
    page.goto("/admin/settings")
    page.get_by_role("button", name="Freeze the material").click()
    assert "The material is frozen" in page.locator(".flashes").inner_text()
    banner = page.locator(".freeze-banner")
    assert banner.is_visible()
    assert "read-only" in banner.inner_text()
    log_out(page)

    # The web: staff open the edit form of a draft and save a change.
    log_in_english(page, AUTHOR, DEMO_PASSWORD)
    page.goto(f"/staff/observations/{draft_id}")
    assert page.locator(".freeze-banner").is_visible()
    page.get_by_label("Title").fill("Endret etter frysing")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Save").click()
    assert answer.value.status == 409
    assert "read-only" in page.locator("main").inner_text()
    log_out(page)

    # The API, with a write token, against the live server.
    response = page.request.post(f"{url}/api/v1/observations", data=OBSERVATION_FORM,
                                 headers={"Authorization": f"Bearer {write_token}"})
    assert response.status == 409
    assert "read-only" in response.json()["error"]["message"]

    # The command line import.
    result = app.test_cli_runner().invoke(
        args=["import", str(write_csv(tmp_path / "obs.csv", [row("OBS-0901")]))])
    assert result.exit_code == 1
    assert "read-only" in result.output

    with app.app_context():
        assert db.session.get(Observation, draft_id).title == draft_title
        assert db.session.scalar(select(Observation).where(Observation.ref == "OBS-0901")) \
            is None

    # The bid pack of the frozen material still downloads and verifies.
    log_in_english(page, SUPPLIER, DEMO_PASSWORD)
    shown, pack = download_bid_pack(page)
    assert "frozen" in page.locator("p.notice").inner_text()
    assert hashlib.sha256(pack).hexdigest() == shown
    verify_manifest(pack)
    shoot(page, "bid-pack-frozen")
