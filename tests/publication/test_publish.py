"""Publishing a round on a real database: awards, their periods, and what the public sees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent
from evaluator.audit.tags import AuditAction
from evaluator.core.clock import frozen_at
from evaluator.core.errors import NotAllowed
from evaluator.nominations.models import Eligibility, Initiative, Nomination
from evaluator.publication.models import Award
from evaluator.publication.operations import plan_publication, publish_round
from evaluator.publication.queries import lighthouses_at
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Outcome
from evaluator.voting.operations import record_decision
from evaluator.voting.tally import Tally
from tests.support.factories import (
    make_award,
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)

P2021 = datetime(2021, 11, 15, 9, 0, tzinfo=UTC)
P2024 = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)
PUBLISH = datetime(2027, 2, 15, 10, 0, tzinfo=UTC)
BEFORE = PUBLISH - timedelta(days=10)


@pytest.fixture(autouse=True)
def _pinned_clock():  # type: ignore[no-untyped-def]
    with frozen_at(BEFORE):
        yield


@dataclass
class History:
    """Rounds 2021 and 2024 published; 2026 decided, waiting to be published.

    renewed: awarded 2021 and 2024, awarded again in 2026 (under a new title).
    lapsing: awarded 2024, not awarded in 2026.
    former: awarded 2021 only, not nominated since.
    newcomer: first nominated and awarded in 2026.
    rejected: nominated in 2026, not awarded. ineligible: in 2026, ineligible, no decision.
    """

    admin: User
    round_: Round
    renewed: Initiative
    lapsing: Initiative
    former: Initiative
    newcomer: Initiative
    rejected: Initiative
    nominations: dict[str, Nomination]


RENEWED_2024 = "Tongji Partnership"
RENEWED_2026 = "Dresden and Tongji Alliance"
LAPSING_2024 = "Baltic Summer School"
LAPSING_2026 = "Baltic Academy for Young Researchers"
NEWCOMER = "Andes Water Network"
REJECTED = "Rejected Exchange Scheme"
INELIGIBLE = "Ineligible Late Idea"
FORMER = "Former Programme"


def decide(session, nomination: Nomination, outcome: Outcome, admin: User) -> None:  # type: ignore[no-untyped-def]
    record_decision(
        session,
        nomination,
        actor=admin,
        outcome=outcome,
        rationale="Discussed by the commission.",
        feedback="Thank you for the nomination.",
        result=Tally(award=0, do_not_award=0, abstain=0, electorate=5),
    )


@pytest.fixture()
def history(session) -> History:  # type: ignore[no-untyped-def]
    unit = make_unit(session, "Institute of Hydrology")
    admin = make_user(session, Role.ADMIN, name="Ada Admin")
    r2021 = make_round(session, 2021, phase=RoundPhase.PUBLISHED, published_at=P2021)
    r2024 = make_round(session, 2024, phase=RoundPhase.PUBLISHED, published_at=P2024)
    round_ = make_round(session, 2026, phase=RoundPhase.DECIDING)
    renewed = make_initiative(session, unit, RENEWED_2024)
    lapsing = make_initiative(session, unit, LAPSING_2024)
    former = make_initiative(session, unit, FORMER)
    newcomer = make_initiative(session, unit, NEWCOMER)
    rejected = make_initiative(session, unit, REJECTED)
    make_award(session, r2021, renewed, valid_until=P2024)
    make_award(session, r2024, renewed)
    make_award(session, r2021, former, valid_until=P2024)
    make_award(session, r2024, lapsing)

    def nominate(initiative: Initiative, title: str, **kwargs) -> Nomination:  # type: ignore[no-untyped-def]
        kwargs.setdefault("eligibility", Eligibility.ELIGIBLE)
        return make_nomination(session, round_, initiative, title=title, **kwargs)

    nominations = {
        "renewed": nominate(renewed, RENEWED_2026),
        "lapsing": nominate(lapsing, LAPSING_2026),
        "newcomer": nominate(newcomer, NEWCOMER),
        "rejected": nominate(rejected, REJECTED),
        "ineligible": nominate(
            make_initiative(session, unit, INELIGIBLE), INELIGIBLE, eligibility=Eligibility.INELIGIBLE
        ),
    }
    for name, outcome in [
        ("renewed", Outcome.AWARDED),
        ("lapsing", Outcome.NOT_AWARDED),
        ("newcomer", Outcome.AWARDED),
        ("rejected", Outcome.NOT_AWARDED),
    ]:
        decide(session, nominations[name], outcome, admin)
    session.commit()
    return History(admin, round_, renewed, lapsing, former, newcomer, rejected, nominations)


def awards_of(session, round_: Round) -> list[tuple[int, int, datetime, datetime | None]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return [
        (a.id, a.initiative_id, a.valid_from, a.valid_until)
        for a in session.scalars(sa.select(Award).where(Award.round_id == round_.id).order_by(Award.id))
    ]


def all_awards(session) -> list[tuple[int, int, int, datetime, datetime | None]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return [
        (a.id, a.round_id, a.initiative_id, a.valid_from, a.valid_until)
        for a in session.scalars(sa.select(Award).order_by(Award.id))
    ]


def periods(session, initiative: Initiative) -> list[tuple[int, datetime, datetime | None]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return [
        (a.round.year, a.valid_from, a.valid_until)
        for a in session.scalars(
            sa.select(Award).where(Award.initiative_id == initiative.id).order_by(Award.valid_from)
        )
    ]


def test_the_preview_names_the_awards_and_each_status_change(session, history: History) -> None:
    plan = plan_publication(session, history.round_)

    assert not plan.already_published
    assert [n.title for n in plan.awarded] == [NEWCOMER, RENEWED_2026]
    assert plan.changes.new == {history.newcomer.id}
    assert plan.changes.renewed == {history.renewed.id}
    assert plan.changes.lapsed == {history.lapsing.id}
    assert plan.changes.status_of(history.former.id) is None
    assert awards_of(session, history.round_) == []


def test_publishing_awards_the_awarded_and_ends_the_earlier_awards(session, history: History) -> None:
    with frozen_at(PUBLISH):
        plan = publish_round(session, history.round_, actor=history.admin)
    session.commit()

    assert [n.title for n in plan.awarded] == [NEWCOMER, RENEWED_2026]
    assert (plan.changes.new, plan.changes.renewed, plan.changes.lapsed) == (
        {history.newcomer.id},
        {history.renewed.id},
        {history.lapsing.id},
    )
    session.expire_all()
    assert (history.round_.phase, history.round_.published_at) == (RoundPhase.PUBLISHED, PUBLISH)
    awards = session.scalars(sa.select(Award).where(Award.round_id == history.round_.id)).all()
    assert sorted((a.nomination.title, a.valid_from, a.valid_until) for a in awards) == [
        (NEWCOMER, PUBLISH, None),
        (RENEWED_2026, PUBLISH, None),
    ]
    assert all(a.category_id == a.nomination.category_id for a in awards)
    assert periods(session, history.renewed) == [
        (2021, P2021, P2024),
        (2024, P2024, PUBLISH),
        (2026, PUBLISH, None),
    ]
    assert periods(session, history.lapsing) == [(2024, P2024, PUBLISH)]
    assert periods(session, history.former) == [(2021, P2021, P2024)]  # ended long ago: untouched
    assert periods(session, history.rejected) == []

    [event] = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == str(AuditAction.ROUND_PUBLISH))
    )
    assert event.actor_id == history.admin.id and event.round_id == history.round_.id
    assert event.details == {
        "before": {"phase": "deciding"},
        "after": {
            "phase": "published",
            "published_at": PUBLISH.isoformat(),
            "new": [history.newcomer.id],
            "renewed": [history.renewed.id],
            "lapsed": [history.lapsing.id],
        },
    }


def test_lighthouse_status_before_and_after_the_publication(session, history: History) -> None:
    with frozen_at(PUBLISH):
        publish_round(session, history.round_, actor=history.admin)
    session.commit()

    def status(at: datetime) -> dict[str, datetime]:
        return {lh.nomination.title: lh.since for lh in lighthouses_at(session, at)}

    # A renewal keeps "lighthouse since" of its first award; the newcomer starts now.
    assert status(PUBLISH + timedelta(days=1)) == {NEWCOMER: PUBLISH, RENEWED_2026: P2021}
    assert status(PUBLISH) == {NEWCOMER: PUBLISH, RENEWED_2026: P2021}
    # Any moment before still shows the set of its time.
    assert status(PUBLISH - timedelta(seconds=1)) == {RENEWED_2024: P2021, LAPSING_2024: P2024}
    assert status(datetime(2022, 6, 1, tzinfo=UTC)) == {RENEWED_2024: P2021, FORMER: P2021}


def test_the_plan_after_publication_tells_what_the_publication_did(session, history: History) -> None:
    before = plan_publication(session, history.round_)
    with frozen_at(PUBLISH):
        publish_round(session, history.round_, actor=history.admin)
    session.commit()

    with frozen_at(PUBLISH + timedelta(days=400)):
        after = plan_publication(session, history.round_)

    assert after.already_published
    assert [n.id for n in after.awarded] == [n.id for n in before.awarded]
    assert after.changes == before.changes


def test_publishing_twice_changes_nothing(session, history: History) -> None:
    with frozen_at(PUBLISH):
        first = publish_round(session, history.round_, actor=history.admin)
    session.commit()
    stored = all_awards(session)

    with frozen_at(PUBLISH + timedelta(hours=1)):
        second = publish_round(session, history.round_, actor=history.admin)
    session.commit()

    assert second.already_published and not first.already_published
    assert [n.id for n in second.awarded] == [n.id for n in first.awarded]
    assert second.changes == first.changes
    assert all_awards(session) == stored
    assert history.round_.published_at == PUBLISH
    assert (
        session.scalar(
            sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == str(AuditAction.ROUND_PUBLISH))
        )
        == 1
    )


def test_an_eligible_nomination_without_a_decision_blocks_the_publication(session, history: History) -> None:
    make_nomination(
        session,
        history.round_,
        make_initiative(session, history.renewed.org_unit, "Undecided Initiative"),
        eligibility=Eligibility.ELIGIBLE,
    )
    session.commit()
    stored = all_awards(session)

    with frozen_at(PUBLISH), pytest.raises(NotAllowed, match="no decision"):
        publish_round(session, history.round_, actor=history.admin)
    session.rollback()

    assert all_awards(session) == stored
    assert (history.round_.phase, history.round_.published_at) == (RoundPhase.DECIDING, None)


@pytest.mark.parametrize("phase", [RoundPhase.VOTING, RoundPhase.REVIEWING])
def test_only_a_deciding_round_is_published(session, history: History, phase: RoundPhase) -> None:
    history.round_.phase = phase
    session.commit()
    stored = all_awards(session)

    with frozen_at(PUBLISH), pytest.raises(NotAllowed):
        publish_round(session, history.round_, actor=history.admin)
    session.rollback()

    assert all_awards(session) == stored
    assert history.round_.phase is phase and history.round_.published_at is None


def test_a_round_without_any_award_lets_every_lighthouse_lapse(session, history: History) -> None:
    decide(session, history.nominations["renewed"], Outcome.NOT_AWARDED, history.admin)
    decide(session, history.nominations["newcomer"], Outcome.NOT_AWARDED, history.admin)
    session.commit()

    with frozen_at(PUBLISH):
        plan = publish_round(session, history.round_, actor=history.admin)
    session.commit()

    assert plan.awarded == [] and plan.changes.lapsed == {history.renewed.id, history.lapsing.id}
    assert lighthouses_at(session, PUBLISH + timedelta(days=1)) == []
    assert [title for title in (lh.nomination.title for lh in lighthouses_at(session, BEFORE))] == [
        LAPSING_2024,
        RENEWED_2024,
    ]


# -- What the public sees -------------------------------------------------------------------------

NOT_PUBLIC_2026 = (RENEWED_2026, LAPSING_2026, NEWCOMER, REJECTED, INELIGIBLE)


def test_nothing_of_the_round_is_public_before_publication(client, session, history: History) -> None:
    page = client.text("/lighthouses")
    for title in NOT_PUBLIC_2026:
        assert title not in page
    assert RENEWED_2024 in page and LAPSING_2024 in page
    assert sorted(item["title"] for item in client.get("/api/v1/lighthouses").get_json()) == [
        LAPSING_2024,
        RENEWED_2024,
    ]
    assert client.get("/rounds/2026").status_code == 404
    assert client.get(f"/initiatives/{history.newcomer.id}").status_code == 404
    assert "2026 selection" not in client.text("/rounds")


def test_after_publication_exactly_the_awarded_titles_are_public(client, session, history: History) -> None:
    with frozen_at(PUBLISH):
        publish_round(session, history.round_, actor=history.admin)
    session.commit()

    with frozen_at(PUBLISH + timedelta(days=1)):
        page = client.text("/lighthouses")
        api = client.get("/api/v1/lighthouses").get_json()
        results = client.get("/rounds/2026")
        profile = client.get(f"/initiatives/{history.newcomer.id}")
        past = client.get("/api/v1/lighthouses?on=2027-02-14").get_json()

    for title in (RENEWED_2026, NEWCOMER):
        assert title in page
    for title in (LAPSING_2024, LAPSING_2026, REJECTED, INELIGIBLE, RENEWED_2024):
        assert title not in page
    assert "2 lighthouses today." in page
    assert {item["title"]: item["lighthouse_since"] for item in api} == {
        NEWCOMER: PUBLISH.isoformat(),
        RENEWED_2026: P2021.isoformat(),
    }
    assert results.status_code == 200
    html = results.get_data(as_text=True)
    assert RENEWED_2026 in html and NEWCOMER in html
    for title in (LAPSING_2026, REJECTED, INELIGIBLE):
        assert title not in html
    assert profile.status_code == 200
    assert sorted(item["title"] for item in past) == [LAPSING_2024, RENEWED_2024]
