"""Exports of a round: who may download them, what they hold, and that nothing in them can run."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import sqlalchemy as sa

from evaluator.audit.models import AuditEvent
from evaluator.nominations.models import Nomination
from evaluator.reviewing.operations import set_conflict
from evaluator.rounds.models import RoundPhase
from evaluator.voting.models import Outcome, VoteChoice
from tests.support.commission import (
    ADMIN,
    CHAIR,
    CORA,
    GEO_TITLE,
    HYDRO_TITLE,
    MAX,
    MIA,
    Commission,
    decide,
    logged_in,
    score,
    set_phase,
    vote,
)

FORMULA_TITLE = '=HYPERLINK("http://example.org","click")'


def _run_round(session, c: Commission) -> None:  # type: ignore[no-untyped-def]
    """Scores (weights 1–4), votes and decisions; the Geodesy title looks like a formula."""
    geo = session.get(Nomination, c.geo_id)
    geo.title = FORMULA_TITLE
    session.commit()
    score(session, c, MIA, c.geo_id, 4, 4, 4, 4, comment="=1+1")
    score(session, c, MAX, c.geo_id, 2, 2, 2, 2)
    score(session, c, MIA, c.hydro_id, 5, 5, 5, 5)
    set_phase(session, c, RoundPhase.VOTING)
    for member in (MIA, MAX, CHAIR):
        vote(session, c, member, c.geo_id, VoteChoice.AWARD)
    set_phase(session, c, RoundPhase.DECIDING)
    decide(session, c, c.geo_id, Outcome.AWARDED, feedback="+ well done")


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_an_admin_downloads_every_table_and_the_workbook(session, new_client, commission: Commission) -> None:
    c = commission
    _run_round(session, c)
    admin = logged_in(new_client(), ADMIN)

    assert admin.get(f"/admin/rounds/{c.round_id}/exports/").status_code == 200
    for key in ("nominations", "sheets", "scores", "ranking", "votes", "decisions"):
        response = admin.get(f"/admin/rounds/{c.round_id}/exports/{key}.csv")
        assert response.status_code == 200, key
        assert response.headers["Content-Disposition"] == f'attachment; filename="2026-{key}.csv"'
        assert response.headers["Cache-Control"] == "private, no-store"

    ranking = _csv(admin.get(f"/admin/rounds/{c.round_id}/exports/ranking.csv"))
    assert ranking[0][:6] == ["Category", "Rank", "Nomination ID", "Nomination", "Unit", "Weighted score"]
    by_id = {row[2]: row for row in ranking[1:]}
    # Geodesy: means 3,3,3,3 → 3.00; Hydrology: 5 on every criterion → 5.00.
    assert by_id[str(c.geo_id)][5] == "3.0" and by_id[str(c.hydro_id)][5] == "5.0"
    assert by_id[str(c.geo_id)][3] == "'" + FORMULA_TITLE  # never a formula
    sheets = _csv(admin.get(f"/admin/rounds/{c.round_id}/exports/sheets.csv"))
    assert ["'=1+1"] == [row[7] for row in sheets[1:] if row[3] == "Mia Member" and row[0] == str(c.geo_id)]
    decisions = _csv(admin.get(f"/admin/rounds/{c.round_id}/exports/decisions.csv"))
    geo_decision = next(row for row in decisions[1:] if row[0] == str(c.geo_id))
    assert geo_decision[3:10] == ["3", "0", "0", "4", "yes", "awarded", "awarded"]
    assert geo_decision[11] == "'+ well done"

    response = admin.get(f"/admin/rounds/{c.round_id}/exports/round.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == ["Nominations", "Score sheets", "Scores", "Ranking", "Votes", "Decisions"]
    sheet = workbook["Ranking"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    rows = {r[2]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[c.geo_id][5] == 3.0 and isinstance(rows[c.geo_id][1], int)
    title_cell = next(cell for cell in sheet["D"] if cell.value and str(cell.value).endswith('"click")'))
    assert title_cell.data_type == "s" and title_cell.value.startswith("'=")
    assert (
        len(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "export:download")).all()) == 10
    )


def test_the_workbook_shows_the_figures_of_the_ranking_page(
    session, new_client, commission: Commission
) -> None:
    c = commission
    _run_round(session, c)
    admin = logged_in(new_client(), ADMIN)
    page = admin.text(f"/review/rounds/{c.round_id}/ranking?category={c.category_id}")
    on_page = {
        int(n): float(w)
        for n, w in re.findall(
            r'data-nomination="(\d+)">.*?<td class="text-end weighted">([\d.]+)</td>', page, re.S
        )
    }

    workbook = openpyxl.load_workbook(
        io.BytesIO(admin.get(f"/admin/rounds/{c.round_id}/exports/round.xlsx").get_data())
    )
    in_workbook = {row[2]: row[5] for row in workbook["Ranking"].iter_rows(min_row=2, values_only=True)}

    assert on_page == in_workbook == {c.geo_id: 3.0, c.hydro_id: 5.0}


def test_members_and_coordinators_cannot_export_and_the_chair_only_after_voting(
    session, new_client, commission: Commission
) -> None:
    c = commission
    urls = [
        f"/admin/rounds/{c.round_id}/exports/",
        f"/admin/rounds/{c.round_id}/exports/votes.csv",
        f"/admin/rounds/{c.round_id}/exports/round.xlsx",
    ]
    mia, cora, chair = (logged_in(new_client(), who) for who in (MIA, CORA, CHAIR))

    for url in urls:
        assert mia.get(url).status_code == 403
        assert cora.get(url).status_code == 403
        assert chair.get(url).status_code == 403  # reviewing: the chair's own scores are not in yet
        assert new_client().get(url).status_code == 302  # to the login page
    set_phase(session, c, RoundPhase.VOTING)
    assert chair.get(urls[1]).status_code == 403
    set_phase(session, c, RoundPhase.DECIDING)
    assert chair.get(urls[1]).status_code == 200


def test_a_conflicted_chair_s_export_leaves_that_nomination_out(
    session, new_client, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.hydro_id, 5, 5, 5, 5, comment="Hydrology comment")
    set_conflict(
        session,
        session.get(Nomination, c.hydro_id),
        member=c.user(session, CHAIR),
        actor=c.user(session, ADMIN),
        reason="Co-applicant.",
    )
    session.commit()
    set_phase(session, c, RoundPhase.DECIDING)
    chair = logged_in(new_client(), CHAIR)

    workbook = openpyxl.load_workbook(
        io.BytesIO(chair.get(f"/admin/rounds/{c.round_id}/exports/round.xlsx").get_data())
    )
    everything = " ".join(
        str(value)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )

    assert HYDRO_TITLE not in everything and "Hydrology comment" not in everything
    assert GEO_TITLE in everything
