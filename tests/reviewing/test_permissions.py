"""Who sees what of the commission's work, through the web: conflicts, independence, roles.

A conflicted member learns nothing of the nomination (404 wherever it is addressed, no figures
where it is listed); members see others' sheets only after their own or once reviewing is over;
coordinators never reach the commission's or the admins' pages and see the outcome of their own
nomination only with the published results. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from evaluator.nominations.models import Nomination
from evaluator.publication.models import Award
from evaluator.publication.operations import publish_round
from evaluator.reviewing.models import ConflictOfInterest, ScoreSheet
from evaluator.reviewing.operations import declare_conflict
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Decision, Outcome, Vote, VoteChoice
from tests.support.commission import (
    ADMIN,
    CHAIR,
    CONNY,
    CORA,
    HYDRO_TITLE,
    MAX,
    MIA,
    OTTO,
    PDF,
    PDF_NAME,
    Commission,
    count,
    decide,
    hidden_value,
    inputs_named,
    logged_in,
    row_of,
    score,
    set_phase,
    vote,
)

# Words that only the commission may read; none of them may reach a page a person may not see.
HYDRO_REMARKS = ("HYDRO-REMARK-BY-MIA", "HYDRO-REMARK-BY-MAX", "HYDRO-REMARK-BY-CHRIS")
GEO_REMARK = "GEO-REMARK-BY-MIA"
RATIONALE = "RATIONALE-ONLY-FOR-THE-COMMISSION"
FEEDBACK = "FEEDBACK-FOR-THE-HYDROLOGISTS"
MEMBER_NAMES = ("Mia Member", "Max Member", "Chris Chair", "Conny Conflicted")


def _hydro_sheets(session, c: Commission) -> None:  # type: ignore[no-untyped-def]
    """Every member but Conny scores the Hydrology nomination, with a comment each."""
    score(session, c, MIA, c.hydro_id, 5, 4, 3, 2, comment=HYDRO_REMARKS[0])
    score(session, c, MAX, c.hydro_id, 4, 4, 4, 4, comment=HYDRO_REMARKS[1])
    score(session, c, CHAIR, c.hydro_id, 3, 3, 3, 3, comment=HYDRO_REMARKS[2])


def _through_deciding(session, c: Commission) -> None:  # type: ignore[no-untyped-def]
    """Sheets, votes and decisions on both nominations; the round ends in ``deciding``."""
    _hydro_sheets(session, c)
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2, comment=GEO_REMARK)
    set_phase(session, c, RoundPhase.VOTING)
    for email in (MIA, MAX, CHAIR):
        vote(session, c, email, c.hydro_id, VoteChoice.AWARD)
    vote(session, c, MIA, c.geo_id, VoteChoice.DO_NOT_AWARD)
    vote(session, c, CONNY, c.geo_id, VoteChoice.DO_NOT_AWARD)
    vote(session, c, MAX, c.geo_id, VoteChoice.AWARD)
    set_phase(session, c, RoundPhase.DECIDING)
    decide(session, c, c.hydro_id, Outcome.AWARDED, rationale=RATIONALE, feedback=FEEDBACK)
    decide(session, c, c.geo_id, Outcome.NOT_AWARDED, feedback="Come back next time.")


def _assert_hides_commission_work(body: str, *, title: str | None = None) -> None:
    for secret in (*HYDRO_REMARKS, GEO_REMARK, RATIONALE):
        assert secret not in body
    if title is not None:
        assert title not in body


def _without_numbers(row: str) -> str:
    """A table row without its nomination id, column span and category name ("Category 1"):
    what is left must hold no figure."""
    return re.sub(r'data-nomination="\d+"|colspan="\d+"|Category \d+', "", row)


def _domain_rows(session, c: Commission) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    """What a refused request must leave as it was."""
    session.expire_all()
    round_ = session.get(Round, c.round_id)
    return (
        count(session, ScoreSheet),
        count(session, Vote),
        count(session, Decision),
        count(session, ConflictOfInterest),
        count(session, ConflictOfInterest, ConflictOfInterest.cleared_at.is_not(None)),
        count(session, Award),
        count(session, Nomination, Nomination.eligibility == "eligible"),
        hash((round_.phase, round_.published_at, round_.review_deadline, round_.voting_deadline)),
    )


# -- Conflicts of interest -----------------------------------------------------------------------


def test_a_conflicted_member_gets_not_found_wherever_the_nomination_is_addressed(
    session, client, commission: Commission
) -> None:
    c = commission
    conny = logged_in(client, CONNY)
    token = conny.token("/review/")
    sheet = {f"criterion_{cid}": "5" for cid in c.criterion_ids} | {"version": "0", "submit_sheet": "Submit"}

    page = conny.get(f"/review/nominations/{c.hydro_id}")
    posted = conny.post(f"/review/nominations/{c.hydro_id}", data={"csrf_token": token, **sheet})
    download = conny.get(f"/review/nominations/{c.hydro_id}/attachments/{c.attachment_id}")
    declared = conny.post(
        f"/review/nominations/{c.hydro_id}/conflict",
        data={"conflict-csrf_token": token, "conflict-reason": "I know them well."},
    )

    for response in (page, posted, download, declared):
        assert response.status_code == 404
        body = response.get_data(as_text=True)
        _assert_hides_commission_work(body, title=HYDRO_TITLE)
        assert PDF_NAME not in body
        assert PDF.decode() not in body
    assert count(session, ScoreSheet) == 0
    # The same member opens the other nomination without trouble.
    assert conny.get(f"/review/nominations/{c.geo_id}").status_code == 200

    set_phase(session, c, RoundPhase.VOTING)
    voted = conny.post(
        f"/review/nominations/{c.hydro_id}/vote", data={"vote-csrf_token": token, "vote-choice": "award"}
    )
    assert voted.status_code == 404
    assert count(session, Vote) == 0

    set_phase(session, c, RoundPhase.DECIDING)
    for response in (
        conny.get(f"/review/nominations/{c.hydro_id}/decision"),
        conny.post(
            f"/review/nominations/{c.hydro_id}/decision",
            data={"csrf_token": token, "outcome": "awarded", "rationale": "Because.", "version": ""},
        ),
        conny.get(f"/review/nominations/{c.hydro_id}/attachments/{c.attachment_id}"),
    ):
        assert response.status_code == 404
        _assert_hides_commission_work(response.get_data(as_text=True), title=HYDRO_TITLE)
    assert count(session, Decision) == 0


def test_a_conflicted_chair_gets_not_found_for_the_decision_and_leaves_it_to_an_admin(
    session, client, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 5, 5, 5, 5, comment=GEO_REMARK)
    declare_conflict(
        session, session.get(Nomination, c.geo_id), member=c.user(session, CHAIR), reason="My co-authors."
    )
    session.commit()
    set_phase(session, c, RoundPhase.VOTING)
    vote(session, c, MIA, c.geo_id, VoteChoice.AWARD)
    set_phase(session, c, RoundPhase.DECIDING)
    chair = logged_in(client, CHAIR)

    assert chair.get(f"/review/nominations/{c.geo_id}").status_code == 404
    assert chair.get(f"/review/nominations/{c.geo_id}/decision").status_code == 404
    refused = chair.submit(
        "/review/",
        {"outcome": "awarded", "rationale": "", "version": ""},
        action=f"/review/nominations/{c.geo_id}/decision",
    )
    assert refused.status_code == 404
    assert count(session, Decision) == 0

    overview = chair.get(f"/review/rounds/{c.round_id}/decisions")
    assert overview.status_code == 200
    row = row_of(overview.get_data(as_text=True), c.geo_id)
    assert row is not None
    assert "an administrator decides this one" in row
    assert not re.search(r"\d", _without_numbers(row))
    assert f"/review/nominations/{c.geo_id}/decision" not in overview.get_data(as_text=True)


def test_a_conflicted_member_never_sees_the_nominations_figures_on_the_pages_they_can_open(
    session, client, commission: Commission
) -> None:
    c = commission
    _hydro_sheets(session, c)
    score(session, c, CONNY, c.geo_id, 1, 2, 3, 4, comment="Conny on geodesy")
    conny = logged_in(client, CONNY)

    def check_pages() -> None:
        overview = conny.text("/review/")
        hydro_row = row_of(overview, c.hydro_id)
        assert hydro_row is not None and "Conflict of interest" in hydro_row
        assert f"/review/nominations/{c.hydro_id}" not in overview  # no link to it
        assert f"/review/nominations/{c.geo_id}" in overview

        ranking = conny.text(f"/review/rounds/{c.round_id}/ranking")
        row = row_of(ranking, c.hydro_id)
        assert row is not None
        assert "conflict of interest" in row
        assert not re.search(r"\d", _without_numbers(row)), row
        assert 'class="text-end weighted"' not in row
        assert f"/review/nominations/{c.hydro_id}" not in ranking
        # Conny has submitted her own sheet on the other one: its figures are there.
        geo_row = row_of(ranking, c.geo_id)
        assert geo_row is not None and "weighted" in geo_row

        geo_page = conny.text(f"/review/nominations/{c.geo_id}")
        ballot = conny.text(f"/review/rounds/{c.round_id}/ballot")
        normalised = conny.text(f"/review/rounds/{c.round_id}/ranking?normalised=1")
        for body in (overview, ranking, normalised, geo_page, ballot, conny.text("/dashboard")):
            _assert_hides_commission_work(body)
            for name in ("Mia Member", "Max Member", "Chris Chair"):
                assert name not in body

        assert not inputs_named(ballot, f"vote-{c.hydro_id}")
        ballot_row = row_of(ballot, c.hydro_id)
        assert ballot_row is not None and "Conflict of interest" in ballot_row
        assert not re.search(r"\d", _without_numbers(ballot_row))

    check_pages()

    set_phase(session, c, RoundPhase.VOTING)
    for email in (MIA, MAX, CHAIR):
        vote(session, c, email, c.hydro_id, VoteChoice.AWARD)
    check_pages()
    assert len(inputs_named(conny.text(f"/review/rounds/{c.round_id}/ballot"), f"vote-{c.geo_id}")) == 3

    set_phase(session, c, RoundPhase.DECIDING)
    check_pages()


# -- Independence ---------------------------------------------------------------------------------


def _sheet_form(c: Commission, *values: int, submit: bool, comment: str = "") -> dict[str, str]:
    data = {f"criterion_{cid}": str(v) for cid, v in zip(c.criterion_ids, values, strict=False)}
    data |= {"comment": comment, "version": "0"}
    data |= {"submit_sheet": "Submit sheet"} if submit else {"save_draft": "Save draft"}
    return data


def _sees_mias_sheet(client, c: Commission) -> bool:  # type: ignore[no-untyped-def]
    page = client.text(f"/review/nominations/{c.geo_id}")
    ranking_row = row_of(client.text(f"/review/rounds/{c.round_id}/ranking"), c.geo_id)
    assert ranking_row is not None
    visible = GEO_REMARK in page
    assert visible == ("Mia Member" in page) == ('id="others"' in page) == ('id="others-hidden"' not in page)
    figures = 'class="text-end weighted"' in ranking_row
    if not figures:
        assert "visible once you have submitted your sheet" in ranking_row
        assert not re.search(r"\d", _without_numbers(ranking_row)), ranking_row
    assert visible == figures
    return visible


def test_a_member_sees_others_sheets_only_after_submitting_their_own(
    session, client, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2, comment=GEO_REMARK)
    max_ = logged_in(client, MAX)

    assert not _sees_mias_sheet(max_, c)

    draft = max_.submit(f"/review/nominations/{c.geo_id}", _sheet_form(c, 1, 1, 1, 1, submit=False))
    assert draft.status_code == 302
    assert not _sees_mias_sheet(max_, c)  # a complete draft is not a submitted sheet

    version = hidden_value(max_.text(f"/review/nominations/{c.geo_id}"), "version")
    data = _sheet_form(c, 1, 1, 1, 1, submit=True) | {"version": version}
    submitted = max_.submit(f"/review/nominations/{c.geo_id}", data)
    assert submitted.status_code == 302

    assert _sees_mias_sheet(max_, c)
    ranking_row = row_of(max_.text(f"/review/rounds/{c.round_id}/ranking"), c.geo_id)
    assert ranking_row is not None
    assert '<td class="text-end sheets">2</td>' in ranking_row


def test_once_reviewing_is_over_members_see_the_sheets_without_one_of_their_own(
    session, client, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2, comment=GEO_REMARK)
    chair = logged_in(client, CHAIR)
    assert not _sees_mias_sheet(chair, c)

    set_phase(session, c, RoundPhase.VOTING)

    assert _sees_mias_sheet(chair, c)


# -- Coordinators, anonymous visitors and the roles ------------------------------------------------


def _commission_urls(app, c: Commission, session) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every /review/ and /admin/ URL the app has, with ids of this commission, by method."""
    conflict = session.scalar(
        sa.select(ConflictOfInterest.id).where(ConflictOfInterest.nomination_id == c.hydro_id)
    )
    round_ = session.get(Round, c.round_id)
    category = round_.categories[0]
    values = {
        "round_id": c.round_id,
        "nomination_id": c.hydro_id,
        "attachment_id": c.attachment_id,
        "conflict_id": conflict,
        "initiative_id": c.hydro_initiative_id,
        "category_id": category.id,
        "criterion_id": category.criteria[0].id,
        "user_id": c.users[CORA],
        "mail_id": 1,
        "key": "votes",
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/review/", "/admin/")):
            continue
        url = re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)
        urls.extend((method, url) for method in sorted(rule.methods & {"GET", "POST"}))
    assert len(urls) > 40
    return urls


def _everything_a_form_might_take(c: Commission, token: str) -> dict[str, str]:
    """A POST body that passes CSRF and fills the fields of every commission and admin form."""
    data = {f"{p}csrf_token": token for p in ("", "vote-", "conflict-", "set-", "clear-")}
    data |= {f"criterion_{cid}": "5" for cid in c.criterion_ids}
    data |= {f"vote-{c.hydro_id}": "award", f"vote-{c.geo_id}": "award"}
    data |= {
        "version": "0",
        "submit_sheet": "Submit sheet",
        "comment": "taken over",
        "vote-choice": "award",
        "outcome": "awarded",
        "rationale": "taken over",
        "feedback": "taken over",
        "conflict-reason": "taken over",
        "clear-reason": "taken over",
        "set-reason": "taken over",
        "set-member": str(c.users[MIA]),
        "set-nomination": str(c.hydro_id),
        "eligibility": "ineligible",
        "reason": "taken over",
        "confirm": "y",
        "active": "n",
    }
    return data


@pytest.mark.parametrize("email", [CORA, OTTO])
@pytest.mark.parametrize("phase", [RoundPhase.REVIEWING, RoundPhase.DECIDING])
def test_coordinators_are_refused_every_commission_and_admin_url(
    app, session, client, commission: Commission, email: str, phase: RoundPhase
) -> None:
    c = commission
    _through_deciding(session, c)
    set_phase(session, c, phase)
    coordinator = logged_in(client, email)
    token = coordinator.token("/dashboard")
    before = _domain_rows(session, c)

    answered = {}
    for method, url in _commission_urls(app, c, session):
        if method == "GET":
            response = coordinator.get(url)
        else:
            response = coordinator.post(url, data=_everything_a_form_might_take(c, token))
        answered[(method, url)] = response.status_code
        body = response.get_data(as_text=True)
        _assert_hides_commission_work(body)
        assert FEEDBACK not in body
        for name in MEMBER_NAMES:
            assert name not in body, (method, url)

    assert {k: v for k, v in answered.items() if v not in (403, 404)} == {}
    assert _domain_rows(session, c) == before


def test_anonymous_visitors_are_sent_to_log_in_for_every_commission_page(
    app, session, client, commission: Commission
) -> None:
    c = commission
    _through_deciding(session, c)
    token = client.token("/login")
    before = _domain_rows(session, c)

    for method, url in _commission_urls(app, c, session):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data=_everything_a_form_might_take(c, token))
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/login"), (method, url)

    assert _domain_rows(session, c) == before


def test_a_plain_member_is_refused_progress_conflicts_decisions_and_publication(
    session, client, commission: Commission
) -> None:
    c = commission
    _through_deciding(session, c)
    mia = logged_in(client, MIA)
    token = mia.token("/review/")
    conflict_id = session.scalar(
        sa.select(ConflictOfInterest.id).where(ConflictOfInterest.nomination_id == c.hydro_id)
    )
    before = _domain_rows(session, c)

    for url in (
        f"/review/rounds/{c.round_id}/progress",
        f"/review/rounds/{c.round_id}/conflicts",
        f"/review/rounds/{c.round_id}/decisions",
        f"/review/nominations/{c.geo_id}/decision",
        f"/admin/rounds/{c.round_id}/publish",
        f"/admin/initiatives/{c.geo_initiative_id}",
    ):
        assert mia.get(url).status_code == 403, url
    for url, data in (
        (f"/admin/rounds/{c.round_id}/publish", {"csrf_token": token}),
        (f"/review/conflicts/{conflict_id}/clear", {"clear-csrf_token": token, "clear-reason": "no"}),
        (
            f"/review/rounds/{c.round_id}/conflicts",
            {"set-csrf_token": token, "set-member": str(c.users[MAX]), "set-nomination": str(c.geo_id)}
            | {"set-reason": "no"},
        ),
        (
            f"/review/nominations/{c.geo_id}/decision",
            {"csrf_token": token, "outcome": "awarded", "rationale": "x", "version": ""},
        ),
    ):
        assert mia.post(url, data=data).status_code == 403, url
    assert _domain_rows(session, c) == before
    # What a member does open.
    for url in ("/review/", f"/review/rounds/{c.round_id}/ranking", f"/review/rounds/{c.round_id}/ballot"):
        assert mia.get(url).status_code == 200, url


def test_the_chair_follows_progress_and_decisions_but_not_conflicts_or_publication(
    session, client, commission: Commission
) -> None:
    c = commission
    _through_deciding(session, c)
    chair = logged_in(client, CHAIR)

    progress = chair.get(f"/review/rounds/{c.round_id}/progress")
    decisions = chair.get(f"/review/rounds/{c.round_id}/decisions")

    assert progress.status_code == 200
    assert f'data-member="{c.users[MIA]}"' in progress.get_data(as_text=True)
    assert decisions.status_code == 200
    assert row_of(decisions.get_data(as_text=True), c.hydro_id) is not None
    assert chair.get(f"/review/nominations/{c.geo_id}/decision").status_code == 200
    assert chair.get(f"/review/rounds/{c.round_id}/conflicts").status_code == 403
    assert chair.get(f"/admin/rounds/{c.round_id}/publish").status_code == 403


def test_admins_open_every_commission_page(session, client, commission: Commission) -> None:
    c = commission
    _through_deciding(session, c)
    admin = logged_in(client, ADMIN)

    for url in (
        "/review/",
        f"/review/nominations/{c.hydro_id}",
        f"/review/nominations/{c.hydro_id}/decision",
        f"/review/rounds/{c.round_id}/ranking",
        f"/review/rounds/{c.round_id}/progress",
        f"/review/rounds/{c.round_id}/conflicts",
        f"/review/rounds/{c.round_id}/decisions",
        f"/admin/rounds/{c.round_id}/publish",
    ):
        assert admin.get(url).status_code == 200, url
    attachment = admin.get(f"/review/nominations/{c.hydro_id}/attachments/{c.attachment_id}")
    assert attachment.status_code == 200 and attachment.data == PDF
    # A ballot is for members only.
    assert admin.get(f"/review/rounds/{c.round_id}/ballot").status_code == 403


# -- Tallies and individual votes ------------------------------------------------------------------


def _vote_on_geo(session, c: Commission) -> None:  # type: ignore[no-untyped-def]
    set_phase(session, c, RoundPhase.VOTING)
    vote(session, c, MIA, c.geo_id, VoteChoice.AWARD)
    vote(session, c, MAX, c.geo_id, VoteChoice.DO_NOT_AWARD)
    vote(session, c, CONNY, c.geo_id, VoteChoice.AWARD)


def test_during_voting_no_member_not_even_the_chair_sees_the_count_but_an_admin_does(
    session, new_client, commission: Commission
) -> None:
    c = commission
    _vote_on_geo(session, c)
    mia, chair, admin = (logged_in(new_client(), who) for who in (MIA, CHAIR, ADMIN))

    for person in (mia, chair):
        page = person.text(f"/review/nominations/{c.geo_id}")
        ballot = person.text(f"/review/rounds/{c.round_id}/ballot")
        assert 'id="tally-heading"' not in page
        assert 'id="individual-votes"' not in page
        assert "Max Member" not in page and "Conny Conflicted" not in page
        assert ">Tally<" not in ballot
        row = row_of(ballot, c.geo_id)
        assert row is not None and "1 / 1 / 0" not in row and "2 / 1 / 0" not in row
    # Mia's own vote she does see.
    row = row_of(mia.text(f"/review/rounds/{c.round_id}/ballot"), c.geo_id)
    assert re.search(r'checked[^>]*value="award"|value="award"[^>]*checked', row)

    admin_page = admin.text(f"/review/nominations/{c.geo_id}")
    assert 'id="tally-heading"' in admin_page
    assert '<dd class="col-5 text-end tally-award">2</dd>' in admin_page
    votes = re.search(r'<ul class="mb-0" id="individual-votes">(.*?)</ul>', admin_page, re.DOTALL)
    assert votes is not None
    assert "Mia Member: Award" in votes.group(1)
    assert "Max Member: Do not award" in votes.group(1)
    assert "Conny Conflicted: Award" in votes.group(1)


def test_after_voting_members_see_the_tally_but_never_who_voted_how(
    session, new_client, commission: Commission
) -> None:
    c = commission
    _vote_on_geo(session, c)
    set_phase(session, c, RoundPhase.DECIDING)
    mia, chair = logged_in(new_client(), MIA), logged_in(new_client(), CHAIR)

    page = mia.text(f"/review/nominations/{c.geo_id}")
    assert 'id="tally-heading"' in page
    assert '<dd class="col-5 text-end tally-award">2</dd>' in page
    assert '<dd class="col-5 text-end tally-against">1</dd>' in page
    assert 'id="individual-votes"' not in page
    assert "Max Member" not in page and "Conny Conflicted" not in page
    ballot = mia.text(f"/review/rounds/{c.round_id}/ballot")
    assert ">Tally<" in ballot
    row = row_of(ballot, c.geo_id)
    assert row is not None and "2 / 1 / 0" in row
    assert "Max Member" not in ballot

    assert "Max Member: Do not award" in chair.text(f"/review/nominations/{c.geo_id}")


# -- The coordinator's own nomination ------------------------------------------------------------


def test_the_coordinator_sees_the_decision_and_feedback_only_with_the_published_results(
    session, client, commission: Commission
) -> None:
    c = commission
    cora = logged_in(client, CORA)

    def own_page() -> str:
        response = cora.get(f"/nominations/{c.hydro_id}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def assert_nothing_of_the_commission(body: str) -> None:
        _assert_hides_commission_work(body)
        for name in MEMBER_NAMES:
            assert name not in body
        for marker in ('id="tally', 'id="others', 'id="individual-votes"', "tally-award", "weighted"):
            assert marker not in body

    _hydro_sheets(session, c)
    assert_nothing_of_the_commission(own_page())
    set_phase(session, c, RoundPhase.VOTING)
    for email in (MIA, MAX, CHAIR):
        vote(session, c, email, c.hydro_id, VoteChoice.AWARD)
    assert_nothing_of_the_commission(own_page())
    set_phase(session, c, RoundPhase.DECIDING)
    decide(session, c, c.hydro_id, Outcome.AWARDED, rationale=RATIONALE, feedback=FEEDBACK)
    decide(session, c, c.geo_id, Outcome.NOT_AWARDED, rationale="No sheet, no quorum.")

    for body in (own_page(), cora.text("/nominations/"), cora.text("/dashboard")):
        assert_nothing_of_the_commission(body)
        assert FEEDBACK not in body
        assert 'id="outcome"' not in body
        assert "Awarded" not in body

    publish_round(session, session.get(Round, c.round_id), actor=c.user(session, ADMIN))
    session.commit()

    page = own_page()
    outcome = re.search(r'<section[^>]*id="outcome".*?</section>', page, re.DOTALL)
    assert outcome is not None
    assert "Awarded: the initiative is a lighthouse." in outcome.group(0)
    assert FEEDBACK in outcome.group(0)
    assert_nothing_of_the_commission(page)
    assert "Awarded" in cora.text("/nominations/")
    # Never another unit's nomination, published or not.
    assert cora.get(f"/nominations/{c.geo_id}").status_code == 404
