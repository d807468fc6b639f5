"""Applications to serve: the public form to the seat, against a real SMTP server; the survivor
seat's applications are seen by that body's staff alone."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from applications.models import SeatApplication
from committees.composition import composition
from committees.models import Appointment
from core.time import today_pacific
from extensions import db
from members.models import UserRole
from notify.worker import send_due
from public_requests.states import RequestStatus
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.mail import mail_config
from tests.fixtures.members import make_user

APPLICANT = "applicant@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


def form(seat_type, **overrides) -> dict:
    return {
        "name": "Ari Applicant",
        "email": APPLICANT,
        "phone": "",
        "organization": "Harbor",
        "seat_type": str(seat_type.id),
        "statement": "Ten years of victim services.",
    } | overrides


def confirm(client, smtp) -> None:
    send_due()
    text = smtp.inbox.to(APPLICANT)[-1].get_body(("plain",)).get_content()
    path = re.search(r"http://127.0.0.1:5000(/applications/confirm/\S+)", text)[1]
    assert "Confirm my application" in client.get(path).get_data(as_text=True)
    assert "Your application is confirmed" in client.post(path).get_data(as_text=True)


def test_a_person_applies_confirms_and_is_appointed(client, auth, bodies, smtp):
    task_force = bodies["task-force"]
    page = client.get("/committees/task-force").get_data(as_text=True)
    assert "Would you like to serve?" in page and "/committees/task-force/apply" in page
    organization = seat(task_force, "organization")
    before = composition(task_force, today_pacific()).rows
    data = form(organization) | {"attachment": (io.BytesIO(b"%PDF-1.4 cv"), "cv.pdf")}
    response = client.post(
        "/committees/task-force/apply", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    make_user("staff@example.org", committees=[task_force])
    auth.login("staff@example.org")
    assert "Ari Applicant" not in client.get("/committees/task-force/applications").get_data(
        as_text=True
    )
    client.post("/logout")
    confirm(client, smtp)
    auth.login("staff@example.org")
    queue = client.get("/committees/task-force/applications").get_data(as_text=True)
    assert "Ari Applicant" in queue and "Received (1)" in queue
    application = db.session.scalar(select(SeatApplication))
    file_url = f"/application-files/{application.attachments[0].id}"
    assert client.get(file_url).data == b"%PDF-1.4 cv"
    client.post(f"/applications/{application.id}/status", data={"status": "recommended"})
    client.post(f"/applications/{application.id}/appoint", data={"confirmed": "yes"})
    db.session.expire_all()
    application = db.session.get(SeatApplication, application.id)
    assert application.status is RequestStatus.APPOINTED
    appointment = application.appointment
    assert appointment.person.name == "Ari Applicant" and appointment.seat_type == organization
    after = composition(task_force, today_pacific()).rows
    index = [r.seat_type.key for r in after].index("organization")
    assert after[index].filled == before[index].filled + 1
    send_due()
    assert "You are appointed" in smtp.inbox.to(APPLICANT)[-1].get_body(("plain",)).get_content()


def test_a_full_seat_type_cannot_be_appointed_from_an_application(client, auth, bodies, smtp):
    survivor = seat(bodies["task-force"], "survivor")
    survivor.count_is_minimum = False
    appoint(make_person("Sitting"), survivor)
    db.session.commit()
    client.post("/committees/task-force/apply", data=form(survivor))
    confirm(client, smtp)
    make_user("staff@example.org", committees=[bodies["task-force"]])
    auth.login("staff@example.org")
    application = db.session.scalar(select(SeatApplication))
    response = client.post(
        f"/applications/{application.id}/appoint",
        data={"confirmed": "yes"},
        follow_redirects=True,
    )
    assert "seats are filled" in response.get_data(as_text=True)
    db.session.refresh(application)
    assert application.status is RequestStatus.RECEIVED
    assert db.session.scalar(select(func.count()).select_from(Appointment)) == 1


@pytest.mark.parametrize(
    ("role", "committee", "expected"),
    [
        (None, None, 302),
        (UserRole.MEMBER, "task-force", 403),
        (UserRole.STAFF, "washact", 403),
        (UserRole.STAFF, "task-force", 200),
        (UserRole.ADMIN, None, 200),
    ],
)
def test_survivor_seat_applications_are_for_the_body_s_staff_alone(
    client, auth, bodies, smtp, role, committee, expected
):
    client.post(
        "/committees/task-force/apply",
        data=form(seat(bodies["task-force"], "survivor"), name="Quiet Survivor")
        | {"attachment": (io.BytesIO(b"%PDF-1.4 story"), "story.pdf")},
        content_type="multipart/form-data",
    )
    confirm(client, smtp)
    application = db.session.scalar(select(SeatApplication))
    if role is not None:
        make_user("u@example.org", role, [bodies[committee]] if committee else [])
        auth.login("u@example.org")
    queue = client.get("/committees/task-force/applications")
    assert queue.status_code == expected
    download = client.get(f"/application-files/{application.attachments[0].id}")
    assert download.status_code == (200 if expected == 200 else (302 if role is None else 404))
    for public in [
        "/",
        "/committees/task-force",
        "/api/v1/committees/task-force",
        "/calendar.ics",
        "/meetings/",
    ]:
        assert "Quiet Survivor" not in client.get(public).get_data(as_text=True)


def test_the_form_refuses_bad_input_bots_and_closed_bodies(client, bodies, smtp):
    organization = seat(bodies["task-force"], "organization")
    bad = client.post("/committees/task-force/apply", data=form(organization, email="nope"))
    assert "Enter a valid e-mail address" in bad.get_data(as_text=True)
    exe = client.post(
        "/committees/task-force/apply",
        content_type="multipart/form-data",
        data=form(organization) | {"attachment": (io.BytesIO(b"MZ\x90\x00"), "a.pdf")},
    )
    assert "not accepted" in exe.get_data(as_text=True)
    bot = client.post("/committees/task-force/apply", data=form(organization, website="x"))
    assert bot.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SeatApplication)) == 0
    closed = client.get("/committees/washact/apply").get_data(as_text=True)
    assert "takes no applications" in closed


def test_applications_lapse_and_are_purged(app, bodies, runner):
    organization = seat(bodies["task-force"], "organization")
    old = SeatApplication(
        committee=bodies["task-force"],
        seat_type=organization,
        name="Old",
        email="old@example.org",
        statement="x",
        status=RequestStatus.RECEIVED,
        created_at=datetime.now(UTC) - timedelta(days=91),
    )
    db.session.add(old)
    db.session.commit()
    runner.invoke(args=["alerts", "send"])
    db.session.refresh(old)
    assert old.status is RequestStatus.LAPSED
    old.decided_at = datetime.now(UTC) - timedelta(days=400)
    db.session.commit()
    result = runner.invoke(args=["purge-requests"])
    assert "1 applications" in result.output
    assert db.session.scalar(select(func.count()).select_from(SeatApplication)) == 0


def test_the_applicant_can_withdraw(client, bodies, smtp):
    client.post(
        "/committees/task-force/apply", data=form(seat(bodies["task-force"], "organization"))
    )
    confirm(client, smtp)
    text = smtp.inbox.to(APPLICANT)[0].get_body(("plain",)).get_content()
    path = re.search(r"http://127.0.0.1:5000(/applications/withdraw/\S+)", text)[1]
    assert "Withdraw your application" in client.get(path).get_data(as_text=True)
    assert "Your application is withdrawn" in client.post(path).get_data(as_text=True)
    assert db.session.scalar(select(SeatApplication)).status is RequestStatus.WITHDRAWN
    assert client.get("/applications/withdraw/forged").status_code == 404
