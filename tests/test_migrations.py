"""The Alembic history builds the schema the models describe (on SQLite and PostgreSQL)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from insight.extensions import db


def test_migrations_and_models_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_create_every_model_table(app):
    with app.app_context():
        inspector = db.inspect(db.engine)
        tables = set(inspector.get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables
