"""What staff must act on before the open-meetings law is broken: a pure function of meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from meetings import opma
from meetings.models import AttendanceStatus, Meeting, MeetingStatus

# What the dashboard leads with: what falls due within this many days.
DUE_WINDOW_DAYS = 14


@dataclass
class AgendaDue:
    meeting: Meeting
    # Hours left before the 24-hour agenda deadline; None where the rule does not apply.
    hours_left: float | None

    @property
    def overdue(self) -> bool:
        return self.hours_left is not None and self.hours_left < 0

    @property
    def due_soon(self) -> bool:
        """The deadline falls within the dashboard's window (or has passed)."""
        return self.hours_left is not None and self.hours_left <= DUE_WINDOW_DAYS * 24


@dataclass
class DeadlineReport:
    agendas_due: list[AgendaDue] = field(default_factory=list)
    minutes_missing: list[Meeting] = field(default_factory=list)
    cancellations_to_announce: list[Meeting] = field(default_factory=list)

    @property
    def agendas_due_soon(self) -> list[AgendaDue]:
        return [due for due in self.agendas_due if due.due_soon]

    @property
    def count(self) -> int:
        """What needs acting on now: agendas due within the window, minutes, cancellations."""
        return (
            len(self.agendas_due_soon)
            + len(self.minutes_missing)
            + len(self.cancellations_to_announce)
        )


def deadline_report(meetings: list[Meeting], now: datetime) -> DeadlineReport:
    report = DeadlineReport()
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        upcoming = meeting.starts_at > now
        if upcoming and meeting.status is MeetingStatus.SCHEDULED and not meeting.agenda_postings:
            deadline = meeting.agenda_deadline()
            hours = opma.hours_left(deadline, now) if deadline else None
            report.agendas_due.append(AgendaDue(meeting, hours))
        if meeting.is_over(now) and not meeting.has_approved_minutes:
            report.minutes_missing.append(meeting)
        if (
            upcoming
            and meeting.status is MeetingStatus.CANCELLED
            and meeting.cancellation_announced_at is None
        ):
            report.cancellations_to_announce.append(meeting)
    return report


def absence_flags(meetings: list[Meeting], limit: int | None) -> set[int]:
    """Appointments whose last `limit` recorded meetings were all unexcused absences.

    An excused absence neither counts nor breaks the run; attending breaks it. Nobody is removed:
    the seat is only flagged for staff to review."""
    if not limit:
        return set()
    runs: dict[int, int] = {}
    broken: set[int] = set()
    recorded = [m for m in meetings if m.attendance]
    for meeting in sorted(recorded, key=lambda m: m.starts_at, reverse=True):
        for record in meeting.attendance:
            key = record.appointment_id
            if key is None or key in broken:
                continue
            if record.status is AttendanceStatus.ABSENT:
                runs[key] = runs.get(key, 0) + 1
            elif record.status.counts_for_quorum:
                broken.add(key)
    return {key for key, run in runs.items() if run >= limit}
