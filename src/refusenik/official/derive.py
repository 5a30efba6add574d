"""Series computed from the published numbers — always `derived=True` with the formula.

Each derivation uses the cells of one file only, so derived rows belong to that file's
source in the store and are replaced with it.

* Chapter 33 in Form 10-a. From 2021 the Judicial Department dropped the Chapter-33
  sheet, but the national line "ВСЕГО ПО РАЗДЕЛАМ (сумма строк 2, 8, 12, 18, 23, 24)"
  still includes the hidden line 24 (Section XI = Chapter 33). National total minus the
  visible section totals recovers it for every 10-a column. Per-article detail cannot be
  recovered: nothing else in the files constrains how the total splits between articles.
  (The files in fact lack the sheet for 2017–2019 too; the same arithmetic applies.)
* Art. 328 as a whole (ч. 1 + ч. 2) in every form, and in 10-a "main article plus
  additional qualification" persons (what Verstka published as 958 for 2023).
* Punishment structure (Form 10.3): share of each main punishment in all convicted, for
  Chapter 33, art. 328 and the national total.
* Imprisonment terms (Form 10.3.1): sum of the term bands, their shares, persons over
  3 years, and the band holding the median term.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from refusenik.official.labels import CHAPTER_33, TOTAL
from refusenik.official.parse import Fact

VISIBLE_SECTIONS = ("section-VII", "section-VIII", "section-IX", "section-X", "section-XII")
HIDDEN_SECTION = "section-XI"

STRUCTURE = (
    "primaryImprisonment",
    "primarySuspended",
    "primaryFine",
    "primaryMilitaryDisciplinaryUnit",
    "primaryRestrictionsInMilitaryService",
    "primaryCommunityService",
    "primaryCorrectionalLabour",
    "primaryRestrain",
)
# (code, upper bound of the band in years)
TERM_BANDS = (
    ("primaryImprisonment1", 1),
    ("primaryImprisonment1_2", 2),
    ("primaryImprisonment2_3", 3),
    ("primaryImprisonment3_5", 5),
    ("primaryImprisonment5_8", 8),
    ("primaryImprisonment8_10", 10),
    ("primaryImprisonment10_15", 15),
    ("primaryImprisonment15_20", 20),
)
FOCUS = ((CHAPTER_33, None), ("328", "1"), ("328", "2"), ("328", None), (TOTAL, None))

DESCRIPTIONS = {
    "convictedMainPlusAdditional": "Осуждено по основной статье + по дополнительной квалификации (лиц)",
    "primaryImprisonmentBandsTotal": "Лишение свободы: сумма лиц по срокам (графы сроков 10.3.1)",
    "primaryImprisonmentOver3": "Лишение свободы на срок свыше 3 лет (лиц)",
    "primaryImprisonmentMedianUpperYears": "Верхняя граница срока (лет) интервала, содержащего медиану",
    **{f"{code}Share": f"Доля «{code}» среди всех осужденных (10.3)" for code in STRUCTURE},
    **{f"{code}Share": f"Доля интервала «{code}» среди лишенных свободы" for code, _ in TERM_BANDS},
}


def _fmt(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _relevant(article: str | None) -> bool:
    # Only these rows take part in a derivation; skipping the rest keeps the index small.
    return article is not None and (
        article in (TOTAL, CHAPTER_33, "328") or article.startswith("section-")
    )


class _Index:
    """Facts of one file by (sheet, article, part, metric); first occurrence wins."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.by_key: dict[tuple, Fact] = {}
        self.sheets: dict[str, set[tuple[str | None, str | None]]] = {}
        for fact in facts:
            if fact.derived or not _relevant(fact.article):
                continue
            self.by_key.setdefault((fact.sheet, fact.article, fact.part, fact.metric), fact)
            self.sheets.setdefault(fact.sheet or "", set()).add((fact.article, fact.part))

    def get(self, sheet: str, article: str | None, part: str | None, metric: str) -> Fact | None:
        return self.by_key.get((sheet, article, part, metric))

    def metrics(self, sheet: str, article: str | None, part: str | None) -> list[str]:
        return [m for (s, a, p, m) in self.by_key if (s, a, p) == (sheet, article, part)]


def _derived(template: Fact, **changes: Any) -> Fact:
    return replace(template, derived=True, cell=None, **changes)


def chapter33_by_subtraction(index: _Index) -> list[Fact]:
    """10-a: Chapter 33 = national total − visible section totals, for every column."""
    out = []
    for sheet, rows in index.sheets.items():
        sections = {a for a, _ in rows if a and a.startswith("section-")}
        if (TOTAL, None) not in rows or HIDDEN_SECTION in sections:
            continue
        if set(VISIBLE_SECTIONS) - sections:
            continue
        for metric in index.metrics(sheet, TOTAL, None):
            if metric.startswith("add"):
                # Additional-qualification columns count a person once per section whose
                # article was added, so the national line is not the sum of the sections:
                # subtracting gives nonsense (negative persons). Only main-article columns
                # partition the total.
                continue
            total = index.get(sheet, TOTAL, None, metric)
            found = [index.get(sheet, s, None, metric) for s in VISIBLE_SECTIONS]
            parts = [p for p in found if p is not None]
            if total is None or len(parts) != len(found):
                continue
            value = total.value - sum(p.value for p in parts)
            cells = " + ".join(p.cell or "?" for p in parts)
            values = " + ".join(_fmt(p.value) for p in parts)
            formula = (
                f"{total.cell} − ({cells}) = {_fmt(total.value)} − ({values}) = {_fmt(value)}: "
                f"national total «{total.row_label}» minus the visible section totals "
                "VII, VIII, IX, X, XII; the remainder is the hidden line 24, "
                "Section XI = Chapter 33 (crimes against military service)"
            )
            out.append(
                _derived(
                    total,
                    article=CHAPTER_33,
                    part=None,
                    row_label="Глава 33. Преступления против военной службы (recovered)",
                    value=value,
                    formula=formula,
                )
            )
    return out


def article328_total(index: _Index) -> list[Fact]:
    """Art. 328 as a whole = ч. 1 + ч. 2, wherever both parts are printed."""
    out = []
    for sheet, rows in index.sheets.items():
        if ("328", "1") not in rows or ("328", "2") not in rows:
            continue
        for metric in index.metrics(sheet, "328", "1"):
            one, two = index.get(sheet, "328", "1", metric), index.get(sheet, "328", "2", metric)
            if one is None or two is None:
                continue
            value = one.value + two.value
            out.append(
                _derived(
                    one,
                    part=None,
                    row_label="328 (ч. 1 + ч. 2)",
                    value=value,
                    formula=f"{one.cell} + {two.cell} = {_fmt(one.value)} + {_fmt(two.value)}"
                    f" = {_fmt(value)} (328 ч. 1 + 328 ч. 2)",
                )
            )
    return out


def main_plus_additional(index: _Index, facts: list[Fact]) -> list[Fact]:
    """10-a: persons convicted by main article plus those with it as additional qualification."""
    out = []
    targets = {(f.sheet, f.article, f.part) for f in facts if f.article == "328"}
    for sheet_or_none, article, part in sorted(targets, key=str):
        sheet = sheet_or_none or ""
        main = index.get(sheet, article, part, "totalConvictedMain")
        extra = index.get(sheet, article, part, "addTotalPersons")
        if main is None or extra is None:
            continue
        value = main.value + extra.value
        out.append(
            _derived(
                main,
                metric="convictedMainPlusAdditional",
                value=value,
                formula=f"{main.cell} + {extra.cell} = {_fmt(main.value)} + {_fmt(extra.value)}"
                f" = {_fmt(value)} (persons by main article + persons with 328 as an additional "
                "qualification; the sum Verstka published, e.g. 958 for 2023)",
            )
        )
    return out


def punishment_shares(index: _Index) -> list[Fact]:
    """10.3: each main punishment as a share of everyone convicted."""
    out = []
    for sheet in index.sheets:
        for article, part in FOCUS:
            total = index.get(sheet, article, part, "totalConvicted")
            if total is None or total.value <= 0:
                continue
            for code in STRUCTURE:
                fact = index.get(sheet, article, part, code)
                if fact is None:
                    continue
                share = fact.value / total.value
                out.append(
                    _derived(
                        fact,
                        metric=f"{code}Share",
                        value=share,
                        formula=f"{fact.cell} / {total.cell} = {_fmt(fact.value)} / "
                        f"{_fmt(total.value)} = {share:.4f} ({code} / totalConvicted)",
                    )
                )
    return out


def term_bands(index: _Index) -> list[Fact]:
    """10.3.1: totals, shares and median of the imprisonment-term bands."""
    out = []
    for sheet in index.sheets:
        for article, part in FOCUS:
            bands = [(index.get(sheet, article, part, c), upper) for c, upper in TERM_BANDS]
            present = [(f, upper) for f, upper in bands if f is not None]
            if len(present) < 3:
                continue
            first = present[0][0]
            total = sum(f.value for f, _ in present)
            cells = " + ".join(f.cell for f, _ in present)  # type: ignore[misc]
            values = " + ".join(_fmt(f.value) for f, _ in present)
            out.append(
                _derived(
                    first,
                    metric="primaryImprisonmentBandsTotal",
                    value=total,
                    formula=f"{cells} = {values} = {_fmt(total)} (sum of the term bands up to "
                    "20 years; life terms are not in the bands)",
                )
            )
            over3 = [(f, u) for f, u in present if u > 3]
            out.append(
                _derived(
                    first,
                    metric="primaryImprisonmentOver3",
                    value=sum(f.value for f, _ in over3),
                    formula=" + ".join(f.cell for f, _ in over3)  # type: ignore[misc]
                    + " = "
                    + " + ".join(_fmt(f.value) for f, _ in over3)
                    + " (bands above 3 years)",
                )
            )
            if total <= 0:
                continue
            for fact, _ in present:
                share = fact.value / total
                out.append(
                    _derived(
                        fact,
                        metric=f"{fact.metric}Share",
                        value=share,
                        formula=f"{fact.cell} / ({cells}) = {_fmt(fact.value)} / {_fmt(total)}"
                        f" = {share:.4f}",
                    )
                )
            running = 0.0
            for fact, upper in present:
                running += fact.value
                if running >= total / 2:
                    out.append(
                        _derived(
                            first,
                            metric="primaryImprisonmentMedianUpperYears",
                            value=float(upper),
                            formula=f"cumulative persons reach half of {_fmt(total)} "
                            f"({_fmt(running)} ≥ {_fmt(total / 2)}) in band {fact.metric} "
                            f"(cell {fact.cell}); its upper bound is {upper} years",
                        )
                    )
                    break
    return out


def derive(facts: list[Fact]) -> list[Fact]:
    """All derived facts of one file's facts."""
    if not facts:
        return []
    index = _Index(facts)
    form = facts[0].form
    out = article328_total(index)
    if form == "10-a":
        out += chapter33_by_subtraction(index) + main_plus_additional(index, facts)
    elif form == "10.3":
        out += punishment_shares(index)
    elif form == "10.3.1":
        out += term_bands(index)
    return out
