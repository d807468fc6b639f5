"""Applications from the form to the seat: double opt-in, review, appointment, lapse, purge."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from applications.models import ApplicationAttachment, SeatApplication
from committees.models import Appointment, Committee, Person, SeatType, organization_named
from committees.terms import add_months
from core.protection import PUBLIC
from extensions import db
from meetings.services import upload_folder
from meetings.uploads import store
from members.models import User
from notify.outbox import queue_mail
from public_requests import services as workflow
from public_requests.states import OPEN, RequestStatus


class CannotAppoint(ValueError):
    """The applicant cannot be appointed by this user now; the message says why, for staff."""


def apply(
    committee: Committee,
    seat_type: SeatType,
    *,
    name: str,
    email: str,
    phone: str,
    organization: str,
    statement: str,
    upload,
    language: str,
    now: datetime,
) -> SeatApplication:
    """Record an application (or join the open one for the same address and seat) and e-mail a
    link to confirm it. A file comes with a new or unconfirmed application only.

    The file is checked first, so a refused upload (RejectedUpload) changes nothing."""
    stored = None
    if upload is not None and upload.filename:
        stored = store(upload.stream, upload_folder(), upload.filename)
    try:
        application = workflow.submit(
            SeatApplication,
            committee_id=committee.id,
            email=email,
            same_thing=[SeatApplication.seat_type_id == seat_type.id],
            fields={
                "name": name,
                "phone": phone,
                "organization": organization,
                "statement": statement,
                "language": language,
            },
            now=now,
            create=lambda: SeatApplication(committee=committee, seat_type=seat_type),
        )
    except workflow.TooManyRequests:
        if stored is not None:
            (upload_folder() / stored.name).unlink(missing_ok=True)
        raise
    if stored is not None and application.status is RequestStatus.UNCONFIRMED:
        application.attachments.append(
            ApplicationAttachment(
                stored_name=stored.name,
                filename=stored.filename,
                content_type=stored.kind.content_type,
                size=stored.size,
            )
        )
    workflow.send_confirmation(
        application,
        "confirm_application",
        subject=_l("Confirm your application: %(body)s", body=committee.short_name),
        confirm_endpoint="applications.confirm",
        application=application,
        withdraw_url=workflow.link(workflow.WITHDRAW, application, "applications.withdraw"),
    )
    return application


def appoint_applicant(
    application: SeatApplication, start: date, now: datetime, *, by: User
) -> Appointment:
    """Make the applicant a person (or find them by e-mail) and appoint them in one step."""
    seat_type = application.seat_type
    if not seat_type.has_room_for(start, None):
        raise CannotAppoint(
            f"All {seat_type.seat_count} “{seat_type.label}” seats are filled. End a term first."
        )
    person = db.session.scalar(select(Person).where(Person.email == application.email))
    if person is not None and not person.can_manage(by):
        # Someone on record for a body this user does not manage: an admin's act.
        raise CannotAppoint(
            "This applicant's address is already on record for another body. "
            "An administrator can make this appointment."
        )
    if person is None:
        person = Person(name=application.name, email=application.email)
        db.session.add(person)
    organization = (
        organization_named(application.organization) if application.organization else None
    )
    appointment = Appointment(
        person=person,
        seat_type=seat_type,
        start_date=start,
        end_date=term_end(seat_type, start),
        organization=organization,
    )
    db.session.add(appointment)
    db.session.flush()
    application.move_to(RequestStatus.APPOINTED, now, by=by)
    application.appointment = appointment
    tell_applicant(application)
    return appointment


def term_end(seat_type: SeatType, start: date) -> date | None:
    """The last day of a full term begun on `start`; None where the seat has no fixed term."""
    if not seat_type.term_months:
        return None
    return add_months(start, seat_type.term_months) - timedelta(days=1)


def decide(application: SeatApplication, status: RequestStatus, now: datetime, *, by: User) -> None:
    application.move_to(status, now, by=by)
    if status is RequestStatus.DECLINED:
        tell_applicant(application)


def tell_applicant(application: SeatApplication) -> None:
    """The decision, appointed or declined, by e-mail."""
    queue_mail(
        application,
        "application_decided",
        subject=_l("Your application"),
        viewer=PUBLIC,
        committee_id=application.committee_id,
        application=application,
    )


def lapse_applications(now: datetime, days: int) -> int:
    """Open applications nobody decided on within `days` lapse."""
    result = db.session.execute(
        update(SeatApplication)
        .where(
            SeatApplication.status.in_(OPEN),
            SeatApplication.created_at < now - timedelta(days=days),
        )
        .values(status=RequestStatus.LAPSED, decided_at=now)
    )
    return result.rowcount


def purge_applications(now: datetime, days: int) -> tuple[int, list[str]]:
    """Delete applicant data `days` after the decision (or after the link was never confirmed).

    Returns how many, and the stored file names to remove once the deletion is committed."""
    cutoff = now - timedelta(days=days)
    old = select(SeatApplication.id).where(
        ((SeatApplication.decided_at.is_not(None)) & (SeatApplication.decided_at < cutoff))
        | (
            (SeatApplication.status == RequestStatus.UNCONFIRMED)
            & (SeatApplication.created_at < cutoff)
        )
    )
    ids = list(db.session.scalars(old))
    files = list(
        db.session.scalars(
            select(ApplicationAttachment.stored_name).where(
                ApplicationAttachment.application_id.in_(ids)
            )
        )
    )
    db.session.execute(delete(SeatApplication).where(SeatApplication.id.in_(ids)))
    return len(ids), files
