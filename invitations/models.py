"""Invitation requests (a confirmed request of the shared workflow) and notice subscriptions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import Committee
from core.db_types import UTCDateTime
from core.readers import Reader
from core.time import utcnow
from extensions import db
from meetings.models import Meeting, MeetingKind
from public_requests.models import ConfirmedRequest, new_public_id


class InvitationRequest(ConfirmedRequest, db.Model):
    """A request to attend a body's invitation-only meetings (one of them, or all)."""

    KIND = "invitation"
    REQUESTER_FIELDS = ("name", "organization", "reason")

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the body's member meetings in general.
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    organization: Mapped[str] = mapped_column(sa.String(200), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decision_message: Mapped[str] = mapped_column(sa.Text, default="")

    meeting: Mapped[Meeting | None] = relationship()

    __audited__ = ("status", "decision_message")

    def covers(self, meeting: Meeting) -> bool:
        """Whether an approved guest of this request is invited to that meeting."""
        if self.meeting_id is not None:
            return self.meeting_id == meeting.id
        return (
            meeting.committee_id == self.committee_id
            and meeting.kind is MeetingKind.MEMBER_MEETING
            and meeting.needs_invitation
        )

    def may_withdraw(self, now: datetime) -> bool:
        """Not once the meeting asked for is over: the link has done its work."""
        past = self.meeting is not None and self.meeting.ends_at <= now
        return not past and super().may_withdraw(now)


subscription_committee = sa.Table(
    "subscription_committee",
    db.metadata,
    sa.Column(
        "subscriber_id", sa.ForeignKey("subscriber.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("committee_id", sa.ForeignKey("committee.id", ondelete="CASCADE"), primary_key=True),
)


class Subscriber(Reader, db.Model):
    """Someone who asked for e-mail notices of one or more bodies."""

    KIND = "subscription"  # names its e-mailed links' purpose (public_requests.services.Purpose)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the unsubscribe link names: random, so a freed row id never unsubscribes another.
    public_id: Mapped[str] = mapped_column(sa.String(32), unique=True, default=new_public_id)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    committees: Mapped[list[Committee]] = relationship(
        secondary=subscription_committee, order_by=Committee.position
    )
