"""CSV exports that a spreadsheet opens as data: a cell that starts like a formula is neutralized.

Excel, LibreOffice and Google Sheets run a cell beginning with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula (OWASP "CSV injection"); a leading apostrophe makes it text.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` that neutralizes every text cell it writes."""

    def __init__(self, out: TextIO) -> None:
        self.writer = csv.writer(out)

    def writerow(self, row: list[Any]) -> None:
        self.writer.writerow([neutralized(cell) for cell in row])
