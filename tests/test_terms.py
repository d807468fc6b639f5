"""Composition, the term lifecycle, training and absences: boundaries with a frozen clock."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from committees.composition import composition
from committees.models import AppointmentRole, TrainingRecord
from committees.terms import add_months, alert_threshold, training_status
from extensions import db
from meetings.dashboard import absence_flags
from meetings.models import Attendance, AttendanceStatus, MeetingStatus
from members.models import UserRole
from notify import jobs
from notify.models import OutboxMessage
from tests.fixtures.committees import appoint, make_committee, make_person, make_seat_type, seat
from tests.fixtures.meetings import make_meeting
from tests.fixtures.members import make_user

D = date


# -- composition --------------------------------------------------------------------------------


def test_exact_counts_are_compliant_only_when_full(app):
    committee = make_committee()
    agencies = make_seat_type(committee, "agency", count=2, label="State agency")
    appoint(make_person("A"), agencies)
    result = composition(committee, D(2026, 1, 1))
    assert not result.compliant and result.vacant == 1
    assert result.summary() == "1 seat vacant: 1 State agency"
    appoint(make_person("B"), agencies)
    assert composition(committee, D(2026, 1, 1)).compliant


def test_a_minimum_is_met_at_its_count_and_above(app):
    committee = make_committee()
    survivors = make_seat_type(committee, "survivor", count=1, count_is_minimum=True)
    assert not composition(committee, D(2026, 1, 1)).compliant
    appoint(make_person("S1"), survivors)
    assert composition(committee, D(2026, 1, 1)).compliant
    appoint(make_person("S2"), survivors)
    row = composition(committee, D(2026, 1, 1)).rows[0]
    assert row.compliant and row.filled == 2 and row.vacant == 0


def test_the_summary_lists_vacancies_by_seat_type(app):
    committee = make_committee()
    make_seat_type(committee, "agency", count=8, label="State agency")
    make_seat_type(committee, "org", count=1, label="Organization")
    make_seat_type(committee, "member", count=None, label="Member")
    assert composition(committee, D(2026, 1, 1)).summary() == (
        "9 seats vacant: 8 State agency, 1 Organization"
    )


def test_a_designee_is_never_a_second_seat(app):
    committee = make_committee()
    agency = make_seat_type(committee, "agency", count=1)
    director = appoint(make_person("Director"), agency)
    appoint(
        make_person("Deputy"), agency, role=AppointmentRole.ALTERNATE, stands_in_for_id=director.id
    )
    row = composition(committee, D(2026, 1, 1)).rows[0]
    assert row.filled == 1 and row.compliant


def test_holdover_keeps_the_seat_filled_until_the_successor_starts(app):
    committee = make_committee(allows_holdover=True)
    seat_type = make_seat_type(committee, "org", count=1)
    old = appoint(make_person("Old"), seat_type, start=D(2024, 1, 1), end=D(2025, 12, 31))
    assert old.holds_over(D(2026, 2, 1))
    assert composition(committee, D(2026, 2, 1)).rows[0].holdovers == 1
    assert seat_type.vacancies(D(2026, 2, 1)) == 0
    appoint(make_person("New"), seat_type, start=D(2026, 3, 1), previous_id=old.id)
    assert seat_type.vacancies(D(2026, 2, 28)) == 0  # still the holdover
    assert not old.holds_over(D(2026, 3, 1))
    assert [a.person.name for a in seat_type.seat_holders(D(2026, 3, 1))] == ["New"]


def test_without_holdover_an_ended_term_leaves_a_vacancy(app):
    committee = make_committee(allows_holdover=False)
    seat_type = make_seat_type(committee, "org", count=1)
    appoint(make_person("Old"), seat_type, start=D(2024, 1, 1), end=D(2025, 12, 31))
    assert seat_type.vacancies(D(2026, 1, 1)) == 1


# -- terms and alerts ---------------------------------------------------------------------------


def test_add_months_keeps_the_day_or_the_month_end():
    assert add_months(D(2026, 1, 15), 24) == D(2028, 1, 15)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


@pytest.mark.parametrize(
    ("days_left", "threshold"), [(61, None), (60, 60), (45, 60), (30, 30), (8, 30), (7, 7), (0, 7)]
)
def test_alert_thresholds(days_left, threshold):
    assert alert_threshold(days_left, 60) == threshold


def test_a_term_ending_in_45_days_alerts_once_however_often_alerts_run(app, bodies, runner):
    staff = make_user("staff@example.org", committees=[bodies["task-force"]])
    person = make_person("Ending Soon", email="ending@example.org")
    today = D(2027, 3, 1)
    appoint(
        person,
        seat(bodies["task-force"], "organization"),
        start=D(2025, 4, 15),
        end=today + timedelta(days=45),
    )
    db.session.commit()
    with time_machine.travel(datetime(2027, 3, 1, 18, tzinfo=UTC), tick=False):
        for _ in range(3):
            result = runner.invoke(args=["alerts", "send"])
            assert result.exit_code == 0, result.output
        keys = db.session.scalars(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.like("term:%"))
        ).all()
    assert sorted(keys) == sorted(
        [
            f"term:{person.appointments[0].id}:60:{staff.email}",
            f"term:{person.appointments[0].id}:60:ending@example.org",
        ]
    )
    # Fifteen days later the 30-day step sends one more each.
    with time_machine.travel(datetime(2027, 3, 16, 18, tzinfo=UTC), tick=False):
        jobs.run_all(app)
        jobs.run_all(app)
    count = db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.dedupe_key.like("term:%"))
    )
    assert count == 4


def test_a_reappointed_term_raises_no_alert(app, bodies):
    make_user("staff@example.org", committees=[bodies["task-force"]])
    first = appoint(
        make_person("P"),
        seat(bodies["task-force"], "organization"),
        start=D(2025, 1, 1),
        end=D(2027, 4, 1),
    )
    appoint(first.person, first.seat_type, start=D(2027, 4, 2), previous_id=first.id)
    db.session.commit()
    with time_machine.travel(datetime(2027, 3, 1, 18, tzinfo=UTC), tick=False):
        jobs.run_all(app)
    assert not db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.like("term:%"))
    ).all()


# -- training -----------------------------------------------------------------------------------


def test_training_is_due_90_days_after_taking_office(app):
    person = make_person()
    appoint(person, make_seat_type(make_committee()), start=D(2026, 1, 1))
    status = training_status(person, D(2026, 4, 1))
    assert status.due_on == D(2026, 4, 1) and not status.is_due(D(2026, 4, 1))
    assert status.is_due(D(2026, 4, 2))


def test_training_is_due_again_after_four_years(app):
    person = make_person()
    appoint(person, make_seat_type(make_committee()), start=D(2020, 1, 1))
    person.trainings.append(TrainingRecord(completed_on=D(2022, 6, 1)))
    db.session.flush()
    status = training_status(person, D(2026, 6, 1))
    assert status.due_on == D(2026, 6, 1) and not status.is_due(D(2026, 6, 1))
    assert status.is_due(D(2026, 6, 2))


def test_someone_without_a_seat_owes_no_training(app):
    assert training_status(make_person(), D(2026, 1, 1)).took_office is None


def test_training_due_alerts_once(app, bodies):
    make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    db.session.commit()
    with time_machine.travel(datetime.now(UTC) + timedelta(days=120), tick=False):
        first = jobs.run_all(app)
        again = jobs.run_all(app)
    assert first >= 1 and again == 0


def test_staff_record_training_and_bad_dates_change_nothing(client, auth, bodies):
    person = make_person("Trainee")
    appoint(person, seat(bodies["task-force"], "organization"))
    make_user("staff@example.org", committees=[bodies["task-force"]])
    auth.login("staff@example.org")
    client.post(f"/people/{person.id}/trainings", data={"completed_on": "2999-01-01"})
    client.post(f"/people/{person.id}/trainings", data={"completed_on": "yesterday"})
    assert person.trainings == []
    client.post(f"/people/{person.id}/trainings", data={"completed_on": "2026-01-05"})
    db.session.refresh(person)
    assert [t.completed_on for t in person.trainings] == [D(2026, 1, 5)]


# -- absences -----------------------------------------------------------------------------------


def test_three_unexcused_absences_in_a_row_flag_the_seat(app):
    committee = make_committee(absence_limit=3)
    seat_type = make_seat_type(committee, count=5)
    absent, excused, back = (appoint(make_person(n), seat_type) for n in ("Absent", "Ex", "Back"))
    statuses = {
        absent.id: ["absent", "absent", "excused", "absent"],
        excused.id: ["absent", "excused", "excused", "absent"],
        back.id: ["absent", "absent", "present", "absent"],
    }
    meetings = []
    for i in range(4):
        meeting = make_meeting(
            committee,
            starts_at=datetime(2026, 1 + i, 10, 18, tzinfo=UTC),
            status=MeetingStatus.HELD,
        )
        for appointment_id, history in statuses.items():
            meeting.attendance.append(
                Attendance(appointment_id=appointment_id, status=AttendanceStatus(history[i]))
            )
        meetings.append(meeting)
    db.session.flush()
    assert absence_flags(meetings, 3) == {absent.id}
    assert absence_flags(meetings, None) == set()
