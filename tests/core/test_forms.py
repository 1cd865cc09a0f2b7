"""What every form of the application refuses the same way: a NUL character in any text, and
numbers too large for WTForms' range check."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, Form, FormField, IntegerField, StringField

from evaluator import create_app
from evaluator.core.forms import AppForm, NumberRange

NUL_MESSAGE = "Remove the null character (U+0000) from this text."


@pytest.fixture(scope="module")
def app():  # type: ignore[no-untyped-def]
    return create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


class Row(Form):
    institution = StringField()


class Example(AppForm):
    title = StringField()
    rows = FieldList(FormField(Row), min_entries=1)
    year = IntegerField(validators=[NumberRange(min=2000, max=2200)])


def _validated(app, **data: str) -> Example:  # type: ignore[no-untyped-def]
    with app.test_request_context(method="POST"):
        form = Example(formdata=MultiDict(data), meta={"csrf": False})
        form.validate()
        return form


def test_a_nul_character_in_any_text_is_refused_next_to_its_field(app) -> None:  # type: ignore[no-untyped-def]
    form = _validated(app, title="Water\x00Partnership", year="2026")
    assert form.title.errors == [NUL_MESSAGE]
    assert form.year.errors == []


def test_a_nul_character_in_a_row_of_a_list_is_refused_in_that_row(app) -> None:  # type: ignore[no-untyped-def]
    form = _validated(app, title="Water", **{"rows-0-institution": "\x00Trento"}, year="2026")
    assert form.rows.entries[0].form.institution.errors == [NUL_MESSAGE]
    assert "rows" in form.errors  # so that the page says the form has errors
    assert form.title.errors == []


def test_text_without_a_nul_character_passes_whatever_else_it_holds(app) -> None:  # type: ignore[no-untyped-def]
    form = _validated(app, title="\u202eevil\x1b[31m <script>", year="2026")
    assert form.errors == {}


@pytest.mark.parametrize("typed", ["1" + "0" * 400, "-" + "9" * 400, "9223372036854775808"])
def test_a_number_too_large_for_any_range_gets_the_range_message(app, typed: str) -> None:  # type: ignore[no-untyped-def]
    form = _validated(app, title="Water", year=typed)
    assert form.year.errors == ["Number must be between 2000 and 2200."]
    assert form.year.data == int(typed)  # the typed number is kept as it was


def test_numbers_in_range_still_pass_the_range(app) -> None:  # type: ignore[no-untyped-def]
    assert _validated(app, title="Water", year="2200").year.errors == []
