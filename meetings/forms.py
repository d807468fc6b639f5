"""Staff forms for meetings, agendas, documents and attendance. Each owns its validation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from committees.models import Committee, MeetingAccess
from core.arguments import DIGITS
from core.forms import BoundedDateField, one_line, stripped
from core.time import PACIFIC
from core.translated import translations_of
from meetings import opma
from meetings.minutes import ExecutivePurpose, ExecutiveSession
from meetings.models import (
    AgendaItem,
    AttendanceStatus,
    DocumentKind,
    DocumentVisibility,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from meetings.uploads import ALLOWED_DESCRIPTION


def choices(enum_cls) -> list[SelectChoice]:
    return [SelectChoice(member.value, member.label) for member in enum_cls]


def pacific(day: date, at: time) -> datetime:
    """The aware instant of a Pacific wall-clock time, as staff typed it."""
    return datetime.combine(day, at, tzinfo=PACIFIC)


def wall_time_exists(moment: datetime) -> bool:
    """False for times skipped when clocks spring forward (e.g. 2:30 a.m. that Sunday)."""
    round_trip = moment.astimezone(UTC).astimezone(PACIFIC)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None)


@translations_of(Meeting, title=StringField, business=TextAreaField)
class MeetingForm(FlaskForm):
    kind = SelectField("Kind", choices=choices(MeetingKind))
    title = StringField("Title", filters=[one_line], validators=[InputRequired(), Length(max=200)])
    day = BoundedDateField("Date", validators=[InputRequired(message="Enter the date.")])
    start_time = TimeField(
        "Starts (Pacific time)", validators=[InputRequired(message="Enter the start time.")]
    )
    end_time = TimeField(
        "Ends (Pacific time)", validators=[InputRequired(message="Enter the end time.")]
    )
    access = SelectField("Who may attend", choices=choices(MeetingAccess))
    location = TextAreaField("Place (optional)", filters=[stripped], validators=[Length(max=1000)])
    remote_url = URLField(
        "Remote attendance link (optional)",
        validators=[
            Optional(),
            URL(require_tld=True, message="Enter a full https:// link."),
            Length(max=500),
        ],
    )
    remote_dial_in = StringField(
        "Dial-in (optional)", filters=[one_line], validators=[Length(max=200)]
    )
    business = TextAreaField(
        "Business to be transacted (special meetings)",
        filters=[stripped],
        validators=[Length(max=5000)],
    )
    is_emergency = BooleanField("This special meeting is an emergency (less than 24 hours' notice)")
    emergency_reason = TextAreaField(
        "Reason for the emergency", filters=[stripped], validators=[Length(max=2000)]
    )
    in_the_past = BooleanField("Record a meeting that has already taken place")

    def __init__(
        self, *args, committee: Committee, now: datetime, meeting: Meeting | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.now = now
        self.meeting = meeting

    @property
    def starts_at(self) -> datetime:
        return pacific(self.day.data, self.start_time.data)

    @property
    def ends_at(self) -> datetime:
        return pacific(self.day.data, self.end_time.data)

    def validate_remote_url(self, field: URLField) -> None:
        if field.data and not field.data.lower().startswith("https://"):
            raise ValidationError("Enter a full https:// link.")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not wall_time_exists(self.starts_at) or not wall_time_exists(self.ends_at):
            self.start_time.errors.append(
                "That time does not exist on that day: clocks spring forward."
            )
            return False
        if self.ends_at <= self.starts_at:
            self.end_time.errors.append("The meeting must end after it starts.")
            return False
        moved_into_the_past = self.meeting is None or self.starts_at != self.meeting.starts_at
        if self.ends_at <= self.now and moved_into_the_past and not self.in_the_past.data:
            self.day.errors.append(
                "That is in the past. Check the date, or tick “Record a meeting that has already "
                "taken place” below."
            )
            return False
        if (
            MeetingKind(self.kind.data) is MeetingKind.PUBLIC_SESSION
            and MeetingAccess(self.access.data) is MeetingAccess.INVITATION_ONLY
        ):
            self.access.errors.append("A public information session is open to the public.")
            return False
        if MeetingKind(self.kind.data) is MeetingKind.SPECIAL_MEETING:
            return self._validate_special_notice()
        return True

    def _validate_special_notice(self) -> bool:
        """RCW 42.30.080: 24 hours' notice stating the business, unless an emergency."""
        if not self.business.data:
            self.business.errors.append(
                "A special meeting's notice must state the business to be transacted."
            )
            return False
        noticed_at = self.meeting.notice_posted_at if self.meeting else self.now
        if opma.special_notice_is_short(self.starts_at, noticed_at):
            if not self.is_emergency.data:
                self.form_errors.append(
                    "A special meeting needs notice at least 24 hours before it starts. Choose a "
                    "later time, or mark it an emergency and give the reason."
                )
                return False
            if not self.emergency_reason.data:
                self.emergency_reason.errors.append(
                    "Give the reason for the emergency; it is shown publicly."
                )
                return False
        return True

    def apply_to(self, meeting: Meeting) -> None:
        meeting.kind = MeetingKind(self.kind.data)
        meeting.title = self.title.data
        meeting.starts_at = self.starts_at
        meeting.ends_at = self.ends_at
        meeting.access = MeetingAccess(self.access.data)
        meeting.location = self.location.data
        meeting.remote_url = (self.remote_url.data or "").strip()
        meeting.remote_dial_in = self.remote_dial_in.data
        meeting.business = self.business.data
        is_special = meeting.kind is MeetingKind.SPECIAL_MEETING
        meeting.is_emergency = is_special and self.is_emergency.data
        meeting.emergency_reason = self.emergency_reason.data if meeting.is_emergency else ""
        self.save_translations(meeting)

    def fill_from(self, meeting: Meeting) -> None:
        self.kind.data = meeting.kind.value
        self.access.data = meeting.access.value
        self.day.data = meeting.local_start.date()
        self.start_time.data = meeting.local_start.time()
        self.end_time.data = meeting.local_end.time()


class StatusForm(FlaskForm):
    status = SelectField("New status", choices=choices(MeetingStatus))
    reason = TextAreaField(
        "Reason (shown publicly)", filters=[stripped], validators=[Length(max=2000)]
    )

    def validate_reason(self, field: TextAreaField) -> None:
        if self.status.data not in {s.value for s in MeetingStatus}:
            return  # the status field says what is wrong with it
        changing_plans = MeetingStatus(self.status.data) in {
            MeetingStatus.POSTPONED,
            MeetingStatus.CANCELLED,
        }
        if changing_plans and not field.data:
            raise ValidationError("Say why the meeting is postponed or cancelled.")


@translations_of(AgendaItem, title=StringField, description=TextAreaField)
class AgendaItemForm(FlaskForm):
    title = StringField("Title", filters=[one_line], validators=[InputRequired(), Length(max=300)])
    presenter = StringField(
        "Presenter (optional)", filters=[one_line], validators=[Length(max=200)]
    )
    minutes_allotted = IntegerField(
        "Minutes allotted (optional)", validators=[Optional(), NumberRange(min=1, max=600)]
    )
    description = TextAreaField(
        "Description (Markdown, optional)", filters=[stripped], validators=[Length(max=20000)]
    )
    is_action_item = BooleanField("Action item (the body may vote)")


class PublishAgendaForm(FlaskForm):
    confirm_late = BooleanField(
        "I understand this agenda is posted less than 24 hours before the meeting"
    )

    def __init__(self, *args, meeting: Meeting, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.now = now

    def validate_confirm_late(self, field: BooleanField) -> None:
        first_posting = not self.meeting.agenda_postings
        if first_posting and self.meeting.publishing_now_is_late(self.now) and not field.data:
            raise ValidationError(
                "The Open Public Meetings Act asks for the agenda 24 hours ahead (RCW 42.30.077). "
                "Confirm to post it late; the meeting record will show it was late."
            )


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[InputRequired()])

    def validate_direction(self, field: HiddenField) -> None:
        if field.data not in {"up", "down"}:
            raise ValidationError("Move up or down.")


WHOLE_MEETING = ""


class DocumentDetailsForm(FlaskForm):
    """What staff may change of a document after upload: its title, who may download it, the
    agenda item it belongs to and whether the packet carries it."""

    title = StringField(
        "Title",
        id="document-title",
        filters=[one_line],
        validators=[InputRequired(), Length(max=200)],
    )
    visibility = SelectField("Who may download it", choices=choices(DocumentVisibility))
    item = SelectField("For", default=WHOLE_MEETING)
    in_packet = BooleanField("Put it in the meeting's packet (PDF files only)", default=True)

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.item.choices = [SelectChoice(WHOLE_MEETING, "The meeting as a whole")] + [
            SelectChoice(str(item.id), f"Item {n}: {item.title}")
            for n, item in enumerate(meeting.agenda_items, 1)
        ]

    def agenda_item(self) -> AgendaItem | None:
        """The item chosen; SelectField has already refused anything but these choices."""
        return next((i for i in self.meeting.agenda_items if str(i.id) == self.item.data), None)


class DocumentForm(DocumentDetailsForm):
    file = FileField("File", validators=[FileRequired(message="Choose a file to upload.")])
    kind = SelectField("Kind", choices=choices(DocumentKind))
    hint = ALLOWED_DESCRIPTION


class ApproveMinutesForm(FlaskForm):
    approved_on = BoundedDateField(
        "Date approved", validators=[InputRequired(message="Enter the date approved.")]
    )


NOT_RECORDED = ""


class AttendanceRowForm(Form):
    appointment_id = HiddenField()
    # Nobody starts as absent: staff record what they saw, and may leave a row unrecorded.
    status = SelectField(
        "Attendance",
        choices=[SelectChoice(NOT_RECORDED, "— not recorded —"), *choices(AttendanceStatus)],
        default=NOT_RECORDED,
    )


class AttendanceForm(FlaskForm):
    rows = FieldList(FormField(AttendanceRowForm))
    guests = TextAreaField(
        "Guests (one name a line)", filters=[stripped], validators=[Length(max=5000)]
    )
    mark_held = BooleanField("The meeting took place: mark it held")

    def __init__(self, *args, valid_appointment_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.valid_appointment_ids = valid_appointment_ids

    def validate_rows(self, field: FieldList) -> None:
        for row in field:
            if (
                not DIGITS.fullmatch(row.appointment_id.data or "")
                or int(row.appointment_id.data) not in self.valid_appointment_ids
            ):
                raise ValidationError("The attendance list changed; reload the page and try again.")


class PlannedMeetingForm(Form):
    include = BooleanField("Schedule", default=True)
    kind = SelectField("Kind", choices=choices(MeetingKind))
    title = StringField("Title", filters=[one_line], validators=[InputRequired(), Length(max=200)])
    day = BoundedDateField("Date", validators=[InputRequired()])
    start_time = TimeField("Starts", validators=[InputRequired()])
    end_time = TimeField("Ends", validators=[InputRequired()])

    def validate_end_time(self, field: TimeField) -> None:
        if self.start_time.data and field.data and field.data <= self.start_time.data:
            raise ValidationError("Must end after it starts.")


class PlanForm(FlaskForm):
    meetings = FieldList(FormField(PlannedMeetingForm), min_entries=0, max_entries=24)


class ExecutiveSessionForm(FlaskForm):
    """An executive session as the presiding officer announced it, on the meeting's day."""

    PREFIX = "executive"  # the manage page holds other forms' time fields

    purpose = SelectField("Purpose (RCW 42.30.110(1))", choices=[])
    start_time = TimeField(
        "Began (Pacific time)", validators=[InputRequired(message="Enter when it began.")]
    )
    end_time = TimeField(
        "Expected to end (Pacific time)",
        validators=[InputRequired(message="Enter when it was announced to end.")],
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, prefix=self.PREFIX, **kwargs)
        self.meeting = meeting
        self.purpose.choices = [
            SelectChoice(p.value, f"{p.label} ({p.citation})") for p in ExecutivePurpose
        ]

    @property
    def starts_at(self) -> datetime:
        return pacific(self.meeting.local_start.date(), self.start_time.data)

    @property
    def expected_end_at(self) -> datetime:
        return pacific(self.meeting.local_start.date(), self.end_time.data)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not wall_time_exists(self.starts_at) or not wall_time_exists(self.expected_end_at):
            self.start_time.errors.append(
                "That time does not exist that day: clocks spring forward."
            )
            return False
        if self.expected_end_at <= self.starts_at:
            self.end_time.errors.append("The session must be expected to end after it begins.")
            return False
        if self.starts_at < self.meeting.starts_at:
            self.start_time.errors.append("An executive session begins during the meeting.")
            return False
        return True


class ExtensionForm(FlaskForm):
    """An extension announced before the session was to end (RCW 42.30.110(2))."""

    PREFIX = "extension-{id}"  # one form per session on the page: the prefix keeps their ids apart

    announced_time = TimeField(
        "Announced at (Pacific time)", validators=[InputRequired(message="Enter when.")]
    )
    end_time = TimeField(
        "New expected end (Pacific time)", validators=[InputRequired(message="Enter the new end.")]
    )

    def __init__(self, *args, session: ExecutiveSession, **kwargs) -> None:
        super().__init__(*args, prefix=self.PREFIX.format(id=session.id), **kwargs)
        self.session = session

    def _at(self, field: TimeField) -> datetime:
        day = self.session.meeting.local_start.date()
        return pacific(day, field.data)

    @property
    def announced_at(self) -> datetime:
        return self._at(self.announced_time)

    @property
    def new_end_at(self) -> datetime:
        return self._at(self.end_time)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        session = self.session
        if not session.starts_at <= self.announced_at <= session.ends_at:
            self.announced_time.errors.append(
                "An extension is announced during the session, before it was to end."
            )
            return False
        if self.new_end_at <= session.ends_at:
            self.end_time.errors.append("The new end must be later than the one announced.")
            return False
        return True
