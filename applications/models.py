"""An application to a seat type, and the files that come with it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import Appointment, Committee, SeatType
from core.db_types import UTCDateTime, str_enum
from core.time import utcnow
from extensions import db


class ApplicationStatus(enum.Enum):
    UNCONFIRMED = "unconfirmed"
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    RECOMMENDED = "recommended"
    APPOINTED = "appointed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = {
    ApplicationStatus.RECEIVED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.RECOMMENDED,
}


class SeatApplication(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    seat_type_id: Mapped[int] = mapped_column(sa.ForeignKey("seat_type.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    organization: Mapped[str] = mapped_column(sa.String(200), default="")
    statement: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ApplicationStatus] = mapped_column(
        str_enum(ApplicationStatus), default=ApplicationStatus.UNCONFIRMED, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appointment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("appointment.id", ondelete="SET NULL")
    )

    committee: Mapped[Committee] = relationship()
    seat_type: Mapped[SeatType] = relationship()
    appointment: Mapped[Appointment | None] = relationship()
    attachments: Mapped[list[ApplicationAttachment]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )

    __audited__ = ("status", "seat_type_id", "appointment_id")

    def can_view(self, viewer: Any) -> bool:
        """Staff of the body only (never members, never staff of another body), and only once
        confirmed: the applicant was told staff see it only then."""
        return (
            self.status is not ApplicationStatus.UNCONFIRMED
            and self.committee.can_manage(viewer)
        )

    def can_manage(self, viewer: Any) -> bool:
        return self.can_view(viewer)


class ApplicationAttachment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("seat_application.id", ondelete="CASCADE")
    )
    filename: Mapped[str] = mapped_column(sa.String(200))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]

    application: Mapped[SeatApplication] = relationship(back_populates="attachments")

    def can_view(self, viewer: Any) -> bool:
        return self.application.can_view(viewer)

    def can_manage(self, viewer: Any) -> bool:
        return self.application.can_manage(viewer)
