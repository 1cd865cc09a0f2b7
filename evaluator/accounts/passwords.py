"""Password hashing with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, current_app

_EXT_KEY = "evaluator_password_hasher"


def configure_hasher(app: Flask) -> None:
    hasher = PasswordHasher(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )
    app.extensions[_EXT_KEY] = hasher
    # Verifying against this when the e-mail is unknown makes both failures take as long.
    app.extensions[_EXT_KEY + ".dummy"] = hasher.hash("no-such-account-placeholder")


def _hasher() -> PasswordHasher:
    return current_app.extensions[_EXT_KEY]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    target = password_hash or current_app.extensions[_EXT_KEY + ".dummy"]
    try:
        ok = _hasher().verify(target, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return ok and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
