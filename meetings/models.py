"""Meetings, their agendas, documents and attendance, and who may see which part of them.

The access rule lives here once: `Meeting.can_view_details` and `Document.can_download`, asked for
a viewer (a user, the public, or an approved guest). Pages, downloads, feeds, the API and e-mails
all ask these methods; SQL asks `Meeting.needs_invitation`.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from committees.models import Appointment, Committee, MeetingAccess
from core.db_types import UTCDateTime, str_enum
from core.protection import is_guest_of
from core.time import PACIFIC, utc_iso, utcnow
from core.translated import Translated, TranslatedText
from extensions import db
from meetings import opma


class MeetingKind(enum.Enum):
    MEMBER_MEETING = "member_meeting"
    PUBLIC_SESSION = "public_information_session"
    SPECIAL_MEETING = "special_meeting"

    @property
    def label(self) -> str:
        return {
            # "Member meeting" read as "for members only" even when open to the public.
            MeetingKind.MEMBER_MEETING: _l("Regular meeting"),
            MeetingKind.PUBLIC_SESSION: _l("Public information session"),
            MeetingKind.SPECIAL_MEETING: _l("Special meeting"),
        }[self]


class MeetingStatus(enum.Enum):
    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    HELD = "held"

    @property
    def label(self) -> str:
        return {
            MeetingStatus.SCHEDULED: _l("Scheduled"),
            MeetingStatus.POSTPONED: _l("Postponed"),
            MeetingStatus.CANCELLED: _l("Cancelled"),
            MeetingStatus.HELD: _l("Held"),
        }[self]


class Meeting(Translated, db.Model):
    TRANSLATED: ClassVar[dict[str, str]] = {"title": "Title", "business": "Business"}

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="RESTRICT"))
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind))
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(sa.Text, default="")
    remote_url: Mapped[str] = mapped_column(sa.String(500), default="")
    remote_dial_in: Mapped[str] = mapped_column(sa.String(200), default="")
    access: Mapped[MeetingAccess] = mapped_column(str_enum(MeetingAccess))
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus), default=MeetingStatus.SCHEDULED
    )
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Goes up on every change a calendar cares about; the iCal SEQUENCE.
    revision: Mapped[int] = mapped_column(default=0)
    # Special meetings (RCW 42.30.080): when notice went out, the business, and any emergency.
    business: Mapped[str] = mapped_column(sa.Text, default="")
    notice_posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_emergency: Mapped[bool] = mapped_column(default=False)
    emergency_reason: Mapped[str] = mapped_column(sa.Text, default="")
    cancellation_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    committee: Mapped[Committee] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    # The record of what was posted (meetings.postings); never deleted with a draft.
    postings: Mapped[list[Posting]] = relationship(
        back_populates="meeting", order_by="Posting.sequence", passive_deletes="all"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="meeting", order_by="Document.uploaded_at", cascade="all, delete-orphan"
    )
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        # A body's meetings in time order (its page, its feed, its next meeting): at 50,000
        # meetings this is what keeps those pages from reading every body's.
        sa.Index("ix_meeting_committee_id_starts_at", "committee_id", "starts_at"),
    )

    __audited__ = (
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "location",
        "remote_url",
        "remote_dial_in",
        "access",
        "status",
        "status_reason",
        "is_emergency",
        "emergency_reason",
    )
    # The fields whose change a subscribed calendar must see.
    CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "location", "remote_url", "status")
    # What a notice of a change names, old → new; the details among them only to whom may see them.
    NOTICE_FIELDS: ClassVar[dict[str, Any]] = {
        "title": _l("Title"),
        "starts_at": _l("Starts"),
        "ends_at": _l("Ends"),
        "status": _l("Status"),
        "location": _l("Place"),
        "remote_url": _l("Join online"),
        "remote_dial_in": _l("Dial in"),
    }
    DETAIL_FIELDS = frozenset({"location", "remote_url", "remote_dial_in"})

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.title!r}>"

    # -- who sees what -------------------------------------------------------------------------

    @hybrid_property
    def needs_invitation(self) -> bool:
        return self.access.needs_invitation

    @needs_invitation.inplace.expression
    @classmethod
    def _needs_invitation_expression(cls) -> sa.ColumnElement[bool]:
        return cls.access.in_([a for a in MeetingAccess if a.needs_invitation])

    def can_view(self, viewer: Any) -> bool:
        """That a meeting takes place, and when, is public for every meeting."""
        return True

    def can_view_details(self, viewer: Any) -> bool:
        """Place, remote link, dial-in, agenda and documents: hidden from the public only when
        the meeting is by invitation; then shown to the body's insiders and its approved guests."""
        if not self.needs_invitation:
            return True
        return self.committee.is_insider(viewer) or is_guest_of(viewer, self.id)

    def can_manage(self, viewer: Any) -> bool:
        return self.committee.can_manage(viewer)

    def visible_agenda(self, viewer: Any) -> list[AgendaItem] | list[PostedItem]:
        """The latest posted version, to whom may see the meeting's details; before the first
        posting, the draft to staff only (edits after it stay on the staff's screen)."""
        posted = self.posted_agenda
        if posted is not None:
            return posted.items() if self.can_view_details(viewer) else []
        return self.agenda_items if self.can_manage(viewer) else []

    def visible_documents(self, viewer: Any) -> list[Document]:
        return [d for d in self.documents if d.can_download(viewer)]

    def downloadable(self, viewer: Any) -> dict[int, Document]:
        """The documents the viewer may download, by id: what a posted version's list of
        documents is matched against."""
        return {d.id: d for d in self.visible_documents(viewer)}

    def missing_translations(self, language: str) -> list[str]:
        """The parts of the meeting and its agenda with no text in that language, for staff."""
        parts = [f"Meeting {label.lower()}" for label in self.missing_in(language)]
        for number, item in enumerate(self.agenda_items, start=1):
            missing = item.missing_in(language)
            parts += [f"Item {number} ({item.title}): {label.lower()}" for label in missing]
        return parts

    def unsaved_changes(self) -> list[MeetingChange]:
        """What is about to change (call before the flush), for the notices that say so."""
        state = sa.inspect(self)
        changes = []
        for name, label in self.NOTICE_FIELDS.items():
            history = state.attrs[name].history
            if history.has_changes():
                before = history.deleted[0] if history.deleted else None
                after = history.added[0] if history.added else None
                if before != after:
                    changes.append(MeetingChange(name, label, before, after))
        return changes

    # -- time ----------------------------------------------------------------------------------

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(PACIFIC)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(PACIFIC)

    # -- agenda and the open-meetings law ---------------------------------------------------------

    @property
    def agenda_postings(self) -> list[Posting]:
        """Each posted version of the agenda, the first posting first."""
        return [p for p in self.postings if p.kind is PostingKind.AGENDA]

    @property
    def notice_postings(self) -> list[Posting]:
        return [p for p in self.postings if p.kind is PostingKind.NOTICE]

    @property
    def posted_agenda(self) -> Posting | None:
        versions = self.agenda_postings
        return versions[-1] if versions else None

    @property
    def agenda_posted_at(self) -> datetime | None:
        versions = self.agenda_postings
        return versions[0].posted_at if versions else None

    @property
    def agenda_revised_at(self) -> datetime | None:
        versions = self.agenda_postings
        return versions[-1].posted_at if len(versions) > 1 else None

    @property
    def agenda_posted_late(self) -> bool:
        versions = self.agenda_postings
        return bool(versions) and versions[0].late

    @property
    def agenda_rule_applies(self) -> bool:
        """RCW 42.30.077: regular meetings the public may attend or observe."""
        return self.kind is not MeetingKind.SPECIAL_MEETING and self.access in {
            MeetingAccess.PUBLIC,
            MeetingAccess.PUBLIC_MAY_OBSERVE,
        }

    def agenda_deadline(self) -> datetime | None:
        return opma.agenda_deadline(self.starts_at) if self.agenda_rule_applies else None

    def publishing_now_is_late(self, now: datetime) -> bool:
        return self.agenda_rule_applies and opma.is_late(self.starts_at, now)

    # -- minutes and attendance ----------------------------------------------------------------

    @property
    def has_approved_minutes(self) -> bool:
        """Approved either way: recorded with motions and votes (meetings.minutes), or an
        uploaded file marked approved."""
        recorded = self.minutes is not None and self.minutes.is_approved
        return recorded or any(d.is_approved_minutes for d in self.documents)

    def is_over(self, now: datetime) -> bool:
        return self.ends_at <= now and self.status in {MeetingStatus.SCHEDULED, MeetingStatus.HELD}

    def seat_holders(self) -> list[Appointment]:
        """Who held a seat on the day of the meeting: the people whose attendance counts."""
        day = self.local_start.date()
        return [a for t in self.committee.seat_types for a in t.seat_holders(day)]

    def quorum(self) -> Quorum:
        holders = {a.id for a in self.seat_holders()}
        attending = sum(
            1
            for record in self.attendance
            if record.appointment_id in holders and record.status.counts_for_quorum
        )
        return Quorum.of(len(holders), attending, self.committee.quorum_size)


@dataclass(frozen=True)
class MeetingChange:
    name: str
    label: Any  # a lazy string: written in the reader's language
    before: Any
    after: Any

    @property
    def is_detail(self) -> bool:
        """Place and links: shown only to whom may see the meeting's details."""
        return self.name in Meeting.DETAIL_FIELDS


class Quorum:
    """A majority of filled seats unless the body fixes its own number."""

    def __init__(self, needed: int, attending: int) -> None:
        self.needed = needed
        self.attending = attending

    @classmethod
    def of(cls, filled_seats: int, attending: int, fixed: int | None = None) -> Quorum:
        return cls(fixed if fixed else filled_seats // 2 + 1, attending)

    @property
    def met(self) -> bool:
        return self.attending >= self.needed


class AgendaItem(Translated, db.Model):
    TRANSLATED: ClassVar[dict[str, str]] = {"title": "Title", "description": "Description"}

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(300))
    presenter: Mapped[str] = mapped_column(sa.String(200), default="")
    minutes_allotted: Mapped[int | None]
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    is_action_item: Mapped[bool] = mapped_column(default=False)

    __audited__ = (
        "title",
        "presenter",
        "minutes_allotted",
        "position",
        "is_action_item",
        "description",
    )

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")

    @property
    def document_ids(self) -> list[int]:
        """The documents attached to this item in the draft (a posted version keeps its own)."""
        return [d.id for d in self.meeting.documents if d.agenda_item_id == self.id]

    def can_view(self, viewer: Any) -> bool:
        return self.meeting.can_view_details(viewer)

    def can_manage(self, viewer: Any) -> bool:
        return self.meeting.can_manage(viewer)


def canonical_json(document: dict[str, Any]) -> bytes:
    """One byte string per document: sorted keys, no spaces, UTF-8 (RFC 8785's rule for a
    document of strings, integers, booleans and nulls)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class PostingKind(enum.Enum):
    AGENDA = "agenda"
    NOTICE = "notice"  # a special meeting's notice (RCW 42.30.080)


class Posting(db.Model):
    """One thing a body posted, frozen: an agenda version or a special meeting's notice, chained
    to the body's previous posting by fingerprint (see meetings.postings). Never edited."""

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="RESTRICT"))
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="RESTRICT"))
    kind: Mapped[PostingKind] = mapped_column(str_enum(PostingKind))
    version: Mapped[int]  # 1 is the posting; later ones revise it
    sequence: Mapped[int]  # its place in the body's chain
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(default=False)
    posted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    previous_fingerprint: Mapped[str | None] = mapped_column(sa.String(64))
    fingerprint: Mapped[str] = mapped_column(sa.String(64), unique=True)

    meeting: Mapped[Meeting] = relationship(back_populates="postings")

    __table_args__ = (
        sa.UniqueConstraint("committee_id", "sequence", name="one_place_in_the_chain"),
        sa.UniqueConstraint("meeting_id", "kind", "version", name="one_version_number"),
    )

    def document(self) -> dict[str, Any]:
        """What the fingerprint covers: the content, the time, and the chain."""
        return {
            "body": self.committee_id,
            "meeting": self.meeting_id,
            "kind": self.kind.value,
            "version": self.version,
            "sequence": self.sequence,
            "posted_at": utc_iso(self.posted_at),
            "previous": self.previous_fingerprint,
            "content": self.content,
        }

    def canonical(self) -> bytes:
        """The bytes of `/meetings/<id>/agenda/<n>.json`, whose SHA-256 is the fingerprint."""
        return canonical_json(self.document())

    def items(self) -> list[PostedItem]:
        documents = self.content.get("documents", [])
        return [
            PostedItem(item, [d for d in documents if d["item"] == item["id"]])
            for item in self.content.get("items", [])
        ]

    def meeting_documents(self) -> list[dict[str, Any]]:
        """The documents posted with the agenda for the meeting as a whole."""
        return [d for d in self.content.get("documents", []) if d["item"] is None]


class PostedItem(TranslatedText):
    """An agenda item as a posted version froze it: read like the item itself."""

    TRANSLATED: ClassVar[dict[str, str]] = AgendaItem.TRANSLATED

    def __init__(self, entry: dict[str, Any], documents: list[dict[str, Any]]) -> None:
        self.id: int = entry["id"]
        self.title: str = entry["title"]
        self.description: str = entry["description"]
        self.presenter: str = entry["presenter"]
        self.minutes_allotted: int | None = entry["minutes"]
        self.is_action_item: bool = entry["action"]
        self.translations = entry.get("translations") or {}
        self.document_ids = [d["id"] for d in documents]


class DocumentKind(enum.Enum):
    AGENDA_PACKET = "agenda_packet"
    MINUTES = "minutes"
    PRESENTATION = "presentation"
    REPORT = "report"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            DocumentKind.AGENDA_PACKET: _l("Agenda packet"),
            DocumentKind.MINUTES: _l("Minutes"),
            DocumentKind.PRESENTATION: _l("Presentation"),
            DocumentKind.REPORT: _l("Report"),
            DocumentKind.OTHER: _l("Other"),
        }[self]


class DocumentVisibility(enum.Enum):
    PUBLIC = "public"
    MEMBERS_ONLY = "members_only"

    @property
    def label(self) -> str:
        return "Public" if self is DocumentVisibility.PUBLIC else "Members only"


class Document(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind))
    title: Mapped[str] = mapped_column(sa.String(200))
    visibility: Mapped[DocumentVisibility] = mapped_column(str_enum(DocumentVisibility))
    # The name shown and offered on download; the file on disk has a random name.
    filename: Mapped[str] = mapped_column(sa.String(200))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Minutes only: None while a draft, the day the body approved them after.
    approved_on: Mapped[date | None]
    # Attached to one agenda item, or (None) to the meeting as a whole.
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    # Whether the meeting's packet PDF carries it.
    in_packet: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # The file's SHA-256, taken at upload: a posting names the file by it.
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # What the file says, read at upload (PDF and plain text), for the search.
    text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    meeting: Mapped[Meeting] = relationship(back_populates="documents")

    __audited__ = ("title", "kind", "visibility", "filename", "approved_on")

    def can_view(self, viewer: Any) -> bool:
        """A document nobody may download is, to them, a document that does not exist."""
        return self.can_download(viewer)

    def can_manage(self, viewer: Any) -> bool:
        return self.meeting.can_manage(viewer)

    @property
    def is_approved_minutes(self) -> bool:
        return self.kind is DocumentKind.MINUTES and self.approved_on is not None

    def can_download(self, viewer: Any) -> bool:
        if self.meeting.committee.is_insider(viewer):
            return True
        if self.visibility is not DocumentVisibility.PUBLIC:
            return False
        if self.kind is DocumentKind.MINUTES and not self.is_approved_minutes:
            return False
        return self.meeting.can_view_details(viewer)


class AttendanceStatus(enum.Enum):
    PRESENT = "present"
    REMOTE = "remote"
    ABSENT = "absent"
    EXCUSED = "excused"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def counts_for_quorum(self) -> bool:
        return self in {AttendanceStatus.PRESENT, AttendanceStatus.REMOTE}


class Attendance(db.Model):
    """One seat holder's attendance, or a guest's (no appointment, a name instead)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    appointment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("appointment.id", ondelete="CASCADE")
    )
    guest_name: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[AttendanceStatus] = mapped_column(str_enum(AttendanceStatus))

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    appointment: Mapped[Appointment | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("meeting_id", "appointment_id"),)
    __audited__ = ("appointment_id", "guest_name", "status")


@event.listens_for(Session, "before_flush")
def _bump_meeting_revisions(session: Session, _context, _instances) -> None:
    """Any change a calendar would care about raises the revision, whichever code made it."""
    for obj in session.dirty:
        if isinstance(obj, Meeting) and session.is_modified(obj):
            state = sa.inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in Meeting.CALENDAR_FIELDS):
                obj.revision = (obj.revision or 0) + 1
