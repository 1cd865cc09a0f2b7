"""Read-side review queries on a real database: hand-computed figures and fixed query counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.core.clock import frozen_at
from evaluator.nominations.models import Eligibility, Initiative, Nomination, NominationState
from evaluator.orgunits.models import OrgUnit
from evaluator.reviewing.models import (
    ConflictOfInterest,
    ConflictOrigin,
    Score,
    ScoreSheet,
    SheetState,
    recompute_weighted_scores,
)
from evaluator.reviewing.operations import SheetInput, declare_conflict, save_sheet, set_conflict
from evaluator.reviewing.queries import Progress, member_overview, ranking, round_progress
from evaluator.rounds.models import Category, Round, RoundPhase
from evaluator.voting.models import Vote, VoteChoice
from evaluator.voting.operations import cast_vote
from evaluator.voting.tally import Tally
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user
from tests.support.queries import counted_queries

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_clock():  # type: ignore[no-untyped-def]
    with frozen_at(NOW):
        yield


def submit(session, nomination: Nomination, member: User, *values: int, draft: bool = False) -> None:  # type: ignore[no-untyped-def]
    criteria = [c.id for c in nomination.category.criteria]
    save_sheet(
        session,
        nomination,
        member=member,
        data=SheetInput(scores=dict(zip(criteria, values, strict=True)), submit=not draft),
    )


# -- Ranking on a hand-computed example -----------------------------------------------------------


@dataclass
class Example:
    round_: Round
    category: Category
    strong: Nomination
    split: Nomination
    unscored: Nomination
    ineligible: Nomination
    elsewhere: Nomination  # in the second category


@pytest.fixture()
def example(session) -> Example:  # type: ignore[no-untyped-def]
    """Criteria weights 1, 2, 3, 4. Members A and B score everything; C is found conflicted with
    "strong" after submitting; D leaves only a (complete) draft.

    strong:  A 5 4 3 2 (sheet 3.0), B 4 4 4 5 (sheet 4.4); C 0 0 0 0 conflicted; D 5 5 5 5 draft.
             criterion means 4.5 4 3.5 3.5 → (4.5 + 8 + 10.5 + 14) / 10 = 3.70; spread 0.70.
    split:   A 2 2 2 2 (2.0), B 1 1 1 1 (1.0), C 5 5 5 5 (5.0).
             criterion means 8/3 each → 2.67; spread √(78/27) = 1.70 (disagreement).
    """
    unit = make_unit(session, "Institute of Hydrology")
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING, categories=2)
    category, second = round_.categories

    def nominate(title: str, in_category: Category = category) -> Nomination:
        initiative = make_initiative(session, unit, title)
        return make_nomination(
            session, round_, initiative, category=in_category, eligibility=Eligibility.ELIGIBLE
        )

    a, b, c, d = (make_user(session, Role.MEMBER, name=f"Member {x}") for x in "ABCD")
    admin = make_user(session, Role.ADMIN)
    ex = Example(
        round_=round_,
        category=category,
        strong=nominate("Strong Partnership"),
        split=nominate("Split Opinion Network"),
        unscored=nominate("Unscored Programme"),
        ineligible=nominate("Ineligible After All"),
        elsewhere=nominate("Other Category Network", second),
    )
    submit(session, ex.strong, a, 5, 4, 3, 2)
    submit(session, ex.strong, b, 4, 4, 4, 5)
    submit(session, ex.strong, c, 0, 0, 0, 0)
    submit(session, ex.strong, d, 5, 5, 5, 5, draft=True)
    submit(session, ex.split, a, 2, 2, 2, 2)
    submit(session, ex.split, b, 1, 1, 1, 1)
    submit(session, ex.split, c, 5, 5, 5, 5)
    submit(session, ex.ineligible, a, 5, 5, 5, 5)
    set_conflict(session, ex.strong, member=c, actor=admin, reason="Co-applicant, found out late.")
    ex.ineligible.eligibility = Eligibility.INELIGIBLE
    session.flush()
    return ex


def test_the_ranking_follows_the_hand_computed_figures(session, example: Example) -> None:
    rows = ranking(session, example.round_, example.category)

    assert [row.item for row in rows] == [example.strong, example.split, example.unscored]
    strong, split, unscored = rows
    assert (strong.nomination_id, strong.rank, strong.sheets, strong.weighted, strong.spread) == (
        example.strong.id,
        1,
        2,
        3.7,
        0.7,
    )
    assert strong.distribution == [0, 0, 0, 1, 1, 0] and not strong.disagreement
    assert (split.rank, split.sheets, split.weighted, split.spread) == (2, 3, 2.67, 1.7)
    assert split.distribution == [0, 1, 1, 0, 0, 1] and split.disagreement
    assert (unscored.rank, unscored.sheets, unscored.weighted, unscored.spread, unscored.normalised) == (
        None,
        0,
        None,
        None,
        None,
    )
    assert unscored.distribution == [0] * 6


def test_the_normalised_view_uses_each_members_habits(session, example: Example) -> None:
    """A: sheets 3.0 and 2.0 (mean 2.5, sd 0.5); B: 4.4 and 1.0 (mean 2.7, sd 1.7); C has one
    counted sheet (5.0) and so no spread: z 0. strong: (1 + 1) / 2 = 1; split: (-1 - 1 + 0) / 3."""
    rows = ranking(session, example.round_, example.category, by_normalised=True)

    assert [(row.item, row.normalised, row.rank) for row in rows] == [
        (example.strong, 1.0, 1),
        (example.split, -0.67, 2),
        (example.unscored, None, None),
    ]


def test_a_cleared_conflict_lets_the_sheet_count_again(session, example: Example) -> None:
    conflict = session.scalar(
        sa.select(ConflictOfInterest).where(ConflictOfInterest.nomination_id == example.strong.id)
    )
    conflict.cleared_at = NOW
    session.flush()

    rows = {row.item.title: row for row in ranking(session, example.round_, example.category)}

    # Means 3 2.67 2.33 2.33 → (3 + 5.33 + 7 + 9.33) / 10 = 2.47, now just below "split".
    strong = rows["Strong Partnership"]
    assert (strong.sheets, strong.weighted, strong.rank) == (3, 2.47, 2)
    assert rows["Split Opinion Network"].rank == 1


def test_equal_scores_share_a_rank(session) -> None:  # type: ignore[no-untyped-def]
    unit = make_unit(session)
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING)
    member = make_user(session, Role.MEMBER)
    nominations = [
        make_nomination(
            session, round_, make_initiative(session, unit, title), eligibility=Eligibility.ELIGIBLE
        )
        for title in ("Alpha", "Beta", "Gamma")
    ]
    submit(session, nominations[0], member, 3, 3, 3, 3)
    submit(session, nominations[1], member, 4, 4, 4, 4)
    submit(session, nominations[2], member, 3, 3, 3, 3)

    rows = ranking(session, round_, round_.categories[0])

    assert [(row.item.title, row.weighted, row.rank) for row in rows] == [
        ("Beta", 4.0, 1),
        ("Alpha", 3.0, 2),
        ("Gamma", 3.0, 2),
    ]


# -- Ranking: the same number of queries for 5 and for 500 nominations --------------------------------


def bulk_nominations(
    session,  # type: ignore[no-untyped-def]
    round_: Round,
    category: Category,
    unit: OrgUnit,
    members: list[User],
    count: int,
) -> None:
    """``count`` eligible nominations, each with a submitted sheet of every member: bulk inserts."""
    initiative_ids = session.scalars(
        sa.insert(Initiative).returning(Initiative.id, sort_by_parameter_order=True),
        [
            {"title": f"{category.name} initiative {i:03d}", "org_unit_id": unit.id, "summary": "Joint work."}
            for i in range(count)
        ],
    ).all()
    nomination_ids = session.scalars(
        sa.insert(Nomination).returning(Nomination.id, sort_by_parameter_order=True),
        [
            {
                "round_id": round_.id,
                "initiative_id": initiative_id,
                "category_id": category.id,
                "org_unit_id": unit.id,
                "state": NominationState.SUBMITTED,
                "eligibility": Eligibility.ELIGIBLE,
                "title": f"{category.name} initiative {i:03d}",
                "summary": "Joint work.",
                "description": "A description.",
                "head_support_confirmed": True,
                "submitted_at": NOW - timedelta(days=30),
            }
            for i, initiative_id in enumerate(initiative_ids)
        ],
    ).all()
    sheets = [(n, m.id) for n in nomination_ids for m in members]
    sheet_ids = session.scalars(
        sa.insert(ScoreSheet).returning(ScoreSheet.id, sort_by_parameter_order=True),
        [
            {
                "nomination_id": n,
                "member_id": m,
                "state": SheetState.SUBMITTED,
                "comment": "",
                "submitted_at": NOW,
            }
            for n, m in sheets
        ],
    ).all()
    criteria = [c.id for c in category.criteria]
    session.execute(
        sa.insert(Score),
        [
            {"sheet_id": sheet_id, "criterion_id": criterion_id, "value": (i + j) % 6}
            for i, sheet_id in enumerate(sheet_ids)
            for j, criterion_id in enumerate(criteria)
        ],
    )
    recompute_weighted_scores(session)


def test_the_ranking_takes_as_many_queries_for_500_nominations_as_for_5(session) -> None:
    unit = make_unit(session)
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING, categories=2)
    members = [make_user(session, Role.MEMBER, name=f"Member {i}") for i in range(3)]
    small, large = round_.categories
    bulk_nominations(session, round_, small, unit, members, 5)
    bulk_nominations(session, round_, large, unit, members, 500)
    # A conflicted member and a draft in each category, so that the filters have work to do.
    for category in (small, large):
        first = session.scalar(
            sa.select(Nomination.id).where(Nomination.category_id == category.id).order_by(Nomination.id)
        )
        session.add(
            ConflictOfInterest(
                member_id=members[0].id, nomination_id=first, origin=ConflictOrigin.DECLARED, reason="x"
            )
        )
    round_id, category_ids = round_.id, (small.id, large.id)
    session.commit()

    counts, lengths = {}, {}
    for category_id in category_ids:
        session.expunge_all()
        round_ = session.get(Round, round_id)
        category = session.get(Category, category_id)
        with counted_queries() as statements:
            rows = ranking(session, round_, category)
        with counted_queries() as raw_statements:
            ranking(session, round_, category, with_normalised=False)
        counts[len(rows)] = (len(statements), len(raw_statements))
        lengths[category_id] = rows

    assert set(counts) == {5, 500}
    # Nominations and the per-nomination aggregate; the normalised figures add the members'
    # baselines and the sheets.
    assert counts[5] == counts[500] == (4, 2), counts
    large_rows = lengths[category_ids[1]]
    assert all(row.weighted is not None for row in large_rows)
    assert sorted(row.sheets for row in large_rows)[:2] == [2, 3]  # the conflicted sheet is left out
    assert [row.rank for row in large_rows][:1] == [1]


# -- Round progress and the member's overview --------------------------------------------------------


@dataclass
class Progressing:
    round_: Round
    first: Nomination  # "A …", category 1
    second: Nomination  # "B …", category 1
    third: Nomination  # "C …", category 2
    a: User
    b: User
    chair: User


@pytest.fixture()
def progressing(session) -> Progressing:  # type: ignore[no-untyped-def]
    """A: first submitted, second draft, third not started; votes first.
    B: submitted first (then declared a conflict with it after voting on it), second, third;
    votes first and second. Chair: no sheet; votes third. An inactive member and an
    admin are not part of the commission's progress; a pending and a draft nomination are
    not part of the review."""
    unit = make_unit(session, "Institute of Hydrology")
    round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING, categories=2)

    def nominate(title: str, position: int, **kwargs) -> Nomination:  # type: ignore[no-untyped-def]
        kwargs.setdefault("eligibility", Eligibility.ELIGIBLE)
        initiative = make_initiative(session, unit, title)
        return make_nomination(session, round_, initiative, category=round_.categories[position], **kwargs)

    p = Progressing(
        round_=round_,
        first=nominate("A Water Partnership", 0),
        second=nominate("B Summer School", 0),
        third=nominate("C Network", 1),
        a=make_user(session, Role.MEMBER, name="Anna A"),
        b=make_user(session, Role.MEMBER, name="Bert B"),
        chair=make_user(session, Role.CHAIR, name="Chris Chair"),
    )
    nominate("D Pending", 0, eligibility=Eligibility.PENDING)
    nominate("E Draft", 1, state=NominationState.DRAFT, eligibility=Eligibility.PENDING)
    inactive = make_user(session, Role.MEMBER, name="Ina Inactive")
    make_user(session, Role.ADMIN, name="Ada Admin")

    submit(session, p.first, p.a, 3, 3, 3, 3)
    first_criterion = p.second.category.criteria[0].id
    save_sheet(session, p.second, member=p.a, data=SheetInput(scores={first_criterion: 3}, comment="Later."))
    for nomination in (p.first, p.second, p.third):
        submit(session, nomination, p.b, 4, 4, 4, 4)
    submit(session, p.third, inactive, 1, 1, 1, 1)
    round_.phase = RoundPhase.VOTING
    session.flush()
    cast_vote(session, p.first, member=p.a, choice=VoteChoice.AWARD)
    cast_vote(session, p.first, member=p.b, choice=VoteChoice.AWARD)
    cast_vote(session, p.second, member=p.b, choice=VoteChoice.DO_NOT_AWARD)
    cast_vote(session, p.third, member=p.chair, choice=VoteChoice.ABSTAIN)
    declare_conflict(session, p.first, member=p.b, reason="Realised I reviewed their grant.")
    inactive.active = False
    session.flush()
    return p


def test_round_progress_counts_per_member_and_per_nomination(session, progressing: Progressing) -> None:
    p = progressing

    progress = round_progress(session, p.round_)

    by_member = {
        row.member.display_name: (
            row.submitted,
            row.drafted,
            row.not_started,
            row.conflicted,
            row.votes,
            row.to_vote,
        )
        for row in progress.members
    }
    assert by_member == {
        "Anna A": (1, 1, 1, 0, 1, 2),
        "Bert B": (2, 0, 0, 1, 1, 1),
        "Chris Chair": (0, 0, 3, 0, 1, 2),
    }
    by_nomination = {
        row.nomination.title: (row.submitted_sheets, row.draft_sheets, row.conflicted, row.tally)
        for row in progress.nominations
    }
    assert by_nomination == {
        "A Water Partnership": (1, 0, 1, Tally(award=1, do_not_award=0, abstain=0, electorate=2)),
        "B Summer School": (1, 1, 0, Tally(award=0, do_not_award=1, abstain=0, electorate=3)),
        "C Network": (1, 0, 0, Tally(award=0, do_not_award=0, abstain=1, electorate=3)),
    }


def test_the_member_overview_shows_the_members_own_progress(session, progressing: Progressing) -> None:
    p = progressing

    def overview(member: User) -> list[tuple[str, list[tuple[str, str, VoteChoice | None]]]]:
        return [
            (category.name, [(item.title, item.progress, item.vote) for item in items])
            for category, items in member_overview(session, member, p.round_)
        ]

    assert overview(p.a) == [
        (
            "Category 1",
            [
                ("A Water Partnership", Progress.SUBMITTED, VoteChoice.AWARD),
                ("B Summer School", Progress.DRAFT, None),
            ],
        ),
        ("Category 2", [("C Network", Progress.NOT_STARTED, None)]),
    ]
    assert overview(p.b) == [
        (
            "Category 1",
            [
                ("A Water Partnership", Progress.CONFLICTED, None),  # the earlier vote stays hidden
                ("B Summer School", Progress.SUBMITTED, VoteChoice.DO_NOT_AWARD),
            ],
        ),
        ("Category 2", [("C Network", Progress.SUBMITTED, None)]),
    ]


def _grow(session, round_: Round, members: list[User], unit: OrgUnit, count: int) -> None:  # type: ignore[no-untyped-def]
    """``count`` more eligible nominations, each with a sheet, a vote and a conflict."""
    start = session.scalar(sa.select(sa.func.count(Nomination.id)))
    for i in range(count):
        nomination = make_nomination(
            session,
            round_,
            make_initiative(session, unit, f"Nomination {start + i:02d}"),
            category=round_.categories[i % 2],
            eligibility=Eligibility.ELIGIBLE,
        )
        scores = [Score(criterion_id=c.id, value=3) for c in nomination.category.criteria]
        session.add(
            ScoreSheet(nomination=nomination, member=members[0], state=SheetState.SUBMITTED, scores=scores)
        )
        session.add(ScoreSheet(nomination=nomination, member=members[1], state=SheetState.DRAFT))
        session.add(Vote(nomination=nomination, member=members[0], choice=VoteChoice.AWARD))
        session.add(
            ConflictOfInterest(
                member=members[2], nomination=nomination, origin=ConflictOrigin.DECLARED, reason="x"
            )
        )
    session.commit()


def test_progress_and_overview_take_as_many_queries_for_5_nominations_as_for_1(session) -> None:
    unit = make_unit(session)
    round_ = make_round(session, 2026, phase=RoundPhase.VOTING, categories=2)
    members = [make_user(session, Role.MEMBER, name=f"Member {i}") for i in range(3)]
    ids = (round_.id, [m.id for m in members], unit.id)

    counts: dict[int, tuple[int, int]] = {}
    for grow_by, total in ((1, 1), (4, 5)):
        round_, unit = session.get(Round, ids[0]), session.get(OrgUnit, ids[2])
        members = [session.get(User, i) for i in ids[1]]
        _grow(session, round_, members, unit, grow_by)
        session.expunge_all()
        round_, member = session.get(Round, ids[0]), session.get(User, ids[1][0])
        with counted_queries() as progress_statements:
            progress = round_progress(session, round_)
        with counted_queries() as overview_statements:
            groups = member_overview(session, member, round_)
        assert len(progress.nominations) == total
        assert sum(len(items) for _category, items in groups) == total
        assert [row.submitted for row in progress.members] == [total, 0, 0]
        assert [row.conflicted for row in progress.members] == [0, 0, total]
        counts[total] = (len(progress_statements), len(overview_statements))

    assert counts[1] == counts[5], counts
