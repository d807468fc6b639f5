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


# A meeting already scheduled this close to a proposed date takes that proposal's place.
NEARBY = timedelta(days=45)


def propose_year(
    year: int,
    cadence: Cadence,
    public_session_cadence: Cadence | None,
    holidays: set[date],
    scheduled: list[ProposedMeeting] = (),
) -> list[ProposedMeeting]:
    """The year's meeting dates a cadence still asks for, on weekdays that are not state
    holidays: a proposal near a meeting already `scheduled` (of the same kind) is left out."""
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
    wanted = [
        p
        for p in proposals
        if not any(s.kind is p.kind and abs(s.day - p.day) <= NEARBY for s in scheduled)
    ]
    # Never more member meetings than the statute allows, counting those already scheduled.
    _low, high = REQUIRED[cadence]
    if high is not None:
        room = max(high - sum(1 for s in scheduled if s.kind is MeetingKind.MEMBER_MEETING), 0)
        members = [p for p in wanted if p.kind is MeetingKind.MEMBER_MEETING][:room]
        wanted = members + [p for p in wanted if p.kind is not MeetingKind.MEMBER_MEETING]
    return sorted(wanted, key=lambda p: p.day)


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
    def excess(self) -> int:
        """Meetings beyond what the statute allows (e.g. four against "at most three")."""
        return max(self.planned - self.required_max, 0) if self.required_max is not None else 0

    @property
    def on_track(self) -> bool:
        return self.shortfall == 0 and self.excess == 0


def cadence_progress(cadence: Cadence, held: int, scheduled: int) -> CadenceProgress:
    low, high = REQUIRED[cadence]
    return CadenceProgress(low, high, held, scheduled)
