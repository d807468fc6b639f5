"""Sending what the outbox holds: claim due messages atomically, send, record, retry.

Two workers never send the same message: a worker claims rows with one UPDATE that only takes rows
still queued (on PostgreSQL the candidates are also locked with SKIP LOCKED), then sends only the
rows that carry its own claim token. Failures wait with a capped backoff, so mail queued while the
server was down goes out within a couple of minutes of its return.
"""

from __future__ import annotations

import base64
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_mail import Attachment, Message

from core.time import utcnow
from extensions import db, mail
from notify.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(seconds=60)
# A claim older than this belongs to a worker that died; its messages are taken again.
STALE_CLAIM = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2**attempts), MAX_BACKOFF)


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def claim_due(limit: int, now: datetime) -> list[OutboxMessage]:
    token = secrets.token_hex(16)
    due = (
        sa.select(OutboxMessage.id)
        .where(
            sa.or_(
                sa.and_(
                    OutboxMessage.status == OutboxStatus.QUEUED,
                    OutboxMessage.next_attempt_at <= now,
                ),
                sa.and_(
                    OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.claimed_at < now - STALE_CLAIM,
                ),
            )
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .where(OutboxMessage.status.in_([OutboxStatus.QUEUED, OutboxStatus.SENDING]))
        .values(status=OutboxStatus.SENDING, claim_token=token, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.claim_token == token, OutboxMessage.status == OutboxStatus.SENDING)
            .order_by(OutboxMessage.id)
        )
    )


def build_message(record: OutboxMessage) -> Message:
    message = Message(
        subject=record.subject,
        recipients=[record.recipient],
        body=record.text_body,
        html=record.html_body,
        extra_headers={"X-Outbox-Id": str(record.id), **record.headers},
    )
    message.msgId = make_msgid(domain=current_app.config["MAIL_MESSAGE_DOMAIN"])
    for item in record.attachments:
        message.attachments.append(
            Attachment(
                filename=item["filename"],
                content_type=item["content_type"],
                data=base64.b64decode(item["data"]),
            )
        )
    return message


def send_due(limit: int = 200, now: datetime | None = None) -> SendReport:
    """Send every due message (in batches of `limit`) until none is left or the server fails."""
    report = SendReport()
    while True:
        now_ = now or utcnow()
        batch = claim_due(limit, now_)
        if not batch:
            return report
        if not deliver(batch, now_, report):
            return report


class ServerUnavailable(Exception):
    """The mail server cannot be reached or dropped us: the rest of the batch waits."""


def send_one(connection, record: OutboxMessage) -> None:
    """Send one message; raises what went wrong, for `deliver` to sort out."""
    message = build_message(record)
    if connection is None:
        write_eml(record, message)
    else:
        connection.send(message)


def lost_server(error: Exception) -> bool:
    """The connection is gone (smtplib's errors are OSErrors too, but most are about a message)."""
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def is_transient(error: Exception) -> bool:
    """A 4xx from the server may pass; everything else about one message will not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and 400 <= error.smtp_code < 500


def deliver(batch: list[OutboxMessage], now: datetime, report: SendReport) -> bool:
    """Send one claimed batch, each message in its own guard; False when the server is gone.

    A message that can never go (a malformed address, a header the server refuses, a 5xx, or
    anything else it raises) is marked failed with the reason and set aside, as a mail system's
    dead-letter queue does; the others go on. Only losing the server stops the batch."""
    connection = None
    if current_app.config.get("MAIL_SERVER"):
        try:
            connection = mail.connect()
            connection.__enter__()
        except (OSError, smtplib.SMTPException) as error:
            retry_later(batch, now, f"mail server unreachable: {error}", report)
            return False
    try:
        for index, record in enumerate(batch):
            try:
                send_one(connection, record)
            except Exception as error:
                if lost_server(error):
                    retry_later(batch[index:], now, f"mail server unreachable: {error}", report)
                    return False
                if is_transient(error):
                    retry_later([record], now, str(error), report)
                else:
                    mark_failed(record, error, report)
            else:
                mark_sent(record, now, report)
    finally:
        if connection is not None:
            try:
                connection.__exit__(None, None, None)
            except (OSError, smtplib.SMTPException):
                log.warning("closing the SMTP connection failed")
    return True


def mark_failed(record: OutboxMessage, error: Exception, report: SendReport) -> None:
    record.status, record.claim_token = OutboxStatus.FAILED, None
    record.last_error = f"{type(error).__name__}: {error}"[:2000]
    record.attempts += 1
    report.failed += 1
    log.warning("message %s to %r failed for good: %s", record.id, record.recipient, error)
    db.session.commit()


def mark_sent(record: OutboxMessage, now: datetime, report: SendReport) -> None:
    record.status, record.sent_at, record.claim_token = OutboxStatus.SENT, now, None
    record.attempts += 1
    report.sent += 1
    db.session.commit()  # one commit a message: a crash re-sends as little as possible


def retry_later(
    records: list[OutboxMessage], now: datetime, error: str, report: SendReport
) -> None:
    """Put messages back in the queue, to be tried again after their backoff; one commit."""
    for record in records:
        record.attempts += 1
        record.status, record.claim_token = OutboxStatus.QUEUED, None
        record.next_attempt_at = now + backoff(record.attempts)
        record.last_error = error[:2000]
        report.retried += 1
    db.session.commit()


def write_eml(record: OutboxMessage, message: Message) -> Path:
    """No mail server configured: keep the message as a file a person can open, and log it."""
    folder = Path(current_app.config.get("MAIL_FOLDER") or Path(current_app.instance_path) / "mail")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record.created_at:%Y%m%d-%H%M%S}-{record.id}.eml"
    message.sender = message.sender or current_app.config["MAIL_DEFAULT_SENDER"]
    path.write_bytes(message.as_bytes())
    log.warning("mail written to %s: %r to %s", path, record.subject, record.recipient)
    return path
