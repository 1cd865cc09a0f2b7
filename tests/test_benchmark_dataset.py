"""The benchmark's data set at a small scale: valid on both databases, every measured page answers
with what was generated, the benchmark's sheet and vote requests work, and the pages run as many
statements on a larger data set as on a smaller one."""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Flask

from evaluator.extensions import db
from evaluator.reviewing.models import ScoreSheet
from evaluator.rounds.models import RoundPhase
from tests.benchmark.dataset import SMALL, Dataset, Scale, build, set_phase
from tests.conftest import empty_all_tables
from tests.support.queries import counted_queries
from tests.support.web import WebClient

DOUBLE = replace(SMALL, nominations=20, members=8, earlier_rounds=4, awards_per_earlier_round=5)


def _build(scale: Scale) -> Dataset:
    with db.engine.begin() as connection:
        return build(connection, scale)


def _member(new_client, data: Dataset, number: int = 1) -> WebClient:  # type: ignore[no-untyped-def]
    browser = new_client()
    assert browser.login(data.members[number], data.password).status_code == 302
    return browser


def _rows(html: str) -> int:
    return len(re.findall(r"<tr[^>]*data-nomination=", html))


def _pages(data: Dataset) -> dict[str, str]:
    return {
        "lighthouses": "/lighthouses",
        "api": "/api/v1/lighthouses",
        "dashboard": "/dashboard",
        "review": "/review/",
        "ranking": f"/review/rounds/{data.round_id}/ranking?category={data.category_ids[0]}",
    }


def test_the_measured_pages_show_the_generated_round(app: Flask, client, new_client) -> None:  # type: ignore[no-untyped-def]
    data = _build(SMALL)
    assert data.rows["score_sheets"] == SMALL.members * SMALL.nominations
    assert data.rows["votes"] == SMALL.members * SMALL.nominations
    assert len(client.get("/api/v1/lighthouses").get_json()) == data.current_lighthouses == 3
    assert "3 lighthouses today." in client.text("/lighthouses")
    assert f"{data.published_years[-1]} selection" in client.text("/rounds")

    member = _member(new_client, data)
    assert _rows(member.text("/review/")) == SMALL.nominations
    dashboard = member.get("/dashboard")
    assert dashboard.status_code == 200
    assert f"{data.round_year} selection" in dashboard.get_data(as_text=True)
    ranking = member.get(f"/review/rounds/{data.round_id}/ranking?category={data.category_ids[0]}")
    assert ranking.status_code == 200
    per_category = SMALL.nominations // SMALL.categories
    html = ranking.get_data(as_text=True)
    assert _rows(html) == per_category
    assert html.count(f'<td class="text-end sheets">{SMALL.members}</td>') == per_category


def test_a_member_amends_a_sheet_and_votes_as_the_benchmark_does(app: Flask, new_client, session) -> None:  # type: ignore[no-untyped-def]
    data = _build(SMALL)
    member = _member(new_client, data)
    nomination_id, category_id = data.nominations[0]
    form = {f"criterion_{c}": "4" for c in data.criteria[category_id]}
    saved = member.submit(
        f"/review/nominations/{nomination_id}",
        {**form, "comment": "Amended.", "version": "1", "submit_sheet": "Submit sheet"},
    )
    assert saved.status_code == 302
    sheets = session.query(ScoreSheet).filter_by(nomination_id=nomination_id, comment="Amended.").all()
    assert [sheet.version for sheet in sheets] == [2]

    with db.engine.begin() as connection:
        set_phase(connection, data.round_id, RoundPhase.VOTING)
    voted = member.submit(
        f"/review/nominations/{nomination_id}",
        {"vote-choice": "abstain", "vote-cast": "Save vote"},
        action=f"/review/nominations/{nomination_id}/vote",
    )
    assert voted.status_code == 302
    assert "Your vote has been saved." in member.text(f"/review/nominations/{nomination_id}")


def test_the_pages_run_as_many_statements_on_twice_the_data(app: Flask, new_client) -> None:  # type: ignore[no-untyped-def]
    def statements_per_page(scale: Scale) -> dict[str, int]:
        data = _build(scale)
        member = _member(new_client, data)
        counts = {}
        for name, url in _pages(data).items():
            member.get(url)  # the first visit of a session may set things up
            with counted_queries() as statements:
                assert member.get(url).status_code == 200, url
            counts[name] = len(statements)
        empty_all_tables(app)
        return counts

    assert statements_per_page(DOUBLE) == statements_per_page(SMALL)
