"""Every form of the application, fed random and hostile input by the person allowed to use it.

For each route that accepts POST, the page showing its form is found by following links from the
person's dashboard; the form's controls are read from the page, and hypothesis fills them with
values of every kind (unicode, NUL and control characters, very long text, numbers out of
range, wrong choices, repeated and missing fields, script- and SQL-looking text, broken dates,
files that are no PDFs). Whatever is sent:

- the answer is never a server error (in tests an unhandled exception fails the request itself);
- a form answered with its errors (the page again, or a 4xx) has changed no row of any table;
- a redirect stays on this site, and neither the answer nor the page it leads to shows injected
  markup unescaped.

Before the random examples, each control in turn gets the values that broke forms before (a NUL
character, moments at the ends of the calendar, numbers of hundreds of digits) in an otherwise
filled form, so that these are tried on every run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from werkzeug.datastructures import MultiDict

from evaluator import create_app
from evaluator.extensions import limiter
from tests.conftest import base_config
from tests.properties.browsing import Found, assert_escaped, changed_tables, find_form, snapshot, stored_nul
from tests.properties.pages import Field, Form, read_page
from tests.properties.sources import WHOLE, query_uses
from tests.properties.strategies import Submission, submissions
from tests.properties.visitors import Visitor
from tests.properties.worlds import FORM_USERS, STAGES
from tests.support.factories import PASSWORD

# POST routes no property drives, each with the reason. (None at present.)
NOT_DRIVEN: dict[str, str] = {}

# A form refused with its errors: shown again (200) or answered with a client error.
REFUSED = {200, 400, 403, 404, 405, 409, 410, 413, 422, 429}
REDIRECTS = {301, 302, 303, 307, 308}
EXAMPLES = {"sqlite": 15, "postgresql": 10}


def post_endpoints() -> set[str]:
    app = create_app(base_config("sqlite://"))
    return {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}


def test_every_route_that_accepts_a_form_is_fed_hostile_input() -> None:
    covered = {endpoint for endpoint, _stage, _persona in FORM_USERS}
    assert covered | set(NOT_DRIVEN) == post_endpoints()
    assert not covered & set(NOT_DRIVEN)


def _with_token(form: Form, token: str) -> Form:
    """The form as first read, with the session's current CSRF token (its page is gone now)."""
    fields = [
        Field(**{**f.__dict__, "value": token}) if f.name.endswith("csrf_token") else f for f in form.fields
    ]
    return Form(form.action, form.query, form.method, form.enctype, fields)


# Per kind of control, values that broke forms before (besides a NUL character, for every kind):
# moments that fall off the calendar in UTC, numbers too large for a float or for the database.
ONE_BAD = {
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59"],
    "date": ["0001-01-01", "9999-12-31"],
    "number": ["1" + "0" * 400, str(2**63)],
    "select": [str(2**63)],
    "radio": [str(2**63)],
}
FILLING = {
    "email": "person@example.org",
    "password": PASSWORD,
    "url": "https://example.org/",
    "datetime-local": "2030-06-01T12:00",
    "date": "2030-06-01",
}


def filled(form: Form) -> MultiDict[str, str]:
    """The form as the page shows it, with a plausible value in every empty control, so that a
    single bad value is what the application has to refuse."""
    data: MultiDict[str, str] = MultiDict(form.defaults())
    for name, control in form.controls().items():
        if data.get(name) or control.kind in ("submit", "file", "hidden"):
            continue
        if control.options:
            data.setlist(name, [next((o for o in control.options if o), "")])
        elif control.kind == "number":
            data.setlist(name, [control.low or "1"])
        else:
            data.setlist(name, [FILLING.get(control.kind, "Plausible text")])
    return data


def _address(form: Form, submission: Submission) -> str:
    query = "&".join(q for q in (form.query, submission.query) if q)
    return form.action + (f"?{query}" if query else "")


class FormRun:
    """Posts to one form as one persona, and checks every answer."""

    def __init__(self, visitor: Visitor, found: Found) -> None:
        self.visitor = visitor
        self.found = found
        self.shown: list[Form] = []  # the form as the last page showed it, while nothing has changed since

    def current_form(self) -> Form:
        limiter.reset()  # the login and reset limits would soon answer every post with 429
        form = self.shown.pop() if self.shown else None
        if form is None:
            page = self.visitor.page(self.found.page_url)
            form = page.form_for(self.found.form.action) if page is not None else None
        if form is None:  # a post before deleted it, moved the round on, or logged out
            form = _with_token(self.found.form, self.visitor.any_token())
        return form

    def send(self, form: Form, address: str, data: MultiDict[str, Any], what: str) -> int:
        multipart = form.enctype == "multipart/form-data"
        before = snapshot()
        response = self.visitor.client.post(
            address,
            data=data,
            content_type="multipart/form-data" if multipart else "application/x-www-form-urlencoded",
        )
        status = response.status_code
        said = f"POST {form.action} ({what}) answered {status}"
        assert status < 500, said
        assert_escaped(response, said)
        if status in REFUSED:
            assert changed_tables(before, snapshot()) == [], said
            self.shown.append(form)  # nothing changed: the page would show the same form again
        if status in REDIRECTS:
            assert not stored_nul(), f"{said}, and stored a NUL character"
            target = urlsplit(response.headers["Location"])
            assert target.netloc in ("", "localhost") and target.path.startswith("/"), target.geturl()
            address = target._replace(scheme="", netloc="").geturl()
            page_after = self.visitor.client.get(address)
            assert page_after.status_code < 500, f"{target.path} after {said}"
            assert_escaped(page_after, f"{target.path} after {said}")
            if address == self.found.page_url and page_after.status_code == 200:
                page = read_page(address, page_after.get_data(as_text=True))
                again = page.form_for(self.found.form.action)
                if again is not None:
                    self.shown.append(again)  # back on the form's page: the next post starts there
        return status


@pytest.mark.parametrize(
    ("endpoint", "stage", "persona"), FORM_USERS, ids=[f"{e}-{s}-{p}" for e, s, p in FORM_USERS]
)
def test_no_hostile_input_breaks_a_form_leaves_a_refused_one_stored_or_reaches_a_page_unescaped(  # type: ignore[no-untyped-def]
    endpoint: str,
    stage: str,
    persona: str,
    app,
    session,
    new_client,
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(tmp_path / "attachments"))
    world = STAGES[stage](session, app)
    visitor = Visitor(app, new_client, persona, world)
    found = find_form(app, visitor.client, endpoint, visitor.starts)
    assert found is not None, f"no page shows {persona} a form posting to {endpoint} ({stage})"
    uses = query_uses()[0].get(endpoint)
    query_names = sorted(uses.names - {WHOLE}) if uses else []

    run = FormRun(visitor, found)

    # One bad value in an otherwise filled form, for each control in turn, on every run: the
    # values that broke forms before, which random examples would meet only now and then.
    for name, control in found.form.controls().items():
        if control.kind in ("submit", "file", "hidden") or name.endswith("csrf_token"):
            continue
        for bad in ONE_BAD.get(control.kind, []) + ["a\x00b"]:
            form = run.current_form()
            data = filled(form)
            data.setlist(name, [bad])
            run.send(form, _address(form, Submission({})), data, f"{name}={bad[:20]!r}")

    @settings(
        max_examples=EXAMPLES[backend],
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(submission=submissions(found.form, query_names))
    def post(submission: Submission) -> None:
        form = run.current_form()
        run.send(form, _address(form, submission), submission.payload(form), "example")

    post()

    # What the accepted examples stored is shown escaped wherever the way to the form passed.
    visitor.log_in()
    for url in [*found.visited, found.page_url]:
        response = visitor.client.get(url)
        assert response.status_code < 500, url
        assert_escaped(response, url)
