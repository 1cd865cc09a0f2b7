from __future__ import annotations

from urllib.parse import urlsplit


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
