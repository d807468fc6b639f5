"""Invitation requests from the form to the calendar invite, against a real SMTP server."""

import re
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import func, select

from committees.models import MeetingAccess
from extensions import db
from invitations.models import InvitationRequest
from meetings.models import MeetingKind
from members.models import UserRole
from notify.worker import send_due
from public_requests.services import TooManyRequests
from public_requests.states import RequestStatus
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import make_meeting
from tests.fixtures.members import make_user

REQUESTER = "guest@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


@pytest.fixture
def meeting(app, bodies):
    meeting = make_meeting(
        bodies["washact"],
        access=MeetingAccess.INVITATION_ONLY,
        location="Room 4B, 1125 Washington St SE",
        remote_url="https://meet.example.org/closed",
        title="Member meeting",
    )
    make_meeting(bodies["washact"], kind=MeetingKind.PUBLIC_SESSION, title="Information session")
    db.session.commit()
    return meeting


def link_in(message, path: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"http://127.0.0.1:5000(/{path}/\S+)", text)[1]


def request_form(meeting, **overrides) -> dict:
    return {
        "name": "Gale Guest",
        "email": REQUESTER,
        "organization": "Harbor House",
        "reason": "I coordinate victim services in King County.",
        "meeting": str(meeting.id),
    } | overrides


def ics_of(message) -> icalendar.Calendar:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_content())


def test_the_whole_journey(client, auth, meeting, bodies, smtp):
    # The meeting page leads to the form, with the meeting chosen.
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/committees/washact/request-invitation?meeting={meeting.id}" in page
    form = client.get(f"/committees/washact/request-invitation?meeting={meeting.id}")
    assert f'<option selected value="{meeting.id}">' in form.get_data(as_text=True)
    assert "deleted 30 days after the meeting" in form.get_data(as_text=True)

    # Request, then confirm from the e-mail.
    assert (
        client.post(
            "/committees/washact/request-invitation", data=request_form(meeting)
        ).status_code
        == 302
    )
    send_due()
    (confirmation,) = smtp.inbox.to(REQUESTER)
    assert "Confirm your request" in confirmation["Subject"]
    make_user("staff@example.org", UserRole.STAFF, [bodies["washact"]])
    auth.login("staff@example.org")
    assert "Gale Guest" not in client.get("/committees/washact/invitation-requests").get_data(
        as_text=True
    )
    confirm_path = link_in(confirmation, "invitations/confirm")
    assert client.get(confirm_path).status_code == 200  # a page with a button, nothing more
    assert "Gale Guest" not in client.get("/committees/washact/invitation-requests").text
    assert client.post(confirm_path).status_code == 200
    queue = client.get("/committees/washact/invitation-requests").get_data(as_text=True)
    assert "Gale Guest" in queue and "Pending (1)" in queue
    assert "1 invitation request waiting" in client.get("/staff/").get_data(as_text=True)

    # Staff approve: the guest gets the details and an invite.
    invitation = db.session.scalar(select(InvitationRequest))
    client.post(f"/invitation-requests/{invitation.id}/approve", data={"message": "Welcome!"})
    send_due()
    approval = smtp.inbox.to(REQUESTER)[-1]
    body = approval.get_body(("plain",)).get_content()
    assert "Room 4B" in body and "https://meet.example.org/closed" in body and "Welcome!" in body
    calendar = ics_of(approval)
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    uid = str(event["UID"])
    assert uid == f"meeting-{meeting.id}@wa-anti-trafficking-committees"
    assert str(event["ATTENDEE"]) == f"mailto:{REQUESTER}"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    first_sequence = int(event["SEQUENCE"])

    # The meeting moves: an update with the same UID and a higher SEQUENCE.
    edit = client.get(f"/meetings/{meeting.id}/edit")
    assert edit.status_code == 200
    local = meeting.local_start + timedelta(days=1)
    client.post(
        f"/meetings/{meeting.id}/edit",
        data={
            "kind": "member_meeting",
            "title": "Member meeting",
            "day": local.date().isoformat(),
            "start_time": "13:00",
            "end_time": "15:00",
            "access": "invitation_only",
            "location": "Room 4B, 1125 Washington St SE",
            "remote_url": "https://meet.example.org/closed",
        },
    )
    send_due()
    update = smtp.inbox.to(REQUESTER)[-1]
    (updated,) = ics_of(update).walk("VEVENT")
    assert str(updated["UID"]) == uid and int(updated["SEQUENCE"]) > first_sequence
    assert updated.decoded("DTSTART").hour == 13

    # Cancelled: a METHOD:CANCEL message.
    client.post(
        f"/meetings/{meeting.id}/status",
        data={"status": "cancelled", "reason": "Storm", "confirmed": "yes"},
    )
    send_due()
    cancel = ics_of(smtp.inbox.to(REQUESTER)[-1])
    assert str(cancel["METHOD"]) == "CANCEL"
    (cancelled,) = cancel.walk("VEVENT")
    assert str(cancelled["UID"]) == uid and int(cancelled["SEQUENCE"]) > int(updated["SEQUENCE"])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert len(smtp.inbox.to(REQUESTER)) == 4
    for message in smtp.inbox.to(REQUESTER):
        assert message.get_body(("plain",)) and message.get_body(("html",))


def test_an_unconfirmed_request_never_reaches_staff(client, auth, meeting, bodies):
    client.post("/committees/washact/request-invitation", data=request_form(meeting))
    make_user("staff@example.org", UserRole.STAFF, [bodies["washact"]])
    auth.login("staff@example.org")
    queue = client.get("/committees/washact/invitation-requests").get_data(as_text=True)
    assert "Gale Guest" not in queue and "Pending (0)" in queue


def test_a_repeated_request_updates_the_pending_one(client, meeting):
    client.post("/committees/washact/request-invitation", data=request_form(meeting))
    client.post(
        "/committees/washact/request-invitation", data=request_form(meeting, organization="New Org")
    )
    (only,) = db.session.scalars(select(InvitationRequest)).all()
    assert only.organization == "New Org"


def test_the_honeypot_pretends_and_keeps_nothing(client, meeting, smtp):
    response = client.post(
        "/committees/washact/request-invitation",
        data=request_form(meeting, website="http://spam.example"),
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(InvitationRequest)) == 0
    send_due()
    assert smtp.inbox.messages == []


def test_one_client_cannot_flood_staff_and_learns_nothing_of_addresses(app, bodies, meeting):
    others = [
        make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY, title=f"M{i}")
        for i in range(6)
    ]
    db.session.commit()
    flooder = app.test_client()
    flooder.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    responses = [
        flooder.post(
            "/committees/washact/request-invitation",
            data=request_form(m, email=f"probe{i}@example.org"),
        )
        for i, m in enumerate([meeting, *others])
    ]
    assert [r.status_code for r in responses] == [302] * 5 + [422] * 2
    refusal = responses[-1].get_data(as_text=True)
    assert "Too many requests came from your connection" in refusal
    alert = refusal.split('usa-alert__text">', 1)[1].split("</p>", 1)[0]
    assert alert == TooManyRequests.message and "@" not in alert
    assert db.session.scalar(select(func.count()).select_from(InvitationRequest)) == 5
    # Another client, and another body, are not held up by it.
    neighbour = app.test_client()
    neighbour.environ_base["REMOTE_ADDR"] = "198.51.100.2"
    assert (
        neighbour.post(
            "/committees/washact/request-invitation", data=request_form(meeting)
        ).status_code
        == 302
    )


def test_a_second_request_never_rewrites_a_confirmed_one(client, bodies, meeting, smtp):
    client.post("/committees/washact/request-invitation", data=request_form(meeting))
    send_due()
    client.post(link_in(smtp.inbox.to(REQUESTER)[-1], "invitations/confirm"))
    hostile = request_form(meeting, name="Someone Else", reason="Rewritten by a stranger")
    assert client.post("/committees/washact/request-invitation", data=hostile).status_code == 302
    request = db.session.scalar(select(InvitationRequest))
    assert request.name == "Gale Guest" and request.reason.startswith("I coordinate")
    assert request.status is RequestStatus.PENDING
    send_due()
    second = smtp.inbox.to(REQUESTER)[-1]
    assert (
        "replaces the old text only when you confirm" in second.get_body(("plain",)).get_content()
    )
    page = client.get(link_in(second, "invitations/confirm")).get_data(as_text=True)
    assert "Rewritten by a stranger" in page  # the owner of the address sees what would change
    client.post(link_in(second, "invitations/confirm"))
    db.session.refresh(request)
    assert request.reason == "Rewritten by a stranger"


def test_links_name_requests_by_a_random_id_not_the_row(client, bodies, meeting, smtp):
    client.post("/committees/washact/request-invitation", data=request_form(meeting))
    send_due()
    request = db.session.scalar(select(InvitationRequest))
    from core.tokens import read_token

    token = link_in(smtp.inbox.to(REQUESTER)[-1], "invitations/confirm").rsplit("/", 1)[1]
    assert read_token("invitation:confirm", token) == request.public_id
    assert len(request.public_id) >= 20 and str(request.id) != request.public_id


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"RATELIMIT_ENABLED": True}

    def test_one_address_cannot_post_the_form_forever(self, client, meeting):
        statuses = [
            client.post(
                "/committees/washact/request-invitation",
                data=request_form(meeting, email=f"g{i}@example.org"),
            ).status_code
            for i in range(11)
        ]
        assert statuses[-1] == 429 and 429 not in statuses[:10]


def test_bad_input_is_refused(client, meeting):
    response = client.post(
        "/committees/washact/request-invitation",
        data=request_form(meeting, email="not-an-email", name=""),
    )
    assert response.status_code == 422
    assert "Enter a valid e-mail address" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(InvitationRequest)) == 0
    unknown = request_form(meeting) | {"meeting": "99999"}
    assert client.post("/committees/washact/request-invitation", data=unknown).status_code == 422


def test_a_public_meeting_needs_no_invitation(client, bodies):
    public = make_meeting(bodies["task-force"], access=MeetingAccess.PUBLIC)
    db.session.commit()
    page = client.get(f"/committees/task-force/request-invitation?meeting={public.id}")
    assert "No invitation is needed" in page.get_data(as_text=True)
    assert "No invitation is needed" in client.get(
        "/committees/csec-committee/request-invitation"
    ).get_data(as_text=True)


def pending_request(client, meeting) -> InvitationRequest:
    client.post("/committees/washact/request-invitation", data=request_form(meeting))
    invitation = db.session.scalar(select(InvitationRequest))
    invitation.status = RequestStatus.PENDING
    db.session.commit()
    return invitation


def test_a_decline_is_polite_and_points_to_public_sessions(client, auth, meeting, bodies, smtp):
    invitation = pending_request(client, meeting)
    make_user("staff@example.org", UserRole.STAFF, [bodies["washact"]])
    auth.login("staff@example.org")
    client.post(f"/invitation-requests/{invitation.id}/decline", data={"message": ""})
    send_due()
    decline = smtp.inbox.to(REQUESTER)[-1].get_body(("plain",)).get_content()
    assert "Thank you for your interest" in decline
    assert "Information session" in decline
    assert "Room 4B" not in decline
    assert client.post(f"/invitation-requests/{invitation.id}/approve").status_code == 409


def test_staff_of_another_body_cannot_decide(client, auth, meeting, bodies):
    invitation = pending_request(client, meeting)
    make_user("tf@example.org", UserRole.STAFF, [bodies["task-force"]])
    auth.login("tf@example.org")
    # A request is personal data of the body's: to other staff it does not exist.
    assert client.post(f"/invitation-requests/{invitation.id}/approve").status_code == 404
    assert client.get("/committees/washact/invitation-requests").status_code == 403
    db.session.refresh(invitation)
    assert invitation.status is RequestStatus.PENDING


def test_the_requester_can_withdraw(client, auth, meeting, bodies, smtp):
    invitation = pending_request(client, meeting)
    make_user("staff@example.org", UserRole.STAFF, [bodies["washact"]])
    auth.login("staff@example.org")
    client.post(f"/invitation-requests/{invitation.id}/approve", data={"message": ""})
    send_due()
    path = link_in(smtp.inbox.to(REQUESTER)[-1], "invitations/withdraw")
    assert client.get(path).status_code == 200
    client.post(path)
    db.session.refresh(invitation)
    assert invitation.status is RequestStatus.WITHDRAWN
    assert client.post("/invitations/withdraw/forged-token").status_code == 404


def test_forged_or_expired_confirmation_links_fail(client, meeting, smtp):
    import time_machine

    client.post("/committees/washact/request-invitation", data=request_form(meeting))
    send_due()
    path = link_in(smtp.inbox.to(REQUESTER)[-1], "invitations/confirm")
    assert client.get(path + "x").status_code == 404
    assert client.post(path + "x").status_code == 404
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=49)):
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
    assert db.session.scalar(select(InvitationRequest)).status is RequestStatus.UNCONFIRMED


def test_purge_deletes_requests_after_the_retention_period(runner, client, bodies):
    past = make_meeting(
        bodies["washact"],
        access=MeetingAccess.INVITATION_ONLY,
        starts_at=datetime.now(UTC) - timedelta(days=40),
    )
    future = make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY)
    db.session.commit()
    for m in (past, future):
        db.session.add(
            InvitationRequest(
                committee=bodies["washact"],
                meeting=m,
                name="N",
                email=f"{m.id}@example.org",
                status=RequestStatus.APPROVED,
            )
        )
    db.session.commit()
    result = runner.invoke(args=["purge-requests"])
    assert "Deleted 1 invitation requests older than 30 days." in result.output
    (kept,) = db.session.scalars(select(InvitationRequest)).all()
    assert kept.meeting_id == future.id
