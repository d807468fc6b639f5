"""Staff forms for people, organizations and appointments. Each owns its validation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from committees.models import Appointment, AppointmentRole, Committee, Organization, Person
from core.forms import stripped
from extensions import db

NO_ORGANIZATION = 0


def optional_int(value: str | int | None) -> int | None:
    return None if value in ("", None) else int(value)


class PersonForm(FlaskForm):
    name = StringField(
        "Full name", filters=[stripped], validators=[DataRequired(), Length(max=200)]
    )
    email = EmailField(
        "E-mail (optional)",
        validators=[Optional(), Email(), Length(max=254)],
        filters=[lambda v: v.strip().lower() if v else None],
    )
    title = StringField(
        "Title or position (optional)", filters=[stripped], validators=[Length(max=200)]
    )
    public_name_consent = BooleanField("This person consents to being named on public pages")

    def __init__(self, *args, person: Person | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def validate_email(self, field: EmailField) -> None:
        if not field.data:
            return
        other = db.session.scalar(select(Person).where(Person.email == field.data))
        if other is not None and other is not self.person:
            raise ValidationError("Another person already has this e-mail address.")


class OrganizationForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=200)],
        filters=[stripped],
    )
    website = URLField("Website (optional)", validators=[Optional(), URL(), Length(max=500)])

    def __init__(self, *args, organization: Organization | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def validate_name(self, field: StringField) -> None:
        other = db.session.scalar(
            select(Organization).where(func.lower(Organization.name) == field.data.lower())
        )
        if other is not None and other is not self.organization:
            raise ValidationError("An organization with this name already exists.")


class AppointmentForm(FlaskForm):
    person_id = SelectField(
        "Person", coerce=optional_int, validators=[DataRequired(message="Choose a person.")]
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
    start_date = DateField("Start date", validators=[InputRequired(message="Enter a start date.")])
    end_date = DateField("End date (optional)", validators=[Optional()])

    def __init__(
        self, *args, committee: Committee, appointment: Appointment | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.appointment = appointment
        # An empty first choice, so nobody is appointed by a default they did not notice.
        self.seat_type_id.choices = [SelectChoice("", "— choose a seat —")] + [
            SelectChoice(t.id, f"{t.label} ({t.count_label})") for t in committee.seat_types
        ]
        people = db.session.scalars(select(Person).order_by(Person.name)).all()
        self.person_id.choices = [SelectChoice("", "— choose a person —")] + [
            SelectChoice(p.id, p.name) for p in people
        ]
        organizations = db.session.scalars(select(Organization).order_by(Organization.name)).all()
        self.organization_id.choices = [SelectChoice(NO_ORGANIZATION, "— none —")] + [
            SelectChoice(o.id, o.name) for o in organizations
        ]

    @property
    def seat_type(self):
        return next((t for t in self.committee.seat_types if t.id == self.seat_type_id.data), None)

    def validate_end_date(self, field: DateField) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("The end date cannot be before the start date.")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        role = AppointmentRole(self.role.data)
        seat_type = self.seat_type
        if role.holds_seat and not seat_type.has_room_for(
            self.start_date.data, self.end_date.data, ignoring=self.appointment
        ):
            self.form_errors.append(
                f"All {seat_type.seat_count} “{seat_type.label}” seats are filled for those dates. "
                "End a current term first, or choose other dates."
            )
            return False
        return True

    def apply_to(self, appointment: Appointment) -> None:
        appointment.person = db.session.get(Person, self.person_id.data)
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
    end_date = DateField(
        "Last day in the seat",
        id="last_day_in_seat",  # the appointment form beside it has its own end_date
        validators=[InputRequired(message="Enter the last day.")],
    )

    def __init__(self, *args, appointment: Appointment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.appointment = appointment

    def validate_end_date(self, field: DateField) -> None:
        if field.data < self.appointment.start_date:
            raise ValidationError("The term cannot end before it started.")


class CommitteeSettingsForm(FlaskForm):
    quorum_size = IntegerField(
        "Quorum (optional)",
        validators=[
            Optional(),
            NumberRange(min=1, max=500, message="Enter a number from 1 to 500."),
        ],
    )
    contact_name = StringField("Public contact", filters=[stripped], validators=[Length(max=200)])
    contact_email = EmailField("Contact e-mail", validators=[Optional(), Email(), Length(max=254)])
    contact_phone = StringField("Contact phone", filters=[stripped], validators=[Length(max=40)])
