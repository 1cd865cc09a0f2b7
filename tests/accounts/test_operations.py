"""Account operations called directly, and the database's own guard on e-mail addresses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from evaluator.accounts import operations
from evaluator.accounts.models import Role, User
from evaluator.accounts.passwords import verify_password
from evaluator.audit.models import AuditEvent
from evaluator.core.clock import frozen_at
from evaluator.core.errors import NotAllowed
from tests.support.factories import PASSWORD, make_unit, make_user

NEW_PASSWORD = "another long passphrase"


def _create(session, email: str, **fields):  # type: ignore[no-untyped-def]
    return operations.create_user(
        session,
        actor=None,
        email=email,
        display_name=fields.pop("display_name", "Someone"),
        password=fields.pop("password", PASSWORD),
        **fields,
    )


# create_user ----------------------------------------------------------------------------------


def test_create_user_stores_the_email_in_lower_case_without_spaces(session) -> None:
    user = _create(session, "  Ada.Lovelace@Example.ORG ", display_name="  Ada Lovelace ")

    assert user.email == "ada.lovelace@example.org"
    assert user.display_name == "Ada Lovelace"


def test_create_user_hashes_the_password(session) -> None:
    user = _create(session, "ada@example.org")

    assert user.password_hash is not None
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, PASSWORD) is True
    assert verify_password(user.password_hash, "wrong password!") is False


def test_create_user_refuses_an_email_taken_in_another_case(session) -> None:
    _create(session, "ada@example.org")

    with pytest.raises(operations.EmailTaken) as refused:
        _create(session, "ADA@Example.org")

    assert refused.value.message == "Another account already uses this e-mail address."
    assert session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_create_user_records_an_audit_event_with_the_new_details(session) -> None:
    admin = make_user(session, Role.ADMIN)
    unit = make_unit(session)

    user = operations.create_user(
        session,
        actor=admin,
        email="cora@example.org",
        display_name="Cora",
        password=PASSWORD,
        roles={Role.COORDINATOR},
        coordinated_units=[unit],
    )

    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.object_id == user.id))
    assert event is not None
    assert (event.action, event.actor_id, event.object_type) == ("user:create", admin.id, "user")
    assert event.details == {
        "after": {
            "email": "cora@example.org",
            "display_name": "Cora",
            "active": True,
            "roles": ["coordinator"],
            "coordinated_units": [unit.id],
            "affiliations": [],
        }
    }


# Roles ----------------------------------------------------------------------------------------


def test_a_chair_is_always_also_a_member(session) -> None:
    user = _create(session, "chair@example.org", roles={Role.CHAIR})

    assert user.roles == frozenset({Role.CHAIR, Role.MEMBER})
    assert user.is_member is True


def test_set_roles_with_chair_adds_member_and_drops_roles_not_wanted(session) -> None:
    user = make_user(session, Role.COORDINATOR, Role.ADMIN)

    user.set_roles({Role.CHAIR})
    session.flush()
    session.expire_all()

    assert session.get(User, user.id).roles == frozenset({Role.CHAIR, Role.MEMBER})  # type: ignore[union-attr]


def test_set_roles_keeps_roles_it_already_has_without_duplicating_them(session) -> None:
    user = make_user(session, Role.MEMBER, Role.ADMIN)

    user.set_roles({Role.MEMBER, Role.ADMIN, Role.COORDINATOR})
    session.flush()

    assert sorted(row.role for row in user.role_rows) == [Role.ADMIN, Role.COORDINATOR, Role.MEMBER]


# authenticate ---------------------------------------------------------------------------------


def test_authenticate_returns_the_user_for_the_right_password_in_any_case(session) -> None:
    user = make_user(session, Role.MEMBER, email="ada@example.org")
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)

    with frozen_at(moment):
        found = operations.authenticate(session, "ADA@example.org", PASSWORD)

    assert found is user
    assert user.last_login_at == moment


@pytest.mark.parametrize(
    ("email", "password", "active"),
    [
        ("ada@example.org", "not the right password", True),
        ("nobody@example.org", PASSWORD, True),
        ("ada@example.org", PASSWORD, False),
        ("ada@example.org", "", True),
    ],
    ids=["wrong-password", "unknown-email", "inactive-user", "empty-password"],
)
def test_authenticate_returns_none(session, email, password, active) -> None:
    make_user(session, Role.MEMBER, email="ada@example.org", active=active)

    assert operations.authenticate(session, email, password) is None


def test_authenticate_returns_none_for_an_account_without_a_password(session) -> None:
    _create(session, "nopass@example.org", password=None)

    assert operations.authenticate(session, "nopass@example.org", "") is None
    assert operations.authenticate(session, "nopass@example.org", "no-such-account-placeholder") is None


def test_a_failed_authentication_does_not_record_a_login(session) -> None:
    user = make_user(session, Role.MEMBER, email="ada@example.org")

    operations.authenticate(session, "ada@example.org", "not the right password")

    assert user.last_login_at is None


# Passwords and session tokens -----------------------------------------------------------------


def test_change_own_password_rotates_the_session_token(session) -> None:
    user = make_user(session, Role.MEMBER)
    token_before = user.session_token

    operations.change_own_password(session, user, current_password=PASSWORD, new_password=NEW_PASSWORD)

    assert user.session_token != token_before
    assert verify_password(user.password_hash, NEW_PASSWORD) is True
    assert verify_password(user.password_hash, PASSWORD) is False
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user:password:change"))
    assert event is not None
    assert (event.actor_id, event.object_id) == (user.id, user.id)


def test_change_own_password_with_a_wrong_current_password_changes_nothing(session) -> None:
    user = make_user(session, Role.MEMBER)
    token_before, hash_before = user.session_token, user.password_hash

    with pytest.raises(NotAllowed) as refused:
        operations.change_own_password(
            session, user, current_password="not the right password", new_password=NEW_PASSWORD
        )

    assert refused.value.message == "The current password is not correct."
    assert (user.session_token, user.password_hash) == (token_before, hash_before)


def test_set_password_rotates_the_session_token(session) -> None:
    admin = make_user(session, Role.ADMIN)
    user = make_user(session, Role.MEMBER)
    token_before = user.session_token

    operations.set_password(session, user, actor=admin, new_password=NEW_PASSWORD)

    assert user.session_token != token_before
    assert verify_password(user.password_hash, NEW_PASSWORD) is True
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user:password:set"))
    assert event is not None
    assert (event.actor_id, event.object_id) == (admin.id, user.id)


def test_every_account_starts_with_its_own_session_token(session) -> None:
    first = make_user(session, Role.MEMBER)
    second = make_user(session, Role.MEMBER)

    assert first.session_token
    assert first.session_token != second.session_token
    assert first.get_id() == f"{first.id}:{first.session_token}"


# Deactivating and editing ---------------------------------------------------------------------


def test_deactivating_rotates_the_session_token_and_is_audited(session) -> None:
    admin = make_user(session, Role.ADMIN)
    user = make_user(session, Role.MEMBER)
    token_before = user.session_token

    operations.set_active(session, user, actor=admin, active=False)

    assert user.active is False
    assert user.session_token != token_before
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user:deactivate"))
    assert event is not None
    assert event.details == {"before": {"active": True}, "after": {"active": False}}


def test_setting_the_same_active_state_again_records_nothing(session) -> None:
    admin = make_user(session, Role.ADMIN)
    user = make_user(session, Role.MEMBER)

    operations.set_active(session, user, actor=admin, active=True)

    assert (
        session.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action.like("user:%activate"))
        )
        == 0
    )


def test_no_one_deactivates_themselves(session) -> None:
    admin = make_user(session, Role.ADMIN)

    with pytest.raises(NotAllowed):
        operations.set_active(session, admin, actor=admin, active=False)

    assert admin.active is True


def test_no_admin_removes_their_own_admin_role(session) -> None:
    admin = make_user(session, Role.ADMIN)

    with pytest.raises(NotAllowed):
        operations.update_user(
            session,
            admin,
            actor=admin,
            email=admin.email,
            display_name=admin.display_name,
            roles={Role.MEMBER},
            coordinated_units=[],
            affiliations=[],
        )

    assert admin.roles == frozenset({Role.ADMIN})


def test_update_user_refuses_the_email_of_another_account_in_any_case(session) -> None:
    admin = make_user(session, Role.ADMIN)
    make_user(session, Role.MEMBER, email="grace@example.org")
    user = make_user(session, Role.MEMBER, email="max@example.org")

    with pytest.raises(operations.EmailTaken):
        operations.update_user(
            session,
            user,
            actor=admin,
            email="GRACE@example.org",
            display_name="Max",
            roles={Role.MEMBER},
            coordinated_units=[],
            affiliations=[],
        )


def test_update_user_may_keep_the_own_email_in_another_case(session) -> None:
    admin = make_user(session, Role.ADMIN)
    user = make_user(session, Role.MEMBER, email="max@example.org")

    operations.update_user(
        session,
        user,
        actor=admin,
        email="Max@Example.org",
        display_name=user.display_name,
        roles={Role.MEMBER},
        coordinated_units=[],
        affiliations=[],
    )

    assert user.email == "max@example.org"


# The database's own guard ---------------------------------------------------------------------

INSERT_USER = sa.text(
    "INSERT INTO users (email, display_name, active, session_token, created_at, updated_at) "
    "VALUES (:email, 'Inserted by hand', :active, :token, :now, :now)"
)


def _insert(session, email: str, token: str) -> None:  # type: ignore[no-untyped-def]
    session.execute(
        INSERT_USER, {"email": email, "active": True, "token": token, "now": datetime(2026, 1, 1, 12, 0)}
    )


def test_the_database_accepts_a_lower_case_email_inserted_by_hand(session) -> None:
    _insert(session, "ada@example.org", "token-1")

    assert session.scalar(sa.text("SELECT count(*) FROM users WHERE email = 'ada@example.org'")) == 1


def test_the_database_refuses_an_upper_case_email_inserted_by_hand(session) -> None:
    with pytest.raises(IntegrityError, match="(?i)email_lowercase"):
        _insert(session, "Ada@Example.org", "token-1")
    session.rollback()

    assert session.scalar(sa.text("SELECT count(*) FROM users")) == 0


def test_the_database_refuses_a_second_row_with_the_same_email(session) -> None:
    _insert(session, "ada@example.org", "token-1")

    with pytest.raises(IntegrityError):
        _insert(session, "ada@example.org", "token-2")
    session.rollback()


def test_an_unknown_address_costs_one_password_check_like_a_known_one(app, session, monkeypatch) -> None:
    from argon2 import PasswordHasher

    make_user(session, Role.MEMBER, email="known@example.org")
    session.commit()
    calls: list[str] = []
    original = PasswordHasher.verify

    def spy(self, hash_, password):  # type: ignore[no-untyped-def]
        calls.append(hash_)
        return original(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    assert operations.authenticate(session, "unknown@example.org", "whatever password") is None
    assert operations.authenticate(session, "known@example.org", "wrong password!!") is None
    # Both failures ran argon2 once, so their timing does not tell whether an address exists.
    assert len(calls) == 2


def test_a_coordinator_without_a_unit_is_refused_by_the_operation_itself(session) -> None:
    with pytest.raises(operations.CoordinatorNeedsUnit):
        operations.create_user(
            session,
            actor=None,
            email="c@example.org",
            display_name="C",
            password="long enough password",
            roles={Role.COORDINATOR},
        )


def test_removing_the_coordinator_role_removes_the_coordinated_units(session) -> None:
    admin = make_user(session, Role.ADMIN)
    unit = make_unit(session)
    person = make_user(session, Role.COORDINATOR, units=[unit])
    operations.update_user(
        session,
        person,
        actor=admin,
        email=person.email,
        display_name=person.display_name,
        roles={Role.MEMBER},
        coordinated_units=[unit],
        affiliations=[],
    )
    assert person.coordinated_units == []
    assert person.roles == {Role.MEMBER}
