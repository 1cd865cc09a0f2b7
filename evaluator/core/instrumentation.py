"""Opt-in count of the SQL statements each request runs, sent back in response headers.

With the setting ``QUERY_COUNT_HEADER`` on, every response carries ``X-Query-Count: N`` and a
``Server-Timing`` entry with the statements' count and time, so a load test or the browser's
developer tools can see what a page costs the database. Off (the default), nothing is attached
and nothing is counted. Statements run after the response has left the view (a streamed body)
are not counted.
"""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, g, has_request_context, request_started

from evaluator.extensions import db

COUNT_HEADER = "X-Query-Count"
_COUNT = "_instrumentation_queries"
_DB_SECONDS = "_instrumentation_db_seconds"
_STARTED = "_instrumentation_started"


def register_query_count(app: Flask) -> None:
    """Count statements per request when the app is configured to; call after the database is set up."""
    if not app.config.get("QUERY_COUNT_HEADER"):
        return
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        sa.event.listen(engine, "before_cursor_execute", _before_statement)
        sa.event.listen(engine, "after_cursor_execute", _after_statement)
    # request_started comes before any before_request function, so nothing escapes the count.
    request_started.connect(_start_request, app, weak=False)
    app.after_request(_add_headers)


def _start_request(sender: Flask, **_extra: Any) -> None:
    setattr(g, _COUNT, 0)
    setattr(g, _DB_SECONDS, 0.0)
    setattr(g, _STARTED, time.perf_counter())


def _counting() -> bool:
    # Statements outside a request (a command, a test's own session) belong to no response.
    return has_request_context() and hasattr(g, _COUNT)


def _before_statement(conn: sa.Connection, cursor: Any, statement: str, *args: Any) -> None:
    if _counting():
        setattr(g, _COUNT, getattr(g, _COUNT) + 1)
        conn.info.setdefault(_STARTED, []).append(time.perf_counter())


def _after_statement(conn: sa.Connection, cursor: Any, statement: str, *args: Any) -> None:
    starts = conn.info.get(_STARTED)
    if _counting() and starts:
        setattr(g, _DB_SECONDS, getattr(g, _DB_SECONDS) + time.perf_counter() - starts.pop())


def _add_headers(response: Response) -> Response:
    if not hasattr(g, _COUNT):
        return response
    count = getattr(g, _COUNT)
    db_ms = getattr(g, _DB_SECONDS) * 1000
    total_ms = (time.perf_counter() - getattr(g, _STARTED)) * 1000
    response.headers[COUNT_HEADER] = str(count)
    response.headers.add(
        "Server-Timing", f'db;desc="{count} queries";dur={db_ms:.1f}, app;desc="view";dur={total_ms:.1f}'
    )
    return response
