"""Two people save the same nomination at once: the second save is refused, the first is kept whole.

Each person works in a session of their own on the test database, as two requests of two app
workers would; the data is committed so that both sessions see it.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import SAWarning
from sqlalchemy.orm.exc import StaleDataError

from evaluator.accounts.models import Role, User
from evaluator.core.clock import frozen_at
from evaluator.extensions import db
from evaluator.nominations import operations
from evaluator.nominations.models import Nomination
from evaluator.nominations.operations import NominationInput, StaleVersion
from evaluator.rounds.models import RoundPhase
from tests.support.factories import make_round, make_unit, make_user

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ORIGINAL_TITLE = "Dresden–Trento Water Partnership"
ORIGINAL_PARTNERS = [("University of Trento", "Italy")]
# The version check of the operation (StaleVersion) or the row's version column at flush
# (StaleDataError) may catch the second save; the view turns either into the same message.
REFUSED = (StaleVersion, StaleDataError)


@pytest.fixture(autouse=True)
def _pinned_clock():  # type: ignore[no-untyped-def]
    with frozen_at(NOW):
        yield


@dataclass(frozen=True)
class Stored:
    nomination_id: int
    coordinator_id: int
    category_id: int
    unit_id: int


@pytest.fixture()
def stored(app) -> Stored:  # type: ignore[no-untyped-def]
    """A complete draft of a nominating round, committed."""
    session = db.session
    unit = make_unit(session, "Institute of Hydrology")
    coordinator = make_user(session, Role.COORDINATOR, units=[unit])
    round_ = make_round(
        session, 2026, phase=RoundPhase.NOMINATING, nomination_deadline=NOW + timedelta(days=21)
    )
    nomination = operations.create_draft(
        session, round_, actor=coordinator, data=_input(round_.categories[0].id, unit.id, ORIGINAL_TITLE)
    )
    result = Stored(nomination.id, coordinator.id, round_.categories[0].id, unit.id)
    session.commit()
    return result


def _input(category_id: int, unit_id: int, title: str, partners: Any = None) -> NominationInput:
    return NominationInput(
        title=title,
        category_id=category_id,
        org_unit_id=unit_id,
        summary="Joint research and exchange on alpine water resources.",
        description="Field sites and doctoral supervision, shared since 2015.",
        start_year=2015,
        head_support_confirmed=True,
        partners=list(partners or ORIGINAL_PARTNERS),
        contacts=[{"name": "Ada Example", "role": "Coordinator", "email": "ada@example.org", "phone": None}],
    )


# What each of the two people changes: either the title or only the list of partners.
EDITS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "title": (
        {"title": "Title from the first person"},
        {"title": "Title from the second person"},
    ),
    "partners_only": (
        {"title": ORIGINAL_TITLE, "partners": [*ORIGINAL_PARTNERS, ("University of Innsbruck", "Austria")]},
        {"title": ORIGINAL_TITLE, "partners": [("University of Bologna", "Italy")]},
    ),
}


def _load(session: sa.orm.Session, stored: Stored) -> tuple[Nomination, User]:
    """What a request showing the form loads: the nomination with its lists, and the person."""
    nomination = session.get(Nomination, stored.nomination_id)
    assert nomination is not None
    _ = (list(nomination.partners), list(nomination.contacts), nomination.round.phase)
    return nomination, session.get(User, stored.coordinator_id)


def _save(
    session: sa.orm.Session, nomination: Nomination, actor: User, stored: Stored, edit: dict[str, Any]
) -> None:
    """The save of one person: the operation and the commit of the request."""
    data = _input(stored.category_id, stored.unit_id, edit["title"], edit.get("partners"))
    operations.update(session, nomination, actor=actor, data=data, expected_version=nomination.version)
    session.commit()


@contextmanager
def _warnings_as_in_production() -> Iterator[None]:
    """Outside the tests SQLAlchemy only warns when a row it meant to delete is already gone.

    The test configuration turns that warning into an error, which would refuse a save that
    production accepts; these tests must see what production would store. (Set once around
    both people: the warning filters are shared by all threads.)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


def _stored_content(stored: Stored) -> tuple[str, int, list[tuple[str, str]]]:
    with sa.orm.Session(db.engine) as fresh:
        nomination = fresh.get(Nomination, stored.nomination_id)
        assert nomination is not None
        return (
            nomination.title,
            nomination.version,
            [(p.institution, p.country) for p in nomination.partners],
        )


def _expected_content(edit: dict[str, Any], version: int) -> tuple[str, int, list[tuple[str, str]]]:
    return edit["title"], version, list(edit.get("partners") or ORIGINAL_PARTNERS)


@pytest.mark.parametrize("what", list(EDITS))
def test_the_second_of_two_saves_of_the_same_version_is_refused_and_the_first_is_kept(
    stored: Stored, what: str
) -> None:
    first_edit, second_edit = EDITS[what]
    s1 = sa.orm.Session(db.engine)
    s2 = sa.orm.Session(db.engine)
    try:
        first, first_actor = _load(s1, stored)
        second, second_actor = _load(s2, stored)
        loaded_version = first.version
        assert second.version == loaded_version

        with _warnings_as_in_production():
            _save(s1, first, first_actor, stored, first_edit)
            with pytest.raises(REFUSED):
                _save(s2, second, second_actor, stored, second_edit)
        s2.rollback()
    finally:
        s1.close()
        s2.close()

    assert _stored_content(stored) == _expected_content(first_edit, loaded_version + 1)


@pytest.mark.parametrize("what", list(EDITS))
def test_of_two_simultaneous_saves_exactly_one_wins_and_is_kept_whole(stored: Stored, what: str) -> None:
    engine = db.engine
    both_loaded = threading.Barrier(2, timeout=10)
    outcomes: dict[int, str | BaseException] = {}
    loaded_versions: dict[int, int] = {}

    def person(index: int) -> None:
        with sa.orm.Session(engine) as session:
            try:
                nomination, actor = _load(session, stored)
                loaded_versions[index] = nomination.version
                both_loaded.wait()
                _save(session, nomination, actor, stored, EDITS[what][index])
                outcomes[index] = "saved"
            except BaseException as error:  # reported to the test below
                session.rollback()
                outcomes[index] = error

    threads = [threading.Thread(target=person, args=(index,)) for index in (0, 1)]
    with _warnings_as_in_production():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    winners = [index for index, outcome in outcomes.items() if outcome == "saved"]
    losers = [outcome for outcome in outcomes.values() if outcome != "saved"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], REFUSED), outcomes
    assert loaded_versions[0] == loaded_versions[1]
    assert _stored_content(stored) == _expected_content(EDITS[what][winners[0]], loaded_versions[0] + 1)
