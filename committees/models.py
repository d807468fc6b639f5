"""Bodies and who sits on them.

The shape follows Popolo / Open Civic Data: a `Committee` is an organization, a `SeatType` a post
(with how many seats it gives), an `Appointment` a membership. Vacancies and chairs are derived
from appointments and dates, never stored.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from core.db_types import UTCDateTime, str_enum
from core.protection import signed_in
from core.time import today_pacific
from core.translated import Translated
from extensions import db

if TYPE_CHECKING:
    from members.models import User


class Cadence(enum.Enum):
    QUARTERLY = "quarterly"
    TWO_TO_THREE_A_YEAR = "two_to_three_a_year"
    AT_LEAST_YEARLY = "at_least_yearly"

    @property
    def label(self) -> str:
        return {
            Cadence.QUARTERLY: _l("Quarterly"),
            Cadence.TWO_TO_THREE_A_YEAR: _l("Two to three times a year"),
            Cadence.AT_LEAST_YEARLY: _l("At least once a year"),
        }[self]


class MeetingAccess(enum.Enum):
    PUBLIC = "public"
    PUBLIC_MAY_OBSERVE = "public_may_observe"
    INVITATION_ONLY = "invitation_only"

    @property
    def label(self) -> str:
        return {
            MeetingAccess.PUBLIC: _l("Open to the public"),
            MeetingAccess.PUBLIC_MAY_OBSERVE: _l("The public may observe"),
            MeetingAccess.INVITATION_ONLY: _l("By invitation only"),
        }[self]

    @property
    def needs_invitation(self) -> bool:
        return self is MeetingAccess.INVITATION_ONLY


class Topic(enum.Enum):
    """What a body works on: one subject area from a fixed list, so readers can find bodies by
    subject and every language names it the same way."""

    HUMAN_TRAFFICKING = "human_trafficking"
    CHILDREN_AND_YOUTH = "children_and_youth"
    LABOR_AND_WORKFORCE = "labor_and_workforce"
    HEALTH = "health"
    JUSTICE_AND_PUBLIC_SAFETY = "justice_and_public_safety"
    HOUSING_AND_HUMAN_SERVICES = "housing_and_human_services"
    EDUCATION = "education"
    CIVIL_RIGHTS_AND_EQUITY = "civil_rights_and_equity"
    ENVIRONMENT_AND_NATURAL_RESOURCES = "environment_and_natural_resources"
    ECONOMY_AND_COMMERCE = "economy_and_commerce"
    TRANSPORTATION_AND_INFRASTRUCTURE = "transportation_and_infrastructure"
    GOVERNMENT_AND_ETHICS = "government_and_ethics"

    @property
    def label(self) -> str:
        return {
            Topic.HUMAN_TRAFFICKING: _l("Human trafficking and exploitation"),
            Topic.CHILDREN_AND_YOUTH: _l("Children and youth"),
            Topic.LABOR_AND_WORKFORCE: _l("Labor and workforce"),
            Topic.HEALTH: _l("Health and behavioral health"),
            Topic.JUSTICE_AND_PUBLIC_SAFETY: _l("Justice and public safety"),
            Topic.HOUSING_AND_HUMAN_SERVICES: _l("Housing and human services"),
            Topic.EDUCATION: _l("Education"),
            Topic.CIVIL_RIGHTS_AND_EQUITY: _l("Civil rights and equity"),
            Topic.ENVIRONMENT_AND_NATURAL_RESOURCES: _l("Environment and natural resources"),
            Topic.ECONOMY_AND_COMMERCE: _l("Economy and commerce"),
            Topic.TRANSPORTATION_AND_INFRASTRUCTURE: _l("Transportation and infrastructure"),
            Topic.GOVERNMENT_AND_ETHICS: _l("Government and ethics"),
        }[self]


class SeatCategory(enum.Enum):
    LEGISLATOR = "legislator"
    STATE_AGENCY = "state_agency"
    SURVIVOR = "survivor"
    ORGANIZATION = "organization"
    CO_CHAIR = "co_chair"
    MEMBER = "member"


class AppointmentRole(enum.Enum):
    EX_OFFICIO_CHAIR = "ex_officio_chair"
    CHAIR = "chair"
    CO_CHAIR = "co_chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    ALTERNATE = "alternate"

    @property
    def label(self) -> str:
        return {
            AppointmentRole.EX_OFFICIO_CHAIR: _l("Chair (ex officio)"),
            AppointmentRole.CHAIR: _l("Chair"),
            AppointmentRole.CO_CHAIR: _l("Co-chair"),
            AppointmentRole.VICE_CHAIR: _l("Vice chair"),
            AppointmentRole.MEMBER: _l("Member"),
            AppointmentRole.ALTERNATE: _l("Designee / alternate"),
        }[self]

    @property
    def is_chair(self) -> bool:
        return self in {
            AppointmentRole.EX_OFFICIO_CHAIR,
            AppointmentRole.CHAIR,
            AppointmentRole.CO_CHAIR,
        }

    @property
    def holds_seat(self) -> bool:
        """A designee or alternate stands in for a seat holder; they never fill a seat."""
        return self is not AppointmentRole.ALTERNATE


class Committee(Translated, db.Model):
    TRANSLATED: ClassVar[dict[str, str]] = {
        "purpose": "Purpose",
        "how_to_take_part": "How to take part",
    }
    SAFETY_FIELDS = ("how_to_take_part",)  # read by those who need help most: in every language

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    short_name: Mapped[str] = mapped_column(sa.String(60))
    position: Mapped[int] = mapped_column(default=0)
    purpose: Mapped[str] = mapped_column(sa.Text)
    how_to_take_part: Mapped[str] = mapped_column(sa.Text, default="")
    convening_agency: Mapped[str] = mapped_column(sa.String(200))
    topic: Mapped[Topic] = mapped_column(
        str_enum(Topic),
        default=Topic.HUMAN_TRAFFICKING,
        server_default=Topic.HUMAN_TRAFFICKING.value,
    )
    chair_rule: Mapped[str] = mapped_column(sa.String(300), default="")
    meeting_cadence: Mapped[Cadence] = mapped_column(str_enum(Cadence))
    public_session_cadence: Mapped[Cadence | None] = mapped_column(str_enum(Cadence))
    member_meeting_access: Mapped[MeetingAccess] = mapped_column(str_enum(MeetingAccess))
    contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # None: a majority of filled seats; otherwise the number the body's rules fix.
    quorum_size: Mapped[int | None]
    # Whether a member whose term has ended serves until a successor is appointed.
    allows_holdover: Mapped[bool] = mapped_column(default=False)
    # Staff are told of terms ending within this many days.
    term_alert_days: Mapped[int] = mapped_column(default=60)
    # Flag a seat for review after this many consecutive unexcused absences; None: no rule.
    absence_limit: Mapped[int | None]
    # The meeting page asks for interpreter and other accommodation requests this far ahead.
    accommodation_notice_days: Mapped[int] = mapped_column(default=5, server_default="5")
    # Public comment closes this many hours before a meeting starts (0: at the start; 24 lets
    # written comment reach the members' packet).
    comment_cutoff_hours: Mapped[int] = mapped_column(default=0, server_default="0")

    statutes: Mapped[list[Statute]] = relationship(
        back_populates="committee", order_by="Statute.effective_on", cascade="all, delete-orphan"
    )
    seat_types: Mapped[list[SeatType]] = relationship(
        back_populates="committee", order_by="SeatType.position", cascade="all, delete-orphan"
    )

    # Every setting staff may change: each one changes what the public or the members see.
    __audited__ = (
        "topic",
        "quorum_size",
        "contact_name",
        "contact_email",
        "contact_phone",
        "allows_holdover",
        "term_alert_days",
        "absence_limit",
        "accommodation_notice_days",
        "comment_cutoff_hours",
        "purpose",
        "how_to_take_part",
        "translations",
    )

    def __repr__(self) -> str:
        return f"<Committee {self.slug}>"

    def can_view(self, viewer: Any) -> bool:
        return True

    def can_manage(self, viewer: Any) -> bool:
        return signed_in(viewer) and viewer.manages(self)

    def current_statute(self, on: date | None = None) -> Statute | None:
        """The authority in force on a day, else the latest (a lapsed body keeps its last)."""
        on = on or today_pacific()
        in_force = [s for s in self.statutes if s.in_force(on)]
        return in_force[-1] if in_force else (self.statutes[-1] if self.statutes else None)

    def current_appointments(self, on: date | None = None) -> list[Appointment]:
        return [a for seat_type in self.seat_types for a in seat_type.current_appointments(on)]

    def chairs(self, on: date | None = None) -> list[Appointment]:
        return [a for a in self.current_appointments(on) if a.role.is_chair]

    def seat_count(self) -> int | None:
        """Seats the body has, or None when a seat type is open-ended."""
        counts = [t.seat_count for t in self.seat_types]
        return None if any(c is None for c in counts) else sum(counts)

    def vacancy_count(self, on: date | None = None) -> int:
        return sum(t.vacancies(on) or 0 for t in self.seat_types)

    def has_member(self, viewer: Any) -> bool:
        """Whether the viewer holds a current appointment on this body (or stands in for one)."""
        return signed_in(viewer) and self.id in viewer.member_committee_ids

    def is_insider(self, viewer: Any) -> bool:
        """Members, staff of the body and admins: those who see everything about its meetings."""
        return self.can_manage(viewer) or self.has_member(viewer)


def with_roster(query: sa.Select) -> sa.Select:
    """Load bodies with their statutes, seats and who holds them, in a fixed number of queries."""
    appointments = selectinload(Committee.seat_types).selectinload(SeatType.appointments)
    return query.options(
        selectinload(Committee.statutes),
        appointments.selectinload(Appointment.person),
        appointments.selectinload(Appointment.organization),
    )


class Statute(db.Model):
    """The law that creates a body. Authority can lapse and be renewed, so each keeps its dates."""

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    citation: Mapped[str] = mapped_column(sa.String(100))
    url: Mapped[str] = mapped_column(sa.String(500), default="")
    enacted_by: Mapped[str] = mapped_column(sa.String(200), default="")
    effective_on: Mapped[date | None]
    expires_on: Mapped[date | None]

    committee: Mapped[Committee] = relationship(back_populates="statutes")

    def in_force(self, on: date) -> bool:
        started = self.effective_on is None or self.effective_on <= on
        return started and (self.expires_on is None or on <= self.expires_on)


class SeatType(db.Model):
    """A kind of seat and how many of it the statute or charter gives."""

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(60))
    label: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[SeatCategory] = mapped_column(str_enum(SeatCategory))
    # None: open-ended, as many as the body invites.
    seat_count: Mapped[int | None]
    # True: the count is a floor ("at least one"), not a ceiling.
    count_is_minimum: Mapped[bool] = mapped_column(default=False)
    # Survivor seats: the holder is named publicly only with their recorded consent.
    requires_name_consent: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # Who fills it, as the statute names it (e.g. "Department of Health"); free text for people.
    fills_with: Mapped[str] = mapped_column(sa.String(300), default="")
    allows_designees: Mapped[bool] = mapped_column(default=True)
    # None: no fixed term (e.g. ex officio seats).
    term_months: Mapped[int | None]
    accepts_applications: Mapped[bool] = mapped_column(default=False)

    committee: Mapped[Committee] = relationship(back_populates="seat_types")
    appointments: Mapped[list[Appointment]] = relationship(
        back_populates="seat_type", order_by="Appointment.start_date"
    )

    __table_args__ = (sa.UniqueConstraint("committee_id", "key"),)
    __audited__ = (
        "label",
        "seat_count",
        "count_is_minimum",
        "term_months",
        "accepts_applications",
        "requires_name_consent",
        "allows_designees",
        "fills_with",
    )

    def __repr__(self) -> str:
        return f"<SeatType {self.key}>"

    def can_view(self, viewer: Any) -> bool:
        return True

    def can_manage(self, viewer: Any) -> bool:
        return self.committee.can_manage(viewer)

    def holders_without_consent(self, on: date | None = None) -> list[Appointment]:
        """Current holders who would be named publicly if the seat stopped requiring consent."""
        return [a for a in self.seat_holders(on) if not a.person.public_name_consent]

    @property
    def has_ceiling(self) -> bool:
        return self.seat_count is not None and not self.count_is_minimum

    @property
    def count_label(self) -> str:
        if self.seat_count is None:
            return gettext("open-ended")
        if self.count_is_minimum:
            return gettext("at least %(num)d", num=self.seat_count)
        return str(self.seat_count)

    def current_appointments(self, on: date | None = None) -> list[Appointment]:
        on = on or today_pacific()
        return [a for a in self.appointments if a.is_current(on)]

    def seat_holders(self, on: date | None = None) -> list[Appointment]:
        """Who fills a seat on a day: current holders, and holdovers where the body allows them."""
        on = on or today_pacific()
        holders = [a for a in self.current_appointments(on) if a.role.holds_seat]
        if self.committee.allows_holdover:
            holders += [a for a in self.appointments if a.role.holds_seat and a.holds_over(on)]
        return holders

    def vacancies(self, on: date | None = None) -> int | None:
        """Seats of this type nobody holds; None when the count is open-ended."""
        return vacancies(self.seat_count, len(self.seat_holders(on)))

    def has_room_for(
        self, start: date, end: date | None, *, ignoring: Appointment | None = None
    ) -> bool:
        """Whether one more seat holder fits on every day of [start, end]."""
        if not self.has_ceiling:
            return True
        others = [a for a in self.appointments if a.role.holds_seat and a is not ignoring]
        return peak_overlap(others, start, end) < self.seat_count


def vacancies(seat_count: int | None, holders: int) -> int | None:
    return None if seat_count is None else max(seat_count - holders, 0)


def peak_overlap(appointments: list[Appointment], start: date, end: date | None) -> int:
    """The most appointments that hold at once on any day of [start, end]."""
    overlapping = [a for a in appointments if a.overlaps(start, end)]
    # The count only rises on a start day, so checking each start (and the window's own) suffices.
    days = {start} | {a.start_date for a in overlapping if a.start_date > start}
    return max((sum(1 for a in overlapping if a.is_current(d)) for d in days), default=0)


class SharedRecord:
    """People and organizations belong to no one body. Staff may change one only when they manage
    every body it touches (admins always); one that touches a seat naming its holders only with
    consent exists only for those bodies' staff."""

    appointments: list[Appointment]

    def committees(self) -> set[Committee]:
        """Every body it holds or held a seat on."""
        return {a.seat_type.committee for a in self.appointments}

    def protected_committees(self) -> set[Committee]:
        return {a.committee for a in self.appointments if a.seat_type.requires_name_consent}

    def can_view(self, viewer: Any) -> bool:
        if not (signed_in(viewer) and viewer.is_staff):
            return False
        return all(viewer.manages(c) for c in self.protected_committees())

    def can_manage(self, viewer: Any) -> bool:
        return self.can_view(viewer) and all(viewer.manages(c) for c in self.committees())


class Organization(SharedRecord, db.Model):
    """Shared by every body (see SharedRecord); a survivors' organization can name the survivor,
    so it is protected like them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    website: Mapped[str] = mapped_column(sa.String(500), default="")

    appointments: Mapped[list[Appointment]] = relationship(viewonly=True)

    __audited__ = ("name", "website")

    def __repr__(self) -> str:
        return f"<Organization {self.name}>"


class Person(SharedRecord, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    # Consent to be named on public pages, feeds, e-mails, the API and exports. Only seats that
    # require it (the survivor seat) depend on it; everyone starts without it. It changes only
    # through `record_consent`, which keeps the act in `consents`.
    public_name_consent: Mapped[bool] = mapped_column(default=False)

    appointments: Mapped[list[Appointment]] = relationship(
        back_populates="person", order_by="Appointment.start_date"
    )
    trainings: Mapped[list[TrainingRecord]] = relationship(
        back_populates="person",
        order_by="TrainingRecord.completed_on",
        cascade="all, delete-orphan",
    )
    consents: Mapped[list[ConsentRecord]] = relationship(
        back_populates="person",
        order_by="ConsentRecord.recorded_at, ConsentRecord.id",
        cascade="all, delete-orphan",
    )
    # Applications carry an address, not a person: an applicant becomes one when appointed. Named
    # by string so this package needs no import of the applications package above it.
    applications: Mapped[list[Any]] = relationship(
        "SeatApplication",
        primaryjoin="foreign(SeatApplication.email) == Person.email",
        viewonly=True,
    )

    __audited__ = ("name", "email", "title", "public_name_consent")

    def __repr__(self) -> str:
        return f"<Person {self.id}>"

    def protected_committees(self) -> set[Committee]:
        """Bodies where this person holds, held or applied for a seat that names its holders only
        with consent: to everyone but those bodies' staff, the person does not exist."""
        applied = {
            a.seat_type.committee for a in self.applications if a.seat_type.requires_name_consent
        }
        return super().protected_committees() | applied

    def record_consent(
        self, *, given: bool, how: str, given_on: date, by: User | None, at: datetime
    ) -> ConsentRecord:
        """Give or withdraw consent to be named publicly: an act of its own, kept with who
        recorded it, when, and how the person gave it."""
        record = ConsentRecord(
            given=given,
            how=how,
            given_on=given_on,
            recorded_by_id=by.id if by is not None else None,
            recorded_at=at,
        )
        self.consents.append(record)
        self.public_name_consent = given
        return record


class ConsentRecord(db.Model):
    """One act of giving or withdrawing consent to be named publicly."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    given: Mapped[bool]
    # How the person gave or withdrew it, e.g. "signed form" or "e-mail of March 3, 2027".
    how: Mapped[str] = mapped_column(sa.String(300))
    given_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(back_populates="consents")
    recorded_by = relationship("User")

    __audited__ = ("person_id", "given", "how", "given_on")


class Appointment(db.Model):
    """A person in a seat of a type, from a start date to an optional end date, in a role."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="RESTRICT"))
    seat_type_id: Mapped[int] = mapped_column(sa.ForeignKey("seat_type.id", ondelete="RESTRICT"))
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="RESTRICT")
    )
    role: Mapped[AppointmentRole] = mapped_column(
        str_enum(AppointmentRole), default=AppointmentRole.MEMBER
    )
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    # The term this one follows: the same person's last term, or the predecessor's.
    previous_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("appointment.id", ondelete="SET NULL")
    )
    # For a designee or alternate: the seat holder they stand in for.
    stands_in_for_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("appointment.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship(back_populates="appointments")
    previous: Mapped[Appointment | None] = relationship(
        remote_side="Appointment.id", foreign_keys=[previous_id]
    )
    stands_in_for: Mapped[Appointment | None] = relationship(
        remote_side="Appointment.id", foreign_keys=[stands_in_for_id]
    )
    seat_type: Mapped[SeatType] = relationship(back_populates="appointments")
    organization: Mapped[Organization | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
    )
    __audited__ = ("person_id", "seat_type_id", "role", "organization_id", "start_date", "end_date")

    def __repr__(self) -> str:
        return f"<Appointment {self.id}>"

    @property
    def committee(self) -> Committee:
        return self.seat_type.committee

    def can_view(self, viewer: Any) -> bool:
        return True

    def can_manage(self, viewer: Any) -> bool:
        return self.committee.can_manage(viewer)

    def is_current(self, on: date | None = None) -> bool:
        on = on or today_pacific()
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)

    def successors(self) -> list[Appointment]:
        return [a for a in self.seat_type.appointments if a.previous_id == self.id]

    def holds_over(self, on: date) -> bool:
        """Term over, no successor (or next term) begun yet: serving until one is appointed."""
        if self.end_date is None or self.end_date >= on or self.start_date > on:
            return False
        return not any(s.start_date <= on for s in self.successors())

    def overlaps(self, start: date, end: date | None) -> bool:
        ends_after_start = self.end_date is None or self.end_date >= start
        return ends_after_start and (end is None or self.start_date <= end)

    @property
    def name_is_public(self) -> bool:
        return not self.seat_type.requires_name_consent or self.person.public_name_consent

    def public_name(self) -> str | None:
        """The holder's name as the public may see it: None means show the seat only as filled."""
        return self.person.name if self.name_is_public else None

    def public_organization(self) -> Organization | None:
        return self.organization if self.name_is_public else None


class TrainingRecord(db.Model):
    """A completed open-government training (RCW 42.30.205)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    completed_on: Mapped[date]

    person: Mapped[Person] = relationship(back_populates="trainings")

    __audited__ = ("person_id", "completed_on")


def people_on_record() -> list[Person]:
    """Everyone, with what the protection model asks of them loaded in a fixed number of queries."""
    appointments = selectinload(Person.appointments)
    return list(
        db.session.scalars(
            sa.select(Person)
            .order_by(Person.name)
            .options(
                appointments.selectinload(Appointment.seat_type).selectinload(SeatType.committee),
                selectinload(Person.applications),
                selectinload(Person.consents),
            )
        )
    )


def organizations_on_record() -> list[Organization]:
    """Every organization, with the bodies the protection model asks of loaded."""
    appointments = selectinload(Organization.appointments).selectinload(Appointment.seat_type)
    return list(
        db.session.scalars(
            sa.select(Organization)
            .order_by(Organization.name)
            .options(appointments.selectinload(SeatType.committee))
        )
    )


def organization_named(name: str) -> Organization:
    """The organization of that name, created if new."""
    organization = db.session.scalar(sa.select(Organization).where(Organization.name == name))
    if organization is None:
        organization = Organization(name=name)
        db.session.add(organization)
    return organization
