"""A realistic year of fictional meetings for `flask seed --demo`, placed around today."""

import io
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from committees.models import Committee, MeetingAccess
from core.time import PACIFIC, utcnow
from extensions import db
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
from meetings.postings import post_notice_if_changed, publish_agenda
from meetings.services import add_document


def demo_pdf(lines: list[str]) -> bytes:
    """A one-page PDF that says the lines (in Helvetica), so the demo's documents have words for
    the search to find: built by hand, as the demo needs no PDF writer."""
    shown = " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for line in lines
    )
    stream = f"BT /F1 12 Tf 16 TL 72 740 Td {shown} ET"
    objects = [
        "<</Type/Catalog/Pages 2 0 R>>",
        "<</Type/Pages/Kids[3 0 R]/Count 1>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]"
        "/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        f"<</Length {len(stream.encode('cp1252'))}>>stream\n{stream}\nendstream",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj{body}endobj\n".encode("cp1252")
    table = "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    pdf += (
        f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n{table}"
        f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{len(pdf)}\n%%EOF\n"
    ).encode()
    return pdf


# (slug, kind, days from today, title, access or None for the body's default, status, reason)
DEMO_MEETINGS = [
    (
        "task-force",
        MeetingKind.MEMBER_MEETING,
        -120,
        "Task Force spring meeting",
        None,
        MeetingStatus.HELD,
        "",
    ),
    (
        "task-force",
        MeetingKind.MEMBER_MEETING,
        -40,
        "Task Force quarterly meeting",
        None,
        MeetingStatus.HELD,
        "",
    ),
    (
        "task-force",
        MeetingKind.MEMBER_MEETING,
        21,
        "Task Force winter meeting",
        None,
        MeetingStatus.SCHEDULED,
        "",
    ),
    (
        "task-force",
        MeetingKind.MEMBER_MEETING,
        60,
        "Task Force data workshop",
        None,
        MeetingStatus.CANCELLED,
        "Rescheduled to combine with the spring meeting.",
    ),
    (
        "task-force",
        MeetingKind.MEMBER_MEETING,
        150,
        "Task Force spring meeting",
        None,
        MeetingStatus.SCHEDULED,
        "",
    ),
    (
        "washact",
        MeetingKind.MEMBER_MEETING,
        -75,
        "WashACT quarterly member meeting",
        None,
        MeetingStatus.HELD,
        "",
    ),
    (
        "washact",
        MeetingKind.MEMBER_MEETING,
        14,
        "WashACT quarterly member meeting",
        None,
        MeetingStatus.SCHEDULED,
        "",
    ),
    (
        "washact",
        MeetingKind.PUBLIC_SESSION,
        -45,
        "WashACT information session: how referrals work",
        MeetingAccess.PUBLIC,
        MeetingStatus.HELD,
        "",
    ),
    (
        "washact",
        MeetingKind.PUBLIC_SESSION,
        35,
        "WashACT information session: labor trafficking",
        MeetingAccess.PUBLIC,
        MeetingStatus.SCHEDULED,
        "",
    ),
    (
        "csec-committee",
        MeetingKind.MEMBER_MEETING,
        -200,
        "CSEC Committee annual meeting",
        None,
        MeetingStatus.HELD,
        "",
    ),
    (
        "csec-committee",
        MeetingKind.MEMBER_MEETING,
        45,
        "CSEC Committee meeting",
        None,
        MeetingStatus.SCHEDULED,
        "",
    ),
]

AGENDA = [
    ("Welcome and introductions", "Chair", 10, "", False),
    (
        "Approval of the last meeting's minutes",
        "Chair",
        5,
        "Draft minutes are in the documents below.",
        True,
    ),
    (
        "Data update",
        "Staff",
        30,
        "Trends from **Human trafficking data 2020** and what changed since.",
        False,
    ),
    (
        "Public comment",
        "",
        15,
        "Members of the public may speak for up to three minutes each.",
        False,
    ),
]


def seed_demo_meetings() -> int:
    """Add the demo meetings to each body that has none yet; return how many were added."""
    committees = {c.slug: c for c in db.session.scalars(select(Committee))}
    has_meetings = {
        committee_id
        for committee_id, count in db.session.execute(
            select(Meeting.committee_id, func.count()).group_by(Meeting.committee_id)
        )
        if count
    }
    today = utcnow().astimezone(PACIFIC).date()
    added, postings = 0, []
    for slug, kind, offset, title, access, status, reason in DEMO_MEETINGS:
        committee = committees[slug]
        if committee.id in has_meetings:
            continue
        postings += add_demo_meeting(
            committee, kind, today + timedelta(days=offset), title, access, status, reason
        )
        added += 1
    # Posted in the order of their times, as they would have been: each body's chain runs forward.
    for when, meeting, post in sorted(postings, key=lambda p: (p[0], p[1].id)):
        post(meeting, when, None)
    return added


def add_demo_meeting(
    committee: Committee,
    kind: MeetingKind,
    day: date,
    title: str,
    access: MeetingAccess | None,
    status: MeetingStatus,
    reason: str,
) -> list[tuple[datetime, Meeting, Callable]]:
    """Add the meeting; return the postings its story has (when, meeting, how), to be made."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    starts = datetime.combine(day, time(10, 0), tzinfo=PACIFIC)
    meeting = Meeting(
        committee=committee,
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        access=access or committee.member_meeting_access,
        status=status,
        status_reason=reason,
        notice_posted_at=starts - timedelta(days=30),
        location="1011 Plum St SE, Olympia, WA 98504 (fictional room 2-A)",
        remote_url=f"https://meet.example.org/demo-{committee.slug}-{kind.value}",
        remote_dial_in="+1 555-0100, code 1234#",
    )
    meeting.agenda_items = [
        AgendaItem(
            position=i, title=t, presenter=p, minutes_allotted=m, description=d, is_action_item=a
        )
        for i, (t, p, m, d, a) in enumerate(AGENDA)
    ]
    db.session.add(meeting)
    db.session.flush()
    postings = [(min(meeting.notice_posted_at, utcnow()), meeting, post_notice_if_changed)]
    if status is not MeetingStatus.CANCELLED and (day - utcnow().date()).days < 90:
        attach(meeting, "Meeting packet", DocumentKind.AGENDA_PACKET, DocumentVisibility.PUBLIC)
        briefing = attach(
            meeting, "Members' briefing", DocumentKind.REPORT, DocumentVisibility.MEMBERS_ONLY
        )
        briefing.agenda_item_id = meeting.agenda_items[1].id
        db.session.flush()
        # A week ahead, or now for a meeting sooner than that: nothing is posted in the future.
        postings.append((min(starts - timedelta(days=7), utcnow()), meeting, publish_agenda))
    if status is MeetingStatus.HELD:
        minutes = attach(meeting, "Minutes", DocumentKind.MINUTES, DocumentVisibility.PUBLIC)
        minutes.approved_on = day + timedelta(days=30)
        record_demo_attendance(meeting, day)
    return postings


def record_demo_attendance(meeting: Meeting, day: date) -> None:
    """Everyone present but every third seat holder, who was absent: a realistic rate."""
    holders = [a for t in meeting.committee.seat_types for a in t.seat_holders(day)]
    meeting.attendance = [
        Attendance(
            appointment=a,
            status=AttendanceStatus.ABSENT if i % 3 == 2 else AttendanceStatus.PRESENT,
        )
        for i, a in enumerate(holders)
    ]


class _Upload:
    """The shape of an uploaded file that `add_document` reads."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.stream = io.BytesIO(data)
        self.filename = filename


def attach(
    meeting: Meeting, title: str, kind: DocumentKind, visibility: DocumentVisibility
) -> Document:
    text = demo_pdf([title, meeting.title, "A fictional document of the demo: no real record."])
    return add_document(meeting, _Upload(text, f"{title}.pdf"), title, kind, visibility, None)
