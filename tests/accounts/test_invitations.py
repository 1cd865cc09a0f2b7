"""Inviting people by e-mail: the admin form, the mail and its link, accepting, and refused links."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent
from evaluator.core.clock import frozen_at
from tests.accounts.links import link_in, path_of, queued, tampered
from tests.accounts.pages import field_error, main_heading, page_text, user_row_cells
from tests.support.factories import PASSWORD, make_unit, make_user
from tests.support.web import csrf_token_in

INVITE = "/admin/users/invite"
CHOSEN = "my own chosen passphrase"
EXPIRED_OR_USED = "This link has expired or has already been used"
NOT_VALID = "This link is not valid"
MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def _fresh(session, user_id: int) -> User:  # type: ignore[no-untyped-def]
    session.expire_all()
    user = session.get(User, user_id)
    assert user is not None
    return user


def _by_email(session, email: str) -> User | None:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(sa.select(User).where(User.email == email))


def _events(session, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(
        session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


def _invite_form(**overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "email": "Ines@Example.org",
        "display_name": "Ines Invited",
        "roles": ["member"],
    }
    form.update(overrides)
    return form


def _invite(admin_client, session, **overrides: object) -> str:  # type: ignore[no-untyped-def]
    """Invite through the admin page; the path of the link in the queued mail."""
    response = admin_client.submit(INVITE, _invite_form(**overrides))
    assert response.status_code == 302, page_text(response)
    return path_of(link_in(queued(session, "invitation")[-1]))


def _form_token(response) -> str:  # type: ignore[no-untyped-def]
    return csrf_token_in(page_text(response))


def _accept(client, path: str, password: str = CHOSEN, confirm: str | None = None):  # type: ignore[no-untyped-def]
    return client.submit(path, {"new_password": password, "confirm": confirm or password})


# Inviting -------------------------------------------------------------------------------------


def test_an_admin_invites_a_coordinator_with_roles_units_and_affiliations(
    admin_client, session, admin
) -> None:
    unit = make_unit(session, "Institute of Political Science")
    home = make_unit(session, "Institute of Sociology")
    session.commit()

    response = admin_client.submit(
        INVITE,
        _invite_form(
            roles=["coordinator", "member"], coordinated_units=[str(unit.id)], affiliations=[str(home.id)]
        ),
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users/"
    listing = admin_client.text("/admin/users/")
    assert "Ines Invited has been invited; the invitation is on its way to ines@example.org." in listing
    ines = _by_email(session, "ines@example.org")
    assert ines is not None
    assert ines.password_hash is None
    assert ines.active is True
    assert ines.roles == frozenset({Role.COORDINATOR, Role.MEMBER})
    assert [u.name for u in ines.coordinated_units] == ["Institute of Political Science"]
    assert [u.name for u in ines.affiliations] == ["Institute of Sociology"]
    assert user_row_cells(listing, "Ines Invited")[4] == "Invited"


def test_the_invitation_mail_names_the_person_the_inviter_the_roles_and_holds_the_link(
    admin_client, session
) -> None:
    admin_client.submit(INVITE, _invite_form(roles=["chair"]))

    [mail] = queued(session)
    assert mail.kind == "invitation"
    assert mail.to_address == "ines@example.org"
    assert mail.state == "queued"
    assert mail.subject == "Your invitation to the TU Dresden Lighthouse Evaluator"
    body = mail.body_text
    assert body.startswith("Dear Ines Invited,\n")
    assert "Ada Admin has invited you to the TU Dresden Lighthouse Evaluator" in body
    assert "Your account: ines@example.org, as Commission chair, Commission member." in body
    link = link_in(mail)
    assert link.startswith("http")
    assert "/accept/" in link
    assert "{{" not in body and "{%" not in body


def test_the_mail_says_until_when_the_link_works_in_berlin_time(admin_client, session) -> None:
    with frozen_at(MONDAY):  # 10:00 in Berlin
        path = _invite(admin_client, session)

    [mail] = queued(session, "invitation")
    assert re.search(r"The link works once, until March 5, 2025, 10:00\sAM \(Berlin time\)\.", mail.body_text)
    assert path.startswith("/accept/")


def test_the_invitation_is_audited_with_the_account_it_created(admin_client, session, admin) -> None:
    admin_client.submit(INVITE, _invite_form())
    ines = _by_email(session, "ines@example.org")
    assert ines is not None

    created = _events(session, "user:create")
    sent = _events(session, "user:invitation:send")

    assert [(e.actor_id, e.object_id) for e in created if e.object_id == ines.id] == [(admin.id, ines.id)]
    assert [(e.actor_id, e.object_id, e.details["after"]) for e in sent] == [
        (admin.id, ines.id, {"to": "ines@example.org", "again": False})
    ]


def test_a_taken_address_is_refused_next_to_the_field_and_nothing_is_sent(admin_client, session) -> None:
    make_user(session, Role.MEMBER, email="ines@example.org")
    session.commit()

    response = admin_client.submit(INVITE, _invite_form(email="INES@example.org"))

    assert response.status_code == 200
    assert field_error(page_text(response), "email") == "Another account already uses this e-mail address."
    assert queued(session) == []
    assert _events(session, "user:invitation:send") == []


def test_a_coordinator_invited_without_a_unit_is_refused(admin_client, session) -> None:
    response = admin_client.submit(INVITE, _invite_form(roles=["coordinator"]))

    assert response.status_code == 200
    assert (
        field_error(page_text(response), "coordinated_units") == "Choose at least one unit for a coordinator."
    )
    assert _by_email(session, "ines@example.org") is None
    assert queued(session) == []


def test_the_user_list_offers_the_invitation_form(admin_client) -> None:
    listing = admin_client.text("/admin/users/")
    page = admin_client.get(INVITE)

    assert f'href="{INVITE}"' in listing
    assert page.status_code == 200
    assert main_heading(page_text(page)) == "Invite a person"
    assert 'type="password"' not in page_text(page)  # the person chooses it


# Who may invite -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.COORDINATOR])
def test_only_admins_may_invite(client, session, role) -> None:
    make_user(session, role, email="someone@example.org")
    session.commit()
    client.login("someone@example.org", PASSWORD)

    page = client.get(INVITE)
    posted = client.submit("/account/password", _invite_form(), action=INVITE)

    assert page.status_code == 403
    assert posted.status_code == 403
    assert _by_email(session, "ines@example.org") is None
    assert queued(session) == []


def test_an_anonymous_visitor_is_sent_to_login(client) -> None:
    response = client.get(INVITE)

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fadmin%2Fusers%2Finvite"


def test_inviting_without_csrf_token_is_refused(admin_client, session) -> None:
    response = admin_client.post(INVITE, data=_invite_form())

    assert response.status_code == 400
    assert _by_email(session, "ines@example.org") is None
    assert queued(session) == []


# Accepting ------------------------------------------------------------------------------------


def test_an_invited_person_cannot_log_in_before_choosing_a_password(
    admin_client, new_client, session
) -> None:
    _invite(admin_client, session)

    response = new_client().login("ines@example.org", "")

    assert response.status_code == 200
    assert new_client().login("ines@example.org", "anything at all really").status_code == 200


def test_the_link_opens_a_form_to_choose_a_password_kept_out_of_caches(
    admin_client, new_client, session
) -> None:
    path = _invite(admin_client, session)

    page = new_client().get(path)

    assert page.status_code == 200
    assert main_heading(page_text(page)) == "Welcome, Ines Invited"
    assert "ines@example.org" in page_text(page)
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_accepting_sets_the_password_logs_in_and_lands_on_the_dashboard(
    admin_client, new_client, session
) -> None:
    path = _invite(admin_client, session)
    ines_browser = new_client()

    response = _accept(ines_browser, path)

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    dashboard = ines_browser.get("/dashboard")
    assert dashboard.status_code == 200
    assert main_heading(page_text(dashboard)) == "Welcome, Ines Invited"
    assert "Welcome, Ines Invited! Your password has been set." in page_text(dashboard)
    ines = _by_email(session, "ines@example.org")
    assert ines is not None and ines.password_hash is not None
    assert ines.last_login_at is not None


def test_after_accepting_the_person_logs_in_with_the_chosen_password(
    admin_client, new_client, session
) -> None:
    path = _invite(admin_client, session)
    _accept(new_client(), path)

    elsewhere = new_client()
    response = elsewhere.login("ines@example.org", CHOSEN)

    assert response.status_code == 302
    assert elsewhere.get("/dashboard").status_code == 200


def test_accepting_is_audited_as_done_by_the_person(admin_client, new_client, session) -> None:
    path = _invite(admin_client, session)
    _accept(new_client(), path)
    ines = _by_email(session, "ines@example.org")
    assert ines is not None

    events = _events(session, "user:invitation:accept")

    assert [(e.actor_id, e.object_type, e.object_id) for e in events] == [(ines.id, "user", ines.id)]


def test_accepting_starts_a_new_session_with_nothing_of_the_old_one(
    admin_client, new_client, session
) -> None:
    path = _invite(admin_client, session)
    browser = new_client()
    browser.get(path)
    with browser.client.session_transaction() as before:
        before["planted"] = "by someone else"

    _accept(browser, path)

    ines = _by_email(session, "ines@example.org")
    assert ines is not None
    with browser.client.session_transaction() as after:
        assert "planted" not in after
        assert after["_user_id"] == f"{ines.id}:{ines.session_token}"


def test_someone_logged_in_who_accepts_an_invitation_becomes_the_invited_person(
    admin_client, session
) -> None:
    path = _invite(admin_client, session)

    page = admin_client.get(path)
    response = _accept(admin_client, path)

    assert "You are logged in as Ada Admin." in page_text(page)
    assert response.status_code == 302
    assert main_heading(admin_client.text("/dashboard")) == "Welcome, Ines Invited"


def test_a_too_short_password_is_refused_and_the_link_still_works(admin_client, new_client, session) -> None:
    path = _invite(admin_client, session)
    browser = new_client()

    response = _accept(browser, path, "short")

    assert response.status_code == 200
    assert field_error(page_text(response), "new_password") == "Use at least 12 characters."
    assert _by_email(session, "ines@example.org").password_hash is None  # type: ignore[union-attr]
    assert _accept(browser, path).status_code == 302


def test_a_password_repeated_differently_is_refused(admin_client, new_client, session) -> None:
    path = _invite(admin_client, session)

    response = _accept(new_client(), path, CHOSEN, "something else entirely")

    assert response.status_code == 200
    assert field_error(page_text(response), "confirm") == "The passwords do not match."
    assert _by_email(session, "ines@example.org").password_hash is None  # type: ignore[union-attr]


def test_accepting_without_csrf_token_is_refused_and_sets_nothing(admin_client, new_client, session) -> None:
    path = _invite(admin_client, session)
    browser = new_client()
    browser.get(path)

    response = browser.post(path, data={"new_password": CHOSEN, "confirm": CHOSEN})

    assert response.status_code == 400
    assert _by_email(session, "ines@example.org").password_hash is None  # type: ignore[union-attr]
    assert browser.get("/dashboard").status_code == 302


# Refused links --------------------------------------------------------------------------------


def test_a_used_link_is_refused_with_a_page_saying_what_to_do(admin_client, new_client, session) -> None:
    path = _invite(admin_client, session)
    _accept(new_client(), path)
    hash_after_first_use = _by_email(session, "ines@example.org").password_hash  # type: ignore[union-attr]

    opened = new_client().get(path)

    assert opened.status_code == 410
    assert main_heading(page_text(opened)) == EXPIRED_OR_USED
    assert "Ask for a new link" in page_text(opened)
    assert 'href="/forgot-password"' in page_text(opened)
    assert "ask the commission's administrators to send you a new invitation" in page_text(opened)
    assert _by_email(session, "ines@example.org").password_hash == hash_after_first_use  # type: ignore[union-attr]


def test_a_used_link_cannot_be_submitted_again_even_with_a_form_token(
    admin_client, new_client, session
) -> None:
    path = _invite(admin_client, session)
    browser = new_client()
    assert _accept(browser, path).status_code == 302
    stored = _by_email(session, "ines@example.org").password_hash  # type: ignore[union-attr]

    # A valid form token of this browser's (new) session, taken from another page.
    second = browser.submit(
        "/forgot-password",
        {"new_password": "another passphrase", "confirm": "another passphrase"},
        action=path,
    )

    assert second.status_code == 410
    assert _by_email(session, "ines@example.org").password_hash == stored  # type: ignore[union-attr]


def test_the_link_works_until_48_hours_and_not_a_second_longer(admin_client, new_client, session) -> None:
    with frozen_at(MONDAY):
        path = _invite(admin_client, session)

    with frozen_at(MONDAY + timedelta(hours=48)):
        at_the_limit = new_client().get(path)
    with frozen_at(MONDAY + timedelta(hours=48, seconds=1)):
        just_after = new_client().get(path)
        posted_after = _submit_with_form_token_from(new_client(), path, at=MONDAY + timedelta(hours=47))

    assert at_the_limit.status_code == 200
    assert just_after.status_code == 410
    assert main_heading(page_text(just_after)) == EXPIRED_OR_USED
    assert "works once and for 48 hours" in page_text(just_after)
    assert posted_after.status_code == 410
    assert _by_email(session, "ines@example.org").password_hash is None  # type: ignore[union-attr]


def _submit_with_form_token_from(browser, path: str, *, at: datetime):  # type: ignore[no-untyped-def]
    """Open the form while the link still works, send it once the link has expired."""
    with frozen_at(at):
        page = browser.get(path)
    assert page.status_code == 200
    token = _form_token(page)
    return browser.post(path, data={"csrf_token": token, "new_password": CHOSEN, "confirm": CHOSEN})


def test_a_link_signed_in_the_future_is_refused(admin_client, new_client, session) -> None:
    with frozen_at(MONDAY + timedelta(days=1)):
        path = _invite(admin_client, session)

    with frozen_at(MONDAY):
        response = new_client().get(path)

    assert response.status_code == 410


@pytest.mark.parametrize(
    "spoil",
    [
        tampered,
        lambda path: path[:-5],
        lambda path: path.replace("/accept/", "/accept/x"),
        lambda path: "/accept/not-a-token-at-all",
    ],
    ids=["changed", "cut-off", "prefixed", "garbage"],
)
def test_a_changed_or_cut_off_link_is_refused_as_not_valid(admin_client, new_client, session, spoil) -> None:
    path = _invite(admin_client, session)

    response = new_client().get(spoil(path))

    assert response.status_code == 400
    assert main_heading(page_text(response)) == NOT_VALID
    assert "Ask for a new link" in page_text(response)


def test_an_invitation_link_does_not_open_the_reset_page(admin_client, new_client, session) -> None:
    path = _invite(admin_client, session)

    response = new_client().get(path.replace("/accept/", "/reset/"))
    posted = new_client().submit(
        "/forgot-password",
        {"new_password": CHOSEN, "confirm": CHOSEN},
        action=path.replace("/accept/", "/reset/"),
    )

    assert response.status_code == 400
    assert main_heading(page_text(response)) == NOT_VALID
    assert posted.status_code == 400
    assert _by_email(session, "ines@example.org").password_hash is None  # type: ignore[union-attr]


def test_a_link_signed_with_another_key_is_refused(
    app, admin_client, new_client, monkeypatch, session
) -> None:
    path = _invite(admin_client, session)
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-key-entirely-for-this-test")

    response = new_client().get(path)

    assert response.status_code == 400


def test_deactivating_an_invited_person_ends_their_link(admin_client, new_client, session) -> None:
    path = _invite(admin_client, session)
    ines = _by_email(session, "ines@example.org")
    assert ines is not None
    admin_client.submit(
        f"/admin/users/{ines.id}/edit", {"active": "0"}, action=f"/admin/users/{ines.id}/active"
    )

    response = new_client().get(path)

    assert response.status_code == 410
    assert _fresh(session, ines.id).active is False


def test_changing_the_invited_address_ends_the_link_sent_to_the_old_one(
    admin_client, new_client, session
) -> None:
    path = _invite(admin_client, session)
    ines = _by_email(session, "ines@example.org")
    assert ines is not None

    admin_client.submit(
        f"/admin/users/{ines.id}/edit",
        {"email": "ines.right@example.org", "display_name": "Ines Invited", "roles": ["member"]},
    )

    assert _fresh(session, ines.id).email == "ines.right@example.org"
    assert new_client().get(path).status_code == 410


# Inviting again -------------------------------------------------------------------------------


def test_an_admin_sends_the_invitation_again_and_only_the_new_link_works(
    admin_client, new_client, session, admin
) -> None:
    first = _invite(admin_client, session)
    ines = _by_email(session, "ines@example.org")
    assert ines is not None
    edit = f"/admin/users/{ines.id}/edit"
    assert "Send the invitation again" in admin_client.text(edit)

    response = admin_client.submit(edit, {}, action=f"/admin/users/{ines.id}/invitation")

    assert response.status_code == 302
    assert response.headers["Location"] == edit
    assert "A new invitation is on its way to ines@example.org" in admin_client.text(edit)
    mails = queued(session, "invitation", to="ines@example.org")
    assert len(mails) == 2
    second = path_of(link_in(mails[1]))
    assert second != first
    assert new_client().get(first).status_code == 410
    assert _accept(new_client(), second).status_code == 302
    sent = _events(session, "user:invitation:send")
    assert [(e.actor_id, e.details["after"]["again"]) for e in sent] == [(admin.id, False), (admin.id, True)]


def test_a_person_with_a_password_cannot_be_invited_again(admin_client, session) -> None:
    bob = make_user(session, Role.MEMBER, email="bob@example.org")
    session.commit()

    edit_page = admin_client.text(f"/admin/users/{bob.id}/edit")
    response = admin_client.submit(
        f"/admin/users/{bob.id}/edit", {}, action=f"/admin/users/{bob.id}/invitation"
    )

    assert "Send the invitation again" not in edit_page
    assert response.status_code == 403
    assert queued(session) == []


def test_a_person_who_accepted_cannot_be_invited_again(admin_client, new_client, session) -> None:
    path = _invite(admin_client, session)
    _accept(new_client(), path)
    ines = _by_email(session, "ines@example.org")
    assert ines is not None

    response = admin_client.submit(
        f"/admin/users/{ines.id}/edit", {}, action=f"/admin/users/{ines.id}/invitation"
    )

    assert response.status_code == 403
    assert len(queued(session, "invitation")) == 1


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR])
def test_only_admins_may_invite_again(admin_client, new_client, session, role) -> None:
    _invite(admin_client, session)
    ines = _by_email(session, "ines@example.org")
    assert ines is not None
    make_user(session, role, email="someone@example.org")
    session.commit()
    other = new_client()
    other.login("someone@example.org", PASSWORD)

    response = other.submit("/account/password", {}, action=f"/admin/users/{ines.id}/invitation")

    assert response.status_code == 403
    assert len(queued(session, "invitation")) == 1


def test_inviting_again_without_csrf_token_is_refused(admin_client, session) -> None:
    _invite(admin_client, session)
    ines = _by_email(session, "ines@example.org")
    assert ines is not None

    response = admin_client.post(f"/admin/users/{ines.id}/invitation")

    assert response.status_code == 400
    assert len(queued(session, "invitation")) == 1
