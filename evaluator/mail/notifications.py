"""The workflow's e-mail: written into the outbox in the transaction of the event it tells of.

Texts are templates under ``templates/email/<name>/`` (``subject.txt``, ``body.txt`` and, when
present, ``body.html``), rendered in each recipient's language (their preference, else the
default) with every sentence through gettext. Links are absolute, built on ``BASE_URL``, so
they work from the command line as well as from a request.

The functions here are called by the operations (a phase change, a submission, publication):
they add rows to the session and flush, nothing more. If the event's transaction rolls back,
its mail never existed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale, format_date, format_time
from jinja2 import TemplateNotFound
from sqlalchemy.orm import Session

from evaluator.accounts.models import Role, User, UserRole, coordinator_units
from evaluator.mail.models import OutboxMail
from evaluator.mail.outbox import queue_mail
from evaluator.nominations.models import Nomination, NominationState
from evaluator.rounds.models import Round, RoundPhase

ROUND_OPENED = "round_opened"
NOMINATION_RECEIVED = "nomination_received"
REVIEWING_OPENED = "reviewing_opened"
VOTING_OPENED = "voting_opened"
RESULTS_PUBLISHED = "results_published"


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body_text: str
    body_html: str | None


def absolute_url(endpoint: str, **values: Any) -> str:
    """An address of this application for use outside it (in e-mail), built on ``BASE_URL``;
    works without a request (from the command line)."""
    base = urlsplit(str(current_app.config["BASE_URL"]))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def language_of(user: User) -> str:
    languages: list[str] = current_app.config["LANGUAGES"]
    if user.preferred_language in languages:
        return str(user.preferred_language)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def moment(value: datetime | None) -> str:
    """A point in time as the mail shows it: long date and short time, in Berlin time and the
    language being rendered ("15. Januar 2027, 23:59")."""
    if value is None:
        return ""
    return f"{format_date(value, 'long')}, {format_time(value, 'short')}"


_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)) + "\n"


def render_mail(name: str, *, language: str, **context: Any) -> RenderedMail:
    """Subject and bodies of ``templates/email/<name>/`` in ``language``.

    The language is forced for the rendering so that the person acting (an admin reading the
    site in German) does not decide the language of everyone else's mail.
    """
    context.setdefault("moment", moment)
    with force_locale(language):
        subject = render_template(f"email/{name}/subject.txt", **context)
        body_text = render_template(f"email/{name}/body.txt", **context)
        try:
            body_html: str | None = render_template(f"email/{name}/body.html", **context)
        except TemplateNotFound:
            body_html = None
    return RenderedMail(" ".join(subject.split()), _tidy(body_text), body_html)


def queue_to(
    session: Session,
    user: User,
    name: str,
    *,
    kind: str | None = None,
    round_id: int | None = None,
    dedupe_key: str | None = None,
    **context: Any,
) -> OutboxMail | None:
    """Render ``name`` for ``user`` in their language and queue it (None: deduplicated)."""
    mail = render_mail(name, language=language_of(user), recipient=user, **context)
    return queue_mail(
        session,
        kind=kind or name,
        to=user.email,
        subject=mail.subject,
        body_text=mail.body_text,
        body_html=mail.body_html,
        round_id=round_id,
        dedupe_key=dedupe_key,
    )


# -- Who is told --------------------------------------------------------------------------------


def _with_role(role: Role):  # type: ignore[no-untyped-def]
    return User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == role))


def active_coordinators(session: Session) -> list[User]:
    """Active coordinators who coordinate at least one unit."""
    return list(
        session.scalars(
            sa.select(User)
            .where(
                User.active,
                _with_role(Role.COORDINATOR),
                User.id.in_(sa.select(coordinator_units.c.user_id)),
            )
            .order_by(User.id)
        )
    )


def unit_coordinators(session: Session, unit_id: int) -> list[User]:
    return list(
        session.scalars(
            sa.select(User)
            .where(
                User.active,
                _with_role(Role.COORDINATOR),
                User.id.in_(
                    sa.select(coordinator_units.c.user_id).where(coordinator_units.c.org_unit_id == unit_id)
                ),
            )
            .order_by(User.id)
        )
    )


def commission_members(session: Session) -> list[User]:
    from evaluator.reviewing.queries import commission_members as members

    return members(session)


def _unique(users: Iterable[User]) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        seen.setdefault(user.id, user)
    return list(seen.values())


# -- The events ---------------------------------------------------------------------------------


def phase_opened(session: Session, round_: Round) -> int:
    """After a phase change: nominating opened (coordinators), reviewing or voting opened
    (active commission members). Other phases tell no one. Returns the number queued."""
    if round_.phase is RoundPhase.NOMINATING:
        recipients = active_coordinators(session)
        name, deadline, link = ROUND_OPENED, round_.nomination_deadline, absolute_url("nominations.index")
    elif round_.phase is RoundPhase.REVIEWING:
        recipients = commission_members(session)
        name, deadline, link = REVIEWING_OPENED, round_.review_deadline, absolute_url("review.index")
    elif round_.phase is RoundPhase.VOTING:
        recipients = commission_members(session)
        name, deadline = VOTING_OPENED, round_.voting_deadline
        link = absolute_url("voting.ballot", round_id=round_.id)
    else:
        return 0
    for user in recipients:
        queue_to(session, user, name, round_id=round_.id, round=round_, deadline=deadline, link=link)
    return len(recipients)


def nomination_received(session: Session, nomination: Nomination, *, actor: User) -> int:
    """The receipt of a submission, to the person who submitted it and the unit's coordinators."""
    recipients = _unique(
        [*([actor] if actor.active else []), *unit_coordinators(session, nomination.org_unit_id)]
    )
    round_ = nomination.round
    for user in recipients:
        queue_to(
            session,
            user,
            NOMINATION_RECEIVED,
            round_id=round_.id,
            round=round_,
            nomination=nomination,
            submitted_by=actor,
            deadline=round_.nomination_deadline,
            link=absolute_url("nominations.detail", nomination_id=nomination.id),
        )
    return len(recipients)


def results_published(session: Session, round_: Round) -> int:
    """To each coordinator of a unit that submitted a nomination: a link to each such
    nomination's page, where the outcome and the commission's feedback are shown."""
    rows = session.execute(
        sa.select(User, Nomination.id, Nomination.title)
        .join(coordinator_units, coordinator_units.c.user_id == User.id)
        .join(Nomination, Nomination.org_unit_id == coordinator_units.c.org_unit_id)
        .where(
            Nomination.round_id == round_.id,
            Nomination.state == NominationState.SUBMITTED,
            User.active,
            _with_role(Role.COORDINATOR),
        )
        .order_by(User.id, Nomination.title, Nomination.id)
    ).all()
    by_user: dict[int, tuple[User, list[dict[str, Any]]]] = {}
    for user, nomination_id, title in rows:
        items = by_user.setdefault(user.id, (user, []))[1]
        if all(item["id"] != nomination_id for item in items):
            items.append(
                {
                    "id": nomination_id,
                    "title": title,
                    "link": absolute_url("nominations.detail", nomination_id=nomination_id),
                }
            )
    results_link = absolute_url("public.round_results", year=round_.year)
    for user, nominations in by_user.values():
        queue_to(
            session,
            user,
            RESULTS_PUBLISHED,
            round_id=round_.id,
            round=round_,
            nominations=nominations,
            results_link=results_link,
        )
    return len(by_user)
