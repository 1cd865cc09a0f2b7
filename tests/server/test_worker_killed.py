"""A gunicorn worker killed in the middle of a save leaves nothing half-written.

Deterministic: the test holds a lock on a table the save writes to late in its transaction, waits
until the worker's database connection has written the first rows and waits for that lock, and
then kills the worker (SIGKILL: no handler runs, no rollback is sent). After the lock is released,
PostgreSQL finds the client gone and rolls the transaction back: nothing of the save may be in the
database. gunicorn replaces the worker, and the person's second try goes through.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import requests
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.audit.models import AuditEvent
from evaluator.audit.tags import AuditAction
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.reviewing.models import Score, ScoreSheet, SheetState
from evaluator.rounds.models import RoundPhase
from tests.server.client import Browser
from tests.server.conftest import (
    count,
    libpq_url,
    log_tail,
    wait_for_lock_waiter,
    wait_until_backend_gone,
    worker_with_connection_from,
)
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user
from tests.support.server import GunicornServer
from tests.support.web import csrf_token_in

pytestmark = pytest.mark.postgres_only

WORKERS = 2
MEMBER = "mia@example.org"
COORDINATOR = "cora@example.org"
TITLE = "Dresden–Trento Water Partnership"


@pytest.fixture(scope="module")
def server(database, server_log: Path) -> Iterator[GunicornServer]:  # type: ignore[no-untyped-def]
    """Workers of one thread each: a killed worker takes exactly one request with it."""
    with GunicornServer(database.url, workers=WORKERS, threads=1, log_path=server_log) as running:
        yield running


def kill_the_worker_while_it_saves(
    server: GunicornServer,
    database,  # type: ignore[no-untyped-def]
    *,
    send: Callable[[], requests.Response],
    lock_table: str,
    written_table: str,
) -> int:
    """Send the save, kill the worker once it has written to ``written_table`` and waits for a
    lock on ``lock_table``, then release the lock; the killed worker's pid."""
    answers: list[requests.Response | BaseException] = []

    def save() -> None:
        try:
            answers.append(send())
        except requests.RequestException as error:
            answers.append(error)

    with (
        psycopg.connect(libpq_url(database)) as lock,
        psycopg.connect(libpq_url(database), autocommit=True) as monitor,
    ):
        # SHARE mode: the save may read the table, and waits only when it writes to it.
        lock.execute(f"LOCK TABLE {lock_table} IN SHARE MODE")
        request = threading.Thread(target=save)
        request.start()
        waiter = wait_for_lock_waiter(database)
        assert re.match(rf"INSERT INTO {lock_table}\b", waiter.query), waiter.query
        # Part of the save is already written: its transaction holds a row lock on the table.
        assert monitor.execute(
            "SELECT 1 FROM pg_locks WHERE pid = %s AND relation = %s::regclass "
            "AND mode = 'RowExclusiveLock' AND granted",
            (waiter.pid, written_table),
        ).fetchone(), f"the save has not written to {written_table} yet"
        worker = worker_with_connection_from(server, waiter.client_port)
        os.kill(worker, signal.SIGKILL)
        lock.rollback()  # the save's INSERT can go on now, and finds its client gone
    wait_until_backend_gone(database, waiter.pid)
    request.join(timeout=30)
    assert not request.is_alive()
    # The person got no answer at all (the browser reports a dropped connection).
    assert len(answers) == 1 and isinstance(answers[0], requests.ConnectionError), answers
    return worker


def wait_for_replacement(server: GunicornServer, killed: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        if len(pids) == WORKERS and killed not in pids:
            return
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not replace the killed worker: {server.worker_pids()}")


def version_in(html: str) -> str:
    """The version of the record a form edits (the optimistic lock), as the page holds it."""
    version = re.search(r'<input[^>]*name="version"[^>]*value="(\d*)"', html)
    assert version, "no version on the form"
    return version.group(1)


def sheet_form(html: str, criterion_ids: list[int], values: list[int]) -> dict[str, str]:
    return {
        "csrf_token": csrf_token_in(html),
        "version": version_in(html),
        "comment": "Strong partners, clear plan.",
        "submit_sheet": "Submit sheet",
        **{f"criterion_{c}": str(v) for c, v in zip(criterion_ids, values, strict=True)},
    }


def test_a_worker_killed_while_saving_a_score_sheet_leaves_no_sheet_without_its_scores(
    server: GunicornServer, database, session, server_log
) -> None:  # type: ignore[no-untyped-def]
    unit = make_unit(session, "Institute of Hydrology")
    member = make_user(session, Role.MEMBER, email=MEMBER, name="Mia Member")
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING)
    nomination = make_nomination(
        session, round_, make_initiative(session, unit, TITLE), eligibility=Eligibility.ELIGIBLE
    )
    member_id, criteria = member.id, [c.id for c in round_.categories[0].criteria]
    page = f"/review/nominations/{nomination.id}"
    session.commit()
    mia = Browser(server.url).login(MEMBER)
    form = sheet_form(mia.get(page).text, criteria, [4, 3, 5, 2])

    killed = kill_the_worker_while_it_saves(
        server,
        database,
        send=lambda: mia.post(page, form),
        lock_table="scores",  # the sheet's row is written first, its scores after it
        written_table="score_sheets",
    )

    assert count(session, ScoreSheet, ScoreSheet.member_id == member_id) == 0
    assert count(session, Score) == 0
    assert count(session, AuditEvent, AuditEvent.action.like("sheet%")) == 0
    wait_for_replacement(server, killed)

    retry = mia.post(page, sheet_form(mia.get(page).text, criteria, [4, 3, 5, 2]))
    assert retry.status_code == 302, log_tail(server_log)
    session.expire_all()
    sheet = session.scalars(sa.select(ScoreSheet).where(ScoreSheet.member_id == member_id)).one()
    assert sheet.state is SheetState.SUBMITTED
    assert sorted((s.criterion_id, s.value) for s in sheet.scores) == [
        (c, v) for c, v in zip(criteria, [4, 3, 5, 2], strict=True)
    ]
    assert count(session, AuditEvent, AuditEvent.action == str(AuditAction.SHEET_SUBMIT)) == 1


def nomination_form(html: str, nomination: dict[str, str], title: str) -> dict[str, str]:
    return {
        "csrf_token": csrf_token_in(html),
        "version": version_in(html),
        "title": title,
        "category": nomination["category"],
        "org_unit": nomination["org_unit"],
        "summary": "Joint research and exchange on alpine water resources.",
        "description": "Field sites and doctoral supervision, shared since 2015.",
        "partners-0-institution": "University of Trento",
        "partners-0-country": "Italy",
        "partners-1-institution": "University of Innsbruck",
        "partners-1-country": "Austria",
        "start_year": "2015",
        "contacts-0-name": "Ada Example",
        "contacts-0-role": "Professor of Hydrology",
        "contacts-0-email": "ada@example.org",
        "head_support_confirmed": "y",
        "save": "Save draft",
    }


def test_a_worker_killed_while_saving_a_nomination_leaves_it_as_it_was(
    server: GunicornServer, database, session, server_log
) -> None:  # type: ignore[no-untyped-def]
    unit = make_unit(session, "Institute of Hydrology")
    make_user(session, Role.COORDINATOR, email=COORDINATOR, name="Cora Coordinator", units=[unit])
    round_ = make_round(
        session,
        2026,
        phase=RoundPhase.NOMINATING,
        nomination_deadline=datetime.now(UTC) + timedelta(days=30),
    )
    nomination = make_nomination(
        session, round_, make_initiative(session, unit, TITLE), state=NominationState.DRAFT
    )
    nomination_id = nomination.id
    fields = {"category": str(nomination.category_id), "org_unit": str(unit.id)}
    session.commit()
    before = stored_nomination(session, nomination_id)
    cora = Browser(server.url).login(COORDINATOR)
    page = f"/nominations/{nomination_id}/edit"
    form = nomination_form(cora.get(page).text, fields, "Water Partnership, renamed")

    killed = kill_the_worker_while_it_saves(
        server,
        database,
        send=lambda: cora.post(page, form),
        lock_table="audit_events",  # written last, after the nomination and its partners
        written_table="nominations",
    )

    assert stored_nomination(session, nomination_id) == before
    assert count(session, AuditEvent, AuditEvent.action == str(AuditAction.NOMINATION_UPDATE)) == 0
    wait_for_replacement(server, killed)

    retry = cora.post(page, nomination_form(cora.get(page).text, fields, "Water Partnership, renamed"))
    assert retry.status_code == 302, log_tail(server_log)
    title, version, partners = stored_nomination(session, nomination_id)
    assert (title, version) == ("Water Partnership, renamed", before[1] + 1)
    assert partners == [("University of Trento", "Italy"), ("University of Innsbruck", "Austria")]


def stored_nomination(session, nomination_id: int) -> tuple[str, int, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    session.rollback()
    nomination = session.get(Nomination, nomination_id)
    return nomination.title, nomination.version, [(p.institution, p.country) for p in nomination.partners]
