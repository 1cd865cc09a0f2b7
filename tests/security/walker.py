"""Walking the URL map: the routes to visit, the URL of each from the planted data, and a walker
that visits them as each persona in each phase, on a database put back after every change.

The worlds (one per phase of the round under test) are built once and kept as SQLite files;
every persona logs in once and keeps its cookie, so each visit starts from the same browser
state and the same data whatever was visited before.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter

from evaluator import create_app
from evaluator.extensions import db, limiter
from tests.conftest import IsolatedClient, base_config, migrate_database
from tests.security.expectations import LOGIN, Answer
from tests.security.world import (
    ANONYMOUS,
    DECIDING,
    EMAILS,
    PERSONAS,
    PUBLISHED,
    REVIEWING,
    VOTING,
    Planted,
    advance_to_deciding,
    advance_to_published,
    advance_to_voting,
    build_reviewing,
)
from tests.support.factories import PASSWORD
from tests.support.web import WebClient

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
FORBIDDEN: set[Answer] = {LOGIN, 400, 403, 404, 405}
STATIC_FILES = {"static": "app.css", "bootstrap.static": "css/bootstrap.min.css"}
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


# The routes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    variant: str

    @property
    def key(self) -> str:
        return f"{self.endpoint} {self.method}"

    @property
    def name(self) -> str:
        return "-".join(part for part in (self.endpoint, self.method, self.variant) if part)


def variants(rule: Rule) -> list[str]:
    """The planted objects a route is visited with: both nominations, both initiatives, a
    published and an unpublished year, every choice of an ``any`` part."""
    arguments = rule.arguments
    if "nomination_id" in arguments or "initiative_id" in arguments:
        return ["hydro", "geo"]
    if "year" in arguments:
        return ["2025", "2026"]
    choices = [c for c in rule._converters.values() if isinstance(c, AnyConverter)]
    if choices:
        return sorted(choices[0].items)
    return [""]


def methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - SKIPPED_METHODS)


def routes_of(app: Flask) -> list[Route]:
    return [
        Route(rule.endpoint, method, variant)
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
        for method in methods(rule)
        for variant in variants(rule)
    ]


def url_map_app() -> Flask:
    """An app to read the URL map from (no database is opened)."""
    return create_app(base_config("sqlite://"))


def url_values(rule: Rule, variant: str, planted: Planted) -> dict[str, Any]:
    """Every part of the rule's URL, filled from the planted data."""
    by_variant = {
        "hydro": {
            "nomination_id": planted.hydro_id,
            "attachment_id": planted.hydro_attachment_id,
            "initiative_id": planted.hydro_initiative_id,
        },
        "geo": {
            "nomination_id": planted.geo_id,
            "attachment_id": planted.geo_attachment_id,
            "initiative_id": planted.geo_initiative_id,
        },
    }
    common: dict[str, Any] = {
        "round_id": planted.round_id,
        "category_id": planted.category_id,
        "criterion_id": planted.criterion_id,
        "user_id": planted.bystander_id,
        "mail_id": planted.mail_id,
        "conflict_id": planted.conflict_id,
        "token": "not-a-link-anyone-was-sent",
        **by_variant.get(variant, {}),
    }
    if variant.isdigit():
        common["year"] = int(variant)
    if rule.endpoint in STATIC_FILES:
        common["filename"] = STATIC_FILES[rule.endpoint]
    values = {}
    for name in rule.arguments:
        if name in ("key",):
            values[name] = variant
        elif name in common:
            values[name] = common[name]
        else:
            raise LookupError(
                f"{rule.rule}: nothing planted for <{name}>; add it to url_values in tests/security/walker.py"
            )
    return values


# What a visit saw ------------------------------------------------------------------------------


@dataclass
class Seen:
    status: int
    location: str
    body: str
    flashes: str
    writes: list[str] = field(default_factory=list)
    rows_before: dict[str, int] | None = None
    rows_after: dict[str, int] | None = None

    @property
    def answer(self) -> Answer:
        if self.status == 302 and self.location.startswith("/login"):
            return LOGIN
        return self.status


def readable(response) -> str:  # type: ignore[no-untyped-def]
    """The body as text; a workbook is unpacked so that its cells can be read too."""
    data = response.get_data()
    if "spreadsheetml" in (response.mimetype or ""):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


# The walker ------------------------------------------------------------------------------------


@dataclass
class Browser:
    cookie: str
    token: str


class Walker:
    """Builds the worlds once, then visits routes as personas, putting the data back as needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.work = root / "walk.sqlite"
        self.files = root / "attachments"
        migrate_database(f"sqlite:///{self.work}")
        self.app = create_app({**base_config(f"sqlite:///{self.work}"), "ATTACHMENT_DIR": str(self.files)})
        self.rules = {rule.endpoint: rule for rule in self.app.url_map.iter_rules()}
        self._adapter = self.app.url_map.bind("localhost")
        self._urls: dict[Route, str] = {}
        self.snapshots: dict[str, Path] = {}
        self.browsers: dict[str, Browser] = {}
        self.current: str | None = None
        self.dirty = False
        self._statements: list[str] | None = None
        sa.event.listen(self._engine(), "before_cursor_execute", self._record)
        self._build()

    # Building and restoring ---------------------------------------------------------------------

    def _engine(self) -> sa.Engine:
        with self.app.app_context():
            return db.engine

    def _record(self, conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if self._statements is not None and statement.lstrip().upper().startswith(WRITES):
            self._statements.append(statement)

    def _build(self) -> None:
        steps = [
            (REVIEWING, None),
            (VOTING, advance_to_voting),
            (DECIDING, advance_to_deciding),
            (PUBLISHED, advance_to_published),
        ]
        with self.app.app_context():
            limiter.reset()
            self.planted = build_reviewing(db.session, self.app)
            db.session.remove()
        self._log_in_everyone()
        for phase, step in steps:
            if step is not None:
                with self.app.app_context():
                    step(db.session, self.planted)
                    db.session.remove()
            self._snapshot(phase)
        self._restore(REVIEWING)

    def _client(self) -> WebClient:
        return WebClient(IsolatedClient(self.app, self.app.response_class, use_cookies=True))

    def _log_in_everyone(self) -> None:
        for persona in PERSONAS:
            browser = self._client()
            if persona == ANONYMOUS:
                token = browser.token("/login")
            else:
                assert browser.login(EMAILS[persona], PASSWORD).status_code == 302, persona
                token = browser.token("/lighthouses")
            cookie = browser.client.get_cookie("session")
            assert cookie is not None
            self.browsers[persona] = Browser(cookie.value, token)

    def _release(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def _copy(self, source: Path, target: Path) -> None:
        self._release()
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)

    def _snapshot(self, phase: str) -> None:
        self.snapshots[phase] = self.root / f"{phase}.sqlite"
        self._copy(self.work, self.snapshots[phase])
        if phase == REVIEWING:
            shutil.copytree(self.files, self.root / "attachments-kept")

    def _restore(self, phase: str) -> None:
        self._copy(self.snapshots[phase], self.work)
        shutil.rmtree(self.files)
        shutil.copytree(self.root / "attachments-kept", self.files)
        self.current, self.dirty = phase, False

    def enter(self, phase: str) -> None:
        if self.current != phase or self.dirty:
            self._restore(phase)

    def close(self) -> None:
        self._release()
        # The limiter is shared by every app; hand it back to one with the test settings.
        restored = create_app(base_config(f"sqlite:///{self.work}"))
        with restored.app_context():
            limiter.reset()
            db.engine.dispose()

    # Visiting -------------------------------------------------------------------------------------

    def url(self, route: Route) -> str:
        if route not in self._urls:
            values = url_values(self.rules[route.endpoint], route.variant, self.planted)
            self._urls[route] = self._adapter.build(route.endpoint, values, method=route.method)
        return self._urls[route]

    @contextmanager
    def _watching_writes(self, seen_writes: list[str]) -> Iterator[None]:
        self._statements = seen_writes
        try:
            yield
        finally:
            self._statements = None

    def visit(
        self, phase: str, route: Route, persona: str, *, method: str | None = None, count_rows: bool = False
    ) -> Seen:
        """Open ``route`` as ``persona``; with ``count_rows``, count every table's rows around it."""
        self.enter(phase)
        before = self.row_counts() if count_rows else None
        limiter.reset()  # the login and reset-link limits count across visits otherwise
        browser = self.browsers[persona]
        client = IsolatedClient(self.app, self.app.response_class, use_cookies=True)
        client.set_cookie("session", browser.cookie)
        method = method or route.method
        data = {"csrf_token": browser.token} if method != "GET" else None
        writes: list[str] = []
        with self._watching_writes(writes):
            response = client.open(self.url(route), method=method, data=data)
        if writes:
            self.dirty = True
        cookie = client.get_cookie("session")
        return Seen(
            status=response.status_code,
            location=response.headers.get("Location", ""),
            body=readable(response),
            flashes=self._flashes(cookie.value if cookie else ""),
            writes=writes,
            rows_before=before,
            rows_after=self.row_counts() if count_rows else None,
        )

    def _flashes(self, cookie: str) -> str:
        """The messages waiting in the session for the next page."""
        if not cookie:
            return ""
        serializer = self.app.session_interface.get_signing_serializer(self.app)  # type: ignore[attr-defined]
        return repr(serializer.loads(cookie).get("_flashes", []))

    def row_counts(self) -> dict[str, int]:
        """Rows per table, the audit log included, in one statement."""
        tables = [t.name for t in db.metadata.sorted_tables]
        counts = ", ".join(f'(SELECT count(*) FROM "{name}")' for name in tables)
        with self._engine().connect() as conn:
            row = conn.execute(sa.text(f"SELECT {counts}")).one()  # noqa: S608  (our own table names)
        return dict(zip(tables, row, strict=True))
