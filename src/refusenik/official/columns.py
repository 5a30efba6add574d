"""Column headers → English metric codes, through the Dostoevsky dictionaries.

The forms' header wording drifts between years (spacing, hyphens, "(основное
наказание)" suffixes); the Dostoevsky project keeps every variant it met with the code
it means. We normalise both sides the same way — lower case, no whitespace or
punctuation — and add the few headers it lacks from data/columns_extra.yaml.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache

import yaml

from refusenik.official.bundled import DATA, DICTIONARY_DIR

# Codes for the columns that identify a row rather than hold a number.
STRUCTURAL = frozenset({"name", "clause", "rowNumber"})

_YEAR_SUFFIX = re.compile(r"\(\d{4}\)\s*$")
_NOT_WORD = re.compile(r"[\W_]+")


def normalize_header(text: object) -> str:
    """Header text reduced to lower-case letters and digits (the matching key)."""
    value = str(text).strip().lower().replace("ё", "е")
    value = _YEAR_SUFFIX.sub("", value)
    return _NOT_WORD.sub("", value)


def _wide_dictionary(name: str) -> list[tuple[str, str]]:
    # Wide files: header row = codes, each further row = one year's wording of them.
    with (DICTIONARY_DIR / name).open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    codes = rows[0]
    pairs = []
    for row in rows[1:]:
        for index, text in enumerate(row):
            code = codes[index] if index < len(codes) else ""
            if text and code:
                pairs.append((text, code))
    return pairs


def _long_dictionary(name: str) -> list[tuple[str, str]]:
    with (DICTIONARY_DIR / name).open(encoding="utf-8") as fh:
        return [(row["original"], row["translation"]) for row in csv.DictReader(fh)]


@cache
def _extra() -> dict:
    with (DATA / "columns_extra.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def header_codes() -> dict[str, str]:
    """Normalised header → code, from every dictionary; ambiguity is a packaging bug."""
    pairs: list[tuple[str, str]] = []
    for name in ("colNames2engNames.csv", "colNames2engNamesAdd.csv"):
        pairs += _wide_dictionary(name)
    pairs += _wide_dictionary("colNames2engNamesParameters.csv")
    for name in (
        "colNames2engNames_2023.csv",
        "colNames2engNamesAdd_2023.csv",
        "colNames2engNamesParameters_2023.csv",
    ):
        pairs += _long_dictionary(name)
    extra = _extra()
    pairs += list(extra["structural"].items()) + list(extra["metrics"].items())
    mapping: dict[str, str] = {}
    for text, code in pairs:
        key = normalize_header(text)
        if not key:
            continue
        if mapping.setdefault(key, code) != code:
            raise RuntimeError(f"header {text!r} maps to both {mapping[key]} and {code}")
    return mapping


@cache
def metric_descriptions() -> dict[str, str]:
    """Code → Russian label (Dostoevsky's metrics.json plus our own codes)."""
    with (DICTIONARY_DIR / "metrics.json").open(encoding="utf-8") as fh:
        labels = {k: v for k, v in json.load(fh).items() if re.fullmatch(r"[A-Za-z0-9_-]+", k)}
    labels.update(_extra()["descriptions"])
    return labels


def code_for(header: str) -> str | None:
    """The code of a (joined) column header, or None when no dictionary knows it."""
    return header_codes().get(normalize_header(header))


def is_known_code(code: str) -> bool:
    """True for a code the dictionaries use (headers of the English-header 2020 files)."""
    return code in STRUCTURAL or code in metric_descriptions() or code in header_codes().values()
