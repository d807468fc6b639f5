"""Planning a year of meetings against a body's cadence: pure functions of plain data."""

from dataclasses import dataclass
from datetime import date, timedelta

from committees.models import Cadence
from meetings.models import MeetingKind

# Months in which each cadence proposes a meeting, around the middle of the month.
MONTHS = {
    Cadence.QUARTERLY: (2, 5, 8, 11),
    Cadence.TWO_TO_THREE_A_YEAR: (3, 7, 11),
    Cadence.AT_LEAST_YEARLY: (9,),
}
# Public sessions fall in the other month of the quarter, so they never crowd a member meeting.
PUBLIC_SESSION_MONTHS = {
    Cadence.QUARTERLY: (3, 6, 9, 12),
    Cadence.TWO_TO_THREE_A_YEAR: (4, 8, 12),
    Cadence.AT_LEAST_YEARLY: (10,),
}
TARGET_DAY = 15

# How many meetings a cadence asks for in a year: (at least, at most; None is no ceiling).
REQUIRED = {
    Cadence.QUARTERLY: (4, 4),
    Cadence.TWO_TO_THREE_A_YEAR: (2, 3),
    Cadence.AT_LEAST_YEARLY: (1, None),
}


@dataclass(frozen=True)
class ProposedMeeting:
    kind: MeetingKind
    day: date


def next_business_day(day: date, holidays: set[date]) -> date:
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


def propose_year(
    year: int, cadence: Cadence, public_session_cadence: Cadence | None, holidays: set[date]
) -> list[ProposedMeeting]:
    """The year's meeting dates a cadence asks for, on weekdays that are not state holidays."""
    proposals = [
        ProposedMeeting(
            MeetingKind.MEMBER_MEETING, next_business_day(date(year, m, TARGET_DAY), holidays)
        )
        for m in MONTHS[cadence]
    ]
    if public_session_cadence is not None:
        proposals += [
            ProposedMeeting(
                MeetingKind.PUBLIC_SESSION, next_business_day(date(year, m, TARGET_DAY), holidays)
            )
            for m in PUBLIC_SESSION_MONTHS[public_session_cadence]
        ]
    return sorted(proposals, key=lambda p: p.day)


@dataclass(frozen=True)
class CadenceProgress:
    required_min: int
    required_max: int | None
    held: int
    scheduled: int

    @property
    def planned(self) -> int:
        return self.held + self.scheduled

    @property
    def shortfall(self) -> int:
        return max(self.required_min - self.planned, 0)

    @property
    def on_track(self) -> bool:
        return self.shortfall == 0


def cadence_progress(cadence: Cadence, held: int, scheduled: int) -> CadenceProgress:
    low, high = REQUIRED[cadence]
    return CadenceProgress(low, high, held, scheduled)
