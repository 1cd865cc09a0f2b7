"""The dashboard fits the person's roles; the health check reports the database."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from evaluator import create_app
from evaluator.accounts.models import Role
from evaluator.nominations.models import NominationState
from evaluator.rounds.models import RoundPhase
from tests.conftest import base_config
from tests.support.factories import (
    PASSWORD,
    make_award,
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)


def _section(page: str, heading_id: str) -> str:
    """The HTML of the dashboard section labelled by ``heading_id``."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    assert match, f"no section {heading_id}"
    return match.group(1)


def test_a_coordinator_sees_their_units_initiatives_and_nominations_only(client, session) -> None:
    mine = make_unit(session, "Institute of Political Science")
    other = make_unit(session, "Institute of Aerospace Engineering")
    published = make_round(
        session, 2021, phase=RoundPhase.PUBLISHED, published_at=datetime(2021, 11, 15, tzinfo=UTC)
    )
    running = make_round(session, 2026, phase=RoundPhase.NOMINATING)
    make_award(session, published, make_initiative(session, mine, "Partnership with Ústí nad Labem"))
    make_nomination(
        session,
        running,
        make_initiative(session, mine, "Border Region Democracy Lab"),
        state=NominationState.DRAFT,
    )
    make_nomination(session, running, make_initiative(session, other, "Satellite Network"))
    make_user(session, Role.COORDINATOR, email="coord@example.org", units=[mine])
    session.commit()

    client.login("coord@example.org", PASSWORD)
    page = client.text("/dashboard")

    units = _section(page, "units-heading")
    assert "Institute of Political Science" in units
    assert "Border Region Democracy Lab" in units
    # The awarded initiative carries the lighthouse badge right after its title.
    assert re.search(
        r"Partnership with Ústí nad Labem\s*<span class=\"badge[^\"]*\">Lighthouse</span>", units
    )
    assert "Border Region Democracy Lab <span" not in units
    assert "Institute of Aerospace Engineering" not in page
    assert "Satellite Network" not in page


def test_a_member_sees_the_rounds_and_no_unit_section(client, session) -> None:
    make_round(session, 2026, phase=RoundPhase.NOMINATING)
    make_user(session, Role.MEMBER, email="member@example.org")
    session.commit()
    client.login("member@example.org", PASSWORD)
    page = client.text("/dashboard")
    assert "2026 selection" in _section(page, "commission-heading")
    assert 'id="units-heading"' not in page
    assert 'id="admin-heading"' not in page


def test_an_admin_sees_the_administration_section_and_the_users_link(client, session) -> None:
    make_user(session, Role.ADMIN, email="admin@example.org")
    make_user(session, Role.MEMBER)
    session.commit()
    client.login("admin@example.org", PASSWORD)
    page = client.text("/dashboard")
    admin_section = _section(page, "admin-heading")
    assert "2 active users" in admin_section
    assert 'href="/admin/users/"' in admin_section


def test_navigation_fits_the_roles(client, session) -> None:
    make_user(session, Role.COORDINATOR, email="c@example.org", units=[make_unit(session)])
    session.commit()
    anonymous = client.text("/lighthouses")
    assert "Log in" in anonymous and "Dashboard" not in anonymous
    client.login("c@example.org", PASSWORD)
    coordinator = client.text("/lighthouses")
    assert "Dashboard" in coordinator and "Log out" in coordinator
    assert 'href="/admin/users/"' not in coordinator


def test_health_check_answers_ok_when_the_database_answers(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_health_check_answers_503_when_the_database_does_not(tmp_path) -> None:
    app = create_app(base_config(f"sqlite:///{tmp_path}/missing/dir/db.sqlite"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_the_coordinator_dashboard_issues_the_same_number_of_queries_for_1_and_3_nominations(client, session):
    from tests.support.queries import counted_queries

    unit = make_unit(session, "Institute of Political Science")
    published = make_round(
        session, 2021, phase=RoundPhase.PUBLISHED, published_at=datetime(2021, 11, 15, tzinfo=UTC)
    )
    running = make_round(session, 2026, phase=RoundPhase.NOMINATING)
    make_user(session, Role.COORDINATOR, email="coord@example.org", units=[unit])
    session.commit()
    client.login("coord@example.org", PASSWORD)
    counts = []
    for index in range(3):
        make_award(session, published, make_initiative(session, unit, f"Lighthouse {index}"))
        make_nomination(
            session, running, make_initiative(session, unit, f"Draft {index}"), state=NominationState.DRAFT
        )
        session.commit()
        if index in (0, 2):
            with counted_queries() as statements:
                assert client.get("/dashboard").status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1]
