"""The opt-in count of SQL statements per request (QUERY_COUNT_HEADER), as the benchmark reads it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from evaluator import create_app
from evaluator.extensions import db
from evaluator.rounds.models import RoundPhase
from tests.conftest import IsolatedClient, base_config
from tests.support.factories import make_award, make_initiative, make_round, make_unit
from tests.support.queries import counted_queries


@pytest.fixture()
def counting_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """A second application on the test database, with the count switched on."""
    counting = create_app({**base_config(database_url), "QUERY_COUNT_HEADER": True})
    yield counting
    with counting.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def counting_client(counting_app: Flask) -> IsolatedClient:
    return IsolatedClient(counting_app, counting_app.response_class, use_cookies=True)


@pytest.fixture()
def lighthouses(session):  # type: ignore[no-untyped-def]
    unit = make_unit(session, "Institute of Hydrology")
    published = make_round(session, 2024, phase=RoundPhase.PUBLISHED)
    for title in ("Water Partnership with Kyoto", "Summer School in Chile", "Delta Network"):
        make_award(session, published, make_initiative(session, unit, title))
    session.commit()


def _db_timing(response) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    match = re.search(r'db;desc="(\d+) queries";dur=([0-9.]+)', response.headers.get("Server-Timing", ""))
    assert match, response.headers.get("Server-Timing")
    return int(match.group(1)), float(match.group(2))


def test_the_health_check_reports_its_one_statement(counting_client) -> None:
    response = counting_client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["X-Query-Count"] == "1"
    count, milliseconds = _db_timing(response)
    assert count == 1
    assert milliseconds >= 0


def test_a_static_file_reports_no_statement(counting_client) -> None:
    response = counting_client.get("/static/app.css")
    assert response.status_code == 200
    assert response.headers["X-Query-Count"] == "0"


def test_the_count_is_exactly_what_the_page_ran(counting_app, counting_client, lighthouses) -> None:
    with counting_app.app_context(), counted_queries() as statements:
        response = counting_client.get("/lighthouses")
    assert response.status_code == 200
    assert int(response.headers["X-Query-Count"]) == len(statements) > 0
    assert "Water Partnership with Kyoto" in response.get_data(as_text=True)


def test_statements_outside_the_request_are_not_counted_in_it(counting_app, counting_client) -> None:
    with counting_app.app_context():
        db.session.execute(sa.text("SELECT 1"))
        db.session.execute(sa.text("SELECT 2"))
        db.session.rollback()
    assert counting_client.get("/healthz").headers["X-Query-Count"] == "1"
    assert counting_client.get("/healthz").headers["X-Query-Count"] == "1"


def test_an_error_page_still_reports_its_statements(counting_client) -> None:
    response = counting_client.get("/initiatives/999999")
    assert response.status_code == 404
    assert int(response.headers["X-Query-Count"]) >= 1


def test_without_the_setting_nothing_is_counted_or_told(client, lighthouses) -> None:
    response = client.get("/lighthouses")
    assert response.status_code == 200
    assert "X-Query-Count" not in response.headers
    assert "Server-Timing" not in response.headers


def test_the_setting_is_off_by_default(app) -> None:
    assert app.config["QUERY_COUNT_HEADER"] is False
