"""Flask-Login wiring: the cookie carries the user id, the session token and the key of the login.

Flask keeps the session in a signed cookie, so the server must remember something for logging
out to mean anything: a copy of the cookie taken while logged in would otherwise stay valid.
Each login is a row (accounts.models.Login) named by a random key in the session; logging out
deletes the row. The account's session token, which changes with the password and at
deactivation, ends every login of the person at once. Rotating that token at logout would have
done without the table, but it would also log the person out on their other computers and void
the invitation and reset links they are waiting for (the token is part of their fingerprint).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import Flask, current_app, session
from flask_login import login_user, logout_user

from evaluator.accounts.models import Login, User
from evaluator.core.clock import now_utc
from evaluator.extensions import db, login_manager
from evaluator.i18n import _l

LOGIN_KEY = "login"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def _oldest_live_start() -> datetime:
    # A login lasts as long as a permanent session cookie would (31 days by default), counted from
    # logging in: whoever works here daily logs in again once a month.
    return now_utc() - current_app.permanent_session_lifetime


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    raw_id, _, token = user_id.partition(":")
    key = session.get(LOGIN_KEY)
    if not raw_id.isdigit() or not token or not isinstance(key, str):
        return None
    user = db.session.scalar(
        sa.select(User)
        .join(Login, Login.user_id == User.id)
        .where(User.id == int(raw_id), Login.key == key, Login.started_at > _oldest_live_start())
    )
    # A changed token (password change, deactivation) ends every older session.
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def start_session(user: User) -> None:
    """Log ``user`` in on a fresh session: nothing of the one before survives but the language.

    A session planted before logging in (session fixation) thus never becomes a logged-in one.
    Adds the login's row; the caller commits.
    """
    language = session.get("language")
    end_session()
    if language:
        session["language"] = language
    db.session.execute(sa.delete(Login).where(Login.started_at <= _oldest_live_start()))
    login = Login(user_id=user.id, started_at=now_utc())
    db.session.add(login)
    db.session.flush()
    session[LOGIN_KEY] = login.key
    login_user(user)


def end_session() -> None:
    """Log out: forget the login on the server and empty the session. The caller commits."""
    key = session.get(LOGIN_KEY)
    if isinstance(key, str):
        db.session.execute(sa.delete(Login).where(Login.key == key))
    logout_user()
    session.clear()
