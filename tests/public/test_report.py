"""The printable report of a published round: the HTML page, its print stylesheet and the PDF.

Only what publication made public may appear: the round, its categories, the awarded
initiatives and aggregate figures. Nothing of an unpublished round, and nothing of a nomination
that was not awarded beyond being counted.
"""

from __future__ import annotations

import html as html_lib
import re
import sys
from datetime import UTC, datetime

import pytest

from evaluator.nominations.models import Eligibility, NominationState
from evaluator.orgunits.models import OrgUnit
from evaluator.public import report
from evaluator.publication.operations import publish_round
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Outcome, VoteChoice
from tests.support.commission import (
    CHAIR,
    GEO_TITLE,
    HYDRO_TITLE,
    MAX,
    MIA,
    Commission,
    decide,
    score,
    set_phase,
    vote,
)
from tests.support.factories import make_award, make_initiative, make_nomination, make_round, make_unit
from tests.support.pdf import read_pdf
from tests.support.queries import counted_queries

P2021 = datetime(2021, 11, 15, 9, 0, tzinfo=UTC)
P2024 = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)
PAGE = "/rounds/2024/report"
PDF = "/rounds/2024/report.pdf"

RENEWED = "Dresden and Tongji Alliance"
NEWCOMER = "Andes Water Network"
NETWORK = "Baltic Summer School Network"
AWARDED = (RENEWED, NEWCOMER, NETWORK)
REJECTED = "Rejected Exchange Scheme"
INELIGIBLE = "Ineligible Late Idea"
DRAFT = "Forgotten Draft"
WITHDRAWN = "Withdrawn Proposal"
QUIET = "Quiet Network"
LATE_PROGRAMME = "Late Programme"
SECRET = "Unpublished Secret Nomination"
NOT_PUBLIC = (REJECTED, INELIGIBLE, DRAFT, WITHDRAWN, QUIET, LATE_PROGRAMME, SECRET)


@pytest.fixture(autouse=True)
def _no_cached_pdfs():  # type: ignore[no-untyped-def]
    report.pdf_cache.clear()
    yield
    report.pdf_cache.clear()


@pytest.fixture()
def published(session) -> Round:  # type: ignore[no-untyped-def]
    """The 2024 round, published, in three categories.

    Partnerships: two awards (one renewing a 2021 award, one new), one eligible nomination not
    awarded, one ineligible, a draft and a withdrawn one. International networks: one award, one
    eligible not awarded. Programmes: one ineligible nomination, nothing awarded. And a running
    2026 round with a nomination of its own.
    """
    hydrology = make_unit(session, "Institute of Hydrology")
    geodesy = make_unit(session, "Institute of Geodesy")
    r2021 = make_round(session, 2021, phase=RoundPhase.PUBLISHED, published_at=P2021)
    r2024 = make_round(session, 2024, phase=RoundPhase.PUBLISHED, published_at=P2024, categories=3)
    partnerships, networks, programmes = r2024.categories
    partnerships.name, partnerships.description = "Partnerships", "Partnerships with one university abroad."
    networks.name, networks.description = (
        "International networks",
        "Networks with outstanding TUD participation.",
    )
    programmes.name = "Programmes"

    tongji = make_initiative(session, hydrology, "Tongji Partnership")
    make_award(session, r2021, tongji, valid_until=P2024, partners=[("Tongji University", "China")])
    make_award(
        session,
        r2024,
        tongji,
        title=RENEWED,
        partners=[
            ("Tongji University", "China"),
            ("Tsinghua University", "China"),
            ("Osaka University", "Japan"),
        ],
    )
    make_award(
        session,
        r2024,
        make_initiative(session, geodesy, NEWCOMER),
        partners=[("Universidad de Chile", "Chile"), ("Universidad Nacional de Colombia", "Colombia")],
    )
    make_award(
        session,
        r2024,
        make_initiative(session, geodesy, NETWORK),
        category=networks,
        partners=[("University of Tartu", "Estonia")],
    )

    def nominate(title: str, **fields) -> None:  # type: ignore[no-untyped-def]
        make_nomination(session, r2024, make_initiative(session, hydrology, title), **fields)

    nominate(REJECTED, eligibility=Eligibility.ELIGIBLE)
    nominate(INELIGIBLE, eligibility=Eligibility.INELIGIBLE, eligibility_reason="Late.")
    nominate(DRAFT, state=NominationState.DRAFT)
    nominate(WITHDRAWN, state=NominationState.WITHDRAWN)
    nominate(QUIET, category=networks, eligibility=Eligibility.ELIGIBLE)
    nominate(LATE_PROGRAMME, category=programmes, eligibility=Eligibility.INELIGIBLE)

    r2026 = make_round(session, 2026, phase=RoundPhase.NOMINATING)
    make_nomination(session, r2026, make_initiative(session, hydrology, SECRET))
    session.commit()
    return r2024


# Reading the page ------------------------------------------------------------------------------


def _text(fragment: str) -> str:
    """What a reader sees: tags removed, entities decoded, white space collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _figure(page: str, name: str) -> int:
    match = re.search(rf'<dd id="figure-{name}">(\d+)</dd>', page)
    assert match, f"no figure {name}"
    return int(match.group(1))


def _table_rows(fragment: str, section: str = "tbody") -> list[list[str]]:
    body = re.search(rf"<{section}>(.*?)</{section}>", fragment, re.S)
    assert body, f"no {section}"
    return [
        [_text(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


def _category_sections(page: str) -> list[str]:
    return re.findall(r'<section class="report-category".*?</section>', page, re.S)


# The page --------------------------------------------------------------------------------------


def test_the_report_holds_the_commissions_figures(client, published) -> None:
    response = client.get(PAGE)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Lighthouses of the 2024 selection" in page
    assert "Results published on November 20, 2024." in page
    assert {
        name: _figure(page, name) for name in ("considered", "eligible", "awarded", "renewed", "new")
    } == {
        "considered": 7,  # submitted ones only: not the draft, not the withdrawn one
        "eligible": 5,
        "awarded": 3,
        "renewed": 1,
        "new": 2,
    }
    figures = re.search(r'<table class="report-table" id="category-figures">.*?</table>', page, re.S)
    assert figures
    assert _table_rows(figures.group(0)) == [
        ["Partnerships", "4", "3", "2"],
        ["International networks", "2", "2", "1"],
        ["Programmes", "1", "0", "0"],
    ]
    assert _table_rows(figures.group(0), "tfoot") == [["Total", "7", "5", "3"]]


def test_each_category_lists_its_lighthouses_with_unit_countries_and_status(client, published) -> None:
    sections = _category_sections(client.text(PAGE))

    assert [re.search(r"<h2[^>]*>(.*?)</h2>", s).group(1) for s in sections] == [  # type: ignore[union-attr]
        "Partnerships",
        "International networks",
        "Programmes",
    ]
    assert "Partnerships with one university abroad." in sections[0]
    assert _table_rows(sections[0]) == [
        [NEWCOMER, "Institute of Geodesy", "Chile, Colombia", "new"],
        [RENEWED, "Institute of Hydrology", "China, Japan", "renewed"],
    ]
    assert "2 lighthouses, from 3 eligible of 4 nominations." in _text(sections[0])
    assert _table_rows(sections[1]) == [[NETWORK, "Institute of Geodesy", "Estonia", "new"]]
    assert "<table" not in sections[2]
    assert "No lighthouse was awarded in this category." in sections[2]
    assert "0 lighthouses, from 0 eligible of 1 nominations." in _text(sections[2])


def test_the_titles_link_to_the_public_profiles(client, published, session) -> None:
    page = client.text(PAGE)

    links = dict(re.findall(r'<a href="(/initiatives/\d+)">([^<]+)</a>', page))
    assert sorted(links.values()) == sorted(AWARDED)
    for url in links:
        assert client.get(url).status_code == 200


def test_nothing_that_was_not_awarded_is_named(client, published) -> None:
    page = client.text(PAGE)

    for title in NOT_PUBLIC:
        assert title not in page
    assert "Late." not in page  # the reason for ineligibility


def test_the_page_prints_with_its_own_stylesheet_and_no_inline_style(client, published) -> None:
    page = client.text(PAGE)

    assert '<link rel="stylesheet" href="/static/report.css">' in page
    assert "<style" not in page and " style=" not in page  # the CSP forbids inline styles
    css = client.get("/static/report.css")
    assert css.status_code == 200
    stylesheet = css.get_data(as_text=True)
    print_rules = stylesheet[stylesheet.index("@media print") :]
    assert re.search(r"\.navbar, footer, [^{]*\{ display: none !important; \}", print_rules)
    assert re.search(r"\.report-category \{ break-before: page;", print_rules)


def test_the_page_offers_the_pdf_and_a_print_button(client, published) -> None:
    page = client.text(PAGE)

    assert f'href="{PDF}"' in page
    assert "data-print hidden>Print</button>" in page  # shown by print.js where scripts run
    assert '<script src="/static/print.js" defer></script>' in page
    assert client.get("/static/print.js").status_code == 200


def test_the_round_page_links_the_report_and_the_pdf(client, published) -> None:
    links = re.search(
        r'<p class="d-print-none" id="round-report-links">(.*?)</p>', client.text("/rounds/2024"), re.S
    )

    assert links
    assert re.findall(r'href="([^"]+)"', links.group(1)) == [PAGE, PDF]


def test_the_report_is_public_and_the_same_for_a_logged_in_admin(client, admin_client, published) -> None:
    assert admin_client.get(PAGE).status_code == 200
    page = admin_client.text(PAGE)
    for title in NOT_PUBLIC:
        assert title not in page


# The PDF ---------------------------------------------------------------------------------------


def test_the_pdf_has_the_figures_on_the_first_page_and_one_category_a_page(client, published) -> None:
    response = client.get(PDF)

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="lighthouses-2024.pdf"'
    assert response.data.startswith(b"%PDF-")
    pdf = read_pdf(response.data)
    assert pdf.title == "Lighthouses of the 2024 selection"
    assert len(pdf.pages) == 4
    first = pdf.page(1)
    assert "Lighthouses of the 2024 selection" in first
    assert "Results published on November 20, 2024." in first
    assert "Nominations considered 7 Eligible nominations 5 Lighthouses awarded 3" in first
    assert "Partnerships 4 3 2 International networks 2 2 1 Programmes 1 0 0 Total 7 5 3" in first
    assert "Partnerships" in pdf.page(2) and "International networks" not in pdf.page(2)
    assert f"{NEWCOMER} Institute of Geodesy Chile, Colombia new" in pdf.page(2)
    assert f"{RENEWED} Institute of Hydrology China, Japan renewed" in pdf.page(2)
    assert f"{NETWORK} Institute of Geodesy Estonia new" in pdf.page(3)
    assert "Programmes" in pdf.page(4) and "No lighthouse was awarded in this category." in pdf.page(4)
    assert "4 / 4" in pdf.page(4)  # page numbers
    assert "TU Dresden lighthouses · 2024 selection" in pdf.page(3)  # the running head
    assert [t for t in pdf.outline if t in AWARDED or t == "Partnerships"] == ["Partnerships"]


def test_the_pdf_names_nothing_that_was_not_awarded_and_has_no_navigation(client, published) -> None:
    pdf = read_pdf(client.get(PDF).data)

    for title in NOT_PUBLIC:
        assert title not in pdf.text
    for chrome in ("Log in", "Past rounds", "Skip to content", "Download as PDF", "Print"):
        assert chrome not in pdf.text


def test_the_pdf_links_to_the_public_profiles(client, published) -> None:
    links = read_pdf(client.get(PDF).data).links

    assert len(links) == len(AWARDED)
    assert all(re.fullmatch(r"http://localhost/initiatives/\d+", link) for link in links)


def test_the_same_report_is_rendered_once(client, published, session, monkeypatch) -> None:
    calls = []
    real = report._weasyprint

    def counting():  # type: ignore[no-untyped-def]
        calls.append(1)
        return real()

    monkeypatch.setattr(report, "_weasyprint", counting)
    first = client.get(PDF).data
    second = client.get(PDF).data
    renders_before_the_change = len(calls)
    unit = session.query(OrgUnit).filter_by(name="Institute of Geodesy").one()
    unit.name = "Institute of Geodesy and Geoinformation"
    session.commit()
    third = client.get(PDF).data

    assert first == second and renders_before_the_change == 1
    assert third != first and len(calls) == 2
    assert "Institute of Geodesy and Geoinformation" in read_pdf(third).text


def test_without_the_pdf_library_the_pdf_answers_503_with_a_readable_page(
    client, published, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError

    response = client.get(PDF)

    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The PDF cannot be made right now" in page
    assert f'href="{PAGE}"' in page
    assert client.get(PAGE).status_code == 200
    assert client.get("/rounds/2026/report.pdf").status_code == 404  # still no word about others


# Unpublished rounds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phase",
    [RoundPhase.DRAFT, RoundPhase.NOMINATING, RoundPhase.REVIEWING, RoundPhase.VOTING, RoundPhase.DECIDING],
)
def test_an_unpublished_round_has_no_report(client, session, phase) -> None:
    round_ = make_round(session, 2026, phase=phase)
    unit = make_unit(session, "Institute of Secrets")
    make_nomination(session, round_, make_initiative(session, unit, SECRET), eligibility=Eligibility.ELIGIBLE)
    session.commit()

    for url in ("/rounds/2026/report", "/rounds/2026/report.pdf"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 404
        assert SECRET not in body and "Institute of Secrets" not in body and "2026 selection" not in body
    # Exactly as if there were no such round (the address itself is echoed in a link).
    # The form token in the page is signed with the second it was made: it is left out.
    def page(url: str) -> str:
        return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", client.text(url))

    assert page("/rounds/2026/report").replace("2026", "1999") == page("/rounds/1999/report")


def test_nothing_of_the_commissions_work_reaches_the_report(client, session, commission: Commission) -> None:
    """A round through review, vote and decision: before publication nothing, after it only the
    awarded title and the counts; never a score, comment, vote, rationale, feedback or name."""
    score(session, commission, MIA, commission.hydro_id, 5, 4, 4, 5, comment="Mia's private remark")
    score(session, commission, MAX, commission.geo_id, 1, 2, 1, 2, comment="Max's private remark")
    set_phase(session, commission, RoundPhase.VOTING)
    for email in (MIA, MAX, CHAIR):
        vote(session, commission, email, commission.hydro_id, VoteChoice.AWARD)
        vote(session, commission, email, commission.geo_id, VoteChoice.DO_NOT_AWARD)
    set_phase(session, commission, RoundPhase.DECIDING)
    decide(session, commission, commission.hydro_id, Outcome.AWARDED, feedback="Feedback for Cora")
    decide(
        session,
        commission,
        commission.geo_id,
        Outcome.NOT_AWARDED,
        rationale="The rationale stays inside",
        feedback="Feedback for Otto",
    )
    assert client.get("/rounds/2026/report").status_code == 404
    assert client.get("/rounds/2026/report.pdf").status_code == 404

    round_ = session.get(Round, commission.round_id)
    publish_round(session, round_, actor=commission.user(session, CHAIR))
    session.commit()
    page = client.text("/rounds/2026/report")
    pdf = read_pdf(client.get("/rounds/2026/report.pdf").data).text

    for shown in (page, pdf):
        assert HYDRO_TITLE in shown
        assert GEO_TITLE not in shown
        for secret in (
            "private remark",
            "rationale stays inside",
            "Feedback for",
            "Mia Member",
            "Max Member",
            "Chris Chair",
            "Ada Admin",
            "Conny Conflicted",
            "hydrology-budget.pdf",
        ):
            assert secret not in shown
    assert {name: _figure(page, name) for name in ("considered", "eligible", "awarded")} == {
        "considered": 2,
        "eligible": 2,
        "awarded": 1,
    }


# Queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, PDF])
def test_the_number_of_queries_does_not_grow_with_the_awards(client, session, url) -> None:
    unit = make_unit(session, "Institute of Hydrology")
    round_ = make_round(session, 2024, phase=RoundPhase.PUBLISHED, published_at=P2024, categories=2)
    make_award(session, round_, make_initiative(session, unit, "First Lighthouse"))
    session.commit()
    with counted_queries() as one:
        assert client.get(url).status_code == 200

    for title, category in (
        ("Second Lighthouse", round_.categories[0]),
        ("Third Lighthouse", round_.categories[1]),
    ):
        make_award(
            session,
            round_,
            make_initiative(session, make_unit(session), title),
            category=category,
            partners=[("University of Oslo", "Norway"), ("Aalto University", "Finland")],
        )
    session.commit()
    with counted_queries() as three:
        response = client.get(url)
        assert response.status_code == 200

    assert len(three) == len(one)
    if url == PAGE:
        assert all(t in response.get_data(as_text=True) for t in ("Second Lighthouse", "Third Lighthouse"))
    else:
        assert "Third Lighthouse" in read_pdf(response.data).text


UNPUBLISHED_PHASES = [p for p in RoundPhase if p not in (RoundPhase.PUBLISHED, RoundPhase.ARCHIVED)]


@pytest.mark.parametrize("phase", UNPUBLISHED_PHASES)
def test_building_the_report_of_an_unpublished_round_is_refused_even_when_called_directly(
    session, phase: RoundPhase
) -> None:
    round_ = make_round(session, year=2026, phase=phase)
    with pytest.raises(ValueError, match="published"):
        report.build_report(session, round_)
