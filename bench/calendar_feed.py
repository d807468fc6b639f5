"""How fast the calendar feed is, against a bare Flask response measured in the same run.

Run: .venv/bin/python bench/calendar_feed.py   (needs `wrk`: apt-get install wrk)

Starts the app and a bare Flask app under gunicorn on loopback (2 workers each, 100 meetings in a
throwaway SQLite database), loads each for a few seconds with wrk, and prints requests per second
for /calendar.ics, for a conditional request answered 304, and for the floor, with the ratios
(targets: feed >= 0.5 x floor, 304 >= 0.8 x floor). It then prints SQL queries per request for the
feed and the API's meeting list at 100 and 5,000 meetings (they must not grow with the count).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from bench.data import add_meetings, count_queries  # noqa: E402
from committees.seed import seed_bodies  # noqa: E402
from extensions import db  # noqa: E402

DURATION = os.environ.get("BENCH_SECONDS", "5")
WORKERS = "2"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(target: str, env: dict):
    port = free_port()
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-w",
            WORKERS,
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env=os.environ | env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def requests_per_second(url: str, *headers: str) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{DURATION}s", "--latency", url]
    for header in headers:
        command[1:1] = ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    folder = tempfile.mkdtemp()
    url = f"sqlite:///{folder}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        committees = seed_bodies()
        db.session.commit()
        add_meetings(committees, 100)

    env = {"FLASK_SQLALCHEMY_DATABASE_URI": url, "FLASK_SECRET_KEY": "bench"}
    with gunicorn("bench.floor_app:app", {}) as floor_base:
        floor = requests_per_second(floor_base + "/")
    with gunicorn("app:create_app()", env) as app_base:
        feed_url = app_base + "/calendar.ics"
        etag = urllib.request.urlopen(feed_url).headers["ETag"]
        feed = requests_per_second(feed_url)
        not_modified = requests_per_second(feed_url, f"If-None-Match: {etag}")

    print(f"gunicorn -w {WORKERS}, wrk -t2 -c16 -d{DURATION}s, 100 meetings")
    print(f"{'floor (bare Flask)':<28}{floor:>10.0f} req/s")
    print(f"{'/calendar.ics':<28}{feed:>10.0f} req/s  {feed / floor:.2f} x floor (target 0.5)")
    print(
        f"{'/calendar.ics, 304':<28}{not_modified:>10.0f} req/s  "
        f"{not_modified / floor:.2f} x floor (target 0.8)"
    )

    with app.app_context():
        client = app.test_client()
        counts = {}
        for total in (100, 5000):
            if total == 5000:
                add_meetings(committees, 4900, offset=100)
            counts[total] = (
                count_queries(client, "/calendar.ics"),
                count_queries(client, "/calendar.ics"),
                count_queries(client, "/api/v1/meetings"),
            )
    print("SQL queries per request              100 meetings   5,000 meetings")
    rows = ["/calendar.ics, first after a change", "/calendar.ics, repeat", "/api/v1/meetings"]
    for index, label in enumerate(rows):
        print(f"{label:<37}{counts[100][index]:>12}{counts[5000][index]:>17}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
