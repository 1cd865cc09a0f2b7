"""Rules that keep the commission's work fair where roles and phases meet: ranks that hint at
nothing hidden, conflicts settled before voting closes, admins on the commission bound like
everyone else, and forms that say up front when their deadline has passed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.accounts.operations import set_active, update_user
from evaluator.core.clock import now_utc
from evaluator.core.errors import NotAllowed
from evaluator.nominations.models import Nomination
from evaluator.orgunits.models import OrgUnit
from evaluator.reviewing.models import ConflictOfInterest
from evaluator.reviewing.operations import clear_conflict, declare_conflict, set_conflict
from evaluator.reviewing.queries import is_conflicted
from evaluator.rounds.models import Round, RoundPhase
from evaluator.rounds.queries import round_facts
from evaluator.voting.models import Vote, VoteChoice
from tests.support.commission import (
    ADMIN,
    CHAIR,
    CONNY,
    MAX,
    MIA,
    Commission,
    count,
    logged_in,
    row_of,
    score,
    set_phase,
    vote,
)
from tests.support.factories import make_user


def _ranks(html: str) -> list[str]:
    table = re.search(r'<table class="table align-middle" id="ranking">(.*?)</table>', html, re.DOTALL)
    assert table is not None
    return re.findall(r'<tr[^>]*data-nomination="\d+">\s*<td>([^<]*)</td>', table.group(1))


def test_a_conflicted_member_sees_ranks_without_a_gap_for_the_hidden_nomination(
    session, client, commission: Commission
) -> None:
    c = commission
    # Hydrology ranks first on the scores; Conny is conflicted with it.
    for member in (MIA, MAX, CHAIR):
        score(session, c, member, c.hydro_id, 5, 5, 5, 5)
        score(session, c, member, c.geo_id, 2, 2, 2, 2)
    score(session, c, CONNY, c.geo_id, 3, 3, 3, 3)
    set_phase(session, c, RoundPhase.VOTING)

    html = logged_in(client, CONNY).text(f"/review/rounds/{c.round_id}/ranking?category={c.category_id}")

    assert _ranks(html) == ["1", "—"]  # Geodesy is her first; the hidden row has no number
    assert "conflict of interest" in row_of(html, c.hydro_id)


def test_a_conflicted_chair_learns_nothing_of_that_nomination_on_the_progress_page(
    session, client, commission: Commission
) -> None:
    c = commission
    set_conflict(
        session,
        session.get(Nomination, c.hydro_id),
        member=c.user(session, CHAIR),
        actor=c.user(session, ADMIN),
        reason="Co-author of the proposal.",
    )
    session.commit()
    score(session, c, MIA, c.hydro_id, 4, 4, 4, 4)

    html = logged_in(client, CHAIR).text(f"/review/rounds/{c.round_id}/progress")

    row = row_of(html, c.hydro_id)
    assert "Conflict of interest" in row
    assert 'class="text-end sheets"' not in row and "href=" not in row
    assert 'class="text-end sheets"' in row_of(html, c.geo_id)


@pytest.mark.parametrize("phase", [RoundPhase.DECIDING, RoundPhase.PUBLISHED])
def test_conflicts_are_settled_before_voting_closes(session, commission: Commission, phase) -> None:
    c = commission
    set_phase(session, c, RoundPhase.DECIDING)
    geo = session.get(Nomination, c.geo_id)
    automatic = session.scalar(
        sa.select(ConflictOfInterest).where(ConflictOfInterest.member_id == c.users[CONNY])
    )

    with pytest.raises(NotAllowed):
        declare_conflict(session, geo, member=c.user(session, MIA), reason="Late doubts.")
    with pytest.raises(NotAllowed):
        set_conflict(session, geo, member=c.user(session, MAX), actor=c.user(session, ADMIN), reason="Late.")
    with pytest.raises(NotAllowed):
        clear_conflict(session, automatic, actor=c.user(session, ADMIN), reason="Late.")

    session.rollback()
    assert count(session, ConflictOfInterest) == 1
    assert count(session, ConflictOfInterest, ConflictOfInterest.cleared_at.is_not(None)) == 0


def test_an_admin_who_sits_on_the_commission_is_bound_by_conflicts_and_independence(
    session, new_client, commission: Commission
) -> None:
    c = commission
    ada = c.user(session, ADMIN)
    update_user(
        session,
        ada,
        actor=ada,
        email=ada.email,
        display_name=ada.display_name,
        roles={Role.ADMIN, Role.MEMBER},
        coordinated_units=[],
        affiliations=[session.get(OrgUnit, c.hydro_unit_id)],
    )
    session.commit()
    assert is_conflicted(session, c.user(session, ADMIN), session.get(Nomination, c.hydro_id))
    score(session, c, MIA, c.geo_id, 4, 4, 4, 4, comment="Mia's opinion")

    admin = logged_in(new_client(), ADMIN)

    assert admin.get(f"/review/nominations/{c.hydro_id}").status_code == 404
    geo_page = admin.text(f"/review/nominations/{c.geo_id}")
    assert "Mia's opinion" not in geo_page  # not before her own sheet
    assert admin.get(f"/admin/rounds/{c.round_id}").status_code == 200  # still runs the round


def test_a_reactivated_member_is_conflicted_again(session, commission: Commission) -> None:
    c = commission
    hydrology = session.get(OrgUnit, c.hydro_unit_id)
    newcomer = make_user(session, Role.MEMBER, affiliations=[hydrology], active=False)
    session.commit()
    hydro = session.get(Nomination, c.hydro_id)
    assert not is_conflicted(session, newcomer, hydro)

    set_active(session, newcomer, actor=c.user(session, ADMIN), active=True)

    assert is_conflicted(session, newcomer, hydro)


def test_only_sheets_the_ranking_counts_satisfy_the_step_to_voting(session, commission: Commission) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 3, 3, 3, 3)
    score(session, c, MAX, c.hydro_id, 3, 3, 3, 3)
    # Max turns out to be conflicted with Hydrology after submitting his sheet.
    set_conflict(
        session,
        session.get(Nomination, c.hydro_id),
        member=c.user(session, MAX),
        actor=c.user(session, ADMIN),
        reason="Joint project.",
    )
    session.commit()

    facts = round_facts(session, session.get(Round, c.round_id), now=now_utc())

    assert facts.eligible_without_submitted_sheet == 1


def test_after_the_voting_deadline_the_ballot_is_read_only_and_says_why(
    session, client, commission: Commission
) -> None:
    c = commission
    set_phase(session, c, RoundPhase.VOTING)
    vote(session, c, MIA, c.geo_id, VoteChoice.AWARD)
    round_ = session.get(Round, c.round_id)
    round_.voting_deadline = now_utc() - timedelta(minutes=1)
    session.commit()

    html = logged_in(client, MIA).text(f"/review/rounds/{c.round_id}/ballot")

    assert "The voting deadline has passed" in html
    assert "Save votes" not in html
    geo_row = row_of(html, c.geo_id)
    assert "disabled" in geo_row and re.search(r'value="award"[^>]*checked', geo_row)


def test_a_refused_ballot_comes_back_with_the_choices_made(session, client, commission: Commission) -> None:
    c = commission
    set_phase(session, c, RoundPhase.VOTING)
    mia = logged_in(client, MIA)
    page = f"/review/rounds/{c.round_id}/ballot"
    ballot = mia.text(page)  # the form as it was loaded, before the deadline passed
    round_ = session.get(Round, c.round_id)
    round_.voting_deadline = now_utc() - timedelta(seconds=1)
    session.commit()

    response = mia.submit(page, {f"vote-{c.geo_id}": "do_not_award", f"vote-{c.hydro_id}": "abstain"})

    assert "Save votes" in ballot
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "The voting deadline has passed" in body
    assert re.search(r'value="do_not_award"[^>]*checked', row_of(body, c.geo_id))
    assert re.search(r'value="abstain"[^>]*checked', row_of(body, c.hydro_id))
    session.expire_all()
    assert count(session, Vote) == 0
