"""Coordinators' pages: their nominations, the nomination form, submit/withdraw, attachments."""

from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from evaluator.core.access import load_or_404, require
from evaluator.core.errors import DomainError
from evaluator.core.forms import EmptyForm
from evaluator.core.urls import whole_number
from evaluator.extensions import db
from evaluator.i18n import _, _l
from evaluator.nominations import attachments as attachment_ops
from evaluator.nominations import operations, permissions, queries
from evaluator.nominations.forms import MAX_CONTACTS, MAX_PARTNERS, NominationForm
from evaluator.nominations.markdown import render_markdown
from evaluator.nominations.models import Attachment, Initiative, Nomination, NominationState
from evaluator.nominations.storage import AttachmentRejected, store_for
from evaluator.rounds.models import RoundPhase
from evaluator.rounds.queries import running_round

bp = Blueprint("nominations", __name__, url_prefix="/nominations")

STALE_TEXT = _l(
    "Someone else saved this nomination while you were editing it. Your text is still in the form: "
    "open the nomination in a new tab, compare, and save again."
)


def _coordinator_only() -> None:
    require(current_user.is_coordinator)


def _load(nomination_id: int) -> Nomination:
    """The nomination, or 404 for anyone not allowed to see it (existence is not revealed)."""
    nomination = queries.nomination_for_page(db.session, nomination_id)
    if nomination is None or not permissions.can_view_nomination(current_user, nomination):
        abort(404)
    return nomination


def _form_choices(form: NominationForm, round_, nomination: Nomination | None = None) -> NominationForm:  # type: ignore[no-untyped-def]
    form.category.choices = [SelectChoice(c.id, c.name) for c in round_.categories]
    # A nomination keeps its unit once created; a new one is for any unit the person coordinates.
    units = [nomination.org_unit] if nomination is not None else list(current_user.coordinated_units)
    form.org_unit.choices = [SelectChoice(u.id, u.name) for u in units]
    return form


def _input_from(form: NominationForm) -> operations.NominationInput:
    return operations.NominationInput(
        title=form.title.data or "",
        category_id=form.category.data,
        org_unit_id=form.org_unit.data,
        summary=form.summary.data or "",
        description=form.description.data or "",
        start_year=form.start_year.data,
        website=form.website.data or None,
        head_support_confirmed=bool(form.head_support_confirmed.data),
        partners=form.partner_rows(),
        contacts=form.contact_rows(),
        key_figures={k: getattr(form, k).data for k in operations.KEY_FIGURES},
    )


def _fill_form(form: NominationForm, data: operations.NominationInput) -> None:
    form.title.data, form.category.data, form.org_unit.data = data.title, data.category_id, data.org_unit_id
    form.summary.data, form.description.data = data.summary, data.description
    form.start_year.data, form.website.data = data.start_year, data.website
    for key in operations.KEY_FIGURES:
        getattr(form, key).data = data.key_figures.get(key)
    while len(form.partners) > 0:
        form.partners.pop_entry()
    for institution, country in data.partners or [("", "")]:
        form.partners.append_entry({"institution": institution, "country": country})
    while len(form.contacts) > 0:
        form.contacts.pop_entry()
    for contact in data.contacts or [{}]:
        form.contacts.append_entry(contact)


def _added_rows(form: NominationForm) -> bool:
    """The no-JavaScript "add a row" buttons: add an empty row and show the form again."""
    for button, rows, limit in (
        (form.add_partner, form.partners, MAX_PARTNERS),
        (form.add_contact, form.contacts, MAX_CONTACTS),
    ):
        if button.data:
            if len(rows) < limit:
                rows.append_entry()
            else:
                rows.errors = [_("At most %(n)d rows.", n=limit)]
            return True
    return False


def _show_problems(form: NominationForm, error: DomainError) -> None:
    if isinstance(error, operations.Incomplete):
        for name, message in error.problems.items():
            getattr(form, name).errors = [*getattr(form, name).errors, message]
    if isinstance(error, AttachmentRejected):
        form.attachments.errors = [*form.attachments.errors, error.message]
    else:
        flash(error.message, "danger")


def _save(
    form: NominationForm,
    nomination: Nomination | None,
    round_,
    initiative=None,  # type: ignore[no-untyped-def]
    previous: Nomination | None = None,
) -> Nomination | None:
    """Create or update, add the uploaded files and submit if asked, all in one transaction."""
    store = store_for(current_app)
    stored_keys: list[str] = []
    try:
        data = _input_from(form)
        if nomination is None:
            nomination = operations.create_draft(
                db.session,
                round_,
                actor=current_user,
                data=data,
                initiative=initiative,
                renomination_of=previous,
            )
        else:
            version = whole_number(form.version.data)
            if version is None:  # no version: we cannot tell what it was based on
                raise operations.StaleVersion(str(STALE_TEXT))
            operations.update(db.session, nomination, actor=current_user, data=data, expected_version=version)
        for upload in request.files.getlist(form.attachments.name):
            if upload and upload.filename:
                attachment = attachment_ops.add_attachment(
                    db.session,
                    nomination,
                    actor=current_user,
                    filename=upload.filename,
                    data=upload.read(current_app.config.get("MAX_UPLOAD_BYTES", 11 * 1024 * 1024)),
                    store=store,
                )
                stored_keys.append(attachment.storage_key)
        if form.save_and_submit.data and nomination.state is NominationState.DRAFT:
            try:
                operations.submit(db.session, nomination, actor=current_user)
            except operations.DeadlinePassed:
                pass  # the draft is still saved below; the warning says why it was not submitted
        db.session.commit()
        if nomination.state is NominationState.DRAFT and not operations.deadline_open(round_):
            flash(
                _(
                    "The nomination deadline has passed: your text has been kept as a draft, "
                    "but it can no longer be submitted."
                ),
                "warning",
            )
        return nomination
    except (DomainError, StaleDataError) as error:
        db.session.rollback()
        for key in stored_keys:
            store.delete(key)  # nothing half-written: neither rows nor files survive a refusal
        if isinstance(error, StaleDataError):
            error = operations.StaleVersion(
                _(
                    "Someone else saved this nomination while you were editing it. "
                    "Your text is still in the form: open the nomination in a new tab, "
                    "compare, and save again."
                )
            )
        if isinstance(error, operations.StaleVersion) and nomination is not None:
            # The person has been warned; a deliberate second save may now go ahead.
            form.version.data = str(nomination.version)
        _show_problems(form, error)
        return None


@bp.route("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    _coordinator_only()
    unit_ids = [u.id for u in current_user.coordinated_units]
    running = running_round(db.session)
    nominations = queries.nominations_of_units(db.session, unit_ids)
    return render_template(
        "nominations/index.html",
        running=running,
        nominations=nominations,
        current=[n for n in nominations if running and n.round_id == running.id],
        earlier=[n for n in nominations if not running or n.round_id != running.id],
        candidates=queries.renomination_candidates(db.session, unit_ids, running) if running else [],
        can_change=running is not None and operations.deadline_open(running),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():  # type: ignore[no-untyped-def]
    _coordinator_only()
    round_ = running_round(db.session)
    # A form posted just after the deadline comes back with the message and the typed text.
    if round_ is None or (request.method == "GET" and not operations.deadline_open(round_)):
        flash(_("No round accepts nominations at the moment."), "warning")
        return redirect(url_for(".index"))
    initiative = previous = None
    renominate = whole_number(request.args.get("renominate"))
    if renominate is not None:
        initiative = load_or_404(Initiative, renominate)
        if not permissions.coordinates(current_user, initiative.org_unit_id):
            abort(404)
        previous = operations.latest_nomination(db.session, initiative)
    form = _form_choices(NominationForm(), round_)
    if initiative is not None:
        # A renomination stays with the initiative's unit.
        form.org_unit.choices = [SelectChoice(initiative.org_unit.id, initiative.org_unit.name)]
    if request.method == "GET" and previous is not None:
        _fill_form(form, operations.prefill_from(previous, round_))
    if request.method == "POST" and not _added_rows(form) and form.validate_on_submit():
        nomination = _save(form, None, round_, initiative=initiative, previous=previous)
        if nomination is not None:
            flash(
                _("The nomination has been submitted.")
                if nomination.state is NominationState.SUBMITTED
                else _("The draft has been saved."),
                "success",
            )
            return redirect(url_for(".detail", nomination_id=nomination.id))
    return render_template(
        "nominations/form.html", form=form, round=round_, nomination=None, previous=previous
    )


@bp.route("/<int:nomination_id>")
@login_required
def detail(nomination_id: int):  # type: ignore[no-untyped-def]
    nomination = _load(nomination_id)
    return render_template(
        "nominations/detail.html",
        nomination=nomination,
        description=render_markdown(nomination.description),
        action_form=EmptyForm(),
        can_edit=permissions.can_edit_nomination(current_user, nomination),
        open_for_changes=operations.deadline_open(nomination.round),
        draft_writable=nomination.state is NominationState.DRAFT
        and nomination.round.phase is RoundPhase.NOMINATING,
        problems=operations.completeness_problems(nomination),
        # The decision and its feedback reach the coordinator only with the published results.
        outcome=nomination.decision if nomination.round.is_public else None,
    )


@bp.route("/<int:nomination_id>/edit", methods=["GET", "POST"])
@login_required
def edit(nomination_id: int):  # type: ignore[no-untyped-def]
    nomination = _load(nomination_id)
    require(permissions.can_edit_nomination(current_user, nomination))
    form = _form_choices(NominationForm(), nomination.round, nomination)
    if request.method == "GET":
        _fill_form(form, operations.prefill_from(nomination, nomination.round))
        form.head_support_confirmed.data = nomination.head_support_confirmed
        form.version.data = str(nomination.version)
    elif not _added_rows(form) and form.validate_on_submit():
        if _save(form, nomination, nomination.round) is not None:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for(".detail", nomination_id=nomination.id))
    return render_template(
        "nominations/form.html", form=form, round=nomination.round, nomination=nomination, previous=None
    )


def _state_change(nomination_id: int, change, message: str):  # type: ignore[no-untyped-def]
    nomination = _load(nomination_id)
    require(permissions.can_edit_nomination(current_user, nomination))
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        change(db.session, nomination, actor=current_user)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(
            _("Someone else changed this nomination at the same moment. Please look at it and try again."),
            "danger",
        )
    except DomainError as error:
        db.session.rollback()
        if isinstance(error, operations.Incomplete):
            flash(
                _("Complete the nomination first: %(problems)s", problems=" ".join(error.problems.values())),
                "danger",
            )
        else:
            flash(error.message, "danger")
    else:
        flash(message, "success")
    return redirect(url_for(".detail", nomination_id=nomination_id))


@bp.route("/<int:nomination_id>/submit", methods=["POST"])
@login_required
def submit(nomination_id: int):  # type: ignore[no-untyped-def]
    return _state_change(nomination_id, operations.submit, _("The nomination has been submitted."))


@bp.route("/<int:nomination_id>/withdraw", methods=["POST"])
@login_required
def withdraw(nomination_id: int):  # type: ignore[no-untyped-def]
    return _state_change(nomination_id, operations.withdraw, _("The nomination has been withdrawn."))


@bp.route("/<int:nomination_id>/redraft", methods=["POST"])
@login_required
def redraft(nomination_id: int):  # type: ignore[no-untyped-def]
    return _state_change(
        nomination_id,
        operations.return_to_draft,
        _("The nomination is a draft again. Submit it before the deadline."),
    )


def _attachment(nomination_id: int, attachment_id: int) -> tuple[Nomination, Attachment]:
    nomination = _load(nomination_id)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.nomination_id != nomination.id:
        abort(404)
    return nomination, attachment


@bp.route("/<int:nomination_id>/attachments/<int:attachment_id>")
@login_required
def download(nomination_id: int, attachment_id: int):  # type: ignore[no-untyped-def]
    _nomination, attachment = _attachment(nomination_id, attachment_id)
    try:
        data = store_for(current_app).open(attachment.storage_key)
    except (FileNotFoundError, ValueError):
        current_app.logger.error(
            "Attachment %s has no stored file (%s)", attachment.id, attachment.storage_key
        )
        abort(404)
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:nomination_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete_attachment(nomination_id: int, attachment_id: int):  # type: ignore[no-untyped-def]
    nomination, attachment = _attachment(nomination_id, attachment_id)
    require(permissions.can_edit_nomination(current_user, nomination))
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        key = attachment_ops.remove_attachment(db.session, attachment, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        store_for(current_app).delete(key)
        flash(_("The attachment has been removed."), "success")
    return redirect(url_for(".detail", nomination_id=nomination_id))
