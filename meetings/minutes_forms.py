"""Staff forms for the minutes: the summaries, a motion, its roll call, the approval. Each owns
its validation; the seat holders present (per the attendance record) are their context."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from committees.models import Appointment
from core.arguments import DIGITS
from core.forms import stripped
from meetings.minutes import Minutes, MinutesItem, Motion, MotionResult, VoteChoice, VoteMethod
from meetings.models import Meeting

SUMMARY_LIMIT = 20_000
MOTION_LIMIT = 5_000
NONE = ""


def holder_choice(appointment: Appointment) -> SelectChoice:
    return SelectChoice(
        str(appointment.id), f"{appointment.person.name} ({appointment.seat_type.label})"
    )


def as_id(value: str | None) -> int | None:
    return int(value) if value and DIGITS.fullmatch(value) and len(value) < 12 else None


class ItemSummaryForm(Form):
    item_id = HiddenField()
    summary = TextAreaField(
        "Summary (Markdown)", filters=[stripped], validators=[Length(max=SUMMARY_LIMIT)]
    )


class MinutesForm(FlaskForm):
    """The overall summary and each item's, in one form."""

    summary = TextAreaField(
        "Opening summary (Markdown)", filters=[stripped], validators=[Length(max=SUMMARY_LIMIT)]
    )
    summaries = FieldList(FormField(ItemSummaryForm), max_entries=500)

    def __init__(self, *args, minutes: Minutes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.minutes = minutes
        if not self.is_submitted():
            self.summary.data = minutes.summary
            for item in minutes.items:
                self.summaries.append_entry({"item_id": str(item.id), "summary": item.summary})
        titles = {str(item.id): item.title for item in minutes.items}
        for number, row in enumerate(self.summaries, start=1):
            title = titles.get(row.item_id.data or "", "")
            row.summary.label.text = f"{number}. {title}: summary"

    def validate_summaries(self, field: FieldList) -> None:
        sent = [row.item_id.data or "" for row in field]
        if sorted(sent) != sorted(str(item.id) for item in self.minutes.items):
            raise ValidationError("The minutes' items changed; reload the page and try again.")

    def apply_to(self, minutes: Minutes) -> None:
        minutes.summary = self.summary.data
        summaries = {row.item_id.data: row.summary.data for row in self.summaries}
        for item in minutes.items:
            item.summary = summaries[str(item.id)]


class MotionForm(FlaskForm):
    """A motion under one item, moved and seconded by seat holders present."""

    PREFIX = "motion-{id}"  # one form per item on the page: the prefix keeps their ids apart

    text = TextAreaField(
        "Motion",
        filters=[stripped],
        validators=[
            InputRequired(message="Enter the motion as it was made."),
            Length(max=MOTION_LIMIT),
        ],
    )
    mover = SelectField("Moved by", default=NONE, validate_choice=False)
    seconder = SelectField("Seconded by", default=NONE, validate_choice=False)
    amends = SelectField("It amends", default=NONE, validate_choice=False)
    method = SelectField(
        "Vote",
        choices=[SelectChoice("roll_call", "Roll call"), SelectChoice("voice", "Voice vote")],
        default="roll_call",
        validate_choice=False,
    )
    declared_result = SelectField(
        "Result the chair declared (voice votes; or withdrawn)",
        default=NONE,
        validate_choice=False,
    )

    def __init__(self, *args, item: MinutesItem, present: list[Appointment], **kwargs) -> None:
        super().__init__(*args, prefix=self.PREFIX.format(id=item.id), **kwargs)
        self.item = item
        self.present = {a.id: a for a in present}
        self.motions = {m.id: m for m in item.all_motions()}
        self.mover.choices = [SelectChoice(NONE, "- Choose who moved it -")] + [
            holder_choice(a) for a in present
        ]
        self.seconder.choices = [SelectChoice(NONE, "No second")] + [
            holder_choice(a) for a in present
        ]
        self.amends.choices = [SelectChoice(NONE, "Nothing: a main motion")] + [
            SelectChoice(str(m.id), f"Motion {n}: {m.text[:80]}")
            for n, m in enumerate(self.motions.values(), start=1)
        ]
        self.declared_result.choices = [SelectChoice(NONE, "None (counted from the roll call)")] + [
            SelectChoice(r.value, r.value.capitalize()) for r in MotionResult
        ]

    def validate_mover(self, field: SelectField) -> None:
        if as_id(field.data) not in self.present:
            raise ValidationError("Choose who moved it from the seat holders present.")

    def validate_seconder(self, field: SelectField) -> None:
        if field.data == NONE:
            return
        seconder = as_id(field.data)
        if seconder not in self.present:
            raise ValidationError("Choose who seconded it from the seat holders present.")
        if seconder == as_id(self.mover.data):
            raise ValidationError("The mover cannot second their own motion.")

    def validate_amends(self, field: SelectField) -> None:
        if field.data != NONE and as_id(field.data) not in self.motions:
            raise ValidationError("An amendment amends another motion under the same item.")

    def validate_method(self, field: SelectField) -> None:
        if field.data not in {m.value for m in VoteMethod}:
            raise ValidationError("Choose a roll call or a voice vote.")

    def validate_declared_result(self, field: SelectField) -> None:
        if field.data != NONE and field.data not in {r.value for r in MotionResult}:
            raise ValidationError("Choose a result from the list.")
        if self.method.data == VoteMethod.VOICE.value and field.data == NONE:
            raise ValidationError("Enter the result the chair declared for the voice vote.")
        withdrawn = field.data in {NONE, MotionResult.WITHDRAWN.value}
        if self.method.data == VoteMethod.ROLL_CALL.value and not withdrawn:
            raise ValidationError("A roll call's result is counted from the votes.")

    def values(self) -> dict:
        return {
            "text": self.text.data,
            "mover": self.present[as_id(self.mover.data)],
            "seconder": self.present.get(as_id(self.seconder.data)),
            "amends": self.motions.get(as_id(self.amends.data)),
            "method": VoteMethod(self.method.data),
            "declared_result": (
                MotionResult(self.declared_result.data) if self.declared_result.data else None
            ),
        }


class VoteRowForm(Form):
    appointment_id = HiddenField()
    choice = SelectField(
        "Vote",
        choices=[SelectChoice(NONE, "Not recorded")]
        + [SelectChoice(c.value, c.value.capitalize()) for c in VoteChoice],
        default=NONE,
        validate_choice=False,
    )


class RollCallForm(FlaskForm):
    """One choice per seat holder present; nobody else votes."""

    PREFIX = "votes-{id}"  # one form per motion on the page

    rows = FieldList(FormField(VoteRowForm), max_entries=500)

    def __init__(self, *args, motion: Motion, present: list[Appointment], **kwargs) -> None:
        super().__init__(*args, prefix=self.PREFIX.format(id=motion.id), **kwargs)
        self.motion = motion
        self.present = {a.id: a for a in present}
        if not self.is_submitted():
            recorded = {v.appointment_id: v.choice.value for v in motion.votes}
            for appointment in present:
                self.rows.append_entry(
                    {
                        "appointment_id": str(appointment.id),
                        "choice": recorded.get(appointment.id, NONE),
                    }
                )

    def validate_rows(self, field: FieldList) -> None:
        seen = set()
        for row in field:
            appointment_id = as_id(row.appointment_id.data)
            if appointment_id not in self.present:
                raise ValidationError(
                    "Only the seat holders present per the attendance record vote: record "
                    "their attendance first, or reload the page."
                )
            if appointment_id in seen:
                raise ValidationError("Each seat holder votes once.")
            seen.add(appointment_id)
            if row.choice.data not in {NONE, *(c.value for c in VoteChoice)}:
                raise ValidationError("Choose yes, no, abstain or recused.")
        if not any(row.choice.data for row in field):
            raise ValidationError("Record at least one vote.")

    def choices(self) -> dict[int, VoteChoice]:
        return {
            int(row.appointment_id.data): VoteChoice(row.choice.data)
            for row in self.rows
            if row.choice.data
        }

    def label_of(self, row) -> str:
        appointment = self.present.get(as_id(row.appointment_id.data))
        return holder_choice(appointment).label if appointment else "Not present"


class ApproveAtMeetingForm(FlaskForm):
    """Minutes are approved at a later meeting of the same body that has begun or is today."""

    PREFIX = "approve"  # the editor holds other forms too

    approved_at = SelectField("Approved at the meeting of", default=NONE, validate_choice=False)

    def __init__(self, *args, meeting: Meeting, candidates: list[Meeting], **kwargs) -> None:
        super().__init__(*args, prefix=self.PREFIX, **kwargs)
        self.meeting = meeting
        self.candidates = {m.id: m for m in candidates}
        self.approved_at.choices = [SelectChoice(NONE, "- Choose the meeting -")] + [
            SelectChoice(str(m.id), f"{m.title}, {m.local_start:%B %-d, %Y}") for m in candidates
        ]

    def validate_approved_at(self, field: SelectField) -> None:
        if as_id(field.data) not in self.candidates:
            raise ValidationError(
                f"Choose a later meeting of the {self.meeting.committee.short_name} that has "
                "begun or is today: minutes are approved at a meeting after the one they record."
            )

    @property
    def meeting_chosen(self) -> Meeting:
        return self.candidates[as_id(self.approved_at.data)]
