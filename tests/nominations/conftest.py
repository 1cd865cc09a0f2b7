"""Shared pieces of the nomination web tests: a running round, its people, and form helpers.

The attachment store is pointed at a temporary directory for each test that asks for
``attachment_dir``, so that tests can count the files a request left behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.nominations.models import Attachment, Nomination
from evaluator.rounds.models import RoundPhase
from tests.support.factories import PASSWORD, make_round, make_unit, make_user
from tests.support.web import WebClient

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 64
)
COORDINATOR = "cora@example.org"
SECOND_COORDINATOR = "carl@example.org"
OTHER_COORDINATOR = "otto@example.org"  # coordinates the other unit only
ADMIN = "ada@example.org"
MEMBER = "mia@example.org"
CHAIR = "chris@example.org"


def pdf_of_size(size: int) -> bytes:
    """A PDF-shaped file of exactly *size* bytes: header, padding, end-of-file marker."""
    head, tail = b"%PDF-1.7\n", b"\n%%EOF\n"
    return head + b"0" * (size - len(head) - len(tail)) + tail


@dataclass(frozen=True)
class World:
    """A nominating round with two categories, two units and their people (ids only)."""

    round_id: int
    category_ids: tuple[int, int]
    unit_id: int
    unit_name: str
    other_unit_id: int
    coordinator_id: int


@pytest.fixture()
def attachment_dir(app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """Attachments of this test go to a directory of its own (restored afterwards)."""
    directory = tmp_path / "attachments"
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(directory))
    return directory


@pytest.fixture()
def world(session, attachment_dir: Path) -> World:  # type: ignore[no-untyped-def]
    unit = make_unit(session, "Institute of Hydrology")
    other = make_unit(session, "Institute of Geodesy")
    coordinator = make_user(
        session, Role.COORDINATOR, email=COORDINATOR, name="Cora Coordinator", units=[unit]
    )
    make_user(session, Role.COORDINATOR, email=SECOND_COORDINATOR, name="Carl Coordinator", units=[unit])
    make_user(session, Role.COORDINATOR, email=OTHER_COORDINATOR, name="Otto Other", units=[other])
    make_user(session, Role.ADMIN, email=ADMIN, name="Ada Admin")
    make_user(session, Role.MEMBER, email=MEMBER, name="Mia Member")
    make_user(session, Role.CHAIR, email=CHAIR, name="Chris Chair")
    round_ = make_round(
        session,
        2026,
        phase=RoundPhase.NOMINATING,
        nomination_deadline=datetime.now(UTC) + timedelta(days=30),
        categories=2,
    )
    world = World(
        round_id=round_.id,
        category_ids=(round_.categories[0].id, round_.categories[1].id),
        unit_id=unit.id,
        unit_name=unit.name,
        other_unit_id=other.id,
        coordinator_id=coordinator.id,
    )
    session.commit()
    return world


def logged_in(client: WebClient, email: str) -> WebClient:
    response = client.login(email, PASSWORD)
    assert response.status_code == 302, f"{email} could not log in"
    return client


def form_data(world: World, **overrides: Any) -> dict[str, Any]:
    """Everything a coordinator fills in for a complete nomination, as the form posts it."""
    data: dict[str, Any] = {
        "title": "Dresden–Trento Water Partnership",
        "category": str(world.category_ids[1]),
        "org_unit": str(world.unit_id),
        "summary": "Joint research and exchange on alpine water resources.",
        "description": "Field sites and **doctoral supervision**, shared since 2015.",
        "partners-0-institution": "University of Trento",
        "partners-0-country": "Italy",
        "partners-1-institution": "University of Innsbruck",
        "partners-1-country": "Austria",
        "start_year": "2015",
        "exchanged_students": "42",
        "exchanged_staff": "7",
        "joint_degree_programmes": "1",
        "joint_publications": "23",
        "joint_events": "5",
        "contacts-0-name": "Ada Example",
        "contacts-0-role": "Professor of Hydrology",
        "contacts-0-email": "ada@example.org",
        "contacts-0-phone": "+49 351 463-0",
        "website": "https://water.example.org/",
        "head_support_confirmed": "y",
        "save": "Save draft",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    if not match:
        raise AssertionError(f"no {name} on the page")
    return match.group(1)


def any_csrf_token(html: str) -> str:
    """The CSRF token of a page, whatever the prefix of the form that carries it."""
    match = re.search(r'name="(?:[\w-]+-)?csrf_token"[^>]*value="([^"]+)"', html)
    if not match:
        raise AssertionError("no CSRF token on the page")
    return match.group(1)


def edit_page(client: WebClient, nomination_id: int) -> dict[str, str]:
    """Open the edit form; return the hidden values a browser would post back."""
    page = client.get(f"/nominations/{nomination_id}/edit")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return {"csrf_token": hidden_value(html, "csrf_token"), "version": hidden_value(html, "version")}


def nomination_ids(session) -> list[int]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(session.scalars(sa.select(Nomination.id).order_by(Nomination.id)))


def only_nomination(session) -> Nomination:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalars(sa.select(Nomination)).one()


def stored_counts(session, directory: Path) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Nominations, attachment rows and attachment files: what a refused request must not change."""
    session.expire_all()
    files = [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []
    return (
        session.scalar(sa.select(sa.func.count(Nomination.id))),
        session.scalar(sa.select(sa.func.count(Attachment.id))),
        len(files),
    )
