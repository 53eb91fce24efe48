"""A supplier's first visit, in a real browser."""

from insight.services.demo import DEMO_PASSWORD


def test_supplier_logs_in_opens_an_observation_and_logs_out(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Innsikt i korttidsopphold på sykehjem"

    page.get_by_role("link", name="Logg inn").click()
    page.get_by_label("E-post").fill("leverandor@innsikt.example")
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    assert "Du er logget inn" in page.locator(".flashes").inner_text()

    menu = page.get_by_role("navigation", name="Hovedmeny")
    menu.get_by_role("link", name="Observasjoner").click()
    first = page.locator("ol.results li.result h2 a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    assert page.locator("dl.facts").is_visible()

    page.get_by_role("button", name="Logg ut").click()
    assert "Du er logget ut" in page.locator(".flashes").inner_text()
    assert page.get_by_role("link", name="Logg inn").is_visible()


def test_language_switch_turns_the_page_english(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "Insight into short-term stays in nursing homes"
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
