"""Fictional minutes for `flask seed --demo`: the Task Force's first meeting held, with item
summaries, a roll call in which the survivor-seat holder (no consent to be named) moves and
votes, an amendment decided by voice, a voice vote, and an executive session with an extension;
approved at the body's next meeting held."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from committees.models import Committee
from core.time import utcnow
from extensions import db
from meetings.minutes import (
    ExecutiveExtension,
    ExecutivePurpose,
    ExecutiveSession,
    MotionResult,
    VoteChoice,
    VoteMethod,
)
from meetings.minutes_services import (
    add_motion,
    approve_minutes,
    present_holders,
    record_roll_call,
    start_minutes,
)
from meetings.models import Meeting, MeetingStatus

SUMMARY = "The chair called the meeting to order at 10:02 a.m. and confirmed a quorum. (Demo.)"
ITEM_SUMMARIES = {
    "Welcome and introductions": "Members introduced themselves and their organizations.",
    "Approval of the last meeting's minutes": "The minutes were approved as distributed.",
    "Data update": "Staff presented the **trends since 2020**; members asked for regional "
    "figures and a section on labor trafficking.",
    "Public comment": "Written comments were distributed to the members before the meeting.",
}


def seed_demo_minutes() -> int:
    """Minutes for the Task Force's first meeting held, once; how many minutes were added."""
    task_force = db.session.scalar(select(Committee).where(Committee.slug == "task-force"))
    if task_force is None:
        return 0
    held = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.committee_id == task_force.id,
            Meeting.status == MeetingStatus.HELD,
            Meeting.starts_at < utcnow(),
        )
        .order_by(Meeting.starts_at)
    ).all()
    if len(held) < 2 or held[0].minutes is not None or held[0].posted_agenda is None:
        return 0
    meeting, approving = held[0], held[1]
    present = present_holders(meeting)
    if len(present) < 3:
        return 0
    survivor = next((a for a in present if a.seat_type.requires_name_consent), present[0])
    others = [a for a in present if a is not survivor]

    minutes = start_minutes(meeting)
    minutes.summary = SUMMARY
    items = {item.title: item for item in minutes.items}
    for title, summary in ITEM_SUMMARIES.items():
        if title in items:
            items[title].summary = summary
    approval = items.get("Approval of the last meeting's minutes", minutes.items[0])
    add_motion(
        approval,
        text="To approve the minutes of the previous meeting as distributed.",
        mover=others[0],
        seconder=others[1],
        amends=None,
        method=VoteMethod.VOICE,
        declared_result=MotionResult.PASSED,
    )
    data = items.get("Data update", minutes.items[-1])
    main = add_motion(
        data,
        text="To publish the data update with figures for each region of the state.",
        mover=survivor,
        seconder=others[0],
        amends=None,
        method=VoteMethod.ROLL_CALL,
        declared_result=None,
    )
    db.session.flush()
    add_motion(
        data,
        text="To add a section on labor trafficking in agriculture.",
        mover=others[1],
        seconder=survivor,
        amends=main,
        method=VoteMethod.VOICE,
        declared_result=MotionResult.PASSED,
    )
    db.session.flush()
    choices = {a.id: VoteChoice.YES for a in present}
    choices[others[-1].id] = VoteChoice.ABSTAIN
    record_roll_call(main, choices)
    # An hour in: counsel on pending litigation, announced for 20 minutes and extended by 10.
    session = ExecutiveSession(
        meeting=meeting,
        purpose=ExecutivePurpose.LEGAL_COUNSEL,
        starts_at=meeting.starts_at + timedelta(hours=1),
        expected_end_at=meeting.starts_at + timedelta(hours=1, minutes=20),
    )
    session.extensions.append(
        ExecutiveExtension(
            announced_at=session.expected_end_at,
            new_end_at=session.expected_end_at + timedelta(minutes=10),
        )
    )
    db.session.add(session)
    approve_minutes(minutes, approving, None)
    return 1
