"""The bid pack: the same ZIP for every supplier, built once per content change, verifiable."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from insight.extensions import db
from insight.services import accounts, personas, publishing, questions
from tests import test_exports
from tests.conftest import PASSWORD
from tests.test_exports import ASKER, SECRETS

content = test_exports.content  # drafts, internal items and a supplier's question


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def current_version(client) -> int:
    page = client.get("/bid-pack")
    assert page.status_code == 200
    return int(re.search(r"/bid-pack/innsikt-(\d+)\.zip", page.get_data(as_text=True))[1])


def download_pack(client) -> bytes:
    version = current_version(client)
    response = client.get(f"/bid-pack/innsikt-{version}.zip")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    return response.data


def pack_file(app, version: int) -> Path:
    return Path(app.config["DATA_DIR"]) / "bidpacks" / f"{version}.zip"


def as_supplier(app, factory, auth):
    _, email = factory.user("supplier")
    auth.logout()
    assert auth.login(email).status_code == 302


def test_two_suppliers_download_identical_bytes(app, client, demo, factory, auth):
    as_supplier(app, factory, auth)
    first = download_pack(client)
    as_supplier(app, factory, auth)
    second = download_pack(client)
    assert first == second
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_the_page_shows_the_checksum_of_the_file_it_offers(app, client, demo, factory, auth):
    as_supplier(app, factory, auth)
    page = client.get("/bid-pack").get_data(as_text=True)
    data = download_pack(client)
    assert hashlib.sha256(data).hexdigest() in page


def test_a_second_download_does_not_rebuild_the_pack(app, client, demo, factory, auth):
    as_supplier(app, factory, auth)
    download_pack(client)
    stored = pack_file(app, current_version(client))
    built = stored.stat().st_mtime_ns
    as_supplier(app, factory, auth)
    download_pack(client)
    assert stored.stat().st_mtime_ns == built
    assert len(list(stored.parent.glob("*.zip"))) == 1


def test_a_rebuild_of_the_same_version_gives_the_same_bytes(app, client, demo, factory, auth):
    as_supplier(app, factory, auth)
    first = download_pack(client)
    pack_file(app, current_version(client)).unlink()
    assert download_pack(client) == first


def test_publishing_something_makes_a_new_version(app, client, demo, factory, auth):
    as_supplier(app, factory, auth)
    before = current_version(client)
    old = download_pack(client)
    factory.observation(title="Nytt etter forrige pakke", visibility="suppliers")
    after = current_version(client)
    assert after > before
    assert client.get(f"/bid-pack/innsikt-{before}.zip").status_code == 404
    new = zipfile.ZipFile(io.BytesIO(download_pack(client)))
    assert "Nytt etter forrige pakke" in new.read("data/observations.csv").decode("utf-8-sig")
    assert "Nytt etter forrige pakke" not in \
        zipfile.ZipFile(io.BytesIO(old)).read("data/observations.csv").decode("utf-8-sig")


def test_a_draft_or_internal_change_keeps_the_version(app, client, demo, factory, auth):
    as_supplier(app, factory, auth)
    before = current_version(client)
    factory.observation(status="draft")
    factory.observation(visibility="internal")
    assert current_version(client) == before


def test_the_manifest_verifies_against_the_zip(app, client, demo, factory, auth):
    as_supplier(app, factory, auth)
    archive = zipfile.ZipFile(io.BytesIO(download_pack(client)))
    names = set(archive.namelist())
    listed = {}
    for line in archive.read("SHA256SUMS").decode("utf-8").splitlines():
        digest, path = line.split("  ", 1)
        listed[path] = digest
    assert set(listed) == names - {"SHA256SUMS"}
    for path, digest in listed.items():
        assert hashlib.sha256(archive.read(path)).hexdigest() == digest, path


def test_the_pack_holds_data_maps_cards_and_a_readme_in_bokmal(app, client, demo, factory,
                                                               auth):
    as_supplier(app, factory, auth)
    version = current_version(client)
    archive = zipfile.ZipFile(io.BytesIO(download_pack(client)))
    names = archive.namelist()
    for kind in ("observations", "insights", "personas", "journeys", "questions"):
        assert f"data/{kind}.csv" in names
        json.loads(archive.read(f"data/{kind}.json"))
    journeys = json.loads(archive.read("data/journeys.json"))["items"]
    personas_ = json.loads(archive.read("data/personas.json"))["items"]
    for journey in journeys:
        svg = archive.read(f"journey-maps/{journey['ref']}.svg").decode()
        assert svg.startswith("<?xml") and "Reisekart" in svg
    for persona in personas_:
        card = archive.read(f"persona-cards/{persona['ref']}.html").decode()
        assert 'lang="nb"' in card and "ikke en virkelig person" in card
        assert "@page" in card and "<link" not in card  # self-contained, prints on A4
    readme = archive.read("README.txt").decode()
    assert f"Versjon:        {version}" in readme and "sha256sum -c SHA256SUMS" in readme


def test_every_entry_has_the_same_date_and_permissions_in_order(app, client, demo, factory,
                                                                 auth):
    as_supplier(app, factory, auth)
    infos = zipfile.ZipFile(io.BytesIO(download_pack(client))).infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert len({i.date_time for i in infos}) == 1
    assert {i.external_attr >> 16 & 0o777 for i in infos} == {0o644}


def test_the_pack_has_no_draft_internal_item_or_supplier_identity(app, client, content,
                                                                   login_as):
    login_as("staff")  # built from the supplier view whoever triggers the build
    archive = zipfile.ZipFile(io.BytesIO(download_pack(client)))
    text = "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    for secret in (*SECRETS, *ASKER, "forfatter@", "kontroll@"):
        assert secret not in text
    assert "Avdelingen har 24 rom." in text


def test_staff_and_a_supplier_get_the_same_pack(app, client, content, factory, auth,
                                                login_as):
    login_as("staff")
    staff_copy = download_pack(client)
    as_supplier(app, factory, auth)
    assert download_pack(client) == staff_copy


def test_an_answer_makes_a_new_version(app, client, content, factory, auth):
    as_supplier(app, factory, auth)
    before = current_version(client)
    with app.app_context():
        asker = accounts.find_by_email(ASKER[0])
        staff = accounts.create_user("svarer@example.no", PASSWORD, "staff")
        question = questions.ask("Parkering?", "Finnes det parkering for besøkende?", asker)
        questions.answer(question, "Ja, ved hovedinngangen.", staff)
        db.session.commit()
    assert current_version(client) > before


def test_a_persona_published_for_suppliers_gets_a_card(app, client, content, factory, auth):
    with app.app_context():
        author = accounts.find_by_email("forfatter@example.no")
        reviewer = accounts.find_by_email("kontroll@example.no")
        item = personas.create({"title": "Den travle pårørende", "age_band": "80-89",
                                "stay_type": "rehabilitering", "goals": "Mål en\nMål to"},
                               author)
        publishing.send_to_review(item, author)
        publishing.publish(item, reviewer)
        db.session.commit()
        ref = item.ref
    as_supplier(app, factory, auth)
    card = zipfile.ZipFile(io.BytesIO(download_pack(client))).read(f"persona-cards/{ref}.html")
    assert b"<li>M\xc3\xa5l to</li>" in card


def test_an_anonymous_reader_is_sent_to_log_in(client):
    for path in ("/bid-pack", "/bid-pack/innsikt-0.zip"):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.location
