"""Terms ending, open-government training due, and absences: pure functions of loaded records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from committees.models import Appointment, Committee, Person

# RCW 42.30.205: training within 90 days of taking office, and again at least every four years.
TRAINING_GRACE = timedelta(days=90)
TRAINING_REFRESH_YEARS = 4


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


def terms_ending(committee: Committee, today: date, within_days: int) -> list[Appointment]:
    """Current terms that end within the window and have no next term or successor yet."""
    horizon = today + timedelta(days=within_days)
    return sorted(
        (
            a
            for t in committee.seat_types
            for a in t.appointments
            if a.end_date and today <= a.end_date <= horizon and not a.successors()
        ),
        key=lambda a: a.end_date,
    )


def alert_threshold(days_left: int, first_alert_days: int) -> int | None:
    """The alert step a term is in: 60-day (or the body's), 30-day or 7-day notice."""
    steps = sorted({first_alert_days, 30, 7})
    return next((step for step in steps if days_left <= step), None)


@dataclass(frozen=True)
class TrainingStatus:
    took_office: date | None
    last_completed: date | None
    due_on: date | None

    def is_due(self, today: date) -> bool:
        return self.due_on is not None and today > self.due_on


def training_status(person: Person, today: date) -> TrainingStatus:
    current = [a for a in person.appointments if a.is_current(today)]
    if not current:
        return TrainingStatus(None, None, None)
    took_office = min(a.start_date for a in current)
    last = max((t.completed_on for t in person.trainings), default=None)
    if last is None or last < took_office - timedelta(days=366 * TRAINING_REFRESH_YEARS):
        due_on = took_office + TRAINING_GRACE
    else:
        due_on = add_years(last, TRAINING_REFRESH_YEARS)
    return TrainingStatus(took_office, last, due_on)
