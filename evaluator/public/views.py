"""Public pages: current and past lighthouses, published rounds, initiative profiles."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from evaluator.extensions import db
from evaluator.public.status_date import BadDate, status_moment
from evaluator.publication import queries

bp = Blueprint("public", __name__)


@bp.route("/lighthouses")
def lighthouses():  # type: ignore[no-untyped-def]
    raw = request.args.get("on", "").strip()
    try:
        moment, day = status_moment(raw)
    except BadDate:
        return render_template("public/lighthouses.html", groups=[], total=0, day=None, bad_date=raw), 400
    found = queries.lighthouses_at(db.session, moment)
    return render_template(
        "public/lighthouses.html",
        groups=queries.group_by_category(found),
        total=len(found),
        day=day,
        bad_date=None,
    )


@bp.route("/rounds")
def rounds():  # type: ignore[no-untyped-def]
    return render_template("public/rounds.html", rounds=queries.published_rounds(db.session))


@bp.route("/rounds/<int:year>")
def round_results(year: int):  # type: ignore[no-untyped-def]
    round_ = queries.published_round(db.session, year)
    if round_ is None:
        abort(404)
    return render_template(
        "public/round.html",
        round=round_,
        groups=queries.group_by_category(queries.round_awards(db.session, round_)),
        figures=queries.round_figures(db.session, round_),
        renewed=queries.renewed_initiative_ids(db.session, round_),
    )


@bp.route("/initiatives/<int:initiative_id>")
def initiative(initiative_id: int):  # type: ignore[no-untyped-def]
    profile = queries.public_profile(db.session, initiative_id)
    if profile is None:
        abort(404)  # never awarded: not public, and not distinguishable from "does not exist"
    return render_template("public/initiative.html", profile=profile)
