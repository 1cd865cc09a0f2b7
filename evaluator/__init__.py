"""Lighthouse Evaluator: the application factory."""

from __future__ import annotations

import gc
import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from evaluator.config import PROJECT_ROOT, load_config


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # SQLite leaves foreign keys off unless asked per connection; WAL lets readers and one
    # writer (several app workers) work at the same time.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application. ``config`` overrides every other setting (used by tests)."""
    import evaluator.models  # noqa: F401  (every mapper known before the first query)

    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
        instance_path=os.environ.get("EVALUATOR_INSTANCE_PATH", str(PROJECT_ROOT / "instance")),
        instance_relative_config=True,
    )
    load_config(app, config)
    _register_extensions(app)
    from evaluator.core.instrumentation import register_query_count

    register_query_count(app)
    from evaluator.core.urls import register_url_rules

    register_url_rules(app)
    _register_blueprints(app)
    from evaluator.public.caching import register_http_caching

    register_http_caching(app)
    _register_cli(app)
    from evaluator.core.errors import register_error_handlers
    from evaluator.core.http import register_http_hardening
    from evaluator.core.templating import register_template_helpers

    register_error_handlers(app)
    register_template_helpers(app)
    register_http_hardening(app)
    _warn_about_unshared_limits(app)
    if app.config["GC_FREEZE_AT_START"]:
        gc.collect()
        gc.freeze()
    return app


def _warn_about_unshared_limits(app: Flask) -> None:
    if app.config["ENV_NAME"] != "production":
        return
    if app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        app.logger.warning(
            "Login limits are counted per process; with several workers set REDIS_URL to share them."
        )
    if "127.0.0.1" in app.config.get("BASE_URL", "") or "localhost" in app.config.get("BASE_URL", ""):
        # Links in e-mail (invitations, resets, results) start with BASE_URL.
        app.logger.warning("EVALUATOR_BASE_URL is not set: links in e-mail would point to this machine.")


def _register_extensions(app: Flask) -> None:
    from evaluator import i18n
    from evaluator.accounts import login
    from evaluator.accounts.passwords import configure_hasher
    from evaluator.extensions import babel, bootstrap, csrf, db, limiter, migrate

    # The catalogues sit at the top of the project, next to the templates.
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(Path(PROJECT_ROOT) / "translations"))
    _limit_connect_time(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(PROJECT_ROOT) / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    limiter.init_app(app)
    login.init_app(app)
    configure_hasher(app)


def _limit_connect_time(app: Flask) -> None:
    """Give PostgreSQL connections a connect timeout (SQLite's driver has no such argument)."""
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    timeout = app.config.get("DATABASE_CONNECT_TIMEOUT")
    if url.get_backend_name() != "postgresql" or not timeout or "connect_timeout" in url.query:
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("connect_timeout", int(timeout))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


def _register_blueprints(app: Flask) -> None:
    from evaluator.accounts.admin_views import bp as admin_users_bp
    from evaluator.accounts.views import bp as accounts_bp
    from evaluator.audit.views import bp as admin_audit_bp
    from evaluator.exports.views import bp as exports_bp
    from evaluator.mail.views import bp as admin_outbox_bp
    from evaluator.main.views import bp as main_bp
    from evaluator.nominations.admin_views import bp as admin_nominations_bp
    from evaluator.nominations.views import bp as nominations_bp
    from evaluator.public.api import bp as api_bp
    from evaluator.public.views import bp as public_bp
    from evaluator.publication.admin_views import bp as admin_publication_bp
    from evaluator.reviewing.views import bp as review_bp
    from evaluator.rounds.admin_views import bp as admin_rounds_bp
    from evaluator.rounds.catalogue_views import bp as round_catalogue_bp
    from evaluator.voting.views import bp as voting_bp

    for blueprint in (
        main_bp,
        public_bp,
        api_bp,
        accounts_bp,
        admin_users_bp,
        admin_rounds_bp,
        round_catalogue_bp,
        nominations_bp,
        admin_nominations_bp,
        admin_audit_bp,
        review_bp,
        voting_bp,
        admin_publication_bp,
        exports_bp,
        admin_outbox_bp,
    ):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from evaluator.cli.commands import register_commands

    register_commands(app)
