"""A thin wrapper over Flask's test client that speaks forms the way a browser does."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def csrf_token_in(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    if not match:
        raise AssertionError("no CSRF token on the page")
    return match.group(1)


class WebClient:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self.client.get(url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> TestResponse:
        return self.client.post(url, **kwargs)

    def token(self, page_url: str) -> str:
        page = self.client.get(page_url)
        assert page.status_code == 200, f"{page_url} answered {page.status_code}"
        return csrf_token_in(page.get_data(as_text=True))

    def submit(
        self, page_url: str, data: dict[str, Any], *, action: str | None = None, **kwargs: Any
    ) -> TestResponse:
        """Open ``page_url``, take its CSRF token and post ``data`` to ``action`` (or the page)."""
        payload = {"csrf_token": self.token(page_url), **data}
        return self.client.post(action or page_url, data=payload, **kwargs)

    def login(self, email: str, password: str, **kwargs: Any) -> TestResponse:
        return self.submit("/login", {"email": email, "password": password}, **kwargs)

    def logout(self) -> TestResponse:
        return self.submit("/lighthouses", {}, action="/logout")

    def text(self, url: str) -> str:
        return self.client.get(url).get_data(as_text=True)
