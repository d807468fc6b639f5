"""A message that can never be sent is set aside with its reason; every other message goes.

Poison among 1,000 good messages, against a real SMTP server: an address with a non-ASCII local
part (the server offers no SMTPUTF8), a subject with a line break, and a recipient the server
refuses with 550. The worker delivers the 1,000, fails each poison message with why, and runs on.
"""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from extensions import db
from notify.models import OutboxMessage, OutboxStatus
from notify.outbox import queue_mail
from notify.worker import send_due
from tests.fixtures.mail import RefusingInbox, SmtpServer, mail_config
from tests.test_outbox import queue

T0 = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
REFUSED = "no-such-person@example.org"


@pytest.fixture
def refusing_smtp():
    server = SmtpServer()
    server.inbox = RefusingInbox(REFUSED)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config, refusing_smtp):
    return app_config | mail_config(refusing_smtp)


def queue_good(count: int, start: int = 0) -> None:
    queue(count, start=start, due=None)


def poison(recipient: str, subject: str) -> OutboxMessage:
    """A row written straight to the outbox, as older code or a bad import could have left it."""
    message = OutboxMessage(
        recipient=recipient, subject=subject, text_body="Hello", html_body="<p>Hello</p>"
    )
    db.session.add(message)
    return message


def by_status(status: OutboxStatus) -> int:
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == status)
    )


def test_poison_messages_among_1000_fail_alone_and_the_rest_go(app, refusing_smtp):
    queue_good(400)
    bad_address = poison("jöhn@example.net", "Welcome")
    queue_good(300, start=400)
    bad_subject = poison("reader-x@example.org", "Hello\nBcc: everyone@example.org")
    refused = poison(REFUSED, "Your invitation")
    queue_good(300, start=700)
    db.session.commit()

    report = send_due(now=T0)

    assert report.sent == 1000 and report.failed == 3
    assert len(refusing_smtp.inbox.messages) == 1000
    assert by_status(OutboxStatus.SENT) == 1000 and by_status(OutboxStatus.FAILED) == 3
    for message, reason in [
        (bad_address, "UnicodeEncodeError"),
        (bad_subject, "BadHeaderError"),
        (refused, "550"),
    ]:
        db.session.refresh(message)
        assert message.status is OutboxStatus.FAILED and reason in message.last_error
    # Nobody got the Bcc the line break tried to add.
    assert not any("everyone@example.org" in str(m) for m in refusing_smtp.inbox.messages)

    # The worker is still running: the next message goes, the failed ones are not retried.
    queue_good(1, start=5000)
    db.session.commit()
    again = send_due(now=T0)
    assert again.sent == 1 and again.failed == 0


def test_queued_subjects_never_carry_a_line_break(app):
    message = queue_mail(
        "reader@example.org",
        "confirm_subscription",
        subject="Notice\r\nBcc: everyone@example.org",
        viewer=None,
        committee_id=None,
        committees=[],
        confirm_url="http://x/",
    )
    assert message.subject == "Notice Bcc: everyone@example.org"
