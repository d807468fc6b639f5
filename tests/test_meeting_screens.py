"""Staff schedule, change, publish and record meetings; each refusal changes nothing."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from committees.models import MeetingAccess
from core.audit import AuditEntry
from extensions import db
from meetings.models import AgendaItem, Meeting, MeetingKind, MeetingStatus
from members.models import UserRole
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.meetings import add_item, make_meeting, pacific
from tests.fixtures.members import make_user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def staff(bodies, auth):
    make_user("staff@example.org", committees=[bodies["task-force"], bodies["washact"]])
    auth.login("staff@example.org")
    return bodies


def meeting_data(**overrides) -> dict:
    return {
        "kind": "member_meeting",
        "title": "Spring meeting",
        "day": "2027-03-15",
        "start_time": "10:00",
        "end_time": "12:00",
        "access": "public",
        "location": "Olympia",
        "remote_url": "",
        "remote_dial_in": "",
        "business": "",
        "emergency_reason": "",
    } | overrides


def test_a_meeting_is_entered_in_pacific_time_and_stored_in_utc(client, staff):
    # 15 March 2027 is the day after clocks spring forward: 10:00 PDT is 17:00 UTC.
    response = client.post("/committees/task-force/meetings/new", data=meeting_data())
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert meeting.starts_at == datetime(2027, 3, 15, 17, 0, tzinfo=UTC)
    assert meeting.local_start.hour == 10
    winter = client.post("/committees/task-force/meetings/new", data=meeting_data(day="2027-03-12"))
    assert winter.status_code == 302
    second = db.session.scalars(select(Meeting).order_by(Meeting.id)).all()[1]
    assert second.starts_at == datetime(2027, 3, 12, 18, 0, tzinfo=UTC)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Monday, March 15, 2027, 10:00 a.m. PDT" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "09:00"}, "The meeting must end after it starts."),
        (
            {"day": "2027-03-14", "start_time": "02:30", "end_time": "04:00"},
            "clocks spring forward",
        ),
        ({"title": ""}, "This field is required."),
        ({"day": "someday"}, "Not a valid date value."),
        ({"remote_url": "javascript:alert(1)"}, "Enter a full https:// link."),
        ({"remote_url": "http://insecure.example.org/x"}, "Enter a full https:// link."),
        ({"access": "everyone"}, "Not a valid choice."),
    ],
)
def test_bad_meetings_are_refused(client, staff, overrides, message):
    response = client.post("/committees/task-force/meetings/new", data=meeting_data(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Meeting) == 0


def test_a_special_meeting_needs_24_hours_notice_and_its_business(client, staff, auth):
    with time_machine.travel(datetime(2027, 3, 1, 18, 0, tzinfo=UTC), tick=False):
        auth.login("staff@example.org")  # a session lasts hours, not until the traveled-to day
        # 2 March 10:00 PST = 18:00 UTC: exactly 24 hours away is enough.
        on_time = meeting_data(
            kind="special_meeting", day="2027-03-02", business="Adopt the report"
        )
        assert client.post("/committees/task-force/meetings/new", data=on_time).status_code == 302
        short = on_time | {"start_time": "09:59"}
        body = client.post("/committees/task-force/meetings/new", data=short).get_data(as_text=True)
        assert "needs notice at least 24 hours" in body
        no_business = on_time | {"business": ""}
        body = client.post("/committees/task-force/meetings/new", data=no_business).get_data(
            as_text=True
        )
        assert "must state the business" in body
        no_reason = short | {"is_emergency": "y"}
        body = client.post("/committees/task-force/meetings/new", data=no_reason).get_data(
            as_text=True
        )
        assert "Give the reason for the emergency" in body
        assert count(Meeting) == 1
        emergency = no_reason | {"emergency_reason": "A court order takes effect tomorrow."}
        assert client.post("/committees/task-force/meetings/new", data=emergency).status_code == 302
    meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
    assert meeting.is_emergency
    assert "A court order takes effect tomorrow." in client.get(f"/meetings/{meeting.id}").get_data(
        as_text=True
    )


def test_calendar_changes_raise_the_revision_and_others_do_not(client, staff):
    meeting = make_meeting(staff["task-force"])
    db.session.commit()
    assert meeting.revision == 0
    meeting.title = "Renamed"
    db.session.commit()
    assert meeting.revision == 1
    meeting.business = "Not a calendar field"
    db.session.commit()
    assert meeting.revision == 1
    meeting.starts_at = meeting.starts_at + timedelta(hours=1)
    meeting.ends_at = meeting.ends_at + timedelta(hours=1)
    db.session.commit()
    assert meeting.revision == 2


def test_cancelling_needs_a_reason_and_stays_listed(client, staff):
    meeting = make_meeting(staff["task-force"], title="Winter meeting")
    db.session.commit()
    refused = client.post(
        f"/meetings/{meeting.id}/status", data={"status": "cancelled", "reason": " "}
    )
    assert refused.status_code == 422
    assert "Say why" in refused.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.SCHEDULED
    asked = client.post(
        f"/meetings/{meeting.id}/status", data={"status": "cancelled", "reason": "Snowstorm"}
    )
    assert "Who is told" in asked.text and 'name="confirmed" value="yes"' in asked.text
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.SCHEDULED  # asking changes nothing
    client.post(
        f"/meetings/{meeting.id}/status",
        data={"status": "cancelled", "reason": "Snowstorm", "confirmed": "yes"},
    )
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.CANCELLED and meeting.revision == 1
    listing = client.get("/meetings/").get_data(as_text=True)
    assert "Winter meeting" in listing and "Cancelled" in listing
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "This meeting is cancelled" in page and "Snowstorm" in page
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert "Cancellations to announce" in dashboard and "Winter meeting" in dashboard


def test_publishing_late_needs_confirmation_and_is_marked(client, staff, auth):
    meeting = make_meeting(staff["task-force"], starts_at=datetime(2027, 3, 10, 18, 0, tzinfo=UTC))
    add_item(meeting, "Budget")
    db.session.commit()
    with time_machine.travel(datetime(2027, 3, 9, 18, 1, tzinfo=UTC), tick=False):
        auth.login("staff@example.org")
        refused = client.post(f"/meetings/{meeting.id}/agenda/publish", data={})
        assert refused.status_code == 422
        assert "RCW 42.30.077" in refused.get_data(as_text=True)
        db.session.refresh(meeting)
        assert meeting.agenda_posted_at is None
        client.post(f"/meetings/{meeting.id}/agenda/publish", data={"confirm_late": "y"})
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.agenda_posted_late
    assert meeting.agenda_posted_at == datetime(2027, 3, 9, 18, 1, tzinfo=UTC)
    assert "posted less than 24 hours before the meeting" in client.get(
        f"/meetings/{meeting.id}"
    ).get_data(as_text=True)


def test_publishing_on_time_then_revising_shows_both_times(client, staff, auth):
    meeting = make_meeting(staff["task-force"], starts_at=datetime(2027, 3, 10, 18, 0, tzinfo=UTC))
    add_item(meeting, "Budget")
    db.session.commit()
    with time_machine.travel(datetime(2027, 3, 9, 18, 0, tzinfo=UTC), tick=False):
        auth.login("staff@example.org")
        assert client.post(f"/meetings/{meeting.id}/agenda/publish", data={}).status_code == 302
    with time_machine.travel(datetime(2027, 3, 10, 1, 0, tzinfo=UTC), tick=False):
        client.post(f"/meetings/{meeting.id}/agenda-items", data={"title": "Late addition"})
        assert client.post(f"/meetings/{meeting.id}/agenda/publish", data={}).status_code == 302
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", page)  # each time links to its version
    assert (
        "Agenda posted Tuesday, March 9, 2027, 10:00 a.m. PST; "
        "revised Tuesday, March 9, 2027, 5:00 p.m. PST" in text
    )
    assert f'href="/meetings/{meeting.id}/agenda/2"' in page
    assert "at least 24 hours before the meeting, as RCW 42.30.077 asks" in text


def test_a_draft_agenda_is_not_public(client, staff, auth):
    meeting = make_meeting(staff["task-force"])
    add_item(meeting, "Secret draft item")
    db.session.commit()
    assert "Secret draft item" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    auth.logout()
    assert "Secret draft item" not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_agenda_items_reorder(client, staff):
    meeting = make_meeting(staff["task-force"])
    first, _second, third = (add_item(meeting, t) for t in ("First", "Second", "Third"))
    db.session.commit()
    client.post(f"/agenda-items/{third.id}/move", data={"direction": "up"})
    client.post(f"/agenda-items/{first.id}/move", data={"direction": "up"})  # already first
    client.post(f"/agenda-items/{first.id}/move", data={"direction": "sideways"})
    db.session.expire_all()
    titles = [i.title for i in db.session.get(Meeting, meeting.id).agenda_items]
    assert titles == ["First", "Third", "Second"]


def test_agenda_item_validation(client, staff):
    meeting = make_meeting(staff["task-force"])
    db.session.commit()
    response = client.post(
        f"/meetings/{meeting.id}/agenda-items", data={"title": "", "minutes_allotted": "-5"}
    )
    assert response.status_code == 422
    assert "Number must be between 1 and 600." in response.get_data(as_text=True)
    assert count(AgendaItem) == 0


def test_attendance_and_quorum(client, staff):
    task_force = staff["task-force"]
    meeting = make_meeting(task_force, starts_at=pacific(2026, 6, 1, 10, 0))
    holders = [
        appoint(
            make_person(f"Member {i}"), seat(task_force, "organization"), start=date(2026, 1, 1)
        )
        for i in range(5)
    ]
    appoint(
        make_person("Former"),
        seat(task_force, "organization"),
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
    )
    db.session.commit()
    form = client.get(f"/meetings/{meeting.id}/attendance").get_data(as_text=True)
    assert "Member 4" in form and "Former" not in form
    assert 'selected value="">— not recorded —' in form  # nobody starts as absent
    data = {"guests": "Guest One\n\nGuest Two", "mark_held": "y"}
    statuses = ["present", "remote", "absent", "excused", "absent"]
    for i, (appointment, status) in enumerate(zip(holders, statuses, strict=True)):
        data[f"rows-{i}-appointment_id"] = str(appointment.id)
        data[f"rows-{i}-status"] = status
    response = client.post(f"/meetings/{meeting.id}/attendance", data=data, follow_redirects=True)
    assert "Attendance saved: 2 of 3 needed for quorum." in response.get_data(as_text=True)
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting.id)
    assert not meeting.quorum().met
    assert sorted(a.guest_name for a in meeting.attendance if a.guest_name) == [
        "Guest One",
        "Guest Two",
    ]
    assert meeting.status is MeetingStatus.HELD
    task_force.quorum_size = 2
    db.session.commit()
    assert db.session.get(Meeting, meeting.id).quorum().met


def test_attendance_for_someone_without_a_seat_is_refused(client, staff):
    meeting = make_meeting(staff["task-force"])
    db.session.commit()
    response = client.post(
        f"/meetings/{meeting.id}/attendance",
        data={"rows-0-appointment_id": "12345", "rows-0-status": "present"},
    )
    assert "reload the page" in response.get_data(as_text=True)
    assert db.session.get(Meeting, meeting.id).attendance == []


def test_planning_next_year_creates_the_meetings_in_one_step(client, staff):
    page = client.get("/committees/washact/plan?year=2027").get_data(as_text=True)
    assert page.count('name="meetings-') >= 8 * 6
    data = {}
    from meetings.services import proposed_meetings

    proposals = proposed_meetings(staff["washact"], 2027)
    for i, proposal in enumerate(proposals):
        data |= {
            f"meetings-{i}-kind": proposal.kind.value,
            f"meetings-{i}-title": f"Meeting {i}",
            f"meetings-{i}-day": proposal.day.isoformat(),
            f"meetings-{i}-start_time": "10:00",
            f"meetings-{i}-end_time": "11:30",
        }
        if i != 0:
            data[f"meetings-{i}-include"] = "y"
    data["meetings-1-day"] = "2027-05-20"  # staff moved one
    response = client.post("/committees/washact/plan?year=2027", data=data)
    assert response.status_code == 302
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    assert len(meetings) == len(proposals) - 1
    assert any(m.local_start.date() == date(2027, 5, 20) for m in meetings)
    sessions = [m for m in meetings if m.kind is MeetingKind.PUBLIC_SESSION]
    assert sessions and all(m.access is MeetingAccess.PUBLIC for m in sessions)
    members = [m for m in meetings if m.kind is MeetingKind.MEMBER_MEETING]
    assert all(m.access is MeetingAccess.INVITATION_ONLY for m in members)
    cadence = client.get("/committees/washact/cadence?year=2027").get_data(as_text=True)
    assert "Scheduled: 3" in cadence and "Short by 1" in cadence


def test_a_bad_plan_creates_nothing(client, staff):
    data = {
        "meetings-0-include": "y",
        "meetings-0-kind": "member_meeting",
        "meetings-0-title": "A",
        "meetings-0-day": "2027-02-15",
        "meetings-0-start_time": "10:00",
        "meetings-0-end_time": "09:00",
        "meetings-1-include": "y",
        "meetings-1-kind": "member_meeting",
        "meetings-1-title": "B",
        "meetings-1-day": "2027-05-17",
        "meetings-1-start_time": "10:00",
        "meetings-1-end_time": "11:00",
    }
    response = client.post("/committees/washact/plan?year=2027", data=data)
    assert "Must end after it starts." in response.get_data(as_text=True)
    assert count(Meeting) == 0


def test_the_audit_log_records_who_changed_what(client, staff, auth):
    client.post("/committees/task-force/meetings/new", data=meeting_data())
    meeting = db.session.scalar(select(Meeting))
    client.post(
        f"/meetings/{meeting.id}/status",
        data={"status": "postponed", "reason": "Flood", "confirmed": "yes"},
    )
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "Meeting").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["created", "changed"]
    assert entries[1].changes["status"] == ["scheduled", "postponed"]
    assert entries[1].user.email == "staff@example.org"
    assert client.get("/admin/audit").status_code == 403
    make_user("admin@example.org", UserRole.ADMIN)
    auth.logout()
    auth.login("admin@example.org")
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "staff@example.org" in log and "scheduled → postponed" in log


def test_appointment_changes_are_audited(client, staff):
    person = make_person("Audited Person")
    db.session.commit()
    client.post(
        "/committees/task-force/appointments/new",
        data={
            "person_id": person.id,
            "seat_type_id": seat(staff["task-force"], "organization").id,
            "role": "member",
            "organization_id": 0,
            "start_date": "2026-01-05",
        },
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "Appointment"))
    assert entry.action == "created" and entry.changes["start_date"] == [None, "2026-01-05"]


def test_committee_and_home_pages_list_the_next_meetings(client, staff):
    make_meeting(
        staff["washact"],
        title="Next WashACT meeting",
        location="Hidden place",
        access=MeetingAccess.INVITATION_ONLY,
    )
    db.session.commit()
    client.post("/logout")
    committee_page = client.get("/committees/washact").get_data(as_text=True)
    assert "Next WashACT meeting" in committee_page and "Hidden place" not in committee_page
    home = client.get("/").get_data(as_text=True)
    assert "Next meeting:" in home and "none scheduled yet" in home


def test_meeting_list_filters(client, staff):
    make_meeting(staff["washact"], title="WashACT thing")
    make_meeting(staff["task-force"], title="Task Force thing", kind=MeetingKind.SPECIAL_MEETING)
    db.session.commit()
    by_body = client.get("/meetings/?committee=washact").get_data(as_text=True)
    assert "WashACT thing" in by_body and "Task Force thing" not in by_body
    by_kind = client.get("/meetings/?kind=special_meeting").get_data(as_text=True)
    assert "Task Force thing" in by_kind and "WashACT thing" not in by_kind
    assert client.get("/meetings/?kind=<script>").status_code == 200
    garbled = client.get("/meetings/?page=abc")
    assert garbled.status_code == 400 and "must be a whole number" in garbled.get_data(as_text=True)


def test_a_meeting_under_way_is_upcoming_and_the_past_pages_back_in_time(client, bodies):
    now = datetime.now(UTC).replace(microsecond=0)
    make_meeting(bodies["washact"], title="Under way", starts_at=now - timedelta(hours=1))
    for i in range(11):
        make_meeting(
            bodies["washact"], title=f"Past {i:02d}", starts_at=now - timedelta(days=i + 1)
        )
    db.session.commit()
    first = client.get("/meetings/").get_data(as_text=True)
    upcoming, past = first.split("<h2>Past</h2>")
    assert "Under way" in upcoming and "Under way" not in past
    assert past.index("Past 00") < past.index("Past 09") and "Past 10" not in past
    # ten years of meetings are not counted on every visit: the pager says the page it is on
    assert "Page 1<" in past and "Page 1 of" not in past and "page=2" in past
    second = client.get("/meetings/?page=2").get_data(as_text=True).split("<h2>Past</h2>")[1]
    assert "Past 10" in second and "Past 09" not in second and "page=3" not in second


def test_a_post_missing_optional_fields_is_no_server_error(client, staff):
    data = {
        k: v
        for k, v in meeting_data().items()
        if k in {"kind", "title", "day", "start_time", "end_time", "access"}
    }
    assert client.post("/committees/task-force/meetings/new", data=data).status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert meeting.location == "" and meeting.business == ""
    response = client.post(f"/meetings/{meeting.id}/status", data={"status": "cancelled"})
    assert response.status_code == 422
    assert client.post("/people/new", data={"name": "No title"}).status_code == 302


def test_long_lists_of_meetings_are_paged_keeping_the_filters(client, bodies):
    for i in range(25):
        make_meeting(
            bodies["washact"],
            title=f"Upcoming {i:02d}",
            starts_at=datetime.now(UTC) + timedelta(days=i + 1),
        )
    db.session.commit()
    first = client.get("/meetings/?committee=washact").get_data(as_text=True)
    assert "Upcoming 09" in first and "Upcoming 10" not in first
    assert "upcoming_page=2" in first and "committee=washact" in first
    second = client.get("/meetings/?committee=washact&upcoming_page=2").get_data(as_text=True)
    assert "Upcoming 10" in second and "Upcoming 09" not in second
