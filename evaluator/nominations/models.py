from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evaluator.db import Base, TimestampMixin, enum_column
from evaluator.orgunits.models import OrgUnit
from evaluator.rounds.models import Category, Round

if TYPE_CHECKING:
    from evaluator.accounts.models import User
    from evaluator.publication.models import Award
    from evaluator.voting.models import Decision

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Only web addresses may be stored as links: no javascript:, data: or relative URLs.
WEBSITE_CHECK = "website IS NULL OR website LIKE 'http://%' OR website LIKE 'https://%'"
MAX_ATTACHMENTS = 5


class NominationState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class Eligibility(enum.StrEnum):
    PENDING = "pending"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


class Initiative(TimestampMixin, Base):
    """The lasting thing that can hold lighthouse status across rounds; survives renaming."""

    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    org_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("org_units.id", ondelete="RESTRICT"), index=True)
    summary: Mapped[str] = mapped_column(sa.String(600), default="")
    website: Mapped[str | None] = mapped_column(sa.String(500))

    org_unit: Mapped[OrgUnit] = relationship(back_populates="initiatives")
    nominations: Mapped[list[Nomination]] = relationship(back_populates="initiative")

    __table_args__ = (sa.CheckConstraint(WEBSITE_CHECK, name="website_http"),)
    awards: Mapped[list[Award]] = relationship(back_populates="initiative", order_by="Award.valid_from")

    def __repr__(self) -> str:
        return f"<Initiative {self.id} {self.title!r}>"


class Nomination(TimestampMixin, Base):
    """An initiative put forward in one round and one category."""

    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="RESTRICT"), index=True)
    initiative_id: Mapped[int] = mapped_column(sa.ForeignKey("initiatives.id", ondelete="RESTRICT"))
    category_id: Mapped[int] = mapped_column(index=True)
    org_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("org_units.id", ondelete="RESTRICT"), index=True)
    state: Mapped[NominationState] = mapped_column(
        enum_column(NominationState), default=NominationState.DRAFT
    )
    eligibility: Mapped[Eligibility] = mapped_column(enum_column(Eligibility), default=Eligibility.PENDING)
    eligibility_reason: Mapped[str | None] = mapped_column(sa.Text)

    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(600), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    start_year: Mapped[int | None]
    exchanged_students: Mapped[int | None]
    exchanged_staff: Mapped[int | None]
    joint_degree_programmes: Mapped[int | None]
    joint_publications: Mapped[int | None]
    joint_events: Mapped[int | None]
    website: Mapped[str | None] = mapped_column(sa.String(500))
    head_support_confirmed: Mapped[bool] = mapped_column(default=False)

    renomination_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None]
    # Optimistic locking: a save based on an older version is refused instead of overwriting.
    version: Mapped[int] = mapped_column(default=1)

    round: Mapped[Round] = relationship(back_populates="nominations")
    initiative: Mapped[Initiative] = relationship(back_populates="nominations")
    category: Mapped[Category] = relationship(foreign_keys=[category_id])
    org_unit: Mapped[OrgUnit] = relationship()
    created_by: Mapped[User | None] = relationship()
    renomination_of: Mapped[Nomination | None] = relationship(remote_side=[id])
    partners: Mapped[list[NominationPartner]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", order_by="NominationPartner.position"
    )
    contacts: Mapped[list[NominationContact]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", order_by="NominationContact.position"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    decision: Mapped[Decision | None] = relationship(back_populates="nomination", passive_deletes=True)

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        sa.UniqueConstraint("initiative_id", "round_id"),
        # The category must belong to the nomination's own round.
        sa.ForeignKeyConstraint(
            ["category_id", "round_id"], ["categories.id", "categories.round_id"], ondelete="RESTRICT"
        ),
        # Target of the composite key that ties an award to exactly what was nominated.
        sa.UniqueConstraint("id", "initiative_id", "round_id", "category_id"),
        sa.CheckConstraint(WEBSITE_CHECK, name="website_http"),
        sa.CheckConstraint(
            "(eligibility = 'pending') OR (state = 'submitted')", name="eligibility_only_when_submitted"
        ),
        sa.CheckConstraint(
            "start_year IS NULL OR start_year BETWEEN 1800 AND 2200", name="plausible_start_year"
        ),
        sa.CheckConstraint(
            "COALESCE(exchanged_students, 0) >= 0 AND COALESCE(exchanged_staff, 0) >= 0"
            " AND COALESCE(joint_degree_programmes, 0) >= 0 AND COALESCE(joint_publications, 0) >= 0"
            " AND COALESCE(joint_events, 0) >= 0",
            name="key_figures_not_negative",
        ),
    )

    def __repr__(self) -> str:
        return f"<Nomination {self.id} {self.state} round={self.round_id}>"

    @property
    def partner_countries(self) -> list[str]:
        seen: dict[str, None] = {}
        for partner in self.partners:
            seen.setdefault(partner.country, None)
        return list(seen)


class NominationPartner(Base):
    __tablename__ = "nomination_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    institution: Mapped[str] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(100))

    nomination: Mapped[Nomination] = relationship(back_populates="partners")


class NominationContact(Base):
    __tablename__ = "nomination_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))

    nomination: Mapped[Nomination] = relationship(back_populates="contacts")


class Attachment(Base):
    """A PDF attached to a nomination; the bytes live in shared storage under ``storage_key``."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(255), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime]

    nomination: Mapped[Nomination] = relationship(back_populates="attachments")

    __table_args__ = (
        sa.CheckConstraint(f"size_bytes > 0 AND size_bytes <= {MAX_ATTACHMENT_BYTES}", name="size_limit"),
    )
