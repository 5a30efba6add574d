"""Header mapping and form identification, including the errors for unknown layouts."""

from __future__ import annotations

import pytest

from refusenik.errors import UserInputError
from refusenik.official.columns import code_for, header_codes, normalize_header
from refusenik.official.labels import parse_label
from refusenik.official.layout import sheet_layout
from refusenik.official.workbook import _identify


class FakeSheet:
    """The slice of xlrd's Sheet API the layout code uses."""

    def __init__(self, name, rows, merged=()):
        width = max(len(r) for r in rows)
        self.name = name
        self.rows = [list(r) + [""] * (width - len(r)) for r in rows]
        self.nrows, self.ncols = len(self.rows), width
        self.merged_cells = list(merged)

    def cell_value(self, row, col):
        return self.rows[row][col]

    def row_values(self, row):
        return self.rows[row]


class FakeBook:
    def __init__(self, *sheets):
        self._sheets = sheets

    def sheet_by_index(self, index):
        return self._sheets[index]


def form_10_3(extra_header="штраф"):
    return FakeSheet(
        "Раздел 1",
        [
            ["Раздел 1. ВИДЫ НАКАЗАНИЯ"],
            ["Статьи УК РФ", "№ п/п", "ВСЕГО ОСУЖДЕНО", "ВИДЫ основного НАКАЗАНИЯ", ""],
            ["", "", "", "лишение свободы", extra_header],
            ["А", "", 1.0, 2.0, 3.0],
            ["328 ч. 1", 1.0, 1121.0, 1.0, 1113.0],
        ],
        # "ВИДЫ основного НАКАЗАНИЯ" spans two columns (rows 1..2 exclusive, cols 3..5)
        merged=[(1, 2, 3, 5)],
    )


def test_merged_headers_map_through_the_dictionaries():
    layout = sheet_layout(form_10_3(), "f.xls")
    assert [c.code for c in layout.metrics] == [
        "totalConvicted",
        "primaryImprisonment",
        "primaryFine",
    ]
    assert layout.first_data_row == 4 and layout.label_col == 0


def test_unknown_header_names_file_sheet_and_column():
    with pytest.raises(UserInputError) as error:
        sheet_layout(form_10_3("новый вид наказания"), "K7-2025.xls")
    message = str(error.value)
    assert "K7-2025.xls" in message and "'Раздел 1'" in message
    assert "column E" in message and "новый вид наказания" in message


def test_sheet_without_header_is_refused():
    sheet = FakeSheet("Раздел 1", [["какая-то таблица", 1.0], ["x", 2.0]])
    with pytest.raises(UserInputError, match="no table header; expected a first header cell"):
        sheet_layout(sheet, "odd.xls")


def test_sheet_without_numbering_row_is_refused():
    sheet = FakeSheet("Раздел 1", [["Статьи УК РФ", "ВСЕГО ОСУЖДЕНО"], ["328 ч. 1", 5.0]])
    with pytest.raises(UserInputError, match="no column-number row"):
        sheet_layout(sheet, "odd.xls")


def test_english_header_copy_is_read_by_code():
    sheet = FakeSheet("Раздел 1", [["clause", "totalConvicted"], ["328 ч. 1", "554.0"]])
    layout = sheet_layout(sheet, "2020main.xls")
    assert [c.code for c in layout.metrics] == ["totalConvicted"]
    bad = FakeSheet("Раздел 1", [["clause", "totallyUnknown"], ["328 ч. 1", 1.0]])
    with pytest.raises(UserInputError, match="'totallyUnknown' is not a known metric code"):
        sheet_layout(bad, "2020main.xls")


def test_title_sheet_identifies_form_year_and_period():
    title = FakeSheet(
        "Титул ф.10-а",
        [["", "", "", "ОТЧЕТ"], ["", "за", 12.0, "месяцев", 2023.0, "г.", "Форма № 10-а"]],
    )
    assert _identify(FakeBook(title), "k3.xls") == ("10-a", 2023, "12m")


def test_unknown_form_and_missing_title_are_refused():
    no_title = FakeSheet("Лист1", [["a"]])
    with pytest.raises(UserInputError, match="expected the title sheet"):
        _identify(FakeBook(no_title), "x.xls")
    other_form = FakeSheet("Титул ф.12", [["за", 12.0, "месяцев", 2023.0, "Форма № 12"]])
    with pytest.raises(UserInputError, match="no 'Форма № …' of a known form"):
        _identify(FakeBook(other_form), "x.xls")
    no_period = FakeSheet("Титул ф.10.3", [["Форма № 10.3"]])
    with pytest.raises(UserInputError, match="no reporting period"):
        _identify(FakeBook(no_period), "x.xls")


def test_header_normalisation_ignores_spacing_case_and_punctuation():
    assert normalize_header("Лишение свободы:  всего\n(число лиц)") == normalize_header(
        "лишение свободы всего число лиц"
    )
    assert (
        code_for(
            "ПРЕКРАЩЕНО | назначена мера уголовно-правового характера судебный штраф "
            "(ст. 25.1 УПК РФ)"
        )
        == "dismissalCourtFine"
    )
    assert len(header_codes()) > 150


@pytest.mark.parametrize(
    "label,previous,expected",
    [
        ("328 ч. 1", None, ("328", "1")),
        (106.0, None, ("106", None)),
        (322.1, None, ("322.1", None)),
        ("Воинские преступления", None, ("ch33", None)),
        ("Всего по составам УК РФ", None, ("total", None)),
        ("ВСЕГО ПО РАЗДЕЛАМ \n(сумма строк 2, 8, 12, 18, 23, 24)", None, ("total", None)),
        (
            "ИТОГО ПО РАЗДЕЛУ X. ПРЕСТУПЛЕНИЯ ПРОТИВ ГОСУДАРСТВЕННОЙ ВЛАСТИ",
            None,
            ("section-X", None),
        ),
        ("ВСЕГО ПО ГЛАВЕ 32. ПРЕСТУПЛЕНИЯ", None, ("ch32", None)),
        ("333 ч. 2 п. <<а>>", None, ("333", "2 п. а")),
        ("п. <<б>>", ("333", "2 п. а"), ("333", "2 п. б")),
        ('110 ч. 2 п. "д"', None, ("110", "2 п. д")),
        ("344 ч. 1 \n(344 в старой редакции)", None, ("344", "1")),
        ("ст. 248 ч. 3", None, ("248", "3")),
        ("222 ч. 5; 222 ч. 6; 222 ч. 7", None, (None, None)),
        ("резервная строка", None, (None, None)),
    ],
)
def test_row_labels(label, previous, expected):
    assert parse_label(label, previous or (None, None)) == expected
