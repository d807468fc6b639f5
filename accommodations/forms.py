"""The short form on a meeting page, and staff's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from accommodations.models import NEED_LABELS, Need
from core.forms import one_line, stripped
from public_requests.forms import HoneypotMixin, ReaderMixin, requester_email


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AccommodationForm(ReaderMixin, HoneypotMixin, FlaskForm):
    needs = CheckboxesField(
        _l("What do you need?"),
        choices=[SelectChoice(need.value, label) for need, label in NEED_LABELS.items()],
        validators=[DataRequired(message=_l("Choose at least one."))],
    )
    interpreter_language = StringField(
        _l("Which language, or ASL?"), filters=[one_line], validators=[Length(max=100)]
    )
    details = TextAreaField(
        _l("Anything staff should know (needed for another accommodation)"),
        filters=[stripped],
        validators=[Length(max=2000)],
    )
    name = StringField(_l("Your name (optional)"), filters=[one_line], validators=[Length(max=200)])
    email = requester_email()
    phone = StringField(
        _l("A phone number (optional)"), filters=[one_line], validators=[Length(max=40)]
    )

    def validate_interpreter_language(self, field) -> None:
        if Need.INTERPRETER.value in (self.needs.data or []) and not field.data:
            raise ValidationError(_l("Say which language you need an interpreter for."))

    def validate_details(self, field) -> None:
        if Need.OTHER.value in (self.needs.data or []) and not field.data:
            raise ValidationError(_l("Say which accommodation you need."))


class AnswerForm(FlaskForm):
    message = TextAreaField(
        "Message to the requester (optional)", filters=[stripped], validators=[Length(max=2000)]
    )
