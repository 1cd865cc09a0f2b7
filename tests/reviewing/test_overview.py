"""A member's overview of the running round (/review/): the summary by category and its paging.

The commission of tests/support/commission.py gets a second category, "Student Exchange", with
four eligible nominations. Mia has declared a conflict with the first of them and submitted a
sheet on the second; the other two she has not started. What she has done in the first category
(Hydrology Exchange, Geodesy Network) each test sets up itself. Up to ``OVERVIEW_PAGE_ROWS``
nominations every category is listed on the page; beyond it one category at a time, and the tests
lower the limit to 3 to get there with six nominations. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from evaluator.nominations.models import Eligibility, Nomination
from evaluator.reviewing import views
from evaluator.reviewing.operations import SheetInput, declare_conflict, save_sheet
from evaluator.rounds.models import Category, Criterion, Round, RoundPhase
from evaluator.voting.models import VoteChoice
from tests.support.commission import (
    ADMIN,
    CONNY,
    CORA,
    GEO_TITLE,
    HYDRO_TITLE,
    MIA,
    Commission,
    logged_in,
    row_of,
    score,
    set_phase,
    vote,
)
from tests.support.factories import make_award, make_initiative, make_nomination, make_round, make_unit
from tests.support.queries import counted_queries
from tests.support.web import WebClient

EXCHANGE_TITLES = (
    "Alpine Exchange",
    "Baltic Summer School",
    "Coastal Field Course",
    "Delta Doctoral Network",
)
OLD_TITLE = "Elbe Engineering Lighthouse"
CHOOSE = "Choose a category to see its nominations."


@dataclass(frozen=True)
class Exchange:
    """The second category of the commission's round and its nominations, by title."""

    category_id: int
    criterion_ids: tuple[int, ...]
    alpine_id: int  # Mia has declared a conflict with it
    baltic_id: int  # Mia has submitted her sheet
    coastal_id: int  # not started
    delta_id: int  # not started

    @property
    def nomination_ids(self) -> list[int]:
        return [self.alpine_id, self.baltic_id, self.coastal_id, self.delta_id]


@pytest.fixture()
def exchange(session, commission: Commission) -> Exchange:  # type: ignore[no-untyped-def]
    c = commission
    round_ = session.get(Round, c.round_id)
    category = Category(key="student-exchange", name="Student Exchange", position=1, description="")
    category.criteria = [
        Criterion(name=f"Exchange criterion {i + 1}", weight=1.0, position=i) for i in range(4)
    ]
    round_.categories.append(category)
    session.flush()
    unit = make_unit(session, "Institute of Oceanography")
    ids = [
        make_nomination(
            session,
            round_,
            make_initiative(session, unit, title),
            category=category,
            eligibility=Eligibility.ELIGIBLE,
        ).id
        for title in EXCHANGE_TITLES
    ]
    world = Exchange(category.id, tuple(cr.id for cr in category.criteria), *ids)
    declare_conflict(
        session, session.get(Nomination, world.alpine_id), member=c.user(session, MIA), reason="Co-author."
    )
    session.commit()
    score_exchange(session, c, world, MIA, world.baltic_id)
    return world


def score_exchange(  # type: ignore[no-untyped-def]
    session, c: Commission, world: Exchange, email: str, nomination_id: int, *, draft: bool = False
) -> None:
    """A member's complete sheet (or draft) on a nomination of the second category, committed."""
    save_sheet(
        session,
        session.get(Nomination, nomination_id),
        member=c.user(session, email),
        data=SheetInput(scores=dict.fromkeys(world.criterion_ids, 3), comment="", submit=not draft),
    )
    session.commit()


@pytest.fixture()
def mia(client: WebClient, exchange: Exchange) -> WebClient:
    return logged_in(client, MIA)


@pytest.fixture()
def paged(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fewer nominations per page than the round's six: the overview shows one category at a time."""
    monkeypatch.setattr(views, "OVERVIEW_PAGE_ROWS", 3)


# -- Reading the page ------------------------------------------------------------------------------


def _summary(html: str) -> str | None:
    match = re.search(r'<table[^>]*id="category-summary".*?</table>', html, re.DOTALL)
    return match.group(0) if match else None


def _summary_row(html: str, category_id: int) -> str:
    summary = _summary(html)
    assert summary is not None, "no summary table on the page"
    match = re.search(rf'<tr[^>]*data-category="{category_id}"[^>]*>.*?</tr>', summary, re.DOTALL)
    assert match is not None, f"no summary row for category {category_id}"
    return match.group(0)


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def _figures(html: str, category_id: int) -> list[str]:
    """The figures of a category's summary row, column by column after its name."""
    return [
        _text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", _summary_row(html, category_id), re.DOTALL)
    ]


def _link_of(html: str, category_id: int) -> str:
    match = re.search(r"<a [^>]*>", _summary_row(html, category_id))
    assert match is not None
    return match.group(0)


def _sections(html: str) -> list[int]:
    """The categories whose nominations the page lists, in order."""
    return [int(i) for i in re.findall(r'<section[^>]*aria-labelledby="cat-(\d+)"', html)]


def _listed(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr[^>]*data-nomination="(\d+)"', html)]


def _progress(html: str) -> str:
    match = re.search(r'<p[^>]*id="my-progress"[^>]*>(.*?)</p>', html, re.DOTALL)
    assert match is not None, "no progress line on the page"
    return _text(match.group(1))


def _current_categories(html: str) -> list[int]:
    """The summary rows marked as the one shown: a highlighted row or an aria-current link."""
    marked = []
    for attributes, body in re.findall(r"<tr([^>]*)>(.*?)</tr>", _summary(html) or "", re.DOTALL):
        category = re.search(r'data-category="(\d+)"', attributes)
        if category and ("table-active" in attributes or 'aria-current="page"' in body):
            marked.append(int(category.group(1)))
    return marked


def _assert_shows(html: str, c: Commission, world: Exchange, category_id: int) -> None:
    """Only that category's section and rows, and it is the one marked in the summary."""
    rows = {c.category_id: [c.geo_id, c.hydro_id], world.category_id: world.nomination_ids}
    assert _sections(html) == [category_id]
    assert _listed(html) == rows[category_id]
    row = _summary_row(html, category_id)
    assert 'class="table-active"' in re.match(r"<tr[^>]*>", row).group(0)  # type: ignore[union-attr]
    assert 'aria-current="page"' in _link_of(html, category_id)
    assert _current_categories(html) == [category_id]


def _first_category_done(session, c: Commission) -> None:  # type: ignore[no-untyped-def]
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2)
    score(session, c, MIA, c.hydro_id, 2, 3, 4, 5)


# -- The summary by category -----------------------------------------------------------------------


def test_the_summary_counts_the_members_sheets_and_conflicts_per_category(
    session, new_client, commission: Commission, exchange: Exchange
) -> None:
    c, x = commission, exchange
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2)
    score(session, c, MIA, c.hydro_id, 2, 3, draft=True)
    mia = logged_in(new_client(), MIA)
    conny = logged_in(new_client(), CONNY)

    page = mia.text("/review/")

    summary = _summary(page)
    assert summary is not None
    # Submitted (of those open to her), drafts, not started, conflicts; no votes while reviewing.
    assert _figures(page, c.category_id) == ["1 / 2", "1", "0", "0"]
    assert _figures(page, x.category_id) == ["1 / 3", "0", "2", "1"]
    assert ">Votes<" not in summary
    assert _progress(page) == "Your sheets: 2 of 5 submitted, 1 drafts, 2 not started."
    # The figures are each member's own: Conny has done nothing and is conflicted with Hydrology.
    conny_page = conny.text("/review/")
    assert _figures(conny_page, c.category_id) == ["0 / 1", "0", "1", "1"]
    assert _figures(conny_page, x.category_id) == ["0 / 4", "0", "4", "0"]


def test_in_voting_the_summary_also_counts_the_members_votes(
    session, mia: WebClient, commission: Commission, exchange: Exchange
) -> None:
    c, x = commission, exchange
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2)
    set_phase(session, c, RoundPhase.VOTING)
    vote(session, c, MIA, c.geo_id, VoteChoice.AWARD)
    vote(session, c, MIA, x.baltic_id, VoteChoice.DO_NOT_AWARD)
    vote(session, c, MIA, x.coastal_id, VoteChoice.ABSTAIN)

    page = mia.text("/review/")

    assert ">Votes<" in (_summary(page) or "")
    assert _figures(page, c.category_id) == ["1 / 2", "0", "1", "0", "1 / 2"]
    assert _figures(page, x.category_id) == ["1 / 3", "0", "2", "1", "2 / 3"]
    assert _progress(page) == ("Your sheets: 2 of 5 submitted, 0 drafts, 3 not started. Your votes: 3 of 5.")
    assert "Do not award" in (row_of(page, x.baltic_id) or "")
    assert "not yet" in (row_of(page, c.hydro_id) or "")


def test_a_round_with_a_single_category_has_no_summary_table(session, client, commission: Commission) -> None:
    mia = logged_in(client, MIA)

    page = mia.text("/review/")

    assert _summary(page) is None
    assert _progress(page) == "Your sheets: 0 of 2 submitted, 0 drafts, 2 not started."
    assert _sections(page) == [commission.category_id]


# -- Up to the limit: every category on one page ---------------------------------------------------


def test_up_to_the_limit_every_category_is_listed_and_linked_within_the_page(
    session, mia: WebClient, commission: Commission, exchange: Exchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    c, x = commission, exchange
    monkeypatch.setattr(views, "OVERVIEW_PAGE_ROWS", 6)  # exactly the round's six nominations

    for url in ("/review/", f"/review/?category={x.category_id}"):
        page = mia.text(url)

        assert _sections(page) == [c.category_id, x.category_id], url
        assert _listed(page) == [c.geo_id, c.hydro_id, *x.nomination_ids], url
        for category_id in (c.category_id, x.category_id):
            assert f'href="#cat-{category_id}"' in _link_of(page, category_id)
            assert f'id="cat-{category_id}"' in page
        assert _current_categories(page) == [], url
        assert CHOOSE not in page


# -- Beyond the limit: one category at a time ------------------------------------------------------


def test_beyond_the_limit_the_first_category_with_sheets_left_is_shown(
    session, mia: WebClient, commission: Commission, exchange: Exchange, paged: None
) -> None:
    c, x = commission, exchange
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2)
    score(session, c, MIA, c.hydro_id, 2, 3, draft=True)

    # A draft is work left: the first category comes first.
    page = mia.text("/review/")
    _assert_shows(page, c, x, c.category_id)

    # Once both of its sheets are submitted, the second category is the one that needs her.
    score(session, c, MIA, c.hydro_id, 2, 3, 4, 5)
    page = mia.text("/review/")

    _assert_shows(page, c, x, x.category_id)
    assert GEO_TITLE not in page and HYDRO_TITLE not in page
    assert CHOOSE in page
    # Both categories stay in the summary, each linking to its own page.
    assert f'href="/review/?category={c.category_id}"' in _link_of(page, c.category_id)
    assert f'href="/review/?category={x.category_id}"' in _link_of(page, x.category_id)
    assert _figures(page, c.category_id) == ["2 / 2", "0", "0", "0"]


def test_beyond_the_limit_with_nothing_left_anywhere_the_first_category_is_shown(
    session, mia: WebClient, commission: Commission, exchange: Exchange, paged: None
) -> None:
    c, x = commission, exchange
    _first_category_done(session, c)
    score_exchange(session, c, x, MIA, x.coastal_id)
    score_exchange(session, c, x, MIA, x.delta_id)

    page = mia.text("/review/")

    _assert_shows(page, c, x, c.category_id)


def test_in_voting_the_first_category_with_votes_left_is_shown(
    session, mia: WebClient, commission: Commission, exchange: Exchange, paged: None
) -> None:
    c, x = commission, exchange
    _first_category_done(session, c)  # no sheets left there, but votes
    set_phase(session, c, RoundPhase.VOTING)

    _assert_shows(mia.text("/review/"), c, x, c.category_id)

    vote(session, c, MIA, c.geo_id, VoteChoice.AWARD)
    vote(session, c, MIA, c.hydro_id, VoteChoice.ABSTAIN)
    _assert_shows(mia.text("/review/"), c, x, x.category_id)

    # Not-started sheets are no work left once voting runs: only the missing votes count.
    for nomination_id in (x.baltic_id, x.coastal_id, x.delta_id):
        vote(session, c, MIA, nomination_id, VoteChoice.AWARD)
    _assert_shows(mia.text("/review/"), c, x, c.category_id)


def test_the_category_named_in_the_address_is_shown(
    session, mia: WebClient, commission: Commission, exchange: Exchange, paged: None
) -> None:
    c, x = commission, exchange
    _first_category_done(session, c)  # by default the second category would be shown

    page = mia.text(f"/review/?category={c.category_id}")
    _assert_shows(page, c, x, c.category_id)
    assert "Baltic Summer School" not in page

    page = mia.text(f"/review/?category={x.category_id}")
    _assert_shows(page, c, x, x.category_id)


@pytest.mark.parametrize("wanted", ["987654", "0", "-1", "abc", "1.5", ""])
def test_an_unknown_category_in_the_address_shows_the_default_one(
    session, mia: WebClient, commission: Commission, exchange: Exchange, paged: None, wanted: str
) -> None:
    c, x = commission, exchange
    _first_category_done(session, c)

    response = mia.get(f"/review/?category={wanted}")

    assert response.status_code == 200
    _assert_shows(response.get_data(as_text=True), c, x, x.category_id)


def test_a_category_of_another_round_shows_nothing_of_that_round(
    session, mia: WebClient, commission: Commission, exchange: Exchange, paged: None
) -> None:
    c, x = commission, exchange
    earlier = make_round(session, 2021, phase=RoundPhase.PUBLISHED)
    make_award(
        session,
        earlier,
        make_initiative(session, make_unit(session, "Faculty of Civil Engineering"), OLD_TITLE),
    )
    old_category_id = earlier.categories[0].id
    session.commit()
    _first_category_done(session, c)

    response = mia.get(f"/review/?category={old_category_id}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert OLD_TITLE not in page
    assert f'data-category="{old_category_id}"' not in page
    _assert_shows(page, c, x, x.category_id)


@pytest.mark.parametrize("phase", [RoundPhase.REVIEWING, RoundPhase.VOTING])
def test_the_progress_line_counts_every_category_when_only_one_is_shown(
    session,
    mia: WebClient,
    commission: Commission,
    exchange: Exchange,
    monkeypatch: pytest.MonkeyPatch,
    phase: RoundPhase,
) -> None:
    c, x = commission, exchange
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2)
    score(session, c, MIA, c.hydro_id, 1, draft=True)
    set_phase(session, c, phase)
    if phase is RoundPhase.VOTING:
        vote(session, c, MIA, c.geo_id, VoteChoice.AWARD)
        vote(session, c, MIA, x.delta_id, VoteChoice.AWARD)
    whole = mia.text("/review/")
    monkeypatch.setattr(views, "OVERVIEW_PAGE_ROWS", 3)

    for category_id in (c.category_id, x.category_id):
        page = mia.text(f"/review/?category={category_id}")

        assert _sections(page) == [category_id]
        assert _progress(page) == _progress(whole)
    expected = "Your sheets: 2 of 5 submitted, 1 drafts, 2 not started."
    if phase is RoundPhase.VOTING:
        expected += " Your votes: 2 of 5."
    assert _progress(whole) == expected


def test_a_conflicted_nomination_in_the_shown_category_is_not_linked(
    session, mia: WebClient, commission: Commission, exchange: Exchange, paged: None
) -> None:
    c, x = commission, exchange
    _first_category_done(session, c)

    page = mia.text("/review/")

    _assert_shows(page, c, x, x.category_id)
    alpine = row_of(page, x.alpine_id) or ""
    assert "Alpine Exchange" in alpine and "Conflict of interest" in alpine
    assert "<a " not in alpine
    assert f"/review/nominations/{x.alpine_id}" not in page
    for nomination_id in (x.baltic_id, x.coastal_id, x.delta_id):
        assert f'href="/review/nominations/{nomination_id}"' in (row_of(page, nomination_id) or "")
    assert mia.get(f"/review/nominations/{x.alpine_id}").status_code == 404


# -- Who sees the overview -------------------------------------------------------------------------


def test_coordinators_and_visitors_still_cannot_open_the_overview(
    session, new_client, commission: Commission, exchange: Exchange, paged: None
) -> None:
    x = exchange
    cora = logged_in(new_client(), CORA)
    visitor = new_client()

    for url in ("/review/", f"/review/?category={x.category_id}"):
        refused = cora.get(url)
        assert refused.status_code == 403, url
        assert "Baltic Summer School" not in refused.get_data(as_text=True)
        redirected = visitor.get(url)
        assert redirected.status_code == 302, url
        assert redirected.headers["Location"].startswith("/login?next="), url


def test_an_admin_who_is_no_member_gets_every_eligible_nomination_without_summary(
    session, client, commission: Commission, exchange: Exchange, paged: None
) -> None:
    admin = logged_in(client, ADMIN)

    page = admin.text(f"/review/?category={exchange.category_id}")

    assert _summary(page) is None
    assert 'id="my-progress"' not in page
    for title in (GEO_TITLE, HYDRO_TITLE, *EXCHANGE_TITLES):
        assert title in page


# -- A fixed number of SQL statements --------------------------------------------------------------


def _statements(client: WebClient, url: str) -> tuple[int, str]:
    """The number of SQL statements one GET of ``url`` issues (after a warm-up), and the page."""
    assert client.get(url).status_code == 200
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements), response.get_data(as_text=True)


def _add_nominations(session, c: Commission, x: Exchange, how_many: int) -> None:  # type: ignore[no-untyped-def]
    """``how_many`` more eligible nominations in each category; Mia submits a sheet on every
    second one of the second category and declares a conflict with every third."""
    round_ = session.get(Round, c.round_id)
    unit = make_unit(session)
    mia = c.user(session, MIA)
    for category_id in (c.category_id, x.category_id):
        for i in range(how_many):
            nomination = make_nomination(
                session,
                round_,
                make_initiative(session, unit, f"Added Initiative {category_id}-{i:03d}"),
                category=session.get(Category, category_id),
                eligibility=Eligibility.ELIGIBLE,
            )
            if category_id == x.category_id and i % 3 == 0:
                declare_conflict(session, nomination, member=mia, reason="Related.")
            elif category_id == x.category_id and i % 2 == 0:
                save_sheet(
                    session,
                    nomination,
                    member=mia,
                    data=SheetInput(scores=dict.fromkeys(x.criterion_ids, 4), submit=True),
                )
    session.commit()


@pytest.mark.parametrize("phase", [RoundPhase.REVIEWING, RoundPhase.VOTING])
def test_one_category_at_a_time_costs_as_many_statements_for_many_nominations_as_for_few(
    session, mia: WebClient, commission: Commission, exchange: Exchange, paged: None, phase: RoundPhase
) -> None:
    c, x = commission, exchange
    urls = ["/review/", f"/review/?category={c.category_id}", f"/review/?category={x.category_id}"]

    set_phase(session, c, phase)
    few = {url: _statements(mia, url) for url in urls}
    set_phase(session, c, RoundPhase.REVIEWING)  # sheets are written while reviewing runs
    _add_nominations(session, c, x, 20)
    set_phase(session, c, phase)
    if phase is RoundPhase.VOTING:
        vote(session, c, MIA, c.geo_id, VoteChoice.AWARD)
    many = {url: _statements(mia, url) for url in urls}

    for url in urls:
        print(
            f"\n{url} ({phase}), one category shown: {few[url][0]} SQL statements with 6 "
            f"nominations, {many[url][0]} with 46"
        )
        assert few[url][0] == many[url][0], url
    assert len(_listed(many[f"/review/?category={c.category_id}"][1])) == 22
    assert len(_listed(many[f"/review/?category={x.category_id}"][1])) == 24
    # 1 + 7 conflicts, 1 + 6 submitted sheets and 9 not started of the 24 in the second category.
    votes = ["0 / 16"] if phase is RoundPhase.VOTING else []
    assert _figures(many["/review/"][1], x.category_id) == ["7 / 16", "0", "9", "8", *votes]
