"""Search: every kind of record is found by its words (exact phrases and Spanish too), filters
narrow it, the index follows every change, and nobody finds what they may not see. The same
tests run on SQLite (FTS5) and on PostgreSQL (tsvector) alike."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select
from weasyprint import HTML

from comments.models import CommentKind, PublicComment
from committees.models import MeetingAccess
from core.protection import PUBLIC
from core.time import utcnow
from extensions import db
from meetings.minutes import VoteMethod
from meetings.minutes_services import add_motion, approve_minutes, start_minutes
from meetings.models import DocumentVisibility, MeetingKind
from meetings.postings import publish_agenda
from members.models import UserRole
from public_requests.states import RequestStatus
from search.models import RecordKind, SearchEntry
from search.query import Search, find, fts5_query
from tests.fixtures.meetings import add_item, make_document, make_meeting
from tests.fixtures.members import make_user


def pdf_saying(text: str) -> bytes:
    return HTML(string=f"<html lang='en'><body><p>{text}</p></body></html>").write_pdf()


def comment(meeting, text: str, **fields) -> PublicComment:
    record = PublicComment(
        meeting=meeting,
        committee_id=meeting.committee_id,
        kind=CommentKind.WRITTEN,
        text=text,
        email="writer@example.org",
        status=RequestStatus.RECEIVED,
        **fields,
    )
    db.session.add(record)
    return record


def voice_motion(minutes, text: str) -> None:
    add_motion(
        minutes.items[0],
        text=text,
        mover=None,
        seconder=None,
        amends=None,
        method=VoteMethod.VOICE,
        declared_result=None,
    )


@pytest.fixture
def records(bodies):
    """A known phrase in each kind of record, public and not, in two bodies."""
    task_force, washact = bodies["task-force"], bodies["washact"]
    task_force.purpose += " It convenes the harbor lighthouse coalition."
    now = utcnow().replace(microsecond=0)

    held = make_meeting(task_force, now - timedelta(days=3), title="Quarterly orchard review")
    held.set_translation("title", "es", "Revisión trimestral del huerto")
    item = add_item(held, "Compass", description="Discuss the velvet compass initiative.")
    item.set_translation("description", "es", "Debatir la iniciativa de la brújula de terciopelo.")
    make_document(held, title="Survey", data=pdf_saying("The saffron bridge survey found gaps."))
    make_document(
        held,
        DocumentVisibility.MEMBERS_ONLY,
        title="Memo",
        data=pdf_saying("A cobalt whisper memo for members."),
    )
    publish_agenda(held, now - timedelta(days=5), None)
    comment(held, "The amber tractor route matters to our town.")
    comment(held, "A pewter falcon note.", withheld_at=now, withheld_reason="Personal data")
    minutes = start_minutes(held)
    voice_motion(minutes, "To fund the granite kettle program.")
    approve_minutes(minutes, held, None)

    earlier = make_meeting(task_force, now - timedelta(days=40), title="Winter session")
    add_item(earlier, "Canal")
    publish_agenda(earlier, now - timedelta(days=45), None)
    draft = start_minutes(earlier)
    voice_motion(draft, "To adopt the topaz canal plan.")

    upcoming = make_meeting(task_force, now + timedelta(days=5), title="Spring session")
    comment(upcoming, "A juniper lantern remark.")

    make_meeting(
        washact,
        now + timedelta(days=8),
        access=MeetingAccess.INVITATION_ONLY,
        kind=MeetingKind.SPECIAL_MEETING,
        title="Special session",
        business="To weigh the indigo harbor referral.",
    )
    closed = make_meeting(washact, now + timedelta(days=7), access=MeetingAccess.INVITATION_ONLY)
    add_item(closed, "Ledger", description="The crimson ledger audit.")
    publish_agenda(closed, now - timedelta(days=1), None)
    db.session.commit()
    return {"held": held, "upcoming": upcoming, "closed": closed}


def kinds_found(words: str, viewer=PUBLIC, language: str = "en", **filters) -> list[RecordKind]:
    return [r.kind for r in find(Search(words, **filters), viewer, language).results]


PUBLIC_PHRASES = {
    "harbor lighthouse": RecordKind.BODY,
    "orchard review": RecordKind.MEETING,
    "velvet compass": RecordKind.AGENDA_ITEM,
    "granite kettle": RecordKind.MINUTES,
    "amber tractor": RecordKind.COMMENT,
    "saffron bridge": RecordKind.DOCUMENT,
}
HIDDEN_PHRASES = {
    "cobalt whisper": "a members-only document",
    "crimson ledger": "the agenda of an invitation-only meeting",
    "indigo harbor": "the business of an invitation-only special meeting",
    "juniper lantern": "a comment before its meeting begins",
    "pewter falcon": "a withheld comment",
    "topaz canal": "draft minutes",
}


@pytest.mark.parametrize("words,kind", PUBLIC_PHRASES.items())
def test_the_public_finds_each_kind_of_public_record_by_its_words(records, words, kind):
    # Minutes are also found by their meeting's title: a search for a meeting finds them too.
    also = {RecordKind.MINUTES} if kind is RecordKind.MEETING else set()
    assert set(kinds_found(words)) == {kind} | also
    assert kinds_found(words, kind=kind) == [kind]
    assert set(kinds_found(f'"{words}"')) == {kind} | also  # the exact phrase


def test_an_exact_phrase_needs_its_words_in_order(records):
    assert kinds_found('"compass velvet"') == []
    assert kinds_found("compass velvet") == [RecordKind.AGENDA_ITEM]


def test_or_and_minus_work_as_on_the_web(records):
    assert set(kinds_found("saffron or amber")) == {RecordKind.DOCUMENT, RecordKind.COMMENT}
    assert kinds_found("saffron -bridge") == []


def test_spanish_words_find_the_spanish_text_and_show_it(records):
    results = find(Search("brújula terciopelo"), PUBLIC, "es").results
    assert [r.kind for r in results] == [RecordKind.AGENDA_ITEM]
    assert results[0].language == "es"
    assert "<mark>" in results[0].snippet and "terciopelo" in results[0].snippet
    meeting = find(Search("huerto"), PUBLIC, "es").results
    assert [(r.kind, r.title) for r in meeting] == [
        (RecordKind.MEETING, "Revisión trimestral del huerto")
    ]
    # A reader of English finding the Spanish words is shown them as they are, marked Spanish.
    assert find(Search("huerto"), PUBLIC, "en").results[0].language == "es"


@pytest.mark.parametrize("words", HIDDEN_PHRASES)
def test_the_public_finds_nothing_it_may_not_see(records, client, words):
    assert kinds_found(words) == []
    page = client.get("/search", query_string={"q": words})
    assert page.status_code == 200
    assert "Nothing matches your search" in page.text


def test_members_find_their_bodys_records_and_no_other_bodys(records, bodies):
    member = make_user("member@example.org", UserRole.MEMBER, [bodies["task-force"]])
    assert kinds_found("cobalt whisper", member) == [RecordKind.DOCUMENT]
    assert kinds_found("juniper lantern", member) == [RecordKind.COMMENT]
    assert kinds_found("topaz canal", member) == [RecordKind.MINUTES]
    assert kinds_found("crimson ledger", member) == []


def test_staff_of_one_body_are_outsiders_to_every_other(records, bodies):
    washact_staff = make_user("staff-a@example.org", UserRole.STAFF, [bodies["washact"]])
    task_force_staff = make_user("staff-b@example.org", UserRole.STAFF, [bodies["task-force"]])
    admin = make_user("admin@example.org", UserRole.ADMIN)
    assert kinds_found("crimson ledger", washact_staff) == [RecordKind.AGENDA_ITEM]
    assert kinds_found("indigo harbor", washact_staff) == [RecordKind.AGENDA_ITEM]
    for words in ["cobalt whisper", "pewter falcon", "topaz canal", "juniper lantern"]:
        assert kinds_found(words, washact_staff) == [], words
        assert kinds_found(words, task_force_staff) != [], words
    assert kinds_found("crimson ledger", task_force_staff) == []
    assert kinds_found("indigo harbor", task_force_staff) == []
    assert kinds_found("special session", task_force_staff) == [RecordKind.MEETING]
    assert all(kinds_found(words, admin) for words in HIDDEN_PHRASES)


def test_a_comment_is_found_by_everyone_once_its_meeting_begins(records):
    assert kinds_found("juniper lantern") == []
    with time_machine.travel(records["upcoming"].starts_at + timedelta(minutes=1)):
        assert kinds_found("juniper lantern") == [RecordKind.COMMENT]


def test_the_index_follows_each_change(records, bodies):
    held, closed = records["held"], records["closed"]
    memo = next(d for d in held.documents if d.title == "Memo")
    memo.visibility = DocumentVisibility.PUBLIC
    db.session.commit()
    assert kinds_found("cobalt whisper") == [RecordKind.DOCUMENT]

    db.session.delete(memo)
    db.session.commit()
    assert kinds_found("cobalt whisper", make_user("a@example.org", UserRole.ADMIN)) == []

    # Closing a meeting hides its agenda, documents and comments from the public at once.
    held.access = MeetingAccess.INVITATION_ONLY
    db.session.commit()
    for words in ["velvet compass", "saffron bridge", "amber tractor", "granite kettle"]:
        assert kinds_found(words) == [], words
    # That it takes place stays public.
    assert kinds_found("orchard", kind=RecordKind.MEETING) == [RecordKind.MEETING]

    closed.title = "Zephyr planning"
    db.session.commit()
    assert kinds_found("zephyr") == [RecordKind.MEETING]

    bodies["washact"].purpose = "Now about the quartz meadow."
    db.session.commit()
    assert kinds_found("quartz meadow") == [RecordKind.BODY]


def test_a_rolled_back_change_leaves_the_index_as_it_was(records):
    records["held"].title = "Obsidian gathering"
    db.session.flush()
    db.session.rollback()
    assert kinds_found("obsidian") == []
    assert kinds_found("orchard", kind=RecordKind.MEETING) == [RecordKind.MEETING]


def test_filters_by_kind_body_and_date(records, bodies):
    assert kinds_found("velvet compass", kind=RecordKind.DOCUMENT) == []
    assert kinds_found("saffron", kind=RecordKind.DOCUMENT) == [RecordKind.DOCUMENT]
    assert kinds_found("saffron", body=bodies["washact"]) == []
    assert kinds_found("saffron", body=bodies["task-force"]) == [RecordKind.DOCUMENT]
    day = records["held"].local_start.date()
    assert kinds_found("saffron", start=day, end=day) == [RecordKind.DOCUMENT]
    assert kinds_found("saffron", start=day + timedelta(days=1)) == []
    assert kinds_found("saffron", end=day - timedelta(days=1)) == []
    assert kinds_found("harbor lighthouse", start=day) == []  # a body has no date


def test_counts_by_kind_and_body(records, bodies):
    results = find(Search("saffron or amber or orchard or lighthouse"), PUBLIC, "en")
    assert results.found == 5
    assert dict(results.kinds) == {
        RecordKind.BODY: 1,
        RecordKind.MEETING: 1,
        RecordKind.MINUTES: 1,
        RecordKind.COMMENT: 1,
        RecordKind.DOCUMENT: 1,
    }
    assert results.bodies == [(bodies["task-force"], 5)]


def test_results_come_a_page_at_a_time(bodies):
    for n in range(23):
        make_meeting(bodies["task-force"], utcnow() + timedelta(days=n + 1), title=f"Basalt {n}")
    db.session.commit()
    first = find(Search("basalt"), PUBLIC, "en")
    second = find(Search("basalt", page=2), PUBLIC, "en")
    assert (first.found, len(first.results), len(second.results)) == (23, 20, 3)
    assert {r.record.id for r in first.results}.isdisjoint({r.record.id for r in second.results})


def test_a_document_says_what_its_pdf_says(records):
    survey = next(d for d in records["held"].documents if d.title == "Survey")
    assert "saffron bridge survey" in survey.text


def test_the_search_page_links_each_result_to_a_page_the_reader_may_open(records, client):
    for words, kind in PUBLIC_PHRASES.items():
        page = client.get("/search", query_string={"q": words, "kind": kind.value})
        assert page.status_code == 200
        assert "1 result" in page.text
        link = page.text.split('search-results"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
        assert client.get(link.replace("&amp;", "&")).status_code == 200, words


def test_every_page_has_the_search_box(client, bodies):
    for path in ["/", "/committees/", "/meetings/", "/committees/washact", "/no-such-page"]:
        assert 'id="site-search"' in client.get(path).text, path


@pytest.mark.parametrize(
    "query,status,message",
    [
        ({"q": "orchard", "start": "2027-03-01", "end": "2027-01-01"}, 422, "on or after"),
        ({"q": "orchard", "body": "nobody"}, 422, "There is no body with that name"),
        ({"q": "x" * 201}, 422, "200"),
        ({"q": "orchard", "kind": "spaceship"}, 422, "Not a valid choice"),
        ({"q": "orchard", "start": "2027-02-30"}, 422, "Not a valid date"),
        ({"q": "orchard", "start": "0001-01-01"}, 422, "from 1900 to 2100"),
        ({"q": "orchard", "page": "0"}, 400, "whole number"),
        ({"q": "orchard", "page": "9" * 30}, 400, "whole number"),
    ],
)
def test_bad_input_gets_a_clear_message(records, client, query, status, message):
    page = client.get("/search", query_string=query)
    assert page.status_code == status
    assert message in page.text
    assert "search-results" not in page.text


@pytest.mark.parametrize("words", ['"', "NEAR(a b)", "*", "-", "OR", "a:b", "'; DROP", "é" * 200])
def test_no_words_break_the_search(records, client, words):
    assert client.get("/search", query_string={"q": words}).status_code == 200


def test_the_readers_words_become_an_fts5_query_with_no_syntax_of_its_own():
    assert fts5_query("velvet compass") == '("velvet") AND ("compass")'
    assert fts5_query('"velvet compass" -memo') == '(("velvet compass")) NOT ("memo")'
    assert fts5_query("saffron or amber") == '("saffron" OR "amber")'
    assert fts5_query('NEAR(a* "b') == '("NEAR a") AND ("b")'
    assert fts5_query("or -x") is None
    assert fts5_query("!!! *") is None


def test_rebuilding_writes_the_same_index(records, runner):
    def index() -> list[tuple]:
        entries = select(SearchEntry.kind, SearchEntry.record_id, SearchEntry.title)
        rows = db.session.execute(entries)
        return sorted((kind.value, id, title) for kind, id, title in rows)

    before = index()
    result = runner.invoke(args=["search", "rebuild"])
    assert "Indexed" in result.output
    assert index() == before
    assert kinds_found("saffron bridge") == [RecordKind.DOCUMENT]


def test_special_meeting_business_is_found(bodies):
    make_meeting(
        bodies["task-force"],
        kind=MeetingKind.SPECIAL_MEETING,
        title="Special meeting",
        business="To consider the marble harbor lease.",
    )
    db.session.commit()
    assert kinds_found('"marble harbor lease"') == [RecordKind.MEETING]


def test_a_spanish_reader_writes_or_in_spanish(records):
    assert set(kinds_found("saffron o amber", language="es")) == {
        RecordKind.DOCUMENT,
        RecordKind.COMMENT,
    }
    assert kinds_found("saffron o amber") == []  # in English, "o" is just a word to find


def test_a_word_in_thousands_of_records_ranks_the_newest_and_says_so(bodies, client, monkeypatch):
    monkeypatch.setattr("search.query.MAX_CANDIDATES", 5)
    for n in range(8):
        make_meeting(bodies["task-force"], utcnow() + timedelta(days=n + 1), title=f"Flint {n}")
    db.session.commit()
    results = find(Search("flint"), PUBLIC, "en")
    assert (results.found, results.more) == (5, True)
    assert {r.title for r in results.results} == {f"Flint {n}" for n in range(3, 8)}
    assert find(Search("flint 2"), PUBLIC, "en").more is False
    page = client.get("/search?q=flint")
    assert "match 5 records or more" in page.text


def test_control_characters_in_a_record_never_reach_the_snippet(bodies):
    meeting = make_meeting(bodies["task-force"], utcnow() - timedelta(days=2), title="Held")
    comment(meeting, "Marks \x02 of \x03 a snippet: the walnut harbor.")
    db.session.commit()
    (result,) = find(Search("walnut"), PUBLIC, "en").results
    assert result.snippet.count("<mark>") == result.snippet.count("</mark>") == 1
    assert "\x02" not in result.snippet and "\x03" not in result.snippet


def test_a_body_page_searches_that_bodys_records(records, client):
    page = client.get("/committees/task-force").text
    assert 'name="body" value="task-force"' in page and 'id="body-search"' in page
    found = client.get("/search", query_string={"q": "saffron", "body": "task-force"})
    assert "1 result" in found.text and "Only the records of" in found.text
    assert "Nothing matches" in client.get("/search?q=saffron&body=washact").text
