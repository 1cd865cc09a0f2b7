"""Nominations in a real browser: a coordinator's whole form, and an admin running a round."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from evaluator.accounts.models import Role
from evaluator.core.clock import BERLIN
from evaluator.extensions import db
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.rounds.models import Criterion, Round, RoundPhase
from tests.support.factories import (
    PASSWORD,
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture()
def attachment_dir(server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """The live server stores this test's attachments in a directory of its own."""
    directory = tmp_path / "attachments"
    monkeypatch.setitem(server.app.config, "ATTACHMENT_DIR", str(directory))
    return directory


def log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def main_menu(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("navigation", name="Main navigation")


def test_a_coordinator_fills_saves_submits_edits_and_withdraws_a_nomination(  # type: ignore[no-untyped-def]
    page: Page, server, attachment_dir: Path, tmp_path: Path
) -> None:
    with server.app.app_context():
        unit = make_unit(db.session, "Institute of Hydrology")
        make_user(
            db.session, Role.COORDINATOR, email="cora@example.org", name="Cora Coordinator", units=[unit]
        )
        make_round(
            db.session,
            2026,
            phase=RoundPhase.NOMINATING,
            nomination_deadline=datetime.now(UTC) + timedelta(days=30),
            categories=2,
        )
        db.session.commit()
        db.session.remove()
    support_letter = tmp_path / "support-letter.pdf"
    support_letter.write_bytes(PDF)

    log_in(page, "cora@example.org")
    main_menu(page).get_by_role("link", name="Nominations", exact=True).click()
    expect(page.get_by_role("heading", name="Nominations of your units", level=1)).to_be_visible()
    page.get_by_role("link", name="New nomination").click()
    expect(page.get_by_role("heading", name="New nomination", level=1)).to_be_visible()
    form_url = page.url

    page.get_by_label("Title").fill("Dresden–Trento Water Partnership")
    page.get_by_label("Category").select_option(label="Category 2")
    page.get_by_label("Nominating unit").select_option(label="Institute of Hydrology")
    page.get_by_label("Public summary").fill("Joint research and exchange on alpine water resources.")
    page.get_by_label("Description", exact=True).fill("Field sites and **doctoral supervision** since 2015.")
    page.locator("#partners-0-institution").fill("University of Trento")
    page.locator("#partners-0-country").fill("Italy")

    # "Add a partner" adds a row in the page: no request, no reload, the typed row stays.
    page.evaluate("window.__samePage = true")
    page.get_by_role("button", name="Add a partner").click()
    partner_rows = page.locator('.repeatable-row[data-row="partners"]')
    expect(partner_rows).to_have_count(2)
    assert page.url == form_url
    assert page.evaluate("window.__samePage === true")
    expect(page.locator("#partners-1-institution")).to_be_focused()
    expect(page.locator("#partners-1-institution")).to_have_value("")
    expect(page.locator("#partners-0-institution")).to_have_value("University of Trento")
    page.locator("#partners-1-institution").fill("University of Innsbruck")
    page.locator("#partners-1-country").fill("Austria")
    # A row added by mistake goes again with its own "Remove" button.
    page.get_by_role("button", name="Add a partner").click()
    expect(partner_rows).to_have_count(3)
    page.locator("#partners-2-institution").fill("Added by mistake")
    partner_rows.nth(2).get_by_role("button", name="Remove").click()
    expect(partner_rows).to_have_count(2)
    expect(page.locator("#partners-1-country")).to_have_value("Austria")
    assert page.url == form_url

    page.locator("#contacts-0-name").fill("Ada Example")
    page.locator("#contacts-0-role").fill("Professor of Hydrology")
    page.locator("#contacts-0-email").fill("ada@example.org")
    page.locator("#contacts-0-phone").fill("+49 351 463-0")
    page.get_by_label("Cooperation started in").fill("2015")
    page.get_by_label("Website").fill("https://water.example.org/")
    page.get_by_label("Students exchanged (last three years)").fill("42")
    page.get_by_label("Joint publications (last three years)").fill("23")
    page.get_by_label("Add PDF attachments").set_input_files(support_letter)
    page.get_by_label("The head of the unit supports this nomination.").check()
    page.get_by_role("button", name="Save draft").click()

    expect(page).to_have_url(re.compile(r"/nominations/\d+$"))
    expect(page.get_by_role("status")).to_have_text("The draft has been saved.")
    expect(page.get_by_role("heading", name="Dresden–Trento Water Partnership", level=1)).to_be_visible()
    expect(page.locator("#nomination-state")).to_have_text("Draft")
    expect(page.locator("#attachments").get_by_role("link", name="support-letter.pdf")).to_be_visible()
    expect(page.get_by_text("University of Innsbruck (Austria)")).to_be_visible()
    expect(page.locator(".markdown strong")).to_have_text("doctoral supervision")
    nomination_id = int(page.url.rsplit("/", 1)[1])

    page.get_by_role("button", name="Submit nomination").click()
    expect(page.get_by_role("status")).to_have_text("The nomination has been submitted.")
    expect(page.locator("#nomination-state")).to_have_text("Submitted")

    main_menu(page).get_by_role("link", name="Nominations", exact=True).click()
    row = page.locator("#current-nominations").get_by_role("row").filter(has_text="Dresden–Trento")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Category 2")
    expect(row).to_contain_text("Submitted")

    row.get_by_role("link", name="Dresden–Trento Water Partnership").click()
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_label("Title")).to_have_value("Dresden–Trento Water Partnership")
    expect(page.locator("#partners-1-country")).to_have_value("Austria")
    page.get_by_label("Title").fill("Dresden–Trento Water Alliance")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_have_text("Your changes have been saved.")
    expect(page.get_by_role("heading", name="Dresden–Trento Water Alliance", level=1)).to_be_visible()
    expect(page.locator("#nomination-state")).to_have_text("Submitted")

    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("status")).to_have_text("The nomination has been withdrawn.")
    expect(page.locator("#nomination-state")).to_have_text("Withdrawn")
    main_menu(page).get_by_role("link", name="Nominations", exact=True).click()
    expect(
        page.locator("#current-nominations").get_by_role("row").filter(has_text="Alliance")
    ).to_contain_text("Withdrawn")

    with server.app.app_context():
        nomination = db.session.get(Nomination, nomination_id)
        assert nomination.title == "Dresden–Trento Water Alliance"
        assert nomination.state is NominationState.WITHDRAWN
        assert [(p.institution, p.country) for p in nomination.partners] == [
            ("University of Trento", "Italy"),
            ("University of Innsbruck", "Austria"),
        ]
        assert [(c.name, c.email) for c in nomination.contacts] == [("Ada Example", "ada@example.org")]
        assert (nomination.exchanged_students, nomination.joint_publications) == (42, 23)
        assert [a.filename for a in nomination.attachments] == ["support-letter.pdf"]
        db.session.remove()
    assert [p.read_bytes() for p in attachment_dir.rglob("*") if p.is_file()] == [PDF]


def test_an_admin_runs_a_round_from_creation_to_eligibility(page: Page, server) -> None:  # type: ignore[no-untyped-def]
    with server.app.app_context():
        make_round(db.session, 2021, phase=RoundPhase.PUBLISHED, categories=2)
        make_user(db.session, Role.ADMIN, email="ada@example.org", name="Ada Admin")
        unit = make_unit(db.session, "Institute of Hydrology")
        unit_id = unit.id
        db.session.commit()
        db.session.remove()

    log_in(page, "ada@example.org")
    main_menu(page).get_by_role("link", name="Rounds", exact=True).click()
    page.get_by_role("link", name="New round").click()
    page.get_by_label("Name").fill("2026 selection")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Create round").click()
    expect(page.get_by_role("status")).to_have_text("The 2026 selection has been created as a draft.")
    expect(page.locator("#round-phase")).to_have_text("Draft")
    round_url = page.url

    # A criterion's weight, changed in this round only.
    page.get_by_role("link", name="Edit categories and criteria").click()
    category = page.locator("section.catalogue-category").filter(
        has=page.get_by_role("heading", name="Category 1", exact=True)
    )
    category.get_by_role("link", name="Edit Criterion 1", exact=True).click()
    page.get_by_label("Weight").fill("2.5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("The criterion “Criterion 1” has been saved.")
    criterion_row = category.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Criterion 1"))
    expect(criterion_row.get_by_role("cell").first).to_have_text("2.5")

    # The nomination deadline (Berlin time), then nominating opens behind a confirmation.
    page.goto(round_url)
    page.get_by_role("link", name="Set deadlines").click()
    deadline = (datetime.now(BERLIN) + timedelta(days=21)).replace(hour=23, minute=59)
    page.get_by_label("Nomination deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save deadlines").click()
    expect(page.get_by_role("status")).to_have_text("The deadlines have been saved.")
    page.get_by_role("link", name="Move to “Nominating”…").click()
    expect(page.get_by_role("heading", name="Move the 2026 selection to “Nominating”?")).to_be_visible()
    expect(page.locator("#effect")).to_contain_text("Categories and criteria can no longer be changed.")
    page.get_by_role("button", name="Move to the next phase").click()
    expect(page.get_by_role("status")).to_have_text("The 2026 selection is now in the phase “Nominating”.")
    expect(page.locator("#round-phase")).to_have_text("Nominating")

    # A coordinator submitted a nomination; then the deadline passed.
    with server.app.app_context():
        session = db.session
        round_ = session.scalar(sa.select(Round).where(Round.year == 2026))
        assert round_.nomination_deadline == deadline.replace(second=0, microsecond=0).astimezone(UTC)
        weights = {
            (c.category.round.year, c.category.name): c.weight
            for c in session.scalars(sa.select(Criterion).where(Criterion.name == "Criterion 1"))
        }
        assert weights[(2026, "Category 1")] == 2.5
        assert weights[(2021, "Category 1")] == 1.0  # the earlier round keeps its weight
        initiative = make_initiative(session, session.get(type(unit), unit_id), "Elbe River Lab")
        nomination = make_nomination(session, round_, initiative, state=NominationState.SUBMITTED)
        nomination_id = nomination.id
        round_.nomination_deadline = datetime.now(UTC) - timedelta(minutes=5)
        session.commit()
        session.remove()

    page.goto(round_url)
    page.get_by_role("link", name="Move to “Reviewing”…").click()
    expect(page.locator("#effect")).to_contain_text("Nominating closes")
    warning_box = page.get_by_label("I have read the warnings above and want to go ahead.")
    if warning_box.count():
        warning_box.check()
    page.get_by_role("button", name="Move to the next phase").click()
    expect(page.get_by_role("status")).to_have_text("The 2026 selection is now in the phase “Reviewing”.")
    expect(page.locator("#round-phase")).to_have_text("Reviewing")

    page.get_by_role("link", name="Submitted nominations and eligibility").click()
    expect(page.get_by_role("heading", name="Submitted nominations", level=1)).to_be_visible()
    card = page.locator(f"#nomination-{nomination_id}")
    expect(card.get_by_role("heading", name="Elbe River Lab")).to_be_visible()
    expect(card).to_contain_text("Eligibility not yet checked")
    card.get_by_label("Verdict").select_option(label="Eligible")
    card.get_by_role("button", name="Save verdict").click()
    expect(page.get_by_role("status")).to_have_text("Saved: Elbe River Lab is eligible.")
    expect(page.locator(f"#nomination-{nomination_id} .badge")).to_have_text("Eligible")

    with server.app.app_context():
        assert db.session.get(Nomination, nomination_id).eligibility is Eligibility.ELIGIBLE
        db.session.remove()
