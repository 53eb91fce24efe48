import pytest

from insight import create_app


def test_production_refuses_to_start_with_the_default_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_ENV", "production")
    monkeypatch.delenv("INSIGHT_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="INSIGHT_SECRET_KEY"):
        create_app({"DATA_DIR": str(tmp_path)})


def test_production_starts_with_a_real_secret_key_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_ENV", "production")
    monkeypatch.setenv("INSIGHT_SECRET_KEY", "a-long-random-value-for-this-test-only")
    app = create_app({"DATA_DIR": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_data_dir_holds_the_sqlite_database_and_the_index(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INSIGHT_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'data' / 'insight.db'}"
    assert app.config["SEARCH_INDEX_DIR"] == str(tmp_path / "data" / "index")


def test_database_url_from_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INSIGHT_DATABASE_URL", "postgresql+psycopg://u@db.example/innsikt")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_templates_and_migrations_do_not_depend_on_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True})
    with app.test_request_context():
        assert app.jinja_env.get_template("base.html") is not None
    assert app.extensions["migrate"].directory.endswith("migrations")
    from pathlib import Path

    assert (Path(app.extensions["migrate"].directory) / "env.py").exists()


@pytest.mark.parametrize("value", ["prod", "staging", "Production2", ""])
def test_an_unknown_environment_is_refused_with_the_known_values(monkeypatch, tmp_path, value):
    monkeypatch.setenv("INSIGHT_ENV", value)
    with pytest.raises(RuntimeError, match="INSIGHT_ENV.*development, testing, production"):
        create_app({"DATA_DIR": str(tmp_path)})


@pytest.mark.parametrize("value", ["development", "testing", "Testing "])
def test_the_known_non_production_environments_start_without_a_secret(monkeypatch, tmp_path,
                                                                      value):
    monkeypatch.setenv("INSIGHT_ENV", value)
    monkeypatch.delenv("INSIGHT_SECRET_KEY", raising=False)
    assert create_app({"DATA_DIR": str(tmp_path)}).config["ENV_NAME"] == value.strip().lower()


def test_production_refuses_a_secret_key_shorter_than_32_bytes(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_ENV", "production")
    monkeypatch.setenv("INSIGHT_SECRET_KEY", "x" * 31)
    with pytest.raises(RuntimeError, match="31 bytes.*at least 32"):
        create_app({"DATA_DIR": str(tmp_path)})


def test_production_accepts_a_secret_key_of_32_bytes(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_ENV", "production")
    monkeypatch.setenv("INSIGHT_SECRET_KEY", "x" * 32)
    assert create_app({"DATA_DIR": str(tmp_path)}).config["ENV_NAME"] == "production"


def test_an_unknown_log_format_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("INSIGHT_LOG_FORMAT", "xml")
    with pytest.raises(RuntimeError, match="INSIGHT_LOG_FORMAT"):
        create_app({"DATA_DIR": str(tmp_path)})
