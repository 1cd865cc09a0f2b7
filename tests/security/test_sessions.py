"""Sessions: a cookie from before the login never becomes a logged-in one, logging out ends the
session even for a copy of the cookie, deactivation ends every session, and in production the
cookie travels only over HTTPS, out of reach of scripts, with HSTS on every answer.

The session is Flask's signed cookie; what the server remembers is one row per login
(accounts.models.Login) and the account's session token.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_login.utils import encode_cookie

from evaluator import create_app
from evaluator.accounts.models import Login, Role, User
from evaluator.core.clock import frozen_at, now_utc
from evaluator.extensions import db, limiter
from tests.conftest import IsolatedClient, base_config, migrate_database
from tests.support.factories import PASSWORD, make_user
from tests.support.web import WebClient, csrf_token_in

ADA = "ada@example.org"
LOGIN_PAGE = "/login?next=%2Fdashboard"


@pytest.fixture()
def ada(session) -> User:  # type: ignore[no-untyped-def]
    user = make_user(session, Role.MEMBER, email=ADA, name="Ada Lovelace")
    session.commit()
    return user


def session_cookie(browser: WebClient) -> str | None:
    cookie = browser.client.get_cookie("session")
    return cookie.value if cookie else None


def browser_with_cookie(new_client, value: str) -> WebClient:  # type: ignore[no-untyped-def]
    """Another computer, holding a copy of a session cookie."""
    browser = new_client()
    browser.client.set_cookie("session", value)
    return browser


def assert_sent_to_login(browser: WebClient) -> None:
    response = browser.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"] == LOGIN_PAGE


def logins_of(session, user: User) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(Login).where(Login.user_id == user.id)) or 0


# Session fixation ------------------------------------------------------------------------------


def test_a_session_cookie_from_before_the_login_never_becomes_a_logged_in_one(
    client, new_client, ada
) -> None:
    client.submit("/login", {"language": "de"}, action="/language")
    planted = session_cookie(client)
    assert planted is not None  # the visitor's session: a form token and the chosen language

    assert client.login(ADA, PASSWORD).status_code == 302

    assert session_cookie(client) != planted
    assert client.get("/dashboard").status_code == 200
    assert_sent_to_login(browser_with_cookie(new_client, planted))


def test_a_form_token_from_before_the_login_is_refused_after_it(client, ada) -> None:
    old_token = csrf_token_in(client.text("/login"))
    client.login(ADA, PASSWORD)

    response = client.post("/logout", data={"csrf_token": old_token})

    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 200


def test_the_language_chosen_before_logging_in_is_kept_after_it(client, ada) -> None:
    client.submit("/login", {"language": "de"}, action="/language")

    client.login(ADA, PASSWORD)

    page = client.text("/dashboard")
    assert '<html lang="de">' in page
    assert "Willkommen, Ada Lovelace" in page


# Logging out -----------------------------------------------------------------------------------


def test_a_copy_of_the_cookie_taken_while_logged_in_is_refused_after_logging_out(
    client, new_client, session, ada
) -> None:
    client.login(ADA, PASSWORD)
    copy = session_cookie(client)
    assert copy is not None
    assert browser_with_cookie(new_client, copy).get("/dashboard").status_code == 200

    assert client.logout().status_code == 302

    assert_sent_to_login(client)
    replayed = browser_with_cookie(new_client, copy)
    assert_sent_to_login(replayed)
    assert replayed.get("/review/").status_code == 302
    assert logins_of(session, ada) == 0


def test_logging_out_in_one_browser_leaves_the_persons_other_browsers_logged_in(
    client, new_client, session, ada
) -> None:
    laptop = new_client()
    laptop.login(ADA, PASSWORD)
    client.login(ADA, PASSWORD)
    assert logins_of(session, ada) == 2

    client.logout()

    assert laptop.get("/dashboard").status_code == 200
    assert_sent_to_login(client)
    assert logins_of(session, ada) == 1


def test_logging_out_with_no_one_logged_in_just_leads_to_the_public_page(client) -> None:
    response = client.submit("/lighthouses", {}, action="/logout")

    assert response.status_code == 302
    assert response.headers["Location"] == "/lighthouses"


def test_a_login_ends_when_the_session_lifetime_has_passed_and_is_then_cleared_away(
    app: Flask, client, new_client, session, ada
) -> None:
    lifetime = app.permanent_session_lifetime
    with frozen_at(now_utc() - lifetime - timedelta(minutes=1)):
        client.login(ADA, PASSWORD)
        assert client.get("/dashboard").status_code == 200

    assert_sent_to_login(client)
    assert logins_of(session, ada) == 1

    new_client().login(ADA, PASSWORD)  # each login sweeps out the expired ones

    assert logins_of(session, ada) == 1


def test_a_login_just_within_the_session_lifetime_still_holds(app: Flask, client, ada) -> None:
    lifetime = app.permanent_session_lifetime
    with frozen_at(now_utc() - lifetime + timedelta(minutes=5)):
        client.login(ADA, PASSWORD)

    assert client.get("/dashboard").status_code == 200


# Deactivation and remember-me ------------------------------------------------------------------


def test_logging_in_sets_no_remember_me_cookie(client, ada) -> None:
    response = client.login(ADA, PASSWORD)

    cookies = response.headers.getlist("Set-Cookie")
    assert [c.split("=", 1)[0] for c in cookies] == ["session"]
    assert "Expires=" not in cookies[0]  # a browser session's cookie: gone when the browser closes


def test_a_remember_me_cookie_signed_with_the_apps_own_key_opens_nothing(app: Flask, new_client, ada) -> None:
    browser = new_client()
    with app.test_request_context():
        forged = encode_cookie(ada.get_id())
    browser.client.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), forged)

    assert_sent_to_login(browser)


def test_the_cookie_of_a_deactivated_person_stays_refused_after_reactivation(
    admin_client, new_client, session
) -> None:
    max_ = make_user(session, Role.MEMBER, email="max@example.org", name="Max Member")
    session.commit()
    max_browser = new_client()
    max_browser.login("max@example.org", PASSWORD)
    copy = session_cookie(max_browser)
    assert copy is not None
    edit = f"/admin/users/{max_.id}/edit"

    admin_client.submit(edit, {"active": "0"}, action=f"/admin/users/{max_.id}/active")
    assert_sent_to_login(browser_with_cookie(new_client, copy))
    admin_client.submit(edit, {"active": "1"}, action=f"/admin/users/{max_.id}/active")

    assert_sent_to_login(max_browser)
    assert_sent_to_login(browser_with_cookie(new_client, copy))
    assert new_client().login("max@example.org", PASSWORD).status_code == 302


# Cookie flags per environment ------------------------------------------------------------------


@contextmanager
def standalone(tmp_path: Path, env_name: str) -> Iterator[WebClient]:
    """An app with the settings of ``env_name`` on a database of its own, with Ada in it."""
    url = f"sqlite:///{tmp_path / f'{env_name}.sqlite'}"
    migrate_database(url)
    app = create_app(
        {
            "ENV_NAME": env_name,
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": "k" * 64,
        }
    )
    try:
        with app.app_context():
            limiter.reset()
            make_user(db.session, Role.MEMBER, email=ADA)
            db.session.commit()
            yield WebClient(IsolatedClient(app, app.response_class, use_cookies=True))
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        # The limiter is shared by every app; hand it back to one with the test settings.
        restored = create_app(base_config(url))
        with restored.app_context():
            limiter.reset()
            db.engine.dispose()


def _session_cookies(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]


def _flags(cookie: str) -> set[str]:
    return {part.strip().lower() for part in cookie.split(";")[1:]}


def test_in_production_the_session_cookie_is_secure_http_only_and_same_site_lax(tmp_path: Path) -> None:
    with standalone(tmp_path, "production") as browser:
        https = {"base_url": "https://lighthouses.example.org"}
        page = browser.get("/login", **https)
        token = csrf_token_in(page.get_data(as_text=True))
        response = browser.post(
            "/login",
            data={"csrf_token": token, "email": ADA, "password": PASSWORD},
            # Over HTTPS, Flask-WTF also wants the form to come from this site.
            headers={"Referer": "https://lighthouses.example.org/login"},
            **https,
        )

        assert response.status_code == 302
        for answer in (page, response):
            (cookie,) = _session_cookies(answer)
            assert {"secure", "httponly", "samesite=lax"} <= _flags(cookie)
            assert answer.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert browser.get("/dashboard", **https).status_code == 200
        public = browser.get("/lighthouses", **https)
        assert public.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_in_development_the_session_cookie_works_over_plain_http(tmp_path: Path) -> None:
    with standalone(tmp_path, "development") as browser:
        response = browser.login(ADA, PASSWORD)

        assert response.status_code == 302
        (cookie,) = _session_cookies(response)
        assert "secure" not in _flags(cookie)
        assert {"httponly", "samesite=lax"} <= _flags(cookie)
        assert "Strict-Transport-Security" not in response.headers
        assert browser.get("/dashboard").status_code == 200
