"""Command-line commands registered on the app: demo data and accounts."""

from __future__ import annotations

import click
from flask import Flask

from evaluator.extensions import db


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(demo_logins)


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
