"""Lists and search results as CSV, XLSX and JSON downloads, as each reader may see them."""

from __future__ import annotations

import codecs
import csv
import io
import json

import pytest
from openpyxl import load_workbook

from insight.extensions import db
from insight.services import accounts, insights, personas, publishing, questions
from tests.conftest import PASSWORD

FORMULA_TITLE = "=1+1 regnestykke i tittelen"
SECRETS = ("UTKAST-OBSERVASJON", "INTERN-OBSERVASJON", "INTERN-INNSIKT", "UTKAST-PERSONA")
ASKER = ("konkurrent@firma.example", "Kari Konkurrent", "Konkurrent AS")


def publish(item, author, reviewer):
    publishing.send_to_review(item, author)
    publishing.publish(item, reviewer)


@pytest.fixture
def content(app, factory):
    """Visible items, items a supplier must never get, and a question another supplier asked."""
    public = factory.observation(visibility="public", title="Synlig offentlig observasjon")
    factory.observation(visibility="suppliers", title=FORMULA_TITLE)
    factory.observation(status="draft", title="UTKAST-OBSERVASJON")
    factory.observation(visibility="internal", title="INTERN-OBSERVASJON")
    with app.app_context():
        author = accounts.create_user("forfatter@example.no", PASSWORD, "staff")
        reviewer = accounts.create_user("kontroll@example.no", PASSWORD, "staff")
        asker = accounts.create_user(ASKER[0], PASSWORD, "supplier", name=ASKER[1],
                                     organisation=ASKER[2])
        publish(insights.create({"statement": "Synlig innsikt om informasjon",
                                 "visibility": "suppliers", "evidence": [public]}, author),
                author, reviewer)
        publish(insights.create({"statement": "INTERN-INNSIKT om bemanning",
                                 "visibility": "internal", "evidence": [public]}, author),
                author, reviewer)
        personas.create({"title": "UTKAST-PERSONA", "age_band": "80-89",
                         "stay_type": "rehabilitering"}, author)
        question = questions.ask("Hvor mange rom?", "Hvor mange rom har avdelingen?", asker)
        questions.answer(question, "Avdelingen har 24 rom.", reviewer)
        db.session.commit()
    return public


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response


def csv_rows(data: bytes) -> list[dict]:
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline=""),
                               delimiter=";"))


def test_a_csv_export_has_the_bom_semicolons_and_crlf(client, content, login_as):
    login_as("supplier")
    data = download(client, "/export/observations.csv").data
    assert data.startswith(codecs.BOM_UTF8)
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    rows = csv_rows(data)
    assert {"ref", "title", "stay_type", "themes"} <= set(rows[0])
    assert "Synlig offentlig observasjon" in {row["title"] for row in rows}


def test_a_cell_that_would_start_a_formula_starts_with_an_apostrophe(client, content,
                                                                      login_as):
    login_as("supplier")
    titles = {row["title"] for row in csv_rows(download(client, "/export/observations.csv").data)}
    assert "'" + FORMULA_TITLE in titles
    assert FORMULA_TITLE not in titles
    sheet = load_workbook(io.BytesIO(download(client, "/export/observations.xlsx").data)).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'" + FORMULA_TITLE in cells


def test_an_xlsx_export_opens_with_the_same_rows_as_the_csv(client, content, login_as):
    login_as("supplier")
    response = download(client, "/export/insights.xlsx")
    assert response.headers["Content-Disposition"].endswith('innsikt-insights.xlsx"')
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    csv_refs = [row["ref"] for row in csv_rows(download(client, "/export/insights.csv").data)]
    assert header[0] == "ref" and [row[0] for row in rows] == csv_refs


def test_a_json_export_parses_with_nested_journey_steps(app, client, runner, login_as):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    login_as("supplier")
    body = json.loads(download(client, "/export/journeys.json").data)
    assert body["kind"] == "journeys" and body["count"] == len(body["items"]) > 0
    assert all(isinstance(step["emotion"], int) for step in body["items"][0]["steps"])
    rows = csv_rows(download(client, "/export/journeys.csv").data)
    steps = sum(len(journey["steps"]) for journey in body["items"])
    assert len(rows) == steps and "step_title" in rows[0]


def test_the_observation_export_keeps_the_list_filters(client, factory, login_as):
    factory.observation(stay_type="rehabilitering", title="Rehabilitering her")
    factory.observation(stay_type="avlastning", title="Avlastning der")
    login_as("supplier")
    rows = csv_rows(download(client, "/export/observations.csv?stay_type=avlastning").data)
    assert [row["title"] for row in rows] == ["Avlastning der"]


@pytest.mark.parametrize("kind", ["observations", "insights", "personas", "journeys",
                                  "questions"])
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_a_supplier_export_has_no_draft_internal_item_or_supplier_identity(
        client, content, login_as, kind, fmt):
    login_as("supplier")
    response = download(client, f"/export/{kind}.{fmt}")
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.data)).active
        text = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    else:
        text = response.data.decode("utf-8-sig")
    for secret in (*SECRETS, *ASKER, "forfatter@", "kontroll@", "author", "reviewer",
                   "internal", "draft"):
        assert secret not in text, f"{secret} in {kind}.{fmt}"


def test_staff_exports_include_drafts_and_internal_items_with_their_status(
        client, content, login_as):
    login_as("staff")
    rows = csv_rows(download(client, "/export/observations.csv").data)
    by_title = {row["title"]: row for row in rows}
    assert by_title["UTKAST-OBSERVASJON"]["status"] == "draft"
    assert by_title["INTERN-OBSERVASJON"]["visibility"] == "internal"


def test_an_answered_question_is_exported_without_who_asked(client, content, login_as):
    login_as("supplier")
    body = json.loads(download(client, "/export/questions.json").data)
    assert [item["answer"] for item in body["items"]] == ["Avdelingen har 24 rom."]
    assert set(body["items"][0]) == {"ref", "title", "question", "answer", "answered_at"}


def test_a_search_export_holds_every_hit_the_page_would_show(client, factory, login_as):
    for number in range(3):
        factory.observation(title=f"Rullator nummer {number}", visibility="public")
    factory.observation(title="Rullator i utkast", status="draft")
    login_as("supplier")
    rows = csv_rows(download(client, "/export/search.csv?q=rullator").data)
    assert sorted(row["title"] for row in rows) == [f"Rullator nummer {n}" for n in range(3)]
    assert [row["rank"] for row in rows] == ["1", "2", "3"]
    assert "<mark>" not in "".join(row["snippet"] for row in rows)
    body = json.loads(download(client, "/export/search.json?q=rullator&type=insight").data)
    assert body["count"] == 0


def test_an_anonymous_reader_is_sent_to_log_in(client):
    response = client.get("/export/observations.csv")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_an_unknown_kind_or_format_is_not_found(client, login_as):
    login_as("supplier")
    assert client.get("/export/users.csv").status_code == 404
    assert client.get("/export/observations.pdf").status_code == 404


def test_the_lists_offer_their_downloads(client, content, login_as):
    login_as("supplier")
    page = client.get("/observations?stay_type=rehabilitering").get_data(as_text=True)
    assert "/export/observations.csv?stay_type=rehabilitering" in page
    assert "/export/observations.xlsx" in page and "/export/observations.json" in page
    for kind in ("insights", "personas", "journeys"):
        assert f"/export/{kind}.csv" in client.get(f"/{kind}").get_data(as_text=True)
    assert "/export/search.xlsx?q=rom" in client.get("/search?q=rom").get_data(as_text=True)


def test_anonymous_readers_are_not_offered_downloads(client, content):
    assert "/export/" not in client.get("/observations").get_data(as_text=True)
