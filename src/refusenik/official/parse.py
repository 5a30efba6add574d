"""One form file → tidy facts: one number per (row, column), with the cell it came from."""

from __future__ import annotations

from xlrd.formula import colname

from refusenik.official.fact import Fact
from refusenik.official.labels import clean_label, parse_label
from refusenik.official.layout import sheet_layout
from refusenik.official.workbook import FormFile

__all__ = ["Fact", "parse_form"]

# Labels of 10-a summary rows live in the "Виды преступлений" column, not the article one.
_SUMMARY_PREFIXES = ("всего по", "итого по")


def _number(value: object) -> float | None:
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        text = value.replace("\xa0", "").replace(" ", "").replace(",", ".")
        try:
            return float(text) if text else None
        except ValueError:
            return None  # "х" (not applicable) and other marks
    return None


def parse_form(form_file: FormFile) -> list[Fact]:
    """Every numeric cell of every data sheet of `form_file`, as facts."""
    facts: list[Fact] = []
    for sheet in form_file.book.sheets():
        layout = sheet_layout(sheet, form_file.name)
        if layout is None:
            continue
        letters = {c.index: colname(c.index) for c in layout.metrics}
        previous: tuple[str | None, str | None] = (None, None)
        for row in range(layout.first_data_row, sheet.nrows):
            cells = [(c, _number(sheet.cell_value(row, c.index))) for c in layout.metrics]
            values = [(c, v) for c, v in cells if v is not None]
            if not values:
                continue
            clause = clean_label(sheet.cell_value(row, layout.label_col))
            name = (
                clean_label(sheet.cell_value(row, layout.name_col))
                if layout.name_col is not None
                else ""
            )
            if name.lower().startswith(_SUMMARY_PREFIXES) or not clause:
                label = name
            else:
                label = clause
            if not label:
                if not any(v for _, v in values):
                    continue
                label = f"(unlabelled row {row + 1})"
            article, part = parse_label(label, previous)
            if article is not None:
                previous = (article, part)
            for column, value in values:
                facts.append(
                    Fact(
                        year=form_file.year,
                        period=form_file.period,
                        form=form_file.form,
                        article=article,
                        part=part,
                        row_label=label,
                        metric=column.code,
                        value=value,
                        source_file=form_file.name,
                        sheet=sheet.name,
                        cell=f"{letters[column.index]}{row + 1}",
                    )
                )
    return facts
