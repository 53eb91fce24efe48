"""A live Innsikt server with the demo data, and Debian's Chromium driven by Playwright.

Without /usr/bin/chromium the browser tests are skipped with a message; in CI
(INSIGHT_REQUIRE_BROWSER=1) they fail instead, so a missing browser is never silent.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from insight import create_app
from insight.extensions import db
from insight.services import demo
from tests.conftest import make_config

CHROMIUM = os.environ.get("INSIGHT_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        message = (f"browser tests need Chromium at {CHROMIUM} "
                   "(apt-get install -y chromium); skipping them")
        if os.environ.get("INSIGHT_REQUIRE_BROWSER"):
            pytest.fail(message.replace("; skipping them", ", and CI requires them"))
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, migrated_database):
    """Serves a demo-seeded app on a free local port for the whole session."""
    data_dir = tmp_path_factory.mktemp("live")
    if not os.environ.get("INSIGHT_TEST_DATABASE_URL"):
        shutil.copy(migrated_database, data_dir / "insight.db")
    config = make_config(data_dir)
    config.update(WTF_CSRF_ENABLED=True)  # the real forms, with their tokens
    app = create_app(config)
    with app.app_context():
        demo.seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page(chromium_browser, live_server):
    context = chromium_browser.new_context(base_url=live_server, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# --- a private served app per test module (additive: modules that seed their own data) --------

def demo_app(data_dir: Path, migrated_database: Path, **config_overrides):
    """A demo-seeded app with real CSRF tokens, on its own copy of the template database.

    On PostgreSQL every app shares the one test database, so the demo is seeded only once and
    the new app's own search index is rebuilt from what the database holds."""
    from insight.search import sync
    from insight.services import accounts
    from tests.conftest import empty_all_tables

    if not os.environ.get("INSIGHT_TEST_DATABASE_URL"):
        shutil.copy(migrated_database, data_dir / "insight.db")
    config = make_config(data_dir)
    config.update(WTF_CSRF_ENABLED=True, **config_overrides)
    app = create_app(config)
    with app.app_context():
        if accounts.find_by_email("admin@innsikt.example") is None:
            if os.environ.get("INSIGHT_TEST_DATABASE_URL"):
                empty_all_tables()  # rows left by non-browser tests
            demo.seed_demo()
            db.session.commit()
        else:
            sync.rebuild(app)
    return app


def add_supplier(app, email: str, name: str, organisation: str) -> None:
    """A second supplier account beside the demo's (once: the database may be shared)."""
    from insight.services import accounts

    with app.app_context():
        if accounts.find_by_email(email) is None:
            accounts.create_user(email, demo.DEMO_PASSWORD, "supplier", name=name,
                                 organisation=organisation)
            db.session.commit()


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve `app` on a free local port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@contextmanager
def english_page(browser, base_url: str) -> Iterator:
    """A fresh browser context on `base_url`, switched to English (the source strings)."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/?lang=en")
    try:
        yield page
    finally:
        context.close()


def log_in_english(page, email: str, password: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.locator(".flashes").wait_for()
@pytest.fixture
def axe_page(chromium_browser, live_server):
    """A page that may inject axe-core: Playwright's add_script_tag adds an inline script, which
    the app's Content-Security-Policy (script-src 'self') rightly refuses. Only the axe runs
    bypass the CSP; test_pages_keep_to_the_content_security_policy checks the pages under it."""
    context = chromium_browser.new_context(base_url=live_server, locale="nb-NO", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
