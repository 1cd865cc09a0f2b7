"""Logging in and out, and a person's own account page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from evaluator.accounts import operations
from evaluator.accounts.forms import ChangePasswordForm, LoginForm
from evaluator.core.errors import NotAllowed
from evaluator.core.forms import EmptyForm
from evaluator.core.urls import is_local_path
from evaluator.extensions import db, limiter
from evaluator.i18n import _

bp = Blueprint("accounts", __name__)


def _failed_login(_response: object) -> bool:
    # Only failed attempts count towards the limits, so a colleague's good login never blocks.
    return bool(g.get("login_failed"))


def _account_key() -> str:
    return "login-account:" + operations.normalise_email(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_CLIENT"], methods=["POST"], deduct_when=_failed_login
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=_failed_login,
)
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = operations.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            session.clear()  # no pre-login session data survives into the logged-in one
            login_user(user)
            target = form.next.data
            return redirect(target if is_local_path(target) else url_for("main.dashboard"))
        g.login_failed = True
        # One message for an unknown address and a wrong password: nothing to learn from it.
        form.password.errors.append(_("E-mail or password is not correct."))
    elif request.method == "POST":
        g.login_failed = True
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():  # type: ignore[no-untyped-def]
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        session.clear()
        flash(_("You have logged out."), "success")
    return redirect(url_for("public.lighthouses"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():  # type: ignore[no-untyped-def]
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            operations.change_own_password(
                db.session,
                current_user,
                current_password=form.current_password.data,
                new_password=form.new_password.data,
            )
        except NotAllowed as error:
            form.current_password.errors.append(error.message)
        else:
            db.session.commit()
            login_user(
                current_user._get_current_object()
            )  # the session token changed: renew this session's cookie
            flash(_("Your password has been changed. Your other sessions have been logged out."), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("accounts/change_password.html", form=form)
