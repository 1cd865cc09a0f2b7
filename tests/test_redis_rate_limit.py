"""With several workers the login limits live in Redis, where every process sees them."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from evaluator import create_app
from evaluator.extensions import db, limiter
from tests.conftest import base_config, migrate_database, unavailable
from tests.support.web import WebClient

REDIS_URL = os.environ.get("EVALUATOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture()
def redis_client() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        unavailable(f"Redis not reachable at {REDIS_URL}: {error}")
    return client


def test_failed_logins_are_counted_in_redis_and_the_eleventh_is_refused(tmp_path, redis_client) -> None:
    url = f"sqlite:///{tmp_path / 'redis.sqlite'}"
    migrate_database(url)
    prefix = f"evaluator-test-{uuid.uuid4().hex}"
    app = create_app({**base_config(url), "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix})
    try:
        with app.app_context():
            web = WebClient(app.test_client())
            for _ in range(10):
                assert web.login("nobody@example.org", "wrong password!").status_code == 200
            counters = {
                key.decode(): int(redis_client.get(key)) for key in redis_client.scan_iter(f"*{prefix}*")
            }
            # One counter per client address and one per account, each at ten failures.
            assert sorted(counters.values()) == [10, 10, 10]
            assert any("login-account:nobody@example.org" in key for key in counters)

            assert web.login("nobody@example.org", "wrong password!").status_code == 429
    finally:
        for key in redis_client.scan_iter(f"*{prefix}*"):
            redis_client.delete(key)
        with app.app_context():
            db.engine.dispose()
        # The limiter object is shared by every app in this process: hand the rest of the run
        # back an in-memory store, as the other tests expect.
        restored = create_app(base_config(url))
        with restored.app_context():
            limiter.reset()
            db.engine.dispose()
