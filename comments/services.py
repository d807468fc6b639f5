"""Submitting and confirming a comment, withholding it from the public record, the members'
digest at the cutoff, and the comments a meeting page, a packet or the archive shows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accommodations.models import AccommodationRequest, Need
from comments.models import (
    CommentKind,
    OralMode,
    PublicComment,
    comment_cutoff,
    may_comment,
    takes_comment,
)
from extensions import db
from invitations.notices import body_members
from meetings.models import Meeting, MeetingStatus
from meetings.services import scheduled_meetings, upload_folder
from meetings.uploads import store
from members.models import User, UserRole, staff_assignment
from notify.outbox import queue_mail
from public_requests import services as workflow
from public_requests.states import RequestStatus

# -- the requester's steps ----------------------------------------------------------------------


def submit_comment(
    meeting: Meeting, *, email: str, fields: dict[str, Any], attachment, now: datetime
) -> PublicComment:
    """Record a comment (or join the open one of the same address, kind and item) and e-mail the
    link that confirms it. The file is checked first, so a refused upload (RejectedUpload)
    changes nothing; a file comes with a new or unconfirmed comment only."""
    stored = None
    if attachment is not None and attachment.filename:
        stored = store(attachment.stream, upload_folder(), attachment.filename)
    item_id = fields.get("agenda_item_id")
    try:
        comment = workflow.submit(
            PublicComment,
            committee_id=meeting.committee_id,
            email=email,
            same_thing=[
                PublicComment.meeting_id == meeting.id,
                PublicComment.kind == CommentKind(fields["kind"]),
                PublicComment.agenda_item_id == item_id
                if item_id is not None
                else PublicComment.agenda_item_id.is_(None),
            ],
            fields=fields,
            now=now,
            create=lambda: PublicComment(meeting=meeting, committee_id=meeting.committee_id),
        )
    except workflow.TooManyRequests:
        if stored is not None:
            (upload_folder() / stored.name).unlink(missing_ok=True)
        raise
    as_enums(comment)
    if stored is not None:
        if comment.status is RequestStatus.UNCONFIRMED:
            replaced = comment.attachment_stored_name
            comment.attachment_name = stored.filename
            comment.attachment_stored_name = stored.name
            comment.attachment_content_type = stored.kind.content_type
            comment.attachment_size = stored.size
            if replaced:
                (upload_folder() / replaced).unlink(missing_ok=True)
        else:
            (upload_folder() / stored.name).unlink(missing_ok=True)
    workflow.send_confirmation(
        comment,
        "confirm_comment",
        subject=_l("Confirm your public comment"),
        confirm_endpoint="comments.confirm",
        meeting=meeting,
        record=comment,
        withdraw_url=workflow.link(workflow.WITHDRAW, comment, "comments.withdraw"),
    )
    return comment


def as_enums(comment: PublicComment) -> None:
    """The form's plain values (kept as JSON until confirmed) back to the model's enums."""
    comment.kind = CommentKind(comment.kind)
    comment.oral_mode = OralMode(comment.oral_mode) if comment.oral_mode else None


def confirm_comment(token: str, now: datetime) -> PublicComment | None:
    """The writer's link: the comment is received (with any newer text); remote oral comment
    asked for because of a disability reaches staff as an accommodation request."""
    comment = workflow.confirm(PublicComment, token, now)
    if comment is None:
        return None
    as_enums(comment)
    if comment.is_confirmed and comment.remote_for_disability:
        ask_for_remote_comment(comment, now)
    return comment


def withdraw_comment(token: str, now: datetime) -> PublicComment | None:
    """The writer's withdraw link: the comment leaves the distribution and the record, and the
    remote comment it asked for leaves staff's accommodation queue (unless they have arranged it
    already: then they hear nothing new, and the arranged link simply goes unused)."""
    comment = workflow.withdraw(PublicComment, token, now)
    if comment is None or comment.status is not RequestStatus.WITHDRAWN:
        return comment
    request = db.session.scalar(
        select(AccommodationRequest).where(
            AccommodationRequest.meeting_id == comment.meeting_id,
            AccommodationRequest.email == comment.email,
            AccommodationRequest.status == RequestStatus.PENDING,
        )
    )
    if request is not None and Need.REMOTE_COMMENT.value in request.needs:
        request.needs = [n for n in request.needs if n != Need.REMOTE_COMMENT.value]
        if not request.needs:
            request.move_to(RequestStatus.WITHDRAWN, now)
    return comment


REMOTE_COMMENT_DETAILS = (
    "Asked on the public comment form: remote oral comment because of a disability or "
    "limited mobility (RCW 42.30.240)."
)


def ask_for_remote_comment(comment: PublicComment, now: datetime) -> AccommodationRequest:
    """The writer's accommodation request for remote comment, already confirmed (their comment's
    link confirmed the address); joined to an open one of theirs for the meeting, if any."""
    need = Need.REMOTE_COMMENT.value
    existing = db.session.scalar(
        select(AccommodationRequest).where(
            AccommodationRequest.meeting_id == comment.meeting_id,
            AccommodationRequest.email == comment.email,
            AccommodationRequest.status.in_([RequestStatus.PENDING, RequestStatus.ARRANGED]),
        )
    )
    if existing is not None:
        if need not in existing.needs:
            existing.needs = [*existing.needs, need]
        return existing
    record = AccommodationRequest(
        meeting_id=comment.meeting_id,
        committee_id=comment.committee_id,
        email=comment.email,
        name=comment.name,
        needs=[need],
        details=REMOTE_COMMENT_DETAILS,
        language=comment.language,
        status=RequestStatus.PENDING,
        created_at=now,
        confirmed_at=now,
        client_key=comment.client_key,
    )
    db.session.add(record)
    return record


# -- comments as pages, packets and e-mails show them ------------------------------------------


@dataclass
class CommentGroup:
    """The comments on one agenda item (None: on the meeting as a whole)."""

    item: Any | None  # the posted item (or the draft's, when no posting holds it)
    number: int | None  # its number on the posted agenda
    comments: list[PublicComment] = field(default_factory=list)


def confirmed_comments(meeting: Meeting) -> list[PublicComment]:
    """One query: every confirmed comment of the meeting, oldest first."""
    return list(
        db.session.scalars(
            select(PublicComment)
            .where(
                PublicComment.meeting_id == meeting.id,
                PublicComment.status == RequestStatus.RECEIVED,
            )
            .order_by(PublicComment.created_at, PublicComment.id)
        )
    )


def group_by_item(meeting: Meeting, comments: list[PublicComment]) -> list[CommentGroup]:
    """The meeting as a whole first, then each item in the posted agenda's order."""
    posted = meeting.posted_agenda
    numbered = {item.id: (n, item) for n, item in enumerate(posted.items() if posted else [], 1)}
    drafts = {item.id: item for item in meeting.agenda_items}
    groups: dict[int | None, CommentGroup] = {}
    for comment in comments:
        key = comment.agenda_item_id
        if key is not None and key not in numbered and key not in drafts:
            key = None
        if key not in groups:
            number, item = numbered.get(key, (None, drafts.get(key)))
            groups[key] = CommentGroup(item, number)
        groups[key].comments.append(comment)

    def order(group: CommentGroup) -> tuple:
        if group.item is None:
            return (0, 0)
        return (1, group.number if group.number is not None else 10_000 + group.item.id)

    return sorted(groups.values(), key=order)


def fingerprint(comments: list[PublicComment]) -> str:
    """What a packet carrying these comments is keyed on: any change builds a new one."""
    parts = [
        f"{c.id}:{c.kind.value}:{c.agenda_item_id}:{c.public_name}:{c.is_withheld}:"
        f"{c.withheld_reason}:{c.oral_mode}:{c.attachment_stored_name}:{c.text}"
        for c in comments
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def packet_comments(meeting: Meeting, viewer: Any) -> list[CommentGroup]:
    """The members' packet's section: every confirmed comment, withheld ones marked; none for
    anyone but the body's insiders."""
    if not meeting.committee.is_insider(viewer):
        return []
    return group_by_item(meeting, confirmed_comments(meeting))


@dataclass
class CommentSection:
    """What a meeting page says about public comment, for one viewer."""

    takes: bool
    open: bool
    cutoff: datetime | None
    started: bool
    insider: bool
    groups: list[CommentGroup]  # written comments the viewer may read, by item
    oral: list[PublicComment]  # sign-ups to speak (insiders only)
    withheld: int  # written comments withheld from the public record
    next_public: Meeting | None  # for an invitation-only meeting


def comment_section(meeting: Meeting, viewer: Any, now: datetime) -> CommentSection:
    """In a fixed number of queries: the meeting's comments, and for an invitation-only
    meeting the body's next public one."""
    takes = takes_comment(meeting)
    insider = meeting.committee.is_insider(viewer)
    started = meeting.starts_at <= now
    comments = confirmed_comments(meeting) if (insider or started) else []
    written = [c for c in comments if c.kind is CommentKind.WRITTEN]
    shown = [c for c in written if c.can_view(viewer)]
    return CommentSection(
        takes=takes,
        open=may_comment(meeting, now),
        cutoff=comment_cutoff(meeting) if takes else None,
        started=started,
        insider=insider,
        groups=group_by_item(meeting, shown),
        oral=[c for c in comments if c.kind is CommentKind.ORAL] if insider else [],
        withheld=sum(1 for c in written if c.is_withheld),
        next_public=next_public_meeting(meeting, now) if meeting.needs_invitation else None,
    )


def next_public_meeting(meeting: Meeting, now: datetime) -> Meeting | None:
    """The body's next meeting the public may attend or observe (still to start)."""
    upcoming = scheduled_meetings(
        meeting.committee_id, now, ~Meeting.needs_invitation, Meeting.starts_at > now, limit=1
    )
    return upcoming[0] if upcoming else None


# -- the members' digest ------------------------------------------------------------------------


def digest_recipients(meeting: Meeting) -> list[User]:
    """The body's members and its own staff accounts (each once)."""
    staff = db.session.scalars(
        select(User)
        .join(staff_assignment, staff_assignment.c.user_id == User.id)
        .where(
            staff_assignment.c.committee_id == meeting.committee_id,
            User.role == UserRole.STAFF,
            User.active.is_(True),
        )
    )
    people = {user.id: user for user in [*body_members(meeting), *staff]}
    return sorted(people.values(), key=lambda user: user.id)


def send_comment_digests(now: datetime) -> int:
    """At each meeting's cutoff, one e-mail per member and staff account of its body with the
    confirmed comments not yet distributed (withheld ones included, marked). Each comment is
    distributed once; a comment confirmed later goes out in a later digest, until the meeting
    ends. Returns how many messages were queued."""
    waiting = (
        select(PublicComment.meeting_id)
        .where(
            PublicComment.status == RequestStatus.RECEIVED,
            PublicComment.distributed_at.is_(None),
        )
        .distinct()
    )
    meetings = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.id.in_(waiting),
            Meeting.ends_at > now,
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .options(
            selectinload(Meeting.committee),
            selectinload(Meeting.postings),
            selectinload(Meeting.agenda_items),
        )
        .order_by(Meeting.starts_at)
    ).all()
    queued = 0
    for meeting in meetings:
        if now < comment_cutoff(meeting):
            continue
        comments = [c for c in confirmed_comments(meeting) if c.distributed_at is None]
        if not comments:
            continue
        groups = group_by_item(meeting, comments)
        batch = f"{comments[0].id}-{comments[-1].id}-{len(comments)}"
        for user in digest_recipients(meeting):
            message = queue_mail(
                user,
                "comment_digest",
                subject=_l(
                    "%(body)s: public comment for %(title)s",
                    body=meeting.committee.short_name,
                    title=meeting.title,
                ),
                viewer=user,
                committee_id=meeting.committee_id,
                meeting=meeting,
                groups=groups,
                count=len(comments),
                dedupe_key=f"comment-digest:{meeting.id}:{user.id}:{batch}",
            )
            queued += message is not None
        for comment in comments:
            comment.distributed_at = now
    return queued
