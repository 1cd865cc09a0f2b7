"""The ballot, the single vote and the decision form, through the web on SQLite and PostgreSQL.

Members vote on one page for all nominations they may vote on; the chair and admins record the
decisions, pre-filled from the vote, with a rationale whenever they depart from it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.audit.models import AuditEvent
from evaluator.nominations.models import Eligibility, Nomination
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Decision, Outcome, Vote, VoteChoice
from tests.support.commission import (
    ADMIN,
    CHAIR,
    CONNY,
    MAX,
    MIA,
    Commission,
    checked_value,
    count,
    hidden_value,
    inputs_named,
    logged_in,
    row_of,
    set_phase,
    vote,
)
from tests.support.factories import make_initiative, make_nomination

THIRD_TITLE = "Programme Three"


@pytest.fixture()
def third_id(session, commission: Commission) -> int:  # type: ignore[no-untyped-def]
    """A third eligible nomination (of the Institute of Geodesy); the round moves to voting."""
    unit = session.get(Nomination, commission.geo_id).org_unit
    nomination = make_nomination(
        session,
        session.get(Round, commission.round_id),
        make_initiative(session, unit, THIRD_TITLE),
        eligibility=Eligibility.ELIGIBLE,
    )
    session.commit()
    set_phase(session, commission, RoundPhase.VOTING)
    return nomination.id


def _ballot(c: Commission) -> str:
    return f"/review/rounds/{c.round_id}/ballot"


def _votes_of(session, c: Commission, email: str) -> dict[int, str]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return {
        v.nomination_id: str(v.choice)
        for v in session.scalars(sa.select(Vote).where(Vote.member_id == c.users[email]))
    }


def _vote_events(session) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(
        session.scalars(sa.select(AuditEvent).where(AuditEvent.action.like("vote:%")).order_by(AuditEvent.id))
    )


# -- The ballot ------------------------------------------------------------------------------------


def test_the_ballot_saves_several_votes_at_once_and_leaves_open_ones_open(
    session, client, commission: Commission, third_id: int
) -> None:
    c = commission
    mia = logged_in(client, MIA)

    response = mia.submit(_ballot(c), {f"vote-{c.hydro_id}": "award", f"vote-{c.geo_id}": "do_not_award"})

    assert response.status_code == 302
    assert response.headers["Location"] == _ballot(c)
    assert _votes_of(session, c, MIA) == {c.hydro_id: "award", c.geo_id: "do_not_award"}
    page = mia.text(_ballot(c))
    assert "Your votes have been saved." in page
    assert checked_value(page, f"vote-{c.hydro_id}") == "award"
    assert checked_value(page, f"vote-{c.geo_id}") == "do_not_award"
    assert checked_value(page, f"vote-{third_id}") is None
    assert [e.action for e in _vote_events(session)] == ["vote:cast", "vote:cast"]


def test_changing_one_vote_on_the_ballot_changes_only_that_one(
    session, client, commission: Commission, third_id: int
) -> None:
    c = commission
    mia = logged_in(client, MIA)
    all_three = {f"vote-{c.hydro_id}": "award", f"vote-{c.geo_id}": "award", f"vote-{third_id}": "abstain"}
    assert mia.submit(_ballot(c), all_three).status_code == 302
    events = len(_vote_events(session))

    response = mia.submit(_ballot(c), all_three | {f"vote-{c.geo_id}": "do_not_award"})

    assert response.status_code == 302
    assert _votes_of(session, c, MIA) == {c.hydro_id: "award", c.geo_id: "do_not_award", third_id: "abstain"}
    (change,) = _vote_events(session)[events:]
    assert (change.action, change.object_id) == ("vote:change", c.geo_id)
    assert change.details["before"] == {"choice": "award"} and change.details["after"] == {
        "choice": "do_not_award"
    }
    assert "Your votes have been saved." in mia.text(_ballot(c))

    unchanged = mia.submit(_ballot(c), all_three | {f"vote-{c.geo_id}": "do_not_award"})
    assert unchanged.status_code == 302
    assert "Nothing has changed." in mia.text(_ballot(c))
    assert len(_vote_events(session)) == events + 1


def test_a_conflicted_nomination_has_no_place_on_the_ballot_and_a_forged_vote_is_ignored(
    session, client, commission: Commission, third_id: int
) -> None:
    c = commission
    conny = logged_in(client, CONNY)
    page = conny.text(_ballot(c))
    assert inputs_named(page, f"vote-{c.hydro_id}") == []
    assert len(inputs_named(page, f"vote-{c.geo_id}")) == 3

    response = conny.submit(_ballot(c), {f"vote-{c.hydro_id}": "award", f"vote-{c.geo_id}": "award"})

    assert response.status_code == 302
    assert _votes_of(session, c, CONNY) == {c.geo_id: "award"}
    row = row_of(conny.text(_ballot(c)), c.hydro_id)
    assert row is not None and "Conflict of interest" in row


def test_a_ballot_without_csrf_token_is_refused(
    session, client, commission: Commission, third_id: int
) -> None:
    c = commission
    mia = logged_in(client, MIA)

    ballot = mia.post(_ballot(c), data={f"vote-{c.hydro_id}": "award", f"vote-{c.geo_id}": "award"})
    single = mia.post(f"/review/nominations/{c.geo_id}/vote", data={"vote-choice": "award"})

    assert ballot.status_code == 400
    assert single.status_code == 400
    assert count(session, Vote) == 0


def test_an_unknown_choice_refuses_the_whole_ballot(
    session, client, commission: Commission, third_id: int
) -> None:
    c = commission
    mia = logged_in(client, MIA)

    # The Geodesy row comes first on the page, so its valid vote is written before the bad one.
    response = mia.submit(_ballot(c), {f"vote-{c.geo_id}": "award", f"vote-{c.hydro_id}": "maybe"})

    assert response.status_code == 400
    assert count(session, Vote) == 0


@pytest.mark.parametrize("phase", [RoundPhase.REVIEWING, RoundPhase.DECIDING])
def test_outside_voting_the_ballot_is_read_only(
    session, client, commission: Commission, third_id: int, phase: RoundPhase
) -> None:
    c = commission
    if phase is RoundPhase.DECIDING:
        vote(session, c, MIA, c.geo_id, VoteChoice.AWARD)
    set_phase(session, c, phase)
    mia = logged_in(client, MIA)
    before = _votes_of(session, c, MIA)

    page = mia.text(_ballot(c))
    response = mia.submit(_ballot(c), {f"vote-{c.geo_id}": "do_not_award"})

    assert 'type="submit">Save votes<' not in page
    assert all("disabled" in tag for tag in inputs_named(page, f"vote-{c.geo_id}"))
    assert response.status_code == 403
    assert _votes_of(session, c, MIA) == before


def test_after_the_voting_deadline_a_vote_is_refused_with_a_message(
    session, client, commission: Commission, third_id: int
) -> None:
    c = commission
    round_ = session.get(Round, c.round_id)
    round_.voting_deadline = datetime.now(UTC) - timedelta(minutes=5)
    session.commit()
    mia = logged_in(client, MIA)

    response = mia.submit(_ballot(c), {f"vote-{c.geo_id}": "award"})

    assert response.status_code == 200
    assert "The voting deadline has passed" in response.get_data(as_text=True)
    assert count(session, Vote) == 0


# -- The single vote on the nomination page ----------------------------------------------------------


def test_a_member_votes_and_changes_the_vote_on_the_nomination_page(
    session, client, commission: Commission, third_id: int
) -> None:
    c = commission
    mia = logged_in(client, MIA)
    page = f"/review/nominations/{c.geo_id}"
    action = f"{page}/vote"

    first = mia.submit(page, {"vote-choice": "abstain"}, action=action)
    assert first.status_code == 302 and first.headers["Location"] == page
    assert "Your vote has been saved." in mia.text(page)
    changed = mia.submit(page, {"vote-choice": "award"}, action=action)
    assert changed.status_code == 302

    assert _votes_of(session, c, MIA) == {c.geo_id: "award"}
    assert checked_value(mia.text(page), "vote-choice") == "award"
    assert [e.action for e in _vote_events(session)] == ["vote:cast", "vote:change"]


def test_a_vote_without_a_choice_is_refused_with_a_message(
    session, client, commission: Commission, third_id: int
) -> None:
    c = commission
    mia = logged_in(client, MIA)
    page = f"/review/nominations/{c.geo_id}"

    response = mia.submit(page, {}, action=f"{page}/vote")

    assert response.status_code == 302
    assert "Choose award, do not award or abstain." in mia.text(page)
    assert count(session, Vote) == 0


# -- Decisions ---------------------------------------------------------------------------------------


@pytest.fixture()
def deciding(session, commission: Commission) -> Commission:  # type: ignore[no-untyped-def]
    """Geodesy: two awards and one do-not-award of four members: passed. Hydrology: no votes."""
    c = commission
    set_phase(session, c, RoundPhase.VOTING)
    vote(session, c, MIA, c.geo_id, VoteChoice.AWARD)
    vote(session, c, MAX, c.geo_id, VoteChoice.AWARD)
    vote(session, c, CHAIR, c.geo_id, VoteChoice.DO_NOT_AWARD)
    set_phase(session, c, RoundPhase.DECIDING)
    return c


def _decision(session, nomination_id: int) -> Decision | None:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(sa.select(Decision).where(Decision.nomination_id == nomination_id))


def _rationale_error(html: str) -> str | None:
    match = re.search(r'<div id="rationale-error"[^>]*>(.*?)</div>', html, re.DOTALL)
    return match.group(1).strip() if match else None


def test_the_decision_form_is_pre_filled_from_the_vote(client, deciding: Commission) -> None:
    c = deciding
    chair = logged_in(client, CHAIR)

    page = chair.text(f"/review/nominations/{c.geo_id}/decision")
    missed = chair.text(f"/review/nominations/{c.hydro_id}/decision")

    assert checked_value(page, "outcome") == "awarded"
    assert "Outcome of the vote: Awarded." in page
    assert '<dd class="col-5 text-end tally-award">2</dd>' in page
    assert checked_value(missed, "outcome") == "not_awarded"
    assert "Quorum missed" in missed


def test_a_decision_against_the_vote_needs_a_rationale(session, client, deciding: Commission) -> None:
    c = deciding
    chair = logged_in(client, CHAIR)
    url = f"/review/nominations/{c.geo_id}/decision"

    refused = chair.submit(url, {"outcome": "not_awarded", "rationale": "", "feedback": "Typed feedback."})

    assert refused.status_code == 200
    html = refused.get_data(as_text=True)
    assert "differs from the vote" in (_rationale_error(html) or "")
    assert 'aria-describedby="rationale-help rationale-error"' in html
    assert checked_value(html, "outcome") == "not_awarded"
    assert "Typed feedback." in html
    assert _decision(session, c.geo_id) is None

    saved = chair.submit(
        url, {"outcome": "not_awarded", "rationale": "Partners withdrew.", "feedback": "Try again in 2031."}
    )

    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/review/rounds/{c.round_id}/decisions"
    decision = _decision(session, c.geo_id)
    assert (decision.outcome, decision.rationale, decision.feedback, decision.decided_by_id) == (
        Outcome.NOT_AWARDED,
        "Partners withdrew.",
        "Try again in 2031.",
        c.users[CHAIR],
    )
    overview = chair.text(f"/review/rounds/{c.round_id}/decisions")
    row = row_of(overview, c.geo_id)
    assert row is not None and "against the vote" in row and "Not awarded" in row
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "decision:record"))
    assert event is not None and event.details["after"]["vote"]["award"] == 2
    # Opened again, the form shows what was decided.
    again = chair.text(url)
    assert checked_value(again, "outcome") == "not_awarded"
    assert "Partners withdrew." in again


def test_a_decision_along_the_vote_needs_no_rationale(session, client, deciding: Commission) -> None:
    c = deciding
    admin = logged_in(client, ADMIN)

    response = admin.submit(
        f"/review/nominations/{c.geo_id}/decision", {"outcome": "awarded", "rationale": ""}
    )

    assert response.status_code == 302
    assert _decision(session, c.geo_id).outcome is Outcome.AWARDED


def test_without_quorum_even_the_suggested_outcome_needs_a_rationale(
    session, client, deciding: Commission
) -> None:
    c = deciding
    chair = logged_in(client, CHAIR)

    response = chair.submit(f"/review/nominations/{c.hydro_id}/decision", {"outcome": "not_awarded"})

    assert response.status_code == 200
    assert "quorum" in (_rationale_error(response.get_data(as_text=True)) or "")
    assert _decision(session, c.hydro_id) is None


def test_the_second_of_two_editors_is_refused_and_keeps_the_text(
    session, new_client, deciding: Commission
) -> None:
    c = deciding
    url = f"/review/nominations/{c.geo_id}/decision"
    chair, admin = logged_in(new_client(), CHAIR), logged_in(new_client(), ADMIN)
    chair_page = chair.text(url)
    chair_token, chair_version = hidden_value(chair_page, "csrf_token"), hidden_value(chair_page, "version")
    assert admin.submit(url, {"outcome": "awarded", "feedback": "Congratulations."}).status_code == 302

    response = chair.post(
        url,
        data={
            "csrf_token": chair_token,
            "version": chair_version,
            "outcome": "not_awarded",
            "rationale": "My own reasons.",
            "feedback": "My own feedback.",
        },
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Someone else recorded a decision on this nomination meanwhile" in html
    assert "My own reasons." in html and "My own feedback." in html
    decision = _decision(session, c.geo_id)
    assert (decision.outcome, decision.feedback, decision.decided_by_id) == (
        Outcome.AWARDED,
        "Congratulations.",
        c.users[ADMIN],
    )
    # Having seen the other decision, the chair may knowingly replace it.
    assert hidden_value(html, "version") != chair_version
    resent = chair.post(
        url,
        data={
            "csrf_token": chair_token,
            "version": hidden_value(html, "version"),
            "outcome": "not_awarded",
            "rationale": "My own reasons.",
            "feedback": "My own feedback.",
        },
    )
    assert resent.status_code == 302
    assert _decision(session, c.geo_id).outcome is Outcome.NOT_AWARDED


def test_only_the_chair_and_admins_decide_and_only_while_deciding(
    session, new_client, deciding: Commission
) -> None:
    c = deciding
    url = f"/review/nominations/{c.geo_id}/decision"
    mia, chair = logged_in(new_client(), MIA), logged_in(new_client(), CHAIR)

    assert mia.get(url).status_code == 403
    assert mia.submit("/review/", {"outcome": "awarded"}, action=url).status_code == 403
    set_phase(session, c, RoundPhase.VOTING)
    assert chair.get(url).status_code == 403
    assert chair.get(f"/review/rounds/{c.round_id}/decisions").status_code == 404
    assert count(session, Decision) == 0
