"""Admins run rounds through the web pages: create, deadlines in Berlin time, phase changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.audit.models import AuditEvent
from evaluator.rounds.models import Round, RoundPhase
from tests.support.factories import PASSWORD, make_round, make_user
from tests.support.web import csrf_token_in


def _round(session, year: int) -> Round:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(sa.select(Round).where(Round.year == year))


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.COORDINATOR])
@pytest.mark.parametrize(
    "path",
    [
        "/admin/rounds/",
        "/admin/rounds/new",
        "/admin/rounds/{id}",
        "/admin/rounds/{id}/deadlines",
        "/admin/rounds/{id}/advance",
    ],
)
def test_only_admins_open_the_round_pages(client, session, role, path) -> None:
    round_ = make_round(session, 2026)
    make_user(session, role, email="someone@example.org")
    session.commit()
    client.login("someone@example.org", PASSWORD)
    assert client.get(path.format(id=round_.id)).status_code == 403


def test_an_admin_creates_a_round_that_copies_the_previous_categories(admin_client, session) -> None:
    make_round(session, 2021, phase=RoundPhase.PUBLISHED, categories=2)
    session.commit()
    response = admin_client.submit("/admin/rounds/new", {"name": "2026 selection", "year": "2026"})
    created = _round(session, 2026)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/rounds/{created.id}"
    assert created.phase is RoundPhase.DRAFT
    assert [c.name for c in created.categories] == ["Category 1", "Category 2"]
    page = admin_client.text(f"/admin/rounds/{created.id}")
    assert "The 2026 selection has been created as a draft." in page


def test_a_second_round_for_the_same_year_is_refused_next_to_the_field(admin_client, session) -> None:
    make_round(session, 2026)
    session.commit()
    response = admin_client.submit("/admin/rounds/new", {"name": "Another", "year": "2026"})
    assert response.status_code == 200
    assert 'id="year-error"' in response.get_data(as_text=True)
    assert "There is already a round for 2026." in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(Round.id))) == 1


def test_a_year_of_hundreds_of_digits_is_refused_next_to_the_field(admin_client, session) -> None:  # type: ignore[no-untyped-def]
    # WTForms' own range check stopped with an OverflowError on a number too large for a float.
    response = admin_client.submit("/admin/rounds/new", {"name": "Far future", "year": "1" + "0" * 400})
    assert response.status_code == 200
    assert 'id="year-error"' in response.get_data(as_text=True)
    assert "Number must be between 2000 and 2200." in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(Round.id))) == 0


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "9999-12-31T23:59", "1999-12-31T23:59"])
def test_a_deadline_outside_the_years_of_rounds_is_refused_next_to_the_field(  # type: ignore[no-untyped-def]
    admin_client, session, typed: str
) -> None:
    # Midnight of the year 1 in Berlin lies before the year 1 in UTC: converting it was an error.
    round_ = make_round(session, 2027)
    session.commit()
    response = admin_client.submit(f"/admin/rounds/{round_.id}/deadlines", {"nomination_deadline": typed})
    assert response.status_code == 200
    assert 'id="nomination_deadline-error"' in response.get_data(as_text=True)
    assert "Enter a date between the years 2000 and 2200." in response.get_data(as_text=True)
    assert _round(session, 2027).nomination_deadline is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2027-01-31T23:59", datetime(2027, 1, 31, 22, 59, tzinfo=UTC)),  # winter: UTC+1
        ("2027-07-31T23:59", datetime(2027, 7, 31, 21, 59, tzinfo=UTC)),  # summer: UTC+2
        ("2027-03-28T03:30", datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),  # just after the spring change
    ],
)
def test_deadlines_are_typed_in_berlin_time_and_stored_in_utc(admin_client, session, typed, stored) -> None:
    round_ = make_round(session, 2027)
    session.commit()
    url = f"/admin/rounds/{round_.id}/deadlines"
    response = admin_client.submit(url, {"nomination_deadline": typed})
    assert response.status_code == 302
    assert _round(session, 2027).nomination_deadline == stored
    assert f'value="{typed}"' in admin_client.text(url)


def test_opening_nominations_goes_through_a_confirmation_page(admin_client, session) -> None:
    round_ = make_round(session, 2026, nomination_deadline=datetime.now(UTC) + timedelta(days=30))
    session.commit()
    page = admin_client.text(f"/admin/rounds/{round_.id}/advance")
    assert "Move the 2026 selection to “Nominating”?" in page
    assert "Categories and criteria can no longer be changed." in page
    assert _round(session, 2026).phase is RoundPhase.DRAFT  # opening the page changes nothing

    response = admin_client.submit(f"/admin/rounds/{round_.id}/advance", {})
    assert response.status_code == 302
    assert _round(session, 2026).phase is RoundPhase.NOMINATING
    actions = session.scalars(sa.select(AuditEvent.action)).all()
    assert "round:phase" in actions


def test_a_blocked_step_shows_why_and_changes_nothing(admin_client, session) -> None:
    round_ = make_round(session, 2026)  # no nomination deadline yet
    session.commit()
    detail = admin_client.text(f"/admin/rounds/{round_.id}")
    assert "Set the nomination deadline first." in detail
    page = admin_client.text(f"/admin/rounds/{round_.id}/advance")
    assert "This step is not possible yet:" in page
    forced = admin_client.client.post(
        f"/admin/rounds/{round_.id}/advance", data={"csrf_token": csrf_token_in(detail)}
    )
    assert forced.status_code == 200
    assert _round(session, 2026).phase is RoundPhase.DRAFT


def test_closing_nominations_early_needs_the_box_ticked(admin_client, session) -> None:
    round_ = make_round(
        session, 2026, phase=RoundPhase.NOMINATING, nomination_deadline=datetime.now(UTC) + timedelta(days=3)
    )
    session.commit()
    url = f"/admin/rounds/{round_.id}/advance"
    refused = admin_client.submit(url, {})
    assert refused.status_code == 200
    assert "Please confirm that you want to go ahead despite the warnings." in refused.get_data(as_text=True)
    assert _round(session, 2026).phase is RoundPhase.NOMINATING
    accepted = admin_client.submit(url, {"confirm_warnings": "y"})
    assert accepted.status_code == 302
    assert _round(session, 2026).phase is RoundPhase.REVIEWING


def test_a_running_deadline_can_only_be_extended(admin_client, session) -> None:
    deadline = datetime(2030, 1, 31, 22, 59, tzinfo=UTC)
    round_ = make_round(session, 2026, phase=RoundPhase.NOMINATING, nomination_deadline=deadline)
    session.commit()
    url = f"/admin/rounds/{round_.id}/deadlines"
    earlier = admin_client.submit(url, {"new_deadline": "2030-01-15T12:00"})
    assert earlier.status_code == 200
    assert "An extension must be later than the current deadline." in earlier.get_data(as_text=True)
    later = admin_client.submit(url, {"new_deadline": "2030-02-28T23:59"})
    assert later.status_code == 302
    assert _round(session, 2026).nomination_deadline == datetime(2030, 2, 28, 22, 59, tzinfo=UTC)
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "round:deadline:extend")).one()
    assert event.details["after"] == {"nomination_deadline": "2030-02-28T22:59:00+00:00"}
