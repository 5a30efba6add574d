"""Assemble an evidence pack: scope → cases → records → figures → summary → signed WACZ.

The pack is a function of the store, the archive and the scope alone: no clock, no random
ids (masked copies get a name-based UUID from their original's record id), every list in
a fixed order, so the same scope over the same archive gives the same bytes.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from refusenik import __version__
from refusenik.archive.wacz import (
    PackMeta,
    Page,
    Record,
    build_wacz,
    key_fingerprint,
    response_record,
)
from refusenik.errors import UserInputError
from refusenik.evidence.collect import Source, collect, record_ids_by_case
from refusenik.evidence.figures import Figures, compute
from refusenik.evidence.scope import EvidenceScope, select_cases
from refusenik.evidence.summary import (
    SummaryData,
    case_lines,
    coverage_rows,
    flagged,
    render_html,
)

SUMMARY_URL = "https://evidence.refusenik.invalid/summary.html"
SUMMARY_HTML = "summary/summary.html"
SUMMARY_PDF = "summary/summary.pdf"
CASES_JSON = "summary/cases.json"
GAPS_JSON = "summary/gaps.json"
MASKED_WARC = "masked.warc.gz"
ORIGINALS_WARC = "originals.warc.gz"
SUMMARY_WARC = "summary.warc.gz"
SUMMARY_NS = uuid.UUID("0b8f5f54-52a3-4a55-8d0c-5ad1b9b8e2f1")


@dataclass
class PackResult:
    """The pack's bytes and what went into it."""

    wacz: bytes
    pdf: bytes | None
    cases: int
    records: int
    gaps: list[dict[str, Any]] = field(default_factory=list)
    figures: Figures | None = None
    fingerprint: str = ""


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str).encode()


def _page_title(source: Source, numbers: dict[int, str]) -> str:
    cases = ", ".join(numbers.get(i, str(i)) for i in source.case_ids[:3])
    more = f" +{len(source.case_ids) - 3}" if len(source.case_ids) > 3 else ""
    return f"{source.court or ''} {source.page_kind or 'page'} — {cases}{more} (names masked)"


def build_pack(
    engine: Engine,
    archive_dir: Path,
    scope: EvidenceScope,
    key: Ed25519PrivateKey,
    *,
    originals: bool = False,
    pdf: bool = True,
    command: str = "refusenik evidence build",
) -> PackResult:
    """Build the pack for `scope`; `UserInputError` when no case is in it."""
    cases = select_cases(engine, scope)
    if not cases:
        raise UserInputError(f"no cases match {scope.describe()} in this store: no pack written")
    wanted = record_ids_by_case(engine, [c["id"] for c in cases])
    collected = collect(engine, archive_dir, wanted, originals=originals)
    figures = compute(engine, scope, cases)
    fingerprint = key_fingerprint(key.public_key())
    moments = [s.fetched_at for s in collected.sources] or [
        (c["last_seen"] if c["last_seen"].tzinfo else c["last_seen"].replace(tzinfo=UTC))
        for c in cases
    ]
    as_of: datetime = max(moments)
    lines = case_lines(cases, collected.sources)
    data = SummaryData(
        title=f"refusenik evidence pack: {scope.describe()}",
        question=(
            f"How were the defendants in the cases of {scope.describe()} punished, and where "
            "is it written? Every case the store holds in that scope, with the court pages "
            "it was read from, as archived when fetched."
        ),
        command=" ".join(
            [command, *scope.options()] + (["--include-originals"] if originals else [])
        ),
        as_of=as_of.strftime("%Y-%m-%d %H:%M:%S UTC"),
        figures=figures,
        cases=lines,
        flagged=flagged(cases),
        coverage=coverage_rows(engine, {c["court"] for c in cases}),
        gaps=collected.gaps,
        originals=originals,
        public_key_fingerprint=fingerprint,
    )
    html = render_html(data).encode("utf-8")
    pdf_bytes = None
    if pdf:
        from refusenik.evidence.pdf import render_pdf

        pdf_bytes = render_pdf(data, as_of)
    summary = response_record(
        url=SUMMARY_URL,
        date=as_of,
        record_id=f"<urn:uuid:{uuid.uuid5(SUMMARY_NS, html.decode('utf-8'))}>",
        body=html,
        http_headers=[("Content-Type", "text/html; charset=utf-8")],
    )
    warcs: dict[str, list[Record]] = {
        SUMMARY_WARC: [summary],
        MASKED_WARC: [s.masked for s in collected.sources if s.masked is not None],
    }
    if originals:
        seen: set[str] = set()
        kept = []
        for s in collected.sources:  # a body two revisits share goes in once
            if s.original is not None and s.original.record_id not in seen:
                seen.add(s.original.record_id)
                kept.append(s.original)
        warcs[ORIGINALS_WARC] = kept
    numbers = {c["id"]: f"{c['number'] or c['id']}" for c in cases}
    pages = [Page(SUMMARY_URL, as_of, data.title)] + [
        Page(
            s.url,
            s.fetched_at,
            _page_title(s, numbers),
            {"originalRecordId": s.record_id, "originalSha256": s.sha256},
        )
        for s in collected.sources
    ]
    files = {
        SUMMARY_HTML: html,
        CASES_JSON: _json(
            {
                "scope": scope.describe(),
                "figures": {
                    "cases_received": figures.cases_received,
                    "decisions": figures.decisions,
                    "persons": figures.persons,
                    "persons_sentenced": figures.persons_sentenced,
                    "sentence_kinds": dict(figures.sentence_kinds),
                    "share_suspended": figures.share_suspended,
                    "share_below_minimum": figures.share_below_minimum,
                },
                "cases": [line.__dict__ for line in lines],
                "official": figures.official,
            }
        ),
        GAPS_JSON: _json(collected.gaps),
    }
    if pdf_bytes is not None:
        files[SUMMARY_PDF] = pdf_bytes
    meta = PackMeta(
        title=data.title,
        description=data.question,
        created=as_of,
        software=f"refusenik {__version__}",
        main_page_url=SUMMARY_URL,
        main_page_date=as_of,
        extra={"gaps": collected.gaps, "scope": scope.describe()},
    )
    return PackResult(
        wacz=build_wacz(warcs, pages, files, meta, key),
        pdf=pdf_bytes,
        cases=len(cases),
        records=len(collected.sources),
        gaps=collected.gaps,
        figures=figures,
        fingerprint=fingerprint,
    )
