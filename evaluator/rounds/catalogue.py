"""Editing a round's catalogue: its categories and their criteria, while the round is a draft.

Each round owns its copies (``create_round`` copies the previous round's), so nothing here can
change a past round. Every operation takes the session and the acting admin, refuses with
``NotAllowed`` once the round has left the draft phase, writes an audit event, flushes and never
commits.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from evaluator.accounts.models import User
from evaluator.audit.operations import changed_fields, record
from evaluator.audit.tags import AuditAction
from evaluator.core.errors import DomainError, NotAllowed
from evaluator.i18n import _, ngettext
from evaluator.nominations.models import Nomination
from evaluator.reviewing.models import Score
from evaluator.rounds.models import Category, Criterion, Round, RoundPhase
from evaluator.rounds.permissions import can_manage_rounds

NAME_MAX = 200
WEIGHT_MAX = 100
KEY_MAX = 60


class NameTaken(DomainError):
    """Another category of the round (or criterion of the category) already has this name."""


class InvalidName(DomainError):
    pass


class InvalidWeight(DomainError):
    pass


# Permissions ----------------------------------------------------------------------------------


def can_manage_catalogues(person: Any) -> bool:
    """Admins manage categories and criteria (the same people who manage rounds)."""
    return can_manage_rounds(person)


def can_view_catalogue(person: Any, round_: Round) -> bool:
    return can_manage_catalogues(person)


def can_edit_catalogue(person: Any, round_: Round) -> bool:
    """Only a draft's catalogue changes: nominations and scores refer to it once nominating opens."""
    return can_manage_catalogues(person) and round_.phase is RoundPhase.DRAFT


def locked_reason(round_: Round) -> str | None:
    """Why the round's catalogue cannot be edited, or None while it can."""
    if round_.phase is RoundPhase.DRAFT:
        return None
    return _("Categories and criteria are fixed once nominating has opened.")


def _require_draft(round_: Round) -> None:
    reason = locked_reason(round_)
    if reason:
        raise NotAllowed(reason)


# Queries --------------------------------------------------------------------------------------


def catalogue_of(session: Session, round_: Round) -> list[Category]:
    """The round's categories in order, each with its criteria loaded (two queries)."""
    return list(
        session.scalars(
            sa.select(Category)
            .where(Category.round_id == round_.id)
            .options(selectinload(Category.criteria))
            .order_by(Category.position, Category.id)
        )
    )


# Checks and helpers ---------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidName(_("Enter a name."))
    if len(name) > NAME_MAX:
        raise InvalidName(_("Use at most %(n)d characters.", n=NAME_MAX))
    return name


def _clean_text(text: str | None) -> str:
    return (text or "").strip()


def _clean_weight(weight: float | Decimal | int) -> float:
    value = float(weight)
    if not math.isfinite(value) or value <= 0:
        raise InvalidWeight(_("The weight must be above 0."))
    if value > WEIGHT_MAX:
        raise InvalidWeight(_("The weight must be at most %(max)d.", max=WEIGHT_MAX))
    return value


def _check_name_free(siblings: list[Any], name: str, *, own: Any = None, message: str) -> None:
    # Case-insensitive: "Programmes" and "programmes" side by side would only confuse people.
    wanted = name.casefold()
    if any(s is not own and s.name.casefold() == wanted for s in siblings):
        raise NameTaken(message)


_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(name: str) -> str:
    """A lowercase ASCII key such as ``local-networks`` (German umlauts spelled out)."""
    text = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLITERATION))
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "category"


def _free_key(round_: Round, name: str) -> str:
    base = slugify(name)[: KEY_MAX - 4].strip("-") or "category"
    taken = {c.key for c in round_.categories}
    key, number = base, 2
    while key in taken:
        key = f"{base}-{number}"
        number += 1
    return key


def _next_position(items: list[Any]) -> int:
    return max((item.position for item in items), default=-1) + 1


def _move(items: list[Any], item: Any, direction: int) -> tuple[int, int] | None:
    """Swap ``item`` with its neighbour; positions are renumbered 0..n-1 so gaps never matter."""
    if direction not in (-1, 1):
        raise ValueError(direction)
    ordered = sorted(items, key=lambda x: (x.position, x.id))
    index = ordered.index(item)
    target = index + direction
    if not 0 <= target < len(ordered):
        return None
    before = item.position
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, each in enumerate(ordered):
        each.position = position
    return before, item.position


def _category_fields(category: Category) -> dict[str, Any]:
    return {
        "key": category.key,
        "name": category.name,
        "description": category.description,
        "position": category.position,
    }


def _criterion_fields(criterion: Criterion) -> dict[str, Any]:
    return {
        "category_id": criterion.category_id,
        "name": criterion.name,
        "guidance": criterion.guidance,
        "weight": criterion.weight,
        "position": criterion.position,
    }


def _audit(
    session: Session,
    action: AuditAction,
    obj: Category | Criterion,
    *,
    actor: User,
    round_id: int,
    object_id: int | None = None,
    **details: Any,
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        object_type="category" if isinstance(obj, Category) else "criterion",
        object_id=object_id if object_id is not None else obj.id,
        round_id=round_id,
        **details,
    )


# Categories -----------------------------------------------------------------------------------


def add_category(
    session: Session, round_: Round, *, actor: User, name: str, description: str = ""
) -> Category:
    """Add a category at the end of a draft round's list.

    Its ``key`` is a slug of the name, unique within the round. Refuses a name the round already
    uses (NameTaken) and any round past draft (NotAllowed). Audit: ``category:create``.
    """
    _require_draft(round_)
    name = _clean_name(name)
    _check_name_free(
        round_.categories,
        name,
        message=_("This round already has a category called “%(name)s”.", name=name),
    )
    category = Category(
        key=_free_key(round_, name),
        name=name,
        description=_clean_text(description),
        position=_next_position(round_.categories),
    )
    round_.categories.append(category)
    session.flush()
    after = _category_fields(category)
    _audit(session, AuditAction.CATEGORY_CREATE, category, actor=actor, round_id=round_.id, after=after)
    return category


def update_category(
    session: Session, category: Category, *, actor: User, name: str, description: str = ""
) -> Category:
    """Rename a category or change its description (the key stays, linking it across rounds).

    Audit: ``category:update`` with the changed fields, only when something changed.
    """
    round_ = category.round
    _require_draft(round_)
    name = _clean_name(name)
    _check_name_free(
        round_.categories,
        name,
        own=category,
        message=_("This round already has a category called “%(name)s”.", name=name),
    )
    before = _category_fields(category)
    category.name = name
    category.description = _clean_text(description)
    session.flush()
    old, new = changed_fields(before, _category_fields(category))
    if new:
        _audit(
            session,
            AuditAction.CATEGORY_UPDATE,
            category,
            actor=actor,
            round_id=round_.id,
            before=old,
            after=new,
        )
    return category


def delete_category(session: Session, category: Category, *, actor: User) -> None:
    """Delete a category and its criteria, unless nominations were made in it.

    Audit: ``category:delete`` with the category's fields and its criteria's names.
    """
    round_ = category.round
    _require_draft(round_)
    nominations = session.scalar(
        sa.select(sa.func.count(Nomination.id)).where(Nomination.category_id == category.id)
    )
    if nominations:
        raise NotAllowed(
            ngettext(
                "The category “%(name)s” cannot be deleted: %(num)d nomination has been made in it.",
                "The category “%(name)s” cannot be deleted: %(num)d nominations have been made in it.",
                nominations,
                name=category.name,
            )
        )
    # Scores hang off nominations of the category, so this only guards against stray data.
    if session.scalar(
        sa.select(sa.func.count(Score.id)).join(Criterion).where(Criterion.category_id == category.id)
    ):
        raise NotAllowed(
            _("The category “%(name)s” cannot be deleted: it has been scored.", name=category.name)
        )
    before = {**_category_fields(category), "criteria": [c.name for c in category.criteria]}
    category_id = category.id
    round_.categories.remove(category)  # delete-orphan deletes it and, by cascade, its criteria
    session.flush()
    _audit(
        session,
        AuditAction.CATEGORY_DELETE,
        category,
        actor=actor,
        round_id=round_.id,
        object_id=category_id,
        before=before,
    )


def move_category(session: Session, category: Category, *, actor: User, direction: int) -> bool:
    """Swap the category with its neighbour above (-1) or below (+1).

    Returns False (and changes nothing) at either end of the list. Audit: ``category:update``
    with the position before and after.
    """
    round_ = category.round
    _require_draft(round_)
    moved = _move(round_.categories, category, direction)
    if moved is None:
        return False
    session.flush()
    session.expire(round_, ["categories"])  # reload in the new order
    _audit(
        session,
        AuditAction.CATEGORY_UPDATE,
        category,
        actor=actor,
        round_id=round_.id,
        before={"position": moved[0]},
        after={"position": moved[1]},
    )
    return True


# Criteria -------------------------------------------------------------------------------------


def add_criterion(
    session: Session,
    category: Category,
    *,
    actor: User,
    name: str,
    guidance: str = "",
    weight: float | Decimal | int,
) -> Criterion:
    """Add a criterion at the end of the category's list (weight above 0, at most 100).

    Refuses a name the category already uses (NameTaken). Audit: ``criterion:create``.
    """
    _require_draft(category.round)
    name = _clean_name(name)
    _check_name_free(
        category.criteria,
        name,
        message=_("This category already has a criterion called “%(name)s”.", name=name),
    )
    criterion = Criterion(
        name=name,
        guidance=_clean_text(guidance),
        weight=_clean_weight(weight),
        position=_next_position(category.criteria),
    )
    category.criteria.append(criterion)
    session.flush()
    after = _criterion_fields(criterion)
    _audit(
        session, AuditAction.CRITERION_CREATE, criterion, actor=actor, round_id=category.round_id, after=after
    )
    return criterion


def update_criterion(
    session: Session,
    criterion: Criterion,
    *,
    actor: User,
    name: str,
    guidance: str = "",
    weight: float | Decimal | int,
) -> Criterion:
    """Change a criterion's name, guidance or weight.

    Audit: ``criterion:update`` with the changed fields, only when something changed.
    """
    category = criterion.category
    _require_draft(category.round)
    name = _clean_name(name)
    _check_name_free(
        category.criteria,
        name,
        own=criterion,
        message=_("This category already has a criterion called “%(name)s”.", name=name),
    )
    new_weight = _clean_weight(weight)
    before = _criterion_fields(criterion)
    criterion.name = name
    criterion.guidance = _clean_text(guidance)
    criterion.weight = new_weight
    session.flush()
    old, new = changed_fields(before, _criterion_fields(criterion))
    if new:
        _audit(
            session,
            AuditAction.CRITERION_UPDATE,
            criterion,
            actor=actor,
            round_id=category.round_id,
            before=old,
            after=new,
        )
    return criterion


def delete_criterion(session: Session, criterion: Criterion, *, actor: User) -> None:
    """Delete a criterion, unless a score refers to it. Audit: ``criterion:delete``."""
    category = criterion.category
    _require_draft(category.round)
    scores = session.scalar(sa.select(sa.func.count(Score.id)).where(Score.criterion_id == criterion.id))
    if scores:
        raise NotAllowed(
            ngettext(
                "The criterion “%(name)s” cannot be deleted: %(num)d score refers to it.",
                "The criterion “%(name)s” cannot be deleted: %(num)d scores refer to it.",
                scores,
                name=criterion.name,
            )
        )
    before = _criterion_fields(criterion)
    criterion_id = criterion.id
    category.criteria.remove(criterion)
    session.flush()
    _audit(
        session,
        AuditAction.CRITERION_DELETE,
        criterion,
        actor=actor,
        round_id=category.round_id,
        object_id=criterion_id,
        before=before,
    )


def move_criterion(session: Session, criterion: Criterion, *, actor: User, direction: int) -> bool:
    """Swap the criterion with its neighbour above (-1) or below (+1) within its category.

    Returns False (and changes nothing) at either end. Audit: ``criterion:update`` with the
    position before and after.
    """
    category = criterion.category
    _require_draft(category.round)
    moved = _move(category.criteria, criterion, direction)
    if moved is None:
        return False
    session.flush()
    session.expire(category, ["criteria"])
    _audit(
        session,
        AuditAction.CRITERION_UPDATE,
        criterion,
        actor=actor,
        round_id=category.round_id,
        before={"position": moved[0]},
        after={"position": moved[1]},
    )
    return True
