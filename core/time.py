"""Times are stored in UTC and shown in Pacific time, where the bodies meet."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PACIFIC = ZoneInfo("America/Los_Angeles")


def utcnow() -> datetime:
    return datetime.now(UTC)


def today_pacific() -> date:
    """The date in Washington State: a term that ends 'today' ends on Pacific time, not UTC."""
    return utcnow().astimezone(PACIFIC).date()


def utc_iso(value: datetime) -> str:
    """A moment as records write it: UTC, to the second, e.g. "2027-03-02T17:30:00Z"."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
