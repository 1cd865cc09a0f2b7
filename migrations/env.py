"""Alembic environment: runs migrations against the app's engine and metadata."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

import evaluator.models  # noqa: F401  (registers every table on the metadata)
from evaluator.db import UTCDateTime

config = context.config
if config.config_file_name and not config.attributes.get("skip_logging_config"):
    # Keep the application's own loggers alive when migrations run inside it (tests, CLI).
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

migrate_ext = current_app.extensions["migrate"]
target_metadata = migrate_ext.db.metadata


def _skip_empty_autogenerate(context, revision, directives):  # noqa: ANN001
    # "flask db migrate" with no model change writes no empty revision file.
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def _render_item(type_, obj, autogen_context):  # noqa: ANN001
    # Migration files stay independent of application code: our UTC type is a plain timestamp.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    url = migrate_ext.db.engine.url.render_as_string(hide_password=False)
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    options = dict(migrate_ext.configure_args)
    options.setdefault("process_revision_directives", _skip_empty_autogenerate)
    options.setdefault("compare_type", True)
    options.setdefault("render_item", _render_item)
    with migrate_ext.db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes a table by copying it and dropping the original; with foreign keys
            # on, that drop would cascade into the rows that refer to it (a sheet's scores).
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            context.configure(connection=connection, target_metadata=target_metadata, **options)
            with context.begin_transaction():
                context.run_migrations()
        except BaseException:
            if sqlite:  # never hand a connection with foreign keys off back to the pool
                connection.invalidate()
            raise
        if sqlite:
            # What the switched-off foreign keys let through, a migration must not have left.
            dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if dangling:
                raise RuntimeError(f"the migration left rows that refer to nothing: {dangling[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
