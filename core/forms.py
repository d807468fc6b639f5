"""What every form shares."""

from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Field, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from core import languages
from core.languages import LANGUAGES

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def stripped(value: str | None) -> str:
    """A text field's value without surrounding spaces; a field left out of the POST is ""."""
    return (value or "").strip()


def one_line(value: str | None) -> str:
    """Text that ends up in a calendar, a header or a file name (titles, names): line breaks and
    runs of spaces become one space, so no surface can break on it."""
    return " ".join((value or "").split())


class BoundedDateField(DateField):
    """A date between 1900 and 2100: every date the bodies keep, and none that overflows when a
    time zone or a deadline is added to it (year 1 or 9999)."""

    def pre_validate(self, form) -> None:
        if self.data is not None and not EARLIEST <= self.data <= LATEST:
            self.data = None
            raise ValidationError(
                gettext(
                    "Enter a date from %(low)d to %(high)d.", low=EARLIEST.year, high=LATEST.year
                )
            )


UNDELIVERABLE = _l(
    "We cannot send e-mail to this address: use one with only Latin letters, digits and . _ - + "
    "before the @."
)


class DeliverableEmail:
    """An address our mail can be delivered to: well formed, an internationalized domain allowed
    (sent as IDNA), but no non-Latin part before the @: that needs SMTPUTF8, which Flask-Mail
    does not send. Checked at the form, so nothing the worker cannot send is ever queued."""

    def __call__(self, form, field: Field) -> None:
        if not field.data:
            return
        try:
            validate_email(
                field.data,
                allow_smtputf8=False,
                check_deliverability=False,
            )
        except EmailNotValidError as error:
            if not field.data.split("@")[0].isascii():
                raise ValidationError(UNDELIVERABLE) from None
            # email_validator says what is wrong in English only.
            reason = f": {error}" if languages.current() == languages.DEFAULT else "."
            raise ValidationError(gettext("Enter a valid e-mail address") + reason) from None


def form_status(form: FlaskForm) -> int:
    """A form shown again because of what was sent is a 422; shown for the first time, a 200."""
    return 422 if form.errors else 200


def language_choices() -> list[SelectChoice]:
    """The languages e-mail is written in: the whole ones (the others cover the safety text)."""
    return [SelectChoice(code, LANGUAGES[code].name) for code in languages.WHOLE]


class LanguageField(RadioField):
    """Which language a person's e-mail comes in: each language by its own name, the page's
    language chosen to begin with."""

    labels_in_own_language = True

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(
            label or _l("Language of your e-mails"),
            choices=language_choices(),
            default=languages.page_language,
            **kwargs,
        )


class LanguageForm(FlaskForm):
    language = LanguageField()
