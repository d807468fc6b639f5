"""Interpreter and other accommodation requests: asked on the meeting page, confirmed by e-mail,
answered by the body's staff, the answer e-mailed in the requester's language."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from accommodations.models import AccommodationRequest, ask_by
from committees.models import MeetingAccess
from core.time import utcnow
from extensions import db
from members.models import UserRole
from notify.worker import send_due
from public_requests.states import RequestStatus
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import make_meeting
from tests.fixtures.members import make_user

ASKER = "asker@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


@pytest.fixture
def meeting(app, bodies):
    meeting = make_meeting(bodies["task-force"], title="Quarterly meeting")
    db.session.commit()
    return meeting


def ask(client, meeting, lang="en", **overrides):
    data = {
        "needs": ["interpreter", "remote_comment"],
        "interpreter_language": "Vietnamese",
        "email": ASKER,
        "name": "Lan",
        "language": lang,
    } | overrides
    return client.post(f"/meetings/{meeting.id}/accommodations?lang={lang}", data=data)


def link_in(message, path: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"http://127.0.0.1:5000(/{path}/\S+)", text)[1]


def test_the_meeting_page_offers_the_form_and_says_how_far_ahead_to_ask(client, meeting):
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'action="/meetings/{meeting.id}/accommodations"' in page
    assert "5 business days before the meeting" in page
    assert "Live captioning (CART)" in page


def test_ask_by_counts_business_days_back_over_weekends_and_state_holidays():
    # Thanksgiving 2026 is Thursday, November 26 (and the day after is a state holiday).
    assert ask_by(date(2026, 11, 30), 5) == date(2026, 11, 19)
    assert ask_by(date(2026, 12, 7), 5) == date(2026, 11, 30)
    assert ask_by(date(2026, 12, 7), 0) == date(2026, 12, 7)


def test_a_request_reaches_staff_once_confirmed_and_the_answer_reaches_the_requester_in_spanish(
    client, auth, meeting, bodies, smtp
):
    response = ask(client, meeting, lang="es")
    assert response.status_code == 302
    record = db.session.scalar(select(AccommodationRequest))
    assert record.status is RequestStatus.UNCONFIRMED and record.language == "es"
    send_due()
    (confirmation,) = smtp.inbox.to(ASKER)
    assert "Confirme" in confirmation["Subject"]
    assert '<html lang="es">' in confirmation.get_body(("html",)).get_content()

    make_user("staff@example.org", UserRole.STAFF, committees=[bodies["task-force"]])
    auth.login("staff@example.org")
    queue = client.get("/committees/task-force/accommodation-requests").get_data(as_text=True)
    assert "Vietnamese" not in queue  # unconfirmed: staff do not see it yet

    link = link_in(confirmation, "accommodations/confirm")
    client.post(link)
    queue = client.get("/committees/task-force/accommodation-requests").get_data(as_text=True)
    assert "Vietnamese" in queue and "Quarterly meeting" in queue and ASKER in queue
    assert "Español" in queue

    smtp.inbox.clear()
    client.post(
        f"/accommodation-requests/{record.id}/arranged",
        data={"message": "Un intérprete estará en la sala."},
    )
    db.session.refresh(record)
    assert record.status is RequestStatus.ARRANGED
    send_due()
    (answer,) = smtp.inbox.to(ASKER)
    assert answer["Subject"] == "Su solicitud de adaptación: organizada"
    body = answer.get_body(("plain",)).get_content()
    assert "Un intérprete estará en la sala." in body
    assert "/language/" in body  # the choice can be changed from the message


def test_other_bodies_staff_neither_see_nor_answer_it(client, auth, meeting, bodies):
    ask(client, meeting)
    record = db.session.scalar(select(AccommodationRequest))
    record.confirm(utcnow())
    db.session.commit()
    make_user("other@example.org", UserRole.STAFF, committees=[bodies["washact"]])
    auth.login("other@example.org")
    assert client.get("/committees/task-force/accommodation-requests").status_code == 403
    answer = client.post(f"/accommodation-requests/{record.id}/not_possible", data={})
    assert answer.status_code in {403, 404}
    db.session.refresh(record)
    assert record.status is RequestStatus.PENDING


def test_bad_requests_are_told_what_to_fix_and_change_nothing(client, meeting):
    response = ask(client, meeting, interpreter_language="")
    assert response.status_code == 422
    assert "Say which language you need an interpreter for." in response.get_data(as_text=True)
    response = ask(client, meeting, needs=[])
    assert response.status_code == 422
    response = ask(client, meeting, needs=["teleportation"])
    assert response.status_code == 422
    response = ask(client, meeting, needs=["other"], details="")
    assert "Say which accommodation you need." in response.get_data(as_text=True)
    assert db.session.scalar(select(AccommodationRequest)) is None


def test_a_spanish_form_error_is_in_spanish(client, meeting):
    response = ask(client, meeting, lang="es", interpreter_language="")
    assert response.status_code == 422
    assert "intérprete" in response.get_data(as_text=True)


def test_invitation_only_meetings_take_requests_from_insiders_only(client, auth, bodies):
    closed = make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY, title="Closed")
    db.session.commit()
    assert "accommodations" not in client.get(f"/meetings/{closed.id}").get_data(as_text=True)
    assert ask(client, closed).status_code in {403, 404}
    make_user("member@example.org", UserRole.MEMBER, committees=[bodies["washact"]])
    auth.login("member@example.org")
    page = client.get(f"/meetings/{closed.id}").get_data(as_text=True)
    assert f"/meetings/{closed.id}/accommodations" in page
    assert ask(client, closed).status_code == 302


def test_a_past_meeting_takes_no_request(client, bodies):
    past = make_meeting(bodies["task-force"], starts_at=utcnow() - timedelta(days=3))
    db.session.commit()
    assert "/accommodations" not in client.get(f"/meetings/{past.id}").get_data(as_text=True)
    response = ask(client, past)
    assert response.status_code == 409
    assert "over" in response.get_data(as_text=True)
