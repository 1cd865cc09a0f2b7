from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from evaluator.accounts.models import Role
from evaluator.core.forms import AppForm, MultiCheckboxField, strong_password
from evaluator.i18n import _l

ROLE_LABELS = {
    Role.ADMIN: _l("Admin"),
    Role.CHAIR: _l("Commission chair"),
    Role.MEMBER: _l("Commission member"),
    Role.COORDINATOR: _l("Faculty coordinator"),
}


class LoginForm(AppForm):
    email = EmailField(
        _l("E-mail"),
        validators=[InputRequired(), Length(max=254)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class UserForm(AppForm):
    email = EmailField(_l("E-mail"), validators=[InputRequired(), Email(), Length(max=254)])
    display_name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    roles = MultiCheckboxField(
        _l("Roles"),
        choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
        description=_l("A chair is also a commission member."),
    )
    coordinated_units = SelectMultipleField(
        _l("Coordinates these units"),
        coerce=int,
        description=_l("Coordinators nominate initiatives of these units. Hold Ctrl or ⌘ to pick several."),
        render_kw={"size": 8},
    )
    affiliations = SelectMultipleField(
        _l("Belongs to these units"),
        coerce=int,
        validators=[Optional()],
        description=_l("Commission members are kept out of reviewing nominations of these units."),
        render_kw={"size": 8},
    )
    submit = SubmitField(_l("Save"))

    def validate_coordinated_units(self, field) -> None:  # type: ignore[no-untyped-def]
        from wtforms import ValidationError

        from evaluator.i18n import _

        if Role.COORDINATOR.value in (self.roles.data or []) and not field.data:
            raise ValidationError(_("Choose at least one unit for a coordinator."))


class NewUserForm(UserForm):
    password = PasswordField(
        _l("Initial password"),
        validators=[InputRequired(), strong_password, Length(max=1024)],
        description=_l("Tell the person this password; they can change it after logging in."),
        render_kw={"autocomplete": "new-password"},
    )


class InviteForm(UserForm):
    submit = SubmitField(_l("Send invitation"))


class ForgotPasswordForm(AppForm):
    email = EmailField(
        _l("E-mail"),
        validators=[InputRequired(), Email(), Length(max=254)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description=_l("The address your account uses."),
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    submit = SubmitField(_l("Send me a link"))


class NewPasswordForm(AppForm):
    """Choosing a password from an invitation or reset link."""

    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(), strong_password, Length(max=1024)],
        render_kw={"autocomplete": "new-password", "autofocus": True},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired(), EqualTo("new_password", _l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Set password and log in"))


class ChangePasswordForm(AppForm):
    current_password = PasswordField(
        _l("Current password"), validators=[InputRequired()], render_kw={"autocomplete": "current-password"}
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(), strong_password, Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired(), EqualTo("new_password", _l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Change password"))


class SetPasswordForm(AppForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(), strong_password, Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Set password"))
