"""Reading pages as a browser does: the forms on a page (with their fields) and its links.

Only the standard library's HTML parser: enough for the markup the templates write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    """One named control of a form. ``options`` are the values a select or a radio group offers."""

    name: str
    kind: str  # text, email, password, hidden, number, date, datetime-local, url, checkbox, radio,
    # file, select, textarea, submit
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    multiple: bool = False
    required: bool = False
    maxlength: int | None = None
    low: str | None = None  # the min and max attributes of a number
    high: str | None = None


@dataclass
class Form:
    action: str  # a path of this site, without the query string
    query: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Each control's name once, in the order of the page."""
        seen: list[str] = []
        for f in self.fields:
            if f.name not in seen:
                seen.append(f.name)
        return seen

    def controls(self) -> dict[str, Field]:
        """One field per name: radio buttons and checkboxes of a name merged into one with options."""
        merged: dict[str, Field] = {}
        for f in self.fields:
            if f.name in merged and f.kind in ("radio", "checkbox", "submit"):
                known = merged[f.name]
                known.options.append(f.value)
                known.checked = known.checked or f.checked
                if f.checked:
                    known.value = f.value
                continue
            if f.name not in merged:
                copy = Field(**{**f.__dict__, "options": list(f.options)})
                if f.kind in ("radio", "checkbox", "submit"):
                    copy.options = [f.value]
                    if not f.checked and f.kind != "submit":
                        copy.value = ""
                merged[f.name] = copy
        return merged

    def defaults(self) -> list[tuple[str, str]]:
        """What a browser would send when the form is submitted unchanged (no button pressed)."""
        sent: list[tuple[str, str]] = []
        for f in self.fields:
            if f.kind in ("submit", "file"):
                continue
            if f.kind in ("radio", "checkbox"):
                if f.checked:
                    sent.append((f.name, f.value or "on"))
            elif f.kind == "select":
                if f.value is not None:
                    sent.append((f.name, f.value))
            else:
                sent.append((f.name, f.value))
        return sent


class _Reader(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: tuple[str | None, bool] | None = None
        self._option_text = ""
        self._selected: list[str] = []
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.base, a["href"]))
        elif tag == "form":
            target = urlsplit(urljoin(self.base, a.get("action") or self.base))
            self._form = Form(
                action=target.path,
                query=target.query,
                method=(a.get("method") or "get").lower(),
                enctype=a.get("enctype") or "application/x-www-form-urlencoded",
            )
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button") and a.get("name"):
            kind = a.get("type") or ("submit" if tag == "button" else "text")
            if kind in ("image", "reset", "button"):
                return
            self._form.fields.append(
                Field(
                    name=a["name"],
                    kind=kind,
                    value=a.get("value", "on" if kind in ("checkbox", "radio") else ""),
                    checked="checked" in a,
                    required="required" in a,
                    maxlength=int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None,
                    multiple="multiple" in a,
                    low=a.get("min"),
                    high=a.get("max"),
                )
            )
        elif tag == "select" and a.get("name"):
            self._select = Field(
                name=a["name"], kind="select", multiple="multiple" in a, required="required" in a
            )
            self._selected = []
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._option_text = ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(
                name=a["name"],
                kind="textarea",
                required="required" in a,
                maxlength=int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None,
            )

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        elif self._option is not None:
            self._option_text += data

    def _close_option(self) -> None:
        if self._option is not None and self._select is not None:
            value, selected = self._option
            value = value if value is not None else self._option_text.strip()
            self._select.options.append(value)
            if selected:
                self._selected.append(value)
        self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            select = self._select
            if self._form is not None:
                if select.multiple:
                    for value in self._selected:
                        self._form.fields.append(
                            Field(
                                name=select.name,
                                kind="select",
                                value=value,
                                options=select.options,
                                multiple=True,
                            )
                        )
                    if not self._selected:
                        self._form.fields.append(
                            Field(
                                name=select.name,
                                kind="select",
                                value=None,
                                options=select.options,  # type: ignore[arg-type]
                                multiple=True,
                            )
                        )
                else:
                    # A single select sends its selected option, or the first.
                    select.value = self._selected[0] if self._selected else (select.options or [""])[0]
                    self._form.fields.append(select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                # The parser keeps the newline a browser drops right after <textarea>.
                self._textarea.value = self._textarea.value.removeprefix("\n")
                self._form.fields.append(self._textarea)
            self._textarea = None


@dataclass
class Page:
    url: str
    forms: list[Form]
    links: list[str]

    def post_forms(self) -> list[Form]:
        return [f for f in self.forms if f.method == "post"]

    def form_for(self, action: str) -> Form | None:
        return next((f for f in self.post_forms() if f.action == action), None)


def read_page(url: str, html: str) -> Page:
    reader = _Reader(urljoin("http://localhost", url))
    reader.feed(html)
    reader.close()
    local = [
        urlsplit(link)._replace(scheme="", netloc="", fragment="").geturl()
        for link in reader.links
        if urlsplit(link).netloc in ("", "localhost")
    ]
    return Page(url=url, forms=reader.forms, links=local)
