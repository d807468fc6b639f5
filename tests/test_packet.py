"""The meeting packet: a cover, the agenda with page numbers, then each PDF document in agenda
order, bookmarked and tagged; files that are not PDF are linked, not appended."""

import io
from dataclasses import dataclass, field

import pytest
from flask import current_app
from pypdf import PdfReader

from committees.models import MeetingAccess
from core.protection import PUBLIC
from extensions import db
from meetings.models import Document, DocumentKind, DocumentVisibility
from meetings.packet import build_packet
from tests.fixtures.meetings import add_item, make_document, make_meeting, pacific, pdf_of


@dataclass
class PostedItem:
    """An agenda item as a posted version holds it: its text and the documents attached."""

    title: str
    description: str = ""
    position: int = 0
    documents: list[Document] = field(default_factory=list)


def outline_titles(reader: PdfReader, outline=None, depth: int = 0) -> list[tuple[int, str]]:
    titles = []
    for entry in reader.outline if outline is None else outline:
        if isinstance(entry, list):
            titles += outline_titles(reader, entry, depth + 1)
        else:
            titles.append((depth, entry.title))
    return titles


def flat(reader: PdfReader, outline=None):
    for entry in reader.outline if outline is None else outline:
        if isinstance(entry, list):
            yield from flat(reader, entry)
        else:
            yield entry


def open_packet(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


@pytest.fixture
def meeting(app, bodies):
    meeting = make_meeting(
        bodies["task-force"],
        starts_at=pacific(2026, 3, 3, 10, 0),
        title="March meeting",
        location="Room 101, 1125 Washington St SE, Olympia",
    )
    add_item(meeting, "Call to order")
    add_item(meeting, "Budget report", description="The **second** quarter.")
    add_item(meeting, "Public comment")
    db.session.commit()
    return meeting


@pytest.fixture
def packet_parts(meeting):
    """Three items: a 3-page report and a spreadsheet on the budget, a 2-page letter on public
    comment; the meeting's own 1-page notice, and a members-only briefing."""
    report = make_document(meeting, title="Budget report", data=pdf_of(3))
    sheet = make_document(meeting, title="Budget sheet", data=b"quarter,amount\nQ2,100\n")
    letter = make_document(meeting, title="Letter from a resident", data=pdf_of(2))
    notice = make_document(meeting, title="Meeting notice", data=pdf_of(1))
    briefing = make_document(
        meeting, DocumentVisibility.MEMBERS_ONLY, DocumentKind.REPORT, "Members briefing", pdf_of(4)
    )
    db.session.commit()
    documents = {"report": report, "sheet": sheet, "letter": letter, "notice": notice}
    attached = {1: [report, sheet, briefing], 2: [letter]}
    items = [
        PostedItem(item.title, item.description, item.position, attached.get(item.position, []))
        for item in meeting.agenda_items
    ]
    return items, documents, briefing


def public_packet(meeting, items, meeting_documents, **kwargs) -> bytes:
    """What the public may have: the caller filters, as the view will."""
    allowed = set(meeting.visible_documents(PUBLIC))
    public_items = [
        PostedItem(i.title, i.description, i.position, [d for d in i.documents if d in allowed])
        for i in items
    ]
    documents = [d for d in meeting_documents if d in allowed]
    with meeting_request(meeting):
        return build_packet(meeting, public_items, documents, **kwargs)


def meeting_request(meeting):
    """The context the view (or notify's worker) builds in: links start with PUBLIC_URL."""
    return current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"])


def test_the_public_packet_is_a_cover_the_agenda_and_each_pdf_in_agenda_order(
    meeting, packet_parts
):
    items, documents, _briefing = packet_parts
    reader = open_packet(public_packet(meeting, items, [documents["notice"]], show_place=True))

    # Cover and one agenda page, then the report (3), the letter (2) and the notice (1).
    assert len(reader.pages) == 2 + 3 + 2 + 1
    assert outline_titles(reader) == [
        (0, "Cover"),
        (0, "Agenda"),
        (1, "Call to order"),
        (1, "Budget report"),
        (2, "Budget report"),
        (2, "Budget sheet"),
        (1, "Public comment"),
        (2, "Letter from a resident"),
        (1, "Documents"),
        (2, "Meeting notice"),
    ]
    pages = {entry.title: reader.get_destination_page_number(entry) for entry in flat(reader)}
    assert pages["Cover"] == 0
    assert pages["Agenda"] == 1
    assert pages["Letter from a resident"] == 2 + 3
    assert pages["Meeting notice"] == 2 + 3 + 2


def test_the_cover_names_the_body_the_meeting_its_time_in_pacific_and_the_place(
    meeting, packet_parts
):
    items, _documents, _briefing = packet_parts
    reader = open_packet(public_packet(meeting, items, [], show_place=True))
    cover = reader.pages[0].extract_text()
    assert meeting.committee.name.split()[0] in cover
    assert "March meeting" in cover
    assert "Tuesday, March 3, 2026" in cover and "10:00 a.m. PST" in cover
    assert "Room 101" in cover
    agenda = reader.pages[1].extract_text()
    assert "Page 2 / 7" in agenda
    assert "from page 3" in agenda and "from page 6" in agenda


def test_without_show_place_the_cover_says_by_invitation(app, bodies):
    meeting = make_meeting(
        bodies["task-force"], access=MeetingAccess.INVITATION_ONLY, location="A private room"
    )
    db.session.commit()
    with meeting_request(meeting):
        reader = open_packet(build_packet(meeting, [], []))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "By invitation only" in text
    assert "A private room" not in text


def test_a_file_that_is_not_pdf_is_listed_with_its_link_not_appended(meeting, packet_parts):
    items, documents, _briefing = packet_parts
    sheet = documents["sheet"]
    reader = open_packet(public_packet(meeting, items, []))

    assert len(reader.pages) == 2 + 3 + 2
    url = f"http://127.0.0.1:5000/documents/{sheet.id}/download"
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages[:2]
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    assert url in links
    assert url in reader.pages[1].extract_text().replace("\n", "")


def test_a_members_only_document_the_caller_leaves_out_is_not_in_the_packet(meeting, packet_parts):
    items, _documents, briefing = packet_parts
    reader = open_packet(public_packet(meeting, items, []))
    text = "".join(page.extract_text() for page in reader.pages)
    assert briefing.title not in text
    assert briefing.title not in [title for _depth, title in outline_titles(reader)]

    # A member's packet has it: 4 more pages, bookmarked under its item.
    with meeting_request(meeting):
        member = open_packet(build_packet(meeting, items, []))
    assert len(member.pages) == len(reader.pages) + 4
    assert (2, "Members briefing") in outline_titles(member)


def test_the_packet_is_tagged_with_its_language_title_and_structure(meeting, packet_parts):
    items, documents, _briefing = packet_parts
    reader = open_packet(public_packet(meeting, items, [documents["notice"]]))
    catalog = reader.trailer["/Root"]

    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == f"{meeting.committee.name}: March meeting"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/StructTreeRoot"]["/Type"] == "/StructTreeRoot"
    assert catalog["/PageMode"] == "/UseOutlines"
    # The tree survived the merge whole: its elements point at the cover and agenda pages...
    numbers = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    assert set(tagged_pages(catalog["/StructTreeRoot"]["/K"], numbers)) == {0, 1}
    # ...and the appended pages carry no pointer into a tree they are not part of.
    assert all("/StructParents" not in page for page in reader.pages[2:])


def tagged_pages(element, pages: dict[int, int]):
    """The page numbers the structure elements under `element` are on."""
    element = element.get_object()
    if isinstance(element, list):
        for child in element:
            yield from tagged_pages(child, pages)
    elif isinstance(element, dict):
        if "/Pg" in element:
            yield pages[element.raw_get("/Pg").idnum]
        if element.get("/K") is not None:
            yield from tagged_pages(element["/K"], pages)


def test_a_spanish_packet_says_so(meeting, packet_parts):
    meeting.set_translation("title", "es", "Reunión de marzo")
    db.session.commit()
    reader = open_packet(public_packet(meeting, [], [], language="es"))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert "Reunión de marzo" in reader.pages[0].extract_text()
    assert "marzo de 2026" in reader.pages[0].extract_text()


def test_an_unreadable_pdf_is_linked_instead_of_breaking_the_packet(meeting):
    broken = make_document(meeting, title="Damaged scan", data=b"%PDF-1.4\nnot really\n")
    db.session.commit()
    with meeting_request(meeting):
        reader = open_packet(build_packet(meeting, [PostedItem("Scan", documents=[broken])], []))
    assert len(reader.pages) == 2
    assert f"/documents/{broken.id}/download" in reader.pages[1].extract_text().replace("\n", "")
