"""Build a store of N simulated cases fast, for timing the analysis on a realistic size.

Rows go straight into the real case tables (cases, case_articles, defendants, punishments,
one crawl run) with bulk Core inserts, then `refusenik.analysis.refresh` builds the derived
table. Distributions follow the simulator's picture of the field: garrison military
courts first (plus some district courts for art. 328), cases received from 2019 on with
the jump after the mobilization (24.09.2022), mostly art. 337 (the mobilization parts after
it), about 4 % of cases with two defendants, outcomes dominated by convictions, punishments
read for about 45 % of convicted persons, terms around the sanction with some below the
minimum. Pseudonyms are random tokens; nothing resembles a real person.

Run: `.venv/bin/python benchmarks/make_big_store.py --cases 1000000 --db sqlite:///PATH
[--seed 7]` (the store must be empty or new). Prints the rows written and the seconds taken.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from refusenik import courts
from refusenik.store import engine_for, migrate
from refusenik.store.case_tables import ARTICLES, CASES, DEFENDANTS, PUNISHMENTS, RUNS

BATCH = 20_000
START = date(2019, 1, 1)
MOBILIZATION = date(2022, 9, 24)
AS_OF = date(2026, 11, 20)
# (article, part, weight before the mobilization, weight after)
CHARGES = [
    ("337", "1", 2, 1),
    ("337", "3", 8, 2),
    ("337", "4", 10, 2),
    ("337", "2.1", 0, 3),
    ("337", "3.1", 0, 6),
    ("337", "5", 0, 60),
    ("338", "1", 2, 1),
    ("338", "3", 0, 4),
    ("332", "1", 1, 0),
    ("332", "2.1", 0, 5),
    ("339", "1", 3, 1),
    ("339", "3", 0, 2),
    ("328", "1", 25, 8),
    ("352.1", None, 0, 1),
]
OUTCOMES = [
    ("Вынесен ПРИГОВОР", "convicted", 88),
    ("Уголовное дело ПРЕКРАЩЕНО", "dismissed", 6),
    ("ОПРАВДАТЕЛЬНЫЙ приговор", "acquitted", 1),
    ("Дело ВОЗВРАЩЕНО ПРОКУРОРУ (ст. 237 УПК РФ)", "returned_to_prosecutor", 3),
    ("Направлено по подсудности (подведомственности)", "transferred", 2),
]


def pick_courts(rng: random.Random) -> list[tuple[str, float]]:
    """Every garrison military court, weighted, and 60 district courts (art. 328)."""
    garrison = [c.code for c in courts.all_courts() if c.kind == "garrison_military"]
    district = [c.code for c in courts.all_courts() if c.kind == "district"]
    out = [(code, rng.uniform(0.3, 3.0)) for code in garrison]
    out += [(code, rng.uniform(0.05, 0.3)) for code in rng.sample(district, 60)]
    return out


def received_day(rng: random.Random) -> date:
    # A quarter of the cases before the mobilization, the rest after it, rising.
    if rng.random() < 0.22:
        return START + timedelta(days=rng.randrange((MOBILIZATION - START).days))
    span = (AS_OF - MOBILIZATION).days
    return MOBILIZATION + timedelta(days=int(span * rng.random() ** 0.7))


def punishment(
    rng: random.Random, article: str, part: str | None
) -> tuple[str, int | None, int | None]:
    """(kind, term months, probation months) around the sanction of the part."""
    if article == "328":
        return ("fine", None, None) if rng.random() < 0.97 else ("suspended", 12, 12)
    low = {"5": 60, "3.1": 24, "2.1": 24, "3": 0, "4": 12}.get(part or "", 12)
    roll = rng.random()
    if roll < 0.05:
        return "disciplinary_unit", rng.choice((6, 12, 18)), None
    term = max(6, low + rng.choice((-24, -12, 0, 0, 0, 6, 12, 18, 24)))
    if roll < 0.50:
        return "suspended", term, rng.choice((12, 24, 36))
    return "imprisonment", term, None


def build(engine: sa.Engine, n: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    migrate(engine)
    court_codes, court_weights = zip(*pick_courts(rng), strict=True)
    seen = datetime.combine(AS_OF, datetime.min.time(), tzinfo=UTC)
    counts = {"cases": 0, "case_articles": 0, "defendants": 0, "punishments": 0}
    with engine.begin() as conn:
        conn.execute(sa.insert(RUNS).values(started_at=seen, finished_at=seen, note="big store"))
        first_id = (conn.execute(sa.select(sa.func.max(CASES.c.id))).scalar() or 0) + 1
    case_id = first_id
    while counts["cases"] < n:
        size = min(BATCH, n - counts["cases"])
        cases: list[dict[str, Any]] = []
        arts: list[dict[str, Any]] = []
        defs: list[dict[str, Any]] = []
        puns: list[dict[str, Any]] = []
        for _ in range(size):
            court = rng.choices(court_codes, court_weights)[0]
            received = received_day(rng)
            after = received >= MOBILIZATION
            article, part, *_ = rng.choices(CHARGES, [c[3] if after else c[2] for c in CHARGES])[0]
            decided = received + timedelta(days=int(rng.gammavariate(2.5, 20)) + 7)
            if decided > AS_OF:
                decided = None
            result, outcome = None, None
            if decided is not None:
                result, outcome, _w = rng.choices(OUTCOMES, [o[2] for o in OUTCOMES])[0]
            number = f"1-{case_id}/{received.year}"
            cases.append(
                {
                    "id": case_id,
                    "court": court,
                    "server": 1,
                    "cartoteka": "u1_case",
                    "case_key": f"id:{case_id}",
                    "number": number,
                    "received": received,
                    "decided": decided,
                    "result": result,
                    "articles": f"{article} ч.{part}" if part else article,
                    "names_hidden": False,
                    "first_seen": seen,
                    "last_seen": seen,
                    "first_record": "big",
                    "last_record": "big",
                }
            )
            arts.append({"case_id": case_id, "article": article, "part": part})
            ref = f"ст.{article}" + (f" ч.{part}" if part else "") + " УК РФ"
            for position in range(1, 3 if rng.random() < 0.04 else 2):
                pseudonym = f"P-{rng.getrandbits(48):012x}"
                defs.append(
                    {
                        "case_id": case_id,
                        "position": position,
                        "pseudonym": pseudonym,
                        "articles": ref,
                        "decision_date": decided.strftime("%d.%m.%Y") if decided else None,
                        "result": result,
                    }
                )
                if outcome == "convicted" and rng.random() < 0.45:
                    kind, term, probation = punishment(rng, article, part)
                    puns.append(
                        {
                            "case_id": case_id,
                            "record_id": f"big-{case_id}",
                            "position": position,
                            "pseudonym": pseudonym,
                            "outcome": "convicted",
                            "articles": ref,
                            "kind": kind,
                            "term_months": term,
                            "probation_months": probation,
                            "fine_rub": 30_000 if kind == "fine" else None,
                        }
                    )
            case_id += 1
        with engine.begin() as conn:
            for table, rows, name in (
                (CASES, cases, "cases"),
                (ARTICLES, arts, "case_articles"),
                (DEFENDANTS, defs, "defendants"),
                (PUNISHMENTS, puns, "punishments"),
            ):
                if rows:
                    conn.execute(sa.insert(table), rows)
                    counts[name] += len(rows)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of an empty store")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    engine = engine_for(args.db)
    t0 = time.perf_counter()
    counts = build(engine, args.cases, args.seed)
    t1 = time.perf_counter()
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" written in {t1 - t0:.1f} s")
    from refusenik.analysis import refresh

    rows = refresh(engine)
    print(f"refresh: {rows:,} analysis rows in {time.perf_counter() - t1:.1f} s")


if __name__ == "__main__":
    main()
