"""The database goes away under a running app, and comes back.

PostgreSQL is reached through a TCP proxy the test owns; "stopping the database" closes the proxy
and every connection through it, as a restart does, without disturbing the suite's own server.
While it is down, pages answer 503 with Retry-After in the site's look (JSON for the API), feeds
that were served before serve their last bytes, and nothing is a 500. When it returns, the same
app answers again by itself.
"""

import os
import socket
import threading
from contextlib import suppress

import pytest
import sqlalchemy as sa

from app import create_app
from committees.seed import seed_bodies
from extensions import db
from tests.conftest import FreshClient, base_config

SERVER = ("127.0.0.1", 5432)
DATABASE = "outage_test"


class Proxy:
    """Forwards a local port to PostgreSQL until stopped; `stop` drops every connection."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(SERVER)
            self.sockets += [client, upstream]
            for source, target in [(client, upstream), (upstream, client)]:
                threading.Thread(target=self.pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def pipe(source: socket.socket, target: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with suppress(OSError):
            target.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self.listener is not None:
            with suppress(OSError):  # wakes the thread blocked in accept(), which close() does not
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
        for each in self.sockets:
            with suppress(OSError):
                each.shutdown(socket.SHUT_RDWR)
            each.close()
        self.sockets.clear()


def postgres_reachable() -> bool:
    with suppress(OSError), socket.create_connection(SERVER, timeout=1):
        return True
    return False


@pytest.fixture
def proxy():
    if not postgres_reachable():
        if os.environ.get("REQUIRE_E2E") == "1":
            pytest.fail("REQUIRE_E2E=1, but PostgreSQL is not on 127.0.0.1:5432.", pytrace=False)
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432.")
    admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {DATABASE}"))
        connection.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
    admin.dispose()
    server = Proxy()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def running_app(proxy, tmp_path):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{proxy.port}/{DATABASE}"
    app = create_app(base_config(url, tmp_path))
    app.test_client_class = FreshClient
    with app.app_context():
        db.create_all()
        seed_bodies()
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


PAGES = ["/", "/committees/", "/committees/washact", "/meetings/", "/subscribe"]


def test_pages_answer_503_while_the_database_is_down_and_recover(running_app, proxy):
    client = running_app.test_client()
    for path in [*PAGES, "/api/v1/meetings"]:
        assert client.get(path).status_code == 200, path
    feed = client.get("/calendar.ics")
    body_feed = client.get("/committees/washact/calendar.ics")
    assert feed.status_code == 200 and body_feed.status_code == 200

    proxy.stop()

    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 503, path
        assert page.headers["Retry-After"] == "30"
        assert "briefly unavailable" in page.text and "Quick exit" in page.text
    api = client.get("/api/v1/meetings")
    assert api.status_code == 503 and "unavailable" in api.get_json()["error"]
    form = client.post("/subscriptions", data={"email": "a@example.org", "committees": ["1"]})
    assert form.status_code == 503
    assert client.get("/healthz").status_code == 503
    # stale-if-error: a calendar app polling its feed keeps the meetings it had
    stale = client.get("/calendar.ics")
    assert stale.status_code == 200 and stale.data == feed.data
    assert client.get("/committees/washact/calendar.ics").data == body_feed.data
    never_served = client.get("/committees/csec-committee/calendar.ics")
    assert never_served.status_code == 503

    proxy.start()

    for path in [*PAGES, "/api/v1/meetings", "/healthz", "/committees/csec-committee/calendar.ics"]:
        assert client.get(path).status_code == 200, path
