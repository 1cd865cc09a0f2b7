"""Who may see and change nominations through the web: refusals that reveal nothing.

A coordinator sees only their own units' nominations (anything else is "not found"), members
and chairs have no nomination pages at all, anonymous visitors are sent to log in, admins see
everything, and nothing of a nomination is public.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from evaluator.accounts.models import User
from evaluator.nominations.attachments import add_attachment
from evaluator.nominations.models import Nomination, NominationState
from evaluator.nominations.storage import store_for
from evaluator.orgunits.models import OrgUnit
from evaluator.rounds.models import Round
from tests.nominations.conftest import (
    ADMIN,
    CHAIR,
    COORDINATOR,
    MEMBER,
    MINIMAL_PDF,
    World,
    any_csrf_token,
    form_data,
    logged_in,
    stored_counts,
)
from tests.support.factories import make_initiative, make_nomination

SECRET_TITLE = "Confidential Hydrology Exchange"


@dataclass(frozen=True)
class Stored:
    """One nomination of each unit, each with one attachment (the bytes really stored)."""

    own_id: int
    own_attachment_id: int
    foreign_id: int
    foreign_attachment_id: int
    foreign_initiative_id: int


@pytest.fixture()
def stored(app, session, world: World) -> Stored:  # type: ignore[no-untyped-def]
    round_ = session.get(Round, world.round_id)
    own_unit, foreign_unit = session.get(OrgUnit, world.unit_id), session.get(OrgUnit, world.other_unit_id)
    own = make_nomination(session, round_, make_initiative(session, own_unit, "Our own initiative"))
    foreign_initiative = make_initiative(session, foreign_unit, SECRET_TITLE)
    foreign = make_nomination(
        session, round_, foreign_initiative, partners=[("University of Trento", "Italy")]
    )
    store = store_for(app)
    attachments = [
        add_attachment(
            session,
            nomination,
            actor=session.get(User, world.coordinator_id),
            filename=name,
            data=MINIMAL_PDF,
            store=store,
        )
        for nomination, name in ((own, "own.pdf"), (foreign, "secret.pdf"))
    ]
    result = Stored(own.id, attachments[0].id, foreign.id, attachments[1].id, foreign_initiative.id)
    session.commit()
    return result


def _assert_reveals_nothing(response, status: int) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    body = response.get_data(as_text=True)
    assert SECRET_TITLE not in body
    assert "secret.pdf" not in body
    assert MINIMAL_PDF.decode() not in body


# A coordinator of another unit


@pytest.mark.parametrize(
    "path",
    [
        "/nominations/{id}",
        "/nominations/{id}/edit",
        "/nominations/{id}/attachments/{attachment}",
    ],
)
def test_a_coordinator_of_another_unit_gets_not_found_for_the_pages(
    client, stored: Stored, path: str
) -> None:
    coordinator = logged_in(client, COORDINATOR)

    response = coordinator.get(path.format(id=stored.foreign_id, attachment=stored.foreign_attachment_id))

    _assert_reveals_nothing(response, 404)


@pytest.mark.parametrize(
    "path",
    [
        "/nominations/{id}/submit",
        "/nominations/{id}/withdraw",
        "/nominations/{id}/redraft",
        "/nominations/{id}/edit",
        "/nominations/{id}/attachments/{attachment}/delete",
    ],
)
def test_a_coordinator_of_another_unit_gets_not_found_for_the_actions_and_changes_nothing(
    client, session, world: World, attachment_dir: Path, stored: Stored, path: str
) -> None:
    coordinator = logged_in(client, COORDINATOR)
    token = any_csrf_token(coordinator.text("/nominations/"))
    before = stored_counts(session, attachment_dir)

    response = coordinator.post(
        path.format(id=stored.foreign_id, attachment=stored.foreign_attachment_id),
        data={**form_data(world, title="Taken over", org_unit=str(world.unit_id)), "csrf_token": token},
    )

    _assert_reveals_nothing(response, 404)
    assert stored_counts(session, attachment_dir) == before
    foreign = session.get(Nomination, stored.foreign_id)
    assert foreign.title == SECRET_TITLE
    assert foreign.state is NominationState.SUBMITTED


def test_a_coordinator_cannot_renominate_another_units_initiative(client, stored: Stored) -> None:
    coordinator = logged_in(client, COORDINATOR)

    response = coordinator.get(f"/nominations/new?renominate={stored.foreign_initiative_id}")

    _assert_reveals_nothing(response, 404)


def test_a_coordinator_cannot_nominate_for_a_unit_they_do_not_coordinate(
    client, session, world: World, attachment_dir: Path
) -> None:
    coordinator = logged_in(client, COORDINATOR)
    page = coordinator.text("/nominations/new")
    assert "Institute of Geodesy" not in page  # the other unit is not offered

    response = coordinator.submit("/nominations/new", form_data(world, org_unit=str(world.other_unit_id)))

    assert response.status_code == 200
    assert 'id="org_unit-error"' in response.get_data(as_text=True)
    assert stored_counts(session, attachment_dir) == (0, 0, 0)


def test_the_list_shows_only_the_coordinators_own_units(client, stored: Stored) -> None:
    coordinator = logged_in(client, COORDINATOR)

    listing = coordinator.text("/nominations/")

    assert "Our own initiative" in listing
    assert SECRET_TITLE not in listing


def test_an_attachment_of_another_nomination_is_not_found_under_this_one(
    client, session, attachment_dir: Path, stored: Stored
) -> None:
    """Even a coordinator who may see both nominations cannot mix their ids."""
    other_own = make_nomination(
        session,
        session.get(Round, session.get(Nomination, stored.own_id).round_id),
        make_initiative(session, session.get(Nomination, stored.own_id).org_unit, "A second initiative"),
        state=NominationState.DRAFT,
    )
    other_own_id = other_own.id
    session.commit()
    coordinator = logged_in(client, COORDINATOR)
    token = any_csrf_token(coordinator.text("/nominations/"))
    url = f"/nominations/{other_own_id}/attachments/{stored.own_attachment_id}"
    before = stored_counts(session, attachment_dir)

    assert coordinator.get(url).status_code == 404
    assert coordinator.post(f"{url}/delete", data={"csrf_token": token}).status_code == 404
    assert (
        coordinator.get(
            f"/nominations/{stored.own_id}/attachments/{stored.foreign_attachment_id}"
        ).status_code
        == 404
    )
    assert stored_counts(session, attachment_dir) == before
    # Under its own nomination the same attachment is there.
    assert (
        coordinator.get(f"/nominations/{stored.own_id}/attachments/{stored.own_attachment_id}").data
        == MINIMAL_PDF
    )


# Members, chairs, anonymous visitors, admins


@pytest.mark.parametrize("email", [MEMBER, CHAIR])
def test_members_and_chairs_have_no_nomination_pages(
    client, world: World, stored: Stored, email: str
) -> None:
    person = logged_in(client, email)

    _assert_reveals_nothing(person.get("/nominations/"), 403)
    _assert_reveals_nothing(person.get("/nominations/new"), 403)
    _assert_reveals_nothing(person.get(f"/nominations/{stored.foreign_id}"), 404)
    _assert_reveals_nothing(person.get(f"/nominations/{stored.foreign_id}/edit"), 404)
    _assert_reveals_nothing(
        person.get(f"/nominations/{stored.foreign_id}/attachments/{stored.foreign_attachment_id}"), 404
    )
    _assert_reveals_nothing(person.get(f"/admin/rounds/{world.round_id}/nominations/"), 403)
    assert 'href="/nominations/"' not in person.text("/dashboard")  # no menu entry either


@pytest.mark.parametrize(
    "path",
    [
        "/nominations/",
        "/nominations/new",
        "/nominations/{id}",
        "/nominations/{id}/edit",
        "/nominations/{id}/attachments/{attachment}",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, stored: Stored, path: str) -> None:
    response = client.get(path.format(id=stored.foreign_id, attachment=stored.foreign_attachment_id))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    _assert_reveals_nothing(response, 302)


def test_an_anonymous_post_changes_nothing(client, session, stored: Stored) -> None:
    token = any_csrf_token(client.text("/login"))

    response = client.post(f"/nominations/{stored.foreign_id}/withdraw", data={"csrf_token": token})

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    session.expire_all()
    assert session.get(Nomination, stored.foreign_id).state is NominationState.SUBMITTED


def test_admins_see_every_nomination_and_the_eligibility_list(client, stored: Stored, world: World) -> None:
    admin = logged_in(client, ADMIN)

    page = admin.get(f"/nominations/{stored.foreign_id}")
    assert page.status_code == 200
    assert SECRET_TITLE in page.get_data(as_text=True)
    assert admin.get(f"/nominations/{stored.own_id}").status_code == 200
    download = admin.get(f"/nominations/{stored.foreign_id}/attachments/{stored.foreign_attachment_id}")
    assert download.status_code == 200
    assert download.data == MINIMAL_PDF
    eligibility = admin.get(f"/admin/rounds/{world.round_id}/nominations/")
    assert eligibility.status_code == 200
    assert SECRET_TITLE in eligibility.get_data(as_text=True)  # submitted: listed for the check
    assert "Our own initiative" in eligibility.get_data(as_text=True)


def test_admins_do_not_edit_nominations(client, session, stored: Stored, world: World) -> None:
    admin = logged_in(client, ADMIN)

    assert admin.get(f"/nominations/{stored.foreign_id}/edit").status_code == 403
    token = any_csrf_token(admin.text(f"/nominations/{stored.foreign_id}"))
    assert (
        admin.post(f"/nominations/{stored.foreign_id}/withdraw", data={"csrf_token": token}).status_code
        == 403
    )
    session.expire_all()
    assert session.get(Nomination, stored.foreign_id).state is NominationState.SUBMITTED


@pytest.mark.parametrize("path", ["/lighthouses", "/rounds", "/api/v1/lighthouses", "/"])
def test_nothing_of_a_nomination_is_public(client, stored: Stored, path: str) -> None:
    response = client.get(path, follow_redirects=True)

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert SECRET_TITLE not in body
    assert "Our own initiative" not in body
    assert "University of Trento" not in body
    if path.startswith("/api/"):
        assert response.json == []


def test_an_initiative_that_was_only_nominated_has_no_public_profile(client, stored: Stored) -> None:
    _assert_reveals_nothing(client.get(f"/initiatives/{stored.foreign_initiative_id}"), 404)
