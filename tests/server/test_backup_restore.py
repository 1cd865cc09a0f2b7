"""The database is lost and brought back from `evaluator backup` while the server keeps running.

The demo data and two attachment files are served by gunicorn on PostgreSQL. `evaluator backup`
(the console script, on the production settings) writes the archive; the database is then
dropped (the server's connections die with it) and the attachment files deleted; an empty
database of the same name is created and `evaluator restore` brings the archive back. The server,
never restarted, must serve the same pages, logins and files as before, from the same rows.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from evaluator import create_app
from evaluator.core.clock import now_utc
from evaluator.demo.data import DEMO_PASSWORD
from evaluator.demo.seed import seed
from evaluator.extensions import db
from evaluator.nominations.models import Attachment, Nomination
from evaluator.nominations.storage import store_for
from tests.conftest import base_config
from tests.server.client import Browser
from tests.server.conftest import log_tail, run_command
from tests.support.server import GunicornServer

pytestmark = pytest.mark.postgres_only

ADMIN = "admin@example.org"
FILES = {
    "budget.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "partners.pdf": b"%PDF-1.7\n" + bytes(range(256)) + b"\n%%EOF\n",
}
PUBLIC_PAGES = ("/lighthouses", "/rounds/2021", "/lighthouses?on=2022-06-01", "/rounds")


@pytest.fixture(scope="module")
def attachment_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("attachments")


@pytest.fixture(scope="module")
def demo(database, attachment_dir: Path) -> dict[int, tuple[int, bytes]]:  # type: ignore[no-untyped-def]
    """The demo data and two PDFs on its first nomination, committed.

    Attachment id → (nomination id, the file's bytes).
    """
    app: Flask = create_app({**base_config(database.url), "ATTACHMENT_DIR": str(attachment_dir)})
    with app.app_context():
        seed(db.session)
        nomination = db.session.scalars(sa.select(Nomination).order_by(Nomination.id)).first()
        attachments = {}
        for name, data in FILES.items():
            key, digest = store_for(app).save(data)
            attachment = Attachment(
                nomination=nomination,
                filename=name,
                size_bytes=len(data),
                sha256=digest,
                storage_key=key,
                uploaded_at=now_utc(),
            )
            db.session.add(attachment)
            db.session.flush()
            attachments[attachment.id] = (nomination.id, data)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return attachments


@pytest.fixture(scope="module")
def server(database, attachment_dir: Path, server_log: Path, demo) -> Iterator[GunicornServer]:  # type: ignore[no-untyped-def]
    with GunicornServer(
        database.url,
        workers=2,
        threads=2,
        log_path=server_log,
        env={"EVALUATOR_ATTACHMENT_DIR": str(attachment_dir)},
    ) as running:
        yield running


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table of the database, the schema revision's included."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return {
                name: conn.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) or 0
                for name in sorted(sa.inspect(conn).get_table_names())
            }
    finally:
        engine.dispose()


def public_pages(server: GunicornServer) -> dict[str, str]:
    """What a visitor sees, without the CSRF tokens (new with every visit)."""
    visitor = Browser(server.url)
    pages = {}
    for path in PUBLIC_PAGES:
        answer = visitor.get(path)
        assert answer.status_code == 200, f"{path}: {answer.status_code}"
        pages[path] = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', answer.text)
    api = visitor.get("/api/v1/lighthouses")
    assert api.status_code == 200
    pages["/api/v1/lighthouses"] = api.text
    return pages


def downloads(browser: Browser, attachments: dict[int, tuple[int, bytes]]) -> dict[int, bytes]:
    got = {}
    for attachment_id, (nomination_id, _data) in attachments.items():
        answer = browser.get(f"/nominations/{nomination_id}/attachments/{attachment_id}")
        assert answer.status_code == 200, answer.status_code
        got[attachment_id] = answer.content
    return got


def test_after_the_database_is_dropped_a_restore_brings_everything_back_to_the_running_server(
    database, server: GunicornServer, demo, attachment_dir: Path, tmp_path: Path, server_log
) -> None:  # type: ignore[no-untyped-def]
    admin = Browser(server.url).login(ADMIN, DEMO_PASSWORD)
    assert downloads(admin, demo) == {aid: data for aid, (_nid, data) in demo.items()}
    pages = public_pages(server)
    assert "Lighthouse" in pages["/lighthouses"] and len(pages["/api/v1/lighthouses"]) > 1000
    before = row_counts(database.url)
    files = sorted(p.relative_to(attachment_dir) for p in attachment_dir.rglob("*") if p.is_file())
    assert len(files) == len(FILES)

    backup = run_command(
        "backup",
        "--output",
        str(tmp_path / "backups"),
        database_url=database.url,
        settings={"EVALUATOR_ATTACHMENT_DIR": str(attachment_dir)},
    )
    assert backup.returncode == 0, backup.stderr
    archive = Path(backup.stdout.strip().splitlines()[-1])
    assert archive.is_file()

    # Everything is lost: the database (with the server's connections to it) and the files.
    database.drop()
    shutil.rmtree(attachment_dir)
    health = Browser(server.url).get("/healthz")
    assert (health.status_code, health.json()) == (503, {"status": "unavailable"})
    database.create()  # empty, as `createdb` leaves it; the restore brings the schema along

    restore = run_command(
        "restore",
        str(archive),
        database_url=database.url,
        settings={"EVALUATOR_ATTACHMENT_DIR": str(attachment_dir)},
    )
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert f"{len(FILES)} attachment file(s) written" in restore.stdout

    assert row_counts(database.url) == before
    assert sorted(p.relative_to(attachment_dir) for p in attachment_dir.rglob("*") if p.is_file()) == files
    # The same server, never restarted, serves it all again.
    for _ in range(4):
        health = Browser(server.url).get("/healthz")
        assert (health.status_code, health.json()) == (200, {"status": "ok"}), log_tail(server_log)
    assert public_pages(server) == pages
    assert admin.get("/dashboard").status_code == 200  # still logged in: the login's row came back
    again = Browser(server.url).login(ADMIN, DEMO_PASSWORD)
    assert downloads(again, demo) == {aid: data for aid, (_nid, data) in demo.items()}
