"""`refusenik report`: a self-contained HTML file with each chart and table, their source,
unit and as-of date, PNG files that are PNGs — and, with no Chromium, the HTML all the
same and a clear word about the PNGs."""

from __future__ import annotations

import json
import re

import pytest

from refusenik.cli import main

from .conftest import leaked

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHARTED = (
    "received-by-group",
    "persons-by-group",
    "outcomes",
    "sentence-kinds",
    "terms",
    "coverage",
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


@pytest.fixture(scope="module")
def report(demo_run, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    out, png = folder / "report.html", folder / "png"
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--out", str(out), "--png", str(png), "--db", demo_run.db, "--json"])
    assert exit_info.value.code in (0, None)
    return out, png


def test_report_is_self_contained(report):
    out, _ = report
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # Nothing is loaded from elsewhere: no external script, stylesheet, image or frame.
    assert not re.search(r"""<(script|img|iframe)[^>]*\ssrc\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"""<link[^>]*\shref\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "@import" not in page
    # plotly.js itself is inline.
    from refusenik.publish.charts import plotly_js_path

    assert plotly_js_path().read_text("utf-8")[:2000] in page


def test_report_holds_each_chart_and_table_with_source_unit_and_as_of(report, demo_run):
    page = report[0].read_text("utf-8")
    for key in (*CHARTED, "coverage-detail", "official-vs-crawled"):
        section = re.search(rf"<section id='{key}'>(.*?)</section>", page, re.S)
        assert section, key
        body = section.group(1)
        assert "Source:" in body and "Unit:" in body and "As of: 20" in body, key
        assert "<table>" in body, key
        if key in CHARTED:
            assert f'id="chart-{key}"' in body, key
    for court in demo_run.summary["crawl"]["court_codes"]:
        assert f"<td>{court}</td>" in page
    # The official figures beside the crawl, each with its source cell.
    reconciled = re.search(r"<section id='official-vs-crawled'>(.*?)</section>", page, re.S)
    assert reconciled and "chapter 33" in reconciled.group(1)
    assert re.search(r"10\.3-2022\.xls!.+?![A-Z]+\d+", reconciled.group(1))
    # The mobilization line is on the series charts, and provisional months are marked.
    assert "Provisional from" in page and "365-FZ" in page
    total = next(g for g in demo_run.summary["groups"] if g["group"] == "all")
    assert f"<b>{total['cases_received']}</b>" in page


def test_pngs_are_png_files_one_per_chart(report):
    _, png = report
    assert sorted(p.stem for p in png.iterdir()) == sorted(CHARTED)
    for path in png.iterdir():
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 5000, path.name
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (1000, 560), path.name


def test_no_real_name_in_the_report(report, real_names):
    from refusenik.publish.charts import plotly_js_path

    # Everything but the inlined plotly.js (5 MB of library code) is searched.
    page = report[0].read_text("utf-8").replace(plotly_js_path().read_text("utf-8"), "")
    assert 10_000 < len(page) and leaked(page, real_names) == []


def test_without_chromium_the_html_is_written_and_the_pngs_explained(
    capsys, demo_run, tmp_path, monkeypatch
):
    from refusenik.publish import report as R

    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(R, "CHROMIUM_PATHS", ())
    code, out, err = run(
        capsys,
        "report",
        "--out",
        str(tmp_path / "r.html"),
        "--png",
        str(tmp_path / "png"),
        "--db",
        demo_run.db,
        "--json",
    )
    assert code == 0
    assert (tmp_path / "r.html").stat().st_size > 100_000
    assert "PNG charts need Chromium" in json.loads(out)["png_problem"]
    assert "need Chromium" in err
    assert not (tmp_path / "png").exists() or not list((tmp_path / "png").iterdir())


def test_scope_narrows_the_report(capsys, demo_run, tmp_path):
    court = demo_run.summary["crawl"]["court_codes"][0]
    code, _, err = run(
        capsys,
        "report",
        "--out",
        str(tmp_path / "r.html"),
        "--db",
        demo_run.db,
        "--court",
        court,
        "--article",
        "337",
    )
    assert code == 0, err
    page = (tmp_path / "r.html").read_text("utf-8")
    assert f"art. 337, court {court}" in page


@pytest.mark.parametrize(
    "args, says",
    [
        (("--article", "999"), "--article"),
        (("--since", "soon"), "--since"),
        (("--court", "nowhere"), "--courts"),
        (("--group", "pacifists"), "--group"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, demo_run, tmp_path, args, says):
    code, _, err = run(
        capsys, "report", "--out", str(tmp_path / "r.html"), "--db", demo_run.db, *args
    )
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists()
