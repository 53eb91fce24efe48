"""Innsikt: a user-insight repository for short-term care stays (korttidsopphold).

Read create_app top to bottom to see the whole application being assembled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from insight.ops import configure_ops

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    configure(app, config)
    configure_extensions(app)
    configure_search(app)
    configure_change_log()
    configure_blueprints(app)
    configure_errorhandlers(app)
    configure_templates(app)
    configure_cli(app)
    configure_ops(app)  # request ids, logs, security headers, health checks, outages
    return app


def configure(app: Flask, config: dict[str, Any] | None) -> None:
    from insight.config import check_production_safety, from_environment

    app.config.update(from_environment(app.instance_path))
    if config:
        app.config.update(config)
        if "DATA_DIR" in config and "SEARCH_INDEX_DIR" not in config:
            app.config["SEARCH_INDEX_DIR"] = str(Path(config["DATA_DIR"]) / "index")
        if "DATA_DIR" in config and "SQLALCHEMY_DATABASE_URI" not in config:
            database = Path(config["DATA_DIR"]) / "insight.db"
            app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database}"
    check_production_safety(app.config)
    Path(app.config["DATA_DIR"]).mkdir(parents=True, exist_ok=True)


def configure_extensions(app: Flask) -> None:
    from insight import models  # noqa: F401  (registers every table on the metadata)
    from insight.auth.loading import configure_login
    from insight.extensions import babel, csrf, db, limiter, migrate
    from insight.i18n import select_locale
    from insight.security import init_app as init_security

    init_security(app)  # proxies, rate-limit settings and the NUL check come first
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, default_locale="nb", locale_selector=select_locale,
                   default_timezone="Europe/Oslo")
    limiter.init_app(app)
    configure_login(app)


def configure_search(app: Flask) -> None:
    from insight.search.sync import init_app

    init_app(app)  # the index follows every commit; the backend is created on first use


def configure_change_log() -> None:
    from insight.services.changelog import init_app

    init_app()  # every status change of published content leaves an entry
    from insight.services import cache

    cache.init_app()  # a commit makes the request read the content version again


def configure_blueprints(app: Flask) -> None:
    from insight.admin.search_views import bp as search_admin_bp
    from insight.admin.settings_views import bp as site_admin_bp
    from insight.admin.token_views import bp as token_admin_bp
    from insight.admin.views import bp as admin_bp
    from insight.admin.vocabulary_views import bp as vocabulary_admin_bp
    from insight.api import init_api
    from insight.auth.views import bp as auth_bp
    from insight.staff.import_views import bp as imports_bp
    from insight.staff.synthesis_views import bp as synthesis_bp
    from insight.staff.views import bp as staff_bp
    from insight.web.changes import bp as changes_bp
    from insight.web.exports import bp as exports_bp
    from insight.web.feeds import bp as feeds_bp
    from insight.web.pictures import bp as pictures_bp
    from insight.web.profile import bp as profile_bp
    from insight.web.search_views import bp as search_bp
    from insight.web.views import bp as web_bp

    app.register_blueprint(web_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(synthesis_bp, url_prefix="/staff")
    app.register_blueprint(imports_bp, url_prefix="/staff/import")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(search_bp)
    app.register_blueprint(pictures_bp)
    app.register_blueprint(changes_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(search_admin_bp, url_prefix="/admin")
    app.register_blueprint(site_admin_bp, url_prefix="/admin")
    app.register_blueprint(vocabulary_admin_bp, url_prefix="/admin")
    app.register_blueprint(profile_bp)
    app.register_blueprint(token_admin_bp, url_prefix="/admin")
    init_api(app)


def configure_errorhandlers(app: Flask) -> None:
    from insight.errors import register_error_handlers

    register_error_handlers(app)


def configure_templates(app: Flask) -> None:
    from insight.templating import register_template_helpers

    register_template_helpers(app)


def configure_cli(app: Flask) -> None:
    from insight.cli import register_commands

    register_commands(app)
