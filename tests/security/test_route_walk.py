"""Every route of the URL map, as every kind of person, in every phase of a round that matters.

Six personas (anonymous, a coordinator of another unit, a member conflicted with the nomination
under test, a member, the chair, an admin) open every rule with every method it allows, in four
worlds: the round under test in reviewing, voting, deciding and published, beside a round
published before (routes that do not depend on the round, such as the accounts and the admins'
user pages, in the first world only). Each answer must be the one tests/security/expectations.py
states, no page may show a persona a planted title, comment, rationale, feedback or vote it may
not read (tests/security/world.py), and a refused request must not have written anything.

SQLite only: the walk is about who sees what, which does not depend on the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluator.public import report
from tests.security.expectations import EXPECTED, Visit, phases_to_walk
from tests.security.walker import FORBIDDEN, Route, Seen, Walker, routes_of, url_map_app
from tests.security.world import (
    ADMIN_,
    ANONYMOUS,
    CHAIR_,
    CONFLICTED,
    DECIDING,
    MARKERS,
    MEMBER,
    OTHER_COORDINATOR,
    PERSONAS,
    PHASES,
    PUBLISHED,
    REVIEWING,
    VOTING,
)

MAP_APP = url_map_app()
ROUTES = routes_of(MAP_APP)


@pytest.fixture(scope="module")
def walker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walker]:
    with pytest.MonkeyPatch.context() as patch:
        # The PDF is made from this HTML; reading the HTML reads what the PDF would show, and
        # spares the walk a PDF engine.
        patch.setattr(report, "render_pdf", lambda html, base_url: html.encode())
        walker = Walker(Path(tmp_path_factory.mktemp("walk")))
        try:
            yield walker
        finally:
            walker.close()


def expected(route: Route, visit: Visit) -> set:  # type: ignore[type-arg]
    rule = EXPECTED.get(route.key)
    if rule is None:
        pytest.fail(f"{route.key} has no entry in tests/security/expectations.py: state who may open it")
    return rule(visit)


def assert_nothing_unreadable(seen: Seen, persona: str, phase: str) -> None:
    for name, marker in MARKERS.items():
        if marker.visible(persona, phase):
            continue
        for where, text in (("page", seen.body), ("messages", seen.flashes), ("redirect", seen.location)):
            assert not marker.found_in(text), f"{name} shown to {persona} in the {where}"


def _cases() -> list:  # type: ignore[type-arg]
    return [
        pytest.param(phase, route, persona, id=f"{phase}-{route.name}-{persona}")
        for phase in PHASES
        for route in ROUTES
        if phase in phases_to_walk(route.key)
        for persona in PERSONAS
    ]


@pytest.mark.parametrize(("phase", "route", "persona"), _cases())
def test_each_route_answers_each_person_as_stated_and_shows_nothing_they_may_not_read(
    walker: Walker, phase: str, route: Route, persona: str
) -> None:
    allowed = expected(route, Visit(persona, phase, route.variant))
    refused_post = route.method != "GET" and allowed <= FORBIDDEN

    seen = walker.visit(phase, route, persona, count_rows=refused_post)

    assert seen.answer in allowed, f"{seen.status} {seen.location}"
    assert_nothing_unreadable(seen, persona, phase)
    if seen.answer in FORBIDDEN:
        assert seen.writes == []
        assert seen.rows_after == seen.rows_before  # the audit log included


def test_every_route_of_the_url_map_has_a_stated_answer_and_every_statement_a_route() -> None:
    endpoints = [rule.endpoint for rule in MAP_APP.url_map.iter_rules()]
    assert len(endpoints) == len(set(endpoints)), "one rule per endpoint, so that the keys are unique"
    in_map = {route.key for route in ROUTES}
    assert sorted(in_map - set(EXPECTED)) == [], "routes nobody has said who may open"
    assert sorted(set(EXPECTED) - in_map) == [], "statements about routes that no longer exist"


def _other_method(route_methods: set[str]) -> str:
    for method in ("POST", "GET", "DELETE"):
        if method not in route_methods:
            return method
    raise AssertionError("a route allowing every method")


@pytest.mark.parametrize(
    "route",
    [
        pytest.param(r, id=r.endpoint)
        for r in {
            route.endpoint: route for route in ROUTES if route.variant in ("", "hydro", "2026")
        }.values()
    ],
)
def test_a_method_a_route_does_not_allow_is_answered_405(walker: Walker, route: Route) -> None:
    rule = walker.rules[route.endpoint]
    method = _other_method(set(rule.methods or ()))

    seen = walker.visit(REVIEWING, route, ADMIN_, method=method)

    assert seen.status == 405
    assert seen.writes == []


# The markers are really shown where they may be: otherwise the walk could not find a leak.

SHOWN = [
    (REVIEWING, ADMIN_, "review.nomination GET hydro", ["hydro title", "hydro comment by max"]),
    (REVIEWING, CHAIR_, "review.nomination GET hydro", ["hydro comment by max", "hydro comment by chair"]),
    (REVIEWING, MEMBER, "review.nomination GET geo", ["geo comment by max", "geo 2026 title"]),
    (REVIEWING, CONFLICTED, "review.index GET", ["hydro title"]),
    (REVIEWING, OTHER_COORDINATOR, "nominations.detail GET geo", ["geo 2026 title"]),
    (REVIEWING, ADMIN_, "exports.csv_file GET sheets", ["hydro comment by max", "geo comment by mia"]),
    (REVIEWING, ADMIN_, "exports.workbook GET", ["hydro comment by chair"]),
    (REVIEWING, ADMIN_, "admin_publication.initiatives GET", ["2025 unawarded title"]),
    (VOTING, MEMBER, "review.nomination GET hydro", ["hydro comment by max"]),
    (VOTING, ADMIN_, "review.nomination GET hydro", ["individual votes", "vote counts"]),
    (DECIDING, CHAIR_, "review.nomination GET hydro", ["individual votes", "vote counts"]),
    (DECIDING, MEMBER, "voting.ballot GET", ["vote counts"]),
    (DECIDING, CONFLICTED, "review.nomination GET geo", ["geo comment by max", "vote counts"]),
    (DECIDING, CHAIR_, "voting.decide GET hydro", ["hydro rationale", "hydro feedback"]),
    (DECIDING, CHAIR_, "exports.csv_file GET decisions", ["geo rationale", "geo feedback"]),
    (DECIDING, ADMIN_, "admin_publication.timeline GET hydro", ["hydro rationale"]),
    (PUBLISHED, OTHER_COORDINATOR, "nominations.detail GET geo", ["geo feedback"]),
    (PUBLISHED, ANONYMOUS, "public.lighthouses GET", ["hydro title"]),
    (PUBLISHED, ADMIN_, "admin_publication.timeline GET geo", ["geo rationale"]),
]


@pytest.mark.parametrize(
    ("phase", "persona", "where", "names"),
    [pytest.param(*case, id=f"{case[0]}-{case[2].replace(' ', '-')}-{case[1]}") for case in SHOWN],
)
def test_the_planted_words_are_shown_to_those_who_may_read_them(
    walker: Walker, phase: str, persona: str, where: str, names: list[str]
) -> None:
    endpoint, method, *variant = where.split()
    seen = walker.visit(phase, Route(endpoint, method, variant[0] if variant else ""), persona)

    assert seen.status == 200
    for name in names:
        assert MARKERS[name].visible(persona, phase), name
        assert MARKERS[name].found_in(seen.body), name
