"""Open a Judicial Department XLS form (plain or .gz) and say which form it is.

The title sheet ("Титул ф.…") of every form prints "Форма № 10.3" and "за 12 месяцев
2022 г."; reading them, rather than trusting file names (2020main, K7-svod, k3-svod …),
is what lets an unknown or renamed file be recognised — or refused with a clear error.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import xlrd

from refusenik.errors import UserInputError

LOG = logging.getLogger(__name__)
FORMS = {"10.3": "10.3", "10.3.1": "10.3.1", "10-а": "10-a", "10-a": "10-a"}
_FORM = re.compile(r"Форма\s*№\s*(10[.\-][0-9.аa]+)", re.IGNORECASE)


@dataclass(frozen=True)
class FormFile:
    """An opened form: its workbook, identity and provenance."""

    path: Path
    name: str  # file name without .gz: the name used in sources ("2017main.xls")
    sha256: str  # of the uncompressed XLS bytes
    book: xlrd.book.Book
    form: str  # "10.3", "10.3.1" or "10-a"
    year: int
    period: str  # "12m" for the annual forms, "6m" for half-year ones


def display_name(path: Path) -> str:
    """The XLS name a file is known by (bundled copies drop their .gz)."""
    return path.name[:-3] if path.name.endswith(".gz") else path.name


def read_bytes(path: Path) -> bytes:
    """The XLS bytes of `path`, decompressing .gz copies."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserInputError(f"{path}: cannot read the file ({exc.strerror})") from exc
    if path.name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise UserInputError(f"{path.name}: not a readable gzip file ({exc})") from exc
    return raw


class _XlrdLog:
    """A file-like sink for xlrd's diagnostics, which it would otherwise print on stdout.

    The Judicial Department files trigger harmless notes ("file size not 512 + multiple
    of sector size"); they go to the debug log so stdout stays clean for tables and JSON.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, text: str) -> int:
        if text.strip():
            LOG.debug("xlrd, %s: %s", self.name, text.strip())
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered."""


def open_form(path: Path, raw: bytes | None = None) -> FormFile:
    """Open and identify a form file; anything else raises `UserInputError`.

    `raw` is the file's XLS bytes when the caller has already read them (to hash them).
    """
    if raw is None:
        raw = read_bytes(path)
    name = display_name(path)
    try:
        book = xlrd.open_workbook(
            file_contents=raw, formatting_info=True, logfile=_XlrdLog(name), verbosity=0
        )
    except Exception as exc:  # xlrd raises many unrelated types for broken files
        raise UserInputError(
            f"{name}: not a readable .xls workbook ({str(exc).split(';')[0]}); "
            "expected a Judicial Department "
            "form 10.3, 10.3.1 or 10-a in Excel 97-2003 format"
        ) from exc
    form, year, period = _identify(book, name)
    return FormFile(
        path=path,
        name=name,
        sha256=hashlib.sha256(raw).hexdigest(),
        book=book,
        form=form,
        year=year,
        period=period,
    )


def _identify(book: xlrd.book.Book, name: str) -> tuple[str, int, str]:
    title = book.sheet_by_index(0)
    if not title.name.startswith("Титул"):
        raise UserInputError(
            f"{name}, sheet {title.name!r}: expected the title sheet of a Judicial Department "
            "form ('Титул ф.10.3', 'Титул ф.10.3.1' or 'Титул ф.10-а') as the first sheet"
        )
    form = months = year = None
    for row in range(min(title.nrows, 40)):
        values = title.row_values(row)
        for col, value in enumerate(values):
            text = str(value).strip()
            match = _FORM.search(text)
            if match and form is None:
                form = FORMS.get(match.group(1).rstrip(".").lower())
            if text == "месяцев" and 0 < col < len(values) - 1:
                months, year = _number(values[col - 1]), _number(values[col + 1])
    if form is None:
        raise UserInputError(
            f"{name}, sheet {title.name!r}: no 'Форма № …' of a known form; expected "
            "form 10.3, 10.3.1 or 10-a"
        )
    if months not in (6, 12) or year is None or not 2000 <= year <= 2100:
        raise UserInputError(
            f"{name}, sheet {title.name!r}: no reporting period 'за 12 месяцев YYYY г.' "
            "(or 6 months) on the title sheet"
        )
    return form, year, f"{months}m"


def _number(value: object) -> int | None:
    try:
        return int(float(str(value).strip()))
    except ValueError:
        return None
