"""Read-side queries of the commission's review. Each runs a fixed number of SQL statements,
whatever the number of nominations, members or sheets."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, defer, joinedload, selectinload

from evaluator.accounts.models import Role, User, UserRole
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.orgunits.models import OrgUnit
from evaluator.reviewing.models import ConflictOfInterest, ScoreSheet, SheetState
from evaluator.reviewing.ranking import NominationFigures, RankingRow, SheetResult, build_ranking
from evaluator.reviewing.scoring import SCALE, TOLERANCE, Baseline
from evaluator.rounds.models import PUBLIC_PHASES, Category, Round, RoundPhase
from evaluator.voting.models import ClosedTally, Decision, Vote, VoteChoice
from evaluator.voting.tally import Tally, tally

MEMBER_ROLES = (Role.MEMBER, Role.CHAIR)


def eligible_condition(round_id: int):  # type: ignore[no-untyped-def]
    return sa.and_(
        Nomination.round_id == round_id,
        Nomination.state == NominationState.SUBMITTED,
        Nomination.eligibility == Eligibility.ELIGIBLE,
    )


def not_conflicted(member_column, nomination_column):  # type: ignore[no-untyped-def]
    """SQL: no active conflict between the member and the nomination of the outer row."""
    return ~(
        sa.select(ConflictOfInterest.id)
        .where(
            ConflictOfInterest.member_id == member_column,
            ConflictOfInterest.nomination_id == nomination_column,
            ConflictOfInterest.cleared_at.is_(None),
        )
        .exists()
    )


def member_ids_query():  # type: ignore[no-untyped-def]
    """Ids of the active commission members (the chair included)."""
    return (
        sa.select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.active, UserRole.role.in_(MEMBER_ROLES))
        .distinct()
    )


def commission_members(session: Session) -> list[User]:
    return list(
        session.scalars(sa.select(User).where(User.id.in_(member_ids_query())).order_by(User.display_name))
    )


def eligible_nominations(session: Session, round_: Round, category_id: int | None = None) -> list[Nomination]:
    query = (
        sa.select(Nomination)
        .join(Nomination.category)
        .where(eligible_condition(round_.id))
        .options(
            joinedload(Nomination.category),
            joinedload(Nomination.org_unit),
            # Up to 20,000 characters each, and no list shows it: hundreds of rows would carry
            # megabytes for nothing. Raises instead of loading row by row if a list ever wants it.
            defer(Nomination.description, raiseload=True),
        )
        .order_by(Category.position, Nomination.title)
    )
    if category_id is not None:
        query = query.where(Nomination.category_id == category_id)
    return list(session.scalars(query))


def active_conflicts(session: Session, round_id: int, member_id: int | None = None) -> set[tuple[int, int]]:
    """(member id, nomination id) of every active conflict in the round."""
    query = (
        sa.select(ConflictOfInterest.member_id, ConflictOfInterest.nomination_id)
        .join(Nomination, Nomination.id == ConflictOfInterest.nomination_id)
        .where(Nomination.round_id == round_id, ConflictOfInterest.cleared_at.is_(None))
    )
    if member_id is not None:
        query = query.where(ConflictOfInterest.member_id == member_id)
    return {(m, n) for m, n in session.execute(query)}


def is_conflicted(session: Session, member: User, nomination: Nomination) -> bool:
    return (
        session.scalar(
            sa.select(ConflictOfInterest.id).where(
                ConflictOfInterest.member_id == member.id,
                ConflictOfInterest.nomination_id == nomination.id,
                ConflictOfInterest.cleared_at.is_(None),
            )
        )
        is not None
    )


def sheet_of(session: Session, member: User, nomination: Nomination) -> ScoreSheet | None:
    return session.scalar(
        sa.select(ScoreSheet)
        .where(ScoreSheet.member_id == member.id, ScoreSheet.nomination_id == nomination.id)
        .options(selectinload(ScoreSheet.scores))
    )


def vote_of(session: Session, member: User, nomination: Nomination) -> Vote | None:
    return session.scalar(
        sa.select(Vote).where(Vote.member_id == member.id, Vote.nomination_id == nomination.id)
    )


def submitted_sheets(session: Session, nomination: Nomination) -> list[ScoreSheet]:
    """Every submitted sheet of the nomination by a member not conflicted with it."""
    return list(
        session.scalars(
            sa.select(ScoreSheet)
            .join(ScoreSheet.member)
            .where(
                ScoreSheet.nomination_id == nomination.id,
                ScoreSheet.state == SheetState.SUBMITTED,
                not_conflicted(ScoreSheet.member_id, ScoreSheet.nomination_id),
            )
            .options(selectinload(ScoreSheet.scores), joinedload(ScoreSheet.member))
            .order_by(User.display_name)
        ).unique()
    )


# -- The member's own overview ------------------------------------------------------------------


class Progress:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CONFLICTED = "conflicted"


@dataclass(frozen=True)
class MemberItem:
    """One row of a member's overview: plain values, since the overview may list hundreds."""

    nomination_id: int
    title: str
    unit: str
    progress: str
    vote: VoteChoice | None = None


@dataclass
class OverviewCounts:
    """How far a member has got with a set of nominations."""

    submitted: int = 0
    drafts: int = 0
    not_started: int = 0
    conflicted: int = 0
    votes: int = 0

    @property
    def open(self) -> int:
        """The nominations the member may score and vote on (all but the conflicted)."""
        return self.submitted + self.drafts + self.not_started

    def left(self, phase: RoundPhase) -> int:
        """What is still to do in the phase: sheets while reviewing, votes while voting."""
        if phase is RoundPhase.REVIEWING:
            return self.drafts + self.not_started
        if phase is RoundPhase.VOTING:
            return self.open - self.votes
        return 0

    def add(self, item: MemberItem) -> None:
        if item.progress == Progress.CONFLICTED:
            self.conflicted += 1
            return
        if item.progress == Progress.SUBMITTED:
            self.submitted += 1
        elif item.progress == Progress.DRAFT:
            self.drafts += 1
        else:
            self.not_started += 1
        if item.vote is not None:
            self.votes += 1


def overview_counts(items: list[MemberItem]) -> OverviewCounts:
    counts = OverviewCounts()
    for item in items:
        counts.add(item)
    return counts


def category_to_show(
    groups: list[tuple[Category, list[MemberItem]]],
    counts: dict[int, OverviewCounts],
    phase: RoundPhase,
    wanted: int | None,
) -> tuple[Category, list[MemberItem]]:
    """The category an overview shown one category at a time opens on: the one asked for, else
    the first with something left to do in the phase, else the first."""
    return next((g for g in groups if g[0].id == wanted), None) or next(
        (g for g in groups if counts[g[0].id].left(phase)), groups[0]
    )


def member_overview(session: Session, member: User, round_: Round) -> list[tuple[Category, list[MemberItem]]]:
    """The round's eligible nominations grouped by category, with the member's own progress.

    Reads plain columns rather than whole nominations: five fixed statements and no objects to
    build, whether the round holds 5 nominations or 500.
    """
    categories = {c.id: c for c in session.scalars(sa.select(Category).where(Category.round_id == round_.id))}
    rows = session.execute(
        sa.select(Nomination.id, Nomination.title, Nomination.category_id, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == Nomination.org_unit_id)
        .join(Category, Category.id == Nomination.category_id)
        .where(eligible_condition(round_.id))
        .order_by(Category.position, Nomination.title)
    ).all()
    conflicts = {n for _m, n in active_conflicts(session, round_.id, member.id)}
    sheets = dict(
        session.execute(
            sa.select(ScoreSheet.nomination_id, ScoreSheet.state)
            .join(Nomination, Nomination.id == ScoreSheet.nomination_id)
            .where(ScoreSheet.member_id == member.id, Nomination.round_id == round_.id)
        ).all()
    )
    votes = dict(
        session.execute(
            sa.select(Vote.nomination_id, Vote.choice)
            .join(Nomination, Nomination.id == Vote.nomination_id)
            .where(Vote.member_id == member.id, Nomination.round_id == round_.id)
        ).all()
    )
    progress_of = {SheetState.SUBMITTED: Progress.SUBMITTED, SheetState.DRAFT: Progress.DRAFT}
    groups: dict[int, tuple[Category, list[MemberItem]]] = {}
    for nomination_id, title, category_id, unit in rows:
        if nomination_id in conflicts:
            item = MemberItem(nomination_id, title, unit, Progress.CONFLICTED)
        else:
            progress = progress_of.get(sheets.get(nomination_id), Progress.NOT_STARTED)
            item = MemberItem(nomination_id, title, unit, progress, votes.get(nomination_id))
        groups.setdefault(category_id, (categories[category_id], []))[1].append(item)
    return list(groups.values())


# -- Votes ------------------------------------------------------------------------------------


def tallies(session: Session, round_: Round) -> dict[int, Tally]:
    """The tally of every eligible nomination; once voting has closed, the count kept at its close."""
    live = live_tallies(session, round_)
    if round_.phase not in (RoundPhase.DECIDING, *PUBLIC_PHASES):
        return live
    closed = session.execute(
        sa.select(ClosedTally)
        .join(Nomination, Nomination.id == ClosedTally.nomination_id)
        .where(Nomination.round_id == round_.id)
    ).scalars()
    for row in closed:
        if row.nomination_id in live:
            live[row.nomination_id] = Tally(row.award, row.do_not_award, row.abstain, row.electorate)
    return live


def live_tallies(session: Session, round_: Round) -> dict[int, Tally]:
    """The tally of every eligible nomination now: votes of active, non-conflicted members only."""
    members = member_ids_query().scalar_subquery()
    nomination_ids = list(session.scalars(sa.select(Nomination.id).where(eligible_condition(round_.id))))
    member_count = session.scalar(sa.select(sa.func.count()).select_from(member_ids_query().subquery())) or 0
    conflicted = dict(
        session.execute(
            sa.select(ConflictOfInterest.nomination_id, sa.func.count())
            .join(Nomination, Nomination.id == ConflictOfInterest.nomination_id)
            .where(
                eligible_condition(round_.id),
                ConflictOfInterest.cleared_at.is_(None),
                ConflictOfInterest.member_id.in_(members),
            )
            .group_by(ConflictOfInterest.nomination_id)
        ).all()
    )
    choices: dict[int, list[VoteChoice]] = defaultdict(list)
    rows = session.execute(
        sa.select(Vote.nomination_id, Vote.choice, sa.func.count())
        .join(Nomination, Nomination.id == Vote.nomination_id)
        .where(
            eligible_condition(round_.id),
            Vote.member_id.in_(members),
            not_conflicted(Vote.member_id, Vote.nomination_id),
        )
        .group_by(Vote.nomination_id, Vote.choice)
    )
    for nomination_id, choice, count in rows:
        choices[nomination_id].extend([VoteChoice(choice)] * count)
    return {n: tally(choices.get(n, []), member_count - conflicted.get(n, 0)) for n in nomination_ids}


def individual_votes(session: Session, nomination: Nomination) -> list[Vote]:
    return list(
        session.scalars(
            sa.select(Vote)
            .join(Vote.member)
            .where(Vote.nomination_id == nomination.id, not_conflicted(Vote.member_id, Vote.nomination_id))
            .options(joinedload(Vote.member))
            .order_by(User.display_name)
        )
    )


# -- Progress for admins and the chair ---------------------------------------------------------


@dataclass
class MemberProgress:
    member: User
    submitted: int = 0
    drafted: int = 0
    not_started: int = 0
    conflicted: int = 0
    votes: int = 0
    to_vote: int = 0


@dataclass
class NominationProgress:
    nomination: Nomination
    submitted_sheets: int = 0
    draft_sheets: int = 0
    tally: Tally | None = None
    conflicted: int = 0


@dataclass
class RoundProgress:
    members: list[MemberProgress] = field(default_factory=list)
    nominations: list[NominationProgress] = field(default_factory=list)


def round_progress(session: Session, round_: Round) -> RoundProgress:
    """Per member and per nomination: sheets and votes so far, in a fixed number of queries."""
    members = commission_members(session)
    nominations = eligible_nominations(session, round_)
    conflicts = active_conflicts(session, round_.id)
    sheet_rows = session.execute(
        sa.select(ScoreSheet.member_id, ScoreSheet.nomination_id, ScoreSheet.state)
        .join(Nomination, Nomination.id == ScoreSheet.nomination_id)
        .where(eligible_condition(round_.id))
    ).all()
    vote_rows = session.execute(
        sa.select(Vote.member_id, Vote.nomination_id)
        .join(Nomination, Nomination.id == Vote.nomination_id)
        .where(eligible_condition(round_.id))
    ).all()
    vote_tallies = tallies(session, round_)

    by_member = {m.id: MemberProgress(member=m) for m in members}
    by_nomination = {
        n.id: NominationProgress(nomination=n, tally=vote_tallies.get(n.id)) for n in nominations
    }
    for member_id, nomination_id in conflicts:
        if member_id in by_member and nomination_id in by_nomination:
            by_member[member_id].conflicted += 1
            by_nomination[nomination_id].conflicted += 1
    for member_id, nomination_id, state in sheet_rows:
        if (member_id, nomination_id) in conflicts or member_id not in by_member:
            continue
        submitted = state == SheetState.SUBMITTED
        if submitted:
            by_member[member_id].submitted += 1
            by_nomination[nomination_id].submitted_sheets += 1
        else:
            by_member[member_id].drafted += 1
            by_nomination[nomination_id].draft_sheets += 1
    for member_id, nomination_id in vote_rows:
        if (member_id, nomination_id) not in conflicts and member_id in by_member:
            by_member[member_id].votes += 1
    for row in by_member.values():
        open_items = len(nominations) - row.conflicted
        row.not_started = open_items - row.submitted - row.drafted
        row.to_vote = open_items - row.votes
    return RoundProgress(members=list(by_member.values()), nominations=list(by_nomination.values()))


# -- Ranking ----------------------------------------------------------------------------------


def _sheet_scores(round_id: int):  # type: ignore[no-untyped-def]
    """Per submitted, unconflicted sheet of an eligible nomination: its stored weighted score."""
    return (
        sa.select(
            ScoreSheet.nomination_id.label("nomination_id"),
            ScoreSheet.member_id.label("member_id"),
            Nomination.category_id.label("category_id"),
            ScoreSheet.weighted_score.label("score"),
        )
        .join(Nomination, Nomination.id == ScoreSheet.nomination_id)
        .where(
            eligible_condition(round_id),
            ScoreSheet.state == SheetState.SUBMITTED,
            ScoreSheet.weighted_score.is_not(None),
            not_conflicted(ScoreSheet.member_id, ScoreSheet.nomination_id),
        )
    )


def scale_point_sql(score):  # type: ignore[no-untyped-def]
    """SQL: the point of the scale a weighted score falls on; scoring.scale_point's rule."""
    shifted = score + 0.5 + TOLERANCE
    return sa.case(*((shifted < point + 1, point) for point in SCALE[:-1]), else_=SCALE[-1])


def ranking(
    session: Session,
    round_: Round,
    category: Category,
    *,
    by_normalised: bool = False,
    with_normalised: bool = True,
) -> list[RankingRow[Nomination]]:
    """A category's ranking in two queries, whether it holds 5 nominations or 500; two more for
    the normalised figures.

    Each sheet's weighted score is stored on it (ScoreSheet.weighted_score), and one aggregate
    query per category gives each nomination's count, mean, mean of squares and distribution.
    ``with_normalised=False`` leaves the normalised figures out (None) unless ranked by them: they
    need every sheet of the round, and the raw view does not show them.
    """
    nominations = eligible_nominations(session, round_, category.id)
    per_sheet = _sheet_scores(round_.id).subquery()
    score = per_sheet.c.score
    point = scale_point_sql(score)
    figures = {
        row[0]: NominationFigures(int(row[1]), float(row[2]), float(row[3]), tuple(int(n) for n in row[4:]))
        for row in session.execute(
            sa.select(
                per_sheet.c.nomination_id,
                sa.func.count(),
                sa.func.avg(score),
                sa.func.avg(score * score),
                *(sa.func.sum(sa.case((point == p, 1), else_=0)) for p in SCALE),
            )
            .where(per_sheet.c.category_id == category.id)
            .group_by(per_sheet.c.nomination_id)
        )
    }
    if not (with_normalised or by_normalised):
        return build_ranking([(n.id, n) for n in nominations], figures=figures)

    # Each member's habits over the whole round, and each sheet compared with its author's.
    baselines = {
        member_id: Baseline.from_moments(count, float(avg), float(avg_sq))
        for member_id, count, avg, avg_sq in session.execute(
            sa.select(
                per_sheet.c.member_id, sa.func.count(), sa.func.avg(score), sa.func.avg(score * score)
            ).group_by(per_sheet.c.member_id)
        )
    }
    # Thousands of plain rows: run on the connection, past the ORM's result processing, which
    # would cost more than the statement itself; fetched at once rather than row by row.
    sheets = session.connection().execute(
        sa.select(per_sheet.c.nomination_id, per_sheet.c.member_id, score).where(
            per_sheet.c.category_id == category.id
        )
    )
    return build_ranking(
        [(n.id, n) for n in nominations],
        figures=figures,
        sheet_results=[SheetResult._make(row) for row in sheets.all()],
        baselines=baselines,
        by_normalised=by_normalised,
    )


def submitted_nomination_ids(session: Session, member: User, round_: Round) -> set[int]:
    """The nominations of the round for which the member has submitted a sheet."""
    return set(
        session.scalars(
            sa.select(ScoreSheet.nomination_id)
            .join(Nomination, Nomination.id == ScoreSheet.nomination_id)
            .where(
                ScoreSheet.member_id == member.id,
                ScoreSheet.state == SheetState.SUBMITTED,
                Nomination.round_id == round_.id,
            )
        )
    )


def decisions_of(session: Session, round_: Round) -> dict[int, Decision]:
    """The recorded decisions of the round's nominations, by nomination id."""
    return {
        d.nomination_id: d
        for d in session.scalars(
            sa.select(Decision)
            .join(Nomination, Nomination.id == Decision.nomination_id)
            .where(Nomination.round_id == round_.id)
            .options(joinedload(Decision.decided_by))
        )
    }


def first_category_with_nominations(session: Session, round_: Round) -> int | None:
    return session.scalar(
        sa.select(Nomination.category_id)
        .join(Category, Category.id == Nomination.category_id)
        .where(eligible_condition(round_.id))
        .order_by(Category.position)
        .limit(1)
    )
