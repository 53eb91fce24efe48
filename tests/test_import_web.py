"""The web upload: preview every row, fix, import in the background, see the result."""

import io
import time

import pytest
from sqlalchemy import func, select

from insight.extensions import db
from insight.models import ImportRecord, Observation
from tests.test_cli import HEADER, row


def csv_file(*rows: str, name: str = "obs.csv"):
    data = (HEADER + "\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8")
    return (io.BytesIO(data), name)


def upload(client, *rows, on_existing="reject"):
    return client.post("/staff/import/", data={"file": csv_file(*rows), "on_existing": on_existing},
                       content_type="multipart/form-data")


def wait_for_import(client, token, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = client.get(f"/staff/import/{token}/progress")
        if response.status_code == 302 or "alert" in response.get_data(as_text=True):
            return response
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def test_preview_lists_every_row_and_writes_nothing(app, client, login_as):
    login_as("staff")
    response = upload(client, row("OBS-0001"), row("OBS-0002"))
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "OBS-0001" in page and "OBS-0002" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Observation)) == 0


def test_preview_shows_each_problem_with_line_and_column(client, login_as):
    login_as("staff")
    response = upload(client, row("OBS-0001"), row("OBS-0002", stay_type="ferie"))
    page = client.get(response.location).get_data(as_text=True)
    assert "ferie" in page and "stay_type" in page
    assert "<td>3</td>" in page
    assert "imports.start" not in page and 'action="/staff/import/' not in page


def test_confirmed_import_runs_and_leads_to_its_record(app, client, login_as):
    login_as("staff")
    preview = upload(client, row("OBS-0001"), row("OBS-0002")).location
    token = preview.split("/")[-1].split("?")[0]
    client.get(preview)
    started = client.post(f"/staff/import/{token}", data={"on_existing": "reject"})
    assert started.status_code == 302
    done = wait_for_import(client, token)
    assert done.status_code == 302 and "/staff/import/records/" in done.location
    assert "2" in client.get(done.location).get_data(as_text=True)
    with app.app_context():
        statuses = db.session.scalars(select(Observation.status)).all()
        assert statuses == ["draft", "draft"]
        assert db.session.scalar(select(ImportRecord.rows)) == 2


def test_a_staff_member_cannot_publish_an_upload_directly(app, client, login_as):
    login_as("staff")
    preview = upload(client, row("OBS-0001")).location
    token = preview.split("/")[-1].split("?")[0]
    client.get(preview)
    client.post(f"/staff/import/{token}", data={"on_existing": "reject", "publish": "y"})
    failed = wait_for_import(client, token)
    assert "alert" in failed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Observation)) == 0


def test_an_unknown_file_type_is_refused_at_upload(client, login_as):
    login_as("staff")
    response = client.post("/staff/import/", data={"file": (io.BytesIO(b"x"), "obs.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 422


def test_an_unknown_upload_token_is_404(client, login_as):
    login_as("staff")
    assert client.get("/staff/import/abcdefghijklmnopqrstuvwxyz").status_code == 404


def preview_of(client, data: bytes, name: str):
    response = client.post("/staff/import/", data={"file": (io.BytesIO(data), name),
                                                   "on_existing": "reject"},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.data
    return client.get(response.location)


def hostile(tmp_path, kind: str) -> tuple[bytes, str]:
    """A file that once gave a 500 or held a worker for minutes."""
    from tests import hostile_files
    from tests.test_import_formats import good_values, random_bytes

    if kind == "undecodable":
        return (HEADER + "\r\n" + row("OBS-0001")).encode() + b"\x81\x8d\r\n", "obs.csv"
    if kind == "binary":
        return random_bytes(50_000), "obs.csv"
    if kind == "long field":
        return (HEADER + "\r\n" + row("OBS-0001", text="x" * 140_000) + "\r\n").encode(), \
            "obs.csv"
    if kind == "deep json":
        return b"[" * 100_000 + b"\n", "obs.jsonl"
    if kind == "xlsx bomb":
        path = hostile_files.many_rows_bomb(tmp_path / "bomb.xlsx", rows=1_000_000)
        return path.read_bytes(), "obs.xlsx"
    if kind == "xlsx far row":
        path = hostile_files.huge_dimension(tmp_path / "far.xlsx", good_values(), last_row=True)
        return path.read_bytes(), "obs.xlsx"
    raise AssertionError(kind)


@pytest.mark.parametrize(("kind", "message"), [
    ("undecodable", "verken UTF-8- eller Windows-1252-tekst"),
    ("binary", "er en binærfil"),
    ("long field", "et felt er lengre enn 131072 tegn"),
    ("deep json", "har for mange nivåer"),
    ("xlsx bomb", "har mer enn 250000 rader"),
    ("xlsx far row", "har mer enn 250000 rader"),
])
def test_a_hostile_file_gets_a_clear_4xx_preview(client, login_as, tmp_path, kind, message):
    login_as("staff")
    data, name = hostile(tmp_path, kind)
    started = time.monotonic()
    page = preview_of(client, data, name)
    assert time.monotonic() - started < 10
    assert page.status_code == 422
    assert message in page.get_data(as_text=True)


def test_the_preview_shows_every_problem_of_a_row(client, login_as):
    login_as("staff")
    response = upload(client, row("OBS-0001", month="2025-13", actor="rektor",
                                  text="Ring datteren på 912 34 567 i kveld."))
    client.post("/language/en")
    page = client.get(response.location).get_data(as_text=True)
    assert "must be a month written YYYY-MM" in page
    assert "unknown actor &#39;rektor&#39;" in page
    assert "personal data found: phone number" in page


@pytest.mark.parametrize(("role", "offered"), [("admin", True), ("staff", False)])
def test_publishing_at_once_is_offered_to_those_allowed_to(client, login_as, role, offered):
    login_as(role)
    page = client.get(upload(client, row("OBS-0001")).location).get_data(as_text=True)
    assert ('name="publish"' in page) is offered


def test_an_import_refused_at_run_time_counts_its_problems_on_the_progress_page(
        app, client, factory, login_as):
    factory.observation(ref="OBS-0001")
    login_as("staff")
    preview = upload(client, row("OBS-0001"), row("OBS-0002")).location
    token = preview.split("/")[-1].split("?")[0]
    client.get(preview)
    client.post(f"/staff/import/{token}", data={"on_existing": "reject"})
    failed = wait_for_import(client, token).get_data(as_text=True)
    assert "Feil i filen: 1." in failed
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Observation)) == 1
