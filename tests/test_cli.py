"""The `flask` commands, as an operator runs them."""

import pytest
from sqlalchemy import func, select

from insight.extensions import db
from insight.models import ApiToken, AuditEvent, Observation, User
from insight.services.tokens import hash_token

HEADER = "ref,title,text,source,stay_type,journey_stage,actor,tags,month,age_band,unit"


def row(ref: str, **overrides: str) -> str:
    values = {
        "ref": ref, "title": "Ventet lenge på vedtak",
        "text": "Datteren fortalte at ventetiden føltes lang, \"vi visste ingenting\".",
        "source": "intervju", "stay_type": "avlastning", "journey_stage": "soknad_og_vedtak",
        "actor": "parorende", "tags": "ventetid;informasjon", "month": "2025-02",
        "age_band": "80-89", "unit": "Avlastningsenhet Sør",
    }
    values.update(overrides)

    def quote(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value

    return ",".join(quote(values[c]) for c in HEADER.split(","))


def write_csv(path, rows, newline="\r\n"):
    path.write_text(newline.join([HEADER, *rows]) + newline, encoding="utf-8")
    return path


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_create_user_makes_an_active_approved_account(app, runner):
    result = runner.invoke(args=["create-user", "ny@kommune.no", "--role", "staff",
                                 "--password", "et-langt-passord"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ny@kommune.no"))
        assert user.role == "staff" and user.is_active


def test_create_user_rejects_a_short_password(runner):
    result = runner.invoke(args=["create-user", "ny@kommune.no", "--role", "staff",
                                 "--password", "kort"])
    assert result.exit_code == 1
    assert "password" in result.output


def test_create_user_rejects_an_unknown_role(runner):
    result = runner.invoke(args=["create-user", "ny@kommune.no", "--role", "king",
                                 "--password", "et-langt-passord"])
    assert result.exit_code == 2


def test_create_user_with_organisation_links_it(app, runner):
    runner.invoke(args=["create-user", "lev@firma.no", "--role", "supplier", "--password",
                        "et-langt-passord", "--organisation", "Firma AS"])
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "lev@firma.no"))
        assert user.organisation.name == "Firma AS"


def test_create_token_prints_the_raw_token_alone_on_the_last_line(app, runner, factory):
    _, email = factory.user("staff")
    result = runner.invoke(args=["create-token", email, "--name", "BI", "--scopes", "read,write"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip().splitlines()[-1]
    assert raw.startswith("ins_") and " " not in raw
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        assert token.token_hash == hash_token(raw)
        assert raw not in (token.token_hash, token.prefix)
        assert token.scope_list == ["read", "write"]


def test_create_token_refuses_write_scope_for_a_supplier(runner, factory):
    _, email = factory.user("supplier")
    result = runner.invoke(args=["create-token", email, "--name", "x", "--scopes", "write"])
    assert result.exit_code == 1


def test_create_token_for_an_unknown_user_fails(runner):
    result = runner.invoke(args=["create-token", "ingen@example.no", "--name", "x"])
    assert result.exit_code == 1
    assert "no user" in result.output


def test_import_loads_every_row_and_keeps_its_ref(app, runner, tmp_path):
    path = write_csv(tmp_path / "obs.csv", [row("OBS-0101"), row("OBS-0102", month="2025-03")])
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        refs = db.session.scalars(select(Observation.ref).order_by(Observation.ref)).all()
        assert refs == ["OBS-0101", "OBS-0102"]
        first = db.session.scalar(select(Observation).where(Observation.ref == "OBS-0101"))
        assert first.status == "draft"
        assert sorted(first.theme_codes) == ["informasjon", "ventetid"]
        assert '"vi visste ingenting"' in first.text


def test_import_with_publish_publishes_and_audits_the_bulk_load(app, runner, tmp_path):
    path = write_csv(tmp_path / "obs.csv", [row("OBS-0101"), row("OBS-0102")])
    result = runner.invoke(args=["import", str(path), "--publish"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        statuses = set(db.session.scalars(select(Observation.status)))
        assert statuses == {"published"}
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"import.observations", "content.bulk_publish"} <= actions


def test_import_with_publish_as_a_staff_member_is_refused(app, runner, tmp_path, factory):
    _, email = factory.user("staff")
    path = write_csv(tmp_path / "obs.csv", [row("OBS-0101")])
    result = runner.invoke(args=["import", str(path), "--publish", "--as", email])
    assert result.exit_code == 1
    assert count(app, Observation) == 0


def test_import_with_a_bad_row_writes_nothing_and_names_line_and_column(app, runner, tmp_path):
    rows = [row(f"OBS-{n:04d}") for n in range(1, 50)] + [row("OBS-0050", month="2025-13")]
    path = write_csv(tmp_path / "obs.csv", rows)
    result = runner.invoke(args=["import", str(path), "--publish"])
    assert result.exit_code == 1
    assert "line 51, column month" in result.output
    assert "nothing was written" in result.output
    assert count(app, Observation) == 0


def test_import_reports_the_start_line_of_a_row_after_a_quoted_line_break(runner, tmp_path):
    rows = [row("OBS-0001", text="Første linje.\nAndre linje."), row("OBS-0002", stay_type="ferie")]
    path = write_csv(tmp_path / "obs.csv", rows)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "line 4, column stay_type: unknown stay type 'ferie'" in result.output


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "", "line 2, column title: is required"),
    ("tags", "ventetid;vaer", "line 2, column tags: unknown theme 'vaer'"),
    ("ref", "OBS 1", "line 2, column ref"),
    ("age_band", "85", "line 2, column age_band: unknown age band '85'"),
])
def test_import_names_each_kind_of_bad_value(runner, tmp_path, field, value, message):
    values = {"ref": "OBS-0001", field: value}
    path = write_csv(tmp_path / "obs.csv", [row(values.pop("ref"), **values)])
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert message in result.output


def test_import_rejects_a_ref_repeated_in_the_file(runner, tmp_path):
    path = write_csv(tmp_path / "obs.csv", [row("OBS-0001"), row("OBS-0001")])
    result = runner.invoke(args=["import", str(path)])
    assert "line 3, column ref: OBS-0001 repeats line 2" in result.output


def test_import_rejects_a_ref_that_already_exists(runner, tmp_path, factory):
    ref = factory.observation()
    path = write_csv(tmp_path / "obs.csv", [row(ref)])
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert f"{ref} already exists" in result.output


def test_import_rejects_a_file_without_required_columns(runner, tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text("ref,title\nOBS-0001,Tittel\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "line 1, column text: column is missing from the header" in result.output


def test_import_reads_semicolon_separated_windows_1252(app, runner, tmp_path):
    text = HEADER.replace(",", ";") + "\r\n" + row("OBS-0001", unit="Avlastningsenhet Sør") \
        .replace(",", ";").replace("ventetid;informasjon", "ventetid") + "\r\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(Observation.unit)) == "Avlastningsenhet Sør"


def test_seed_demo_loads_content_once(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Loaded demo data" in first.output
    observations = count(app, Observation)
    second = runner.invoke(args=["seed-demo"])
    assert "already exists" in second.output
    assert count(app, Observation) == observations


def test_every_command_has_help(runner):
    for command in ("create-user", "create-token", "import", "seed-demo"):
        result = runner.invoke(args=[command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
