"""The posted record on the web: each agenda version as a page and as its canonical JSON, each
special meeting notice's JSON, and the meeting's packet PDF."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, send_file
from werkzeug.exceptions import NotFound

from comments.services import CommentGroup, packet_comments
from comments.services import fingerprint as comments_fingerprint
from core.caching import NO_STORE, PUBLIC_CACHE
from core.languages import current
from core.protection import PUBLIC, authorize, current_viewer
from meetings.minutes_pdf import minutes_document, render_minutes_pdf
from meetings.minutes_services import minutes_of
from meetings.models import Document, Meeting, Posting, PostingKind
from meetings.packet import build_packet
from meetings.postings import draft_differs
from meetings.services import meeting_with_everything, upload_folder

bp = Blueprint("postings", __name__)
bp.add_app_template_global(draft_differs)


def posting_of(meeting_id: int, kind: PostingKind, version: int) -> Posting:
    """The version, once its meeting's details are the viewer's to see; else 403 or 404."""
    meeting = authorize(meeting_with_everything(meeting_id), "view_details")
    posting = next((p for p in meeting.postings if p.kind is kind and p.version == version), None)
    if posting is None:
        raise NotFound(f"This meeting has no {kind.value} version {version}.")
    return posting


def cache_for(meeting: Meeting) -> dict[str, str]:
    """Caching headers for a meeting's record: public unless the meeting is by invitation only.
    A signed-in reader's copy (members-only documents, her name) is never kept: core.caching
    says so for every response, and `Vary: Cookie` keeps a shared cache's anonymous copy from
    being served to her."""
    if meeting.needs_invitation:
        return {"Cache-Control": NO_STORE}
    return {"Cache-Control": PUBLIC_CACHE, "Vary": "Cookie"}


@bp.get("/meetings/<int:meeting_id>/agenda/<int:version>")
def agenda_version(meeting_id: int, version: int):
    posting = posting_of(meeting_id, PostingKind.AGENDA, version)
    page = render_template(
        "meetings/agenda_version.html",
        meeting=posting.meeting,
        posting=posting,
        documents=posting.meeting.downloadable(current_viewer()),
    )
    return page, 200, cache_for(posting.meeting)


@bp.get("/meetings/<int:meeting_id>/agenda/<int:version>.json")
def agenda_json(meeting_id: int, version: int):
    return canonical_response(posting_of(meeting_id, PostingKind.AGENDA, version))


@bp.get("/meetings/<int:meeting_id>/notice/<int:version>.json")
def notice_json(meeting_id: int, version: int):
    return canonical_response(posting_of(meeting_id, PostingKind.NOTICE, version))


def canonical_response(posting: Posting) -> Response:
    """The exact bytes the fingerprint is the SHA-256 of."""
    response = Response(posting.canonical(), mimetype="application/json")
    response.headers.update(cache_for(posting.meeting))
    response.headers["Digest"] = f"sha-256={posting.fingerprint}"
    return response


# -- the packet --------------------------------------------------------------------------------


@bp.get("/meetings/<int:meeting_id>/packet.pdf")
def packet(meeting_id: int):
    meeting = authorize(meeting_with_everything(meeting_id), "view_details")
    posting = meeting.posted_agenda
    if posting is None:
        abort(404, description="No agenda has been posted for this meeting yet.")
    viewer, language = current_viewer(), current()
    files = {i: d for i, d in meeting.downloadable(viewer).items() if d.in_packet}
    # The members' packet carries the public comments, withheld ones too.
    comments = packet_comments(meeting, viewer)
    minutes = appended_minutes(meeting, language)
    path = packet_path(
        posting,
        files,
        language,
        minutes=minutes,
        comments=comments_fingerprint([c for g in comments for c in g.comments])
        if comments
        else None,
    )
    if not path.is_file():
        pdf = packet_pdf(meeting, posting, files, language, minutes=minutes, comments=comments)
        write_atomically(path, pdf)
    response = send_file(
        path,
        mimetype="application/pdf",
        download_name=f"packet-{meeting.id}-v{posting.version}.pdf",
        max_age=0,
    )
    response.headers.update(cache_for(meeting))
    return response


def packet_path(
    posting: Posting,
    files: dict[int, Document],
    language: str,
    *,
    minutes: str | None = None,
    comments: str | None = None,
) -> Path:
    """One file per posted version, set of documents, language and approved minutes: a new
    version or a changed document makes a new key, so a packet is built once and never goes
    stale."""
    parts = [
        posting.fingerprint,
        language,
        *(f"{d.id}:{d.sha256}:{d.title}" for d in files.values()),
        *([hashlib.sha256(minutes.encode()).hexdigest()] if minutes else []),
        *([f"comments:{comments}"] if comments else []),
    ]
    key = hashlib.sha256("|".join(parts).encode()).hexdigest()
    # Built packets sit beside the uploads (a folder every app machine mounts), never in git.
    return upload_folder() / "packets" / f"{key}.pdf"


def packet_pdf(
    meeting: Meeting,
    posting: Posting,
    files: dict[int, Document],
    language: str,
    *,
    minutes: str | None = None,
    comments: list[CommentGroup] | None = None,
):
    """The packet as built: the posted version's items with this reader's files, then the
    approved minutes (`appended_minutes`) and the members' comments, if any."""
    items = [
        PacketItem(
            item.text_and_language("title", language)[0],
            item.text_and_language("description", language)[0],
            [files[i] for i in item.document_ids if i in files],
        )
        for item in posting.items()
    ]
    wide = [files[d["id"]] for d in posting.meeting_documents() if d["id"] in files]
    return build_packet(
        meeting,
        items,
        wide,
        language=language,
        show_place=True,
        posting=posting,
        minutes=render_minutes_pdf(minutes) if minutes else None,
        comments=comments or (),
    )


def appended_minutes(meeting: Meeting, language: str) -> str | None:
    """The approved minutes as the public reads them, for the packet's last pages; None until
    they are approved."""
    if meeting.minutes is None or not meeting.minutes.is_approved:
        return None
    return minutes_document(minutes_of(meeting), PUBLIC, language)


class PacketItem:
    """An item of the posted version, with the documents this reader's packet carries."""

    def __init__(self, title: str, description: str, documents: list[Document]) -> None:
        self.title = title
        self.description = description
        self.documents = documents


def write_atomically(path: Path, data: bytes) -> None:
    """Two processes building the same packet each write their own file, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(path)
