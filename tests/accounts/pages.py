"""Reading the parts of a page the accounts tests look at."""

from __future__ import annotations

import html
import re

from werkzeug.test import TestResponse


def page_text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def field_error(page: str, field_id: str) -> str | None:
    """The error shown next to a form field (the macro's ``<id>-error`` element), unescaped."""
    match = re.search(rf'<div id="{re.escape(field_id)}-error"[^>]*>(.*?)</div>', page, re.S)
    return html.unescape(match.group(1).strip()) if match else None


def field_errors(page: str) -> dict[str, str]:
    """Every field error on the page, by field id."""
    return {
        m.group(1): html.unescape(m.group(2).strip())
        for m in re.finditer(r'<div id="([\w-]+)-error"[^>]*>(.*?)</div>', page, re.S)
    }


def input_value(page: str, name: str) -> str | None:
    """The value a text input or hidden input of the page's main content carries, unescaped
    (the navigation's language switch has a "next" field of its own)."""
    main = re.search(r"<main\b.*?</main>", page, re.S)
    for tag in re.findall(r"<input\b[^>]*>", main.group(0) if main else page):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            return html.unescape(value.group(1)) if value else ""
    return None


def main_heading(page: str) -> str:
    match = re.search(r"<h1\b[^>]*>(.*?)</h1>", page, re.S)
    assert match, "the page has no <h1>"
    return html.unescape(match.group(1).strip())


def user_list_names(page: str) -> list[str]:
    """The names in the first column of the admin user table, in their order on the page."""
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    assert body, "the page has no user table"
    rows = re.findall(r"<tr\b[^>]*>\s*<td>(.*?)</td>", body.group(1), re.S)
    return [html.unescape(name.strip()) for name in rows if "colspan" not in name]


def without_csrf_tokens(page: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1TOKEN"', page)


def checked_values(page: str, name: str) -> list[str]:
    """The values of the ticked checkboxes called ``name``."""
    values = []
    for tag in re.findall(r"<input\b[^>]*>", page):
        if re.search(rf'\bname="{re.escape(name)}"', tag) and re.search(r"\bchecked\b", tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            values.append(html.unescape(value.group(1)) if value else "")
    return values


def selected_values(page: str, name: str) -> list[str]:
    """The values of the selected options of the select box called ``name``."""
    select = re.search(rf'<select\b[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"the page has no select box {name}"
    return [
        html.unescape(re.search(r'\bvalue="([^"]*)"', option).group(1))  # type: ignore[union-attr]
        for option in re.findall(r"<option\b[^>]*>", select.group(1))
        if re.search(r"\bselected\b", option)
    ]


def user_row_cells(page: str, name: str) -> list[str]:
    """The text of each cell in the user table's row for ``name``, tags stripped."""
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    assert body, "the page has no user table"
    for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", body.group(1), re.S):
        cells = [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)
        ]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row for {name!r}")
