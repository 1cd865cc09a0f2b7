"""The mail commands on the command line: ``send-mail`` and ``send-reminders``."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from evaluator.core.clock import frozen_at
from evaluator.mail.models import MailState
from evaluator.mail.outbox import queue_mail
from tests.mail.conftest import SmtpServer, free_port, outbox

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _queue(session, *addresses: str) -> None:  # type: ignore[no-untyped-def]
    for address in addresses:
        queue_mail(session, kind="test", to=address, subject=f"For {address}", body_text="Hello.")
    session.commit()


def test_send_mail_delivers_what_is_due_and_says_so_in_one_line(
    app, session, smtp_config: SmtpServer
) -> None:
    runner = app.test_cli_runner()
    with frozen_at(NOW):
        _queue(session, "mia@example.org", "max@example.org")
        first = runner.invoke(args=["send-mail"])
        again = runner.invoke(args=["send-mail"])

    assert first.exit_code == 0, first.output
    assert first.output == "Sent 2, to retry 0, failed 0, left to another sender 0; 0 queued for later.\n"
    assert again.output == "Sent 0, to retry 0, failed 0, left to another sender 0; 0 queued for later.\n"
    assert smtp_config.mailbox.subjects() == ["For max@example.org", "For mia@example.org"]
    assert [m.state for m in outbox(session)] == [MailState.SENT, MailState.SENT]


def test_send_mail_keeps_mail_for_later_when_the_server_is_down(app, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", free_port())
    runner = app.test_cli_runner()
    with frozen_at(NOW):
        _queue(session, "mia@example.org", "max@example.org", "chris@example.org")
        result = runner.invoke(args=["send-mail", "--limit", "2"])

    assert result.exit_code == 0, result.output
    assert result.output == "Sent 0, to retry 2, failed 0, left to another sender 0; 3 queued for later.\n"
    assert [m.attempts for m in outbox(session)] == [1, 1, 0]
    with frozen_at(NOW + timedelta(minutes=1)):
        assert "to retry 3" in runner.invoke(args=["send-mail"]).output


def test_the_commands_are_part_of_the_command_line() -> None:
    script = Path(sys.executable).with_name("evaluator")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "send-mail" in result.stdout and "send-reminders" in result.stdout
