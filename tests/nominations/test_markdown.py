from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markupsafe import Markup, escape

from evaluator.nominations.markdown import MAX_DESCRIPTION_CHARS, render_markdown, sanitise_html

RENDERED = [
    ("emphasis", "*a* **b** ~~c~~", "<p><em>a</em> <strong>b</strong> <s>c</s></p>"),
    ("bullet_list", "- x\n- y", "<ul>\n<li>x</li>\n<li>y</li>\n</ul>"),
    ("ordered_list", "1. x\n2. y", "<ol>\n<li>x</li>\n<li>y</li>\n</ol>"),
    (
        "link_with_title",
        '[site](https://example.org "Title")',
        '<p><a href="https://example.org" title="Title" rel="noopener noreferrer">site</a></p>',
    ),
    (
        "mailto_link",
        "[mail](mailto:a@example.org)",
        '<p><a href="mailto:a@example.org" rel="noopener noreferrer">mail</a></p>',
    ),
    ("hard_break", "a  \nb", "<p>a<br>\nb</p>"),
    ("quote_and_rule", "> q\n\n---", "<blockquote>\n<p>q</p>\n</blockquote>\n<hr>"),
    ("code_block_escaped", "```python\nx<1\n```", "<pre><code>x&lt;1\n</code></pre>"),
    ("inline_code", "`a<b`", "<p><code>a&lt;b</code></p>"),
    ("h1_becomes_h3", "# Heading", "<h3>Heading</h3>"),
    ("h2_becomes_h4", "## Heading", "<h4>Heading</h4>"),
    ("setext_h1_becomes_h3", "Heading\n===", "<h3>Heading</h3>"),
    ("h6_stays_h6", "###### Heading", "<h6>Heading</h6>"),
    (
        "table",
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>",
    ),
    ("image_shown_as_alt_text", "![a *chart*](https://example.org/x.png)", "<p>a chart</p>"),
    ("plain_url_not_linkified", "see https://example.org", "<p>see https://example.org</p>"),
]


@pytest.mark.parametrize(("source", "expected"), [r[1:] for r in RENDERED], ids=[r[0] for r in RENDERED])
def test_markdown_renders_to_the_expected_html(source: str, expected: str) -> None:
    assert str(render_markdown(source)) == expected


HOSTILE = [
    (
        "script_element",
        "<script>alert(1)</script>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    ),
    ("javascript_link", "[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
    ("javascript_link_mixed_case", "[x](JaVaScRiPt:alert(1))", "<p>[x](JaVaScRiPt:alert(1))</p>"),
    ("javascript_link_entity", "[x](java&#x73;cript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
    ("img_onerror", "<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
    (
        "raw_link_with_onclick",
        '<a href="https://x" onclick="evil()">y</a>',
        '<p>&lt;a href="https://x" onclick="evil()"&gt;y&lt;/a&gt;</p>',
    ),
    (
        "data_url_link",
        "[d](data:text/html;base64,PHNjcmlwdD4=)",
        "<p>[d](data:text/html;base64,PHNjcmlwdD4=)</p>",
    ),
    ("relative_link_loses_its_href", "[r](/admin/users)", '<p><a rel="noopener noreferrer">r</a></p>'),
]


class ElementCollector(HTMLParser):
    """The elements a browser would build from the HTML, with their attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize(("source", "expected"), [r[1:] for r in HOSTILE], ids=[r[0] for r in HOSTILE])
def test_hostile_markdown_is_rendered_harmless(source: str, expected: str) -> None:
    html = str(render_markdown(source))

    assert html == expected
    elements = ElementCollector(html).elements
    assert {tag for tag, _ in elements} <= {"p", "a"}
    for _, attrs in elements:
        assert not [name for name in attrs if name.startswith("on")]
        assert not (attrs.get("href") or "").lower().startswith(("javascript:", "data:"))


# The sanitiser on its own, as the second line of defence should the Markdown layer let HTML through.
SANITISED = [
    ("script_removed_with_content", "<p>a<script>alert(1)</script></p>", "<p>a</p>"),
    ("event_handler_dropped", '<p onclick="evil()">a</p>', "<p>a</p>"),
    ("img_dropped", "<img src=x onerror=alert(1)>", ""),
    ("javascript_href_dropped", '<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ("data_href_dropped", '<a href="data:text/html,x">x</a>', '<a rel="noopener noreferrer">x</a>'),
    (
        "https_href_kept_other_attributes_dropped",
        '<a href="https://x.org" target="_blank" style="color:red">x</a>',
        '<a href="https://x.org" rel="noopener noreferrer">x</a>',
    ),
    ("h1_not_allowed", "<h1>x</h1>", "x"),
    ("iframe_dropped", '<iframe src="https://x.org"></iframe>', ""),
]


@pytest.mark.parametrize(("html", "expected"), [r[1:] for r in SANITISED], ids=[r[0] for r in SANITISED])
def test_sanitiser_keeps_only_the_allow_list(html: str, expected: str) -> None:
    assert sanitise_html(html) == expected


def test_empty_text_gives_empty_markup() -> None:
    result = render_markdown("")

    assert result == Markup("")
    assert isinstance(result, Markup)


def test_rendered_html_is_not_escaped_again_by_jinja() -> None:
    result = render_markdown("**bold**")

    assert isinstance(result, Markup)
    assert escape(result) == Markup("<p><strong>bold</strong></p>")


def test_description_limit_is_twenty_thousand_characters() -> None:
    assert MAX_DESCRIPTION_CHARS == 20_000
