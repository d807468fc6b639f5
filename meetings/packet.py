"""The meeting packet: one bookmarked PDF of a cover, the agenda and the agenda's PDF documents.

WeasyPrint renders the cover and agenda from `meetings/packet.html`, tagged for accessibility (a
structure tree, the document's language and title); pypdf appends each PDF document after it in
agenda order and writes the bookmarks. Files that are not PDF are listed with their link instead.
The caller decides which documents go in: pass only those the reader may download.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import Fit, NameObject
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from core.languages import DEFAULT, LANGUAGES
from core.urls import public_url
from meetings.models import Document, Meeting, Posting
from meetings.services import document_path

PDF = "application/pdf"
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels; PDF coordinates are points
# The agenda's page count is guessed, then checked: the page numbers it prints could move it.
MAX_LAYOUTS = 4
# The template loads nothing; should a description ever name a file or a host, it stays unread.
NOTHING_FETCHED = URLFetcher(allowed_protocols=["data"])


@dataclass
class PacketEntry:
    """A document's place in the packet: its pages from `first_page` on, or a link."""

    document: Document
    reader: PdfReader | None
    url: str
    first_page: int = 0

    @property
    def pages(self) -> int:
        return len(self.reader.pages) if self.reader else 0


@dataclass
class PacketSection:
    item: Any
    entries: list[PacketEntry] = field(default_factory=list)


def build_packet(
    meeting: Meeting,
    items: Sequence[Any],
    documents: Sequence[Document],
    *,
    language: str = DEFAULT,
    show_place: bool = False,
    posting: Posting | None = None,
    minutes: bytes | None = None,
    comments: Sequence[Any] = (),
) -> bytes:
    """The packet as PDF bytes. `items` in agenda order, each with `.title`, `.description`
    (Markdown), `.position` and `.documents`; `documents` are the meeting's own; `minutes`, the
    approved minutes' PDF, goes last; `comments`, the public comments by agenda item (the
    members' packet only: each with `.item`, `.number`, `.comments`), follow the agenda. Call
    within a request context (or notify's, built on PUBLIC_URL): links to files are absolute."""
    lang = language if language in LANGUAGES and LANGUAGES[language].whole else DEFAULT
    minutes_reader = PdfReader(io.BytesIO(minutes)) if minutes else None
    minutes_pages = len(minutes_reader.pages) if minutes_reader else 0
    sections = [PacketSection(item, [entry(d) for d in item.documents]) for item in items]
    meeting_entries = [entry(d) for d in documents]
    appended = [e for s in sections for e in s.entries if e.reader] + [
        e for e in meeting_entries if e.reader
    ]
    meeting_title, title_lang = meeting.text_and_language("title", lang)
    title = f"{meeting.committee.name}: {meeting_title}"

    with force_locale(LANGUAGES[lang].catalog):
        front_pages = 2  # a cover and one page of agenda, to begin with
        for _attempt in range(MAX_LAYOUTS):
            total = number_pages(appended, front_pages) + minutes_pages
            html = render_template(
                "meetings/packet.html",
                lang=lang,
                title=title,
                meeting=meeting,
                meeting_title=meeting_title,
                title_lang=title_lang,
                show_place=show_place,
                sections=sections,
                meeting_entries=meeting_entries,
                total_pages=total,
                posting=posting,
                minutes_page=total - minutes_pages + 1 if minutes_reader else None,
                comment_groups=comments,
            )
            rendered = HTML(string=html, url_fetcher=NOTHING_FETCHED).render()
            if len(rendered.pages) == front_pages:
                break
            front_pages = len(rendered.pages)
        else:  # the layout would not settle: bookmarks right, a printed page number maybe not
            number_pages(appended, len(rendered.pages))
        writer = PdfWriter(clone_from=io.BytesIO(rendered.write_pdf(pdf_tags=True)))
        for e in appended:
            start = len(writer.pages)
            writer.append(e.reader, import_outline=False)
            for page in writer.pages[start:]:
                untag(page)
        add_bookmarks(writer, rendered, sections, meeting_entries, comments=bool(comments))
        if minutes_reader:
            start = len(writer.pages)
            writer.append(minutes_reader, import_outline=False)
            for page in writer.pages[start:]:
                untag(page)
            writer.add_outline_item(title=_("Minutes"), page_number=start)
    writer.add_metadata({"/Title": title})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def number_pages(appended: list[PacketEntry], front_pages: int) -> int:
    """Give each appended document its first page after the cover and agenda; the total."""
    page = front_pages + 1
    for e in appended:
        e.first_page, page = page, page + e.pages
    return page - 1


def entry(document: Document) -> PacketEntry:
    return PacketEntry(
        document,
        pdf_reader(document),
        public_url("meetings.download", document_id=document.id),
    )


def pdf_reader(document: Document) -> PdfReader | None:
    """The document's pages, or None: not a PDF, missing, encrypted or unreadable is linked."""
    if document.content_type != PDF:
        return None
    try:
        reader = PdfReader(io.BytesIO(document_path(document).read_bytes()))
        if reader.is_encrypted or not reader.pages:
            return None
    except (OSError, PdfReadError):
        return None
    return reader


def untag(page) -> None:
    """An appended document's tags point into its own structure tree, which is not copied;
    left in, they would point into the packet's."""
    page.pop(NameObject("/StructParents"), None)
    for annotation in page.get("/Annots") or []:
        annotation.get_object().pop(NameObject("/StructParent"), None)


def add_bookmarks(
    writer: PdfWriter, rendered, sections, meeting_entries, *, comments: bool = False
) -> None:
    anchors = {
        name: (number, page.height, y)
        for number, page in enumerate(rendered.pages)
        for name, (_x, y, *_rest) in page.anchors.items()
    }

    def at(anchor: str, title: str, parent=None):
        number, height, y = anchors[anchor]
        top = (height - y) * PX_TO_PT
        return writer.add_outline_item(
            title=title, page_number=number, parent=parent, fit=Fit.xyz(left=0, top=top)
        )

    def document_mark(e: PacketEntry, parent) -> None:
        if e.reader:
            writer.add_outline_item(
                title=e.document.title, page_number=e.first_page - 1, parent=parent
            )
        else:
            at(f"document-{e.document.id}", e.document.title, parent)

    at("cover", _("Cover"))
    agenda = at("agenda", _("Agenda"))
    for number, section in enumerate(sections, start=1):
        mark = at(f"item-{number}", section.item.title, agenda)
        for e in section.entries:
            document_mark(e, mark)
    if meeting_entries:
        mark = at("meeting-documents", _("Documents"), agenda)
        for e in meeting_entries:
            document_mark(e, mark)
    if comments:
        at("public-comments", _("Public comments"))
