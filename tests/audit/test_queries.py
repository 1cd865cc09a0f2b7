"""The audit log queries on a real database: filters, Berlin days, paging, choices, query counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from evaluator.accounts.models import Role
from evaluator.audit.models import AuditEvent
from evaluator.audit.queries import AuditFilter, filter_choices, search_events
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import BERLIN
from tests.audit import add_event, clear_log
from tests.support.factories import make_round, make_user
from tests.support.queries import counted_queries

A = AuditAction
JAN = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture()
def log(session):  # type: ignore[no-untyped-def]
    """Five events by two people and the system, in two rounds, a month apart each."""
    ada = make_user(session, Role.ADMIN, name="Ada Admin")
    bob = make_user(session, Role.ADMIN, name="Bob Admin")
    old = make_round(session, 2024)
    new = make_round(session, 2025)
    clear_log(session)
    events = {
        "created": add_event(session, A.ROUND_CREATE, at=JAN, actor=ada, object_id=old.id, round_id=old.id),
        "opened": add_event(
            session, A.ROUND_PHASE, at=JAN + timedelta(days=31), actor=bob, object_id=old.id, round_id=old.id
        ),
        "weighted": add_event(
            session,
            A.CRITERION_UPDATE,
            at=JAN + timedelta(days=59),
            actor=ada,
            object_type="criterion",
            object_id=9999,
            round_id=new.id,
        ),
        "invited": add_event(
            session, A.USER_CREATE, at=JAN + timedelta(days=90), object_type="user", object_id=bob.id
        ),
        "extended": add_event(
            session,
            A.ROUND_DEADLINE_EXTEND,
            at=JAN + timedelta(days=120),
            actor=bob,
            object_id=new.id,
            round_id=new.id,
        ),
    }
    session.commit()
    return {"ada": ada, "bob": bob, "old": old, "new": new, "events": events}


@pytest.fixture()
def found(log, session):  # type: ignore[no-untyped-def]
    names = {event.id: name for name, event in log["events"].items()}
    return lambda flt: [names[e.id] for e in search_events(session, flt, page=1).items]


def test_without_a_filter_every_event_comes_newest_first(found) -> None:
    assert found(AuditFilter()) == ["extended", "invited", "weighted", "opened", "created"]


@pytest.mark.parametrize(
    ("make_filter", "expected"),
    [
        (lambda log: AuditFilter(round_id=log["old"].id), ["opened", "created"]),
        (lambda log: AuditFilter(actor_id=log["bob"].id), ["extended", "opened"]),
        (lambda log: AuditFilter(object_type="round"), ["extended", "opened", "created"]),
        (lambda log: AuditFilter(object_type="round", object_id=log["old"].id), ["opened", "created"]),
        (lambda log: AuditFilter(object_id=9999), ["weighted"]),
        (lambda log: AuditFilter(action="round:phase"), ["opened"]),
        (lambda log: AuditFilter(action="round:"), ["extended", "opened", "created"]),
        (lambda log: AuditFilter(action="round"), []),
        (lambda log: AuditFilter(date_from=date(2025, 3, 1)), ["extended", "invited", "weighted"]),
        (lambda log: AuditFilter(date_to=date(2025, 2, 28)), ["opened", "created"]),
        (
            lambda log: AuditFilter(date_from=date(2025, 2, 10), date_to=date(2025, 4, 10)),
            ["invited", "weighted", "opened"],
        ),
        (lambda log: AuditFilter(round_id=log["new"].id, actor_id=log["bob"].id), ["extended"]),
    ],
    ids=[
        "round",
        "person",
        "object-type",
        "object",
        "object-id",
        "exact-action",
        "action-prefix",
        "action-without-colon-is-exact",
        "from",
        "to",
        "from-and-to",
        "round-and-person",
    ],
)
def test_each_filter_narrows_the_log_exactly(log, found, make_filter, expected) -> None:
    assert found(make_filter(log)) == expected


def test_an_action_prefix_takes_underscores_and_percent_signs_literally(session) -> None:
    session.add_all(
        [
            AuditEvent(action="abc:x", object_type="t", object_id=1, details={}, occurred_at=JAN),
            AuditEvent(action="a_c:y", object_type="t", object_id=2, details={}, occurred_at=JAN),
            AuditEvent(action="a%c:z", object_type="t", object_id=3, details={}, occurred_at=JAN),
        ]
    )
    session.flush()

    assert [e.action for e in search_events(session, AuditFilter(action="a_c:"), page=1).items] == ["a_c:y"]
    assert [e.action for e in search_events(session, AuditFilter(action="a%c:"), page=1).items] == ["a%c:z"]


def _berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN).astimezone(UTC)


def test_a_day_is_a_whole_day_in_berlin_even_when_the_clocks_change(session) -> None:
    # 30 March 2025: Berlin moves from UTC+1 to UTC+2 at 02:00.
    moments = {
        "evening before": _berlin(2025, 3, 29, 23, 30),
        "just after midnight": _berlin(2025, 3, 30, 0, 30),
        "late evening": _berlin(2025, 3, 30, 23, 30),
        "next day": _berlin(2025, 3, 31, 0, 30),
    }
    ids = {add_event(session, A.ROUND_PHASE, at=at).id: name for name, at in moments.items()}

    page = search_events(session, AuditFilter(date_from=date(2025, 3, 30), date_to=date(2025, 3, 30)), page=1)

    assert [ids[e.id] for e in page.items] == ["late evening", "just after midnight"]


def test_the_earliest_and_latest_dates_there_are_mean_no_bound(session) -> None:
    add_event(session, A.ROUND_PHASE, at=JAN)

    page = search_events(session, AuditFilter(date_from=date.min, date_to=date.max), page=1)

    assert page.total == 1


def test_pages_hold_fifty_events_and_the_last_one_the_rest(session) -> None:
    for minute in range(120):
        add_event(session, A.ROUND_PHASE, at=JAN + timedelta(minutes=minute), object_id=minute)

    first, third = (search_events(session, AuditFilter(), page=n) for n in (1, 3))

    assert (first.total, first.pages, len(first.items), len(third.items)) == (120, 3, 50, 20)
    assert [e.object_id for e in first.items] == list(range(119, 69, -1))
    assert [e.object_id for e in third.items] == list(range(19, -1, -1))
    assert (first.has_previous, first.has_next) == (False, True)
    assert (third.has_previous, third.has_next) == (True, False)


@pytest.mark.parametrize(("asked", "shown"), [(-1, 1), (0, 1), (99, 2)])
def test_a_page_outside_the_log_shows_the_nearest_page(session, asked, shown) -> None:
    for minute in range(60):
        add_event(session, A.ROUND_PHASE, at=JAN + timedelta(minutes=minute))

    assert search_events(session, AuditFilter(), page=asked).page == shown


def test_an_empty_log_has_one_empty_page(session) -> None:
    clear_log(session)

    page = search_events(session, AuditFilter(), page=1)

    assert (page.items, page.total, page.pages, page.has_next) == ([], 0, 1, False)


def test_events_at_the_same_moment_come_newest_recorded_first(session) -> None:
    first = add_event(session, A.ROUND_PHASE, at=JAN)
    second = add_event(session, A.ROUND_PHASE, at=JAN)

    assert [e.id for e in search_events(session, AuditFilter(), page=1).items] == [second.id, first.id]


def test_a_page_and_its_actors_take_two_queries(session) -> None:
    people = [make_user(session, Role.ADMIN) for _ in range(5)]
    for minute in range(60):
        add_event(session, A.ROUND_PHASE, at=JAN + timedelta(minutes=minute), actor=people[minute % 5])
    session.commit()
    expected_names = {p.display_name for p in people}
    session.expunge_all()

    with counted_queries() as statements:
        page = search_events(session, AuditFilter(), page=1)
        names = {e.actor.display_name for e in page.items if e.actor}

    assert len(statements) == 2
    assert names == expected_names


def test_the_choices_are_what_the_log_holds_and_every_round(log, session) -> None:
    ada, bob, old, new = (log[key].id for key in ("ada", "bob", "old", "new"))
    session.expunge_all()

    with counted_queries() as statements:
        choices = filter_choices(session)

    assert len(statements) == 4
    assert choices.actions == [
        "criterion:update",
        "round:create",
        "round:deadline:extend",
        "round:phase",
        "user:create",
    ]
    assert choices.object_types == ["criterion", "round", "user"]
    assert choices.actors == [(ada, "Ada Admin"), (bob, "Bob Admin")]
    assert choices.rounds == [(new, "2025 selection"), (old, "2024 selection")]
