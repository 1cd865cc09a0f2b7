"""Flask-Login wiring: the cookie carries the user id and a session token."""

from __future__ import annotations

from flask import Flask

from evaluator.accounts.models import User
from evaluator.extensions import db, login_manager
from evaluator.i18n import _l


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(raw_id))
    # A changed token (password change, deactivation) ends every older session.
    if user is None or not user.active or user.session_token != token:
        return None
    return user
