"""Every query parameter the application reads, fed random and hostile values.

The parameters are found in the source (every ``request.args`` in evaluator/, attributed to the
route whose view reads it); the page of each route is found by following links as the person who
uses it. Whatever the query string holds, known parameters or unknown ones: no server error, no
injected markup unescaped, and the public pages show nothing that is not published.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.audit.views import FIELD_LABELS
from evaluator.core.urls import is_local_path
from tests.properties.browsing import assert_escaped, find_page
from tests.properties.sources import WHOLE, query_uses
from tests.properties.strategies import hostile_text, query_strings
from tests.properties.visitors import Visitor
from tests.properties.worlds import FORM_USERS, SECRET, STAGES
from tests.support.factories import PASSWORD

# Who opens each page that reads query parameters, and at which moment of the selection.
QUERY_USERS: dict[str, tuple[str, str]] = {
    "public.lighthouses": ("draft", "anonymous"),
    "api.lighthouses": ("draft", "anonymous"),
    "accounts.login": ("draft", "anonymous"),
    "admin_users.index": ("draft", "admin"),
    "admin_audit.index": ("draft", "admin"),
    "admin_audit.export_csv": ("draft", "admin"),
    "admin_outbox.index": ("draft", "admin"),
    "admin_publication.initiatives": ("draft", "admin"),
    "nominations.create": ("nominating", "coordinator"),
    "review.index": ("reviewing", "member"),
    "review.ranking": ("reviewing", "member"),
}
PUBLIC = {"public.lighthouses", "api.lighthouses"}
# The audit log's views hand the whole query string to one reader of its filter.
WHOLE_QUERY = {"admin_audit.index": [*FIELD_LABELS, "page"], "admin_audit.export_csv": list(FIELD_LABELS)}
EXAMPLES = {"sqlite": 15, "postgresql": 8}
SETTINGS = settings(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_every_use_of_the_query_string_is_found_and_belongs_to_a_route() -> None:
    uses, attributed, grepped = query_uses()
    assert attributed == grepped, "request.args is read outside a view: extend tests/properties/sources.py"
    read_by_pages = {endpoint for endpoint in uses if endpoint in QUERY_USERS}
    read_by_forms = set(uses) - read_by_pages
    # A POST route's query string is fed through its form (tests/properties/test_forms.py).
    assert read_by_forms <= {endpoint for endpoint, _stage, _persona in FORM_USERS}
    assert {e for e, use in uses.items() if WHOLE in use.names} == set(WHOLE_QUERY)
    assert set(QUERY_USERS) <= set(uses), "a page here no longer reads its query string"


def _names(endpoint: str) -> list[str]:
    use = query_uses()[0][endpoint]
    return sorted((use.names - {WHOLE}) | set(WHOLE_QUERY.get(endpoint, [])))


@pytest.mark.parametrize("endpoint", sorted(QUERY_USERS))
def test_no_query_string_breaks_a_page_or_brings_unescaped_markup_or_unpublished_data_onto_it(  # type: ignore[no-untyped-def]
    endpoint: str, app, session, new_client, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(tmp_path / "attachments"))
    stage, persona = QUERY_USERS[endpoint]
    world = STAGES[stage](session, app)
    visitor = Visitor(app, new_client, persona, world)
    path = find_page(app, visitor.client, endpoint, [*visitor.starts, "/api/v1/lighthouses"])
    assert path is not None, f"no link leads {persona} to {endpoint} ({stage})"
    names = _names(endpoint)
    values = st.one_of(hostile_text(), st.sampled_from(["2021-06-01", "1", "0", "2", "reviewing", "round"]))

    @settings(SETTINGS, max_examples=EXAMPLES[backend])
    @given(
        known=st.lists(st.tuples(st.sampled_from(names), values), max_size=4),
        unknown=query_strings([]),
    )
    def open_page(known: list[tuple[str, str]], unknown: str) -> None:
        query = "&".join([*(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in known), unknown])
        check(query.strip("&"))

    def check(query: str) -> None:
        response = visitor.client.get(f"{path}?{query}")
        assert response.status_code < 500, f"{path}?{query[:300]} answered {response.status_code}"
        assert_escaped(response, path)
        if endpoint in PUBLIC:
            assert SECRET not in response.get_data(as_text=True)

    open_page()
    # The values that broke pages before, for every parameter on every run.
    for name in names:
        for value in ("a%00b", str(2**63), "9" * 5000, "%C2%B2", "%3Cscript%3Ealert(1)%3C/script%3E"):
            check(f"{name}={value}")


def test_the_address_to_return_to_after_logging_in_never_leads_off_the_site(  # type: ignore[no-untyped-def]
    app, session, new_client, backend: str
) -> None:
    STAGES["draft"](session, app)
    targets = st.one_of(
        hostile_text(),
        st.sampled_from(
            [
                "https://evil.example/",
                "//evil.example/",
                "/\\evil.example",
                "\\\\evil.example",
                "/\t/evil.example",
                "javascript:alert(1)",
                "http:evil.example",
                "/%2F%2Fevil.example",
                "/admin/users/",
                "/dashboard?x=<script>alert(1)</script>",
            ]
        ),
    )

    @settings(SETTINGS, max_examples=EXAMPLES[backend])
    @given(target=targets)
    def log_in(target: str) -> None:
        client = new_client()
        page = client.get(f"/login?next={quote(target, safe='')}")
        assert page.status_code == 200, page.status_code
        assert_escaped(page, "/login")
        response = client.submit("/login", {"email": "ada@example.org", "password": PASSWORD, "next": target})
        if "\x00" in target:
            assert response.status_code == 200  # refused with the form's errors
            return
        assert response.status_code == 302, response.status_code
        location = urlsplit(response.headers["Location"])
        assert location.netloc in ("", "localhost"), location.geturl()
        assert is_local_path(location._replace(scheme="", netloc="").geturl()), location.geturl()

    log_in()
