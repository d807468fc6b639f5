"""Forms for requesting an invitation, deciding on it, and subscribing to notices."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core.forms import one_line, stripped
from core.templating import long_date
from core.translated import localized_text
from public_requests.forms import HoneypotMixin, ReaderMixin, requester_email

BODY_WIDE = ""


class RequestInvitationForm(ReaderMixin, HoneypotMixin, FlaskForm):
    name = StringField(
        _l("Your name"), filters=[one_line], validators=[DataRequired(), Length(max=200)]
    )
    email = requester_email()
    organization = StringField(
        _l("Organization (optional)"), filters=[one_line], validators=[Length(max=200)]
    )
    reason = TextAreaField(
        _l("Your role, or why you would like to attend"),
        filters=[stripped],
        validators=[DataRequired(), Length(max=2000)],
    )
    meeting = SelectField(_l("Which meeting"), validators=[Optional()])

    def __init__(self, *args, meetings: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting.choices = [
            SelectChoice(BODY_WIDE, _("The body's member meetings in general"))
        ] + [
            SelectChoice(
                str(m.id), f"{localized_text(m, 'title')}, {long_date(m.local_start.date())}"
            )
            for m in meetings
        ]


class DecisionForm(FlaskForm):
    message = TextAreaField(
        "Message to the requester (optional)", filters=[stripped], validators=[Length(max=2000)]
    )


class SubscribeForm(ReaderMixin, HoneypotMixin, FlaskForm):
    email = requester_email()
    committees = SelectMultipleField(
        _l("Send me notices of"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one body."))],
    )

    def __init__(self, *args, committees: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.committees.choices = [SelectChoice(c.id, c.name) for c in committees]
