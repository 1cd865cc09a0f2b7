"""Accessibility in a real browser: axe-core (WCAG 2.1 A and AA) on every main page of every
role, failing on any serious or critical violation; and the forms worked with the keyboard alone.

The pages are checked on one data set, built once for this module: the demo data (the published
2021 round with its lighthouses, the 2026 round with nominations and their partners, a person of
every role) taken on through reviewing, voting and deciding, with sheets, votes, conflicts and a
decision. Each check first puts the 2026 round into the phase its page belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from evaluator.accounts.models import User
from evaluator.demo.data import COMMISSION, DEMO_PASSWORD
from evaluator.demo.seed import seed
from evaluator.extensions import db, limiter
from evaluator.nominations.models import Eligibility, Nomination, NominationState
from evaluator.publication.models import Award
from evaluator.reviewing.models import ConflictOfInterest, ScoreSheet, SheetState
from evaluator.reviewing.operations import SheetInput, save_sheet, sync_automatic_conflicts
from evaluator.reviewing.queries import tallies
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Outcome, Vote, VoteChoice
from evaluator.voting.operations import cast_vote, record_decision
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, LiveServer, axe_violations, describe_violations
from tests.conftest import empty_all_tables

ADMIN = "admin@example.org"
CHAIR = "chair@example.org"
MEMBER = "member@example.org"
COORDINATOR = "coordinator@example.org"
SCORING_BY_KEYBOARD = "tilman.oster@example.org"  # scores nothing in the data set
VOTING_BY_KEYBOARD = "svenja.morgenroth@example.org"  # votes on nothing in the data set
BUSY_MEMBERS = [m["email"] for m in COMMISSION if m["email"] not in (SCORING_BY_KEYBOARD, VOTING_BY_KEYBOARD)]


@dataclass(frozen=True)
class DataSet:
    """Ids the page addresses are made of."""

    round_id: int
    past_year: int
    lighthouse_id: int  # an initiative awarded in 2021
    own_nomination_id: int  # the coordinator's submitted nomination
    draft_sheet_nomination_id: int  # the member's sheet on it is a draft
    submitted_sheet_nomination_id: int  # the member has submitted a sheet on it
    decided_nomination_id: int
    undecided_nomination_id: int  # the chair may decide it
    user_id: int  # the member's account, for the user form
    # Eligible nominations neither SCORING_BY_KEYBOARD nor VOTING_BY_KEYBOARD is conflicted with.
    open_for_keyboard: tuple[int, ...]


@pytest.fixture(scope="module")
def data_set(live_server: LiveServer) -> Iterator[DataSet]:
    app = live_server.app
    empty_all_tables(app)
    with app.app_context():
        try:
            data = _build(db.session)
        finally:
            db.session.remove()
    try:
        yield data
    finally:
        empty_all_tables(app)


@pytest.fixture()
def server(live_server: LiveServer, data_set: DataSet) -> Iterator[LiveServer]:
    """Overrides the per-test emptying of the tables: this module works on one data set."""
    with live_server.app.app_context():
        limiter.reset()
    yield live_server


def _user(session, email: str) -> User:  # type: ignore[no-untyped-def]
    return session.scalar(sa.select(User).where(User.email == email))


def _build(session) -> DataSet:  # type: ignore[no-untyped-def]
    seed(session)
    session.flush()
    round_ = session.scalar(sa.select(Round).where(Round.year == 2026))
    past = session.scalar(sa.select(Round).where(Round.year == 2021))
    coordinator = _user(session, COORDINATOR)
    nominations = sorted(round_.nominations, key=lambda n: n.id)
    own = next(n for n in nominations if n.org_unit in coordinator.coordinated_units)
    own.state, own.submitted_at = NominationState.SUBMITTED, datetime.now(UTC)
    submitted = [n for n in nominations if n.state is NominationState.SUBMITTED]
    for nomination in submitted[:-1]:
        nomination.eligibility = Eligibility.ELIGIBLE
    submitted[-1].eligibility = Eligibility.INELIGIBLE
    eligible = submitted[:-1]
    now = datetime.now(UTC)
    round_.nomination_deadline = now + timedelta(days=10)  # the form stays open in nominating
    round_.review_deadline = now + timedelta(days=20)
    round_.voting_deadline = now + timedelta(days=40)
    round_.phase = RoundPhase.REVIEWING
    session.flush()
    sync_automatic_conflicts(session, round_, actor=None)
    session.flush()

    def conflicted(email: str) -> set[int]:
        user = _user(session, email)
        return set(
            session.scalars(
                sa.select(ConflictOfInterest.nomination_id).where(
                    ConflictOfInterest.member_id == user.id, ConflictOfInterest.cleared_at.is_(None)
                )
            )
        )

    def open_to(*emails: str) -> list[Nomination]:
        closed = set().union(*(conflicted(e) for e in emails))
        return [n for n in eligible if n.id not in closed]

    # Reviewing: most of the commission submits sheets; the member submits one and drafts one.
    for number, email in enumerate([CHAIR, *BUSY_MEMBERS]):
        for nomination in open_to(email):
            values = [(nomination.id + number + i) % 6 for i in range(len(nomination.category.criteria))]
            _sheet(session, nomination, email, values, comment="Convincing partners, clear plans.")
    member_nominations = open_to(MEMBER)
    submitted_sheet, draft_sheet = member_nominations[0], member_nominations[1]
    _sheet(session, submitted_sheet, MEMBER, [4, 3, 5, 4], comment="A model for others.")
    _sheet(session, draft_sheet, MEMBER, [3, None], submit=False)

    # Voting: the commission votes; the member leaves some nominations open.
    round_.phase = RoundPhase.VOTING
    session.flush()
    for number, email in enumerate([CHAIR, *BUSY_MEMBERS]):
        for nomination in open_to(email):
            choice = [VoteChoice.AWARD, VoteChoice.AWARD, VoteChoice.DO_NOT_AWARD, VoteChoice.ABSTAIN][
                (nomination.id + number) % 4
            ]
            cast_vote(session, nomination, member=_user(session, email), choice=choice)
    cast_vote(session, submitted_sheet, member=_user(session, MEMBER), choice=VoteChoice.AWARD)

    # Deciding: the chair has decided one nomination.
    round_.phase = RoundPhase.DECIDING
    session.flush()
    decidable = open_to(CHAIR)
    decided, undecided = decidable[0], decidable[1]
    record_decision(
        session,
        decided,
        actor=_user(session, CHAIR),
        outcome=Outcome.AWARDED,
        rationale="",
        feedback="An example of cooperation that lasts.",
        result=tallies(session, round_)[decided.id],
    )
    round_.phase = RoundPhase.REVIEWING
    lighthouse = session.scalars(sa.select(Award).where(Award.round_id == past.id).order_by(Award.id)).first()
    data = DataSet(
        round_id=round_.id,
        past_year=past.year,
        lighthouse_id=lighthouse.initiative_id,
        own_nomination_id=own.id,
        draft_sheet_nomination_id=draft_sheet.id,
        submitted_sheet_nomination_id=submitted_sheet.id,
        decided_nomination_id=decided.id,
        undecided_nomination_id=undecided.id,
        user_id=_user(session, MEMBER).id,
        open_for_keyboard=tuple(n.id for n in open_to(SCORING_BY_KEYBOARD, VOTING_BY_KEYBOARD)),
    )
    session.commit()
    return data


def _sheet(session, nomination, email: str, values, *, comment: str = "", submit: bool = True) -> None:  # type: ignore[no-untyped-def]
    """A sheet with the given scores, repeated over as many criteria as the category has."""
    criteria = nomination.category.criteria
    save_sheet(
        session,
        nomination,
        member=_user(session, email),
        data=SheetInput(
            scores={c.id: values[i % len(values)] for i, c in enumerate(criteria)},
            comment=comment,
            submit=submit,
        ),
    )


def set_phase(server: LiveServer, data: DataSet, phase: RoundPhase) -> None:
    with server.app.app_context():
        db.session.get(Round, data.round_id).phase = phase
        db.session.commit()
        db.session.remove()


# --- Browser contexts, one per person, logged in once per module --------------------------------

OpenAs = Callable[[str | None], Page]


class People:
    """Browser contexts of the people, each logged in once (through the login form)."""

    def __init__(self, browser: Browser, server: LiveServer) -> None:
        self.browser, self.server = browser, server
        self.states: dict[str, dict] = {}
        self.contexts: list[BrowserContext] = []

    def context(self, email: str | None) -> BrowserContext:
        """A context of its own, with one page open (logged in when ``email`` is given)."""
        if email is not None and email not in self.states:
            page = self._new_context(None).new_page()
            page.goto("/login")
            page.get_by_label("E-mail", exact=True).fill(email)
            page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Log in").click()
            expect(page).to_have_url(re.compile(r"/dashboard$"))
            self.states[email] = page.context.storage_state()
            return page.context
        context = self._new_context(self.states[email] if email else None)
        context.new_page()
        return context

    def _new_context(self, state: dict | None) -> BrowserContext:
        context = self.browser.new_context(
            base_url=self.server.url,
            locale="en-US",
            viewport={"width": 1280, "height": 900},
            reduced_motion="reduce",
            storage_state=state,  # type: ignore[arg-type]
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        self.contexts.append(context)
        return context

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture(scope="module")
def people(browser: Browser, live_server: LiveServer, data_set: DataSet) -> Iterator[People]:
    people = People(browser, live_server)
    yield people
    people.close()


@pytest.fixture(scope="module")
def page_of(people: People, axe_js: str) -> OpenAs:
    """One page per person for the whole module (None: the public): the page checks only look.
    The browser itself adds axe-core to every page they load (saving a transfer per page)."""
    pages: dict[str | None, Page] = {}

    def page_of_(email: str | None) -> Page:
        if email not in pages:
            context = people.context(email)
            context.add_init_script(script=axe_js)
            pages[email] = context.pages[0]
        return pages[email]

    return page_of_


@pytest.fixture()
def open_as(people: People) -> Iterator[OpenAs]:
    """A page in a fresh context of the given person (None: the public), closed after the test."""
    contexts: list[BrowserContext] = []

    def open_(email: str | None) -> Page:
        contexts.append(people.context(email))
        return contexts[-1].pages[0]

    yield open_
    for context in contexts:
        context.close()
        people.contexts.remove(context)


# --- axe-core on every main page of every role ------------------------------------------------


def submit_empty(page: Page) -> None:
    page.get_by_role("button", name="Save and submit").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()


@dataclass(frozen=True)
class Screen:
    name: str
    who: str | None
    path: str  # formatted with the DataSet's fields
    phase: RoundPhase = RoundPhase.REVIEWING
    then: Callable[[Page], None] | None = None
    status: int = 200


SCREENS = [
    Screen("public-lighthouses", None, "/lighthouses"),
    Screen("public-lighthouses-on-a-date", None, "/lighthouses?on=2022-03-01"),
    Screen("public-rounds", None, "/rounds"),
    Screen("public-round-results", None, "/rounds/{past_year}"),
    Screen("public-initiative", None, "/initiatives/{lighthouse_id}"),
    Screen("public-login", None, "/login"),
    Screen("public-forgot-password", None, "/forgot-password"),
    Screen("public-round-report", None, "/rounds/{past_year}/report"),
    Screen("public-not-found", None, "/initiatives/999999", status=404),
    Screen("public-refused-link", None, "/accept/not-a-valid-token", status=400),
    Screen("coordinator-dashboard", COORDINATOR, "/dashboard"),
    Screen("coordinator-nominations", COORDINATOR, "/nominations/"),
    Screen(
        "coordinator-new-nomination-errors",
        COORDINATOR,
        "/nominations/new",
        RoundPhase.NOMINATING,
        submit_empty,
    ),
    Screen("coordinator-nomination", COORDINATOR, "/nominations/{own_nomination_id}"),
    Screen("member-dashboard", MEMBER, "/dashboard"),
    Screen("member-change-password", MEMBER, "/account/password"),
    Screen("member-review", MEMBER, "/review/"),
    Screen("member-score-sheet", MEMBER, "/review/nominations/{draft_sheet_nomination_id}"),
    Screen("member-submitted-sheet", MEMBER, "/review/nominations/{submitted_sheet_nomination_id}"),
    Screen("member-ranking", MEMBER, "/review/rounds/{round_id}/ranking"),
    Screen("member-ballot", MEMBER, "/review/rounds/{round_id}/ballot", RoundPhase.VOTING),
    Screen(
        "member-nomination-in-voting",
        MEMBER,
        "/review/nominations/{draft_sheet_nomination_id}",
        RoundPhase.VOTING,
    ),
    Screen("chair-progress", CHAIR, "/review/rounds/{round_id}/progress"),
    Screen("chair-decisions", CHAIR, "/review/rounds/{round_id}/decisions", RoundPhase.DECIDING),
    Screen(
        "chair-decision-form",
        CHAIR,
        "/review/nominations/{undecided_nomination_id}/decision",
        RoundPhase.DECIDING,
    ),
    Screen("admin-dashboard", ADMIN, "/dashboard"),
    Screen("admin-rounds", ADMIN, "/admin/rounds/"),
    Screen("admin-round", ADMIN, "/admin/rounds/{round_id}"),
    Screen("admin-advance-confirmation", ADMIN, "/admin/rounds/{round_id}/advance"),
    Screen("admin-eligibility", ADMIN, "/admin/rounds/{round_id}/nominations/"),
    Screen("admin-conflicts", ADMIN, "/review/rounds/{round_id}/conflicts"),
    Screen("admin-users", ADMIN, "/admin/users/"),
    Screen("admin-user-form", ADMIN, "/admin/users/{user_id}/edit"),
    Screen("admin-new-user-form", ADMIN, "/admin/users/new"),
    Screen("admin-invitation-form", ADMIN, "/admin/users/invite"),
    Screen("admin-outbox", ADMIN, "/admin/outbox/"),
    Screen("admin-audit-log", ADMIN, "/admin/audit/"),
    Screen("admin-publish", ADMIN, "/admin/rounds/{round_id}/publish", RoundPhase.DECIDING),
    Screen("admin-initiatives", ADMIN, "/admin/initiatives/"),
    Screen("admin-initiative-timeline", ADMIN, "/admin/initiatives/{lighthouse_id}"),
    Screen("admin-exports", ADMIN, "/admin/rounds/{round_id}/exports/"),
]


@pytest.mark.parametrize("screen", [pytest.param(s, id=s.name) for s in SCREENS])
def test_no_serious_accessibility_violations(  # type: ignore[no-untyped-def]
    screen: Screen, server: LiveServer, data_set: DataSet, page_of: OpenAs, axe_js: str
) -> None:
    set_phase(server, data_set, screen.phase)
    page = page_of(screen.who)
    path = screen.path.format(**asdict(data_set))
    response = page.goto(path)
    assert response is not None and response.status == screen.status, (
        f"{path}: HTTP {response and response.status}"
    )
    if screen.then is not None:
        screen.then(page)
    violations = axe_violations(page, axe_js)
    if violations:
        pytest.fail(f"{screen.name} ({path}):\n{describe_violations(violations)}", pytrace=False)


# --- The keyboard alone -------------------------------------------------------------------------

FOCUS_STYLE = """el => {
  const shown = e => { const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor].join('|'); };
  const visible = e => { const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; };
  // A visually hidden input (a button-like radio) shows its focus on its label.
  const targets = [el, ...(el.labels || [])].filter(e => e.getClientRects().length);
  const focused = targets.map(shown);
  const ok = targets.some(visible);
  el.blur();
  const plain = targets.map(shown);
  el.focus();
  return ok && focused.some((s, i) => s !== plain[i]);
}"""


def assert_focus_visible(page: Page) -> None:
    element = page.evaluate_handle("() => document.activeElement")
    description = element.evaluate("e => e.outerHTML.slice(0, 200)")
    assert element.evaluate(FOCUS_STYLE), f"no visible focus indicator on {description}"


def tab_to(page: Page, target: Locator, *, limit: int = 120) -> None:
    """Press Tab until the focus is on (or inside) ``target``; every link and button passed on the
    way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("t => t.contains(document.activeElement)"):
            assert_focus_visible(page)
            return
        if page.evaluate("() => !!document.activeElement?.matches('a[href], button, summary')"):
            assert_focus_visible(page)
    raise AssertionError(f"Tab never reached {target}")


def test_logging_in_with_the_keyboard_alone(open_as: OpenAs) -> None:
    page = open_as(None)
    page.goto("/login")
    tab_to(page, page.get_by_label("E-mail", exact=True))
    page.keyboard.type(MEMBER)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.locator("#account-menu")).to_have_text("Prof. Dr. Jan Voigt")


def test_a_score_sheet_is_filled_and_submitted_with_the_keyboard_alone(  # type: ignore[no-untyped-def]
    server: LiveServer, data_set: DataSet, open_as: OpenAs
) -> None:
    set_phase(server, data_set, RoundPhase.REVIEWING)
    nomination_id = data_set.open_for_keyboard[0]
    page = open_as(SCORING_BY_KEYBOARD)
    page.goto(f"/review/nominations/{nomination_id}")
    groups = page.locator("#sheet-form fieldset.score-field")
    expect(groups.first).to_be_visible()
    wanted = [[3, 0, 5, 1, 4, 2][i % 6] for i in range(groups.count())]
    for index, value in enumerate(wanted):
        group = groups.nth(index)
        tab_to(page, group)
        # Nothing is chosen yet: the focus is on the first score (0). Space chooses it, each
        # arrow key moves on by one and chooses that score.
        expect(group.get_by_role("radio").first).to_be_focused()
        page.keyboard.press("Space")
        for _ in range(value):
            page.keyboard.press("ArrowRight")
        expect(group.get_by_role("radio", name=str(value), exact=True)).to_be_checked()
        assert_focus_visible(page)
    tab_to(page, page.get_by_label("Comment for the commission"))
    page.keyboard.type("Scored without a mouse.")
    tab_to(page, page.get_by_role("button", name="Submit sheet"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Your sheet has been submitted.")

    with server.app.app_context():
        member = _user(db.session, SCORING_BY_KEYBOARD)
        sheet = db.session.scalar(
            sa.select(ScoreSheet).where(
                ScoreSheet.nomination_id == nomination_id, ScoreSheet.member_id == member.id
            )
        )
        assert sheet is not None and sheet.state is SheetState.SUBMITTED
        by_position = {s.criterion.position: s.value for s in sheet.scores}
        assert [by_position[p] for p in sorted(by_position)] == wanted
        assert sheet.comment == "Scored without a mouse."
        db.session.remove()


def test_votes_are_cast_on_the_ballot_with_the_keyboard_alone(  # type: ignore[no-untyped-def]
    server: LiveServer, data_set: DataSet, open_as: OpenAs
) -> None:
    set_phase(server, data_set, RoundPhase.VOTING)
    page = open_as(VOTING_BY_KEYBOARD)
    page.goto(f"/review/rounds/{data_set.round_id}/ballot")
    rows = page.locator("#ballot tr[data-nomination]").filter(has=page.get_by_role("radio"))
    first, second = (int(row.get_attribute("data-nomination") or 0) for row in rows.all()[:2])
    # Award the first nomination (Space on the first choice), abstain on the second (two arrows on).
    row = page.locator(f"#ballot tr[data-nomination='{first}']")
    tab_to(page, row.get_by_role("radio").first)
    page.keyboard.press("Space")
    expect(page.locator(f"#vote-{first}-award")).to_be_checked()
    row = page.locator(f"#ballot tr[data-nomination='{second}']")
    tab_to(page, row.get_by_role("radio").first)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#vote-{second}-abstain")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Save votes"))
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_have_text("Your votes have been saved.")

    with server.app.app_context():
        member = _user(db.session, VOTING_BY_KEYBOARD)
        votes = dict(
            db.session.execute(
                sa.select(Vote.nomination_id, Vote.choice)
                .join(Nomination, Nomination.id == Vote.nomination_id)
                .where(Vote.member_id == member.id, Nomination.round_id == data_set.round_id)
            ).all()
        )
        assert votes == {first: VoteChoice.AWARD, second: VoteChoice.ABSTAIN}
        db.session.remove()


def test_the_language_switch_is_reached_with_the_tab_key(open_as: OpenAs) -> None:
    page = open_as(None)
    page.goto("/lighthouses")
    tab_to(page, page.locator("#language-switch"))
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#language-switch")).to_have_text("English")
