"""Twenty commission members at work at the same moment, through the real server.

The requests go over HTTP to gunicorn (two worker processes of four threads each) on PostgreSQL;
each member has logged in beforehand, then all their requests are released together.
Nothing may answer with a server error, and nothing may be lost or doubled: one sheet and one
vote per member and nomination, with what was sent last. A double click (the same request twice
at once) stores one row, and of two saves of the same version of a sheet one is refused.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import pytest
import requests
import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import now_utc
from evaluator.extensions import db
from evaluator.mail.models import OutboxMail
from evaluator.nominations.models import Eligibility, Nomination
from evaluator.publication.models import Award
from evaluator.reviewing.models import Score, ScoreSheet, SheetState
from evaluator.reviewing.operations import SheetInput, save_sheet
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Vote, VoteChoice
from tests.server.client import Browser, run_together
from tests.server.conftest import count, log_tail
from tests.support.factories import (
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)
from tests.support.publication import round_ready_to_publish
from tests.support.server import GunicornServer

pytestmark = pytest.mark.postgres_only

MEMBERS = 20
DOUBLE_CLICKERS = 5  # the first five members send their sheet twice at once
REFUSED = "saved elsewhere"  # both refusals of a stale sheet say so


@dataclass(frozen=True)
class Members:
    """The twenty members, each logged in in a browser of their own (in the same order)."""

    ids: list[int]
    browsers: list[Browser]


@pytest.fixture(scope="module")
def server(database, data_app, server_log):  # type: ignore[no-untyped-def]
    """The production server, except that passwords are checked at the cost the factories hashed
    them with: at production cost every login takes most of a second on a busy machine, and the
    logins are not what these tests are about."""
    cheap_hashing = {
        f"EVALUATOR_{name}": str(data_app.config[name])
        for name in ("ARGON2_TIME_COST", "ARGON2_MEMORY_COST", "ARGON2_PARALLELISM")
    }
    with GunicornServer(
        database.url, workers=2, threads=4, log_path=server_log, env=cheap_hashing
    ) as running:
        yield running


@pytest.fixture()
def session(data_app):  # type: ignore[no-untyped-def]
    """The module's database, not emptied between tests: the members log in once for all of
    them, and every test works in a round (and on nominations) of its own."""
    with data_app.app_context():
        yield db.session
        db.session.remove()


@pytest.fixture(scope="module")
def members(data_app, server) -> Members:  # type: ignore[no-untyped-def]
    with data_app.app_context():
        people = [
            make_user(db.session, Role.MEMBER, email=f"member{i:02d}@example.org", name=f"Member {i:02d}")
            for i in range(MEMBERS)
        ]
        ids, emails = [m.id for m in people], [m.email for m in people]
        db.session.commit()
        db.session.remove()
    with ThreadPoolExecutor(max_workers=4) as pool:
        browsers = list(pool.map(lambda email: Browser(server.url).login(email), emails))
    return Members(ids=ids, browsers=browsers)


@dataclass(frozen=True)
class Commission:
    round_id: int
    nomination_ids: list[int]
    criterion_ids: list[int]


def round_at_work(session, year: int, phase: RoundPhase) -> Commission:  # type: ignore[no-untyped-def]
    """A round of its own in ``phase`` with two eligible nominations, committed."""
    unit = make_unit(session, f"Institute of Hydrology {year}")
    round_ = make_round(session, year, phase=phase)
    nominations = [
        make_nomination(
            session, round_, make_initiative(session, unit, title), eligibility=Eligibility.ELIGIBLE
        )
        for title in ("Water Partnership", "Delta Network")
    ]
    commission = Commission(
        round_id=round_.id,
        nomination_ids=[n.id for n in nominations],
        criterion_ids=[c.id for c in round_.categories[0].criteria],
    )
    session.commit()
    return commission


def scores_of(
    member_index: int, nomination_index: int, criterion_ids: list[int], wave: int = 0
) -> dict[int, int]:
    """What a member gives each criterion: different per member, nomination and wave."""
    return {c: (member_index + 2 * nomination_index + 3 * wave + j) % 6 for j, c in enumerate(criterion_ids)}


def sheet_form(token: str, version: str, scores: dict[int, int], comment: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "version": version,
        "comment": comment,
        "submit_sheet": "Submit sheet",
        **{f"criterion_{criterion_id}": str(value) for criterion_id, value in scores.items()},
    }


def no_server_errors(answers: list, server_log) -> list[requests.Response]:  # type: ignore[no-untyped-def]
    """Every request came back, none with a 5xx; the answers."""
    failed = [a for a in answers if isinstance(a, BaseException)]
    assert not failed, f"{failed[:3]}\n{log_tail(server_log)}"
    errors = [(a.status_code, a.request.url) for a in answers if a.status_code >= 500]
    assert not errors, f"{errors[:5]}\n{log_tail(server_log)}"
    return answers


def stored_sheets(session, nomination_id: int) -> dict[int, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    """Per member, every sheet they have for the nomination: state, version, scores, comment."""
    session.expire_all()
    session.rollback()
    sheets: dict[int, list[tuple[object, ...]]] = {}
    for sheet in session.scalars(sa.select(ScoreSheet).where(ScoreSheet.nomination_id == nomination_id)):
        sheets.setdefault(sheet.member_id, []).append(
            (sheet.state, sheet.version, {s.criterion_id: s.value for s in sheet.scores}, sheet.comment)
        )
    return sheets


def scores_stored(session, commission: Commission) -> int:  # type: ignore[no-untyped-def]
    return count(
        session,
        Score,
        Score.sheet_id.in_(
            sa.select(ScoreSheet.id).where(ScoreSheet.nomination_id.in_(commission.nomination_ids))
        ),
    )


def audit_count(session, commission: Commission, action: AuditAction) -> int:  # type: ignore[no-untyped-def]
    return count(
        session, AuditEvent, AuditEvent.action == str(action), AuditEvent.round_id == commission.round_id
    )


def test_twenty_members_submitting_their_sheets_at_once_each_get_one_sheet_with_their_scores(
    server, server_log, session, members: Members
) -> None:  # type: ignore[no-untyped-def]
    commission = round_at_work(session, 2026, RoundPhase.REVIEWING)
    criteria = commission.criterion_ids
    sent = []  # (member, nomination, request), each member on both nominations
    for m, browser in enumerate(members.browsers):
        for n, nomination_id in enumerate(commission.nomination_ids):
            page = f"/review/nominations/{nomination_id}"
            form = sheet_form(browser.csrf(), "0", scores_of(m, n, criteria), f"Member {m} on {n}.")
            tabs = [browser, browser.second_tab()] if m < DOUBLE_CLICKERS and n == 0 else [browser]
            for tab in tabs:
                sent.append((m, n, partial(tab.post, page, form)))

    answers = no_server_errors(run_together([call for _m, _n, call in sent]), server_log)

    by_sheet: dict[tuple[int, int], list[requests.Response]] = {}
    for (m, n, _call), answer in zip(sent, answers, strict=True):
        by_sheet.setdefault((m, n), []).append(answer)
    for (m, n), pair in by_sheet.items():
        if len(pair) == 1:
            assert pair[0].status_code == 302, (m, n, pair[0].status_code)
        else:  # the double click: one saved, the other refused with the reason
            saved, refused = sorted(pair, key=lambda a: a.status_code, reverse=True)
            assert (saved.status_code, refused.status_code) == (302, 200), (m, n)
            assert REFUSED in refused.text
    for n, nomination_id in enumerate(commission.nomination_ids):
        sheets = stored_sheets(session, nomination_id)
        assert sorted(sheets) == sorted(members.ids)
        for m, member_id in enumerate(members.ids):
            assert sheets[member_id] == [
                (SheetState.SUBMITTED, 1, scores_of(m, n, criteria), f"Member {m} on {n}.")
            ]
    assert scores_stored(session, commission) == MEMBERS * len(commission.nomination_ids) * len(criteria)
    assert audit_count(session, commission, AuditAction.SHEET_SUBMIT) == MEMBERS * len(
        commission.nomination_ids
    )


def test_of_two_saves_of_the_same_sheet_version_at_once_one_is_kept_and_the_other_refused(
    server, server_log, session, members: Members
) -> None:  # type: ignore[no-untyped-def]
    commission = round_at_work(session, 2027, RoundPhase.REVIEWING)
    criteria = commission.criterion_ids
    nomination = session.get(Nomination, commission.nomination_ids[0])
    for m, member_id in enumerate(members.ids):
        first = SheetInput(scores=scores_of(m, 0, criteria), submit=True)
        save_sheet(session, nomination, member=session.get(User, member_id), data=first)
    session.commit()
    page = f"/review/nominations/{nomination.id}"

    # Every member has the submitted sheet (version 1) open in two tabs and saves a different
    # change in each.
    calls, sent = [], []
    for m, browser in enumerate(members.browsers):
        for tab_number, tab in enumerate((browser, browser.second_tab())):
            scores = scores_of(m, 0, criteria, wave=1 + tab_number)
            comment = f"Tab {tab_number} of member {m}."
            calls.append(partial(tab.post, page, sheet_form(browser.csrf(), "1", scores, comment)))
            sent.append((m, scores, comment))

    answers = no_server_errors(run_together(calls), server_log)

    sheets = stored_sheets(session, commission.nomination_ids[0])
    for m, member_id in enumerate(members.ids):
        pair = [(answer, what) for answer, what in zip(answers, sent, strict=True) if what[0] == m]
        saved = [what for answer, what in pair if answer.status_code == 302]
        refused = [answer for answer, _what in pair if answer.status_code == 200]
        assert len(saved) == 1 and len(refused) == 1, [a.status_code for a, _w in pair]
        assert REFUSED in refused[0].text
        _m, scores, comment = saved[0]
        assert sheets[member_id] == [(SheetState.SUBMITTED, 2, scores, comment)]
    assert scores_stored(session, commission) == MEMBERS * len(criteria)
    assert audit_count(session, commission, AuditAction.SHEET_AMEND) == MEMBERS

    # A save of the old version after the other has gone through is refused too, and changes nothing.
    browser = members.browsers[0]
    late = browser.post(page, sheet_form(browser.csrf(), "1", scores_of(0, 0, criteria, 5), "Late."))
    assert late.status_code == 200
    assert REFUSED in late.text
    assert stored_sheets(session, commission.nomination_ids[0]) == sheets


def ballot_form(token: str, commission: Commission, choices: list[VoteChoice]) -> dict[str, str]:
    votes = zip(commission.nomination_ids, choices, strict=True)
    return {"csrf_token": token, **{f"vote-{nid}": str(choice) for nid, choice in votes}}


FIRST = [VoteChoice.AWARD, VoteChoice.DO_NOT_AWARD]
CHANGED = {
    VoteChoice.AWARD: VoteChoice.ABSTAIN,
    VoteChoice.DO_NOT_AWARD: VoteChoice.AWARD,
    VoteChoice.ABSTAIN: VoteChoice.DO_NOT_AWARD,
}


def first_choices(m: int) -> list[VoteChoice]:
    return [FIRST[(m + n) % 2] if m % 3 else VoteChoice.ABSTAIN for n in range(2)]


def test_twenty_members_voting_at_once_and_twice_in_parallel_leave_one_vote_each_with_the_last_choice(
    server, server_log, session, members: Members
) -> None:  # type: ignore[no-untyped-def]
    commission = round_at_work(session, 2028, RoundPhase.VOTING)
    ballot = f"/review/rounds/{commission.round_id}/ballot"

    # Every member sends the ballot twice at once (a double click).
    calls = []
    for m, browser in enumerate(members.browsers):
        form = ballot_form(browser.csrf(), commission, first_choices(m))
        calls += [partial(tab.post, ballot, form) for tab in (browser, browser.second_tab())]
    answers = no_server_errors(run_together(calls), server_log)
    assert {a.status_code for a in answers} == {302}

    # Then every member changes both votes, all at the same moment again.
    last = {m: [CHANGED[c] for c in first_choices(m)] for m in range(MEMBERS)}
    calls = [
        partial(browser.post, ballot, ballot_form(browser.csrf(), commission, last[m]))
        for m, browser in enumerate(members.browsers)
    ]
    answers = no_server_errors(run_together(calls), server_log)
    assert {a.status_code for a in answers} == {302}

    session.expire_all()
    session.rollback()
    votes = session.execute(
        sa.select(Vote.member_id, Vote.nomination_id, Vote.choice).where(
            Vote.nomination_id.in_(commission.nomination_ids)
        )
    ).all()
    assert Counter((member_id, nid) for member_id, nid, _c in votes) == Counter(
        {(member_id, nid): 1 for member_id in members.ids for nid in commission.nomination_ids}
    )
    for member_id, nomination_id, choice in votes:
        assert choice == last[members.ids.index(member_id)][commission.nomination_ids.index(nomination_id)]
    assert audit_count(session, commission, AuditAction.VOTE_CAST) == MEMBERS * 2
    assert audit_count(session, commission, AuditAction.VOTE_CHANGE) == MEMBERS * 2


def test_two_admins_publishing_the_same_round_at_once_create_one_set_of_awards(
    server, server_log, session
) -> None:  # type: ignore[no-untyped-def]
    unit = make_unit(session, "Institute of Geodesy")
    make_user(session, Role.COORDINATOR, email="cora@example.org", units=[unit])
    admins = [make_user(session, Role.ADMIN, email=f"admin{i}@example.org") for i in range(2)]
    ready = round_ready_to_publish(session, unit, year=2029, decided_at=now_utc())
    round_id, earlier_id = ready.round_id, ready.earlier_id
    renewed_id, lapsing_id, newcomer_id = ready.renewed_id, ready.lapsing_id, ready.newcomer_id
    session.commit()
    page = f"/admin/rounds/{round_id}/publish"
    browsers = [Browser(server.url).login(admin.email) for admin in admins]
    calls = [partial(browser.post, page, {"csrf_token": browser.csrf()}) for browser in browsers]

    answers = no_server_errors(run_together(calls), server_log)

    assert [a.status_code for a in answers] == [302, 302]
    session.expire_all()
    session.rollback()
    published = session.get(Round, round_id)
    assert published.phase is RoundPhase.PUBLISHED
    at = published.published_at
    awards = session.execute(
        sa.select(Award.round_id, Award.initiative_id, Award.valid_until).where(
            Award.round_id.in_([earlier_id, round_id])
        )
    ).all()
    assert sorted(awards) == sorted(
        [
            (earlier_id, renewed_id, at),
            (earlier_id, lapsing_id, at),
            (round_id, renewed_id, None),
            (round_id, newcomer_id, None),
        ]
    )
    assert count(session, AuditEvent, AuditEvent.action == str(AuditAction.ROUND_PUBLISH)) == 1
    # The coordinator is told once, not once per admin.
    assert count(session, OutboxMail, OutboxMail.to_address == "cora@example.org") == 1
    # Both admins land on a page that says what happened, not on an error.
    for browser, answer in zip(browsers, answers, strict=True):
        landing = browser.get(answer.headers["Location"].removeprefix(server.url))
        assert landing.status_code == 200
