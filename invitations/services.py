"""Invitation requests and subscriptions, from the first form to the last e-mail."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select

from committees.models import Committee
from core.protection import PUBLIC
from core.tokens import make_token, read_token
from core.urls import public_url
from extensions import db
from invitations.models import InvitationRequest, RequestStatus, Subscriber
from invitations.notices import UNSUBSCRIBE, invite_guest, withdraw_url
from meetings.models import Meeting, MeetingKind
from meetings.services import scheduled_meetings
from members.models import User
from notify.outbox import queue_mail

CONFIRM_MAX_AGE = 48 * 3600
REQUESTS_PER_EMAIL_PER_HOUR = 3
OPEN = (RequestStatus.UNCONFIRMED, RequestStatus.PENDING)


class TooManyRequests(Exception):
    """This e-mail address asked too often in the last hour."""


def refuse_flooding(model, email: str, now: datetime) -> None:
    """Raise TooManyRequests when this address sent the form too often in the last hour.
    `model` is any record with `email` and `created_at` (requests, applications)."""
    recent = db.session.scalar(
        select(func.count())
        .select_from(model)
        .where(model.email == email, model.created_at > now - timedelta(hours=1))
    )
    if recent >= REQUESTS_PER_EMAIL_PER_HOUR:
        raise TooManyRequests


def request_invitation(
    committee: Committee,
    meeting: Meeting | None,
    *,
    name: str,
    email: str,
    organization: str,
    reason: str,
    now: datetime,
) -> InvitationRequest:
    """Record a request (or update the open one for the same address) and e-mail a link to
    confirm it; only confirmed requests reach staff."""
    same_meeting = (
        InvitationRequest.meeting_id == meeting.id
        if meeting
        else InvitationRequest.meeting_id.is_(None)
    )
    existing = db.session.scalar(
        select(InvitationRequest).where(
            InvitationRequest.email == email,
            InvitationRequest.committee_id == committee.id,
            same_meeting,
            InvitationRequest.status.in_(OPEN),
        )
    )
    if existing is None:
        refuse_flooding(InvitationRequest, email, now)
    request = existing or InvitationRequest(
        committee=committee, meeting=meeting, email=email, created_at=now
    )
    request.name, request.organization, request.reason = name, organization, reason
    db.session.add(request)
    db.session.flush()
    if request.status is RequestStatus.UNCONFIRMED:
        link = public_url(
            "invitations.confirm_request", token=make_token("confirm-request", request.id)
        )
        queue_mail(
            email,
            "confirm_request",
            subject=f"Confirm your request: {committee.short_name}",
            viewer=PUBLIC,
            committee_id=committee.id,
            request=request,
            confirm_url=link,
        )
    return request


def pending_request_counts(committee_ids: list[int]) -> dict[int, int]:
    """Confirmed requests waiting for staff, by body."""
    return dict(
        db.session.execute(
            select(InvitationRequest.committee_id, func.count())
            .where(
                InvitationRequest.committee_id.in_(committee_ids),
                InvitationRequest.status == RequestStatus.PENDING,
            )
            .group_by(InvitationRequest.committee_id)
        ).all()
    )


def confirm_request(token: str, now: datetime) -> InvitationRequest | None:
    request_id = read_token("confirm-request", token, max_age=CONFIRM_MAX_AGE)
    request = db.session.get(InvitationRequest, request_id) if request_id else None
    if request is None:
        return None
    if request.status is RequestStatus.UNCONFIRMED:
        request.status, request.confirmed_at = RequestStatus.PENDING, now
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
    request.status, request.decided_at, request.decided_by_id = RequestStatus.APPROVED, now, user.id
    request.decision_message = message
    meetings = meetings_for(request, now)
    for meeting in meetings:
        invite_guest(
            meeting,
            request,
            method="REQUEST",
            template="request_approved",
            subject=f"Invitation: {meeting.title}",
        )
    if not meetings:
        queue_mail(
            request.email,
            "request_approved_no_meeting",
            subject=f"Your request to the {request.committee.short_name} is approved",
            viewer=PUBLIC,
            committee_id=request.committee_id,
            request=request,
            withdraw_url=withdraw_url(request),
        )


def public_sessions(committee: Committee, now: datetime) -> list[Meeting]:
    return scheduled_meetings(committee.id, now, ~Meeting.needs_invitation, limit=5)


def decline(request: InvitationRequest, message: str, user: User, now: datetime) -> None:
    request.status, request.decided_at, request.decided_by_id = RequestStatus.DECLINED, now, user.id
    request.decision_message = message
    queue_mail(
        request.email,
        "request_declined",
        subject=f"Your request to the {request.committee.short_name}",
        viewer=PUBLIC,
        committee_id=request.committee_id,
        request=request,
        sessions=public_sessions(request.committee, now),
    )


def revoke(request: InvitationRequest, user: User, now: datetime) -> None:
    """Take back an approval: the guest's personal link stops working at once, and their
    calendar is told the meeting is off for them."""
    request.status, request.decided_at, request.decided_by_id = RequestStatus.REVOKED, now, user.id
    for meeting in meetings_for(request, now):
        invite_guest(
            meeting,
            request,
            method="CANCEL",
            template="guest_revoked",
            subject=f"Your invitation is withdrawn: {meeting.title}",
        )


def withdraw(token: str) -> InvitationRequest | None:
    request_id = read_token("withdraw", token)
    request = db.session.get(InvitationRequest, request_id) if request_id else None
    if request is not None and request.status is not RequestStatus.DECLINED:
        request.status = RequestStatus.WITHDRAWN
    return request


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


def subscribe(email: str, committees: list[Committee], now: datetime) -> Subscriber:
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.email == email))
    if subscriber is None:
        subscriber = Subscriber(email=email, created_at=now)
        db.session.add(subscriber)
    pending = {"email": email, "committees": [c.id for c in committees]}
    db.session.flush()
    link = public_url(
        "invitations.confirm_subscription", token=make_token("confirm-subscription", pending)
    )
    queue_mail(
        email,
        "confirm_subscription",
        subject="Confirm your e-mail notices",
        viewer=PUBLIC,
        committee_id=committees[0].id if len(committees) == 1 else None,
        committees=committees,
        confirm_url=link,
    )
    return subscriber


def confirm_subscription(token: str, now: datetime) -> Subscriber | None:
    """The bodies are in the signed link, so nothing changes until the address owner clicks."""
    pending = read_token("confirm-subscription", token, max_age=CONFIRM_MAX_AGE)
    if not pending:
        return None
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.email == pending["email"]))
    if subscriber is None:
        return None
    chosen = db.session.scalars(select(Committee).where(Committee.id.in_(pending["committees"])))
    subscriber.committees = list(chosen)
    subscriber.confirmed_at = subscriber.confirmed_at or now
    return subscriber


def unsubscribe(token: str) -> bool:
    subscriber_id = read_token(UNSUBSCRIBE, token)
    subscriber = db.session.get(Subscriber, subscriber_id) if subscriber_id else None
    if subscriber is None:
        return False
    db.session.delete(subscriber)
    return True
