"""Admin pages for a round's categories and criteria: shown always, editable while a draft."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from evaluator.core.access import load_or_404, permission_required, require
from evaluator.core.errors import DomainError, NotAllowed
from evaluator.core.forms import EmptyForm
from evaluator.extensions import db
from evaluator.i18n import _
from evaluator.rounds import catalogue
from evaluator.rounds.catalogue_forms import CategoryForm, CriterionForm
from evaluator.rounds.models import Category, Criterion, Round

bp = Blueprint("round_catalogue", __name__, url_prefix="/admin/rounds/<int:round_id>/categories")

DIRECTIONS = {"up": -1, "down": 1}


# Loading and checking -------------------------------------------------------------------------


def _load_round(round_id: int) -> Round:
    round_ = load_or_404(Round, round_id)
    require(catalogue.can_view_catalogue(current_user, round_))
    return round_


def _load_category(round_id: int, category_id: int) -> Category:
    round_ = load_or_404(Round, round_id)
    category = load_or_404(Category, category_id)
    if category.round_id != round_.id:
        abort(404)
    require(catalogue.can_view_catalogue(current_user, round_))
    return category


def _load_criterion(round_id: int, category_id: int, criterion_id: int) -> Criterion:
    category = _load_category(round_id, category_id)
    criterion = load_or_404(Criterion, criterion_id)
    if criterion.category_id != category.id:
        abort(404)
    return criterion


def _to_catalogue(round_id: int) -> Response:
    return redirect(url_for(".index", round_id=round_id))


def _refused(round_: Round) -> Response | None:
    """Send the admin back with the reason when the round's catalogue is fixed."""
    if catalogue.can_edit_catalogue(current_user, round_):
        return None
    flash(catalogue.locked_reason(round_) or _("You cannot change this round's categories."), "danger")
    return _to_catalogue(round_.id)


def _one_button_direction() -> int:
    """A one-button POST: a valid CSRF token and, for moves, ``direction`` up or down."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    direction = DIRECTIONS.get(request.form.get("direction", ""))
    if direction is None:
        abort(400)
    return direction


def _one_button() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _apply_field_error(form: CategoryForm | CriterionForm, error: DomainError) -> None:
    if isinstance(error, catalogue.InvalidWeight) and isinstance(form, CriterionForm):
        form.weight.errors.append(error.message)
    else:  # NameTaken, InvalidName
        form.name.errors.append(error.message)


def _save_form(round_id: int, form: CategoryForm | CriterionForm, save, success):  # type: ignore[no-untyped-def]
    """Run ``save()`` for a submitted, valid form and answer with the catalogue page.

    None means: show the form (again) — not submitted, invalid, or a field-level refusal.
    ``success(saved)`` gives the flash message for what ``save()`` returned.
    """
    if not form.validate_on_submit():
        return None
    try:
        saved = save()
    except NotAllowed as error:
        db.session.rollback()
        flash(error.message, "danger")
        return _to_catalogue(round_id)
    except DomainError as error:
        db.session.rollback()
        _apply_field_error(form, error)
        return None
    db.session.commit()
    flash(success(saved), "success")
    return _to_catalogue(round_id)


def _act(round_id: int, action) -> Response:  # type: ignore[no-untyped-def]
    """Run a one-button action; it returns the (message, category) to flash after the commit."""
    try:
        message, kind = action()
    except NotAllowed as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(message, kind)
    return _to_catalogue(round_id)


def _moved(moved: bool, what: str) -> tuple[str, str]:
    if moved:
        return _("“%(name)s” has been moved.", name=what), "success"
    return _("“%(name)s” is already at that end.", name=what), "info"


def _render_form(round_: Round, form: CategoryForm | CriterionForm, *, heading: str, **context):  # type: ignore[no-untyped-def]
    return render_template(
        "admin/rounds/catalogue/form.html", round_=round_, form=form, heading=heading, **context
    )


# The catalogue page ---------------------------------------------------------------------------


@bp.route("/")
@permission_required(catalogue.can_manage_catalogues)
def index(round_id: int):  # type: ignore[no-untyped-def]
    round_ = _load_round(round_id)
    return render_template(
        "admin/rounds/catalogue/index.html",
        round_=round_,
        categories=catalogue.catalogue_of(db.session, round_),
        editable=catalogue.can_edit_catalogue(current_user, round_),
        action_form=EmptyForm(),
    )


# Categories -----------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@permission_required(catalogue.can_manage_catalogues)
def create_category(round_id: int):  # type: ignore[no-untyped-def]
    round_ = _load_round(round_id)
    if (refusal := _refused(round_)) is not None:
        return refusal
    form = CategoryForm()
    saved = _save_form(
        round_id,
        form,
        lambda: catalogue.add_category(
            db.session, round_, actor=current_user, name=form.name.data, description=form.description.data
        ),
        lambda category: _("The category “%(name)s” has been added.", name=category.name),
    )
    if saved is not None:
        return saved
    return _render_form(round_, form, heading=_("New category"))


@bp.route("/<int:category_id>/edit", methods=["GET", "POST"])
@permission_required(catalogue.can_manage_catalogues)
def edit_category(round_id: int, category_id: int):  # type: ignore[no-untyped-def]
    category = _load_category(round_id, category_id)
    round_ = category.round
    if (refusal := _refused(round_)) is not None:
        return refusal
    form = CategoryForm(obj=category)
    saved = _save_form(
        round_id,
        form,
        lambda: catalogue.update_category(
            db.session, category, actor=current_user, name=form.name.data, description=form.description.data
        ),
        lambda _result: _("The category “%(name)s” has been saved.", name=category.name),
    )
    if saved is not None:
        return saved
    return _render_form(
        round_, form, heading=_("Edit category “%(name)s”", name=category.name), category=category
    )


@bp.route("/<int:category_id>/delete", methods=["POST"])
@permission_required(catalogue.can_manage_catalogues)
def delete_category(round_id: int, category_id: int):  # type: ignore[no-untyped-def]
    category = _load_category(round_id, category_id)
    _one_button()
    name = category.name

    def delete():  # type: ignore[no-untyped-def]
        catalogue.delete_category(db.session, category, actor=current_user)
        return _("The category “%(name)s” and its criteria have been deleted.", name=name), "success"

    return _act(round_id, delete)


@bp.route("/<int:category_id>/move", methods=["POST"])
@permission_required(catalogue.can_manage_catalogues)
def move_category(round_id: int, category_id: int):  # type: ignore[no-untyped-def]
    category = _load_category(round_id, category_id)
    direction = _one_button_direction()
    return _act(
        round_id,
        lambda: _moved(
            catalogue.move_category(db.session, category, actor=current_user, direction=direction),
            category.name,
        ),
    )


# Criteria -------------------------------------------------------------------------------------


@bp.route("/<int:category_id>/criteria/new", methods=["GET", "POST"])
@permission_required(catalogue.can_manage_catalogues)
def create_criterion(round_id: int, category_id: int):  # type: ignore[no-untyped-def]
    category = _load_category(round_id, category_id)
    round_ = category.round
    if (refusal := _refused(round_)) is not None:
        return refusal
    form = CriterionForm()
    saved = _save_form(
        round_id,
        form,
        lambda: catalogue.add_criterion(
            db.session,
            category,
            actor=current_user,
            name=form.name.data,
            guidance=form.guidance.data,
            weight=form.weight.data,
        ),
        lambda criterion: _("The criterion “%(name)s” has been added.", name=criterion.name),
    )
    if saved is not None:
        return saved
    return _render_form(
        round_, form, heading=_("New criterion in “%(name)s”", name=category.name), category=category
    )


@bp.route("/<int:category_id>/criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
@permission_required(catalogue.can_manage_catalogues)
def edit_criterion(round_id: int, category_id: int, criterion_id: int):  # type: ignore[no-untyped-def]
    criterion = _load_criterion(round_id, category_id, criterion_id)
    category = criterion.category
    round_ = category.round
    if (refusal := _refused(round_)) is not None:
        return refusal
    form = CriterionForm(obj=criterion)
    saved = _save_form(
        round_id,
        form,
        lambda: catalogue.update_criterion(
            db.session,
            criterion,
            actor=current_user,
            name=form.name.data,
            guidance=form.guidance.data,
            weight=form.weight.data,
        ),
        lambda _result: _("The criterion “%(name)s” has been saved.", name=criterion.name),
    )
    if saved is not None:
        return saved
    return _render_form(
        round_,
        form,
        heading=_("Edit criterion “%(name)s”", name=criterion.name),
        category=category,
        criterion=criterion,
    )


@bp.route("/<int:category_id>/criteria/<int:criterion_id>/delete", methods=["POST"])
@permission_required(catalogue.can_manage_catalogues)
def delete_criterion(round_id: int, category_id: int, criterion_id: int):  # type: ignore[no-untyped-def]
    criterion = _load_criterion(round_id, category_id, criterion_id)
    _one_button()
    name = criterion.name

    def delete():  # type: ignore[no-untyped-def]
        catalogue.delete_criterion(db.session, criterion, actor=current_user)
        return _("The criterion “%(name)s” has been deleted.", name=name), "success"

    return _act(round_id, delete)


@bp.route("/<int:category_id>/criteria/<int:criterion_id>/move", methods=["POST"])
@permission_required(catalogue.can_manage_catalogues)
def move_criterion(round_id: int, category_id: int, criterion_id: int):  # type: ignore[no-untyped-def]
    criterion = _load_criterion(round_id, category_id, criterion_id)
    direction = _one_button_direction()
    return _act(
        round_id,
        lambda: _moved(
            catalogue.move_criterion(db.session, criterion, actor=current_user, direction=direction),
            criterion.name,
        ),
    )
