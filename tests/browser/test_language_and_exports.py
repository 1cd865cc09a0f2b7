"""The German interface for a coordinator's nomination, and the XLSX export of a round's ranking."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from evaluator.accounts.models import Role, User
from evaluator.core.clock import BERLIN
from evaluator.extensions import db
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.reviewing.operations import SheetInput, save_sheet
from evaluator.rounds.models import Round, RoundPhase
from tests.browser.test_nominations import log_in, main_menu
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user

TITLE = "Dresden–Porto Coastal Engineering Partnership"


def german_menu(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("navigation", name="Hauptnavigation")


def test_a_coordinator_switches_to_german_and_submits_a_nomination(page: Page, browser, server) -> None:  # type: ignore[no-untyped-def]
    # The deadline at 23:59 Berlin time, a month ahead: German dates read "15.03.2027, 23:59:00".
    deadline = (datetime.now(BERLIN) + timedelta(days=30)).replace(
        hour=23, minute=59, second=0, microsecond=0
    )
    german_deadline = deadline.strftime("%d.%m.%Y, %H:%M:%S")
    with server.app.app_context():
        unit = make_unit(db.session, "Institute of Hydrology")
        make_user(
            db.session, Role.COORDINATOR, email="cora@example.org", name="Cora Coordinator", units=[unit]
        )
        make_round(
            db.session,
            2026,
            phase=RoundPhase.NOMINATING,
            nomination_deadline=deadline.astimezone(UTC),
            categories=2,
        )
        db.session.commit()
        db.session.remove()

    # English first (the browser asks for English), then the switch in the navigation bar.
    log_in(page, "cora@example.org")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(main_menu(page).get_by_role("link", name="Nominations", exact=True)).to_be_visible()
    switch = page.locator("#language-switch")
    expect(switch).to_have_text("Deutsch")
    expect(switch).to_have_attribute("lang", "de")
    switch.click()

    # The same page again, now in German, with the switch offering English.
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(switch).to_have_text("English")
    expect(page.get_by_role("heading", name="Willkommen, Cora Coordinator", level=1)).to_be_visible()

    german_menu(page).get_by_role("link", name="Nominierungen", exact=True).click()
    expect(page.get_by_role("heading", name="Nominierungen Ihrer Einrichtungen", level=1)).to_be_visible()
    expect(page.get_by_text(f"nimmt bis {german_deadline} (Berliner Zeit) Nominierungen an.")).to_be_visible()
    page.get_by_role("link", name="Neue Nominierung").click()
    expect(page.get_by_role("heading", name="Neue Nominierung", level=1)).to_be_visible()
    expect(page.get_by_text(f"2026 selection · Frist: {german_deadline} (Berliner Zeit).")).to_be_visible()

    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Kategorie", exact=True).select_option(label="Category 2")
    page.get_by_label("Nominierende Einrichtung").select_option(label="Institute of Hydrology")
    page.get_by_label("Öffentliche Kurzbeschreibung").fill("Joint research on coastal protection.")
    page.get_by_label("Beschreibung", exact=True).fill("Shared wave flumes and a **joint doctorate**.")
    partner = page.locator('.repeatable-row[data-row="partners"]').first
    partner.get_by_label("Partnerinstitution").fill("University of Porto")
    partner.get_by_label("Land", exact=True).fill("Portugal")
    contact = page.locator('.repeatable-row[data-row="contacts"]').first
    contact.get_by_label("Name", exact=True).fill("Ada Example")
    contact.get_by_label("Rolle", exact=True).fill("Professorin für Wasserbau")
    contact.get_by_label("E-Mail", exact=True).fill("ada.example@example.org")
    page.get_by_label("Beginn der Zusammenarbeit (Jahr)").fill("2016")
    page.get_by_label("Die Leitung der Einrichtung unterstützt diese Nominierung.").check()
    page.get_by_role("button", name="Speichern und einreichen").click()

    expect(page).to_have_url(re.compile(r"/nominations/\d+$"))
    expect(page.get_by_role("status")).to_have_text("Die Nominierung wurde eingereicht.")
    expect(page.locator("#nomination-state")).to_have_text("Eingereicht")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    nomination_id = int(page.url.rsplit("/", 1)[1])

    # Logging out keeps the page in German; on another computer whose browser asks for English,
    # German after logging in can only come from the account.
    page.locator("#account-menu").click()
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/lighthouses$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("status")).to_have_text("Sie haben sich abgemeldet.")
    other = browser.new_context(base_url=server.url, locale="en-US")
    page = other.new_page()
    page.goto("/lighthouses")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    log_in(page, "cora@example.org")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#language-switch")).to_have_text("English")
    german_menu(page).get_by_role("link", name="Nominierungen", exact=True).click()
    row = page.locator("#current-nominations").get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Category 2")
    expect(row).to_contain_text("Eingereicht")

    with server.app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "cora@example.org"))
        assert user.preferred_language == "de"
        nomination = db.session.get(Nomination, nomination_id)
        assert nomination.title == TITLE
        assert nomination.state is NominationState.SUBMITTED
        assert nomination.submitted_at is not None
        assert nomination.category.name == "Category 2"
        assert [(p.institution, p.country) for p in nomination.partners] == [
            ("University of Porto", "Portugal")
        ]
        assert [(c.name, c.email) for c in nomination.contacts] == [
            ("Ada Example", "ada.example@example.org")
        ]
        assert nomination.start_year == 2016
        db.session.remove()
    other.close()


# Scores per member and nomination, for the criteria weighted 1, 2, 3 and 4 (make_round's catalogue).
# "Sluice Gate Study" gets only two sheets: the third member has not scored it.
SHEETS = {
    "Glacier Monitoring Alliance": {
        "chair@example.org": [5, 4, 4, 5],
        "mia@example.org": [4, 4, 3, 4],
        "max@example.org": [5, 3, 4, 4],
    },
    "Sluice Gate Study": {
        "chair@example.org": [2, 3, 2, 3],
        "mia@example.org": [4, 2, 3, 1],
    },
    "Delta Exchange": {
        "chair@example.org": [3, 4, 3, 4],
        "mia@example.org": [2, 3, 3, 3],
        "max@example.org": [5, 4, 2, 2],
    },
}


def set_up_deciding_round(server) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A round in "deciding" with three scored, eligible nominations in its one category."""
    with server.app.app_context():
        session = db.session
        make_user(session, Role.ADMIN, email="ada@example.org", name="Ada Admin")
        members = {
            "chair@example.org": make_user(
                session, Role.CHAIR, email="chair@example.org", name="Chris Chair"
            ),
            "mia@example.org": make_user(session, Role.MEMBER, email="mia@example.org", name="Mia Member"),
            "max@example.org": make_user(session, Role.MEMBER, email="max@example.org", name="Max Member"),
        }
        round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING)
        category = round_.categories[0]
        criterion_ids = [c.id for c in sorted(category.criteria, key=lambda c: c.position)]
        unit = make_unit(session, "Institute of Hydrology")
        for title, sheets in SHEETS.items():
            nomination = make_nomination(
                session, round_, make_initiative(session, unit, title), eligibility=Eligibility.ELIGIBLE
            )
            for email, values in sheets.items():
                save_sheet(
                    session,
                    nomination,
                    member=members[email],
                    data=SheetInput(scores=dict(zip(criterion_ids, values, strict=True)), submit=True),
                )
        session.flush()
        session.get(Round, round_.id).phase = RoundPhase.DECIDING
        ids = round_.id, category.id
        session.commit()
        session.remove()
    return ids


def test_an_admin_downloads_the_xlsx_whose_ranking_matches_the_page(  # type: ignore[no-untyped-def]
    page: Page, server, tmp_path: Path
) -> None:
    round_id, category_id = set_up_deciding_round(server)

    log_in(page, "ada@example.org")
    page.goto(f"/review/rounds/{round_id}/ranking?category={category_id}")
    expect(page.get_by_role("heading", name=re.compile(r"^Ranking"), level=1)).to_be_visible()
    rows = page.locator("#ranking tbody tr[data-nomination]")
    expect(rows).to_have_count(3)
    on_page = [
        (
            int(row.get_attribute("data-nomination") or ""),
            row.locator("td").first.inner_text().strip(),
            row.locator("td.weighted").inner_text().strip(),
            row.locator("td.sheets").inner_text().strip(),
        )
        for row in rows.all()
    ]
    # Worked out by hand: Σ(weight × mean score) ÷ 10, rounded half up, best first.
    assert [(rank, weighted, sheets) for _id, rank, weighted, sheets in on_page] == [
        ("1", "4.03", "3"),
        ("2", "3.07", "3"),
        ("3", "2.35", "2"),
    ]

    page.goto(f"/admin/rounds/{round_id}/exports/")
    with page.expect_download() as download_info:
        page.locator("#xlsx").click()
    download = download_info.value
    assert download.suggested_filename == "2026-round.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = load_workbook(path)
    sheet = workbook["Ranking"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) for name in ("Rank", "Nomination ID", "Weighted score", "Sheets")}
    data_rows = [row for row in sheet.iter_rows(min_row=2) if any(c.value is not None for c in row)]
    assert len(data_rows) == len(on_page)
    for cells, (nomination_id, rank, weighted, sheets) in zip(data_rows, on_page, strict=True):
        rank_cell = cells[column["Rank"]]
        id_cell = cells[column["Nomination ID"]]
        weighted_cell = cells[column["Weighted score"]]
        sheets_cell = cells[column["Sheets"]]
        for cell in (rank_cell, id_cell, weighted_cell, sheets_cell):
            assert cell.data_type == "n", f"{cell.coordinate} holds {cell.value!r}, not a number"
            assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
        assert id_cell.value == nomination_id
        assert rank_cell.value == int(rank)
        assert f"{weighted_cell.value:.2f}" == weighted
        assert weighted_cell.value == float(weighted)
        assert sheets_cell.value == int(sheets)
