"""Each score sheet keeps its weighted score, Σ(weight × score) / Σ weight, so that a ranking
reads one number per sheet. Whatever writes the scores, the stored figure follows them.

The category of the commission fixture weighs its criteria 1, 2, 3 and 4 (sum 10).
"""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from evaluator.nominations.models import Nomination
from evaluator.reviewing.models import Score, ScoreSheet, SheetState, recompute_weighted_scores
from evaluator.reviewing.operations import SheetInput, save_sheet
from evaluator.reviewing.queries import scale_point_sql
from evaluator.reviewing.scoring import scale_point
from evaluator.rounds.models import Criterion
from tests.support.commission import CHAIR, MAX, MIA, Commission, score


def _stored(session, c: Commission, email: str, nomination_id: int) -> float | None:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(
        sa.select(ScoreSheet.weighted_score).where(
            ScoreSheet.member_id == c.users[email], ScoreSheet.nomination_id == nomination_id
        )
    )


def _save(session, c: Commission, email: str, scores: dict[int, int], *, submit: bool) -> None:  # type: ignore[no-untyped-def]
    save_sheet(
        session,
        session.get(Nomination, c.geo_id),
        member=c.user(session, email),
        data=SheetInput(scores={c.criterion_ids[i]: v for i, v in scores.items()}, comment="", submit=submit),
    )
    session.commit()


def test_a_submitted_sheet_stores_its_weighted_score_and_an_amendment_updates_it(
    session, commission: Commission
) -> None:
    c = commission
    # (1 × 4 + 2 × 4 + 3 × 2 + 4 × 1) / 10 = 22 / 10
    score(session, c, MIA, c.geo_id, 4, 4, 2, 1)
    assert _stored(session, c, MIA, c.geo_id) == pytest.approx(2.2)

    score(session, c, MIA, c.geo_id, 5, 5, 5, 0)  # (5 + 10 + 15 + 0) / 10
    assert _stored(session, c, MIA, c.geo_id) == pytest.approx(3.0)


def test_a_draft_stores_the_weighted_score_of_the_criteria_it_has_so_far(
    session, commission: Commission
) -> None:
    c = commission
    _save(session, c, MAX, {0: 0, 3: 5}, submit=False)  # (1 × 0 + 4 × 5) / (1 + 4)
    assert _stored(session, c, MAX, c.geo_id) == pytest.approx(4.0)

    _save(session, c, MAX, {0: 0}, submit=False)  # the score of criterion 4 taken back
    assert _stored(session, c, MAX, c.geo_id) == 0.0


def test_scores_written_directly_through_the_orm_keep_the_figure_true(
    session, commission: Commission
) -> None:
    c = commission
    criteria = [session.get(Criterion, i) for i in c.criterion_ids]
    # One score added with the criterion object (no criterion_id before the flush), one by id.
    sheet = ScoreSheet(
        nomination_id=c.geo_id,
        member_id=c.users[CHAIR],
        state=SheetState.SUBMITTED,
        scores=[Score(criterion=criteria[0], value=5), Score(criterion_id=criteria[1].id, value=2)],
    )
    session.add(sheet)
    session.commit()
    assert _stored(session, c, CHAIR, c.geo_id) == pytest.approx(3.0)  # (5 + 4) / 3

    stored_sheet = session.scalar(sa.select(ScoreSheet).where(ScoreSheet.member_id == c.users[CHAIR]))
    stored_sheet.scores[0].value = 2  # only a score changes, not the sheet
    session.commit()
    assert _stored(session, c, CHAIR, c.geo_id) == pytest.approx(2.0)

    session.add(Score(sheet_id=stored_sheet.id, criterion_id=criteria[3].id, value=5))  # by ids alone
    session.commit()
    assert _stored(session, c, CHAIR, c.geo_id) == pytest.approx(26 / 7)  # (2 + 4 + 20) / 7
    # Recomputed from the database's side as well: both ways agree.
    recompute_weighted_scores(session)
    session.commit()
    assert _stored(session, c, CHAIR, c.geo_id) == pytest.approx(26 / 7)


def test_a_sheet_without_scores_has_no_weighted_score(session, commission: Commission) -> None:
    c = commission
    session.add(ScoreSheet(nomination_id=c.geo_id, member_id=c.users[MIA], state=SheetState.DRAFT))
    session.commit()
    assert _stored(session, c, MIA, c.geo_id) is None


def test_scores_written_in_bulk_get_their_figure_from_recompute(session, commission: Commission) -> None:
    c = commission
    sheet_id = session.scalar(
        sa.insert(ScoreSheet)
        .values(nomination_id=c.hydro_id, member_id=c.users[MAX], state=SheetState.SUBMITTED, comment="")
        .returning(ScoreSheet.id)
    )
    session.execute(
        sa.insert(Score), [{"sheet_id": sheet_id, "criterion_id": i, "value": 3} for i in c.criterion_ids]
    )
    assert _stored(session, c, MAX, c.hydro_id) is None  # no flush saw these rows
    recompute_weighted_scores(session)
    session.commit()
    assert _stored(session, c, MAX, c.hydro_id) == pytest.approx(3.0)


def test_the_database_puts_a_score_on_the_same_point_of_the_scale_as_python(session) -> None:
    """The distribution chart counts sheets per point in SQL; it must agree with scoring.scale_point,
    also where binary floats miss a decimal half by a hair."""
    rng = random.Random(5)
    values = [k / 100 for k in range(0, 501)]
    values += [(0.1 * 1 + 0.3 * 3) / (0.1 + 0.3), 0.5 - 1e-12, 0.5 - 1e-8, 4.5 - 1e-10, 2.675, 1 / 3, 5 / 3]
    values += [rng.uniform(0, 5) for _ in range(100)]
    in_sql = {}
    for chunk in range(0, len(values), 200):
        part = values[chunk : chunk + 200]
        rows = sa.union_all(
            *(
                sa.select(
                    sa.literal(i + chunk).label("i"), scale_point_sql(sa.literal(v, sa.Float)).label("point")
                )
                for i, v in enumerate(part)
            )
        )
        in_sql.update(dict(session.execute(sa.select(rows.subquery())).all()))
    assert [in_sql[i] for i in range(len(values))] == [scale_point(v) for v in values]
