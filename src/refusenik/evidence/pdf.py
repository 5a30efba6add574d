"""The pack's summary as a PDF, for a reader with no browser or a court that wants paper.

fpdf2 writes it in pure Python (no browser, no system service), with the DejaVu Sans
TrueType font for Cyrillic. Without the font there is no PDF: a clear error says where it
was looked for and how to point at another (`REFUSENIK_PDF_FONT`). The document's
creation date is the newest capture in the pack, so the same pack gives the same bytes.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from refusenik.errors import UserInputError
from refusenik.evidence.summary import KIND_NAMES, SummaryData, analysis_lines, cell_text

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"


def font_path() -> Path:
    """The regular DejaVu Sans font; `UserInputError` naming the places looked in."""
    configured = os.environ.get("REFUSENIK_PDF_FONT")
    candidates = [Path(configured)] if configured else [d / FONT_FILE for d in FONT_DIRS]
    for path in candidates:
        if path.is_file():
            return path
    looked = ", ".join(str(p) for p in candidates)
    raise UserInputError(
        f"no TrueType font with Cyrillic for the PDF summary (looked for {looked}); install "
        "fonts-dejavu-core or set REFUSENIK_PDF_FONT to a .ttf file, or pass --no-pdf"
    )


def render_pdf(data: SummaryData, created: datetime) -> bytes:
    from fpdf import FPDF

    regular = font_path()
    bold = regular.with_name(BOLD_FILE)
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(created)
    pdf.set_title(data.title)
    pdf.set_creator("refusenik")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold if bold.is_file() else regular))
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)

    widths: dict[tuple[str, int], float] = {}

    def width(ch: str, size: int) -> float:
        if (ch, size) not in widths:
            widths[(ch, size)] = pdf.get_string_width(ch)
        return widths[(ch, size)]

    def wrap(text: str, size: int) -> list[str]:
        """Greedy word wrap by each character's width, measured once per character:
        fpdf2's own line breaking measured every character again and again and took
        most of the time of a 1,000-case pack."""
        room = pdf.epw - 1
        lines: list[str] = []
        line, used = "", 0.0
        for word in text.split():  # court text may hold newlines and tabs
            w = sum(width(ch, size) for ch in word)
            gap = width(" ", size) if line else 0.0
            if used + gap + w <= room:
                line, used = (f"{line} {word}" if line else word), used + gap + w
                continue
            if line:
                lines.append(line)
            line, used = "", 0.0
            for ch in word:  # a word wider than the line (a URL, a hash) is cut
                cw = width(ch, size)
                if used + cw > room:
                    lines.append(line)
                    line, used = "", 0.0
                line, used = line + ch, used + cw
        lines.append(line)
        return lines

    def para(text: str, size: int = 9) -> None:
        pdf.set_font("DejaVu", "", size)
        for line in wrap(text, size):
            pdf.cell(0, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")

    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, data.title, new_x="LMARGIN", new_y="NEXT")
    heading("The question")
    para(data.question)
    para(f"Built with: {data.command}. Newest capture in the pack: {data.as_of}.")
    para(
        "Defendants appear only as keyed pseudonyms; the pages in the pack are copies with "
        "names masked, each citing the SHA-256 and WARC record id of the unaltered original."
        + (
            " This pack ALSO holds the unaltered originals, which contain names."
            if data.originals
            else ""
        )
    )
    f = data.figures
    heading("Figures")
    for label, value in (
        ("cases received (in scope)", f.cases_received),
        ("decisions", f.decisions),
        ("persons", f.persons),
        ("persons sentenced", f.persons_sentenced),
        ("share suspended", "—" if f.share_suspended is None else f"{f.share_suspended:.1%}"),
        (
            f"share below the statutory minimum (of {f.minimum_known} comparable)",
            "—" if f.share_below_minimum is None else f"{f.share_below_minimum:.1%}",
        ),
    ):
        para(f"{label}: {value}")
    for kind, n in f.sentence_kinds:
        para(f"    {KIND_NAMES.get(kind, kind)}: {n}")
    heading(f"Cases ({len(data.cases)})")
    for c in data.cases:
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(0, 4.5, f"{c.court} {c.number} (case {c.case_id})", new_x="LMARGIN", new_y="NEXT")
        para(
            f"received {c.received or '—'}, decided {c.decided or '—'}; {c.articles}; "
            f"{c.outcome}; {c.punishment or 'no punishment read'}; judge {c.judge or '—'}"
            + (f"; {c.flags}" if c.flags else ""),
            8,
        )
        para(
            f"{c.url} — captured {c.captured}, SHA-256 {c.sha256}, record {c.record_id}, "
            f"masked copy {c.masked_record_id}",
            7,
        )
    heading("Hidden or removed by the court since")
    for r in data.flagged or [{"none": "1"}]:
        para(
            "none"
            if "none" in r
            else f"{r['court']} {r['number']}: {r['flag']} since {r['since']} (until {r['until']}), "
            f"last seen by us {r['last_seen']}"
        )
    heading("Coverage caveats of the courts in scope")
    for r in data.coverage:
        para(
            f"{r['court']}: last crawled {r['last_crawled']}, status {r['status']}, cases "
            f"{r['cases']}, hidden {r['hidden']}, removed {r['removed']}; could not read: {r['unread']}"
        )
    heading("Gaps: records not in the pack")
    for g in data.gaps or [{"record_id": "", "problem": "none", "case_ids": []}]:
        para(f"{g['record_id']} {g.get('url', '')}: {g['problem']}".strip())
    heading("Official figures for the same article and years")
    for r in f.official:
        para("; ".join(f"{k} {cell_text(v)}" for k, v in r.items()), 8)
    for note in f.official_notes:
        para(note)
    lines = analysis_lines(f)
    if lines:
        heading("The analysis' figures for the same scope (refusenik.analysis.figures)")
        para("; ".join(f"{a}: {b}" for a, b in lines))
        if f.analysis_kinds is not None:
            for row in f.analysis_kinds.rows:
                para("    " + ", ".join(cell_text(v) for v in row))
    heading("Checking this pack")
    para(
        "datapackage.json lists every file's SHA-256 and is signed (Ed25519) in "
        f"datapackage-digest.json; key fingerprint {data.public_key_fingerprint}. "
        "`refusenik evidence verify PACK.wacz` checks it."
    )
    return bytes(pdf.output())
