"""Publishing through the admin page, what the public sees before and after, and the timelines.

The 2021 round is published with two lighthouses: "Dresden Hydrology Alliance" (renominated in
2026 as "Hydrology Exchange" and awarded again: renewed) and "Old Lapsed Programme" (renominated
as "Lapsed Programme, Second Try" and not awarded: lapsed). In 2026 "Geodesy Network" is awarded
for the first time (new) and "Rejected Newcomer" is not. The clock stands still at NOW, so the
publication time is known. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from evaluator.audit.models import AuditEvent
from evaluator.core.clock import frozen_at
from evaluator.nominations.models import Eligibility, Nomination
from evaluator.publication.models import Award
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Outcome, VoteChoice
from tests.support.commission import (
    ADMIN,
    CHAIR,
    CONNY,
    CORA,
    MAX,
    MIA,
    Commission,
    build_commission,
    count,
    decide,
    logged_in,
    score,
    set_phase,
    vote,
)
from tests.support.factories import make_award, make_initiative, make_nomination, make_round
from tests.support.web import WebClient

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
PUBLISHED_2021 = datetime(2021, 11, 15, 9, 0, tzinfo=UTC)

OLD_HYDRO_TITLE = "Dresden Hydrology Alliance"  # the 2021 nomination of the Hydrology initiative
LAPSED_TITLE = "Old Lapsed Programme"
LAPSED_2026_TITLE = "Lapsed Programme, Second Try"
REJECTED_TITLE = "Rejected Newcomer"
NEW_TITLES = ("Hydrology Exchange", "Geodesy Network")  # awarded in 2026
COMMENTS = ("COMMENT-ON-HYDRO", "COMMENT-ON-GEO", "COMMENT-ON-REJECTED", "COMMENT-ON-SECOND-TRY")
RATIONALES = ("RATIONALE-HYDRO", "RATIONALE-GEO", "RATIONALE-REJECTED", "RATIONALE-SECOND-TRY")
FEEDBACKS = ("FEEDBACK-HYDRO", "FEEDBACK-GEO", "FEEDBACK-REJECTED", "FEEDBACK-SECOND-TRY")
MEMBER_NAMES = ("Mia Member", "Max Member", "Chris Chair", "Conny Conflicted")
# Nothing of the 2026 round's work may ever reach a public page; the unawarded titles neither.
NEVER_PUBLIC = (*COMMENTS, *RATIONALES, *FEEDBACKS, *MEMBER_NAMES, REJECTED_TITLE, LAPSED_2026_TITLE)


@dataclass(frozen=True)
class World:
    c: Commission
    old_round_id: int
    lapsed_initiative_id: int
    lapsed_2026_id: int
    rejected_initiative_id: int
    rejected_id: int

    @property
    def publish_url(self) -> str:
        return f"/admin/rounds/{self.c.round_id}/publish"


@pytest.fixture(autouse=True)
def _still_clock() -> Iterator[None]:
    with frozen_at(NOW):
        yield


@pytest.fixture()
def world(app, session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:  # type: ignore[no-untyped-def]
    """The 2021 lighthouses, and the 2026 round decided (not yet published)."""
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(tmp_path / "attachments"))
    c = build_commission(session, app)
    round_2026 = session.get(Round, c.round_id)
    hydro = session.get(Nomination, c.hydro_id)
    geo = session.get(Nomination, c.geo_id)
    old = make_round(session, 2021, phase=RoundPhase.PUBLISHED, published_at=PUBLISHED_2021)
    make_award(session, old, hydro.initiative, title=OLD_HYDRO_TITLE)
    lapsed = make_initiative(session, geo.org_unit, LAPSED_TITLE)
    make_award(session, old, lapsed)
    lapsed_2026 = make_nomination(
        session, round_2026, lapsed, title=LAPSED_2026_TITLE, eligibility=Eligibility.ELIGIBLE
    )
    rejected = make_initiative(session, geo.org_unit, REJECTED_TITLE)
    rejected_2026 = make_nomination(session, round_2026, rejected, eligibility=Eligibility.ELIGIBLE)
    session.commit()
    w = World(c, old.id, lapsed.id, lapsed_2026.id, rejected.id, rejected_2026.id)

    nominations = (c.hydro_id, c.geo_id, w.rejected_id, w.lapsed_2026_id)
    for nomination_id, comment in zip(nominations, COMMENTS, strict=True):
        score(session, c, MIA, nomination_id, 4, 3, 2, 1, comment=comment)
        score(session, c, MAX, nomination_id, 1, 2, 3, 4, comment=comment + "-MAX")
    set_phase(session, c, RoundPhase.VOTING)
    for nomination_id, choice in zip(
        nominations,
        (VoteChoice.AWARD, VoteChoice.AWARD, VoteChoice.DO_NOT_AWARD, VoteChoice.DO_NOT_AWARD),
        strict=True,
    ):
        for email in (MIA, MAX, CHAIR):
            vote(session, c, email, nomination_id, choice)
    set_phase(session, c, RoundPhase.DECIDING)
    outcomes = (Outcome.AWARDED, Outcome.AWARDED, Outcome.NOT_AWARDED, Outcome.NOT_AWARDED)
    for nomination_id, outcome, rationale, feedback in zip(
        nominations, outcomes, RATIONALES, FEEDBACKS, strict=True
    ):
        decide(session, c, nomination_id, outcome, rationale=rationale, feedback=feedback)
    return w


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section[^>]*\b(?:id|aria-labelledby)="{section_id}".*?</section>', html, re.DOTALL)
    assert match, f"no section {section_id}"
    return match.group(0)


def _public_pages(client: WebClient, w: World, *extra: str) -> dict[str, str]:
    """Every public page that could show something of a round, by URL (all answered 200 or 404)."""
    urls = [
        "/lighthouses",
        "/rounds",
        "/rounds/2021",
        "/rounds/2026",
        "/api/v1/lighthouses",
        *(f"/initiatives/{i}" for i in _initiative_ids(w)),
        *extra,
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        pages[url] = response.get_data(as_text=True)
    return pages


def _initiative_ids(w: World) -> tuple[int, ...]:
    return (w.c.hydro_initiative_id, w.c.geo_initiative_id, w.lapsed_initiative_id, w.rejected_initiative_id)


def _api(client: WebClient, query: str = "") -> dict[int, dict]:  # type: ignore[type-arg]
    response = client.get(f"/api/v1/lighthouses{query}")
    assert response.status_code == 200
    return {item["id"]: item for item in json.loads(response.get_data(as_text=True))}


def _card_titles(html: str) -> set[str]:
    return set(re.findall(r'<h3 class="h5 card-title"><a [^>]*>([^<]+)</a></h3>', html))


def _awards(session) -> set[tuple[int, int, datetime, datetime | None]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return {
        (a.initiative_id, a.round_id, a.valid_from, a.valid_until) for a in session.scalars(sa.select(Award))
    }


# -- The publish page ------------------------------------------------------------------------------


def test_the_publish_page_shows_what_publishing_will_change(client, admin_client_world) -> None:  # type: ignore[no-untyped-def]
    admin, w = admin_client_world

    html = admin.text(w.publish_url)

    assert "Geodesy Network" in _section(html, "new")
    assert "Hydrology Exchange" in _section(html, "renewed")  # the initiative's current name
    assert LAPSED_TITLE in _section(html, "lapsed")
    for section, others in (("new", ("Hydrology", LAPSED_TITLE)), ("lapsed", ("Geodesy", "Hydrology"))):
        for title in others:
            assert title not in _section(html, section)
    assert REJECTED_TITLE not in html
    assert 'id="blockers"' not in html
    assert re.search(r'id="publish">\s*Publish 2 lighthouses', html)


@pytest.fixture()
def admin_client_world(session, client, world: World) -> tuple[WebClient, World]:  # type: ignore[no-untyped-def]
    return logged_in(client, ADMIN), world


def test_publishing_creates_the_awards_once_and_a_second_post_changes_nothing(
    session, admin_client_world
) -> None:  # type: ignore[no-untyped-def]
    admin, w = admin_client_world
    page = w.publish_url

    response = admin.submit(page, {})

    assert response.status_code == 302
    assert response.headers["Location"] == "/rounds/2026"
    assert "has been published" in admin.text("/rounds/2026")
    round_ = session.get(Round, w.c.round_id)
    session.refresh(round_)
    assert (round_.phase, round_.published_at) == (RoundPhase.PUBLISHED, NOW)
    awards = _awards(session)
    assert awards == {
        (w.c.hydro_initiative_id, w.old_round_id, PUBLISHED_2021, NOW),
        (w.lapsed_initiative_id, w.old_round_id, PUBLISHED_2021, NOW),
        (w.c.hydro_initiative_id, w.c.round_id, NOW, None),
        (w.c.geo_initiative_id, w.c.round_id, NOW, None),
    }
    assert count(session, AuditEvent, AuditEvent.action == "round:publish") == 1
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "round:publish"))
    assert event.details["after"]["new"] == [w.c.geo_initiative_id]
    assert event.details["after"]["renewed"] == [w.c.hydro_initiative_id]
    assert event.details["after"]["lapsed"] == [w.lapsed_initiative_id]

    published = admin.text(page)
    assert "Published on" in published and 'id="publish"' not in published
    again = admin.submit(page, {})

    assert again.status_code == 302
    assert "already been published; nothing has changed" in admin.text("/rounds/2026")
    assert _awards(session) == awards
    assert count(session, AuditEvent, AuditEvent.action == "round:publish") == 1
    session.refresh(round_)
    assert round_.published_at == NOW


def test_a_round_with_an_open_decision_cannot_be_published(session, admin_client_world) -> None:  # type: ignore[no-untyped-def]
    admin, w = admin_client_world
    session.execute(sa.text("DELETE FROM decisions WHERE nomination_id = :id"), {"id": w.rejected_id})
    session.commit()

    html = admin.text(w.publish_url)
    response = admin.submit(w.publish_url, {})

    assert 'id="blockers"' in html and 'id="publish"' not in html
    assert response.status_code == 200
    assert count(session, Award, Award.round_id == w.c.round_id) == 0
    assert session.get(Round, w.c.round_id).phase is RoundPhase.DECIDING


def test_the_publish_page_is_for_admins_only_and_only_from_deciding(
    session, new_client, world: World
) -> None:
    for email in (MIA, CHAIR, CORA):
        person = logged_in(new_client(), email)
        assert person.get(world.publish_url).status_code == 403, email
        assert person.submit("/dashboard", {}, action=world.publish_url).status_code == 403, email
    assert count(session, Award, Award.round_id == world.c.round_id) == 0
    set_phase(session, world.c, RoundPhase.VOTING)
    assert logged_in(new_client(), ADMIN).get(world.publish_url).status_code == 404


# -- What the public sees --------------------------------------------------------------------------


def test_before_publication_nothing_of_the_round_is_public(session, new_client, world: World) -> None:
    w = world
    public = new_client()
    # A logged-in coordinator sees the same public pages.
    for visitor in (public, logged_in(new_client(), CORA)):
        pages = _public_pages(visitor, w)
        for url, body in pages.items():
            for secret in NEVER_PUBLIC:
                assert secret not in body, (url, secret)
            assert "Geodesy Network" not in body, url
            assert "2026" not in body or url == "/rounds/2026", url

        assert _card_titles(pages["/lighthouses"]) == {OLD_HYDRO_TITLE, LAPSED_TITLE}
        assert set(_api(visitor)) == {w.c.hydro_initiative_id, w.lapsed_initiative_id}
        assert {i["title"] for i in _api(visitor).values()} == {OLD_HYDRO_TITLE, LAPSED_TITLE}
        assert visitor.get("/rounds/2026").status_code == 404
        assert "2021 selection" in pages["/rounds"]
        assert visitor.get(f"/initiatives/{w.c.geo_initiative_id}").status_code == 404
        assert visitor.get(f"/initiatives/{w.rejected_initiative_id}").status_code == 404
        hydro = pages[f"/initiatives/{w.c.hydro_initiative_id}"]
        assert OLD_HYDRO_TITLE in hydro and "Hydrology Exchange" not in hydro


def test_after_publication_exactly_the_awarded_ones_are_public(session, new_client, world: World) -> None:
    w = world
    admin = logged_in(new_client(), ADMIN)
    assert admin.submit(w.publish_url, {}).status_code == 302
    public = new_client()

    pages = _public_pages(public, w, "/lighthouses?on=2026-12-01", "/api/v1/lighthouses?on=2026-12-01")

    for url, body in pages.items():
        for secret in NEVER_PUBLIC:
            assert secret not in body, (url, secret)
    assert _card_titles(pages["/lighthouses"]) == set(NEW_TITLES)
    assert _card_titles(pages["/lighthouses?on=2026-12-01"]) == set(NEW_TITLES)
    current = _api(public)
    assert set(current) == {w.c.hydro_initiative_id, w.c.geo_initiative_id}
    assert {i["title"] for i in current.values()} == set(NEW_TITLES)
    # A renewal keeps the original date; a new lighthouse starts with the publication.
    assert current[w.c.hydro_initiative_id]["lighthouse_since"] == PUBLISHED_2021.isoformat()
    assert current[w.c.geo_initiative_id]["lighthouse_since"] == NOW.isoformat()

    results = pages["/rounds/2026"]
    assert all(title in results for title in NEW_TITLES)
    assert LAPSED_TITLE not in results and OLD_HYDRO_TITLE not in results
    assert "2026 selection" in pages["/rounds"] and "2021 selection" in pages["/rounds"]
    assert public.get(f"/initiatives/{w.c.geo_initiative_id}").status_code == 200
    assert public.get(f"/initiatives/{w.rejected_initiative_id}").status_code == 404


def test_a_date_before_the_publication_still_shows_the_previous_lighthouses(
    session, new_client, world: World
) -> None:
    w = world
    admin = logged_in(new_client(), ADMIN)
    assert admin.submit(w.publish_url, {}).status_code == 302
    public = new_client()

    before = public.text("/lighthouses?on=2026-11-30")
    long_ago = public.text("/lighthouses?on=2021-11-14")

    assert _card_titles(before) == {OLD_HYDRO_TITLE, LAPSED_TITLE}
    assert set(_api(public, "?on=2026-11-30")) == {w.c.hydro_initiative_id, w.lapsed_initiative_id}
    assert _card_titles(long_ago) == set()
    assert "There were no lighthouses on this date." in long_ago
    for secret in NEVER_PUBLIC:
        assert secret not in before


# -- Timelines -------------------------------------------------------------------------------------


def test_the_admin_timeline_lists_nominations_decisions_and_periods_across_rounds(
    session, admin_client_world
) -> None:  # type: ignore[no-untyped-def]
    admin, w = admin_client_world
    hydro_url = f"/admin/initiatives/{w.c.hydro_initiative_id}"
    lapsed_url = f"/admin/initiatives/{w.lapsed_initiative_id}"

    index = admin.text("/admin/initiatives/")
    for title in ("Hydrology Exchange", "Geodesy Network", LAPSED_TITLE, REJECTED_TITLE):
        assert title in index
    assert f'href="{hydro_url}"' in index
    hydro = admin.text(hydro_url)
    entries = re.findall(r'<li class="card mb-3">(.*?)</li>', hydro, re.DOTALL)
    assert len(entries) == 2
    assert "2026 selection" in entries[0] and "Hydrology Exchange" in entries[0]
    assert "Decision: awarded" in entries[0] and "(not yet published)" in entries[0]
    assert RATIONALES[0] in entries[0] and FEEDBACKS[0] in entries[0]
    assert "2021 selection" in entries[1] and OLD_HYDRO_TITLE in entries[1]
    assert "Lighthouse from November 15, 2021" in entries[1]
    periods = re.search(r'<ul id="periods">(.*?)</ul>', hydro, re.DOTALL)
    assert periods is not None
    assert "from November 15, 2021" in periods.group(1) and "until today" in periods.group(1)

    assert admin.submit(w.publish_url, {}).status_code == 302

    hydro = admin.text(hydro_url)
    periods = re.search(r'<ul id="periods">(.*?)</ul>', hydro, re.DOTALL)
    assert periods is not None
    assert periods.group(1).count("<li>") == 1  # renewed without a gap: one unbroken period
    assert "from November 15, 2021" in periods.group(1) and "until today" in periods.group(1)
    assert "(not yet published)" not in hydro
    assert "Lighthouse from December 1, 2026" in hydro
    lapsed = admin.text(lapsed_url)
    lapsed_periods = re.search(r'<ul id="periods">(.*?)</ul>', lapsed, re.DOTALL)
    assert lapsed_periods is not None
    assert "from November 15, 2021" in lapsed_periods.group(1)
    assert "until December 1, 2026" in lapsed_periods.group(1)
    assert LAPSED_2026_TITLE in lapsed and "Decision: not awarded" in lapsed
    rejected = admin.text(f"/admin/initiatives/{w.rejected_initiative_id}")
    assert "Never a lighthouse so far." in rejected and "Decision: not awarded" in rejected


def test_the_timeline_is_for_admins_only(session, new_client, world: World) -> None:
    for email in (MIA, CHAIR, CONNY, CORA):
        person = logged_in(new_client(), email)
        for url in ("/admin/initiatives/", f"/admin/initiatives/{world.c.hydro_initiative_id}"):
            response = person.get(url)
            assert response.status_code == 403, (email, url)
            assert RATIONALES[0] not in response.get_data(as_text=True)
    anonymous = new_client().get(f"/admin/initiatives/{world.c.hydro_initiative_id}")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


def test_the_public_profile_shows_awarded_periods_only(session, new_client, world: World) -> None:
    w = world
    assert logged_in(new_client(), ADMIN).submit(w.publish_url, {}).status_code == 302
    public = new_client()

    lapsed = public.text(f"/initiatives/{w.lapsed_initiative_id}")
    hydro = public.text(f"/initiatives/{w.c.hydro_initiative_id}")

    status = _section(lapsed, "status-heading")
    assert "From November 15, 2021 to December 1, 2026" in status
    assert "2021 selection" in status and "2026 selection" not in status
    assert LAPSED_2026_TITLE not in lapsed and "Decision" not in lapsed
    hydro_status = _section(hydro, "status-heading")
    assert "Since November 15, 2021" in hydro_status  # one unbroken period
    assert "2021 selection" in hydro_status and "2026 selection" in hydro_status
    assert "Hydrology Exchange" in hydro  # the profile shows the latest awarded nomination
    for body in (lapsed, hydro):
        for secret in NEVER_PUBLIC:
            assert secret not in body
