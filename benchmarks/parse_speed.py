"""Pages per second of the site parsers over every saved page fixture.

Three figures on the same bytes:

* ours     — `refusenik.sites.parse_page` (decode, classify, extract, pseudonymise);
* floor    — bare `lxml.html.fromstring(body)`: parsing alone, no extraction. Caveat: most
  saved sudrf pages are UTF-8 bytes under a `charset=windows-1251` meta tag, and on those
  bare lxml stops at the first byte cp1251 does not define (0x98, e.g. inside «И»), so it
  "parses" a few hundred characters. Two honest floors are printed beside it: lxml with
  the page's real encoding on the whole page, and bare lxml on only the pages it reads
  whole;
* baseline — BeautifulSoup(`html.parser`) extracting the same listing and card fields.

Targets (issue 4 §6): ours ≥ 20× the baseline and within 1.5× of the floor's time.
Run: `.venv/bin/python benchmarks/parse_speed.py [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import os
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


def bs_extract(body: bytes) -> dict:
    from refusenik.sites.decode import decode

    soup = BeautifulSoup(decode(body), "html.parser")
    out: dict = {"rows": [], "pairs": {}, "tables": []}
    listing = soup.find("table", id="tablcont") if soup.find("td", string=None) else None
    if soup.find(string=lambda s: s and "Всего по запросу найдено" in s) and listing:
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
    for table in soup.select("#resultTable table.law-case-table"):
        for tr in table.select("tbody > tr"):
            tds = tr.find_all("td")
            out["rows"].append(
                [_cell(td) for td in tds] + [a.get("href") for a in tr.find_all("a")]
            )
    for tr in soup.select("tr.linked-row"):
        out["rows"].append([_cell(td) for td in tr.find_all("td")] + [tr.get("data-href")])
    num = soup.select_one("div.casenumber, div.case-num")
    if num is not None:
        out["number"] = _cell(num)
        for div in soup.select("div[id^=cont], div[id^=tab_content_]"):
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
    for row in soup.select("div.card-sud div.row"):
        left, right = row.select_one("div.left"), row.select_one("div.right")
        if left and right:
            out["pairs"][_cell(left)] = _cell(right)
    return out


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
        return bs_extract(body)

    from refusenik.sites.decode import detect_encoding

    parsers = {e: lxml.html.HTMLParser(encoding=e) for e in ("utf-8", "windows-1251")}

    def floor_whole(body: bytes, url: str | None) -> object:
        try:
            return lxml.html.fromstring(body, parser=parsers[detect_encoding(body)])
        except lxml.etree.ParserError:
            return None

    def read_whole(body: bytes) -> bool:
        try:
            bare = len(lxml.html.fromstring(body).text_content())
        except lxml.etree.ParserError:
            return False
        return bare >= 0.9 * len(floor_whole(body, None).text_content())

    whole = [p for p in pages if read_whole(p[0])]

    ours(*pages[0])  # warm caches (pseudonym key, parsers)
    r_ours, t_ours = rate(ours, pages, args.rounds)
    r_floor, t_floor = rate(floor, pages, args.rounds)
    r_bs, t_bs = rate(baseline, pages, args.rounds)
    r_whole, t_whole = rate(floor_whole, pages, args.rounds)
    _, t_ours_sub = rate(ours, whole, args.rounds)
    _, t_floor_sub = rate(floor, whole, args.rounds)
    print(f"{len(pages)} pages, {size / 1e6:.1f} MB, best of {args.rounds} passes")
    print(f"  ours  parse_page            {r_ours:8.1f} pages/s  ({t_ours * 1000:7.1f} ms/pass)")
    print(f"  floor lxml.html.fromstring  {r_floor:8.1f} pages/s  ({t_floor * 1000:7.1f} ms/pass)")
    print(f"  base  BeautifulSoup         {r_bs:8.1f} pages/s  ({t_bs * 1000:7.1f} ms/pass)")
    print(f"  floor lxml, real encoding   {r_whole:8.1f} pages/s  ({t_whole * 1000:7.1f} ms/pass)")
    print(f"  ours vs BeautifulSoup:            {r_ours / r_bs:6.1f}x faster (target >= 20x)")
    print(f"  ours vs bare lxml (all pages):    {t_ours / t_floor:6.2f}x the time (target <= 1.5x)")
    print(f"  ours vs lxml with real encoding:  {t_ours / t_whole:6.2f}x the time")
    print(
        f"  on the {len(whole)} pages bare lxml reads whole: ours {t_ours_sub * 1000:.1f} ms,"
        f" bare lxml {t_floor_sub * 1000:.1f} ms = {t_ours_sub / t_floor_sub:.2f}x the time"
    )
    per_page = []
    for body, url in pages:
        t0 = time.perf_counter()
        ours(body, url)
        per_page.append(time.perf_counter() - t0)
    print(f"  ours median page: {statistics.median(per_page) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
