"""A figure's table: rows with the unit they count, where they come from, and their caveats.

Every number the analysis gives out travels in a `Table`, so a chart, a web page, a CSV
export or a report paragraph always carries the unit (cases received, persons sentenced …),
the source, the date of the crawl behind it and the months that are still provisional.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Table:
    """Rows of one figure; `unit` says what each count is, never a mix of measures."""

    title: str
    unit: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    source: str
    as_of: date | None = None
    provisional_from: date | None = None
    notes: tuple[str, ...] = ()

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, rows as lists."""
        return {
            "title": self.title,
            "unit": self.unit,
            "columns": list(self.columns),
            "rows": [[_plain(v) for v in row] for row in self.rows],
            "source": self.source,
            "as_of": _plain(self.as_of),
            "provisional_from": _plain(self.provisional_from),
            "notes": list(self.notes),
        }

    def to_csv(self) -> str:
        """The rows under a header, then the unit, source, as-of date and notes as comments."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])
        writer.writerow([f"# unit: {self.unit}"])
        writer.writerow([f"# source: {self.source}"])
        if self.as_of:
            writer.writerow([f"# as of: {self.as_of.isoformat()}"])
        if self.provisional_from:
            writer.writerow([f"# provisional from: {self.provisional_from.isoformat()}"])
        for note in self.notes:
            writer.writerow([f"# {note}"])
        return out.getvalue()
