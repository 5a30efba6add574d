"""Facts a person read off each real page, checked against the parser independently of the
`.json` snapshot beside the page.

The snapshots were written from the parser's own output, so a wrong parse could be recorded
as correct. `<page>.facts.yaml` holds what the page itself says (case number, dates, judge,
tabs, number of rows or events, captcha image …), read from the page text by a person.
Each page gets one test for every fact the parser reads today, one strict-xfail test for each
fact the parser is known to miss (listed under `parser_gaps`: it turns into a failure the
moment the parser is fixed, and the entry is then removed), and one test that no surname read
off the page leaks into the (pseudonymised) parse output.

Keys of a facts file (all optional):

- `url`, `status`: what to parse the page with (`url` only where the page came with one);
- `kind`, `template`, `court_code`: the page kind, site template, court code (sudrf counter);
- `servers`: {srv_num: name} of a server-choice page;
- `card` (the first case card on the page), `card_2` (a second one, as vsrf.ru shows a
  complaint and the case opened on it): `case_number`, `judicial_uid`, `cartoteka`, `court`, `category`, `received`, `judge`,
  `decided`, `validity`, `result_contains`, `rapporteur` («Докладчик»), `tabs` (titles in
  order), `events`, `defendants`,
  `parties`, `hidden` (people shown as «Информация скрыта»), `acts` (act records), `act_text`
  (an act text shown on the card);
- `listing`: `cartoteka`, `total`, `first_row`, `last_row`, `rows`, `case_numbers` (first and
  last rows: {index: number}), `row_received`, `row_judges`, `row_defendants` ({index: how
  many «ФИО - ст.…» lines}), `act_links` (rows with an act link);
- `act`: `case_number`, `text_contains`;
- `form`: `captcha`, `captcha_image`;
- `press`: of a press list, `items` (how many the parse gives), `first_item` / `last_item`
  ({date, did, title}; no title where it names a defendant) and `next_url`; of a press release, `date`, `title`, `text_starts`,
  `text_contains` and `paragraphs` (of text, one line each);
- `tab_text`: {tab title: [strings shown in that tab]} that the parse must contain outside the
  act texts (an act often repeats a tab's numbers and names); a tab with a typed record
  (ЖАЛОБЫ → `complaints`, ИСПОЛНИТЕЛЬНЫЕ ЛИСТЫ → `writs`, ОБЖАЛОВАНИЕ РЕШЕНИЙ / ПЕРЕСМОТР →
  `appeals`, Требования → `requirements`) must show them in that field of a card;
- `names`: surnames of private people shown on the page, which must not reach the output;
- `parser_gaps`: {fact key: why the parser misses it today}.

Dates are written as the page prints them (dd.mm.yyyy) and compared with ISO dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from refusenik.sites import PageResult, ParseError, parse_page

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
# real pages of a kind the parser cannot read yet; every fact of theirs is a parser gap
PENDING = Path(__file__).parent.parent / "fixtures" / "pages_pending"
FACTS = sorted(PAGES.glob("*.facts.yaml")) + sorted(PENDING.glob("*.facts.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def _page(facts_path: Path) -> Path:
    return facts_path.with_name(facts_path.name.removesuffix(".facts.yaml") + ".html")


def _iso(date: str | None) -> str | None:
    """dd.mm.yyyy as the court prints it → the ISO date the parser returns (None: no date)."""
    if date is None:
        return None
    m = re.fullmatch(r"(\d\d)\.(\d\d)\.(\d{4})", date)
    assert m, f"facts file date not dd.mm.yyyy: {date!r}"
    return f"{m.group(3)}-{m.group(2)}-{m.group(1)}"


_DATE_KEYS = {"received", "decided", "validity"}
_FIELD = {
    "received": "received_date",
    "decided": "decision_date",
    "validity": "validity_date",
}
_GROUPS = ("card", "card_2", "listing", "act", "form", "press", "tab_text")


def flatten(facts: dict[str, Any]) -> list[tuple[str, Any]]:
    """The checkable facts of a facts file as (`group.key`, expected) pairs."""
    out: list[tuple[str, Any]] = []
    for key in ("kind", "template", "court_code", "servers"):
        if key in facts:
            out.append((key, facts[key]))
    for group in _GROUPS:
        for key, value in (facts.get(group) or {}).items():
            out.append((f"{group}.{key}", value))
    return out


def _nth(result: PageResult, record: str, index: int) -> dict[str, Any]:
    found = [r.to_dict() for r in result.records if r.to_dict()["record"] == record]
    assert len(found) > index, f"no {record} record #{index + 1} in the parse ({_kinds(result)})"
    return found[index]


def _one(result: PageResult, record: str) -> dict[str, Any]:
    return _nth(result, record, 0)


def _kinds(result: PageResult) -> list[str]:
    return [r.to_dict()["record"] for r in result.records]


def _act_on_page(result: PageResult) -> dict[str, Any]:
    acts = [r.to_dict() for r in result.records if r.to_dict()["record"] == "act_text"]
    assert acts, f"no act_text record in the parse (records: {_kinds(result)})"
    pages = [a for a in acts if a["source"] == "page"]
    return (pages or acts)[0]


def _strings(value: Any) -> Iterator[str]:
    """Every string value of a parse, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def check(key: str, expected: Any, result: PageResult) -> None:
    """Assert one fact about the parse; the message says what the page shows."""
    group, _, name = key.partition(".")
    if key == "kind":
        assert str(result.page_kind) == expected, f"kind {result.page_kind}, page is {expected}"
    elif key == "template":
        assert str(result.template) == expected, f"template {result.template}, page is {expected}"
    elif key == "court_code":
        assert result.court_code == expected, f"court code {result.court_code}, page {expected}"
    elif key == "servers":
        shown = list(_strings(result.to_dict()))
        for number, name in expected.items():
            assert any(name in v for v in shown), f"server {number} {name!r} not in the parse"
            assert any(f"srv_num={number}" in v for v in shown), f"no link to srv_num={number}"
    elif group == "card":
        _check_card(name, expected, _nth(result, "case_card", 0))
    elif group == "card_2":
        _check_card(name, expected, _nth(result, "case_card", 1))
    elif group == "listing":
        _check_listing(name, expected, _one(result, "listing"))
    elif group == "act":
        act = _act_on_page(result)
        if name == "text_contains":
            for part in expected:
                assert part in act["text"], f"act text lacks {part!r}"
        else:
            assert act[name] == expected, f"act {name}: {act[name]!r}, page shows {expected!r}"
    elif group == "form":
        form = _one(result, "search_form")
        if name == "captcha_image":
            has_image = bool(form["captcha_image"])
            assert has_image == expected, (
                f"captcha_image {form['captcha_image']!r}, page shows {expected}"
            )
        else:
            assert form[name] == expected, f"form {name}: {form[name]!r}, page shows {expected!r}"
    elif group == "press":
        _check_press(name, expected, result)
    elif group == "tab_text":
        where = _tab_field(name)
        if where is None:
            shown = list(_strings(_structured(result)))
        else:
            cards = [r.to_dict() for r in result.records if r.to_dict()["record"] == "case_card"]
            shown = list(_strings([c[where] for c in cards]))
            unknown = [t for c in cards for t in c["unknown_tabs"]]
            assert name not in unknown, f"tab {name!r} is reported as unknown"
        missing = [s for s in expected if not any(s in v for v in shown)]
        assert not missing, (
            f"tab {name!r}: the parse has none of {missing} (in {where or 'any field'})"
        )
    else:
        raise AssertionError(f"unknown fact key {key!r}")


# A card tab with a typed record of its own: its facts must be in that field of the card, not
# merely somewhere in the parse (a date or number of a tab can also stand on the case tab).
_TAB_FIELDS = (
    ("ЖАЛОБЫ", "complaints"),
    ("ИСПОЛНИТЕЛЬНЫЕ ЛИСТЫ", "writs"),
    ("ОБЖАЛОВАНИЕ РЕШЕНИЙ", "appeals"),
    ("ПЕРЕСМОТР", "appeals"),
    ("ТРЕБОВАНИЯ", "requirements"),
)


def _tab_field(title: str) -> str | None:
    """The card field a tab's rows are parsed into (None: a tab read into the case fields)."""
    upper = title.upper()
    return next((f for prefix, f in _TAB_FIELDS if upper.startswith(prefix)), None)


def _check_card(name: str, expected: Any, card: dict[str, Any]) -> None:
    if name in _DATE_KEYS:
        got = card[_FIELD[name]]
        assert got == _iso(expected), f"{name}: {got!r}, page shows {expected}"
    elif name == "result_contains":
        assert card["result"] and expected in card["result"], f"result {card['result']!r}"
    elif name in ("events", "defendants", "parties", "acts"):
        got = len(card[name])
        assert got == expected, f"{got} {name}, page shows {expected}"
    elif name == "hidden":
        people = card["defendants"] + card["parties"]
        got = sum(1 for p in people if p["name_hidden"])
        assert got == expected, f"{got} hidden names, page shows {expected} «Информация скрыта»"
    elif name == "act_text":
        raise AssertionError("card.act_text is checked on the page result, not the card")
    else:
        assert card[name] == expected, f"{name}: {card[name]!r}, page shows {expected!r}"


def _check_listing(name: str, expected: Any, listing: dict[str, Any]) -> None:
    rows = listing["rows"]
    if name == "rows":
        assert len(rows) == expected, f"{len(rows)} rows, page shows {expected}"
    elif name == "case_numbers":
        for index, number in expected.items():
            got = rows[index]["case_number"]
            assert got == number, f"row {index}: {got!r}, page shows {number!r}"
    elif name == "row_judges":
        for index, judge in expected.items():
            got = rows[index]["judge"]
            assert got == judge, f"row {index} judge: {got!r}, page shows {judge!r}"
    elif name == "row_received":
        for index, date in expected.items():
            got = rows[index]["received_date"]
            assert got == _iso(date), f"row {index} received: {got!r}, page shows {date}"
    elif name == "row_defendants":
        for index, count in expected.items():
            got = len(rows[index]["defendants"])
            assert got == count, f"row {index}: {got} defendants, page shows {count}"
    elif name == "act_links":
        got = sum(1 for r in rows if r["acts"])
        assert got == expected, f"{got} rows with act links, page shows {expected}"
    else:
        assert listing[name] == expected, f"{name}: {listing[name]!r}, page shows {expected!r}"


_PRESS_LIST_KEYS = {"items", "first_item", "last_item", "next_url"}


def _check_press(name: str, expected: Any, result: PageResult) -> None:
    if name in _PRESS_LIST_KEYS:
        listing = _one(result, "press_list")
        items = listing["items"]
        if name == "items":
            assert len(items) == expected, f"{len(items)} press items, page shows {expected}"
        elif name == "next_url":
            got = listing["next_url"]
            assert got == expected, f"next_url {got!r}, page links {expected!r}"
        else:
            item = items[0 if name == "first_item" else -1]
            assert item["date"] == expected["date"], f"{name} date {item['date']!r}"
            assert item["url"].endswith(f"&did={expected['did']}"), f"{name} url {item['url']!r}"
            if "title" in expected:  # (left out where the headline names a defendant)
                assert item["title"] == expected["title"], f"{name} title {item['title']!r}"
        return
    release = _one(result, "press_release")
    text = release["text"]
    if name == "text_starts":
        assert text.startswith(expected), f"release text starts {text[:80]!r}"
    elif name == "text_contains":
        missing = [part for part in expected if part not in text]
        assert not missing, f"release text lacks {missing}"
    elif name == "paragraphs":
        got = len(text.split("\n"))
        assert got == expected, f"{got} lines of release text, page shows {expected} paragraphs"
    else:
        assert release[name] == expected, f"release {name}: {release[name]!r}, page {expected!r}"


def _parse(facts: dict[str, Any], page: Path) -> PageResult:
    return parse_page(page.read_bytes(), facts.get("url"), status=facts.get("status"))


def _cases() -> tuple[list[Any], list[Any]]:
    known, gaps = [], []
    for path in FACTS:
        facts = _load(path)
        stem = path.name.removesuffix(".facts.yaml")
        reasons = facts.get("parser_gaps") or {}
        for key, expected in flatten(facts):
            if key == "card.act_text":
                key = "act_text_on_card"
            case = (path, key, expected)
            if key in reasons:
                mark = pytest.mark.xfail(strict=True, reason=str(reasons[key]))
                gaps.append(pytest.param(*case, id=f"{stem}:{key}", marks=mark))
            else:
                known.append(pytest.param(*case, id=f"{stem}:{key}"))
    return known, gaps


KNOWN, GAPS = _cases()


def test_every_page_has_facts() -> None:
    pages = sorted(PAGES.glob("*.html")) + sorted(PENDING.glob("*.html"))
    assert len(pages) >= 36
    missing = [p.name for p in pages if not p.with_name(p.stem + ".facts.yaml").exists()]
    assert not missing, f"read these pages and write their facts: {missing}"
    unsourced = [p.name for p in pages if not p.with_name(p.stem + ".source.txt").exists()]
    assert not unsourced, f"say where these pages come from: {unsourced}"


def test_pending_pages_are_all_gaps() -> None:
    """A pending page is one the parser cannot read: once it can, the page moves to pages/."""
    for path in sorted(PENDING.glob("*.facts.yaml")):
        facts = _load(path)
        keys = {k for k, _ in flatten(facts)}
        assert keys, f"{path.name}: no facts"
        assert keys <= set(facts.get("parser_gaps") or {}), f"{path.name}: facts not marked as gaps"


def test_every_gap_names_a_fact() -> None:
    for path in FACTS:
        facts = _load(path)
        keys = {k for k, _ in flatten(facts)} | {"act_text_on_card"}
        unknown = set(facts.get("parser_gaps") or {}) - keys
        assert not unknown, f"{path.name}: parser_gaps for facts not listed: {unknown}"


_RESULTS: dict[Path, PageResult] = {}


def _result(path: Path) -> PageResult:
    if path not in _RESULTS:
        _RESULTS[path] = _parse(_load(path), _page(path))
    return _RESULTS[path]


def _check_case(path: Path, key: str, expected: Any) -> None:
    result = _result(path)
    if key == "act_text_on_card":
        acts = [r.to_dict() for r in result.records if r.to_dict()["record"] == "act_text"]
        assert bool(acts) == expected, f"{len(acts)} act texts, page shows an act: {expected}"
        return
    check(key, expected, result)


@pytest.mark.parametrize(("path", "key", "expected"), KNOWN)
def test_fact(path: Path, key: str, expected: Any) -> None:
    _check_case(path, key, expected)


if GAPS:  # (pytest would report an empty parameter set as a skip)

    @pytest.mark.parametrize(("path", "key", "expected"), GAPS)
    def test_fact_the_parser_misses(path: Path, key: str, expected: Any) -> None:
        _check_case(path, key, expected)


_COURT_TEXTS = {"act_text", "press_release"}


def _structured(result: PageResult) -> dict[str, Any]:
    """The parse without act and press-release texts: such a text is the court's own, kept
    as printed for the extract stage (the records say so), so names are looked for in every
    other field, press headlines included (what the store keeps of the press pages is
    tested in tests/ingest/test_press_real.py)."""
    out = result.to_dict()
    out["records"] = [
        {**r, "text": ""} if r["record"] in _COURT_TEXTS else r for r in out["records"]
    ]
    return out


@pytest.mark.parametrize("path", FACTS, ids=[p.name.removesuffix(".facts.yaml") for p in FACTS])
def test_no_real_name_in_output(path: Path) -> None:
    facts = _load(path)
    names = facts.get("names") or []
    try:
        result = _result(path)
    except ParseError:
        assert path.parent == PENDING, "a page in pages/ must parse"
        return  # nothing parsed, nothing shown
    dumped = "\n".join(_strings(_structured(result))).casefold()
    leaked = [n for n in names if re.search(rf"(?<!\w){re.escape(n.casefold())}", dumped)]
    assert not leaked, f"real names in the parse output: {leaked}"
