"""A public comment, and when a meeting stops taking them."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime, str_enum
from core.time import utcnow
from extensions import db
from meetings.models import AgendaItem, Meeting, MeetingStatus
from public_requests.models import ConfirmedRequest
from public_requests.states import RequestStatus


class CommentKind(enum.Enum):
    WRITTEN = "written"
    ORAL = "oral"  # a sign-up to speak at the meeting

    @property
    def label(self) -> Any:
        return _l("Written comment") if self is CommentKind.WRITTEN else _l("Oral comment")


class OralMode(enum.Enum):
    IN_PERSON = "in_person"
    REMOTE = "remote"

    @property
    def label(self) -> Any:
        return _l("In person") if self is OralMode.IN_PERSON else _l("Remotely")


TEXT_LIMIT = 5000  # characters of a written comment


def takes_comment(meeting: Meeting) -> bool:
    """Open to the public or observable, and not cancelled: invitation-only meetings take none."""
    return not meeting.needs_invitation and meeting.status is not MeetingStatus.CANCELLED


def comment_cutoff(meeting: Meeting) -> datetime:
    """The last moment to comment: the body's setting, hours before the start (0: the start)."""
    return meeting.starts_at - timedelta(hours=meeting.committee.comment_cutoff_hours)


def may_comment(meeting: Meeting, now: datetime) -> bool:
    return takes_comment(meeting) and now < comment_cutoff(meeting)


class PublicComment(ConfirmedRequest, db.Model):
    """One person's written comment, or their sign-up to speak, on a meeting or one agenda item.

    Confirmed comments go to the members (digest and packet) and, after the meeting, to the public
    record. Staff may withhold one from the public record with a reason; it is never deleted."""

    KIND = "comment"
    REQUESTER_FIELDS = (
        "kind",
        "agenda_item_id",
        "text",
        "name",
        "publish_name",
        "oral_mode",
        "remote_for_disability",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    # None: on the meeting as a whole. An item removed later leaves the comment on the meeting.
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    kind: Mapped[CommentKind] = mapped_column(str_enum(CommentKind))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    # Empty: anonymous. Shown publicly only when publish_name says so.
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    publish_name: Mapped[bool] = mapped_column(default=False)
    oral_mode: Mapped[OralMode | None] = mapped_column(str_enum(OralMode))
    # Remote oral comment asked for because of a disability or limited mobility (RCW 42.30.240(3)):
    # staff get it as an accommodation request too.
    remote_for_disability: Mapped[bool] = mapped_column(default=False)
    # An optional attachment, kept like a meeting document (random name under UPLOAD_FOLDER).
    attachment_name: Mapped[str] = mapped_column(sa.String(200), default="")
    attachment_stored_name: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    attachment_content_type: Mapped[str] = mapped_column(sa.String(100), default="")
    attachment_size: Mapped[int] = mapped_column(default=0)
    # Withheld from the public record (threats, others' personal data): why, when and by whom.
    withheld_reason: Mapped[str] = mapped_column(sa.Text, default="")
    withheld_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withheld_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # When the members' digest carried it.
    distributed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()

    __audited__ = ("status", "withheld_reason", "withheld_at")

    def describe_change(self, name: str, value: Any) -> str:
        if name == "kind" and value:
            return str(CommentKind(value).label)
        if name == "oral_mode" and value:
            return str(OralMode(value).label)
        if name == "agenda_item_id":
            item = next((i for i in self.meeting.agenda_items if i.id == value), None)
            return item.title if item else str(_l("On the meeting as a whole"))
        return super().describe_change(name, value)

    @property
    def is_confirmed(self) -> bool:
        return self.status is RequestStatus.RECEIVED

    @property
    def is_withheld(self) -> bool:
        return self.withheld_at is not None

    @property
    def public_name(self) -> str | None:
        """The writer's name as the public record shows it: None for anonymous, or not allowed."""
        return self.name if (self.name and self.publish_name) else None

    def public_record_from(self) -> datetime | None:
        """When the comment joins the public record: the meeting's start (before it, the members
        read comments first); None while it is unconfirmed or withheld."""
        if not self.is_confirmed or self.is_withheld:
            return None
        return self.meeting.starts_at

    def is_public_record(self, now: datetime) -> bool:
        """On the meeting page for everyone: confirmed, not withheld, and the meeting has begun."""
        starts = self.public_record_from()
        return starts is not None and starts <= now

    # -- who sees what -------------------------------------------------------------------------

    def can_view(self, viewer: Any) -> bool:
        """Confirmed comments: the body's insiders always (they are distributed to the members);
        everyone else once it is part of the public record. Unconfirmed or withdrawn: nobody."""
        if not self.is_confirmed:
            return False
        if self.committee.is_insider(viewer):
            return True
        return self.is_public_record(utcnow()) and self.meeting.can_view_details(viewer)

    def can_manage(self, viewer: Any) -> bool:
        """Withholding and restoring: the body's staff, on a confirmed comment."""
        return self.is_confirmed and self.committee.can_manage(viewer)

    def may_withdraw(self, now: datetime) -> bool:
        """Until the cutoff: after it, the comment is part of what the members received."""
        return now < comment_cutoff(self.meeting) and super().may_withdraw(now)

    def withhold(self, reason: str, *, by: Any, now: datetime) -> None:
        """Off the public record, with why; still the members' and in the audit log."""
        self.withheld_reason, self.withheld_at, self.withheld_by_id = reason, now, by.id

    def restore(self) -> None:
        self.withheld_reason, self.withheld_at, self.withheld_by_id = "", None, None
