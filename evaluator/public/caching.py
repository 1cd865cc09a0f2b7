"""HTTP caching of the public pages and the public API: an ETag computed from the answer itself,
and 304 Not Modified when the browser already holds it.

The ETag is derived from the body that was just rendered, so it changes with any change of what
is shown and can never be stale; what caching saves is sending the page again, not computing it.

- The JSON API is the same for everyone and sets no cookie: ``public, max-age`` lets the
  university web site and any cache in between keep it for a short while.
- The HTML pages carry per-person content (the navigation of a logged-in person, the language)
  and a per-session form token, and may set the session cookie: ``private, no-cache`` keeps them
  out of shared caches and has the browser ask every time. The form token in the page is signed
  with a timestamp, so the bytes differ from one second to the next; the ETag leaves the token out
  but includes the session it belongs to and the hour it was made in, so that a page kept by
  the browser never carries a token of another session or one about to expire.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, current_app, g, request, session

from evaluator.core.clock import now_utc

PAGES = frozenset({"public.lighthouses", "public.rounds", "public.round_results", "public.initiative"})
API = frozenset({"api.lighthouses"})
API_MAX_AGE = 60  # seconds a cache may answer for the API without asking again
TOKEN_FIELD = "csrf_token"  # noqa: S105  (Flask-WTF's name for the form token, no secret)


def register_http_caching(app: Flask) -> None:
    """Call after the blueprints are registered: the endpoints must exist."""
    unknown = (PAGES | API) - set(app.view_functions)
    if unknown:
        raise RuntimeError(f"HTTP caching names unknown endpoints: {sorted(unknown)}")

    @app.after_request
    def http_caching(response: Response) -> Response:
        if request.endpoint in PAGES:
            return cache_page(response)
        if request.endpoint in API:
            return cache_api(response)
        return response


def _cacheable(response: Response) -> bool:
    # Only a complete success is worth keeping; errors (404 of an unpublished round) never answer 304.
    return request.method in ("GET", "HEAD") and response.status_code == 200 and not response.is_streamed


def cache_api(response: Response) -> Response:
    if not _cacheable(response):
        return response
    response.add_etag()  # the bytes of the JSON: the same data always serialises the same way
    if session.modified:  # a cookie goes out with it: for this browser only
        response.headers["Cache-Control"] = "private, no-cache"
    else:
        response.headers["Cache-Control"] = f"public, max-age={API_MAX_AGE}"
    return response.make_conditional(request)


def cache_page(response: Response) -> Response:
    if not _cacheable(response):
        return response
    response.set_etag(page_etag(response.get_data()), weak=True)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.update(("Cookie", "Accept-Language"))
    return response.make_conditional(request)


def page_etag(body: bytes) -> str:
    """A digest of the page without its signed form token, plus the session and hour of that token.

    Weak (W/): two answers with this tag differ in the token's signature, nothing else.
    """
    digest = hashlib.sha256()
    token = g.get(TOKEN_FIELD)
    digest.update(body.replace(token.encode(), b"") if token else body)
    raw_token = session.get(TOKEN_FIELD)
    if token and isinstance(raw_token, str):
        digest.update(b"\0session\0" + raw_token.encode())
        digest.update(b"\0made\0" + str(_token_period()).encode())
    return digest.hexdigest()[:32]


def _token_period() -> int:
    # A page kept by the browser is refreshed at least this often, long before its token expires.
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT") or 0
    period = int(min(3600, limit / 2)) if limit else 3600
    return int(now_utc().timestamp()) // max(period, 1)
