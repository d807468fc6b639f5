"""The open-meetings deadlines at their exact boundaries, across a daylight-saving change."""

from datetime import UTC, datetime, timedelta

import time_machine

from committees.models import MeetingAccess
from extensions import db
from meetings import opma
from meetings.dashboard import deadline_report
from meetings.models import DocumentKind, MeetingKind, MeetingStatus
from meetings.postings import publish_agenda
from tests.fixtures.committees import make_committee
from tests.fixtures.meetings import add_item, make_document, make_meeting, pacific

START = pacific(2027, 3, 10, 10, 0)


def test_an_agenda_posted_exactly_24_hours_ahead_is_on_time():
    assert not opma.is_late(START, START - timedelta(hours=24))


def test_an_agenda_posted_23_hours_59_minutes_ahead_is_late():
    assert opma.is_late(START, START - timedelta(hours=23, minutes=59))


def test_the_agenda_deadline_counts_real_hours_across_spring_forward():
    # Clocks jump from 2:00 to 3:00 a.m. on Sunday 14 March 2027 in Washington: 24 real hours
    # before 10:00 a.m. that day is 9:00 a.m. the day before, not 10:00.
    meeting = pacific(2027, 3, 14, 10, 0)
    assert opma.agenda_deadline(meeting) == pacific(2027, 3, 13, 9, 0)
    assert not opma.is_late(meeting, pacific(2027, 3, 13, 9, 0))
    assert opma.is_late(meeting, pacific(2027, 3, 13, 9, 1))
    assert opma.special_notice_is_short(meeting, pacific(2027, 3, 13, 9, 1))
    assert not opma.special_notice_is_short(meeting, pacific(2027, 3, 13, 9, 0))


def test_the_agenda_deadline_counts_real_hours_across_fall_back():
    # Clocks fall back from 2:00 to 1:00 a.m. on Sunday 7 November 2027: the deadline is at
    # 11:00 a.m. the day before.
    meeting = pacific(2027, 11, 7, 10, 0)
    assert opma.agenda_deadline(meeting) == pacific(2027, 11, 6, 11, 0)
    assert opma.agenda_deadline(meeting) == datetime(2027, 11, 6, 18, 0, tzinfo=UTC)
    assert opma.is_late(meeting, pacific(2027, 11, 6, 11, 1))
    assert opma.hours_left(opma.agenda_deadline(meeting), pacific(2027, 11, 6, 10, 0)) == 1


def test_special_meeting_notice_boundaries():
    assert not opma.special_notice_is_short(START, START - timedelta(hours=24))
    assert opma.special_notice_is_short(START, START - timedelta(hours=23, minutes=59))


def test_hours_left():
    assert opma.hours_left(START, START - timedelta(hours=5, minutes=30)) == 5.5
    assert opma.hours_left(START, START + timedelta(hours=1)) == -1


def test_publishing_marks_late_only_the_first_posting_of_a_public_regular_meeting(app):
    committee = make_committee()
    meeting = make_meeting(committee, starts_at=START)
    add_item(meeting)
    first = publish_agenda(meeting, START - timedelta(hours=23, minutes=59), None)
    assert first.late and meeting.agenda_posted_late
    revision = publish_agenda(meeting, START - timedelta(hours=1), None)
    assert not revision.late and revision.version == 2
    assert meeting.agenda_revised_at == START - timedelta(hours=1)


def test_the_agenda_rule_does_not_apply_to_invitation_only_or_special_meetings(app):
    committee = make_committee()
    closed = make_meeting(committee, starts_at=START, access=MeetingAccess.INVITATION_ONLY)
    special = make_meeting(committee, starts_at=START, kind=MeetingKind.SPECIAL_MEETING)
    observed = make_meeting(committee, starts_at=START, access=MeetingAccess.PUBLIC_MAY_OBSERVE)
    now = START - timedelta(hours=1)
    assert not closed.publishing_now_is_late(now) and closed.agenda_deadline() is None
    assert not special.publishing_now_is_late(now)
    assert observed.publishing_now_is_late(now)


def test_the_dashboard_report_with_a_frozen_clock(app):
    committee = make_committee()
    with time_machine.travel(datetime(2027, 3, 9, 18, 0, tzinfo=UTC), tick=False):
        now = datetime.now(UTC)
        soon = make_meeting(committee, starts_at=now + timedelta(hours=30), title="Soon")
        overdue = make_meeting(committee, starts_at=now + timedelta(hours=20), title="Overdue")
        published = make_meeting(committee, starts_at=now + timedelta(hours=50), title="Published")
        add_item(published)
        publish_agenda(published, now, None)
        held = make_meeting(committee, starts_at=now - timedelta(days=10), title="Held")
        minuted = make_meeting(committee, starts_at=now - timedelta(days=20), title="Minuted")
        make_document(minuted, kind=DocumentKind.MINUTES).approved_on = now.date()
        cancelled = make_meeting(
            committee,
            starts_at=now + timedelta(days=5),
            title="Off",
            status=MeetingStatus.CANCELLED,
        )
        db.session.flush()
        report = deadline_report([soon, overdue, published, held, minuted, cancelled], now)
    assert [(d.meeting.title, d.hours_left) for d in report.agendas_due] == [
        ("Overdue", -4.0),
        ("Soon", 6.0),
    ]
    assert report.agendas_due[0].overdue and not report.agendas_due[1].overdue
    assert report.minutes_missing == [held]
    assert report.cancellations_to_announce == [cancelled]
    assert report.count == 4


def test_the_dashboard_counts_only_what_falls_due_within_14_days():
    from meetings.dashboard import AgendaDue, DeadlineReport

    report = DeadlineReport(
        agendas_due=[
            AgendaDue(meeting=None, hours_left=13 * 24),
            AgendaDue(meeting=None, hours_left=102 * 24),
            AgendaDue(meeting=None, hours_left=None),
        ]
    )
    assert report.count == 1 and len(report.agendas_due_soon) == 1
