"""Commenting from a meeting page, confirming by e-mail, and the staff's list of comments."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_number
from flask_login import current_user, login_required

from comments import services
from comments.forms import CommentForm, WithholdForm
from comments.models import (
    TEXT_LIMIT,
    PublicComment,
    comment_cutoff,
    may_comment,
    takes_comment,
)
from committees.models import Committee
from committees.views import committee_by_slug, managed_committee
from core.caching import NO_STORE
from core.languages import english_only
from core.protection import authorize, current_viewer
from core.time import utcnow
from extensions import db, limiter
from meetings.models import Meeting
from meetings.services import meeting_with_everything, send_upload
from meetings.uploads import RejectedUpload
from public_requests.states import RequestStatus
from public_requests.views import confirm_page, queue_of, sent_page, submitted, withdraw_page

bp = Blueprint("comments", __name__)

FORM_LIMIT = "10 per hour"


@bp.app_template_global()
def comment_section_for(meeting: Meeting) -> services.CommentSection:
    """What the meeting page says about public comment, for its viewer."""
    return services.comment_section(meeting, current_viewer(), utcnow())


@bp.route("/meetings/<int:meeting_id>/comments", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def comment(meeting_id: int):
    meeting = authorize(meeting_with_everything(meeting_id), "view")
    now = utcnow()
    if not may_comment(meeting, now):
        return closed_page(meeting), 409
    form = CommentForm(meeting=meeting)
    if form.validate_on_submit():

        def submit() -> bool:
            try:
                services.submit_comment(
                    meeting,
                    email=form.email.data,
                    fields=form.fields(),
                    attachment=form.attachment.data,
                    now=utcnow(),
                )
            except RejectedUpload as error:
                form.attachment.errors.append(str(error))
                return False
            return True

        done = submitted(
            form, sent_endpoint="comments.sent", slug=meeting.committee.slug, submit=submit
        )
        if done is not None:
            return done
    page = render_template(
        "comments/form.html",
        meeting=meeting,
        form=form,
        cutoff=comment_cutoff(meeting),
        text_limit=format_number(TEXT_LIMIT),
    )
    return page, (422 if form.is_submitted() else 200)


def closed_page(meeting: Meeting) -> str:
    """Why this meeting takes no comment (now), and where the public may comment instead."""
    now = utcnow()
    return render_template(
        "comments/closed.html",
        meeting=meeting,
        takes=takes_comment(meeting),
        cutoff=comment_cutoff(meeting),
        next_public=services.next_public_meeting(meeting, now)
        if meeting.needs_invitation
        else None,
    )


@bp.get("/committees/<slug>/comment-sent")
def sent(slug: str):
    return sent_page("comment", committee_by_slug(slug))


@bp.route("/comments/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    return confirm_page(PublicComment, token, what="comment", confirm=services.confirm_comment)


@bp.route("/comments/withdraw/<token>", methods=["GET", "POST"])
def withdraw(token: str):
    return withdraw_page(PublicComment, token, what="comment", withdraw=services.withdraw_comment)


@bp.get("/comments/<int:comment_id>/attachment")
def attachment(comment_id: int):
    """The body's insiders always; the public once the comment is part of the public record."""
    comment = authorize(db.session.get(PublicComment, comment_id), "view")
    return send_upload(
        comment.attachment_stored_name,
        content_type=comment.attachment_content_type,
        filename=comment.attachment_name,
        cache=NO_STORE,
    )


# -- staff --------------------------------------------------------------------------------------


@bp.get("/committees/<slug>/comments")
@login_required
@english_only
def staff_list(slug: str):
    return render_list(managed_committee(slug))


def render_list(committee: Committee, withhold_forms: dict[int, WithholdForm] | None = None):
    """The body's comments in one status, by meeting (the latest first)."""
    status, statuses, comments, counts = queue_of(
        PublicComment,
        committee,
        RequestStatus.RECEIVED,
        PublicComment.meeting,
        PublicComment.agenda_item,
    )
    ordered = sorted(comments, key=lambda c: (-c.meeting.starts_at.timestamp(), c.created_at))
    by_meeting = [
        (meeting, list(group)) for meeting, group in groupby(ordered, key=lambda c: c.meeting)
    ]
    return render_template(
        "comments/staff_list.html",
        committee=committee,
        by_meeting=by_meeting,
        counts=counts,
        status=status,
        statuses=statuses,
        withhold_forms=withhold_forms or {},
        blank_form=WithholdForm(formdata=None),
    )


@bp.post("/comments/<int:comment_id>/withhold")
@login_required
@english_only
def withhold(comment_id: int):
    comment = authorize(db.session.get(PublicComment, comment_id))
    form = WithholdForm()
    if not form.validate_on_submit():
        return render_list(comment.committee, {comment.id: form}), 422
    comment.withhold(form.reason.data, by=current_user, now=utcnow())
    db.session.commit()
    flash("The comment is withheld from the public record. Members still have it.", "success")
    return redirect(url_for("comments.staff_list", slug=comment.committee.slug))


@bp.post("/comments/<int:comment_id>/restore")
@login_required
@english_only
def restore(comment_id: int):
    comment = authorize(db.session.get(PublicComment, comment_id))
    if not comment.is_withheld:
        abort(409, description="This comment is not withheld.")
    comment.restore()
    db.session.commit()
    flash("The comment is back in the public record.", "success")
    return redirect(url_for("comments.staff_list", slug=comment.committee.slug))
