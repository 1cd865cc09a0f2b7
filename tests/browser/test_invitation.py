"""An admin invites a person; the invitation arrives at a real SMTP server; the person follows its
link, chooses a password and lands on their dashboard; the used link is then refused."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from evaluator.accounts.models import Role
from evaluator.extensions import db
from evaluator.mail.sender import send_queued
from tests.mail.conftest import SmtpServer
from tests.support.factories import PASSWORD, make_user

LINK = re.compile(r"https?://\S+/accept/\S+")


@pytest.fixture()
def smtp_server():  # type: ignore[no-untyped-def]
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def test_an_invited_person_follows_the_mailed_link_sets_a_password_and_lands_on_the_dashboard(
    page: Page, server, smtp_server, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Links in mail start with the configured address: here, the live server's.
    monkeypatch.setitem(server.app.config, "BASE_URL", server.url)
    with server.app.app_context():
        make_user(db.session, Role.ADMIN, email="ada@example.org", name="Ada Admin")
        db.session.commit()
        db.session.remove()

    page.goto("/login")
    page.get_by_label("E-mail", exact=True).fill("ada@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Administration").click()
    page.get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("link", name="Invite a person").click()
    expect(page.get_by_role("heading", name="Invite a person", level=1)).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Ines Invited")
    page.get_by_label("E-mail", exact=True).fill("ines@example.org")
    page.get_by_label("Commission member").check()
    page.get_by_role("button", name="Send invitation").click()

    expect(page).to_have_url(re.compile(r"/admin/users/$"))
    expect(page.get_by_role("status")).to_have_text(
        "Ines Invited has been invited; the invitation is on its way to ines@example.org."
    )
    row = page.get_by_role("row").filter(has_text="ines@example.org")
    expect(row).to_contain_text("Invited")
    page.get_by_role("button", name="Ada Admin").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    with server.app.app_context():
        report = send_queued(db.session, settings=smtp_server.settings())
        db.session.remove()
    assert report.sent == 1
    [message] = smtp_server.mailbox.messages
    assert message["To"] == "ines@example.org"
    assert str(message["Subject"]) == "Your invitation to the TU Dresden Lighthouse Evaluator"
    body = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    [link] = LINK.findall(body)
    assert link.startswith(server.url + "/accept/")

    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome, Ines Invited", level=1)).to_be_visible()
    page.get_by_label("New password", exact=True).fill("my very own passphrase")
    page.get_by_label("Repeat the new password", exact=True).fill("my very own passphrase")
    page.get_by_role("button", name="Set password and log in").click()

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", name="Welcome, Ines Invited", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Welcome, Ines Invited! Your password has been set.")
    expect(page.get_by_role("button", name="Ines Invited")).to_be_visible()  # the account menu

    again = page.goto(link)
    assert again is not None and again.status == 410
    expect(
        page.get_by_role("heading", name="This link has expired or has already been used", level=1)
    ).to_be_visible()
    expect(page.get_by_role("link", name="Ask for a new link")).to_be_visible()
