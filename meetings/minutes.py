"""Minutes built from the posted agenda: a summary per item, motions with their mover and
seconder, and each motion's vote (a roll call of the seat holders present, or a voice vote);
amendments are motions on motions. Draft until a later meeting approves them (RCW 42.30.035).
Executive sessions (RCW 42.30.110) are recorded here too: their purpose and times, nothing of
what was said."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.models import Appointment
from core.db_types import UTCDateTime, str_enum
from core.time import utcnow
from extensions import db
from meetings.models import Meeting, Posting


class MinutesStatus(enum.Enum):
    DRAFT = "draft"
    APPROVED = "approved"

    @property
    def label(self) -> Any:
        return _l("Draft") if self is MinutesStatus.DRAFT else _l("Approved")


class Minutes(db.Model):
    """One meeting's minutes: built from its latest posted agenda, approved at a later meeting."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )
    # The agenda version the minutes follow.
    posting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("posting.id", ondelete="RESTRICT"))
    status: Mapped[MinutesStatus] = mapped_column(
        str_enum(MinutesStatus), default=MinutesStatus.DRAFT
    )
    summary: Mapped[str] = mapped_column(sa.Text, default="")  # opening remarks, Markdown
    approved_on: Mapped[date | None]
    approved_at_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="RESTRICT")
    )
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(
        foreign_keys=[meeting_id], backref=sa.orm.backref("minutes", uselist=False)
    )
    posting: Mapped[Posting | None] = relationship()
    approved_at_meeting: Mapped[Meeting | None] = relationship(
        foreign_keys=[approved_at_meeting_id]
    )
    items: Mapped[list[MinutesItem]] = relationship(
        back_populates="minutes", order_by="MinutesItem.position", cascade="all, delete-orphan"
    )

    __audited__ = ("status", "summary", "approved_on", "approved_at_meeting_id")

    @property
    def is_approved(self) -> bool:
        return self.status is MinutesStatus.APPROVED

    def can_view(self, viewer: Any) -> bool:
        """Approved minutes to whom may see the meeting's details; drafts to the body's insiders."""
        if self.meeting.committee.is_insider(viewer):
            return True
        return self.is_approved and self.meeting.can_view_details(viewer)

    def can_manage(self, viewer: Any) -> bool:
        return self.meeting.can_manage(viewer)

    def motions(self) -> list[Motion]:
        """Every motion, amendments included, in the order of the items and of their making."""
        return [m for item in self.items for m in item.all_motions()]


class MinutesItem(db.Model):
    """What the minutes say of one posted agenda item."""

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    # The posted item's id and title as the agenda version froze them.
    agenda_item_id: Mapped[int | None]
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown

    minutes: Mapped[Minutes] = relationship(back_populates="items")
    # Every motion under the item, amendments included.
    motions: Mapped[list[Motion]] = relationship(
        back_populates="item", order_by="Motion.position", cascade="all, delete-orphan"
    )

    __audited__ = ("title", "summary")

    def can_view(self, viewer: Any) -> bool:
        return self.minutes.can_view(viewer)

    def can_manage(self, viewer: Any) -> bool:
        return self.minutes.can_manage(viewer)

    def all_motions(self) -> list[Motion]:
        """Each main motion followed by its amendments (and theirs), in the order they were made."""
        return [
            m
            for motion in self.motions
            if motion.amends_id is None
            for m in motion.with_amendments()
        ]


class VoteMethod(enum.Enum):
    ROLL_CALL = "roll_call"
    VOICE = "voice"

    @property
    def label(self) -> Any:
        return _l("Roll call") if self is VoteMethod.ROLL_CALL else _l("Voice vote")


class MotionResult(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"  # withdrawn by the mover before a vote

    @property
    def label(self) -> Any:
        return {
            MotionResult.PASSED: _l("Passed"),
            MotionResult.FAILED: _l("Failed"),
            MotionResult.WITHDRAWN: _l("Withdrawn"),
        }[self]


class Motion(db.Model):
    """A motion made under an agenda item, or (amends_id) an amendment to another motion."""

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("minutes_item.id", ondelete="CASCADE")
    )
    amends_id: Mapped[int | None] = mapped_column(sa.ForeignKey("motion.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    mover_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("appointment.id", ondelete="RESTRICT")
    )
    seconder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("appointment.id", ondelete="RESTRICT")
    )
    method: Mapped[VoteMethod] = mapped_column(str_enum(VoteMethod), default=VoteMethod.ROLL_CALL)
    # A voice vote's result as the chair declared it; a roll call's is counted (`outcome`).
    declared_result: Mapped[MotionResult | None] = mapped_column(str_enum(MotionResult))

    item: Mapped[MinutesItem] = relationship(back_populates="motions")
    amends: Mapped[Motion | None] = relationship(remote_side=[id], back_populates="amendments")
    amendments: Mapped[list[Motion]] = relationship(
        back_populates="amends", order_by="Motion.position"
    )
    mover: Mapped[Appointment | None] = relationship(foreign_keys=[mover_id])
    seconder: Mapped[Appointment | None] = relationship(foreign_keys=[seconder_id])
    votes: Mapped[list[Vote]] = relationship(
        back_populates="motion", order_by="Vote.id", cascade="all, delete-orphan"
    )

    __audited__ = ("text", "mover_id", "seconder_id", "method", "declared_result")

    def can_view(self, viewer: Any) -> bool:
        return self.item.can_view(viewer)

    def can_manage(self, viewer: Any) -> bool:
        return self.item.can_manage(viewer)

    def mover_label(self, viewer: Any) -> str:
        return seat_holder_label(self.mover, viewer) if self.mover else ""

    def seconder_label(self, viewer: Any) -> str:
        return seat_holder_label(self.seconder, viewer) if self.seconder else ""

    def with_amendments(self) -> list[Motion]:
        return [self, *(m for a in self.amendments for m in a.with_amendments())]

    def counts(self) -> dict[VoteChoice, int]:
        tally = dict.fromkeys(VoteChoice, 0)
        for vote in self.votes:
            tally[vote.choice] += 1
        return tally

    @property
    def outcome(self) -> MotionResult | None:
        """A roll call passes with more yes than no (abstentions and recusals count for
        neither); a voice vote's is what the chair declared; None until a vote is recorded."""
        if self.declared_result is MotionResult.WITHDRAWN or self.method is VoteMethod.VOICE:
            return self.declared_result
        if not self.votes:
            return None
        tally = self.counts()
        return (
            MotionResult.PASSED
            if tally[VoteChoice.YES] > tally[VoteChoice.NO]
            else (MotionResult.FAILED)
        )


class VoteChoice(enum.Enum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    RECUSED = "recused"

    @property
    def label(self) -> Any:
        return {
            VoteChoice.YES: _l("Yes"),
            VoteChoice.NO: _l("No"),
            VoteChoice.ABSTAIN: _l("Abstain"),
            VoteChoice.RECUSED: _l("Recused"),
        }[self]


class Vote(db.Model):
    """One seat holder's vote in a roll call."""

    id: Mapped[int] = mapped_column(primary_key=True)
    motion_id: Mapped[int] = mapped_column(sa.ForeignKey("motion.id", ondelete="CASCADE"))
    appointment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("appointment.id", ondelete="RESTRICT")
    )
    choice: Mapped[VoteChoice] = mapped_column(str_enum(VoteChoice))

    motion: Mapped[Motion] = relationship(back_populates="votes")
    appointment: Mapped[Appointment] = relationship()

    __table_args__ = (sa.UniqueConstraint("motion_id", "appointment_id"),)
    __audited__ = ("appointment_id", "choice")

    def voter_label(self, viewer: Any) -> str:
        """The voter's name, or the seat alone where a survivor seat holder has not consented to
        being named (and the viewer is not one of the body's insiders)."""
        return seat_holder_label(self.appointment, viewer)


def seat_holder_label(appointment: Appointment, viewer: Any) -> str:
    """How the minutes name a seat holder (voter, mover, seconder, attendee): by name, or by the
    seat alone where a survivor seat holder has not consented and the viewer is no insider."""
    if appointment.committee.is_insider(viewer) or appointment.name_is_public:
        return appointment.person.name
    return appointment.seat_type.label


class ExecutivePurpose(enum.Enum):
    """The purposes of RCW 42.30.110(1) that bodies like these meet for; the value is its letter."""

    NATIONAL_SECURITY = "a"
    REAL_ESTATE_ACQUISITION = "b"
    REAL_ESTATE_SALE = "c"
    PUBLIC_BID_CONTRACTS = "d"
    COMPLAINTS = "f"
    EMPLOYMENT_APPLICANT = "g"
    ELECTIVE_OFFICE_CANDIDATE = "h"
    LEGAL_COUNSEL = "i"
    HEALTH_CARE_PROPRIETARY = "l"

    @property
    def label(self) -> Any:
        return EXECUTIVE_PURPOSE_LABELS[self]

    @property
    def citation(self) -> str:
        return f"RCW 42.30.110(1)({self.value})"


EXECUTIVE_PURPOSE_LABELS = {
    ExecutivePurpose.NATIONAL_SECURITY: _l("To consider matters affecting national security"),
    ExecutivePurpose.REAL_ESTATE_ACQUISITION: _l(
        "To consider the selection of a site or the acquisition of real estate"
    ),
    ExecutivePurpose.REAL_ESTATE_SALE: _l(
        "To consider the minimum price at which real estate will be offered for sale or lease"
    ),
    ExecutivePurpose.PUBLIC_BID_CONTRACTS: _l(
        "To review negotiations on the performance of publicly bid contracts"
    ),
    ExecutivePurpose.COMPLAINTS: _l(
        "To receive and evaluate complaints or charges brought against a public officer or employee"
    ),
    ExecutivePurpose.EMPLOYMENT_APPLICANT: _l(
        "To evaluate the qualifications of an applicant for public employment or review the "
        "performance of a public employee"
    ),
    ExecutivePurpose.ELECTIVE_OFFICE_CANDIDATE: _l(
        "To evaluate the qualifications of a candidate for appointment to elective office"
    ),
    ExecutivePurpose.LEGAL_COUNSEL: _l(
        "To discuss with legal counsel enforcement actions, litigation or potential litigation"
    ),
    ExecutivePurpose.HEALTH_CARE_PROPRIETARY: _l(
        "To consider proprietary or confidential information on state purchased health care "
        "services"
    ),
}


class ExecutiveSession(db.Model):
    """An executive session within a meeting: its announced purpose, start and expected end."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    purpose: Mapped[ExecutivePurpose] = mapped_column(str_enum(ExecutivePurpose))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expected_end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    meeting: Mapped[Meeting] = relationship(
        backref=sa.orm.backref(
            "executive_sessions", order_by="ExecutiveSession.starts_at", cascade="all"
        )
    )
    extensions: Mapped[list[ExecutiveExtension]] = relationship(
        back_populates="session",
        order_by="ExecutiveExtension.announced_at",
        cascade="all, delete-orphan",
    )

    __table_args__ = (sa.CheckConstraint("expected_end_at > starts_at", name="ends_after_start"),)
    __audited__ = ("purpose", "starts_at", "expected_end_at")

    @property
    def ends_at(self) -> datetime:
        """The latest announced end: the last extension's, else the one first announced."""
        return self.extensions[-1].new_end_at if self.extensions else self.expected_end_at

    def can_view(self, viewer: Any) -> bool:
        """Announced in the open meeting: to whom may see the meeting's details."""
        return self.meeting.can_view_details(viewer)

    def can_manage(self, viewer: Any) -> bool:
        return self.meeting.can_manage(viewer)


class ExecutiveExtension(db.Model):
    """An extension announced during the session (RCW 42.30.110(2)): when, and the new end."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("executive_session.id", ondelete="CASCADE")
    )
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime)
    new_end_at: Mapped[datetime] = mapped_column(UTCDateTime)

    session: Mapped[ExecutiveSession] = relationship(back_populates="extensions")

    __audited__ = ("announced_at", "new_end_at")
