"""Open redirects: a `next` target from a crafted link or form never sends anyone off the site.

Where a browser would go is what counts: browsers drop tabs and line breaks from a URL, read a
backslash as a slash and an address starting with // as another host. Every variant must end
in a same-site relative path, and none may give a 500 or inject a header."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD

VARIANTS = {
    "protocol_relative": "//evil.example",
    "triple_slash": "///evil.example",
    "backslash": "/\\evil.example",
    "double_backslash": "\\\\evil.example",
    "slash_backslash_slash": "/\\/evil.example",
    "tab_between_slashes": "/\t/evil.example",
    "newline_between_slashes": "/\n/evil.example",
    "crlf_between_slashes": "/\r\n/evil.example",
    "leading_tab": "\t//evil.example",
    "leading_space": " //evil.example",
    "absolute_https": "https://evil.example",
    "scheme_without_slashes": "https:evil.example",
    "header_injection": "/\r\nSet-Cookie: x=1",
    "javascript": "javascript:alert(1)",
    "data_url": "data:text/html,<script>alert(1)</script>",
    "userinfo": "//innsikt.example@evil.example",
    "encoded_slash_stays_a_path": "/%2F/evil.example",
}
# Before the fix a tab became //evil.example and a line break raised (a 500 when served).
CASES = [pytest.param(target, id=name) for name, target in VARIANTS.items()]


def browser_reading(location: str) -> str:
    """The URL as a browser parses it: tab, CR and LF removed, leading spaces and control
    characters stripped, backslashes as slashes."""
    return re.sub(r"[\t\n\r]", "", location).lstrip(" \x00-\x1f").replace("\\", "/")


def assert_stays_on_the_site(response) -> None:
    assert response.status_code != 500
    assert response.status_code in (301, 302, 303, 307, 308), response.status_code
    location = response.headers["Location"]
    seen = browser_reading(location)
    parts = urlsplit(seen)
    assert (parts.scheme, parts.netloc) == ("", ""), f"leaves the site: {location!r}"
    assert seen.startswith("/") and not seen.startswith("//"), f"not a local path: {location!r}"
    assert not any(c.startswith("x=") for c in response.headers.getlist("Set-Cookie"))


@pytest.fixture
def supplier(factory):
    return factory.user("supplier")[1]


@pytest.mark.parametrize("target", CASES)
def test_logging_in_with_a_crafted_next_stays_on_the_site(client, supplier, target):
    response = client.post("/auth/login", query_string={"next": target},
                           data={"email": supplier, "password": PASSWORD})
    assert_stays_on_the_site(response)


@pytest.mark.parametrize("target", CASES)
def test_switching_language_with_a_crafted_next_stays_on_the_site(client, target):
    response = client.post("/language/en", data={"next": target})
    assert_stays_on_the_site(response)


def test_a_local_next_is_followed_after_logging_in(client, supplier):
    response = client.post("/auth/login", query_string={"next": "/observations?page=2"},
                           data={"email": supplier, "password": PASSWORD})
    assert response.headers["Location"] == "/observations?page=2"
