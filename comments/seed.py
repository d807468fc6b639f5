"""Fictional public comments for `flask seed --demo`, on the Task Force's public meetings."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from comments.models import CommentKind, OralMode, PublicComment, comment_cutoff
from comments.services import ask_for_remote_comment
from committees.models import Committee
from core.time import utcnow
from extensions import db
from meetings.models import Meeting, MeetingStatus
from public_requests.states import RequestStatus

# (meeting: "held" or "next", item title or None, kind, name, publish_name, text, withheld reason)
DEMO_COMMENTS = [
    (
        "held",
        "Data update",
        CommentKind.WRITTEN,
        "Jordan Demo",
        True,
        "Please break out the labor trafficking numbers by region, so counties can plan "
        "services where they are needed.",
        "",
    ),
    (
        "held",
        None,
        CommentKind.WRITTEN,
        "",
        False,
        "As a survivor, I ask the Task Force to fund peer support in every region. "
        "Thank you for taking comment without names.",
        "",
    ),
    (
        "held",
        None,
        CommentKind.WRITTEN,
        "Casey Private",
        False,
        "Shelters in eastern Washington need interpreters more than anything else.",
        "",
    ),
    (
        "held",
        "Public comment",
        CommentKind.WRITTEN,
        "",
        False,
        "(Demo) A comment that names a private person and gives her home address.",
        "Names a private person and her home address (personal data of others).",
    ),
    (
        "next",
        "Data update",
        CommentKind.WRITTEN,
        "",
        False,
        "Will the data update include cases referred by schools?",
        "",
    ),
]


def seed_demo_comments() -> int:
    """Add the demo comments once (a body with comments gets none); return how many."""
    task_force = db.session.scalar(select(Committee).where(Committee.slug == "task-force"))
    if task_force is None or db.session.scalar(
        select(func.count())
        .select_from(PublicComment)
        .where(PublicComment.committee_id == task_force.id)
    ):
        return 0
    now = utcnow()
    public = select(Meeting).where(Meeting.committee_id == task_force.id, ~Meeting.needs_invitation)
    meetings = {
        "held": db.session.scalar(
            public.where(Meeting.status == MeetingStatus.HELD, Meeting.starts_at < now)
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        ),
        "next": db.session.scalar(
            public.where(Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at > now)
            .order_by(Meeting.starts_at)
            .limit(1)
        ),
    }
    added = []
    for which, item_title, kind, name, publish_name, text, withheld in DEMO_COMMENTS:
        meeting = meetings[which]
        if meeting is None:
            continue
        comment = demo_comment(meeting, item_title, kind, name, publish_name, text, now)
        if withheld:
            comment.withheld_reason, comment.withheld_at = withheld, meeting.starts_at
        added.append(comment)
    if meetings["next"] is not None:
        # A sign-up to speak remotely because of a disability: staff's accommodation queue has it.
        speaker = demo_comment(
            meetings["next"],
            None,
            CommentKind.ORAL,
            "Riley Demo",
            True,
            "Housing for survivors leaving the life.",
            now,
        )
        speaker.oral_mode, speaker.remote_for_disability = OralMode.REMOTE, True
        db.session.flush()
        ask_for_remote_comment(speaker, now)
        added.append(speaker)
    db.session.flush()
    return len(added)


def demo_comment(
    meeting: Meeting, item_title, kind, name: str, publish_name: bool, text: str, now
) -> PublicComment:
    item = next((i for i in meeting.agenda_items if i.title == item_title), None)
    received = min(comment_cutoff(meeting) - timedelta(days=2), now)
    cutoff_passed = comment_cutoff(meeting) <= now
    comment = PublicComment(
        meeting=meeting,
        committee_id=meeting.committee_id,
        agenda_item_id=item.id if item else None,
        kind=kind,
        text=text,
        name=name,
        publish_name=publish_name,
        email=f"commenter-{len(text)}-{meeting.id}@example.org",
        status=RequestStatus.RECEIVED,
        created_at=received,
        confirmed_at=received,
        distributed_at=comment_cutoff(meeting) if cutoff_passed else None,
    )
    db.session.add(comment)
    return comment
