"""The ``evaluator`` console script: the Flask CLI of this application."""

from __future__ import annotations

from flask.cli import FlaskGroup


def _create_app():  # type: ignore[no-untyped-def]
    from evaluator import create_app

    return create_app()


cli = FlaskGroup(create_app=_create_app, help="Lighthouse Evaluator command line.")


def main() -> None:
    cli.main(prog_name="evaluator")
