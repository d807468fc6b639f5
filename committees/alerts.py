"""`flask alerts send`: terms ending and training due, e-mailed through the outbox once per term
and threshold however often it runs (the outbox's dedupe key makes it idempotent)."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import or_, select

from committees.models import Committee, Person, with_roster
from committees.terms import alert_threshold, terms_ending, training_status
from core.time import PACIFIC
from extensions import db
from members.models import User, UserRole
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


def recipients(staff: list[User], person: Person) -> list[tuple[str, User | None]]:
    """Staff of the body, and the member themselves when we have their address, each with who
    they are to the protection model (the member may have no account: the public, then)."""
    member = [(person.email, None)] if person.email else []
    return [(u.email, u) for u in staff] + member


def queue_for_each(
    addresses: list[tuple[str, User | None]],
    key: str,
    template: str,
    committee: Committee,
    **context,
) -> int:
    """Queue one message per address, each once however often this runs."""
    return sum(
        queue_mail(
            viewer or email,  # an account reads in its own language
            template,
            viewer=viewer,
            committee_id=committee.id,
            dedupe_key=f"{key}:{email}",
            committee=committee,
            **context,
        )
        is not None
        for email, viewer in addresses
    )


def term_alerts(committee: Committee, staff: list[User], today: date) -> int:
    queued = 0
    for appointment in terms_ending(committee, today, committee.term_alert_days):
        days_left = (appointment.end_date - today).days
        threshold = alert_threshold(days_left, committee.term_alert_days)
        queued += queue_for_each(
            recipients(staff, appointment.person),
            f"term:{appointment.id}:{threshold}",
            "term_ending",
            committee,
            subject=lazy_ngettext(
                "A term ends in %(num)d day: %(body)s",
                "A term ends in %(num)d days: %(body)s",
                days_left,
                body=committee.short_name,
            ),
            appointment=appointment,
            days_left=days_left,
        )
    return queued


def training_alerts(committee: Committee, staff: list[User], today: date) -> int:
    queued = 0
    for appointment in committee.current_appointments(today):
        person = appointment.person
        status = training_status(person, today)
        if status.is_due(today):
            queued += queue_for_each(
                recipients(staff, person),
                f"training:{person.id}:{status.due_on.isoformat()}",
                "training_due",
                committee,
                subject=_l("Open-government training is due"),
                person=person,
                status=status,
            )
    return queued


def send_alerts(now: datetime) -> int:
    """Lapse stale applications, then queue term and training alerts for every body."""
    from applications.services import lapse_applications

    lapse_applications(now, current_app.config["APPLICATION_LAPSE_DAYS"])
    today = now.astimezone(PACIFIC).date()
    queued = 0
    for committee in db.session.scalars(with_roster(select(Committee))):
        staff = body_staff(committee)
        queued += term_alerts(committee, staff, today) + training_alerts(committee, staff, today)
    return queued


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
