"""An approved guest's personal link: the meeting's place, link, agenda and public documents, for
that guest and that meeting only, until the meeting ends or staff revoke it."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from committees.models import MeetingAccess
from core.time import utcnow
from extensions import db
from invitations.guests import guest_token
from invitations.models import InvitationRequest
from meetings.models import DocumentVisibility
from meetings.postings import publish_agenda
from members.models import UserRole
from notify.worker import send_due
from public_requests.states import RequestStatus
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import add_item, make_document, make_meeting
from tests.fixtures.members import make_user

PLACE = "Room 4B, 1125 Washington St SE"
JOIN = "https://meet.example.org/closed-4242"
ITEM = "Regional task force updates"
GUEST = "gale@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


@pytest.fixture
def closed(app, bodies):
    meeting = make_meeting(
        bodies["washact"], access=MeetingAccess.INVITATION_ONLY, location=PLACE, remote_url=JOIN
    )
    add_item(meeting, ITEM)
    publish_agenda(meeting, utcnow() - timedelta(days=2), None)
    make_document(meeting, DocumentVisibility.PUBLIC, title="Public packet")
    make_document(meeting, DocumentVisibility.MEMBERS_ONLY, title="Members briefing")
    db.session.commit()
    make_user("staff@example.org", UserRole.STAFF, [bodies["washact"]])
    return meeting


def approved_guest(client, auth, meeting) -> InvitationRequest:
    request = InvitationRequest(
        committee_id=meeting.committee_id,
        meeting_id=meeting.id,
        name="Gale Guest",
        email=GUEST,
        reason="Victim services",
        status=RequestStatus.PENDING,
    )
    db.session.add(request)
    db.session.commit()
    auth.login("staff@example.org")
    client.post(f"/invitation-requests/{request.id}/approve", data={"message": ""})
    auth.logout()
    return request


def guest_link(smtp) -> str:
    (message,) = smtp.inbox.to(GUEST)
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://127.0.0.1:5000(/meetings/\d+/guest/\S+)", text)[1]


def test_the_approval_email_carries_a_personal_link_to_everything(client, auth, closed, smtp):
    approved_guest(client, auth, closed)
    send_due()
    link = guest_link(smtp)
    page = client.get(link)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert PLACE in body and JOIN in body and ITEM in body
    assert "Public packet" in body and "Members briefing" not in body
    assert "shared with invited guests" not in body
    (download,) = re.findall(r'href="(/meetings/\d+/guest/[^"]+/documents/\d+)"', body)
    assert client.get(download).status_code == 200
    # Without the link the same visitor is the public again.
    public = client.get(f"/meetings/{closed.id}").get_data(as_text=True)
    assert PLACE not in public and ITEM not in public


def test_the_link_admits_to_no_other_meeting_and_no_members_only_file(client, auth, closed, bodies):
    request = approved_guest(client, auth, closed)
    other = make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY, title="Other")
    db.session.commit()
    token = guest_token(request, closed)
    assert client.get(f"/meetings/{other.id}/guest/{token}").status_code == 404
    members_only = next(d for d in closed.documents if d.title == "Members briefing")
    path = f"/meetings/{closed.id}/guest/{token}/documents/{members_only.id}"
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("token", ["forged", "x" * 400, "WzEsMV0.abc.def"])
def test_a_forged_link_is_404(client, auth, closed, token):
    approved_guest(client, auth, closed)
    assert client.get(f"/meetings/{closed.id}/guest/{token}").status_code == 404


def test_a_revoked_link_stops_working_and_the_guest_is_told(client, auth, closed, smtp):
    request = approved_guest(client, auth, closed)
    send_due()
    link = guest_link(smtp)
    auth.login("staff@example.org")
    assert client.post(f"/invitation-requests/{request.id}/revoke").status_code == 302
    auth.logout()
    assert client.get(link).status_code == 404
    send_due()
    revoked = smtp.inbox.to(GUEST)[-1]
    assert "withdrawn" in revoked["Subject"]
    (ics,) = [p for p in revoked.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert "METHOD:CANCEL" in ics.get_content()
    assert PLACE not in revoked.get_body(("plain",)).get_content()
    # Revoking twice is a conflict, not a second e-mail.
    auth.login("staff@example.org")
    assert client.post(f"/invitation-requests/{request.id}/revoke").status_code == 409


def test_a_withdrawn_request_ends_the_link(client, auth, closed):
    request = approved_guest(client, auth, closed)
    token = guest_token(request, closed)
    request.status = RequestStatus.WITHDRAWN
    db.session.commit()
    assert client.get(f"/meetings/{closed.id}/guest/{token}").status_code == 404


def test_the_link_ends_with_the_meeting(client, auth, closed):
    request = approved_guest(client, auth, closed)
    token = guest_token(request, closed)
    closed.starts_at = utcnow() - timedelta(hours=3)
    closed.ends_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert client.get(f"/meetings/{closed.id}/guest/{token}").status_code == 404


def test_another_bodys_staff_cannot_revoke(client, auth, closed, bodies):
    request = approved_guest(client, auth, closed)
    make_user("tf@example.org", UserRole.STAFF, [bodies["task-force"]])
    auth.login("tf@example.org")
    assert client.post(f"/invitation-requests/{request.id}/revoke").status_code == 404
    db.session.refresh(request)
    assert request.status is RequestStatus.APPROVED


def test_guest_updates_carry_the_link_and_the_place(client, auth, closed, smtp):
    approved_guest(client, auth, closed)
    smtp.inbox.clear()
    auth.login("staff@example.org")
    form = {
        "title": "Moved meeting",
        "kind": "member_meeting",
        "access": "invitation_only",
        "day": closed.local_start.date().isoformat(),
        "start_time": "11:00",
        "end_time": "12:00",
        "location": PLACE,
        "remote_url": JOIN,
    }
    client.post(f"/meetings/{closed.id}/edit", data=form)
    send_due()
    update = smtp.inbox.to(GUEST)[-1].get_body(("plain",)).get_content()
    assert PLACE in update and f"/meetings/{closed.id}/guest/" in update
    assert db.session.scalar(select(InvitationRequest.status)) is RequestStatus.APPROVED


def test_a_guest_asks_for_an_accommodation_through_their_own_link(client, auth, closed, smtp):
    request = approved_guest(client, auth, closed)
    token = guest_token(request, closed)
    page = client.get(f"/meetings/{closed.id}/guest/{token}").get_data(as_text=True)
    action = f"/meetings/{closed.id}/guest/{token}/accommodations"
    assert f'action="{action}' in page
    # without the link the same form is refused
    data = {"needs": ["captioning"], "email": GUEST, "name": "Gale", "language": "en"}
    assert client.post(f"/meetings/{closed.id}/accommodations", data=data).status_code == 403
    bad = client.post(action, data=data | {"email": "nope"})
    assert bad.status_code == 422 and bad.headers["Cache-Control"] == "private, no-store"
    assert f'action="{action}' in bad.get_data(as_text=True)
    assert client.post(action, data=data).status_code == 302
    # another meeting's page does not take this link
    other = make_meeting(closed.committee, access=MeetingAccess.INVITATION_ONLY, title="Other")
    db.session.commit()
    assert (
        client.post(f"/meetings/{other.id}/guest/{token}/accommodations", data=data).status_code
        == 404
    )
    send_due()
    assert any("accommodations/confirm" in m.as_string() for m in smtp.inbox.to(GUEST))
