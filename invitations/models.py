"""Invitation requests and notice subscriptions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import Committee
from core.db_types import UTCDateTime, str_enum
from core.time import utcnow
from extensions import db
from meetings.models import Meeting, MeetingKind


class RequestStatus(enum.Enum):
    UNCONFIRMED = "unconfirmed"  # the requester has not clicked the e-mailed link yet
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    REVOKED = "revoked"  # staff took back an approval; the guest's link stops working

    @property
    def label(self) -> str:
        return self.value.capitalize()


class InvitationRequest(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    # None: the body's member meetings in general.
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    organization: Mapped[str] = mapped_column(sa.String(200), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus), default=RequestStatus.UNCONFIRMED, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decision_message: Mapped[str] = mapped_column(sa.Text, default="")

    committee: Mapped[Committee] = relationship()
    meeting: Mapped[Meeting | None] = relationship()

    __audited__ = ("status", "decision_message")

    def can_view(self, viewer: Any) -> bool:
        """Staff of the body, once the requester confirmed: an unconfirmed request may be a
        stranger's use of someone else's address, and the requester was told so."""
        return self.status is not RequestStatus.UNCONFIRMED and self.committee.can_manage(viewer)

    def can_manage(self, viewer: Any) -> bool:
        return self.can_view(viewer)

    def covers(self, meeting: Meeting) -> bool:
        """Whether an approved guest of this request is invited to that meeting."""
        if self.meeting_id is not None:
            return self.meeting_id == meeting.id
        return (
            meeting.committee_id == self.committee_id
            and meeting.kind is MeetingKind.MEMBER_MEETING
            and meeting.needs_invitation
        )


subscription_committee = sa.Table(
    "subscription_committee",
    db.metadata,
    sa.Column(
        "subscriber_id", sa.ForeignKey("subscriber.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("committee_id", sa.ForeignKey("committee.id", ondelete="CASCADE"), primary_key=True),
)


class Subscriber(db.Model):
    """Someone who asked for e-mail notices of one or more bodies."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    committees: Mapped[list[Committee]] = relationship(
        secondary=subscription_committee, order_by=Committee.position
    )
