"""The admin pages for users: who may open them, listing, creating, editing and deactivating."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent
from tests.accounts.pages import (
    checked_values,
    field_error,
    field_errors,
    input_value,
    main_heading,
    page_text,
    selected_values,
    user_list_names,
    user_row_cells,
)
from tests.support.factories import PASSWORD, make_unit, make_user
from tests.support.queries import counted_queries

ADMIN_EMAIL = "admin@example.org"
NEW_PASSWORD = "a fresh initial passphrase"
SCRIPT_NAME = "<script>alert(1)</script>"
ESCAPED_SCRIPT_NAME = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _fresh(session, user_id: int) -> User:  # type: ignore[no-untyped-def]
    session.expire_all()
    user = session.get(User, user_id)
    assert user is not None
    return user


def _user_count(session) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(User))


def _events(session, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(
        session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


# Who may open the pages -----------------------------------------------------------------------

ADMIN_PAGES = ["/admin/users/", "/admin/users/new", "/admin/users/{id}/edit"]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.COORDINATOR])
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_people_without_the_admin_role_get_403(client, session, role, url) -> None:
    target = make_user(session, Role.MEMBER)
    make_user(session, role, email="someone@example.org", units=[make_unit(session)])
    session.commit()
    client.login("someone@example.org", PASSWORD)

    response = client.get(url.format(id=target.id))

    assert response.status_code == 403
    assert main_heading(page_text(response)) == "Not allowed"


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_an_anonymous_visitor_is_sent_to_login(client, session, url) -> None:
    target = make_user(session, Role.MEMBER)
    session.commit()
    path = url.format(id=target.id)

    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=" + path.replace("/", "%2F")


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR])
def test_a_non_admin_cannot_post_to_the_admin_actions_even_with_a_valid_token(client, session, role) -> None:
    unit = make_unit(session)
    target = make_user(session, Role.MEMBER, email="target@example.org")
    make_user(session, role, email="someone@example.org", units=[unit])
    session.commit()
    client.login("someone@example.org", PASSWORD)
    token_page = "/account/password"  # any page of theirs with a form gives a valid token

    created = client.submit(
        token_page,
        {"email": "new@example.org", "display_name": "Sneaky", "password": NEW_PASSWORD, "roles": ["admin"]},
        action="/admin/users/new",
    )
    edited = client.submit(
        token_page,
        {"email": "target@example.org", "display_name": "Target", "roles": ["admin"]},
        action=f"/admin/users/{target.id}/edit",
    )
    password_set = client.submit(
        token_page, {"new_password": NEW_PASSWORD}, action=f"/admin/users/{target.id}/password"
    )
    deactivated = client.submit(token_page, {"active": "0"}, action=f"/admin/users/{target.id}/active")

    assert [r.status_code for r in (created, edited, password_set, deactivated)] == [403, 403, 403, 403]
    assert _user_count(session) == 2
    stored = _fresh(session, target.id)
    assert stored.roles == frozenset({Role.MEMBER})
    assert stored.active is True


# Listing --------------------------------------------------------------------------------------


def test_an_admin_sees_every_user_ordered_by_name(admin_client, session) -> None:
    make_user(session, Role.MEMBER, name="Zoe Zimmermann")
    make_user(session, Role.CHAIR, name="bruno Becker")
    make_user(session, Role.MEMBER, name="Carla Clausen", active=False)
    session.commit()

    response = admin_client.get("/admin/users/")

    assert response.status_code == 200
    assert user_list_names(page_text(response)) == [
        "Ada Admin",
        "bruno Becker",
        "Carla Clausen",
        "Zoe Zimmermann",
    ]


def test_the_list_shows_roles_units_and_status(admin_client, session) -> None:
    unit = make_unit(session, "Institute of Political Science")
    make_user(session, Role.COORDINATOR, name="Cora Coordinator", units=[unit])
    make_user(session, Role.MEMBER, name="Dora Deactivated", active=False)
    session.commit()

    page = admin_client.text("/admin/users/")

    name, email, roles, units, status, _actions = user_row_cells(page, "Cora Coordinator")
    assert (roles, units, status) == ("Faculty coordinator", "Institute of Political Science", "Active")
    assert user_row_cells(page, "Dora Deactivated")[2:5] == ["Commission member", "", "Deactivated"]


def test_an_admin_filters_the_list_by_role(admin_client, session) -> None:
    unit = make_unit(session)
    make_user(session, Role.COORDINATOR, name="Cora Coordinator", units=[unit])
    make_user(session, Role.COORDINATOR, name="Carl Coordinator", units=[unit])
    make_user(session, Role.MEMBER, name="Max Member")
    make_user(session, Role.CHAIR, name="Chris Chair")
    session.commit()

    coordinators = user_list_names(admin_client.text("/admin/users/?role=coordinator"))
    members = user_list_names(admin_client.text("/admin/users/?role=member"))
    admins = user_list_names(admin_client.text("/admin/users/?role=admin"))

    assert coordinators == ["Carl Coordinator", "Cora Coordinator"]
    assert members == ["Chris Chair", "Max Member"]  # a chair is also a commission member
    assert admins == ["Ada Admin"]


def test_an_unknown_role_filter_shows_everyone(admin_client, session) -> None:
    make_user(session, Role.MEMBER, name="Max Member")
    session.commit()

    response = admin_client.get("/admin/users/?role=emperor")

    assert response.status_code == 200
    assert user_list_names(page_text(response)) == ["Ada Admin", "Max Member"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("grace", ["Grace Hopper"]),
        ("HOPPER", ["Grace Hopper"]),
        ("navy.example", ["Grace Hopper", "Mary Keller"]),
        ("  keller ", ["Mary Keller"]),
        ("nobody-at-all", []),
    ],
)
def test_an_admin_searches_by_name_or_email_ignoring_case(admin_client, session, search, expected) -> None:
    make_user(session, Role.MEMBER, name="Grace Hopper", email="grace@navy.example")
    make_user(session, Role.MEMBER, name="Mary Keller", email="mk@navy.example")
    make_user(session, Role.MEMBER, name="Alan Turing", email="alan@bletchley.example")
    session.commit()

    page = admin_client.text("/admin/users/?" + f"q={search}")

    assert user_list_names(page) == expected
    if not expected:
        assert "No users match this filter." in page


@pytest.mark.parametrize(("search", "expected"), [("_", ["Ada_Lovelace"]), ("%", ["100% Sure"])])
def test_wildcard_characters_in_a_search_are_taken_literally(admin_client, session, search, expected) -> None:
    make_user(session, Role.MEMBER, name="Ada_Lovelace", email="ada@example.org")
    make_user(session, Role.MEMBER, name="100% Sure", email="sure@example.org")
    make_user(session, Role.MEMBER, name="Plain Name", email="plain@example.org")
    session.commit()

    page = admin_client.get("/admin/users/", query_string={"q": search}).get_data(as_text=True)

    assert user_list_names(page) == expected


def test_search_and_role_filter_combine(admin_client, session) -> None:
    unit = make_unit(session)
    make_user(session, Role.COORDINATOR, name="Grace Coordinator", units=[unit])
    make_user(session, Role.MEMBER, name="Grace Member")
    session.commit()

    page = admin_client.text("/admin/users/?q=grace&role=coordinator")

    assert user_list_names(page) == ["Grace Coordinator"]
    assert input_value(page, "q") == "grace"


# Creating -------------------------------------------------------------------------------------


def _new_user_form(**overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "email": "cora@example.org",
        "display_name": "Cora Coordinator",
        "password": NEW_PASSWORD,
        "roles": ["member"],
    }
    form.update(overrides)
    return form


def test_an_admin_creates_a_coordinator_for_a_unit(admin_client, session, admin) -> None:
    unit = make_unit(session, "Institute of Political Science")
    make_unit(session, "Institute of Aerospace Engineering")
    session.commit()

    response = admin_client.submit(
        "/admin/users/new", _new_user_form(roles=["coordinator"], coordinated_units=[str(unit.id)])
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users/"
    assert "The account of Cora Coordinator has been created." in admin_client.text("/admin/users/")
    session.expire_all()
    cora = session.scalar(sa.select(User).where(User.email == "cora@example.org"))
    assert cora is not None
    assert cora.display_name == "Cora Coordinator"
    assert cora.roles == frozenset({Role.COORDINATOR})
    assert [u.name for u in cora.coordinated_units] == ["Institute of Political Science"]
    assert cora.active is True
    events = [e for e in _events(session, "user:create") if e.object_id == cora.id]
    assert [(e.actor_id, e.object_type) for e in events] == [(admin.id, "user")]
    assert events[0].details["after"]["roles"] == ["coordinator"]
    assert events[0].details["after"]["coordinated_units"] == [unit.id]


def test_the_new_coordinator_logs_in_with_the_initial_password_and_sees_their_unit(
    admin_client, new_client, session
) -> None:
    unit = make_unit(session, "Institute of Political Science")
    session.commit()
    admin_client.submit(
        "/admin/users/new",
        _new_user_form(email="Cora@Example.org", roles=["coordinator"], coordinated_units=[str(unit.id)]),
    )

    cora = new_client()
    response = cora.login("cora@example.org", NEW_PASSWORD)

    assert response.status_code == 302
    page = cora.text("/dashboard")
    assert "Your units" in page
    assert "Institute of Political Science" in page


def test_an_email_taken_in_another_case_is_refused_next_to_the_field(admin_client, session) -> None:
    make_user(session, Role.MEMBER, email="grace@example.org", name="Grace Hopper")
    session.commit()

    response = admin_client.submit(
        "/admin/users/new", _new_user_form(email="GRACE@Example.org", display_name="Grace Again")
    )

    assert response.status_code == 200
    page = page_text(response)
    assert field_error(page, "email") == "Another account already uses this e-mail address."
    assert input_value(page, "display_name") == "Grace Again"
    session.expire_all()
    assert (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(User)
            .where(sa.func.lower(User.email) == "grace@example.org")
        )
        == 1
    )
    assert len(_events(session, "user:create")) == 2  # the admin's and Grace's accounts only


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Invalid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"display_name": ""}, "display_name", "This field is required."),
        ({"password": "too short"}, "password", "Use at least 12 characters."),
        ({"password": ""}, "password", "This field is required."),
        ({"roles": ["coordinator"]}, "coordinated_units", "Choose at least one unit for a coordinator."),
    ],
    ids=[
        "invalid-email",
        "missing-email",
        "missing-name",
        "short-password",
        "missing-password",
        "coordinator-without-unit",
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_stored(
    admin_client, session, overrides, field, message
) -> None:
    make_unit(session, "Institute of Political Science")
    session.commit()
    users_before = _user_count(session)

    response = admin_client.submit("/admin/users/new", _new_user_form(**overrides))

    assert response.status_code == 200
    page = page_text(response)
    assert field_errors(page) == {field: message}
    assert _user_count(session) == users_before
    assert len(_events(session, "user:create")) == 1  # the admin's own account only
    typed = _new_user_form(**overrides)
    if typed["display_name"]:
        assert input_value(page, "display_name") == "Cora Coordinator"
    if typed["email"]:
        assert input_value(page, "email") == typed["email"]
    # The password is never sent back to the browser.
    assert input_value(page, "password") in ("", None)


def test_a_chair_created_by_an_admin_is_also_a_commission_member(admin_client, session) -> None:
    admin_client.submit("/admin/users/new", _new_user_form(roles=["chair"]))

    session.expire_all()
    chair = session.scalar(sa.select(User).where(User.email == "cora@example.org"))
    assert chair is not None
    assert chair.roles == frozenset({Role.CHAIR, Role.MEMBER})


def test_creating_without_csrf_token_is_refused(admin_client, session) -> None:
    response = admin_client.post("/admin/users/new", data=_new_user_form())

    assert response.status_code == 400
    assert _user_count(session) == 1


# Editing --------------------------------------------------------------------------------------


def _edit_form(user: User, **overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "email": user.email,
        "display_name": user.display_name,
        "roles": sorted(r.value for r in user.roles),
        "coordinated_units": [str(u.id) for u in user.coordinated_units],
        "affiliations": [str(u.id) for u in user.affiliations],
    }
    form.update(overrides)
    return form


def test_the_edit_form_shows_the_current_details(admin_client, session) -> None:
    unit = make_unit(session, "Institute of Political Science")
    cora = make_user(
        session, Role.COORDINATOR, email="cora@example.org", name="Cora Coordinator", units=[unit]
    )
    session.commit()

    page = admin_client.text(f"/admin/users/{cora.id}/edit")

    assert main_heading(page) == "Edit Cora Coordinator"
    assert input_value(page, "email") == "cora@example.org"
    assert input_value(page, "display_name") == "Cora Coordinator"
    assert checked_values(page, "roles") == ["coordinator"]
    assert selected_values(page, "coordinated_units") == [str(unit.id)]


def test_an_admin_changes_roles_and_units_and_the_change_is_audited(admin_client, session, admin) -> None:
    institute = make_unit(session, "Institute of Political Science")
    school = make_unit(session, "School of Humanities")
    max_ = make_user(session, Role.MEMBER, email="max@example.org", name="Max Member")
    session.commit()

    response = admin_client.submit(
        f"/admin/users/{max_.id}/edit",
        _edit_form(
            max_,
            roles=["coordinator", "member"],
            coordinated_units=[str(institute.id)],
            affiliations=[str(school.id)],
        ),
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users/"
    stored = _fresh(session, max_.id)
    assert stored.roles == frozenset({Role.COORDINATOR, Role.MEMBER})
    assert [u.id for u in stored.coordinated_units] == [institute.id]
    assert [u.id for u in stored.affiliations] == [school.id]
    events = _events(session, "user:update")
    assert [(e.actor_id, e.object_id) for e in events] == [(admin.id, max_.id)]
    assert events[0].details == {
        "before": {"roles": ["member"], "coordinated_units": [], "affiliations": []},
        "after": {
            "roles": ["coordinator", "member"],
            "coordinated_units": [institute.id],
            "affiliations": [school.id],
        },
    }


def test_an_admin_changes_name_and_email_and_the_email_is_stored_lower_case(admin_client, session) -> None:
    max_ = make_user(session, Role.MEMBER, email="max@example.org", name="Max Member")
    session.commit()

    admin_client.submit(
        f"/admin/users/{max_.id}/edit",
        _edit_form(max_, email="Max.Mustermann@Example.org", display_name="Max Mustermann"),
    )

    stored = _fresh(session, max_.id)
    assert (stored.email, stored.display_name) == ("max.mustermann@example.org", "Max Mustermann")
    assert _events(session, "user:update")[0].details == {
        "before": {"email": "max@example.org", "display_name": "Max Member"},
        "after": {"email": "max.mustermann@example.org", "display_name": "Max Mustermann"},
    }


def test_saving_without_changes_writes_no_audit_event(admin_client, session) -> None:
    max_ = make_user(session, Role.MEMBER, email="max@example.org", name="Max Member")
    session.commit()

    response = admin_client.submit(f"/admin/users/{max_.id}/edit", _edit_form(max_))

    assert response.status_code == 302
    assert _events(session, "user:update") == []


def test_editing_to_an_email_of_another_account_is_refused(admin_client, session) -> None:
    make_user(session, Role.MEMBER, email="grace@example.org")
    max_ = make_user(session, Role.MEMBER, email="max@example.org")
    session.commit()

    response = admin_client.submit(
        f"/admin/users/{max_.id}/edit", _edit_form(max_, email="Grace@example.org")
    )

    assert response.status_code == 200
    assert field_error(page_text(response), "email") == "Another account already uses this e-mail address."
    assert _fresh(session, max_.id).email == "max@example.org"


def test_editing_a_coordinator_to_have_no_unit_is_refused(admin_client, session) -> None:
    unit = make_unit(session)
    cora = make_user(session, Role.COORDINATOR, email="cora@example.org", units=[unit])
    session.commit()

    response = admin_client.submit(f"/admin/users/{cora.id}/edit", _edit_form(cora, coordinated_units=[]))

    assert response.status_code == 200
    assert (
        field_error(page_text(response), "coordinated_units") == "Choose at least one unit for a coordinator."
    )
    assert [u.id for u in _fresh(session, cora.id).coordinated_units] == [unit.id]


def test_editing_an_unknown_user_is_404(admin_client) -> None:
    assert admin_client.get("/admin/users/999999/edit").status_code == 404


def test_an_admin_cannot_remove_their_own_admin_role(admin_client, session, admin) -> None:
    response = admin_client.submit(f"/admin/users/{admin.id}/edit", _edit_form(admin, roles=["member"]))

    assert response.status_code == 200
    assert field_error(page_text(response), "roles") == "You cannot remove your own admin role."
    assert _fresh(session, admin.id).roles == frozenset({Role.ADMIN})
    assert _events(session, "user:update") == []
    assert admin_client.get("/admin/users/").status_code == 200


def test_an_admin_may_remove_the_admin_role_of_another_admin(admin_client, session) -> None:
    other = make_user(session, Role.ADMIN, email="root@example.org")
    session.commit()

    response = admin_client.submit(f"/admin/users/{other.id}/edit", _edit_form(other, roles=["member"]))

    assert response.status_code == 302
    assert _fresh(session, other.id).roles == frozenset({Role.MEMBER})


def test_an_admin_cannot_deactivate_themselves(admin_client, session, admin) -> None:
    edit_page = admin_client.text(f"/admin/users/{admin.id}/edit")
    assert "Deactivate" not in edit_page

    response = admin_client.submit(
        f"/admin/users/{admin.id}/edit", {"active": "0"}, action=f"/admin/users/{admin.id}/active"
    )

    assert response.status_code == 403
    assert _fresh(session, admin.id).active is True
    assert _events(session, "user:deactivate") == []
    assert admin_client.get("/admin/users/").status_code == 200


# Deactivating and passwords -------------------------------------------------------------------


def test_deactivating_a_user_ends_their_running_session(admin_client, new_client, session, admin) -> None:
    max_ = make_user(session, Role.MEMBER, email="max@example.org", name="Max Member")
    session.commit()
    max_browser = new_client()
    max_browser.login("max@example.org", PASSWORD)
    assert max_browser.get("/dashboard").status_code == 200

    response = admin_client.submit(
        f"/admin/users/{max_.id}/edit", {"active": "0"}, action=f"/admin/users/{max_.id}/active"
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users/"
    assert "Max Member has been deactivated and logged out." in admin_client.text("/admin/users/")
    assert _fresh(session, max_.id).active is False
    on_max_browser = max_browser.get("/dashboard")
    assert on_max_browser.status_code == 302
    assert on_max_browser.headers["Location"] == "/login?next=%2Fdashboard"
    events = _events(session, "user:deactivate")
    assert [(e.actor_id, e.object_id, e.details) for e in events] == [
        (admin.id, max_.id, {"before": {"active": True}, "after": {"active": False}})
    ]
    assert max_browser.login("max@example.org", PASSWORD).status_code == 200


def test_a_reactivated_user_can_log_in_again(admin_client, new_client, session) -> None:
    max_ = make_user(session, Role.MEMBER, email="max@example.org", active=False)
    session.commit()

    response = admin_client.submit(
        f"/admin/users/{max_.id}/edit", {"active": "1"}, action=f"/admin/users/{max_.id}/active"
    )

    assert response.status_code == 302
    assert len(_events(session, "user:reactivate")) == 1
    assert new_client().login("max@example.org", PASSWORD).status_code == 302


def test_an_admin_sets_a_new_password_which_ends_the_persons_sessions(
    admin_client, new_client, session
) -> None:
    max_ = make_user(session, Role.MEMBER, email="max@example.org")
    session.commit()
    max_browser = new_client()
    max_browser.login("max@example.org", PASSWORD)

    response = admin_client.submit(
        f"/admin/users/{max_.id}/edit",
        {"new_password": NEW_PASSWORD},
        action=f"/admin/users/{max_.id}/password",
    )

    assert response.status_code == 302
    assert max_browser.get("/dashboard").status_code == 302
    assert new_client().login("max@example.org", NEW_PASSWORD).status_code == 302
    assert len(_events(session, "user:password:set")) == 1


def test_a_too_short_password_set_by_an_admin_is_refused(admin_client, session) -> None:
    max_ = make_user(session, Role.MEMBER, email="max@example.org")
    session.commit()
    hash_before = max_.password_hash

    response = admin_client.submit(
        f"/admin/users/{max_.id}/edit", {"new_password": "short"}, action=f"/admin/users/{max_.id}/password"
    )

    assert response.status_code == 200
    assert field_error(page_text(response), "new_password") == "Use at least 12 characters."
    assert _fresh(session, max_.id).password_hash == hash_before


# Escaping -------------------------------------------------------------------------------------


def test_a_script_in_a_name_is_shown_escaped_everywhere(admin_client, new_client, session) -> None:
    evil = make_user(session, Role.MEMBER, email="evil@example.org", name=SCRIPT_NAME)
    session.commit()

    listing = admin_client.text("/admin/users/")
    edit_page = admin_client.text(f"/admin/users/{evil.id}/edit")
    evil_browser = new_client()
    evil_browser.login("evil@example.org", PASSWORD)
    dashboard = evil_browser.text("/dashboard")

    for page in (listing, edit_page, dashboard):
        assert ESCAPED_SCRIPT_NAME in page
        assert "<script>alert(1)" not in page
    assert main_heading(dashboard) == f"Welcome, {SCRIPT_NAME}"  # unescaped by the reader only
    assert main_heading(edit_page) == f"Edit {SCRIPT_NAME}"


def test_a_script_typed_as_a_name_at_creation_is_escaped_in_the_confirmation(admin_client, session) -> None:
    response = admin_client.submit(
        "/admin/users/new", _new_user_form(display_name=SCRIPT_NAME), follow_redirects=True
    )

    page = page_text(response)
    assert response.status_code == 200
    assert f"The account of {ESCAPED_SCRIPT_NAME} has been created." in page
    assert "<script>alert(1)" not in page


# Query count ----------------------------------------------------------------------------------


def _queries_for_user_list(client) -> int:  # type: ignore[no-untyped-def]
    with counted_queries() as statements:
        response = client.get("/admin/users/")
    assert response.status_code == 200
    return len(statements)


def test_the_user_list_needs_the_same_number_of_queries_for_1_and_for_5_users(admin_client, session) -> None:
    with_one = _queries_for_user_list(admin_client)
    for _ in range(4):
        unit = make_unit(session)
        make_user(
            session, Role.COORDINATOR, Role.MEMBER, units=[unit, make_unit(session)], affiliations=[unit]
        )
    session.commit()

    with_five = _queries_for_user_list(admin_client)

    assert len(user_list_names(admin_client.text("/admin/users/"))) == 5
    assert with_five == with_one


def test_the_user_list_needs_the_same_number_of_queries_for_2_and_for_6_users_with_roles_and_units(
    admin_client, session
) -> None:
    def add_coordinator() -> None:
        unit = make_unit(session)
        make_user(
            session, Role.COORDINATOR, Role.CHAIR, units=[unit, make_unit(session)], affiliations=[unit]
        )

    add_coordinator()
    session.commit()
    with_two = _queries_for_user_list(admin_client)
    for _ in range(4):
        add_coordinator()
    session.commit()

    with_six = _queries_for_user_list(admin_client)

    assert with_six == with_two
