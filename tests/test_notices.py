"""E-mail notices to subscribers and members, with one-click unsubscribe (RFC 8058)."""

import re

import pytest
from sqlalchemy import func, select

from committees.models import MeetingAccess
from extensions import db
from invitations.models import Subscriber
from members.models import UserRole
from notify.worker import send_due
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import add_item, make_meeting
from tests.fixtures.members import make_user

FAN = "fan@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


def subscribe(client, smtp, bodies, *slugs) -> None:
    ids = [bodies[s].id for s in slugs]
    response = client.post(
        "/subscriptions", data={"email": FAN, "committees": ids}, follow_redirects=True
    )
    assert "Check your e-mail" in response.get_data(as_text=True)
    send_due()
    confirmation = smtp.inbox.to(FAN)[-1]
    link = re.search(
        r"http://127.0.0.1:5000(/subscriptions/confirm/\S+)",
        confirmation.get_body(("plain",)).get_content(),
    )[1]
    assert "Confirm my e-mail notices" in client.get(link).get_data(as_text=True)
    assert "Your notices are on" in client.post(link).get_data(as_text=True)
    smtp.inbox.clear()


def schedule(client, slug: str, access: str, title: str) -> None:
    client.post(
        f"/committees/{slug}/meetings/new",
        data={
            "kind": "member_meeting",
            "title": title,
            "day": "2027-05-17",
            "start_time": "10:00",
            "end_time": "12:00",
            "access": access,
            "location": "Secret Room 9",
            "remote_url": "https://meet.example.org/private-link",
        },
    )


def test_nothing_is_sent_before_confirmation(client, bodies, smtp, auth):
    client.post("/subscriptions", data={"email": FAN, "committees": [bodies["washact"].id]})
    make_user("staff@example.org", committees=[bodies["washact"]])
    auth.login("staff@example.org")
    schedule(client, "washact", "public", "Public session")
    send_due()
    assert [m["Subject"] for m in smtp.inbox.to(FAN)] == ["Confirm your e-mail notices"]


def test_subscribers_get_notices_with_one_click_unsubscribe(client, bodies, smtp, auth):
    subscribe(client, smtp, bodies, "washact")
    make_user("staff@example.org", committees=[bodies["washact"], bodies["task-force"]])
    auth.login("staff@example.org")
    schedule(client, "washact", "public", "Public session")
    schedule(client, "task-force", "public", "Not followed")
    send_due()
    (notice,) = smtp.inbox.to(FAN)
    assert "Public session" in notice["Subject"] and "scheduled" in notice["Subject"]
    assert notice.get_body(("html",)) is not None
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = notice["List-Unsubscribe"].strip()
    unsubscribe = re.fullmatch(r"<http://127.0.0.1:5000(/unsubscribe/\S+)>", header)[1]
    assert unsubscribe in notice.get_body(("plain",)).get_content()
    client.post("/logout")
    # What a mail client does for one-click: a POST with no session and no CSRF token.
    response = client.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Subscriber)) == 0
    assert client.post("/unsubscribe/forged").status_code == 404


def test_public_subscribers_never_get_invitation_only_details(client, bodies, smtp, auth):
    subscribe(client, smtp, bodies, "washact")
    make_user("staff@example.org", committees=[bodies["washact"]])
    auth.login("staff@example.org")
    schedule(client, "washact", "invitation_only", "Closed meeting")
    send_due()
    (notice,) = smtp.inbox.to(FAN)
    for part in (notice.get_body(("plain",)), notice.get_body(("html",))):
        text = part.get_content()
        assert "Secret Room 9" not in text and "private-link" not in text
        assert "invitation only" in text
    assert not list(notice.iter_attachments())


def test_the_agenda_notice_carries_the_agenda_and_members_are_told(client, bodies, smtp, auth):
    subscribe(client, smtp, bodies, "task-force")
    make_user("member@example.org", UserRole.MEMBER, [bodies["task-force"]])
    meeting = make_meeting(bodies["task-force"], access=MeetingAccess.PUBLIC, title="Spring")
    add_item(meeting, "Budget review")
    db.session.commit()
    make_user("staff@example.org", committees=[bodies["task-force"]])
    auth.login("staff@example.org")
    client.post(f"/meetings/{meeting.id}/agenda/publish", data={})
    send_due()
    (notice,) = smtp.inbox.to(FAN)
    assert "agenda posted" in notice["Subject"]
    assert "Budget review" in notice.get_body(("plain",)).get_content()
    (member_notice,) = smtp.inbox.to("member@example.org")
    assert "agenda posted" in member_notice["Subject"]


def test_members_are_told_of_members_only_documents(client, bodies, smtp, auth):
    import io

    make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    meeting = make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY)
    db.session.commit()
    make_user("staff@example.org", committees=[bodies["washact"]])
    auth.login("staff@example.org")
    client.post(
        f"/meetings/{meeting.id}/documents",
        content_type="multipart/form-data",
        data={
            "title": "Briefing",
            "kind": "report",
            "visibility": "members_only",
            "file": (io.BytesIO(b"%PDF-1.4 x"), "b.pdf"),
        },
    )
    send_due()
    (notice,) = smtp.inbox.to("member@example.org")
    assert "documents posted" in notice["Subject"]


def test_subscribing_needs_a_body_and_an_address(client, bodies):
    response = client.post("/subscriptions", data={"email": "nope"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose at least one body." in body and "Enter a valid e-mail address" in body
    assert db.session.scalar(select(func.count()).select_from(Subscriber)) == 0


def test_members_and_subscribers_are_told_what_changed_old_to_new(client, auth, bodies, smtp):
    from members.models import UserRole
    from tests.fixtures.meetings import make_meeting, pacific
    from tests.fixtures.members import make_user

    subscribe(client, smtp, bodies, "washact")
    make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    meeting = make_meeting(
        bodies["washact"],
        access=MeetingAccess.INVITATION_ONLY,
        starts_at=pacific(2027, 3, 15, 10),
        location="Room 1",
        title="Spring",
    )
    db.session.commit()
    make_user("staff@example.org", committees=[bodies["washact"]])
    auth.login("staff@example.org")
    client.post(
        f"/meetings/{meeting.id}/edit",
        data={
            "kind": "member_meeting",
            "title": "Spring",
            "day": "2027-03-16",
            "start_time": "10:00",
            "end_time": "12:00",
            "access": "invitation_only",
            "location": "Room 2",
        },
    )
    send_due()
    member = smtp.inbox.to("member@example.org")[-1].get_body(("plain",)).get_content()
    assert "What changed:" in member and "Place: Room 1 → Room 2" in member
    assert "Starts: Monday, March 15, 2027, 10:00 a.m. PDT → Tuesday, March 16, 2027" in member
    public = smtp.inbox.to(FAN)[-1].get_body(("plain",)).get_content()
    assert "Starts: Monday, March 15, 2027" in public
    assert "Room 1" not in public and "Room 2" not in public  # the place is for insiders


def test_a_documents_notice_names_the_document(client, auth, bodies, smtp):
    import io

    from members.models import UserRole
    from tests.fixtures.meetings import PDF_BYTES, make_meeting
    from tests.fixtures.members import make_user

    make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    meeting = make_meeting(bodies["washact"])
    db.session.commit()
    make_user("staff@example.org", committees=[bodies["washact"]])
    auth.login("staff@example.org")
    client.post(
        f"/meetings/{meeting.id}/documents",
        content_type="multipart/form-data",
        data={
            "title": "Budget briefing",
            "kind": "report",
            "visibility": "members_only",
            "file": (io.BytesIO(PDF_BYTES), "budget.pdf"),
        },
    )
    send_due()
    notice = smtp.inbox.to("member@example.org")[-1]
    assert "Budget briefing" in notice["Subject"]
    assert "Budget briefing" in notice.get_body(("plain",)).get_content()
