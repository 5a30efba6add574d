"""Article and part from the row labels of the forms.

Labels look like "328 ч. 1", "106" (read by Excel as 106.0), "322.1 ч. 2 п. <<а>>",
"п. <<б>>" (a point continuing the row above), "134 ч. 1 (в редакции ФЗ …)", or are
totals: "Всего по составам УК РФ", "Воинские преступления" (all of Chapter 33),
"ВСЕГО ПО ГЛАВЕ 16 …", "ИТОГО ПО РАЗДЕЛУ VII …". Points are folded into the part
("2 п. а") so that `part == "2"` always means the whole part.
"""

from __future__ import annotations

import re

TOTAL = "total"
CHAPTER_33 = "ch33"

_ARTICLE = re.compile(
    r"^(?:ст\.\s*)?(?P<article>\d{3}(?:\.\d{1,2})?)"
    r"(?:\s*ч\.\s*(?P<part>\d+(?:\.\d+)?))?"
    r"(?:\s*п\.\s*(?P<point>(?:<<|«|\")?\s*[а-я](?:\.\s*\d+)?\s*(?:>>|»|\")?))?"
)
_POINT_ONLY = re.compile(r"^п\.\s*(?P<point>(?:<<|«|\")?\s*[а-я](?:\.\s*\d+)?\s*(?:>>|»|\")?)")
_CHAPTER = re.compile(r"^всего по главе (\d+)", re.IGNORECASE)
_SECTION = re.compile(r"^итого по разделу ([IVXLC]+)\b", re.IGNORECASE)
_NATIONAL = re.compile(r"^(всего по составам ук рф|всего по разделам)", re.IGNORECASE)


def clean_label(value: object) -> str:
    """Cell text with whitespace collapsed; Excel numbers (106.0) back to "106"."""
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    return " ".join(str(value).split())


def _point(text: str) -> str:
    return re.sub(r"[<>«»\"\s]", "", text)


def parse_label(label: str, previous: tuple[str | None, str | None] = (None, None)):
    """(article, part) for a row label; `previous` resolves point-only continuation rows.

    Unknown labels, and rows pooling several articles ("222 ч. 5; 222 ч. 6"), give
    (None, None): the row is still kept with its label.
    """
    text = clean_label(label)
    lowered = text.lower()
    if _NATIONAL.match(lowered):
        return TOTAL, None
    if lowered.startswith("воинские преступления"):
        return CHAPTER_33, None
    if match := _CHAPTER.match(lowered):
        return f"ch{int(match.group(1))}", None
    if match := _SECTION.match(text):
        return f"section-{match.group(1).upper()}", None
    if match := _POINT_ONLY.match(lowered):
        article, part = previous
        if article is None:
            return None, None
        base = (part or "").split(" п. ")[0]
        point = _point(match.group("point"))
        return article, f"{base} п. {point}".strip()
    if ";" in lowered.split("(")[0]:
        return None, None  # several articles or points pooled in one row
    if match := _ARTICLE.match(lowered):
        part = match.group("part")
        if match.group("point"):
            point = _point(match.group("point"))
            part = f"{part} п. {point}" if part else f"п. {point}"
        return match.group("article"), part
    return None, None
