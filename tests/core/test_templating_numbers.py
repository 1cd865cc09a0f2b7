"""Scores and weights are shown in the reader's locale."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from evaluator import create_app
from evaluator.core.templating import _number, _weight


@pytest.fixture(scope="module")
def app():  # type: ignore[no-untyped-def]
    return create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize(
    ("locale", "score", "z", "weight"),
    [("en", "3.70", "-0.67", "1.5"), ("de", "3,70", "-0,67", "1,5")],
)
def test_numbers_follow_the_locale(app, locale: str, score: str, z: str, weight: str) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context(), force_locale(locale):
        assert _number(3.7) == score
        assert _number(-0.67, signed=True) == z
        assert _number(0.5, signed=True) == ("+0.50" if locale == "en" else "+0,50")
        assert _number(None) == "—"
        assert _weight(1.5) == weight
        assert _weight(2.0) == "2"
