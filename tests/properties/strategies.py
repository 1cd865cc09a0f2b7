"""Hypothesis strategies for hostile input: values for each kind of form control, whole
submissions built from a form as the page shows it, and query strings."""

from __future__ import annotations

import io
import string
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.properties.pages import Field, Form
from tests.support.factories import PASSWORD

# Markup that would run if any page showed it unescaped (tests/properties/browsing.py looks for it).
INJECTIONS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
]
HOSTILE = [
    *INJECTIONS,
    "{{ 7*7 }}",
    "{% for x in range(9) %}x{% endfor %}",
    "${7*7}",
    "%s%s%s%n",
    "' OR '1'='1",
    "1; DROP TABLE users; --",
    '" OR 1=1 --',
    "%' OR 1=1 --",
    "\\",
    "\x00",
    "a\x00b",
    "\x00<script>alert(1)</script>",
    "\u202eevil\u202c",
    "\u200f\u200e\u200b\ufeff",
    "\r\n\r\nSet-Cookie: x=1",
    "line\nbreak",
    "\t",
    "\x1b[31mred",
    "\x7f\x08\x0c",
    "../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    "😀" * 30,
    "𝕏𝕐ßİǅΩ≈ç√∫",
    "",
    " ",
    "   \t  ",
    "-1",
    "0",
    "-0",
    "2147483648",
    "9223372036854775808",
    "18446744073709551616",
    "1" + "0" * 400,
    "9" * 5000,
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "-inf",
    "1e-400",
    "1e999999999",
    "0.1",
    "1,5",
    "0x10",
    "1_000",
    "١٢",
    "²",
    "+5",
    " 5 ",
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-05-01T25:61",
    "2026-05-01T12:00:00Z",
    "01.05.2026",
    "true",
    "null",
    "[]",
    "@",
    "a@b",
    "a@" + "b" * 300 + ".org",
    '"quoted"@example.org',
    "ü@exämple.org",
    "http://",
    "https://example.org/" + "a" * 600,
    "ftp://example.org",
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example/",
]
LONG_LENGTHS = [121, 201, 255, 601, 2001, 5001, 20001, 100_000]


def long_text() -> st.SearchStrategy[str]:
    return st.builds(
        lambda n, unit: (unit * (n // len(unit) + 1))[:n],
        st.sampled_from(LONG_LENGTHS),
        st.sampled_from(["x", "ü", "<script>alert(1)</script>", "😀", "\u202e"]),
    )


def hostile_text() -> st.SearchStrategy[str]:
    """Anything a person, a script or a broken client might send as a field's value."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=30),  # all of unicode, NUL and control characters included
        st.builds(
            lambda before, bad, after: before + bad + after,
            st.text(max_size=8),
            st.sampled_from(HOSTILE),
            st.text(max_size=8),
        ),
        long_text(),
        st.builds(lambda before, after: f"{before}\x00{after}", st.text(max_size=8), st.text(max_size=8)),
        st.integers().map(str),
        st.integers(min_value=2**31 - 2, max_value=2**70).map(str),
        st.floats().map(str),
        st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
        st.dates().map(str),
    )


def plausible_text() -> st.SearchStrategy[str]:
    """Text a form should accept: short, and as often as not an attempt to inject markup."""
    return st.one_of(
        st.sampled_from(INJECTIONS),
        st.builds(
            lambda a, b: f"{a} {b}".strip(),
            st.text(string.ascii_letters, max_size=12),
            st.sampled_from(INJECTIONS),
        ),
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40),
    )


def _datetime_local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _bound(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def plausible_values(control: Field) -> st.SearchStrategy[list[str]]:
    """Values of the right shape for the control (which the application may still refuse)."""
    kind, options = control.kind, [o for o in control.options if o != ""] or control.options
    if kind == "checkbox" and options:
        return st.lists(st.sampled_from(options), unique=True, max_size=len(options))
    if kind in ("select", "radio") and options:
        if control.multiple:
            return st.lists(st.sampled_from(options), unique=True, max_size=len(options))
        return st.sampled_from(options).map(lambda v: [v])
    return plausible_value(kind, _bound(control.low), _bound(control.high)).map(lambda v: [v])


def plausible_value(kind: str, low: int | None = None, high: int | None = None) -> st.SearchStrategy[str]:
    if kind == "email":
        return st.one_of(
            st.builds(lambda n: f"person{n}@example.org", st.integers(0, 10**6)),
            st.emails(),
            st.sampled_from(["<script>alert(1)</script>@example.org", "Ada@Example.ORG "]),
        )
    if kind == "password":
        return st.just(PASSWORD)  # the personas' own: a successful change keeps them able to log in
    if kind == "number":
        if low is not None or high is not None:
            low = low if low is not None else (high or 0) - 1000
            high = high if high is not None else low + 1000
            return st.integers(low, high).map(str)
        return st.one_of(
            st.integers(-10, 3000).map(str),
            st.decimals(min_value=-10, max_value=200, places=2).map(str),
        )
    if kind == "datetime-local":
        return st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1)).map(
            _datetime_local
        )
    if kind == "date":
        return st.dates().map(str)
    if kind == "url":
        return st.one_of(
            st.sampled_from(["https://example.org/", "http://example.org/a?b=<script>alert(1)</script>"]),
            st.builds(lambda t: "https://example.org/" + quote(t), st.text(max_size=20)),
        )
    return plausible_text()


# Submissions ----------------------------------------------------------------------------------


class Keep:
    """The value the page itself shows (filled in per example, as it may change)."""

    def __repr__(self) -> str:
        return "<as on the page>"


KEEP = Keep()


@dataclass
class Upload:
    data: bytes
    filename: str

    def __repr__(self) -> str:
        return f"Upload({self.data[:24]!r}…{len(self.data)} bytes, {self.filename!r})"


@dataclass
class Submission:
    """What one example posts: per control a list of values (empty: left out), extra pairs,
    files, and a query string appended to the form's address."""

    values: dict[str, list[Any]]
    extra: list[tuple[str, str]] = field(default_factory=list)
    files: dict[str, list[Upload]] = field(default_factory=dict)
    query: str = ""

    def payload(self, form: Form) -> MultiDict[str, Any]:
        """The form data to post, with the page's current values where the example keeps them."""
        current = form.controls()
        data: MultiDict[str, Any] = MultiDict()
        for name, values in self.values.items():
            for value in values:
                if value is KEEP:
                    control = current.get(name)
                    value = control.value if control is not None and control.value is not None else ""
                data.add(name, value)
        for name, value in self.extra:
            data.add(name, value)
        for name, uploads in self.files.items():
            for upload in uploads:
                data.add(name, (io.BytesIO(upload.data), upload.filename))
        return data


def _csrf_values() -> st.SearchStrategy[list[Any]]:
    # Mostly the page's token, so that the application gets past it to the fields.
    return st.sampled_from([[KEEP]] * 8 + [[], ["forged-token"], [KEEP, "forged-token"]])


# The edges of each kind of control, where conversions overflow and ranges end.
EDGES = {
    "datetime-local": [
        "0001-01-01T00:00",
        "0001-01-01T00:59",
        "9999-12-31T23:59",
        "1969-12-31T23:59",
        "2038-01-19T04:14",
        "2026-03-29T02:30",  # does not exist in Berlin (clocks go forward)
        "2026-10-25T02:30",  # exists twice in Berlin
    ],
    "date": ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"],
    "number": [
        str(2**31),
        str(2**63),
        str(-(2**63) - 1),
        "1" + "0" * 400,
        "-" + "9" * 400,
        "1e309",
        "NaN",
        "-0",
        "0.0000001",
    ],
    "select": ["", "0", str(2**31), str(2**63), "-1"],
    "radio": ["", "-1", "6", str(2**63)],
    "checkbox": ["", "0", "false"],
}


def _corrupted(kind: str) -> st.SearchStrategy[list[Any]]:
    """What a broken or hostile client sends for one control: anything, nothing, or several."""
    edges = EDGES.get(kind, [])
    return st.one_of(
        *([st.sampled_from(edges).map(lambda v: [v])] if edges else []),
        hostile_text().map(lambda v: [v]),
        st.just([]),
        st.lists(st.one_of(st.just(KEEP), hostile_text()), min_size=2, max_size=3),
    )


def _files() -> st.SearchStrategy[list[Upload]]:
    pdf_like = st.builds(lambda junk: b"%PDF-" + junk, st.binary(max_size=512))
    real_pdf = st.just(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    names = st.one_of(
        st.sampled_from(
            ["budget.pdf", "../../etc/passwd.pdf", "<script>alert(1)</script>.pdf", "a\x00b.pdf"]
        ),
        hostile_text().map(lambda t: t[:200] + ".pdf"),
        hostile_text(),
    )
    upload = st.builds(Upload, st.one_of(real_pdf, pdf_like, st.binary(max_size=512)), names)
    return st.lists(upload, max_size=3)


def extra_names(form: Form) -> st.SearchStrategy[str]:
    """Names the form does not have: new rows of its lists, look-alikes, and nonsense."""
    names = form.names or ["field"]
    return st.one_of(
        st.sampled_from(names).map(lambda n: n + "x"),
        st.builds(
            lambda name, n: f"{name.split('-')[0]}-{n}-{name.split('-')[-1]}",
            st.sampled_from(names),
            st.sampled_from([0, 1, 51, 999, 2**31, 2**64]),
        ),
        st.sampled_from(
            ["__proto__", "id", "round_id", "user_id", "is_admin", "roles", "csrf_token", "next"]
        ),
        st.text(min_size=1, max_size=20),
    )


def query_strings(names: list[str]) -> st.SearchStrategy[str]:
    """A query string of known and unknown parameters with hostile values (often none at all)."""
    pair = st.tuples(
        st.one_of(st.sampled_from(names), st.text(min_size=1, max_size=10)) if names else st.text(min_size=1),
        hostile_text(),
    )
    return st.one_of(
        st.just(""),
        st.lists(pair, min_size=1, max_size=4).map(
            lambda pairs: "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
        ),
    )


def submissions(form: Form, query_names: list[str] | None = None) -> st.SearchStrategy[Submission]:
    """A plausible filling of the form (the page's own values where it has some), in which a few
    controls are then given hostile values, left out or repeated."""
    controls = form.controls()
    baseline: dict[str, st.SearchStrategy[list[Any]]] = {}
    buttons = [name for name, control in controls.items() if control.kind == "submit"]
    file_fields = [name for name, control in controls.items() if control.kind == "file"]
    for name, control in controls.items():
        if control.kind in ("submit", "file"):
            continue
        if name.endswith("csrf_token"):
            baseline[name] = _csrf_values()
        elif control.kind == "hidden":  # mostly as the page set it (a version, a direction)
            baseline[name] = st.one_of(st.just([KEEP]), st.just([KEEP]), plausible_values(control))
        elif control.value:
            baseline[name] = st.one_of(st.just([KEEP]), plausible_values(control))
        else:
            baseline[name] = plausible_values(control)
    names = [name for name in baseline if not name.endswith("csrf_token")]
    corruption = (
        st.sampled_from(names).flatmap(lambda name: st.tuples(st.just(name), _corrupted(controls[name].kind)))
        if names
        else st.nothing()
    )
    corruptions = st.lists(corruption, max_size=3) if names else st.just([])
    pressed = st.one_of(st.none(), st.sampled_from(buttons)) if buttons else st.none()
    return st.builds(
        _assemble,
        st.fixed_dictionaries(baseline),
        corruptions,
        pressed,
        st.lists(st.tuples(extra_names(form), hostile_text()), max_size=2),
        st.fixed_dictionaries({name: _files() for name in file_fields}),
        query_strings(query_names or []),
    )


def _assemble(
    values: dict[str, list[Any]],
    corruptions: list[tuple[str, list[Any]]],
    pressed: str | None,
    extra: list[tuple[str, str]],
    files: dict[str, list[Upload]],
    query: str,
) -> Submission:
    values = {**values, **dict(corruptions)}
    if pressed is not None:
        values[pressed] = ["1"]
    return Submission(values=values, extra=extra, files=files, query=query)
