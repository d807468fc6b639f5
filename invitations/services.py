"""Invitation requests and subscriptions, from the first form to the last e-mail."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select

from committees.models import Committee
from core.languages import WHOLE
from core.protection import PUBLIC
from core.urls import public_url
from extensions import db
from invitations.models import InvitationRequest, Subscriber
from invitations.notices import invite_guest, withdraw_url
from meetings.models import Meeting, MeetingKind
from meetings.services import scheduled_meetings
from members.models import User
from notify.outbox import queue_mail
from public_requests import services as workflow
from public_requests.states import RequestStatus


def request_invitation(
    committee: Committee,
    meeting: Meeting | None,
    *,
    name: str,
    email: str,
    organization: str,
    reason: str,
    language: str,
    now: datetime,
) -> InvitationRequest:
    """Record a request (or join the open one for the same address and meeting) and e-mail a
    link to confirm it; only confirmed requests reach staff, and only confirming applies text."""
    same_meeting = (
        InvitationRequest.meeting_id == meeting.id
        if meeting
        else InvitationRequest.meeting_id.is_(None)
    )
    request = workflow.submit(
        InvitationRequest,
        committee_id=committee.id,
        email=email,
        same_thing=[same_meeting],
        fields={"name": name, "organization": organization, "reason": reason, "language": language},
        now=now,
        create=lambda: InvitationRequest(committee=committee, meeting=meeting),
    )
    workflow.send_confirmation(
        request,
        "confirm_request",
        subject=_l("Confirm your request: %(body)s", body=committee.short_name),
        confirm_endpoint="invitations.confirm_request",
        request=request,
    )
    return request


def meetings_for(request: InvitationRequest, now: datetime) -> list[Meeting]:
    if request.meeting is not None:
        return [request.meeting] if request.meeting.ends_at > now else []
    return scheduled_meetings(
        request.committee_id,
        now,
        Meeting.kind == MeetingKind.MEMBER_MEETING,
        Meeting.needs_invitation,
    )


def approve(request: InvitationRequest, message: str, user: User, now: datetime) -> None:
    request.move_to(RequestStatus.APPROVED, now, by=user)
    request.decision_message = message
    meetings = meetings_for(request, now)
    for meeting in meetings:
        invite_guest(
            meeting,
            request,
            method="REQUEST",
            template="request_approved",
            subject=_l("Invitation: %(title)s", title=meeting.title),
        )
    if not meetings:
        queue_mail(
            request,
            "request_approved_no_meeting",
            subject=_l(
                "Your request to the %(body)s is approved", body=request.committee.short_name
            ),
            viewer=PUBLIC,
            committee_id=request.committee_id,
            request=request,
            withdraw_url=withdraw_url(request),
        )


def public_sessions(committee: Committee, now: datetime) -> list[Meeting]:
    return scheduled_meetings(committee.id, now, ~Meeting.needs_invitation, limit=5)


def decline(request: InvitationRequest, message: str, user: User, now: datetime) -> None:
    request.move_to(RequestStatus.DECLINED, now, by=user)
    request.decision_message = message
    queue_mail(
        request,
        "request_declined",
        subject=_l("Your request to the %(body)s", body=request.committee.short_name),
        viewer=PUBLIC,
        committee_id=request.committee_id,
        request=request,
        sessions=public_sessions(request.committee, now),
    )


def revoke(request: InvitationRequest, user: User, now: datetime) -> None:
    """Take back an approval: the guest's personal link stops working at once, and their
    calendar is told the meeting is off for them."""
    request.move_to(RequestStatus.REVOKED, now, by=user)
    for meeting in meetings_for(request, now):
        invite_guest(
            meeting,
            request,
            method="CANCEL",
            template="guest_revoked",
            subject=_l("Your invitation is withdrawn: %(title)s", title=meeting.title),
        )


def purge_requests(now: datetime, days: int) -> int:
    """Delete requester data `days` after the meeting, or after the decision for body-wide ones."""
    cutoff = now - timedelta(days=days)
    ended = select(Meeting.id).where(Meeting.ends_at < cutoff)
    result = db.session.execute(
        delete(InvitationRequest).where(
            or_(
                InvitationRequest.meeting_id.in_(ended),
                (InvitationRequest.meeting_id.is_(None)) & (InvitationRequest.decided_at < cutoff),
                (InvitationRequest.status == RequestStatus.UNCONFIRMED)
                & (InvitationRequest.created_at < cutoff),
            )
        )
    )
    return result.rowcount


def subscribe(email: str, committees: list[Committee], language: str, now: datetime) -> Subscriber:
    """E-mail a link that sets these bodies; nothing changes for the address until it is used."""
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.email == email))
    if subscriber is None:
        subscriber = Subscriber(email=email, created_at=now)
        db.session.add(subscriber)
        db.session.flush()
    pending = {
        "id": subscriber.public_id,
        "committees": [c.id for c in committees],
        "language": language,
    }
    token = workflow.token_for(workflow.CONFIRM, Subscriber.KIND, pending)
    queue_mail(
        email,
        "confirm_subscription",
        subject=_l("Confirm your e-mail notices"),
        language=language,
        viewer=PUBLIC,
        committee_id=committees[0].id if len(committees) == 1 else None,
        committees=committees,
        confirm_url=public_url("invitations.confirm_subscription", token=token),
        lifetime=workflow.CONFIRM.lifetime_text,
    )
    return subscriber


def confirm_subscription(token: str, now: datetime) -> Subscriber | None:
    """The bodies are in the signed link, so nothing changes until the address owner confirms."""
    pending = workflow.value_of(workflow.CONFIRM, Subscriber.KIND, token)
    if not (isinstance(pending, dict) and isinstance(pending.get("id"), str)):
        return None
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.public_id == pending["id"]))
    if subscriber is None:
        return None
    ids = [i for i in pending.get("committees", []) if isinstance(i, int)]
    subscriber.committees = list(db.session.scalars(select(Committee).where(Committee.id.in_(ids))))
    subscriber.confirmed_at = subscriber.confirmed_at or now
    if pending.get("language") in WHOLE:
        subscriber.language = pending["language"]
    return subscriber


def subscriber_for(token: str) -> Subscriber | None:
    public_id = workflow.value_of(workflow.UNSUBSCRIBE, Subscriber.KIND, token)
    if not isinstance(public_id, str):
        return None
    return db.session.scalar(select(Subscriber).where(Subscriber.public_id == public_id))


def unsubscribe(token: str) -> bool:
    subscriber = subscriber_for(token)
    if subscriber is None:
        return False
    db.session.delete(subscriber)
    return True
