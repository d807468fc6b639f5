"""Washington's Open Public Meetings Act (RCW 42.30) deadlines, as pure functions of aware times.

Deadlines are counted in real hours: 24 hours before a meeting is the same instant whatever the
clocks do in between. Python subtracts two datetimes of the same zone by wall clock, so every
calculation here is done in UTC.
"""

from datetime import UTC, datetime, timedelta

# RCW 42.30.077: the agenda of a regular meeting is online at least 24 hours before it.
AGENDA_NOTICE = timedelta(hours=24)
# RCW 42.30.080: a special meeting is noticed at least 24 hours before it.
SPECIAL_MEETING_NOTICE = timedelta(hours=24)


def agenda_deadline(starts_at: datetime) -> datetime:
    return starts_at.astimezone(UTC) - AGENDA_NOTICE


def is_late(starts_at: datetime, posted_at: datetime) -> bool:
    """Posting exactly 24 hours ahead is on time; a minute later is late."""
    return posted_at > agenda_deadline(starts_at)


def special_notice_is_short(starts_at: datetime, noticed_at: datetime) -> bool:
    return starts_at.astimezone(UTC) - noticed_at.astimezone(UTC) < SPECIAL_MEETING_NOTICE


def hours_left(deadline: datetime, now: datetime) -> float:
    """Hours until a deadline (negative once it has passed)."""
    return (deadline.astimezone(UTC) - now.astimezone(UTC)).total_seconds() / 3600
