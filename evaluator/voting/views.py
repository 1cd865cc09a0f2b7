"""Voting and decisions: the member's ballot, the chair's and admins' decisions."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from evaluator.core.access import permission_required, require
from evaluator.core.errors import DomainError
from evaluator.core.forms import EmptyForm
from evaluator.extensions import db
from evaluator.i18n import _
from evaluator.nominations.models import Nomination
from evaluator.reviewing import permissions, queries
from evaluator.reviewing.forms import OUTCOME_LABELS, VOTE_LABELS, DecisionForm, VoteForm
from evaluator.reviewing.views import load_for_review, load_round, time_left
from evaluator.rounds.models import RoundPhase
from evaluator.voting import operations
from evaluator.voting.models import Outcome, VoteChoice

bp = Blueprint("voting", __name__, url_prefix="/review")


def _is_member(person) -> bool:  # type: ignore[no-untyped-def]
    return permissions.is_member(person)


@bp.route("/rounds/<int:round_id>/ballot", methods=["GET", "POST"])
@permission_required(_is_member)
def ballot(round_id: int):  # type: ignore[no-untyped-def]
    """Every eligible nomination the member may vote on, on one page; one button saves them all."""
    round_ = load_round(round_id)
    groups = queries.member_overview(db.session, current_user, round_)
    open_for_votes = round_.phase is RoundPhase.VOTING
    posted = None  # a refused ballot comes back with the person's choices, not the stored ones
    if request.method == "POST":
        require(open_for_votes)
        if not EmptyForm().validate_on_submit():
            abort(400)
        # Check every choice before writing any: a refused ballot must leave no vote behind.
        wanted: dict[int, VoteChoice] = {}
        for _category, items in groups:
            for item in items:
                value = request.form.get(f"vote-{item.nomination_id}")
                if item.progress == queries.Progress.CONFLICTED or not value:
                    continue
                if value not in set(VoteChoice):
                    abort(400)
                if item.vote != value:
                    wanted[item.nomination_id] = VoteChoice(value)
        changed = 0
        try:
            chosen = (
                db.session.scalars(sa.select(Nomination).where(Nomination.id.in_(wanted))) if wanted else []
            )
            loaded = {n.id: n for n in chosen}
            for nomination_id, choice in wanted.items():  # in the order of the page
                operations.cast_vote(db.session, loaded[nomination_id], member=current_user, choice=choice)
                changed += 1
            db.session.commit()
        except (DomainError, IntegrityError) as error:
            db.session.rollback()
            flash(error.message if isinstance(error, DomainError) else _("Please try again."), "danger")
            posted = request.form
        else:
            flash(
                _("Your votes have been saved.") if changed else _("Nothing has changed."),
                "success" if changed else "info",
            )
            return redirect(url_for(".ballot", round_id=round_.id))
    deadline, left = time_left(round_)
    return render_template(
        "review/ballot.html",
        round=round_,
        groups=groups,
        open_for_votes=open_for_votes and (posted is not None or operations.voting_deadline_open(round_)),
        posted=posted,
        deadline=deadline,
        left=left,
        VOTE_LABELS=VOTE_LABELS,
        tallies=queries.tallies(db.session, round_)
        if permissions.can_see_tally(current_user, round_, conflicted=False)
        else {},
    )


@bp.route("/nominations/<int:nomination_id>/vote", methods=["POST"])
@login_required
def vote(nomination_id: int):  # type: ignore[no-untyped-def]
    nomination, conflicted = load_for_review(nomination_id)
    require(permissions.can_vote(current_user, nomination.round, conflicted=conflicted))
    form = VoteForm(prefix="vote")
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.choice.errors)) or _("Choose award, do not award or abstain."), "danger")
    else:
        try:
            operations.cast_vote(
                db.session, nomination, member=current_user, choice=VoteChoice(form.choice.data)
            )
            db.session.commit()
        except (DomainError, IntegrityError) as error:
            db.session.rollback()
            flash(error.message if isinstance(error, DomainError) else _("Please try again."), "danger")
        else:
            flash(_("Your vote has been saved. You can change it until voting closes."), "success")
    # The id from the URL: after the commit, nomination.id would load it all again.
    return redirect(url_for("review.nomination", nomination_id=nomination_id))


def _can_see_decisions(person) -> bool:  # type: ignore[no-untyped-def]
    return permissions.is_admin(person) or permissions.is_chair(person)


@bp.route("/rounds/<int:round_id>/decisions")
@permission_required(_can_see_decisions)
def decisions(round_id: int):  # type: ignore[no-untyped-def]
    round_ = load_round(round_id)
    if round_.phase not in permissions.AFTER_VOTING:
        abort(404)
    nominations = queries.eligible_nominations(db.session, round_)
    conflicts = {n for _m, n in queries.active_conflicts(db.session, round_.id, current_user.id)}
    if not current_user.is_member:
        conflicts = set()
    decided = queries.decisions_of(db.session, round_)
    return render_template(
        "review/decisions.html",
        round=round_,
        nominations=nominations,
        conflicts=conflicts,
        tallies=queries.tallies(db.session, round_),
        decided=decided,
        missing=sum(1 for n in nominations if n.id not in decided),
        OUTCOME_LABELS=OUTCOME_LABELS,
    )


@bp.route("/nominations/<int:nomination_id>/decision", methods=["GET", "POST"])
@login_required
def decide(nomination_id: int):  # type: ignore[no-untyped-def]
    nomination, conflicted = load_for_review(nomination_id)
    round_ = nomination.round
    if not permissions.can_record_decision(current_user, round_, conflicted=conflicted):
        abort(404 if conflicted else 403)
    result = queries.tallies(db.session, round_)[nomination.id]
    decision = nomination.decision
    stamp = decision.decided_at.isoformat() if decision else ""
    form = DecisionForm()
    if request.method == "GET":
        form.outcome.data = str(decision.outcome if decision else result.suggested_outcome)
        form.rationale.data = decision.rationale if decision else ""
        form.feedback.data = decision.feedback if decision else ""
        form.version.data = stamp
    elif form.validate_on_submit():
        if (form.version.data or "") != stamp:
            flash(
                _(
                    "Someone else recorded a decision on this nomination meanwhile. "
                    "Your text is still in the form; compare it with theirs (%(outcome)s) and save again.",
                    outcome=OUTCOME_LABELS[decision.outcome] if decision else "—",
                ),
                "danger",
            )
            form.version.data = stamp
        else:
            try:
                operations.record_decision(
                    db.session,
                    nomination,
                    actor=current_user,
                    outcome=Outcome(form.outcome.data),
                    rationale=form.rationale.data or "",
                    feedback=form.feedback.data or "",
                    result=result,
                )
                db.session.commit()
            except operations.RationaleRequired as error:
                db.session.rollback()
                form.rationale.errors.append(error.message)
            except (DomainError, IntegrityError) as error:
                db.session.rollback()
                flash(error.message if isinstance(error, DomainError) else _("Please try again."), "danger")
            else:
                flash(_("The decision on “%(title)s” has been saved.", title=nomination.title), "success")
                return redirect(url_for(".decisions", round_id=round_.id))
    return render_template(
        "review/decide.html",
        nomination=nomination,
        round=round_,
        form=form,
        tally=result,
        suggestion=OUTCOME_LABELS[result.suggested_outcome],
        VOTE_LABELS=VOTE_LABELS,
    )
