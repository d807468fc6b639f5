"""Forms for requesting an invitation, deciding on it, and subscribing to notices."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core.forms import one_line, stripped
from public_requests.forms import HoneypotMixin, requester_email

BODY_WIDE = ""


class RequestInvitationForm(HoneypotMixin, FlaskForm):
    name = StringField(
        "Your name", filters=[one_line], validators=[DataRequired(), Length(max=200)]
    )
    email = requester_email()
    organization = StringField(
        "Organization (optional)", filters=[one_line], validators=[Length(max=200)]
    )
    reason = TextAreaField(
        "Your role, or why you would like to attend",
        filters=[stripped],
        validators=[DataRequired(), Length(max=2000)],
    )
    meeting = SelectField("Which meeting", validators=[Optional()])

    def __init__(self, *args, meetings: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting.choices = [
            SelectChoice(BODY_WIDE, "The body's member meetings in general")
        ] + [
            SelectChoice(
                str(m.id),
                f"{m.title}, {m.local_start:%B} {m.local_start.day}, {m.local_start.year}",
            )
            for m in meetings
        ]


class DecisionForm(FlaskForm):
    message = TextAreaField(
        "Message to the requester (optional)", filters=[stripped], validators=[Length(max=2000)]
    )


class SubscribeForm(HoneypotMixin, FlaskForm):
    email = requester_email()
    committees = SelectMultipleField(
        "Send me notices of",
        coerce=int,
        validators=[DataRequired(message="Choose at least one body.")],
    )

    def __init__(self, *args, committees: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.committees.choices = [SelectChoice(c.id, c.name) for c in committees]
