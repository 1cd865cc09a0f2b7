"""Every user-facing message has a German translation that keeps its placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "translations" / "de" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The messages in the code and templates as they are now (not a stale .pot file)."""
    pot = tmp_path_factory.mktemp("messages") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            "--no-location",
            "--omit-header",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def german():  # type: ignore[no-untyped-def]
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="de")


def _forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def test_every_message_has_a_german_translation(extracted, german) -> None:  # type: ignore[no-untyped-def]
    missing = []
    for message in extracted:
        if not message.id:
            continue
        translated = german.get(message.id)
        if translated is None or translated.fuzzy or not all(_forms(translated.string)):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert missing == [], f"{len(missing)} messages without German translation, e.g. {missing[:5]}"


def test_translations_keep_every_placeholder(extracted, german) -> None:  # type: ignore[no-untyped-def]
    broken = []
    for message in extracted:
        translated = german.get(message.id) if message.id else None
        if translated is None:
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_forms(message.id))))
        for form in _forms(translated.string):
            if form and set(PLACEHOLDER.findall(form)) - wanted:
                broken.append(form)
            elif form and wanted - set(PLACEHOLDER.findall(form)) - {"num"}:
                broken.append(form)
    assert broken == []
