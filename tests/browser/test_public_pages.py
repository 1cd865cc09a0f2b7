"""What a newcomer sees of the lighthouses without logging in, in a real browser."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from evaluator.extensions import db
from evaluator.nominations.models import Nomination
from evaluator.rounds.models import Round

CATEGORIES_2021 = [
    "Partnerships",
    "International networks with outstanding TUD participation",
    "Local networks with international radiance",
    "National networks",
    "Programmes",
]


def _unpublished_draft_title() -> str:
    """A brand-new nomination of the running 2026 round, still a draft: never public."""
    from evaluator.demo import data

    new = [n for n in data.CURRENT_ROUND_NOMINATIONS if n["kind"] == "new"]
    drafts = [n for n in new if n.get("state") == "draft"] or new
    assert drafts, "the demo data should have a new (not renominated) nomination in the running round"
    return drafts[0]["title"]


def _renomination_summaries() -> list[str]:
    from evaluator.demo import data

    return [n["summary_update"] for n in data.CURRENT_ROUND_NOMINATIONS if n["kind"] == "renomination"]


def test_newcomer_browses_the_lighthouses_a_profile_and_a_past_date(page: Page, demo_data) -> None:  # type: ignore[no-untyped-def]
    page.goto("/lighthouses")

    expect(page.get_by_role("heading", name="Lighthouses of TU Dresden", level=1)).to_be_visible()
    expect(page.locator("#lighthouse-count")).to_have_text("22 lighthouses today.")
    expect(page.locator(".lighthouse")).to_have_count(22)

    # Five sections, one per category of 2021, each heading showing how many cards follow.
    sections = page.locator("main section")
    expect(sections).to_have_count(5)
    headings = sections.get_by_role("heading", level=2)
    # Screen readers hear "Partnerships 5 lighthouses"; the word is visually hidden.
    expect(headings).to_have_text(
        [re.compile(rf"^{re.escape(name)}\s+\d+ lighthouses?$") for name in CATEGORIES_2021]
    )
    total = 0
    for index in range(5):
        section = sections.nth(index)
        shown = int(section.locator("h2 .badge").inner_text().split()[0])
        expect(section.locator(".lighthouse")).to_have_count(shown)
        total += shown
    assert total == 22

    # Every card says what it is, who runs it and since when it is a lighthouse.
    first_card = page.locator(".lighthouse").first
    expect(first_card).to_contain_text("Lighthouse since November 15, 2021")
    title = first_card.get_by_role("heading", level=3).inner_text()
    first_card.get_by_role("link", name=title).click()

    expect(page).to_have_url(re.compile(r"/initiatives/\d+$"))
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    status = page.get_by_role("region", name="Lighthouse status")
    expect(status.get_by_role("heading", name="Lighthouse status", level=2)).to_be_visible()
    expect(status).to_contain_text("Since November 15, 2021")
    expect(status.get_by_role("link", name="2021 selection")).to_be_visible()

    # Back on the list, look at a date before the first round was published.
    page.get_by_role("link", name="Lighthouses", exact=True).click()
    page.get_by_label("Show the lighthouses on a date").fill("2021-01-01")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(r"/lighthouses\?on=2021-01-01$"))
    expect(page.get_by_text("There were no lighthouses on this date.")).to_be_visible()
    expect(page.locator("#lighthouse-count")).to_have_text("0 lighthouses on January 1, 2021.")
    expect(page.locator(".lighthouse")).to_have_count(0)
    expect(page.get_by_label("Show the lighthouses on a date")).to_have_value("2021-01-01")

    page.get_by_role("link", name="Back to today").click()
    expect(page.locator("#lighthouse-count")).to_have_text("22 lighthouses today.")


def test_nothing_of_the_running_round_is_public(page: Page, server, demo_data) -> None:  # type: ignore[no-untyped-def]
    draft_title = _unpublished_draft_title()
    unpublished = [draft_title, "2026 selection", *_renomination_summaries()]
    with server.app.app_context():  # the secret is really there, in the running round
        round_years = db.session.scalars(
            sa.select(Round.year).join(Nomination.round).where(Nomination.title == draft_title)
        ).all()
        db.session.remove()
    assert round_years == [2026]

    for url in ("/lighthouses", "/rounds/2021", "/rounds"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        text = page.locator("body").inner_text()
        for secret in unpublished:
            assert secret not in text, f"{secret!r} (unpublished) is shown on {url}"

    expect(page.get_by_role("link", name="2021 selection")).to_be_visible()  # /rounds lists 2021 only
    response = page.goto("/rounds/2026")
    assert response is not None and response.status == 404
