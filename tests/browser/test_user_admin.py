"""Logging in and out, and an admin creating a faculty coordinator, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from evaluator.accounts.models import Role
from evaluator.extensions import db
from evaluator.orgunits.models import OrgUnitKind
from tests.support.factories import PASSWORD, make_unit, make_user

DEMO_COORDINATOR_UNIT = "Institute of Lightweight Engineering and Polymer Technology"


def log_in(page: Page, email: str, password: str) -> None:
    """Fill in the login form the way a person does: type, then press the button."""
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def log_out(page: Page, display_name: str) -> None:
    page.get_by_role("button", name=display_name).click()  # the account menu in the navbar
    page.get_by_role("button", name="Log out").click()


def demo_password() -> str:
    from evaluator.demo import data

    return data.DEMO_PASSWORD


def test_admin_creates_a_coordinator_who_then_sees_their_unit(page: Page, server) -> None:  # type: ignore[no-untyped-def]
    with server.app.app_context():
        school = make_unit(db.session, "School of Engineering Sciences", kind=OrgUnitKind.SCHOOL)
        make_unit(db.session, "Institute of Aerospace Engineering", parent=school)
        make_unit(db.session, "Institute of Construction Materials")
        make_user(db.session, Role.ADMIN, email="ada@example.org", name="Ada Admin")
        db.session.commit()
        db.session.remove()

    page.goto("/login")
    log_in(page, "ada@example.org", PASSWORD)
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", name="Welcome, Ada Admin")).to_be_visible()

    page.get_by_role("button", name="Administration").click()
    page.get_by_role("link", name="Users", exact=True).click()
    expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()
    page.get_by_role("link", name="New user").click()
    expect(page.get_by_role("heading", name="New user", level=1)).to_be_visible()

    page.get_by_label("Name", exact=True).fill("Cora Coordinator")
    page.get_by_label("E-mail", exact=True).fill("cora@example.org")
    page.get_by_label("Faculty coordinator").check()
    # A unit below another is listed with its parent in parentheses.
    page.get_by_label("Coordinates these units").select_option(label="Institute of Aerospace Engineering")
    page.get_by_label("Initial password").fill("a long initial password")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/admin/users/$"))
    expect(page.get_by_role("status")).to_have_text("The account of Cora Coordinator has been created.")
    row = page.get_by_role("row").filter(has_text="cora@example.org")
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(0)).to_have_text("Cora Coordinator")
    expect(row).to_contain_text("Faculty coordinator")
    expect(row).to_contain_text("Institute of Aerospace Engineering")
    expect(row).to_contain_text("Active")

    log_out(page, "Ada Admin")
    expect(page).to_have_url(re.compile(r"/lighthouses$"))
    expect(page.get_by_role("status")).to_have_text("You have logged out.")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    log_in(page, "cora@example.org", "a long initial password")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", name="Your units", level=2)).to_be_visible()
    cards = page.locator(".unit-overview")
    expect(cards).to_have_count(1)
    expect(cards.get_by_role("heading", level=3)).to_have_text("Institute of Aerospace Engineering")
    expect(cards).to_contain_text("No initiatives of this unit yet.")
    # A coordinator is no admin: no Users entry in the navigation.
    expect(page.get_by_role("link", name="Users", exact=True)).to_have_count(0)


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_dashboard(page: Page, demo_data) -> None:  # type: ignore[no-untyped-def]
    page.goto("/dashboard")

    expect(page).to_have_url(re.compile(r"/login\?next=%2Fdashboard$"))
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Please log in to open this page.")

    log_in(page, "coordinator@example.org", demo_password())

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", name="Your units", level=2)).to_be_visible()
    unit_headings = page.locator(".unit-overview").get_by_role("heading", level=3)
    expect(unit_headings.filter(has_text=DEMO_COORDINATOR_UNIT)).to_have_count(1)


def test_wrong_password_is_refused_next_to_the_field_and_the_email_is_kept(page: Page, demo_data) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    log_in(page, "member@example.org", "not the right password")

    expect(page).to_have_url(re.compile(r"/login$"))
    password = page.get_by_label("Password", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    # The message is tied to the field (aria-describedby) and shown right below it.
    expect(password).to_have_accessible_description(re.compile("E-mail or password is not correct."))
    message = page.get_by_text("E-mail or password is not correct.")
    expect(message).to_be_visible()
    field_box, message_box = password.bounding_box(), message.bounding_box()
    assert field_box and message_box
    assert 0 <= message_box["y"] - (field_box["y"] + field_box["height"]) < 40
    expect(page.get_by_label("E-mail", exact=True)).to_have_value("member@example.org")
    expect(password).to_have_value("")  # the password is never sent back
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)  # still logged out
