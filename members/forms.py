"""Forms of accounts, sign-in, the member's page and the staff's mail screen."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from core.forms import DeliverableEmail, LanguageField, stripped
from members.models import User, UserRole


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class FollowForm(FlaskForm):
    """Which other bodies' public meetings go in the member's private calendar."""

    committees = SelectMultipleField(_l("Also show the public meetings of"), coerce=int)

    def __init__(self, *args, choices: list[SelectChoice], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.committees.choices = choices


class RegenerateCalendarForm(FlaskForm):
    """A POST button: a new private calendar link; the old one stops working."""


class ResendForm(FlaskForm):
    """A corrected address for a message the mail server refused for good."""

    recipient = EmailField(
        "Send it to",
        filters=[lambda v: stripped(v).lower()],
        validators=[
            DataRequired(message="Enter the corrected address."),
            DeliverableEmail(),
            Length(max=254),
        ],
    )


class PasswordResetForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password (at least 12 characters)"),
        validators=[
            DataRequired(),
            Length(min=12, max=1024, message=_l("Use at least 12 characters.")),
        ],
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    # Set when the account is first set up (and open to change at each reset).
    language = LanguageField()


class AccountForm(FlaskForm):
    """An administrator sets an account's role, the bodies a staff member manages, and whether
    it may sign in."""

    role = SelectField(
        "Role", choices=[SelectChoice(r.value, r.value.capitalize()) for r in UserRole]
    )
    committees = SelectMultipleField("Bodies this staff member manages", coerce=int)
    active = BooleanField("May sign in")

    def __init__(self, *args, account: User, editor: User, choices: list[SelectChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.editor = editor
        self.committees.choices = choices

    def validate_role(self, field: SelectField) -> None:
        if self.account.id == self.editor.id and field.data != UserRole.ADMIN.value:
            raise ValidationError("You cannot take away your own administrator role.")

    def validate_active(self, field: BooleanField) -> None:
        if self.account.id == self.editor.id and not field.data:
            raise ValidationError("You cannot turn off your own account.")
