"""The Criminal Code model: dates, sanctions, groups, mobilization parts, data consistency."""

from __future__ import annotations

import datetime as dt

import pytest

from refusenik import law
from refusenik.errors import UserInputError
from refusenik.law.model import CONFIDENCE_LEVELS, load

D = dt.date
EXPECTED_ARTICLES = "328 331 332 333 334 335 336 337 338 339 340 352.1".split()


def test_articles_in_code_order() -> None:
    assert [a.number for a in law.articles()] == EXPECTED_ARTICLES


@pytest.mark.parametrize(
    ("ref", "group"),
    [
        ("328", "evasion"),
        ("332", "refusal_of_orders"),
        ("333", "violence_against_superior"),
        ("334", "violence_against_superior"),
        ("335", "violence_against_superior"),
        ("336", "violence_against_superior"),
        ("337 ч.5", "awol"),
        ("ч. 3 ст. 338 УК РФ", "desertion"),
        ("339", "malingering"),
        ("340", "combat_duty"),
        ("352.1", "surrender"),
        ("331", None),
        ("158", None),
        ("ст. 337 КоАП РФ", None),
        ("no reference here", None),
    ],
)
def test_group(ref: str, group: str | None) -> None:
    assert law.group(ref) == group


def test_group_accepts_parsed_refs() -> None:
    assert [law.group(r) for r in law.parse_refs("ч.5 ст.337; ст. 338 ч.1 УК РФ")] == [
        "awol",
        "desertion",
    ]


def test_awol_part_5_did_not_exist_before_365_fz() -> None:
    assert law.sanction("337 ч.5", on=D(2022, 9, 23)) is None
    (s,) = law.sanction("ч.5 ст.337", on=D(2022, 9, 24))
    assert (s.kind, s.min_months, s.max_months) == ("imprisonment", 60, 120)


def test_534_fz_parts_start_on_9_january_2026() -> None:
    for ref in ("337 ч.2.2", "337 ч.3.2", "337 ч.6", "338 ч.4", "339 ч.4"):
        assert law.sanction(ref, on=D(2026, 1, 8)) is None, ref
        assert law.sanction(ref, on=D(2026, 1, 9)), ref
    (s,) = law.sanction("ч. 6 ст. 337", on=D(2026, 1, 9))
    assert (s.min_months, s.max_months) == (84, 144)


def test_desertion_part_2_sanction_changed_in_2011() -> None:
    (old,) = law.sanction("338 ч.2", on=D(2010, 6, 1))
    (new,) = law.sanction("338 ч.2", on=D(2012, 1, 1))
    assert (old.min_months, old.max_months) == (36, 120)
    assert (new.min_months, new.max_months) == (None, 120)
    p = law.part("338", "2")
    assert p.amended_by == ("FZ-420-2011",)
    assert [per.confidence for per in p.periods] == ["unverified", "verified"]


def test_nothing_before_the_code_came_into_force() -> None:
    assert law.sanction("337 ч.1", on=D(1996, 12, 31)) is None
    assert law.sanction("337 ч.1", on=D(1997, 1, 1))


def test_sanction_kinds_of_evasion() -> None:
    kinds = {s.kind: s for s in law.sanction("328 ч.1", on=D(2024, 1, 1))}
    assert set(kinds) == {"fine", "forced_labour", "arrest", "imprisonment"}
    assert kinds["fine"].max_rub == 200_000
    assert law.sanction("328 ч.2", on=D(2024, 1, 1))[1].max_hours == 480


def test_single_part_article_352_1() -> None:
    p = law.part("352.1", None)
    assert p.part is None and p.in_force_from == D(2022, 9, 24)
    assert law.sanction("352.1", on=D(2022, 9, 23)) is None
    (s,) = law.sanction("ст. 352.1 УК РФ", on=D(2023, 1, 1))
    assert (s.min_months, s.max_months) == (36, 120)
    assert law.article("352.1").single_part


def test_unknown_article_names_it() -> None:
    with pytest.raises(law.UnknownArticleError, match="999"):
        law.article("999")
    assert issubclass(law.UnknownArticleError, UserInputError)
    with pytest.raises(law.UnknownArticleError, match="158"):
        law.sanction("158", on=D(2023, 1, 1))


def test_unknown_or_missing_part() -> None:
    with pytest.raises(law.UnknownPartError, match="no part 7"):
        law.part("337", "7")
    with pytest.raises(law.UnknownPartError, match="name one"):
        law.sanction("337", on=D(2023, 1, 1))
    with pytest.raises(UserInputError):
        law.sanction("ст. 337 ч. 5, ст. 338 ч. 1", on=D(2023, 1, 1))


def test_other_codes_are_not_criminal_code_references() -> None:
    with pytest.raises(law.UnknownArticleError, match="КоАП"):
        law.sanction("ч. 1 ст. 20.3.3 КоАП РФ", on=D(2023, 1, 1))


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("332 ч.2.1", True),
        ("332 ч.2.2", True),
        ("333 ч.3", True),
        ("334 ч.3", True),
        ("337 ч.2.1", True),
        ("337 ч.3.1", True),
        ("337 ч.5", True),
        ("337 ч.6", True),
        ("338 ч.3", True),
        ("339 ч.3", True),
        ("332 ч.1", False),
        ("337 ч.1", False),
        ("337 ч.4", False),
        ("338 ч.1", False),
        ("328 ч.1", False),
        ("352.1", False),
        ("337", False),
        ("158", False),
    ],
)
def test_mobilization_parts(ref: str, expected: bool) -> None:
    assert law.is_mobilization_part(ref) is expected


def test_unverified_items_are_kept_and_flagged() -> None:
    for article, part in (("338", "4"), ("339", "4"), ("339", "2.1"), ("333", "3"), ("332", "2.2")):
        p = law.part(article, part)
        assert p.confidence == "unverified", (article, part)
    assert all(p.confidence == "unverified" for p in law.article("335").parts)
    assert "UNVERIFIED" in (law.part("338", "4").notes or "")
    assert law.article("335").confidence == "unverified"


def test_definition_article_has_no_sanctions() -> None:
    a = law.article("331")
    assert a.general and a.group is None
    assert law.sanction("331 ч.1", on=D(2023, 1, 1)) == []


def test_parts_on_a_day() -> None:
    before = [p.part for p in law.article("337").parts_on(D(2022, 9, 23))]
    after = [p.part for p in law.article("337").parts_on(D(2022, 9, 24))]
    assert before == ["1", "2", "3", "4"]
    assert after == ["1", "2", "2.1", "3", "3.1", "4", "5"]


def test_resolve_accepts_the_usual_short_forms() -> None:
    expected = law.ArticleRef("337", "5", None, None, True)
    for text in ("337 ч.5", "337 ч. 5", "ч.5 ст.337", "337 part 5"):
        assert law.resolve(text) == expected
    assert law.resolve("352.1") == law.ArticleRef("352.1", None, None, None, True)
    with pytest.raises(UserInputError, match="found no"):
        law.resolve("ничего")


def test_parse_date() -> None:
    assert law.parse_date("2023-01-01") == D(2023, 1, 1)
    assert law.parse_date(None) == D.today()
    with pytest.raises(UserInputError, match="2023-13-01"):
        law.parse_date("2023-13-01")


# --- the data file itself ------------------------------------------------------------------


def _category(max_months: int | None) -> str:
    """Art. 15 УК РФ for intentional crimes, from the maximum term of imprisonment."""
    if max_months is None or max_months <= 36:
        return "small"
    if max_months <= 60:
        return "medium"
    if max_months <= 120:
        return "grave"
    return "especially_grave"


def test_categories_follow_article_15() -> None:
    for a in law.articles():
        for p in a.parts:
            if a.general:
                assert p.category is None
                continue
            prison = [s.max_months for s in p.sanctions if s.kind == "imprisonment"]
            assert p.category == _category(max(prison) if prison else None), p.label()


def test_data_references_are_consistent() -> None:
    model = load()
    for a in model.articles.values():
        for p in a.parts:
            assert p.introduced_by in model.laws, p.label()
            assert all(x in model.laws for x in p.amended_by), p.label()
            assert all(src in model.sources for src in p.sources), p.label()
            assert p.confidence in CONFIDENCE_LEVELS
            assert p.disposition_ru and p.disposition_en
            law_date = model.laws[p.introduced_by].in_force
            assert p.in_force_from == law_date, p.label()
            # sanction periods are contiguous and end with the current one
            for older, newer in zip(p.periods, p.periods[1:], strict=False):
                assert older.end is not None and newer.start == older.end + dt.timedelta(days=1)
            assert p.periods[0].start == p.in_force_from and p.periods[-1].end is None
            for s in p.sanctions:
                if s.min_months is not None:
                    assert s.max_months is not None and s.min_months < s.max_months
            if p.mobilization:
                assert p.introduced_by in ("FZ-365-2022", "FZ-534-2025"), p.label()
    assert model.laws["FZ-365-2022"].in_force == D(2022, 9, 24)
    assert model.laws["FZ-534-2025"].in_force == D(2026, 1, 9)
