"""HTTP caching of the public pages and the API: ETags from the answer itself, 304 on a match,
never a shared copy of anything personal, and nothing unpublished in what is cached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.core.clock import frozen_at
from evaluator.publication.models import Award
from evaluator.rounds.models import RoundPhase
from evaluator.voting.models import Decision, Outcome
from tests.support.factories import (
    PASSWORD,
    make_award,
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)
from tests.support.web import csrf_token_in

P2024 = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)
P2025 = datetime(2025, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture()
def published(session):  # type: ignore[no-untyped-def]
    """The 2024 round, published with one lighthouse, and a running 2026 round."""
    unit = make_unit(session, "Institute of Hydrology")
    r2024 = make_round(session, 2024, phase=RoundPhase.PUBLISHED, published_at=P2024)
    running = make_round(session, 2026, phase=RoundPhase.DECIDING)
    initiative = make_initiative(session, unit, "Water Partnership with Kyoto")
    make_award(session, r2024, initiative)
    session.commit()
    return {"unit": unit, "initiative": initiative, "round": r2024, "running": running}


def _public_pages(published) -> list[str]:  # type: ignore[no-untyped-def]
    return ["/lighthouses", "/rounds", "/rounds/2024", f"/initiatives/{published['initiative'].id}"]


def _etag(response) -> str:  # type: ignore[no-untyped-def]
    value = response.headers.get("ETag")
    assert value, "the answer has an ETag"
    return value


def _publish_another_lighthouse(session, published) -> None:  # type: ignore[no-untyped-def]
    r2025 = make_round(session, 2025, phase=RoundPhase.PUBLISHED, published_at=P2025)
    for award in session.scalars(sa.select(Award)):
        award.valid_until = P2025
    make_award(session, r2025, published["initiative"])
    make_award(session, r2025, make_initiative(session, published["unit"], "Summer School in Chile"))
    session.commit()


# -- The API --------------------------------------------------------------------------------------


def test_the_api_may_be_kept_by_any_cache_for_a_minute(client, published) -> None:
    response = client.get("/api/v1/lighthouses")
    assert response.status_code == 200
    _etag(response)
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response.headers


def test_the_api_answers_304_with_an_empty_body_to_the_list_the_caller_already_has(client, published) -> None:
    first = client.get("/api/v1/lighthouses")
    again = client.get("/api/v1/lighthouses", headers={"If-None-Match": _etag(first)})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert _etag(again) == _etag(first)


def test_a_new_publication_gives_the_api_a_new_etag_and_the_caller_the_new_list(
    client, session, published
) -> None:
    before = client.get("/api/v1/lighthouses")
    _publish_another_lighthouse(session, published)
    after = client.get("/api/v1/lighthouses", headers={"If-None-Match": _etag(before)})
    assert after.status_code == 200
    assert _etag(after) != _etag(before)
    assert sorted(item["title"] for item in after.get_json()) == [
        "Summer School in Chile",
        "Water Partnership with Kyoto",
    ]


def test_an_api_date_that_cannot_be_read_is_not_cached(client, published) -> None:
    response = client.get("/api/v1/lighthouses?on=yesterday", headers={"If-None-Match": "*"})
    assert response.status_code == 400
    assert "ETag" not in response.headers


# -- The pages --------------------------------------------------------------------------------------


def test_every_public_page_answers_304_with_an_empty_body_to_its_own_etag(client, published) -> None:
    for url in _public_pages(published):
        first = client.get(url)
        assert first.status_code == 200, url
        again = client.get(url, headers={"If-None-Match": _etag(first)})
        assert again.status_code == 304, url
        assert again.get_data() == b"", url


def test_public_pages_are_kept_by_the_browser_only_and_checked_every_time(client, published) -> None:
    for url in _public_pages(published):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "private, no-cache", url
        assert {"Cookie", "Accept-Language"} <= set(response.vary), url


def test_a_new_award_changes_the_etag_of_the_lighthouses_page(client, session, published) -> None:
    before = client.get("/lighthouses")
    _publish_another_lighthouse(session, published)
    after = client.get("/lighthouses", headers={"If-None-Match": _etag(before)})
    assert after.status_code == 200
    assert _etag(after) != _etag(before)
    assert "Summer School in Chile" in after.get_data(as_text=True)


def test_a_logged_in_persons_page_is_never_public_nor_taken_for_the_anonymous_one(
    client, new_client, session, published
) -> None:
    make_user(session, Role.MEMBER, email="mia@example.org", name="Mia Member")
    session.commit()
    anonymous = client.get("/lighthouses")
    member = new_client()
    assert member.login("mia@example.org", PASSWORD).status_code == 302
    personal = member.get("/lighthouses", headers={"If-None-Match": _etag(anonymous)})
    assert personal.status_code == 200
    assert "Mia Member" in personal.get_data(as_text=True)
    assert "public" not in personal.headers["Cache-Control"]
    assert "private" in personal.headers["Cache-Control"]
    assert _etag(personal) != _etag(anonymous)


def test_the_etag_differs_by_language(client, published) -> None:
    english = client.get("/lighthouses", headers={"Accept-Language": "en"})
    german = client.get("/lighthouses", headers={"Accept-Language": "de", "If-None-Match": _etag(english)})
    assert german.status_code == 200
    assert _etag(german) != _etag(english)


def test_a_page_kept_from_an_earlier_session_is_sent_again_with_a_form_token_that_works(
    client, session, published
) -> None:
    make_user(session, Role.MEMBER, email="mia@example.org")
    session.commit()
    kept = client.get("/lighthouses")
    assert client.login("mia@example.org", PASSWORD).status_code == 302
    assert client.logout().status_code == 302
    client.get("/lighthouses")  # shows "You have logged out." once; the next page is as before
    fresh = client.get("/lighthouses", headers={"If-None-Match": _etag(kept)})
    assert fresh.status_code == 200
    switch = {"language": "de", "next": "/lighthouses"}
    stale = client.post(
        "/language", data={**switch, "csrf_token": csrf_token_in(kept.get_data(as_text=True))}
    )
    assert stale.status_code == 400  # the kept page's form would no longer have worked
    working = client.post(
        "/language", data={**switch, "csrf_token": csrf_token_in(fresh.get_data(as_text=True))}
    )
    assert working.status_code == 302


def test_a_kept_page_is_sent_again_before_its_form_token_grows_old(client, published) -> None:
    start = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with frozen_at(start):
        kept = client.get("/lighthouses")
    with frozen_at(start + timedelta(minutes=20)):
        assert client.get("/lighthouses", headers={"If-None-Match": _etag(kept)}).status_code == 304
    with frozen_at(start + timedelta(hours=2)):
        assert client.get("/lighthouses", headers={"If-None-Match": _etag(kept)}).status_code == 200


# -- Nothing unpublished ----------------------------------------------------------------------------


def test_an_unpublished_round_is_not_found_whatever_the_browser_claims_to_have(client, published) -> None:
    for claim in ("*", '"anything"', 'W/"anything"'):
        response = client.get("/rounds/2026", headers={"If-None-Match": claim})
        assert response.status_code == 404
        assert "ETag" not in response.headers


def test_a_decision_before_publication_changes_no_public_etag(client, session, published) -> None:
    before = {url: _etag(client.get(url)) for url in ("/api/v1/lighthouses", "/lighthouses", "/rounds")}
    nomination = make_nomination(
        session, published["running"], make_initiative(session, published["unit"], "Secret Candidate")
    )
    session.add(Decision(nomination=nomination, outcome=Outcome.AWARDED, decided_at=P2025))
    session.commit()
    for url, etag in before.items():
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304, url
