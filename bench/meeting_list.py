"""Queries and time per request for the meeting pages at 10 and 1,000 meetings.

Run: .venv/bin/python bench/meeting_list.py
Prints SQL queries per request (must not grow with the meeting count) and the mean time of each
page as a ratio to /healthz measured in the same run, on a throwaway SQLite database.
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app
from bench.data import add_meetings, count_queries
from committees.seed import seed_bodies
from extensions import db

PAGES = ["/meetings/", "/", "/committees/washact"]
REPEAT = 30


def measure(client, path: str) -> tuple[int, float]:
    queries = count_queries(client, path)
    started = time.perf_counter()
    for _ in range(REPEAT):
        assert client.get(path).status_code == 200
    return queries, (time.perf_counter() - started) / REPEAT


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            db.create_all()
            committees = seed_bodies()
            db.session.commit()
            client = app.test_client()
            total = 0
            print(f"{'meetings':>9} {'page':<22} {'queries':>7} {'ms':>8} {'x healthz':>10}")
            for target in (10, 1000):
                add_meetings(committees, target - total)
                total = target
                _, floor = measure(client, "/healthz")
                for path in PAGES:
                    queries, seconds = measure(client, path)
                    print(
                        f"{total:>9} {path:<22} {queries:>7} {seconds * 1000:>8.1f} "
                        f"{seconds / floor:>10.1f}"
                    )


if __name__ == "__main__":
    main()
