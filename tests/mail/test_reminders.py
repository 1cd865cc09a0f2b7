"""Deadline reminders 7 days and 1 day ahead, each queued once, and "remind the late ones"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.audit.models import AuditEvent
from evaluator.core.clock import frozen_at
from evaluator.core.errors import NotAllowed
from evaluator.mail.reminders import lead_time_due, queue_deadline_reminders, remind_late
from evaluator.nominations.models import NominationState
from evaluator.rounds import operations as rounds
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import VoteChoice
from tests.mail.conftest import outbox
from tests.support.commission import (
    ADMIN,
    CHAIR,
    CONNY,
    MAX,
    MIA,
    Commission,
    logged_in,
    score,
    set_phase,
    vote,
)
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user
from tests.support.web import WebClient

DEADLINE = datetime(2027, 1, 15, 22, 59, tzinfo=UTC)
DAY = timedelta(days=1)


def test_the_windows_of_the_two_reminders() -> None:
    assert lead_time_due(DEADLINE, DEADLINE - 8 * DAY) is None
    assert lead_time_due(DEADLINE, DEADLINE - 7 * DAY - timedelta(seconds=1)) is None
    assert lead_time_due(DEADLINE, DEADLINE - 7 * DAY) == 7 * DAY
    assert lead_time_due(DEADLINE, DEADLINE - 2 * DAY) == 7 * DAY
    assert lead_time_due(DEADLINE, DEADLINE - DAY - timedelta(seconds=1)) == 7 * DAY
    assert lead_time_due(DEADLINE, DEADLINE - DAY) == DAY
    assert lead_time_due(DEADLINE, DEADLINE - timedelta(minutes=1)) == DAY
    assert lead_time_due(DEADLINE, DEADLINE) is None
    assert lead_time_due(DEADLINE, DEADLINE + DAY) is None


@pytest.fixture()
def nominating(session):  # type: ignore[no-untyped-def]
    """A nominating round: hydrology has a draft (and a submitted one), geodesy only a submitted
    nomination. Cora and Carl coordinate hydrology (Gone too, but deactivated), Otto geodesy."""
    hydrology = make_unit(session, "Institute of Hydrology")
    geodesy = make_unit(session, "Institute of Geodesy")
    make_user(session, Role.COORDINATOR, email="cora@example.org", name="Cora", units=[hydrology])
    make_user(session, Role.COORDINATOR, email="carl@example.org", name="Carl", units=[hydrology, geodesy])
    make_user(session, Role.COORDINATOR, email="otto@example.org", name="Otto", units=[geodesy])
    make_user(session, Role.COORDINATOR, email="gone@example.org", units=[hydrology], active=False)
    make_user(session, Role.MEMBER, email="mia@example.org")
    round_ = make_round(session, 2027, phase=RoundPhase.NOMINATING, nomination_deadline=DEADLINE)
    draft = make_nomination(
        session, round_, make_initiative(session, hydrology, "Water Draft"), state=NominationState.DRAFT
    )
    make_nomination(session, round_, make_initiative(session, hydrology, "Water Submitted"))
    make_nomination(session, round_, make_initiative(session, geodesy, "Geodesy Submitted"))
    make_nomination(
        session,
        round_,
        make_initiative(session, geodesy, "Geodesy Withdrawn"),
        state=NominationState.WITHDRAWN,
    )
    session.commit()
    return round_, draft


def queued_at(session, moment: datetime) -> int:  # type: ignore[no-untyped-def]
    count = queue_deadline_reminders(session, now=moment)
    session.commit()
    return count


def test_coordinators_with_drafts_are_reminded_a_week_and_a_day_ahead_once_each(session, nominating) -> None:
    round_, draft = nominating
    assert queued_at(session, DEADLINE - 8 * DAY) == 0  # too early

    assert queued_at(session, DEADLINE - 7 * DAY + timedelta(hours=1)) == 2
    assert queued_at(session, DEADLINE - 7 * DAY + timedelta(hours=2)) == 0  # the next hourly run
    assert queued_at(session, DEADLINE - 2 * DAY) == 0

    assert queued_at(session, DEADLINE - DAY + timedelta(minutes=30)) == 2
    assert queued_at(session, DEADLINE - timedelta(hours=1)) == 0
    assert queued_at(session, DEADLINE + timedelta(hours=1)) == 0  # too late

    mails = outbox(session)
    assert sorted((m.to_address, m.kind) for m in mails) == [
        ("carl@example.org", "reminder_nominations"),
        ("carl@example.org", "reminder_nominations"),
        ("cora@example.org", "reminder_nominations"),
        ("cora@example.org", "reminder_nominations"),
    ]
    week, day = (m for m in mails if m.to_address == "cora@example.org")
    assert week.subject == "Reminder: nominations for the 2027 selection close within a week"
    assert day.subject == "Reminder: nominations for the 2027 selection close within a day"
    assert "has 1 nomination in the 2027 selection that has not been submitted" in week.body_text
    assert f"- Water Draft: http://127.0.0.1:5000/nominations/{draft.id}\n" in week.body_text
    assert "Submitted" not in week.body_text and "Withdrawn" not in week.body_text
    assert "by January 15, 2027, 11:59\u202fPM (Berlin time)" in week.body_text
    assert {m.round_id for m in mails} == {round_.id}
    assert week.dedupe_key != day.dedupe_key


def test_an_extended_deadline_gets_reminders_of_its_own(session, nominating) -> None:
    round_, _draft = nominating
    admin = make_user(session, Role.ADMIN)
    assert queued_at(session, DEADLINE - DAY + timedelta(hours=1)) == 2
    with frozen_at(DEADLINE - timedelta(hours=2)):
        rounds.extend_deadline(session, round_, actor=admin, new_deadline=DEADLINE + 7 * DAY)
    session.commit()
    assert queued_at(session, DEADLINE - timedelta(hours=1)) == 0  # more than 7 days left now
    assert queued_at(session, DEADLINE + timedelta(hours=1)) == 2  # 7 days before the new deadline
    assert queued_at(session, DEADLINE + 6 * DAY + timedelta(hours=1)) == 2  # 1 day before it
    assert queued_at(session, DEADLINE + 6 * DAY + timedelta(hours=2)) == 0
    assert len(outbox(session)) == 6


def test_no_reminders_without_a_deadline_or_outside_a_running_phase(session) -> None:
    make_round(session, 2026, phase=RoundPhase.PUBLISHED, nomination_deadline=DEADLINE)
    make_round(session, 2027, phase=RoundPhase.NOMINATING)
    unit = make_unit(session)
    make_user(session, Role.COORDINATOR, units=[unit])
    session.commit()
    assert queued_at(session, DEADLINE - DAY) == 0


def test_members_with_open_sheets_are_reminded_before_the_review_deadline(
    session, commission: Commission
) -> None:
    round_ = session.get(Round, commission.round_id)
    round_.review_deadline = DEADLINE
    session.commit()
    score(session, commission, MIA, commission.hydro_id, 1, 2, 3, 4)
    score(session, commission, MIA, commission.geo_id, 1, 2, 3, 4)  # Mia is done
    score(session, commission, MAX, commission.geo_id, 1, 2, 3, 4, draft=True)  # a draft is open
    score(session, commission, CONNY, commission.geo_id, 1, 2, 3, 4)  # done: hydro is a conflict
    # Chris has started nothing.

    assert queued_at(session, DEADLINE - 3 * DAY) == 2
    assert queued_at(session, DEADLINE - 3 * DAY + timedelta(hours=1)) == 0

    mails = {m.to_address: m for m in outbox(session)}
    assert set(mails) == {MAX, CHAIR}
    assert mails[MAX].kind == "reminder_reviewing"
    assert mails[MAX].subject == "Reminder: the review of the 2026 selection closes within a week"
    assert "You have 2 score sheets in the 2026 selection that are not submitted yet." in mails[MAX].body_text
    assert "http://127.0.0.1:5000/review/\n" in mails[MAX].body_text


def test_members_with_missing_votes_are_reminded_before_the_voting_deadline(
    session, commission: Commission
) -> None:
    set_phase(session, commission, RoundPhase.VOTING)
    round_ = session.get(Round, commission.round_id)
    round_.voting_deadline = DEADLINE
    session.commit()
    vote(session, commission, MIA, commission.hydro_id, VoteChoice.AWARD)
    vote(session, commission, MIA, commission.geo_id, VoteChoice.ABSTAIN)
    vote(session, commission, CONNY, commission.geo_id, VoteChoice.AWARD)  # her only vote
    vote(session, commission, MAX, commission.geo_id, VoteChoice.AWARD)  # one missing

    assert queued_at(session, DEADLINE - timedelta(hours=5)) == 2
    assert queued_at(session, DEADLINE - timedelta(hours=4)) == 0

    mails = {m.to_address: m for m in outbox(session)}
    assert set(mails) == {MAX, CHAIR}
    assert mails[MAX].subject == "Reminder: voting in the 2026 selection closes within a day"
    assert "You have not yet voted on 1 nomination of the 2026 selection." in mails[MAX].body_text
    assert "You have not yet voted on 2 nominations" in mails[CHAIR].body_text
    assert f"http://127.0.0.1:5000/review/rounds/{commission.round_id}/ballot" in mails[MAX].body_text


def test_send_reminders_twice_queues_each_reminder_once(app, session, nominating) -> None:
    runner = app.test_cli_runner()
    with frozen_at(DEADLINE - 3 * DAY):
        first = runner.invoke(args=["send-reminders"])
        second = runner.invoke(args=["send-reminders"])
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert first.output == "Queued 2 reminders.\n"
    assert second.output == "Queued 0 reminders.\n"
    assert len(outbox(session)) == 2


# -- "Remind the late ones" -------------------------------------------------------------------------


def progress_url(commission: Commission) -> str:
    return f"/review/rounds/{commission.round_id}/progress"


def remind(client: WebClient, commission: Commission):  # type: ignore[no-untyped-def]
    return client.submit(progress_url(commission), {}, action=f"/review/rounds/{commission.round_id}/remind")


def test_an_admin_reminds_the_late_members_now(session, commission: Commission, client: WebClient) -> None:
    score(session, commission, MIA, commission.hydro_id, 1, 2, 3, 4)
    score(session, commission, MIA, commission.geo_id, 1, 2, 3, 4)
    score(session, commission, CONNY, commission.geo_id, 1, 2, 3, 4)
    logged_in(client, ADMIN)
    page = client.text(progress_url(commission))
    assert "Remind the late ones" in page
    assert "An e-mail goes to each of the 2 members who are behind." in page

    response = remind(client, commission)

    assert response.status_code == 302
    assert response.headers["Location"] == progress_url(commission)
    assert "Reminders to 2 members have been queued." in client.text(progress_url(commission))
    mails = {m.to_address: m for m in outbox(session)}
    assert set(mails) == {MAX, CHAIR}
    assert {m.kind for m in mails.values()} == {"reminder_late"}
    assert {m.dedupe_key for m in mails.values()} == {None}
    assert mails[CHAIR].subject == "Reminder: your score sheets for the 2026 selection"
    assert mails[CHAIR].body_text.startswith(
        "Dear Chris Chair,\n\nThe commission's office asks you to complete your review.\n\n"
        "You have 2 score sheets in the 2026 selection that are not submitted yet."
    )
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "mail:remind-late")).one()
    assert event.actor_id == commission.users[ADMIN]
    assert event.round_id == commission.round_id
    assert event.details["after"]["count"] == 2
    assert sorted(event.details["after"]["recipients"]) == sorted(
        [commission.users[MAX], commission.users[CHAIR]]
    )

    remind(client, commission)  # asked again, reminded again
    assert len(outbox(session)) == 4


def test_in_voting_the_late_are_those_with_missing_votes(
    session, commission: Commission, client: WebClient
) -> None:
    set_phase(session, commission, RoundPhase.VOTING)
    for email in (MIA, MAX, CHAIR):
        vote(session, commission, email, commission.hydro_id, VoteChoice.AWARD)
        vote(session, commission, email, commission.geo_id, VoteChoice.AWARD)
    logged_in(client, ADMIN)
    remind(client, commission)
    mails = outbox(session)
    assert [(m.to_address, m.subject) for m in mails] == [
        (CONNY, "Reminder: your votes in the 2026 selection")
    ]
    assert "You have not yet voted on 1 nomination" in mails[0].body_text


def test_no_one_late_means_no_mail_and_a_disabled_button(
    session, commission: Commission, client: WebClient
) -> None:
    set_phase(session, commission, RoundPhase.VOTING)
    for email in (MIA, MAX, CHAIR):
        vote(session, commission, email, commission.hydro_id, VoteChoice.AWARD)
        vote(session, commission, email, commission.geo_id, VoteChoice.AWARD)
    vote(session, commission, CONNY, commission.geo_id, VoteChoice.AWARD)
    logged_in(client, ADMIN)
    page = client.text(progress_url(commission))
    assert re.search(r"<button[^>]*disabled[^>]*>Remind the late ones", page)
    remind(client, commission)
    assert "No member is behind; no reminder was queued." in client.text(progress_url(commission))
    assert outbox(session) == []


def test_only_admins_remind_and_only_while_the_commission_works(
    session, commission: Commission, client: WebClient, new_client
) -> None:  # type: ignore[no-untyped-def]
    chair = logged_in(new_client(), CHAIR)
    assert "Remind the late ones" not in chair.text(progress_url(commission))  # the chair sees progress
    assert remind(chair, commission).status_code == 403
    member = logged_in(new_client(), MIA)
    assert member.post(f"/review/rounds/{commission.round_id}/remind", data={}).status_code in (400, 403)
    assert outbox(session) == []

    logged_in(client, ADMIN)
    no_token = client.post(f"/review/rounds/{commission.round_id}/remind", data={})
    assert no_token.status_code == 400
    assert outbox(session) == []

    set_phase(session, commission, RoundPhase.DECIDING)
    assert "Remind the late ones" not in client.text(progress_url(commission))
    response = remind(client, commission)
    assert response.status_code == 302
    assert "Reminders can be sent while the commission reviews or votes." in client.text(
        progress_url(commission)
    )
    assert outbox(session) == []


def test_remind_late_refuses_outside_reviewing_and_voting(session, commission: Commission) -> None:
    set_phase(session, commission, RoundPhase.DECIDING)
    with pytest.raises(NotAllowed):
        remind_late(session, session.get(Round, commission.round_id), actor=commission.user(session, ADMIN))
