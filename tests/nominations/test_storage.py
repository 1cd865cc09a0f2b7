from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from flask import Flask

from evaluator.core.errors import DomainError
from evaluator.nominations.storage import (
    MAX_ATTACHMENTS,
    MAX_BYTES,
    AttachmentRejected,
    AttachmentStore,
    check_attachment_count,
    check_pdf,
    safe_filename,
    store_for,
)

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 64
)


def pdf_of_size(size: int) -> bytes:
    """A PDF-shaped file of exactly *size* bytes: header, padding, end-of-file marker."""
    head, tail = b"%PDF-1.7\n", b"\n%%EOF\n"
    return head + b"0" * (size - len(head) - len(tail)) + tail


# check_pdf


def test_a_minimal_pdf_is_accepted_under_its_name() -> None:
    assert check_pdf(MINIMAL_PDF, "report.pdf") == "report.pdf"


def test_a_pdf_of_exactly_ten_megabytes_is_accepted() -> None:
    data = pdf_of_size(10 * 1024 * 1024)

    assert len(data) == MAX_BYTES
    assert check_pdf(data, "big.pdf") == "big.pdf"


def test_a_header_after_leading_junk_within_1024_bytes_is_accepted() -> None:
    data = b"\x00" * 1019 + MINIMAL_PDF

    assert check_pdf(data, "scan.pdf") == "scan.pdf"


def test_a_name_without_extension_gets_pdf_appended() -> None:
    assert check_pdf(MINIMAL_PDF, "report") == "report.pdf"


REJECTED = [
    ("empty", b"", "report.pdf", "The file is empty."),
    ("eleven_megabytes", pdf_of_size(11 * 1024 * 1024), "big.pdf", "big.pdf is larger than 10 MB."),
    ("one_byte_too_many", pdf_of_size(MAX_BYTES + 1), "big.pdf", "big.pdf is larger than 10 MB."),
    ("png_renamed_pdf", PNG, "report.pdf", "report.pdf is not a PDF file."),
    ("text_file", b"just some text\n", "notes.pdf", "notes.pdf is not a PDF file."),
    ("header_after_1024_bytes", b"\x00" * 1024 + MINIMAL_PDF, "late.pdf", "late.pdf is not a PDF file."),
    ("truncated_no_eof", MINIMAL_PDF[:-7], "cut.pdf", "cut.pdf is not a PDF file."),
    (
        "eof_not_near_the_end",
        MINIMAL_PDF + b"\x00" * 2048,
        "padded.pdf",
        "padded.pdf is not a PDF file.",
    ),
    ("message_uses_the_safe_name", PNG, "../x/<b>\n.pdf", "_b_.pdf is not a PDF file."),
]


@pytest.mark.parametrize(
    ("data", "filename", "message"), [r[1:] for r in REJECTED], ids=[r[0] for r in REJECTED]
)
def test_files_that_are_not_acceptable_pdfs_are_refused_with_a_message(
    data: bytes, filename: str, message: str
) -> None:
    with pytest.raises(AttachmentRejected) as refused:
        check_pdf(data, filename)

    assert refused.value.message == message


def test_a_refused_attachment_is_a_domain_error() -> None:
    assert issubclass(AttachmentRejected, DomainError)


# safe_filename

FILENAMES = [
    ("traversal_and_newline", "../../evil\n.pdf", "evil.pdf"),
    ("windows_path", "C:\\Users\\ann\\plan.pdf", "plan.pdf"),
    ("no_extension", "report", "report.pdf"),
    ("other_extension", "photo.png", "photo.png.pdf"),
    ("upper_case_extension_kept", "REPORT.PDF", "REPORT.PDF"),
    ("right_to_left_override_removed", "invoice\u202egnp.pdf", "invoicegnp.pdf"),
    ("windows_reserved_characters", 'a:b*c?"d".pdf', "a_b_c__d_.pdf"),
    ("whitespace_collapsed", "  my \t report .pdf", "my report.pdf"),
    ("empty", "", "attachment.pdf"),
    ("only_dots", "..", "attachment.pdf"),
    ("only_extension", ".pdf", "attachment.pdf"),
    ("hidden_file", ".secret.pdf", "secret.pdf"),
    ("trailing_dots", "report.pdf. . ", "report.pdf"),
    ("trailing_slash", "dir/", "attachment.pdf"),
    ("unicode_kept", "Prüfbericht – 2024.pdf", "Prüfbericht – 2024.pdf"),
]


@pytest.mark.parametrize(("filename", "expected"), [r[1:] for r in FILENAMES], ids=[r[0] for r in FILENAMES])
def test_display_names_are_safe_base_names_ending_in_pdf(filename: str, expected: str) -> None:
    assert safe_filename(filename) == expected


def test_a_sanitised_name_has_no_separators_or_control_characters() -> None:
    name = check_pdf(MINIMAL_PDF, "../..\\a/\x00b\r\n\x1b[31mc.pdf")

    assert name == "b[31mc.pdf"
    assert not any(ch in name for ch in "/\\\x00\r\n\x1b")


def test_a_long_name_is_cut_to_255_characters_and_keeps_its_extension() -> None:
    name = safe_filename("x" * 400 + ".pdf")

    assert name == "x" * 251 + ".pdf"
    assert len(name) == 255


def test_a_long_name_without_extension_is_cut_before_pdf_is_appended() -> None:
    assert safe_filename("y" * 300) == "y" * 251 + ".pdf"


# check_attachment_count


@pytest.mark.parametrize(("existing", "adding"), [(0, 1), (4, 1), (0, 5), (3, 2)])
def test_up_to_five_attachments_are_allowed(existing: int, adding: int) -> None:
    check_attachment_count(existing, adding=adding)


@pytest.mark.parametrize(("existing", "adding"), [(5, 1), (4, 2), (0, 6)])
def test_a_sixth_attachment_is_refused(existing: int, adding: int) -> None:
    with pytest.raises(AttachmentRejected) as refused:
        check_attachment_count(existing, adding=adding)

    assert refused.value.message == "A nomination can have at most 5 attachments."
    assert MAX_ATTACHMENTS == 5


# AttachmentStore


def test_saved_bytes_are_read_back_with_their_sha256(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)

    key, digest = store.save(MINIMAL_PDF)

    assert store.open(key) == MINIMAL_PDF
    assert digest == hashlib.sha256(MINIMAL_PDF).hexdigest()


def test_files_are_sharded_by_the_first_characters_of_the_key(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)

    key, _ = store.save(MINIMAL_PDF)

    assert len(key) == 32
    assert set(key) <= set("0123456789abcdef")
    assert (tmp_path / key[:2] / key[2:4] / key).read_bytes() == MINIMAL_PDF


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)

    key, _ = store.save(MINIMAL_PDF)

    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [key]


def test_two_saves_of_the_same_bytes_get_different_keys(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)

    first, first_digest = store.save(MINIMAL_PDF)
    second, second_digest = store.save(MINIMAL_PDF)

    assert first != second
    assert first_digest == second_digest


def test_stored_files_are_readable_by_owner_and_group_only(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)

    key, _ = store.save(MINIMAL_PDF)

    mode = (tmp_path / key[:2] / key[2:4] / key).stat().st_mode
    assert stat.S_IMODE(mode) == 0o640


def test_a_deleted_file_is_gone_and_deleting_again_is_fine(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    key, _ = store.save(MINIMAL_PDF)

    store.delete(key)
    store.delete(key)

    with pytest.raises(FileNotFoundError):
        store.open(key)


BAD_KEYS = [
    "../../etc/passwd",
    "../" + "a" * 29,
    "/etc/passwd",
    "",
    "a" * 31,
    "a" * 33,
    "A" * 32,
    "g" * 32,
    "a" * 32 + "\n",
    "ab/cd/" + "a" * 26,
    "..",
]


@pytest.mark.parametrize("key", BAD_KEYS)
@pytest.mark.parametrize("operation", ["open", "delete"])
def test_keys_that_are_not_storage_tokens_are_refused(tmp_path: Path, operation: str, key: str) -> None:
    store = AttachmentStore(tmp_path / "store")

    with pytest.raises(ValueError, match="not a storage key"):
        getattr(store, operation)(key)

    assert not (tmp_path / "store").exists()


def test_the_store_lives_in_the_instance_folder_by_default(tmp_path: Path) -> None:
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))

    store = store_for(app)

    assert store.root == tmp_path / "instance" / "attachments"
    assert store.root.is_dir()


def test_the_store_directory_can_be_configured(tmp_path: Path) -> None:
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    app.config["ATTACHMENT_DIR"] = str(tmp_path / "shared" / "attachments")

    store = store_for(app)
    key, _ = store.save(MINIMAL_PDF)

    assert store.root == tmp_path / "shared" / "attachments"
    assert AttachmentStore(tmp_path / "shared" / "attachments").open(key) == MINIMAL_PDF
