"""The public comment form: written comment or a sign-up to speak, on the meeting or one item."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from comments.models import TEXT_LIMIT, CommentKind, OralMode
from core.forms import one_line, stripped
from core.languages import current
from meetings.models import Meeting
from meetings.uploads import ALLOWED_DESCRIPTION
from public_requests.forms import HoneypotMixin, ReaderMixin, requester_email

WHOLE_MEETING = ""  # the agenda item choice that means the meeting as a whole


def commentable_items(meeting: Meeting) -> list[Any]:
    """The posted agenda's items that still exist: what a comment may be on."""
    posted = meeting.posted_agenda
    if posted is None:
        return []
    existing = {item.id for item in meeting.agenda_items}
    return [item for item in posted.items() if item.id in existing]


class CommentForm(ReaderMixin, HoneypotMixin, FlaskForm):
    kind = RadioField(
        _l("How would you like to comment?"),
        choices=[SelectChoice(k.value, k.label) for k in CommentKind],
        default=CommentKind.WRITTEN.value,
        validators=[InputRequired(message=_l("Choose written comment or oral comment."))],
    )
    agenda_item = SelectField(_l("Your comment is on"), default=WHOLE_MEETING)
    text = TextAreaField(
        _l("Your comment"),
        filters=[stripped],
        validators=[
            Length(
                max=TEXT_LIMIT,
                message=_l("Keep your comment to %(max)d characters or fewer."),
            )
        ],
    )
    attachment = FileField(
        _l("A document to go with your comment (optional): %(types)s", types=ALLOWED_DESCRIPTION),
        validators=[Optional()],
    )
    oral_mode = RadioField(
        _l("If you sign up to speak: how?"),
        choices=[SelectChoice(m.value, m.label) for m in OralMode],
        validate_choice=False,  # checked below: needed for oral comment only
    )
    remote_for_disability = BooleanField(
        _l("I ask to comment remotely because of a disability or limited mobility")
    )
    name = StringField(_l("Your name (optional)"), filters=[one_line], validators=[Length(max=200)])
    publish_name = BooleanField(_l("My name may be published with my comment"))
    email = requester_email()

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        language = current()
        self.agenda_item.choices = [SelectChoice(WHOLE_MEETING, _l("The meeting as a whole"))] + [
            SelectChoice(
                str(item.id),
                _l(
                    "Item %(number)d: %(title)s",
                    number=number,
                    title=item.text_and_language("title", language)[0],
                ),
            )
            for number, item in enumerate(commentable_items(meeting), start=1)
        ]

    @property
    def is_written(self) -> bool:
        return self.kind.data == CommentKind.WRITTEN.value

    def agenda_item_id(self) -> int | None:
        """The item chosen, or None for the meeting; SelectField has refused anything else."""
        return int(self.agenda_item.data) if self.agenda_item.data else None

    def validate_text(self, field) -> None:
        if self.is_written and not field.data:
            raise ValidationError(_l("Write your comment, or choose oral comment to speak."))

    def validate_oral_mode(self, field) -> None:
        if field.data and field.data not in {m.value for m in OralMode}:
            raise ValidationError(_l("Choose in person or remotely."))
        if self.kind.data == CommentKind.ORAL.value and not field.data:
            raise ValidationError(_l("Say whether you will speak in person or remotely."))

    def validate_remote_for_disability(self, field) -> None:
        remote_oral = (
            self.kind.data == CommentKind.ORAL.value
            and self.oral_mode.data == OralMode.REMOTE.value
        )
        if field.data and not remote_oral:
            raise ValidationError(
                _l("To comment remotely, choose oral comment and “Remotely” above.")
            )

    def validate_publish_name(self, field) -> None:
        if field.data and not self.name.data:
            raise ValidationError(
                _l("Give your name to have it published, or leave this box unchecked.")
            )

    def fields(self) -> dict[str, Any]:
        """What the comment records, as plain values (a confirmed comment keeps newer text as
        JSON until its new link is used)."""
        written = self.is_written
        return {
            "kind": self.kind.data,
            "agenda_item_id": self.agenda_item_id(),
            "text": self.text.data,
            "name": self.name.data,
            "publish_name": bool(self.publish_name.data and self.name.data),
            "oral_mode": None if written else self.oral_mode.data,
            "remote_for_disability": bool(self.remote_for_disability.data) and not written,
            "language": self.language.data,
        }


class WithholdForm(FlaskForm):
    reason = TextAreaField(
        "Why it is withheld from the public record",
        filters=[stripped],
        validators=[
            InputRequired(message="Say why the comment is withheld."),
            Length(max=2000, message="Keep the reason to 2,000 characters or fewer."),
        ],
    )
