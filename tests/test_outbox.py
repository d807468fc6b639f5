"""The outbox loses nothing: mail waits out a dead server and is sent once, whoever sends it."""

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from extensions import db
from notify.models import OutboxMessage, OutboxStatus
from notify.outbox import queue_mail
from notify.worker import MAX_BACKOFF, backoff, send_due
from tests.fixtures.mail import SmtpServer, mail_config

T0 = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def queue(
    count: int, committee_id: int | None = None, *, start: int = 0, due: datetime | None = T0
) -> None:
    """Queue `count` notices to reader<start>… and commit; `due` sets when they may go."""
    for i in range(start, start + count):
        message = queue_mail(
            f"reader{i}@example.org",
            "confirm_subscription",
            subject=f"Notice {i}",
            viewer=None,
            committee_id=committee_id,
            committees=[],
            confirm_url="http://x/",
            lifetime="48 hours",
        )
        if due is not None:
            message.next_attempt_at = due
    db.session.commit()


def delivered_ids(server: SmtpServer) -> Counter:
    return Counter(m["X-Outbox-Id"] for m in server.inbox.messages)


def count(status: OutboxStatus) -> int:
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == status)
    )


def test_backoff_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 6, 7, 20)] == [2, 4, 8, 60, 60, 60]
    assert timedelta(seconds=60) == MAX_BACKOFF


class TestMailServerDown:
    @pytest.fixture
    def server(self):
        return SmtpServer()  # not started: the mail server is down

    @pytest.fixture
    def app_config(self, app_config, server):
        return app_config | mail_config(server)

    def test_1000_notices_wait_out_the_outage_and_go_once(self, app, server):
        queue(1000)
        now = T0
        # Ten minutes down: the worker keeps trying, nothing is lost or sent.
        while now < T0 + timedelta(minutes=10):
            report = send_due(now=now)
            assert report.sent == 0
            now += timedelta(seconds=5)
        assert count(OutboxStatus.QUEUED) == 1000
        failing = db.session.scalar(select(OutboxMessage))
        assert failing.attempts > 1 and "unreachable" in failing.last_error
        # Back up: within two minutes everything is out, each message once.
        server.start()
        try:
            back_up = now
            while count(OutboxStatus.QUEUED) and now < back_up + timedelta(minutes=2):
                send_due(now=now)
                now += timedelta(seconds=5)
            assert now <= back_up + timedelta(minutes=2)
            assert count(OutboxStatus.SENT) == 1000
            delivered = delivered_ids(server)
            assert len(delivered) == 1000 and set(delivered.values()) == {1}
            # Running again sends nothing more.
            send_due(now=now + timedelta(hours=1))
            assert len(server.inbox.messages) == 1000
        finally:
            server.stop()


class TestTwoWorkers:
    @pytest.fixture
    def app_config(self, app_config, smtp):
        return app_config | mail_config(smtp)

    def test_two_workers_at_once_send_each_message_once(self, app, app_config, smtp):
        queue(1000)
        errors = []

        def worker() -> None:
            worker_app = create_app(app_config)
            with worker_app.app_context():
                try:
                    send_due(limit=25, now=T0)
                except Exception as error:
                    errors.append(error)
                finally:
                    db.session.remove()
                    db.engine.dispose()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        delivered = delivered_ids(smtp)
        assert len(delivered) == 1000 and set(delivered.values()) == {1}
        db.session.expire_all()
        assert count(OutboxStatus.SENT) == 1000


class TestRefusedAddress:
    @pytest.fixture
    def app_config(self, app_config, smtp):
        return app_config | mail_config(smtp)

    def test_a_refused_recipient_is_failed_not_retried_and_others_go(self, app, smtp, monkeypatch):
        queue(3)

        async def refuse(_handler, server, session, envelope, address, rcpt_options):
            if address == "reader1@example.org":
                return "550 no such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        monkeypatch.setattr(type(smtp.inbox), "handle_RCPT", refuse, raising=False)
        report = send_due(now=T0)
        assert (report.sent, report.failed) == (2, 1)
        failed = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
        )
        assert failed.recipient == "reader1@example.org" and "550" in failed.last_error


def test_without_a_mail_server_messages_are_written_as_eml_files(app, caplog):
    queue(2)
    report = send_due(now=T0)
    assert report.sent == 2
    files = sorted(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
    assert len(files) == 2
    text = files[0].read_text()
    assert "Subject: Notice 0" in text and "To: reader0@example.org" in text
    assert "Notice 0" in caplog.text and "reader0@example.org" in caplog.text


def test_the_worker_command_sends_what_is_due(runner, app):
    queue(3)
    for message in db.session.scalars(select(OutboxMessage)):
        message.next_attempt_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    result = runner.invoke(args=["mail", "send-queued"])
    assert result.exit_code == 0 and "sent 3" in result.output


def test_staff_see_undelivered_mail_of_their_bodies_only(client, auth, app, bodies):
    from tests.fixtures.members import make_user

    queue(2, committee_id=bodies["washact"].id)
    queue(1, committee_id=bodies["task-force"].id)
    first, second, other = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    first.status, first.attempts, first.last_error = OutboxStatus.FAILED, 1, "550 no such user"
    second.attempts, second.last_error = 3, "mail server unreachable"
    other.status, other.attempts, other.last_error = OutboxStatus.FAILED, 1, "task force bounce"
    db.session.commit()
    make_user("staff@example.org", committees=[bodies["washact"]])
    auth.login("staff@example.org")
    page = client.get("/staff/mail").get_data(as_text=True)
    assert "550 no such user" in page and "Retrying (3 tries)" in page
    assert "task force bounce" not in page and "reader0@example.org" in page
    client.post("/logout")
    assert client.get("/staff/mail").status_code == 302
