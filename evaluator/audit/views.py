"""Admin page: browse the audit log, filtered by round, person, object, action and Berlin dates."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from evaluator.accounts.permissions import can_manage_users
from evaluator.audit.operations import record
from evaluator.audit.queries import (
    AuditFilter,
    FilterChoices,
    export_rows,
    filter_choices,
    latest_event_id,
    search_events,
)
from evaluator.audit.tags import AuditAction
from evaluator.core.access import permission_required
from evaluator.core.clock import now_utc, utc_to_berlin_naive
from evaluator.exports.cells import neutralise
from evaluator.extensions import db
from evaluator.i18n import _, _l

bp = Blueprint("admin_audit", __name__, url_prefix="/admin/audit")

PER_PAGE = 50
# Object ids are 32-bit integers in the database; a larger number would be an error there.
MAX_ID = 2**31 - 1
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

FIELD_LABELS = {
    "round": _l("Round"),
    "person": _l("Person"),
    "object_type": _l("Object type"),
    "object_id": _l("Object id"),
    "action": _l("Action"),
    "from": _l("From"),
    "to": _l("To"),
}


@dataclass
class FilterReading:
    """The filter understood from the query string, the parameters worth keeping in links, and
    a note for every parameter that had to be ignored."""

    filter: AuditFilter = field(default_factory=AuditFilter)
    kept: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """One line of an event's details: ``before`` is None for a value that is not a change."""

    key: str
    before: str | None
    after: str


def action_options(actions: list[str]) -> list[tuple[str, str]]:
    """Each action in the log, and before its members each prefix ("round:") that selects a group."""
    prefixes = {action[: i + 1] for action in actions for i, ch in enumerate(action[:-1]) if ch == ":"}
    return [(value, f"{value}*" if value in prefixes else value) for value in sorted(set(actions) | prefixes)]


def _shown(value: Any) -> str:
    """A stored value as text: strings as they are, other JSON as JSON, nothing as a dash."""
    if value is None or value == "":
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def describe_changes(details: Any) -> list[Change]:
    """The details of an event as "key: before → after" lines; anything else as "key: value"."""
    if not isinstance(details, dict):
        return [Change("details", None, _shown(details))] if details else []
    before = details.get("before") if isinstance(details.get("before"), dict) else {}
    after = details.get("after") if isinstance(details.get("after"), dict) else {}
    keys = list(after) + [key for key in before if key not in after]
    changes = [Change(str(key), _shown(before.get(key)), _shown(after.get(key))) for key in keys]
    others = {k: v for k, v in details.items() if k not in ("before", "after") or not isinstance(v, dict)}
    return changes + [Change(str(key), None, _shown(value)) for key, value in others.items()]


def _printable(raw: str, limit: int = 40) -> str:
    """Typed input quoted back in a note: shortened, control characters made visible."""
    shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in raw[:limit])
    return shown + "…" if len(raw) > limit else shown


def read_filter(args: MultiDict[str, str], choices: FilterChoices) -> FilterReading:
    """Understand each filter parameter on its own; a bad one is ignored with a note, never an error."""
    reading = FilterReading()
    values: dict[str, Any] = {}

    def ignore(name: str, raw: str, reason: str) -> None:
        reason = reason % {"value": _printable(raw)}
        reading.notes.append(
            _("“%(field)s” was ignored: %(reason)s", field=FIELD_LABELS[name], reason=reason)
        )

    def number(name: str, raw: str) -> int | None:
        # The length check comes first: int() refuses strings of thousands of digits.
        if raw.isascii() and raw.isdigit() and len(raw) <= 10 and 0 < int(raw) <= MAX_ID:
            return int(raw)
        ignore(name, raw, _("“%(value)s” is not an id."))
        return None

    def day(name: str, raw: str) -> date | None:
        try:
            if ISO_DATE.fullmatch(raw):
                return date.fromisoformat(raw)
        except ValueError:
            pass
        ignore(name, raw, _("“%(value)s” is not a date (YYYY-MM-DD)."))
        return None

    def one_of(name: str, raw: str, allowed: set[str] | set[int], value: Any) -> Any:
        if value is not None and value in allowed:
            return value
        if value is not None:  # a well-formed id that does not fit: say so
            ignore(name, raw, _("“%(value)s” is not one of the choices."))
        return None

    for name in FIELD_LABELS:
        raw = (args.get(name) or "").strip()
        if not raw:
            continue
        if name == "round":
            value = one_of(name, raw, {i for i, _n in choices.rounds}, number(name, raw))
        elif name == "person":
            value = one_of(name, raw, {i for i, _n in choices.actors}, number(name, raw))
        elif name == "object_type":
            value = one_of(name, raw, set(choices.object_types), raw)
        elif name == "action":
            value = one_of(name, raw, {v for v, _label in action_options(choices.actions)}, raw)
        elif name == "object_id":
            value = number(name, raw)
        else:
            value = day(name, raw)
        if value is not None:
            values[name] = value
            reading.kept[name] = value.isoformat() if isinstance(value, date) else str(value)

    if values.get("from") and values.get("to") and values["from"] > values["to"]:
        reading.notes.append(_("“From” is after “To”: no event can match."))
    reading.filter = AuditFilter(
        round_id=values.get("round"),
        actor_id=values.get("person"),
        object_type=values.get("object_type"),
        object_id=values.get("object_id"),
        action=values.get("action"),
        date_from=values.get("from"),
        date_to=values.get("to"),
    )
    return reading


def page_number(raw: str | None) -> int:
    """The page asked for; anything unreadable is the first page (the query clamps the rest)."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 9 else 1


def page_window(current: int, last: int, *, around: int = 2) -> list[int | None]:
    """The page numbers to link: first, last and a few around the current one; None is a gap."""
    wanted = {1, last, *range(current - around, current + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= last)
    window: list[int | None] = []
    for n in numbers:
        if window and n - (window[-1] or 0) > 1:
            window.append(None)
        window.append(n)
    return window


@bp.route("/")
@permission_required(can_manage_users)
def index():  # type: ignore[no-untyped-def]
    choices = filter_choices(db.session)
    reading = read_filter(request.args, choices)
    page = search_events(
        db.session, reading.filter, page=page_number(request.args.get("page")), per_page=PER_PAGE
    )
    return render_template(
        "admin/audit/index.html",
        page=page,
        rows=[(event, describe_changes(event.details)) for event in page.items],
        window=page_window(page.page, page.pages),
        choices=choices,
        actions=action_options(choices.actions),
        round_names=dict(choices.rounds),
        selected=reading.kept,
        notes=reading.notes,
        labels=FIELD_LABELS,
    )


def _csv_cell(value: Any) -> Any:
    """A value as a CSV cell: formula-like text neutralised, times in Berlin to the second."""
    value = neutralise(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value


def _event_cells(row: Any, system: str) -> list[Any]:
    """One exported event, in the order of the header; ``system`` names events without a person."""
    changes = "\n".join(
        f"{c.key}: {c.before} → {c.after}" if c.before is not None else f"{c.key}: {c.after}"
        for c in describe_changes(row.details)
    )
    round_name = row.round_name or (f"#{row.round_id}" if row.round_id is not None else None)
    values = (
        row.id,
        row.occurred_at,
        row.actor_name if row.actor_id is not None else system,
        row.actor_id,
        row.action,
        row.object_type,
        row.object_id,
        round_name,
        row.round_id,
        changes,
        json.dumps(row.details, ensure_ascii=False, sort_keys=True),
    )
    return [_csv_cell(value) for value in values]


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_csv_cell(v) for v in values])
    return buffer.getvalue()


@bp.route("/export.csv")
@permission_required(can_manage_users)
def export_csv():  # type: ignore[no-untyped-def]
    """Every event of the current filter selection as CSV, newest first, without a cap.

    The file is streamed in batches straight from one database query, so memory stays flat
    however long the log is. It holds the log as it stood when the download began: events
    written meanwhile (this download's own record among them) are not part of it.
    """
    choices = filter_choices(db.session)
    reading = read_filter(request.args, choices)
    upto_id = latest_event_id(db.session)
    record(
        db.session,
        actor=current_user,
        action=AuditAction.EXPORT_DOWNLOAD,
        object_type="audit_log",
        object_id=None,
        after={"export": "audit-log.csv", "filter": reading.kept},
    )
    db.session.commit()

    # Translated now, while the request (and so the language) is known; the rows follow later.
    header = _csv_line(
        [
            _("Event ID"),
            _("Time (Berlin)"),
            _("Person"),
            _("Person ID"),
            _("Action"),
            _("Object type"),
            _("Object ID"),
            _("Round"),
            _("Round ID"),
            _("Changes"),
            _("Details (JSON)"),
        ]
    )
    system = _("system")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    flt = reading.filter

    def lines() -> Iterator[bytes]:
        yield ("\ufeff" + header).encode("utf-8")  # the mark tells spreadsheets it is UTF-8
        # The response outlives the request: the rows are read in an application context (and
        # so a database session) of their own, closed when the last row is sent.
        with app.app_context():
            for batch in export_rows(db.session, flt, upto_id=upto_id):
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                for row in batch:
                    writer.writerow(_event_cells(row, system))
                yield buffer.getvalue().encode("utf-8")

    stamp = utc_to_berlin_naive(now_utc()).strftime("%Y%m%d-%H%M")
    response = Response(lines(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
