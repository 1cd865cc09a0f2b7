"""A nomination's Markdown description rendered to safe HTML.

Two layers, so that a mistake in one is caught by the other: markdown-it renders CommonMark with
raw HTML switched off (a ``<script>`` in the text comes out as escaped text), then nh3 (ammonia)
keeps only an allow-list of tags, the ``href`` and ``title`` of links, and http, https and mailto
addresses. Headings are demoted by two levels so that a description never competes with the
page's own ``<h1>`` and ``<h2>``; images are shown as their alt text, so a description cannot
load pictures from elsewhere (tracking pixels) into a reviewer's browser.
"""

from __future__ import annotations

from collections.abc import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

MAX_DESCRIPTION_CHARS = 20_000

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# "# Title" becomes <h3>, "## Title" <h4>, and so on; levels below six stay at <h6>.
HEADING_SHIFT = 2


def _demote_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"


def _image_as_alt_text(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return escapeHtml(renderer.renderInlineAsText(tokens[idx].children or [], options, env))


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("demote_headings", _demote_headings)
    md.add_render_rule("image", _image_as_alt_text)
    return md


_parser = _build_parser()


def sanitise_html(html: str) -> str:
    """Keep only the allowed tags, attributes and link schemes of *html*; drop everything else."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        # Links into the app itself (relative addresses) have no place in a description.
        url_relative="deny",
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> Markup:
    """Render Markdown *text* to sanitised HTML that templates may output as it is."""
    if not text:
        return Markup("")
    html = sanitise_html(_parser.render(text))
    # Sanitised just above.
    return Markup(html.strip())  # noqa: S704  # nosec
