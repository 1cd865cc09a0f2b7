"""`make bench`: the load benchmark on a large synthetic round (docs/performance.md).

Creates a PostgreSQL database of its own on the local server, writes the data set into it
(tests.benchmark.dataset), serves the application with gunicorn (production settings, statement
counting on) and measures one endpoint after the other with locust in a process of its own,
against 127.0.0.1 only: first paced (each simulated person pausing between requests) for the
latency, then flat out for the capacity. Prints a Markdown table and keeps it in
.cache/bench/last.md. The database is dropped at the end, also after a failure or Ctrl+C.

Settings, from the environment (defaults in brackets): BENCH_USERS, concurrent clients [20];
BENCH_THINK, their mean pause in seconds in the paced pass [3]; BENCH_SECONDS, length of the
paced pass per endpoint [25]; BENCH_CAPACITY_SECONDS, of the flat-out pass [10; 0 leaves it out];
BENCH_WARMUP, seconds after the clients have started that are not counted [2]; BENCH_WORKERS and
BENCH_THREADS, gunicorn's [4, 1]; BENCH_ONLY, a comma-separated choice of endpoints (static,
healthz, lighthouses, api, dashboard, review, ranking, sheet, vote); BENCH_SCALE=small for a
quick trial on a tiny data set.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

from evaluator.rounds.models import RoundPhase
from tests.benchmark import dataset
from tests.benchmark.report import Row, Sample, markdown_table, summarise, with_capacity
from tests.conftest import POSTGRES_ADMIN_URL, PostgresDatabase, migrate_database, postgres_reachable
from tests.support.server import REPO_ROOT, GunicornServer

OUTPUT = REPO_ROOT / ".cache" / "bench"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
USER_AGENT = "lighthouse-benchmark"
BASELINE = "static"
ENDPOINTS = ("static", "healthz", "lighthouses", "api", "dashboard", "review", "ranking", "sheet", "vote")


@dataclass(frozen=True)
class Block:
    key: str  # the locustfile's method
    label: str
    logged_in: bool = False
    phase: RoundPhase = RoundPhase.REVIEWING  # of the running round while measured


def blocks(data: dataset.Dataset) -> list[Block]:
    """The endpoints in the order they are measured (ENDPOINTS); votes last, in phase voting."""
    nominations = len(data.nominations)
    per_category = nominations // max(len(data.category_ids), 1)
    return [
        Block("static", "`GET /static/app.css` (trivial: no database)"),
        Block("healthz", "`GET /healthz` (one `SELECT 1`)"),
        Block("lighthouses", "`GET /lighthouses`"),
        Block("api", "`GET /api/v1/lighthouses`"),
        Block("dashboard", "`GET /dashboard` (member)", logged_in=True),
        Block("review", f"`GET /review/` (member's overview of {nominations} nominations)", logged_in=True),
        Block(
            "ranking",
            f"`GET /review/rounds/<id>/ranking` ({per_category} of {nominations} nominations)",
            logged_in=True,
        ),
        Block("sheet", "`POST /review/nominations/<id>` (amend a sheet)", logged_in=True),
        Block("vote", "`POST /review/nominations/<id>/vote`", logged_in=True, phase=RoundPhase.VOTING),
    ]


@dataclass(frozen=True)
class Settings:
    users: int
    think: float
    seconds: int
    capacity_seconds: int
    warmup: float
    workers: int
    threads: int
    only: tuple[str, ...]
    scale: dataset.Scale

    @classmethod
    def from_environment(cls, environ: dict[str, str]) -> Settings:
        return cls(
            users=int(environ.get("BENCH_USERS", "20")),
            think=float(environ.get("BENCH_THINK", "3")),
            seconds=int(environ.get("BENCH_SECONDS", "25")),
            capacity_seconds=int(environ.get("BENCH_CAPACITY_SECONDS", "10")),
            warmup=float(environ.get("BENCH_WARMUP", "2")),
            workers=int(environ.get("BENCH_WORKERS", "4")),
            threads=int(environ.get("BENCH_THREADS", "1")),
            only=tuple(b.strip() for b in environ.get("BENCH_ONLY", "").split(",") if b.strip()),
            scale=dataset.SMALL if environ.get("BENCH_SCALE") == "small" else dataset.Scale(),
        )


class BenchDatabase(PostgresDatabase):
    """A database of its own on the local server, named so that it is recognised as the benchmark's."""

    def __init__(self, admin_url: str) -> None:
        super().__init__(admin_url)
        self.name = self.name.replace("evaluator_test_", "evaluator_bench_")
        self.url = self.admin_url.set(database=self.name).render_as_string(hide_password=False)


def say(message: str) -> None:
    print(message, flush=True)


# -- Sessions ---------------------------------------------------------------------------------------


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no form token on the page")
    return match.group(1)


def log_in(base_url: str, email: str, password: str) -> dict[str, str]:
    """Log in through the login form, as a browser does: the session cookie and its form token."""
    with requests.Session() as browser:
        browser.headers["User-Agent"] = USER_AGENT
        form = browser.get(f"{base_url}/login", timeout=30)
        answer = browser.post(
            f"{base_url}/login",
            data={"csrf_token": _csrf(form.text), "email": email, "password": password},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"{email} could not log in (status {answer.status_code})")
        # The first page after logging in puts the form token of this session into the cookie.
        page = browser.get(f"{base_url}/review/", timeout=30)
        page.raise_for_status()
        return {"email": email, "cookie": browser.cookies["session"], "csrf": _csrf(page.text)}


def sheet_versions(engine: sa.Engine, emails: list[str]) -> dict[str, dict[int, int]]:
    """Each member's sheets as they stand, nomination id → version, for the next amendments."""
    versions: dict[str, dict[int, int]] = {email: {} for email in emails}
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT users.email, score_sheets.nomination_id, score_sheets.version "
                "FROM score_sheets JOIN users ON users.id = score_sheets.member_id"
            )
        )
        for email, nomination_id, version in rows:
            if email in versions:
                versions[email][nomination_id] = version
    return versions


# -- One block --------------------------------------------------------------------------------------


def run_locust(
    block: Block, server: GunicornServer, settings: Settings, plan: dict[str, Any], *, paced: bool
) -> list[Sample]:
    name = f"{block.key}-{'paced' if paced else 'flat-out'}"
    plan_path, samples_path = OUTPUT / f"plan-{name}.json", OUTPUT / f"samples-{name}.json"
    plan_path.write_text(json.dumps(plan))
    samples_path.unlink(missing_ok=True)
    seconds = settings.seconds if paced else settings.capacity_seconds
    env = {
        **os.environ,
        "BENCH_PLAN": str(plan_path),
        "BENCH_ENDPOINT": block.key,
        "BENCH_SAMPLES": str(samples_path),
        "BENCH_THINK": str(settings.think if paced else 0),
        "PYTHONPATH": str(REPO_ROOT),
    }
    command = [
        sys.executable, "-m", "locust",
        "-f", str(LOCUSTFILE),
        "--headless",
        "--users", str(settings.users),
        "--spawn-rate", f"{settings.users / spawn_seconds(settings, paced=paced):g}",
        "--run-time", f"{seconds + spawn_seconds(settings, paced=paced):g}s",
        "--stop-timeout", "10",
        "--host", server.url,
        "--csv", str(OUTPUT / f"locust-{name}"),
        "--only-summary",
        "--loglevel", "WARNING",
        "--exit-code-on-error", "0",
    ]  # fmt: skip
    log_path = OUTPUT / f"locust-{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
        try:
            code = process.wait(timeout=seconds + 90)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    if code != 0 or not samples_path.exists():
        raise RuntimeError(f"locust failed on {name} (exit {code}); see {log_path}")
    return [Sample(*values) for values in json.loads(samples_path.read_text())]


def spawn_seconds(settings: Settings, *, paced: bool) -> float:
    """How long the clients take to start: paced, spread over one mean pause, as people who do not
    all click at the same instant; flat out, at once."""
    return max(settings.think, 1.0) if paced else 1.0


def measure(
    block: Block, server: GunicornServer, settings: Settings, plan: dict[str, Any], engine: sa.Engine
) -> Row:
    def current_plan() -> dict[str, Any]:
        if block.key != "sheet":
            return plan
        return {**plan, "versions": sheet_versions(engine, [s["email"] for s in plan["sessions"]])}

    # What is counted starts BENCH_WARMUP seconds after the last client has started.
    paced = run_locust(block, server, settings, current_plan(), paced=True)
    row = summarise(
        block.key, block.label, paced, warmup=spawn_seconds(settings, paced=True) + settings.warmup
    )
    if settings.capacity_seconds > 0:
        flat_out = run_locust(block, server, settings, current_plan(), paced=False)
        row = with_capacity(row, flat_out, warmup=spawn_seconds(settings, paced=False) + settings.warmup)
    return row


# -- The run ----------------------------------------------------------------------------------------


def describe(data: dataset.Dataset) -> str:
    rows = data.rows
    return (
        f"{len(data.nominations)} nominations in {len(data.category_ids)} categories, "
        f"{len(data.members)} commission members (one chair), {len(data.coordinators)} coordinators and "
        f"an admin; {rows.get('score_sheets', 0):,} submitted score sheets with {rows.get('scores', 0):,} "
        f"scores and {rows.get('votes', 0):,} votes; {len(data.published_years)} earlier published rounds "
        f"with {rows.get('awards', 0):,} awards ({data.current_lighthouses} current lighthouses)"
    )


def machine(engine: sa.Engine) -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = f" ({found.group(1).strip()})" if found else ""
    with engine.connect() as conn:
        version = conn.scalar(sa.text("SHOW server_version"))
    return (
        f"{os.cpu_count()} cores{model}, {platform.system()}, Python {platform.python_version()}, "
        f"PostgreSQL {version}"
    )


def report_text(
    settings: Settings, engine: sa.Engine, data: dataset.Dataset, generation: float, rows: list[Row]
) -> str:
    lines = [
        f"Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine(engine)}.",
        f"Server: gunicorn, {settings.workers} workers × {settings.threads} threads, production settings. "
        f"Load: locust on the same machine, {settings.users} concurrent clients; paced pass "
        f"{settings.seconds} s per endpoint with pauses of "
        f"{settings.think / 3:g}–{settings.think * 5 / 3:g} s (latency), "
        f"flat-out pass {settings.capacity_seconds} s without pauses (requests/s); "
        f"counted from {settings.warmup:g} s after the last client has started "
        f"(they start over {spawn_seconds(settings, paced=True):g} s in the paced pass).",
        f"Data set: {describe(data)}; written in {generation:.1f} s.",
        *_sheet_check(rows, engine),
        markdown_table(rows, baseline=BASELINE),
    ]
    return "\n\n".join(lines) + "\n"


def _sheet_check(rows: list[Row], engine: sa.Engine) -> list[str]:
    """The database's word on the sheet block: every amendment answered as saved is stored."""
    row = next((r for r in rows if r.block == "sheet"), None)
    if row is None:
        return []
    with engine.connect() as conn:
        stored = int(conn.scalar(sa.text("SELECT COALESCE(SUM(version - 1), 0) FROM score_sheets")) or 0)
    verdict = "all" if stored == row.successes else f"but {row.successes:,} were answered as saved"
    return [f"Sheet amendments stored in the database: {stored:,} ({verdict})."]


def main() -> int:
    settings = Settings.from_environment(dict(os.environ))
    unknown = set(settings.only) - set(ENDPOINTS)
    if unknown:
        say(f"BENCH_ONLY: no endpoint {', '.join(sorted(unknown))}; there are {', '.join(ENDPOINTS)}")
        return 2
    problem = postgres_reachable()
    if problem:
        say(f"The benchmark needs PostgreSQL: {problem}")
        return 2
    OUTPUT.mkdir(parents=True, exist_ok=True)
    # Nothing of an earlier run stays to be mistaken for this one's.
    for pattern in ("plan-*", "samples-*", "locust-*", "gunicorn.log"):
        for stale in OUTPUT.glob(pattern):
            stale.unlink()
    began = time.monotonic()
    database = BenchDatabase(POSTGRES_ADMIN_URL)
    say(f"Creating the database {database.name} ...")
    database.create()
    engine = sa.create_engine(database.url)
    try:
        with contextlib.redirect_stderr(io.StringIO()) as migration_log:  # Alembic's progress lines
            try:
                migrate_database(database.url)
            except Exception:
                sys.stderr.write(migration_log.getvalue())
                raise
        say("Writing the data set ...")
        generation_started = time.monotonic()
        with engine.begin() as conn:
            data = dataset.build(conn, settings.scale)
        # Statistics and the visibility map, as the autovacuum of a live server keeps them (index-only
        # scans need the latter).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
        generation = time.monotonic() - generation_started
        say(f"  {describe(data)}: {generation:.1f} s")

        chosen = [b for b in blocks(data) if not settings.only or b.key in settings.only]
        if settings.users > len(data.members) and any(b.key == "sheet" for b in chosen):
            say(f"  Note: {settings.users} clients share {len(data.members)} members: expect refused sheets.")
        rows: list[Row] = []
        with GunicornServer(
            database.url,
            workers=settings.workers,
            threads=settings.threads,
            env={"EVALUATOR_QUERY_COUNT_HEADER": "true"},
            log_path=OUTPUT / "gunicorn.log",
        ) as server:
            say(f"gunicorn: {settings.workers} workers × {settings.threads} threads on {server.url}")
            sessions = []
            if any(b.logged_in for b in chosen):
                started = time.monotonic()
                members = data.members[: min(settings.users, len(data.members))]
                with ThreadPoolExecutor(max_workers=4) as pool:  # each login hashes the password once
                    sessions = list(pool.map(lambda email: log_in(server.url, email, data.password), members))
                say(f"  {len(sessions)} members logged in: {time.monotonic() - started:.1f} s")
            plan = {
                "user_agent": USER_AGENT,
                "round_id": data.round_id,
                "category_ids": data.category_ids,
                "criteria": {str(k): v for k, v in data.criteria.items()},
                "nominations": data.nominations,
                "sessions": sessions,
                "versions": {},
                "labels": {b.key: b.label for b in chosen},
                "logged_in": {b.key: b.logged_in for b in chosen},
            }
            phase = RoundPhase.REVIEWING
            for block in chosen:
                if block.phase is not phase:
                    with engine.begin() as conn:
                        dataset.set_phase(conn, data.round_id, block.phase)
                    phase = block.phase
                say(f"Measuring {block.label} ...")
                row = measure(block, server, settings, plan, engine)
                rows.append(row)
                capacity = f"{row.capacity_rps:.0f}/s flat out, " if row.capacity_rps is not None else ""
                say(f"  {capacity}p50 {row.p50:.1f} ms, p95 {row.p95:.1f} ms paced, {row.errors} errors")
        text = report_text(settings, engine, data, generation, rows)
    finally:
        engine.dispose()
        database.drop()

    (OUTPUT / "last.md").write_text(text)
    (OUTPUT / "last.json").write_text(json.dumps([r.__dict__ for r in rows], default=str, indent=1))
    say("")
    say(text)
    say(f"Written to {OUTPUT / 'last.md'}; the whole run took {time.monotonic() - began:.0f} s.")
    return 0


def entry_point() -> None:
    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a terminated run cleans up as after Ctrl+C
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("Interrupted; the benchmark database has been dropped.")
        sys.exit(130)


if __name__ == "__main__":
    entry_point()
