"""Agenda descriptions: Markdown rendered by markdown-it-py, then sanitized by nh3.

Raw HTML in the Markdown is not rendered, and nh3 removes anything that could run even if a
parser bug let it through: scripts, event handlers, styles, and links other than http(s)/mailto.
"""

import html as html_module

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False})

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> Markup:
    html = _parser.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


def markdown_text(text: str) -> str:
    """What Markdown says, without its marks: for a search to match and quote."""
    html = _parser.render(text or "")
    return html_module.unescape(nh3.clean(html, tags=set())).strip()
