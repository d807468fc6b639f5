"""Requesting an invitation, the staff queue, and e-mail notice subscriptions."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from committees.models import Committee
from committees.views import committee_by_slug, managed_committee
from core.arguments import query_id
from core.forms import form_status
from core.languages import english_only
from core.protection import admit_guest, authorize
from core.time import utcnow
from extensions import csrf, db, limiter
from invitations import services
from invitations.forms import BODY_WIDE, DecisionForm, RequestInvitationForm, SubscribeForm
from invitations.guests import guest_for_link
from invitations.models import InvitationRequest, Subscriber
from meetings.calendar_views import render_subscribe
from meetings.models import Document, Meeting
from meetings.services import meeting_with_everything, scheduled_meetings
from meetings.views import render_meeting_page, send_document
from public_requests import services as workflow
from public_requests.states import RequestStatus
from public_requests.views import (
    confirm_page,
    message_page,
    queue_of,
    sent_page,
    submitted,
    withdraw_page,
)

bp = Blueprint("invitations", __name__)

FORM_LIMIT = "10 per hour"


def invitation_only_meetings(committee: Committee) -> list[Meeting]:
    return scheduled_meetings(committee.id, utcnow(), Meeting.needs_invitation)


@bp.route("/committees/<slug>/request-invitation", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def request_invitation(slug: str):
    committee = committee_by_slug(slug)
    meetings = invitation_only_meetings(committee)
    asked_id = query_id("meeting")
    asked = db.session.get(Meeting, asked_id) if asked_id is not None else None
    if asked is not None and asked.committee_id != committee.id:
        asked = None
    needs_invitation = (
        asked.needs_invitation
        if asked is not None
        else committee.member_meeting_access.needs_invitation
    )
    no_invitation_needed = not needs_invitation
    form = RequestInvitationForm(meetings=meetings)
    if not form.is_submitted() and asked is not None:
        form.meeting.data = str(asked.id)
    if not no_invitation_needed and form.validate_on_submit():
        meeting = next((m for m in meetings if str(m.id) == form.meeting.data), None)
        if form.meeting.data != BODY_WIDE and meeting is None:
            abort(400)

        def submit() -> bool:
            services.request_invitation(
                committee,
                meeting,
                name=form.name.data,
                email=form.email.data,
                organization=form.organization.data,
                reason=form.reason.data,
                language=form.language.data,
                now=utcnow(),
            )
            return True

        done = submitted(form, sent_endpoint="invitations.request_sent", slug=slug, submit=submit)
        if done is not None:
            return done
    return render_template(
        "invitations/request.html",
        committee=committee,
        form=form,
        asked=asked,
        no_invitation_needed=no_invitation_needed,
        retention_days=current_app.config["INVITATION_RETENTION_DAYS"],
    ), form_status(form)


@bp.get("/committees/<slug>/request-invitation/sent")
def request_sent(slug: str):
    return sent_page("request", committee_by_slug(slug))


@bp.route("/invitations/confirm/<token>", methods=["GET", "POST"])
def confirm_request(token: str):
    return confirm_page(InvitationRequest, token, what="request")


@bp.route("/invitations/withdraw/<token>", methods=["GET", "POST"])
def withdraw(token: str):
    return withdraw_page(InvitationRequest, token, what="request")


@bp.get("/committees/<slug>/invitation-requests")
@login_required
@english_only
def queue(slug: str):
    committee = managed_committee(slug)
    status, statuses, requests, counts = queue_of(
        InvitationRequest, committee, RequestStatus.PENDING, InvitationRequest.meeting
    )
    return render_template(
        "invitations/queue.html",
        committee=committee,
        requests=requests,
        counts=counts,
        status=status,
        statuses=statuses,
        decision_form=DecisionForm(formdata=None),
    )


def request_in(request_id: int, status: RequestStatus) -> InvitationRequest:
    invitation = authorize(db.session.get(InvitationRequest, request_id))
    if invitation.status is not status:
        abort(409)
    return invitation


@bp.post("/invitation-requests/<int:request_id>/<any(approve, decline):decision>")
@login_required
@english_only
def decide(request_id: int, decision: str):
    invitation = request_in(request_id, RequestStatus.PENDING)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    act = services.approve if decision == "approve" else services.decline
    act(invitation, form.message.data, current_user, utcnow())
    db.session.commit()
    flash(
        f"{invitation.name}'s request is {invitation.status.label.lower()}; "
        "they are told by e-mail.",
        "success",
    )
    return redirect(url_for("invitations.queue", slug=invitation.committee.slug))


@bp.post("/invitation-requests/<int:request_id>/revoke")
@login_required
@english_only
def revoke(request_id: int):
    invitation = request_in(request_id, RequestStatus.APPROVED)
    services.revoke(invitation, current_user, utcnow())
    db.session.commit()
    flash(
        f"{invitation.name} is no longer invited; their link stops working and they are told "
        "by e-mail.",
        "success",
    )
    return redirect(url_for("invitations.queue", slug=invitation.committee.slug, status="approved"))


# -- an approved guest's own page -----------------------------------------------------------------


def guest_visit(meeting_id: int, token: str) -> Meeting:
    """The meeting, with this request's viewer set to the guest its link admits; else 404."""
    meeting = meeting_with_everything(meeting_id)
    guest = guest_for_link(meeting, token, utcnow()) if meeting is not None else None
    if guest is None:
        abort(404)
    admit_guest(guest)
    return meeting


@bp.get("/meetings/<int:meeting_id>/guest/<token>")
def guest_meeting(meeting_id: int, token: str):
    meeting = guest_visit(meeting_id, token)
    response = make_response(render_meeting_page(meeting, guest_token=token))
    # A personal link: never cached, never sent on as a referrer.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/meetings/<int:meeting_id>/guest/<token>/documents/<int:document_id>")
def guest_download(meeting_id: int, token: str, document_id: int):
    meeting = guest_visit(meeting_id, token)
    document = authorize(db.session.get(Document, document_id), "download")
    if document.meeting_id != meeting.id:
        abort(404)
    return send_document(document)


# -- e-mail notices -------------------------------------------------------------------------------


@bp.post("/subscriptions")
@limiter.limit(FORM_LIMIT)
def subscribe():
    committees = db.session.scalars(select(Committee).order_by(Committee.position)).all()
    form = SubscribeForm(committees=committees)
    if form.validate_on_submit():
        if not form.is_bot:
            chosen = [c for c in committees if c.id in form.committees.data]
            services.subscribe(form.email.data, chosen, form.language.data, utcnow())
            db.session.commit()
        return redirect(url_for("invitations.subscription_sent"))
    return render_subscribe(form), 422


@bp.get("/subscriptions/sent")
def subscription_sent():
    return message_page(
        _("Check your e-mail"),
        _("We sent you a link to confirm your notices. Nothing is sent until you confirm."),
        None,
    )


@bp.route("/subscriptions/confirm/<token>", methods=["GET", "POST"])
def confirm_subscription(token: str):
    if request.method == "GET":  # a page with a button: a mail scanner's visit changes nothing
        if workflow.value_of(workflow.CONFIRM, Subscriber.KIND, token) is None:
            abort(404)
        return render_template(
            "public_requests/confirm.html",
            title=_("Confirm your e-mail notices"),
            text=_("Press the button to start getting e-mail notices of the bodies you chose."),
            button=_("Confirm my e-mail notices"),
            changes=None,
        )
    subscriber = services.confirm_subscription(token, utcnow())
    if subscriber is None:
        abort(404)
    db.session.commit()
    names = ", ".join(c.short_name for c in subscriber.committees)
    return message_page(
        _("Your notices are on"),
        _(
            "You will get e-mail notices of: %(bodies)s. Every message has a link to stop them.",
            bodies=names,
        ),
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail client posts here without a form of ours
def unsubscribe(token: str):
    if services.subscriber_for(token) is None:
        abort(404)
    if request.method == "GET":
        return render_template("invitations/unsubscribe.html", token=token)
    services.unsubscribe(token)
    db.session.commit()
    return message_page(
        _("You are unsubscribed"), _("You will get no more e-mail notices from us."), None
    )
