from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# Ids are 32-bit integer columns; PostgreSQL refuses to compare them with a larger number (an
# error, not "no row"), and SQLite refuses numbers beyond 64 bits.
MAX_ID = 2**31 - 1


def is_local_path(target: str | None) -> bool:
    """True for a path on this site ("/dashboard?x=1"), False for anything that leaves it.

    Refuses absolute URLs, scheme-relative ("//host") and backslash tricks ("/\\host") that
    browsers treat as other hosts.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number beyond the id range is no page (404), never a query."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002  (werkzeug's name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def whole_number(raw: str | None) -> int | None:
    """Digits sent as text (an id in a query string, a version in a hidden field), or None.

    Only ASCII digits count ("²" and "١" pass str.isdigit() but int() refuses the first), and no
    more than fit in 64 bits, so int() never meets a string of thousands of digits.
    """
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    return None


def search_text(raw: str | None, limit: int = 100) -> str:
    """Text typed into a search box, as far as it can be searched for: no stored text holds a NUL
    character (PostgreSQL refuses one in a query), and no name is longer than ``limit``."""
    return (raw or "").replace("\x00", "")[:limit]


def register_url_rules(app: Flask) -> None:
    """Before the blueprints: their rules take the converters known when they are added."""
    app.url_map.converters["int"] = IdConverter
