"""Public pages and API: computed from awards of published rounds, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from evaluator.nominations.models import NominationState
from evaluator.publication.models import Award
from evaluator.rounds.models import RoundPhase
from tests.support.factories import make_award, make_initiative, make_nomination, make_round, make_unit
from tests.support.queries import counted_queries

P2021 = datetime(2021, 11, 15, 9, 0, tzinfo=UTC)
P2024 = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture()
def history(session):  # type: ignore[no-untyped-def]
    """Two published rounds and a running one.

    renewed: awarded 2021 and 2024; lapsed: 2021 only; newcomer: 2024 only;
    rejected: nominated in 2024, not awarded; secret: a draft in the running 2026 round.
    """
    unit = make_unit(session, "Institute of Lightweight Engineering")
    r2021 = make_round(session, 2021, phase=RoundPhase.PUBLISHED, published_at=P2021)
    r2024 = make_round(session, 2024, phase=RoundPhase.PUBLISHED, published_at=P2024)
    r2026 = make_round(session, 2026, phase=RoundPhase.NOMINATING)
    items = {
        name: make_initiative(session, unit, title)
        for name, title in {
            "renewed": "Renewed Partnership with Tongji",
            "lapsed": "Lapsed Network",
            "newcomer": "Newcomer Programme",
            "rejected": "Rejected Summer School",
            "secret": "Unpublished Secret Nomination",
        }.items()
    }
    make_award(session, r2021, items["renewed"], valid_until=P2024, partners=[("Tongji University", "China")])
    make_award(
        session,
        r2024,
        items["renewed"],
        partners=[
            ("Tongji University", "China"),
            ("Tsinghua University", "China"),
            ("Osaka University", "Japan"),
        ],
    )
    make_award(session, r2021, items["lapsed"], valid_until=P2024)
    make_award(session, r2024, items["newcomer"])
    make_nomination(session, r2024, items["rejected"])
    make_nomination(session, r2026, items["secret"], state=NominationState.DRAFT)
    session.commit()
    return items


def _titles(data: list[dict]) -> list[str]:
    return sorted(item["title"] for item in data)


def test_current_lighthouses_are_the_awards_of_the_latest_publication(client, history) -> None:
    page = client.text("/lighthouses")
    assert "Renewed Partnership with Tongji" in page
    assert "Newcomer Programme" in page
    assert "Lapsed Network" not in page
    assert "Rejected Summer School" not in page
    assert "Unpublished Secret Nomination" not in page
    assert "2 lighthouses today." in page


def test_a_renewal_keeps_lighthouse_since_from_the_first_award(client, history) -> None:
    data = {item["title"]: item for item in client.get("/api/v1/lighthouses").get_json()}
    assert data["Renewed Partnership with Tongji"]["lighthouse_since"] == P2021.isoformat()
    assert data["Newcomer Programme"]["lighthouse_since"] == P2024.isoformat()


def test_status_on_a_past_date_shows_that_days_lighthouses(client, history) -> None:
    page = client.text("/lighthouses?on=2022-06-01")
    assert "Renewed Partnership with Tongji" in page
    assert "Lapsed Network" in page
    assert "Newcomer Programme" not in page
    assert _titles(client.get("/api/v1/lighthouses?on=2022-06-01").get_json()) == [
        "Lapsed Network",
        "Renewed Partnership with Tongji",
    ]


def test_the_publication_day_counts_and_the_day_before_does_not(client, history) -> None:
    assert client.get("/api/v1/lighthouses?on=2021-11-14").get_json() == []
    assert len(client.get("/api/v1/lighthouses?on=2021-11-15").get_json()) == 2


@pytest.mark.parametrize("bad", ["yesterday", "2021-13-01", "20211115", "2021-11-15T00:00"])
def test_a_malformed_date_is_refused_with_a_message(client, history, bad: str) -> None:
    page = client.get(f"/lighthouses?on={bad}")
    assert page.status_code == 400
    assert "Enter a date as YYYY-MM-DD." in page.get_data(as_text=True)
    api = client.get(f"/api/v1/lighthouses?on={bad}")
    assert api.status_code == 400
    assert api.get_json()["error"] == "bad_request"


def test_the_api_lists_each_lighthouse_with_its_public_fields(client, history) -> None:
    data = client.get("/api/v1/lighthouses").get_json()
    renewed = next(item for item in data if item["title"] == "Renewed Partnership with Tongji")
    assert set(renewed) == {
        "id",
        "title",
        "category",
        "category_key",
        "org_unit",
        "summary",
        "partner_countries",
        "lighthouse_since",
        "website",
        "url",
    }
    assert renewed["id"] == history["renewed"].id
    assert renewed["org_unit"] == "Institute of Lightweight Engineering"
    assert renewed["category"] == "Category 1"
    assert renewed["partner_countries"] == ["China", "Japan"]
    assert renewed["url"].endswith(f"/initiatives/{history['renewed'].id}")


def test_a_published_round_lists_exactly_its_awards(client, history) -> None:
    page = client.text("/rounds/2024")
    assert "Renewed Partnership with Tongji" in page
    assert "Newcomer Programme" in page
    assert "Lapsed Network" not in page
    assert "Rejected Summer School" not in page
    rounds = client.text("/rounds")
    assert "2021 selection" in rounds and "2024 selection" in rounds
    assert "2026 selection" not in rounds


@pytest.mark.parametrize("year", [2026, 1999, 2025])
def test_a_running_or_missing_round_is_not_found(client, history, year: int) -> None:
    assert client.get(f"/rounds/{year}").status_code == 404


def test_an_initiative_that_was_ever_awarded_has_a_public_profile(client, history) -> None:
    page = client.get(f"/initiatives/{history['lapsed'].id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Lapsed Network" in text
    assert "From November 15, 2021 to November 20, 2024" in text


def test_the_profile_shows_one_unbroken_period_for_a_renewal(client, history) -> None:
    text = client.text(f"/initiatives/{history['renewed'].id}")
    assert "Since November 15, 2021" in text
    assert "2024 selection" in text and "2021 selection" in text


@pytest.mark.parametrize("name", ["rejected", "secret"])
def test_an_initiative_never_awarded_is_not_found(client, history, name: str) -> None:
    response = client.get(f"/initiatives/{history[name].id}")
    assert response.status_code == 404
    assert history[name].title not in response.get_data(as_text=True)


def test_an_unknown_initiative_is_not_found(client, history) -> None:
    assert client.get("/initiatives/999999").status_code == 404


def test_markup_in_a_title_is_shown_as_text(client, session) -> None:
    unit = make_unit(session)
    round_ = make_round(session, 2021, phase=RoundPhase.PUBLISHED, published_at=P2021)
    make_award(session, round_, make_initiative(session, unit, "<script>alert('x')</script> Network"))
    session.commit()
    page = client.text("/lighthouses")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Network" in page
    assert "<script>alert('x')</script>" not in page


def _publish(session, count: int) -> None:  # type: ignore[no-untyped-def]
    unit = make_unit(session)
    round_ = make_round(session, 2021, phase=RoundPhase.PUBLISHED, published_at=P2021, categories=2)
    for i in range(count):
        make_award(
            session,
            round_,
            make_initiative(session, unit, f"Lighthouse {i}"),
            category=round_.categories[i % 2],
            partners=[("A", "Italy"), ("B", "Chile")],
        )
    session.commit()


@pytest.mark.parametrize("url", ["/lighthouses", "/api/v1/lighthouses", "/rounds/2021"])
def test_public_lists_issue_the_same_number_of_queries_for_1_and_3_lighthouses(client, session, url) -> None:
    counts = []
    for size in (1, 3):
        for table in (
            "awards",
            "nomination_contacts",
            "nomination_partners",
            "nominations",
            "initiatives",
            "criteria",
            "categories",
            "rounds",
            "org_units",
        ):
            session.execute(sa.text(f"DELETE FROM {table}"))  # noqa: S608
        session.commit()
        _publish(session, size)
        session.expire_all()
        with counted_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("bad", ["9999-12-31", "0001-01-01", "2021-W01-1", "2021-1-5"])
def test_dates_out_of_range_or_in_other_forms_are_refused_not_crashing(client, history, bad: str) -> None:
    assert client.get(f"/lighthouses?on={bad}").status_code == 400
    assert client.get(f"/api/v1/lighthouses?on={bad}").status_code == 400


def test_an_award_of_a_round_that_is_not_published_is_never_shown(client, session) -> None:
    unit = make_unit(session)
    deciding = make_round(session, 2026, phase=RoundPhase.DECIDING)
    initiative = make_initiative(session, unit, "Award Before Publication")
    nomination = make_nomination(session, deciding, initiative)
    session.add(
        Award(
            initiative=initiative,
            round=deciding,
            category=nomination.category,
            nomination=nomination,
            valid_from=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )
    session.commit()

    assert "Award Before Publication" not in client.text("/lighthouses")
    assert client.get("/api/v1/lighthouses").get_json() == []
    assert client.get(f"/initiatives/{initiative.id}").status_code == 404
    assert client.get("/rounds/2026").status_code == 404


def test_public_pages_show_what_was_published_even_after_the_initiative_changes(
    client, session, history
) -> None:
    renewed = history["renewed"]
    renewed.title = "Unpublished New Working Title"
    renewed.summary = "An unpublished draft summary."
    session.commit()

    for url in ("/lighthouses", "/api/v1/lighthouses", f"/initiatives/{renewed.id}", "/rounds/2024"):
        text = client.text(url)
        assert "Renewed Partnership with Tongji" in text, url
        assert "Unpublished New Working Title" not in text, url
        assert "An unpublished draft summary." not in text, url


def test_a_website_that_is_not_http_is_never_rendered_as_a_link(app) -> None:
    from evaluator.core.templating import safe_url

    assert safe_url("https://tu-dresden.de/") == "https://tu-dresden.de/"
    assert safe_url("javascript:alert(1)") == "#"
    assert safe_url("JaVaScRiPt:alert(1)") == "#"
    assert safe_url(None) == "#"


def test_an_initiative_profile_issues_the_same_number_of_queries_for_1_and_3_awards(client, session) -> None:
    unit = make_unit(session)
    initiative = make_initiative(session, unit, "Long-standing Partnership")
    counts = []
    previous = None
    for year, until in (
        (2015, datetime(2018, 11, 1, tzinfo=UTC)),
        (2018, datetime(2021, 11, 1, tzinfo=UTC)),
        (2021, None),
    ):
        round_ = make_round(
            session,
            year,
            phase=RoundPhase.PUBLISHED,
            published_at=previous or datetime(year, 11, 1, tzinfo=UTC),
        )
        make_award(
            session,
            round_,
            initiative,
            valid_until=until,
            partners=[("A", "Italy"), ("B", "Chile"), ("C", "Peru")],
        )
        previous = until
        session.commit()
        session.expire_all()
        if year in (2015, 2021):
            with counted_queries() as statements:
                assert client.get(f"/initiatives/{initiative.id}").status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1]
