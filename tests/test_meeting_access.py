"""Who sees what: a role-by-resource matrix for a public and an invitation-only meeting.

Members-only material asked for by someone not allowed is a 404, so its existence does not leak.
"""

from datetime import date

import pytest

from committees.models import MeetingAccess
from extensions import db
from meetings.models import DocumentKind, DocumentVisibility
from meetings.postings import publish_agenda
from members.models import UserRole
from tests.fixtures.meetings import add_item, make_document, make_meeting
from tests.fixtures.members import make_user

PLACE = "Secret Room 7, 123 Hidden Ave"
LINK = "https://meet.example.org/very-secret"
DIAL_IN = "+1 555 0199 code 4242"
AGENDA_ITEM = "Case coordination briefing"

ROLES = ["anonymous", "member", "other_member", "staff", "other_staff", "admin"]
INSIDERS = {"member", "staff", "admin"}


@pytest.fixture
def world(app, bodies):
    """A WashACT invitation-only meeting and a Task Force public meeting, with documents."""
    make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    make_user("other_member@example.org", UserRole.MEMBER, [bodies["task-force"]])
    make_user("staff@example.org", UserRole.STAFF, [bodies["washact"], bodies["task-force"]])
    make_user("other_staff@example.org", UserRole.STAFF, [bodies["csec-committee"]])
    make_user("admin@example.org", UserRole.ADMIN)
    meetings = {}
    for name, slug, access in [
        ("closed", "washact", MeetingAccess.INVITATION_ONLY),
        ("open", "task-force", MeetingAccess.PUBLIC),
    ]:
        meeting = make_meeting(
            bodies[slug],
            access=access,
            location=PLACE,
            remote_url=LINK,
            remote_dial_in=DIAL_IN,
            title=f"{name} meeting",
        )
        add_item(meeting, AGENDA_ITEM)
        publish_agenda(meeting, meeting.starts_at.replace(year=meeting.starts_at.year - 1), None)
        docs = {
            "public_doc": make_document(meeting, DocumentVisibility.PUBLIC, title="Public packet"),
            "members_doc": make_document(
                meeting, DocumentVisibility.MEMBERS_ONLY, title="Briefing"
            ),
            "draft_minutes": make_document(
                meeting, DocumentVisibility.PUBLIC, DocumentKind.MINUTES, title="Draft minutes"
            ),
            "approved_minutes": make_document(
                meeting, DocumentVisibility.PUBLIC, DocumentKind.MINUTES, title="Approved minutes"
            ),
        }
        docs["approved_minutes"].approved_on = date(2026, 1, 1)
        meetings[name] = (meeting, docs)
    db.session.commit()
    return meetings


def sign_in(auth, role: str) -> None:
    if role != "anonymous":
        auth.login(f"{role}@example.org")


def expected_details(meeting_name: str, role: str) -> bool:
    if meeting_name == "open":
        return True
    return role in INSIDERS


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("meeting_name", ["closed", "open"])
def test_meeting_page_details_and_agenda(client, auth, world, role, meeting_name):
    meeting, _docs = world[meeting_name]
    sign_in(auth, role)
    body = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert meeting.title in body  # everyone sees that it exists
    shown = expected_details(meeting_name, role)
    for secret in (PLACE, LINK, DIAL_IN, AGENDA_ITEM, "Public packet"):
        assert (secret in body) is shown, (secret, role)
    assert ("By invitation only" in body and "To ask for an invitation" in body) is (not shown)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("doc", ["public_doc", "members_doc", "draft_minutes", "approved_minutes"])
@pytest.mark.parametrize("meeting_name", ["closed", "open"])
def test_document_downloads(client, auth, world, role, doc, meeting_name):
    _meeting, docs = world[meeting_name]
    sign_in(auth, role)
    response = client.get(f"/documents/{docs[doc].id}/download")
    # In the open meeting, the Task Force "member" is other_member and vice versa: compute here.
    if meeting_name == "open":
        insider = role in {"staff", "admin", "other_member"}
    else:
        insider = role in INSIDERS
    if insider:
        expected = 200
    elif doc in {"members_doc", "draft_minutes"}:
        expected = 404
    else:
        expected = 200 if expected_details(meeting_name, role) else 404
    assert response.status_code == expected, (role, doc, meeting_name)
    if expected == 200:
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype == "application/pdf"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("other_member", 403),
        ("staff", 200),
        ("other_staff", 403),
        ("admin", 200),
    ],
)
@pytest.mark.parametrize("screen", ["manage", "edit", "attendance"])
def test_staff_screens(client, auth, world, role, expected, screen):
    meeting, _docs = world["closed"]
    sign_in(auth, role)
    assert client.get(f"/meetings/{meeting.id}/{screen}").status_code == expected


@pytest.mark.parametrize("role", ["member", "other_staff"])
def test_staff_actions_are_refused_and_change_nothing(client, auth, world, role):
    meeting, docs = world["closed"]
    sign_in(auth, role)
    revision = meeting.revision
    assert (
        client.post(
            f"/meetings/{meeting.id}/status", data={"status": "cancelled", "reason": "x"}
        ).status_code
        == 403
    )
    assert client.post(f"/meetings/{meeting.id}/agenda/publish").status_code == 403
    # A members-only document does not exist for someone who may not download it.
    expected = 403 if role == "member" else 404
    assert client.post(f"/documents/{docs['members_doc'].id}/delete").status_code == expected
    db.session.refresh(meeting)
    assert meeting.revision == revision and meeting.status.value == "scheduled"


def test_an_ended_appointment_ends_access(client, auth, world, bodies):
    from sqlalchemy import select

    from members.models import User

    meeting, docs = world["closed"]
    member = db.session.scalar(select(User).where(User.email == "member@example.org"))
    for appointment in member.person.appointments:
        appointment.end_date = date(2020, 1, 1)
        appointment.start_date = date(2019, 1, 1)
    db.session.commit()
    auth.login("member@example.org")
    assert PLACE not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert client.get(f"/documents/{docs['members_doc'].id}/download").status_code == 404


def test_the_public_meeting_list_never_shows_places(client, world):
    body = client.get("/meetings/").get_data(as_text=True)
    assert "closed meeting" in body and "open meeting" in body
    assert PLACE not in body and LINK not in body


def test_an_unknown_document_is_404(client, world):
    assert client.get("/documents/999999/download").status_code == 404
