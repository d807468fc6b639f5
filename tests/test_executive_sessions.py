"""Executive sessions (RCW 42.30.110): staff record the purpose announced, the start, the expected
end and any extension; the meeting page shows them and nothing of what was said."""

from datetime import datetime

import pytest

from committees.models import MeetingAccess
from core.time import PACIFIC
from extensions import db
from meetings.minutes import ExecutiveSession
from members.models import UserRole
from tests.fixtures.meetings import make_meeting
from tests.fixtures.members import make_user

STAFF = "staff@example.org"
OTHER_STAFF = "washact-staff@example.org"


@pytest.fixture
def meeting(app, bodies):
    starts = datetime(2027, 3, 4, 10, 0, tzinfo=PACIFIC)
    meeting = make_meeting(bodies["task-force"], starts_at=starts, title="Spring meeting")
    make_user(STAFF, UserRole.STAFF, [bodies["task-force"]])
    make_user(OTHER_STAFF, UserRole.STAFF, [bodies["washact"]])
    db.session.commit()
    return meeting


def record(client, meeting, **fields):
    data = {
        "executive-purpose": "i",
        "executive-start_time": "11:05",
        "executive-end_time": "11:35",
    }
    return client.post(f"/meetings/{meeting.id}/executive-sessions", data=data | fields)


def test_staff_record_a_session_and_its_extension_and_the_public_page_shows_them(
    client, auth, meeting
):
    auth.login(STAFF)
    assert record(client, meeting).status_code == 302
    (session,) = meeting.executive_sessions
    assert session.purpose.citation == "RCW 42.30.110(1)(i)"
    assert session.starts_at.astimezone(PACIFIC).strftime("%H:%M") == "11:05"
    extend = client.post(
        f"/executive-sessions/{session.id}/extensions",
        data={
            f"extension-{session.id}-announced_time": "11:30",
            f"extension-{session.id}-end_time": "11:50",
        },
    )
    assert extend.status_code == 302
    assert session.ends_at.astimezone(PACIFIC).strftime("%H:%M") == "11:50"
    auth.logout()
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Executive sessions" in page
    assert "To discuss with legal counsel" in page and "RCW 42.30.110(1)(i)" in page
    assert "11:05" in page and "11:35" in page and "11:50" in page


def test_an_invitation_only_meetings_sessions_stay_with_those_who_see_its_details(
    client, auth, bodies
):
    meeting = make_meeting(bodies["washact"], access=MeetingAccess.INVITATION_ONLY)
    db.session.add(
        ExecutiveSession(
            meeting=meeting,
            purpose="g",
            starts_at=meeting.starts_at,
            expected_end_at=meeting.ends_at,
        )
    )
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Executive sessions" not in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"executive-end_time": "11:00"}, "expected to end after it begins"),
        ({"executive-start_time": "09:00"}, "begins during the meeting"),
        ({"executive-purpose": "z"}, "Not a valid choice"),
        ({"executive-start_time": "25:99"}, "Not a valid time value"),
    ],
)
def test_a_session_that_cannot_be_is_refused_with_a_reason(client, auth, meeting, fields, message):
    auth.login(STAFF)
    response = record(client, meeting, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert meeting.executive_sessions == []


def test_an_extension_must_be_announced_during_the_session_and_end_later(client, auth, meeting):
    auth.login(STAFF)
    record(client, meeting)
    (session,) = meeting.executive_sessions
    url = f"/executive-sessions/{session.id}/extensions"
    prefix = f"extension-{session.id}-"
    late = client.post(url, data={prefix + "announced_time": "11:40", prefix + "end_time": "12:00"})
    assert late.status_code == 422 and "before it was to end" in late.get_data(as_text=True)
    earlier = client.post(
        url, data={prefix + "announced_time": "11:20", prefix + "end_time": "11:30"}
    )
    assert earlier.status_code == 422 and "later than the one announced" in earlier.get_data(
        as_text=True
    )
    assert session.extensions == []


def test_another_bodys_staff_cannot_record_or_change_a_session(client, auth, meeting):
    auth.login(STAFF)
    record(client, meeting)
    (session,) = meeting.executive_sessions
    auth.logout()
    auth.login(OTHER_STAFF)
    assert record(client, meeting).status_code == 403
    assert client.post(f"/executive-sessions/{session.id}/delete").status_code == 403
    assert len(meeting.executive_sessions) == 1
