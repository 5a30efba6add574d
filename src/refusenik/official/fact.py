"""The one record of an official figure, from the parsed form to the printed answer.

The importer makes these from form cells (and derives more from them), the store keeps one
row per fact with the same fields, and `refusenik.analysis` reads them back as facts again.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Fact:
    """One number of a Judicial Department form, or one derived from them, with its source."""

    year: int
    period: str
    form: str
    article: str | None
    part: str | None
    row_label: str
    metric: str
    value: float
    source_file: str
    sheet: str | None
    cell: str | None
    derived: bool = False
    formula: str | None = None

    @property
    def key(self) -> str:
        """Identity in the store: the cell for raw values, the series for derived ones."""
        if self.derived:
            where = f"{self.article}|{self.part}|{self.metric}"
            return f"derived|{self.form}|{self.year}|{self.period}|{where}"
        return f"{self.form}|{self.year}|{self.period}|{self.sheet}|{self.cell}"

    @property
    def source(self) -> str:
        """ "file.xls!Sheet!C12" for a cell, "file.xls!Sheet" for a derived value."""
        return "!".join(p for p in (self.source_file, self.sheet, self.cell) if p)

    def as_json(self) -> dict[str, object]:
        """The JSON shape of `official show --json`: whole numbers print without ".0"."""
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "year": self.year,
            "form": self.form,
            "article": self.article,
            "part": self.part,
            "metric": self.metric,
            "value": value,
            "source": self.source,
            "derived": self.derived,
            "formula": self.formula,
        }


FACT_FIELDS = tuple(f.name for f in fields(Fact))
