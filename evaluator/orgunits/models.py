from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evaluator.db import Base, enum_column

if TYPE_CHECKING:
    from evaluator.nominations.models import Initiative


class OrgUnitKind(enum.StrEnum):
    SCHOOL = "school"
    FACULTY = "faculty"
    INSTITUTE = "institute"
    CENTRE = "centre"
    CENTRAL_UNIT = "central_unit"


class OrgUnit(Base):
    """A school, faculty, institute or central unit; units form a tree through ``parent``."""

    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str | None] = mapped_column(sa.String(40))
    kind: Mapped[OrgUnitKind] = mapped_column(enum_column(OrgUnitKind))
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("org_units.id", ondelete="RESTRICT"), index=True
    )

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(back_populates="parent", order_by="OrgUnit.name")
    initiatives: Mapped[list[Initiative]] = relationship(back_populates="org_unit")

    __table_args__ = (sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),)

    def __repr__(self) -> str:
        return f"<OrgUnit {self.id} {self.name!r}>"

    @property
    def label(self) -> str:
        return self.name
