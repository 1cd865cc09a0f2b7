"""Members at work on the review pages: the score sheet, conflicts, and pages that stay cheap.

Integration tests through the web client, on SQLite and PostgreSQL: each request runs in an app
context of its own, so what one request wrote is read back after ``session.expire_all()``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.audit.models import AuditEvent
from evaluator.core.clock import now_utc
from evaluator.nominations.models import Eligibility, Initiative, Nomination, NominationState
from evaluator.reviewing.models import (
    ConflictOfInterest,
    ConflictOrigin,
    Score,
    ScoreSheet,
    SheetState,
    recompute_weighted_scores,
)
from evaluator.rounds.models import Round, RoundPhase
from evaluator.voting.models import Vote, VoteChoice
from tests.support.commission import (
    ADMIN,
    CHAIR,
    CONNY,
    MAX,
    MIA,
    Commission,
    checked_value,
    count,
    hidden_value,
    logged_in,
    row_of,
    score,
    set_phase,
)
from tests.support.queries import counted_queries
from tests.support.web import WebClient

SCORE_MISSING = "Score this criterion to submit the sheet."


@pytest.fixture()
def mia(client: WebClient, commission: Commission) -> WebClient:
    return logged_in(client, MIA)


def _page(c: Commission) -> str:
    return f"/review/nominations/{c.geo_id}"


def _form(c: Commission, scores: dict[int, int], *, submit: bool, comment: str = "", version: str = "0"):  # type: ignore[no-untyped-def]
    """The sheet form as a browser posts it; ``scores`` by criterion position (0–3)."""
    data = {f"criterion_{c.criterion_ids[i]}": str(v) for i, v in scores.items()}
    data |= {"comment": comment, "version": version}
    data |= {"submit_sheet": "Submit sheet"} if submit else {"save_draft": "Save draft"}
    return data


def _sheet(session, c: Commission, email: str = MIA) -> ScoreSheet | None:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(
        sa.select(ScoreSheet).where(
            ScoreSheet.member_id == c.users[email], ScoreSheet.nomination_id == c.geo_id
        )
    )


def _values(sheet: ScoreSheet, c: Commission) -> list[int | None]:
    by_criterion = {s.criterion_id: s.value for s in sheet.scores}
    return [by_criterion.get(cid) for cid in c.criterion_ids]


def _sheet_events(session) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(
        session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action.like("sheet:%")).order_by(AuditEvent.id)
        )
    )


def _error_of(html: str, c: Commission, position: int) -> str | None:
    match = re.search(
        rf'<div id="criterion_{c.criterion_ids[position]}-error"[^>]*>(.*?)</div>', html, re.DOTALL
    )
    return match.group(1).strip() if match else None


def _shown_values(html: str, c: Commission) -> list[str | None]:
    return [checked_value(html, f"criterion_{cid}") for cid in c.criterion_ids]


# -- The score sheet -----------------------------------------------------------------------------


def test_a_partial_draft_is_saved_and_shown_again(session, mia: WebClient, commission: Commission) -> None:
    c = commission

    response = mia.submit(_page(c), _form(c, {0: 3, 2: 5}, submit=False, comment="First thoughts."))

    assert response.status_code == 302
    assert response.headers["Location"] == _page(c)
    sheet = _sheet(session, c)
    assert sheet is not None
    assert sheet.state is SheetState.DRAFT
    assert _values(sheet, c) == [3, None, 5, None]
    assert sheet.comment == "First thoughts."
    page = mia.text(_page(c))
    assert "Your draft has been saved." in page
    assert _shown_values(page, c) == ["3", None, "5", None]
    assert "First thoughts." in page
    assert [(e.action, e.actor_id, e.object_id) for e in _sheet_events(session)] == [
        ("sheet:save", c.users[MIA], c.geo_id)
    ]


def test_submitting_with_missing_criteria_shows_the_form_again_and_stores_nothing(
    session, mia: WebClient, commission: Commission
) -> None:
    c = commission

    response = mia.submit(_page(c), _form(c, {0: 3, 2: 5}, submit=True, comment="Typed, not lost."))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Score every criterion to submit the sheet." in html
    assert [_error_of(html, c, i) for i in range(4)] == [None, SCORE_MISSING, None, SCORE_MISSING]
    # The message is tied to the criterion's group of buttons.
    assert f'aria-describedby="criterion_{c.criterion_ids[1]}-error"' in html
    assert _shown_values(html, c) == ["3", None, "5", None]
    assert "Typed, not lost." in html
    assert _sheet(session, c) is None
    assert _sheet_events(session) == []


def test_submitting_a_draft_with_missing_criteria_keeps_the_draft_as_it_was(
    session, mia: WebClient, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 2, draft=True, comment="draft")

    response = mia.submit(
        _page(c),
        _form(
            c,
            {0: 4, 1: 4},
            submit=True,
            comment="changed",
            version=hidden_value(mia.text(_page(c)), "version"),
        ),
    )

    assert response.status_code == 200
    assert _shown_values(response.get_data(as_text=True), c) == ["4", "4", None, None]
    sheet = _sheet(session, c)
    assert (sheet.state, _values(sheet, c), sheet.comment) == (
        SheetState.DRAFT,
        [2, None, None, None],
        "draft",
    )


def test_a_complete_sheet_is_submitted_and_audited(session, mia: WebClient, commission: Commission) -> None:
    c = commission

    response = mia.submit(_page(c), _form(c, {0: 5, 1: 4, 2: 3, 3: 0}, submit=True, comment="Solid."))

    assert response.status_code == 302
    sheet = _sheet(session, c)
    assert sheet.state is SheetState.SUBMITTED
    assert sheet.submitted_at is not None
    assert _values(sheet, c) == [5, 4, 3, 0]
    assert "Your sheet has been submitted." in mia.text(_page(c))
    (event,) = _sheet_events(session)
    assert (event.action, event.actor_id, event.object_type, event.object_id, event.round_id) == (
        "sheet:submit",
        c.users[MIA],
        "nomination",
        c.geo_id,
        c.round_id,
    )
    assert event.details["after"]["state"] == "submitted"
    assert event.details["after"]["comment"] == "Solid."


@pytest.mark.parametrize("version", ["²", "9" * 5000])
def test_a_sheet_whose_version_is_no_number_is_refused_as_stale(
    mia, session, commission: Commission, version: str
) -> None:  # type: ignore[no-untyped-def]
    # "²" passes str.isdigit() but not int(); thousands of digits are more than int() reads.
    c = commission
    response = mia.submit(_page(c), _form(c, {0: 5, 1: 4, 2: 3, 3: 2}, submit=True, version=version))
    assert response.status_code == 200
    assert "changed in the meantime" in response.get_data(as_text=True)
    assert _sheet(session, c) is None


def test_a_save_from_a_stale_form_is_refused_and_the_input_kept(
    session, new_client, commission: Commission
) -> None:
    c = commission
    first_tab, second_tab = logged_in(new_client(), MIA), logged_in(new_client(), MIA)
    stale_page = first_tab.text(_page(c))
    stale_version = hidden_value(stale_page, "version")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', stale_page).group(1)  # type: ignore[union-attr]
    saved = second_tab.submit(_page(c), _form(c, {0: 1, 1: 1}, submit=False, comment="From the other tab."))
    assert saved.status_code == 302

    response = first_tab.post(
        _page(c),
        data={
            "csrf_token": token,
            **_form(
                c, {0: 5, 1: 4, 2: 3, 3: 2}, submit=True, comment="My careful text.", version=stale_version
            ),
        },
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "saved elsewhere" in html
    assert _shown_values(html, c) == ["5", "4", "3", "2"]
    assert "My careful text." in html
    sheet = _sheet(session, c)
    assert (sheet.state, _values(sheet, c), sheet.comment) == (
        SheetState.DRAFT,
        [1, 1, None, None],
        "From the other tab.",
    )
    # The form now carries the current version: saving it again, knowingly, goes through.
    assert hidden_value(html, "version") == str(sheet.version)
    again = first_tab.post(
        _page(c),
        data={
            "csrf_token": token,
            **_form(
                c,
                {0: 5, 1: 4, 2: 3, 3: 2},
                submit=True,
                comment="My careful text.",
                version=str(sheet.version),
            ),
        },
    )
    assert again.status_code == 302
    sheet = _sheet(session, c)
    assert (sheet.state, _values(sheet, c)) == (SheetState.SUBMITTED, [5, 4, 3, 2])


def test_a_submitted_sheet_is_amended_while_reviewing_runs(
    session, mia: WebClient, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 1, 2, 3, 4, comment="Before.")
    page = mia.text(_page(c))
    assert 'value="Save changes"' in page
    assert 'name="save_draft"' not in page  # a submitted sheet does not go back to draft

    response = mia.submit(
        _page(c),
        _form(
            c, {0: 4, 1: 4, 2: 4, 3: 4}, submit=True, comment="After.", version=hidden_value(page, "version")
        ),
    )

    assert response.status_code == 302
    assert "Your changes have been saved." in mia.text(_page(c))
    sheet = _sheet(session, c)
    assert (sheet.state, _values(sheet, c), sheet.comment) == (SheetState.SUBMITTED, [4, 4, 4, 4], "After.")
    amend = _sheet_events(session)[-1]
    assert amend.action == "sheet:amend"
    assert amend.details["before"]["comment"] == "Before."
    assert amend.details["after"]["comment"] == "After."
    assert list(amend.details["before"]["scores"].values()) == [1, 2, 3, 4]
    assert list(amend.details["after"]["scores"].values()) == [4, 4, 4, 4]


def test_an_amendment_must_keep_every_criterion_scored(
    session, mia: WebClient, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 1, 2, 3, 4)
    page = mia.text(_page(c))

    response = mia.submit(_page(c), _form(c, {0: 5}, submit=True, version=hidden_value(page, "version")))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _error_of(html, c, 1) == SCORE_MISSING
    sheet = _sheet(session, c)
    assert (sheet.state, _values(sheet, c)) == (SheetState.SUBMITTED, [1, 2, 3, 4])


def test_once_voting_has_started_the_sheet_can_no_longer_be_changed(
    session, mia: WebClient, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 1, 2, 3, 4, comment="Final.")
    version = hidden_value(mia.text(_page(c)), "version")
    set_phase(session, c, RoundPhase.VOTING)
    events = len(_sheet_events(session))

    page = mia.text(_page(c))
    response = mia.submit(
        "/review/", _form(c, {0: 5, 1: 5, 2: 5, 3: 5}, submit=True, version=version), action=_page(c)
    )

    assert 'id="sheet-form"' not in page
    assert "Reviewing is closed; the sheet can no longer be changed." in page
    assert 'id="own-scores"' in page
    assert response.status_code == 403
    sheet = _sheet(session, c)
    assert (_values(sheet, c), sheet.comment) == ([1, 2, 3, 4], "Final.")
    assert len(_sheet_events(session)) == events


def test_after_the_review_deadline_a_save_is_refused_with_the_input_kept(
    session, mia: WebClient, commission: Commission
) -> None:
    c = commission
    round_ = session.get(Round, c.round_id)
    round_.review_deadline = datetime.now(UTC) - timedelta(hours=1)
    session.commit()

    response = mia.submit(_page(c), _form(c, {0: 2, 1: 3}, submit=False, comment="Too late?"))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The reviewing deadline has passed" in html
    assert _shown_values(html, c) == ["2", "3", None, None]
    assert "Too late?" in html
    assert _sheet(session, c) is None


def test_a_score_off_the_scale_is_refused(session, mia: WebClient, commission: Commission) -> None:
    c = commission

    response = mia.submit(_page(c), _form(c, {0: 9}, submit=False))

    assert response.status_code == 200
    assert _sheet(session, c) is None


# -- Conflicts through the pages -------------------------------------------------------------------


def test_a_member_declares_a_conflict_and_the_nomination_closes_to_them(
    session, client, commission: Commission
) -> None:
    c = commission
    max_ = logged_in(client, MAX)

    response = max_.submit(
        _page(c), {"conflict-reason": "My former doctoral student leads it."}, action=f"{_page(c)}/conflict"
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/review/?category={c.category_id}"
    overview = max_.text("/review/")
    assert "is recorded; the nomination is now closed to you" in overview
    assert max_.get(_page(c)).status_code == 404
    row = row_of(overview, c.geo_id)
    assert row is not None and "Conflict of interest" in row
    session.expire_all()
    conflict = session.scalar(
        sa.select(ConflictOfInterest).where(
            ConflictOfInterest.member_id == c.users[MAX], ConflictOfInterest.nomination_id == c.geo_id
        )
    )
    assert conflict is not None and conflict.origin is ConflictOrigin.DECLARED
    assert count(session, AuditEvent, AuditEvent.action == "conflict:declare") == 1


def test_a_declaration_needs_a_reason(session, client, commission: Commission) -> None:
    c = commission
    max_ = logged_in(client, MAX)

    response = max_.submit(_page(c), {"conflict-reason": "  "}, action=f"{_page(c)}/conflict")

    assert response.status_code == 302
    assert max_.get(_page(c)).status_code == 200
    assert count(session, ConflictOfInterest, ConflictOfInterest.member_id == c.users[MAX]) == 0


def test_an_admin_sets_and_clears_a_conflict(session, new_client, commission: Commission) -> None:
    c = commission
    admin, max_ = logged_in(new_client(), ADMIN), logged_in(new_client(), MAX)
    conflicts = f"/review/rounds/{c.round_id}/conflicts"
    assert "Conny Conflicted" in admin.text(conflicts)  # the automatic one

    response = admin.submit(
        conflicts,
        {"set-member": str(c.users[MAX]), "set-nomination": str(c.geo_id), "set-reason": "Co-applicant."},
    )

    assert response.status_code == 302
    assert max_.get(_page(c)).status_code == 404
    session.expire_all()
    conflict = session.scalar(
        sa.select(ConflictOfInterest).where(ConflictOfInterest.member_id == c.users[MAX])
    )
    assert conflict.origin is ConflictOrigin.ADMIN

    cleared = admin.submit(
        conflicts, {"clear-reason": "Checked: no link."}, action=f"/review/conflicts/{conflict.id}/clear"
    )

    assert cleared.status_code == 302
    assert max_.get(_page(c)).status_code == 200
    assert [
        e.action
        for e in session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action.like("conflict:%")).order_by(AuditEvent.id)
        )
    ][-2:] == ["conflict:set", "conflict:clear"]


# -- A fixed number of SQL statements per page -----------------------------------------------------


def _add_scored_nominations(session, c: Commission, how_many: int, *, votes: bool = False) -> None:  # type: ignore[no-untyped-def]
    """``how_many`` more eligible nominations in the category, in a few bulk statements: each with
    submitted sheets of Mia, Max and the chair (and their votes, if asked)."""
    geodesy_id = session.get(Nomination, c.geo_id).org_unit_id
    start = count(session, Nomination)
    now = now_utc()
    initiative_ids = session.scalars(
        sa.insert(Initiative).returning(Initiative.id, sort_by_parameter_order=True),
        [
            {"title": f"Bulk Initiative {start + i:04d}", "org_unit_id": geodesy_id, "summary": "In bulk."}
            for i in range(how_many)
        ],
    ).all()
    nomination_ids = session.scalars(
        sa.insert(Nomination).returning(Nomination.id, sort_by_parameter_order=True),
        [
            {
                "round_id": c.round_id,
                "initiative_id": initiative_id,
                "category_id": c.category_id,
                "org_unit_id": geodesy_id,
                "state": NominationState.SUBMITTED,
                "eligibility": Eligibility.ELIGIBLE,
                "title": f"Bulk Initiative {start + i:04d}",
                "summary": "In bulk.",
                "description": "",
                "head_support_confirmed": True,
                "submitted_at": now,
            }
            for i, initiative_id in enumerate(initiative_ids)
        ],
    ).all()
    members = [c.users[MIA], c.users[MAX], c.users[CHAIR]]
    pairs = [(n, m) for n in nomination_ids for m in members]
    sheet_ids = session.scalars(
        sa.insert(ScoreSheet).returning(ScoreSheet.id, sort_by_parameter_order=True),
        [
            {
                "nomination_id": n,
                "member_id": m,
                "state": SheetState.SUBMITTED,
                "comment": "",
                "submitted_at": now,
            }
            for n, m in pairs
        ],
    ).all()
    session.execute(
        sa.insert(Score),
        [
            {"sheet_id": sheet_id, "criterion_id": criterion_id, "value": (i + k) % 6}
            for i, sheet_id in enumerate(sheet_ids)
            for k, criterion_id in enumerate(c.criterion_ids)
        ],
    )
    recompute_weighted_scores(session)
    if votes:
        choices = list(VoteChoice)
        session.execute(
            sa.insert(Vote),
            [
                {"nomination_id": n, "member_id": m, "choice": choices[i % 3]}
                for i, (n, m) in enumerate(pairs)
            ],
        )
    session.commit()


def _statements(client: WebClient, url: str) -> tuple[int, str]:
    """The number of SQL statements one GET of ``url`` issues (after a warm-up), and the page."""
    assert client.get(url).status_code == 200
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements), response.get_data(as_text=True)


def _rows(html: str) -> int:
    return len(re.findall(r"<tr[^>]*data-nomination=", html))


def test_the_ranking_page_issues_as_many_statements_for_500_nominations_as_for_5(
    session, new_client, commission: Commission
) -> None:
    c = commission
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2)
    score(session, c, MAX, c.geo_id, 1, 2, 3, 4)
    score(session, c, CHAIR, c.hydro_id, 3, 3, 3, 3)
    _add_scored_nominations(session, c, 3)
    viewers = {email: logged_in(new_client(), email) for email in (ADMIN, MIA, CONNY)}
    urls = {
        "raw": f"/review/rounds/{c.round_id}/ranking?category={c.category_id}",
        "normalised": f"/review/rounds/{c.round_id}/ranking?category={c.category_id}&normalised=1",
    }

    small = {(e, k): _statements(v, u) for e, v in viewers.items() for k, u in urls.items()}
    _add_scored_nominations(session, c, 495)
    large = {(e, k): _statements(v, u) for e, v in viewers.items() for k, u in urls.items()}

    for key in small:
        (n_small, page_small), (n_large, page_large) = small[key], large[key]
        print(
            f"\nRanking page ({key[1]}, seen by {key[0]}): {n_small} SQL statements with 5 eligible "
            f"nominations, {n_large} with 500"
        )
        assert (_rows(page_small), _rows(page_large)) == (5, 500)
        assert n_small == n_large, key
    # The admin sees every row with its figures; Conny hers are hidden (a conflict, no own sheets).
    admin_page = large[(ADMIN, "raw")][1]
    assert admin_page.count('class="text-end weighted"') == 500
    # Every bulk nomination is ranked on its three sheets, Geodesy on two, Hydrology on one.
    assert admin_page.count('<td class="text-end sheets">3</td>') == 498
    assert admin_page.count('<td class="text-end sheets">0</td>') == 0
    conny_page = large[(CONNY, "raw")][1]
    assert conny_page.count('class="hidden-reason"') == 500
    assert "conflict of interest" in (row_of(conny_page, c.hydro_id) or "")


def test_the_progress_page_issues_as_many_statements_for_5_nominations_as_for_1(
    session, client, commission: Commission
) -> None:
    c = commission
    hydro = session.get(Nomination, c.hydro_id)
    hydro.eligibility = Eligibility.INELIGIBLE
    session.commit()
    score(session, c, MIA, c.geo_id, 5, 4, 3, 2)
    score(session, c, MAX, c.geo_id, 1, 2, 3, 4, draft=True)
    set_phase(session, c, RoundPhase.VOTING)
    chair = logged_in(client, CHAIR)
    url = f"/review/rounds/{c.round_id}/progress"

    n_one, page_one = _statements(chair, url)
    _add_scored_nominations(session, c, 4, votes=True)
    n_five, page_five = _statements(chair, url)

    print(f"\nProgress page: {n_one} SQL statements with 1 eligible nomination, {n_five} with 5")
    assert (_rows(page_one), _rows(page_five)) == (1, 5)
    member_row = re.search(rf'<tr data-member="{c.users[MIA]}".*?</tr>', page_five, re.DOTALL)
    assert member_row is not None
    assert '<td class="text-end submitted">5</td>' in member_row.group(0)
    assert '<td class="text-end votes">4</td>' in member_row.group(0)
    assert n_one == n_five


@pytest.mark.parametrize("phase", [RoundPhase.REVIEWING, RoundPhase.VOTING])
def test_the_member_overview_and_dashboard_issue_as_many_statements_for_5_nominations_as_for_1(
    session, client, commission: Commission, phase: RoundPhase
) -> None:
    c = commission
    hydro = session.get(Nomination, c.hydro_id)
    hydro.eligibility = Eligibility.INELIGIBLE
    session.commit()
    set_phase(session, c, phase)
    mia = logged_in(client, MIA)
    pages = ["/review/", "/dashboard", f"/review/rounds/{c.round_id}/ballot"]

    one = {url: _statements(mia, url) for url in pages}
    _add_scored_nominations(session, c, 4, votes=phase is RoundPhase.VOTING)
    five = {url: _statements(mia, url) for url in pages}

    for url in pages:
        print(
            f"\n{url} ({phase}) for a member: {one[url][0]} SQL statements with 1 eligible nomination, "
            f"{five[url][0]} with 5"
        )
        assert one[url][0] == five[url][0], url
    assert (_rows(one["/review/"][1]), _rows(five["/review/"][1])) == (1, 5)
    assert five["/review/"][1].count("Submitted") >= 4
