"""The mail commands: ``evaluator send-mail`` and ``evaluator send-reminders``.

Both are meant for a scheduler: send-mail every minute or few, send-reminders every hour.
"""

from __future__ import annotations

import click
from flask import current_app

from evaluator.extensions import db


@click.command("send-mail")
@click.option(
    "--limit", default=100, show_default=True, type=click.IntRange(min=1), help="Most mails per run."
)
def send_mail(limit: int) -> None:
    """Deliver the queued mail that is due, over SMTP (settings SMTP_*)."""
    from evaluator.mail.sender import SmtpSettings, send_queued

    report = send_queued(db.session, settings=SmtpSettings.from_config(current_app.config), limit=limit)
    click.echo(report.summary())


@click.command("send-reminders")
def send_reminders() -> None:
    """Queue the deadline reminders that are due (7 days and 1 day ahead), each once."""
    from evaluator.mail.reminders import queue_deadline_reminders

    queued = queue_deadline_reminders(db.session)
    db.session.commit()
    click.echo(f"Queued {queued} reminder{'' if queued == 1 else 's'}.")
