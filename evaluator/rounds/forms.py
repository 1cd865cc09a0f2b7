from __future__ import annotations

from wtforms import BooleanField, DateTimeLocalField, IntegerField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from evaluator.core.forms import AppForm, NumberRange, years
from evaluator.i18n import _l


class NewRoundForm(AppForm):
    name = StringField(
        _l("Name"),
        validators=[InputRequired(), Length(max=120)],
        description=_l("For example “2026 selection”."),
    )
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2200)])
    submit = SubmitField(_l("Create round"))


class DeadlinesForm(AppForm):
    nomination_deadline = DateTimeLocalField(
        _l("Nomination deadline"),
        validators=[Optional(), years(2000, 2200)],
        format="%Y-%m-%dT%H:%M",
        description=_l("Berlin time. Nominations must be submitted before this moment."),
    )
    review_deadline = DateTimeLocalField(
        _l("Review deadline"),
        validators=[Optional(), years(2000, 2200)],
        format="%Y-%m-%dT%H:%M",
        description=_l("Berlin time."),
    )
    voting_deadline = DateTimeLocalField(
        _l("Voting deadline"),
        validators=[Optional(), years(2000, 2200)],
        format="%Y-%m-%dT%H:%M",
        description=_l("Berlin time."),
    )
    submit = SubmitField(_l("Save deadlines"))


class ExtendDeadlineForm(AppForm):
    new_deadline = DateTimeLocalField(
        _l("New deadline"),
        validators=[InputRequired(), years(2000, 2200)],
        format="%Y-%m-%dT%H:%M",
        description=_l("Berlin time. Only a later moment than the current one."),
    )
    submit = SubmitField(_l("Extend deadline"))


class AdvanceForm(AppForm):
    confirm_warnings = BooleanField(_l("I have read the warnings above and want to go ahead."))
    submit = SubmitField(_l("Move to the next phase"))
