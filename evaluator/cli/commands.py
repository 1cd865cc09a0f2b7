"""Command-line commands registered on the app: demo data, accounts, backups."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from evaluator.extensions import db


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(demo_logins)
    app.cli.add_command(backup)
    app.cli.add_command(restore)

    from evaluator.mail.commands import send_mail, send_reminders

    app.cli.add_command(send_mail)
    app.cli.add_command(send_reminders)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no users yet.")
def seed_demo(if_empty: bool) -> None:
    """Load the demo data (2021 round, org units, demo users). Safe to run again."""
    from evaluator.demo.seed import database_is_empty, seed

    if if_empty and not database_is_empty(db.session):
        click.echo("The database already holds data; demo data not loaded.")
        return
    report = seed(db.session)
    db.session.commit()
    click.echo(report.summary())


@click.command("demo-logins")
def demo_logins() -> None:
    """Print the demo accounts and their password (when the demo data is loaded)."""
    from evaluator.demo.seed import demo_login_lines

    for line in demo_login_lines(db.session):
        click.echo(line)


@click.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(["admin", "chair", "member", "coordinator"]),
    default=["admin"],
    show_default=True,
)
@click.option("--unit", "units", multiple=True, help="Name of a unit the person coordinates (repeatable).")
@click.password_option()
def create_user(
    email: str, display_name: str, roles: tuple[str, ...], units: tuple[str, ...], password: str
) -> None:
    """Create an account (for example the first admin)."""
    import sqlalchemy as sa
    from flask import current_app

    from evaluator.accounts.models import Role
    from evaluator.accounts.operations import create_user as create
    from evaluator.core.errors import DomainError
    from evaluator.orgunits.models import OrgUnit

    minimum = current_app.config["MIN_PASSWORD_LENGTH"]
    if len(password) < minimum:
        raise click.BadParameter(f"use at least {minimum} characters", param_hint="password")
    found = {u.name: u for u in db.session.scalars(sa.select(OrgUnit).where(OrgUnit.name.in_(units)))}
    missing = [name for name in units if name not in found]
    if missing:
        raise click.BadParameter(f"no unit named {', '.join(missing)}", param_hint="--unit")
    try:
        user = create(
            db.session,
            actor=None,
            email=email,
            display_name=display_name,
            password=password,
            roles={Role(r) for r in roles},
            coordinated_units=[found[name] for name in units],
        )
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Created {user.email} with roles {', '.join(sorted(r.value for r in user.roles))}.")


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the archive (default: backups/ in the instance folder).",
)
@with_appcontext
def backup(output: Path | None) -> None:
    """Write the database and the attachments into one dated archive and print its path."""
    from flask import current_app

    from evaluator.backup import BackupError, create_backup
    from evaluator.nominations.storage import store_for

    folder = output or Path(current_app.instance_path) / "backups"
    try:
        result = create_backup(
            current_app.config["SQLALCHEMY_DATABASE_URI"], store_for(current_app).root, folder
        )
    except BackupError as error:
        raise click.ClickException(error.message) from error
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(str(result.path))


@click.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore(archive: Path) -> None:
    """Restore ARCHIVE (made by `backup`) into the configured database, which must be empty."""
    from flask import current_app

    from evaluator.backup import BackupError, backend_label, restore_backup
    from evaluator.nominations.storage import store_for

    db.session.remove()
    db.engine.dispose()
    try:
        result = restore_backup(
            archive, current_app.config["SQLALCHEMY_DATABASE_URI"], store_for(current_app).root
        )
    except BackupError as error:
        raise click.ClickException(error.message) from error
    finally:
        db.engine.dispose()
    click.echo(
        f"Restored the {backend_label(result.backend)} backup of {result.created_at} "
        f"(schema revision {result.alembic_revision or 'unknown'}): {result.rows} rows in "
        f"{result.tables} tables, {result.attachments_written} attachment file(s) written"
        + (f", {result.attachments_present} already in place." if result.attachments_present else ".")
    )
    for note in result.notes:
        click.echo(note)
