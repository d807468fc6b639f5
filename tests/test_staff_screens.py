"""Staff keep people, organizations and appointments; bad input is refused and changes nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select

from committees.models import Appointment, AppointmentRole, Organization, Person
from extensions import db
from members.models import UserRole
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.members import make_user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def task_force_staff(bodies, auth):
    make_user("tf-staff@example.org", committees=[bodies["task-force"]])
    auth.login("tf-staff@example.org")
    return bodies


def appointment_data(seat_type, person, **overrides) -> dict:
    return {
        "person_id": person.id,
        "seat_type_id": seat_type.id,
        "role": "member",
        "organization_id": 0,
        "start_date": "2026-01-05",
        "end_date": "",
    } | overrides


def test_staff_appoint_someone_to_the_survivor_seat(client, task_force_staff):
    survivor_seat = seat(task_force_staff["task-force"], "survivor")
    person = make_person("Jo Survivor")
    db.session.commit()
    response = client.post(
        "/committees/task-force/appointments/new", data=appointment_data(survivor_seat, person)
    )
    assert response.status_code == 302
    (appointment,) = db.session.scalars(select(Appointment)).all()
    assert appointment.seat_type == survivor_seat and appointment.start_date == date(2026, 1, 5)


def test_an_overfilled_seat_type_is_refused_with_a_clear_message(client, task_force_staff):
    house_dem = seat(task_force_staff["task-force"], "legislator-house-democratic")
    appoint(make_person("Sitting Rep"), house_dem, start=date(2025, 1, 1))
    newcomer = make_person("New Rep")
    db.session.commit()
    response = client.post(
        "/committees/task-force/appointments/new", data=appointment_data(house_dem, newcomer)
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "All 1 “Legislator — House Democratic caucus” seats are filled" in body
    assert count(Appointment) == 1


def test_an_end_before_the_start_is_refused(client, task_force_staff):
    organization = seat(task_force_staff["task-force"], "organization")
    person = make_person()
    db.session.commit()
    response = client.post(
        "/committees/task-force/appointments/new",
        data=appointment_data(organization, person, end_date="2025-12-31"),
    )
    assert "The end date cannot be before the start date." in response.get_data(as_text=True)
    assert count(Appointment) == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_date": "not a date"}, "Not a valid date value."),
        ({"start_date": ""}, "Enter a start date."),
        ({"person_id": 999999}, "Not a valid choice."),
        ({"role": "emperor"}, "Not a valid choice."),
    ],
)
def test_malformed_appointments_are_refused(client, task_force_staff, overrides, message):
    person = make_person()
    db.session.commit()
    response = client.post(
        "/committees/task-force/appointments/new",
        data=appointment_data(
            seat(task_force_staff["task-force"], "organization"), person, **overrides
        ),
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(Appointment) == 0


def test_a_seat_type_of_another_body_is_not_a_valid_choice(client, task_force_staff):
    person = make_person()
    db.session.commit()
    response = client.post(
        "/committees/task-force/appointments/new",
        data=appointment_data(seat(task_force_staff["washact"], "member"), person),
    )
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert count(Appointment) == 0


def test_ending_a_term_frees_the_seat(client, task_force_staff):
    house_dem = seat(task_force_staff["task-force"], "legislator-house-democratic")
    appointment = appoint(make_person("Sitting Rep"), house_dem, start=date(2025, 1, 1))
    db.session.commit()
    response = client.post(f"/appointments/{appointment.id}/end", data={"end_date": "2025-12-31"})
    assert response.status_code == 302
    db.session.refresh(appointment)
    assert appointment.end_date == date(2025, 12, 31)
    assert house_dem.has_room_for(date(2026, 1, 1), None)


def test_a_term_cannot_end_before_it_started(client, task_force_staff):
    appointment = appoint(
        make_person(), seat(task_force_staff["task-force"], "organization"), start=date(2025, 6, 1)
    )
    db.session.commit()
    response = client.post(
        f"/appointments/{appointment.id}/end",
        data={"end_date": "2025-01-01"},
        follow_redirects=True,
    )
    assert "The term cannot end before it started." in response.get_data(as_text=True)
    db.session.refresh(appointment)
    assert appointment.end_date is None


def test_editing_an_appointment_sets_the_role(client, task_force_staff):
    agency = seat(task_force_staff["task-force"], "state-agency")
    appointment = appoint(make_person("Director"), agency)
    db.session.commit()
    response = client.post(
        f"/appointments/{appointment.id}/edit",
        data=appointment_data(
            agency, appointment.person, role="ex_officio_chair", start_date="2025-01-01"
        ),
    )
    assert response.status_code == 302
    db.session.refresh(appointment)
    assert appointment.role is AppointmentRole.EX_OFFICIO_CHAIR
    assert "Director" in client.get("/committees/task-force").get_data(as_text=True)


def test_staff_add_a_person_who_starts_without_consent(client, task_force_staff):
    response = client.post(
        "/people/new",
        data={
            "name": "Ana Example",
            "email": " Ana@Example.org ",
            "title": "",
            "public_name_consent": "y",  # not a field any more: consent is its own act
        },
    )
    person = db.session.scalar(select(Person).where(Person.name == "Ana Example"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/people/{person.id}/edit"
    assert person.email == "ana@example.org"
    assert person.public_name_consent is False and person.consents == []


def test_a_duplicate_person_email_is_refused(client, task_force_staff):
    make_person("First", email="same@example.org")
    db.session.commit()
    before = count(Person)
    response = client.post("/people/new", data={"name": "Second", "email": "same@example.org"})
    assert "Someone on record already has this e-mail address." in response.get_data(as_text=True)
    assert count(Person) == before


def test_a_duplicate_organization_is_refused(client, task_force_staff):
    client.post("/organizations/new", data={"name": "Harbor House"})
    response = client.post("/organizations/new", data={"name": "harbor house "})
    assert "already exists" in response.get_data(as_text=True)
    assert count(Organization) == 1


def test_hostile_text_is_shown_as_text(client, task_force_staff):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    organization = seat(task_force_staff["task-force"], "organization")
    person = make_person(payload)
    appoint(person, organization)
    db.session.commit()
    body = client.get("/committees/task-force").get_data(as_text=True)
    assert payload not in body
    assert "&lt;script&gt;" in body


# Who may do what: anonymous, a member, staff of another body, staff of the body, an admin.
STAFF_PAGES = [
    "/committees/task-force/roster",
    "/committees/task-force/appointments/new",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, bodies, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("role", "committee", "expected"),
    [
        (UserRole.MEMBER, "task-force", 403),
        (UserRole.STAFF, "washact", 403),
        (UserRole.STAFF, "task-force", 200),
        (UserRole.ADMIN, None, 200),
    ],
)
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_by_role(client, auth, bodies, role, committee, expected, path):
    make_user("u@example.org", role, [bodies[committee]] if committee else [])
    auth.login("u@example.org")
    assert client.get(path).status_code == expected


def test_staff_of_another_body_cannot_appoint_or_end_terms(client, auth, bodies):
    make_user("wa@example.org", committees=[bodies["washact"]])
    appointment = appoint(make_person(), seat(bodies["task-force"], "organization"))
    db.session.commit()
    auth.login("wa@example.org")
    person = make_person("Intruder pick")
    db.session.commit()
    data = appointment_data(seat(bodies["task-force"], "organization"), person)
    assert client.post("/committees/task-force/appointments/new", data=data).status_code == 403
    assert (
        client.post(
            f"/appointments/{appointment.id}/end", data={"end_date": "2026-01-01"}
        ).status_code
        == 403
    )
    assert client.get(f"/appointments/{appointment.id}/edit").status_code == 403
    assert client.get(f"/people/{appointment.person_id}/edit").status_code == 403
    assert count(Appointment) == 1


def test_members_cannot_reach_the_people_screens(client, auth, bodies):
    make_user("m@example.org", UserRole.MEMBER, [bodies["washact"]])
    auth.login("m@example.org")
    for path in ["/people/", "/people/new", "/organizations/", "/organizations/new", "/staff/"]:
        assert client.get(path).status_code == 403, path


def test_permissions_live_on_the_models(app, bodies):
    staff = make_user("s@example.org", committees=[bodies["washact"]])
    admin = make_user("a@example.org", UserRole.ADMIN)
    member = make_user("m@example.org", UserRole.MEMBER, [bodies["washact"]])
    assert bodies["washact"].can_manage(staff)
    assert not bodies["task-force"].can_manage(staff)
    assert all(c.can_manage(admin) for c in bodies.values())
    assert not bodies["washact"].can_manage(member)
    assert not bodies["washact"].can_manage(None)
    assert bodies["washact"].has_member(member) and not bodies["task-force"].has_member(member)


def test_staff_set_the_body_quorum_and_bad_values_change_nothing(client, task_force_staff):
    committee = task_force_staff["task-force"]
    refused = client.post(
        "/committees/task-force/settings", data={"quorum_size": "0", "term_alert_days": "60"}
    )
    assert "Enter a number from 1 to 500." in refused.get_data(as_text=True)
    db.session.refresh(committee)
    assert committee.quorum_size is None
    client.post(
        "/committees/task-force/settings",
        data={
            "quorum_size": "12",
            "contact_name": "OCVA",
            "contact_email": "a@example.org",
            "term_alert_days": "45",
            "allows_holdover": "y",
            "purpose": committee.purpose,
            "accommodation_notice_days": "5",
            "comment_cutoff_hours": "0",
        },
    )
    db.session.refresh(committee)
    assert committee.quorum_size == 12 and committee.contact_email == "a@example.org"
    assert committee.term_alert_days == 45 and committee.allows_holdover
    assert client.get("/committees/washact/settings").status_code == 403


def test_a_garbled_end_date_is_refused_not_a_server_error(client, task_force_staff):
    appointment = appoint(make_person(), seat(task_force_staff["task-force"], "organization"))
    db.session.commit()
    response = client.post(
        f"/appointments/{appointment.id}/end", data={"end_date": "soon"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Not a valid date value." in response.get_data(as_text=True)
