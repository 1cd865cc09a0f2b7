"""Locale and time-zone selection; every user-facing string goes through gettext."""

from __future__ import annotations

from flask import current_app, request, session
from flask_babel import gettext, lazy_gettext, ngettext
from flask_login import current_user

_ = gettext
_l = lazy_gettext
__all__ = ["_", "_l", "ngettext", "select_locale", "select_timezone"]


def select_locale() -> str | None:
    languages: list[str] = current_app.config["LANGUAGES"]
    preferred = getattr(current_user, "preferred_language", None) if current_user else None
    if preferred in languages:
        return preferred
    if not request:
        return None
    # Chosen with the switch before logging in (or without an account), else the browser's wish.
    if session.get("language") in languages:
        return session["language"]
    return request.accept_languages.best_match(languages)


def select_timezone() -> str:
    # Deadlines are stored in UTC and always shown in Berlin time, whoever looks.
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
