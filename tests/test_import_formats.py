"""Bulk import from the files offices really have: CSV variants, XLSX, JSON — all or nothing."""

import json

from openpyxl import Workbook
from sqlalchemy import func, select

from insight.extensions import db
from insight.models import AuditEvent, ImportRecord, Observation
from tests.test_cli import HEADER, row, write_csv

COLUMNS = HEADER.split(",")
GOOD = {
    "title": "Ventet lenge på vedtak", "text": "Datteren syntes ventetiden var lang.",
    "source": "intervju", "stay_type": "avlastning", "journey_stage": "soknad_og_vedtak",
    "actor": "parorende", "tags": "ventetid;informasjon", "month": "2025-02",
    "age_band": "80-89", "unit": "Avlastningsenhet Sør",
}


def observation_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Observation))


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for values in rows:
        sheet.append([values.get(c) for c in COLUMNS])
    workbook.save(path)
    return path


def test_xlsx_import_loads_rows_and_reads_excel_dates_as_months(app, runner, tmp_path):
    from datetime import datetime

    path = write_xlsx(tmp_path / "obs.xlsx", [
        {**GOOD, "ref": "OBS-0001"},
        {**GOOD, "ref": "OBS-0002", "month": datetime(2025, 3, 1)},
    ])
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(Observation.month).where(
            Observation.ref == "OBS-0002")) == "2025-03"


def test_xlsx_import_names_the_spreadsheet_row_of_a_bad_value(app, runner, tmp_path):
    path = write_xlsx(tmp_path / "obs.xlsx", [
        {**GOOD, "ref": "OBS-0001"}, {**GOOD, "ref": "OBS-0002", "actor": "rektor"}])
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "line 3, column actor: unknown actor 'rektor'" in result.output
    assert observation_count(app) == 0


def test_json_list_import_accepts_themes_as_a_list(app, runner, tmp_path):
    items = [{**GOOD, "ref": "OBS-0001", "tags": ["fall", "mobilitet"]}]
    path = tmp_path / "obs.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert sorted(db.session.scalar(select(Observation)).theme_codes) == ["fall", "mobilitet"]


def test_json_lines_import_names_the_line_of_a_broken_object(app, runner, tmp_path):
    path = tmp_path / "obs.jsonl"
    path.write_text(json.dumps({**GOOD, "ref": "OBS-0001"}) + "\n{broken\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "line 2" in result.output
    assert observation_count(app) == 0


def test_csv_with_a_byte_order_mark_is_read(app, runner, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(("\ufeff" + HEADER + "\r\n" + row("OBS-0001") + "\r\n").encode("utf-8"))
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    assert observation_count(app) == 1


def test_a_bad_row_at_the_end_of_a_large_file_stops_everything(app, runner, tmp_path):
    rows = [row(f"OBS-{n:05d}") for n in range(1, 5001)] + [row("OBS-05001", month="2025")]
    path = write_csv(tmp_path / "big.csv", rows)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "line 5002, column month" in result.output
    assert observation_count(app) == 0


def test_personal_data_in_a_row_is_reported_and_nothing_is_written(app, runner, tmp_path):
    rows = [row("OBS-0001"), row("OBS-0002", text="Ring datteren på 912 34 567 i kveld.")]
    result = runner.invoke(args=["import", str(write_csv(tmp_path / "p.csv", rows))])
    assert result.exit_code == 1
    assert "line 3, column text: personal data found: phone number at characters 17–27" \
        in result.output
    assert "912 34 567" not in result.output
    assert observation_count(app) == 0


def test_update_existing_changes_rows_whose_ref_exists(app, runner, tmp_path, factory):
    ref = factory.observation(title="Gammel tittel her")
    path = write_csv(tmp_path / "u.csv", [row(ref, title="Ny tittel fra filen"),
                                          row("OBS-0999")])
    result = runner.invoke(args=["import", str(path), "--update-existing"])
    assert result.exit_code == 0, result.output
    assert "1 new, 1 updated" in result.output
    with app.app_context():
        assert db.session.scalar(select(Observation.title).where(
            Observation.ref == ref)) == "Ny tittel fra filen"


def test_dry_run_checks_every_row_and_writes_nothing(app, runner, tmp_path):
    path = write_csv(tmp_path / "d.csv", [row("OBS-0001"), row("OBS-0002")])
    result = runner.invoke(args=["import", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert "2 rows are fine" in result.output
    assert observation_count(app) == 0


def test_each_import_is_recorded_with_who_when_file_and_counts(app, runner, tmp_path, factory):
    _, admin = factory.user("admin")
    path = write_csv(tmp_path / "rec.csv", [row("OBS-0001"), row("OBS-0002")])
    runner.invoke(args=["import", str(path), "--publish", "--as", admin])
    with app.app_context():
        record = db.session.scalar(select(ImportRecord))
        assert (record.filename, record.rows, record.created, record.published) == \
            ("rec.csv", 2, 2, True)
        assert record.actor.email == admin
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"import.observations", "content.bulk_publish"} <= actions


def test_an_unknown_file_type_is_refused(runner, tmp_path):
    path = tmp_path / "obs.pdf"
    path.write_bytes(b"%PDF")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "unknown file type" in result.output
