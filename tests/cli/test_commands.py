"""The command line: creating accounts and the console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from evaluator.accounts.models import Role, User
from evaluator.audit.models import AuditEvent


def test_create_user_makes_an_admin_who_can_log_in(app, client, session) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            "First.Admin@Example.org",
            "--name",
            "First Admin",
            "--role",
            "admin",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created first.admin@example.org with roles admin." in result.output
    user = session.scalar(sa.select(User).where(User.email == "first.admin@example.org"))
    assert user.roles == {Role.ADMIN}
    assert (
        session.scalar(sa.select(AuditEvent.action).where(AuditEvent.object_id == user.id)) == "user:create"
    )
    response = client.login("first.admin@example.org", "a long enough password")
    assert response.headers["Location"] == "/dashboard"


def test_create_user_refuses_a_short_password_and_a_taken_address(app, session) -> None:
    runner = app.test_cli_runner()
    short = runner.invoke(
        args=["create-user", "--email", "a@example.org", "--name", "A", "--password", "short"]
    )
    assert short.exit_code != 0
    assert "12 characters" in short.output
    args = ["create-user", "--email", "b@example.org", "--name", "B", "--password", "long enough password"]
    assert runner.invoke(args=args).exit_code == 0
    taken = runner.invoke(args=[*args[:2], "B@EXAMPLE.ORG", *args[3:]])
    assert taken.exit_code != 0
    assert "already uses this e-mail address" in taken.output
    assert session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_the_console_script_is_the_flask_command_line() -> None:
    script = Path(sys.executable).with_name("evaluator")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    for command in ("db", "seed-demo", "create-user", "demo-logins", "run"):
        assert command in result.stdout


def test_a_coordinator_is_created_with_the_units_named_on_the_command_line(app, session) -> None:
    from tests.support.factories import make_unit

    make_unit(session, "Institute of Political Science")
    session.commit()
    runner = app.test_cli_runner()
    base = [
        "create-user",
        "--email",
        "c@example.org",
        "--name",
        "C",
        "--role",
        "coordinator",
        "--password",
        "long enough password",
    ]
    without_unit = runner.invoke(args=base)
    assert without_unit.exit_code != 0
    assert "Choose at least one unit for a coordinator." in without_unit.output
    unknown = runner.invoke(args=[*base, "--unit", "Institute of Nowhere"])
    assert unknown.exit_code != 0
    assert "no unit named Institute of Nowhere" in unknown.output
    ok = runner.invoke(args=[*base, "--unit", "Institute of Political Science"])
    assert ok.exit_code == 0, ok.output
    session.expire_all()
    user = session.scalar(sa.select(User).where(User.email == "c@example.org"))
    assert [u.name for u in user.coordinated_units] == ["Institute of Political Science"]
