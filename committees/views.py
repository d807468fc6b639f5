"""Public pages of the bodies, and the staff screens for their people and appointments."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from committees.composition import composition
from committees.forms import (
    AppointmentForm,
    CommitteeSettingsForm,
    EndAppointmentForm,
    OrganizationForm,
    PersonForm,
)
from committees.models import (
    Appointment,
    Committee,
    Organization,
    Person,
    SeatType,
    with_roster,
)
from core.loading import managed
from core.time import today_pacific, utcnow
from extensions import db
from meetings.services import upcoming_meetings
from members.accounts import InvitationError, invite_member
from members.decorators import staff_required

bp = Blueprint("committees", __name__)


def committee_with_roster(slug: str) -> Committee:
    """Load a body with its seats and who holds them in a fixed number of queries, or 404."""
    committee = db.session.scalar(with_roster(select(Committee).where(Committee.slug == slug)))
    if committee is None:
        abort(404)
    return committee


def managed_committee(slug: str) -> Committee:
    return managed(committee_with_roster(slug))


@bp.get("/committees/")
def index():
    committees = db.session.scalars(
        select(Committee).order_by(Committee.position).options(selectinload(Committee.statutes))
    ).all()
    return render_template("committees/index.html", committees=committees)


@bp.get("/committees/<slug>")
def show(slug: str):
    committee = committee_with_roster(slug)
    today = today_pacific()
    return render_template(
        "committees/show.html",
        committee=committee,
        today=today,
        meetings=upcoming_meetings(committee, utcnow()),
        composition=composition(committee, today),
    )


@bp.get("/committees/<slug>/roster")
@login_required
def roster(slug: str):
    committee = managed_committee(slug)
    return render_template("committees/roster.html", committee=committee, today=today_pacific())


@bp.route("/committees/<slug>/settings", methods=["GET", "POST"])
@login_required
def settings(slug: str):
    committee = managed_committee(slug)
    form = CommitteeSettingsForm(obj=committee)
    if form.validate_on_submit():
        form.populate_obj(committee)
        db.session.commit()
        flash("The settings were saved.", "success")
        return redirect(url_for("committees.roster", slug=committee.slug))
    return render_template("committees/settings.html", committee=committee, form=form)


@bp.route("/committees/<slug>/appointments/new", methods=["GET", "POST"])
@login_required
def new_appointment(slug: str):
    committee = managed_committee(slug)
    form = AppointmentForm(committee=committee)
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
    if not form.is_submitted():
        form.start_date.data = today_pacific()
    return render_template("committees/appointment_form.html", committee=committee, form=form)


@bp.route("/appointments/<int:appointment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_appointment(appointment_id: int):
    appointment = managed(db.session.get(Appointment, appointment_id))
    committee = appointment.committee
    form = AppointmentForm(committee=committee, appointment=appointment, obj=appointment)
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
def end_appointment(appointment_id: int):
    appointment = managed(db.session.get(Appointment, appointment_id))
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
@staff_required
def people():
    everyone = db.session.scalars(
        select(Person)
        .order_by(Person.name)
        .options(
            selectinload(Person.appointments)
            .selectinload(Appointment.seat_type)
            .selectinload(SeatType.committee)
        )
    ).all()
    return render_template("committees/people.html", people=everyone)


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
@staff_required
def new_person():
    form = PersonForm()
    if form.validate_on_submit():
        person = Person(name=form.name.data, email=form.email.data or None, title=form.title.data)
        person.record_consent(form.public_name_consent.data, today_pacific())
        db.session.add(person)
        db.session.commit()
        flash(f"{person.name} was added.", "success")
        return redirect(url_for("committees.people"))
    return render_template("committees/person_form.html", form=form, person=None)


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit_person(person_id: int):
    person = managed(db.session.get(Person, person_id))
    form = PersonForm(obj=person, person=person)
    if form.validate_on_submit():
        person.name = form.name.data
        person.email = form.email.data or None
        person.title = form.title.data
        person.record_consent(form.public_name_consent.data, today_pacific())
        db.session.commit()
        flash(f"{person.name} was saved.", "success")
        return redirect(url_for("committees.people"))
    return render_template("committees/person_form.html", form=form, person=person)


@bp.post("/people/<int:person_id>/invite")
@login_required
def invite_person(person_id: int):
    person = managed(db.session.get(Person, person_id))
    try:
        invite_member(person)
    except InvitationError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"{person.name} was e-mailed a link to set their password.", "success")
    return redirect(url_for("committees.edit_person", person_id=person.id))


@bp.get("/organizations/")
@login_required
@staff_required
def organizations():
    everything = db.session.scalars(select(Organization).order_by(Organization.name)).all()
    return render_template("committees/organizations.html", organizations=everything)


@bp.route("/organizations/new", methods=["GET", "POST"])
@login_required
@staff_required
def new_organization():
    form = OrganizationForm()
    if form.validate_on_submit():
        organization = Organization(name=form.name.data, website=form.website.data or "")
        db.session.add(organization)
        db.session.commit()
        flash(f"{organization.name} was added.", "success")
        return redirect(url_for("committees.organizations"))
    return render_template("committees/organization_form.html", form=form, organization=None)


@bp.route("/organizations/<int:organization_id>/edit", methods=["GET", "POST"])
@login_required
@staff_required
def edit_organization(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    form = OrganizationForm(obj=organization, organization=organization)
    if form.validate_on_submit():
        organization.name = form.name.data
        organization.website = form.website.data or ""
        db.session.commit()
        flash(f"{organization.name} was saved.", "success")
        return redirect(url_for("committees.organizations"))
    return render_template(
        "committees/organization_form.html", form=form, organization=organization
    )
