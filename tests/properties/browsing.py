"""Finding the page that shows a route's form, by following links as a person would, and the
checks every answer must pass."""

from __future__ import annotations

import hashlib
import heapq
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect, Rule
from werkzeug.test import TestResponse

from evaluator.extensions import db
from tests.properties.pages import Form, read_page
from tests.support.web import WebClient

# Links not worth following: downloads, assets, and the one link that would end the session.
SKIPPED = re.compile(r"\.(csv|xlsx|pdf)$|/attachments/|^/static/|^/bootstrap/|^/logout")
MAX_PAGES = 60

# What a script injected through any field would look like if it reached a page unescaped.
INJECTED = (
    re.compile(r"<script>alert\(1\)</script>", re.I),
    re.compile(r"<img src=x onerror=alert\(1\)>", re.I),
    re.compile(r"<svg/onload=alert\(1\)>", re.I),
    re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
)

STARTS = {"anonymous": ["/lighthouses", "/login", "/forgot-password"]}
LOGGED_IN_STARTS = ["/dashboard"]


def endpoint_of(app: Flask, path: str, method: str = "POST") -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(path, method=method)
    except (HTTPException, RequestRedirect):
        return None
    return str(endpoint)


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def closeness(rule: Rule, path: str) -> int:
    """How many leading segments of ``path`` fit the rule (a variable part fits anything)."""
    score = 0
    for pattern, segment in zip(_segments(rule.rule), _segments(path.split("?")[0]), strict=False):
        if pattern.startswith("<") or pattern == segment:
            score += 1
        else:
            break
    return score


@dataclass
class Found:
    page_url: str
    form: Form
    visited: list[str]


def find_form(
    app: Flask, client: WebClient, endpoint: str, starts: list[str], *, max_pages: int = MAX_PAGES
) -> Found | None:
    """Follow links from ``starts``, closest to the route first, to a page with a form posting to it."""
    return _crawl(app, client, endpoint, starts, max_pages=max_pages, method="POST")


def find_page(
    app: Flask, client: WebClient, endpoint: str, starts: list[str], *, max_pages: int = MAX_PAGES
) -> str | None:
    """Follow links from ``starts``, closest to the route first, to a page of the route (its path)."""
    found = _crawl(app, client, endpoint, starts, max_pages=max_pages, method="GET")
    return found.page_url if found is not None else None


def _crawl(
    app: Flask, client: WebClient, endpoint: str, starts: list[str], *, max_pages: int, method: str
) -> Found | None:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    queue: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    visited: list[str] = []
    order = 0
    for start in starts:
        heapq.heappush(queue, (-closeness(rule, start) - 100, order, start))  # start pages first
        seen.add(start)
        order += 1
    while queue and len(visited) < max_pages:
        _priority, _order, url = heapq.heappop(queue)
        if method == "GET" and endpoint_of(app, url.split("?")[0], "GET") == endpoint:
            return Found(url.split("?")[0], Form(url, "", "get", ""), visited)
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} answered {response.status_code}"
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        visited.append(url)
        page = read_page(url, response.get_data(as_text=True))
        for form in page.post_forms() if method == "POST" else []:
            if endpoint_of(app, form.action) == endpoint:
                return Found(url, form, visited)
        for link in page.links:
            path = link.split("?")[0]
            if method == "GET" and endpoint_of(app, path, "GET") == endpoint:
                return Found(path, Form(path, "", "get", ""), visited)  # a download is not opened
            if link in seen or SKIPPED.search(link.split("?")[0]) or not link.startswith("/"):
                continue
            seen.add(link)
            order += 1
            heapq.heappush(queue, (-closeness(rule, link), order, link))
    return None


# Checks ---------------------------------------------------------------------------------------


def assert_escaped(response: TestResponse, what: str) -> None:
    """No injected markup survives into an HTML page (JSON and downloads are not HTML)."""
    if response.mimetype != "text/html":
        return
    text = response.get_data(as_text=True)
    for pattern in INJECTED:
        match = pattern.search(text)
        assert match is None, (
            f"{what}: unescaped {match.group(0)!r} in the page: "
            f"…{text[max(0, match.start() - 200) : match.end() + 200]}…"
        )


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a digest of the rows of every table, read on a connection of its own."""
    state: dict[str, tuple[int, str]] = {}
    with db.engine.connect() as conn:
        quote = conn.dialect.identifier_preparer.quote
        for table in db.metadata.sorted_tables:
            order = ", ".join(quote(c.name) for c in (table.primary_key.columns or table.columns))
            # Plain SQL: read hundreds of times per run, the compiled form would cost more than the read.
            rows = conn.exec_driver_sql(f"SELECT * FROM {quote(table.name)} ORDER BY {order}").fetchall()  # noqa: S608
            state[table.name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()[:16])
    return state


def changed_tables(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def stored_nul() -> list[str]:
    """The tables holding text with a NUL character (SQLite stores it; PostgreSQL refuses it)."""
    found = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            rows = conn.execute(sa.select(table)).all()
            if any(isinstance(value, str) and "\x00" in value for row in rows for value in row):
                found.append(table.name)
    return found
