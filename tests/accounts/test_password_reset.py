"""Forgotten passwords: asking for a link, the mail, setting a new password, refused links, throttling."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent
from evaluator.core.clock import frozen_at
from tests.accounts.links import link_in, path_of, queued, tampered
from tests.accounts.pages import field_error, main_heading, page_text, without_csrf_tokens
from tests.support.factories import PASSWORD, make_user
from tests.support.web import csrf_token_in

FORGOT = "/forgot-password"
NEW_PASSWORD = "a freshly chosen passphrase"
EXPIRED_OR_USED = "This link has expired or has already been used"
NOT_VALID = "This link is not valid"
MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture()
def ada(session) -> User:  # type: ignore[no-untyped-def]
    user = make_user(session, Role.MEMBER, email="ada@example.org", name="Ada Lovelace")
    session.commit()
    return user


def _fresh(session, user: User) -> User:  # type: ignore[no-untyped-def]
    session.expire_all()
    found = session.get(User, user.id)
    assert found is not None
    return found


def _events(session, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(
        session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


def _ask(client, email: str, **kwargs):  # type: ignore[no-untyped-def]
    return client.submit(FORGOT, {"email": email}, **kwargs)


def _reset_link(client, session, email: str = "ada@example.org") -> str:  # type: ignore[no-untyped-def]
    """Ask for a link for ``email``; the path of the link in the mail that arrived."""
    assert _ask(client, email).status_code == 302
    return path_of(link_in(queued(session, "password_reset", to=email)[-1]))


def _set(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):  # type: ignore[no-untyped-def]
    return client.submit(path, {"new_password": password, "confirm": confirm or password})


# Asking for a link ----------------------------------------------------------------------------


def test_the_login_page_links_to_the_forgotten_password_page(client) -> None:
    login = page_text(client.get("/login"))
    page = client.get(FORGOT)

    assert f'<a href="{FORGOT}">Forgot your password?</a>' in login
    assert page.status_code == 200
    assert main_heading(page_text(page)) == "Forgot your password?"


def test_asking_for_a_link_queues_a_mail_with_it_and_answers_with_a_message(client, session, ada) -> None:
    response = _ask(client, "ada@example.org")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert (
        "If an account uses ada@example.org, a link to set a new password is on its way to it. "
        "The link works for one hour."
    ) in client.text("/login")
    [mail] = queued(session)
    assert mail.kind == "password_reset"
    assert mail.to_address == "ada@example.org"
    assert mail.subject == "Set a new password for the TU Dresden Lighthouse Evaluator"
    assert mail.body_text.startswith("Dear Ada Lovelace,\n")
    assert "asked to set a new password for your account ada@example.org" in mail.body_text
    assert "/reset/" in link_in(mail)
    assert "{{" not in mail.body_text


def test_the_mail_says_until_when_the_link_works_in_berlin_time(client, session, ada) -> None:
    with frozen_at(MONDAY):  # 10:00 in Berlin
        _ask(client, "ada@example.org")

    [mail] = queued(session)
    assert re.search(r"The link works once, until March 3, 2025, 11:00\sAM \(Berlin time\)\.", mail.body_text)


def test_the_request_is_audited_without_an_actor(client, session, ada) -> None:
    _ask(client, "ada@example.org")

    events = _events(session, "user:password:reset-request")

    assert [(e.actor_id, e.object_type, e.object_id) for e in events] == [(None, "user", ada.id)]


def test_the_address_is_matched_whatever_its_case(client, session, ada) -> None:
    _ask(client, "  ADA@Example.ORG ")

    assert [m.to_address for m in queued(session)] == ["ada@example.org"]


def test_known_unknown_and_deactivated_addresses_get_the_very_same_answer(
    client, new_client, session, ada
) -> None:
    make_user(session, Role.MEMBER, email="gone@example.org", active=False)
    session.commit()
    answers = {}
    for email in ("ada@example.org", "nobody@example.org", "gone@example.org"):
        browser = new_client()
        response = _ask(browser, email)
        shown = without_csrf_tokens(browser.text(response.headers["Location"])).replace(email, "TYPED")
        answers[email] = (response.status_code, response.headers["Location"], shown)

    assert answers["ada@example.org"] == answers["nobody@example.org"] == answers["gone@example.org"]
    assert [m.to_address for m in queued(session)] == ["ada@example.org"]  # only the active account
    assert len(_events(session, "user:password:reset-request")) == 1


def test_a_malformed_address_is_refused_next_to_the_field(client, session) -> None:
    response = _ask(client, "not an address")

    assert response.status_code == 200
    assert field_error(page_text(response), "email") == "Invalid email address."
    assert queued(session) == []


def test_asking_without_csrf_token_is_refused_and_sends_nothing(client, session, ada) -> None:
    response = client.post(FORGOT, data={"email": "ada@example.org"})

    assert response.status_code == 400
    assert queued(session) == []


# Throttling -----------------------------------------------------------------------------------


def test_the_sixth_request_from_one_client_in_a_minute_gets_a_readable_429(client, session, ada) -> None:
    statuses = [_ask(client, f"someone{i}@example.org").status_code for i in range(5)]

    sixth = _ask(client, "ada@example.org")

    assert statuses == [302] * 5
    assert sixth.status_code == 429
    assert main_heading(page_text(sixth)) == "Too many attempts"
    assert queued(session) == []


def test_another_client_address_is_not_throttled_by_the_first_ones_requests(client, session, ada) -> None:
    for i in range(6):
        _ask(client, f"someone{i}@example.org", environ_base={"REMOTE_ADDR": "192.0.2.1"})

    response = _ask(client, "ada@example.org", environ_base={"REMOTE_ADDR": "192.0.2.2"})

    assert response.status_code == 302
    assert len(queued(session)) == 1


def test_the_limit_counts_unknown_and_known_addresses_alike(client, ada) -> None:
    for _ in range(5):
        _ask(client, "ada@example.org", environ_base={"REMOTE_ADDR": "192.0.2.7"})

    known = _ask(client, "ada@example.org", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    unknown = _ask(client, "nobody@example.org", environ_base={"REMOTE_ADDR": "192.0.2.7"})

    assert known.status_code == unknown.status_code == 429


def test_one_account_gets_at_most_three_links_an_hour_whoever_asks(client, session, ada) -> None:
    with frozen_at(MONDAY):
        answers = [
            _ask(client, "ada@example.org", environ_base={"REMOTE_ADDR": f"198.51.100.{i}"}).status_code
            for i in range(5)
        ]
    assert answers == [302] * 5  # the same answer as ever
    assert len(queued(session)) == 3

    with frozen_at(MONDAY + timedelta(hours=1, seconds=1)):
        _ask(client, "ada@example.org", environ_base={"REMOTE_ADDR": "198.51.100.99"})

    assert len(queued(session)) == 4


# Setting the new password ---------------------------------------------------------------------


def test_the_link_opens_a_form_for_the_new_password_kept_out_of_caches(
    client, new_client, session, ada
) -> None:
    path = _reset_link(client, session)

    page = new_client().get(path)

    assert page.status_code == 200
    assert main_heading(page_text(page)) == "Choose a new password"
    assert "ada@example.org" in page_text(page)
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_setting_the_password_logs_in_and_lands_on_the_dashboard(client, new_client, session, ada) -> None:
    path = _reset_link(client, session)
    browser = new_client()

    response = _set(browser, path)

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    dashboard = browser.get("/dashboard")
    assert dashboard.status_code == 200
    assert main_heading(page_text(dashboard)) == "Welcome, Ada Lovelace"
    assert "Your new password has been set. Your other sessions have been logged out." in page_text(dashboard)


def test_afterwards_only_the_new_password_opens_the_account(client, new_client, session, ada) -> None:
    path = _reset_link(client, session)
    _set(new_client(), path)

    with_old = new_client().login("ada@example.org", PASSWORD)
    with_new = new_client().login("ada@example.org", NEW_PASSWORD)

    assert with_old.status_code == 200
    assert field_error(page_text(with_old), "password") == "E-mail or password is not correct."
    assert with_new.status_code == 302


def test_setting_the_password_ends_every_other_session(client, new_client, session, ada) -> None:
    laptop, phone = new_client(), new_client()
    laptop.login("ada@example.org", PASSWORD)
    phone.login("ada@example.org", PASSWORD)
    assert laptop.get("/dashboard").status_code == 200
    path = _reset_link(new_client(), session)

    _set(laptop, path)

    assert laptop.get("/dashboard").status_code == 200  # the session that set it goes on
    on_phone = phone.get("/dashboard")
    assert on_phone.status_code == 302
    assert on_phone.headers["Location"] == "/login?next=%2Fdashboard"


def test_the_reset_is_audited_as_done_by_the_person(client, new_client, session, ada) -> None:
    path = _reset_link(client, session)
    _set(new_client(), path)

    events = _events(session, "user:password:reset")

    assert [(e.actor_id, e.object_type, e.object_id) for e in events] == [(ada.id, "user", ada.id)]


def test_a_too_short_password_is_refused_and_the_link_still_works(client, new_client, session, ada) -> None:
    before = ada.password_hash
    path = _reset_link(client, session)
    browser = new_client()

    response = _set(browser, path, "short")

    assert response.status_code == 200
    assert field_error(page_text(response), "new_password") == "Use at least 12 characters."
    assert _fresh(session, ada).password_hash == before
    assert _set(browser, path).status_code == 302


def test_a_password_repeated_differently_is_refused(client, new_client, session, ada) -> None:
    before = ada.password_hash
    path = _reset_link(client, session)

    response = _set(new_client(), path, NEW_PASSWORD, "a different passphrase")

    assert response.status_code == 200
    assert field_error(page_text(response), "confirm") == "The passwords do not match."
    assert _fresh(session, ada).password_hash == before


def test_setting_without_csrf_token_is_refused_and_changes_nothing(client, new_client, session, ada) -> None:
    before = ada.password_hash
    path = _reset_link(client, session)
    browser = new_client()
    browser.get(path)

    response = browser.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert response.status_code == 400
    assert _fresh(session, ada).password_hash == before


# Refused links --------------------------------------------------------------------------------


def test_a_used_link_is_refused_with_a_page_saying_what_to_do(client, new_client, session, ada) -> None:
    path = _reset_link(client, session)
    browser = new_client()
    _set(browser, path)
    after_first_use = _fresh(session, ada).password_hash

    opened = new_client().get(path)
    posted = browser.submit(
        FORGOT, {"new_password": "yet another passphrase", "confirm": "yet another passphrase"}, action=path
    )

    assert opened.status_code == 410
    assert main_heading(page_text(opened)) == EXPIRED_OR_USED
    assert "A link to set a new password works once and for one hour." in page_text(opened)
    assert f'href="{FORGOT}">Ask for a new link</a>' in page_text(opened)
    assert posted.status_code == 410
    assert _fresh(session, ada).password_hash == after_first_use


def test_using_one_link_ends_the_others_sent_before(client, new_client, session, ada) -> None:
    first = _reset_link(client, session)
    second = _reset_link(client, session)

    assert _set(new_client(), second).status_code == 302

    assert new_client().get(first).status_code == 410


def test_changing_the_password_otherwise_ends_the_link(client, new_client, session, ada) -> None:
    path = _reset_link(new_client(), session)
    client.login("ada@example.org", PASSWORD)
    client.submit(
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert new_client().get(path).status_code == 410


def test_a_deactivated_persons_link_no_longer_works(client, new_client, session, ada) -> None:
    path = _reset_link(client, session)
    _fresh(session, ada).active = False
    session.commit()

    assert new_client().get(path).status_code == 410


def test_the_link_works_until_one_hour_and_not_a_second_longer(client, new_client, session, ada) -> None:
    before = ada.password_hash
    with frozen_at(MONDAY):
        path = _reset_link(client, session)

    with frozen_at(MONDAY + timedelta(hours=1)):
        at_the_limit = new_client().get(path)
    browser = new_client()
    with frozen_at(MONDAY + timedelta(minutes=59)):
        form_page = browser.get(path)
    with frozen_at(MONDAY + timedelta(hours=1, seconds=1)):
        just_after = new_client().get(path)
        # The form was opened in time and is sent after the link expired.
        submitted_late = browser.post(
            path,
            data={
                "csrf_token": csrf_token_in(page_text(form_page)),
                "new_password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        )

    assert at_the_limit.status_code == 200
    assert form_page.status_code == 200
    assert just_after.status_code == 410
    assert main_heading(page_text(just_after)) == EXPIRED_OR_USED
    assert submitted_late.status_code == 410
    assert _fresh(session, ada).password_hash == before


@pytest.mark.parametrize(
    "spoil",
    [tampered, lambda path: path[:-5], lambda path: "/reset/not-a-token-at-all"],
    ids=["changed", "cut-off", "garbage"],
)
def test_a_changed_or_cut_off_link_is_refused_as_not_valid(client, new_client, session, ada, spoil) -> None:
    path = _reset_link(client, session)

    response = new_client().get(spoil(path))

    assert response.status_code == 400
    assert main_heading(page_text(response)) == NOT_VALID
    assert "Ask for a new link" in page_text(response)


def test_a_reset_link_does_not_open_the_invitation_page(client, new_client, session, ada) -> None:
    before = ada.password_hash
    path = _reset_link(client, session).replace("/reset/", "/accept/")

    opened = new_client().get(path)
    posted = new_client().submit(FORGOT, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, action=path)

    assert opened.status_code == 400
    assert main_heading(page_text(opened)) == NOT_VALID
    assert posted.status_code == 400
    assert _fresh(session, ada).password_hash == before
    assert _events(session, "user:invitation:accept") == []


def test_an_invited_person_who_lost_the_invitation_can_use_a_reset_link(client, new_client, session) -> None:
    from evaluator.accounts.operations import create_user

    create_user(session, actor=None, email="ines@example.org", display_name="Ines", password=None)
    session.commit()

    path = _reset_link(client, session, "ines@example.org")
    browser = new_client()

    assert _set(browser, path).status_code == 302
    assert browser.get("/dashboard").status_code == 200
