"""Hostile Markdown and text never execute: a corpus run through the renderer and the pages."""

import re
from html.parser import HTMLParser

import pytest

from extensions import db
from meetings.markdown import render_markdown
from meetings.postings import publish_agenda
from tests.fixtures.meetings import add_item, make_meeting

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![img](javascript:alert(1))",
    '![img](x "onerror=alert(1)")',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "<base href=javascript:alert(1)//>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<scr<script>ipt>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'; alert(1); '",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '[a](https://ok.example" onmouseover="alert(1))',
    "<x onclick=alert(1)>text</x>",
]

SAFE_TAGS = {
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


URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


class ElementCollector(HTMLParser):
    """The elements and attributes a browser would build: escaped text is not markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_harmless(html: str, allowed_tags: set[str] = SAFE_TAGS) -> None:
    collector = ElementCollector()
    collector.feed(html)
    for tag, attributes in collector.elements:
        assert tag in allowed_tags, (tag, html)
        for name, value in attributes.items():
            assert not name.startswith("on"), (name, html)
            assert name != "style", html
            if name in {"href", "src", "action"}:
                # As a browser parses it: a scheme is letters, digits, "+", "-" or "." before ":".
                scheme = URL_SCHEME.match((value or "").strip())
                assert not scheme or scheme[1].lower() in {"http", "https", "mailto"}, (value, html)


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_the_markdown_renderer_neutralises_each_payload(payload):
    assert_harmless(str(render_markdown(payload)))


def test_ordinary_markdown_still_renders():
    html = str(render_markdown("**Bold** and a [link](https://example.org)\n\n- one\n- two"))
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html
    assert "<li>one</li>" in html


def test_every_payload_is_harmless_on_the_public_meeting_page(client, bodies):
    meeting = make_meeting(bodies["task-force"], title=XSS_CORPUS[0], location=XSS_CORPUS[1])
    for payload in XSS_CORPUS:
        add_item(meeting, payload[:300], presenter=payload[:200], description=payload)
    publish_agenda(meeting, meeting.starts_at.replace(year=2000), None)
    db.session.commit()
    body = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    # The layout's own scripts are the only ones: USWDS init and main, quick exit, copy, print.
    assert body.count("<script") == 5
    main = body.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]
    main = main.split('<h2 id="accommodations">', 1)[0]  # the site's own form, below the agenda
    # the site's own buttons and proof-of-posting table, which hold no staff text
    main = re.sub(r'<p class="button-row no-print">.*?</p>', "", main, flags=re.S)
    main = re.sub(r'<details class="proof.*?</details>', "", main, flags=re.S)
    page_tags = SAFE_TAGS | {"div", "h1", "h2", "span", "dl", "dt", "dd", "section", "svg"}
    assert_harmless(main.split(">", 1)[1], page_tags - {"svg"})
    assert len(XSS_CORPUS) >= 40
