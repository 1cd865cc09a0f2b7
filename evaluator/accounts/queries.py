from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from evaluator.accounts.models import Role, User, UserRole


def list_users(
    session: Session, *, search: str = "", role: Role | None = None, include_inactive: bool = True
) -> list[User]:
    """Users for the admin list, with roles and units loaded in a fixed number of queries."""
    query = (
        sa.select(User)
        .options(selectinload(User.role_rows), selectinload(User.coordinated_units))
        .order_by(sa.func.lower(User.display_name), User.id)
    )
    if search:
        # "%" and "_" typed by the admin are literal characters, not wildcards.
        escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            sa.or_(
                User.email.like(pattern, escape="\\"),
                sa.func.lower(User.display_name).like(pattern, escape="\\"),
            )
        )
    if role is not None:
        query = query.where(User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == role)))
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return list(session.scalars(query))
