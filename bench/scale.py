"""Every public page and API answer at the size of one install for every Washington board: 500
bodies, 10,000 people in seats and 50,000 meetings over ten years, against the demo.

Run: .venv/bin/python bench/scale.py [--database URL] [--bodies 500 --people 10000 --meetings 50000]
Prints, for each path, the SQL statements of one request and the p95 time of REPEAT requests at the
demo's size and at scale, and their ratio (the goal: statements equal ±2, time at most twice).
Without --database it runs on a throwaway SQLite file; with one (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/bench) it drops and makes that database's tables.
"""

import argparse
import gc
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import insert, select, text, update

from app import create_app
from bench.data import count_queries
from committees.models import (
    Appointment,
    Cadence,
    Committee,
    MeetingAccess,
    Person,
    SeatCategory,
    SeatType,
    Topic,
)
from core.time import utcnow
from extensions import db
from meetings.feeds import CalendarVersion
from meetings.models import Meeting, MeetingKind, MeetingStatus
from search.index import rebuild

REPEAT = 30
AGENCIES = [f"Department {n}" for n in range(40)]
TOPICS = list(Topic)
PATHS = [
    "/",
    "/committees/",
    "/committees/task-force",
    "/meetings/",
    "/subscribe",
    "/calendar.ics",
    "/committees/task-force/calendar.ics",
    "/api/v1/committees",
    "/api/v1/meetings",
    "/api/v1/committees/task-force",
    # Words of the demo's records alone; a word of every meeting of ten years, everywhere and
    # in one body's records.
    "/search?q=trafficking",
    "/search?q=%22task+force%22",
    "/search?q=meeting",
    "/search?q=meeting&body=task-force",
]


def p95(client, path: str) -> float:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.quantiles(times, n=20)[-1]


def measure(client) -> dict[str, tuple[int, float, int]]:
    """Per path: statements of one request, p95 seconds, bytes."""
    # Building the data is the bench's garbage, not a request's: collected first, a full
    # collection of it does not land in the requests measured.
    gc.collect()
    results = {}
    for path in PATHS:
        statements = count_queries(client, path)
        results[path] = (statements, p95(client, path), len(client.get(path).data))
    return results


def grow(bodies: int, people: int, meetings: int) -> None:
    """Add the bodies (one seat type each, spread over the agencies and topics, the people spread
    over them) and ten years of their meetings, with bulk inserts."""
    first = db.session.scalar(select(db.func.max(Committee.position))) or 0
    db.session.execute(
        insert(Committee),
        [
            {
                "slug": f"board-{n}",
                "name": f"Washington Board of Examples {n}",
                "short_name": f"Board {n}",
                "position": first + 1 + n,
                "purpose": "Advises the state on its subject. (Benchmark.)",
                "convening_agency": AGENCIES[n % len(AGENCIES)],
                "topic": TOPICS[n % len(TOPICS)],
                "meeting_cadence": Cadence.QUARTERLY,
                "member_meeting_access": MeetingAccess.PUBLIC,
            }
            for n in range(bodies)
        ],
    )
    ids = db.session.scalars(
        select(Committee.id).where(Committee.slug.like("board-%")).order_by(Committee.id)
    ).all()
    db.session.execute(
        insert(SeatType),
        [
            {
                "committee_id": c,
                "key": "member",
                "label": "Member",
                "category": SeatCategory.MEMBER,
                "seat_count": people // bodies + 1,
            }
            for c in ids
        ],
    )
    seats = db.session.scalars(
        select(SeatType.id).where(SeatType.committee_id.in_(ids)).order_by(SeatType.committee_id)
    ).all()
    db.session.execute(
        insert(Person),
        [{"name": f"Person {n}", "email": f"person-{n}@example.org"} for n in range(people)],
    )
    persons = db.session.scalars(
        select(Person.id).where(Person.email.like("person-%@example.org")).order_by(Person.id)
    ).all()
    db.session.execute(
        insert(Appointment),
        [
            {"person_id": p, "seat_type_id": seats[n % len(seats)], "start_date": date(2024, 1, 1)}
            for n, p in enumerate(persons)
        ],
    )
    now = utcnow().replace(microsecond=0)
    start = now - timedelta(days=365 * 9)
    step = timedelta(days=365 * 10) / meetings
    rows = []
    for n in range(meetings):
        starts = start + step * n
        rows.append(
            {
                "committee_id": ids[n % len(ids)],
                "kind": MeetingKind.MEMBER_MEETING,
                "title": f"Regular meeting {n}",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "location": "1500 Jefferson St SE, Olympia",
                "access": MeetingAccess.PUBLIC,
                "status": MeetingStatus.HELD if starts < now else MeetingStatus.SCHEDULED,
                "notice_posted_at": starts - timedelta(days=30),
            }
        )
        if len(rows) == 5000:
            db.session.execute(insert(Meeting), rows)
            rows = []
    if rows:
        db.session.execute(insert(Meeting), rows)
    # Bulk inserts skip the ORM's flush, which is what tells the feeds of a change.
    db.session.execute(
        update(CalendarVersion).values(version=CalendarVersion.version + 1, changed_at=now)
    )
    db.session.commit()


def fresh_schema() -> None:
    """The tables as the migrations make them (the search's FTS5 table or tsvector column too)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a SQLAlchemy URL (default: a throwaway SQLite file)")
    parser.add_argument("--bodies", type=int, default=500)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=50_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database or f"sqlite:///{folder}/bench.db"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "UPLOAD_FOLDER": folder,
            }
        )
        with app.app_context():
            fresh_schema()
            result = app.test_cli_runner().invoke(args=["seed", "--demo"])
            assert result.exit_code == 0, result.output
            client = app.test_client()
            demo = measure(client)
            started = time.perf_counter()
            grow(arguments.bodies, arguments.people, arguments.meetings)
            rebuild()  # bulk inserts skip the hook that keeps the search index current
            db.session.commit()
            if db.engine.dialect.name == "postgresql":
                # A production database has its statistics (autovacuum gathers them within a
                # minute or so of a bulk load); before then, plans are those for the demo's rows.
                db.session.remove()
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                    c.execute(text("VACUUM ANALYZE"))
            built = time.perf_counter() - started
            large = measure(client)
            db.session.remove()
    print(
        f"{url.split(':')[0]}: demo, then +{arguments.bodies} bodies, {arguments.people} people "
        f"in seats, {arguments.meetings} meetings (built in {built:.0f} s); p95 of {REPEAT}"
    )
    print(f"{'path':<38} {'SQL':>9} {'p95 ms':>15} {'ratio':>6} {'KB at scale':>11}")
    for path in PATHS:
        (few, fast, _), (many, slow, size) = demo[path], large[path]
        print(
            f"{path:<38} {few:>4} →{many:>4} {fast * 1000:>6.1f} →{slow * 1000:>7.1f} "
            f"{slow / fast:>6.1f} {size / 1024:>11.0f}"
        )


if __name__ == "__main__":
    main()
