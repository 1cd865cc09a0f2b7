from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evaluator.db import Base, TimestampMixin, enum_column
from evaluator.orgunits.models import OrgUnit


class Role(enum.StrEnum):
    ADMIN = "admin"
    CHAIR = "chair"
    MEMBER = "member"
    COORDINATOR = "coordinator"


coordinator_units = sa.Table(
    "coordinator_units",
    Base.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("org_unit_id", sa.ForeignKey("org_units.id", ondelete="CASCADE"), primary_key=True),
)

# The units a person belongs to (as opposed to coordinates); conflicts of interest follow these.
user_affiliations = sa.Table(
    "user_affiliations",
    Base.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("org_unit_id", sa.ForeignKey("org_units.id", ondelete="CASCADE"), primary_key=True),
)


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


def new_login_key() -> str:
    return secrets.token_urlsafe(32)


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role), primary_key=True)


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased; the CHECK makes the unique constraint case-insensitive in effect.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    preferred_language: Mapped[str | None] = mapped_column(sa.String(8))
    # Part of the login cookie's identity: replacing it ends every session of the person.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=new_session_token)
    last_login_at: Mapped[datetime | None]

    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=UserRole.role
    )
    coordinated_units: Mapped[list[OrgUnit]] = relationship(
        secondary=coordinator_units, order_by=OrgUnit.name, lazy="selectin"
    )
    affiliations: Mapped[list[OrgUnit]] = relationship(secondary=user_affiliations, order_by=OrgUnit.name)

    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lowercase"),)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    # Flask-Login ---------------------------------------------------------------------------
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def invitation_pending(self) -> bool:
        """Invited, and no password chosen yet (such an account cannot log in)."""
        return self.password_hash is None

    # Roles ---------------------------------------------------------------------------------
    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(row.role for row in self.role_rows)

    def set_roles(self, roles: set[Role] | frozenset[Role]) -> None:
        wanted = set(roles)
        if Role.CHAIR in wanted:
            wanted.add(Role.MEMBER)  # a chair is also a commission member
        self.role_rows = [row for row in self.role_rows if row.role in wanted] + [
            UserRole(role=role) for role in sorted(wanted - self.roles)
        ]

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_chair(self) -> bool:
        return Role.CHAIR in self.roles

    @property
    def is_member(self) -> bool:
        return bool({Role.MEMBER, Role.CHAIR} & self.roles)

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles


class Login(Base):
    """One logged-in browser: the session cookie names it, and deleting the row ends that session.

    The cookie itself is signed but kept by the browser, so without this row a copy of it would
    stay logged in after logging out. Keyed per login rather than per person, logging out in one
    browser leaves the person's other browsers logged in.
    """

    __tablename__ = "logins"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True, default=new_login_key)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(index=True)

    def __repr__(self) -> str:
        return f"<Login of user {self.user_id} at {self.started_at:%Y-%m-%d %H:%M}>"
