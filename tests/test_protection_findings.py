"""The security review's takeover and findings, replayed as a hostile staff member of another body.

Each step of the four-request takeover of the Task Force survivor, and each finding, now fails as
it should; the body's own staff and admins can still do their work.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from committees.models import Appointment, Organization, Person, organization_named
from core.audit import AuditEntry
from core.time import today_pacific, utcnow
from extensions import db
from members.models import User, UserRole
from notify.models import OutboxMessage
from public_requests.states import RequestStatus
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.members import make_user

SURVIVOR = "Marisol Quietname"
SURVIVOR_EMAIL = "marisol@example.org"
ATTACKER_EMAIL = "attacker@example.net"


@pytest.fixture
def world(app, bodies):
    survivor = make_person(SURVIVOR, email=SURVIVOR_EMAIL)
    appoint(survivor, seat(bodies["task-force"], "survivor"))
    lived = make_person("Sage Private", email="sage@example.org")
    appoint(lived, seat(bodies["csec-committee"], "lived-experience"))
    agency = make_person("Avery Agency", email="avery@example.org")
    appoint(agency, seat(bodies["task-force"], "state-agency"))
    db.session.commit()
    make_user("washact-staff@example.org", UserRole.STAFF, [bodies["washact"]])
    make_user("tf-staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    make_user("admin@example.org", UserRole.ADMIN)
    return {"survivor": survivor, "lived": lived, "agency": agency}


def last_change(entity: str, entity_id: int) -> AuditEntry:
    return db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.entity == entity,
            AuditEntry.entity_id == entity_id,
            AuditEntry.action == "changed",
        )
        .order_by(AuditEntry.id.desc())
    ).first()


def appointment_form(person_id, seat_type_id) -> dict:
    return {
        "person_id": str(person_id),
        "seat_type_id": str(seat_type_id),
        "role": "member",
        "organization_id": "0",
        "start_date": today_pacific().isoformat(),
    }


# -- the takeover, step by step -------------------------------------------------------------------


def test_step_1_another_bodys_staff_cannot_appoint_the_survivor(client, auth, world, bodies):
    auth.login("washact-staff@example.org")
    survivor = world["survivor"]
    picker = client.get("/committees/washact/appointments/new").get_data(as_text=True)
    assert SURVIVOR not in picker
    member_seat = seat(bodies["washact"], "member")
    response = client.post(
        "/committees/washact/appointments/new", data=appointment_form(survivor.id, member_seat.id)
    )
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(Appointment.person_id == survivor.id)
        )
        == 1
    )


def test_step_1b_someone_who_sits_on_another_body_is_an_admins_to_appoint(
    client, auth, world, bodies
):
    agency, member_seat = world["agency"], seat(bodies["washact"], "member")
    auth.login("washact-staff@example.org")
    assert "Avery Agency" not in client.get("/committees/washact/appointments/new").get_data(
        as_text=True
    )
    client.post(
        "/committees/washact/appointments/new", data=appointment_form(agency.id, member_seat.id)
    )
    assert len(db.session.get(Person, agency.id).appointments) == 1
    auth.logout()
    auth.login("admin@example.org")
    response = client.post(
        "/committees/washact/appointments/new", data=appointment_form(agency.id, member_seat.id)
    )
    assert response.status_code == 302
    assert len(db.session.get(Person, agency.id).appointments) == 2


def test_step_2_and_3_the_survivors_page_does_not_exist_for_them(client, auth, world):
    survivor = world["survivor"]
    auth.login("washact-staff@example.org")
    assert client.get(f"/people/{survivor.id}/edit").status_code == 404
    edit = {"name": SURVIVOR, "email": ATTACKER_EMAIL, "public_name_consent": "y"}
    assert client.post(f"/people/{survivor.id}/edit", data=edit).status_code == 404
    consent = {"given": "yes", "how": "trust me", "given_on": "2026-01-01"}
    assert client.post(f"/people/{survivor.id}/consent", data=consent).status_code == 404
    db.session.expire_all()
    person = db.session.get(Person, survivor.id)
    assert person.email == SURVIVOR_EMAIL and not person.public_name_consent
    assert SURVIVOR not in client.get("/committees/task-force").get_data(as_text=True)


def test_step_4_no_invitation_is_mailed_for_them(client, auth, world):
    survivor = world["survivor"]
    auth.login("washact-staff@example.org")
    assert client.post(f"/people/{survivor.id}/invite").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert db.session.scalar(select(User).where(User.person_id == survivor.id)) is None


def test_the_bodys_own_staff_still_manage_the_survivor(client, auth, world):
    survivor = world["survivor"]
    auth.login("tf-staff@example.org")
    assert client.get(f"/people/{survivor.id}/edit").status_code == 200
    assert client.post(f"/people/{survivor.id}/invite").status_code == 302
    (message,) = db.session.scalars(select(OutboxMessage)).all()
    assert message.recipient == SURVIVOR_EMAIL


# -- consent is an act, never a side effect -------------------------------------------------------


def test_editing_a_person_never_changes_consent(client, auth, world):
    survivor = world["survivor"]
    auth.login("tf-staff@example.org")
    data = {"name": "Marisol Q.", "email": SURVIVOR_EMAIL, "public_name_consent": "y"}
    assert client.post(f"/people/{survivor.id}/edit", data=data).status_code == 302
    person = db.session.get(Person, survivor.id)
    assert person.name == "Marisol Q." and not person.public_name_consent


def test_consent_is_recorded_with_who_when_and_how(client, auth, world):
    survivor = world["survivor"]
    auth.login("tf-staff@example.org")
    consent = {"given": "yes", "how": "signed consent form", "given_on": "2026-11-20"}
    assert client.post(f"/people/{survivor.id}/consent", data=consent).status_code == 302
    person = db.session.get(Person, survivor.id)
    (record,) = person.consents
    staff = db.session.scalar(select(User).where(User.email == "tf-staff@example.org"))
    assert (record.given, record.how, record.given_on) == (
        True,
        "signed consent form",
        date(2026, 11, 20),
    )
    assert record.recorded_by_id == staff.id and record.recorded_at is not None
    assert person.public_name_consent
    assert SURVIVOR in client.get("/committees/task-force").get_data(as_text=True)
    page = client.get(f"/people/{survivor.id}/edit").get_data(as_text=True)
    assert "signed consent form" in page and "tf-staff@example.org" in page
    entry = last_change("Person", person.id)
    assert entry.changes["public_name_consent"] == [False, True]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"given": "yes", "how": "", "given_on": "2026-11-20"}, "Say how the person gave"),
        ({"given": "yes", "how": "form", "given_on": ""}, "Enter the day they said so"),
        ({"given": "maybe", "how": "form", "given_on": "2026-11-20"}, "Not a valid choice"),
        ({"given": "yes", "how": "form", "given_on": "2099-01-01"}, "cannot be in the future"),
        ({"given": "yes", "how": "x" * 301, "given_on": "2026-11-20"}, "300 characters"),
    ],
)
def test_bad_consent_input_is_refused_and_changes_nothing(client, auth, world, data, message):
    survivor = world["survivor"]
    auth.login("tf-staff@example.org")
    response = client.post(f"/people/{survivor.id}/consent", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    person = db.session.get(Person, survivor.id)
    assert not person.public_name_consent and person.consents == []


def test_the_seat_type_keeps_requiring_consent_while_a_holder_has_none(client, auth, world, bodies):
    survivor_seat = seat(bodies["task-force"], "survivor")
    auth.login("tf-staff@example.org")
    form = {"label": survivor_seat.label, "seat_count": "1", "count_is_minimum": "y"}
    response = client.post(f"/seat-types/{survivor_seat.id}/edit", data=form)
    assert "no consent on record" in response.get_data(as_text=True)
    db.session.refresh(survivor_seat)
    assert survivor_seat.requires_name_consent
    assert SURVIVOR not in client.get("/api/v1/committees/task-force").get_data(as_text=True)
    # Once the holder's consent is on record, the seat may stop requiring it, and the log says so.
    world["survivor"].record_consent(
        given=True, how="signed form", given_on=date(2026, 1, 1), by=None, at=utcnow()
    )
    db.session.commit()
    assert client.post(f"/seat-types/{survivor_seat.id}/edit", data=form).status_code == 302
    entry = last_change("SeatType", survivor_seat.id)
    assert entry.changes["requires_name_consent"] == [True, False]


def test_moving_a_holder_out_of_the_consent_seat_needs_their_consent(client, auth, world, bodies):
    appointment = world["survivor"].appointments[0]
    organization_seat = seat(bodies["task-force"], "organization")
    auth.login("tf-staff@example.org")
    form = appointment_form(world["survivor"].id, organization_seat.id)
    response = client.post(f"/appointments/{appointment.id}/edit", data=form)
    assert "has not consented" in response.get_data(as_text=True)
    db.session.refresh(appointment)
    assert appointment.seat_type.key == "survivor"


# -- staff lists show only the bodies the user manages --------------------------------------------


def test_people_list_hides_other_bodies_consent_seat_holders(client, auth, world):
    auth.login("washact-staff@example.org")
    page = client.get("/people/").get_data(as_text=True)
    assert SURVIVOR not in page and SURVIVOR_EMAIL not in page and "Sage Private" not in page
    assert "Avery Agency" in page  # people are shared: only consent-seat holders are protected
    agency = world["agency"]
    # ...but they sit on a body WashACT's staff do not manage: listed, not offered to edit.
    assert f"/people/{agency.id}/edit" not in page
    auth.logout()
    auth.login("tf-staff@example.org")
    page = client.get("/people/").get_data(as_text=True)
    assert SURVIVOR in page and "Sage Private" not in page


def test_someone_who_applied_for_a_consent_seat_is_protected_too(client, auth, world, bodies):
    from applications.models import SeatApplication

    agency = world["agency"]
    db.session.add(
        SeatApplication(
            committee=bodies["csec-committee"],
            seat_type=seat(bodies["csec-committee"], "lived-experience"),
            name=agency.name,
            email=agency.email,
            statement="I would like to serve.",
            status=RequestStatus.RECEIVED,
        )
    )
    db.session.commit()
    auth.login("tf-staff@example.org")
    assert "Avery Agency" not in client.get("/people/").get_data(as_text=True)
    assert client.get(f"/people/{agency.id}/edit").status_code == 404


@pytest.mark.parametrize("path", ["applications", "invitation-requests"])
def test_queues_never_list_unconfirmed_requests(client, auth, world, path):
    auth.login("tf-staff@example.org")
    assert client.get(f"/committees/task-force/{path}?status=unconfirmed").status_code == 404
    page = client.get(f"/committees/task-force/{path}").get_data(as_text=True)
    assert "Unconfirmed" not in page


def test_an_unconfirmed_application_cannot_be_acted_on(client, auth, world, bodies):
    from applications.models import SeatApplication

    application = SeatApplication(
        committee=bodies["task-force"],
        seat_type=seat(bodies["task-force"], "survivor"),
        name="Not Confirmed",
        email="nc@example.org",
        statement="x",
    )
    db.session.add(application)
    db.session.commit()
    auth.login("tf-staff@example.org")
    assert client.post(f"/applications/{application.id}/appoint").status_code == 404
    data = {"status": "under_review"}
    assert client.post(f"/applications/{application.id}/status", data=data).status_code == 404
    db.session.refresh(application)
    assert application.status is RequestStatus.UNCONFIRMED


def test_staff_cannot_rename_an_organization_of_another_body(client, auth, world, bodies):
    shared = organization_named("Harbor House")
    world["agency"].appointments[0].organization = shared
    mine = organization_named("Washact Only Org")
    db.session.commit()
    auth.login("washact-staff@example.org")
    data = {"name": "Renamed By Attacker"}
    assert client.post(f"/organizations/{shared.id}/edit", data=data).status_code == 403
    assert db.session.get(Organization, shared.id).name == "Harbor House"
    assert "Renamed By Attacker" not in client.get("/committees/task-force").get_data(as_text=True)
    listing = client.get("/organizations/").get_data(as_text=True)
    assert "Harbor House" not in listing and "Washact Only Org" in listing
    data = {"name": "Washact Org"}
    assert client.post(f"/organizations/{mine.id}/edit", data=data).status_code == 302
    entry = last_change("Organization", mine.id)
    assert entry.changes["name"] == ["Washact Only Org", "Washact Org"]


# -- the audit log has what changes what the public sees ------------------------------------------


def test_body_settings_are_audited_before_and_after(client, auth, world, bodies):
    auth.login("tf-staff@example.org")
    data = {
        "term_alert_days": "30",
        "absence_limit": "3",
        "allows_holdover": "y",
        "purpose": bodies["task-force"].purpose,
        "accommodation_notice_days": "5",
        "comment_cutoff_hours": "0",
    }
    assert client.post("/committees/task-force/settings", data=data).status_code == 302
    entry = last_change("Committee", bodies["task-force"].id)
    assert entry.changes["allows_holdover"] == [False, True]
    assert entry.changes["term_alert_days"] == [60, 30]
    assert entry.changes["absence_limit"] == [None, 3]


def test_which_bodies_a_staff_account_manages_is_audited(client, auth, world, bodies):
    staff = db.session.scalar(select(User).where(User.email == "washact-staff@example.org"))
    auth.login("admin@example.org")
    data = {"role": "staff", "active": "y", "committees": [str(bodies["task-force"].id)]}
    assert client.post(f"/admin/accounts/{staff.id}", data=data).status_code == 302
    entry = last_change("User", staff.id)
    assert entry.changes["managed_committees"] == [
        [bodies["washact"].id],
        [bodies["task-force"].id],
    ]


# -- one rule for the viewer at hand: feeds -------------------------------------------------------


def test_staff_who_manage_a_body_get_its_places_in_their_private_feed(client, auth, world, bodies):
    from committees.models import MeetingAccess
    from tests.fixtures.meetings import make_meeting

    make_meeting(
        bodies["washact"],
        access=MeetingAccess.INVITATION_ONLY,
        location="Room 9, Staff Only Building",
        starts_at=utcnow().replace(microsecond=0) + timedelta(days=5),
    )
    db.session.commit()
    staff = db.session.scalar(select(User).where(User.email == "washact-staff@example.org"))
    other = db.session.scalar(select(User).where(User.email == "tf-staff@example.org"))
    mine = client.get(f"/calendar/private/{staff.calendar_token()}.ics").get_data(as_text=True)
    assert "Room 9" in mine
    theirs = client.get(f"/calendar/private/{other.calendar_token()}.ics").get_data(as_text=True)
    assert "Room 9" not in theirs
