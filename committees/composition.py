"""Whether a body is composed as its statute asks: pure functions of seat types and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext, ngettext

from committees.models import Committee, SeatType


@dataclass(frozen=True)
class SeatTypeComposition:
    seat_type: SeatType
    filled: int
    holdovers: int
    required: int | None  # None: open-ended

    @property
    def vacant(self) -> int:
        return 0 if self.required is None else max(self.required - self.filled, 0)

    @property
    def compliant(self) -> bool:
        return self.vacant == 0


@dataclass(frozen=True)
class Composition:
    rows: list[SeatTypeComposition]

    @property
    def vacant(self) -> int:
        return sum(row.vacant for row in self.rows)

    @property
    def compliant(self) -> bool:
        return all(row.compliant for row in self.rows)

    def summary(self) -> str:
        """e.g. "2 seats vacant: 1 State agency, 1 Organization"."""
        if self.compliant:
            return gettext("Every seat is filled.")
        # Seat labels are staff data, written in English.
        parts = ", ".join(f"{row.vacant} {row.seat_type.label}" for row in self.rows if row.vacant)
        return ngettext(
            "%(num)d seat vacant: %(seats)s",
            "%(num)d seats vacant: %(seats)s",
            self.vacant,
            seats=parts,
        )


def seat_type_composition(seat_type: SeatType, on: date) -> SeatTypeComposition:
    holders = seat_type.seat_holders(on)
    holdovers = sum(1 for a in holders if a.holds_over(on))
    return SeatTypeComposition(seat_type, len(holders), holdovers, seat_type.seat_count)


def composition(committee: Committee, on: date) -> Composition:
    return Composition([seat_type_composition(t, on) for t in committee.seat_types])
