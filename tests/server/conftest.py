"""Tests through the application served by gunicorn in a process of its own, on PostgreSQL.

Each module gets a PostgreSQL database of its own (created, migrated, dropped at the end) and,
where it needs one, one server for all its tests (a ``server`` fixture of the module's own, as
each wants gunicorn set up a little differently; ``server_log`` is where it writes). The data
is written directly into the database by the test process, through an application of its own,
with the factories; the ``session`` fixture empties the tables after each test. PostgreSQL only:
the concurrency and faults these tests are about are those of production, which runs on
PostgreSQL (each module is marked ``postgres_only``; without a reachable server its tests are
skipped, or fail in CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from flask import Flask

from evaluator import create_app
from evaluator.extensions import db
from tests.conftest import (
    BACKENDS,
    PostgresDatabase,
    base_config,
    empty_all_tables,
    throwaway_postgres,
)
from tests.support.server import GunicornServer, production_environment


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A run on SQLite only (EVALUATOR_TEST_BACKENDS=sqlite) leaves these out, as it leaves out the
    # PostgreSQL variants of the other tests, instead of reporting them as skipped.
    if "postgresql" in BACKENDS:
        return
    here = Path(__file__).parent
    ours = [item for item in items if here in item.path.parents]
    if ours:
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if item not in ours]


@pytest.fixture(scope="module")
def database() -> Iterator[PostgresDatabase]:
    """A migrated PostgreSQL database of the module's own."""
    with throwaway_postgres(migrated=True) as database:
        yield database


@pytest.fixture(scope="module")
def data_app(database: PostgresDatabase) -> Iterator[Flask]:
    """The application in the test process, to write the data the server is to find."""
    app = create_app(base_config(database.url))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def session(data_app: Flask):  # type: ignore[no-untyped-def]
    """A session on the module's database; every table is emptied after the test."""
    with data_app.app_context():
        yield db.session
        db.session.remove()
    empty_all_tables(data_app)


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"


def log_tail(server_log: Path, lines: int = 40) -> str:
    """The end of the server's log, to show with a failure."""
    if not server_log.exists():
        return "(no server log)"
    return "\n".join(server_log.read_text(errors="replace").splitlines()[-lines:])


def count(session, model: type, *where: sa.ColumnElement[bool]) -> int:  # type: ignore[no-untyped-def]
    """Rows of ``model`` as the database holds them now (nothing cached)."""
    session.expire_all()
    session.rollback()
    return session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def libpq_url(database: PostgresDatabase) -> str:
    """The database's URL as psycopg itself takes it (no SQLAlchemy driver name)."""
    return sa.make_url(database.url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass(frozen=True)
class Waiter:
    """A connection of the server that waits for a lock: its backend and what it waits in."""

    pid: int
    client_port: int
    query: str


def wait_for_lock_waiter(database: PostgresDatabase, seconds: float = 30) -> Waiter:
    """The server's connection that has come to wait for a lock held by the test."""
    deadline = time.monotonic() + seconds
    # A connection of its own, outside any transaction: pg_stat_activity is read afresh each time.
    with psycopg.connect(libpq_url(database), autocommit=True) as monitor:
        while time.monotonic() < deadline:
            row = monitor.execute(
                "SELECT pid, client_port, query FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
            if row:
                return Waiter(pid=row[0], client_port=row[1], query=row[2])
            time.sleep(0.05)
    raise AssertionError("no request came to wait for the lock")


def _socket_inodes_with_local_port(port: int) -> set[str]:
    """Inodes of the TCP sockets on this machine whose local end is ``port``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        lines = Path(table).read_text().splitlines()[1:] if Path(table).exists() else []
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def worker_with_connection_from(server: GunicornServer, client_port: int) -> int:
    """The pid of the gunicorn worker whose database connection leaves from ``client_port``."""
    wanted = {f"socket:[{inode}]" for inode in _socket_inodes_with_local_port(client_port)}
    for pid in server.worker_pids():
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) in wanted:
                    return pid
            except OSError:
                continue  # closed meanwhile
    raise AssertionError(f"no worker of the server holds the connection from port {client_port}")


def wait_until_backend_gone(database: PostgresDatabase, pid: int, seconds: float = 30) -> None:
    """Until PostgreSQL has ended the backend ``pid`` (and rolled back what it had not committed)."""
    deadline = time.monotonic() + seconds
    with psycopg.connect(libpq_url(database), autocommit=True) as monitor:
        while time.monotonic() < deadline:
            if monitor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone() is None:
                return
            time.sleep(0.05)
    raise AssertionError(f"the database connection {pid} of the killed worker did not end")


def run_command(
    *args: str, database_url: str, settings: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The ``evaluator`` console script in a process of its own, on the production settings."""
    script = Path(sys.executable).with_name("evaluator")
    env = production_environment(database_url, **(settings or {}))
    return subprocess.run(  # noqa: S603  (our own console script)
        [str(script), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
