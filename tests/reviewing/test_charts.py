"""The small distribution chart beside each nomination in the ranking: how many sheets fall on
each point of the 0–5 scale, drawn as SVG with a text alternative."""

from __future__ import annotations

from evaluator.reviewing.charts import distribution_chart
from tests.support.commission import ADMIN, MAX, MIA, Commission, logged_in, row_of, score
from tests.support.web import WebClient


def test_bars_are_scaled_to_the_fullest_point_and_empty_points_keep_a_stub() -> None:
    # Bars are 10 wide with 3 between them; the chart is 28 high. Point 1 holds two sheets (the
    # full height), point 3 one (half of it); the four empty points get a 1px stub each.
    chart = distribution_chart([0, 2, 0, 1, 0, 0])
    assert chart.filled == "M13 0h10v28h-10zM39 14h10v14h-10z"
    assert chart.empty == "M0 27h10v1h-10zM26 27h10v1h-10zM52 27h10v1h-10zM65 27h10v1h-10z"
    assert chart.counts == "0: 0, 1: 2, 2: 0, 3: 1, 4: 0, 5: 0"


def test_a_nomination_without_sheets_has_six_stubs_and_no_bar() -> None:
    chart = distribution_chart([0] * 6)
    assert chart.filled == ""
    assert chart.empty.count("v1h-10z") == 6


def test_the_ranking_shows_each_nominations_chart_with_its_counts_as_text(
    session, client: WebClient, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2)  # weights 1–4: (5 + 8 + 9 + 8) / 10 = 3.0
    score(session, c, MAX, c.geo_id, 0, 0, 4, 5)  # (0 + 0 + 12 + 20) / 10 = 3.2, also point 3
    admin = logged_in(client, ADMIN)

    row = row_of(admin.text(f"/review/rounds/{c.round_id}/ranking?category={c.category_id}"), c.geo_id)

    assert row is not None
    label = "Sheets per score: 0: 0, 1: 0, 2: 0, 3: 2, 4: 0, 5: 0"
    assert f'aria-label="{label}"' in row and f"<title>{label}</title>" in row
    assert '<path class="bars" d="M39 0h10v28h-10z"' in row
