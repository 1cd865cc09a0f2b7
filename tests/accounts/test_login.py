"""Logging in and out, the login throttle, redirects after login and changing one's own password."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent
from tests.accounts.pages import (
    field_error,
    input_value,
    main_heading,
    page_text,
    without_csrf_tokens,
)
from tests.support.factories import PASSWORD, make_user

WRONG_PASSWORD = "not the right password at all"
NOT_CORRECT = "E-mail or password is not correct."


@pytest.fixture()
def ada(session) -> User:  # type: ignore[no-untyped-def]
    user = make_user(session, Role.MEMBER, email="ada@example.org", name="Ada Lovelace")
    session.commit()
    return user


def _fresh(session, user: User) -> User:  # type: ignore[no-untyped-def]
    """The user as the database has it now (requests run in sessions of their own)."""
    session.expire_all()
    found = session.get(User, user.id)
    assert found is not None
    return found


# Logging in -----------------------------------------------------------------------------------


def test_right_credentials_lead_to_the_dashboard_which_greets_the_person(client, ada) -> None:
    response = client.login("ada@example.org", PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200
    assert main_heading(page_text(dashboard)) == "Welcome, Ada Lovelace"


def test_logging_in_in_one_browser_does_not_log_in_another(client, new_client, ada) -> None:
    client.login("ada@example.org", PASSWORD)

    response = new_client().get("/dashboard")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fdashboard"


def test_a_successful_login_records_when_it_happened(client, session, ada) -> None:
    assert ada.last_login_at is None

    client.login("ada@example.org", PASSWORD)

    assert _fresh(session, ada).last_login_at is not None


@pytest.mark.parametrize("typed", ["ADA@EXAMPLE.ORG", "Ada@Example.org", "  ada@example.org  "])
def test_the_email_is_matched_whatever_its_case_and_surrounding_spaces(client, ada, typed) -> None:
    response = client.login(typed, PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200


def test_unknown_email_and_wrong_password_get_the_very_same_answer(client, ada) -> None:
    wrong_password = client.login("ada@example.org", WRONG_PASSWORD)
    unknown_email = client.login("nobody@example.org", WRONG_PASSWORD)

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert field_error(page_text(wrong_password), "password") == NOT_CORRECT
    assert field_error(page_text(unknown_email), "password") == NOT_CORRECT
    assert field_error(page_text(wrong_password), "email") is None
    # Apart from the address the person typed (shown back to them), nothing tells the two apart.
    same_wrong = without_csrf_tokens(page_text(wrong_password)).replace("ada@example.org", "TYPED")
    same_unknown = without_csrf_tokens(page_text(unknown_email)).replace("nobody@example.org", "TYPED")
    assert same_wrong == same_unknown
    assert client.get("/dashboard").status_code == 302


def test_a_null_character_in_the_address_is_refused_next_to_the_field(client, ada) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL refuses a NUL character in any text: looking the address up was an error.
    response = client.login("ada@example.org\x00", PASSWORD)
    assert response.status_code == 200
    assert field_error(page_text(response), "email") == "Remove the null character (U+0000) from this text."


def test_a_failed_login_keeps_the_email_but_never_echoes_the_password(client, ada) -> None:
    page = page_text(client.login("ada@example.org", WRONG_PASSWORD))

    assert input_value(page, "email") == "ada@example.org"
    assert WRONG_PASSWORD not in page


def test_a_deactivated_account_cannot_log_in_and_gets_the_same_message(client, session) -> None:
    make_user(session, Role.MEMBER, email="gone@example.org", active=False)
    session.commit()

    response = client.login("gone@example.org", PASSWORD)

    assert response.status_code == 200
    assert field_error(page_text(response), "password") == NOT_CORRECT
    assert client.get("/dashboard").status_code == 302


def test_a_logged_in_person_opening_the_login_page_goes_to_the_dashboard(client, ada) -> None:
    client.login("ada@example.org", PASSWORD)

    response = client.get("/login")

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


# Throttling -----------------------------------------------------------------------------------


def test_ten_failed_attempts_from_one_client_are_still_answered_normally(client, ada) -> None:
    statuses = [client.login(f"guess{i}@example.org", WRONG_PASSWORD).status_code for i in range(10)]

    assert statuses == [200] * 10


def test_the_eleventh_failed_attempt_from_one_client_in_a_minute_gets_a_readable_429(client, ada) -> None:
    for i in range(10):
        client.login(f"guess{i}@example.org", WRONG_PASSWORD)

    response = client.login("guess10@example.org", WRONG_PASSWORD)

    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    page = page_text(response)
    assert main_heading(page) == "Too many attempts"
    assert "Please wait a minute before you try again." in page
    assert "Traceback" not in page


def test_once_a_client_is_throttled_even_the_right_password_waits(client, ada) -> None:
    for i in range(10):
        client.login(f"guess{i}@example.org", WRONG_PASSWORD)

    response = client.login("ada@example.org", PASSWORD)

    assert response.status_code == 429
    assert client.get("/dashboard").status_code == 302


def test_another_client_address_is_not_throttled_by_the_first_ones_failures(client, ada) -> None:
    for i in range(11):
        client.login(f"guess{i}@example.org", WRONG_PASSWORD, environ_base={"REMOTE_ADDR": "192.0.2.1"})

    response = client.login("ada@example.org", PASSWORD, environ_base={"REMOTE_ADDR": "192.0.2.2"})

    assert response.status_code == 302


def test_failures_against_one_account_from_many_addresses_are_throttled_on_the_eleventh(client, ada) -> None:
    statuses = [
        client.login(
            "ada@example.org", WRONG_PASSWORD, environ_base={"REMOTE_ADDR": f"198.51.100.{i}"}
        ).status_code
        for i in range(1, 12)
    ]

    assert statuses == [200] * 10 + [429]


def test_the_account_limit_counts_every_spelling_of_the_address_as_one_account(client, ada) -> None:
    spellings = ["ada@example.org", "ADA@example.org", "Ada@Example.Org", " ada@EXAMPLE.org"]
    statuses = [
        client.login(
            spellings[i % 4], WRONG_PASSWORD, environ_base={"REMOTE_ADDR": f"198.51.100.{i}"}
        ).status_code
        for i in range(1, 12)
    ]

    assert statuses == [200] * 10 + [429]


def test_a_throttled_account_does_not_block_other_accounts(client, session, ada) -> None:
    make_user(session, Role.MEMBER, email="grace@example.org")
    session.commit()
    for i in range(1, 12):
        client.login("ada@example.org", WRONG_PASSWORD, environ_base={"REMOTE_ADDR": f"198.51.100.{i}"})

    response = client.login("grace@example.org", PASSWORD, environ_base={"REMOTE_ADDR": "198.51.100.99"})

    assert response.status_code == 302


def test_a_successful_login_does_not_count_towards_either_limit(client, ada) -> None:
    for _ in range(9):
        client.login("ada@example.org", WRONG_PASSWORD)
    assert client.login("ada@example.org", PASSWORD).status_code == 302
    client.logout()

    tenth_failure = client.login("ada@example.org", WRONG_PASSWORD)
    eleventh_failure = client.login("ada@example.org", WRONG_PASSWORD)

    assert tenth_failure.status_code == 200
    assert eleventh_failure.status_code == 429


# Where a login leads --------------------------------------------------------------------------


def _login_from(client, login_url: str, email: str):  # type: ignore[no-untyped-def]
    """Open ``login_url`` and send its form as a browser does, hidden ``next`` included."""
    page = client.get(login_url)
    assert page.status_code == 200
    carried = input_value(page_text(page), "next")
    assert carried is not None, "the login form has no next field"
    return client.submit(login_url, {"email": email, "password": PASSWORD, "next": carried}, action="/login")


def test_a_path_of_this_site_in_next_is_followed_after_login(client, session) -> None:
    make_user(session, Role.ADMIN, email="admin@example.org")
    session.commit()

    response = _login_from(client, "/login?next=/admin/users/", "admin@example.org")

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users/"
    assert client.get("/admin/users/").status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "https://elsewhere.example/",
        "//elsewhere.example/",
        "/\\elsewhere.example",
        "http:/elsewhere.example",
        "javascript:alert(1)",
        "/\t/elsewhere.example",
    ],
)
def test_a_next_leading_off_the_site_is_ignored(client, ada, target) -> None:
    response = client.submit("/login", {"email": "ada@example.org", "password": PASSWORD, "next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_markup_in_next_is_escaped_on_the_login_page(client) -> None:
    response = client.get('/login?next="><script>alert(1)</script>')

    page = page_text(response)
    assert response.status_code == 200
    assert "<script>alert(1)" not in page
    assert input_value(page, "next") == '"><script>alert(1)</script>'


def test_an_anonymous_visitor_is_sent_to_login_and_then_back_to_the_page(client, ada) -> None:
    response = client.get("/dashboard")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fdashboard"
    login_page = page_text(client.get(response.headers["Location"]))
    assert "Please log in to open this page." in login_page

    after_login = _login_from(client, response.headers["Location"], "ada@example.org")

    assert after_login.status_code == 302
    assert after_login.headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200


def test_an_anonymous_visitor_is_sent_back_to_the_page_with_its_query(client, session) -> None:
    make_user(session, Role.ADMIN, email="admin@example.org")
    session.commit()
    response = client.get("/admin/users/?role=admin")

    assert response.status_code == 302
    after_login = _login_from(client, response.headers["Location"], "admin@example.org")

    assert after_login.headers["Location"] == "/admin/users/?role=admin"


# CSRF and logging out -------------------------------------------------------------------------


def test_a_login_post_without_csrf_token_is_refused_with_400(client, ada) -> None:
    response = client.post("/login", data={"email": "ada@example.org", "password": PASSWORD})

    assert response.status_code == 400
    assert main_heading(page_text(response)) == "The form has expired"
    assert client.get("/dashboard").status_code == 302


def test_a_login_post_with_a_forged_csrf_token_is_refused_with_400(client, ada) -> None:
    client.get("/login")
    response = client.post(
        "/login", data={"email": "ada@example.org", "password": PASSWORD, "csrf_token": "forged"}
    )

    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 302


def test_logging_out_ends_the_session(client, ada) -> None:
    client.login("ada@example.org", PASSWORD)

    response = client.logout()

    assert response.status_code == 302
    assert response.headers["Location"] == "/lighthouses"
    assert "You have logged out." in client.text("/lighthouses")
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 302
    assert dashboard.headers["Location"] == "/login?next=%2Fdashboard"


def test_logout_cannot_be_triggered_by_a_get(client, ada) -> None:
    client.login("ada@example.org", PASSWORD)

    response = client.get("/logout")

    assert response.status_code == 405
    assert client.get("/dashboard").status_code == 200


def test_logout_without_csrf_token_is_refused_and_the_session_stays(client, ada) -> None:
    client.login("ada@example.org", PASSWORD)

    response = client.post("/logout")

    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 200


# Changing one's own password ------------------------------------------------------------------

CHANGE = "/account/password"
NEW_PASSWORD = "a brand new passphrase"


def _change(client, current: str, new: str, confirm: str | None = None):  # type: ignore[no-untyped-def]
    return client.submit(
        CHANGE, {"current_password": current, "new_password": new, "confirm": confirm or new}
    )


def test_the_password_page_needs_a_login(client, ada) -> None:
    response = client.get(CHANGE)

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount%2Fpassword"


def test_a_wrong_current_password_is_refused_next_to_the_field_and_changes_nothing(
    client, session, ada
) -> None:
    token_before = ada.session_token
    hash_before = ada.password_hash
    client.login("ada@example.org", PASSWORD)

    response = _change(client, WRONG_PASSWORD, NEW_PASSWORD)

    assert response.status_code == 200
    assert field_error(page_text(response), "current_password") == "The current password is not correct."
    stored = _fresh(session, ada)
    assert stored.password_hash == hash_before
    assert stored.session_token == token_before
    assert (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "user:password:change")
        )
        == 0
    )


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    client, new_client, session, ada
) -> None:
    other_device = new_client()
    other_device.login("ada@example.org", PASSWORD)
    client.login("ada@example.org", PASSWORD)
    assert other_device.get("/dashboard").status_code == 200

    response = _change(client, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200
    on_other_device = other_device.get("/dashboard")
    assert on_other_device.status_code == 302
    assert on_other_device.headers["Location"] == "/login?next=%2Fdashboard"
    events = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user:password:change")).all()
    assert [(e.actor_id, e.object_id) for e in events] == [(ada.id, ada.id)]


def test_after_a_change_only_the_new_password_opens_the_account(client, new_client, ada) -> None:
    client.login("ada@example.org", PASSWORD)
    _change(client, PASSWORD, NEW_PASSWORD)

    with_old = new_client().login("ada@example.org", PASSWORD)
    with_new = new_client().login("ada@example.org", NEW_PASSWORD)

    assert with_old.status_code == 200
    assert field_error(page_text(with_old), "password") == NOT_CORRECT
    assert with_new.status_code == 302


def test_a_too_short_new_password_is_refused_with_a_message(client, session, ada) -> None:
    hash_before = ada.password_hash
    client.login("ada@example.org", PASSWORD)

    response = _change(client, PASSWORD, "short pass")

    assert response.status_code == 200
    assert field_error(page_text(response), "new_password") == "Use at least 12 characters."
    assert _fresh(session, ada).password_hash == hash_before


def test_a_new_password_repeated_differently_is_refused(client, session, ada) -> None:
    hash_before = ada.password_hash
    client.login("ada@example.org", PASSWORD)

    response = _change(client, PASSWORD, NEW_PASSWORD, confirm=NEW_PASSWORD + "!")

    assert response.status_code == 200
    assert field_error(page_text(response), "confirm") == "The passwords do not match."
    assert _fresh(session, ada).password_hash == hash_before
