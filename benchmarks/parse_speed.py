"""Pages per second of the site parsers over every saved page fixture, measured fairly.

Methods, all on the same pages:

* ours     — `refusenik.sites.parse_page` (find the region, decode, classify, extract,
  pseudonymise, provenance);
* lxml, our bytes — `lxml.html.fromstring` on exactly the bytes our parser builds a tree
  from (the sudrf module region, the mos-gorsud / vsrf body region, else the page), read
  with the encoding we read it with; both are decided before the clock starts. This is the
  floor: parsing alone of what we parse. On sudrf pages we parse ~1 MB of the 6.5 MB;
  comparing with lxml on whole pages would credit us for bytes we skip;
* lxml, whole pages — the same on every whole page (for reference only);
* baseline — BeautifulSoup(`html.parser`) on the decoded page, extracting the same listing
  and card fields the straightforward way (no tricks to make it slow, none to make it
  skip work our parsers do: page kind, counters, cards, act texts, vsrf and msudrf).

Timing: CPU time (`time.process_time`), not wall-clock. Each round runs every method once,
in an order rotated per round, so all methods see the same machine load; before each pass
every page is a fresh `bytes` copy and our value caches (`functools.lru_cache`s in
`refusenik.sites` and `refusenik.privacy`) are cleared, so no pass reads another's
results. The figures are the median pass time per method and the median of the per-round
ratios. Loaders that run once per process (the law tables, the pseudonym key) stay loaded.

Targets: ours ≥ 20× BeautifulSoup; ours ≤ 1.5× lxml on our bytes.
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


def clear_our_caches() -> None:
    """Empty the value caches (`lru_cache`s of more than a few entries) defined in our
    parsing code; loaders that run once per process (the morphology dictionary, the
    pseudonym key) are left loaded."""
    import sys

    for name, module in list(sys.modules.items()):
        if not name.startswith(("refusenik.sites", "refusenik.privacy")):
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if info is None or getattr(value, "__module__", None) != name:
                continue  # not a cache, or one imported from elsewhere
            if (info().maxsize or 0) > 16:
                value.cache_clear()


def fresh(pages: list[tuple[bytes, object]]) -> list[tuple[bytes, object]]:
    """New `bytes` objects with the same content: no identity or cache carries over."""
    return [(bytes(bytearray(b)), extra) for b, extra in pages]


def one_pass(fn: Callable[[bytes, object], object], pages: list[tuple[bytes, object]]) -> float:
    copies = fresh(pages)
    clear_our_caches()
    t0 = time.process_time()
    for body, extra in copies:
        fn(body, extra)
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7, help="rounds (every method once each)")
    args = ap.parse_args()
    if args.rounds < 1:
        ap.error(f"--rounds must be at least 1, not {args.rounds}")
    os.environ.setdefault("REFUSENIK_HOME", tempfile.mkdtemp(prefix="refusenik-bench-"))

    from refusenik.sites import ParseError, parse_page
    from refusenik.sites.decode import detect_encoding
    from refusenik.sites.dispatch import _prepare

    pages = load()
    size = sum(len(b) for b, _ in pages)
    parsers = {e: lxml.html.HTMLParser(encoding=e) for e in ("utf-8", "windows-1251", "koi8-r")}

    def our_bytes(body: bytes, url: str | None) -> tuple[bytes, str]:
        prep = _prepare(body, url)
        region = prep.parse_region
        part = body[region[0] : region[1]] if region else body
        return part, prep.encoding

    sliced = [our_bytes(b, u) for b, u in pages]  # (bytes we parse, their encoding)
    whole = [(b, detect_encoding(b)) for b, _ in pages]
    parsed_size = sum(len(b) for b, _ in sliced)

    def ours(body: bytes, url: object) -> object:
        try:
            return parse_page(body, url)  # type: ignore[arg-type]
        except ParseError:
            return None

    def lxml_on(body: bytes, encoding: object) -> object:
        try:
            return lxml.html.fromstring(body, parser=parsers[str(encoding)])
        except lxml.etree.ParserError:  # a page lxml finds empty still cost the parse
            return None

    def baseline(body: bytes, url: object) -> object:
        return bs_extract(body, url)  # type: ignore[arg-type]

    methods: dict[str, tuple[Callable[[bytes, object], object], list]] = {
        "ours": (ours, list(pages)),
        "lxml_ours": (lxml_on, sliced),
        "lxml_whole": (lxml_on, whole),
        "bs": (baseline, list(pages)),
    }
    ours(*pages[0])  # load once-per-process tables (law, pseudonym key)
    times: dict[str, list[float]] = {k: [] for k in methods}
    order = list(methods)
    for r in range(args.rounds):
        for name in order[r % len(order) :] + order[: r % len(order)]:
            fn, data = methods[name]
            times[name].append(one_pass(fn, data))

    def med(name: str) -> float:
        return statistics.median(times[name])

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

    def line(who: str, name: str) -> None:
        t = med(name)
        print(f"  {who:<40}{len(pages) / t:8.1f} pages/s  ({t * 1000:7.1f} ms CPU/pass)")

    print(
        f"{len(pages)} pages, {size / 1e6:.2f} MB ({parsed_size / 1e6:.2f} MB of it parsed by us);"
        f" {args.rounds} paired rounds, CPU time, medians"
    )
    line("ours   parse_page", "ours")
    line("base   BeautifulSoup(html.parser)", "bs")
    line("floor  lxml on exactly our bytes", "lxml_ours")
    line("ref    lxml on whole pages", "lxml_whole")
    print(f"  ours vs BeautifulSoup:        {ratio('bs', 'ours'):6.1f}x faster    (target >= 20x)")
    print(
        f"  ours vs lxml on our bytes:    {ratio('ours', 'lxml_ours'):6.2f}x the time  "
        "(target <= 1.5x)"
    )
    print(
        f"  ours vs lxml on whole pages:  {ratio('ours', 'lxml_whole'):6.2f}x the time  (reference)"
    )
    per_page = []
    for body, url in fresh(pages):
        t0 = time.process_time()
        ours(body, url)
        per_page.append(time.process_time() - t0)
    print(f"  ours median page: {statistics.median(per_page) * 1000:.2f} ms CPU")


if __name__ == "__main__":
    main()
