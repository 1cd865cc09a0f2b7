"""Shared form pieces."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from evaluator.i18n import _


class EmptyForm(FlaskForm):
    """A one-button POST: only the CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes for a short list of choices (roles)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def strong_password(form: FlaskForm, field) -> None:  # type: ignore[no-untyped-def]
    minimum = current_app.config["MIN_PASSWORD_LENGTH"]
    if field.data and len(field.data) < minimum:
        raise ValidationError(_("Use at least %(n)d characters.", n=minimum))
