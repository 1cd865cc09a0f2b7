"""Settings: files per environment, overrides from the environment, and refusing unsafe production."""

from __future__ import annotations

import gc

import pytest

from evaluator import create_app
from evaluator.config import ConfigError, environment_overrides, normalise_database_url


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("EVALUATOR_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite"})


@pytest.mark.parametrize("key", ["dev-only-insecure-key", "short-key", "changeme"])
def test_production_refuses_a_weak_or_development_secret_key(monkeypatch, tmp_path, key: str) -> None:
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite"})


def test_production_starts_with_a_real_secret_key_from_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    app = create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite"})
    assert app.config["SECRET_KEY"] == "k" * 64
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.debug is False


def test_production_takes_its_startup_objects_out_of_the_garbage_collectors_way(
    monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    gc.unfreeze()
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/d.sqlite"})  # testing settings
    assert gc.get_freeze_count() == 0
    app = create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite"})
    # Everything alive at the end of start-up (modules, the application) is frozen.
    assert gc.get_freeze_count() > 10_000
    assert app.config["GC_FREEZE_AT_START"] is True


def test_every_setting_can_be_overridden_from_the_environment() -> None:
    overrides = environment_overrides(
        {
            "EVALUATOR_MIN_PASSWORD_LENGTH": "16",
            "EVALUATOR_RATELIMIT_ENABLED": "false",
            "EVALUATOR_LOGIN_LIMIT_PER_CLIENT": "5 per minute",
            "DATABASE_URL": "postgres://u@db/evaluator",
            "REDIS_URL": "redis://cache:6379/0",
            "UNRELATED": "x",
        }
    )
    assert overrides == {
        "MIN_PASSWORD_LENGTH": 16,
        "RATELIMIT_ENABLED": False,
        "LOGIN_LIMIT_PER_CLIENT": "5 per minute",
        "SQLALCHEMY_DATABASE_URI": "postgres://u@db/evaluator",
        "RATELIMIT_STORAGE_URI": "redis://cache:6379/0",
    }


def test_environment_values_reach_the_app(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("EVALUATOR_MIN_PASSWORD_LENGTH", "20")
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.sqlite"})
    assert app.config["MIN_PASSWORD_LENGTH"] == 20


def test_postgres_urls_use_the_psycopg_driver() -> None:
    assert normalise_database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_the_default_database_is_a_sqlite_file_in_the_instance_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("EVALUATOR_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"ENV_NAME": "development"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'evaluator.sqlite'}"


def test_an_unknown_environment_name_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("EVALUATOR_ENV", "staging")
    with pytest.raises(ConfigError, match="EVALUATOR_ENV"):
        create_app()


def test_production_warns_when_links_in_e_mail_would_point_to_this_machine(
    monkeypatch, tmp_path, caplog
) -> None:
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    database = f"sqlite:///{tmp_path}/p.sqlite"
    create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": database})
    assert "EVALUATOR_BASE_URL is not set" in caplog.text

    caplog.clear()
    create_app(
        {
            "ENV_NAME": "production",
            "SQLALCHEMY_DATABASE_URI": database,
            "BASE_URL": "https://lighthouses.tu-dresden.de",
        }
    )
    assert "EVALUATOR_BASE_URL" not in caplog.text
