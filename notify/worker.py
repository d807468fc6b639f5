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


def deliver(batch: list[OutboxMessage], now: datetime, report: SendReport) -> bool:
    """Send one claimed batch; False when the mail server could not be reached."""
    if not current_app.config.get("MAIL_SERVER"):
        for record in batch:
            write_eml(record)
            mark_sent(record, now, report)
        return True
    try:
        connection = mail.connect()
        connection.__enter__()
    except (OSError, smtplib.SMTPException) as error:
        retry_later(batch, now, f"mail server unreachable: {error}", report)
        return False
    try:
        for record in batch:
            try:
                connection.send(build_message(record))
            except smtplib.SMTPRecipientsRefused as error:
                record.status, record.last_error = OutboxStatus.FAILED, str(error)
                record.attempts += 1
                report.failed += 1
                db.session.commit()
            except (OSError, smtplib.SMTPException) as error:
                retry_later(batch[batch.index(record) :], now, str(error), report)
                return False
            else:
                mark_sent(record, now, report)
    finally:
        try:
            connection.__exit__(None, None, None)
        except (OSError, smtplib.SMTPException):
            log.warning("closing the SMTP connection failed")
    return True


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


def write_eml(record: OutboxMessage) -> Path:
    """No mail server configured: keep the message as a file a person can open, and log it."""
    folder = Path(current_app.config.get("MAIL_FOLDER") or Path(current_app.instance_path) / "mail")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record.created_at:%Y%m%d-%H%M%S}-{record.id}.eml"
    message = build_message(record)
    message.sender = message.sender or current_app.config["MAIL_DEFAULT_SENDER"]
    path.write_bytes(message.as_bytes())
    log.warning("mail written to %s: %r to %s", path, record.subject, record.recipient)
    return path
