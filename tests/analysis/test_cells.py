"""The roll-up answers exactly what counting the person rows one by one answers, for any
scope — whole months from the cells, the days a date cuts into from the rows."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from refusenik.analysis import cells, refresh
from refusenik.analysis.figures import Scope
from refusenik.store import engine_for
from refusenik.store.analysis_tables import PERSONS

from .handmade import Case, Person, build

COURTS = ["63GV0006", "59RS0001", "61GV0015", "50GV0001"]
CHARGES = [("337", "5"), ("337", "3.1"), ("338", "1"), ("328", "1"), ("332", "2.1")]
KINDS = [("imprisonment", 60), ("suspended", 36), ("fine", None), (None, None)]


def random_cases(n: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        received = date(2022, 6, 1) + timedelta(days=rng.randrange(700))
        decided = received + timedelta(days=rng.randrange(10, 200)) if rng.random() < 0.8 else None
        article, part = rng.choice(CHARGES)
        ref = f"ст.{article} ч.{part} УК РФ"
        people = []
        for j in range(1 if rng.random() < 0.9 else 2):
            kind, term = rng.choice(KINDS)
            convicted = decided is not None and rng.random() < 0.85
            people.append(
                Person(
                    f"P-{i}-{j}",
                    ref,
                    "Вынесен ПРИГОВОР" if convicted else ("ПРЕКРАЩЕНО" if decided else None),
                    "convicted" if convicted and kind else None,
                    kind if convicted else None,
                    term,
                )
            )
        result = people[0].result
        out.append(
            Case(
                rng.choice(COURTS), f"1-{i}/x", received, decided, result, [(article, part)], people
            )
        )
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    engine = engine_for(f"sqlite:///{tmp_path_factory.mktemp('cells') / 'store.sqlite'}")
    build(engine, random_cases(300, 5))
    refresh(engine)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(PERSONS)).mappings()]
    yield engine, rows
    engine.dispose()


def by_hand(rows: list[dict], measure: str, scope: Scope, by: tuple[str, ...]) -> Counter:
    out: Counter = Counter()
    for r in rows:
        day = r["received"] if measure == "received" else r["decided"]
        if measure in ("received", "decisions", "days") and not r["counts_case"]:
            continue
        if measure in ("persons", "sentenced") and not r["is_person"]:
            continue
        if measure != "received" and r["decided"] is None:
            continue
        if measure == "sentenced" and r["outcome"] != "convicted":
            continue
        if (
            day is None
            or (scope.since and day < scope.since)
            or (scope.until and day > scope.until)
        ):
            continue
        if scope.courts and r["court"] not in scope.courts:
            continue
        if any(
            v is not None and r[k] != v
            for k, v in (("kind", scope.kind), ("article", scope.article), ("part", scope.part))
        ):
            continue
        month = f"{day:%Y-%m}"
        values = {**r, "month": month, "days": (r["days_to_decision"] or 0) // 7 * 7}
        out[tuple(values[b] for b in by)] += 1
    return out


# Any day, and the days the law changed (where segments are cut) and the days beside them.
days = st.dates(date(2022, 5, 1), date(2024, 5, 1)) | st.sampled_from(
    [date(2022, 9, 23), date(2022, 9, 24), date(2024, 3, 22), date(2024, 3, 23), date(2024, 4, 1)]
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    measure=st.sampled_from(["received", "decisions", "persons", "sentenced", "days"]),
    since=st.none() | days,
    span=st.none() | st.integers(0, 400),
    court=st.none() | st.sampled_from(COURTS),
    kind=st.none() | st.sampled_from(["garrison_military", "district"]),
    charge=st.none() | st.sampled_from([*CHARGES, ("337", None), ("328", None)]),
    split=st.sampled_from([(), ("month",), ("article", "part"), ("court",), ("kind",)]),
)
def test_cells_count_what_the_rows_hold(store, measure, since, span, court, kind, charge, split):
    engine, rows = store
    until = since + timedelta(days=span) if since and span is not None else None
    scope = Scope(
        courts=(court,) if court else (),
        kind=kind,
        article=charge[0] if charge else None,
        part=charge[1] if charge else None,
        since=since,
        until=until,
    )
    with engine.connect() as conn:
        got = cells.counts(conn, measure, scope, split)
    assert Counter(got) == by_hand(rows, measure, scope, split)


def test_the_comparison_is_not_empty(store):
    engine, rows = store
    assert sum(by_hand(rows, "received", Scope(), ()).values()) == 300
    # A scope cutting into two months: both halves are counted, from the rows.
    scope = Scope(since=date(2023, 1, 17), until=date(2023, 3, 9))
    with engine.connect() as conn:
        got = cells.counts(conn, "received", scope, ("month",))
    assert set(got) == {("2023-01",), ("2023-02",), ("2023-03",)}
    assert Counter(got) == by_hand(rows, "received", scope, ("month",))
