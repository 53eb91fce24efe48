"""axe-core finds no WCAG 2.1 A/AA violations on the pages people use most."""

import json
import os
from pathlib import Path

import pytest

from insight.services.demo import DEMO_PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PUBLIC_PAGES = ["/", "/observations", "/observations/OBS-0001", "/insights", "/personas",
                "/journeys", "/auth/login", "/auth/register"]
STAFF_PAGES = ["/staff/", "/staff/observations/new", "/admin/users", "/questions",
               "/staff/questions", "/staff/privacy-check", "/staff/import/", "/admin/audit",
               "/admin/settings", "/admin/search", "/admin/thesaurus", "/admin/vocabularies",
               "/admin/tokens", "/account/tokens"]


@pytest.fixture
def axe_violations(axe_page):
    page = axe_page
    if not AXE.exists():
        message = "axe-core is not installed (npm install); skipping the accessibility check"
        if os.environ.get("INSIGHT_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)

    def run(path: str) -> list[dict]:
        page.goto(path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        return [{"id": v["id"], "impact": v["impact"],
                 "nodes": [n["target"] for n in v["nodes"]][:3]} for v in result["violations"]]

    return run


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violations(axe_violations, path):
    violations = axe_violations(path)
    assert violations == [], json.dumps(violations, indent=1)


def test_staff_and_admin_pages_have_no_wcag_violations(axe_page, axe_violations):
    page = axe_page
    page.goto("/auth/login")
    page.get_by_label("E-post").fill("admin@innsikt.example")
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    for path in STAFF_PAGES:
        violations = axe_violations(path)
        assert violations == [], f"{path}: {json.dumps(violations, indent=1)}"


# Recorded from before any page script runs (an init script is not subject to the page's CSP).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


def test_pages_keep_to_the_content_security_policy(page):
    """Under the real CSP (no bypass), the pages load their styles and break no directive, and
    the journey's emotion bars still get their length from the stylesheet."""
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    journey = None
    for path in PUBLIC_PAGES:
        response = page.goto(path)
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        assert page.evaluate("window.__cspViolations") == [], path
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != "", path
        if path == "/journeys":
            journey = page.locator("main a[href^='/journeys/']").first.get_attribute("href")
    assert journey, "the demo data has a published journey"
    page.goto(journey)
    assert page.evaluate("window.__cspViolations") == []
    widths = page.evaluate("""[...document.querySelectorAll('.step:not(.emotion-0) .emotion-bar')]
        .map(bar => parseFloat(getComputedStyle(bar, '::after').width))""")
    assert widths and all(width > 0 for width in widths)


SUPPLIER_PAGES = ["/", "/personas/PER-01", "/journeys/JRN-01", "/statistics", "/changes",
                  "/bid-pack", "/search?q=informasjon", "/search/saved", "/questions",
                  "/personas", "/journeys", "/insights", "/observations/OBS-0001",
                  "/account/tokens", "/api/v1/guide"]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_supplier_pages_have_no_wcag_violations_in_both_languages(axe_page, axe_violations,
                                                                  language):
    page = axe_page
    page.goto("/auth/login")
    page.get_by_label("E-post").fill("leverandor@innsikt.example")
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.goto(f"/?lang={language}")
    for path in SUPPLIER_PAGES:
        violations = axe_violations(path)
        assert violations == [], f"{path} ({language}): {json.dumps(violations, indent=1)}"
