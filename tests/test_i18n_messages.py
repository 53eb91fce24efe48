"""Every message a user reads is a key with a Bokmål and an English rendering.

Services raise errors that carry `msg(...)` ids; these tests find every id in the code, render
each in Bokmål and English, and refuse plain-string messages at raise sites.
"""

from __future__ import annotations

import ast
import builtins
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from insight.messages import Message

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "insight" / "translations" / "nb" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
ERROR_NAMES = re.compile(r"(Error|Denied|NotFound|Conflict|InvalidInput|Unavailable|Found|Frozen)$")
# Raised at start-up to the operator's terminal, before any request or language exists.
OPERATOR_ERRORS = {"ConfigurationError"}


def message_ids() -> list[str]:
    """Every `msg(...)` id in insight/, found the way `pybabel extract -k msg` finds them."""
    found = extract_from_dir(str(ROOT / "insight"), method_map=[("**.py", "python")],
                             keywords={"msg": None})
    return sorted({message for _, _, message, _, _ in found if isinstance(message, str)})


def catalogue() -> dict[str, object]:
    with CATALOGUE.open("rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


MESSAGE_IDS = message_ids()


def test_the_code_has_message_ids() -> None:
    assert len(MESSAGE_IDS) > 50


@pytest.mark.parametrize("message_id", MESSAGE_IDS)
def test_every_service_message_has_a_bokmal_translation(message_id: str) -> None:
    entry = catalogue().get(message_id)
    assert entry is not None, f"not in the catalogue: {message_id!r}"
    assert entry.string and not entry.fuzzy, f"not translated: {message_id!r}"
    assert set(PLACEHOLDER.findall(entry.string)) == set(PLACEHOLDER.findall(message_id))


def test_every_service_message_renders_in_bokmal_and_english(app) -> None:
    untranslated = []
    for message_id in MESSAGE_IDS:
        params = {name: "X" for name in PLACEHOLDER.findall(message_id)}
        message = Message(message_id, **params)
        with app.test_request_context("/?lang=en"):
            english = str(message)
        with app.test_request_context("/?lang=nb"):
            bokmal = str(message)
        assert english == message.english
        if bokmal == english and re.search(r"[a-z]{3}", PLACEHOLDER.sub("", message_id)):
            untranslated.append(message_id)
    assert not untranslated, f"{len(untranslated)} messages read the same in Bokmål: " \
                             f"{untranslated[:10]}"


def _plain_string(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str))


def plain_string_messages() -> list[str]:
    """Raise sites and Problems whose message is a literal instead of msg(...)."""
    found = []
    for path in sorted((ROOT / "insight").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "Problem":
                candidates = node.args[1:2]
            elif (ERROR_NAMES.search(name) and not hasattr(builtins, name)
                  and name not in OPERATOR_ERRORS):
                candidates = node.args[:1]
            else:
                continue
            if any(_plain_string(arg) for arg in candidates):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return found


def test_no_service_error_carries_a_plain_string() -> None:
    assert plain_string_messages() == []


def test_an_error_page_has_a_human_heading_in_bokmal(client) -> None:
    page = client.get("/observations/NO-SUCH-REF").get_data(as_text=True)
    assert "404 Not Found" not in page
    assert "NotFound" not in page
