"""Read-side queries of the commission's review. Each runs a fixed number of SQL statements,
whatever the number of nominations, members or sheets."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, defer, joinedload, selectinload

from evaluator.accounts.models import Role, User, UserRole
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.reviewing.models import ConflictOfInterest, Score, ScoreSheet, SheetState
from evaluator.reviewing.ranking import RankingRow, SheetResult, build_ranking
from evaluator.reviewing.scoring import Baseline
from evaluator.rounds.models import PUBLIC_PHASES, Category, Criterion, Round, RoundPhase
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


@dataclass
class MemberItem:
    nomination: Nomination
    progress: str
    vote: VoteChoice | None = None


def member_overview(session: Session, member: User, round_: Round) -> list[tuple[Category, list[MemberItem]]]:
    """The round's eligible nominations grouped by category, with the member's own progress."""
    nominations = eligible_nominations(session, round_)
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
    groups: dict[int, tuple[Category, list[MemberItem]]] = {}
    for nomination in nominations:
        if nomination.id in conflicts:
            progress = Progress.CONFLICTED
        else:
            state = sheets.get(nomination.id)
            progress = (
                Progress.SUBMITTED
                if state == SheetState.SUBMITTED
                else Progress.DRAFT
                if state == SheetState.DRAFT
                else Progress.NOT_STARTED
            )
        item = MemberItem(
            nomination, progress, None if nomination.id in conflicts else votes.get(nomination.id)
        )
        groups.setdefault(nomination.category_id, (nomination.category, []))[1].append(item)
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
    """Per submitted, unconflicted sheet of an eligible nomination: its weighted score."""
    return (
        sa.select(
            ScoreSheet.nomination_id.label("nomination_id"),
            ScoreSheet.member_id.label("member_id"),
            Nomination.category_id.label("category_id"),
            (sa.func.sum(Criterion.weight * Score.value) / sa.func.sum(Criterion.weight)).label("score"),
        )
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .join(Criterion, Criterion.id == Score.criterion_id)
        .join(Nomination, Nomination.id == ScoreSheet.nomination_id)
        .where(
            eligible_condition(round_id),
            ScoreSheet.state == SheetState.SUBMITTED,
            not_conflicted(ScoreSheet.member_id, ScoreSheet.nomination_id),
        )
        .group_by(ScoreSheet.id, ScoreSheet.nomination_id, ScoreSheet.member_id, Nomination.category_id)
    )


def ranking(
    session: Session,
    round_: Round,
    category: Category,
    *,
    by_normalised: bool = False,
    with_normalised: bool = True,
) -> list[RankingRow[Nomination]]:
    """A category's ranking in five queries, whether it holds 5 nominations or 500.

    ``with_normalised=False`` leaves the normalised figures out (None) unless ranked by them: they
    need every sheet of the round, the costliest of the queries, and the raw view does not show them.
    """
    weights = {
        c.id: c.weight
        for c in session.scalars(sa.select(Criterion).where(Criterion.category_id == category.id))
    }
    nominations = eligible_nominations(session, round_, category.id)
    means = {
        (nomination_id, criterion_id): float(value)
        for nomination_id, criterion_id, value in session.execute(
            sa.select(ScoreSheet.nomination_id, Score.criterion_id, sa.func.avg(Score.value))
            .join(Score, Score.sheet_id == ScoreSheet.id)
            .join(Nomination, Nomination.id == ScoreSheet.nomination_id)
            .where(
                eligible_condition(round_.id),
                Nomination.category_id == category.id,
                ScoreSheet.state == SheetState.SUBMITTED,
                not_conflicted(ScoreSheet.member_id, ScoreSheet.nomination_id),
            )
            .group_by(ScoreSheet.nomination_id, Score.criterion_id)
        )
    }
    per_sheet = _sheet_scores(round_.id).subquery()
    results = [
        SheetResult(nomination_id, member_id, float(score))
        for nomination_id, member_id, score in session.execute(
            sa.select(per_sheet.c.nomination_id, per_sheet.c.member_id, per_sheet.c.score).where(
                per_sheet.c.category_id == category.id
            )
        )
    ]
    # Each member's habits over the whole round, for the normalised view.
    baselines = (
        {
            member_id: Baseline.from_moments(count, float(avg), float(avg_sq))
            for member_id, count, avg, avg_sq in session.execute(
                sa.select(
                    per_sheet.c.member_id,
                    sa.func.count(),
                    sa.func.avg(per_sheet.c.score),
                    sa.func.avg(per_sheet.c.score * per_sheet.c.score),
                ).group_by(per_sheet.c.member_id)
            )
        }
        if with_normalised or by_normalised
        else {}
    )
    return build_ranking(
        [(n.id, n) for n in nominations],
        weights=weights,
        criterion_means=means,
        sheet_results=results,
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
