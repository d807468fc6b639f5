"""A Spanish reader meets no English on a public or member page, except text marked as English
(`lang="en"`: what staff wrote and did not translate, names of bodies and people, brand names)."""

import re
from html.parser import HTMLParser

from sqlalchemy import select

from committees.models import Committee, Organization, Person, SeatType, Statute
from core.time import utcnow
from extensions import db
from meetings.models import AgendaItem, Document, Meeting
from members.models import UserRole
from tests.fixtures.members import PASSWORD, make_user

# Words that are English and never Spanish: one of them outside lang="en" is an unmarked string.
ENGLISH_WORDS = """
the and of your you is are this with for meeting meetings page seat seats from been has have will
be what when where who which please here there must should only more about after before into our
we it its at by on or in to an as was were can may any each every their they them than then these
those other next past upcoming agenda minutes body bodies filled vacant member members staff
calendar subscribe sign password request invitation
"""
ENGLISH = frozenset(ENGLISH_WORDS.split())
# Names of products, written as their makers write them.
BRANDS = ["Google Calendar", "Apple Calendar", "Outlook.com", "Office 365"]
WORD = re.compile(r"[^\W\d_]+")


class TextOutsideOtherLanguages(HTMLParser):
    """The page's text, leaving out scripts, styles and every element in another language."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr"})

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # per open element: whether it is outside the page's language
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        outside = tag in {"script", "style", "title"} or (
            lang is not None and lang.split("-")[0] != self.language
        )
        self.stack.append(bool(self.stack and self.stack[-1]) or outside)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def staff_text() -> list[str]:
    """What staff wrote in English: names and labels the page may show as data."""
    rows = [
        *db.session.scalars(select(Committee)),
        *db.session.scalars(select(Person)),
        *db.session.scalars(select(Organization)),
        *db.session.scalars(select(SeatType)),
        *db.session.scalars(select(Statute)),
        *db.session.scalars(select(Document)),
        *db.session.scalars(select(AgendaItem)),
        *db.session.scalars(select(Meeting)),
    ]
    fields = (
        "name",
        "short_name",
        "label",
        "title",
        "presenter",
        "citation",
        "enacted_by",
        "location",
        "remote_url",
        "remote_dial_in",
    )
    values = {getattr(row, f, None) for row in rows for f in fields}
    # an argument's name in a message about it is the name typed in the address
    values |= {*BRANDS, "«page»"}
    return sorted((v for v in values if isinstance(v, str) and v), key=len, reverse=True)


def english_words(html: str, known: list[str]) -> set[str]:
    parser = TextOutsideOtherLanguages("es")
    parser.feed(html)
    text = " ".join(parser.chunks)
    for value in known:
        text = text.replace(value, " ")
    return {w for w in WORD.findall(text) if w.lower() in ENGLISH}


def public_pages(demo) -> list[str]:
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    public = next(m for m in meetings if not m.needs_invitation and m.agenda_items)
    closed = next(m for m in meetings if m.needs_invitation)
    year = public.starts_at.year
    return [
        "/",
        "/committees/",
        *(f"/committees/{slug}" for slug in demo),
        f"/committees/task-force/schedule/{year}",
        f"/committees/task-force/report/{year}",
        "/meetings/",
        f"/meetings/{public.id}",
        f"/meetings/{closed.id}",
        "/subscribe",
        "/committees/washact/request-invitation",
        "/committees/task-force/apply",
        "/login",
        "/password-reset",
        "/account/reset/not-a-token",
        "/no-such-page",
        "/meetings/?page=x",
    ]


def test_a_spanish_reader_meets_no_english_outside_text_marked_as_english(client, demo):
    known = staff_text()
    found = {}
    for path in public_pages(demo):
        separator = "&" if "?" in path else "?"
        response = client.get(f"{path}{separator}lang=es")
        assert response.status_code < 500, path
        words = english_words(response.get_data(as_text=True), known)
        if words:
            found[path] = sorted(words)
    assert found == {}


def test_a_member_reads_their_page_in_spanish(client, demo):
    make_user("member@example.org", UserRole.MEMBER, [demo["washact"]])
    client.post("/login?lang=es", data={"email": "member@example.org", "password": PASSWORD})
    page = client.get("/members/me?lang=es").get_data(as_text=True)
    assert english_words(page, staff_text()) == set()
    assert "Mi calendario privado" in page


def test_the_check_finds_an_unmarked_english_string():
    assert english_words('<p lang="en">The agenda</p><p>Reunión</p>', []) == set()
    assert english_words("<p>Reunión of the body</p>", []) == {"of", "the", "body"}


def test_forms_sent_back_with_errors_are_in_spanish_too(client, demo):
    upcoming = select(Meeting).where(Meeting.starts_at > utcnow()).order_by(Meeting.starts_at)
    meeting = next(m for m in db.session.scalars(upcoming) if not m.needs_invitation)
    forms = {
        "/subscriptions": {"email": "not an address"},
        "/committees/washact/request-invitation": {"email": "x@"},
        "/committees/task-force/apply": {"email": ""},
        f"/meetings/{meeting.id}/accommodations": {"contact": ""},
        "/login": {"email": "a@example.org", "password": "wrong"},
        "/password-reset": {"email": ""},
    }
    known = staff_text()
    found = {}
    for path, data in forms.items():
        response = client.post(f"{path}?lang=es", data=data)
        assert 400 <= response.status_code < 500, path
        page = response.get_data(as_text=True)
        assert "usa-error-message" in page or "usa-alert--error" in page, path
        if words := english_words(page, known):
            found[path] = sorted(words)
    assert found == {}
