"""Admin pages: list, create, invite and edit users, assign roles and units, (de)activate."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from evaluator.accounts import operations, permissions
from evaluator.accounts.forms import ROLE_LABELS, InviteForm, NewUserForm, SetPasswordForm, UserForm
from evaluator.accounts.models import Role, User
from evaluator.accounts.queries import list_users
from evaluator.core.access import load_or_404, permission_required, require
from evaluator.core.errors import DomainError
from evaluator.core.forms import EmptyForm
from evaluator.core.urls import search_text
from evaluator.extensions import db
from evaluator.i18n import _
from evaluator.orgunits.queries import unit_choices, units_by_ids

bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")


def _with_unit_choices(form: UserForm) -> UserForm:
    standalone = _("Central units and centres")
    choices = [
        SelectChoice(unit_id, label, optgroup=group or standalone)
        for unit_id, label, group in unit_choices(db.session)
    ]
    form.coordinated_units.choices = choices
    form.affiliations.choices = choices
    return form


def _filled_user_form(user: User) -> UserForm:
    """The user form showing the stored account (not whatever else this request posted)."""
    form = _with_unit_choices(UserForm(formdata=None, obj=user))
    form.roles.data = [r.value for r in user.roles]
    form.coordinated_units.data = [u.id for u in user.coordinated_units]
    form.affiliations.data = [u.id for u in user.affiliations]
    return form


def _apply_field_error(form: UserForm, error: DomainError) -> None:
    if isinstance(error, operations.EmailTaken):
        form.email.errors.append(error.message)
    elif isinstance(error, operations.CoordinatorNeedsUnit):
        form.coordinated_units.errors.append(error.message)
    else:
        form.roles.errors.append(error.message)


@bp.route("/")
@permission_required(permissions.can_manage_users)
def index():  # type: ignore[no-untyped-def]
    search = search_text(request.args.get("q"))
    role_value = request.args.get("role", "")
    role = Role(role_value) if role_value in {r.value for r in Role} else None
    users = list_users(db.session, search=search, role=role)
    return render_template(
        "admin/users/index.html",
        users=users,
        search=search,
        role=role,
        role_labels=ROLE_LABELS,
        action_form=EmptyForm(),
    )


def _account_fields(form) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What the new-user and invitation forms both ask: address, name, roles and units."""
    return {
        "email": form.email.data,
        "display_name": form.display_name.data,
        "roles": {Role(r) for r in form.roles.data},
        "coordinated_units": units_by_ids(db.session, form.coordinated_units.data),
        "affiliations": units_by_ids(db.session, form.affiliations.data),
    }


@bp.route("/new", methods=["GET", "POST"])
@permission_required(permissions.can_manage_users)
def create():  # type: ignore[no-untyped-def]
    form = _with_unit_choices(NewUserForm())
    if form.validate_on_submit():
        try:
            user = operations.create_user(
                db.session,
                actor=current_user,
                password=form.password.data,
                **_account_fields(form),
            )
        except DomainError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        else:
            db.session.commit()
            flash(_("The account of %(name)s has been created.", name=user.display_name), "success")
            return redirect(url_for(".index"))
    return render_template("admin/users/form.html", form=form, user=None)


@bp.route("/invite", methods=["GET", "POST"])
@permission_required(permissions.can_manage_users)
def invite():  # type: ignore[no-untyped-def]
    form = _with_unit_choices(InviteForm())
    if form.validate_on_submit():
        try:
            user = operations.invite_user(
                db.session,
                actor=current_user,
                **_account_fields(form),
            )
        except DomainError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s has been invited; the invitation is on its way to %(email)s.",
                    name=user.display_name,
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for(".index"))
    return render_template("admin/users/form.html", form=form, user=None, inviting=True)


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required(permissions.can_manage_users)
def edit(user_id: int):  # type: ignore[no-untyped-def]
    user = load_or_404(User, user_id)
    require(permissions.can_edit_user(current_user, user))
    form = _filled_user_form(user) if request.method == "GET" else _with_unit_choices(UserForm())
    if form.validate_on_submit():
        try:
            operations.update_user(
                db.session,
                user,
                actor=current_user,
                **_account_fields(form),
            )
        except DomainError as error:
            db.session.rollback()
            _apply_field_error(form, error)
        else:
            db.session.commit()
            flash(_("The account of %(name)s has been saved.", name=user.display_name), "success")
            return redirect(url_for(".index"))
    return render_template(
        "admin/users/form.html",
        form=form,
        user=user,
        password_form=SetPasswordForm(),
        action_form=EmptyForm(),
        can_change_active=permissions.can_change_active(current_user, user),
        can_resend_invitation=permissions.can_resend_invitation(current_user, user),
    )


@bp.route("/<int:user_id>/password", methods=["POST"])
@permission_required(permissions.can_manage_users)
def set_password(user_id: int):  # type: ignore[no-untyped-def]
    user = load_or_404(User, user_id)
    require(permissions.can_edit_user(current_user, user))
    form = SetPasswordForm()
    if form.validate_on_submit():
        operations.set_password(db.session, user, actor=current_user, new_password=form.new_password.data)
        db.session.commit()
        flash(_("A new password has been set for %(name)s.", name=user.display_name), "success")
        return redirect(url_for(".edit", user_id=user.id))
    return render_template(
        "admin/users/form.html",
        form=_filled_user_form(user),
        user=user,
        password_form=form,
        action_form=EmptyForm(),
        can_change_active=permissions.can_change_active(current_user, user),
        can_resend_invitation=permissions.can_resend_invitation(current_user, user),
    )


@bp.route("/<int:user_id>/active", methods=["POST"])
@permission_required(permissions.can_manage_users)
def set_active(user_id: int):  # type: ignore[no-untyped-def]
    user = load_or_404(User, user_id)
    require(permissions.can_change_active(current_user, user))
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    activate = request.form.get("active") == "1"
    operations.set_active(db.session, user, actor=current_user, active=activate)
    db.session.commit()
    if activate:
        flash(_("%(name)s can log in again.", name=user.display_name), "success")
    else:
        flash(_("%(name)s has been deactivated and logged out.", name=user.display_name), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:user_id>/invitation", methods=["POST"])
@permission_required(permissions.can_manage_users)
def resend_invitation(user_id: int):  # type: ignore[no-untyped-def]
    user = load_or_404(User, user_id)
    require(permissions.can_resend_invitation(current_user, user))
    if not EmptyForm().validate_on_submit():
        abort(400)
    operations.resend_invitation(db.session, user, actor=current_user)
    db.session.commit()
    flash(
        _("A new invitation is on its way to %(email)s; earlier links no longer work.", email=user.email),
        "success",
    )
    return redirect(url_for(".edit", user_id=user.id))
