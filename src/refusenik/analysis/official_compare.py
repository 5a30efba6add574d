"""The official sentence distributions beside the crawled ones, and the two reconciled.

Units differ and every table says so: the Judicial Department's forms count persons whose
sentence entered into force in the year, under the most serious offence (form 10.3), in
all courts of the country; the crawl counts persons in first-instance decisions by the day
of the decision, in the courts it read. Every official number carries the cell it was read
from. Since 2021 the forms publish no per-article rows for Chapter 33 (arts. 331–352.1):
those years are answered with the chapter's total, and the table says so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine

from refusenik.analysis.official import CHAPTER_33, Filters, has_figures, in_chapter_33, iter_facts
from refusenik.analysis.scope import Scope
from refusenik.analysis.table import Table
from refusenik.official.fact import Fact

OFFICIAL_SOURCE = "Судебный департамент при Верховном Суде РФ, форма 10.3 (и 10.3.1), все суды"
OFFICIAL_UNIT = "persons convicted (sentence in force; 10.3: most serious offence)"
# Form 10.3 columns of the main punishment → the project's punishment kinds.
KIND_OF_METRIC = {
    "primaryImprisonment": "imprisonment",
    "primarySuspended": "suspended",
    "primaryFine": "fine",
    "primaryMilitaryDisciplinaryUnit": "disciplinary_unit",
    "primaryRestrictionsInMilitaryService": "restriction_of_service",
    "primaryForcedLabour": "forced_labour",
    "primaryCorrectionalLabour": "correctional_labour",
    "primaryCommunityService": "compulsory_works",
    "primaryRestrain": "restriction_of_freedom",
    "primaryArrest": "arrest",
    "primaryDisqualification": "ban",
    "primaryLifeSentence": "life_imprisonment",
    "primaryOther": "other",
}
TOTAL = "totalConvicted"
BELOW_MINIMUM = "primaryImprisonmentUnderLowerLimit"  # form 10.3.1
NOT_IMPORTED = "official statistics are not in this store: run `refusenik official import`"


def _facts(engine: Engine, article: str, metrics: Iterable[str], form: str) -> list[Fact]:
    filters = Filters(article=article, metrics=tuple(metrics), form=form, derived=False)
    return list(iter_facts(engine, filters))


def _years_of(facts: Iterable[Fact]) -> set[int]:
    return {f.year for f in facts}


def official_distribution(engine: Engine, article: str, years: range | None = None) -> Table:
    """Per year and part: persons convicted by kind of main punishment, their share of all
    convicted, and below the statutory minimum (10.3.1) — each with its source cell.

    `article` is "328", "337" … or "ch33". Years whose forms have no row for a Chapter 33
    article are given the chapter's total instead (marked in the `part` column).
    """
    from refusenik.analysis.official import normalize_article

    article = normalize_article(article)
    wanted = (*KIND_OF_METRIC, TOTAL)
    notes = [
        "shares are of all persons convicted under the same article (part) in the year",
        "suspended = imprisonment suspended under art. 73; imprisonment = real imprisonment",
    ]
    if not has_figures(engine):
        return Table(
            title=f"Official sentences, art. {article}",
            unit=OFFICIAL_UNIT,
            columns=("year", "part", "kind", "persons", "share", "form", "source"),
            rows=(),
            source=OFFICIAL_SOURCE,
            notes=(NOT_IMPORTED,),
        )
    facts = _facts(engine, article, wanted, "10.3") + _facts(
        engine, article, [BELOW_MINIMUM], "10.3.1"
    )
    if article != CHAPTER_33 and in_chapter_33(article):
        have = _years_of(facts)
        chapter = [
            f
            for f in _facts(engine, CHAPTER_33, wanted, "10.3")
            + _facts(engine, CHAPTER_33, [BELOW_MINIMUM], "10.3.1")
            if f.year not in have
        ]
        if chapter:
            shown = sorted(_years_of(chapter))
            notes.append(
                f"for {', '.join(map(str, shown))} the forms publish no row for art. {article}: "
                "the figures are the Chapter 33 total (part = 'ch33'), all military crimes"
            )
            facts += [_as_chapter(f) for f in chapter]
    if years is not None:
        facts = [f for f in facts if f.year in years]
    totals = {(f.year, f.part): f.value for f in facts if f.metric == TOTAL}
    rows = []
    for f in sorted(facts, key=lambda f: (f.year, f.part or "", f.metric != TOTAL, f.metric)):
        kind = "convicted" if f.metric == TOTAL else KIND_OF_METRIC.get(f.metric, "below_minimum")
        whole = totals.get((f.year, f.part))
        share = None if f.metric == TOTAL or not whole else round(f.value / whole, 4)
        rows.append((f.year, f.part, kind, int(f.value), share, f.form, f.source))
    return Table(
        title=f"Official sentences, art. {article}",
        unit=OFFICIAL_UNIT,
        columns=("year", "part", "kind", "persons", "share", "form", "source"),
        rows=tuple(rows),
        source=OFFICIAL_SOURCE,
        notes=tuple(notes),
    )


def _as_chapter(f: Fact) -> Fact:
    from dataclasses import replace

    return replace(f, part=CHAPTER_33)


def _group_articles() -> dict[str, list[str]]:
    from refusenik import law

    out: dict[str, list[str]] = defaultdict(list)
    for a in law.articles():
        if a.group is not None:
            out[str(a.group)].append(a.number)
    return dict(out)


def _official_convicted(engine: Engine, articles: list[str]) -> dict[int, tuple[float, list[str]]]:
    """Year → (persons convicted, source cells) summed over the articles' raw rows."""
    out: dict[int, tuple[float, list[str]]] = {}
    for article in articles:
        by_year: dict[int, list[Fact]] = defaultdict(list)
        for f in _facts(engine, article, [TOTAL], "10.3"):
            by_year[f.year].append(f)
        for year, facts in by_year.items():
            # Rows per part where the form has them, else the article's own row.
            parts = [f for f in facts if f.part is not None] or facts
            value, cells = out.get(year, (0.0, []))
            out[year] = (value + sum(f.value for f in parts), cells + [f.source for f in parts])
    return out


def reconcile(engine: Engine, scope: Scope) -> Table:
    """Per year and refusal group: persons convicted in the crawl against the official count.

    Rows for a Chapter 33 group in a year the forms hide are left without an official figure;
    a 'chapter 33' row per year compares the crawl's Chapter 33 groups with the chapter total.
    """
    from refusenik.analysis import cells
    from refusenik.analysis.state import store_state

    ready = store_state(engine)
    crawled: dict[tuple[int, str], int] = defaultdict(int)
    if ready.has_data:
        with engine.connect() as conn:
            found = cells.counts(conn, "sentenced", scope, ("month", "grp"))
        for (month, grp), n in found.items():
            if grp is not None:
                crawled[(int(month[:4]), grp)] += n
    groups = _group_articles()
    notes = [
        "crawled: persons convicted in first-instance decisions read from court websites, by "
        "decision year, in the courts and scope crawled (" + scope.describe() + ")",
        "official: persons whose sentence entered into force in the year, all courts, form "
        "10.3 (most serious offence); difference = official − crawled, in persons",
        "the two differ in unit of time (decision vs entry into force), courts covered and "
        "offence counted; a crawl that misses courts or years reads low",
    ]
    official: dict[tuple[int, str], tuple[float, list[str]]] = {}
    chapter: dict[int, tuple[float, list[str]]] = {}
    if has_figures(engine):
        for grp, articles in groups.items():
            for y, figure in _official_convicted(engine, articles).items():
                official[(y, grp)] = figure
        for f in _facts(engine, CHAPTER_33, [TOTAL], "10.3"):
            chapter[f.year] = (f.value, [f.source])
    else:
        notes.append(NOT_IMPORTED)
    years = sorted({y for y, _ in crawled} | {y for y, _ in official})
    rows: list[tuple[Any, ...]] = []
    chapter_groups = {g for g, arts in groups.items() if any(in_chapter_33(a) for a in arts)}
    for y in years:
        for grp in sorted(groups):
            mine = crawled.get((y, grp), 0)
            theirs = official.get((y, grp))
            if not mine and theirs is None:
                continue
            rows.append(_row(y, grp, mine, theirs))
        if y in chapter:
            mine = sum(crawled.get((y, g), 0) for g in chapter_groups)
            rows.append(_row(y, "chapter 33 (all military crimes)", mine, chapter[y]))
    hidden = sorted(
        {y for y in years for g in chapter_groups if (y, g) not in official and y in chapter}
    )
    if hidden:
        notes.append(
            "no per-article official rows for Chapter 33 in "
            + ", ".join(map(str, hidden))
            + ": compare with the 'chapter 33' row (which also counts military crimes the "
            "crawl does not watch)"
        )
    return Table(
        title=f"Crawled convictions vs official statistics — {scope.describe()}",
        unit="persons convicted",
        columns=(
            "year",
            "group",
            "crawled",
            "official",
            "difference",
            "crawled_unit",
            "official_unit",
            "official_source",
        ),
        rows=tuple(rows),
        source=f"refusenik crawl of court websites; {OFFICIAL_SOURCE}",
        as_of=ready.as_of,
        notes=(*notes, *ready.notes),
    )


def _row(
    year: int, group: str, mine: int, theirs: tuple[float, list[str]] | None
) -> tuple[Any, ...]:
    official = None if theirs is None else int(theirs[0])
    return (
        year,
        group,
        mine,
        official,
        None if official is None else official - mine,
        "persons convicted (first-instance decision, by decision year)",
        "persons convicted (sentence in force, form 10.3)",
        None if theirs is None else " + ".join(theirs[1]),
    )
