"""`refusenik stats …`: the analysis' figures on the command line, each with its unit,
source, as-of date and provisional months."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from refusenik.console import DB_OPTION, JSON_OPTION, print_json, stdout_console, table
from refusenik.errors import UserInputError

if TYPE_CHECKING:
    from refusenik.analysis.figures import Scope
    from refusenik.analysis.table import Table

HELP = (
    "Figures from the crawled cases: series of cases received, decisions and persons; "
    "sentences; the official statistics beside the crawl; headline numbers.\n\n"
    "Three measures are never added together: `received` counts cases by the day the court "
    "received them, `decisions` counts cases by the day of the decision, `persons` counts "
    "defendants of decided cases. Every table names its unit and source; the last three "
    "months before the crawl's as-of date are provisional (marked *).\n\n"
    "Examples: `refusenik stats series --article 337 --by year --split part`, "
    "`refusenik stats sentences --kind garrison_military --since 2022-09-24`, "
    "`refusenik stats reconcile --json`, `refusenik stats headline --court 63GV0006`."
)

app = typer.Typer(help=HELP, add_completion=False, no_args_is_help=True)

ARTICLE = typer.Option(None, "--article", "-a", help="УК РФ article, e.g. 337 or 352.1.")
PART = typer.Option(None, "--part", help="Part of the article, e.g. 5 or 2.1.")
GROUP = typer.Option(
    None, "--group", help="Refusal group: evasion, awol, desertion, refusal_of_orders …"
)
COURT = typer.Option(None, "--court", "-c", help="Court code(s), comma-separated: 63GV0006.")
KIND = typer.Option(None, "--kind", help="Court kind, e.g. garrison_military or district.")
DISTRICT = typer.Option(None, "--district", help="Military district, e.g. Центральный.")
REGION = typer.Option(None, "--region", help="Region name or code, e.g. 59.")
SINCE = typer.Option(None, "--since", help="From this day (YYYY-MM-DD), on the measure's date.")
UNTIL = typer.Option(None, "--until", help="To this day (YYYY-MM-DD), on the measure's date.")


def _scope(**options: str | None) -> Scope:
    """The scope of the options given; a bad value names its option (--kind …)."""
    from refusenik.analysis.figures import Scope
    from refusenik.analysis.scope import KEYS

    query = {k: v for k, v in options.items() if v is not None}
    try:
        return Scope.from_query(query)
    except UserInputError as exc:
        text = str(exc)
        head = text.split(" ", 1)[0]
        if head in KEYS:
            option = "court" if head == "courts" else head
            raise UserInputError(f"--{option}{text[len(head) :]}") from None
        raise


def _engine(db: str | None) -> Any:
    from refusenik.store import engine_for

    return engine_for(db)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _print(tables: list[Table], by: str = "month") -> None:
    console = stdout_console()
    for t in tables:
        view = table(*t.columns, title=t.title)
        for row in t.rows:
            cells = [_cell(v) for v in row]
            if t.columns and t.columns[0] == "period" and t.provisional_from is not None:
                if row[0] >= t.provisional_from or (
                    by == "year" and row[0].year == t.provisional_from.year
                ):
                    cells[0] += " *"
                if by == "month":
                    cells[0] = cells[0][:7] + cells[0][10:]
                else:
                    cells[0] = cells[0][:4] + cells[0][10:]
            view.add_row(*cells)
        console.print(view)
        console.print(f"unit: {t.unit}")
        console.print(f"source: {t.source}")
        as_of = t.as_of.isoformat() if t.as_of else "no crawl yet"
        provisional = (
            f"; provisional (*) from {t.provisional_from:%Y-%m}" if t.provisional_from else ""
        )
        console.print(f"as of: {as_of}{provisional}")
        for note in t.notes:
            console.print(f"note: {note}")
        console.print()


def _check(name: str, value: str, valid: tuple[str, ...]) -> str:
    if value not in valid:
        raise UserInputError(f"--{name} {value!r}: expected one of {', '.join(valid)}")
    return value


@app.command("series")
def series_command(
    measure: str = typer.Option(
        "received", "--measure", "-m", help="received, decisions or persons (never summed)."
    ),
    by: str = typer.Option("month", "--by", help="month or year."),
    split: str | None = typer.Option(
        None,
        "--split",
        help="One line per: group, article, part, court, region, district, outcome, kind.",
    ),
    article: str | None = ARTICLE,
    part: str | None = PART,
    group: str | None = GROUP,
    court: str | None = COURT,
    kind: str | None = KIND,
    district: str | None = DISTRICT,
    region: str | None = REGION,
    since: str | None = SINCE,
    until: str | None = UNTIL,
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Counts of one measure per month or year (provisional months marked *)."""
    from refusenik.analysis import figures as F

    _check("measure", measure, F.MEASURES)
    _check("by", by, ("month", "year"))
    if split is not None:
        _check("split", split, F.SPLITS)
    scope = _scope(
        article=article, part=part, group=group, courts=court, kind=kind,
        district=district, region=region, since=since, until=until,
    )  # fmt: skip
    result = F.series(_engine(db), scope, measure, by=by, split=split)  # type: ignore[arg-type]
    if as_json:
        print_json(result.to_dict())
        return
    _print([result], by)


@app.command("sentences")
def sentences_command(
    article: str | None = ARTICLE,
    part: str | None = PART,
    group: str | None = GROUP,
    court: str | None = COURT,
    kind: str | None = KIND,
    district: str | None = DISTRICT,
    region: str | None = REGION,
    since: str | None = SINCE,
    until: str | None = UNTIL,
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Outcomes, punishment kinds, terms per article part, and sentences below the minimum."""
    from refusenik.analysis import figures as F

    scope = _scope(
        article=article, part=part, group=group, courts=court, kind=kind,
        district=district, region=region, since=since, until=until,
    )  # fmt: skip
    engine = _engine(db)
    tables = [
        F.outcomes(engine, scope),
        F.sentence_kinds(engine, scope),
        F.terms(engine, scope),
        F.below_minimum(engine, scope),
        F.time_to_decision(engine, scope),
    ]
    if as_json:
        print_json([t.to_dict() for t in tables])
        return
    _print(tables)


@app.command("reconcile")
def reconcile_command(
    article: str | None = ARTICLE,
    part: str | None = PART,
    group: str | None = GROUP,
    court: str | None = COURT,
    kind: str | None = KIND,
    district: str | None = DISTRICT,
    region: str | None = REGION,
    since: str | None = SINCE,
    until: str | None = UNTIL,
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Crawled convictions against the official statistics, per year and group, with the
    official figure's source cell and the difference in persons."""
    from refusenik.analysis import figures as F

    scope = _scope(
        article=article, part=part, group=group, courts=court, kind=kind,
        district=district, region=region, since=since, until=until,
    )  # fmt: skip
    result = F.reconcile(_engine(db), scope)
    if as_json:
        print_json(result.to_dict())
        return
    _print([result])


@app.command("headline")
def headline_command(
    article: str | None = ARTICLE,
    part: str | None = PART,
    group: str | None = GROUP,
    court: str | None = COURT,
    kind: str | None = KIND,
    district: str | None = DISTRICT,
    region: str | None = REGION,
    since: str | None = SINCE,
    until: str | None = UNTIL,
    as_json: bool = JSON_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """The headline numbers of a scope: cases received, decisions, persons, persons
    sentenced, share suspended, share below the minimum, median days to decision."""
    from refusenik.analysis import figures as F

    scope = _scope(
        article=article, part=part, group=group, courts=court, kind=kind,
        district=district, region=region, since=since, until=until,
    )  # fmt: skip
    head = F.headline(_engine(db), scope)
    if as_json:
        print_json({k: _cell(v) if hasattr(v, "isoformat") else v for k, v in head.items()})
        return
    view = table("figure", "value", title=f"Headline — {head['scope']}")
    for key, value in head.items():
        if key != "scope":
            view.add_row(key.replace("_", " "), _cell(value))
    console = stdout_console()
    console.print(view)
    console.print(f"source: {F.SOURCE}")
    if head["provisional_from"]:
        console.print(f"months from {head['provisional_from']:%Y-%m} on are provisional")


@app.command("refresh")
def refresh_command(db: str | None = DB_OPTION) -> None:
    """Rebuild the analysis tables from the store's cases (crawl and reparse do this when
    they finish; run it after writing to the store any other way)."""
    import time

    from refusenik.analysis import refresh

    t = time.perf_counter()
    rows = refresh(_engine(db))
    stdout_console().print(f"{rows} rows rebuilt in {time.perf_counter() - t:.1f} s")
