"""Asking for an accommodation from a meeting page, confirming it, and the staff queue."""

from datetime import date

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accommodations import services
from accommodations.forms import AccommodationForm, AnswerForm
from accommodations.models import AccommodationRequest, ask_by
from committees.views import committee_by_slug, managed_committee
from core.languages import english_only
from core.protection import authorize, current_viewer
from core.time import utcnow
from extensions import db, limiter
from invitations.views import guest_visit
from meetings.models import Meeting, MeetingStatus
from public_requests.states import RequestStatus
from public_requests.views import (
    confirm_page,
    queue_of,
    sent_page,
    submitted,
    withdraw_page,
)

bp = Blueprint("accommodations", __name__)

FORM_LIMIT = "10 per hour"


def may_ask(meeting: Meeting, viewer, now) -> bool:
    """Anyone who may know where and how the meeting happens (an approved guest through their
    own link), until it ends."""
    return (
        meeting.ends_at > now
        and meeting.status is not MeetingStatus.CANCELLED
        and meeting.can_view_details(viewer)
    )


@bp.app_template_global()
def accommodation_form_for(meeting: Meeting) -> AccommodationForm | None:
    """The meeting page's form, when its viewer may ask."""
    if not may_ask(meeting, current_viewer(), utcnow()):
        return None
    return AccommodationForm(formdata=None)


@bp.app_template_global()
def accommodation_deadline(meeting: Meeting) -> date:
    return ask_by(meeting.local_start.date(), meeting.committee.accommodation_notice_days)


@bp.route("/meetings/<int:meeting_id>/accommodations", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def request_accommodation(meeting_id: int):
    return accommodation_page(authorize(db.session.get(Meeting, meeting_id), "view_details"))


@bp.route("/meetings/<int:meeting_id>/guest/<token>/accommodations", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def guest_accommodation(meeting_id: int, token: str):
    """The same form for an approved guest, whose link stands in for signing in."""
    response = make_response(accommodation_page(guest_visit(meeting_id, token), guest_token=token))
    response.headers["Cache-Control"] = "private, no-store"  # a personal link, as on their page
    return response


def accommodation_page(meeting: Meeting, guest_token: str | None = None):
    if not may_ask(meeting, current_viewer(), utcnow()):
        abort(409, description=_("This meeting is over or cancelled: there is nothing to arrange."))
    form = AccommodationForm()
    if form.validate_on_submit():

        def submit() -> bool:
            services.request_accommodation(
                meeting,
                email=form.email.data,
                fields={
                    "name": form.name.data,
                    "phone": form.phone.data,
                    "needs": form.needs.data,
                    "interpreter_language": form.interpreter_language.data,
                    "details": form.details.data,
                    "language": form.language.data,
                },
                now=utcnow(),
            )
            return True

        done = submitted(
            form,
            sent_endpoint="accommodations.sent",
            slug=meeting.committee.slug,
            submit=submit,
        )
        if done is not None:
            return done
    page = render_template(
        "accommodations/request.html", meeting=meeting, form=form, guest_token=guest_token
    )
    return page, (422 if form.is_submitted() else 200)


@bp.get("/committees/<slug>/accommodation-requested")
def sent(slug: str):
    return sent_page("accommodation", committee_by_slug(slug))


@bp.route("/accommodations/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    return confirm_page(AccommodationRequest, token, what="accommodation")


@bp.route("/accommodations/withdraw/<token>", methods=["GET", "POST"])
def withdraw(token: str):
    return withdraw_page(AccommodationRequest, token, what="accommodation")


@bp.get("/committees/<slug>/accommodation-requests")
@login_required
@english_only
def queue(slug: str):
    committee = managed_committee(slug)
    status, statuses, requests, counts = queue_of(
        AccommodationRequest, committee, RequestStatus.PENDING, AccommodationRequest.meeting
    )
    return render_template(
        "accommodations/queue.html",
        committee=committee,
        requests=requests,
        counts=counts,
        status=status,
        statuses=statuses,
        answer_form=AnswerForm(formdata=None),
    )


@bp.post("/accommodation-requests/<int:accommodation_id>/<any(arranged, not_possible):outcome>")
@login_required
@english_only
def answer(accommodation_id: int, outcome: str):
    record = authorize(db.session.get(AccommodationRequest, accommodation_id))
    if record.status is not RequestStatus.PENDING:
        abort(409, description="This request was already answered or withdrawn.")
    form = AnswerForm()
    if not form.validate_on_submit():
        abort(400, description="The message is too long (2,000 characters at most).")
    status = RequestStatus(outcome)
    services.answer(record, status, form.message.data, by=current_user, now=utcnow())
    db.session.commit()
    flash(f"The requester was told: {services.outcome_label(status)}.", "success")
    return redirect(url_for("accommodations.queue", slug=record.committee.slug))
