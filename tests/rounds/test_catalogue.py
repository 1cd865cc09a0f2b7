"""A round's categories and criteria: the operations, who may edit them, and the admin pages."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import url_for

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent
from evaluator.core.errors import NotAllowed
from evaluator.reviewing.models import Score, ScoreSheet, SheetState
from evaluator.rounds import catalogue, operations
from evaluator.rounds.models import Category, Criterion, Round, RoundPhase
from tests.accounts.pages import field_error, input_value, main_heading, page_text
from tests.support.factories import (
    PASSWORD,
    make_initiative,
    make_nomination,
    make_round,
    make_unit,
    make_user,
)
from tests.support.queries import counted_queries

ADMIN_EMAIL = "admin@example.org"
SCRIPT_NAME = "<script>alert(1)</script>"
ESCAPED_SCRIPT_NAME = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture()
def admin(session) -> User:  # type: ignore[no-untyped-def]
    return make_user(session, Role.ADMIN, email=ADMIN_EMAIL, name="Ada Admin")


def _catalogue_events(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.object_type.in_(["category", "criterion"]))
    )


def _events(session, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


def _names(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.name for item in items]


def _fresh_round(session, round_id: int) -> Round:  # type: ignore[no-untyped-def]
    session.expire_all()
    round_ = session.get(Round, round_id)
    assert round_ is not None
    return round_


# Categories -----------------------------------------------------------------------------------


def test_a_new_category_goes_last_with_a_key_made_from_its_name(session, admin) -> None:
    round_ = make_round(session, 2026, categories=2)

    category = catalogue.add_category(
        session, round_, actor=admin, name="  Lokale Netzwerke für Öffentlichkeit ", description="Local ones."
    )

    assert (category.name, category.key, category.position) == (
        "Lokale Netzwerke für Öffentlichkeit",
        "lokale-netzwerke-fuer-oeffentlichkeit",
        2,
    )
    assert _names(_fresh_round(session, round_.id).categories) == [
        "Category 1",
        "Category 2",
        "Lokale Netzwerke für Öffentlichkeit",
    ]
    [event] = _events(session, "category:create")
    assert (event.actor_id, event.object_type, event.object_id, event.round_id) == (
        admin.id,
        "category",
        category.id,
        round_.id,
    )
    assert event.details == {
        "after": {
            "key": "lokale-netzwerke-fuer-oeffentlichkeit",
            "name": "Lokale Netzwerke für Öffentlichkeit",
            "description": "Local ones.",
            "position": 2,
        }
    }


def test_a_key_already_used_in_the_round_gets_a_number(session, admin) -> None:
    round_ = make_round(session, 2026, categories=0)

    first = catalogue.add_category(session, round_, actor=admin, name="Programmes")
    second = catalogue.add_category(session, round_, actor=admin, name="Programmes!")
    third = catalogue.add_category(session, round_, actor=admin, name="★")

    assert [first.key, second.key, third.key] == ["programmes", "programmes-2", "category"]
    assert [first.position, second.position, third.position] == [0, 1, 2]


@pytest.mark.parametrize("name", ["Category 1", "category 1", "  CATEGORY 1 "])
def test_a_category_name_is_used_once_per_round(session, admin, name) -> None:
    round_ = make_round(session, 2026, categories=2)

    with pytest.raises(catalogue.NameTaken, match="already has a category called"):
        catalogue.add_category(session, round_, actor=admin, name=name)

    assert len(_fresh_round(session, round_.id).categories) == 2
    assert _events(session, "category:create") == []


def test_the_same_category_name_may_appear_in_another_round(session, admin) -> None:
    make_round(session, 2021, phase=RoundPhase.PUBLISHED)
    round_ = make_round(session, 2026, categories=0)

    category = catalogue.add_category(session, round_, actor=admin, name="Category 1")

    assert category.key == "category-1"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_category_needs_a_name_of_at_most_200_characters(session, admin, name) -> None:
    round_ = make_round(session, 2026, categories=0)

    with pytest.raises(catalogue.InvalidName):
        catalogue.add_category(session, round_, actor=admin, name=name)


def test_renaming_a_category_keeps_its_key_and_audits_only_what_changed(session, admin) -> None:
    round_ = make_round(session, 2026, categories=2)
    category = round_.categories[0]

    catalogue.update_category(
        session, category, actor=admin, name="Partnerships", description=category.description
    )

    assert (category.name, category.key) == ("Partnerships", "category-1")
    [event] = _events(session, "category:update")
    assert (event.object_id, event.round_id) == (category.id, round_.id)
    assert event.details == {"before": {"name": "Category 1"}, "after": {"name": "Partnerships"}}


def test_saving_a_category_unchanged_writes_no_audit_event(session, admin) -> None:
    round_ = make_round(session, 2026)
    category = round_.categories[0]

    catalogue.update_category(session, category, actor=admin, name="Category 1", description="")
    catalogue.update_category(session, category, actor=admin, name="CATEGORY 1", description="")
    catalogue.update_category(session, category, actor=admin, name="CATEGORY 1", description="")

    [event] = _events(session, "category:update")
    assert event.details == {"before": {"name": "Category 1"}, "after": {"name": "CATEGORY 1"}}


def test_a_category_cannot_take_the_name_of_another(session, admin) -> None:
    round_ = make_round(session, 2026, categories=2)

    with pytest.raises(catalogue.NameTaken):
        catalogue.update_category(session, round_.categories[1], actor=admin, name="Category 1")

    assert _names(_fresh_round(session, round_.id).categories) == ["Category 1", "Category 2"]


def test_deleting_a_category_deletes_its_criteria_and_is_audited(session, admin) -> None:
    round_ = make_round(session, 2026, categories=2)
    category = round_.categories[0]
    category_id = category.id

    catalogue.delete_category(session, category, actor=admin)

    assert _names(_fresh_round(session, round_.id).categories) == ["Category 2"]
    assert (
        session.scalar(sa.select(sa.func.count(Criterion.id)).where(Criterion.category_id == category_id))
        == 0
    )
    [event] = _events(session, "category:delete")
    assert (event.object_type, event.object_id, event.round_id) == ("category", category_id, round_.id)
    assert event.details == {
        "before": {
            "key": "category-1",
            "name": "Category 1",
            "description": "",
            "position": 0,
            "criteria": ["Criterion 1", "Criterion 2", "Criterion 3", "Criterion 4"],
        }
    }


def test_a_category_with_nominations_is_not_deleted(session, admin) -> None:
    round_ = make_round(session, 2026, categories=2)
    make_nomination(
        session, round_, make_initiative(session, make_unit(session)), category=round_.categories[1]
    )

    with pytest.raises(NotAllowed, match="“Category 2” cannot be deleted: 1 nomination has been made in it."):
        catalogue.delete_category(session, round_.categories[1], actor=admin)

    assert _names(_fresh_round(session, round_.id).categories) == ["Category 1", "Category 2"]
    assert _events(session, "category:delete") == []


def test_moving_a_category_swaps_it_with_its_neighbour(session, admin) -> None:
    round_ = make_round(session, 2026, categories=3)
    third = round_.categories[2]

    moved = catalogue.move_category(session, third, actor=admin, direction=-1)

    assert moved is True
    assert _names(_fresh_round(session, round_.id).categories) == ["Category 1", "Category 3", "Category 2"]
    [event] = _events(session, "category:update")
    assert (event.object_id, event.details) == (
        third.id,
        {"before": {"position": 2}, "after": {"position": 1}},
    )


def test_moving_past_either_end_changes_nothing(session, admin) -> None:
    round_ = make_round(session, 2026, categories=2)

    up = catalogue.move_category(session, round_.categories[0], actor=admin, direction=-1)
    down = catalogue.move_category(session, round_.categories[1], actor=admin, direction=1)

    assert (up, down) == (False, False)
    assert _names(_fresh_round(session, round_.id).categories) == ["Category 1", "Category 2"]
    assert _events(session, "category:update") == []


def test_moving_works_with_gaps_and_ties_in_the_stored_positions(session, admin) -> None:
    round_ = make_round(session, 2026, categories=3)
    for category, position in zip(round_.categories, [5, 5, 9], strict=True):
        category.position = position
    session.flush()
    round_ = _fresh_round(session, round_.id)
    second = next(c for c in round_.categories if c.name == "Category 2")

    catalogue.move_category(session, second, actor=admin, direction=-1)

    assert [(c.name, c.position) for c in _fresh_round(session, round_.id).categories] == [
        ("Category 2", 0),
        ("Category 1", 1),
        ("Category 3", 2),
    ]


# Criteria -------------------------------------------------------------------------------------


def test_a_new_criterion_goes_last_in_its_category(session, admin) -> None:
    round_ = make_round(session, 2026)
    category = round_.categories[0]

    criterion = catalogue.add_criterion(
        session, category, actor=admin, name="Visibility", guidance="Who knows it?", weight=Decimal("2.5")
    )

    assert (criterion.weight, criterion.position) == (2.5, 4)
    assert _names(_fresh_round(session, round_.id).categories[0].criteria)[-1] == "Visibility"
    [event] = _events(session, "criterion:create")
    assert (event.object_type, event.object_id, event.round_id) == ("criterion", criterion.id, round_.id)
    assert event.details == {
        "after": {
            "category_id": category.id,
            "name": "Visibility",
            "guidance": "Who knows it?",
            "weight": 2.5,
            "position": 4,
        }
    }


def test_changing_a_weight_is_audited_with_before_and_after(session, admin) -> None:
    round_ = make_round(session, 2026)
    criterion = round_.categories[0].criteria[1]

    catalogue.update_criterion(session, criterion, actor=admin, name="Criterion 2", guidance="", weight=3.5)

    session.expire_all()
    assert session.get(Criterion, criterion.id).weight == 3.5
    [event] = _events(session, "criterion:update")
    assert (event.object_id, event.round_id) == (criterion.id, round_.id)
    assert event.details == {"before": {"weight": 2.0}, "after": {"weight": 3.5}}


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (0, "The weight must be above 0."),
        (-1, "The weight must be above 0."),
        (Decimal("1e-400"), "The weight must be above 0."),
        (float("nan"), "The weight must be above 0."),
        (float("inf"), "The weight must be above 0."),
        (100.5, "The weight must be at most 100."),
    ],
)
def test_a_weight_must_be_above_0_and_at_most_100(session, admin, weight, message) -> None:
    round_ = make_round(session, 2026)
    criterion = round_.categories[0].criteria[0]

    with pytest.raises(catalogue.InvalidWeight, match=re.escape(message)):
        catalogue.update_criterion(session, criterion, actor=admin, name="Criterion 1", weight=weight)
    with pytest.raises(catalogue.InvalidWeight):
        catalogue.add_criterion(session, round_.categories[0], actor=admin, name="New", weight=weight)

    session.expire_all()
    assert session.get(Criterion, criterion.id).weight == 1.0
    assert len(session.get(Category, round_.categories[0].id).criteria) == 4


def test_a_criterion_name_is_used_once_per_category_but_may_repeat_in_another(session, admin) -> None:
    round_ = make_round(session, 2026, categories=2)
    first, second = round_.categories

    with pytest.raises(catalogue.NameTaken, match="already has a criterion called “criterion 2”"):
        catalogue.add_criterion(session, first, actor=admin, name="criterion 2", weight=1)
    with pytest.raises(catalogue.NameTaken):
        catalogue.update_criterion(session, first.criteria[0], actor=admin, name="Criterion 2", weight=1)
    catalogue.update_criterion(session, second.criteria[0], actor=admin, name="Reach", weight=1)
    catalogue.add_criterion(session, first, actor=admin, name="Reach", weight=1)

    assert _names(_fresh_round(session, round_.id).categories[0].criteria)[-1] == "Reach"


def test_deleting_a_criterion_is_audited(session, admin) -> None:
    round_ = make_round(session, 2026)
    criterion = round_.categories[0].criteria[2]
    criterion_id = criterion.id

    catalogue.delete_criterion(session, criterion, actor=admin)

    assert _names(_fresh_round(session, round_.id).categories[0].criteria) == [
        "Criterion 1",
        "Criterion 2",
        "Criterion 4",
    ]
    [event] = _events(session, "criterion:delete")
    assert (event.object_id, event.round_id) == (criterion_id, round_.id)
    assert event.details["before"]["name"] == "Criterion 3"


def test_a_scored_criterion_is_not_deleted(session, admin) -> None:
    round_ = make_round(session, 2026)
    nomination = make_nomination(session, round_, make_initiative(session, make_unit(session)))
    criterion = round_.categories[0].criteria[0]
    sheet = ScoreSheet(nomination=nomination, member=make_user(session, Role.MEMBER), state=SheetState.DRAFT)
    sheet.scores = [Score(criterion=criterion, value=4)]
    session.add(sheet)
    session.flush()

    with pytest.raises(NotAllowed, match="“Criterion 1” cannot be deleted: 1 score refers to it."):
        catalogue.delete_criterion(session, criterion, actor=admin)

    assert len(_fresh_round(session, round_.id).categories[0].criteria) == 4
    assert _events(session, "criterion:delete") == []


def test_moving_a_criterion_down_swaps_it_with_the_next(session, admin) -> None:
    round_ = make_round(session, 2026)
    first = round_.categories[0].criteria[0]

    assert catalogue.move_criterion(session, first, actor=admin, direction=1) is True
    assert (
        catalogue.move_criterion(session, round_.categories[0].criteria[0], actor=admin, direction=-1)
        is False
    )

    assert _names(_fresh_round(session, round_.id).categories[0].criteria) == [
        "Criterion 2",
        "Criterion 1",
        "Criterion 3",
        "Criterion 4",
    ]
    [event] = _events(session, "criterion:update")
    assert (event.object_id, event.details) == (
        first.id,
        {"before": {"position": 0}, "after": {"position": 1}},
    )


# Only while a draft ---------------------------------------------------------------------------

EDITS = {
    "add_category": lambda s, r, a: catalogue.add_category(s, r, actor=a, name="New"),
    "update_category": lambda s, r, a: catalogue.update_category(s, r.categories[0], actor=a, name="Renamed"),
    "delete_category": lambda s, r, a: catalogue.delete_category(s, r.categories[0], actor=a),
    "move_category": lambda s, r, a: catalogue.move_category(s, r.categories[0], actor=a, direction=1),
    "add_criterion": lambda s, r, a: catalogue.add_criterion(
        s, r.categories[0], actor=a, name="New", weight=1
    ),
    "update_criterion": lambda s, r, a: catalogue.update_criterion(
        s, r.categories[0].criteria[0], actor=a, name="Renamed", weight=2
    ),
    "delete_criterion": lambda s, r, a: catalogue.delete_criterion(s, r.categories[0].criteria[0], actor=a),
    "move_criterion": lambda s, r, a: catalogue.move_criterion(
        s, r.categories[0].criteria[0], actor=a, direction=1
    ),
}


def _catalogue_snapshot(round_: Round) -> list[tuple]:
    return [
        (c.name, c.position, [(k.name, k.weight, k.position) for k in c.criteria]) for c in round_.categories
    ]


@pytest.mark.parametrize("phase", [RoundPhase.NOMINATING, RoundPhase.REVIEWING, RoundPhase.PUBLISHED])
@pytest.mark.parametrize("edit", list(EDITS))
def test_nothing_changes_once_the_round_has_left_the_draft_phase(session, admin, phase, edit) -> None:
    round_ = make_round(session, 2026, phase=phase, categories=2)
    before = _catalogue_snapshot(round_)

    with pytest.raises(NotAllowed, match="Categories and criteria are fixed once nominating has opened."):
        EDITS[edit](session, round_, admin)

    assert _catalogue_snapshot(_fresh_round(session, round_.id)) == before
    assert _catalogue_events(session) == 0


def test_only_admins_edit_and_only_a_draft(session, admin) -> None:
    draft = make_round(session, 2026)
    running = make_round(session, 2025, phase=RoundPhase.NOMINATING)
    member = make_user(session, Role.MEMBER, Role.CHAIR)
    inactive_admin = make_user(session, Role.ADMIN, active=False)

    assert catalogue.can_edit_catalogue(admin, draft) is True
    assert catalogue.can_edit_catalogue(admin, running) is False
    assert catalogue.can_edit_catalogue(member, draft) is False
    assert catalogue.can_edit_catalogue(inactive_admin, draft) is False
    assert catalogue.can_edit_catalogue(None, draft) is False


def test_editing_the_2026_draft_leaves_the_2021_round_unchanged(session, admin) -> None:
    old = make_round(session, 2021, phase=RoundPhase.PUBLISHED, categories=2)
    old_before = _catalogue_snapshot(old)
    new = operations.create_round(session, actor=admin, name="2026 selection", year=2026)

    catalogue.update_criterion(session, new.categories[0].criteria[0], actor=admin, name="Reach", weight=7)
    catalogue.add_criterion(session, new.categories[0], actor=admin, name="Visibility", weight=1)
    catalogue.delete_criterion(session, new.categories[1].criteria[3], actor=admin)
    catalogue.update_category(session, new.categories[1], actor=admin, name="Programmes")
    catalogue.move_category(session, new.categories[1], actor=admin, direction=-1)
    catalogue.add_category(session, new, actor=admin, name="National networks")

    assert _catalogue_snapshot(_fresh_round(session, old.id)) == old_before
    assert _names(_fresh_round(session, new.id).categories) == [
        "Programmes",
        "Category 1",
        "National networks",
    ]


# The admin pages ------------------------------------------------------------------------------


@pytest.fixture()
def admin_client(client, session, admin):  # type: ignore[no-untyped-def]
    session.commit()
    response = client.login(ADMIN_EMAIL, PASSWORD)
    assert response.status_code == 302
    return client


@pytest.fixture()
def draft(session) -> Round:  # type: ignore[no-untyped-def]
    round_ = make_round(session, 2026, categories=2)
    session.commit()
    return round_


def _page_url(round_: Round) -> str:
    return f"/admin/rounds/{round_.id}/categories/"


def _criterion_url(criterion: Criterion, action: str = "edit") -> str:
    category = criterion.category
    return f"/admin/rounds/{category.round_id}/categories/{category.id}/criteria/{criterion.id}/{action}"


def _category_url(category: Category, action: str = "edit") -> str:
    return f"/admin/rounds/{category.round_id}/categories/{category.id}/{action}"


def criteria_on_page(page: str) -> dict[str, list[tuple[str, str, str]]]:
    """Each category heading with its criteria rows (name, weight, guidance), in page order."""
    result: dict[str, list[tuple[str, str, str]]] = {}
    for section in re.findall(r"<section\b.*?</section>", page, re.S):
        heading = re.search(r"<h2\b[^>]*>(.*?)</h2>", section, re.S)
        assert heading
        rows = re.findall(
            r'<th scope="row"[^>]*>(.*?)</th>\s*<td class="text-end">(.*?)</td>\s*<td[^>]*>(.*?)</td>',
            section,
            re.S,
        )
        result[html.unescape(heading.group(1).strip())] = [
            tuple(html.unescape(cell.strip()) for cell in row) for row in rows
        ]
    return result


def alerts(page: str) -> list[tuple[str, str]]:
    return [
        (kind, html.unescape(text.strip()))
        for kind, text in re.findall(r'<div class="alert alert-(\w+)"[^>]*>(.*?)</div>', page, re.S)
    ]


def textarea_value(page: str, name: str) -> str | None:
    match = re.search(rf'<textarea\b[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1)).lstrip("\r\n") if match else None


def test_the_page_lists_categories_in_order_with_their_criteria(admin_client, session, draft) -> None:
    draft.categories[0].criteria[0].guidance = "How many students took part?"
    session.commit()

    response = admin_client.get(_page_url(draft))

    assert response.status_code == 200
    page = page_text(response)
    assert main_heading(page) == "Categories and criteria"
    assert criteria_on_page(page) == {
        "Category 1": [
            ("Criterion 1", "1", "How many students took part?"),
            ("Criterion 2", "2", ""),
            ("Criterion 3", "3", ""),
            ("Criterion 4", "4", ""),
        ],
        "Category 2": [
            ("Criterion 1", "1", ""),
            ("Criterion 2", "2", ""),
            ("Criterion 3", "3", ""),
            ("Criterion 4", "4", ""),
        ],
    }
    assert "Add category" in page
    assert page.count("Add criterion") == 2


def test_every_page_has_the_breadcrumb_back_to_the_round(app, admin_client, session, draft) -> None:
    with app.test_request_context():
        rounds_url = url_for("admin_rounds.index")
        round_url = url_for("admin_rounds.detail", round_id=draft.id)
    category = draft.categories[0]
    pages = [
        _page_url(draft),
        f"/admin/rounds/{draft.id}/categories/new",
        _category_url(category),
        f"/admin/rounds/{draft.id}/categories/{category.id}/criteria/new",
        _criterion_url(category.criteria[0]),
    ]
    for url in pages:
        page = admin_client.text(url)
        crumbs = re.search(r'<ol class="breadcrumb">(.*?)</ol>', page, re.S)
        assert crumbs, url
        links = re.findall(r'<a href="([^"]+)">(.*?)</a>', crumbs.group(1))
        assert links[:2] == [(rounds_url, "Rounds"), (round_url, "2026 selection")], url
        assert "Categories and criteria" in crumbs.group(1), url


def test_an_admin_changes_a_weight_and_sees_it_on_the_page(admin_client, session, draft, admin) -> None:
    criterion = draft.categories[1].criteria[2]
    url = _criterion_url(criterion)
    assert input_value(admin_client.text(url), "weight") == "3.0"

    response = admin_client.submit(
        url, {"name": "Criterion 3", "guidance": "Joint degrees count double.", "weight": "2.5"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == _page_url(draft)
    page = admin_client.text(_page_url(draft))
    assert ("success", "The criterion “Criterion 3” has been saved.") in alerts(page)
    assert criteria_on_page(page)["Category 2"][2] == ("Criterion 3", "2.5", "Joint degrees count double.")
    session.expire_all()
    assert session.get(Criterion, criterion.id).weight == 2.5
    [event] = _events(session, "criterion:update")
    assert event.actor_id == admin.id
    assert event.details == {
        "before": {"guidance": "", "weight": 3.0},
        "after": {"guidance": "Joint degrees count double.", "weight": 2.5},
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"weight": "0"}, "weight", "The weight must be above 0."),
        ({"weight": "-1"}, "weight", "The weight must be above 0."),
        ({"weight": "101"}, "weight", "The weight must be at most 100."),
        ({"weight": "NaN"}, "weight", "Enter a number such as 1 or 2.5."),
        ({"weight": "heavy"}, "weight", "Not a valid decimal value."),
        ({"weight": ""}, "weight", "This field is required."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "   "}, "name", "This field is required."),
        ({"name": "x" * 201}, "name", "Field cannot be longer than 200 characters."),
        ({"name": "Criterion 4"}, "name", "This category already has a criterion called “Criterion 4”."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_kept(
    admin_client, session, draft, data, field, message
) -> None:
    criterion = draft.categories[0].criteria[0]
    form = {"name": "Reach", "guidance": "Typed guidance", "weight": "2", **data}

    response = admin_client.submit(_criterion_url(criterion), form)

    assert response.status_code == 200
    page = page_text(response)
    assert field_error(page, field) == message
    other = "name" if field == "weight" else "weight"
    assert field_error(page, other) is None
    assert input_value(page, field) == form[field].strip()  # as typed, less surrounding blanks
    assert textarea_value(page, "guidance") == "Typed guidance"
    session.expire_all()
    stored = session.get(Criterion, criterion.id)
    assert (stored.name, stored.weight, stored.guidance) == ("Criterion 1", 1.0, "")
    assert _events(session, "criterion:update") == []


def test_an_admin_adds_a_category_and_a_criterion(admin_client, session, draft) -> None:
    created = admin_client.submit(
        f"/admin/rounds/{draft.id}/categories/new",
        {"name": "National networks", "description": "Networks within Germany."},
    )
    assert created.status_code == 302
    round_ = _fresh_round(session, draft.id)
    category = round_.categories[-1]
    assert (category.name, category.key, category.description) == (
        "National networks",
        "national-networks",
        "Networks within Germany.",
    )

    added = admin_client.submit(
        f"/admin/rounds/{draft.id}/categories/{category.id}/criteria/new",
        {"name": "Reach", "guidance": "", "weight": "1.5"},
        follow_redirects=True,
    )

    page = page_text(added)
    assert ("success", "The criterion “Reach” has been added.") in alerts(page)
    assert criteria_on_page(page)["National networks"] == [("Reach", "1.5", "")]


def test_a_category_name_in_use_is_refused_next_to_the_name(admin_client, session, draft) -> None:
    response = admin_client.submit(
        f"/admin/rounds/{draft.id}/categories/new", {"name": "category 2", "description": "Again"}
    )

    assert response.status_code == 200
    page = page_text(response)
    assert field_error(page, "name") == "This round already has a category called “category 2”."
    assert input_value(page, "name") == "category 2"
    assert textarea_value(page, "description") == "Again"
    assert len(_fresh_round(session, draft.id).categories) == 2


def test_an_admin_renames_a_category(admin_client, session, draft) -> None:
    category = draft.categories[0]
    url = _category_url(category)
    assert input_value(admin_client.text(url), "name") == "Category 1"

    response = admin_client.submit(url, {"name": "Partnerships", "description": "Bilateral."})

    assert response.status_code == 302
    assert _names(_fresh_round(session, draft.id).categories) == ["Partnerships", "Category 2"]


def test_an_admin_moves_and_deletes_with_one_button(admin_client, session, draft) -> None:
    first, second = draft.categories
    page = _page_url(draft)

    moved = admin_client.submit(page, {"direction": "up"}, action=_category_url(second, "move"))
    moved_criterion = admin_client.submit(
        page, {"direction": "down"}, action=_criterion_url(first.criteria[0], "move")
    )
    deleted = admin_client.submit(page, {}, action=_criterion_url(first.criteria[3], "delete"))

    assert [r.status_code for r in (moved, moved_criterion, deleted)] == [302, 302, 302]
    round_ = _fresh_round(session, draft.id)
    assert _names(round_.categories) == ["Category 2", "Category 1"]
    assert _names(round_.categories[1].criteria) == ["Criterion 2", "Criterion 1", "Criterion 3"]

    gone = admin_client.submit(page, {}, action=_category_url(second, "delete"), follow_redirects=True)

    assert ("success", "The category “Category 2” and its criteria have been deleted.") in alerts(
        page_text(gone)
    )
    assert _names(_fresh_round(session, draft.id).categories) == ["Category 1"]


def test_a_move_needs_a_direction(admin_client, session, draft) -> None:
    response = admin_client.submit(
        _page_url(draft), {"direction": "sideways"}, action=_category_url(draft.categories[0], "move")
    )

    assert response.status_code == 400


def test_deleting_a_category_with_nominations_is_refused_with_the_reason(
    admin_client, session, draft
) -> None:
    make_nomination(
        session, draft, make_initiative(session, make_unit(session)), category=draft.categories[0]
    )
    session.commit()

    response = admin_client.submit(
        _page_url(draft), {}, action=_category_url(draft.categories[0], "delete"), follow_redirects=True
    )

    assert response.status_code == 200
    assert (
        "danger",
        "The category “Category 1” cannot be deleted: 1 nomination has been made in it.",
    ) in alerts(page_text(response))
    assert len(_fresh_round(session, draft.id).categories) == 2


def test_posts_without_a_csrf_token_are_refused(admin_client, session, draft) -> None:
    category = draft.categories[0]
    criterion = category.criteria[0]
    posts = [
        (f"/admin/rounds/{draft.id}/categories/new", {"name": "New", "description": ""}),
        (_category_url(category), {"name": "Renamed", "description": ""}),
        (_category_url(category, "delete"), {}),
        (_category_url(category, "move"), {"direction": "down"}),
        (f"/admin/rounds/{draft.id}/categories/{category.id}/criteria/new", {"name": "New", "weight": "1"}),
        (_criterion_url(criterion), {"name": "Renamed", "weight": "2"}),
        (_criterion_url(criterion, "delete"), {}),
        (_criterion_url(criterion, "move"), {"direction": "down"}),
    ]

    statuses = [admin_client.post(url, data=data).status_code for url, data in posts]

    assert statuses == [400] * len(posts)
    assert _catalogue_snapshot(_fresh_round(session, draft.id)) == _catalogue_snapshot(draft)
    assert _catalogue_events(session) == 0


def test_an_object_of_another_round_in_the_url_is_not_found(admin_client, session, draft) -> None:
    other = make_round(session, 2021, phase=RoundPhase.PUBLISHED)
    session.commit()
    foreign_category = other.categories[0]
    foreign_criterion = foreign_category.criteria[0]
    own_category = draft.categories[0]
    base = f"/admin/rounds/{draft.id}/categories"

    urls = [
        f"{base}/{foreign_category.id}/edit",
        f"{base}/{own_category.id}/criteria/{foreign_criterion.id}/edit",
        f"{base}/{draft.categories[1].id}/criteria/{own_category.criteria[0].id}/edit",  # other category
        f"{base}/{foreign_category.id}/criteria/new",
        f"{base}/{own_category.id}/criteria/999999/edit",
        "/admin/rounds/999999/categories/",
    ]
    statuses = [admin_client.get(url).status_code for url in urls]
    deleted = admin_client.submit(
        _page_url(draft), {}, action=f"{base}/{own_category.id}/criteria/{foreign_criterion.id}/delete"
    )

    assert statuses == [404] * len(urls)
    assert deleted.status_code == 404
    assert len(_fresh_round(session, other.id).categories[0].criteria) == 4


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.COORDINATOR])
def test_people_without_the_admin_role_get_403(client, session, draft, role) -> None:
    make_user(session, role, email="someone@example.org", units=[make_unit(session)])
    session.commit()
    client.login("someone@example.org", PASSWORD)
    category = draft.categories[0]

    pages = [_page_url(draft), _category_url(category), _criterion_url(category.criteria[0])]
    statuses = [client.get(url).status_code for url in pages]
    posted = client.submit(
        "/account/password", {"name": "Hijacked", "weight": "50"}, action=_criterion_url(category.criteria[0])
    )
    deleted = client.submit("/account/password", {}, action=_category_url(category, "delete"))

    assert statuses == [403, 403, 403]
    assert (posted.status_code, deleted.status_code) == (403, 403)
    assert _catalogue_snapshot(_fresh_round(session, draft.id)) == _catalogue_snapshot(draft)


def test_an_anonymous_visitor_is_sent_to_login(client, session, draft) -> None:
    path = _page_url(draft)

    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=" + path.replace("/", "%2F")


def test_a_running_round_is_shown_read_only(admin_client, session) -> None:
    running = make_round(session, 2026, phase=RoundPhase.NOMINATING)
    session.commit()

    page = admin_client.text(_page_url(running))

    assert "Categories and criteria are fixed once nominating has opened." in page
    assert criteria_on_page(page)["Category 1"][0] == ("Criterion 1", "1", "")
    assert "Add category" not in page
    assert "Add criterion" not in page
    assert re.findall(r'action="[^"]*/(?:move|delete)"', page) == []
    assert re.findall(r'href="[^"]*/(?:edit|new)"', page) == []


def test_a_running_round_refuses_every_edit_with_a_message(admin_client, session) -> None:
    running = make_round(session, 2026, phase=RoundPhase.NOMINATING)
    session.commit()
    before = _catalogue_snapshot(running)
    category = running.categories[0]
    criterion = category.criteria[0]
    page = _page_url(running)
    forms = [
        (f"/admin/rounds/{running.id}/categories/new", {"name": "New", "description": ""}),
        (_category_url(category), {"name": "Renamed", "description": ""}),
        (f"/admin/rounds/{running.id}/categories/{category.id}/criteria/new", {"name": "New", "weight": "1"}),
        (_criterion_url(criterion), {"name": "Renamed", "weight": "2"}),
    ]
    buttons = [
        (_category_url(category, "delete"), {}),
        (_category_url(category, "move"), {"direction": "down"}),
        (_criterion_url(criterion, "delete"), {}),
        (_criterion_url(criterion, "move"), {"direction": "down"}),
    ]

    opened = [admin_client.get(url, follow_redirects=True) for url, _ in forms]
    posted = [
        admin_client.submit(page, data, action=url, follow_redirects=True) for url, data in forms + buttons
    ]

    refusal = ("danger", "Categories and criteria are fixed once nominating has opened.")
    for response in opened + posted:
        assert [r.status_code for r in response.history] == [302]
        assert (response.status_code, response.request.path) == (200, page)
        assert refusal in alerts(page_text(response))
    assert _catalogue_snapshot(_fresh_round(session, running.id)) == before
    assert _catalogue_events(session) == 0


def test_a_script_in_a_category_name_is_shown_escaped(admin_client, session, draft) -> None:
    response = admin_client.submit(
        _category_url(draft.categories[0]),
        {"name": SCRIPT_NAME, "description": SCRIPT_NAME},
        follow_redirects=True,
    )

    page = page_text(response)
    assert ESCAPED_SCRIPT_NAME in page
    assert "<script>alert(1)" not in page
    assert SCRIPT_NAME in criteria_on_page(page)
    edit_page = admin_client.text(_category_url(draft.categories[0]))
    assert "<script>alert(1)" not in edit_page
    assert input_value(edit_page, "name") == SCRIPT_NAME


def _queries_for_page(client, round_: Round) -> int:  # type: ignore[no-untyped-def]
    with counted_queries() as statements:
        response = client.get(_page_url(round_))
    assert response.status_code == 200
    return len(statements)


def test_the_page_needs_the_same_number_of_queries_for_1_and_for_3_categories(admin_client, session) -> None:
    one = make_round(session, 2025, categories=1)
    three = make_round(session, 2026, categories=3)
    session.commit()

    assert _queries_for_page(admin_client, one) == _queries_for_page(admin_client, three)
