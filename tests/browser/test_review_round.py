"""A whole round in a real browser: nomination, eligibility, conflicts, scoring, voting,
decision and publication, each step done by the person whose step it is, through the UI only."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from evaluator.accounts.models import Role
from evaluator.extensions import db
from evaluator.nominations.models import Eligibility, NominationState
from evaluator.publication.models import Award
from evaluator.reviewing.models import ScoreSheet, SheetState
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Decision, Outcome, Vote, VoteChoice
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.browser.test_nominations import log_in, main_menu
from tests.support.factories import (
    make_award,
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)

TITLE = "Dresden–Wrocław Border Rivers Partnership"
OLD_LIGHTHOUSE = "Elbe–Vltava Engineering Network"
CRITERIA = ["Quality of the cooperation", "International visibility", "Sustainability", "Benefit for TUD"]
MEMBERS = {  # email: (name, scores per criterion, comment)
    "chair@example.org": ("Charlotte Chair", [5, 4, 4, 5], "Outstanding joint supervision."),
    "mia@example.org": ("Mia Member", [4, 4, 3, 4], "Strong, but depends on two people."),
    "max@example.org": ("Max Member", [5, 3, 4, 4], "Visible far beyond the region."),
}

OpenPage = Callable[[], Page]


@pytest.fixture()
def open_page(browser, server) -> Iterator[OpenPage]:  # type: ignore[no-untyped-def]
    """Pages in fresh contexts: each person works in a browser of their own."""
    contexts = []

    def open_() -> Page:
        context = browser.new_context(
            base_url=server.url,
            locale="en-US",
            viewport={"width": 1280, "height": 900},
            reduced_motion="reduce",
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def _name_catalogue(round_: Round) -> None:
    category = round_.categories[0]
    category.name = "Partnerships"
    for criterion, name in zip(category.criteria, CRITERIA, strict=True):
        criterion.name = name


def set_up_round(server) -> int:  # type: ignore[no-untyped-def]
    """A 2026 round taking nominations, with a 2021 lighthouse of another unit, and the people."""
    with server.app.app_context():
        session = db.session
        earlier = make_round(session, 2021, phase=RoundPhase.PUBLISHED)
        _name_catalogue(earlier)
        civil = make_unit(session, "Faculty of Civil Engineering")
        make_award(session, earlier, make_initiative(session, civil, OLD_LIGHTHOUSE))
        round_ = make_round(
            session,
            2026,
            phase=RoundPhase.NOMINATING,
            nomination_deadline=datetime.now(UTC) + timedelta(days=30),
        )
        _name_catalogue(round_)
        hydrology = make_unit(session, "Institute of Hydrology")
        make_user(
            session, Role.COORDINATOR, email="cora@example.org", name="Cora Coordinator", units=[hydrology]
        )
        make_user(session, Role.ADMIN, email="ada@example.org", name="Ada Admin")
        for email, (name, _scores, _comment) in MEMBERS.items():
            role = Role.CHAIR if email.startswith("chair") else Role.MEMBER
            make_user(session, role, email=email, name=name)
        make_user(
            session, Role.MEMBER, email="hugo@example.org", name="Hugo Hydrologist", affiliations=[hydrology]
        )
        round_id = round_.id
        session.commit()
        session.remove()
    return round_id


def submit_nomination(page: Page) -> int:
    log_in(page, "cora@example.org")
    main_menu(page).get_by_role("link", name="Nominations", exact=True).click()
    page.get_by_role("link", name="New nomination").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Category").select_option(label="Partnerships")
    page.get_by_label("Nominating unit").select_option(label="Institute of Hydrology")
    page.get_by_label("Public summary").fill("Joint flood research on the Oder and the Neisse since 2012.")
    page.get_by_label("Description", exact=True).fill("Two field stations and a **joint summer school**.")
    page.locator("#partners-0-institution").fill("Wrocław University of Science and Technology")
    page.locator("#partners-0-country").fill("Poland")
    page.locator("#contacts-0-name").fill("Ada Example")
    page.locator("#contacts-0-role").fill("Professor of Hydrology")
    page.locator("#contacts-0-email").fill("ada.example@example.org")
    page.get_by_label("Cooperation started in").fill("2012")
    page.get_by_label("The head of the unit supports this nomination.").check()
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_role("status")).to_have_text("The nomination has been submitted.")
    expect(page.locator("#nomination-state")).to_have_text("Submitted")
    return int(re.search(r"/nominations/(\d+)$", page.url).group(1))  # type: ignore[union-attr]


def advance(page: Page, round_id: int, phase: str, *, before: Callable[[Page], None] | None = None) -> None:
    """The admin moves the round on from its page, through the confirmation page."""
    page.goto(f"/admin/rounds/{round_id}")
    page.get_by_role("link", name=f"Move to “{phase}”…").click()
    expect(page.get_by_role("heading", name=f"Move the 2026 selection to “{phase}”?")).to_be_visible()
    if before is not None:
        before(page)
    page.get_by_role("button", name="Move to the next phase").click()
    expect(page.get_by_role("status")).to_have_text(f"The 2026 selection is now in the phase “{phase}”.")
    expect(page.locator("#round-phase")).to_have_text(phase)


def check_quorum(page: Page) -> None:
    row = page.get_by_role("table", name="Votes cast so far").get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_role("cell")).to_have_text(["3 / 0 / 0", "reached"])


def score(page: Page, criterion: str, value: int) -> None:
    """Click the score's button (the label of a visually hidden radio input)."""
    page.get_by_role("group", name=criterion).get_by_text(str(value), exact=True).click()


def score_radio(page: Page, criterion: str, value: int):  # type: ignore[no-untyped-def]
    return page.get_by_role("group", name=criterion).get_by_role("radio", name=str(value), exact=True)


def test_a_round_runs_from_nomination_to_published_lighthouse(  # type: ignore[no-untyped-def]
    server, open_page: OpenPage
) -> None:
    round_id = set_up_round(server)

    # The coordinator nominates an initiative of their institute.
    coordinator = open_page()
    nomination_id = submit_nomination(coordinator)

    # The admin closes nominating early (confirmed) and finds the nomination eligible.
    admin = open_page()
    log_in(admin, "ada@example.org")
    admin.goto(f"/admin/rounds/{round_id}")
    admin.get_by_role("link", name="Move to “Reviewing”…").click()
    expect(admin.get_by_role("alert")).to_contain_text("nominating closes early for everyone")
    admin.get_by_role("button", name="Move to the next phase").click()
    expect(admin.locator(".invalid-feedback")).to_have_text(
        "Please confirm that you want to go ahead despite the warnings."
    )
    admin.get_by_label("I have read the warnings above and want to go ahead.").check()
    admin.get_by_role("button", name="Move to the next phase").click()
    expect(admin.get_by_role("status")).to_have_text("The 2026 selection is now in the phase “Reviewing”.")
    expect(admin.locator("#round-phase")).to_have_text("Reviewing")

    admin.get_by_role("link", name="Submitted nominations and eligibility").click()
    card = admin.locator(f"#nomination-{nomination_id}")
    expect(card.get_by_role("heading", name=TITLE)).to_be_visible()
    card.get_by_label("Verdict").select_option(label="Eligible")
    card.get_by_role("button", name="Save verdict").click()
    expect(admin.get_by_role("status")).to_have_text(f"Saved: {TITLE} is eligible.")

    # Hugo belongs to the nominating institute: the conflict is recorded automatically.
    admin.goto(f"/admin/rounds/{round_id}")
    admin.get_by_role("region", name="Commission").get_by_role("link", name="Conflicts of interest").click()
    expect(admin.get_by_role("heading", name="Conflicts of interest", level=1)).to_be_visible()
    conflict_rows = admin.locator("#conflicts tbody tr")
    expect(conflict_rows).to_have_count(1)
    expect(conflict_rows).to_contain_text("Hugo Hydrologist")
    expect(conflict_rows).to_contain_text(TITLE)
    expect(conflict_rows).to_contain_text("automatic")

    # ... so Hugo gets no link to the nomination, and a plain 404 when he types its address.
    hugo = open_page()
    log_in(hugo, "hugo@example.org")
    main_menu(hugo).get_by_role("link", name="Review", exact=True).click()
    row = hugo.locator(f"tr[data-nomination='{nomination_id}']")
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text("Conflict of interest")
    expect(hugo.get_by_role("link", name=TITLE)).to_have_count(0)
    response = hugo.goto(f"/review/nominations/{nomination_id}")
    assert response is not None and response.status == 404
    expect(hugo.get_by_role("heading", name="Not found", level=1)).to_be_visible()
    expect(hugo.get_by_text(TITLE)).to_have_count(0)

    # Three members score one after another; each sees the others' sheets only after their own.
    members: dict[str, Page] = {}
    for index, (email, (_name, scores, comment)) in enumerate(MEMBERS.items()):
        member = members[email] = open_page()
        log_in(member, email)
        main_menu(member).get_by_role("link", name="Review", exact=True).click()
        expect(member.locator(f"tr[data-nomination='{nomination_id}'] .progress-state")).to_have_text(
            "Not started"
        )
        member.get_by_role("link", name=TITLE).click()
        expect(member.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
        expect(member.locator("#others-hidden")).to_be_visible()
        expect(member.locator("#others")).to_have_count(0)
        for criterion, value in zip(CRITERIA, scores, strict=True):
            score(member, criterion, value)
            expect(score_radio(member, criterion, value)).to_be_checked()
        member.get_by_label("Comment for the commission").fill(comment)
        member.get_by_role("button", name="Submit sheet").click()
        expect(member.get_by_role("status")).to_have_text("Your sheet has been submitted.")
        expect(member.locator("#sheet-state")).to_have_text("Submitted")
        for criterion, value in zip(CRITERIA, scores, strict=True):
            expect(score_radio(member, criterion, value)).to_be_checked()
        earlier = list(MEMBERS.items())[:index]
        if not earlier:
            expect(member.get_by_text("No other member has submitted a sheet yet.")).to_be_visible()
        others = member.locator("#others tbody tr")
        expect(others).to_have_count(len(earlier))
        for _email, (other_name, other_scores, other_comment) in earlier:
            other = others.filter(has=member.get_by_role("rowheader", name=other_name))
            expect(other.get_by_role("cell")).to_have_text([*map(str, other_scores), other_comment])
        main_menu(member).get_by_role("link", name="Review", exact=True).click()
        expect(member.locator(f"tr[data-nomination='{nomination_id}'] .progress-state")).to_have_text(
            "Submitted"
        )

    advance(admin, round_id, "Voting")

    # Two members vote on the ballot, the third on the nomination's page.
    emails = list(MEMBERS)
    for email in emails[:2]:
        member = members[email]
        member.goto(f"/review/rounds/{round_id}/ballot")
        expect(member.get_by_role("heading", name=re.compile(r"^Ballot"), level=1)).to_be_visible()
        member.get_by_role("radio", name=f"{TITLE} Award", exact=True).check()
        member.get_by_role("button", name="Save votes").click()
        expect(member.get_by_role("status")).to_have_text("Your votes have been saved.")
        expect(member.get_by_role("radio", name=f"{TITLE} Award", exact=True)).to_be_checked()
    member = members[emails[2]]
    main_menu(member).get_by_role("link", name="Review", exact=True).click()
    member.get_by_role("link", name=TITLE).click()
    vote_form = member.locator("#vote-form")
    vote_form.get_by_label("Award", exact=True).check()
    vote_form.get_by_role("button", name="Save vote").click()
    expect(member.get_by_role("status")).to_have_text(
        "Your vote has been saved. You can change it until voting closes."
    )
    expect(member.get_by_text("Saved: Award. You can change it until voting closes.")).to_be_visible()
    # Members see no tally while voting runs.
    expect(member.locator(".tally")).to_have_count(0)

    # Before closing voting, the admin sees whether each nomination reached its quorum.
    advance(admin, round_id, "Deciding", before=check_quorum)

    # The chair records the decision the vote suggests, with feedback for the coordinator.
    chair = members["chair@example.org"]
    main_menu(chair).get_by_role("link", name="Review", exact=True).click()
    chair.get_by_role("navigation", name="Commission pages").get_by_role("link", name="Decisions").click()
    expect(chair.locator("#decisions-missing")).to_have_text("1 nomination still needs a decision.")
    decision_row = chair.locator(f"#decisions tr[data-nomination='{nomination_id}']")
    expect(decision_row).to_contain_text("3 / 0 / 0")
    decision_row.get_by_role("link", name=f"Decide {TITLE}").click()
    expect(chair.get_by_role("heading", name=f"Decision on “{TITLE}”")).to_be_visible()
    expect(chair.get_by_label("Awarded", exact=True)).to_be_checked()
    chair.get_by_label("Feedback for the coordinator").fill(
        "A model of cross-border cooperation; please keep the summer school open to other faculties."
    )
    chair.get_by_role("button", name="Save decision").click()
    expect(chair.get_by_role("status")).to_have_text(f"The decision on “{TITLE}” has been saved.")
    expect(chair.locator("#decisions-missing")).to_have_text("Every eligible nomination has a decision.")
    expect(decision_row.locator(".decision")).to_contain_text("Awarded")
    expect(decision_row.locator(".decision")).to_contain_text("Charlotte Chair")

    # Until publication nothing of this round is public.
    visitor = open_page()
    visitor.goto("/lighthouses")
    expect(visitor.get_by_role("heading", name=OLD_LIGHTHOUSE)).to_be_visible()
    expect(visitor.get_by_text(TITLE)).to_have_count(0)

    # The admin reviews what publishing changes, then publishes.
    admin.goto(f"/admin/rounds/{round_id}")
    admin.get_by_role("link", name="Review and publish the results…").click()
    expect(admin.get_by_role("heading", name="Publish the results of the 2026 selection")).to_be_visible()
    expect(admin.locator("#new li")).to_have_text([TITLE])
    expect(admin.locator("#renewed li")).to_have_text(["None."])
    expect(admin.locator("#lapsed li")).to_have_text([OLD_LIGHTHOUSE])
    admin.get_by_role("button", name="Publish 1 lighthouse").click()
    expect(admin.get_by_role("status")).to_have_text("The 2026 selection has been published: 1 lighthouse.")
    expect(admin).to_have_url(re.compile(r"/rounds/2026$"))

    # The public sees the new lighthouse, and no longer the lapsed one.
    visitor.goto("/lighthouses")
    expect(visitor.locator("#lighthouse-count")).to_have_text("1 lighthouse today.")
    card = visitor.locator("article.lighthouse").filter(has=visitor.get_by_role("heading", name=TITLE))
    expect(card).to_contain_text("Institute of Hydrology")
    expect(card).to_contain_text("Joint flood research on the Oder and the Neisse since 2012.")
    expect(card).to_contain_text("Partners in Poland")
    expect(visitor.get_by_role("heading", name=OLD_LIGHTHOUSE)).to_have_count(0)

    # The coordinator sees the decision and the commission's feedback, but no scores or votes.
    coordinator.goto(f"/nominations/{nomination_id}")
    outcome = coordinator.get_by_role("region", name="The commission's decision")
    expect(outcome).to_contain_text("Awarded: the initiative is a lighthouse.")
    expect(outcome).to_contain_text("please keep the summer school open to other faculties.")
    expect(coordinator.get_by_text("Outstanding joint supervision.")).to_have_count(0)

    with server.app.app_context():
        session = db.session
        sheets = session.scalars(sa.select(ScoreSheet).where(ScoreSheet.nomination_id == nomination_id)).all()
        assert sorted(s.member.email for s in sheets if s.state is SheetState.SUBMITTED) == sorted(MEMBERS)
        votes = session.scalars(sa.select(Vote).where(Vote.nomination_id == nomination_id)).all()
        assert [v.choice for v in votes] == [VoteChoice.AWARD] * 3
        decision = session.scalar(sa.select(Decision).where(Decision.nomination_id == nomination_id))
        assert decision.outcome is Outcome.AWARDED
        assert decision.decided_by.email == "chair@example.org"
        award = session.scalar(sa.select(Award).where(Award.nomination_id == nomination_id))
        assert award.valid_until is None
        assert award.nomination.state is NominationState.SUBMITTED
        assert award.nomination.eligibility is Eligibility.ELIGIBLE
        assert session.get(Round, round_id).phase is RoundPhase.PUBLISHED
        session.remove()


def test_an_incomplete_sheet_is_refused_with_the_member_s_scores_kept(  # type: ignore[no-untyped-def]
    page: Page, server
) -> None:
    with server.app.app_context():
        session = db.session
        round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING)
        _name_catalogue(round_)
        unit = make_unit(session, "Institute of Hydrology")
        nomination = make_nomination(
            session,
            round_,
            make_initiative(session, unit, TITLE),
            eligibility=Eligibility.ELIGIBLE,
        )
        nomination_id = nomination.id
        make_user(session, Role.MEMBER, email="mia@example.org", name="Mia Member")
        session.commit()
        session.remove()

    log_in(page, "mia@example.org")
    main_menu(page).get_by_role("link", name="Review", exact=True).click()
    page.get_by_role("link", name=TITLE).click()

    # A partial draft is fine.
    score(page, CRITERIA[0], 4)
    score(page, CRITERIA[2], 2)
    page.get_by_label("Comment for the commission").fill("Still reading the attachments.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_have_text("Your draft has been saved.")
    expect(page.locator("#sheet-state")).to_have_text("Draft")
    expect(score_radio(page, CRITERIA[0], 4)).to_be_checked()
    expect(score_radio(page, CRITERIA[2], 2)).to_be_checked()

    # One more score, then an attempt to submit with one criterion still open.
    score(page, CRITERIA[1], 5)
    page.get_by_role("button", name="Submit sheet").click()
    expect(page.get_by_role("alert")).to_have_text("Score every criterion to submit the sheet.")
    missing = page.get_by_role("group", name=CRITERIA[3])
    expect(missing).to_have_accessible_description("Score this criterion to submit the sheet.")
    expect(missing.locator(".invalid-feedback")).to_have_text("Score this criterion to submit the sheet.")
    for criterion in CRITERIA[:3]:
        expect(page.get_by_role("group", name=criterion).locator(".invalid-feedback")).to_have_count(0)
    expect(score_radio(page, CRITERIA[0], 4)).to_be_checked()
    expect(score_radio(page, CRITERIA[1], 5)).to_be_checked()
    expect(score_radio(page, CRITERIA[2], 2)).to_be_checked()
    expect(missing.get_by_role("radio", checked=True)).to_have_count(0)
    expect(page.get_by_label("Comment for the commission")).to_have_value("Still reading the attachments.")
    expect(page.locator("#sheet-state")).to_have_text("Draft")

    # Completing it submits it.
    score(page, CRITERIA[3], 3)
    page.get_by_role("button", name="Submit sheet").click()
    expect(page.get_by_role("status")).to_have_text("Your sheet has been submitted.")
    expect(page.locator("#sheet-state")).to_have_text("Submitted")
    with server.app.app_context():
        sheet = db.session.scalar(sa.select(ScoreSheet).where(ScoreSheet.nomination_id == nomination_id))
        assert sheet.state is SheetState.SUBMITTED
        assert sorted(s.value for s in sheet.scores) == [2, 3, 4, 5]
        db.session.remove()
