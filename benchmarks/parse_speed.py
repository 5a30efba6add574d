"""Pages per second of the site parsers over every saved page fixture.

Figures on the same bytes:

* ours     — `refusenik.sites.parse_page` (decode, classify, extract, pseudonymise);
* floor    — bare `lxml.html.fromstring(body)`: parsing alone, no extraction, the floor
  issue 4 §6 names. It is not a real floor: 25 of the 35 saved pages are UTF-8 bytes under
  a `charset=windows-1251` meta tag, and on those bare lxml stops at the first byte cp1251
  does not define (0x98, e.g. inside «И») and "parses" ~150 characters;
* fair floor — `lxml.html.fromstring` on the whole page read with its real encoding
  (decided before the clock starts, so the floor is parsing alone): the least any parser
  of these pages must do. Both ratios are printed; the target is met against this one;
* baseline — BeautifulSoup(`html.parser`) on the decoded page, extracting the same listing
  and card fields the straightforward way (no tricks to make it slow, none to make it
  skip work our parsers do: page kind, counters, cards, act texts, vsrf and msudrf).

Targets (issue 4 §6): ours ≥ 20× the baseline and ≤ 1.5× the (fair) floor's time.
Run: `.venv/bin/python benchmarks/parse_speed.py [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import lxml.etree
import lxml.html
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"


def load() -> list[tuple[bytes, str | None]]:
    out = []
    for html in sorted(PAGES.glob("*.html")):
        expected = html.with_suffix(".json")
        url = json.loads(expected.read_text())["url"] if expected.exists() else None
        out.append((html.read_bytes(), url))
    return out


# --- the BeautifulSoup baseline: the same fields, the straightforward way ----------------


def _cell(td) -> str:
    return " ".join(td.get_text(" ").split())


_REFUSALS = (
    "Информация временно недоступна",
    "Неверно указан проверочный код",
    "Данных по запросу не обнаружено",
    "ПУСТОЙ ДОКУМЕНТ",
)


def bs_extract(body: bytes, url: str | None = None) -> dict:
    """The same fields with BeautifulSoup, dispatching on the site first (as ours does)."""
    from refusenik.sites.decode import decode

    text = decode(body)
    soup = BeautifulSoup(text, "html.parser")
    out: dict = {"rows": [], "pairs": {}, "tables": []}
    out["refusal"] = next((m for m in _REFUSALS if m in text), None)
    if "vs-items" in text:
        _bs_vsrf(soup, out)
    elif "mos-gorsud" in (url or "") or "card-sud" in text or "linked-row" in text:
        _bs_mosgorsud(soup, out)
    else:
        _bs_sudrf(soup, text, out)
    return out


def _bs_sudrf(soup: BeautifulSoup, text: str, out: dict) -> None:
    listing = soup.find("table", id="tablcont")
    counter = soup.find(string=lambda s: s and "Всего по запросу найдено" in s)
    if counter and listing:  # classic listing
        out["counter"] = " ".join(counter.split())
        for tr in listing.find_all("tr")[1:]:
            tds = tr.find_all("td", recursive=False)
            if len(tds) < 7:
                continue
            link = tds[0].find("a")
            out["rows"].append(
                {
                    "number": _cell(tds[0]),
                    "href": link.get("href") if link else None,
                    "received": _cell(tds[1]),
                    "info": [" ".join(s.split()) for s in tds[2].stripped_strings],
                    "judge": _cell(tds[3]),
                    "decided": _cell(tds[4]),
                    "result": _cell(tds[5]),
                    "acts": [a.get("href") for a in tds[-1].find_all("a")],
                }
            )
        return
    results = soup.find(id="resultTable")
    if results is not None:  # VNKOD listing
        out["counter"] = _cell(soup.find("div", class_="lawcase-count"))
        for table in results.find_all("table", class_="law-case-table"):
            for tr in table.select("tbody > tr"):
                tds = tr.find_all("td")
                out["rows"].append(
                    [_cell(td) for td in tds] + [a.get("href") for a in tr.find_all("a")]
                )
        return
    num = soup.find("div", class_=["casenumber", "case-num"]) or soup.find("h2")
    if num is not None and "ДЕЛО" in num.get_text():  # sudrf and msudrf cards
        out["number"] = _cell(num)
        for div in soup.find_all("div", id=re.compile(r"^(?:cont\d|tab_content_)")) + soup.find_all(
            "div", class_="tab-content"
        ):
            table = div.find("table")
            if table is None:
                continue
            rows = []
            for tr in table.find_all("tr"):
                tds = tr.find_all(["td", "th"])
                if len(tds) == 2 and tds[0].find("b"):
                    out["pairs"][_cell(tds[0])] = _cell(tds[1])
                else:
                    rows.append([_cell(td) for td in tds])
            out["tables"].append(rows)
        out["acts"] = [
            div.get_text("\n") for div in soup.find_all("div", id=re.compile(r"^cont_doc"))
        ]
    elif "name_op=doc" in text:  # act page
        content = soup.find("div", id="content")
        out["act"] = content.get_text("\n") if content else None


def _bs_mosgorsud(soup: BeautifulSoup, out: dict) -> None:
    for tr in soup.find_all("tr", class_="linked-row"):
        out["rows"].append([_cell(td) for td in tr.find_all("td")] + [tr.get("data-href")])
    card = soup.find("div", class_="card-sud")
    for row in card.find_all("div", class_="row") if card else []:
        left, right = row.find("div", class_="left"), row.find("div", class_="right")
        if left and right:
            out["pairs"][_cell(left)] = _cell(right)


def _bs_vsrf(soup: BeautifulSoup, out: dict) -> None:
    for item in soup.find_all("div", id="vs-items"):
        for row in item.find_all("div", class_="vs-item-detail"):
            label = row.find("div", class_="col-md-3")
            value = row.find("div", class_="col-md-7")
            if label and value:
                out["pairs"][_cell(label)] = _cell(value)


# --- timing -----------------------------------------------------------------------------


def rate(
    fn: Callable[[bytes, str | None], object], pages: list, rounds: int
) -> tuple[float, float]:
    """(pages per second, seconds per pass), best of `rounds` passes."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for body, url in pages:
            fn(body, url)
        times.append(time.perf_counter() - t0)
    best = min(times)
    return len(pages) / best, best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="passes over all pages (best is kept)")
    args = ap.parse_args()
    os.environ.setdefault("REFUSENIK_HOME", tempfile.mkdtemp(prefix="refusenik-bench-"))

    from refusenik.sites import ParseError, parse_page

    pages = load()
    size = sum(len(b) for b, _ in pages)

    def ours(body: bytes, url: str | None) -> object:
        try:
            return parse_page(body, url)
        except ParseError:
            return None

    def floor(body: bytes, url: str | None) -> object:
        try:
            return lxml.html.fromstring(body)
        except lxml.etree.ParserError:  # a page lxml finds empty still cost the parse
            return None

    def baseline(body: bytes, url: str | None) -> object:
        return bs_extract(body, url)

    from refusenik.sites.decode import detect_encoding

    # The fair floor: each page's real encoding is decided here, outside the clock.
    parsers = {e: lxml.html.HTMLParser(encoding=e) for e in ("utf-8", "windows-1251")}
    fair_parser = {body: parsers[detect_encoding(body)] for body, _ in pages}

    def fair_floor(body: bytes, url: str | None) -> object:
        try:
            return lxml.html.fromstring(body, parser=fair_parser[body])
        except lxml.etree.ParserError:
            return None

    def read_whole(body: bytes) -> bool:
        try:
            bare = len(lxml.html.fromstring(body).text_content())
        except lxml.etree.ParserError:
            return False
        return bare >= 0.9 * len(fair_floor(body, None).text_content())

    whole = [p for p in pages if read_whole(p[0])]

    ours(*pages[0])  # warm caches (pseudonym key, law tables)
    r_ours, t_ours = rate(ours, pages, args.rounds)
    r_floor, t_floor = rate(floor, pages, args.rounds)
    r_fair, t_fair = rate(fair_floor, pages, args.rounds)
    r_bs, t_bs = rate(baseline, pages, max(1, args.rounds // 2))
    _, t_ours_sub = rate(ours, whole, args.rounds)
    _, t_floor_sub = rate(floor, whole, args.rounds)

    def line(who: str, r: float, t: float) -> None:
        print(f"  {who:<36}{r:8.1f} pages/s  ({t * 1000:7.1f} ms/pass)")

    print(f"{len(pages)} pages, {size / 1e6:.1f} MB, best of {args.rounds} passes")
    line("ours   parse_page", r_ours, t_ours)
    line("base   BeautifulSoup(html.parser)", r_bs, t_bs)
    line("floor  lxml.html.fromstring(bytes)", r_floor, t_floor)
    line("fair   lxml, whole page, real encoding", r_fair, t_fair)
    print(f"  ours vs BeautifulSoup:          {r_ours / r_bs:6.1f}x faster      (target >= 20x)")
    print(f"  ours vs fair floor:             {t_ours / t_fair:6.2f}x the time    (target <= 1.5x)")
    print(
        f"  ours vs literal floor:          {t_ours / t_floor:6.2f}x the time    (not a real floor:"
        f" bare lxml reads {len(whole)} of {len(pages)} pages whole)"
    )
    print(
        f"  on those {len(whole)} pages:              {t_ours_sub / t_floor_sub:6.2f}x the time"
        f"    (ours {t_ours_sub * 1000:.1f} ms, bare lxml {t_floor_sub * 1000:.1f} ms)"
    )
    per_page = []
    for body, url in pages:
        t0 = time.perf_counter()
        ours(body, url)
        per_page.append(time.perf_counter() - t0)
    print(f"  ours median page: {statistics.median(per_page) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
