"""The database goes away under the running server, and comes back.

gunicorn reaches PostgreSQL through a TCP proxy that the test can cut. While the database is
away, every page answers 503 with a page a person can read (the JSON API and the health check
with JSON), within the connect timeout even when the database host swallows every packet; no
stack trace, no bare "Internal Server Error" of gunicorn. Once the proxy forwards again, the
same server recovers by itself: no restart, and whoever was logged in still is.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import psycopg
import pytest
import requests
import sqlalchemy as sa

from evaluator import create_app
from evaluator.accounts.models import Role
from evaluator.rounds.models import RoundPhase
from tests.conftest import base_config
from tests.server.client import Browser
from tests.server.conftest import libpq_url, log_tail, wait_for_lock_waiter
from tests.support.factories import PASSWORD, make_award, make_initiative, make_round, make_unit, make_user
from tests.support.server import GunicornServer
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres_only

LIGHTHOUSE = "Dresden–Trento Water Partnership"
ADMIN = "ada@example.org"
UNAVAILABLE_HEADING = "Service temporarily unavailable"
# Shorter than gunicorn's worker timeout (30 s): a request still waiting for the database when
# this runs out was never going to get an answer of the application.
PATIENCE = 20


@pytest.fixture(scope="module")
def proxy(database) -> Iterator[TcpProxy]:  # type: ignore[no-untyped-def]
    url = sa.make_url(database.url)
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as running:
        yield running


@pytest.fixture(scope="module")
def server(database, proxy: TcpProxy, server_log) -> Iterator[GunicornServer]:  # type: ignore[no-untyped-def]
    through_proxy = sa.make_url(database.url).set(host=proxy.host, port=proxy.port)
    with GunicornServer(
        through_proxy.render_as_string(hide_password=False),
        workers=2,
        threads=2,
        log_path=server_log,
        # libpq's shortest, so that waiting for a silent database host costs the test little.
        env={"EVALUATOR_DATABASE_CONNECT_TIMEOUT": "2"},
    ) as running:
        yield running


@pytest.fixture()
def world(session) -> None:  # type: ignore[no-untyped-def]
    """A published round with one lighthouse, and an admin; committed."""
    unit = make_unit(session, "Institute of Hydrology")
    make_award(
        session,
        make_round(session, 2021, phase=RoundPhase.PUBLISHED),
        make_initiative(session, unit, LIGHTHOUSE),
    )
    make_user(session, Role.ADMIN, email=ADMIN, name="Ada Admin")
    session.commit()


@pytest.fixture()
def proxy_restored(proxy: TcpProxy) -> Iterator[TcpProxy]:
    """The proxy, forwarding again after the test whatever happened in it."""
    yield proxy
    proxy.restore()


def assert_readable_unavailable_page(answer: requests.Response, server_log) -> None:  # type: ignore[no-untyped-def]
    request = f"{answer.request.method} {answer.request.url}"
    context = f"{request}: {answer.status_code}\n{answer.text[:300]}\n{log_tail(server_log)}"
    assert answer.status_code == 503, context
    assert answer.headers["Content-Type"].startswith("text/html"), context
    assert re.search(rf"<h1[^>]*>\s*{UNAVAILABLE_HEADING}\s*</h1>", answer.text), context
    assert "try again in a few minutes" in answer.text
    assert "Traceback" not in answer.text and "Internal Server Error" not in answer.text
    assert answer.headers["Retry-After"].isdigit()


def assert_unavailable_json(answer: requests.Response) -> None:
    assert answer.status_code == 503, answer.text[:300]
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json()["error"] == UNAVAILABLE_HEADING


def assert_everything_works(server: GunicornServer, admin: Browser) -> None:
    """What a visitor and the logged-in admin see with the database there, on every worker."""
    visitor = Browser(server.url)
    for _ in range(4):  # two workers: each is asked at least once, most likely
        health = visitor.get("/healthz")
        assert (health.status_code, health.json()) == (200, {"status": "ok"})
    lighthouses = visitor.get("/lighthouses")
    assert lighthouses.status_code == 200 and LIGHTHOUSE in lighthouses.text
    api = visitor.get("/api/v1/lighthouses")
    assert api.status_code == 200 and LIGHTHOUSE in [item["title"] for item in api.json()]
    dashboard = admin.get("/dashboard")
    assert dashboard.status_code == 200 and "Ada Admin" in dashboard.text


def test_with_the_database_gone_every_page_answers_503_readably_and_the_server_recovers_by_itself(
    server: GunicornServer, proxy_restored: TcpProxy, world: None, server_log
) -> None:  # type: ignore[no-untyped-def]
    proxy = proxy_restored
    admin = Browser(server.url).login(ADMIN)
    visitor = Browser(server.url)
    login_token = visitor.token("/login")
    assert_everything_works(server, admin)

    proxy.cut()

    health = visitor.get("/healthz")
    assert (health.status_code, health.json()) == (503, {"status": "unavailable"})
    for path in ("/lighthouses", "/rounds/2021", "/lighthouses?on=2022-06-01"):
        assert_readable_unavailable_page(visitor.get(path), server_log)
    assert_unavailable_json(visitor.get("/api/v1/lighthouses"))
    # The login form needs no database; logging in does.
    assert visitor.get("/login").status_code == 200
    attempt = visitor.post("/login", {"csrf_token": login_token, "email": ADMIN, "password": PASSWORD})
    assert_readable_unavailable_page(attempt, server_log)
    # The logged-in admin's pages: the person cannot be loaded, so the page is shown as to a visitor.
    for path in ("/dashboard", "/admin/rounds/", "/no-such-page"):
        page = admin.get(path)
        assert_readable_unavailable_page(page, server_log)
        assert "Ada Admin" not in page.text

    proxy.restore()

    # No restart, no retry: the very next requests find the database again.
    assert_everything_works(server, admin)
    relogin = Browser(server.url).login(ADMIN)  # and logging in works again
    assert relogin.get("/dashboard").status_code == 200


def test_a_database_host_that_stops_answering_gets_a_503_within_the_connect_timeout(
    server: GunicornServer, proxy_restored: TcpProxy, world: None, server_log
) -> None:  # type: ignore[no-untyped-def]
    proxy = proxy_restored
    admin = Browser(server.url).login(ADMIN)
    impatient = Browser(server.url, timeout=PATIENCE)

    proxy.cut(hang=True)  # connections are accepted and never answered

    health = impatient.get("/healthz")
    assert (health.status_code, health.json()) == (503, {"status": "unavailable"})
    assert_readable_unavailable_page(impatient.get("/lighthouses"), server_log)

    proxy.restore()
    assert_everything_works(server, admin)


def test_a_request_that_loses_the_database_halfway_still_answers_with_the_readable_page(
    server: GunicornServer, proxy_restored: TcpProxy, database, world: None, server_log
) -> None:  # type: ignore[no-untyped-def]
    """The admin has been loaded from the database when the connection breaks: the error page must
    not try to show them (which would need the database again)."""
    proxy = proxy_restored
    admin = Browser(server.url).login(ADMIN)
    answers: list[requests.Response | BaseException] = []

    with psycopg.connect(libpq_url(database)) as lock:
        # The dashboard reads the rounds after it has loaded the person: it waits there.
        lock.execute("LOCK TABLE rounds IN ACCESS EXCLUSIVE MODE")
        request = threading.Thread(target=lambda: answers.append(_get(admin, "/dashboard")))
        request.start()
        assert "rounds" in wait_for_lock_waiter(database).query
        proxy.cut()
        lock.rollback()
    request.join(timeout=PATIENCE)

    assert not request.is_alive()
    assert len(answers) == 1 and isinstance(answers[0], requests.Response), answers
    assert_readable_unavailable_page(answers[0], server_log)
    assert "Ada Admin" not in answers[0].text

    proxy.restore()
    assert_everything_works(server, admin)


def _get(browser: Browser, path: str) -> requests.Response | BaseException:
    try:
        return browser.get(path)
    except requests.RequestException as error:
        return error


def test_only_postgresql_connections_get_the_connect_timeout_and_a_timeout_in_the_url_wins(
    database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    def engine_options(url: str) -> dict[str, object]:
        return create_app(base_config(url)).config["SQLALCHEMY_ENGINE_OPTIONS"]

    assert engine_options(database.url) == {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}
    assert engine_options(f"{database.url}?connect_timeout=2") == {"pool_pre_ping": True}
    assert engine_options(f"sqlite:///{tmp_path / 'evaluator.sqlite'}") == {"pool_pre_ping": True}
