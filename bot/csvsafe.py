"""CSV files that spreadsheets open as data, never as formulas (OWASP CSV injection)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

# A cell starting with one of these can be run as a formula by Excel, LibreOffice or Sheets,
# whatever follows (digits included: "=1+HYPERLINK(...)", "-1+1+cmd|' /C calc'!A0").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that starts like a formula gets a leading apostrophe; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer that escapes every cell: the only way the project writes a CSV."""

    def __init__(self, handle: Any) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
