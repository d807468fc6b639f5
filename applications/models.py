"""An application to a seat type (a confirmed request), and the files that come with it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import Appointment, SeatType
from extensions import db
from public_requests.models import ConfirmedRequest


class SeatApplication(ConfirmedRequest, db.Model):
    """An application to serve in a seat type (a confirmed request of the shared workflow)."""

    KIND = "application"
    REQUESTER_FIELDS = ("name", "phone", "organization", "statement")

    id: Mapped[int] = mapped_column(primary_key=True)
    seat_type_id: Mapped[int] = mapped_column(sa.ForeignKey("seat_type.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    organization: Mapped[str] = mapped_column(sa.String(200), default="")
    statement: Mapped[str] = mapped_column(sa.Text)
    appointment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("appointment.id", ondelete="SET NULL")
    )

    seat_type: Mapped[SeatType] = relationship()
    appointment: Mapped[Appointment | None] = relationship()
    attachments: Mapped[list[ApplicationAttachment]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )

    __audited__ = ("status", "seat_type_id", "appointment_id")


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
