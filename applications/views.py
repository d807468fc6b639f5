"""Applying to serve, and the staff queue that appoints from it."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user, login_required

from applications import services
from applications.forms import ApplicationForm, ApplicationStatusForm
from applications.models import ApplicationAttachment, SeatApplication
from committees.views import committee_by_slug, managed_committee
from core.arguments import query_id
from core.caching import NO_STORE
from core.confirmation import confirmation_page, confirmed
from core.forms import form_status
from core.languages import english_only
from core.protection import authorize
from core.time import today_pacific, utcnow
from extensions import db, limiter
from meetings.services import send_upload
from meetings.uploads import RejectedUpload
from public_requests.states import RequestStatus
from public_requests.views import confirm_page, queue_of, sent_page, submitted, withdraw_page

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
        seat_type = next(t for t in open_types if t.id == form.seat_type.data)

        def submit() -> bool:
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
                    language=form.language.data,
                    now=utcnow(),
                )
            except RejectedUpload as error:
                form.attachment.errors.append(str(error))
                return False
            return True

        done = submitted(form, sent_endpoint="applications.sent", slug=slug, submit=submit)
        if done is not None:
            return done
    return render_template(
        "applications/apply.html",
        committee=committee,
        form=form,
        lapse_days=current_app.config["APPLICATION_LAPSE_DAYS"],
        retention_days=current_app.config["APPLICATION_RETENTION_DAYS"],
    ), form_status(form)


@bp.get("/committees/<slug>/apply/sent")
def sent(slug: str):
    return sent_page("application", committee_by_slug(slug))


@bp.route("/applications/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    return confirm_page(SeatApplication, token, what="application")


@bp.route("/applications/withdraw/<token>", methods=["GET", "POST"])
def withdraw(token: str):
    return withdraw_page(SeatApplication, token, what="application")


@bp.get("/committees/<slug>/applications")
@login_required
@english_only
def queue(slug: str):
    committee = managed_committee(slug)
    status, statuses, applications, counts = queue_of(
        SeatApplication, committee, RequestStatus.RECEIVED
    )
    return render_template(
        "applications/queue.html",
        committee=committee,
        applications=applications,
        counts=counts,
        status=status,
        today=today_pacific(),
        statuses=statuses,
        status_form=ApplicationStatusForm(formdata=None),
    )


@bp.post("/applications/<int:application_id>/status")
@login_required
@english_only
def change_status(application_id: int):
    application = authorize(db.session.get(SeatApplication, application_id))
    form = ApplicationStatusForm()
    if not form.validate_on_submit():
        abort(400)
    status = RequestStatus(form.status.data)
    if not application.may_become(status):
        abort(409)
    services.decide(application, status, utcnow(), by=current_user)
    db.session.commit()
    flash(f"{application.name}'s application is now {application.status.label.lower()}.", "success")
    return redirect(url_for("applications.queue", slug=application.committee.slug))


@bp.post("/applications/<int:application_id>/appoint")
@login_required
@english_only
def appoint(application_id: int):
    application = authorize(db.session.get(SeatApplication, application_id))
    if not application.may_become(RequestStatus.APPOINTED):
        abort(409)
    if not confirmed():
        seat = application.seat_type
        return confirmation_page(
            title=f"Appoint {application.name} from today?",
            happens=f"{application.name} holds a “{seat.label}” seat from today"
            + (
                f", for a {seat.term_months}-month term ending on "
                f"{services.term_end(seat, today_pacific()):%B %-d, %Y}."
                if seat.term_months
                else ", with no fixed end."
            )
            + " Their name is shown publicly only if the seat allows it or they consent.",
            told=f"{application.name} is e-mailed that they are appointed.",
            undo="Not the e-mail. The term can be ended or its dates changed on the roster.",
            action=url_for("applications.appoint", application_id=application.id),
            button=f"Appoint {application.name}",
            back=url_for("applications.queue", slug=application.committee.slug),
        )
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
@english_only
def attachment(attachment_id: int):
    # 404 rather than 403: an applicant's file is nobody else's business, not even its existence.
    item = authorize(db.session.get(ApplicationAttachment, attachment_id), "view")
    return send_upload(
        item.stored_name, content_type=item.content_type, filename=item.filename, cache=NO_STORE
    )
