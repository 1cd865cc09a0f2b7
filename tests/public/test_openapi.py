"""The OpenAPI document of the public API, and the API held to it by schemathesis.

schemathesis generates requests from the document (valid and invalid dates, conditional headers,
undocumented methods) and checks every answer against it: status codes, content types, headers
and a strict schema of the items, on an empty database and on one with published lighthouses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pytest
import schemathesis
import sqlalchemy as sa
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from werkzeug.wrappers import Response

from evaluator.nominations.models import NominationState
from evaluator.public.openapi import ON_DATE_PATTERN, openapi_document
from evaluator.rounds.models import RoundPhase
from tests.support.factories import make_award, make_initiative, make_nomination, make_round, make_unit

DOCUMENT_URL = "/api/v1/openapi.json"
P2021 = datetime(2021, 11, 15, 9, 0, tzinfo=UTC)
P2024 = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)


class FreshContextPerRequest:
    """The application as a server runs it: each request in an app context of its own.

    The ``app`` fixture keeps a context pushed for the test; without this, schemathesis' requests
    would share ``flask.g`` and one database session (the role IsolatedClient plays for pages).
    """

    def __init__(self, app: Flask) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        with self.app.app_context():
            return list(self.app(environ, start_response))


def publish_lighthouses(session) -> None:  # type: ignore[no-untyped-def]
    """Two published rounds: a renewal, a lapsed award, a newcomer; a running round's draft."""
    unit = make_unit(session, "Institute of Lightweight Engineering")
    r2021 = make_round(session, 2021, phase=RoundPhase.PUBLISHED, published_at=P2021, categories=2)
    r2024 = make_round(session, 2024, phase=RoundPhase.PUBLISHED, published_at=P2024, categories=2)
    r2026 = make_round(session, 2026, phase=RoundPhase.NOMINATING)
    renewed = make_initiative(session, unit, "Dresden–Tongji Partnership")
    lapsed = make_initiative(session, unit, "Lapsed Network", summary="")
    newcomer = make_initiative(session, unit, "Newcomer Programme")
    make_award(session, r2021, renewed, valid_until=P2024, partners=[("Tongji University", "China")])
    make_award(
        session,
        r2024,
        renewed,
        website="https://tu-dresden.de/tongji",
        partners=[
            ("Tongji University", "China"),
            ("Tsinghua University", "China"),
            ("Osaka University", "Japan"),
        ],
    )
    make_award(
        session,
        r2021,
        lapsed,
        category=r2021.categories[1],
        valid_until=P2024,
        website="http://lapsed.example",
    )
    make_award(session, r2024, newcomer, category=r2024.categories[1])
    make_nomination(session, r2026, make_initiative(session, unit, "Draft"), state=NominationState.DRAFT)
    session.commit()


@pytest.fixture()
def lighthouses(session) -> None:  # type: ignore[no-untyped-def]
    publish_lighthouses(session)


def _load(app: Flask) -> Any:
    return schemathesis.openapi.from_wsgi(DOCUMENT_URL, FreshContextPerRequest(app))


# Loaded from the module rather than through the app: the lighthouse tests run once per backend,
# and a test below proves that the served document is this one.
api = schemathesis.openapi.from_dict(openapi_document())
CONTRACT_SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@api.parametrize()
@CONTRACT_SETTINGS
def test_the_api_keeps_to_its_document_without_lighthouses(case, app) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(app=FreshContextPerRequest(app))


@api.parametrize()
@CONTRACT_SETTINGS
def test_the_api_keeps_to_its_document_with_published_lighthouses(case, app, lighthouses) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(app=FreshContextPerRequest(app))


def test_the_contract_run_sees_lighthouses_on_their_days(app, session, client) -> None:
    # Guards the fixture above: schemathesis proves little against a list that is always empty.
    publish_lighthouses(session)
    assert len(client.get("/api/v1/lighthouses").get_json()) == 2
    assert len(client.get("/api/v1/lighthouses?on=2022-06-01").get_json()) == 2
    assert client.get("/api/v1/lighthouses?on=2021-11-14").get_json() == []


def _openapi_path(rule: str) -> str:
    # Flask writes a variable as <int:id>, OpenAPI as {id}.
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_every_api_route_is_in_the_document_and_nothing_else(app) -> None:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
            routes.setdefault(_openapi_path(rule.rule), set()).update(methods)
    documented = {
        path: set(operations)
        for path, operations in openapi_document()["paths"].items()
        if path.startswith("/api/")
    }
    assert routes == documented
    assert "/api/v1/lighthouses" in routes


def test_every_api_route_is_read_only(app) -> None:
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            assert rule.methods is not None and rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule


def test_the_document_is_valid_openapi_that_schemathesis_reads(app) -> None:
    served = _load(app)
    served.validate()  # against the OpenAPI 3.1 meta-schema
    # schemathesis leaves out the operation that serves the document it was loaded from.
    operations = [result.ok() for result in served.get_all_operations()]
    assert sorted(op.label for op in operations) == ["GET /api/v1/lighthouses", "GET /healthz"]


def test_the_document_is_served_as_json_that_any_site_may_read_and_cache(client) -> None:
    response = client.get(DOCUMENT_URL)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "Lighthouse Evaluator public API"
    assert document == openapi_document()


def test_the_document_names_the_server_relative_to_where_the_application_is_mounted(client) -> None:
    # A proxy that serves the application under a prefix passes it as SCRIPT_NAME.
    assert client.get(DOCUMENT_URL).get_json()["servers"][0]["url"] == "/"
    mounted = client.get(DOCUMENT_URL, base_url="http://localhost/evaluator")
    assert mounted.get_json()["servers"][0]["url"] == "/evaluator"
    forged = client.get(DOCUMENT_URL, headers={"Host": "attacker.example"})
    assert "attacker.example" not in forged.get_data(as_text=True)


def test_the_lighthouse_schema_lists_exactly_the_fields_the_api_answers_with(app, session, client) -> None:
    publish_lighthouses(session)
    lighthouse = openapi_document()["components"]["schemas"]["Lighthouse"]
    for item in client.get("/api/v1/lighthouses").get_json():
        assert set(item) == set(lighthouse["properties"]) == set(lighthouse["required"])
    assert lighthouse["additionalProperties"] is False


@pytest.mark.parametrize("day", [" 2022-06-01", "2022-06-01 ", "2022-06- 1", "1899-12-31", "2201-01-01"])
def test_the_api_refuses_a_date_the_document_does_not_allow(client, day: str) -> None:
    response = client.get("/api/v1/lighthouses", query_string={"on": day})
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"
    assert not re.search(ON_DATE_PATTERN, day)


def test_the_api_takes_the_first_and_last_day_the_document_allows(client) -> None:
    for day in ("1900-01-01", "2200-12-31"):
        assert client.get("/api/v1/lighthouses", query_string={"on": day}).status_code == 200


def test_the_api_takes_an_empty_date_as_now_as_the_document_allows(client) -> None:
    assert client.get("/api/v1/lighthouses?on=").status_code == 200
    on = openapi_document()["paths"]["/api/v1/lighthouses"]["get"]["parameters"][0]
    assert on["name"] == "on" and on["allowEmptyValue"] is True


def test_a_not_modified_answer_to_a_conditional_request_keeps_to_the_document() -> None:
    # What HTTP caching answers to If-None-Match; the API may or may not send it today.
    case = api["/api/v1/lighthouses"]["GET"].Case(headers={"If-None-Match": '"v1"'})
    not_modified = Response(status=304, headers={"ETag": '"v1"', "Cache-Control": "public, max-age=60"})
    case.call_and_validate(app=not_modified)
    with pytest.raises(BaseExceptionGroup, match="Undocumented status code"):
        case.call_and_validate(app=Response(status=302, headers={"Location": "/"}))


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_method_the_api_does_not_offer_is_refused_naming_those_it_does(client, method: str) -> None:
    response = getattr(client.client, method)("/api/v1/lighthouses")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert response.get_json()["error"]


def test_the_answer_while_the_database_is_away_keeps_to_the_document(app, monkeypatch) -> None:
    def unreachable(*args: Any, **kwargs: Any) -> None:
        raise sa.exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr("evaluator.publication.queries.lighthouses_at", unreachable)
    case = api["/api/v1/lighthouses"]["GET"].Case()
    # A 503 is what this test is after; every other check still applies to it.
    response = case.call_and_validate(app=FreshContextPerRequest(app), excluded_checks=[not_a_server_error])
    assert response.status_code == 503
    assert int(response.headers["retry-after"][0]) > 0
