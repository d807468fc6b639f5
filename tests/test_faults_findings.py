"""The review's faults, replayed: every one is a 4xx with a message or a clean outcome now."""

from datetime import date

import pytest
from sqlalchemy import select

from committees.models import MeetingAccess
from core.spreadsheets import neutralized
from core.time import utcnow as utcnow_
from extensions import db
from members.models import User, UserRole
from notify.models import OutboxMessage, OutboxStatus
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.meetings import make_meeting, pacific
from tests.fixtures.members import PASSWORD, make_user

HUGE = "9" * 20


@pytest.fixture
def staff(app, bodies, auth):
    make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"], bodies["washact"]])
    auth.login("staff@example.org")
    return bodies


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/private/²-abc.ics",
        f"/calendar/private/{'1' * 30}-abc.ics",
        "/api/v1/meetings?page=²",
        "/api/v1/meetings?per_page=³",
        f"/api/v1/meetings?page={HUGE}",
        f"/meetings/?page={HUGE}",
        f"/meetings/?upcoming_page={HUGE}",
        "/meetings/?page=²",
        f"/committees/washact/request-invitation?meeting={HUGE}",
        "/committees/washact/request-invitation?meeting=²",
        f"/committees/task-force/apply?seat={HUGE}",
    ],
)
def test_public_numbers_out_of_range_are_4xx(client, bodies, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/audit?page={HUGE}",
        f"/committees/task-force/appointments/new?follows={HUGE}",
        "/committees/task-force/appointments/new?follows=²",
        f"/committees/task-force/plan?year={HUGE}",
        f"/committees/task-force/cadence?year={HUGE}",
    ],
)
def test_staff_numbers_out_of_range_are_4xx(client, auth, bodies, path):
    make_user("admin@example.org", UserRole.ADMIN)
    auth.login("admin@example.org")
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)


def test_a_bad_number_says_what_is_wrong_in_the_sites_look(client, bodies):
    page = client.get("/meetings/?page=abc")
    assert page.status_code == 400
    assert "must be a whole number" in page.get_data(as_text=True) and "Quick exit" in page.text
    api = client.get("/api/v1/meetings?page=²")
    assert api.status_code == 400 and "page" in api.get_json()["error"]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_meetings_at_the_ends_of_the_calendar_are_refused(client, staff, day):
    data = {
        "kind": "member_meeting",
        "title": "Edge",
        "day": day,
        "start_time": "23:00" if day.startswith("9999") else "00:00",
        "end_time": "23:30" if day.startswith("9999") else "00:30",
        "access": "public",
    }
    response = client.post("/committees/task-force/meetings/new", data=data)
    assert response.status_code == 422
    assert "Enter a date from 1900 to 2100" in response.get_data(as_text=True)


def test_a_title_with_a_line_break_is_stored_on_one_line(client, staff):
    data = {
        "kind": "member_meeting",
        "title": "Spring\r\nmeeting\nX-Injected: yes",
        "day": "2027-03-15",
        "start_time": "10:00",
        "end_time": "12:00",
        "access": "public",
    }
    assert client.post("/committees/task-force/meetings/new", data=data).status_code == 302
    from meetings.models import Meeting

    meeting = db.session.scalar(select(Meeting))
    assert meeting.title == "Spring meeting X-Injected: yes"
    feed = client.get(f"/meetings/{meeting.id}.ics")
    assert feed.status_code == 200
    assert not any(line.startswith(b"X-Injected") for line in feed.data.splitlines())


def test_a_meeting_file_survives_a_stored_newline_title(client, bodies):
    meeting = make_meeting(bodies["task-force"], title="Old\ntitle")
    db.session.commit()
    assert client.get(f"/meetings/{meeting.id}.ics").status_code == 200


@pytest.mark.parametrize(
    "email, message",
    [
        ("jöhn@example.net", "only Latin letters"),
        ("not-an-address", "valid e-mail"),
    ],
)
def test_an_address_the_mail_server_cannot_take_is_refused_at_the_form(
    client, bodies, email, message
):
    response = client.post(
        "/subscriptions", data={"email": email, "committees": [str(bodies["washact"].id)]}
    )
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMessage)) is None


def test_an_internationalized_domain_is_accepted(client, bodies):
    response = client.post(
        "/subscriptions",
        data={"email": "ana@bücher.example", "committees": [str(bodies["washact"].id)]},
    )
    assert response.status_code == 302


def test_staff_fix_a_refused_address_and_send_again(client, staff):
    message = OutboxMessage(
        committee_id=staff["task-force"].id,
        recipient="typo@exmaple.org",
        subject="Your invitation",
        text_body="x",
        html_body="x",
        status=OutboxStatus.FAILED,
        last_error="550 no such user",
    )
    db.session.add(message)
    db.session.commit()
    bad = client.post(f"/staff/mail/{message.id}/resend", data={"recipient": "jöhn@example.net"})
    assert bad.status_code == 302
    db.session.refresh(message)
    assert message.status is OutboxStatus.FAILED
    good = client.post(f"/staff/mail/{message.id}/resend", data={"recipient": "right@example.org"})
    assert good.status_code == 302
    db.session.refresh(message)
    assert message.recipient == "right@example.org" and message.status is OutboxStatus.QUEUED
    assert client.post(f"/staff/mail/{message.id}/resend", data={}).status_code == 409


# -- sessions and headers -----------------------------------------------------------------------


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_signing_out_ends_a_copied_session_too(app, bodies):
    make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    mine, copy = app.test_client(), app.test_client()
    mine.post("/login", data={"email": "staff@example.org", "password": PASSWORD})
    copy.set_cookie("session", session_cookie(mine))
    assert copy.get("/staff/").status_code == 200
    mine.post("/logout")
    assert copy.get("/staff/").status_code == 302


def test_a_new_password_ends_every_session(app, bodies):
    user = make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    other = app.test_client()
    other.post("/login", data={"email": "staff@example.org", "password": PASSWORD})
    user.set_password("another long enough password")
    db.session.commit()
    assert other.get("/staff/").status_code == 302


def test_an_admin_turning_an_account_off_ends_its_sessions(app, bodies, client, auth):
    staff = make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    make_user("admin@example.org", UserRole.ADMIN)
    theirs = app.test_client()
    theirs.post("/login", data={"email": "staff@example.org", "password": PASSWORD})
    auth.login("admin@example.org")
    data = {"role": "staff", "committees": [str(bodies["task-force"].id)]}  # "active" unticked
    assert client.post(f"/admin/accounts/{staff.id}", data=data).status_code == 302
    assert theirs.get("/staff/").status_code == 302
    db.session.refresh(staff)
    staff.active = True
    db.session.commit()
    assert theirs.get("/staff/").status_code == 302  # turning it back on revives no old session


def test_signed_in_pages_are_never_stored(client, staff):
    for path in ["/members/me", "/people/", "/committees/task-force/invitation-requests", "/"]:
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path


def test_public_pages_may_be_cached_by_nobody_in_particular(client, bodies):
    assert client.get("/").headers.get("Cache-Control") != "private, no-store"


def test_hsts_over_https_only(client, bodies):
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/").headers


# -- CSV exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_formulas_are_neutralized(cell):
    assert neutralized(cell) == "'" + cell
    assert neutralized("Plain name") == "Plain name" and neutralized(3) == 3


def test_the_schedule_csv_neutralizes_a_formula_title(client, bodies):
    make_meeting(
        bodies["task-force"],
        starts_at=pacific(2027, 3, 15, 10),
        title='=HYPERLINK("http://evil.example","Click")',
        access=MeetingAccess.PUBLIC,
    )
    db.session.commit()
    body = client.get("/committees/task-force/schedule/2027.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_the_staff_report_csv_neutralizes_a_formula_name(client, auth, bodies):
    person = make_person("=cmd|' /C calc'!A0")
    appoint(person, seat(bodies["task-force"], "organization"), start=date(2026, 2, 1))
    db.session.commit()
    make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    auth.login("staff@example.org")
    body = client.get("/committees/task-force/report/2026.csv").get_data(as_text=True)
    assert "=cmd" not in body.replace("'=cmd", "")
    assert db.session.scalar(select(User.email)) == "staff@example.org"


# -- e-mailed links ------------------------------------------------------------------------------


def test_an_old_unsubscribe_link_never_removes_the_next_subscriber(app, client, bodies):
    from invitations.models import Subscriber
    from invitations.notices import unsubscribe_url

    first = Subscriber(email="first@example.org", confirmed_at=utcnow_())
    db.session.add(first)
    db.session.commit()
    with app.test_request_context():
        old_link = unsubscribe_url(first).split("5000", 1)[1]
    assert client.post(old_link).status_code == 200
    second = Subscriber(email="second@example.org", confirmed_at=utcnow_())
    db.session.add(second)
    db.session.commit()  # SQLite may give it the freed row id
    assert client.post(old_link).status_code == 404
    assert db.session.scalar(select(Subscriber.email)) == "second@example.org"


def test_a_confirmation_link_followed_by_a_mail_scanner_confirms_nothing(client, bodies):
    from invitations.models import InvitationRequest
    from public_requests.services import CONFIRM, token_for
    from public_requests.states import RequestStatus

    request = InvitationRequest(
        committee=bodies["washact"], name="Gale", email="gale@example.org", reason="x"
    )
    db.session.add(request)
    db.session.commit()
    token = token_for(CONFIRM, request.KIND, request.public_id)
    assert client.get(f"/invitations/confirm/{token}").status_code == 200
    db.session.refresh(request)
    assert request.status is RequestStatus.UNCONFIRMED
    client.post(f"/invitations/confirm/{token}")
    db.session.refresh(request)
    assert request.status is RequestStatus.PENDING


def test_a_withdraw_link_ends_when_the_request_is_decided(client, bodies):
    from invitations.models import InvitationRequest
    from public_requests.services import WITHDRAW, token_for
    from public_requests.states import RequestStatus

    request = InvitationRequest(
        committee=bodies["washact"],
        name="Gale",
        email="gale@example.org",
        status=RequestStatus.DECLINED,
    )
    db.session.add(request)
    db.session.commit()
    token = token_for(WITHDRAW, request.KIND, request.public_id)
    page = client.post(f"/invitations/withdraw/{token}")
    assert "already decided" in page.text
    db.session.refresh(request)
    assert request.status is RequestStatus.DECLINED


def test_an_organization_named_again_with_a_non_ascii_capital_is_refused_not_a_500(
    client, auth, bodies
):
    """Found by the generated inputs: SQLite lowers ASCII only, so "Ê" slipped past the check."""
    make_user("admin-org@example.org", UserRole.ADMIN)
    auth.login("admin-org@example.org")
    name = "Équipe Ê"
    assert client.post("/organizations/new", data={"name": name}).status_code == 302
    again = client.post("/organizations/new", data={"name": name})
    assert again.status_code == 422
    assert "already exists" in again.get_data(as_text=True)
