"""Forms for a round's categories and criteria. They shape input; the operations decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from wtforms import DecimalField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length

from evaluator.core.forms import AppForm
from evaluator.i18n import _, _l
from evaluator.rounds.catalogue import NAME_MAX, WEIGHT_MAX

TEXT_MAX = 2000


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def weight_in_range(form: AppForm, field: DecimalField) -> None:
    value: Decimal | None = field.data
    if value is None:  # not a number: the field already says so
        return
    if not value.is_finite():
        raise ValidationError(_("Enter a number such as 1 or 2.5."))
    if value <= 0:
        raise ValidationError(_("The weight must be above 0."))
    if value > WEIGHT_MAX:
        raise ValidationError(_("The weight must be at most %(max)d.", max=WEIGHT_MAX))


class CategoryForm(AppForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=NAME_MAX)],
        filters=[_strip],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=TEXT_MAX)],
        filters=[_strip],
        description=_l("Shown to coordinators when they choose the category of a nomination."),
        render_kw={"rows": 4},
    )
    submit = SubmitField(_l("Save"))


class CriterionForm(AppForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=NAME_MAX)],
        filters=[_strip],
    )
    guidance = TextAreaField(
        _l("Guidance"),
        validators=[Length(max=TEXT_MAX)],
        filters=[_strip],
        description=_l("What commission members look for when they score this criterion from 0 to 5."),
        render_kw={"rows": 4},
    )
    weight = DecimalField(
        _l("Weight"),
        places=None,
        validators=[InputRequired(), weight_in_range],
        description=_l("Above 0 and at most 100; the weighted score divides by the sum of the weights."),
    )
    submit = SubmitField(_l("Save"))
