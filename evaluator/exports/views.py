"""Downloads of a round's data for admins and the chair: CSV per table, one XLSX workbook."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user, login_required

from evaluator.audit.operations import record
from evaluator.audit.tags import AuditAction
from evaluator.core.access import load_or_404, require
from evaluator.exports import tables
from evaluator.exports.writers import to_csv, to_xlsx
from evaluator.extensions import db
from evaluator.reviewing import permissions
from evaluator.rounds.models import Round, RoundPhase

bp = Blueprint("exports", __name__, url_prefix="/admin/rounds/<int:round_id>/exports")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_export(person: Any, round_: Round) -> bool:
    """Admins outside the commission at any time after the call opens; the chair (and an admin on
    the commission) once voting has closed, when the scores and votes are no secret to them."""
    if round_.phase is RoundPhase.DRAFT:
        return False
    if permissions.is_overseer(person):
        return True
    return (permissions.is_chair(person) or permissions.is_admin(person)) and (
        round_.phase in permissions.AFTER_VOTING
    )


def _round(round_id: int) -> Round:
    round_ = load_or_404(Round, round_id)
    require(can_export(current_user, round_))
    return round_


def _download(round_: Round, data: bytes, filename: str, mimetype: str, what: str) -> Response:
    record(
        db.session,
        actor=current_user,
        action=AuditAction.EXPORT_DOWNLOAD,
        object_type="round",
        object_id=round_.id,
        round_id=round_.id,
        after={"export": what},
    )
    db.session.commit()
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/")
@login_required
def index(round_id: int):  # type: ignore[no-untyped-def]
    round_ = _round(round_id)
    return render_template("admin/rounds/exports.html", round=round_, keys=tables.KEYS)


@bp.route("/<any(nominations, sheets, scores, ranking, votes, decisions):key>.csv")
@login_required
def csv_file(round_id: int, key: str):  # type: ignore[no-untyped-def]
    round_ = _round(round_id)
    table = tables.round_tables(db.session, round_, current_user).get(key)
    if table is None:
        abort(404)
    return _download(round_, to_csv(table), f"{round_.year}-{key}.csv", "text/csv", key)


@bp.route("/round.xlsx")
@login_required
def workbook(round_id: int):  # type: ignore[no-untyped-def]
    round_ = _round(round_id)
    data = to_xlsx(list(tables.round_tables(db.session, round_, current_user).values()))
    return _download(round_, data, f"{round_.year}-round.xlsx", XLSX_TYPE, "xlsx")
