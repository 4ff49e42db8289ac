"""Notice descriptions: stored as plain text or a safe subset of Markdown, never as HTML.

One function, `clean_description`, gives a description its stored form on every way in (the staff
area, the admin, amendments, the CSV and OCDS importers: all through `notices.publishing`), and
migration 0022 gave it to the descriptions stored before:

- HTML tags are dropped, `<script>` and `<style>` with their content (read by nh3, a browser's
  HTML parser, so that what a browser would take for a tag is dropped here too); a paragraph, a
  `<br>` or a list item becomes a line break (an item "- "), a link `[its text](its address)`;
- character references become the characters they stand for (`&amp;` is "&"), before the tags are
  read too: an agency's feed that escaped its HTML (`&lt;p&gt;`) meant HTML, and `&lt;script&gt;`
  must not come out of the API as `<script>`. This is repeated until nothing changes, so a stored
  description holds no tag and no reference, and cleaning it again changes nothing.
- So `<` directly followed by a letter always starts a tag (as in a browser) and is dropped with it;
  "5 < 10", "<10 kg" and "R&D" stay as typed.

Pages render it with `render_description`: CommonMark with raw HTML turned off (markdown-it-py's
`html: False`), then nh3 with a short allow-list of tags and link schemes, a second line of defence.
Text-only readers (the API, the feed) take `description_text`: the rendering as plain text.
"""

import html as html_entities
import re

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

# Where a line break stands in the text of an HTML fragment.
_BREAK = re.compile(r"<br\s*/?>|</?tr\b[^>]*>", re.IGNORECASE)
_CELL = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_BLOCK = re.compile(
    r"</?(?:p|div|h[1-6]|blockquote|pre|table|ul|ol|section|article|hr)\b[^>]*>", re.IGNORECASE
)
# A Markdown autolink, <https://...>, which an HTML parser would take for a tag.
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>\"]+)>", re.IGNORECASE)
_KEPT = {
    "a", "br", "li", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "blockquote", "pre", "table", "ul", "ol", "section", "article", "hr",
}  # fmt: skip
_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
# A `<` that an HTML parser reads as the start of a tag, a comment or a declaration.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
MAX_PASSES = 10
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9A-Fa-f]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def clean_description(text: str) -> str:
    """The stored form of a description given as Markdown, plain text or HTML (see above)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    for _ in range(MAX_PASSES):
        if "<" not in text and "&" not in text:
            return text
        cleaner = _text_of(
            html_entities.unescape(_AUTOLINK.sub(r'<a href="\1">\1</a>', text)),
            link=_markdown_link,
        ).strip()
        if cleaner == text:
            return text
        text = cleaner
    # Markup encoded more than MAX_PASSES times over: what is left of it goes.
    return _TAG_START.sub("", _REFERENCE.sub("", text))


def description_text(text: str) -> str:
    """A stored description as plain text (a link as "its text (its address)"): what the API and
    the feed give, for readers that must not interpret markup."""
    return _text_of(render_description(text), link=_text_link).strip()


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


def _text_of(fragment: str, *, link) -> str:
    """The characters a reader of the HTML fragment sees, with its line breaks and links."""
    # First nh3 parses it as a browser would and keeps only the tags that matter here, well formed.
    safe = nh3.clean(
        fragment, tags=_KEPT, attributes={"a": {"href"}}, url_schemes=URL_SCHEMES, link_rel=None
    )
    safe = _BLOCK.sub("\n\n", _BREAK.sub("\n", _LINK.sub(link, safe)))
    safe = _ITEM.sub("\n- ", _CELL.sub(" ", safe))
    text = html_entities.unescape(nh3.clean(safe, tags=set()))
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n\s*\n(?=- )", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)


def _link_parts(match: re.Match) -> tuple[str, str]:
    """The (still escaped) text and address of a link of nh3's output."""
    found = re.search(r'href="([^"]*)"', match.group(0))
    label = " ".join(re.sub(r"<[^>]*>", "", match.group(1)).split())
    return label, found.group(1) if found else ""


def _markdown_link(match: re.Match) -> str:
    label, href = _link_parts(match)
    if not href:
        return label
    label = label.replace("[", "\\[").replace("]", "\\]")
    href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{label}]({href})"


def _text_link(match: re.Match) -> str:
    label, href = _link_parts(match)
    if not href or label in ("", href):
        return label or href
    return f"{label} ({href})"
