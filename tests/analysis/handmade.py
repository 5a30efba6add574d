"""Tiny stores written row by row, where every figure's right answer is known by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa

from refusenik.store import migrate
from refusenik.store.case_tables import ARTICLES, CASES, DEFENDANTS, PUNISHMENTS, RUNS

SEEN = datetime(2026, 11, 20, 12, tzinfo=UTC)


@dataclass
class Person:
    pseudonym: str
    articles: str
    result: str | None = None
    outcome: str | None = None  # what `extract` read from the act text, if any
    kind: str | None = None
    term_months: int | None = None
    probation_months: int | None = None


@dataclass
class Case:
    court: str
    number: str
    received: date
    decided: date | None = None
    result: str | None = None
    articles: list[tuple[str, str | None]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


def build(engine: sa.Engine, cases: list[Case], *, finished: datetime = SEEN) -> None:
    """Write the cases (with their articles, defendants and punishments) and one crawl run."""
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(sa.insert(RUNS).values(started_at=finished, finished_at=finished))
        for c in cases:
            case_id = conn.execute(
                sa.insert(CASES)
                .values(
                    court=c.court,
                    server=1,
                    cartoteka="u1",
                    case_key=f"id:{c.number}",
                    number=c.number,
                    received=c.received,
                    decided=c.decided,
                    result=c.result,
                    names_hidden=False,
                    first_seen=finished,
                    last_seen=finished,
                    first_record="r",
                    last_record="r",
                )
                .returning(CASES.c.id)
            ).scalar_one()
            for article, part in c.articles:
                conn.execute(
                    sa.insert(ARTICLES).values(case_id=case_id, article=article, part=part)
                )
            for i, p in enumerate(c.people, start=1):
                conn.execute(
                    sa.insert(DEFENDANTS).values(
                        case_id=case_id,
                        position=i,
                        pseudonym=p.pseudonym,
                        articles=p.articles,
                        result=p.result,
                    )
                )
                if p.outcome:
                    conn.execute(
                        sa.insert(PUNISHMENTS).values(
                            case_id=case_id,
                            record_id=f"act-{c.number}",
                            position=i,
                            pseudonym=p.pseudonym,
                            outcome=p.outcome,
                            kind=p.kind,
                            term_months=p.term_months,
                            probation_months=p.probation_months,
                        )
                    )


# Three cases, four people (the first case has two defendants):
# - 63GV0006 1-10/2023: 337 ч.5, received 10.03.2023, decided 02.05.2023; one person to 60
#   months of imprisonment (the minimum), one to 36 months suspended (below the 60-month
#   minimum: art. 64);
# - 63GV0005 1-11/2023: 338 ч.1, received 01.04.2023, not decided;
# - 59RS0001 1-12/2022: 328 ч.1, received 01.10.2022, decided 01.12.2022, a fine (a kind the
#   sanction lists: not below the minimum); its act text was not read, only the card.
SMALL = [
    Case(
        "63GV0006",
        "1-10/2023",
        date(2023, 3, 10),
        date(2023, 5, 2),
        "Вынесен ПРИГОВОР",
        [("337", "5")],
        [
            Person(
                "P-aaa", "ст.337 ч.5 УК РФ", "Вынесен ПРИГОВОР", "convicted", "imprisonment", 60
            ),
            Person(
                "P-bbb", "ст.337 ч.5 УК РФ", "Вынесен ПРИГОВОР", "convicted", "suspended", 36, 24
            ),
        ],
    ),
    Case(
        "63GV0005",
        "1-11/2023",
        date(2023, 4, 1),
        None,
        None,
        [("338", "1")],
        [Person("P-ccc", "ст.338 ч.1 УК РФ")],
    ),
    Case(
        "59RS0001",
        "1-12/2022",
        date(2022, 10, 1),
        date(2022, 12, 1),
        "Вынесен ПРИГОВОР",
        [("328", "1")],
        [Person("P-ddd", "ст.328 ч.1 УК РФ", "Вынесен ПРИГОВОР", "convicted", "fine")],
    ),
]
