"""Backups: `evaluator backup` and `evaluator restore` on SQLite and PostgreSQL.

The demo data and two attachment files are backed up, restored into a fresh, empty database of
the same backend, and every table is compared row by row with the original.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import stat
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from evaluator import create_app
from evaluator.backup import BackupError, create_backup, libpq_environment, read_manifest, restore_backup
from evaluator.core.clock import now_utc
from evaluator.demo.seed import seed
from evaluator.extensions import db
from evaluator.nominations.models import Attachment, Nomination
from evaluator.nominations.storage import store_for
from tests.conftest import (
    base_config,
    migrate_database,
    throwaway_postgres,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Every byte value once, so that no text-mode mangling goes unnoticed.
BINARY_PDF = b"%PDF-1.7\n" + bytes(range(256)) + b"\n%%EOF\n"
ARCHIVE_NAME = re.compile(r"lighthouse-backup-\d{8}-\d{6}\.tar\.gz")


@pytest.fixture()
def attachments(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "attachments"
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(directory))
    return directory


@pytest.fixture()
def demo(app: Flask, session, attachments: Path) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """The demo data plus two attachments on the first nomination, committed; key -> bytes."""
    seed(session)
    nomination = session.scalars(sa.select(Nomination).order_by(Nomination.id)).first()
    stored = {}
    for name, data in (("budget.pdf", PDF), ("partners.pdf", BINARY_PDF)):
        key, digest = store_for(app).save(data)
        session.add(
            Attachment(
                nomination=nomination,
                filename=name,
                size_bytes=len(data),
                sha256=digest,
                storage_key=key,
                uploaded_by_id=None,
                uploaded_at=now_utc(),
            )
        )
        stored[key] = data
    session.commit()
    return stored


@pytest.fixture()
def empty_target(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """A database of the test's own, of the same backend: new (nothing in it) or migrated (empty)."""
    kind = getattr(request, "param", "new")
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'restored' / 'evaluator.sqlite'}"
        if kind == "migrated":
            (tmp_path / "restored").mkdir()
            migrate_database(url)
        yield url
        return
    with throwaway_postgres(migrated=kind == "migrated") as database:
        yield database.url


def target_app(url: str, attachment_dir: Path) -> Flask:
    return create_app({**base_config(url), "ATTACHMENT_DIR": str(attachment_dir)})


def every_table(url: str) -> tuple[set[str], dict[str, list[tuple[Any, ...]]]]:
    """The table names of a database and the rows of every table of the metadata, by primary key."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            names = set(sa.inspect(conn).get_table_names())
            rows = {}
            for table in db.metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                rows[table.name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*order))]
            rows["alembic_version"] = [
                tuple(r) for r in conn.execute(sa.text("SELECT * FROM alembic_version"))
            ]
            if conn.dialect.name == "postgresql":
                rows["(sequences)"] = [
                    tuple(r)
                    for r in conn.execute(
                        sa.text("SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename")
                    )
                ]
            return names, rows
    finally:
        engine.dispose()


def files_under(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def target_is_untouched(url: str, backend: str) -> bool:
    if backend == "sqlite":
        return not Path(sa.make_url(url).database).exists()
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return sa.inspect(conn).get_table_names() == []
    finally:
        engine.dispose()


def rewritten(archive: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of *archive* with each member passed through *change* (None leaves it out)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for info in source:
            data = source.extractfile(info).read()
            changed = change(info.name, data)
            if changed is None:
                continue
            info.size = len(changed)
            out.addfile(info, io.BytesIO(changed))
    return target


@pytest.mark.parametrize("empty_target", ["new", "migrated"], indirect=True)
def test_the_demo_data_comes_back_table_by_table_in_an_empty_database(
    app: Flask, database_url: str, backend: str, demo: dict[str, bytes], attachments: Path, empty_target: str,
    tmp_path: Path,
) -> None:  # fmt: skip
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    archive = Path(result.output.strip().splitlines()[-1])
    assert archive.parent == tmp_path / "backups"
    assert ARCHIVE_NAME.fullmatch(archive.name)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert os.listdir(archive.parent) == [archive.name]  # nothing left over beside it

    manifest = read_manifest(archive)
    assert manifest["backend"] == backend
    assert manifest["alembic_revision"] == every_table(database_url)[1]["alembic_version"][0][0]
    assert manifest["row_counts"]["users"] == 9
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", manifest["created_at"])
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert manifest["database"]["path"] in listed
    for key, data in demo.items():
        assert listed[f"attachments/{key[:2]}/{key[2:4]}/{key}"] == hashlib.sha256(data).hexdigest()

    restored_attachments = tmp_path / "restored-attachments"
    restored_app = target_app(empty_target, restored_attachments)
    with restored_app.app_context():
        restored = restored_app.test_cli_runner().invoke(args=["restore", str(archive)])
        db.engine.dispose()
    assert restored.exit_code == 0, restored.output
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[backend]
    assert f"Restored the {label} backup of {manifest['created_at']}" in restored.output
    assert "2 attachment file(s) written" in restored.output

    source_names, source_rows = every_table(database_url)
    target_names, target_rows = every_table(empty_target)
    assert target_names == source_names
    assert set(db.metadata.tables) <= target_names
    for table, rows in source_rows.items():
        assert target_rows[table] == rows, f"table {table} differs after the restore"
    for table in ("users", "org_units", "rounds", "nominations", "attachments", "awards", "audit_events"):
        assert source_rows[table], f"the demo data should fill {table}"
    assert files_under(restored_attachments) == files_under(attachments)
    with restored_app.app_context():
        for key, data in demo.items():
            assert store_for(restored_app).open(key) == data
        # The restored database takes new rows (sequences and constraints came along).
        db.session.add(
            Attachment(
                nomination_id=source_rows["nominations"][0][0],
                filename="new.pdf",
                size_bytes=1,
                sha256="0" * 64,
                storage_key="f" * 32,
                uploaded_at=now_utc(),
            )
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_restore_refuses_a_database_that_holds_data(
    app: Flask, database_url: str, demo: dict[str, bytes], attachments: Path, tmp_path: Path
) -> None:
    archive = create_backup(database_url, attachments, tmp_path / "backups").path
    before = every_table(database_url)
    elsewhere = tmp_path / "other-attachments"
    with pytest.raises(BackupError, match=r"not empty: users \(9 rows\), rounds \(2 rows\)"):
        restore_backup(archive, database_url, elsewhere)
    assert every_table(database_url) == before
    assert not elsewhere.exists()

    result = app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 1
    assert "Error: The target database is not empty: users (9 rows)" in result.output
    assert "restored only into an empty database" in result.output
    assert every_table(database_url) == before
    assert files_under(attachments) == {f"{k[:2]}/{k[2:4]}/{k}": v for k, v in demo.items()}


def test_restore_refuses_a_damaged_or_foreign_archive_and_writes_nothing(
    app: Flask, database_url: str, backend: str, demo: dict[str, bytes], attachments: Path, empty_target: str,
    tmp_path: Path,
) -> None:  # fmt: skip
    archive = create_backup(database_url, attachments, tmp_path / "backups").path
    target_files = tmp_path / "restored-attachments"
    key = next(iter(demo))

    def flip_attachment_byte(name: str, data: bytes) -> bytes:
        return data[:-1] + bytes([data[-1] ^ 1]) if name.endswith(key) else data

    def flip_database_byte(name: str, data: bytes) -> bytes:
        return data[:200] + bytes([data[200] ^ 1]) + data[201:] if name.startswith("database.") else data

    def drop_from_manifest(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["files"] = [f for f in manifest["files"] if not f["path"].endswith(key)]
        return json.dumps(manifest).encode()

    cases = {
        "bad-attachment": (flip_attachment_byte, r"attachments/.* does not match its SHA-256 checksum"),
        "bad-database": (flip_database_byte, r"database\.\w+ in .* does not match its SHA-256 checksum"),
        "unlisted": (drop_from_manifest, r"which its manifest does not list"),
        "no-manifest": (lambda name, data: None if name == "manifest.json" else data, r"holds no manifest"),
    }
    for label, (change, message) in cases.items():
        damaged = rewritten(archive, tmp_path / f"{label}.tar.gz", change)
        with pytest.raises(BackupError, match=message):
            restore_backup(damaged, empty_target, target_files)
        assert target_is_untouched(empty_target, backend), label
        assert not target_files.exists(), label

    with tarfile.open(tmp_path / "escape.tar", "w") as tar:
        info = tarfile.TarInfo("attachments/../../outside")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(BackupError, match="unexpected entry 'attachments/../../outside'"):
        restore_backup(tmp_path / "escape.tar", empty_target, target_files)

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(BackupError, match="is not a readable backup archive"):
        restore_backup(truncated, empty_target, target_files)

    other = (
        "postgresql+psycopg://nobody@127.0.0.1:9/none"
        if backend == "sqlite"
        else f"sqlite:///{tmp_path / 'other.sqlite'}"
    )
    other_label = "PostgreSQL" if backend == "sqlite" else "SQLite"
    own_label = "SQLite" if backend == "sqlite" else "PostgreSQL"
    with pytest.raises(
        BackupError, match=f"backup of a {own_label} database and the target is {other_label}"
    ):
        restore_backup(archive, other, target_files)
    assert not (tmp_path / "other.sqlite").exists()

    # Via the command line: a clear message, nothing written.
    restored_app = target_app(empty_target, target_files)
    with restored_app.app_context():
        damaged = tmp_path / "bad-attachment.tar.gz"
        result = restored_app.test_cli_runner().invoke(args=["restore", str(damaged)])
        missing = restored_app.test_cli_runner().invoke(args=["restore", str(tmp_path / "nothing.tar.gz")])
        db.engine.dispose()
    assert result.exit_code == 1
    assert "does not match its SHA-256 checksum in the manifest; the archive is damaged" in result.output
    assert "Nothing was restored." in result.output
    assert missing.exit_code == 1
    assert "There is no archive at" in missing.output
    assert target_is_untouched(empty_target, backend)
    assert files_under(target_files) == {}  # the command made the configured folder, nothing more


@pytest.mark.postgres_only
def test_pg_dump_gets_the_password_from_the_environment_only(
    app: Flask, database_url: str, attachments: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.which("pg_dump")
    assert real, "pg_dump must be installed"
    wrappers = tmp_path / "bin"
    wrappers.mkdir()
    log = tmp_path / "pg_dump.log"
    script = wrappers / "pg_dump"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{log}"\n'
        f'printf "PGPASSWORD=%s\\n" "$PGPASSWORD" >> "{log}"\n'
        f'exec "{real}" "$@"\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrappers}{os.pathsep}{os.environ.get('PATH', '')}")
    password = "s3cret 'pass' word"
    url = sa.make_url(database_url).set(password=password)  # trust authentication ignores it

    result = create_backup(url, attachments, tmp_path / "backups")

    recorded = log.read_text().splitlines()
    assert recorded[-1] == f"PGPASSWORD={password}"
    arguments = recorded[:-1]
    assert not any("s3cret" in a for a in arguments)
    assert not any(sa.make_url(database_url).database in a for a in arguments)
    assert "--format=custom" in arguments
    assert read_manifest(result.path)["backend"] == "postgresql"


def test_backup_of_postgresql_says_when_pg_dump_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(
        BackupError, match=r"pg_dump was not found on the PATH\. Install the PostgreSQL client"
    ):
        create_backup("postgresql://someone:secret@127.0.0.1:9/evaluator", tmp_path / "a", tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_the_connection_is_handed_to_libpq_through_its_environment() -> None:
    env = libpq_environment(
        "postgresql://evaluator:p%40ss%3Aword@db.example:5433/lighthouse?sslmode=verify-full&connect_timeout=5"
    )
    assert env == {
        "PGHOST": "db.example",
        "PGPORT": "5433",
        "PGUSER": "evaluator",
        "PGPASSWORD": "p@ss:word",
        "PGDATABASE": "lighthouse",
        "PGSSLMODE": "verify-full",
        "PGCONNECT_TIMEOUT": "5",
    }
    assert libpq_environment("postgresql:///lighthouse?host=/run/postgresql") == {
        "PGDATABASE": "lighthouse",
        "PGHOST": "/run/postgresql",
    }
    with pytest.raises(BackupError, match="option 'frobnicate' cannot be passed on"):
        libpq_environment("postgresql://u@h/d?frobnicate=1")
