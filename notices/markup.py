"""Notice descriptions: plain text or a safe subset of Markdown, never raw HTML.

CommonMark is parsed with raw HTML turned off (markdown-it-py's `html: False`), so `<script>` in a
description is shown as text; the HTML that comes out is then sanitised again by nh3 with a short
allow-list of tags and link schemes, as a second line of defence.
"""

import html as html_entities

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")


def render_description(text: str) -> SafeString:
    """Safe HTML for a description. Headings are demoted to h3 and below (the page has its own)."""
    html = _markdown.render(text or "")
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308  # nosec B308 B703  # sanitised by nh3 just above


def plain_text(html: str) -> str:
    """Text without any tag, e.g. an imported description that arrives as HTML."""
    return html_entities.unescape(nh3.clean(html or "", tags=set())).strip()
