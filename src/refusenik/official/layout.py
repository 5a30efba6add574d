"""Where a form sheet's header, column numbers and data are, and what each column means.

Headers are merged cells spanning two or three rows; a column's header is the text of
every level above it joined (e.g. "ВИДЫ основного НАКАЗАНИЯ | штраф") and looked up in
the dictionaries. Below the header a numbering row ("А Б 1 2 3 …") ends it. The 2020
10.3 and 10.3.1 copies carry English codes in row 1 instead and no numbering row.
"""

from __future__ import annotations

from dataclasses import dataclass

import xlrd
from xlrd.formula import colname

from refusenik.errors import UserInputError
from refusenik.official.columns import STRUCTURAL, code_for, is_known_code, normalize_header

HEADER_STARTS = frozenset({"статьиукрф", "видыпреступлений"})
# Sections 22/23 of 10-a (crimes via the internet, against minors) re-count persons
# already in the chapter sheets under a condition; importing them would double count.
SUBSET_MARK = "условия расчета значений раздела"


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    code: str


@dataclass(frozen=True)
class SheetLayout:
    first_data_row: int
    label_col: int
    name_col: int | None
    metrics: tuple[Column, ...]


def sheet_layout(sheet: xlrd.sheet.Sheet, file_name: str) -> SheetLayout | None:
    """The layout of a data sheet; None for sheets that hold no form rows to import."""
    if sheet.name.startswith("Титул") or sheet.nrows == 0:
        return None
    if _is_subset_section(sheet):
        return None
    if str(sheet.cell_value(0, 0)).strip() == "clause":
        return _english_layout(sheet, file_name)
    start = _header_start(sheet)
    if start is None:
        raise UserInputError(
            f"{file_name}, sheet {sheet.name!r}: no table header; expected a first header cell "
            "'Статьи УК РФ' (10.3, 10.3.1) or 'Виды преступлений' (10-a) in the first 20 rows"
        )
    numbers = _numbering_row(sheet, start)
    if numbers is None:
        raise UserInputError(
            f"{file_name}, sheet {sheet.name!r}: no column-number row ('А Б 1 2 3 …') below "
            f"the header at row {start + 1}"
        )
    headers = _joined_headers(sheet, start, numbers)
    columns = []
    for index, header in enumerate(headers):
        number = sheet.cell_value(numbers, index)
        if not header:
            if isinstance(number, float):
                raise UserInputError(
                    f"{file_name}, sheet {sheet.name!r}: column {colname(index)} is numbered "
                    f"{int(number)} but has no header text"
                )
            continue
        code = code_for(header)
        if code is None:
            raise UserInputError(
                f"{file_name}, sheet {sheet.name!r}: column {colname(index)} header "
                f"{header!r} is not in the column dictionaries; expected one of the known "
                "headers of forms 10.3 / 10.3.1 / 10-a (new wording? add it to "
                "official/data/columns_extra.yaml)"
            )
        columns.append(Column(index, header, code))
    return _assemble(columns, numbers + 1, sheet, file_name)


def _english_layout(sheet: xlrd.sheet.Sheet, file_name: str) -> SheetLayout:
    columns = []
    for index, value in enumerate(sheet.row_values(0)):
        code = str(value).strip()
        if not code:
            continue
        if not is_known_code(code):
            raise UserInputError(
                f"{file_name}, sheet {sheet.name!r}: column {colname(index)} code {code!r} is "
                "not a known metric code (see `refusenik official metrics`)"
            )
        columns.append(Column(index, code, code))
    return _assemble(columns, 1, sheet, file_name)


def _assemble(
    columns: list[Column], first_data_row: int, sheet: xlrd.sheet.Sheet, file_name: str
) -> SheetLayout:
    by_code: dict[str, Column] = {}
    for column in columns:
        if column.code in by_code:
            raise UserInputError(
                f"{file_name}, sheet {sheet.name!r}: columns {colname(by_code[column.code].index)} "
                f"and {colname(column.index)} both mean {column.code!r}; expected one column each"
            )
        by_code[column.code] = column
    if "clause" not in by_code:
        raise UserInputError(
            f"{file_name}, sheet {sheet.name!r}: no article column ('Статьи УК РФ'); "
            "expected one in every form sheet"
        )
    metrics = tuple(c for c in columns if c.code not in STRUCTURAL)
    if not metrics:
        raise UserInputError(f"{file_name}, sheet {sheet.name!r}: no data columns found")
    name = by_code.get("name")
    return SheetLayout(
        first_data_row=first_data_row,
        label_col=by_code["clause"].index,
        name_col=name.index if name else None,
        metrics=metrics,
    )


def _is_subset_section(sheet: xlrd.sheet.Sheet) -> bool:
    for row in range(min(sheet.nrows, 4)):
        for value in sheet.row_values(row)[:3]:
            if SUBSET_MARK in str(value):
                return True
    return False


def _header_start(sheet: xlrd.sheet.Sheet) -> int | None:
    for row in range(min(sheet.nrows, 20)):
        if normalize_header(sheet.cell_value(row, 0)) in HEADER_STARTS:
            return row
    return None


def _numbering_row(sheet: xlrd.sheet.Sheet, start: int) -> int | None:
    for row in range(start + 1, min(sheet.nrows, start + 8)):
        numbers = [v for v in sheet.row_values(row) if isinstance(v, float)]
        if numbers[:3] == [1.0, 2.0, 3.0]:
            return row
    return None


def _joined_headers(sheet: xlrd.sheet.Sheet, start: int, end: int) -> list[str]:
    # A merged cell's text sits in its top-left cell; spread it over the whole range.
    spread: dict[tuple[int, int], object] = {}
    for r0, r1, c0, c1 in sheet.merged_cells:
        if start <= r0 < end:
            for r in range(r0, min(r1, end)):
                for c in range(c0, c1):
                    spread[(r, c)] = sheet.cell_value(r0, c0)
    headers = []
    for col in range(sheet.ncols):
        levels: list[str] = []
        for row in range(start, end):
            text = " ".join(str(spread.get((row, col), sheet.cell_value(row, col))).split())
            if text and (not levels or levels[-1] != text):
                levels.append(text)
        headers.append(" | ".join(levels))
    return headers
