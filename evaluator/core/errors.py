"""Domain errors and the readable error pages."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, Response, after_this_request, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from evaluator.i18n import _

# Seconds a client is asked to wait before it tries again while the database is away.
RETRY_AFTER_SECONDS = 30

E = TypeVar("E", bound=Exception)

SQLITE_OUTAGES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN})


class DomainError(Exception):
    """A rule of the product refused an action; ``message`` is shown to the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    pass


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached (down, cut off, restarting, out of
    connections), as opposed to a fault of the request itself (a deadlock, a broken statement)."""
    if isinstance(error, sa.exc.TimeoutError):  # no connection came free in the pool
        return True
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError)):
        return False
    if isinstance(error.orig, sqlite3.Error):
        # SQLite's errors carry no SQLSTATE; only a locked or unopenable file is an outage, a
        # missing table or a broken statement is a fault (the 500 page, with its traceback).
        return getattr(error.orig, "sqlite_errorcode", None) in SQLITE_OUTAGES
    # A failed connection has no SQLSTATE, or one of the classes "connection exception" (08),
    # "insufficient resources" (53) or "operator intervention" (57P: shutting down, starting).
    state = getattr(error.orig, "sqlstate", None)
    return state is None or str(state).startswith(("08", "53", "57P"))


def _render(status: int, title: str, message: str):  # type: ignore[no-untyped-def]
    if _wants_json():
        return jsonify(error=title, message=message), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _unless_the_database_is_away(handler: Callable[[E], Any]) -> Callable[[E], Any]:
    """An error page needs the logged-in person (their language, their name in the menu), whom
    loading takes the database: while it is away, the page that says so is shown instead."""

    @functools.wraps(handler)
    def wrapper(error: E) -> Any:
        try:
            return handler(error)
        except (sa.exc.DBAPIError, sa.exc.TimeoutError) as failure:
            if not database_unavailable(failure):
                raise
            return _unavailable(failure)

    return wrapper


def _forget_user_for_this_request() -> None:
    """Show the page as to a visitor: the person's account cannot be read without the database.

    Only this request's view of the person changes; the session cookie stays, so they are still
    logged in once the database is back.
    """
    from evaluator.extensions import db, login_manager

    login_manager._update_request_context_with_user()  # the anonymous user, no database needed
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        pass  # the connection is gone already; the pool replaces it later


def _unavailable(error: BaseException):  # type: ignore[no-untyped-def]
    current_app.logger.error("The database is unavailable: %s", getattr(error, "orig", None) or error)
    _forget_user_for_this_request()

    @after_this_request
    def ask_to_retry(response: Response) -> Response:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response

    return _render(
        503,
        _("Service temporarily unavailable"),
        _("The service cannot reach its database at the moment. Please try again in a few minutes."),
    )


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    @_unless_the_database_is_away
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return _render(
            400,
            _("The form has expired"),
            _("The page was open too long or was sent from elsewhere. Reload it and try again."),
        )

    @app.errorhandler(HTTPException)
    @_unless_the_database_is_away
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        messages = {
            400: (_("Bad request"), _("The request could not be understood.")),
            403: (_("Not allowed"), _("You do not have permission to open this page.")),
            404: (_("Not found"), _("There is no page at this address.")),
            405: (_("Not allowed"), _("This page cannot be used that way.")),
            429: (
                _("Too many attempts"),
                _("Please wait a minute before you try again."),
            ),
        }
        title, message = messages.get(error.code or 500, (error.name, error.description or ""))
        # Flask-Limiter adds Retry-After and the X-RateLimit headers to 429 answers itself.
        body, status = _render(error.code or 500, title, message)
        # The exception's own headers are part of the answer: Allow on a 405 is required (RFC 9110).
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return body, status, headers

    @app.errorhandler(sa.exc.DBAPIError)
    @app.errorhandler(sa.exc.TimeoutError)
    def database_error(error: Exception):  # type: ignore[no-untyped-def]
        if not database_unavailable(error):
            raise error  # any other database error is a fault: the 500 page, with its traceback logged
        return _unavailable(error)

    @app.errorhandler(500)
    @_unless_the_database_is_away
    def server_error(error: Exception):  # type: ignore[no-untyped-def]
        # An outage that escaped another handler ends up here.
        original = getattr(error, "original_exception", None)
        if database_unavailable(original):
            return _unavailable(original)  # type: ignore[arg-type]
        return _render(
            500,
            _("Something went wrong"),
            _("The error has been logged. Please try again in a moment."),
        )
