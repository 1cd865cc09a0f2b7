"""Template globals and filters: dates in Berlin time, labels for enum values, permissions."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask
from flask_babel import format_date, format_datetime, get_locale

from evaluator.accounts import permissions
from evaluator.core.forms import EmptyForm
from evaluator.i18n import _l
from evaluator.nominations.models import Eligibility, NominationState
from evaluator.rounds.models import RoundPhase

PHASE_LABELS = {
    RoundPhase.DRAFT: _l("Draft"),
    RoundPhase.NOMINATING: _l("Nominating"),
    RoundPhase.REVIEWING: _l("Reviewing"),
    RoundPhase.VOTING: _l("Voting"),
    RoundPhase.DECIDING: _l("Deciding"),
    RoundPhase.PUBLISHED: _l("Published"),
    RoundPhase.ARCHIVED: _l("Archived"),
}
NOMINATION_STATE_LABELS = {
    NominationState.DRAFT: _l("Draft"),
    NominationState.SUBMITTED: _l("Submitted"),
    NominationState.WITHDRAWN: _l("Withdrawn"),
}
ELIGIBILITY_LABELS = {
    Eligibility.PENDING: _l("Eligibility not yet checked"),
    Eligibility.ELIGIBLE: _l("Eligible"),
    Eligibility.INELIGIBLE: _l("Not eligible"),
}


def _datetime(value: datetime | None, fmt: str = "medium") -> str:
    return format_datetime(value, fmt) if value else ""


def _date(value: datetime | None, fmt: str = "long") -> str:
    # format_date on an aware datetime converts to the Berlin time zone first.
    return format_date(value, fmt) if value else ""


def safe_url(value: str | None) -> str:
    """A link target only if it is an http(s) address; anything else becomes a harmless "#"."""
    if value and urlsplit(value).scheme in {"http", "https"}:
        return value
    return "#"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.filters["date"] = _date
    app.jinja_env.filters["safe_url"] = safe_url
    app.jinja_env.globals.update(
        PHASE_LABELS=PHASE_LABELS,
        NOMINATION_STATE_LABELS=NOMINATION_STATE_LABELS,
        ELIGIBILITY_LABELS=ELIGIBILITY_LABELS,
        can_manage_users=permissions.can_manage_users,
        empty_form=EmptyForm,
        get_locale=get_locale,
    )
