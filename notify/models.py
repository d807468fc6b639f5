"""The outbox table: one row a message, from queued to sent."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime, str_enum
from core.protection import signed_in
from core.time import utcnow
from extensions import db


class OutboxStatus(enum.Enum):
    QUEUED = "queued"
    SENDING = "sending"  # claimed by a worker
    SENT = "sent"
    FAILED = "failed"  # refused for good (e.g. the address does not exist); not retried


class OutboxMessage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # The body the message belongs to; None: the install's own (password resets, and the like).
    # A plain id: this package knows no domain.
    committee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("committee.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text)
    headers: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    # [{"filename", "content_type", "data"}]: small text attachments such as an .ics invite.
    attachments: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus), default=OutboxStatus.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    claim_token: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    # Set when a message must be queued once only (e.g. one alert per term and threshold).
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status.value}>"

    def can_view(self, viewer: Any) -> bool:
        """Staff of the body it belongs to, and admins: recipients and subjects are personal."""
        return signed_in(viewer) and viewer.manages_committee_id(self.committee_id)

    def can_manage(self, viewer: Any) -> bool:
        return self.can_view(viewer)

    def resend_to(self, address: str, now: datetime) -> None:
        """Staff corrected the address of a message refused for good: queue it again."""
        self.recipient, self.status, self.attempts = address, OutboxStatus.QUEUED, 0
        self.next_attempt_at, self.last_error, self.claim_token = now, "", None
