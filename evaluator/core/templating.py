"""Template globals and filters: dates in Berlin time, labels for enum values, permissions."""

from __future__ import annotations

import functools
from datetime import datetime
from urllib.parse import urlsplit

from babel.numbers import NumberPattern, parse_pattern
from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale

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


@functools.cache
def _pattern(pattern: str) -> NumberPattern:
    # Babel parses the pattern again on every call; a ranking formats hundreds of numbers.
    return parse_pattern(pattern)


def _number(value: float | None, digits: int = 2, signed: bool = False) -> str:
    """A score in the reader's locale ("3.70", German "3,70"), always with ``digits`` decimals."""
    if value is None:
        return "—"
    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(value, _pattern(f"+{pattern};-{pattern}" if signed else pattern))


def _weight(value: float) -> str:
    """A criterion's weight as short as it goes: 1, 1.5 (German 1,5)."""
    return format_decimal(value, _pattern("0.##"))


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
    app.jinja_env.filters["number"] = _number
    app.jinja_env.filters["weight"] = _weight
    app.jinja_env.globals.update(
        PHASE_LABELS=PHASE_LABELS,
        NOMINATION_STATE_LABELS=NOMINATION_STATE_LABELS,
        ELIGIBILITY_LABELS=ELIGIBILITY_LABELS,
        can_manage_users=permissions.can_manage_users,
        empty_form=EmptyForm,
        get_locale=get_locale,
    )
