"""What every public request form shares: the requester's address, and a honeypot for bots."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Length

from core.forms import DeliverableEmail, LanguageField, one_line, stripped


def lower_stripped(value: str | None) -> str:
    return stripped(value).lower()


def requester_email(label: str = _l("Your e-mail")) -> EmailField:
    return EmailField(
        label,
        filters=[lower_stripped],
        validators=[DataRequired(), DeliverableEmail(), Length(max=254)],
    )


class ReaderMixin:
    """The language the requester's e-mail comes in (the page's, to begin with)."""

    language = LanguageField()


class HoneypotMixin:
    # Hidden from people by CSS and aria-hidden; bots fill every field.
    website = StringField(_l("Leave this field empty"), filters=[one_line])

    @property
    def is_bot(self) -> bool:
        return bool(self.website.data)
