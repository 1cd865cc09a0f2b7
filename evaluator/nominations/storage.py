"""Attachment bytes: the content check, the size limits and the storage the app servers share.

Only the metadata of an attachment (display name, size, SHA-256, storage key) lives in the
database; the bytes live in a directory, one file per attachment. The directory is
``app.config["ATTACHMENT_DIR"]`` (environment: ``EVALUATOR_ATTACHMENT_DIR``) and defaults to
``<instance_path>/attachments``. With several app servers, point it at one shared mount (NFS,
SMB, a mounted volume) that every server reads and writes, or a server will not find the files
the others stored. Include the directory in backups together with the database.

Files are written atomically (a temporary file in the same directory, fsync, then rename), so a
reader on another server never sees half a file. Storage keys are random 32-character hex tokens,
kept in two directory levels (``ab/cd/abcd…``) so that no directory grows too large; a key that
is not exactly such a token is refused before the file system is touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import tempfile
import unicodedata
from pathlib import Path

from flask import Flask

from evaluator.core.errors import DomainError
from evaluator.i18n import _, ngettext
from evaluator.nominations.models import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS

MAX_BYTES = MAX_ATTACHMENT_BYTES
__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_BYTES",
    "AttachmentRejected",
    "AttachmentStore",
    "check_attachment_count",
    "check_pdf",
    "safe_filename",
    "store_for",
]

# The PDF specification lets readers accept a header anywhere in the first 1024 bytes (some
# producers put junk before it) and looks for the end-of-file marker near the end of the file.
PDF_HEADER = b"%PDF-"
PDF_HEADER_WINDOW = 1024
PDF_EOF = b"%%EOF"
PDF_EOF_WINDOW = 2048

MAX_FILENAME_CHARS = 255
FALLBACK_STEM = "attachment"
# Characters that Windows refuses in file names; replaced so that a download saves anywhere.
_RESERVED_CHARS = re.compile(r'[<>:"|?*]')

KEY_BYTES = 16
_KEY = re.compile(rf"[0-9a-f]{{{KEY_BYTES * 2}}}")
FILE_MODE = 0o640
DIRECTORY_MODE = 0o750


class AttachmentRejected(DomainError):
    """An uploaded file is not accepted as an attachment; ``message`` says why."""


def safe_filename(filename: str) -> str:
    """The name to show and offer for download: a plain base name ending in ``.pdf``.

    Path parts (``/`` and ``\\``), control and invisible formatting characters (such as the
    right-to-left override that disguises ``exe.pdf``) are removed; the result is at most 255
    characters long. It is only ever a label: the storage key decides where the bytes live.
    """
    name = unicodedata.normalize("NFC", filename or "")
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf"})
    name = re.split(r"[/\\]", name)[-1]
    name = _RESERVED_CHARS.sub("_", name)
    name = " ".join(name.split()).rstrip(" .")
    if name.lower().endswith(".pdf"):
        stem, suffix = name[:-4], name[-4:]
    else:
        stem, suffix = name, ".pdf"
    # No leading dot (a hidden file, "..") and no dot or space before the extension.
    stem = stem.strip(" .")[: MAX_FILENAME_CHARS - len(suffix)].rstrip(" .") or FALLBACK_STEM
    return stem + suffix


def check_pdf(data: bytes, filename: str) -> str:
    """Accept *data* as a PDF attachment and return its safe display name.

    The content decides, never the name: the file must hold a PDF header in its first 1024
    bytes and an end-of-file marker in its last 2048. Raises :class:`AttachmentRejected` for an
    empty file, a file over 10 MB or one that is not a PDF.
    """
    name = safe_filename(filename)
    if not data:
        raise AttachmentRejected(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise AttachmentRejected(_("%(name)s is larger than 10 MB.", name=name))
    header_found = data.find(PDF_HEADER, 0, PDF_HEADER_WINDOW + len(PDF_HEADER) - 1) != -1
    if not header_found or PDF_EOF not in data[-PDF_EOF_WINDOW:]:
        raise AttachmentRejected(_("%(name)s is not a PDF file.", name=name))
    return name


def check_attachment_count(existing: int, *, adding: int = 1) -> None:
    """Refuse to go beyond the five attachments a nomination may have."""
    if existing + adding > MAX_ATTACHMENTS:
        raise AttachmentRejected(
            ngettext(
                "A nomination can have at most %(num)d attachment.",
                "A nomination can have at most %(num)d attachments.",
                MAX_ATTACHMENTS,
            )
        )


class AttachmentStore:
    """Attachment files in a directory, addressed by random storage keys."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key[:2] / key[2:4] / key

    def save(self, data: bytes) -> tuple[str, str]:
        """Store *data* under a new key; return ``(storage_key, sha256_hex)``."""
        key = secrets.token_hex(KEY_BYTES)
        path = self._path(key)
        path.parent.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
        # The leading dot keeps half-written files apart from keys, which are hex only.
        fd, temporary = tempfile.mkstemp(prefix=".upload-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as file:
                # mkstemp creates 0o600; set the mode explicitly so the umask does not decide.
                os.fchmod(file.fileno(), FILE_MODE)
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        _fsync_directory(path.parent)
        return key, hashlib.sha256(data).hexdigest()

    def open(self, key: str) -> bytes:
        """The bytes stored under *key*; ``FileNotFoundError`` if there are none."""
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        """Remove the file stored under *key*; a file that is already gone is fine."""
        self._path(key).unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself survive a crash; not every platform or file system allows it.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def store_for(app: Flask) -> AttachmentStore:
    """The attachment store configured for *app*; its directory is created if missing."""
    root = Path(app.config.get("ATTACHMENT_DIR") or Path(app.instance_path) / "attachments")
    root.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    return AttachmentStore(root)
