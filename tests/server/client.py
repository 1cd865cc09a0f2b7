"""A browser over HTTP for the tests through a real server: cookies, CSRF tokens, no redirects
followed (the tests look at the answer itself), and requests released together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import requests

from tests.support.factories import PASSWORD
from tests.support.web import csrf_token_in

T = TypeVar("T")
# Long enough for a request queued behind all the others on a busy machine; a request that
# takes longer than this has hung.
REQUEST_TIMEOUT = 60


class Browser:
    def __init__(self, base_url: str, *, timeout: float = REQUEST_TIMEOUT) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.http = requests.Session()
        self.http.trust_env = False  # never through a proxy of the environment: 127.0.0.1 only
        # A connection per request: a kept-alive one may be closed by the server (after its
        # keep-alive time) just as a request is sent on it, which would fail that request.
        self.http.headers["Connection"] = "close"
        self._csrf: str | None = None

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return self.http.get(self.base_url + path, allow_redirects=False, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return self.http.post(self.base_url + path, data=data, allow_redirects=False, **kwargs)

    def token(self, page: str) -> str:
        answer = self.get(page)
        assert answer.status_code == 200, f"{page} answered {answer.status_code}"
        return csrf_token_in(answer.text)

    def csrf(self) -> str:
        """The CSRF token of this browser's session: one serves every form until the next login."""
        if self._csrf is None:
            self._csrf = self.token("/lighthouses")
        return self._csrf

    def submit(self, page: str, data: dict[str, Any], *, action: str | None = None) -> requests.Response:
        """Open ``page``, take its CSRF token and post ``data`` to ``action`` (or the page)."""
        return self.post(action or page, {"csrf_token": self.token(page), **data})

    def login(self, email: str, password: str = PASSWORD) -> Browser:
        answer = self.submit("/login", {"email": email, "password": password})
        assert answer.status_code == 302, f"{email} could not log in ({answer.status_code})"
        self._csrf = None  # logging in starts a new session
        return self

    def second_tab(self) -> Browser:
        """The same person in another tab: the same cookies, a connection of its own."""
        tab = Browser(self.base_url, timeout=self.timeout)
        tab.http.cookies.update(self.http.cookies)
        tab._csrf = self._csrf
        return tab


def run_together(calls: list[Callable[[], T]]) -> list[T | BaseException]:
    """Run every call in a thread of its own, all released at the same moment by a barrier.

    Returns per call what it returned, or the exception it raised.
    """
    barrier = threading.Barrier(len(calls), timeout=60)
    outcomes: list[T | BaseException | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait()
            outcomes[index] = call()
        except BaseException as error:  # handed to the test
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * REQUEST_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a request never came back"
    return outcomes  # type: ignore[return-value]
