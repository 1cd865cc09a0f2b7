"""The admins' outbox page: states, attempts and errors, filters, pages, and queueing again."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.audit.models import AuditEvent
from evaluator.core.clock import frozen_at
from evaluator.mail.models import MailState, OutboxMail
from evaluator.mail.outbox import queue_mail
from tests.mail.conftest import outbox
from tests.support.factories import PASSWORD, make_round, make_user
from tests.support.queries import counted_queries
from tests.support.web import WebClient

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
URL = "/admin/outbox/"


def add_mail(session, number: int, *, state: MailState = MailState.QUEUED, round_id=None) -> list[OutboxMail]:  # type: ignore[no-untyped-def]
    mails = []
    for i in range(number):
        mail = queue_mail(
            session,
            kind="round_opened" if i % 2 else "invitation",
            to=f"{state.value}{i}@example.org",
            subject=f"{state.value.title()} subject {i}",
            body_text="SECRET-BODY-TEXT",
            round_id=round_id,
        )
        assert mail is not None
        if state is MailState.SENT:
            mail.state, mail.attempts, mail.sent_at = MailState.SENT, 1, NOW
        elif state is MailState.FAILED:
            mail.state, mail.attempts, mail.last_error = MailState.FAILED, 7, "ConnectionRefusedError: down"
        mails.append(mail)
    session.commit()
    return mails


def rows(html: str) -> list[str]:
    return re.findall(r'<tr id="mail-\d+" data-state="(\w+)"', html)


@pytest.fixture(autouse=True)
def _still_clock():  # type: ignore[no-untyped-def]
    with frozen_at(NOW):
        yield


def test_only_admins_see_the_outbox(session, client: WebClient, new_client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(URL).status_code == 302  # to the login page
    for role in (Role.MEMBER, Role.CHAIR, Role.COORDINATOR):
        person = make_user(session, role)
        session.commit()
        browser = new_client()
        assert browser.login(person.email, PASSWORD).status_code == 302
        assert browser.get(URL).status_code == 403
        assert 'href="/admin/outbox/"' not in browser.text("/dashboard")


def test_the_outbox_shows_each_mail_with_state_attempts_and_error(session, admin_client: WebClient) -> None:
    round_ = make_round(session, 2026)
    add_mail(session, 1, round_id=round_.id)
    add_mail(session, 1, state=MailState.SENT)
    [failed] = add_mail(session, 1, state=MailState.FAILED)

    page = admin_client.text(URL)

    assert 'href="/admin/outbox/"' in page  # the admin's navigation links here
    assert sorted(rows(page)) == ["failed", "queued", "sent"]
    assert "Invitation" in page and "2026 selection" in page
    assert "ConnectionRefusedError: down" in page
    failed_row = re.search(rf'<tr id="mail-{failed.id}".*?</tr>', page, re.DOTALL).group(0)
    assert '<td class="text-end attempts">7</td>' in failed_row
    assert "Queue again" in failed_row
    assert "SECRET-BODY-TEXT" not in page  # bodies may hold links that sign someone in


def test_the_outbox_is_filtered_by_state(session, admin_client: WebClient) -> None:
    add_mail(session, 2)
    add_mail(session, 3, state=MailState.SENT)
    add_mail(session, 1, state=MailState.FAILED)

    assert rows(admin_client.text(URL + "?state=sent")) == ["sent"] * 3
    assert rows(admin_client.text(URL + "?state=failed")) == ["failed"]
    assert len(rows(admin_client.text(URL + "?state=nonsense"))) == 6  # unknown: all
    page = admin_client.text(URL + "?state=queued")
    assert rows(page) == ["queued"] * 2
    assert re.search(r'aria-current="page"[^>]*href="/admin/outbox/\?state=queued">Queued', page)


def test_the_outbox_is_paginated_newest_first(session, admin_client: WebClient) -> None:
    for minute in range(55):
        with frozen_at(NOW + timedelta(minutes=minute)):
            add_mail(session, 1, state=MailState.SENT)
    add_mail(session, 1, state=MailState.FAILED)

    first = admin_client.text(URL + "?state=sent")
    second = admin_client.text(URL + "?state=sent&page=2")

    assert len(rows(first)) == 50 and len(rows(second)) == 5
    assert "Page 1 of 2." in first
    assert 'href="/admin/outbox/?page=2&amp;state=sent"' in first
    subjects = re.findall(r"<td>(Sent subject \d+)</td>", first)
    assert len(subjects) == 50
    first_ids = [int(i) for i in re.findall(r'<tr id="mail-(\d+)"', first)]
    assert first_ids == sorted(first_ids, reverse=True)
    assert len(rows(admin_client.text(URL + "?state=sent&page=99"))) == 5  # past the end: the last page


def test_the_page_costs_the_same_queries_for_one_mail_or_five(session, admin_client: WebClient) -> None:
    round_ = make_round(session, 2026)
    add_mail(session, 1, round_id=round_.id)
    with counted_queries() as one:
        assert admin_client.get(URL).status_code == 200
    add_mail(session, 2, state=MailState.FAILED, round_id=round_.id)
    add_mail(session, 2, state=MailState.SENT)
    with counted_queries() as five:
        page = admin_client.get(URL)
    assert len(rows(page.get_data(as_text=True))) == 5
    assert len(five) == len(one)


def test_a_failed_mail_is_queued_again(session, admin, admin_client: WebClient) -> None:
    [failed] = add_mail(session, 1, state=MailState.FAILED)

    response = admin_client.submit(URL + "?state=failed", {}, action=f"{URL}{failed.id}/requeue?state=failed")

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/outbox/?state=failed"
    mail = outbox(session)[0]
    assert (mail.state, mail.attempts, mail.next_attempt_at) == (MailState.QUEUED, 0, NOW)
    assert mail.last_error == "ConnectionRefusedError: down"  # kept until the next attempt
    assert "The mail to failed0@example.org is queued again." in admin_client.text(URL)
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "mail:requeue")).one()
    assert (event.actor_id, event.object_type, event.object_id) == (admin.id, "mail", failed.id)
    assert event.details["before"] == {"state": "failed", "attempts": 7}


def test_only_failed_mail_is_queued_again_and_only_by_admins(
    session, admin_client: WebClient, new_client
) -> None:  # type: ignore[no-untyped-def]
    [sent] = add_mail(session, 1, state=MailState.SENT)
    [failed] = add_mail(session, 1, state=MailState.FAILED)

    admin_client.submit(URL, {}, action=f"{URL}{sent.id}/requeue")
    assert "Only a mail that failed can be queued again." in admin_client.text(URL)
    assert admin_client.submit(URL, {}, action=f"{URL}999999/requeue").status_code == 404
    assert admin_client.post(f"{URL}{failed.id}/requeue", data={}).status_code == 400  # no CSRF token

    member = make_user(session, Role.MEMBER)
    session.commit()
    browser = new_client()
    browser.login(member.email, PASSWORD)
    token_page = browser.submit("/dashboard", {}, action=f"{URL}{failed.id}/requeue")
    assert token_page.status_code == 403

    assert [(m.state, m.attempts) for m in outbox(session)] == [(MailState.SENT, 1), (MailState.FAILED, 7)]
    assert (
        session.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "mail:requeue")
        )
        == 0
    )
