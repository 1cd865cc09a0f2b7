"""Admin pages for rounds: list, create, the round dashboard, deadlines and phase changes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from evaluator.core.access import load_or_404, permission_required
from evaluator.core.clock import berlin_to_utc, utc_to_berlin_naive
from evaluator.core.errors import DomainError
from evaluator.core.templating import PHASE_LABELS
from evaluator.extensions import db
from evaluator.i18n import _, _l
from evaluator.nominations.models import Nomination
from evaluator.reviewing import queries as review_queries
from evaluator.rounds import operations
from evaluator.rounds.forms import AdvanceForm, DeadlinesForm, ExtendDeadlineForm, NewRoundForm
from evaluator.rounds.models import Round, RoundPhase
from evaluator.rounds.permissions import can_manage_rounds
from evaluator.rounds.queries import all_rounds, nomination_counts
from evaluator.voting.tally import Tally

bp = Blueprint("admin_rounds", __name__, url_prefix="/admin/rounds")

PHASE_EFFECTS = {
    RoundPhase.NOMINATING: _l(
        "Coordinators can create and submit nominations until the nomination deadline. "
        "Categories and criteria can no longer be changed."
    ),
    RoundPhase.REVIEWING: _l(
        "Nominating closes: nothing more can be submitted or edited. You can then mark "
        "each submitted nomination eligible or not, and the commission starts scoring."
    ),
    RoundPhase.VOTING: _l("Scoring ends and commission members vote on each eligible nomination."),
    RoundPhase.DECIDING: _l("Voting closes; the chair and admins record a decision per nomination."),
    RoundPhase.ARCHIVED: _l("The round is kept read-only among the past rounds."),
}


@bp.route("/")
@permission_required(can_manage_rounds)
def index():  # type: ignore[no-untyped-def]
    return render_template("admin/rounds/index.html", rounds=all_rounds(db.session))


@bp.route("/new", methods=["GET", "POST"])
@permission_required(can_manage_rounds)
def create():  # type: ignore[no-untyped-def]
    form = NewRoundForm()
    if form.validate_on_submit():
        try:
            round_ = operations.create_round(
                db.session, actor=current_user, name=form.name.data, year=form.year.data
            )
        except DomainError as error:
            db.session.rollback()
            form.year.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The %(name)s has been created as a draft.", name=round_.name), "success")
            return redirect(url_for(".detail", round_id=round_.id))
    return render_template("admin/rounds/new.html", form=form)


@bp.route("/<int:round_id>")
@permission_required(can_manage_rounds)
def detail(round_id: int):  # type: ignore[no-untyped-def]
    round_ = load_or_404(Round, round_id)
    check = operations.preview_transition(db.session, round_)
    return render_template(
        "admin/rounds/detail.html",
        round=round_,
        check=check,
        effect=PHASE_EFFECTS.get(check.target) if check.target else None,
        counts=nomination_counts(db.session, round_),
    )


@bp.route("/<int:round_id>/deadlines", methods=["GET", "POST"])
@permission_required(can_manage_rounds)
def deadlines(round_id: int):  # type: ignore[no-untyped-def]
    round_ = load_or_404(Round, round_id)
    if round_.phase is RoundPhase.DRAFT:
        form = DeadlinesForm(
            data={k: utc_to_berlin_naive(getattr(round_, k)) for k in operations.DEADLINE_FIELDS}
        )
        if form.validate_on_submit():
            values = {
                key: berlin_to_utc(getattr(form, key).data) if getattr(form, key).data else None
                for key in operations.DEADLINE_FIELDS
            }
            try:
                operations.set_deadlines(db.session, round_, actor=current_user, **values)
            except DomainError as error:
                db.session.rollback()
                form.nomination_deadline.errors.append(error.message)
            else:
                db.session.commit()
                flash(_("The deadlines have been saved."), "success")
                return redirect(url_for(".detail", round_id=round_.id))
        return render_template("admin/rounds/deadlines.html", round=round_, form=form, extend=False)
    if round_.phase not in operations.PHASE_DEADLINE:
        abort(404)
    form = ExtendDeadlineForm()
    if form.validate_on_submit():
        try:
            operations.extend_deadline(
                db.session, round_, actor=current_user, new_deadline=berlin_to_utc(form.new_deadline.data)
            )
        except DomainError as error:
            db.session.rollback()
            form.new_deadline.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The deadline has been extended."), "success")
            return redirect(url_for(".detail", round_id=round_.id))
    current = getattr(round_, operations.PHASE_DEADLINE[round_.phase])
    return render_template(
        "admin/rounds/deadlines.html", round=round_, form=form, extend=True, current=current
    )


@bp.route("/<int:round_id>/advance", methods=["GET", "POST"])
@permission_required(can_manage_rounds)
def advance(round_id: int):  # type: ignore[no-untyped-def]
    """A confirmation page that says what the next phase does, then the change itself."""
    round_ = load_or_404(Round, round_id)
    check = operations.preview_transition(db.session, round_)
    form = AdvanceForm()
    if form.validate_on_submit():
        if check.warnings and not form.confirm_warnings.data:
            form.confirm_warnings.errors.append(
                _("Please confirm that you want to go ahead despite the warnings.")
            )
        else:
            try:
                operations.advance_phase(
                    db.session,
                    round_,
                    actor=current_user,
                    confirmed_warnings=bool(form.confirm_warnings.data),
                )
            except DomainError as error:
                db.session.rollback()
                flash(error.message, "danger")
            else:
                db.session.commit()
                flash(
                    _(
                        "The %(name)s is now in the phase “%(phase)s”.",
                        name=round_.name,
                        phase=PHASE_LABELS[round_.phase],
                    ),
                    "success",
                )
                return redirect(url_for(".detail", round_id=round_.id))
    return render_template(
        "admin/rounds/advance.html",
        round=round_,
        check=check,
        form=form,
        effect=PHASE_EFFECTS.get(check.target) if check.target else None,
        quorum=_quorum_status(round_) if check.target is RoundPhase.DECIDING else [],
    )


def _quorum_status(round_: Round) -> list[tuple[Nomination, Tally]]:
    """Each eligible nomination with its tally, so that voting is not closed blind."""
    tallies = review_queries.tallies(db.session, round_)
    return [(n, tallies[n.id]) for n in review_queries.eligible_nominations(db.session, round_)]
