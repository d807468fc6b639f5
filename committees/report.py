"""The annual report of a body: plain functions of its seats, appointments and meetings.

The public version carries counts only; the staff version adds the names behind them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from committees.composition import composition
from committees.models import Appointment, Committee
from committees.terms import training_status
from core.spreadsheets import SafeWriter
from meetings.models import Meeting, MeetingKind, MeetingStatus
from meetings.planning import REQUIRED


@dataclass
class SeatTypeYear:
    label: str
    attendance_records: int = 0
    attended: int = 0
    seat_days_vacant: int = 0

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.attendance_records if self.attendance_records else None


@dataclass
class AnnualReport:
    committee: Committee
    year: int
    days_counted: int
    meetings_held: int
    required_min: int
    required_max: int | None
    seat_types: list[SeatTypeYear]
    terms_started: list[Appointment]
    terms_ended: list[Appointment]
    days_compliant: int
    training_current: list[Appointment] = field(default_factory=list)
    training_due: list[Appointment] = field(default_factory=list)

    @property
    def compliance_rate(self) -> float:
        return self.days_compliant / self.days_counted if self.days_counted else 0.0


def days_of(year: int, today: date) -> list[date]:
    """Every day of the year up to today: a report on the current year stops at today."""
    last = min(date(year, 12, 31), today)
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def held(meeting: Meeting, today: date) -> bool:
    over = meeting.local_end.date() <= today
    return meeting.status is MeetingStatus.HELD or (
        over and meeting.status is MeetingStatus.SCHEDULED
    )


def annual_report(
    committee: Committee, year: int, meetings: list[Meeting], today: date
) -> AnnualReport:
    days = days_of(year, today)
    in_year = [m for m in meetings if m.local_start.year == year]
    regular_held = [m for m in in_year if m.kind is MeetingKind.MEMBER_MEETING and held(m, today)]
    rows = {t.id: SeatTypeYear(t.label) for t in committee.seat_types}
    seat_type_of = {a.id: a.seat_type_id for t in committee.seat_types for a in t.appointments}
    for meeting in (m for m in in_year if held(m, today)):
        for record in meeting.attendance:
            if record.appointment_id in seat_type_of:
                row = rows[seat_type_of[record.appointment_id]]
                row.attendance_records += 1
                row.attended += record.status.counts_for_quorum
    days_compliant = 0
    for day in days:
        snapshot = composition(committee, day)
        days_compliant += snapshot.compliant
        for line in snapshot.rows:
            rows[line.seat_type.id].seat_days_vacant += line.vacant
    appointments = [a for t in committee.seat_types for a in t.appointments]
    current = committee.current_appointments(today) if year == today.year else []
    low, high = REQUIRED[committee.meeting_cadence]
    report = AnnualReport(
        committee=committee,
        year=year,
        days_counted=len(days),
        meetings_held=len(regular_held),
        required_min=low,
        required_max=high,
        seat_types=list(rows.values()),
        terms_started=[a for a in appointments if a.start_date.year == year],
        terms_ended=[a for a in appointments if a.end_date and a.end_date.year == year],
        days_compliant=days_compliant,
    )
    for appointment in current:
        status = training_status(appointment.person, today)
        (report.training_due if status.is_due(today) else report.training_current).append(
            appointment
        )
    return report


def report_csv(report: AnnualReport, *, staff: bool) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["body", report.committee.name])
    writer.writerow(["year", report.year])
    writer.writerow(["member meetings held", report.meetings_held])
    writer.writerow(["meetings the cadence asks for", report.required_min])
    writer.writerow(
        [
            "days compliant with the statute's composition",
            report.days_compliant,
            "of",
            report.days_counted,
        ]
    )
    writer.writerow([])
    writer.writerow(["seat type", "attendance rate", "seat-days vacant"])
    for row in report.seat_types:
        rate = "" if row.attendance_rate is None else f"{row.attendance_rate:.0%}"
        writer.writerow([row.label, rate, row.seat_days_vacant])
    writer.writerow([])
    writer.writerow(["terms started", len(report.terms_started)])
    writer.writerow(["terms ended", len(report.terms_ended)])
    writer.writerow(["training current", len(report.training_current)])
    writer.writerow(["training due", len(report.training_due)])
    if staff:
        writer.writerow([])
        writer.writerow(["term", "person", "seat", "start", "end"])
        for label, items in (("started", report.terms_started), ("ended", report.terms_ended)):
            for a in items:
                writer.writerow(
                    [label, a.person.name, a.seat_type.label, a.start_date, a.end_date or ""]
                )
        for a in report.training_due:
            writer.writerow(["training due", a.person.name, a.seat_type.label])
    return out.getvalue()


def schedule_csv(committee: Committee, meetings: list[Meeting]) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["body", "meeting", "date", "starts (Pacific)", "ends (Pacific)", "place"])
    for m in meetings:
        place = m.location if m.can_view_details(None) else "By invitation only"
        writer.writerow(
            [
                committee.name,
                m.title,
                m.local_start.date().isoformat(),
                m.local_start.strftime("%H:%M"),
                m.local_end.strftime("%H:%M"),
                place,
            ]
        )
    return out.getvalue()


def regular_schedule(meetings: list[Meeting], year: int) -> list[Meeting]:
    """The year's confirmed regular meetings (RCW 42.30.075): neither special nor cancelled."""
    return sorted(
        (
            m
            for m in meetings
            if m.local_start.year == year
            and m.kind is not MeetingKind.SPECIAL_MEETING
            and m.status in {MeetingStatus.SCHEDULED, MeetingStatus.HELD}
        ),
        key=lambda m: m.starts_at,
    )
