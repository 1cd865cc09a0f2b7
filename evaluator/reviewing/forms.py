"""Forms of the commission's review: the score sheet (built from the category's criteria),
conflict declarations, votes and decisions."""

from __future__ import annotations

from collections.abc import Sequence

from wtforms import HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from evaluator.core.forms import AppForm
from evaluator.i18n import _l
from evaluator.rounds.models import Criterion
from evaluator.voting.models import Outcome, VoteChoice

SCALE_CHOICES = [SelectChoice(v, str(v)) for v in range(Criterion.SCALE_MIN, Criterion.SCALE_MAX + 1)]
MAX_COMMENT = 5000
MAX_TEXT = 5000


def criterion_field_name(criterion_id: int) -> str:
    return f"criterion_{criterion_id}"


class SheetFormBase(AppForm):
    comment = TextAreaField(
        _l("Comment for the commission"),
        validators=[Optional(), Length(max=MAX_COMMENT)],
        description=_l(
            "Seen by other members once they have submitted their own sheet; never by coordinators."
        ),
    )
    version = HiddenField()
    save_draft = SubmitField(_l("Save draft"))
    submit_sheet = SubmitField(_l("Submit sheet"))


def sheet_form_class(criteria: Sequence[Criterion]) -> type[SheetFormBase]:
    """A form class with one 0–5 choice per criterion of the nomination's category."""
    fields = {
        criterion_field_name(c.id): RadioField(
            c.name,
            choices=SCALE_CHOICES,
            coerce=int,
            validators=[Optional()],
            description=c.guidance,
        )
        for c in criteria
    }
    return type("SheetForm", (SheetFormBase,), fields)


class DeclareConflictForm(AppForm):
    reason = TextAreaField(
        _l("Why are you conflicted?"),
        validators=[DataRequired(message=_l("Please give a reason.")), Length(max=MAX_TEXT)],
        description=_l("For example: you co-lead the initiative, or a close colleague does."),
    )
    declare = SubmitField(_l("Declare a conflict of interest"))


class SetConflictForm(AppForm):
    member = SelectField(_l("Commission member"), coerce=int, validators=[InputRequired()])
    nomination = SelectField(_l("Nomination"), coerce=int, validators=[InputRequired()])
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(message=_l("Please give a reason.")), Length(max=MAX_TEXT)]
    )
    set_conflict = SubmitField(_l("Record conflict"))


class ClearConflictForm(AppForm):
    reason = TextAreaField(
        _l("Why is it cleared?"),
        validators=[DataRequired(message=_l("Please give a reason.")), Length(max=MAX_TEXT)],
    )
    clear = SubmitField(_l("Clear conflict"))


VOTE_LABELS = {
    VoteChoice.AWARD: _l("Award"),
    VoteChoice.DO_NOT_AWARD: _l("Do not award"),
    VoteChoice.ABSTAIN: _l("Abstain"),
}
OUTCOME_LABELS = {Outcome.AWARDED: _l("Awarded"), Outcome.NOT_AWARDED: _l("Not awarded")}


class VoteForm(AppForm):
    choice = RadioField(
        _l("Your vote"),
        choices=[SelectChoice(str(k), v) for k, v in VOTE_LABELS.items()],
        validators=[InputRequired(message=_l("Choose award, do not award or abstain."))],
    )
    cast = SubmitField(_l("Save vote"))


class DecisionForm(AppForm):
    outcome = RadioField(
        _l("Decision"),
        choices=[SelectChoice(str(k), v) for k, v in OUTCOME_LABELS.items()],
        validators=[InputRequired(message=_l("Choose the decision."))],
    )
    rationale = TextAreaField(
        _l("Rationale"),
        validators=[Optional(), Length(max=MAX_TEXT)],
        description=_l(
            "Required when the decision differs from the vote, on a tie, or when the quorum was missed."
        ),
    )
    feedback = TextAreaField(
        _l("Feedback for the coordinator"),
        validators=[Optional(), Length(max=MAX_TEXT)],
        description=_l("Shown to the nominating unit's coordinators once the results are published."),
    )
    version = HiddenField()
    save = SubmitField(_l("Save decision"))
