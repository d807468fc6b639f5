"""Sign-in forms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class FollowForm(FlaskForm):
    """Which other bodies' public meetings go in the member's private calendar."""

    committees = SelectMultipleField("Also show the public meetings of", coerce=int)

    def __init__(self, *args, choices: list[SelectChoice], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.committees.choices = choices


class RegenerateCalendarForm(FlaskForm):
    """A POST button: a new private calendar link; the old one stops working."""


class PasswordResetForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password (at least 12 characters)",
        validators=[DataRequired(), Length(min=12, max=1024,
                                           message="Use at least 12 characters.")],
    )
    confirm = PasswordField(
        "The same password again",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )
