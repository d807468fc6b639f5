"""Applying to serve, and the staff queue that appoints from it."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import func, select

from applications import services
from applications.forms import ApplicationForm, ApplicationStatusForm
from applications.models import ApplicationAttachment, ApplicationStatus, SeatApplication
from committees.views import managed_committee
from core.arguments import query_id
from core.protection import authorize
from core.time import today_pacific, utcnow
from core.tokens import read_token
from extensions import db, limiter
from invitations.services import TooManyRequests
from invitations.views import committee_by_slug, message_page
from meetings.services import upload_folder
from meetings.uploads import RejectedUpload

bp = Blueprint("applications", __name__)


@bp.route("/committees/<slug>/apply", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def apply(slug: str):
    committee = committee_by_slug(slug)
    open_types = [t for t in committee.seat_types if t.accepts_applications]
    if not open_types:
        return render_template("applications/closed.html", committee=committee)
    form = ApplicationForm(seat_types=open_types)
    asked_seat = query_id("seat")
    if not form.is_submitted() and asked_seat is not None:
        form.seat_type.data = asked_seat
    if form.validate_on_submit():
        if form.is_bot:
            return redirect(url_for("applications.sent", slug=slug))
        seat_type = next(t for t in open_types if t.id == form.seat_type.data)
        try:
            services.apply(
                committee,
                seat_type,
                name=form.name.data,
                email=form.email.data,
                phone=form.phone.data,
                organization=form.organization.data,
                statement=form.statement.data,
                upload=form.attachment.data,
                now=utcnow(),
            )
        except RejectedUpload as error:
            form.attachment.errors.append(str(error))
        except TooManyRequests:
            form.form_errors.append("This address has applied several times in the last hour.")
        else:
            db.session.commit()
            return redirect(url_for("applications.sent", slug=slug))
    return render_template(
        "applications/apply.html",
        committee=committee,
        form=form,
        lapse_days=current_app.config["APPLICATION_LAPSE_DAYS"],
        retention_days=current_app.config["APPLICATION_RETENTION_DAYS"],
    )


@bp.get("/committees/<slug>/apply/sent")
def sent(slug: str):
    return message_page(
        "Check your e-mail",
        "We sent you a link to confirm your application. Staff see it "
        "once you confirm. The link works for 48 hours.",
        committee_by_slug(slug),
    )


@bp.get("/applications/confirm/<token>")
def confirm(token: str):
    application = services.confirm(token, utcnow())
    if application is None:
        abort(404)
    db.session.commit()
    return message_page(
        "Your application is received",
        "Staff of the body will review it and write to you.",
        application.committee,
    )


@bp.route("/applications/withdraw/<token>", methods=["GET", "POST"])
def withdraw(token: str):
    if read_token(services.WITHDRAW, token) is None:
        abort(404)
    if request.method == "GET":
        return render_template("invitations/withdraw.html", token=token, what="application")
    application = services.withdraw(token)
    if application is None:
        abort(404)
    db.session.commit()
    if application.status is not ApplicationStatus.WITHDRAWN:
        return message_page(
            "This application was already decided",
            "There is nothing to withdraw.",
            application.committee,
        )
    return message_page(
        "Your application is withdrawn", "Staff will not review it.", application.committee
    )


# The statuses staff may list: an unconfirmed application is nobody's to see (SeatApplication).
QUEUE_STATUSES = [s for s in ApplicationStatus if s is not ApplicationStatus.UNCONFIRMED]


@bp.get("/committees/<slug>/applications")
@login_required
def queue(slug: str):
    committee = managed_committee(slug)
    status = request.args.get("status", ApplicationStatus.RECEIVED.value)
    if status not in {s.value for s in QUEUE_STATUSES}:
        abort(404)
    applications = db.session.scalars(
        select(SeatApplication)
        .where(
            SeatApplication.committee_id == committee.id,
            SeatApplication.status == ApplicationStatus(status),
        )
        .order_by(SeatApplication.created_at)
    ).all()
    counts = dict(
        db.session.execute(
            select(SeatApplication.status, func.count())
            .where(SeatApplication.committee_id == committee.id)
            .group_by(SeatApplication.status)
        ).all()
    )
    return render_template(
        "applications/queue.html",
        committee=committee,
        applications=applications,
        counts=counts,
        status=ApplicationStatus(status),
        today=today_pacific(),
        statuses=QUEUE_STATUSES,
        status_form=ApplicationStatusForm(formdata=None),
    )


@bp.post("/applications/<int:application_id>/status")
@login_required
def change_status(application_id: int):
    application = authorize(db.session.get(SeatApplication, application_id))
    form = ApplicationStatusForm()
    if not form.validate_on_submit() or not application.status.is_open:
        abort(400)
    services.decide(application, ApplicationStatus(form.status.data), utcnow())
    db.session.commit()
    flash(f"{application.name}'s application is now {application.status.label.lower()}.", "success")
    return redirect(url_for("applications.queue", slug=application.committee.slug))


@bp.post("/applications/<int:application_id>/appoint")
@login_required
def appoint(application_id: int):
    application = authorize(db.session.get(SeatApplication, application_id))
    if not application.status.is_open:
        abort(409)
    try:
        services.appoint_applicant(application, today_pacific(), utcnow(), by=current_user)
    except services.CannotAppoint as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"{application.name} is appointed to “{application.seat_type.label}”.", "success")
    return redirect(url_for("applications.queue", slug=application.committee.slug))


@bp.get("/application-files/<int:attachment_id>")
@login_required
def attachment(attachment_id: int):
    # 404 rather than 403: an applicant's file is nobody else's business, not even its existence.
    item = authorize(db.session.get(ApplicationAttachment, attachment_id), "view")
    response = send_file(
        upload_folder() / item.stored_name,
        mimetype=item.content_type,
        as_attachment=True,
        download_name=item.filename,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
