"""The annual report against a small hand-computed fixture, and the schedule of regular meetings."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from committees.models import Cadence, MeetingAccess, TrainingRecord
from committees.report import annual_report
from extensions import db
from meetings.models import Attendance, AttendanceStatus, MeetingStatus
from meetings.services import meetings_of_year
from members.models import UserRole
from tests.fixtures.committees import appoint, make_committee, make_person, make_seat_type
from tests.fixtures.meetings import make_meeting, pacific
from tests.fixtures.members import make_user

D = date
TODAY = D(2026, 12, 31)


@pytest.fixture
def year_of_a_small_body(app):
    """Two seat types in 2026: agencies (2 seats), one filled all year and one from 1 July;
    organizations (1 seat), filled until 30 September. Two meetings held, one cancelled."""
    committee = make_committee("small", meeting_cadence=Cadence.TWO_TO_THREE_A_YEAR)
    agencies = make_seat_type(committee, "agency", count=2, label="Agency")
    orgs = make_seat_type(committee, "org", count=1, label="Organization")
    anna = appoint(make_person("Anna"), agencies, start=D(2025, 1, 1))
    ben = appoint(make_person("Ben"), agencies, start=D(2026, 7, 1))
    cleo = appoint(make_person("Cleo"), orgs, start=D(2025, 1, 1), end=D(2026, 9, 30))
    anna.person.trainings.append(TrainingRecord(completed_on=D(2025, 2, 1)))
    spring = make_meeting(
        committee, starts_at=pacific(2026, 3, 10, 10, 0), status=MeetingStatus.HELD
    )
    autumn = make_meeting(
        committee, starts_at=pacific(2026, 8, 10, 10, 0), status=MeetingStatus.HELD
    )
    make_meeting(committee, starts_at=pacific(2026, 11, 10, 10, 0), status=MeetingStatus.CANCELLED)
    spring.attendance = [
        Attendance(appointment_id=anna.id, status=AttendanceStatus.PRESENT),
        Attendance(appointment_id=cleo.id, status=AttendanceStatus.ABSENT),
    ]
    autumn.attendance = [
        Attendance(appointment_id=anna.id, status=AttendanceStatus.REMOTE),
        Attendance(appointment_id=ben.id, status=AttendanceStatus.EXCUSED),
        Attendance(appointment_id=cleo.id, status=AttendanceStatus.PRESENT),
    ]
    db.session.commit()
    return committee


def test_report_figures_match_the_hand_computed_fixture(year_of_a_small_body):
    committee = year_of_a_small_body
    report = annual_report(committee, 2026, meetings_of_year(committee, 2026), TODAY)
    assert report.days_counted == 365
    assert report.meetings_held == 2 and report.required_min == 2
    agency, org = report.seat_types
    # Agencies: Ben's seat was vacant 1 January to 30 June = 181 days.
    assert agency.seat_days_vacant == 181
    # Organizations: vacant 1 October to 31 December = 92 days.
    assert org.seat_days_vacant == 92
    # Compliant only while all three seats were filled: 1 July to 30 September = 92 days.
    assert report.days_compliant == 92
    # Agencies: present + remote of 3 records (one excused); organizations: 1 of 2.
    assert agency.attendance_rate == pytest.approx(2 / 3)
    assert org.attendance_rate == pytest.approx(1 / 2)
    assert [a.person.name for a in report.terms_started] == ["Ben"]
    assert [a.person.name for a in report.terms_ended] == ["Cleo"]
    assert [a.person.name for a in report.training_current] == ["Anna"]
    assert [a.person.name for a in report.training_due] == ["Ben"]


def test_the_public_report_has_counts_and_no_names(client, year_of_a_small_body):
    with time_machine.travel(datetime(2026, 12, 31, 20, tzinfo=UTC), tick=False):
        page = client.get("/committees/small/report/2026").get_data(as_text=True)
        csv_text = client.get("/committees/small/report/2026.csv").get_data(as_text=True)
    assert "1 term started, 1 ended" in page
    for name in ("Anna", "Ben", "Cleo"):
        assert name not in page and name not in csv_text
    assert "Agency,67%,181" in csv_text


def test_staff_see_the_names(client, auth, year_of_a_small_body):
    make_user("staff@example.org", UserRole.STAFF, [year_of_a_small_body])
    with time_machine.travel(datetime(2026, 12, 31, 20, tzinfo=UTC), tick=False):
        auth.login("staff@example.org")  # a session lasts hours, not until the traveled-to day
        page = client.get("/committees/small/report/2026").get_data(as_text=True)
        csv_text = client.get("/committees/small/report/2026.csv").get_data(as_text=True)
    assert "Started: Ben" in page and "Ended: Cleo" in page
    assert "started,Ben,Agency" in csv_text


def test_future_and_ancient_years_are_404(client, year_of_a_small_body):
    assert client.get("/committees/small/report/1999").status_code == 404
    assert client.get("/committees/small/report/2999").status_code == 404


def test_the_schedule_of_regular_meetings(client, bodies):
    make_meeting(
        bodies["washact"],
        starts_at=pacific(2027, 2, 16, 10, 0),
        access=MeetingAccess.INVITATION_ONLY,
        location="Secret",
        title="Q1 members",
    )
    make_meeting(
        bodies["washact"],
        starts_at=pacific(2027, 3, 16, 12, 0),
        location="Seattle Central Library",
        title="Q1 session",
    )
    make_meeting(
        bodies["washact"],
        starts_at=pacific(2027, 4, 16, 12, 0),
        title="Called off",
        status=MeetingStatus.CANCELLED,
    )
    db.session.commit()
    page = client.get("/committees/washact/schedule/2027").get_data(as_text=True)
    assert "Q1 members" in page and "Q1 session" in page and "Called off" not in page
    assert "Secret" not in page and "By invitation only" in page
    csv_text = client.get("/committees/washact/schedule/2027.csv").get_data(as_text=True)
    assert "2027-02-16,10:00,12:00,By invitation only" in csv_text
    assert "Seattle Central Library" in csv_text
