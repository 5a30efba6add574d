"""The shortcuts that make extraction fast must not change what it finds.

Patterns check a word start behind the word and skip texts that lack their keyword;
matches inside a range are picked by bisection; later mentions of a person are found by
string search; the word before a name is looked for beside it; over-long texts are
refused at once. Each is checked here against the plain reading it replaced.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from refusenik.errors import UserInputError
from refusenik.extract import extract
from refusenik.extract.clauses import clause_ranges
from refusenik.extract.defendants import _PREV_WORD, Person, _last_word_start, _later_mentions
from refusenik.extract.outcome import find_outcome
from refusenik.extract.punishment import _KIND_RX, _KINDS, _NEEDS, _search
from refusenik.extract.text import MAX_READ_CHARS, lowered, prepare
from refusenik.law.vocab import Outcome
from refusenik.law.vocab import PunishmentKind as K

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _texts() -> list[str]:
    paths = sorted((FIXTURES / "acts").glob("*.txt")) + sorted(
        (FIXTURES / "acts_holdout").glob("*.txt")
    )
    return [prepare(p.read_text(encoding="utf-8")) for p in paths]


TEXTS = _texts()


def test_a_skipped_pattern_could_not_have_matched():
    """A pattern is not run on a text without its keyword: every match holds one."""
    matched = 0
    for text in TEXTS:
        low = lowered(text)
        for rx, words in _NEEDS.items():
            for m in rx.finditer(low):
                matched += 1
                assert any(w in m.group(0) for w in words), (rx.pattern, m.group(0))
    assert matched > 100  # the fixtures exercise the gated patterns


def test_search_by_bisection_equals_filtering_every_match():
    rnd = random.Random(16)
    for text in TEXTS:
        low = lowered(text)
        for _kind, rx in _KINDS:
            every = list(rx.finditer(low))
            for _ in range(10):
                ranges = sorted(
                    tuple(sorted((rnd.randrange(len(low) + 1), rnd.randrange(len(low) + 1))))
                    for _ in range(rnd.randrange(1, 4))
                )
                want = [
                    (m.start(), m.end())
                    for a, b in ranges
                    for m in every
                    if a <= m.start() and m.end() <= b
                ]
                got = [(m.start(), m.end()) for m in _search(rx, low, ranges)]
                assert got == want


@pytest.mark.parametrize(
    ("kind", "text", "found"),
    [
        (K.FINE, "назначить наказание в виде штрафа", "штрафа"),
        (K.FINE, "назначить судебный штраф", None),
        (K.FINE, "взыскан административного штрафа", None),
        (K.FINE, "суд оштрафовал его", "оштрафовал"),
        (K.SUSPENDED, "считать наказание условным", "условным"),
        (K.SUSPENDED, "безусловно виновен", None),
        (K.IMPRISONMENT, "в колонии общего режима", "колонии"),
        (K.IMPRISONMENT, "заключения под стражу", None),
        (K.ARREST, "арест на имущество", None),
        (K.ARREST, "к аресту на 2 месяца", "аресту"),
    ],
)
def test_word_starts_are_checked_behind_the_word(kind, text, found):
    m = _KIND_RX[kind].search(text)
    assert (m.group(0) if m else None) == found


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("признать его виновным в совершении преступления", Outcome.CONVICTED),
        ("признать его невиновным и оправдать", Outcome.ACQUITTED),
        ("признать не виновным", Outcome.OTHER),
        ("уголовное дело прекратить", Outcome.DISMISSED),
    ],
)
def test_outcome_words_at_word_starts_only(text, outcome):
    assert find_outcome(text, [(0, len(text))])[0] == outcome


def test_clauses_end_after_a_sentence_not_an_abbreviation_or_initial():
    text = "Осужден по ст. 337 к штрафу. Петров И. Иванов в г. Москве оправдан; всё"
    pieces = [text[a:b] for a, b in clause_ranges(text, [(0, len(text))])]
    assert pieces == [
        "Осужден по ст. 337 к штрафу. ",
        "Петров И. Иванов в г. Москве оправдан; ",
        "всё",
    ]


def test_later_mentions_start_words_and_take_endings_and_initials():
    zone = "Иванову И.И. назначить. Иванова нет. Петрова-Иванова. Ливанов. Ивановский"
    person = Person("иванов", "Иванов", False, "иванов")
    spans = [zone[a:b] for a, b in _later_mentions(zone, person)]
    assert spans == ["Иванову И.И.", "Иванова", "Иванова"]
    placeholder = Person("фио1", "ФИО1", True, None)
    listed = "ФИО1 и ФИО12, аФИО1"  # as the pattern it replaced: no ending is checked
    assert _later_mentions(listed, placeholder) == [(0, 4), (7, 11)]


def test_word_before_a_name_is_found_as_from_the_texts_start():
    for text in [*TEXTS[:20], "Артём Соколов", "Иванов-Петров Соколов", "x Иванов \nСоколов"]:
        for s in range(len(text) + 1):
            whole = _PREV_WORD.search(text, 0, s)
            near = _PREV_WORD.search(text, _last_word_start(text, s), s)
            assert (whole and whole.span()) == (near and near.span())


OPERATIVE = (
    "\nПРИГОВОРИЛ:\nПризнать Иванова Ивана Ивановича виновным в совершении преступления, "
    "предусмотренного ч. 5 ст. 337 УК РФ, и назначить ему наказание в виде лишения свободы "
    "на срок 2 года с отбыванием в колонии-поселении."
)


def test_a_press_text_too_long_for_one_release_is_refused_at_once():
    text = "Суд приговорил Иванова И.И. к 2 годам лишения свободы. " * 4_000
    assert len(text) > MAX_READ_CHARS
    start = time.process_time()
    with pytest.raises(UserInputError, match=r"no operative part and is [\d,]+ characters long"):
        extract(text)
    assert time.process_time() - start < 5


def test_a_long_text_about_no_crime_says_so():
    text = "Погода в городе солнечная, жители вышли на прогулку в парк. " * 4_000
    assert len(text) > MAX_READ_CHARS
    result = extract(text)
    assert result.document_type == "non_criminal" and not result.defendants
    assert result.reason is not None and "not a criminal case" in result.reason


def test_an_operative_part_too_long_for_one_act_is_refused():
    text = OPERATIVE + " Иванову назначить наказание в виде штрафа." * 6_000
    with pytest.raises(UserInputError, match=r"its operative part .* at most 200,000 are read"):
        extract(text)


def test_a_long_act_is_read_when_its_operative_part_is_short():
    reasoning = "Подсудимый вину признал, в содеянном раскаялся. " * 20_000
    act = reasoning + OPERATIVE
    assert len(act) > 4 * MAX_READ_CHARS
    start = time.process_time()
    (defendant,) = extract(act).defendants
    assert time.process_time() - start < 10
    assert defendant.outcome == Outcome.CONVICTED
    assert defendant.punishment is not None and defendant.punishment.term_months == 24


def test_the_dictionary_reader_is_the_compiled_one():
    """pymorphy3[fast] brings DAWG2; without it every new word costs three times as much."""
    import pymorphy3.dawg  # type: ignore[import-untyped]

    assert pymorphy3.dawg.EXTENSION_AVAILABLE


def test_no_pattern_is_compiled_per_person():
    """Later mentions are found without compiling a pattern per person (that cost more
    than the scan): extracting a text with new names compiles nothing new."""
    text = (
        "ПРИГОВОРИЛ:\nПризнать Зыбкина Олега Петровича виновным по ч. 5 ст. 337 УК РФ и "
        "назначить Зыбкину О.П. наказание в виде штрафа в размере 50 000 рублей."
    )
    extract(text)  # patterns compiled lazily on a first run are compiled now
    calls = []
    original = re._compile  # type: ignore[attr-defined]

    def counting(pattern, flags):
        calls.append(pattern)
        return original(pattern, flags)

    re._compile = counting  # type: ignore[attr-defined]
    try:
        result = extract(text.replace("Зыбкин", "Шмелёв"))
    finally:
        re._compile = original  # type: ignore[attr-defined]
    assert result.defendants and result.defendants[0].punishment is not None
    assert not [p for p in calls if isinstance(p, str) and "Шмел" in p]


def _first_chars(pattern: str, flags: int = 0) -> set[str]:
    """Every character a match of `pattern` can open with (read from the parsed pattern;
    a first item that is no literal or set of characters fails the test)."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    out: set[str] = set()

    def walk(items) -> bool:  # True when the items can match nothing (the next ones count)
        for op, av in items:
            if op is c.SUBPATTERN:
                if not walk(av[3]):
                    return False
            elif op is c.BRANCH:
                if not any([walk(alt) for alt in av[1]]):
                    return False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                if not walk(av[2]) and av[0] > 0:
                    return False
            elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue
            elif op is c.LITERAL:
                out.add(chr(av))
                return False
            elif op is c.IN:
                for kind, value in av:
                    if kind is c.LITERAL:
                        out.add(chr(value))
                    elif kind is c.RANGE:
                        out.update(map(chr, range(value[0], value[1] + 1)))
                    else:
                        raise AssertionError(f"unexpected set item {kind}")
                return False
            else:
                raise AssertionError(f"unexpected first item {op}")
        return True

    assert not walk(_parser.parse(pattern, flags).data)
    return out


def test_heads_open_only_where_their_names_and_ranks_can():
    from refusenik.extract import defendants

    name_opens = re.compile(defendants._NAME_OPENS)
    rank_opens = re.compile(defendants._RANK_OPENS)
    for ch in _first_chars(defendants.NAME):
        assert name_opens.match(ch), ch
    for ch in _first_chars(defendants._RANK):
        assert rank_opens.match(ch) and rank_opens.match(ch.upper()), ch
