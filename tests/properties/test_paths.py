"""Hostile values in the path itself: numbers beyond any id in every numeric part of every route,
forged links of invitations and password resets, and odd file names of the static files."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from evaluator import create_app
from evaluator.core.urls import MAX_ID
from tests.conftest import base_config
from tests.properties.browsing import assert_escaped, changed_tables, snapshot
from tests.properties.strategies import hostile_text
from tests.properties.visitors import TOKEN, Visitor
from tests.properties.worlds import STAGES

SETTINGS = settings(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Beyond PostgreSQL's integer and bigint, and beyond 64 bits (where SQLite gives up).
HUGE = [MAX_ID + 1, 2**63 - 1, 2**63, 2**64, 10**30]


VARIABLE = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def _converters(rule: Rule) -> dict[str, str]:
    """Each variable of the rule with the name of its converter (int, any, path, default)."""
    return {m.group(3): m.group(1) or "default" for m in VARIABLE.finditer(rule.rule)}


def numeric_rules(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if "int" in _converters(r).values()), key=lambda r: r.rule
    )


def address(rule: Rule, numbers: dict[str, int]) -> str:
    """The rule's path with ``numbers`` in its numeric parts (1 in the others), the first choice
    of an ``any`` part and "x" for text."""

    def value(m: re.Match[str]) -> str:
        converter, arguments, name = m.group(1) or "default", m.group(2) or "", m.group(3)
        if converter == "int":
            return str(numbers.get(name, 1))
        if converter == "any":
            return arguments.split(",")[0].strip()
        return "x"

    return VARIABLE.sub(value, rule.rule)


def _send(visitor: Visitor, rule: Rule, path: str, token: str):  # type: ignore[no-untyped-def]
    if "GET" in rule.methods:
        return visitor.client.get(path)
    return visitor.client.post(path, data={"csrf_token": token})


def test_a_number_beyond_any_id_in_any_route_is_no_page(app, session, new_client) -> None:  # type: ignore[no-untyped-def]
    admin = Visitor(app, new_client, "admin", STAGES["draft"](session, app))
    token = admin.any_token()
    rules = numeric_rules(app)
    assert len(rules) > 20
    for rule in rules:
        for name, conv in _converters(rule).items():
            if conv != "int":
                continue
            for number in HUGE:
                path = address(rule, {name: number})
                assert _send(admin, rule, path, token).status_code == 404, path


def test_any_number_in_any_numeric_part_of_a_route_is_answered_without_an_error(  # type: ignore[no-untyped-def]
    app, session, new_client, backend: str
) -> None:
    admin = Visitor(app, new_client, "admin", STAGES["draft"](session, app))
    token = admin.any_token()
    rules = numeric_rules(app)

    @settings(SETTINGS, max_examples={"sqlite": 40, "postgresql": 25}[backend])
    @given(
        rule=st.sampled_from(rules),
        number=st.one_of(st.integers(0, 50), st.integers(MAX_ID - 2, MAX_ID + 2), st.integers(0, 2**80)),
        data=st.data(),
    )
    def open_route(rule: Rule, number: int, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from([n for n, c in _converters(rule).items() if c == "int"]))
        path = address(rule, {name: number})
        before = snapshot() if "GET" not in rule.methods else None
        response = _send(admin, rule, path, token)
        assert response.status_code < 500, path
        if number > MAX_ID:
            assert response.status_code == 404, path
        assert_escaped(response, path)
        if before is not None and response.status_code >= 400:
            assert changed_tables(before, snapshot()) == [], path

    open_route()


@pytest.mark.parametrize("link", ["/accept", "/reset"])
def test_a_forged_invitation_or_reset_link_is_refused_and_changes_nothing(  # type: ignore[no-untyped-def]
    link: str, app, session, new_client, backend: str
) -> None:
    world = STAGES["draft"](session, app)
    visitor = Visitor(app, new_client, "anonymous", world)
    genuine = next(page for page in world.entry_pages["anonymous"] if page.startswith(link))
    token = TOKEN.search(visitor.client.get("/login").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    forged = st.one_of(
        hostile_text(),
        st.builds(lambda cut: genuine.split("/")[-1][:cut], st.integers(0, 80)),
        st.builds(lambda tail: genuine.split("/")[-1] + tail, hostile_text()),
    )

    @settings(SETTINGS, max_examples={"sqlite": 20, "postgresql": 10}[backend])
    @given(value=forged, post=st.booleans())
    def open_link(value: str, post: bool) -> None:
        if value.encode("ascii", "ignore").decode() == genuine.split("/")[-1]:
            return  # the signature reads only ASCII: with anything else added it is the genuine link
        path = f"{link}/{quote(value, safe='')}"
        before = snapshot()
        if post:
            fields = {"csrf_token": token, "new_password": "a new password!", "confirm": "a new password!"}
            response = visitor.client.post(path, data=fields)
        else:
            response = visitor.client.get(path)
        assert response.status_code in (308, 400, 404, 405, 410), (path, response.status_code)
        if response.status_code == 308:  # doubled slashes are merged: on to the same site
            assert urlsplit(response.headers["Location"]).netloc in ("", "localhost"), response.headers
        assert_escaped(response, path)
        assert changed_tables(before, snapshot()) == [], path

    open_link()


@pytest.mark.parametrize("prefix", ["/static/", "/bootstrap/static/"])
def test_odd_file_names_of_static_files_are_not_found(prefix: str) -> None:
    client = create_app(base_config("sqlite://")).test_client()  # files only: no database needed

    @settings(SETTINGS, max_examples=25)
    @given(
        name=st.one_of(hostile_text(), st.sampled_from(["../config.py", "..%2f..%2fetc/passwd", "%00.css"]))
    )
    def open_file(name: str) -> None:
        path = prefix + quote(name, safe="/%")
        response = client.get(path)
        assert response.status_code < 500, path

    open_file()
