"""Public pages of the bodies, and the staff screens for their people and appointments."""

from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from committees.composition import composition
from committees.directory import BODIES_PER_PAGE, chosen_topic, cleaned, directory
from committees.forms import (
    AppointmentForm,
    CommitteeSettingsForm,
    ConsentForm,
    EndAppointmentForm,
    OrganizationForm,
    PersonForm,
    SeatTypeForm,
    TrainingForm,
)
from committees.models import (
    Appointment,
    Committee,
    Organization,
    Person,
    SeatType,
    TrainingRecord,
    organizations_on_record,
    people_on_record,
    with_roster,
)
from committees.report import annual_report, regular_schedule, report_csv, schedule_csv
from committees.terms import add_months, terms_ending, training_status
from core.arguments import query_id, query_page
from core.forms import form_status
from core.languages import english_only
from core.protection import INSTALL, authorize
from core.time import today_pacific, utcnow
from extensions import db
from meetings.dashboard import absence_flags
from meetings.services import (
    meetings_of_year,
    next_meetings,
    recorded_meetings,
    scheduled_meetings,
)
from members.accounts import InvitationError, account_of, invite_member

bp = Blueprint("committees", __name__)


def committee_with_roster(slug: str) -> Committee:
    """Load a body with its seats and who holds them in a fixed number of queries, or 404."""
    committee = db.session.scalar(with_roster(select(Committee).where(Committee.slug == slug)))
    if committee is None:
        abort(404)
    return committee


def committee_by_slug(slug: str) -> Committee:
    """A body alone (no roster), or 404: for the public forms."""
    committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
    if committee is None:
        abort(404)
    return committee


def managed_committee(slug: str) -> Committee:
    return authorize(committee_with_roster(slug))


@bp.get("/committees/")
def index():
    listing = directory(
        cleaned(request.args.get("q")),
        cleaned(request.args.get("agency")),
        chosen_topic(request.args.get("topic")),
        query_page(),
        BODIES_PER_PAGE,
    )
    return render_template(
        "committees/index.html",
        listing=listing,
        next_meetings=next_meetings([c.id for c in listing.bodies], utcnow()),
    )


@bp.get("/committees/<slug>")
def show(slug: str):
    committee = committee_with_roster(slug)
    today = today_pacific()
    return render_template(
        "committees/show.html",
        committee=committee,
        today=today,
        # Called-off meetings are on the meetings list, not among the next ones to go to.
        meetings=scheduled_meetings(committee.id, utcnow(), limit=3),
        composition=composition(committee, today),
    )


@bp.get("/committees/<slug>/roster")
@login_required
@english_only
def roster(slug: str):
    committee = managed_committee(slug)
    today = today_pacific()
    return render_template(
        "committees/roster.html",
        committee=committee,
        today=today,
        composition=composition(committee, today),
        training_of=lambda person: training_status(person, today),
        ending_ids={a.id for a in terms_ending(committee, today, committee.term_alert_days)},
        flagged_ids=absence_flags(recorded_meetings(committee), committee.absence_limit),
    )


@bp.route("/committees/<slug>/settings", methods=["GET", "POST"])
@login_required
@english_only
def settings(slug: str):
    committee = managed_committee(slug)
    form = CommitteeSettingsForm(obj=committee)
    if form.validate_on_submit():
        form.populate_obj(committee)
        db.session.commit()
        flash("The settings were saved.", "success")
        return redirect(url_for("committees.roster", slug=committee.slug))
    page = render_template("committees/settings.html", committee=committee, form=form)
    return page, form_status(form)


@bp.route("/committees/<slug>/appointments/new", methods=["GET", "POST"])
@login_required
@english_only
def new_appointment(slug: str):
    """Appoint someone; ?follows=<id> fills the next term of a seat (?reappoint=1: same person)."""
    committee = managed_committee(slug)
    follows = None
    follows_id = query_id("follows")
    if follows_id is not None:
        follows = authorize(db.session.get(Appointment, follows_id))
        if follows.committee is not committee:
            abort(404)
    form = AppointmentForm(committee=committee, follows=follows, user=current_user)
    if not form.is_submitted():
        form.start_date.data = today_pacific()
        if follows is not None:
            prefill_next_term(form, follows, reappoint=bool(request.args.get("reappoint")))
    if form.validate_on_submit():
        appointment = Appointment()
        form.apply_to(appointment)
        db.session.add(appointment)
        db.session.commit()
        flash(
            f"{appointment.person.name} was appointed to “{appointment.seat_type.label}”.",
            "success",
        )
        return redirect(url_for("committees.roster", slug=committee.slug))
    return render_template(
        "committees/appointment_form.html", committee=committee, form=form, follows=follows
    )


def prefill_next_term(form: AppointmentForm, follows: Appointment, *, reappoint: bool) -> None:
    seat_type = follows.seat_type
    form.seat_type_id.data = seat_type.id
    if follows.end_date:
        form.start_date.data = follows.end_date + timedelta(days=1)
    if seat_type.term_months:
        form.end_date.data = add_months(form.start_date.data, seat_type.term_months) - timedelta(
            days=1
        )
    if reappoint:
        form.person_id.data = follows.person_id
        form.role.data = follows.role.value
        form.organization_id.data = follows.organization_id or 0


@bp.route("/seat-types/<int:seat_type_id>/edit", methods=["GET", "POST"])
@login_required
@english_only
def edit_seat_type(seat_type_id: int):
    seat_type = authorize(db.session.get(SeatType, seat_type_id))
    form = SeatTypeForm(obj=seat_type, seat_type=seat_type)
    if form.validate_on_submit():
        form.populate_obj(seat_type)
        db.session.commit()
        flash(f"“{seat_type.label}” was saved.", "success")
        return redirect(url_for("committees.roster", slug=seat_type.committee.slug))
    return render_template("committees/seat_type_form.html", form=form, seat_type=seat_type)


@bp.post("/people/<int:person_id>/trainings")
@login_required
@english_only
def add_training(person_id: int):
    person = authorize(db.session.get(Person, person_id))
    form = TrainingForm()
    if form.validate_on_submit():
        person.trainings.append(TrainingRecord(completed_on=form.completed_on.data))
        db.session.commit()
        flash(f"Training recorded for {person.name}.", "success")
    else:
        for error in form.completed_on.errors:
            flash(f"The training was not recorded: {error}", "error")
    return redirect(url_for("committees.edit_person", person_id=person.id))


@bp.route("/appointments/<int:appointment_id>/edit", methods=["GET", "POST"])
@login_required
@english_only
def edit_appointment(appointment_id: int):
    appointment = authorize(db.session.get(Appointment, appointment_id))
    committee = appointment.committee
    form = AppointmentForm(
        committee=committee, appointment=appointment, obj=appointment, user=current_user
    )
    if not form.is_submitted():
        form.role.data = appointment.role.value
        form.organization_id.data = appointment.organization_id or 0
    if form.validate_on_submit():
        form.apply_to(appointment)
        db.session.commit()
        flash("The appointment was saved.", "success")
        return redirect(url_for("committees.roster", slug=committee.slug))
    end_form = EndAppointmentForm(appointment=appointment, formdata=None)
    return render_template(
        "committees/appointment_form.html",
        committee=committee,
        form=form,
        appointment=appointment,
        end_form=end_form,
    )


@bp.post("/appointments/<int:appointment_id>/end")
@login_required
@english_only
def end_appointment(appointment_id: int):
    appointment = authorize(db.session.get(Appointment, appointment_id))
    form = EndAppointmentForm(appointment=appointment)
    if form.validate_on_submit():
        appointment.end_date = form.end_date.data
        db.session.commit()
        flash(
            f"{appointment.person.name}'s term ends on {appointment.end_date:%B %d, %Y}.", "success"
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(f"The term was not ended: {error}", "error")
    return redirect(url_for("committees.roster", slug=appointment.committee.slug))


@bp.get("/people/")
@login_required
@english_only
def people():
    authorize(INSTALL, "work")
    visible = [p for p in people_on_record() if p.can_view(current_user)]
    return render_template("committees/people.html", people=visible)


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
@english_only
def new_person():
    authorize(INSTALL, "work")
    form = PersonForm()
    if form.validate_on_submit():
        person = Person(name=form.name.data, email=form.email.data or None, title=form.title.data)
        db.session.add(person)
        db.session.commit()
        flash(f"{person.name} was added.", "success")
        return redirect(url_for("committees.edit_person", person_id=person.id))
    return render_template("committees/person_form.html", form=form, person=None)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@login_required
@english_only
def edit_person(person_id: int):
    person = authorize(db.session.get(Person, person_id))
    form = PersonForm(obj=person, person=person)
    if form.validate_on_submit():
        person.name = form.name.data
        person.email = form.email.data or None
        person.title = form.title.data
        db.session.commit()
        flash(f"{person.name} was saved.", "success")
        return redirect(url_for("committees.edit_person", person_id=person.id))
    return render_person(person, form=form)


def render_person(person: Person, **forms):
    today = today_pacific()
    defaults = {
        "form": PersonForm(formdata=None, obj=person, person=person),
        "consent_form": ConsentForm(formdata=None, person=person),
        "training_form": TrainingForm(formdata=None),
    }
    return render_template(
        "committees/person_form.html",
        person=person,
        training=training_status(person, today),
        account=account_of(person),
        today=today,
        **(defaults | forms),
    )


@bp.post("/people/<int:person_id>/consent")
@login_required
@english_only
def record_consent(person_id: int):
    person = authorize(db.session.get(Person, person_id))
    form = ConsentForm(person=person)
    if not form.validate_on_submit():
        return render_person(person, consent_form=form), 422
    person.record_consent(
        given=form.given.data == "yes",
        how=form.how.data,
        given_on=form.given_on.data,
        by=current_user,
        at=utcnow(),
    )
    db.session.commit()
    if person.public_name_consent:
        flash(f"Consent recorded: {person.name} may be named on public pages.", "success")
    else:
        flash(f"Recorded: {person.name} is not named on public pages.", "success")
    return redirect(url_for("committees.edit_person", person_id=person.id, _anchor="consent"))


@bp.post("/people/<int:person_id>/invite")
@login_required
@english_only
def invite_person(person_id: int):
    person = authorize(db.session.get(Person, person_id))
    try:
        invite_member(person, by=current_user)
    except InvitationError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"{person.name} was e-mailed a link to set their password.", "success")
    return redirect(url_for("committees.edit_person", person_id=person.id))


@bp.get("/organizations/")
@login_required
@english_only
def organizations():
    authorize(INSTALL, "work")
    # Those serving on a body the user manages, and those on none yet.
    mine = [
        o
        for o in organizations_on_record()
        if o.can_view(current_user)
        and (not o.committees() or any(c.can_manage(current_user) for c in o.committees()))
    ]
    return render_template("committees/organizations.html", organizations=mine)


@bp.route("/organizations/new", methods=["GET", "POST"])
@login_required
@english_only
def new_organization():
    authorize(INSTALL, "work")
    form = OrganizationForm()
    if form.validate_on_submit():
        organization = Organization(name=form.name.data, website=form.website.data or "")
        db.session.add(organization)
        db.session.commit()
        flash(f"{organization.name} was added.", "success")
        return redirect(url_for("committees.organizations"))
    page = render_template("committees/organization_form.html", form=form, organization=None)
    return page, form_status(form)


@bp.route("/organizations/<int:organization_id>/edit", methods=["GET", "POST"])
@login_required
@english_only
def edit_organization(organization_id: int):
    organization = authorize(db.session.get(Organization, organization_id))
    form = OrganizationForm(obj=organization, organization=organization)
    if form.validate_on_submit():
        organization.name = form.name.data
        organization.website = form.website.data or ""
        db.session.commit()
        flash(f"{organization.name} was saved.", "success")
        return redirect(url_for("committees.organizations"))
    page = render_template(
        "committees/organization_form.html", form=form, organization=organization
    )
    return page, form_status(form)


def reporting_year(committee: Committee, year: int) -> None:
    if not 2000 <= year <= today_pacific().year:
        abort(404)


@bp.get("/committees/<slug>/report/<int:year>")
def annual_report_page(slug: str, year: int):
    committee = committee_with_roster(slug)
    reporting_year(committee, year)
    report = annual_report(committee, year, meetings_of_year(committee, year), today_pacific())
    staff = committee.can_manage(current_user)
    return render_template(
        "committees/report.html", report=report, staff=staff, today=today_pacific()
    )


@bp.get("/committees/<slug>/report/<int:year>.csv")
def annual_report_csv(slug: str, year: int):
    committee = committee_with_roster(slug)
    reporting_year(committee, year)
    report = annual_report(committee, year, meetings_of_year(committee, year), today_pacific())
    body = report_csv(report, staff=committee.can_manage(current_user))
    return csv_response(body, f"{committee.slug}-report-{year}.csv")


@bp.get("/committees/<slug>/schedule/<int:year>")
def schedule_page(slug: str, year: int):
    committee = committee_with_roster(slug)
    if not 2000 <= year <= 2100:
        abort(404)
    meetings = regular_schedule(meetings_of_year(committee, year), year)
    return render_template(
        "committees/schedule.html", committee=committee, year=year, meetings=meetings
    )


@bp.get("/committees/<slug>/schedule/<int:year>.csv")
def schedule_csv_file(slug: str, year: int):
    committee = committee_with_roster(slug)
    if not 2000 <= year <= 2100:
        abort(404)
    meetings = regular_schedule(meetings_of_year(committee, year), year)
    return csv_response(schedule_csv(committee, meetings), f"{committee.slug}-schedule-{year}.csv")


def csv_response(body: str, filename: str) -> Response:
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
