"""The admin page that browses the audit log: who may open it, what it shows, filters and pages."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from evaluator.accounts.models import Role
from evaluator.audit.tags import AuditAction
from evaluator.audit.views import Change, action_options, describe_changes, page_window
from evaluator.core.clock import BERLIN
from tests.audit import add_event, clear_log
from tests.support.factories import PASSWORD, make_round, make_unit, make_user
from tests.support.queries import counted_queries

A = AuditAction
URL = "/admin/audit/"
ADMIN_EMAIL = "admin@example.org"
JAN = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
EMPTY_FORM = "round=&person=&object_type=&object_id=&action=&from=&to="
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


# Reading the page ------------------------------------------------------------------------------


def _text(fragment: str) -> str:
    """What a sighted reader sees: tags and screen-reader-only text removed, spaces collapsed."""
    fragment = re.sub(r'<span class="visually-hidden">.*?</span>', "", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def rows(page: str) -> list[list[str]]:
    """The cells of each event row: time, person, action, object, round, changes."""
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    assert body, "the page has no event table"
    found = []
    for row in re.findall(r'<tr id="event-\d+">(.*?)</tr>', body.group(1), re.S):
        found.append([_text(cell) for cell in re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)])
    return found


def actions_and_objects(page: str) -> list[tuple[str, str]]:
    return [(cells[2], cells[3]) for cells in rows(page)]


def notes(page: str) -> list[str]:
    box = re.search(
        r'<div class="alert alert-warning" role="status" id="filter-notes">(.*?)</div>', page, re.S
    )
    return [_text(item) for item in re.findall(r"<li>(.*?)</li>", box.group(1), re.S)] if box else []


def page_links(page: str) -> dict[str, dict[str, list[str]]]:
    """The pagination links by their text, each as its parsed query string."""
    nav = re.search(r"<nav aria-label=\"Pages of the audit log\">(.*?)</nav>", page, re.S)
    assert nav, "the page has no pagination"
    return {
        _text(label): parse_qs(urlsplit(html.unescape(href)).query)
        for href, label in re.findall(
            r'<a class="page-link"[^>]*href="([^"]+)">(.*?)</a>', nav.group(1), re.S
        )
    }


def selected_option(page: str, name: str) -> str | None:
    select = re.search(rf'<select\b[^>]*\bname="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select box {name}"
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    return html.unescape(chosen.group(1)) if chosen else None


# Who may open the page ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR, Role.CHAIR])
def test_people_without_the_admin_role_get_403(client, session, role) -> None:
    make_user(session, role, email="someone@example.org", units=[make_unit(session)])
    session.commit()
    client.login("someone@example.org", PASSWORD)

    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_login(client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fadmin%2Faudit%2F"


# What it shows ---------------------------------------------------------------------------------


def test_an_admin_sees_the_events_newest_first_with_names_rounds_and_changes(
    admin_client, session, admin
) -> None:
    bob = make_user(session, Role.ADMIN, name="Bob Admin")
    round_ = make_round(session, 2025)
    clear_log(session)
    add_event(
        session,
        A.ROUND_CREATE,
        at=JAN,
        actor=admin,
        object_id=round_.id,
        round_id=round_.id,
        after={"name": "2025 selection", "year": 2025},
    )
    add_event(
        session,
        A.ROUND_PHASE,
        at=datetime(2025, 7, 1, 21, 45, tzinfo=UTC),
        actor=bob,
        object_id=round_.id,
        round_id=round_.id,
        before={"phase": "draft"},
        after={"phase": "nominating"},
    )
    add_event(session, A.USER_PASSWORD_SET, at=JAN + timedelta(days=30), object_type="user", object_id=bob.id)
    session.commit()

    page = admin_client.text(URL)

    assert rows(page) == [
        [
            "Jul 1, 2025, 11:45:00 PM",
            "Bob Admin",
            "round:phase",
            f"round #{round_.id}",
            "2025 selection",
            "phase: draft → nominating",
        ],
        ["Feb 9, 2025, 10:00:00 AM", "system", "user:password:set", f"user #{bob.id}", "", ""],
        [
            "Jan 10, 2025, 10:00:00 AM",
            "Ada Admin",
            "round:create",
            f"round #{round_.id}",
            "2025 selection",
            "name: — → 2025 selection year: — → 2025",
        ],
    ]
    assert "3 events, newest first." in page


def test_an_event_of_a_deleted_round_names_the_round_by_its_id(admin_client, session) -> None:
    clear_log(session)
    add_event(session, A.ROUND_UPDATE, at=JAN, object_id=404, round_id=404)
    session.commit()

    assert [cells[4] for cells in rows(admin_client.text(URL))] == ["#404"]


def test_an_empty_log_says_so(admin_client, session) -> None:
    clear_log(session)
    session.commit()

    page = admin_client.text(URL)

    assert rows(page) == []
    assert "The audit log is empty." in page


# Filters ---------------------------------------------------------------------------------------


@pytest.fixture()
def log(session, admin):  # type: ignore[no-untyped-def]
    """Five events by two people and the system, in two rounds, a month apart each."""
    bob = make_user(session, Role.ADMIN, name="Bob Admin")
    old = make_round(session, 2024)
    new = make_round(session, 2025)
    clear_log(session)
    add_event(session, A.ROUND_CREATE, at=JAN, actor=admin, object_id=old.id, round_id=old.id)
    add_event(
        session, A.ROUND_PHASE, at=JAN + timedelta(days=31), actor=bob, object_id=old.id, round_id=old.id
    )
    add_event(
        session,
        A.CRITERION_UPDATE,
        at=JAN + timedelta(days=59),
        actor=admin,
        object_type="criterion",
        object_id=9999,
        round_id=new.id,
    )
    add_event(session, A.USER_CREATE, at=JAN + timedelta(days=90), object_type="user", object_id=bob.id)
    add_event(
        session,
        A.ROUND_DEADLINE_EXTEND,
        at=JAN + timedelta(days=120),
        actor=bob,
        object_id=new.id,
        round_id=new.id,
    )
    session.commit()
    return {
        "bob": bob.id,
        "old": old.id,
        "new": new.id,
        "created": ("round:create", f"round #{old.id}"),
        "opened": ("round:phase", f"round #{old.id}"),
        "weighted": ("criterion:update", "criterion #9999"),
        "invited": ("user:create", f"user #{bob.id}"),
        "extended": ("round:deadline:extend", f"round #{new.id}"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["extended", "invited", "weighted", "opened", "created"]),
        ("round={old}", ["opened", "created"]),
        ("person={bob}", ["extended", "opened"]),
        ("object_type=round", ["extended", "opened", "created"]),
        ("object_type=round&object_id={old}", ["opened", "created"]),
        ("object_id=9999", ["weighted"]),
        ("action=round:phase", ["opened"]),
        ("action=round:", ["extended", "opened", "created"]),
        ("from=2025-03-01", ["extended", "invited", "weighted"]),
        ("to=2025-02-28", ["opened", "created"]),
        ("from=2025-02-10&to=2025-04-10", ["invited", "weighted", "opened"]),
        ("round={new}&person={bob}", ["extended"]),
        (EMPTY_FORM, ["extended", "invited", "weighted", "opened", "created"]),
    ],
    ids=[
        "none",
        "round",
        "person",
        "object-type",
        "object",
        "object-id",
        "exact-action",
        "action-prefix",
        "from",
        "to",
        "from-and-to",
        "round-and-person",
        "empty-form",
    ],
)
def test_each_filter_narrows_the_list_exactly(admin_client, log, query, expected) -> None:
    page = admin_client.text(f"{URL}?{query.format(**log)}")

    assert actions_and_objects(page) == [log[name] for name in expected]
    assert notes(page) == []


def test_the_form_shows_the_filters_in_use(admin_client, log) -> None:
    page = admin_client.text(f"{URL}?round={log['old']}&person={log['bob']}&object_type=round&action=round:")

    assert [selected_option(page, name) for name in ("round", "person", "object_type", "action")] == [
        str(log["old"]),
        str(log["bob"]),
        "round",
        "round:",
    ]


def test_the_person_filter_offers_the_people_in_the_log(admin_client, log, admin) -> None:
    page = admin_client.text(URL)

    select = re.search(r'<select\b[^>]*name="person"[^>]*>(.*?)</select>', page, re.S)
    assert select
    assert [_text(o) for o in re.findall(r"<option\b[^>]*>(.*?)</option>", select.group(1))] == [
        "Everyone",
        "Ada Admin",
        "Bob Admin",
    ]


def _berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN).astimezone(UTC)


def test_a_date_range_is_whole_days_in_berlin_time(admin_client, session) -> None:
    clear_log(session)
    for object_id, moment in enumerate(
        [
            _berlin(2025, 6, 9, 23, 30),  # the evening before the range
            _berlin(2025, 6, 10, 0, 30),  # still 9 June in UTC
            _berlin(2025, 6, 12, 23, 30),  # already 12 June 21:30 UTC, on the end date
            _berlin(2025, 6, 13, 0, 30),  # the next day in Berlin, 12 June in UTC
        ],
        start=1,
    ):
        add_event(session, A.ROUND_PHASE, at=moment, object_id=object_id)
    session.commit()

    page = admin_client.text(f"{URL}?from=2025-06-10&to=2025-06-12")

    assert [cells[3] for cells in rows(page)] == ["round #3", "round #2"]


# Paging ----------------------------------------------------------------------------------------


def test_the_log_is_shown_fifty_events_a_page_and_filters_survive_in_the_page_links(
    admin_client, session
) -> None:
    clear_log(session)
    for minute in range(120):
        add_event(session, A.ROUND_PHASE, at=JAN + timedelta(minutes=minute), object_id=minute)
    add_event(session, A.ROUND_CREATE, at=JAN + timedelta(days=1), object_id=999)  # filtered away
    session.commit()
    query = "action=round:phase&from=2025-01-10"

    first = admin_client.text(f"{URL}?{query}")
    third = admin_client.text(f"{URL}?{query}&page=3")

    assert [cells[3] for cells in rows(first)] == [f"round #{n}" for n in range(119, 69, -1)]
    assert [cells[3] for cells in rows(third)] == [f"round #{n}" for n in range(19, -1, -1)]
    filters = {"action": ["round:phase"], "from": ["2025-01-10"]}
    assert page_links(first) == {
        "2": {"page": ["2"], **filters},
        "3": {"page": ["3"], **filters},
        "Next": {"page": ["2"], **filters},
    }
    assert page_links(third) == {
        "Previous": {"page": ["2"], **filters},
        "1": {"page": ["1"], **filters},
        "2": {"page": ["2"], **filters},
    }
    assert "120 events, newest first. Page 3 of 3." in _text(third)


def test_a_short_log_has_no_page_links(admin_client, session) -> None:
    clear_log(session)
    add_event(session, A.ROUND_PHASE, at=JAN)
    session.commit()

    assert "Pages of the audit log" not in admin_client.text(URL)


# Escaping --------------------------------------------------------------------------------------


def test_a_script_in_the_details_or_a_name_is_shown_escaped(admin_client, session) -> None:
    evil = make_user(session, Role.ADMIN, name=SCRIPT)
    clear_log(session)
    add_event(
        session,
        A.ROUND_UPDATE,
        at=JAN,
        actor=evil,
        before={SCRIPT: "old"},
        after={SCRIPT: SCRIPT, "list": [SCRIPT]},
    )
    session.commit()

    page = admin_client.text(URL)

    assert "<script>alert(1)" not in page
    assert ESCAPED_SCRIPT in page
    assert rows(page)[0][1] == SCRIPT
    assert rows(page)[0][5] == f'{SCRIPT}: old → {SCRIPT} list: — → ["{SCRIPT}"]'


# Query count -----------------------------------------------------------------------------------


def _queries_for_the_log(client) -> int:  # type: ignore[no-untyped-def]
    with counted_queries() as statements:
        response = client.get(URL)
    assert response.status_code == 200
    return len(statements)


def test_the_page_needs_the_same_number_of_queries_for_5_and_for_60_events(admin_client, session) -> None:
    people = [make_user(session, Role.ADMIN) for _ in range(6)]
    rounds = [make_round(session, 2020 + n) for n in range(3)]
    clear_log(session)

    def add(count: int) -> None:
        for n in range(count):
            add_event(
                session,
                A.ROUND_PHASE,
                at=JAN + timedelta(minutes=n),
                actor=people[n % 6] if n % 7 else None,
                round_id=rounds[n % 3].id,
            )
        session.commit()

    add(5)
    with_five = _queries_for_the_log(admin_client)
    add(55)
    with_sixty = _queries_for_the_log(admin_client)

    assert len(rows(admin_client.text(URL))) == 50
    assert with_sixty == with_five


# Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected_notes"),
    [
        ("page=-1", []),
        ("page=abc", []),
        ("page=99999999999999999999999", []),
        ("round=xyz", ["“Round” was ignored: “xyz” is not an id."]),
        ("round=123456", ["“Round” was ignored: “123456” is not one of the choices."]),
        ("person=-3", ["“Person” was ignored: “-3” is not an id."]),
        ("object_id=99999999999999999999", ["“Object id” was ignored: “99999999999999999999” is not an id."]),
        ("object_id=" + "9" * 5000, [f"“Object id” was ignored: “{'9' * 40}…” is not an id."]),
        ("object_type=%00", ["“Object type” was ignored: “\ufffd” is not one of the choices."]),
        ("action=<b>x</b>", ["“Action” was ignored: “<b>x</b>” is not one of the choices."]),
        ("from=2021-13-45", ["“From” was ignored: “2021-13-45” is not a date (YYYY-MM-DD)."]),
        ("to=yesterday", ["“To” was ignored: “yesterday” is not a date (YYYY-MM-DD)."]),
        ("from=0001-01-01&to=9999-12-31", []),
        ("from=2025-02-01&to=2025-01-01", ["“From” is after “To”: no event can match."]),
    ],
    ids=[
        "negative-page",
        "page-not-a-number",
        "page-huge",
        "round-not-a-number",
        "round-unknown",
        "person-negative",
        "object-id-too-large",
        "object-id-thousands-of-digits",
        "object-type-nul",
        "action-markup",
        "from-impossible-date",
        "to-not-a-date",
        "dates-at-the-ends-of-the-calendar",
        "from-after-to",
    ],
)
def test_junk_in_the_query_string_never_fails_and_bad_filters_are_noted(
    admin_client, log, query, expected_notes
) -> None:
    response = admin_client.get(f"{URL}?{query}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert notes(page) == expected_notes
    assert "<b>" not in page  # typed input is quoted back escaped
    if not expected_notes:
        assert len(rows(page)) == 5


def test_an_ignored_filter_leaves_the_valid_ones_working(admin_client, log) -> None:
    page = admin_client.text(f"{URL}?round=xyz&person={log['bob']}&from=2021-13-45")

    assert actions_and_objects(page) == [log["extended"], log["opened"]]
    assert len(notes(page)) == 2


# The page's pure helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "last", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (10, 20, [1, None, 8, 9, 10, 11, 12, None, 20]),
        (4, 20, [1, 2, 3, 4, 5, 6, None, 20]),
        (20, 20, [1, None, 18, 19, 20]),
    ],
)
def test_the_page_links_show_the_ends_and_the_neighbourhood(current, last, expected) -> None:
    assert page_window(current, last) == expected


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        ({}, []),
        ({"before": {"phase": "draft"}, "after": {"phase": "voting"}}, [Change("phase", "draft", "voting")]),
        ({"after": {"year": 2025, "note": None}}, [Change("year", "—", "2025"), Change("note", "—", "—")]),
        ({"before": {"weight": 1.5}}, [Change("weight", "1.5", "—")]),
        (
            {"before": {"units": []}, "after": {"units": [3, 4]}, "reason": "merge"},
            [Change("units", "[]", "[3, 4]"), Change("reason", None, "merge")],
        ),
        ("free text", [Change("details", None, "free text")]),
    ],
    ids=["empty", "update", "create", "delete", "list-and-extra-key", "not-a-dict"],
)
def test_details_become_one_line_per_changed_key(details, expected) -> None:
    assert describe_changes(details) == expected


def test_action_groups_come_before_their_members() -> None:
    assert action_options(["round:phase", "user:password:set", "demo:seed", "round:create"]) == [
        ("demo:", "demo:*"),
        ("demo:seed", "demo:seed"),
        ("round:", "round:*"),
        ("round:create", "round:create"),
        ("round:phase", "round:phase"),
        ("user:", "user:*"),
        ("user:password:", "user:password:*"),
        ("user:password:set", "user:password:set"),
    ]
