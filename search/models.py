"""The search index: one row per record and language, with who may find it."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime, str_enum
from extensions import db


class RecordKind(enum.Enum):
    BODY = "body"
    MEETING = "meeting"
    AGENDA_ITEM = "agenda_item"
    MINUTES = "minutes"
    COMMENT = "comment"
    DOCUMENT = "document"

    @property
    def label(self) -> Any:
        return {
            RecordKind.BODY: _l("Body"),
            RecordKind.MEETING: _l("Meeting"),
            RecordKind.AGENDA_ITEM: _l("Agenda item"),
            RecordKind.MINUTES: _l("Minutes"),
            RecordKind.COMMENT: _l("Public comment"),
            RecordKind.DOCUMENT: _l("Document"),
        }[self]


class Audience(enum.Enum):
    PUBLIC = "public"  # anyone, from `public_from` on if it is set
    INSIDERS = "insiders"  # the body's members and staff


class SearchEntry(db.Model):
    """What one record says in one language. A record's entries are replaced whole when it changes
    (`search.index`); agenda items are their meeting's, told apart by `anchor` (the posted item's
    id). PostgreSQL adds a generated `document` tsvector column and SQLite an FTS5 table over
    title and text (the migration): neither is mapped, the queries in `search.query` name them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RecordKind] = mapped_column(str_enum(RecordKind))
    record_id: Mapped[int]
    anchor: Mapped[int] = mapped_column(default=0)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(10))
    title: Mapped[str] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    happened_on: Mapped[date | None]  # the meeting's day, in Pacific time; bodies have none
    audience: Mapped[Audience] = mapped_column(str_enum(Audience))
    public_from: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.Index("ix_search_entry_record", "kind", "record_id"),
        sa.Index("ix_search_entry_committee_id", "committee_id"),
        sa.Index("ix_search_entry_meeting_id", "meeting_id"),
    )
