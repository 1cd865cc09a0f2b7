"""Public pages: current and past lighthouses, published rounds, initiative profiles."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request

from evaluator.extensions import db
from evaluator.public import report
from evaluator.public.status_date import BadDate, status_moment
from evaluator.publication import queries
from evaluator.rounds.models import Round

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


def _published_or_404(year: int) -> Round:
    round_ = queries.published_round(db.session, year)
    if round_ is None:
        abort(404)  # a round that is not published has no report, and is not told apart from none
    return round_


@bp.route("/rounds/<int:year>/report")
def round_report(year: int):  # type: ignore[no-untyped-def]
    round_ = _published_or_404(year)
    return render_template("public/report.html", report=report.build_report(db.session, round_))


@bp.route("/rounds/<int:year>/report.pdf")
def round_report_pdf(year: int):  # type: ignore[no-untyped-def]
    round_ = _published_or_404(year)
    html = render_template("public/report_pdf.html", report=report.build_report(db.session, round_))
    try:
        pdf = report.render_pdf(html, base_url=request.url_root)
    except report.PdfUnavailable as error:
        current_app.logger.error("The PDF report cannot be made on this server: %s", error)
        return render_template("public/report_unavailable.html", round=round_), 503
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="lighthouses-{round_.year}.pdf"'
    return response


@bp.route("/initiatives/<int:initiative_id>")
def initiative(initiative_id: int):  # type: ignore[no-untyped-def]
    profile = queries.public_profile(db.session, initiative_id)
    if profile is None:
        abort(404)  # never awarded: not public, and not distinguishable from "does not exist"
    return render_template("public/initiative.html", profile=profile)
