"""Staff forms for people, organizations and appointments. Each owns its validation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from committees.models import (
    Appointment,
    AppointmentRole,
    Committee,
    Organization,
    Person,
    SeatType,
    Topic,
    organizations_on_record,
    people_on_record,
)
from core.forms import BoundedDateField, DeliverableEmail, one_line, stripped
from core.time import today_pacific
from core.translated import translations_of
from extensions import db

if TYPE_CHECKING:
    from members.models import User

NO_ORGANIZATION = 0
NEW_PERSON = -1  # the person picker's choice for "someone not on record yet"


def optional_int(value: str | int | None) -> int | None:
    return None if value in ("", None) else int(value)


class PersonForm(FlaskForm):
    name = StringField(
        "Full name", filters=[one_line], validators=[DataRequired(), Length(max=200)]
    )
    email = EmailField(
        "E-mail (optional)",
        validators=[Optional(), DeliverableEmail(), Length(max=254)],
        filters=[lambda v: v.strip().lower() if v else None],
    )
    title = StringField(
        "Title or position (optional)", filters=[one_line], validators=[Length(max=200)]
    )

    def __init__(self, *args, person: Person | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def validate_email(self, field: EmailField) -> None:
        if field.data and email_taken(field.data, self.person):
            raise ValidationError(EMAIL_TAKEN)


EMAIL_TAKEN = (
    "Someone on record already has this e-mail address. Choose them instead, or ask an "
    "administrator if you cannot."
)


def email_taken(email: str, person: Person | None = None) -> bool:
    """Whether another person has this address. Said without naming them: they may be someone
    this user may not know of."""
    other = db.session.scalar(select(Person).where(Person.email == email))
    return other is not None and other is not person


class ConsentForm(FlaskForm):
    """Giving or withdrawing consent to be named publicly: its own act, with how it was given."""

    given = RadioField(
        "Does this person consent to being named on public pages?",
        choices=[
            SelectChoice("yes", "Yes: they may be named on public pages, feeds and open data"),
            SelectChoice("no", "No: show their seat only as filled"),
        ],
        validators=[InputRequired(message="Choose yes or no.")],
    )
    how = StringField(
        "How they said so",
        filters=[one_line],
        validators=[
            DataRequired(message="Say how the person gave or withdrew consent."),
            Length(max=300),
        ],
        description="For example: signed consent form; e-mail of March 3, 2027; in person to "
        "the program manager.",
    )
    given_on = BoundedDateField(
        "On what day", validators=[InputRequired(message="Enter the day they said so.")]
    )

    def __init__(self, *args, person: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        if not self.is_submitted():
            self.given.data = "yes" if person.public_name_consent else "no"

    def validate_given_on(self, field: BoundedDateField) -> None:
        if field.data and field.data > today_pacific():
            raise ValidationError("The day cannot be in the future.")


class OrganizationForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=200)],
        filters=[one_line],
    )
    website = URLField("Website (optional)", validators=[Optional(), URL(), Length(max=500)])

    def __init__(self, *args, organization: Organization | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def validate_name(self, field: StringField) -> None:
        # Both sides lowered by the database: SQLite lowers ASCII only, and an "Ê" lowered by
        # Python would miss the same name already stored, which the unique index then refuses.
        other = db.session.scalar(
            select(Organization).where(func.lower(Organization.name) == func.lower(field.data))
        )
        if other is not None and other is not self.organization:
            raise ValidationError("An organization with this name already exists.")


class AppointmentForm(FlaskForm):
    person_id = SelectField(
        "Person",
        coerce=optional_int,
        validators=[DataRequired(message="Choose a person, or “Someone new”.")],
    )
    new_person_name = StringField(
        "Their full name", filters=[one_line], validators=[Length(max=200)]
    )
    new_person_email = EmailField(
        "Their e-mail (optional)",
        validators=[Optional(), DeliverableEmail(), Length(max=254)],
        filters=[lambda v: v.strip().lower() if v else None],
    )
    seat_type_id = SelectField(
        "Seat", coerce=optional_int, validators=[DataRequired(message="Choose a seat.")]
    )
    role = SelectField(
        "Role",
        choices=[SelectChoice(r.value, r.label) for r in AppointmentRole],
        default=AppointmentRole.MEMBER.value,
    )
    organization_id = SelectField("On behalf of (optional)", coerce=int, default=NO_ORGANIZATION)
    stands_in_for_id = SelectField(
        "Stands in for (designees and alternates only)",
        coerce=optional_int,
        validators=[Optional()],
    )
    start_date = BoundedDateField(
        "Start date", validators=[InputRequired(message="Enter a start date.")]
    )
    end_date = BoundedDateField("End date (optional)", validators=[Optional()])

    def __init__(
        self,
        *args,
        committee: Committee,
        user: User,
        appointment: Appointment | None = None,
        follows: Appointment | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.user = user
        self.appointment = appointment
        # The term this one continues (a reappointment) or takes over (a successor).
        self.follows = follows
        self.holders = [a for a in committee.current_appointments() if a.role.holds_seat]
        self.stands_in_for_id.choices = [SelectChoice("", "— nobody —")] + [
            SelectChoice(a.id, f"{a.person.name} ({a.seat_type.label})") for a in self.holders
        ]
        # An empty first choice, so nobody is appointed by a default they did not notice.
        self.seat_type_id.choices = [SelectChoice("", "— choose a seat —")] + [
            SelectChoice(t.id, f"{t.label} ({t.count_label})") for t in committee.seat_types
        ]
        # Only people this user may manage: someone who sits on a body they do not manage is
        # an admin's to appoint, and a survivor of another body does not exist for them at all.
        people = [p for p in people_on_record() if p.can_manage(user)]
        if appointment is not None and appointment.person not in people:
            people.insert(0, appointment.person)  # an existing term keeps its holder
        self.person_id.choices = (
            [SelectChoice("", "— choose a person —")]
            + [SelectChoice(p.id, p.name) for p in people]
            + [SelectChoice(NEW_PERSON, "Someone new (enter their name below)")]
        )
        organizations = [o for o in organizations_on_record() if o.can_view(user)]
        if appointment is not None and appointment.organization not in [None, *organizations]:
            organizations.insert(0, appointment.organization)
        self.organization_id.choices = [SelectChoice(NO_ORGANIZATION, "— none —")] + [
            SelectChoice(o.id, o.name) for o in organizations
        ]

    @property
    def seat_type(self):
        return next((t for t in self.committee.seat_types if t.id == self.seat_type_id.data), None)

    def validate_end_date(self, field: BoundedDateField) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("The end date cannot be before the start date.")

    def validate_new_person_name(self, field: StringField) -> None:
        if self.person_id.data == NEW_PERSON and not field.data:
            raise ValidationError("Enter the new person's full name.")

    def validate_new_person_email(self, field: EmailField) -> None:
        if self.person_id.data == NEW_PERSON and field.data and email_taken(field.data):
            raise ValidationError(EMAIL_TAKEN)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        role = AppointmentRole(self.role.data)
        seat_type = self.seat_type
        if not self._designee_is_valid(role, seat_type):
            return False
        if not self._keeps_name_private(seat_type):
            return False
        if role.holds_seat and not seat_type.has_room_for(
            self.start_date.data, self.end_date.data, ignoring=self.appointment
        ):
            self.form_errors.append(
                f"All {seat_type.seat_count} “{seat_type.label}” seats are filled for those dates. "
                "End a current term first, or choose other dates."
            )
            return False
        return True

    def _keeps_name_private(self, seat_type: SeatType) -> bool:
        """Moving a holder out of a seat that names them only with consent would name them."""
        before = self.appointment.seat_type if self.appointment is not None else None
        person = self.appointment.person if self.appointment is not None else None
        if before is None or not before.requires_name_consent or seat_type.requires_name_consent:
            return True
        if person.public_name_consent:
            return True
        self.seat_type_id.errors.append(
            f"“{seat_type.label}” names its holders publicly, and {person.name} has not consented "
            "to being named. Record their consent on their page first."
        )
        return False

    def _designee_is_valid(self, role: AppointmentRole, seat_type: SeatType) -> bool:
        if role.holds_seat:
            if self.stands_in_for_id.data:
                self.stands_in_for_id.errors.append(
                    "Only a designee or alternate stands in for someone."
                )
                return False
            return True
        if not seat_type.allows_designees:
            self.role.errors.append(f"“{seat_type.label}” takes no designees or alternates.")
            return False
        if not self.stands_in_for_id.data:
            self.stands_in_for_id.errors.append("Choose the seat holder they stand in for.")
            return False
        return True

    def chosen_person(self) -> Person:
        if self.person_id.data == NEW_PERSON:
            person = Person(
                name=self.new_person_name.data,
                email=self.new_person_email.data or None,
            )
            db.session.add(person)
            return person
        return db.session.get(Person, self.person_id.data)

    def apply_to(self, appointment: Appointment) -> None:
        appointment.person = self.chosen_person()
        appointment.stands_in_for_id = self.stands_in_for_id.data
        if self.follows is not None:
            appointment.previous_id = self.follows.id
        appointment.seat_type = self.seat_type
        appointment.role = AppointmentRole(self.role.data)
        appointment.organization = (
            db.session.get(Organization, self.organization_id.data)
            if self.organization_id.data != NO_ORGANIZATION
            else None
        )
        appointment.start_date = self.start_date.data
        appointment.end_date = self.end_date.data


class EndAppointmentForm(FlaskForm):
    end_date = BoundedDateField(
        "Last day in the seat",
        id="last_day_in_seat",  # the appointment form beside it has its own end_date
        validators=[InputRequired(message="Enter the last day.")],
    )

    def __init__(self, *args, appointment: Appointment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.appointment = appointment

    def validate_end_date(self, field: BoundedDateField) -> None:
        if field.data and field.data < self.appointment.start_date:
            raise ValidationError("The term cannot end before it started.")


class SeatTypeForm(FlaskForm):
    label = StringField("Name", filters=[one_line], validators=[DataRequired(), Length(max=200)])
    seat_count = IntegerField(
        "How many seats (empty: open-ended)",
        validators=[
            Optional(),
            NumberRange(min=1, max=500, message="Enter a number from 1 to 500."),
        ],
    )
    count_is_minimum = BooleanField("The count is a minimum (“at least”), not an exact number")
    fills_with = StringField(
        "Who fills it, as the statute says (optional)",
        filters=[one_line],
        validators=[Length(max=300)],
    )
    allows_designees = BooleanField("A designee or alternate may sit for the holder")
    term_months = IntegerField(
        "Term length in months (empty: no fixed term)",
        validators=[Optional(), NumberRange(min=1, max=120, message="Enter 1 to 120 months.")],
    )
    accepts_applications = BooleanField("The public may apply for this seat")
    requires_name_consent = BooleanField("Name holders publicly only with their recorded consent")

    def __init__(self, *args, seat_type: SeatType, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seat_type_record = seat_type

    def validate_requires_name_consent(self, field: BooleanField) -> None:
        if field.data or not self.seat_type_record.requires_name_consent:
            return
        waiting = self.seat_type_record.holders_without_consent()
        if waiting:
            raise ValidationError(
                f"{len(waiting)} current holder(s) of this seat have no consent on record. "
                "Unticking this would name them publicly at once: record each holder's consent "
                "on their page first."
            )

    def validate_seat_count(self, field: IntegerField) -> None:
        holders = len(self.seat_type_record.seat_holders())
        exact = not self.count_is_minimum.data
        if field.data is not None and exact and field.data < holders:
            raise ValidationError(
                f"{holders} people hold these seats today; end terms before lowering the count."
            )


@translations_of(Committee, purpose=TextAreaField, how_to_take_part=TextAreaField)
class CommitteeSettingsForm(FlaskForm):
    purpose = TextAreaField(
        "Purpose", filters=[stripped], validators=[InputRequired(), Length(max=20000)]
    )
    how_to_take_part = TextAreaField(
        "How to take part", filters=[stripped], validators=[Length(max=20000)]
    )
    topic = SelectField(
        "Topic", choices=[SelectChoice(t.value, t.label) for t in Topic], coerce=Topic
    )
    quorum_size = IntegerField(
        "Quorum (optional)",
        validators=[
            Optional(),
            NumberRange(min=1, max=500, message="Enter a number from 1 to 500."),
        ],
    )
    contact_name = StringField("Public contact", filters=[one_line], validators=[Length(max=200)])
    contact_email = EmailField(
        "Contact e-mail", validators=[Optional(), DeliverableEmail(), Length(max=254)]
    )
    contact_phone = StringField("Contact phone", filters=[one_line], validators=[Length(max=40)])
    allows_holdover = BooleanField(
        "A member whose term has ended serves until a successor is appointed"
    )
    term_alert_days = IntegerField(
        "Tell staff of terms ending within this many days",
        validators=[InputRequired(), NumberRange(min=1, max=365)],
    )
    absence_limit = IntegerField(
        "Flag a seat after this many consecutive unexcused absences (empty: never)",
        validators=[Optional(), NumberRange(min=1, max=20)],
    )
    accommodation_notice_days = IntegerField(
        "Business days ahead the public should ask for an interpreter or other accommodation",
        validators=[InputRequired(), NumberRange(min=0, max=30)],
    )
    comment_cutoff_hours = IntegerField(
        "Public comment closes this many hours before a meeting starts",
        validators=[
            InputRequired(message="Enter a number of hours from 0 to 168."),
            NumberRange(min=0, max=168, message="Enter a number of hours from 0 to 168."),
        ],
    )


class TrainingForm(FlaskForm):
    completed_on = BoundedDateField(
        "Open-government training completed on",
        validators=[InputRequired(message="Enter the date the training was completed.")],
    )

    def validate_completed_on(self, field: BoundedDateField) -> None:
        if field.data and field.data > today_pacific():
            raise ValidationError("The date cannot be in the future.")
