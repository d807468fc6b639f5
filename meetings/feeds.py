"""Serving calendar feeds: serialized once per change, validated against the database each time.

A single-row counter, `CalendarVersion`, goes up in the same transaction as any change that could
alter a feed. Each request asks the database for it (one small query), so every worker process sees
a change at once; the serialized bytes are kept per version in this process only to skip the work.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, time
from urllib.parse import parse_qs

import sqlalchemy as sa
from flask import Flask, Response, request
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.datastructures import ETags
from werkzeug.http import http_date, parse_date, parse_etags, quote_etag
from werkzeug.sansio.utils import get_host

from committees.models import Appointment, Committee
from core.caching import PUBLIC_CACHE
from core.db_types import UTCDateTime
from core.languages import DEFAULT, WHOLE, known
from core.security import SECURITY_HEADERS
from core.time import PACIFIC, today_pacific, utcnow
from extensions import db
from meetings.models import Meeting, Posting

CACHE_SIZE = 256


class CalendarVersion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Changes to these can change what some feed shows.
FEED_MODELS = (Meeting, Committee, Appointment, Posting)


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


VERSION_QUERY = sa.select(CalendarVersion.version, CalendarVersion.changed_at).where(
    CalendarVersion.id == 1
)
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


def current_version(engine: sa.Engine) -> tuple[int, datetime]:
    """The feeds' version, read with a plain connection: no ORM session on the hot path."""
    with engine.connect() as connection:
        row = connection.execute(VERSION_QUERY).first()
    return (row.version, row.changed_at) if row else (0, NEVER)


class FeedCache:
    """The last serialized feeds by ETag, bounded, in this process."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        # feed key -> the ETag last served for it, so a feed outlives a database outage
        self.latest: dict[str, str] = {}

    def get(self, etag: str) -> bytes | None:
        return self.entries.get(etag)

    def get_or_build(self, etag: str, build: Callable[[], bytes], feed_key: str = "") -> bytes:
        if etag in self.entries:
            self.entries.move_to_end(etag)
            body = self.entries[etag]
        else:
            body = build()
            self.entries[etag] = body
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)
        if feed_key:
            self.latest[feed_key] = etag
        return body

    def last_known(self, feed_key: str) -> tuple[str, bytes] | None:
        """The bytes last served for a feed, if this process still has them (stale-if-error)."""
        etag = self.latest.get(feed_key)
        body = self.entries.get(etag) if etag else None
        return (etag, body) if body is not None else None


cache = FeedCache()


def feed_etag(feed_key: str, version: int, changed_at: datetime) -> str:
    # The time of the change tells apart two databases at the same count (a new one, a restore);
    # the day is there because past cancelled meetings leave feeds and memberships end by date.
    material = f"{feed_key}|{version}|{changed_at.isoformat()}|{today_pacific().isoformat()}"
    return hashlib.sha256(material.encode()).hexdigest()[:40]


def public_feed_key(path: str, scheme: str, host: str, language: str) -> str:
    return f"public|{scheme}://{host}{path}|{language}"


def feed_language(query_string: str) -> str:
    """A feed's language is its link's `?lang=` alone (a calendar app sends no cookie, and
    every subscriber to one address must get the same bytes): a whole language, else English."""
    values = parse_qs(query_string).get("lang")
    code = known(values[0]) if values else None
    return code if code in WHOLE else DEFAULT


def last_modified(changed_at: datetime) -> datetime:
    # Feeds also change at midnight (see feed_etag), so they are never older than today.
    midnight = datetime.combine(today_pacific(), time(0), tzinfo=PACIFIC).astimezone(UTC)
    return max(changed_at, midnight).replace(microsecond=0)


def is_current(
    if_none_match: ETags, if_modified_since: datetime | None, etag: str, modified: datetime
) -> bool:
    """Whether the client already has this version (If-None-Match wins over If-Modified-Since)."""
    if if_none_match:
        return if_none_match.contains(etag)
    return bool(if_modified_since and modified <= if_modified_since)


def calendar_headers(etag: str, modified: datetime, cache_control: str) -> list[tuple[str, str]]:
    return [
        ("ETag", quote_etag(etag)),
        ("Last-Modified", http_date(modified)),
        ("Cache-Control", cache_control),
    ]


def body_headers(body: bytes, filename: str | None) -> list[tuple[str, str]]:
    disposition = f'attachment; filename="{filename}"' if filename else "inline"
    return [
        ("Content-Type", "text/calendar; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Content-Disposition", disposition),
    ]


def calendar_response(
    feed_key: str, build: Callable[[], bytes], *, filename: str | None = None, cache_control: str
) -> Response:
    """A conditional calendar response: 304 when the client is current, else the cached bytes.
    While the database is unreachable, the bytes last served (if any) are served again."""
    try:
        version, changed_at = current_version(db.engine)
    except DBAPIError:
        stale = cache.last_known(feed_key)
        if stale is None:
            raise
        return stale_response(*stale, filename)
    etag = feed_etag(feed_key, version, changed_at)
    modified = last_modified(changed_at)
    headers = calendar_headers(etag, modified, cache_control)
    if is_current(request.if_none_match, request.if_modified_since, etag, modified):
        return Response(status=304, headers=headers)
    body = cache.get_or_build(etag, build, feed_key)
    return Response(body, status=200, headers=headers + body_headers(body, filename))


STALE_CACHE = "public, max-age=60"  # ask again soon: this is the last copy before an outage


def stale_headers(etag: str, body: bytes, filename: str | None) -> list[tuple[str, str]]:
    return [
        ("ETag", quote_etag(etag)),
        ("Cache-Control", STALE_CACHE),
        *body_headers(body, filename),
    ]


def stale_response(etag: str, body: bytes, filename: str | None) -> Response:
    return Response(body, status=200, headers=stale_headers(etag, body, filename))


PUBLIC_FEED_PATH = re.compile(r"^/(calendar\.ics|committees/[a-z0-9-]{1,60}/calendar\.ics)$")
FAST_PATH_HEADERS = list(SECURITY_HEADERS.items())


class PublicFeedFastPath:
    """WSGI middleware in front of Flask for the public feeds.

    A calendar app polls its feed again and again; most polls need only the database's version:
    a 304, or bytes already serialized for that version. Those are answered here, before routing,
    sessions, login and the rate limiter do work they are not needed for. Anything else (the first
    request after a change, an unknown body) goes on to the Flask view, which builds and caches.
    """

    def __init__(self, app: Flask) -> None:
        self.next_app = app.wsgi_app
        with app.app_context():
            self.engine = db.engine

    def __call__(self, environ: dict, start_response: Callable):
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") in {"GET", "HEAD"} and PUBLIC_FEED_PATH.match(path):
            answer = self.answer(environ, path)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        return self.next_app(environ, start_response)

    def answer(self, environ: dict, path: str) -> tuple[str, list, bytes] | None:
        scheme = environ["wsgi.url_scheme"]
        host = get_host(
            scheme,
            environ.get("HTTP_HOST"),
            (environ.get("SERVER_NAME", ""), int(environ.get("SERVER_PORT") or 0)),
        )
        language = feed_language(environ.get("QUERY_STRING", ""))
        feed_key = public_feed_key(path, scheme, host, language)
        try:
            version, changed_at = current_version(self.engine)
        except DBAPIError:
            # stale-if-error: a calendar app keeps its meetings through a database restart
            stale = cache.last_known(feed_key)
            if stale is None:
                return None  # Flask answers: a 503 in the site's look
            etag, body = stale
            return "200 OK", stale_headers(etag, body, None) + FAST_PATH_HEADERS, body
        etag = feed_etag(feed_key, version, changed_at)
        modified = last_modified(changed_at)
        headers = calendar_headers(etag, modified, PUBLIC_CACHE) + FAST_PATH_HEADERS
        if is_current(
            parse_etags(environ.get("HTTP_IF_NONE_MATCH")),
            parse_date(environ.get("HTTP_IF_MODIFIED_SINCE")),
            etag,
            modified,
        ):
            return "304 Not Modified", headers, b""
        body = cache.get(etag)
        if body is None:
            return None
        cache.latest[feed_key] = etag
        return "200 OK", headers + body_headers(body, None), body
