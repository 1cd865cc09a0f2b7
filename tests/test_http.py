"""Security headers on every response, and client addresses behind a trusted proxy."""

from __future__ import annotations

import pytest

from evaluator import create_app
from evaluator.extensions import db, limiter
from tests.conftest import base_config, migrate_database
from tests.support.web import WebClient


@pytest.mark.parametrize(
    "url", ["/lighthouses", "/login", "/api/v1/lighthouses", "/healthz", "/no-such-page"]
)
def test_every_response_carries_the_security_headers(client, url: str) -> None:
    headers = client.get(url).headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "Strict-Transport-Security" not in headers  # only with secure cookies (production)


def test_pages_have_no_inline_scripts_or_styles_the_policy_would_block(client) -> None:
    page = client.text("/lighthouses")
    assert "<script>" not in page and "<style" not in page and " style=" not in page


def test_behind_a_trusted_proxy_each_visitor_has_their_own_login_limit(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'proxy.sqlite'}"
    migrate_database(url)
    app = create_app({**base_config(url), "PROXY_FIX_HOPS": 1})
    try:
        with app.app_context():
            limiter.reset()
            web = WebClient(app.test_client())

            def attempt(visitor: str) -> int:
                return web.login(
                    f"{visitor}@example.org",
                    "wrong password!",
                    environ_base={"REMOTE_ADDR": "127.0.0.1"},
                    headers={"X-Forwarded-For": visitor_ip[visitor]},
                ).status_code

            visitor_ip = {"ada": "203.0.113.7", "bob": "198.51.100.9"}
            assert [attempt("ada") for _ in range(10)] == [200] * 10
            assert attempt("ada") == 429
            # Another visitor behind the same proxy is not locked out by Ada's attempts.
            assert attempt("bob") == 200
    finally:
        with app.app_context():
            db.engine.dispose()
        restored = create_app(base_config(url))
        with restored.app_context():
            limiter.reset()
            db.engine.dispose()


def test_no_template_uses_inline_styles_or_scripts() -> None:
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        assert ' style="' not in text, path
        assert "<script>" not in text and "<style" not in text, path


def test_form_fields_carry_no_empty_aria_or_autofocus_attributes(client) -> None:
    page = client.text("/login")
    assert '="None"' not in page
    assert 'aria-describedby=""' not in page


def test_a_form_part_without_a_name_is_left_out_rather_than_breaking_the_request(client) -> None:  # type: ignore[no-untyped-def]
    # Werkzeug files a multipart part whose name holds a line break under the key None, on which
    # the CSRF check (looking for a prefixed token) and WTForms' lists of rows used to stop.
    refused = client.post("/login", data={"a\nb": "x"}, content_type="multipart/form-data")
    assert refused.status_code == 400
    page = client.submit(
        "/login",
        {"email": "nobody@example.org", "password": "x", "a\r\nb": "x"},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    assert "E-mail or password is not correct." in page.get_data(as_text=True)
