"""A staff member imports a file (a bad row first, then fixed), sends it to review, and a
second staff member publishes it; a supplier can then read it. In English, so the test
leans on the source strings rather than on the translation."""

from insight.services.demo import DEMO_PASSWORD

HEADER = "ref,title,text,source,stay_type,journey_stage,actor,tags,month,age_band,unit"
GOOD = ("IMP-0001,Ønsket faste måltidstider,Brukeren ønsket å vite når middagen kom.,"
        "intervju,avlastning,under_oppholdet,bruker,mat_og_maltider,2026-09,80-89,"
        "Korttidsavdeling A")
SECOND = ("IMP-0002,Savnet avisen om morgenen,Brukeren savnet lokalavisen ved frokost.,"
          "feltobservasjon,{stay},under_oppholdet,bruker,aktivitet,2026-09,90+,"
          "Korttidsavdeling B")


def csv_payload(*rows: str) -> dict:
    text = "\r\n".join([HEADER, *rows]) + "\r\n"
    return {"name": "observasjoner.csv", "mimeType": "text/csv", "buffer": text.encode()}


def log_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_import_preview_fix_import_review_and_publish(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()

    log_in(page, "ansatt@innsikt.example")
    page.goto("/staff/")
    page.get_by_role("link", name="Import a file").click()
    bad = csv_payload(GOOD, SECOND.format(stay="ferie"))
    page.get_by_label("File", exact=True).set_input_files(bad)
    page.get_by_role("button", name="Check the file").click()
    problems = page.locator("#problems")
    assert "unknown stay type 'ferie'" in problems.inner_text()
    assert problems.locator("td").first.inner_text() == "3"
    assert page.get_by_role("button", name="Import 2 rows").count() == 0

    page.get_by_role("link", name="Upload a fixed file").click()
    fixed = csv_payload(GOOD, SECOND.format(stay="avlastning"))
    page.get_by_label("File", exact=True).set_input_files(fixed)
    page.get_by_role("button", name="Check the file").click()
    assert "All 2 rows are fine" in page.get_by_role("status").first.inner_text()
    page.get_by_role("button", name="Import 2 rows").click()
    page.wait_for_url("**/staff/import/records/*", timeout=20_000)
    assert page.locator("h1").inner_text() == "Import done"

    page.goto("/staff/")
    page.get_by_role("link", name="IMP-0001 – Ønsket faste måltidstider").first.click()
    page.get_by_role("button", name="Send to review").click()
    assert "In review" in page.locator(".flashes").inner_text()
    # the author is not offered a publish button the four-eyes rule would refuse
    assert page.get_by_role("button", name="Approve and publish").count() == 0
    log_out(page)

    log_in(page, "fagleder@innsikt.example")
    page.goto("/staff/")
    page.get_by_role("link", name="IMP-0001 – Ønsket faste måltidstider").first.click()
    page.get_by_role("button", name="Approve and publish").click()
    assert "Published" in page.locator(".flashes").inner_text()
    log_out(page)

    log_in(page, "leverandor@innsikt.example")
    page.goto("/observations/IMP-0001")
    assert page.locator("h1").inner_text() == "Ønsket faste måltidstider"
