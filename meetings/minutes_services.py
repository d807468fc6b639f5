"""Minutes as staff keep them: started from the posted agenda, motions and their votes recorded
from the attendance, approved at a later meeting of the same body."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from committees.models import Appointment
from core.time import PACIFIC
from extensions import db
from meetings.minutes import (
    Minutes,
    MinutesItem,
    MinutesStatus,
    Motion,
    MotionResult,
    Vote,
    VoteChoice,
    VoteMethod,
)
from meetings.models import AttendanceStatus, Meeting, MeetingStatus
from meetings.services import set_per_seat_holder


class NoPostedAgenda(Exception):
    """Minutes follow the posted agenda: there is none yet."""


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes with everything the pages show, in a fixed number of queries."""
    motions = selectinload(Minutes.items).selectinload(MinutesItem.motions)
    return db.session.scalar(
        select(Minutes)
        .where(Minutes.meeting_id == meeting.id)
        .options(
            motions.selectinload(Motion.votes).selectinload(Vote.appointment),
            motions.selectinload(Motion.amendments),
            selectinload(Minutes.approved_at_meeting),
        )
    )


def start_minutes(meeting: Meeting) -> Minutes:
    """The draft minutes, made on first use from the latest posted agenda version: one item per
    posted item, with the title as posted."""
    if meeting.minutes is not None:
        return meeting.minutes
    posting = meeting.posted_agenda
    if posting is None:
        raise NoPostedAgenda
    minutes = Minutes(
        meeting=meeting,
        posting=posting,
        items=[
            MinutesItem(position=n, agenda_item_id=item.id, title=item.title[:300])
            for n, item in enumerate(posting.items())
        ],
    )
    db.session.add(minutes)
    db.session.flush()
    return minutes


def present_holders(meeting: Meeting) -> list[Appointment]:
    """The seat holders present (in the room or remotely) per the attendance record, in the
    order of the seats: who may move, second and vote."""
    return AttendanceSummary(meeting).present


def add_motion(
    item: MinutesItem,
    *,
    text: str,
    mover: Appointment | None,
    seconder: Appointment | None,
    amends: Motion | None,
    method: VoteMethod,
    declared_result: MotionResult | None,
) -> Motion:
    motion = Motion(
        text=text,
        mover=mover,
        seconder=seconder,
        amends=amends,
        method=method,
        declared_result=declared_result,
        position=len(item.motions),
    )
    item.motions.append(motion)
    return motion


def record_roll_call(motion: Motion, choices: dict[int, VoteChoice]) -> None:
    """The roll call as taken: it replaces one recorded before (a correction)."""
    set_per_seat_holder(
        motion.votes,
        choices,
        "choice",
        lambda appointment_id, choice: Vote(appointment_id=appointment_id, choice=choice),
    )
    db.session.flush()
    db.session.expire(motion, ["votes"])


def remove_motion(motion: Motion) -> None:
    """A motion recorded by mistake, with the amendments made to it."""
    for each in reversed(motion.with_amendments()):
        db.session.delete(each)


def approving_meetings(meeting: Meeting, now: datetime) -> list[Meeting]:
    """The meetings that may approve these minutes: the same body's later meetings that have
    begun or are today (nobody approves minutes at a meeting not yet held), not called off."""
    today = now.astimezone(PACIFIC).date()
    later = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.committee_id == meeting.committee_id,
            Meeting.starts_at > meeting.starts_at,
            Meeting.id != meeting.id,
            Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.HELD]),
        )
        .order_by(Meeting.starts_at.desc())
    )
    return [m for m in later if m.starts_at <= now or m.local_start.date() == today]


def approve_minutes(minutes: Minutes, at: Meeting, by: Any) -> None:
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at_meeting = at
    minutes.approved_on = approval_day(at)
    minutes.approved_by_id = getattr(by, "id", None)


def approval_day(meeting: Meeting) -> date:
    return meeting.local_start.date()


def motion_numbers(minutes: Minutes) -> dict[int, str]:
    """Each motion's number in the minutes: "2.1" is the first motion under item 2, "2.1.1" the
    first amendment to it. The page, the PDF and the API name motions by it."""
    numbers: dict[int, str] = {}

    def number(motions: list[Motion], prefix: str) -> None:
        for n, motion in enumerate(motions, start=1):
            numbers[motion.id] = f"{prefix}.{n}"
            number(motion.amendments, numbers[motion.id])

    for order, item in enumerate(minutes.items, start=1):
        number([m for m in item.motions if m.amends_id is None], str(order))
    return numbers


class AttendanceSummary:
    """Who of the seat holders was present (in the room or remotely), who was not, how many
    guests signed in, and the quorum: what the minutes open with."""

    def __init__(self, meeting: Meeting) -> None:
        holders = meeting.seat_holders()
        status = {r.appointment_id: r.status for r in meeting.attendance if r.appointment_id}
        self.present = [a for a in holders if a.id in status and status[a.id].counts_for_quorum]
        self.remote = {a.id for a in self.present if status[a.id] is AttendanceStatus.REMOTE}
        self.absent = [a for a in holders if a.id in status and a not in self.present]
        self.guests = sum(1 for r in meeting.attendance if r.appointment_id is None)
        self.quorum = meeting.quorum()
        self.recorded = bool(meeting.attendance)
