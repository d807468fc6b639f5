"""`flask alerts send`: terms ending and training due, e-mailed through the outbox once per term
and threshold however often it runs (the outbox's dedupe key makes it idempotent)."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import or_, select

from committees.models import Committee, with_roster
from committees.terms import alert_threshold, terms_ending, training_status
from core.time import PACIFIC
from extensions import db
from members.models import User, UserRole
from notify.models import OutboxMessage
from notify.outbox import queue_mail


def body_staff(committee: Committee) -> list[User]:
    """Staff assigned to the body, and admins."""
    return list(
        db.session.scalars(
            select(User).where(
                User.active.is_(True),
                or_(
                    User.role == UserRole.ADMIN,
                    User.managed_committees.any(Committee.id == committee.id),
                ),
            )
        )
    )


def queue_once(key: str, to: str, template: str, **context) -> bool:
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
        return False
    queue_mail(to, template, dedupe_key=key, **context)
    return True


def queue_term_alerts(now: datetime) -> int:
    today = now.astimezone(PACIFIC).date()
    queued = 0
    for committee in db.session.scalars(with_roster(select(Committee))):
        staff = body_staff(committee)
        for appointment in terms_ending(committee, today, committee.term_alert_days):
            days_left = (appointment.end_date - today).days
            threshold = alert_threshold(days_left, committee.term_alert_days)
            recipients = [u.email for u in staff]
            if appointment.person.email:
                recipients.append(appointment.person.email)
            for email in recipients:
                queued += queue_once(
                    f"term:{appointment.id}:{threshold}:{email}",
                    email,
                    "term_ending",
                    subject=f"A term ends in {days_left} days: {committee.short_name}",
                    appointment=appointment,
                    days_left=days_left,
                )
    return queued


def queue_training_alerts(now: datetime) -> int:
    today = now.astimezone(PACIFIC).date()
    queued = 0
    for committee in db.session.scalars(with_roster(select(Committee))):
        staff = body_staff(committee)
        for appointment in committee.current_appointments(today):
            person = appointment.person
            status = training_status(person, today)
            if not status.is_due(today):
                continue
            recipients = [u.email for u in staff] + ([person.email] if person.email else [])
            for email in recipients:
                queued += queue_once(
                    f"training:{person.id}:{status.due_on.isoformat()}:{email}",
                    email,
                    "training_due",
                    subject="Open-government training is due",
                    person=person,
                    committee=committee,
                    status=status,
                )
    return queued


def send_alerts(now: datetime) -> int:
    from applications.services import lapse_applications

    lapse_applications(now, current_app.config["APPLICATION_LAPSE_DAYS"])
    return queue_term_alerts(now) + queue_training_alerts(now)


@click.group("alerts")
def alerts_cli() -> None:
    """Alerts about terms and training."""


@alerts_cli.command("send")
@with_appcontext
def send_command() -> None:
    """Queue term-ending and training-due e-mails (each once), and lapse stale applications."""
    from notify import jobs

    queued = jobs.run_job(current_app._get_current_object(), send_alerts)
    click.echo(f"Queued {queued} alerts.")
