"""The migrations build exactly the schema the models describe, both ways, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from evaluator import create_app
from evaluator.accounts.models import Role
from evaluator.extensions import db
from evaluator.reviewing.models import Score, ScoreSheet, SheetState
from evaluator.rounds.models import RoundPhase
from tests.conftest import (
    base_config,
    throwaway_postgres,
)
from tests.support.factories import make_initiative, make_nomination, make_round, make_unit, make_user

BEFORE_WEIGHTED_SCORES = "d0695e94b4e8"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    with throwaway_postgres(migrated=False) as database:
        yield database.url


def _table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def _differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_downgrade_upgrade_leaves_no_difference_to_the_models(fresh_url: str) -> None:
    app = create_app(base_config(fresh_url))
    with app.app_context():
        upgrade()
        assert _table_names() == set(db.metadata.tables)

        downgrade(revision="base")
        assert _table_names() == set()

        upgrade()
        assert _table_names() == set(db.metadata.tables)
        assert _differences() == []
        db.engine.dispose()


def test_the_weighted_score_of_sheets_saved_before_it_was_stored_is_filled_in(fresh_url: str) -> None:
    app = create_app(base_config(fresh_url))
    with app.app_context():
        upgrade()
        session = db.session
        round_ = make_round(session, 2026, phase=RoundPhase.REVIEWING)  # criteria weighted 1, 2, 3, 4
        nomination = make_nomination(session, round_, make_initiative(session, make_unit(session)))
        scored = ScoreSheet(
            nomination=nomination,
            member=make_user(session, Role.MEMBER),
            state=SheetState.SUBMITTED,
            scores=[
                Score(criterion=criterion, value=value)
                for criterion, value in zip(round_.categories[0].criteria, (4, 4, 2, 1), strict=True)
            ],
        )
        empty = ScoreSheet(nomination=nomination, member=make_user(session, Role.MEMBER))
        session.add_all([scored, empty])
        session.commit()
        ids = (scored.id, empty.id)
        session.remove()

        downgrade(revision=BEFORE_WEIGHTED_SCORES)
        upgrade()

        with db.engine.connect() as connection:
            stored = dict(connection.execute(sa.text("SELECT id, weighted_score FROM score_sheets")).all())
            scores = connection.scalar(sa.text("SELECT count(*) FROM scores"))
            if connection.dialect.name == "sqlite":  # switched off while migrating, on again after
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # (1 × 4 + 2 × 4 + 3 × 2 + 4 × 1) / 10; a sheet without scores has none.
        assert stored == {ids[0]: pytest.approx(2.2), ids[1]: None}
        assert scores == 4
        db.engine.dispose()


def test_migration_files_are_dated_and_form_a_single_line() -> None:
    files = sorted(p.name for p in MIGRATIONS.glob("*.py"))
    assert files, "there is at least the initial migration"
    for name in files:
        date_part, time_part = name.split("_")[:2]
        assert len(date_part) == 8 and date_part.isdigit(), name
        assert len(time_part) == 4 and time_part.isdigit(), name
    heads = []
    down_revisions = set()
    revisions = []
    for path in MIGRATIONS.glob("*.py"):
        namespace: dict = {}
        exec(compile(path.read_text(), str(path), "exec"), namespace)  # noqa: S102  (our own files)
        revisions.append(namespace["revision"])
        if namespace["down_revision"]:
            down_revisions.add(namespace["down_revision"])
    heads = [r for r in revisions if r not in down_revisions]
    assert len(heads) == 1, f"migrations must have one head, found {heads}"
