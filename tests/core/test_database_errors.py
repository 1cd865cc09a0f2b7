"""Which database errors mean "the database is away" (503, try again) and which are faults (500)."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from evaluator.core.errors import database_unavailable


def _sqlite_error(statement: str, path: str = ":memory:") -> sa.exc.DBAPIError:
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(sa.exc.DBAPIError) as caught, engine.connect() as conn:
            conn.execute(sa.text(statement))
    finally:
        engine.dispose()
    return caught.value


@pytest.mark.parametrize(
    "statement", ["SELECT * FROM no_such_table", "SELEC 1", "SELECT no_such_column FROM sqlite_master"]
)
def test_a_broken_statement_on_sqlite_is_a_fault_not_an_outage(statement: str) -> None:
    assert database_unavailable(_sqlite_error(statement)) is False


def test_a_database_file_that_cannot_be_opened_is_an_outage(tmp_path) -> None:
    error = _sqlite_error("SELECT 1", str(tmp_path / "missing-folder" / "db.sqlite"))
    assert isinstance(error.orig, sqlite3.Error)
    assert database_unavailable(error) is True


def test_a_locked_sqlite_database_is_an_outage(tmp_path) -> None:
    path = tmp_path / "busy.sqlite"
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.commit()
    holder.execute("BEGIN EXCLUSIVE")
    try:
        engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.05})
        try:
            with pytest.raises(sa.exc.OperationalError) as caught, engine.connect() as conn:
                conn.execute(sa.text("SELECT * FROM t"))
        finally:
            engine.dispose()
    finally:
        holder.rollback()
        holder.close()
    assert database_unavailable(caught.value) is True


def test_errors_that_are_not_from_the_database_are_no_outage() -> None:
    assert database_unavailable(None) is False
    assert database_unavailable(ValueError("x")) is False
    assert database_unavailable(sa.exc.TimeoutError()) is True
