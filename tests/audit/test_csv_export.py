"""The audit log as CSV: the current filter selection, every matching event, safe cells, admins only."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.audit.models import AuditEvent
from evaluator.audit.queries import AuditFilter, export_rows, latest_event_id
from evaluator.audit.tags import AuditAction
from tests.audit import add_event, clear_log
from tests.support.factories import PASSWORD, make_round, make_unit, make_user
from tests.support.queries import counted_queries

A = AuditAction
PAGE = "/admin/audit/"
URL = "/admin/audit/export.csv"
JAN = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
HEADER = [
    "Event ID",
    "Time (Berlin)",
    "Person",
    "Person ID",
    "Action",
    "Object type",
    "Object ID",
    "Round",
    "Round ID",
    "Changes",
    "Details (JSON)",
]


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode()), "the file starts with a byte-order mark"
    reader = csv.reader(io.StringIO(data.decode("utf-8")[1:]))
    assert next(reader) == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in reader]


def exported(client, query: str = "") -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200
    return read_csv(response.data)


def page_event_ids(client, query: str = "") -> list[int]:  # type: ignore[no-untyped-def]
    return [int(n) for n in re.findall(r'<tr id="event-(\d+)">', client.text(f"{PAGE}?{query}"))]


@pytest.fixture()
def log(session, admin):  # type: ignore[no-untyped-def]
    """Five events by two people and the system, in two rounds, a month apart each."""
    bob = make_user(session, Role.ADMIN, name="Bob Admin")
    old = make_round(session, 2024)
    new = make_round(session, 2025)
    clear_log(session)
    events = {
        "created": add_event(session, A.ROUND_CREATE, at=JAN, actor=admin, object_id=old.id, round_id=old.id),
        "opened": add_event(
            session,
            A.ROUND_PHASE,
            at=JAN + timedelta(days=31),
            actor=bob,
            object_id=old.id,
            round_id=old.id,
            before={"phase": "draft"},
            after={"phase": "nominating"},
        ),
        "weighted": add_event(
            session,
            A.CRITERION_UPDATE,
            at=JAN + timedelta(days=59),
            actor=admin,
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
    return {"bob": bob.id, "old": old.id, "new": new.id, **{name: event.id for name, event in events.items()}}


# Who may export --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR, Role.CHAIR])
def test_people_without_the_admin_role_get_403(client, session, log, role) -> None:
    make_user(session, role, email="someone@example.org", units=[make_unit(session)])
    session.commit()
    client.login("someone@example.org", PASSWORD)

    response = client.get(URL)

    assert response.status_code == 403
    assert b"round:create" not in response.data


def test_an_anonymous_visitor_is_sent_to_login(client, log) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fadmin%2Faudit%2Fexport.csv"


# What it holds ---------------------------------------------------------------------------------


def test_the_file_is_a_csv_download_that_is_not_cached(admin_client, log) -> None:
    response = admin_client.get(URL)

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.fullmatch(
        r'attachment; filename="audit-log-\d{8}-\d{4}\.csv"', response.headers["Content-Disposition"]
    )
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.is_streamed


def test_each_event_is_one_row_with_every_column(admin_client, log) -> None:
    rows = exported(admin_client)

    assert [int(r["Event ID"]) for r in rows] == [
        log[name] for name in ("extended", "invited", "weighted", "opened", "created")
    ]
    opened = rows[3]
    assert opened == {
        "Event ID": str(log["opened"]),
        "Time (Berlin)": "2025-02-10 10:00:00",  # 09:00 UTC in winter
        "Person": "Bob Admin",
        "Person ID": str(log["bob"]),
        "Action": "round:phase",
        "Object type": "round",
        "Object ID": str(log["old"]),
        "Round": "2024 selection",
        "Round ID": str(log["old"]),
        "Changes": "phase: draft → nominating",
        "Details (JSON)": '{"after": {"phase": "nominating"}, "before": {"phase": "draft"}}',
    }
    invited = rows[1]
    assert (invited["Person"], invited["Person ID"], invited["Round"], invited["Round ID"]) == (
        "system",
        "",
        "",
        "",
    )
    assert invited["Details (JSON)"] == "{}"


def test_a_summer_time_is_given_in_berlin_summer_time(admin_client, session) -> None:
    clear_log(session)
    add_event(session, A.ROUND_PHASE, at=datetime(2025, 7, 1, 21, 45, 30, tzinfo=UTC))
    session.commit()

    assert [r["Time (Berlin)"] for r in exported(admin_client)] == ["2025-07-01 23:45:30"]


def test_an_event_of_a_deleted_round_names_the_round_by_its_id(admin_client, session) -> None:
    clear_log(session)
    add_event(session, A.ROUND_UPDATE, at=JAN, object_id=404, round_id=404)
    session.commit()

    assert [(r["Round"], r["Round ID"]) for r in exported(admin_client)] == [("#404", "404")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["extended", "invited", "weighted", "opened", "created"]),
        ("round={old}", ["opened", "created"]),
        ("person={bob}", ["extended", "opened"]),
        ("object_type=round&object_id={old}", ["opened", "created"]),
        ("object_id=9999", ["weighted"]),
        ("action=round:phase", ["opened"]),
        ("action=round:", ["extended", "opened", "created"]),
        ("from=2025-03-01", ["extended", "invited", "weighted"]),
        ("from=2025-02-10&to=2025-04-10", ["invited", "weighted", "opened"]),
        ("round={new}&person={bob}", ["extended"]),
        (
            "round=xyz&person={bob}&from=2021-13-45",
            ["extended", "opened"],
        ),  # bad ones ignored, as on the page
        ("from=2025-02-01&to=2025-01-01", []),
    ],
    ids=[
        "none",
        "round",
        "person",
        "object",
        "object-id",
        "exact-action",
        "action-prefix",
        "from",
        "from-and-to",
        "round-and-person",
        "bad-filters-ignored",
        "from-after-to",
    ],
)
def test_the_export_holds_exactly_the_events_the_page_lists(admin_client, log, query, expected) -> None:
    query = query.format(**log)
    listed = page_event_ids(admin_client, query)

    ids = [int(r["Event ID"]) for r in exported(admin_client, query)]

    assert ids == [log[name] for name in expected]
    assert ids == listed


def test_every_matching_event_is_exported_not_only_the_first_page(admin_client, session) -> None:
    clear_log(session)
    for minute in range(130):
        add_event(session, A.ROUND_PHASE, at=JAN + timedelta(minutes=minute), object_id=minute)
    add_event(session, A.ROUND_CREATE, at=JAN + timedelta(days=1), object_id=999)  # filtered away
    session.commit()

    rows = exported(admin_client, "action=round:phase")

    assert [r["Object ID"] for r in rows] == [str(n) for n in range(129, -1, -1)]
    assert len(page_event_ids(admin_client, "action=round:phase")) == 50


def test_the_page_links_the_export_of_its_selection(admin_client, log) -> None:
    page = admin_client.text(f"{PAGE}?person={log['bob']}&action=round:&round=xyz")

    link = re.search(r'<a class="[^"]*" id="export-csv" href="([^"]+)">([^<]+)</a>', page)
    assert link
    assert html.unescape(link.group(1)) == f"{URL}?person={log['bob']}&action=round:"
    assert link.group(2) == "Export these 2 events as CSV"
    rows = exported(admin_client, html.unescape(link.group(1)).split("?", 1)[1])
    assert [int(r["Event ID"]) for r in rows] == [log["extended"], log["opened"]]


def test_an_empty_selection_offers_no_export(admin_client, log) -> None:
    assert 'id="export-csv"' not in admin_client.text(f"{PAGE}?object_id=12345")


# Safe cells ------------------------------------------------------------------------------------


def test_text_that_a_spreadsheet_would_run_is_neutralised(admin_client, session) -> None:
    evil = make_user(session, Role.ADMIN, name='=HYPERLINK("http://evil.example","x")')
    clear_log(session)
    add_event(
        session,
        A.USER_UPDATE,
        at=JAN,
        actor=evil,
        object_type="user",
        before={"=cmd|' /C calc'!A0": "+1"},
        after={"=cmd|' /C calc'!A0": "@SUM(A1)"},
    )
    add_event(session, A.ROUND_UPDATE, at=JAN - timedelta(days=1), after={"note": "-2+3"})
    session.commit()

    evil_row, note_row = exported(admin_client)

    assert evil_row["Person"] == '\'=HYPERLINK("http://evil.example","x")'
    assert evil_row["Changes"] == "'=cmd|' /C calc'!A0: +1 → @SUM(A1)"
    assert json.loads(evil_row["Details (JSON)"]) == {
        "before": {"=cmd|' /C calc'!A0": "+1"},
        "after": {"=cmd|' /C calc'!A0": "@SUM(A1)"},
    }
    assert note_row["Changes"] == "note: — → -2+3"
    for row in (evil_row, note_row):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_a_value_with_commas_quotes_and_line_breaks_stays_in_its_cell(admin_client, session) -> None:
    clear_log(session)
    add_event(session, A.ROUND_UPDATE, at=JAN, after={"name": 'A, "quoted"\nname'})
    session.commit()

    (row,) = exported(admin_client)

    assert row["Changes"] == 'name: — → A, "quoted"\nname'


# The download is itself recorded -----------------------------------------------------------------


def test_the_export_is_recorded_and_is_not_part_of_its_own_file(admin_client, session, log, admin) -> None:
    first = exported(admin_client, f"person={log['bob']}")
    everything = exported(admin_client)

    assert len(first) == 2
    session.expire_all()
    exports = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == A.EXPORT_DOWNLOAD).order_by(AuditEvent.id)
    ).all()
    assert [(e.actor_id, e.object_type, e.details["after"]) for e in exports] == [
        (admin.id, "audit_log", {"export": "audit-log.csv", "filter": {"person": str(log["bob"])}}),
        (admin.id, "audit_log", {"export": "audit-log.csv", "filter": {}}),
    ]
    # The second file holds the first download, not itself.
    assert [int(r["Event ID"]) for r in everything][0] == exports[0].id
    assert exports[1].id not in [int(r["Event ID"]) for r in everything]


# Queries ---------------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_events(admin_client, session, admin) -> None:
    clear_log(session)
    add_event(session, A.ROUND_PHASE, at=JAN, actor=admin, round_id=1)
    session.commit()
    with counted_queries() as one:
        assert len(exported(admin_client)) == 1

    people = [make_user(session, Role.ADMIN, name=f"Admin {n}") for n in range(2)]
    rounds = [make_round(session, 2030 + n) for n in range(2)]
    clear_log(session)
    for n in range(3):
        actor = [admin, *people][n]
        round_id = [1, *(r.id for r in rounds)][n]
        add_event(session, A.ROUND_PHASE, at=JAN + timedelta(hours=n), actor=actor, round_id=round_id)
    session.commit()
    with counted_queries() as three:
        assert len(exported(admin_client)) == 3

    assert len(three) == len(one)


def test_the_rows_come_in_batches_from_one_query_newest_first(session) -> None:
    clear_log(session)
    for n in range(5):
        add_event(session, A.ROUND_PHASE, at=JAN + timedelta(minutes=n), object_id=n)
    tie = add_event(session, A.ROUND_UPDATE, at=JAN + timedelta(minutes=2), object_id=99)  # same moment
    later = add_event(session, A.ROUND_PHASE, at=JAN + timedelta(days=9), object_id=7)
    session.commit()
    bound, later_id = tie.id, later.id

    with counted_queries() as statements:
        batches = [list(batch) for batch in export_rows(session, AuditFilter(), upto_id=bound, batch_size=2)]

    assert [len(b) for b in batches] == [2, 2, 2]
    assert [row.object_id for b in batches for row in b] == [4, 3, 99, 2, 1, 0]
    assert later_id not in [row.id for b in batches for row in b]  # written after the bound
    assert len(statements) == 1
    assert latest_event_id(session) == later_id


def test_an_empty_log_exports_only_the_header(admin_client, session) -> None:
    clear_log(session)
    session.commit()

    response = admin_client.get(URL)

    assert read_csv(response.data) == []
