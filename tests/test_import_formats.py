"""Bulk import from the files offices really have: CSV variants, XLSX, JSON — all or nothing."""

import json
import random
import time

from openpyxl import Workbook
from sqlalchemy import func, select

from insight.extensions import db
from insight.models import AuditEvent, ImportRecord, Observation
from tests import hostile_files
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


def test_every_problem_of_a_row_is_reported(runner, tmp_path):
    rows = [row("OBS-0001", month="2025-13", stay_type="ferie",
                text="Ring datteren på 912 34 567 i kveld.")]
    result = runner.invoke(args=["import", str(write_csv(tmp_path / "many.csv", rows))])
    assert result.exit_code == 1
    assert "line 2, column month: must be a month" in result.output
    assert "line 2, column stay_type: unknown stay type 'ferie'" in result.output
    assert "line 2, column text: personal data found: phone number" in result.output


def test_a_row_with_the_wrong_number_of_fields_does_not_hide_the_rows_after_it(runner, tmp_path):
    rows = [row("OBS-0001") + ",extra", row("OBS-0002", actor="rektor")]
    result = runner.invoke(args=["import", str(write_csv(tmp_path / "fields.csv", rows))])
    assert "line 2, column row: has 12 fields, the header has 11" in result.output
    assert "line 3, column actor: unknown actor 'rektor'" in result.output


def test_csv_that_is_neither_utf8_nor_windows_1252_is_refused(app, runner, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes((HEADER + "\r\n").encode() + row("OBS-0001").encode() + b"\x81\x8d\r\n")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "neither UTF-8 nor Windows-1252" in result.output
    assert "Traceback" not in result.output and observation_count(app) == 0


def test_random_binary_named_csv_is_refused_as_binary(runner, tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(random_bytes(200_000))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "is a binary file" in result.output


def test_a_csv_field_over_128_kib_is_refused_with_its_line(runner, tmp_path):
    path = write_csv(tmp_path / "long.csv", [row("OBS-0001"), row("OBS-0002",
                                                                  text="x" * 140_000)])
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "line 3, column row: cannot be read from here on: a field is longer than 131072" \
        in result.output


def test_deeply_nested_json_lines_are_refused_with_their_line(runner, tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({**GOOD, "ref": "OBS-0001"}) + "\n" + "[" * 100_000 + "\n",
                    encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "line 2, column row: nests too deeply" in result.output


def test_a_deeply_nested_json_list_is_refused(runner, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" + '{"title": ' * 100_000 + "1" + "}" * 100_000 + "]", encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "nests too deeply" in result.output


def test_json_with_bytes_that_are_not_utf8_is_refused(runner, tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(b'[{"title": "\xe6\xf8\xe5"}]')
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "is not UTF-8 JSON" in result.output


def refused_quickly(runner, path, message: str) -> None:
    started = time.monotonic()
    result = runner.invoke(args=["import", str(path)])
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_xlsx_whose_shared_strings_unpack_to_140_mb_is_refused_unread(runner, tmp_path):
    path = hostile_files.shared_strings_bomb(tmp_path / "bomb.xlsx", megabytes=140)
    assert path.stat().st_size < 600_000
    refused_quickly(runner, path, "unpacks to 140 MB, more than the 128 MB Innsikt reads")


def test_an_xlsx_with_two_million_rows_is_refused(runner, tmp_path):
    path = hostile_files.many_rows_bomb(tmp_path / "rows.xlsx", rows=2_000_000)
    refused_quickly(runner, path, "has more than 250000 rows")


def test_an_xlsx_with_a_million_cells_in_a_row_is_refused(runner, tmp_path):
    path = hostile_files.wide_row_bomb(tmp_path / "wide.xlsx", cells=1_000_000)
    refused_quickly(runner, path, "or more than 256 in a row")


def test_an_xlsx_with_a_cell_in_its_last_row_is_refused(runner, tmp_path):
    path = hostile_files.huge_dimension(tmp_path / "far.xlsx", good_values(), last_row=True)
    refused_quickly(runner, path, "has more than 250000 rows")


def test_an_xlsx_that_declares_a_huge_dimension_is_read_row_by_row(app, runner, tmp_path):
    path = hostile_files.huge_dimension(tmp_path / "dim.xlsx", good_values())
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert observation_count(app) == 1


def test_a_file_that_is_not_a_workbook_is_refused(runner, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(random_bytes(10_000))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "is not a readable XLSX file" in result.output


def good_values(ref: str = "OBS-0001") -> list[str]:
    return [{**GOOD, "ref": ref}[c] for c in COLUMNS]


def random_bytes(size: int) -> bytes:
    return random.Random(7).randbytes(size) + b"\x00"
