"""The application served by gunicorn in a process of its own, as in production.

Used by the tests that must go through a real server (concurrency, faults) and by the benchmark.
The server runs the production settings with the few changes plain HTTP on 127.0.0.1 needs
(session cookies without the Secure flag, no trusted proxy in front).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gunicorn_executable() -> str:
    candidate = Path(sys.executable).with_name("gunicorn")
    return str(candidate) if candidate.exists() else "gunicorn"


def production_environment(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of an application process of its own: this one's, without its
    application settings, plus the production settings, a random SECRET_KEY and ``settings``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("EVALUATOR_") or key.startswith("EVALUATOR_TEST_")
    }
    env.update(
        {"EVALUATOR_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": database_url}
    )
    env.update(settings)
    return env


class GunicornServer:
    """``with GunicornServer(database_url) as server: ... server.url ...``"""

    def __init__(
        self,
        database_url: str,
        *,
        workers: int = 2,
        threads: int = 1,
        timeout: int = 30,
        env: dict[str, str] | None = None,
        log_path: Path | None = None,
    ) -> None:
        self.database_url = database_url
        self.workers = workers
        self.threads = threads
        self.timeout = timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = env or {}
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self._log = None

    def environment(self) -> dict[str, str]:
        return production_environment(
            self.database_url,
            EVALUATOR_SESSION_COOKIE_SECURE="false",
            EVALUATOR_REMEMBER_COOKIE_SECURE="false",
            EVALUATOR_PREFERRED_URL_SCHEME="http",
            EVALUATOR_PROXY_FIX_HOPS="0",
            EVALUATOR_BASE_URL=self.url,
            PYTHONUNBUFFERED="1",
            **self.extra_env,
        )

    def start(self) -> GunicornServer:
        command = [
            gunicorn_executable(),
            "--workers", str(self.workers),
            "--threads", str(self.threads),
            "--bind", f"127.0.0.1:{self.port}",
            "--timeout", str(self.timeout),
            "--graceful-timeout", "5",
            "--log-level", "warning",
            "evaluator:create_app()",
        ]  # fmt: skip
        output = subprocess.DEVNULL
        if self.log_path is not None:
            self._log = open(self.log_path, "ab")  # noqa: SIM115  (closed in stop())
            output = self._log
        self.process = subprocess.Popen(  # noqa: S603  (our own command line)
            command, cwd=REPO_ROOT, env=self.environment(), stdout=output, stderr=output
        )
        self.wait_until_up()
        return self

    def wait_until_up(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /healthz within {seconds} s")

    def worker_pids(self) -> list[int]:
        """The pids of the worker processes (children of the gunicorn master)."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> GunicornServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
