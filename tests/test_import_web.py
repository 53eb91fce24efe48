"""The web upload: preview every row, fix, import in the background, see the result."""

import io
import time

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
