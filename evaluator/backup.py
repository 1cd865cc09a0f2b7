"""Backups: the database and the attachment files in one archive, and bringing them back.

An archive (``lighthouse-backup-YYYYMMDD-HHMMSS.tar.gz``, the time in UTC) holds

- ``database.sqlite``: a copy made through SQLite's online backup API, consistent while the
  application keeps writing; or ``database.dump``: ``pg_dump`` in its custom format, taken in the
  same snapshot in which the schema revision and the row counts are read;
- ``attachments/…``: every file of the attachment directory, in its layout;
- ``manifest.json``: when and from which backend it was made, the Alembic revision, the number
  of rows per table and the size and SHA-256 of every file in the archive.

The database is copied first and the attachments afterwards, so every attachment the copy
refers to is in the archive (unless it was deleted in between, which the backup reports); a file
uploaded meanwhile is included without a row, which is harmless.

A restore goes into an empty database of the same backend only, and there is no way to force
it: the archive is unpacked and every checksum verified before anything is written, the target
must hold no rows, and an attachment is never overwritten by different bytes. The attachments
are written first and the database afterwards, so a failed restore can simply be run again.
PostgreSQL is reached through ``pg_dump`` and ``pg_restore`` on the PATH; the connection comes
from the database URL through libpq's environment variables (the password as ``PGPASSWORD``),
never on their command line.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

import sqlalchemy as sa

from evaluator.config import PROJECT_ROOT, normalise_database_url

ARCHIVE_PREFIX = "lighthouse-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_MEMBER = "database.sqlite"
POSTGRES_MEMBER = "database.dump"
ATTACHMENTS = "attachments"
ALEMBIC_TABLE = "alembic_version"
ARCHIVE_MODE = 0o600  # the archive holds password hashes and personal data
CHUNK = 1024 * 1024

# libpq reads each connection parameter from an environment variable of its own; the URL's
# query options are passed on the same way, so nothing but file names reaches a command line.
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "hostaddr": "PGHOSTADDR",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "sslmode": "PGSSLMODE",
    "sslcompression": "PGSSLCOMPRESSION",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcrl": "PGSSLCRL",
    "sslcrldir": "PGSSLCRLDIR",
    "sslsni": "PGSSLSNI",
    "ssl_min_protocol_version": "PGSSLMINPROTOCOLVERSION",
    "ssl_max_protocol_version": "PGSSLMAXPROTOCOLVERSION",
    "requirepeer": "PGREQUIREPEER",
    "gssencmode": "PGGSSENCMODE",
    "krbsrvname": "PGKRBSRVNAME",
    "gsslib": "PGGSSLIB",
    "channel_binding": "PGCHANNELBINDING",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "client_encoding": "PGCLIENTENCODING",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "load_balance_hosts": "PGLOADBALANCEHOSTS",
}


class BackupError(Exception):
    """A backup or restore cannot be done; ``message`` says why, for the operator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    backend: str
    alembic_revision: str | None
    created_at: str
    tables: int
    rows: int
    attachments_written: int
    attachments_present: int
    notes: list[str] = field(default_factory=list)


# --- connection details ---------------------------------------------------------------------------


def _url(database_url: str | sa.URL) -> sa.URL:
    url = sa.make_url(normalise_database_url(database_url) if isinstance(database_url, str) else database_url)
    if url.drivername in {"postgres", "postgresql"}:
        url = url.set(drivername="postgresql+psycopg")  # the driver the application uses
    return url


def backend_of(database_url: str | sa.URL) -> str:
    backend = _url(database_url).get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL databases, not {backend}.")
    return backend


def sqlite_path(database_url: str | sa.URL) -> Path:
    database = _url(database_url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("The SQLite database must be a file named in the database URL.")
    return Path(database)


def libpq_environment(database_url: str | sa.URL) -> dict[str, str]:
    """The environment variables that make pg_dump, pg_restore and psql connect as the app does."""
    url = _url(database_url)
    env: dict[str, str] = {}
    if url.host:
        env["PGHOST"] = url.host
    if url.port:
        env["PGPORT"] = str(url.port)
    if url.username:
        env["PGUSER"] = url.username
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    if url.database:
        env["PGDATABASE"] = url.database
    for key, value in url.query.items():
        variable = LIBPQ_ENVIRONMENT.get(key)
        if variable is None:
            raise BackupError(f"The database URL option {key!r} cannot be passed on to the PostgreSQL tools.")
        env[variable] = ",".join(value) if isinstance(value, tuple) else value
    return env


def find_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on the PATH. Install the PostgreSQL client tools "
            "(Debian/Ubuntu: apt-get install postgresql-client) in a version at least as new as the server."
        )
    return path


def _run_tool(command: list[str], database_url: str | sa.URL) -> None:
    env = {**os.environ, **libpq_environment(database_url)}
    try:
        # A tool found on the PATH, no shell, our own arguments.
        completed = subprocess.run(  # noqa: S603  # nosec B603
            command, env=env, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BackupError(f"{Path(command[0]).name} could not be started: {error}") from error
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip() or f"exit status {completed.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {detail}")


def _engine(database_url: str | sa.URL) -> sa.Engine:
    return sa.create_engine(_url(database_url), poolclass=sa.pool.NullPool)


# --- facts about a database ---------------------------------------------------------------------


def _row_counts(conn: sa.Connection) -> dict[str, int]:
    names = sorted(sa.inspect(conn).get_table_names())
    return {name: conn.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) or 0 for name in names}


def _alembic_revision(conn: sa.Connection, tables: Mapping[str, int]) -> str | None:
    if ALEMBIC_TABLE not in tables:
        return None
    revisions = sorted(conn.scalars(sa.select(sa.column("version_num")).select_from(sa.table(ALEMBIC_TABLE))))
    return ",".join(revisions) or None


def _storage_keys(conn: sa.Connection, tables: Mapping[str, int]) -> set[str]:
    if "attachments" not in tables:
        return set()
    return set(conn.scalars(sa.select(sa.column("storage_key")).select_from(sa.table("attachments"))))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_facts(path: Path) -> tuple[dict[str, int], str | None, set[str]]:
    """Row counts, revision and storage keys of a SQLite file, read with sqlite3 itself."""
    conn = sqlite3.connect(_sqlite_uri(path, "ro"), uri=True)
    try:
        names = sorted(
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        )
        counts = {
            name: conn.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()[0]  # noqa: S608  # nosec B608
            for name in names
        }
        revision = None
        if ALEMBIC_TABLE in counts:
            revision = ",".join(sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")))
        keys = set()
        if "attachments" in counts:
            keys = {r[0] for r in conn.execute("SELECT storage_key FROM attachments")}
        return counts, revision or None, keys
    finally:
        conn.close()


def _sqlite_uri(path: Path, mode: str) -> str:
    # A URI with mode=ro/rw never creates a missing file, which sqlite3.connect(path) would do.
    return f"{path.resolve().as_uri()}?mode={mode}"


def schema_note(revision: str | None) -> str | None:
    """A hint when the restored schema is not the one this version of the application expects."""
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    if revision is None:
        return "The backup records no schema revision; check it with `evaluator db current`."
    scripts = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    if set(revision.split(",")) == set(scripts.get_heads()):
        return None
    try:
        for part in revision.split(","):
            scripts.get_revision(part)
    except CommandError:
        return (
            f"The backup's schema revision {revision} is unknown to this version of the application; "
            "restore it with a version at least as new as the one that made the backup."
        )
    return (
        f"The backup's schema revision {revision} is older than this application's: "
        "run `evaluator db upgrade`."
    )


# --- writing an archive -----------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _attachment_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path inside the archive, file) for every stored file; temporary uploads are left out."""
    if not root.is_dir():
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(files):
            path = Path(directory) / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            yield f"{ATTACHMENTS}/{path.relative_to(root).as_posix()}", path


def _dump_sqlite(database_url: str | sa.URL, target: Path) -> None:
    source_path = sqlite_path(database_url)
    if not source_path.is_file():
        raise BackupError(f"The SQLite database {source_path} does not exist.")
    try:
        source = sqlite3.connect(_sqlite_uri(source_path, "rw"), uri=True, timeout=30)
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite database {source_path} cannot be opened: {error}") from error
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            # A self-contained file: no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    except sqlite3.Error as error:
        raise BackupError(f"Copying the SQLite database failed: {error}") from error
    finally:
        source.close()


@contextlib.contextmanager
def _postgres_snapshot(database_url: str | sa.URL) -> Iterator[tuple[str, sa.Connection]]:
    """An open repeatable-read transaction and the id under which pg_dump can share its snapshot."""
    engine = _engine(database_url)
    try:
        try:
            conn = engine.connect()
        except sa.exc.DBAPIError as error:
            raise BackupError(f"Cannot connect to the PostgreSQL database: {error.orig}") from error
        with conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                snapshot = conn.scalar(sa.text("SELECT pg_export_snapshot()"))
                yield str(snapshot), conn
    finally:
        engine.dispose()


def _archive_name(directory: Path, moment: datetime) -> Path:
    stem = f"{ARCHIVE_PREFIX}{moment.strftime('%Y%m%d-%H%M%S')}"
    candidate = directory / f"{stem}{ARCHIVE_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = directory / f"{stem}-{number}{ARCHIVE_SUFFIX}"
        number += 1
    return candidate


def _tar_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


class _HashingReader:
    """Reads a file for tarfile while computing the SHA-256 of exactly the bytes it handed out."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        stat = os.fstat(file.fileno())
        reader = _HashingReader(file)
        tar.addfile(_tar_info(name, stat.st_size, stat.st_mtime), reader)
    return {"path": name, "size": stat.st_size, "sha256": reader.digest.hexdigest()}


def create_backup(
    database_url: str | sa.URL,
    attachment_dir: str | Path,
    output_dir: str | Path,
    *,
    now: datetime | None = None,
) -> BackupResult:
    """Write one archive of the database and the attachments into *output_dir*; return its path."""
    backend = backend_of(database_url)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    output = Path(output_dir)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"The output folder {output} cannot be created: {error}") from error
    warnings: list[str] = []
    staging = Path(tempfile.mkdtemp(prefix=".lighthouse-backup-", dir=output))
    try:
        if backend == "sqlite":
            member = SQLITE_MEMBER
            _dump_sqlite(database_url, staging / member)
            counts, revision, keys = _sqlite_facts(staging / member)
            database_format = "sqlite"
        else:
            member = POSTGRES_MEMBER
            pg_dump = find_tool("pg_dump")
            with _postgres_snapshot(database_url) as (snapshot, conn):
                counts = _row_counts(conn)
                revision = _alembic_revision(conn, counts)
                keys = _storage_keys(conn, counts)
                command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges"]
                command += [f"--snapshot={snapshot}", f"--file={staging / member}"]
                _run_tool(command, database_url)
            database_format = "pg_dump-custom"

        temporary = staging / "archive.tar.gz"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, ARCHIVE_MODE)
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                files = [_add_file(tar, member, staging / member)]
                root = Path(attachment_dir)
                for name, path in _attachment_files(root):
                    try:
                        files.append(_add_file(tar, name, path))
                    except FileNotFoundError:
                        continue  # deleted while the backup ran
                present = {PurePosixPath(f["path"]).name for f in files[1:]}
                missing = sorted(keys - present)
                if missing:
                    warnings.append(
                        f"{len(missing)} attachment file(s) the database refers to were not found in "
                        f"{root}: {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}"
                    )
                manifest = {
                    "format": FORMAT,
                    "application": "lighthouse-evaluator",
                    "created_at": moment.isoformat().replace("+00:00", "Z"),
                    "backend": backend,
                    "alembic_revision": revision,
                    "database": {"path": member, "format": database_format},
                    "row_counts": counts,
                    "files": files,
                }
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                tar.addfile(_tar_info(MANIFEST, len(data), moment.timestamp()), io.BytesIO(data))
            raw.flush()
            os.fsync(raw.fileno())
        archive = _archive_name(output, moment)
        os.replace(temporary, archive)
    except OSError as error:
        raise BackupError(f"Writing the backup into {output} failed: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BackupResult(path=archive, manifest=manifest, warnings=warnings)


# --- reading and verifying an archive ----------------------------------------------------------


@dataclass
class _Unpacked:
    directory: Path
    manifest: dict[str, Any]

    @property
    def database(self) -> Path:
        return self.directory / self.manifest["database"]["path"]

    def attachments(self) -> list[dict[str, Any]]:
        return [f for f in self.manifest["files"] if f["path"].startswith(f"{ATTACHMENTS}/")]


def _member_name(name: str) -> str:
    """The member's path if it is a safe relative one; anything else makes the archive suspect."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or path.is_absolute()
        or any(part in {"", ".", ".."} for part in name.split("/"))
        or not (name in {MANIFEST, SQLITE_MEMBER, POSTGRES_MEMBER} or path.parts[0] == ATTACHMENTS)
    ):
        raise BackupError(
            f"The archive holds an unexpected entry {name!r}; it is not a backup of this application."
        )
    return name


def _unpack(archive: Path, directory: Path) -> _Unpacked:
    """Extract *archive* into *directory*, checking every file against the manifest."""
    found: dict[str, tuple[int, str]] = {}
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for info in tar:
                if info.isdir():
                    continue
                name = _member_name(info.name)
                if not info.isfile():
                    raise BackupError(f"The archive entry {name!r} is not a regular file.")
                if name in found:
                    raise BackupError(f"The archive holds {name!r} twice.")
                source = tar.extractfile(info)
                assert source is not None
                target = directory / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with source, target.open("xb") as out:
                    for chunk in iter(lambda: source.read(CHUNK), b""):  # noqa: B023
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name] = (size, digest.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        if isinstance(error, FileNotFoundError) and not archive.exists():
            raise BackupError(f"There is no archive at {archive}.") from error
        raise BackupError(f"{archive} is not a readable backup archive: {error}") from error

    if MANIFEST not in found:
        raise BackupError(f"{archive} holds no {MANIFEST}; it is not a backup of this application.")
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        files = {f["path"]: (int(f["size"]), str(f["sha256"])) for f in manifest["files"]}
        database = manifest["database"]["path"]
        backend = manifest["backend"]
        version = manifest["format"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The manifest of {archive} cannot be read: {error!r}") from error
    if version != FORMAT:
        raise BackupError(f"{archive} has backup format {version!r}; this application reads format {FORMAT}.")
    expected_member = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRES_MEMBER}.get(backend)
    if database != expected_member or database not in files:
        raise BackupError(f"The manifest of {archive} names no database copy for backend {backend!r}.")
    del found[MANIFEST]
    lacking, extra = sorted(files.keys() - found.keys()), sorted(found.keys() - files.keys())
    if lacking:
        raise BackupError(f"The archive lacks {lacking[0]}, which its manifest lists; it is incomplete.")
    if extra:
        raise BackupError(f"The archive holds {extra[0]}, which its manifest does not list; it was altered.")
    for name, (size, digest) in sorted(files.items()):
        if found[name] != (size, digest):
            raise BackupError(
                f"{name} in {archive} does not match its SHA-256 checksum in the manifest; "
                "the archive is damaged or was altered. Nothing was restored."
            )
    return _Unpacked(directory=directory, manifest=manifest)


def read_manifest(archive: str | Path) -> dict[str, Any]:
    """The manifest of a verified archive (every checksum checked)."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-restore-") as directory:
        return _unpack(Path(archive), Path(directory)).manifest


# --- restoring ----------------------------------------------------------------------------------------


def _target_rows(database_url: str | sa.URL, backend: str) -> dict[str, int] | None:
    """Rows per table in the target; None for a SQLite file that does not exist yet."""
    if backend == "sqlite" and not sqlite_path(database_url).exists():
        return None
    engine = _engine(database_url)
    try:
        with engine.connect() as conn:
            return _row_counts(conn)
    except sa.exc.DBAPIError as error:
        hint = " Create it first (createdb), empty." if backend == "postgresql" else ""
        raise BackupError(f"Cannot open the target database: {error.orig}.{hint}") from error
    finally:
        engine.dispose()


def _check_empty(counts: Mapping[str, int] | None) -> None:
    if not counts:
        return
    holding = {name: rows for name, rows in counts.items() if rows and name != ALEMBIC_TABLE}
    if holding:
        # The accounts and rounds first: they are what an operator recognises.
        order = sorted(holding, key=lambda name: (name != "users", name != "rounds", name))
        listed = ", ".join(f"{name} ({holding[name]} rows)" for name in order[:4])
        more = f" and {len(order) - 4} more tables" if len(order) > 4 else ""
        raise BackupError(
            f"The target database is not empty: {listed}{more}. A backup is restored only "
            "into an empty database; create a new one (or remove this one) and try again."
        )


def _attachment_plan(unpacked: _Unpacked, root: Path) -> tuple[list[dict[str, Any]], int]:
    """The attachment files still to write; refuses when a different file is in the way."""
    to_write, present = [], 0
    for entry in unpacked.attachments():
        destination = root / entry["path"].removeprefix(f"{ATTACHMENTS}/")
        if destination.is_symlink() or (destination.exists() and not destination.is_file()):
            raise BackupError(f"{destination} is in the way of an attachment and is not a plain file.")
        if destination.exists():
            if _sha256(destination) != entry["sha256"]:
                raise BackupError(
                    f"{destination} already exists with different content; restore into an empty "
                    "attachment folder."
                )
            present += 1
            continue
        to_write.append(entry)
    return to_write, present


def _write_attachments(unpacked: _Unpacked, root: Path, entries: list[dict[str, Any]]) -> None:
    from evaluator.nominations.storage import DIRECTORY_MODE, FILE_MODE

    for entry in entries:
        relative = entry["path"].removeprefix(f"{ATTACHMENTS}/")
        destination = root / relative
        destination.parent.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".restore-", dir=destination.parent)
        try:
            with os.fdopen(fd, "wb") as out, (unpacked.directory / entry["path"]).open("rb") as source:
                os.fchmod(out.fileno(), FILE_MODE)
                shutil.copyfileobj(source, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, destination)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        if _sha256(destination) != entry["sha256"]:
            raise BackupError(f"{destination} was written with other bytes than the backup holds.")


def _restore_sqlite(copy: Path, database_url: str | sa.URL) -> None:
    check = sqlite3.connect(_sqlite_uri(copy, "ro"), uri=True)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise BackupError(f"The database copy in the archive fails SQLite's integrity check: {result}")
    target = sqlite_path(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(_sqlite_uri(copy, "ro"), uri=True)
    try:
        destination = sqlite3.connect(target, timeout=30)
        try:
            # The backup API replaces the target's content as a whole, under SQLite's own locks.
            source.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error as error:
        raise BackupError(f"Writing the SQLite database {target} failed: {error}") from error
    finally:
        source.close()


def _restore_postgres(dump: Path, database_url: str | sa.URL) -> None:
    pg_restore = find_tool("pg_restore")
    database = _url(database_url).database
    if not database:
        raise BackupError("The database URL names no database to restore into.")
    escaped = database.replace("\\", "\\\\").replace("'", "\\'")
    command = [
        pg_restore,
        # Only the database name (never host, user or password) as a connection string, so
        # that a name with "=" in it is not taken for one; the rest comes from the environment.
        f"--dbname=dbname='{escaped}'",
        "--no-owner",
        "--no-privileges",
        # The target may hold the migrated, empty schema: replace what the dump brings along.
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        str(dump),
    ]
    _run_tool(command, database_url)


def restore_backup(
    archive: str | Path, database_url: str | sa.URL, attachment_dir: str | Path
) -> RestoreResult:
    """Bring *archive* back into the empty database at *database_url* and into *attachment_dir*."""
    archive = Path(archive)
    target_backend = backend_of(database_url)
    root = Path(attachment_dir)
    with tempfile.TemporaryDirectory(prefix="lighthouse-restore-") as directory:
        unpacked = _unpack(archive, Path(directory))
        manifest = unpacked.manifest
        backend = manifest["backend"]
        if backend != target_backend:
            raise BackupError(
                f"This archive is a backup of a {backend_label(backend)} database and the target is "
                f"{backend_label(target_backend)}; a backup is restored only into the backend it came from."
            )
        if backend == "postgresql":
            find_tool("pg_restore")
        _check_empty(_target_rows(database_url, backend))
        to_write, present = _attachment_plan(unpacked, root)

        _write_attachments(unpacked, root, to_write)
        if backend == "sqlite":
            _restore_sqlite(unpacked.database, database_url)
        else:
            _restore_postgres(unpacked.database, database_url)

    restored = _target_rows(database_url, backend) or {}
    expected = {name: int(rows) for name, rows in manifest.get("row_counts", {}).items()}
    differing = sorted(name for name in expected if restored.get(name) != expected[name])
    if differing:
        details = ", ".join(
            f"{n}: {restored.get(n, 'missing')} instead of {expected[n]}" for n in differing[:6]
        )
        raise BackupError(f"The restored database does not match the backup ({details}).")
    note = schema_note(manifest.get("alembic_revision"))
    return RestoreResult(
        backend=backend,
        alembic_revision=manifest.get("alembic_revision"),
        created_at=manifest.get("created_at", ""),
        tables=len([name for name in expected if name != ALEMBIC_TABLE]),
        rows=sum(v for k, v in expected.items() if k != ALEMBIC_TABLE),
        attachments_written=len(to_write),
        attachments_present=present,
        notes=[note] if note else [],
    )


def backend_label(backend: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(backend, backend)
