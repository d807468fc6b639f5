"""Serving calendar feeds: serialized once per change, validated against the database each time.

A single-row counter, `CalendarVersion`, goes up in the same transaction as any change that could
alter a feed. Each request asks the database for it (one small query), so every worker process sees
a change at once; the serialized bytes are kept per version in this process only to skip the work.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, time

import sqlalchemy as sa
from flask import Response, request
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from committees.models import Appointment, Committee
from core.db_types import UTCDateTime
from core.time import PACIFIC, today_pacific, utcnow
from extensions import db
from meetings.models import Meeting

CACHE_SIZE = 256


class CalendarVersion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Changes to these can change what some feed shows.
FEED_MODELS = (Meeting, Committee, Appointment)


@event.listens_for(Session, "before_flush")
def _bump_calendar_version(session: Session, _context, _instances) -> None:
    touched = [*session.new, *session.dirty, *session.deleted]
    if not any(isinstance(obj, FEED_MODELS) for obj in touched):
        return
    # An atomic UPDATE, so concurrent transactions never lose a bump.
    updated = session.execute(
        sa.update(CalendarVersion)
        .where(CalendarVersion.id == 1)
        .values(version=CalendarVersion.version + 1, changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if updated.rowcount == 0:
        session.execute(sa.insert(CalendarVersion).values(id=1, version=1, changed_at=utcnow()))


def current_version() -> tuple[int, datetime]:
    row = db.session.execute(
        sa.select(CalendarVersion.version, CalendarVersion.changed_at).where(
            CalendarVersion.id == 1
        )
    ).first()
    return (row.version, row.changed_at) if row else (0, datetime(2000, 1, 1, tzinfo=UTC))


class FeedCache:
    """The last serialized feeds by ETag, bounded, in this process."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[str, bytes] = OrderedDict()

    def get_or_build(self, etag: str, build: Callable[[], bytes]) -> bytes:
        if etag in self.entries:
            self.entries.move_to_end(etag)
            return self.entries[etag]
        body = build()
        self.entries[etag] = body
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return body


cache = FeedCache()


def feed_etag(feed_key: str, version: int, changed_at: datetime) -> str:
    # The time of the change tells apart two databases at the same count (a new one, a restore);
    # the day is there because past cancelled meetings leave feeds and memberships end by date.
    material = f"{feed_key}|{version}|{changed_at.isoformat()}|{today_pacific().isoformat()}"
    return hashlib.sha256(material.encode()).hexdigest()[:40]


def calendar_response(
    feed_key: str, build: Callable[[], bytes], *, filename: str | None = None, cache_control: str
) -> Response:
    """A conditional calendar response: 304 when the client is current, else the cached bytes."""
    version, changed_at = current_version()
    etag = feed_etag(feed_key, version, changed_at)
    response = Response(mimetype="text/calendar")
    response.set_etag(etag)
    # Feeds also change at midnight (see feed_etag), so they are never older than today.
    midnight = datetime.combine(today_pacific(), time(0), tzinfo=PACIFIC).astimezone(UTC)
    changed_at = max(changed_at, midnight)
    response.last_modified = changed_at
    response.headers["Cache-Control"] = cache_control
    if request.if_none_match.contains(etag) or (
        not request.if_none_match
        and request.if_modified_since
        and changed_at.replace(microsecond=0) <= request.if_modified_since
    ):
        response.status_code = 304
        return response
    response.set_data(cache.get_or_build(etag, build))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    disposition = f'attachment; filename="{filename}"' if filename else "inline"
    response.headers["Content-Disposition"] = disposition
    return response
