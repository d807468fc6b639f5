"""Planning a year by cadence: weekdays only, never a Washington State holiday."""

from datetime import date

from committees.models import Cadence
from meetings.models import MeetingKind
from meetings.planning import cadence_progress, next_business_day, propose_year
from meetings.services import washington_holidays


def test_next_business_day_skips_weekends_and_holidays():
    holidays = {date(2027, 2, 15)}  # Presidents' Day, a Monday
    assert next_business_day(date(2027, 2, 13), holidays) == date(2027, 2, 16)  # Sat → Tue
    assert next_business_day(date(2027, 2, 16), holidays) == date(2027, 2, 16)


def test_quarterly_proposes_four_meetings_on_working_days():
    holidays = washington_holidays(2027)
    proposals = propose_year(2027, Cadence.QUARTERLY, None, holidays)
    assert len(proposals) == 4
    assert [p.day.month for p in proposals] == [2, 5, 8, 11]
    for proposal in proposals:
        assert proposal.day.weekday() < 5
        assert proposal.day not in holidays
        assert proposal.kind is MeetingKind.MEMBER_MEETING


def test_two_to_three_a_year_proposes_three():
    assert len(propose_year(2027, Cadence.TWO_TO_THREE_A_YEAR, None, set())) == 3


def test_at_least_yearly_proposes_one():
    assert len(propose_year(2027, Cadence.AT_LEAST_YEARLY, None, set())) == 1


def test_washact_gets_quarterly_member_meetings_and_public_sessions():
    proposals = propose_year(2027, Cadence.QUARTERLY, Cadence.QUARTERLY, washington_holidays(2027))
    kinds = [p.kind for p in proposals]
    assert kinds.count(MeetingKind.MEMBER_MEETING) == 4
    assert kinds.count(MeetingKind.PUBLIC_SESSION) == 4
    assert [p.day for p in proposals] == sorted(p.day for p in proposals)


def test_state_holidays_are_avoided():
    # Veterans Day 2027 is Thursday 11 November; a holiday on the target day moves the meeting.
    holidays = {date(2027, 11, 15)}
    (november,) = [
        p for p in propose_year(2027, Cadence.QUARTERLY, None, holidays) if p.day.month == 11
    ]
    assert november.day == date(2027, 11, 16)
    assert date(2027, 11, 26) in washington_holidays(2027)  # Native American Heritage Day


def test_cadence_progress():
    short = cadence_progress(Cadence.QUARTERLY, held=1, scheduled=1)
    assert short.shortfall == 2 and not short.on_track
    assert cadence_progress(Cadence.TWO_TO_THREE_A_YEAR, held=2, scheduled=0).on_track
    assert cadence_progress(Cadence.AT_LEAST_YEARLY, held=0, scheduled=1).required_max is None


def test_planning_proposes_only_what_the_cadence_still_needs():
    from meetings.planning import ProposedMeeting

    existing = [ProposedMeeting(MeetingKind.MEMBER_MEETING, date(2027, 3, 20))]
    proposals = propose_year(2027, Cadence.TWO_TO_THREE_A_YEAR, None, set(), existing)
    assert [p.day.month for p in proposals] == [7, 11]  # March is taken: three in all, not four
    full = [
        *existing,
        ProposedMeeting(MeetingKind.MEMBER_MEETING, date(2027, 6, 1)),
        ProposedMeeting(MeetingKind.MEMBER_MEETING, date(2027, 9, 1)),
    ]
    assert propose_year(2027, Cadence.TWO_TO_THREE_A_YEAR, None, set(), full) == []


def test_the_cadence_counts_too_many_as_well_as_too_few():
    assert cadence_progress(Cadence.TWO_TO_THREE_A_YEAR, held=1, scheduled=3).excess == 1
    assert not cadence_progress(Cadence.TWO_TO_THREE_A_YEAR, held=1, scheduled=3).on_track
    assert cadence_progress(Cadence.TWO_TO_THREE_A_YEAR, held=1, scheduled=1).on_track
    assert cadence_progress(Cadence.AT_LEAST_YEARLY, held=9, scheduled=0).on_track
