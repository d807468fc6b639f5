"""Account workflows shared by the command line and (later) the staff screens."""

from sqlalchemy import select

from committees.models import Appointment, Committee, Person, SeatCategory, SeatType
from core.time import today_pacific
from extensions import db
from members.models import User, UserRole, normalize_email

MIN_PASSWORD_LENGTH = 12


class AccountError(ValueError):
    """A request the data cannot take; the message is meant for the person who asked."""


def create_user(
    email: str, role: UserRole, password: str, committees: list[Committee], name: str | None = None
) -> User:
    """Create an account. Staff are assigned to the committees; a member is appointed to them."""
    email = normalize_email(email)
    if db.session.scalar(select(User).where(User.email == email)):
        raise AccountError(f"An account for {email} already exists.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if role is UserRole.MEMBER and not committees:
        raise AccountError("A member must be appointed to at least one committee (--committee).")

    person = db.session.scalar(select(Person).where(Person.email == email))
    if person is None:
        person = Person(name=name or email.split("@")[0], email=email)
        db.session.add(person)
    user = User(email=email, role=role, person=person)
    user.set_password(password)
    if role is UserRole.STAFF:
        user.managed_committees = list(committees)
    if role is UserRole.MEMBER:
        for committee in committees:
            appoint_as_member(person, committee)
    db.session.add(user)
    return user


def appoint_as_member(person: Person, committee: Committee) -> Appointment:
    start = today_pacific()
    seat_type = first_open_member_seat(committee, start)
    appointment = Appointment(person=person, seat_type=seat_type, start_date=start)
    db.session.add(appointment)
    return appointment


def first_open_member_seat(committee: Committee, start) -> SeatType:
    general = {SeatCategory.MEMBER, SeatCategory.ORGANIZATION}
    for seat_type in committee.seat_types:
        if seat_type.category in general and seat_type.has_room_for(start, None):
            return seat_type
    raise AccountError(f"{committee.short_name} has no open member seat.")
