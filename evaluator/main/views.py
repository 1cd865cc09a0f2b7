"""Landing, the personal dashboard and the health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from evaluator.core.forms import EmptyForm
from evaluator.core.urls import is_local_path
from evaluator.extensions import db
from evaluator.main.dashboard import dashboard_for

bp = Blueprint("main", __name__)


@bp.route("/")
def index():  # type: ignore[no-untyped-def]
    return redirect(url_for("public.lighthouses"))


@bp.route("/dashboard")
@login_required
def dashboard():  # type: ignore[no-untyped-def]
    return render_template("main/dashboard.html", dash=dashboard_for(db.session, current_user))


@bp.route("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


@bp.route("/language", methods=["POST"])
def language():  # type: ignore[no-untyped-def]
    """Switch the language: kept with the account when logged in, in the session otherwise."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    wanted = request.form.get("language", "")
    if wanted not in current_app.config["LANGUAGES"]:
        abort(400)
    session["language"] = wanted
    if current_user.is_authenticated and current_user.preferred_language != wanted:
        current_user.preferred_language = wanted
        db.session.commit()
    target = request.form.get("next", "")
    return redirect(target if is_local_path(target) else url_for("public.lighthouses"))
