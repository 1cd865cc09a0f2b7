"""The round's data as tables for export: nominations, sheets, scores, ranking, votes, decisions.

Each builder runs a fixed number of queries. Rows of nominations the viewer is conflicted with
are left out, so an export never shows a member what the pages hide from them.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from evaluator.accounts.models import User
from evaluator.exports.writers import Table
from evaluator.i18n import _
from evaluator.nominations.models import Nomination
from evaluator.reviewing import queries
from evaluator.reviewing.models import Score, ScoreSheet
from evaluator.reviewing.scoring import weighted_score
from evaluator.rounds.models import Round
from evaluator.voting.models import Vote

KEYS = ("nominations", "sheets", "scores", "ranking", "votes", "decisions")


def _hidden(session: Session, round_: Round, viewer: User) -> set[int]:
    if not viewer.is_member:
        return set()
    return {n for _m, n in queries.active_conflicts(session, round_.id, viewer.id)}


def nominations_table(session: Session, round_: Round, viewer: User) -> Table:
    hidden = _hidden(session, round_, viewer)
    rows = session.scalars(
        sa.select(Nomination)
        .where(Nomination.round_id == round_.id)
        .options(
            joinedload(Nomination.category),
            joinedload(Nomination.org_unit),
            selectinload(Nomination.partners),
        )
        .order_by(Nomination.title)
    ).unique()
    table = Table(
        "nominations",
        _("Nominations"),
        [
            _("ID"),
            _("Title"),
            _("Category"),
            _("Unit"),
            _("State"),
            _("Eligibility"),
            _("Reason"),
            _("Submitted (Berlin time)"),
            _("Start year"),
            _("Students exchanged"),
            _("Staff exchanged"),
            _("Joint degree programmes"),
            _("Joint publications"),
            _("Joint events"),
            _("Partners"),
            _("Website"),
        ],
    )
    for n in rows:
        if n.id in hidden:
            continue
        table.rows.append(
            [
                n.id,
                n.title,
                n.category.name,
                n.org_unit.name,
                str(n.state),
                str(n.eligibility),
                n.eligibility_reason or "",
                n.submitted_at,
                n.start_year,
                n.exchanged_students,
                n.exchanged_staff,
                n.joint_degree_programmes,
                n.joint_publications,
                n.joint_events,
                "; ".join(f"{p.institution} ({p.country})" for p in n.partners),
                n.website or "",
            ]
        )
    return table


def _sheets(session: Session, round_: Round) -> list[ScoreSheet]:
    return list(
        session.scalars(
            sa.select(ScoreSheet)
            .join(Nomination, Nomination.id == ScoreSheet.nomination_id)
            .join(User, User.id == ScoreSheet.member_id)
            .where(queries.eligible_condition(round_.id))
            .options(
                joinedload(ScoreSheet.member),
                joinedload(ScoreSheet.nomination).joinedload(Nomination.category),
                selectinload(ScoreSheet.scores).joinedload(Score.criterion),
            )
            .order_by(Nomination.title, User.display_name)
        ).unique()
    )


def sheets_tables(session: Session, round_: Round, viewer: User) -> tuple[Table, Table]:
    hidden = _hidden(session, round_, viewer)
    sheets = Table(
        "sheets",
        _("Score sheets"),
        [
            _("Nomination ID"),
            _("Nomination"),
            _("Category"),
            _("Member"),
            _("State"),
            _("Submitted (Berlin time)"),
            _("Weighted score"),
            _("Comment"),
        ],
    )
    scores = Table(
        "scores",
        _("Scores"),
        [_("Nomination ID"), _("Nomination"), _("Member"), _("Criterion"), _("Weight"), _("Score")],
    )
    for sheet in _sheets(session, round_):
        if sheet.nomination_id in hidden:
            continue
        values = {s.criterion_id: float(s.value) for s in sheet.scores}
        weights = {s.criterion_id: s.criterion.weight for s in sheet.scores}
        overall = weighted_score(values, weights)
        sheets.rows.append(
            [
                sheet.nomination_id,
                sheet.nomination.title,
                sheet.nomination.category.name,
                sheet.member.display_name,
                str(sheet.state),
                sheet.submitted_at,
                round(overall, 2) if overall is not None else None,
                sheet.comment,
            ]
        )
        for score in sorted(sheet.scores, key=lambda s: s.criterion.position):
            scores.rows.append(
                [
                    sheet.nomination_id,
                    sheet.nomination.title,
                    sheet.member.display_name,
                    score.criterion.name,
                    score.criterion.weight,
                    score.value,
                ]
            )
    return sheets, scores


def ranking_table(session: Session, round_: Round, viewer: User) -> Table:
    hidden = _hidden(session, round_, viewer)
    table = Table(
        "ranking",
        _("Ranking"),
        [
            _("Category"),
            _("Rank"),
            _("Nomination ID"),
            _("Nomination"),
            _("Unit"),
            _("Weighted score"),
            _("Normalised (z)"),
            _("Sheets"),
            _("Spread"),
            _("Disagreement"),
        ],
    )
    for category in round_.categories:
        rows = [r for r in queries.ranking(session, round_, category) if r.nomination_id not in hidden]
        for row in rows:
            table.rows.append(
                [
                    category.name,
                    row.rank,
                    row.nomination_id,
                    row.item.title,
                    row.item.org_unit.name,
                    row.weighted,
                    row.normalised,
                    row.sheets,
                    row.spread,
                    row.disagreement,
                ]
            )
    return table


def votes_table(session: Session, round_: Round, viewer: User) -> Table:
    hidden = _hidden(session, round_, viewer)
    table = Table("votes", _("Votes"), [_("Nomination ID"), _("Nomination"), _("Member"), _("Vote")])
    votes = session.scalars(
        sa.select(Vote)
        .join(Nomination, Nomination.id == Vote.nomination_id)
        .join(User, User.id == Vote.member_id)
        .where(
            queries.eligible_condition(round_.id), queries.not_conflicted(Vote.member_id, Vote.nomination_id)
        )
        .options(joinedload(Vote.member), joinedload(Vote.nomination))
        .order_by(Nomination.title, User.display_name)
    )
    for vote in votes:
        if vote.nomination_id not in hidden:
            table.rows.append(
                [vote.nomination_id, vote.nomination.title, vote.member.display_name, str(vote.choice)]
            )
    return table


def decisions_table(session: Session, round_: Round, viewer: User) -> Table:
    hidden = _hidden(session, round_, viewer)
    tallies = queries.tallies(session, round_)
    decided = queries.decisions_of(session, round_)
    table = Table(
        "decisions",
        _("Decisions"),
        [
            _("Nomination ID"),
            _("Nomination"),
            _("Category"),
            _("Award votes"),
            _("Do-not-award votes"),
            _("Abstentions"),
            _("Electorate"),
            _("Quorum reached"),
            _("Vote outcome"),
            _("Decision"),
            _("Rationale"),
            _("Feedback"),
            _("Decided by"),
            _("Decided (Berlin time)"),
        ],
    )
    for n in queries.eligible_nominations(session, round_):
        if n.id in hidden:
            continue
        t, d = tallies[n.id], decided.get(n.id)
        table.rows.append(
            [
                n.id,
                n.title,
                n.category.name,
                t.award,
                t.do_not_award,
                t.abstain,
                t.electorate,
                t.quorum,
                str(t.suggested_outcome),
                str(d.outcome) if d else "",
                d.rationale if d else "",
                d.feedback if d else "",
                d.decided_by.display_name if d and d.decided_by else "",
                d.decided_at if d else None,
            ]
        )
    return table


def round_tables(session: Session, round_: Round, viewer: User) -> dict[str, Table]:
    sheets, scores = sheets_tables(session, round_, viewer)
    return {
        "nominations": nominations_table(session, round_, viewer),
        "sheets": sheets,
        "scores": scores,
        "ranking": ranking_table(session, round_, viewer),
        "votes": votes_table(session, round_, viewer),
        "decisions": decisions_table(session, round_, viewer),
    }
