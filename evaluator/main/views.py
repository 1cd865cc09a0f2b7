"""Landing, the personal dashboard and the health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

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
