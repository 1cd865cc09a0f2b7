"""The simulated people of the benchmark, for ``locust --headless`` (started by tests.benchmark.run).

One locust run measures one endpoint (``BENCH_ENDPOINT``), so that its requests per second are
its own; ``BENCH_THINK`` is each simulated person's mean pause between requests (0: none).
Commission members use sessions logged in beforehand (``BENCH_PLAN``: cookie and form token per
member), one member per simulated person. Every measured request is recorded with its start,
duration, outcome and the query count the server reported (X-Query-Count, Server-Timing), and
written to ``BENCH_SAMPLES`` when locust quits.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import random
import re
import time
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant, events, task

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text())
ENDPOINT = os.environ["BENCH_ENDPOINT"]
SAMPLES = Path(os.environ["BENCH_SAMPLES"])
THINK = float(os.environ.get("BENCH_THINK", "0"))
USER_AGENT = PLAN["user_agent"]

samples: list[list[Any]] = []
_sessions = itertools.count()


@events.request.add_listener
def _record(name: str, response_time: float, response: Any, exception: Any, **kwargs: Any) -> None:
    if name.startswith("setup:"):
        return
    headers = getattr(response, "headers", None) or {}
    count = headers.get("X-Query-Count")
    timing = re.search(r"db;[^,]*dur=([0-9.]+)", headers.get("Server-Timing") or "")
    started = kwargs.get("start_time") or time.time()
    samples.append(
        [
            started,
            response_time,
            exception is not None,
            int(count) if count is not None else None,
            float(timing.group(1)) if timing else None,
        ]
    )


@events.quitting.add_listener
def _write_samples(**_kwargs: Any) -> None:
    SAMPLES.write_text(json.dumps(samples))


def flash_categories(set_cookie: str | None) -> list[str]:
    """The categories of the flash messages in Flask's session cookie (signed, not encrypted)."""
    match = re.search(r"session=([^;]+)", set_cookie or "")
    if not match:
        return []
    value = match.group(1)
    compressed = value.startswith(".")
    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    data = json.loads(zlib.decompress(raw) if compressed else raw)
    return [flash[" t"][0] for flash in data.get("_flashes", []) if isinstance(flash, dict)]


class Person(FastHttpUser):
    # A pause of THINK seconds on average after each answer, as locust's own examples have it
    # (between 1 and 5 s for THINK=3); none when measuring capacity.
    wait_time = between(THINK / 3, THINK * 5 / 3) if THINK > 0 else constant(0)
    default_headers = {"User-Agent": USER_AGENT}

    def on_start(self) -> None:
        self.label = PLAN["labels"][ENDPOINT]
        self.session: dict[str, str] | None = None
        if PLAN["logged_in"].get(ENDPOINT):
            sessions = PLAN["sessions"]
            self.session = sessions[next(_sessions) % len(sessions)]
        # The member's sheets, nomination id → version, as they stand when this run starts.
        self.versions: dict[int, int] = {}
        if self.session is not None:
            self.versions = {int(k): v for k, v in PLAN["versions"].get(self.session["email"], {}).items()}

    # -- helpers ---------------------------------------------------------------------------------

    def _headers(self, **extra: str) -> dict[str, str]:
        if self.session is None:
            return extra
        # The session as it was after logging in: what a POST adds (a flash message) is not kept,
        # so the cookie stays the same size however long the run.
        self.client.cookiejar.clear()
        return {"Cookie": f"session={self.session['cookie']}", **extra}

    def _post(self, path: str, form: dict[str, str]):  # type: ignore[no-untyped-def]
        return self.client.post(
            path,
            data=urlencode(form),
            name=self.label,
            headers=self._headers(**{"Content-Type": "application/x-www-form-urlencoded"}),
            allow_redirects=False,
            catch_response=True,
        )

    def _get(self, path: str) -> None:
        with self.client.get(
            path, name=self.label, headers=self._headers(), allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    # -- what is measured ------------------------------------------------------------------------

    @task
    def measure(self) -> None:
        getattr(self, ENDPOINT)()

    def static(self) -> None:
        self._get("/static/app.css")

    def healthz(self) -> None:
        self._get("/healthz")

    def lighthouses(self) -> None:
        self._get("/lighthouses")

    def api(self) -> None:
        self._get("/api/v1/lighthouses")

    def ranking(self) -> None:
        category = random.choice(PLAN["category_ids"])
        self._get(f"/review/rounds/{PLAN['round_id']}/ranking?category={category}")

    def review(self) -> None:
        self._get("/review/")

    def dashboard(self) -> None:
        self._get("/dashboard")

    def sheet(self) -> None:
        """Amend one of the member's submitted sheets: every criterion scored, the version it read."""
        assert self.session is not None
        nomination_id, category_id = random.choice(PLAN["nominations"])
        version = self.versions.get(nomination_id, 1)
        form = {
            "csrf_token": self.session["csrf"],
            "comment": random.choice(["", "Convincing.", "Strong partners, modest output."]),
            "version": str(version),
            "submit_sheet": "Submit sheet",
        }
        for criterion_id in PLAN["criteria"][str(category_id)]:
            form[f"criterion_{criterion_id}"] = str(random.randint(0, 5))
        with self._post(f"/review/nominations/{nomination_id}", form) as response:
            if response.status_code == 302 and "success" in flash_categories(
                response.headers.get("Set-Cookie")
            ):
                self.versions[nomination_id] = version + 1
                return
            found = re.search(r'name="version"[^>]*value="(\d+)"', response.text or "")
            if found:
                self.versions[nomination_id] = int(found.group(1))
            response.failure(f"sheet not saved (status {response.status_code})")

    def vote(self) -> None:
        assert self.session is not None
        nomination_id, _category_id = random.choice(PLAN["nominations"])
        form = {
            "csrf_token": self.session["csrf"],
            "vote-choice": random.choice(["award", "do_not_award", "abstain"]),
            "vote-cast": "Save vote",
        }
        with self._post(f"/review/nominations/{nomination_id}/vote", form) as response:
            # The answer is a redirect either way; the flash message tells success from refusal.
            if response.status_code != 302 or "success" not in flash_categories(
                response.headers.get("Set-Cookie")
            ):
                response.failure(f"vote not saved (status {response.status_code})")
