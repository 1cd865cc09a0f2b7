"""Logging in and out, a person's own account page, and the invitation and reset links."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user
from werkzeug.wrappers import Response

from evaluator.accounts import operations
from evaluator.accounts.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, NewPasswordForm
from evaluator.accounts.login import end_session, start_session
from evaluator.accounts.tokens import LinkExpired, LinkInvalid, LinkPurpose, user_for_token
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
            start_session(user)  # no pre-login session data but the language survives
            db.session.commit()
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
        # Nobody may be logged in (an old tab): then there is no account to ask.
        language = session.get("language") or getattr(current_user, "preferred_language", None)
        end_session()
        db.session.commit()
        if language:
            session["language"] = language  # the page after logging out stays in the person's language
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


# Forgotten passwords, invitation and reset links ---------------------------------------------


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT_PER_CLIENT"], methods=["POST"])
def forgot_password():  # type: ignore[no-untyped-def]
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        operations.request_password_reset(
            db.session, form.email.data, mails_per_hour=current_app.config["PASSWORD_RESET_MAILS_PER_HOUR"]
        )
        db.session.commit()
        # The same answer whether or not the address has an (active) account.
        flash(
            _(
                "If an account uses %(email)s, a link to set a new password is on its way to it. "
                "The link works for one hour.",
                email=operations.normalise_email(form.email.data),
            ),
            "info",
        )
        return redirect(url_for(".login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/accept/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):  # type: ignore[no-untyped-def]
    return _set_password_by_link(token, LinkPurpose.INVITATION)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):  # type: ignore[no-untyped-def]
    return _set_password_by_link(token, LinkPurpose.RESET)


def _private(response: Response) -> Response:
    # The address holds a secret: keep it out of caches and of other sites' logs.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _set_password_by_link(token: str, purpose: LinkPurpose) -> Response:
    try:
        user = user_for_token(db.session, token, purpose, lock=request.method == "POST")
    except (LinkInvalid, LinkExpired) as error:
        db.session.rollback()
        expired = isinstance(error, LinkExpired)
        page = render_template("accounts/link_refused.html", expired=expired, purpose=purpose)
        return _private(make_response(page, 410 if expired else 400))
    form = NewPasswordForm()
    if form.validate_on_submit():
        accepting = purpose is LinkPurpose.INVITATION
        operations.set_password_from_link(
            db.session, user, accepting_invitation=accepting, new_password=form.new_password.data
        )
        start_session(user)
        db.session.commit()
        if accepting:
            flash(_("Welcome, %(name)s! Your password has been set.", name=user.display_name), "success")
        else:
            flash(_("Your new password has been set. Your other sessions have been logged out."), "success")
        return _private(redirect(url_for("main.dashboard")))
    page = render_template("accounts/set_password.html", form=form, person=user, purpose=purpose)
    return _private(make_response(page))
