"""The public application form and the staff decision forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from committees.forms import optional_int
from committees.models import SeatType
from core.forms import one_line, stripped
from meetings.uploads import ALLOWED_DESCRIPTION
from public_requests.forms import HoneypotMixin, requester_email


class ApplicationForm(HoneypotMixin, FlaskForm):
    name = StringField(
        "Your name", filters=[one_line], validators=[DataRequired(), Length(max=200)]
    )
    email = requester_email()
    phone = StringField("Phone (optional)", filters=[one_line], validators=[Length(max=40)])
    organization = StringField(
        "Organization (optional)", filters=[one_line], validators=[Length(max=200)]
    )
    seat_type = SelectField(
        "The seat you apply for",
        coerce=optional_int,
        validators=[DataRequired(message="Choose the seat you apply for.")],
    )
    statement = TextAreaField(
        "Why you would like to serve, and what you would bring",
        filters=[stripped],
        validators=[DataRequired(), Length(max=5000)],
    )
    attachment = FileField(
        f"A résumé or letter (optional): {ALLOWED_DESCRIPTION}", validators=[Optional()]
    )

    def __init__(self, *args, seat_types: list[SeatType], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seat_type.choices = [SelectChoice("", "— choose a seat —")] + [
            SelectChoice(t.id, t.label) for t in seat_types
        ]


class ApplicationStatusForm(FlaskForm):
    status = SelectField(
        "Move to",
        choices=[
            SelectChoice("under_review", "Under review"),
            SelectChoice("recommended", "Recommended"),
            SelectChoice("declined", "Declined"),
        ],
    )
