"""The reference parser field by field: orders, lists, codes, flattening, dedupe."""

from __future__ import annotations

import pytest

from refusenik.law import ArticleRef, normalise, parse_refs

UK = "УК РФ"


def test_fields_of_a_full_reference() -> None:
    assert parse_refs("предусмотренного п. «б» ч. 2 ст. 173.1 УК РФ") == [
        ArticleRef(article="173.1", part="2", point="б", code=UK, known=False)
    ]


def test_article_before_part_and_part_before_article_agree() -> None:
    a = parse_refs("ст.337 ч.5 УК РФ")
    b = parse_refs("ч. 5 ст. 337 УК РФ")
    assert a == b == [ArticleRef("337", "5", None, UK, True)]


def test_code_at_the_end_of_a_list_applies_to_the_whole_list() -> None:
    refs = parse_refs("ст. 337 ч.5; ст. 338 ч.1 УК РФ")
    assert [(r.article, r.part, r.code) for r in refs] == [("337", "5", UK), ("338", "1", UK)]


def test_code_does_not_leak_across_words() -> None:
    refs = parse_refs("по ч. 5 ст. 337 осужден, а также по ч. 1 ст. 20.3.3 КоАП РФ")
    assert [(r.article, r.code) for r in refs] == [("337", None), ("20.3.3", "КоАП РФ")]
    assert refs[0].known  # no code written: judged against the УК model


def test_koap_is_never_mixed_with_uk() -> None:
    refs = parse_refs("ч. 1 ст. 21.5 КоАП РФ и ч. 5 ст. 337 УК РФ")
    assert [(r.article, r.code, r.known) for r in refs] == [
        ("21.5", "КоАП РФ", False),
        ("337", UK, True),
    ]
    # an article number the УК model knows is still not "known" under another code
    assert parse_refs("ст. 337 КоАП РФ") == [ArticleRef("337", None, None, "КоАП РФ", False)]
    assert parse_refs("ст. 328 ГПК РФ")[0].known is False


def test_both_parts_of_a_part_list() -> None:
    refs = parse_refs("ч.ч. 1, 2 ст. 337")
    assert [(r.article, r.part) for r in refs] == [("337", "1"), ("337", "2")]


def test_attempt_with_main_article() -> None:
    refs = parse_refs("ст.ст. 30 ч.3, 228.1 ч.5")
    assert [(r.article, r.part, r.known) for r in refs] == [
        ("30", "3", False),
        ("228.1", "5", False),
    ]


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("частью второй.1 статьи 332", "2.1"),
        ("частью второй.2 статьи 332", "2.2"),
        ("части пятой статьи 337", "5"),
        ("часть первая статьи 337", "1"),
        ("частью третьей.1 статьи 337", "3.1"),
        ("частью четвертой статьи 338", "4"),
        ("частью четвёртой статьи 338", "4"),
        ("части шестой статьи 337", "6"),
        ("частью седьмой статьи 337", "7"),
    ],
)
def test_ordinal_parts(text: str, part: str) -> None:
    (ref,) = parse_refs(text)
    assert ref.part == part


def test_ordinal_points() -> None:
    (ref,) = parse_refs("пункта первого части второй статьи 24 УПК РФ")
    assert (ref.point, ref.part, ref.article, ref.code) == ("1", "2", "24", "УПК РФ")


def test_flattened_superscript_only_where_the_dotted_article_exists() -> None:
    assert parse_refs("ст. 3521 УК РФ")[0].article == "352.1"
    assert parse_refs("ст. 352¹ УК РФ")[0].article == "352.1"
    assert parse_refs("Статья 3271")[0].article == "327.1"
    # 337 exists, so «3371» is not undone into a dotted article that УК РФ lacks
    assert parse_refs("ст. 3371 УК РФ")[0].article == "3371"
    # numbers a real article could have are left alone
    assert parse_refs("ст. 352 УК РФ")[0].article == "352"
    # other codes are not touched
    assert parse_refs("ст. 3521 КоАП РФ")[0].article == "3521"


def test_unknown_articles_are_kept_not_dropped() -> None:
    refs = parse_refs("ч. 7 ст. 337 УК РФ, ст. 999 УК РФ")
    assert [(r.article, r.part, r.known) for r in refs] == [
        ("337", "7", False),
        ("999", None, False),
    ]


def test_single_part_article() -> None:
    assert parse_refs("ст. 352.1 УК РФ")[0].known is True
    assert parse_refs("ч. 1 ст. 352.1 УК РФ")[0].known is False


def test_duplicates_come_back_once_in_first_order() -> None:
    text = "ст. 338 УК РФ; позже ч. 5 ст. 337 УК РФ; вновь ст. 338 УК РФ и ч. 5 ст. 337 УК РФ"
    refs = parse_refs(text)
    assert [(r.article, r.part) for r in refs] == [("338", None), ("337", "5")]


def test_anaphoric_code_takes_the_code_named_last() -> None:
    refs = parse_refs("по ч. 4 ст. 12.15 КоАП РФ; права по статье 25.1 названного Кодекса")
    assert [r.code for r in refs] == ["КоАП РФ", "КоАП РФ"]


def test_non_reference_uses_of_the_keywords() -> None:
    for text in (
        "в 16 ч. 30 мин. покинул расположение части",
        "в части взыскания компенсации",
        "ст. лейтенант прибыл в часть",
        "п. Ленино, ул. Мира",
        "статьям <данные изъяты> УК РФ",
        "",
    ):
        assert parse_refs(text) == [], text


@pytest.mark.parametrize("junk", [None, 337, b"ch. 5 st. 337"])
def test_non_text_input_gives_nothing(junk: object) -> None:
    assert parse_refs(junk) == []  # type: ignore[arg-type]


def test_canonical_form_and_normalise() -> None:
    ref = ArticleRef("158", "2", "а", UK, False)
    assert str(ref) == "п. «а» ч. 2 ст. 158 УК РФ"
    assert str(ArticleRef("29.9", "1", "1", "КоАП РФ")) == "п. 1 ч. 1 ст. 29.9 КоАП РФ"
    refs = parse_refs("ч. 5 ст. 337; ст. 338 ч.1 УК РФ; ст. 3521")
    text = normalise(refs)
    assert text == "ч. 5 ст. 337 УК РФ | ч. 1 ст. 338 УК РФ | ст. 352.1"
    assert parse_refs(text) == refs


def test_as_dict_shape() -> None:
    (ref,) = parse_refs("ч.2.1 ст.332")
    assert ref.as_dict() == {
        "article": "332",
        "part": "2.1",
        "point": None,
        "code": None,
        "known": True,
    }


@pytest.mark.parametrize("text", ["ст. ст. 69 ч. 5, 70 УК РФ", "ст.ст. 69 ч.5, 70 УК РФ"])
def test_number_after_a_singular_part_is_the_next_article(text: str) -> None:
    refs = parse_refs(text)
    assert [(r.article, r.part, r.code) for r in refs] == [("69", "5", UK), ("70", None, UK)]


def test_a_plural_part_keyword_after_the_article_still_lists_parts() -> None:
    refs = parse_refs("ст. 337 ч.ч. 3, 5 УК РФ")
    assert [(r.article, r.part) for r in refs] == [("337", "3"), ("337", "5")]


@pytest.mark.parametrize("koap", ["ст. 20.2 КоАП РФ", "ст. 19.3 КоАП"])
def test_koap_after_i_is_not_read_back_onto_a_uk_part(koap: str) -> None:
    first, second = parse_refs(f"ч. 5 ст.337 и {koap}")
    assert first == ArticleRef("337", "5", None, None, True)
    assert (second.code, second.known) == ("КоАП РФ", False)


def test_a_code_after_i_still_covers_references_it_fits() -> None:
    uk = parse_refs("по ч. 5 ст. 337 и ч. 1 ст. 338 УК РФ")
    assert [r.code for r in uk] == [UK, UK]
    koap = parse_refs("ч. 1 ст. 19.3 и ч. 1 ст. 20.2 КоАП РФ")
    assert [r.code for r in koap] == ["КоАП РФ", "КоАП РФ"]
    # commas and semicolons inside one list keep sharing the code, whatever it is
    assert [r.code for r in parse_refs("ст. 337 ч.5; ст. 338 ч.1 УК РФ")] == [UK, UK]
