"""Meeting workflows that touch several records: planning a year, attendance, documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import holidays as holiday_calendars
from flask import abort, current_app, send_file
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from committees.models import Committee, MeetingAccess
from core.time import PACIFIC, utcnow
from extensions import db
from meetings.minutes import ExecutiveSession
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Document,
    DocumentKind,
    DocumentVisibility,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from meetings.planning import ProposedMeeting, cadence_progress, propose_year
from meetings.uploads import extract_text, store

# Every form and plan gives a meeting one date, so one that has not ended began less than this
# long ago (a day, and the hour autumn gives back, with room to spare).
LONGEST_MEETING = timedelta(days=2)

DEFAULT_HOURS = {
    MeetingKind.MEMBER_MEETING: (time(10, 0), time(12, 0)),
    MeetingKind.PUBLIC_SESSION: (time(12, 0), time(13, 0)),
    MeetingKind.SPECIAL_MEETING: (time(10, 0), time(11, 0)),
}


def washington_holidays(year: int) -> set[date]:
    return set(holiday_calendars.US(subdiv="WA", years=year).keys())


def proposed_meetings(committee: Committee, year: int) -> list[ProposedMeeting]:
    """What the cadence still asks for in a year, given the meetings already scheduled or held."""
    scheduled = [
        ProposedMeeting(m.kind, m.local_start.date())
        for m in meetings_of_year(committee, year)
        if m.status is not MeetingStatus.CANCELLED
    ]
    return propose_year(
        year,
        committee.meeting_cadence,
        committee.public_session_cadence,
        washington_holidays(year),
        scheduled,
    )


def default_title(committee: Committee, kind: MeetingKind, day: date) -> str:
    quarter = (day.month - 1) // 3 + 1
    if kind is MeetingKind.PUBLIC_SESSION:
        return f"{committee.short_name} public information session, Q{quarter} {day.year}"
    return f"{committee.short_name} meeting, {day:%B} {day.year}"


def access_for(committee: Committee, kind: MeetingKind) -> MeetingAccess:
    if kind is MeetingKind.PUBLIC_SESSION:
        return MeetingAccess.PUBLIC
    return committee.member_meeting_access


def schedule_meeting(
    committee: Committee, kind: MeetingKind, title: str, day: date, start: time, end: time
) -> Meeting:
    meeting = Meeting(
        committee=committee,
        kind=kind,
        title=title,
        starts_at=datetime.combine(day, start, tzinfo=PACIFIC),
        ends_at=datetime.combine(day, end, tzinfo=PACIFIC),
        access=access_for(committee, kind),
        notice_posted_at=utcnow(),
    )
    db.session.add(meeting)
    return meeting


def year_progress(committee: Committee, year: int, now: datetime):
    """Regular meetings held and still scheduled this year against what the cadence asks."""
    meetings = [
        m for m in meetings_of_year(committee, year) if m.kind is MeetingKind.MEMBER_MEETING
    ]
    held = sum(1 for m in meetings if m.status is MeetingStatus.HELD or m.is_over(now))
    scheduled = sum(
        1 for m in meetings if m.status is MeetingStatus.SCHEDULED and not m.is_over(now)
    )
    return cadence_progress(committee.meeting_cadence, held, scheduled), meetings


def meetings_needing_attention(committee_ids: list[int], now: datetime) -> list[Meeting]:
    """Upcoming meetings, and those of the past year that may still lack minutes."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.committee_id.in_(committee_ids),
                Meeting.starts_at >= now - timedelta(days=366),
            )
            .options(
                selectinload(Meeting.committee),
                selectinload(Meeting.postings),
                selectinload(Meeting.agenda_items),
                selectinload(Meeting.documents),
                selectinload(Meeting.minutes),
            )
        )
    )


def upcoming_meetings_of(committee_ids: list[int], now: datetime, limit: int = 10) -> list[Meeting]:
    """Meetings still to come of these bodies, leaving out the called-off ones."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.committee_id.in_(committee_ids),
                Meeting.ends_at > now,
                Meeting.status != MeetingStatus.CANCELLED,
            )
            .order_by(Meeting.starts_at)
            .limit(limit)
            .options(selectinload(Meeting.committee), selectinload(Meeting.documents))
        )
    )


def past_meetings_of(committee_ids: list[int], now: datetime, limit: int = 10) -> list[Meeting]:
    """The latest meetings these bodies held, with their documents (minutes among them)."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.committee_id.in_(committee_ids),
                Meeting.ends_at <= now,
                Meeting.status.in_([MeetingStatus.HELD, MeetingStatus.SCHEDULED]),
            )
            .order_by(Meeting.starts_at.desc())
            .limit(limit)
            .options(selectinload(Meeting.committee), selectinload(Meeting.documents))
        )
    )


def meetings_of_year(committee: Committee, year: int) -> list[Meeting]:
    """The body's meetings that start in a year (Pacific time), with their attendance."""
    start = datetime(year, 1, 1, tzinfo=PACIFIC)
    end = datetime(year + 1, 1, 1, tzinfo=PACIFIC)
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.committee_id == committee.id,
                Meeting.starts_at >= start,
                Meeting.starts_at < end,
            )
            .order_by(Meeting.starts_at)
            .options(selectinload(Meeting.attendance), selectinload(Meeting.committee))
        )
    )


def recorded_meetings(committee: Committee) -> list[Meeting]:
    """The body's meetings with attendance, for the absence rule."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.committee_id == committee.id, Meeting.attendance.any())
            .options(selectinload(Meeting.attendance))
        )
    )


def scheduled_meetings(committee_id: int, now: datetime, *conditions, limit: int | None = None):
    """A body's meetings still to come and not called off, soonest first; narrowed by conditions."""
    query = (
        select(Meeting)
        .where(
            Meeting.committee_id == committee_id,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.ends_at > now,
            *conditions,
        )
        .order_by(Meeting.starts_at)
        .limit(limit)
        .options(selectinload(Meeting.committee))
    )
    return list(db.session.scalars(query))


def next_meetings(committee_ids: list[int], now: datetime) -> dict[int, Meeting]:
    """Each body's next meeting still to come and not called off, in one query however many
    bodies there are: for each body, the first of its meetings on the (body, start) index, so
    the work follows the bodies asked about, not how many meetings lie ahead of them all."""
    soonest = (
        select(Meeting.id)
        .where(
            Meeting.committee_id == Committee.id,
            Meeting.status == MeetingStatus.SCHEDULED,
            # Said so the index reads from a day or two ago, not through ten years past.
            Meeting.starts_at > now - LONGEST_MEETING,
            Meeting.ends_at > now,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
        .correlate(Committee)
        .scalar_subquery()
    )
    first = select(Meeting).where(
        Meeting.id.in_(select(soonest).where(Committee.id.in_(committee_ids)))
    )
    return {m.committee_id: m for m in db.session.scalars(first)}


def upload_folder() -> Path:
    configured = current_app.config.get("UPLOAD_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def add_document(
    meeting: Meeting,
    upload,
    title: str,
    kind: DocumentKind,
    visibility: DocumentVisibility,
    user_id: int | None,
    *,
    item: AgendaItem | None = None,
    in_packet: bool = True,
) -> Document:
    """Check and store an uploaded file, for one agenda item or (None) the whole meeting.
    Raises RejectedUpload with a message for the uploader."""
    stored = store(upload.stream, upload_folder(), upload.filename or "")
    document = Document(
        meeting=meeting,
        title=title,
        kind=kind,
        visibility=visibility,
        filename=stored.filename,
        stored_name=stored.name,
        content_type=stored.kind.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by_id=user_id,
        agenda_item_id=item.id if item is not None else None,
        in_packet=in_packet,
        text=extract_text(upload_folder() / stored.name, stored.kind.content_type),
    )
    db.session.add(document)
    return document


def document_path(document: Document) -> Path:
    return upload_folder() / document.stored_name


def send_upload(stored_name: str | None, *, content_type: str, filename: str, cache: str):
    """A stored upload (a document, an application's or a comment's file) as a download under
    its own name, answering If-None-Match; 404 when it is gone from disk."""
    path = upload_folder() / stored_name if stored_name else None
    if path is None or not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=content_type,
        as_attachment=True,
        download_name=filename,
        conditional=True,
        etag=True,
    )
    response.headers["Cache-Control"] = cache
    return response


def record_attendance(
    meeting: Meeting, statuses: dict[int, AttendanceStatus], guests: list[str], *, held: bool
) -> None:
    """Replace the meeting's attendance with what staff recorded (a row left unrecorded is
    removed); mark the meeting held only when staff say it took place."""
    set_per_seat_holder(
        meeting.attendance,
        statuses,
        "status",
        lambda appointment_id, status: Attendance(appointment_id=appointment_id, status=status),
    )
    for record in [a for a in meeting.attendance if a.appointment_id is None]:
        meeting.attendance.remove(record)
    for name in guests:
        meeting.attendance.append(Attendance(guest_name=name, status=AttendanceStatus.PRESENT))
    if held and meeting.status is MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD


def set_per_seat_holder(
    rows: list[Any], wanted: dict[int, Any], attribute: str, make: Callable[[int, Any], Any]
) -> None:
    """Make a list of rows kept one per seat holder (attendance, a roll call) say `wanted`
    ({appointment id: value of `attribute`}): rows no longer wanted go, the rest are set or
    made. Rows with no seat holder (guests) are left alone."""
    existing = {row.appointment_id: row for row in rows if row.appointment_id}
    for appointment_id, row in existing.items():
        if appointment_id not in wanted:
            rows.remove(row)
    for appointment_id, value in wanted.items():
        row = existing.get(appointment_id)
        if row is None:
            rows.append(make(appointment_id, value))
        else:
            setattr(row, attribute, value)


def move_agenda_item(item: AgendaItem, direction: str) -> None:
    # Reorder a copy: assigning into the relationship list would orphan (delete) an item.
    items = list(item.meeting.agenda_items)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items):
        each.position = position


def meeting_with_everything(meeting_id: int) -> Meeting | None:
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            selectinload(Meeting.committee),
            selectinload(Meeting.agenda_items),
            selectinload(Meeting.postings),
            selectinload(Meeting.documents),
            selectinload(Meeting.attendance),
            selectinload(Meeting.executive_sessions).selectinload(ExecutiveSession.extensions),
        )
    )
