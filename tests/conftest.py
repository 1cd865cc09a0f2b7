"""Shared fixtures.

Database tests run once per backend: SQLite always, PostgreSQL when a server is reachable
(EVALUATOR_TEST_POSTGRES_URL, an admin connection used to create and drop a database of its
own). In CI (CI=true) nothing may be skipped: an unreachable service fails the run.
"""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.test import TestResponse

from evaluator import create_app
from evaluator.extensions import db, limiter
from tests.support.web import WebClient

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
POSTGRES_ADMIN_URL = os.environ.get(
    "EVALUATOR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = [b for b in os.environ.get("EVALUATOR_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def _psycopg_url(url: str) -> sa.URL:
    return sa.make_url(url).set(drivername="postgresql+psycopg")


def unavailable(reason: str) -> None:
    """Skip outside CI; in CI a missing service is a failure, never a silent skip."""
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


def base_config(database_url: str) -> dict[str, Any]:
    return {
        "ENV_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


def migrate_database(database_url: str) -> None:
    app = create_app(base_config(database_url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


class PostgresDatabase:
    """A throwaway database on the local server, created and dropped by the test run."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = _psycopg_url(admin_url)
        self.name = f"evaluator_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.url = self.admin_url.set(database=self.name).render_as_string(hide_password=False)

    def _admin(self) -> sa.Engine:
        return sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")

    def create(self) -> None:
        engine = self._admin()
        try:
            with engine.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{self.name}"'))
        finally:
            engine.dispose()

    def drop(self) -> None:
        engine = self._admin()
        try:
            with engine.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        finally:
            engine.dispose()


@contextmanager
def throwaway_postgres(*, migrated: bool) -> Iterator[PostgresDatabase]:
    """A database of its own on the local server, dropped afterwards; marks the test unavailable
    (a skip, or a failure in CI) when the server does not answer."""
    problem = postgres_reachable()
    if problem:
        unavailable(problem)
    database = PostgresDatabase(POSTGRES_ADMIN_URL)
    database.create()
    try:
        if migrated:
            migrate_database(database.url)
        yield database
    finally:
        database.drop()


def postgres_reachable() -> str | None:
    engine = sa.create_engine(_psycopg_url(POSTGRES_ADMIN_URL), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        return f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {error.orig}"
    finally:
        engine.dispose()
    return None


@pytest.fixture(autouse=True)
def _collectable_again() -> Iterator[None]:
    """A production app built in a test freezes what the test process holds (GC_FREEZE_AT_START);
    give it back to the garbage collector, so that the suite's memory does not pile up."""
    yield
    if gc.get_freeze_count():
        gc.unfreeze()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database per backend for the whole run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite'}"
        migrate_database(url)
        yield url
        return
    with throwaway_postgres(migrated=True) as database:
        yield database.url


def empty_all_tables(app: Flask) -> None:
    """Remove every row, so each test starts from an empty, migrated schema."""
    with app.app_context():
        db.session.remove()
        tables = db.metadata.sorted_tables
        if db.engine.dialect.name == "postgresql":
            # DELETE of a few rows takes milliseconds where TRUNCATE of every table takes tenths
            # of a second; a restrictive self-reference (a unit's parent) falls back to TRUNCATE.
            try:
                with db.engine.begin() as conn:
                    for table in reversed(tables):
                        conn.execute(table.delete())
            except sa.exc.IntegrityError:
                with db.engine.begin() as conn:
                    names = ", ".join(t.name for t in tables)
                    conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        # SQLite ignores PRAGMA foreign_keys inside a transaction, so switch it off and on
        # outside one; self-references (unit parents) make row-by-row order matter otherwise.
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA foreign_keys=OFF")
            for table in reversed(tables):
                cursor.execute(f"DELETE FROM {table.name}")  # noqa: S608  (our own table names)
            raw.commit()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
        finally:
            raw.close()


class IsolatedClient(FlaskClient):
    """A test client whose every request gets a fresh app context, as on a real server.

    The ``app`` fixture keeps a context pushed for the test; without this, requests would share
    ``flask.g`` (the logged-in user, the CSRF token) and the database session with each other.
    """

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def session_app(database_url: str) -> Iterator[Flask]:
    app = create_app(base_config(database_url))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def app(session_app: Flask) -> Iterator[Flask]:
    """The application on a clean database; an app context is pushed for the test."""
    limiter.reset()
    with session_app.app_context():
        yield session_app
        db.session.remove()
    empty_all_tables(session_app)


@pytest.fixture()
def session(app: Flask):  # type: ignore[no-untyped-def]
    return db.session


@pytest.fixture()
def client(app: Flask) -> WebClient:
    """A browser of its own: its own cookies, a fresh ``g`` and database session per request.

    What a request wrote is committed by it; call ``session.expire_all()`` before reading it.
    """
    return WebClient(IsolatedClient(app, app.response_class, use_cookies=True))


@pytest.fixture()
def new_client(app: Flask) -> Callable[[], WebClient]:
    """Another browser, for a second person or a second session of the same person."""
    return lambda: WebClient(IsolatedClient(app, app.response_class, use_cookies=True))


@pytest.fixture()
def admin(session):  # type: ignore[no-untyped-def]
    """An admin account (admin@example.org, password ``PASSWORD``), committed."""
    from evaluator.accounts.models import Role
    from tests.support.factories import make_user

    user = make_user(session, Role.ADMIN, email="admin@example.org", name="Ada Admin")
    session.commit()
    return user


@pytest.fixture()
def admin_client(client: WebClient, admin) -> WebClient:  # type: ignore[no-untyped-def]
    """The ``client``, logged in as ``admin``."""
    from tests.support.factories import PASSWORD

    assert client.login(admin.email, PASSWORD).status_code == 302
    return client


@pytest.fixture()
def commission(app: Flask, session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A round in reviewing with its commission, two eligible nominations and their coordinators
    (tests/support/commission.py), committed; attachments stored in a folder of the test's own."""
    from tests.support.commission import build_commission

    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(tmp_path / "attachments"))
    return build_commission(session, app)


@pytest.fixture()
def backend(database_url: str) -> str:
    return sa.make_url(database_url).get_backend_name()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: the run must prove everything."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        if reporter:
            reporter.write_line(f"CI mode: {skipped} test(s) were skipped; failing the run.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Tests under tests/browser/ carry the marker, so `-m "not browser"` gives a fast run.
    for item in items:
        if Path(str(item.fspath)).parent.name == "browser":
            item.add_marker(pytest.mark.browser)
    # A test marked postgres_only (concurrent writers) is not meant for SQLite, which serialises
    # writers on its file: its SQLite variant is left out instead of being reported as skipped.
    sqlite_variants = [
        item
        for item in items
        if item.get_closest_marker("postgres_only")
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("database_url") == "sqlite"
    ]
    if sqlite_variants:
        config.hook.pytest_deselected(items=sqlite_variants)
        items[:] = [item for item in items if item not in sqlite_variants]
