"""Scope: the permalink of a figure — bad values are named, good ones round-trip."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refusenik import courts, law
from refusenik.analysis.figures import Scope
from refusenik.errors import UserInputError

CODES = sorted(c.code for c in courts.all_courts())[:200]
REGIONS = sorted({c.region for c in courts.all_courts() if c.region})
DISTRICTS = sorted({c.military_district for c in courts.all_courts() if c.military_district})
ARTICLE_PARTS = [(a.number, p) for a in law.articles() for p in [None, *a.part_numbers()]]


@st.composite
def scopes(draw: st.DrawFn) -> Scope:
    article, part = draw(st.sampled_from([(None, None), *ARTICLE_PARTS]))
    since = draw(st.none() | st.dates(date(2015, 1, 1), date(2026, 12, 31)))
    until = draw(st.none() | st.dates(since or date(2015, 1, 1), date(2027, 12, 31)))
    return Scope(
        courts=tuple(sorted(set(draw(st.lists(st.sampled_from(CODES), max_size=3))))),
        kind=draw(st.none() | st.sampled_from(courts.KINDS)),
        district=draw(st.none() | st.sampled_from(DISTRICTS)),
        region=draw(st.none() | st.sampled_from(REGIONS)),
        article=article,
        part=part,
        group=draw(st.none() | st.sampled_from([g.value for g in law.RefusalGroup])),
        since=since,
        until=until,
    )


@settings(max_examples=150, deadline=None)
@given(scopes())
def test_to_query_round_trips(scope: Scope) -> None:
    query = scope.to_query()
    assert all(isinstance(v, str) and v for v in query.values())
    assert Scope.from_query(query) == scope
    assert isinstance(scope.describe(), str)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"kind": "garrison"}, "kind"),
        ({"article": "999"}, "article"),
        ({"article": "337", "part": "9"}, "part"),
        ({"part": "x"}, "part"),
        ({"group": "cowardice"}, "group"),
        ({"since": "2023-13-01"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"since": "2024-01-01", "until": "2023-01-01"}, "since"),
        ({"courts": "Perm"}, "courts"),
        ({"region": "Atlantis"}, "region"),
        ({"district": "Lunar"}, "district"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_values_name_the_key(query: dict[str, str], named: str) -> None:
    with pytest.raises(UserInputError) as info:
        Scope.from_query(query)
    assert named in str(info.value)
    assert "\n" not in str(info.value)


def test_values_are_normalised() -> None:
    scope = Scope.from_query(
        {"court": "63gv0006, 59RS0001", "region": "59", "article": "ст. 337", "part": "ч.5"}
    )
    assert scope.courts == ("59RS0001", "63GV0006")
    assert scope.region == "Пермский край"
    assert (scope.article, scope.part) == ("337", "5")
    assert scope.describe().startswith("art. 337 part 5")
    assert Scope().to_query() == {}
    assert Scope().describe() == "all cases"
