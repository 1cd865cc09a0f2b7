"""Browser tests: Chromium (through Playwright's sync API) against a live server.

The server runs in a thread of the test process on its own SQLite file, migrated once per
session; every test starts from empty tables and a fresh rate limiter, and gets a fresh
browser context (no cookies shared between tests). These fixtures deliberately do not use
the ``app``/``client`` fixtures of tests/conftest.py, which run once per database backend.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from evaluator import create_app
from evaluator.extensions import db, limiter
from tests.conftest import base_config, empty_all_tables, migrate_database, unavailable

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Flask


def chromium_path() -> str | None:
    configured = os.environ.get("EVALUATOR_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'live.sqlite'}"
    migrate_database(database_url)
    app = create_app(base_config(database_url))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def server(live_server: LiveServer) -> Iterator[LiveServer]:
    """The live server, on empty tables and with no failed logins counted yet."""
    with live_server.app.app_context():
        limiter.reset()
    yield live_server
    empty_all_tables(live_server.app)
    with live_server.app.app_context():
        limiter.reset()


@pytest.fixture()
def demo_data(server: LiveServer) -> None:
    """The demo data set (the published 2021 round and the running 2026 round)."""
    from evaluator.demo.seed import seed  # imported late: needs evaluator/demo/data.py

    with server.app.app_context():
        seed(db.session)
        db.session.commit()
        db.session.remove()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        unavailable(
            "Chromium not found: install Debian's chromium or point EVALUATOR_CHROMIUM at a Chromium binary"
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def page(browser, server: LiveServer):  # type: ignore[no-untyped-def]
    """A page in a fresh context (own cookies), with relative URLs resolved against the server."""
    context = browser.new_context(
        base_url=server.url,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
        reduced_motion="reduce",  # Bootstrap then skips its transitions: no waiting for animations
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# Accessibility checks with axe-core: the script comes from the npm registry (axe-core@4, kept
# in .cache/axe) or from EVALUATOR_AXE_JS, and is served to the page at a same-origin address
# intercepted by the browser, so the app's Content-Security-Policy stays in force.
REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_LOCAL = REPO_ROOT / ".cache/axe/node_modules/axe-core/axe.min.js"
AXE_URL_PATH = "/__axe-core__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = frozenset({"serious", "critical"})


@pytest.fixture(scope="session")
def axe_js() -> str:
    """The source of axe.min.js (EVALUATOR_AXE_JS, else the local npm install)."""
    configured = os.environ.get("EVALUATOR_AXE_JS")
    path = Path(configured) if configured else AXE_LOCAL
    if not path.is_file():
        unavailable(
            f"axe-core not found at {path}: run `npm install --no-save --no-audit --no-fund "
            "--prefix .cache/axe axe-core@4` or point EVALUATOR_AXE_JS at axe.min.js"
        )
    return path.read_text(encoding="utf-8")


def axe_violations(page, axe_source: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core on the page as it is now; the serious and critical violations of WCAG 2.1 AA.

    axe-core is added to the page unless it is there already (``context.add_init_script`` with
    the source adds it to every page a context loads)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        pattern = f"**{AXE_URL_PATH}"

        def serve(route) -> None:  # type: ignore[no-untyped-def]
            route.fulfill(status=200, content_type="application/javascript", body=axe_source)

        page.route(pattern, serve)
        try:
            page.add_script_tag(url=AXE_URL_PATH)
        finally:
            page.unroute(pattern, serve)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [v for v in results["violations"] if v.get("impact") in AXE_FAILING_IMPACTS]


def describe_violations(violations: list[dict], *, targets: int = 3) -> str:
    """One readable block per violation: rule, impact, what it asks for and where it happens."""
    lines = []
    for violation in violations:
        rule, impact = violation["id"], violation["impact"]
        lines.append(f"{rule} ({impact}): {violation['help']} <{violation['helpUrl']}>")
        nodes = violation["nodes"]
        for node in nodes[:targets]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {' '.join(map(str, node['target']))}: {summary}")
        if len(nodes) > targets:
            lines.append(f"    ... and {len(nodes) - targets} more")
    return "\n".join(lines)
