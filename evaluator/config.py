"""Load settings: config/default.py, then config/<environment>.py, then the environment."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "testing", "production")
ENV_PREFIX = "EVALUATOR_"
INSECURE_KEYS = {"dev-only-insecure-key", "testing-only-key-not-secret", "", "changeme", "secret"}
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the application refuses to start."""


def config_dir() -> Path:
    return Path(os.environ.get("EVALUATOR_CONFIG_DIR", PROJECT_ROOT / "config"))


def environment_name() -> str:
    name = os.environ.get("EVALUATOR_ENV", "development")
    if name not in ENVIRONMENTS:
        raise ConfigError(f"EVALUATOR_ENV must be one of {', '.join(ENVIRONMENTS)}, not {name!r}")
    return name


NOT_SETTINGS = {"EVALUATOR_ENV", "EVALUATOR_CONFIG_DIR", "EVALUATOR_INSTANCE_PATH"}


def _parse(raw: str, default: Any) -> Any:
    """Take an environment value as the type of the setting's default.

    Text settings stay text (a numeric SECRET_KEY stays a string); others are read as JSON
    (numbers, true/false, lists) when they parse, else kept as text.
    """
    if isinstance(default, str):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def environment_overrides(environ: dict[str, str], defaults: dict[str, Any] | None = None) -> dict[str, Any]:
    defaults = defaults or {}
    overrides = {
        key[len(ENV_PREFIX) :]: _parse(value, defaults.get(key[len(ENV_PREFIX) :]))
        for key, value in environ.items()
        if key.startswith(ENV_PREFIX) and key not in NOT_SETTINGS and not key.startswith("EVALUATOR_TEST_")
    }
    # The conventional names used by hosting platforms.
    if environ.get("DATABASE_URL"):
        overrides.setdefault("SQLALCHEMY_DATABASE_URI", environ["DATABASE_URL"])
    if environ.get("SECRET_KEY"):
        overrides.setdefault("SECRET_KEY", environ["SECRET_KEY"])
    if environ.get("REDIS_URL"):
        overrides.setdefault("RATELIMIT_STORAGE_URI", environ["REDIS_URL"])
    return overrides


def normalise_database_url(url: str) -> str:
    # psycopg 3 is the driver; accept the plain postgres:// URLs that platforms hand out.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    env = (overrides or {}).get("ENV_NAME") or environment_name()
    directory = config_dir()
    app.config.from_pyfile(str(directory / "default.py"))
    app.config.from_pyfile(str(directory / f"{env}.py"))
    app.config.update(environment_overrides(dict(os.environ), dict(app.config)))
    app.config.update(overrides or {})
    app.config["ENV_NAME"] = env

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'evaluator.sqlite'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    check_config(app.config)


def check_config(config: dict[str, Any]) -> None:
    """Fail fast on settings that would make production unsafe."""
    if config["ENV_NAME"] != "production":
        return
    key = str(config.get("SECRET_KEY") or "")
    if key in INSECURE_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            "Production needs a real SECRET_KEY of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters, set in the environment "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
