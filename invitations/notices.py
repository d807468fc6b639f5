"""Who is told what when a meeting is scheduled, changed, cancelled or its agenda is posted.

Public subscribers get what the public may see; approved guests of an invitation-only meeting get
calendar updates (same UID, higher SEQUENCE) or a cancellation; members of the body get notices of
agendas and members-only documents. Everything goes through the outbox, in the caller's transaction.
"""

from __future__ import annotations

import base64
import enum
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from committees.models import Appointment, SeatType
from core.protection import PUBLIC, Guest
from core.time import today_pacific
from core.urls import public_url
from extensions import db
from invitations.guests import guest_url
from invitations.models import InvitationRequest, Subscriber
from meetings.calendar_views import feed_links
from meetings.ical import invitation
from meetings.models import Document, Meeting, MeetingChange, MeetingStatus
from meetings.postings import AgendaChange
from members.models import User
from notify.outbox import queue_mail
from public_requests import services as workflow
from public_requests.states import RequestStatus


class Change(enum.Enum):
    SCHEDULED = "scheduled"
    CHANGED = "changed"
    CANCELLED = "cancelled"
    AGENDA = "agenda posted"
    AGENDA_REVISED = "agenda revised"
    DOCUMENTS = "documents posted"

    @property
    def label(self) -> Any:
        """The change as the notice's subject and first line name it, in the reader's language."""
        return {
            Change.SCHEDULED: _l("scheduled"),
            Change.CHANGED: _l("changed"),
            Change.CANCELLED: _l("cancelled"),
            Change.AGENDA: _l("agenda posted"),
            Change.AGENDA_REVISED: _l("agenda revised"),
            Change.DOCUMENTS: _l("documents posted"),
        }[self]


def ics_attachment(data: bytes, method: str) -> dict[str, str]:
    return {
        "filename": "invite.ics" if method == "REQUEST" else "cancel.ics",
        "content_type": f"text/calendar; charset=utf-8; method={method}",
        "data": base64.b64encode(data).decode(),
    }


def invite_guest(
    meeting: Meeting, request: InvitationRequest, *, method: str, template: str, subject: str
) -> None:
    """The guest's calendar invitation, update or cancellation, with their personal link."""
    organizer = meeting.committee.contact_email or current_app.config["MAIL_DEFAULT_SENDER"]
    guest = Guest(request_id=request.id, meeting_id=meeting.id)
    ics = invitation(
        meeting,
        viewer=guest,
        method=method,
        organizer=organizer,
        attendee=request.email,
        attendee_name=request.name,
        links=feed_links(public_url),
    )
    queue_mail(
        request,
        template,
        subject=subject,
        viewer=guest,
        committee_id=meeting.committee_id,
        meeting=meeting,
        request=request,
        attachments=[ics_attachment(ics, method)],
        withdraw_url=withdraw_url(request),
        guest_url=guest_url(request, meeting) if method == "REQUEST" else None,
    )


def withdraw_url(request: InvitationRequest) -> str:
    return workflow.link(workflow.WITHDRAW, request, "invitations.withdraw")


def approved_guests(meeting: Meeting) -> list[InvitationRequest]:
    candidates = db.session.scalars(
        select(InvitationRequest).where(
            InvitationRequest.committee_id == meeting.committee_id,
            InvitationRequest.status == RequestStatus.APPROVED,
        )
    )
    return [r for r in candidates if r.covers(meeting)]


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = workflow.token_for(workflow.UNSUBSCRIBE, Subscriber.KIND, subscriber.public_id)
    return public_url("invitations.unsubscribe", token=token)


def notify_subscribers(
    meeting: Meeting,
    change: Change,
    changes: list[MeetingChange] | None = None,
    agenda_changes: list[AgendaChange] | None = None,
) -> None:
    subscribers = db.session.scalars(select(Subscriber).where(Subscriber.confirmed_at.is_not(None)))
    for subscriber in subscribers:
        if meeting.committee not in subscriber.committees:
            continue
        link = unsubscribe_url(subscriber)
        queue_mail(
            subscriber,
            "notice",
            subject=_l(
                "%(body)s: %(title)s — %(change)s",
                body=meeting.committee.short_name,
                title=meeting.title,
                change=change.label,
            ),
            viewer=PUBLIC,  # a subscriber is anyone: they get what the public may see, never more
            committee_id=meeting.committee_id,
            meeting=meeting,
            change=change,
            changes=changes or [],
            agenda_changes=agenda_changes or [],
            unsubscribe_url=link,
            headers={
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


def body_members(meeting: Meeting) -> list[User]:
    today = today_pacific()
    return list(
        db.session.scalars(
            select(User)
            .join(Appointment, Appointment.person_id == User.person_id)
            .join(SeatType, SeatType.id == Appointment.seat_type_id)
            .where(
                SeatType.committee_id == meeting.committee_id,
                User.active.is_(True),
                Appointment.start_date <= today,
                (Appointment.end_date.is_(None)) | (Appointment.end_date >= today),
            )
            .distinct()
        )
    )


def notify_members(
    meeting: Meeting,
    change: Change,
    changes: list[MeetingChange] | None = None,
    document: Document | None = None,
    agenda_changes: list[AgendaChange] | None = None,
) -> None:
    about = f"“{document.title}”" if document is not None else meeting.title
    for user in body_members(meeting):
        queue_mail(
            user,
            "member_notice",
            subject=_l(
                "%(body)s: %(title)s — %(change)s",
                body=meeting.committee.short_name,
                title=about,
                change=change.label,
            ),
            viewer=user,
            committee_id=meeting.committee_id,
            meeting=meeting,
            change=change,
            changes=changes or [],
            agenda_changes=agenda_changes or [],
            document=document,
        )


def announce(
    meeting: Meeting,
    change: Change,
    *,
    changes: list[MeetingChange] | None = None,
    document: Document | None = None,
    agenda_changes: list[AgendaChange] | None = None,
) -> None:
    """Queue every message a change to a meeting calls for; `changes` says what changed, old →
    new, `document` which document was posted, and `agenda_changes` how a revised agenda differs
    from the version before."""
    agenda = {Change.AGENDA, Change.AGENDA_REVISED}
    if change in {Change.SCHEDULED, Change.CHANGED, Change.CANCELLED, *agenda}:
        notify_subscribers(meeting, change, changes, agenda_changes)
    if change in {Change.CHANGED, Change.CANCELLED, Change.DOCUMENTS, *agenda}:
        notify_members(meeting, change, changes, document, agenda_changes)
    if change in {Change.CHANGED, Change.CANCELLED}:
        cancelled = meeting.status is MeetingStatus.CANCELLED
        for request in approved_guests(meeting):
            invite_guest(
                meeting,
                request,
                method="CANCEL" if cancelled else "REQUEST",
                template="guest_cancelled" if cancelled else "guest_update",
                subject=_l("Cancelled: %(title)s", title=meeting.title)
                if cancelled
                else _l("Updated: %(title)s", title=meeting.title),
            )


def queue_reminders(now: datetime) -> int:
    """Remind members of each meeting of their body REMINDER_DAYS ahead, once per meeting."""
    horizon = now + timedelta(days=current_app.config["REMINDER_DAYS"])
    meetings = db.session.scalars(
        select(Meeting).where(
            Meeting.starts_at > now,
            Meeting.starts_at <= horizon,
            Meeting.status == MeetingStatus.SCHEDULED,
        )
    )
    queued = 0
    for meeting in meetings:
        for user in body_members(meeting):
            queued += (
                queue_mail(
                    user,
                    "reminder",
                    subject=_l("Reminder: %(title)s", title=meeting.title),
                    viewer=user,
                    committee_id=meeting.committee_id,
                    meeting=meeting,
                    dedupe_key=f"reminder:{meeting.id}:{user.id}",
                )
                is not None
            )
    return queued
