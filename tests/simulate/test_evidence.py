"""Evidence that the simulator speaks the real templates: its pages parse through `sites/`
into exactly the ground truth, and every fault is recognised by the page-kind detector.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date
from urllib.parse import urlsplit

import pytest

from refusenik.privacy import pseudonym
from refusenik.simulate import FAULT_KINDS, FaultPlan, SimSite
from refusenik.simulate.punishments import Punishment, sentence_words
from refusenik.simulate.render_common import case_urls
from refusenik.sites import PageKind, ParseError, classify, parse_page, urls
from refusenik.sites.base import ActText, CaseCard, Listing, ServerChoice
from refusenik.templates import Template

from .conftest import COURTS


def fetch(site: SimSite, url: str):
    u = urlsplit(url)
    return site.handle(f"{u.path}?{u.query}", u.netloc)


def squash(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def search_url(court, year: int, srv: int, page: int = 1) -> str:
    start, end = date(year, 1, 1), date(year, 12, 31)
    if court.template is Template.SUDRF_VNKOD:
        return urls.vnkod_criminal_search(
            court.host, court.code, date_from=start, date_to=end, srv_num=srv, page=page
        )
    return urls.criminal_search(
        court.host, date_from=start, date_to=end, srv_num=srv, court_code=court.code, page=page
    )


def crawl_listings(site: SimSite, court) -> dict:
    """Every row of every listing page, following the parsed `next_url`."""
    rows = {}
    for srv in court.srv_nums:
        for year in range(2020, 2027):
            url: str | None = search_url(court, year, srv)
            while url:
                resp = fetch(site, url)
                result = parse_page(resp.body, url, status=resp.status)
                if result.page_kind is PageKind.EMPTY_RESULT:
                    break
                assert result.page_kind is PageKind.LISTING
                listing = result.records[0]
                assert isinstance(listing, Listing)
                for row in listing.rows:
                    assert row.case_number not in rows
                    rows[row.case_number] = row
                url = listing.next_url
    return rows


def expected_person(d: dict) -> tuple:
    return (None if d["name"] is None else pseudonym(d["name"]), d["name"] is None, d["articles"])


def variant_world(world, court, **traits):
    """The same world with one VNKOD court printing another real page variant."""
    other = copy.copy(world)
    other.profiles = dict(world.profiles)
    other.profiles[court.code] = dataclasses.replace(world.profiles[court.code], **traits)
    return other


@pytest.mark.parametrize("round_", [0, 3])
@pytest.mark.parametrize("court", COURTS, ids=lambda c: f"{c.code}-{c.template}")
def test_listings_parse_into_exactly_the_ground_truth(world, court, round_):
    _check_listings(world, court, round_)


@pytest.mark.parametrize("labelled", [False, True], ids=["plain-lines", "labelled-lines"])
def test_vnkod_listings_in_every_real_variant_parse_into_the_ground_truth(world, labelled):
    """Plain «ФИО - ст.…» lines and the labelled «КАТЕГОРИЯ: …», «ЛИЦА: ФИО - ст.…» lines of
    the real VNKOD listing give the same defendants: pseudonymised, hidden ones hidden."""
    court = COURTS[1]
    world = variant_world(world, court, vnkod_labelled=labelled)
    truth = next(c for c in world.truth(3)["courts"] if c["code"] == court.code)["cases"]
    people = [d for case in truth for d in case["defendants"]]
    assert any(d["name"] is None for d in people) and any(d["name"] for d in people)
    rows = _check_listings(world, court, 3)
    if labelled:
        assert all(row.category and row.category.startswith("Гл.") for row in rows.values())


def _check_listings(world, court, round_):
    site = SimSite(world, round=round_)
    truth = next(c for c in world.truth(round_)["courts"] if c["code"] == court.code)["cases"]
    rows = crawl_listings(site, court)
    assert set(rows) == {c["number"] for c in truth}
    for case in truth:
        row = rows[case["number"]]
        assert row.received_date == case["received"]
        assert row.judge == case["judge"]
        assert row.decision_date == case["decision_date"]
        assert squash(row.result) == squash(case["result"])
        assert row.validity_date == case["validity_date"]
        assert (row.case_id, row.case_uid) == (str(case["case_id"]), case["case_uid"])
        got = [(p.name, p.name_hidden, p.articles_text) for p in row.defendants]
        assert got == [expected_person(d) for d in case["defendants"]]
        assert row.parties == []  # no label read as a person
        assert [a.kind for a in row.acts] == ([case["act"]["type"]] if case["act"] else [])
    return rows


# Event fields each VNKOD card layout has no column for (the parser must leave them empty).
MISSING_EVENT_FIELDS = {"blag": set(), "uln": {"place"}, "sam": {"basis"}}


def _check_card(
    card: CaseCard, acts: list[ActText], case: dict, missing: set[str] | frozenset = frozenset()
) -> None:
    assert card.case_number == case["number"]
    assert card.judicial_uid == case["uid"]
    assert card.received_date == case["received"]
    assert card.judge == case["judge"]
    assert card.decision_date == case["decision_date"]
    assert squash(card.result) == squash(case["result"])
    assert card.validity_date == case["validity_date"]
    events = [
        (e.name, e.date, e.time, e.room, e.result, e.basis, e.posted_date) for e in card.events
    ]
    assert events == [
        (
            e["name"],
            e["date"],
            e["time"],
            None if "place" in missing else e["place"] or None,
            e["result"] or None,
            None if "basis" in missing else e["basis"] or None,
            e["posted"],
        )
        for e in case["events"]
    ]
    got = [
        (p.name, p.name_hidden, p.articles_text, p.decision_date, squash(p.result))
        for p in card.defendants
    ]
    assert got == [
        (*expected_person(d), d["decision_date"], squash(d["result"])) for d in case["defendants"]
    ]
    if case["hidden"]:
        assert all(p.name_hidden for p in card.parties)
    if card.tabs[0] == "ДЕЛО":  # the classic card has the ОБЖАЛОВАНИЕ РЕШЕНИЙ tab
        _check_appeal(card, case["appeal"])
    assert [a.kind for a in card.acts] == ([case["act"]["type"]] if case["act"] else [])
    assert len(acts) == (1 if case["act"] else 0)
    if case["act"]:
        d = case["defendants"][0]
        assert case["number"] in acts[0].text
        punishment = (d["outcome"] or {}).get("punishment")
        if d["outcome"]["kind"] == "conviction":
            assert squash(sentence_words(Punishment(**punishment))) in squash(acts[0].text)


def _check_appeal(card: CaseCard, appeal: dict | None) -> None:
    """The appeal tab parses into the truth: kind, who filed, its own events, and the appeal
    date and result once the higher court has heard it (none before)."""
    if appeal is None:
        assert card.appeals == []
        assert not any(t.startswith("ОБЖАЛОВАНИЕ") for t in card.tabs)
        return
    assert len(card.appeals) == 1 and card.unknown_tabs == []
    got = card.appeals[0]
    assert (got.number, got.kind, got.filed_by) == (1, appeal["kind"], appeal["applicant"])
    assert (got.decision_date, got.result) == (appeal["decided"], appeal["result"])
    assert [(e.name, e.date, e.result, e.posted_date) for e in got.events] == [
        (e["name"], e["date"], e["result"] or None, e["posted"]) for e in appeal["events"]
    ]


@pytest.mark.parametrize("court", COURTS, ids=lambda c: f"{c.code}-{c.template}")
def test_cards_and_acts_parse_into_exactly_the_ground_truth(world, court):
    _check_cards(world, court)


def test_classic_cards_show_appeals_heard_and_pending(world):
    """The sample of classic cards checked above holds appeals of both states."""
    r = world.rounds - 1
    truth = next(c for c in world.truth(r)["courts"] if c["code"] == COURTS[0].code)["cases"]
    sample = [c for c in truth if c["received"] >= "2025-07-01" or c["hidden"]]
    appeals = [c["appeal"] for c in sample if c["appeal"]]
    assert any(a["decided"] for a in appeals) and any(not a["decided"] for a in appeals)


@pytest.mark.parametrize("layout", ["blag", "uln", "sam"])
def test_vnkod_cards_in_every_real_layout_parse_into_the_ground_truth(world, layout):
    court = COURTS[1]
    _check_cards(variant_world(world, court, vnkod_layout=layout), court)


def _check_cards(world, court):
    r = world.rounds - 1
    missing = MISSING_EVENT_FIELDS[world.profiles[court.code].vnkod_layout]
    missing = missing if court.template is Template.SUDRF_VNKOD else set()
    site = SimSite(world, round=r)
    truth = next(c for c in world.truth(r)["courts"] if c["code"] == court.code)["cases"]
    sample = [c for c in truth if c["received"] >= "2025-07-01" or c["hidden"]]
    assert any(c["hidden"] for c in sample) or court.kind == "district"
    assert any(c["act"] for c in sample) or court.template is Template.SUDRF_VNKOD
    by_id = {c.case_id: c for c in world.cases[court.code]}
    for case in sample:
        paths = case_urls(by_id[case["case_id"]])
        url = f"https://{court.module_host}{paths['card']}"
        resp = fetch(site, url)
        result = parse_page(resp.body, url, status=resp.status)
        assert result.page_kind is PageKind.CASE_CARD
        assert result.court_code == court.code
        cards = [x for x in result.records if isinstance(x, CaseCard)]
        acts = [x for x in result.records if isinstance(x, ActText)]
        assert len(cards) == 1
        _check_card(cards[0], acts, case, missing)
        if case["act"] and court.template is Template.SUDRF_CLASSIC:
            act_url = f"https://{court.module_host}{paths['act']}"
            resp = fetch(site, act_url)
            page = parse_page(resp.body, act_url, status=resp.status)
            assert page.page_kind is PageKind.ACT_TEXT
            assert page.records[0].text == acts[0].text


def test_the_server_choice_parses_into_the_truth_servers(world):
    """A several-server court's choice page gives the truth's servers, and each server link
    opens that server's module."""
    court = COURTS[2]
    site = SimSite(world, round=3)
    url = f"https://{court.module_host}/modules.php?name=sud_delo"
    resp = fetch(site, url)
    result = parse_page(resp.body, url, status=resp.status)
    assert result.page_kind is PageKind.SERVER_CHOICE
    assert (result.template, result.court_code) == (Template.SUDRF_CLASSIC, court.code)
    truth = next(c for c in world.truth(3)["courts"] if c["code"] == court.code)["servers"]
    got = [(s.srv_num, s.label) for s in result.records if isinstance(s, ServerChoice)]
    assert got == [(s["srv_num"], s["name"]) for s in truth] and len(got) == 2
    for server in result.records:
        assert isinstance(server, ServerChoice) and server.url
        assert (
            server.url
            == f"https://{court.module_host}/modules.php?name=sud_delo&srv_num={server.srv_num}"
        )
        page = fetch(site, server.url).body.decode("cp1251")
        assert f'name="srv_num" type="hidden" value={server.srv_num}' in page


def test_removed_cases_are_gone_from_cards(world):
    r = world.rounds - 1
    site = SimSite(world, round=r)
    removed = [
        c for cs in world.cases.values() for c in cs
        if c.removed_from and c.received < c.removed_from <= world.round_date(r)
    ]  # fmt: skip
    assert removed
    for case in removed:
        url = f"https://{case.court.module_host}{case_urls(case)['card']}"
        resp = fetch(site, url)
        assert parse_page(resp.body, url, status=resp.status).page_kind is PageKind.EMPTY_RESULT


# --- faults ---------------------------------------------------------------------------

REFUSALS = {
    "server_error": PageKind.SERVER_ERROR,
    "geo_block": PageKind.GEO_BLOCKED,
    "throttle": PageKind.THROTTLED,
}


def fault_targets(world) -> list[tuple[str, str, bool]]:
    """(label, url, is_search) for a listing, a card and an act page of each template."""
    today = world.round_date(3)
    out = []
    for court in COURTS[:2]:
        out.append((f"{court.template} listing", search_url(court, 2025, 1), True))
        case = next(
            c
            for c in reversed(world.cases[court.code])
            if c.act_visible(today) or (court.template is Template.SUDRF_VNKOD and c.visible(today))
        )
        out.append(
            (
                f"{court.template} card",
                f"https://{court.module_host}{case_urls(case)['card']}",
                False,
            )
        )
        if court.template is Template.SUDRF_CLASSIC:
            out.append(
                ("classic act", f"https://{court.module_host}{case_urls(case)['act']}", False)
            )
    return out


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_every_fault_kind_is_classified_right(world, kind):
    clean = SimSite(world, round=3)
    faulty = SimSite(world, FaultPlan({kind: 1.0}, clean_after=100, slow_seconds=0.5), round=3)
    for label, url, is_search in fault_targets(world):
        good = fetch(clean, url)
        expected = parse_page(good.body, url, status=good.status)
        for _attempt in range(3):  # three draws: different status codes, cut points, encodings
            resp = fetch(faulty, url)
            if kind == "reset":
                assert resp.reset, label
                continue
            if kind in REFUSALS:
                assert classify(resp.body, url, status=resp.status) is REFUSALS[kind], label
                assert parse_page(resp.body, url, status=resp.status).page_kind is REFUSALS[kind]
            elif kind == "captcha":
                want = PageKind.CAPTCHA_ERROR if is_search else expected.page_kind
                assert classify(resp.body, url, status=resp.status) is want, label
            elif kind in ("wrong_encoding", "slow"):
                got = parse_page(resp.body, url, status=resp.status)
                # The same records; the source differs only by the bytes' sha256.
                assert got.to_dict() | {"source": None} == expected.to_dict() | {"source": None}, (
                    label
                )
                if kind == "slow":
                    assert resp.delay == 0.5
                else:
                    declared = resp.content_type.split("charset=")[1]
                    actual = "utf-8" if resp.body != good.body else "windows-1251"
                    assert declared != actual, label


def _parsed_or_error(body: bytes, url: str, status: int):
    try:
        return parse_page(body, url, status=status).to_dict()
    except ParseError:
        return "ParseError"


def _cuts(world, targets):
    """(label, clean records, records of each cut page or "ParseError")."""
    clean = SimSite(world, round=3)
    faulty = SimSite(world, FaultPlan({"truncated": 1.0}, clean_after=100), round=3)
    for label, url in targets:
        good = fetch(clean, url)
        expected = parse_page(good.body, url, status=good.status).to_dict()
        for _attempt in range(20):
            resp = fetch(faulty, url)
            assert len(resp.body) < len(good.body)
            yield label, expected, _parsed_or_error(resp.body, url, resp.status)


def _numbers(parsed: dict) -> list[str]:
    return [row["case_number"] for row in parsed["records"][0]["rows"]]


def test_truncated_listings_never_lose_rows_silently(world):
    targets = [(f"{c.template} listing", search_url(c, 2025, 1)) for c in COURTS[:2]]
    outcomes = list(_cuts(world, targets))
    assert any(got == "ParseError" for _, _, got in outcomes)
    for label, expected, got in outcomes:
        assert got == "ParseError" or _numbers(got) == _numbers(expected), label


def test_truncated_pages_raise_or_parse_into_the_complete_records(world):
    targets = [(label, url) for label, url, _ in fault_targets(world)]
    bad = [
        label
        for label, expected, got in _cuts(world, targets)
        if got not in ("ParseError", expected)
    ]
    assert not bad, bad
