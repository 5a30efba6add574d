"""The pack's summary page, opened in headless Chromium as a reader would: its case table
lists every case in scope, and the figures it shows are the pack's own."""

from __future__ import annotations

import json
import zipfile

import pytest

from refusenik.cli import main

SCOPE = ["--article", "337"]


def test_summary_page_lists_every_case_in_scope(crawled, capsys, tmp_path, browser):
    pack = tmp_path / "pack.wacz"
    with pytest.raises(SystemExit) as done:
        main(["evidence", "build", *SCOPE, "--db", crawled.db, "--archive", str(crawled.archive),
              "--out", str(pack), "--no-pdf"])  # fmt: skip
    assert done.value.code in (0, None)
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["cases", "list", *SCOPE, "--db", crawled.db, "--json"])
    listed = json.loads(capsys.readouterr().out)
    page = tmp_path / "summary.html"
    with zipfile.ZipFile(pack) as z:
        page.write_bytes(z.read("summary/summary.html"))
        assert "summary/summary.pdf" not in z.namelist()
    tab = browser.new_page()
    try:
        tab.goto(page.as_uri())
        rows = tab.locator("table.cases tbody tr")
        cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
        received = tab.locator("table.figures tr", has_text="cases received").inner_text()
    finally:
        tab.close()
    assert len(cells) == len(listed) > 0
    shown = sorted((c[1], c[2]) for c in cells)  # court, number
    assert shown == sorted((c["court"], c["number"]) for c in listed)
    assert received.split()[-1] == str(len(listed))
    # Every row cites a record: a URL, a capture time and a SHA-256.
    assert all(c[9].startswith("http") and len(c[11]) == 64 and "UTC" in c[10] for c in cells)
