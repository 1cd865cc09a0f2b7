"""HTTP-level hardening: trusted proxy headers and security headers on every response."""

from __future__ import annotations

from flask import Flask, Request, Response
from werkzeug.middleware.proxy_fix import ProxyFix


class FormRequest(Request):
    """A request whose form holds named fields only.

    A multipart part without a usable name (a line break in it, or none at all) comes out of
    Werkzeug's parser under the key None, which the CSRF check and WTForms' lists of rows stop
    on with an error; no field of ours could be meant, so the part is dropped.
    """

    def _load_form_data(self) -> None:
        super()._load_form_data()
        for attribute in ("form", "files"):
            data = self.__dict__.get(attribute)
            if data is not None and None in data:
                named = [(k, v) for k, v in data.items(multi=True) if k is not None]
                self.__dict__[attribute] = type(data)(named)


def register_http_hardening(app: Flask) -> None:
    app.request_class = FormRequest
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops:
        # Behind a proxy every request comes from its address: without this, the login limit
        # per client would be one limit for the whole university.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", app.config["CONTENT_SECURITY_POLICY"])
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
