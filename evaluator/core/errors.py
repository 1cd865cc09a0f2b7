"""Domain errors and the readable error pages."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from evaluator.i18n import _


class DomainError(Exception):
    """A rule of the product refused an action; ``message`` is shown to the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    pass


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(status: int, title: str, message: str):  # type: ignore[no-untyped-def]
    if _wants_json():
        return jsonify(error=title, message=message), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return _render(
            400,
            _("The form has expired"),
            _("The page was open too long or was sent from elsewhere. Reload it and try again."),
        )

    @app.errorhandler(HTTPException)
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
        return _render(error.code or 500, title, message)

    @app.errorhandler(500)
    def server_error(error: Exception):  # type: ignore[no-untyped-def]
        return _render(
            500,
            _("Something went wrong"),
            _("The error has been logged. Please try again in a moment."),
        )
