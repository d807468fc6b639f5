"""One ZIP of a body's record for a calendar year: every posted agenda version and notice with its
canonical JSON and fingerprint, the members' packet of each meeting, its documents (minutes among
them) and attendance, and a manifest listing each file with its SHA-256 and the records-schedule
item it falls under. Built in memory from the database and the upload folder; changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import extract, select
from sqlalchemy.orm import selectinload

from api import serializers
from api.views import meeting_links
from comments.models import PublicComment
from comments.services import confirmed_comments, group_by_item
from committees.models import Committee
from core.protection import PUBLIC
from core.spreadsheets import SafeWriter
from core.time import PACIFIC, utc_iso
from extensions import db
from meetings.minutes import Minutes
from meetings.minutes_pdf import minutes_document, render_minutes_pdf
from meetings.minutes_services import minutes_of, motion_numbers
from meetings.models import Meeting, Posting
from meetings.record_views import appended_minutes, packet_pdf
from meetings.services import document_path, upload_folder
from records.retention import RETENTION_YEARS, SCHEDULE_ITEM, transfer_from


@dataclass
class Archive:
    """The ZIP being written, and the manifest of what went in."""

    root: str
    buffer: io.BytesIO = field(default_factory=io.BytesIO)
    files: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)

    def add(self, path: str, data: bytes, record: str) -> None:
        self.zip.writestr(f"{self.root}/{path}", data)
        self.files.append(
            {
                "path": path,
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
                "record": record,
                "schedule_item": SCHEDULE_ITEM,
            }
        )

    def close(self, manifest: dict[str, Any]) -> bytes:
        manifest["files"] = self.files
        body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        self.zip.writestr(f"{self.root}/manifest.json", body)
        self.zip.close()
        return self.buffer.getvalue()


def meetings_of(committee: Committee, year: int) -> list[Meeting]:
    """The body's meetings held (or set) in that year, Pacific time: a little wider in UTC, then
    exact in Pacific."""
    candidates = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            extract("year", Meeting.starts_at).between(year, year + 1),
        )
        .options(
            selectinload(Meeting.postings),
            selectinload(Meeting.documents),
            selectinload(Meeting.attendance),
        )
        .order_by(Meeting.starts_at)
    )
    return [m for m in candidates if m.local_start.year == year]


def export(committee: Committee, year: int, now: datetime) -> bytes:
    """The year's record as ZIP bytes. Call within a request context: the packets link to files."""
    archive = Archive(root=f"{committee.slug}-{year}")
    chain: list[dict[str, Any]] = []
    for meeting in meetings_of(committee, year):
        folder = f"meetings/{meeting.local_start:%Y-%m-%d}-{meeting.id}"
        for posting in meeting.postings:
            add_posting(archive, folder, posting)
            chain.append(chain_entry(posting))
        comments = confirmed_comments(meeting)
        if meeting.posted_agenda is not None:
            # The staff's packet: every document the agenda carries, members-only ones too.
            files = {d.id: d for d in meeting.documents if d.in_packet}
            pdf = packet_pdf(
                meeting,
                meeting.posted_agenda,
                files,
                "en",
                minutes=appended_minutes(meeting, "en"),
                comments=group_by_item(meeting, comments),
            )
            archive.add(f"{folder}/packet.pdf", pdf, "agenda packet")
        for document in meeting.documents:
            path = document_path(document)
            if path.is_file():
                what = "minutes" if document.kind.value == "minutes" else "meeting document"
                name = f"{folder}/documents/{document.id}-{document.filename}"
                archive.add(name, path.read_bytes(), what)
        if meeting.attendance:
            archive.add(f"{folder}/attendance.csv", attendance_csv(meeting), "attendance")
        minutes = minutes_of(meeting)
        if minutes is not None and minutes.is_approved:
            add_minutes(archive, folder, minutes)
        if comments:
            archive.add(f"{folder}/comments.json", comments_json(comments), "public comments")
            for comment in comments:
                path = upload_folder() / (comment.attachment_stored_name or "")
                if comment.attachment_stored_name and path.is_file():
                    name = f"{folder}/comments/{comment.id}-{comment.attachment_name}"
                    archive.add(name, path.read_bytes(), "public comment: attachment")
    archive.add("postings.json", json.dumps(chain, indent=2).encode(), "chain of postings")
    return archive.close(
        {
            "body": committee.name,
            "slug": committee.slug,
            "year": year,
            "exported_at": utc_iso(now),
            "schedule": {
                "item": SCHEDULE_ITEM,
                "title": "Governing and policy-setting bodies: agendas, packets, minutes",
                "retention": f"{RETENTION_YEARS} years after the end of the calendar year, "
                "then transfer to the Washington State Archives",
                "transfer_from": transfer_from(year).isoformat(),
            },
        }
    )


def add_posting(archive: Archive, folder: str, posting: Posting) -> None:
    name = f"{folder}/{posting.kind.value}-v{posting.version}"
    record = "posted agenda" if posting.kind.value == "agenda" else "special meeting notice"
    archive.add(f"{name}.json", posting.canonical(), record)
    archive.add(f"{name}.sha256", f"{posting.fingerprint}\n".encode(), f"{record}: fingerprint")


def chain_entry(posting: Posting) -> dict[str, Any]:
    return {
        "sequence": posting.sequence,
        "meeting": posting.meeting_id,
        "kind": posting.kind.value,
        "version": posting.version,
        "posted_at": utc_iso(posting.posted_at),
        "previous": posting.previous_fingerprint,
        "fingerprint": posting.fingerprint,
    }


def add_minutes(archive: Archive, folder: str, minutes: Minutes) -> None:
    """Approved minutes as the public reads them: the API's record, the PDF, and the votes."""
    numbers = motion_numbers(minutes)
    record = serializers.minutes_record(minutes, meeting_links(), numbers)
    body = json.dumps(record, indent=2, ensure_ascii=False).encode()
    archive.add(f"{folder}/minutes.json", body, "minutes")
    pdf = render_minutes_pdf(minutes_document(minutes, PUBLIC, "en"))
    archive.add(f"{folder}/minutes.pdf", pdf, "minutes")
    archive.add(f"{folder}/votes.csv", votes_csv(minutes, numbers), "minutes: roll-call votes")


def votes_csv(minutes: Minutes, numbers: dict[int, str]) -> bytes:
    """One row per roll-call vote; a survivor seat holder without consent by the seat alone."""
    out = io.StringIO()
    writer = SafeWriter(out)  # motion text is typed by staff: no cell runs as a formula
    writer.writerow(["motion", "motion_text", "voter", "seat", "choice"])
    for motion in minutes.motions():
        for vote in motion.votes:
            writer.writerow(
                [
                    numbers[motion.id],
                    motion.text,
                    vote.voter_label(PUBLIC),
                    vote.appointment.seat_type.label,
                    vote.choice.value,
                ]
            )
    return out.getvalue().encode()


def comments_json(comments: list[PublicComment]) -> bytes:
    """Every confirmed comment, withheld ones flagged with why: names only where their writers
    allowed publishing them, and never an e-mail address."""
    records = [
        {
            "id": c.id,
            "kind": c.kind.value,
            "agenda_item": c.agenda_item_id,
            "text": c.text,
            "name": c.public_name,
            "anonymous": c.public_name is None,
            "oral_mode": c.oral_mode.value if c.oral_mode else None,
            "remote_for_disability": c.remote_for_disability,
            "attachment": c.attachment_name or None,
            "received_at": utc_iso(c.confirmed_at or c.created_at),
            "distributed_at": utc_iso(c.distributed_at) if c.distributed_at else None,
            "public_record": not c.is_withheld,
            "withheld": c.is_withheld,
            "withheld_reason": c.withheld_reason or None,
            "withheld_at": utc_iso(c.withheld_at) if c.withheld_at else None,
        }
        for c in comments
    ]
    return json.dumps(records, indent=2, ensure_ascii=False).encode()


def attendance_csv(meeting: Meeting) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "seat", "status"])
    for record in meeting.attendance:
        appointment = record.appointment
        if appointment is None:
            writer.writerow([record.guest_name, "guest", record.status.value])
        else:
            writer.writerow(
                [appointment.person.name, appointment.seat_type.label, record.status.value]
            )
    return out.getvalue().encode()


def years_of(committee: Committee) -> list[int]:
    """The years the body has meetings in, newest first."""
    starts = db.session.scalars(
        select(Meeting.starts_at).where(Meeting.committee_id == committee.id)
    )
    return sorted({s.astimezone(PACIFIC).year for s in starts}, reverse=True)
