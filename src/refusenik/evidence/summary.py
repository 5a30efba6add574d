"""The pack's summary: what was asked, the figures, every case with the record it came
from, what the courts have hidden or removed since, what could not be covered, and the
official figures beside them. One model (`SummaryData`), rendered as HTML here and as a
PDF in `pdf.py`; court text is escaped everywhere it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from typing import Any

from refusenik.evidence.collect import Source
from refusenik.evidence.figures import Figures

KIND_NAMES = {
    "imprisonment": "imprisonment",
    "suspended": "suspended imprisonment (art. 73)",
    "disciplinary_unit": "disciplinary military unit",
    "fine": "fine",
    "restriction_of_service": "restriction in military service",
}


@dataclass(frozen=True)
class CaseLine:
    """One row of the case table."""

    case_id: int
    court: str
    number: str
    received: str
    decided: str
    articles: str
    outcome: str
    punishment: str
    judge: str
    url: str
    captured: str
    sha256: str
    record_id: str
    masked_record_id: str
    records: int
    flags: str


@dataclass(frozen=True)
class SummaryData:
    title: str
    question: str
    command: str
    as_of: str
    figures: Figures
    cases: list[CaseLine]
    flagged: list[dict[str, str]]
    coverage: list[dict[str, str]]
    gaps: list[dict[str, Any]]
    originals: bool
    public_key_fingerprint: str


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value or "")


def _moment(value: Any) -> str:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return str(value or "")


def punishment_text(rows: list[dict[str, Any]]) -> str:
    """«P-ABCD1234: imprisonment 72 m (general)» per person sentenced."""
    parts = []
    for p in rows:
        what = KIND_NAMES.get(p.get("kind") or "", p.get("kind") or p.get("outcome") or "")
        if p.get("term_months") is not None:
            what += f" {p['term_months']} m"
        if p.get("probation_months") is not None:
            what += f", probation {p['probation_months']} m"
        if p.get("fine_rub") is not None:
            what += f", {p['fine_rub']} ₽"
        if p.get("regime"):
            what += f" ({p['regime']})"
        parts.append(f"{p['pseudonym']}: {p.get('outcome')}, {what}".strip(", "))
    return "; ".join(parts)


def _cited(case_id: int, sources: list[Source]) -> Source | None:
    """The record a case row cites: its latest card, else its latest sighting."""
    mine = [s for s in sources if case_id in s.case_ids]
    cards = [s for s in mine if s.page_kind == "card"]
    pick = cards or mine
    return max(pick, key=lambda s: (s.fetched_at, s.record_id)) if pick else None


def case_lines(cases: list[dict[str, Any]], sources: list[Source]) -> list[CaseLine]:
    lines = []
    for case in cases:
        cited = _cited(case["id"], sources)
        open_flags = [f for f in case["flags"] if f["until"] is None]
        lines.append(
            CaseLine(
                case_id=case["id"],
                court=case["court"],
                number=case["number"] or "",
                received=_day(case["received"]),
                decided=_day(case["decided"]),
                articles=case["articles"] or "",
                outcome=case["result"] or "",
                punishment=punishment_text(case["punishments"]),
                judge=case["judge"] or "",
                url=cited.url if cited else "",
                captured=_moment(cited.fetched_at) if cited else "",
                sha256=cited.sha256 if cited else "",
                record_id=cited.record_id if cited else "(no archived record: see gaps)",
                masked_record_id=cited.masked.record_id if cited and cited.masked else "",
                records=sum(1 for s in sources if case["id"] in s.case_ids),
                flags=", ".join(f"{f['flag']} since {_day(f['since'])}" for f in open_flags),
            )
        )
    return lines


def flagged(cases: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Cases the court has hidden or removed, each flag with its dates and our last sighting."""
    out = []
    for case in cases:
        for flag in case["flags"]:
            if flag["flag"] not in ("hidden", "removed"):
                continue
            out.append(
                {
                    "case_id": str(case["id"]),
                    "court": case["court"],
                    "number": case["number"] or "",
                    "flag": flag["flag"],
                    "since": _moment(flag["since"]),
                    "until": _moment(flag["until"]) if flag["until"] else "still",
                    "last_seen": _moment(case["last_seen"]),
                    "evidence": str(flag["evidence"] or ""),
                }
            )
    return out


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em;color:#111;font-size:14px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:2px 6px;
vertical-align:top;text-align:left}th{background:#eee}.cases td{font-size:12px}
.mono{font-family:"DejaVu Sans Mono",monospace;font-size:11px;word-break:break-all}
.note{color:#444}
"""


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:g}"
    return str(value)


def _dict_table(rows: list[dict[str, Any]]) -> str:
    columns = list(rows[0])
    return _table(columns, [[cell_text(r.get(c)) for c in columns] for r in rows], "official")


def analysis_lines(figures: Figures) -> list[tuple[str, str]]:
    """The analysis' headline for the same scope, as label/value pairs."""
    h = figures.analysis
    if not h:
        return []
    labels = (
        ("cases_received", "cases received"),
        ("decisions", "decisions"),
        ("persons", "persons"),
        ("persons_sentenced", "persons sentenced"),
        ("share_suspended", "share suspended"),
        ("share_below_minimum", "share below the statutory minimum"),
        ("median_days_to_decision", "median days to decision"),
        ("as_of", "as of"),
        ("provisional_from", "provisional from"),
    )
    return [(label, cell_text(h.get(key)) or "—") for key, label in labels]


def _analysis_section(figures: Figures) -> str:
    lines = analysis_lines(figures)
    if not lines:
        return ""
    kinds = figures.analysis_kinds
    out = [
        "<h2>The analysis' figures for the same scope</h2>",
        "<p class='note'>From <code>refusenik.analysis.figures</code> (headline, "
        "sentence_kinds): each case counted under one principal article, each measure "
        "dated by its own day (received, decided), so they may differ from the pack's own "
        "count above, which is exactly the cases listed.</p>",
        _table(["measure", "value"], [[a, b] for a, b in lines], "analysis"),
    ]
    if kinds is not None and kinds.rows:
        out.append(
            _table(
                list(kinds.columns), [[cell_text(v) for v in row] for row in kinds.rows], "kinds"
            )
        )
        out += [f"<p class='note'>{escape(n)}</p>" for n in kinds.notes]
    return "".join(out)


def render_html(data: SummaryData) -> str:
    f = data.figures
    figure_rows = [
        ["cases received (in scope)", str(f.cases_received)],
        ["decisions (cases with a decision date)", str(f.decisions)],
        ["persons (defendants of those cases)", str(f.persons)],
        [
            "persons sentenced (punishment read from an act or press release)",
            str(f.persons_sentenced),
        ],
        ["share suspended (of persons sentenced)", _share(f.share_suspended)],
        [
            f"share below the statutory minimum (of {f.minimum_known} comparable)",
            _share(f.share_below_minimum),
        ],
    ]
    kinds = [[KIND_NAMES.get(k, k), str(n)] for k, n in f.sentence_kinds]
    case_rows = [
        [
            str(c.case_id),
            c.court,
            c.number,
            c.received,
            c.decided,
            c.articles,
            c.outcome,
            c.punishment,
            c.judge,
            c.url,
            c.captured,
            c.sha256,
            c.record_id,
            c.masked_record_id,
            str(c.records),
            c.flags,
        ]
        for c in data.cases
    ]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(data.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(data.title)}</h1>",
        "<h2>The question</h2>",
        f"<p id='question'>{escape(data.question)}</p>",
        f"<p class='note'>Built with <code>{escape(data.command)}</code>; the newest capture "
        f"in the pack is from {escape(data.as_of)}. Defendants appear only as keyed "
        "pseudonyms; the pages in this pack are copies with names masked («‹ФИО›»), each "
        "citing the SHA-256 and WARC record id of the unaltered original in our archive"
        + (
            " — <b>this pack also holds the unaltered originals, which contain names</b>."
            if data.originals
            else "."
        )
        + "</p>",
        "<h2>Figures</h2>",
        _table(["measure", "value"], figure_rows, "figures"),
        "<p class='note'>The three measures are counted separately and never added up.</p>",
        "<h3>Sentence distribution (persons sentenced)</h3>",
        _table(["punishment", "persons"], kinds, "kinds") if kinds else "<p>no punishment read</p>",
        "<h2 id='cases'>Cases</h2>",
        _table(
            [
                "case",
                "court",
                "number",
                "received",
                "decided",
                "articles",
                "outcome",
                "punishment",
                "judge",
                "archived URL",
                "captured",
                "SHA-256 (original body)",
                "WARC record id (original)",
                "WARC record id (masked copy)",
                "records",
                "flags",
            ],
            case_rows,
            "cases",
        ),
        "<h2>Hidden or removed by the court since</h2>",
        _table(
            ["case", "court", "number", "flag", "since", "until", "last seen by us", "evidence"],
            [
                [
                    r["case_id"],
                    r["court"],
                    r["number"],
                    r["flag"],
                    r["since"],
                    r["until"],
                    r["last_seen"],
                    r["evidence"],
                ]
                for r in data.flagged
            ],
        )
        if data.flagged
        else "<p>none: every case was still listed when last read</p>",
        "<h2>Coverage caveats of the courts in scope</h2>",
        _table(
            ["court", "last crawled", "status", "cases", "hidden", "removed", "could not read"],
            [
                [
                    r["court"],
                    r["last_crawled"],
                    r["status"],
                    r["cases"],
                    r["hidden"],
                    r["removed"],
                    r["unread"],
                ]
                for r in data.coverage
            ],
        )
        if data.coverage
        else "<p>no crawl status recorded for these courts</p>",
        "<h2 id='gaps'>Gaps: records we could not put in the pack</h2>",
        _table(
            ["record id", "cases", "URL", "captured", "problem"],
            [
                [
                    g["record_id"],
                    ", ".join(str(i) for i in g["case_ids"]),
                    g.get("url", ""),
                    g.get("fetched_at", ""),
                    g["problem"],
                ]
                for g in data.gaps
            ],
        )
        if data.gaps
        else "<p>none: every record behind these cases is in the pack</p>",
        "<h2>Official figures (Judicial Department) for the same article and years</h2>",
        _dict_table(data.figures.official) if data.figures.official else "<p>none</p>",
        "".join(f"<p class='note'>{escape(n)}</p>" for n in data.figures.official_notes),
        _analysis_section(data.figures),
        "<h2>Checking this pack</h2>",
        "<p>Every file's SHA-256 is in <code>datapackage.json</code>, signed (Ed25519) in "
        "<code>datapackage-digest.json</code>; public key fingerprint (SHA-256): "
        f"<span class='mono'>{escape(data.public_key_fingerprint)}</span>. "
        "<code>refusenik evidence verify PACK.wacz</code> checks all of it.</p>",
        "</body></html>",
    ]
    return "".join(parts)


def coverage_rows(engine: Any, courts: set[str]) -> list[dict[str, str]]:
    """The coverage caveats of the courts in scope (`refusenik coverage`, those courts)."""
    from refusenik.analysis.coverage import coverage

    rows = []
    for row in coverage(engine):
        if row.get("court") not in courts:
            continue
        unread = [
            f"{k.replace('_', ' ')}: {len(v) if isinstance(v, list) else v}"
            for k, v in sorted(row.items())
            if k
            in ("pages_refused", "pages_unreadable", "windows_unread", "cards_unread", "alarms")
            and v
        ]
        if row.get("note"):
            unread.append(str(row["note"]))
        rows.append(
            {
                "court": row["court"],
                "last_crawled": str(row.get("last_crawled") or ""),
                "status": str(row.get("status") or row.get("last_status") or ""),
                "cases": str(row.get("cases", "")),
                "hidden": str(row.get("hidden", "")),
                "removed": str(row.get("removed", "")),
                "unread": "; ".join(unread) or "nothing",
            }
        )
    return rows
