"""Each workflow event writes its mail in its own transaction, to the right people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role
from evaluator.core.clock import frozen_at
from evaluator.mail.models import MailState, OutboxMail
from evaluator.mail.notifications import absolute_url, render_mail
from evaluator.mail.sender import send_queued
from evaluator.nominations import operations as nominations
from evaluator.nominations.models import Nomination, NominationState
from evaluator.publication.operations import publish_round
from evaluator.rounds import operations as rounds
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Outcome
from tests.mail.conftest import SmtpServer, outbox
from tests.support.commission import (
    ADMIN,
    CORA,
    MAX,
    MIA,
    OTTO,
    Commission,
    decide,
    score,
    set_phase,
)
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BASE = "http://127.0.0.1:5000"


@pytest.fixture(autouse=True)
def _still_clock():  # type: ignore[no-untyped-def]
    with frozen_at(NOW):
        yield


def mails_of(session, kind: str) -> dict[str, OutboxMail]:  # type: ignore[no-untyped-def]
    return {m.to_address: m for m in outbox(session) if m.kind == kind}


@pytest.fixture()
def people(session):  # type: ignore[no-untyped-def]
    """Two units with their coordinators (one inactive, one without a unit), a commission and an admin."""
    hydrology = make_unit(session, "Institute of Hydrology")
    geodesy = make_unit(session, "Institute of Geodesy")
    people = {
        "cora": make_user(
            session, Role.COORDINATOR, email="cora@example.org", name="Cora", units=[hydrology]
        ),
        "carl": make_user(
            session, Role.COORDINATOR, email="carl@example.org", name="Carl", units=[hydrology]
        ),
        "otto": make_user(session, Role.COORDINATOR, email="otto@example.org", name="Otto", units=[geodesy]),
        "gone": make_user(
            session, Role.COORDINATOR, email="gone@example.org", name="Gone", units=[geodesy], active=False
        ),
        "mia": make_user(session, Role.MEMBER, email="mia@example.org", name="Mia"),
        "chris": make_user(session, Role.CHAIR, email="chris@example.org", name="Chris"),
        "old": make_user(session, Role.MEMBER, email="old@example.org", name="Old", active=False),
        "ada": make_user(session, Role.ADMIN, email="ada@example.org", name="Ada"),
    }
    people["units"] = (hydrology, geodesy)
    session.commit()
    return people


def test_opening_a_round_tells_every_active_coordinator(session, people) -> None:
    deadline = datetime(2027, 1, 15, 22, 59, tzinfo=UTC)  # 23:59 in Berlin
    round_ = make_round(session, 2027, nomination_deadline=deadline)

    rounds.advance_phase(session, round_, actor=people["ada"])
    session.commit()

    mails = mails_of(session, "round_opened")
    assert set(mails) == {"cora@example.org", "carl@example.org", "otto@example.org"}
    mail = mails["cora@example.org"]
    assert (mail.round_id, mail.state, mail.dedupe_key) == (round_.id, MailState.QUEUED, None)
    assert mail.subject == "Nominations are open: 2027 selection"
    assert mail.body_text.startswith("Dear Cora,\n\nThe 2027 selection is open for nominations.")
    assert "January 15, 2027, 11:59\u202fPM (Berlin time)" in mail.body_text
    assert f"{BASE}/nominations/" in mail.body_text
    assert mail.body_html is None
    assert outbox(session) == list(mails.values())  # the commission is not told


def test_reviewing_and_voting_opened_tell_the_active_commission(session, people) -> None:
    round_ = make_round(
        session,
        2027,
        phase=RoundPhase.NOMINATING,
        nomination_deadline=NOW - timedelta(days=1),
        review_deadline=NOW + timedelta(days=14),
        voting_deadline=NOW + timedelta(days=28),
    )
    rounds.advance_phase(session, round_, actor=people["ada"])
    session.commit()
    reviewing = mails_of(session, "reviewing_opened")
    assert set(reviewing) == {"mia@example.org", "chris@example.org"}
    assert reviewing["mia@example.org"].subject == "The review has begun: 2027 selection"
    assert f"{BASE}/review/" in reviewing["mia@example.org"].body_text
    assert "December 7, 2026" in reviewing["mia@example.org"].body_text

    rounds.advance_phase(session, round_, actor=people["ada"], confirmed_warnings=True)
    session.commit()
    voting = mails_of(session, "voting_opened")
    assert set(voting) == {"mia@example.org", "chris@example.org"}
    assert f"{BASE}/review/rounds/{round_.id}/ballot" in voting["chris@example.org"].body_text
    assert "December 21, 2026" in voting["chris@example.org"].body_text
    assert len(outbox(session)) == 4


def test_closing_voting_tells_no_one(session, people) -> None:
    round_ = make_round(session, 2027, phase=RoundPhase.VOTING)
    rounds.advance_phase(session, round_, actor=people["ada"])
    session.commit()
    assert round_.phase is RoundPhase.DECIDING
    assert outbox(session) == []


def _draft(session, people) -> Nomination:  # type: ignore[no-untyped-def]
    hydrology = people["units"][0]
    round_ = make_round(
        session, 2027, phase=RoundPhase.NOMINATING, nomination_deadline=NOW + timedelta(days=10)
    )
    nomination = make_nomination(
        session,
        round_,
        make_initiative(session, hydrology, "Water Exchange"),
        state=NominationState.DRAFT,
        start_year=2015,
    )
    session.commit()
    return nomination


def test_a_submission_is_receipted_to_the_submitter_and_the_units_coordinators(session, people) -> None:
    nomination = _draft(session, people)
    people["carl"].preferred_language = "de"
    session.commit()

    nominations.submit(session, nomination, actor=people["cora"])
    session.commit()

    mails = mails_of(session, "nomination_received")
    assert set(mails) == {"cora@example.org", "carl@example.org"}  # not Otto of the other unit
    cora = mails["cora@example.org"]
    assert cora.subject == "Nomination received: Water Exchange"
    assert "Cora submitted the nomination “Water Exchange” in the category “Category 1”" in cora.body_text
    assert "on November 23, 2026, 1:00\u202fPM (Berlin time)" in cora.body_text
    assert f"{BASE}/nominations/{nomination.id}\n" in cora.body_text
    # Carl reads German: his mail is rendered in his language, whoever submitted.
    assert "23. November 2026, 13:00" in mails["carl@example.org"].body_text


def test_an_admin_submitting_for_a_unit_gets_the_receipt_too(session, people) -> None:
    nomination = _draft(session, people)
    people["ada"].coordinated_units.append(people["units"][0])
    people["ada"].set_roles({Role.ADMIN, Role.COORDINATOR})
    session.commit()
    nominations.submit(session, nomination, actor=people["ada"])
    session.commit()
    assert set(mails_of(session, "nomination_received")) == {
        "ada@example.org",
        "cora@example.org",
        "carl@example.org",
    }


def test_a_rolled_back_transaction_leaves_no_mail(session, people) -> None:
    nomination = _draft(session, people)
    nominations.submit(session, nomination, actor=people["cora"])
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == 2  # written, not committed
    session.rollback()
    assert outbox(session) == []
    assert session.get(Nomination, nomination.id).state is NominationState.DRAFT


def test_a_rolled_back_phase_change_leaves_no_mail(session, people) -> None:
    round_ = make_round(session, 2028, nomination_deadline=NOW + timedelta(days=30))
    session.commit()
    rounds.advance_phase(session, round_, actor=people["ada"])
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == 3
    session.rollback()
    assert outbox(session) == []
    assert session.get(Round, round_.id).phase is RoundPhase.DRAFT


def test_a_refused_submission_queues_nothing(session, people) -> None:
    nomination = _draft(session, people)
    nomination.summary = ""
    session.commit()
    with pytest.raises(nominations.Incomplete):
        nominations.submit(session, nomination, actor=people["cora"])
    session.rollback()
    assert outbox(session) == []


def _decided(session, commission: Commission) -> None:  # type: ignore[no-untyped-def]
    for email in (MIA, MAX):
        score(session, commission, email, commission.hydro_id, 4, 4, 4, 4)
        score(session, commission, email, commission.geo_id, 3, 3, 3, 3)
    set_phase(session, commission, RoundPhase.DECIDING)
    decide(
        session, commission, commission.hydro_id, Outcome.AWARDED, rationale="Strong.", feedback="Well done."
    )
    decide(
        session, commission, commission.geo_id, Outcome.NOT_AWARDED, rationale="Weak.", feedback="Next time."
    )


def test_publishing_sends_each_coordinator_the_link_to_their_nomination(
    session, commission: Commission, smtp_server: SmtpServer
) -> None:
    _decided(session, commission)
    hydrology = session.get(Nomination, commission.hydro_id).org_unit
    # A second coordinator of the hydrology institute, who also coordinates geodesy.
    make_user(
        session,
        Role.COORDINATOR,
        email="both@example.org",
        name="Bo Both",
        units=[hydrology, session.get(Nomination, commission.geo_id).org_unit],
    )
    # A withdrawn nomination's unit hears nothing.
    quiet = make_unit(session, "Institute of Quiet")
    make_user(session, Role.COORDINATOR, email="quiet@example.org", units=[quiet])
    round_ = session.get(Round, commission.round_id)
    make_nomination(session, round_, make_initiative(session, quiet), state=NominationState.WITHDRAWN)
    session.commit()

    publish_round(session, round_, actor=commission.user(session, ADMIN))
    session.commit()
    publish_round(session, round_, actor=commission.user(session, ADMIN))  # a repeat changes nothing
    session.commit()

    mails = mails_of(session, "results_published")
    assert set(mails) == {CORA, OTTO, "both@example.org"}
    hydro_link = f"{BASE}/nominations/{commission.hydro_id}"
    geo_link = f"{BASE}/nominations/{commission.geo_id}"
    assert mails[CORA].subject == "Results published: 2026 selection"
    assert f"- Hydrology Exchange: {hydro_link}\n" in mails[CORA].body_text
    assert geo_link not in mails[CORA].body_text
    assert f"- Geodesy Network: {geo_link}\n" in mails[OTTO].body_text
    both = mails["both@example.org"].body_text
    assert f"- Geodesy Network: {geo_link}\n- Hydrology Exchange: {hydro_link}\n" in both
    assert f"{BASE}/rounds/2026" in both
    # The outcome itself is only on the page behind the login, never in the mail.
    for mail in mails.values():
        assert "Well done" not in mail.body_text and "Next time" not in mail.body_text
    assert all(m.kind == "results_published" for m in outbox(session))  # no one else is told

    assert send_queued(session, settings=smtp_server.settings()).sent == 3
    arrived = {m["To"]: m for m in smtp_server.mailbox.messages}
    html = arrived[CORA].get_body(("html",)).get_content()
    assert f'<a href="{hydro_link}">Hydrology Exchange</a>' in html
    assert arrived[CORA].get_body(("plain",)).get_content() == mails[CORA].body_text


def test_links_follow_the_configured_base_url_without_a_request(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "BASE_URL", "https://lighthouses.example.org/evaluator/")
    assert absolute_url("nominations.detail", nomination_id=7) == (
        "https://lighthouses.example.org/evaluator/nominations/7"
    )
    monkeypatch.setitem(app.config, "BASE_URL", "https://lighthouses.example.org")
    assert absolute_url("review.index") == "https://lighthouses.example.org/review/"


def test_mail_texts_are_tidy_and_subjects_are_one_line(app, session, people) -> None:  # type: ignore[no-untyped-def]
    round_ = make_round(session, 2027)
    round_.name = "2027\nselection"
    mail = render_mail(
        "round_opened", language="en", recipient=people["cora"], round=round_, deadline=None, link="L"
    )
    assert mail.subject == "Nominations are open: 2027 selection"
    assert "\n\n\n" not in mail.body_text
    assert mail.body_text.endswith("TU Dresden Lighthouse Evaluator.\n")
    assert "(Berlin time)" not in mail.body_text  # no deadline, no sentence about it
    assert all(line == line.rstrip() for line in mail.body_text.splitlines())
