"""Staff build a meeting's minutes from its posted agenda, record motions and roll calls, and
approve them at a later meeting; everyone who may see the meeting's details reads approved
minutes, as a page, a PDF and (api/) JSON."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from core.confirmation import confirmation_page, confirmed
from core.forms import form_status
from core.languages import current, english_only
from core.protection import authorize, current_viewer
from core.time import utcnow
from extensions import db
from meetings.minutes import Minutes, MinutesItem, Motion, VoteMethod, seat_holder_label
from meetings.minutes_forms import ApproveAtMeetingForm, MinutesForm, MotionForm, RollCallForm
from meetings.minutes_pdf import minutes_document, render_minutes_pdf
from meetings.minutes_services import (
    AttendanceSummary,
    add_motion,
    approve_minutes,
    approving_meetings,
    minutes_of,
    motion_numbers,
    present_holders,
    record_roll_call,
    remove_motion,
    start_minutes,
)
from meetings.models import Meeting
from meetings.record_views import cache_for, write_atomically
from meetings.services import meeting_with_everything, upload_folder
from meetings.views import managed_meeting

bp = Blueprint("minutes", __name__)
bp.add_app_template_global(seat_holder_label)

NO_AGENDA = (
    "No agenda has been posted for this meeting: the minutes follow the posted agenda. "
    "Publish the agenda first."
)
APPROVED = "These minutes are approved and can no longer be changed."


# -- staff ---------------------------------------------------------------------------------------


def editable(minutes: Minutes) -> Minutes:
    if minutes.is_approved:
        abort(409, description=APPROVED)
    return minutes


def editor_forms(minutes: Minutes) -> dict[str, Any]:
    meeting = minutes.meeting
    present = present_holders(meeting)
    return {
        "minutes_form": MinutesForm(formdata=None, minutes=minutes),
        "motion_forms": {
            item.id: MotionForm(formdata=None, item=item, present=present) for item in minutes.items
        },
        "roll_call_forms": {
            motion.id: RollCallForm(formdata=None, motion=motion, present=present)
            for motion in minutes.motions()
            if motion.method is VoteMethod.ROLL_CALL
        },
        "approve_form": ApproveAtMeetingForm(
            formdata=None, meeting=meeting, candidates=approving_meetings(meeting, utcnow())
        ),
    }


def render_editor(minutes: Minutes, **forms):
    defaults = editor_forms(minutes)
    for name in ("motion_forms", "roll_call_forms"):
        defaults[name] |= forms.pop(name, {})
    return render_template(
        "meetings/minutes_edit.html",
        minutes=minutes,
        meeting=minutes.meeting,
        attendance=AttendanceSummary(minutes.meeting),
        numbers=motion_numbers(minutes),
        **(defaults | forms),
    )


def back_to(minutes: Minutes, anchor: str | None = None):
    return redirect(url_for("minutes.edit", meeting_id=minutes.meeting_id, _anchor=anchor))


@bp.route("/meetings/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
@login_required
@english_only
def edit(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    if meeting.minutes is None:
        return start(meeting)
    minutes = editable(minutes_of(meeting))
    form = MinutesForm(minutes=minutes)
    if form.validate_on_submit():
        form.apply_to(minutes)
        db.session.commit()
        flash("The minutes were saved.", "success")
        return back_to(minutes)
    return render_editor(minutes, minutes_form=form), form_status(form)


def start(meeting: Meeting):
    """Minutes are started from the posted agenda by the button on the meeting's page (a POST),
    never by opening a link."""
    if meeting.posted_agenda is None:
        abort(409, description=NO_AGENDA)
    if request.method == "GET":
        return redirect(url_for("meetings.manage", meeting_id=meeting.id, _anchor="minutes"))
    minutes = start_minutes(meeting)
    db.session.commit()
    flash("The minutes are started from the posted agenda.", "success")
    return back_to(minutes)


@bp.post("/meetings/<int:meeting_id>/minutes/items/<int:minutes_item_id>/motions")
@login_required
@english_only
def add(meeting_id: int, minutes_item_id: int):
    item = authorize(db.session.get(MinutesItem, minutes_item_id))
    if item.minutes.meeting_id != meeting_id:
        abort(404)
    minutes = editable(minutes_of(item.minutes.meeting))
    form = MotionForm(item=item, present=present_holders(minutes.meeting))
    if not form.validate_on_submit():
        return render_editor(minutes, motion_forms={item.id: form}), 422
    add_motion(item, **form.values())
    db.session.commit()
    flash("The motion was added.", "success")
    return back_to(minutes, f"item-{item.id}")


@bp.post("/motions/<int:motion_id>/votes")
@login_required
@english_only
def record_votes(motion_id: int):
    motion = authorize(db.session.get(Motion, motion_id))
    minutes = editable(motion.item.minutes)
    if motion.method is not VoteMethod.ROLL_CALL:
        abort(409, description="This motion was decided by voice vote: it has no roll call.")
    form = RollCallForm(motion=motion, present=present_holders(minutes.meeting))
    if not form.validate_on_submit():
        return render_editor(minutes, roll_call_forms={motion.id: form}), 422
    record_roll_call(motion, form.choices())
    db.session.commit()
    flash("The roll call was recorded.", "success")
    return back_to(minutes, f"motion-{motion.id}")


@bp.post("/motions/<int:motion_id>/delete")
@login_required
@english_only
def delete(motion_id: int):
    motion = authorize(db.session.get(Motion, motion_id))
    minutes = editable(motion.item.minutes)
    if not confirmed():
        amendments = len(motion.with_amendments()) - 1
        return confirmation_page(
            title="Remove this motion from the draft minutes?",
            happens="The motion, its votes"
            + (f" and its {amendments} amendment(s)" if amendments else "")
            + " leave the draft minutes. The audit log keeps that they were recorded.",
            told="Nobody is e-mailed.",
            undo="No: you would record the motion and its vote again.",
            action=url_for("minutes.delete", motion_id=motion.id),
            button="Remove the motion",
            back=url_for("minutes.edit", meeting_id=minutes.meeting_id),
        )
    remove_motion(motion)
    db.session.commit()
    flash("The motion was removed.", "success")
    return back_to(minutes)


@bp.post("/meetings/<int:meeting_id>/minutes/approve")
@login_required
@english_only
def approve(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    if meeting.minutes is None:
        abort(409, description="There are no minutes to approve yet: write them first.")
    minutes = editable(minutes_of(meeting))
    form = ApproveAtMeetingForm(meeting=meeting, candidates=approving_meetings(meeting, utcnow()))
    if not form.validate_on_submit():
        return render_editor(minutes, approve_form=form), 422
    approve_minutes(minutes, form.meeting_chosen, current_user)
    db.session.commit()
    flash("The minutes are approved: they are now public with the meeting.", "success")
    return redirect(url_for("minutes.show", meeting_id=meeting.id))


# -- everyone ------------------------------------------------------------------------------------


def viewable_minutes(meeting_id: int) -> Minutes:
    """Approved minutes to whom may see the meeting's details, drafts to insiders; else 404."""
    meeting = meeting_with_everything(meeting_id)
    minutes = minutes_of(meeting) if meeting is not None else None
    if minutes is None or not minutes.can_view(current_viewer()):
        abort(404)
    return minutes


@bp.get("/meetings/<int:meeting_id>/minutes")
def show(meeting_id: int):
    minutes = viewable_minutes(meeting_id)
    page = render_template(
        "meetings/minutes.html",
        minutes=minutes,
        meeting=minutes.meeting,
        attendance=AttendanceSummary(minutes.meeting),
        numbers=motion_numbers(minutes),
    )
    # Drafts are for insiders, who are signed in: the record's one caching rule covers them.
    return page, 200, cache_for(minutes.meeting)


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
def pdf(meeting_id: int):
    minutes = viewable_minutes(meeting_id)
    path = cached_minutes_pdf(minutes_document(minutes, current_viewer(), current()))
    name = "minutes" if minutes.is_approved else "draft-minutes"
    response = send_file(
        path,
        mimetype="application/pdf",
        download_name=f"{name}-{minutes.meeting_id}.pdf",
        max_age=0,
    )
    response.headers.update(cache_for(minutes.meeting))
    return response


def cached_minutes_pdf(html: str) -> Path:
    """One file per rendered record, like the packet: the same minutes for the same reader are
    laid out once, and anything that changes what they say makes a new key."""
    key = hashlib.sha256(html.encode()).hexdigest()
    path = upload_folder() / "minutes" / f"{key}.pdf"
    if not path.is_file():
        write_atomically(path, render_minutes_pdf(html))
    return path
