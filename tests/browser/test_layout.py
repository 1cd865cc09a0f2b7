"""The lighthouse list at phone and desktop widths: the navigation collapses on a phone.

Screenshots go to $EVALUATOR_SCREENSHOT_DIR when it is set (for a person to look at), else
to the test's temporary directory.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture()
def shots(tmp_path: Path) -> Path:
    directory = Path(os.environ.get("EVALUATOR_SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _no_horizontal_scrolling(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"


def _first_two_cards(page: Page) -> tuple[dict, dict]:
    # Both in the first category section (Partnerships has several lighthouses).
    cards = page.locator("main section").first.locator(".lighthouse")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first and second
    return first, second


def test_lighthouses_on_a_phone_and_on_a_desktop(page: Page, demo_data, shots: Path) -> None:  # type: ignore[no-untyped-def]
    toggler = page.get_by_role("button", name="Show navigation")
    nav_link = page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Past rounds")

    page.set_viewport_size(PHONE)
    page.goto("/lighthouses")
    expect(page.locator(".lighthouse")).to_have_count(22)
    expect(toggler).to_be_visible()
    expect(nav_link).to_be_hidden()
    _no_horizontal_scrolling(page)
    first_box, second_box = _first_two_cards(page)
    assert second_box["y"] >= first_box["y"] + first_box["height"], "cards should stack on a phone"
    page.screenshot(path=str(shots / "lighthouses-phone.png"), full_page=False)
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))  # fully opened
    expect(nav_link).to_be_visible()
    page.screenshot(path=str(shots / "lighthouses-phone-menu.png"), full_page=False)

    page.set_viewport_size(DESKTOP)
    page.goto("/lighthouses")
    expect(toggler).to_be_hidden()
    expect(nav_link).to_be_visible()
    _no_horizontal_scrolling(page)
    first_box, second_box = _first_two_cards(page)
    assert first_box["y"] == second_box["y"], "cards should sit side by side on a wide screen"
    page.screenshot(path=str(shots / "lighthouses-desktop.png"), full_page=False)
