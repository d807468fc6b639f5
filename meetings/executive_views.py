"""Staff record a meeting's executive sessions (RCW 42.30.110): the purpose announced, the start,
the expected end and each extension. Nothing of what was discussed is kept."""

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from core.languages import english_only
from core.protection import authorize
from extensions import db
from meetings.forms import ExecutiveSessionForm, ExtensionForm
from meetings.minutes import ExecutiveExtension, ExecutivePurpose, ExecutiveSession
from meetings.views import managed_meeting, render_manage

bp = Blueprint("executive_sessions", __name__)


def back_to(meeting_id: int):
    return redirect(url_for("meetings.manage", meeting_id=meeting_id, _anchor="executive-sessions"))


@bp.post("/meetings/<int:meeting_id>/executive-sessions")
@login_required
@english_only
def record(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    form = ExecutiveSessionForm(meeting=meeting)
    if not form.validate_on_submit():
        return render_manage(meeting, executive_form=form), 422
    meeting.executive_sessions.append(
        ExecutiveSession(
            purpose=ExecutivePurpose(form.purpose.data),
            starts_at=form.starts_at,
            expected_end_at=form.expected_end_at,
            recorded_by_id=current_user.id,
        )
    )
    db.session.commit()
    flash("The executive session was recorded.", "success")
    return back_to(meeting.id)


@bp.post("/executive-sessions/<int:session_id>/extensions")
@login_required
@english_only
def extend(session_id: int):
    session = authorize(db.session.get(ExecutiveSession, session_id))
    form = ExtensionForm(session=session)
    if not form.validate_on_submit():
        return render_manage(session.meeting, extension_forms={session.id: form}), 422
    session.extensions.append(
        ExecutiveExtension(announced_at=form.announced_at, new_end_at=form.new_end_at)
    )
    db.session.commit()
    flash("The extension was recorded.", "success")
    return back_to(session.meeting_id)


@bp.post("/executive-sessions/<int:session_id>/delete")
@login_required
@english_only
def delete(session_id: int):
    """A session recorded by mistake; the audit log keeps that it was."""
    session = authorize(db.session.get(ExecutiveSession, session_id))
    meeting_id = session.meeting_id
    db.session.delete(session)
    db.session.commit()
    flash("The executive session was removed.", "success")
    return back_to(meeting_id)
