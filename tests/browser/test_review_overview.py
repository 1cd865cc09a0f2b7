"""A member finds their way through a long overview in a real browser: one category at a time,
chosen in the summary table with the keyboard, and from there on to a nomination."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from evaluator.accounts.models import Role
from evaluator.extensions import db
from evaluator.nominations.models import Eligibility, Nomination
from evaluator.reviewing import views
from evaluator.reviewing.operations import SheetInput, save_sheet
from evaluator.rounds.models import RoundPhase
from tests.browser.test_nominations import log_in, main_menu
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user

PARTNERSHIPS = ("Dresden–Wrocław River Partnership", "Saxon–Czech Mining Network")
EXCHANGES = ("Baltic Summer School", "Coastal Field Course", "Delta Doctoral Network")


def set_up_overview(server) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A round in reviewing with two categories of eligible nominations; Mia has submitted her
    sheet on the first partnership. The ids of the categories and nominations, by name."""
    with server.app.app_context():
        session = db.session
        round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING, categories=2)
        partnerships, exchanges = round_.categories
        partnerships.name, exchanges.name = "Partnerships", "Student Exchange"
        unit = make_unit(session, "Institute of Hydrology")
        mia = make_user(session, Role.MEMBER, email="mia@example.org", name="Mia Member")
        ids = {"Partnerships": partnerships.id, "Student Exchange": exchanges.id}
        for category, titles in ((partnerships, PARTNERSHIPS), (exchanges, EXCHANGES)):
            for title in titles:
                nomination = make_nomination(
                    session,
                    round_,
                    make_initiative(session, unit, title),
                    category=category,
                    eligibility=Eligibility.ELIGIBLE,
                )
                ids[title] = nomination.id
        first = session.get(Nomination, ids[PARTNERSHIPS[0]])
        save_sheet(
            session,
            first,
            member=mia,
            data=SheetInput(scores={c.id: 4 for c in partnerships.criteria}, submit=True),
        )
        session.commit()
        session.remove()
    return ids


def summary_row(page: Page, category: str):  # type: ignore[no-untyped-def]
    return (
        page.get_by_role("table", name=re.compile("By category"))
        .get_by_role("row")
        .filter(has=page.get_by_role("link", name=category, exact=True))
    )


def test_a_member_picks_a_category_with_the_keyboard_and_opens_one_of_its_nominations(  # type: ignore[no-untyped-def]
    page: Page, server, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = set_up_overview(server)
    monkeypatch.setattr(views, "OVERVIEW_PAGE_ROWS", 3)  # five nominations: one category at a time

    log_in(page, "mia@example.org")
    main_menu(page).get_by_role("link", name="Review", exact=True).click()

    # The summary covers both categories; the first, where a sheet is still open, is shown.
    expect(page.locator("#my-progress")).to_contain_text(
        "Your sheets: 1 of 5 submitted, 0 drafts, 4 not started."
    )
    summary = page.get_by_role("table", name=re.compile("By category"))
    expect(summary).to_contain_text("Choose a category to see its nominations.")
    expect(summary_row(page, "Partnerships").get_by_role("cell")).to_have_text(["1 / 2", "0", "1", "0"])
    expect(summary_row(page, "Student Exchange").get_by_role("cell")).to_have_text(["0 / 3", "0", "3", "0"])
    expect(summary.locator("[aria-current='page']")).to_have_text("Partnerships")
    expect(page.get_by_role("heading", name="Partnerships", level=2)).to_be_visible()
    expect(page.get_by_role("link", name=PARTNERSHIPS[1])).to_be_visible()
    expect(page.get_by_role("link", name=EXCHANGES[0])).to_have_count(0)

    # Mia moves to the other category with the keyboard alone.
    link = summary.get_by_role("link", name="Student Exchange", exact=True)
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/review/\?category={ids['Student Exchange']}$"))
    expect(page.get_by_role("heading", name="Student Exchange", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Partnerships", level=2)).to_have_count(0)
    rows = page.locator("tr[data-nomination]")
    expect(rows).to_have_count(3)
    for title, row in zip(EXCHANGES, rows.all(), strict=True):
        expect(row).to_contain_text(title)
        expect(row).to_contain_text("Not started")
    expect(page.get_by_role("link", name=PARTNERSHIPS[1])).to_have_count(0)
    summary = page.get_by_role("table", name=re.compile("By category"))
    expect(summary.locator("[aria-current='page']")).to_have_text("Student Exchange")
    expect(summary_row(page, "Student Exchange")).to_have_class(re.compile(r"\btable-active\b"))

    # From the list, on to a nomination of that category, again from the keyboard.
    nomination = page.get_by_role("link", name=EXCHANGES[1], exact=True)
    nomination.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/review/nominations/{ids[EXCHANGES[1]]}$"))
    expect(page.get_by_role("heading", name=EXCHANGES[1], level=1)).to_be_visible()
