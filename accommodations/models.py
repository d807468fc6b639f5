"""An accommodation request, and what a person may ask for."""

from __future__ import annotations

import enum
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.time import PACIFIC
from extensions import db
from meetings.models import Meeting
from meetings.services import washington_holidays
from public_requests.models import ConfirmedRequest


class Need(enum.Enum):
    INTERPRETER = "interpreter"
    CAPTIONING = "captioning"
    REMOTE_COMMENT = "remote_comment"
    OTHER = "other"

    @property
    def label(self) -> Any:
        return NEED_LABELS[self]


NEED_LABELS = {
    Need.INTERPRETER: _l("An interpreter (a spoken language, or American Sign Language)"),
    Need.CAPTIONING: _l("Live captioning (CART)"),
    Need.REMOTE_COMMENT: _l("Remote access to give public comment"),
    Need.OTHER: _l("Another accommodation"),
}


def ask_by(meeting_day: date, business_days: int) -> date:
    """The last day to ask: that many business days (no weekends, no state holidays) before."""
    holidays = washington_holidays(meeting_day.year) | washington_holidays(meeting_day.year - 1)
    day, left = meeting_day, business_days
    while left > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


class AccommodationRequest(ConfirmedRequest, db.Model):
    """What one person needs to take part in one meeting, and how staff answered."""

    KIND = "accommodation"
    REQUESTER_FIELDS = ("name", "phone", "needs", "interpreter_language", "details")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    needs: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # Need values
    interpreter_language: Mapped[str] = mapped_column(sa.String(100), default="")
    details: Mapped[str] = mapped_column(sa.Text, default="")
    decision_message: Mapped[str] = mapped_column(sa.Text, default="")

    meeting: Mapped[Meeting] = relationship()

    __audited__ = ("status", "decision_message")

    def describe_change(self, name: str, value: Any) -> str:
        if name == "needs":
            return "; ".join(str(Need(v).label) for v in value if v in Need._value2member_map_)
        return super().describe_change(name, value)

    @property
    def need_labels(self) -> list[Any]:
        return [Need(value).label for value in self.needs if value in Need._value2member_map_]

    @property
    def ask_by(self) -> date:
        meeting = self.meeting
        return ask_by(meeting.local_start.date(), meeting.committee.accommodation_notice_days)

    @property
    def asked_late(self) -> bool:
        return self.created_at.astimezone(PACIFIC).date() > self.ask_by

    def may_withdraw(self, now) -> bool:
        """Not once the meeting is over."""
        return self.meeting.ends_at > now and super().may_withdraw(now)
