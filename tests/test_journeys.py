"""What a person finds without help: the journeys walk's findings, kept from coming back."""

from datetime import timedelta

from committees.models import MeetingAccess
from core.time import utcnow
from extensions import db
from meetings.models import DocumentVisibility, MeetingStatus
from tests.fixtures.meetings import make_document, make_meeting


def test_the_next_meetings_of_a_body_leave_out_cancelled_ones(client, bodies):
    for title, status in [("Called off", MeetingStatus.CANCELLED), ("Going ahead", None)]:
        meeting = make_meeting(bodies["task-force"], title=title)
        if status:
            meeting.status = status
    db.session.commit()
    page = client.get("/committees/task-force").text
    next_meetings = page.split("Next meetings", 1)[1].split("<h2>", 1)[0]
    assert "Going ahead" in next_meetings and "Called off" not in next_meetings
    home = client.get("/").text
    assert "Called off" not in home


def test_a_body_with_invitation_only_meetings_offers_the_request_form(client, bodies):
    page = client.get("/committees/washact").text
    assert "/committees/washact/request-invitation" in page and "Request an invitation" in page
    assert "Request an invitation" not in client.get("/committees/task-force").text
    assert "Every seat the statute requires" not in page  # WashACT has no statute


def test_listings_do_not_read_as_members_only(client, bodies):
    make_meeting(bodies["task-force"], access=MeetingAccess.PUBLIC, title="Spring")
    db.session.commit()
    listing = client.get("/meetings/").text
    assert "Regular meeting · Open to the public" in listing
    assert "Member meeting · Open to the public" not in listing


def test_a_cancelled_meeting_offers_no_join_link_and_no_calendar_buttons(client, bodies):
    meeting = make_meeting(bodies["task-force"], remote_url="https://meet.example.org/x")
    meeting.status, meeting.status_reason = MeetingStatus.CANCELLED, "No quorum"
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").text
    assert "This meeting is cancelled" in page
    assert "meet.example.org" not in page and "Add to Google Calendar" not in page


def test_a_held_meeting_without_an_agenda_does_not_promise_one(client, bodies):
    start = utcnow().replace(microsecond=0) - timedelta(days=3)
    meeting = make_meeting(bodies["task-force"], starts_at=start)
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").text
    assert "No agenda was posted for this meeting." in page
    assert "will be here at least 24 hours" not in page


def test_the_public_learn_that_members_see_more_documents(client, bodies):
    meeting = make_meeting(bodies["task-force"])
    make_document(meeting, DocumentVisibility.MEMBERS_ONLY, title="Briefing")
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").text
    assert "see more documents of this meeting when they" in page and "Briefing" not in page
    assert f"/login?next=/meetings/{meeting.id}" in page


def test_a_small_document_shows_its_real_size(client, bodies):
    meeting = make_meeting(bodies["task-force"])
    make_document(meeting, DocumentVisibility.PUBLIC, title="Tiny")
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").text
    assert "0 KB" not in page and "Bytes" in page


def test_removing_an_item_or_a_document_asks_first(client, auth, bodies):
    from meetings.models import AgendaItem, Document
    from members.models import UserRole
    from tests.fixtures.meetings import add_item
    from tests.fixtures.members import make_user

    meeting = make_meeting(bodies["task-force"])
    item = add_item(meeting, "Budget")
    document = make_document(meeting, DocumentVisibility.PUBLIC, title="Packet")
    db.session.commit()
    make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    auth.login("staff@example.org")
    for path, what in [
        (f"/agenda-items/{item.id}/delete", "Remove “Budget” from the agenda?"),
        (f"/documents/{document.id}/delete", "Remove “Packet”?"),
    ]:
        asked = client.post(path)
        assert asked.status_code == 200 and what in asked.text and "Can it be undone?" in asked.text
    assert db.session.get(AgendaItem, item.id) and db.session.get(Document, document.id)
    client.post(f"/agenda-items/{item.id}/delete", data={"confirmed": "yes"})
    assert db.session.get(AgendaItem, item.id) is None


def test_my_page_shows_term_ends_past_minutes_and_no_cancelled_meetings(client, auth, bodies):
    from datetime import date

    from meetings.models import DocumentKind
    from members.models import UserRole
    from tests.fixtures.members import make_user

    member = make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    member.person.appointments[0].end_date = date(2027, 6, 30)
    held = make_meeting(
        bodies["washact"], starts_at=utcnow().replace(microsecond=0) - timedelta(days=30)
    )
    held.status = MeetingStatus.HELD
    minutes = make_document(held, DocumentVisibility.PUBLIC, DocumentKind.MINUTES, "Minutes")
    minutes.approved_on = date(2026, 11, 20)
    called_off = make_meeting(bodies["washact"], title="Called off")
    called_off.status = MeetingStatus.CANCELLED
    db.session.commit()
    auth.login("member@example.org")
    page = client.get("/members/me").text
    assert "your term ends on <strong>June 30, 2027</strong>" in page
    assert "Past meetings and minutes" in page and "minutes, approved November 20, 2026" in page
    assert "Called off" not in page


def test_the_dashboard_leads_with_the_next_14_days_then_meetings_and_reports(client, auth, bodies):
    from members.models import UserRole
    from tests.fixtures.meetings import add_item
    from tests.fixtures.members import make_user

    soon = make_meeting(bodies["task-force"], title="Soon", access=MeetingAccess.PUBLIC)
    add_item(soon, "Draft item")
    make_meeting(
        bodies["task-force"],
        title="Far off",
        starts_at=utcnow().replace(microsecond=0) + timedelta(days=200),
    )
    db.session.commit()
    make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    auth.login("staff@example.org")
    page = client.get("/staff/").text
    due = page.split("Due in the next 14 days", 1)[1].split("Upcoming meetings", 1)[0]
    assert "Soon" in due and "Far off" not in due
    assert '<span class="usa-tag bg-secondary-dark">1</span>' in page  # only what is due soon
    upcoming = page.split("<h2>Upcoming meetings</h2>", 1)[1]
    assert "Far off" in upcoming and "draft agenda" in upcoming
    assert f"/committees/task-force/report/{utcnow().year}" in page


def test_this_years_report_says_it_is_the_year_to_date_and_prints(client, bodies):
    from core.time import today_pacific

    year = today_pacific().year
    page = client.get(f"/committees/task-force/report/{year}").text
    assert f"{year}, so far" in page and "The year to date: January 1 to" in page
    assert "data-print" in page and "Print or save as PDF" in page
    last = client.get(f"/committees/task-force/report/{year - 1}").text
    assert "so far" not in last.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_recording_attendance_marks_a_meeting_held_only_when_asked(client, auth, bodies):
    from members.models import UserRole
    from tests.fixtures.committees import appoint, make_person, seat
    from tests.fixtures.members import make_user

    holder = appoint(make_person("Ada Holder"), seat(bodies["washact"], "member"))
    meeting = make_meeting(bodies["washact"])
    db.session.commit()
    make_user("staff@example.org", UserRole.STAFF, [bodies["washact"]])
    auth.login("staff@example.org")
    data = {"rows-0-appointment_id": str(holder.id), "rows-0-status": "present", "guests": ""}
    client.post(f"/meetings/{meeting.id}/attendance", data=data)
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.SCHEDULED and len(meeting.attendance) == 1
    client.post(f"/meetings/{meeting.id}/attendance", data=data | {"mark_held": "y"})
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.HELD


def test_planning_twice_proposes_nothing_the_second_time(client, auth, bodies):
    from members.models import UserRole
    from tests.fixtures.members import make_user

    make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    auth.login("staff@example.org")
    first = client.get("/committees/task-force/plan?year=2028").text
    rows = first.count('type="checkbox"')
    data = {}
    for i in range(rows):
        for name in ["include", "kind", "title", "day", "start_time", "end_time"]:
            value = first.split(f'name="meetings-{i}-{name}"', 1)[1].split('value="', 1)
            data[f"meetings-{i}-{name}"] = value[1].split('"', 1)[0] if len(value) > 1 else "y"
        data[f"meetings-{i}-include"] = "y"
    assert rows == 3
    assert client.post("/committees/task-force/plan?year=2028", data=data).status_code == 302
    again = client.get("/committees/task-force/plan?year=2028").text
    assert 'type="checkbox"' not in again and "Nothing to propose" in again
    cadence = client.get("/committees/task-force/cadence?year=2028").text
    assert "On track." in cadence


def test_a_meeting_in_the_past_needs_saying_so(client, auth, bodies):
    from members.models import UserRole
    from tests.fixtures.members import make_user

    make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    auth.login("staff@example.org")
    data = {
        "kind": "member_meeting",
        "title": "Last spring",
        "day": "2026-04-15",
        "start_time": "10:00",
        "end_time": "12:00",
        "access": "public",
    }
    refused = client.post("/committees/task-force/meetings/new", data=data)
    assert refused.status_code == 422 and "That is in the past" in refused.text
    assert "Record a meeting that has already taken place" in refused.text
    taken = client.post("/committees/task-force/meetings/new", data=data | {"in_the_past": "y"})
    assert taken.status_code == 302
    form = client.get("/committees/task-force/meetings/new").text
    assert 'data-shown-for-kind="special_meeting"' in form and "meeting-form.js" in form


def test_appointing_an_applicant_gives_a_full_term_and_asks_first(app, bodies):
    from datetime import date

    from applications.services import term_end
    from tests.fixtures.committees import seat

    organization = seat(bodies["task-force"], "organization")
    organization.term_months = 36
    assert term_end(organization, date(2026, 12, 1)) == date(2029, 11, 30)
    organization.term_months = None
    assert term_end(organization, date(2026, 12, 1)) is None


def test_the_person_page_says_whether_an_invitation_was_sent_and_accepted(client, auth, bodies):
    from members.models import User, UserRole
    from tests.fixtures.committees import appoint, make_person, seat
    from tests.fixtures.members import make_user

    person = make_person("Nia Newmember", email="nia@example.org")
    appoint(person, seat(bodies["washact"], "member"))
    db.session.commit()
    make_user("staff@example.org", UserRole.STAFF, [bodies["washact"]])
    auth.login("staff@example.org")
    assert "E-mail an invitation to sign in" in client.get(f"/people/{person.id}/edit").text
    client.post(f"/people/{person.id}/invite")
    sent = client.get(f"/people/{person.id}/edit").text
    assert "An invitation was sent; they have not chosen a password yet." in sent
    assert "E-mail the invitation again" in sent
    account = db.session.scalar(db.select(User).where(User.person_id == person.id))
    account.set_password("a long enough new password")
    db.session.commit()
    accepted = client.get(f"/people/{person.id}/edit").text
    assert "has chosen a password" in accepted and "E-mail the invitation" not in accepted
