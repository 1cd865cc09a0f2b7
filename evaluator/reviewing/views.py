"""The commission's pages: the member's overview, the score sheet, ranking, progress, conflicts."""

from __future__ import annotations

import io

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_timedelta
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from evaluator.core.access import load_or_404, permission_required, require
from evaluator.core.clock import now_utc
from evaluator.core.errors import DomainError
from evaluator.core.urls import whole_number
from evaluator.extensions import db
from evaluator.i18n import _
from evaluator.nominations.markdown import render_markdown
from evaluator.nominations.models import Attachment, Nomination
from evaluator.nominations.queries import nomination_for_page
from evaluator.nominations.storage import store_for
from evaluator.reviewing import operations, permissions, queries
from evaluator.reviewing.charts import chart_width, distribution_chart
from evaluator.reviewing.forms import (
    OUTCOME_LABELS,
    VOTE_LABELS,
    ClearConflictForm,
    DeclareConflictForm,
    SetConflictForm,
    VoteForm,
    criterion_field_name,
    sheet_form_class,
)
from evaluator.reviewing.models import ConflictOfInterest, SheetState
from evaluator.reviewing.ranking import assign_ranks
from evaluator.rounds.models import Round, RoundPhase
from evaluator.rounds.queries import running_round
from evaluator.voting.operations import voting_deadline_open

bp = Blueprint("review", __name__, url_prefix="/review")

PHASE_DEADLINES = {
    RoundPhase.REVIEWING: "review_deadline",
    RoundPhase.VOTING: "voting_deadline",
}


def time_left(round_: Round) -> tuple[object, str | None]:
    """The running phase's deadline and, when it lies ahead, the time left in words."""
    field = PHASE_DEADLINES.get(round_.phase)
    deadline = getattr(round_, field) if field else None
    if deadline is None:
        return None, None
    remaining = deadline - now_utc()
    if remaining.total_seconds() <= 0:
        return deadline, None
    return deadline, format_timedelta(remaining, threshold=1.5)


def load_for_review(nomination_id: int) -> tuple[Nomination, bool]:
    """An eligible nomination of a round under review, and whether the person is conflicted.

    404 for anyone who may not open it, a conflicted member included: they learn nothing of it.
    """
    nomination = nomination_for_page(db.session, nomination_id)
    if nomination is None or not _is_eligible(nomination):
        abort(404)
    conflicted = current_user.is_member and queries.is_conflicted(db.session, current_user, nomination)
    if not permissions.can_open_nomination(current_user, nomination.round, conflicted=conflicted):
        abort(404)
    return nomination, conflicted


def _is_eligible(nomination: Nomination) -> bool:
    return str(nomination.state) == "submitted" and str(nomination.eligibility) == "eligible"


def load_round(round_id: int) -> Round:
    round_ = load_or_404(Round, round_id)
    if round_.phase not in permissions.COMMISSION_PHASES:
        abort(404)
    return round_


# Up to this many nominations the overview lists every category on one page; beyond it, one
# category at a time (chosen in the summary table), as a long list is slow to send and to scan.
OVERVIEW_PAGE_ROWS = 150


@bp.route("/")
@permission_required(permissions.can_follow_commission)
def index():  # type: ignore[no-untyped-def]
    """The member's overview of the running round: what to score or vote on, and what is done."""
    round_ = running_round(db.session)
    if round_ is None or round_.phase not in permissions.COMMISSION_PHASES:
        return render_template("review/index.html", round=None, groups=[], deadline=None, left=None)
    deadline, left = time_left(round_)
    if not current_user.is_member:
        return render_template(
            "review/index.html",
            round=round_,
            groups=[],
            deadline=deadline,
            left=left,
            nominations=queries.eligible_nominations(db.session, round_),
        )
    groups = queries.member_overview(db.session, current_user, round_)
    counts = {category.id: queries.overview_counts(items) for category, items in groups}
    paged = sum(len(items) for _category, items in groups) > OVERVIEW_PAGE_ROWS
    shown = (
        [queries.category_to_show(groups, counts, round_.phase, request.args.get("category", type=int))]
        if paged
        else groups
    )
    return render_template(
        "review/index.html",
        round=round_,
        groups=groups,
        shown=shown,
        paged=paged,
        counts=counts,
        total=queries.overview_counts([item for _category, items in groups for item in items]),
        deadline=deadline,
        left=left,
        VOTE_LABELS=VOTE_LABELS,
    )


def _fill_sheet_form(form, sheet) -> None:  # type: ignore[no-untyped-def]
    if sheet is None:
        form.version.data = "0"
        return
    for score in sheet.scores:
        field = getattr(form, criterion_field_name(score.criterion_id), None)
        if field is not None:
            field.data = score.value
    form.comment.data = sheet.comment
    form.version.data = str(sheet.version)


@bp.route("/nominations/<int:nomination_id>", methods=["GET", "POST"])
@login_required
def nomination(nomination_id: int):  # type: ignore[no-untyped-def]
    """The nomination beside the member's score sheet; others' sheets once independence allows."""
    nomination, conflicted = load_for_review(nomination_id)
    round_ = nomination.round
    criteria = list(nomination.category.criteria)
    sheet = queries.sheet_of(db.session, current_user, nomination) if current_user.is_member else None
    can_score = permissions.can_score(current_user, round_, conflicted=conflicted)
    form = sheet_form_class(criteria)()
    # After the deadline the sheet is shown read-only; a form sent just too late still comes
    # back with what was typed and the reason it was refused.
    show_form = can_score and (request.method == "POST" or operations.review_deadline_open(round_))
    if request.method == "POST":
        require(can_score)
        if form.validate_on_submit():
            version = form.version.data or ""
            data = operations.SheetInput(
                scores={c.id: getattr(form, criterion_field_name(c.id)).data for c in criteria},
                comment=form.comment.data or "",
                submit=bool(form.submit_sheet.data),
            )
            amending = sheet is not None and sheet.state is SheetState.SUBMITTED
            try:
                saved = operations.save_sheet(
                    db.session,
                    nomination,
                    member=current_user,
                    data=data,
                    expected_version=-1 if (expected := whole_number(version)) is None else expected,
                )
                db.session.commit()
            except operations.Incomplete as error:
                db.session.rollback()
                for criterion_id, message in error.problems.items():
                    getattr(form, criterion_field_name(criterion_id)).errors.append(message)
                flash(error.message, "danger")
            except (DomainError, StaleDataError, IntegrityError) as error:
                db.session.rollback()
                message = (
                    error.message
                    if isinstance(error, DomainError)
                    else _(
                        "This sheet was saved elsewhere at the same moment. "
                        "Check your entries and save again."
                    )
                )
                flash(message, "danger")
                current = queries.sheet_of(db.session, current_user, nomination)
                form.version.data = str(current.version) if current else "0"
            else:
                flash(
                    _("Your changes have been saved.")
                    if amending
                    else _("Your sheet has been submitted.")
                    if saved.state is SheetState.SUBMITTED
                    else _("Your draft has been saved."),
                    "success",
                )
                # The id from the URL: after the commit, nomination.id would load it all again.
                return redirect(url_for(".nomination", nomination_id=nomination_id))
    else:
        _fill_sheet_form(form, sheet)

    submitted_own = sheet is not None and sheet.state is SheetState.SUBMITTED
    see_others = permissions.can_see_others_scores(
        current_user, round_, conflicted=conflicted, submitted_own=submitted_own
    )
    others = []
    if see_others:
        others = [
            s for s in queries.submitted_sheets(db.session, nomination) if s.member_id != current_user.id
        ]
    see_tally = permissions.can_see_tally(current_user, round_, conflicted=conflicted)
    tally = queries.tallies(db.session, round_).get(nomination.id) if see_tally else None
    see_votes = see_tally and permissions.can_see_individual_votes(
        current_user, round_, conflicted=conflicted
    )
    vote = queries.vote_of(db.session, current_user, nomination) if current_user.is_member else None
    vote_form = None
    if permissions.can_vote(current_user, round_, conflicted=conflicted) and voting_deadline_open(round_):
        vote_form = VoteForm(prefix="vote", data={"choice": str(vote.choice) if vote else None})
    deadline, left = time_left(round_)
    return render_template(
        "review/nomination.html",
        nomination=nomination,
        round=round_,
        description=render_markdown(nomination.description),
        criteria=criteria,
        form=form,
        sheet=sheet,
        can_score=show_form,
        see_others=see_others,
        others=others,
        tally=tally,
        votes=queries.individual_votes(db.session, nomination) if see_votes else [],
        vote=vote,
        vote_form=vote_form,
        conflict_form=DeclareConflictForm(prefix="conflict")
        if permissions.can_declare_conflict(current_user, round_)
        else None,
        can_decide=permissions.can_record_decision(current_user, round_, conflicted=conflicted),
        deadline=deadline,
        left=left,
        VOTE_LABELS=VOTE_LABELS,
        OUTCOME_LABELS=OUTCOME_LABELS,
        field_name=criterion_field_name,
    )


@bp.route("/nominations/<int:nomination_id>/conflict", methods=["POST"])
@login_required
def declare_conflict(nomination_id: int):  # type: ignore[no-untyped-def]
    nomination, _conflicted = load_for_review(nomination_id)
    require(permissions.can_declare_conflict(current_user, nomination.round))
    form = DeclareConflictForm(prefix="conflict")
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.reason.errors)) or _("Please give a reason."), "danger")
        return redirect(url_for(".nomination", nomination_id=nomination.id))
    try:
        operations.declare_conflict(db.session, nomination, member=current_user, reason=form.reason.data)
        db.session.commit()
    except (DomainError, IntegrityError) as error:
        db.session.rollback()
        flash(error.message if isinstance(error, DomainError) else _("Please try again."), "danger")
        return redirect(url_for(".nomination", nomination_id=nomination.id))
    flash(
        _(
            "Your conflict of interest with “%(title)s” is recorded; the nomination is now closed to you.",
            title=nomination.title,
        ),
        "success",
    )
    # Back to the overview, on the nomination's category when it shows one category at a time.
    return redirect(url_for(".index", category=nomination.category_id))


@bp.route("/nominations/<int:nomination_id>/attachments/<int:attachment_id>")
@login_required
def download(nomination_id: int, attachment_id: int):  # type: ignore[no-untyped-def]
    nomination, _conflicted = load_for_review(nomination_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.nomination_id != nomination.id:
        abort(404)
    try:
        data = store_for(current_app).open(attachment.storage_key)
    except (FileNotFoundError, ValueError):
        abort(404)
    response = send_file(
        io.BytesIO(data), mimetype="application/pdf", as_attachment=True, download_name=attachment.filename
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/rounds/<int:round_id>/ranking")
@permission_required(permissions.can_follow_commission)
def ranking(round_id: int):  # type: ignore[no-untyped-def]
    round_ = load_round(round_id)
    categories = list(round_.categories)
    if not categories:
        abort(404)
    wanted = request.args.get("category", type=int)
    if wanted is None:  # open on the first category that has something to rank
        wanted = queries.first_category_with_nominations(db.session, round_)
    category = next((c for c in categories if c.id == wanted), categories[0])
    normalised = request.args.get("normalised") == "1"
    rows = queries.ranking(db.session, round_, category, by_normalised=normalised, with_normalised=normalised)
    hidden = _hidden_rows(round_, [r.nomination_id for r in rows])
    return render_template(
        "review/ranking.html",
        round=round_,
        categories=categories,
        category=category,
        normalised=normalised,
        rows=assign_ranks([r for r in rows if r.nomination_id not in hidden], by_normalised=normalised),
        hidden=[(r, hidden[r.nomination_id]) for r in rows if r.nomination_id in hidden],
        chart_of=distribution_chart,
        chart_width=chart_width(),
    )


def _hidden_rows(round_: Round, nomination_ids: list[int]) -> dict[int, str]:
    """Rows a member may not see yet, with the reason: a conflict, or their own sheet missing."""
    person = current_user._get_current_object()
    if permissions.is_overseer(person) or not nomination_ids:
        return {}
    conflicts = {n for _m, n in queries.active_conflicts(db.session, round_.id, person.id)}
    submitted = queries.submitted_nomination_ids(db.session, person, round_)
    # Asked once per case rather than once per row: a ranking may hold hundreds of rows.
    visible = {
        own: permissions.can_see_others_scores(person, round_, conflicted=False, submitted_own=own)
        for own in (False, True)
    }
    hidden: dict[int, str] = {}
    for nomination_id in nomination_ids:
        if nomination_id in conflicts:
            hidden[nomination_id] = _("conflict of interest")
        elif not visible[nomination_id in submitted]:
            hidden[nomination_id] = _("visible once you have submitted your sheet")
    return hidden


@bp.route("/rounds/<int:round_id>/progress")
@permission_required(permissions.can_view_progress)
def progress(round_id: int):  # type: ignore[no-untyped-def]
    round_ = load_round(round_id)
    deadline, left = time_left(round_)
    return render_template(
        "review/progress.html",
        round=round_,
        progress=queries.round_progress(db.session, round_),
        # A chair (or admin) on the commission learns nothing of nominations they are conflicted with.
        closed={n for _m, n in queries.active_conflicts(db.session, round_.id, current_user.id)}
        if current_user.is_member
        else set(),
        deadline=deadline,
        left=left,
    )


@bp.route("/rounds/<int:round_id>/remind", methods=["POST"])
@permission_required(permissions.is_admin)
def remind_late(round_id: int):  # type: ignore[no-untyped-def]
    """Remind the late ones: a reminder now to each member behind in reviewing or voting."""
    from evaluator.core.forms import EmptyForm
    from evaluator.i18n import ngettext
    from evaluator.mail.reminders import remind_late as queue_reminders

    round_ = load_round(round_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        count = queue_reminders(db.session, round_, actor=current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
    else:
        if count:
            flash(
                ngettext(
                    "A reminder to %(num)d member has been queued.",
                    "Reminders to %(num)d members have been queued.",
                    count,
                ),
                "success",
            )
        else:
            flash(_("No member is behind; no reminder was queued."), "info")
    return redirect(url_for(".progress", round_id=round_.id))


@bp.route("/rounds/<int:round_id>/conflicts", methods=["GET", "POST"])
@permission_required(permissions.can_manage_conflicts)
def conflicts(round_id: int):  # type: ignore[no-untyped-def]
    round_ = load_round(round_id)
    members = queries.commission_members(db.session)
    nominations = queries.eligible_nominations(db.session, round_)
    form = SetConflictForm(prefix="set")
    form.member.choices = [SelectChoice(m.id, m.display_name) for m in members]
    form.nomination.choices = [SelectChoice(n.id, n.title) for n in nominations]
    if form.validate_on_submit():
        member = next((m for m in members if m.id == form.member.data), None)
        target = next((n for n in nominations if n.id == form.nomination.data), None)
        if member is None or target is None:
            abort(400)
        try:
            operations.set_conflict(
                db.session, target, member=member, actor=current_user, reason=form.reason.data
            )
            db.session.commit()
        except (DomainError, IntegrityError) as error:
            db.session.rollback()
            form.reason.errors.append(
                error.message if isinstance(error, DomainError) else _("Please try again.")
            )
        else:
            flash(_("The conflict of interest has been recorded."), "success")
            return redirect(url_for(".conflicts", round_id=round_.id))
    rows = list(
        db.session.scalars(
            sa.select(ConflictOfInterest)
            .join(Nomination, Nomination.id == ConflictOfInterest.nomination_id)
            .where(Nomination.round_id == round_.id)
            .options(joinedload(ConflictOfInterest.member), joinedload(ConflictOfInterest.nomination))
            .order_by(ConflictOfInterest.cleared_at.is_not(None), Nomination.title)
        )
    )
    return render_template(
        "review/conflicts.html",
        round=round_,
        form=form,
        rows=rows,
        clear_form=ClearConflictForm(prefix="clear"),
    )


@bp.route("/conflicts/<int:conflict_id>/clear", methods=["POST"])
@permission_required(permissions.can_manage_conflicts)
def clear_conflict(conflict_id: int):  # type: ignore[no-untyped-def]
    conflict = load_or_404(ConflictOfInterest, conflict_id)
    round_id = conflict.nomination.round_id
    form = ClearConflictForm(prefix="clear")
    if not form.validate_on_submit():
        flash(_("Please give a reason for clearing the conflict."), "danger")
        return redirect(url_for(".conflicts", round_id=round_id))
    try:
        operations.clear_conflict(db.session, conflict, actor=current_user, reason=form.reason.data)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        flash(_("The conflict of interest has been cleared."), "success")
    return redirect(url_for(".conflicts", round_id=round_id))
