"""Shared form pieces."""

from __future__ import annotations

import math
from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, SelectMultipleField, ValidationError
from wtforms import validators as wtf_validators
from wtforms.widgets import CheckboxInput, ListWidget

from evaluator.i18n import _

NUL = "\x00"


def _refuse_nul(fields: Any) -> bool:
    """Put the message next to every field whose input holds a NUL character, inside lists of
    rows and sub-forms too (a list's errors are gathered from its rows, so they are gathered
    again). True when there was one."""
    found = False
    for field in fields:
        if isinstance(field, FieldList):
            if _refuse_nul(field.entries):
                field.errors = [entry.errors for entry in field.entries]
                found = True
        elif isinstance(field, FormField):
            found = _refuse_nul(field.form) or found
        elif any(isinstance(value, str) and NUL in value for value in field.raw_data or ()):
            field.errors = [*list(field.errors), _("Remove the null character (U+0000) from this text.")]
            found = True
    return found


class AppForm(FlaskForm):
    """The base of every form: text with a NUL character is refused next to its field.

    No value of ours can hold one, PostgreSQL refuses it in any text, and it is invisible, so the
    person is told where it is rather than shown an error page.
    """

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return not _refuse_nul(self) and valid


class EmptyForm(AppForm):
    """A one-button POST: only the CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes for a short list of choices (roles)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NumberRange(wtf_validators.NumberRange):
    """WTForms' NumberRange, also for a whole number too large for a float (typed 400 digits
    long), on which WTForms' own check stops with an OverflowError instead of an error message."""

    def __call__(self, form: Any, field: Any) -> None:
        data = field.data
        if isinstance(data, int) and not -(2**63) <= data < 2**63:
            field.data = math.inf if data > 0 else -math.inf
            try:
                super().__call__(form, field)
            finally:
                field.data = data
            return
        super().__call__(form, field)


def years(first: int, last: int):  # type: ignore[no-untyped-def]
    """A date (or moment) within the years ``first`` to ``last``. Time zones cannot take a moment
    of the year 1 or 9999 to UTC and back: it would fall off the calendar, an error, not a message."""

    def check(form: FlaskForm, field) -> None:  # type: ignore[no-untyped-def]
        if field.data is not None and not first <= field.data.year <= last:
            raise ValidationError(
                _("Enter a date between the years %(first)d and %(last)d.", first=first, last=last)
            )

    return check


def strong_password(form: FlaskForm, field) -> None:  # type: ignore[no-untyped-def]
    minimum = current_app.config["MIN_PASSWORD_LENGTH"]
    if field.data and len(field.data) < minimum:
        raise ValidationError(_("Use at least %(n)d characters.", n=minimum))
