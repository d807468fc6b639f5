"""What the benchmarks share: a throwaway year of meetings and a count of SQL per request."""

from datetime import timedelta

from sqlalchemy import event

from committees.models import MeetingAccess
from core.time import utcnow
from extensions import db
from meetings.models import Meeting, MeetingKind


def add_meetings(committees, count: int, offset: int = 0) -> None:
    """Meetings a day apart, half past and half to come, cycling through bodies, kinds, access."""
    now = utcnow().replace(microsecond=0)
    total = offset + count
    for i in range(offset, total):
        starts = now + timedelta(days=i - total // 2, hours=i % 7)
        db.session.add(
            Meeting(
                committee=committees[i % 3],
                kind=list(MeetingKind)[i % 3],
                title=f"Meeting {i}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                location=f"Room {i}",
                access=list(MeetingAccess)[i % 3],
                notice_posted_at=starts - timedelta(days=30),
            )
        )
    db.session.commit()


def count_queries(client, path: str) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    client.get(path)
    event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)
