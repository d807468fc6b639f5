"""The public application form and the staff decision forms."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from committees.forms import optional_int
from committees.models import SeatType
from core.forms import one_line, stripped
from meetings.uploads import ALLOWED_DESCRIPTION
from public_requests.forms import HoneypotMixin, ReaderMixin, requester_email


class ApplicationForm(ReaderMixin, HoneypotMixin, FlaskForm):
    name = StringField(
        _l("Your name"), filters=[one_line], validators=[DataRequired(), Length(max=200)]
    )
    email = requester_email()
    phone = StringField(_l("Phone (optional)"), filters=[one_line], validators=[Length(max=40)])
    organization = StringField(
        _l("Organization (optional)"), filters=[one_line], validators=[Length(max=200)]
    )
    seat_type = SelectField(
        _l("The seat you apply for"),
        coerce=optional_int,
        validators=[DataRequired(message=_l("Choose the seat you apply for."))],
    )
    statement = TextAreaField(
        _l("Why you would like to serve, and what you would bring"),
        filters=[stripped],
        validators=[DataRequired(), Length(max=5000)],
    )
    attachment = FileField(
        _l("A résumé or letter (optional): %(types)s", types=ALLOWED_DESCRIPTION),
        validators=[Optional()],
    )

    def __init__(self, *args, seat_types: list[SeatType], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seat_type.choices = [SelectChoice("", _("— choose a seat —"))] + [
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
