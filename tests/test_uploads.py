"""Uploaded files live only as long as their import needs them, and the progress page speaks
the reader's language."""

import io
import os
import time
from pathlib import Path

import flask_babel

from tests.test_cli import HEADER, row
from tests.test_import_web import wait_for_import


def upload(client, *rows):
    data = (HEADER + "\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8")
    response = client.post("/staff/import/", data={"file": (io.BytesIO(data), "obs.csv"),
                                                   "on_existing": "reject"},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.data
    return response.location, response.location.split("/")[-1].split("?")[0]


def stored(app) -> list[str]:
    """The uploaded files on disk (progress states aside)."""
    folder = Path(app.config["DATA_DIR"]) / "uploads"
    return sorted(p.name for p in folder.iterdir()
                  if p.name.count(".") == 1 and p.suffix in (".csv", ".xlsx", ".json"))


def age(app, token: str, seconds: float) -> None:
    past = time.time() - seconds
    for path in (Path(app.config["DATA_DIR"]) / "uploads").glob(f"{token}.*"):
        os.utime(path, (past, past))


def test_the_uploaded_file_is_deleted_when_its_import_completes(app, client, login_as):
    login_as("staff")
    preview, token = upload(client, row("OBS-0001"))
    client.get(preview)
    client.post(f"/staff/import/{token}", data={"on_existing": "reject"})
    assert wait_for_import(client, token).status_code == 302
    assert stored(app) == []


def test_the_uploaded_file_is_deleted_when_its_import_fails(app, client, login_as):
    login_as("staff")
    preview, token = upload(client, row("OBS-0001"))
    client.get(preview)
    client.post(f"/staff/import/{token}", data={"on_existing": "reject", "publish": "y"})
    assert "alert" in wait_for_import(client, token).get_data(as_text=True)
    assert stored(app) == []


def test_a_file_with_personal_data_is_deleted_at_its_preview(app, client, login_as):
    login_as("staff")
    preview, token = upload(client, row("OBS-0001", text="Ring datteren på 912 34 567."))
    assert stored(app) == [f"{token}.csv"]
    page = client.get(preview)
    assert page.status_code == 422
    assert "fant personopplysninger" in page.get_data(as_text=True)
    assert stored(app) == []
    assert client.post(f"/staff/import/{token}", data={"on_existing": "reject"}) \
        .status_code == 404


def test_a_file_with_other_problems_is_kept_for_a_second_look(app, client, login_as):
    login_as("staff")
    preview, token = upload(client, row("OBS-0001", month="2025-13"))
    assert client.get(preview).status_code == 422
    assert stored(app) == [f"{token}.csv"]


def test_an_upload_abandoned_for_an_hour_is_deleted_when_the_next_file_arrives(
        app, client, login_as):
    login_as("staff")
    _, old = upload(client, row("OBS-0001"))
    age(app, old, 3601)
    _, new = upload(client, row("OBS-0002"))
    assert stored(app) == [f"{new}.csv"]


def test_an_upload_younger_than_an_hour_is_kept(app, client, login_as):
    login_as("staff")
    _, first = upload(client, row("OBS-0001"))
    age(app, first, 3000)
    _, second = upload(client, row("OBS-0002"))
    assert stored(app) == sorted([f"{first}.csv", f"{second}.csv"])


def test_an_abandoned_upload_is_deleted_when_a_preview_loads(app, client, login_as):
    login_as("staff")
    _, old = upload(client, row("OBS-0001"))
    preview, new = upload(client, row("OBS-0002"))
    age(app, old, 3601)
    client.get(preview)
    assert stored(app) == [f"{new}.csv"]


def test_imports_cleanup_deletes_abandoned_uploads(app, client, login_as, runner):
    login_as("staff")
    _, old = upload(client, row("OBS-0001"))
    _, new = upload(client, row("OBS-0002"))
    age(app, old, 3601)
    result = runner.invoke(args=["imports", "cleanup"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 abandoned upload(s)." in result.output
    assert stored(app) == [f"{new}.csv"]


def test_a_failed_import_is_shown_in_the_readers_language(client, login_as, monkeypatch):
    bokmal = {"Only an administrator may publish an import directly.":
              "Bare en administrator kan publisere en import direkte."}
    login_as("staff")
    preview, token = upload(client, row("OBS-0001"))
    client.get(preview)
    client.post(f"/staff/import/{token}", data={"on_existing": "reject", "publish": "y"})
    wait_for_import(client, token)
    # The state is stored as a message id; rendering it asks the catalogue at read time.
    monkeypatch.setattr(flask_babel, "gettext", lambda text: bokmal.get(text, text))
    page = client.get(f"/staff/import/{token}/progress").get_data(as_text=True)
    assert "Bare en administrator kan publisere en import direkte." in page
    assert "Only an administrator" not in page


def test_a_failed_imports_problems_keep_their_line_and_column(app, client, login_as):
    login_as("staff")
    preview, token = upload(client, row("OBS-0001", month="2025-13"))
    client.post(f"/staff/import/{token}", data={"on_existing": "reject"})
    page = wait_for_import(client, token).get_data(as_text=True)
    assert "linje 2, kolonne month: må være en måned skrevet ÅÅÅÅ-MM" in page
