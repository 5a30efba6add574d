"""`refusenik stats …`: tables with unit, source, as-of and provisional marks; `--json`
gives `Table.to_dict()`; a bad filter exits 2 naming its option."""

from __future__ import annotations

import json
from datetime import date

import pytest

from refusenik.cli import main
from refusenik.store import engine_for

from .handmade import SMALL, Case, Person, build


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = engine_for(url)
    # A case received in the as-of month, so its month is provisional.
    recent = Case("63GV0006", "1-77/2026", date(2026, 11, 2), people=[Person("P-f", "ст.337")])
    build(engine, [*SMALL, recent])
    engine.dispose()
    return url


def test_series_json_is_the_table(capsys, url):
    code, out, _ = run(capsys, "stats", "series", "--db", url, "--by", "year", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["unit"] == "cases received"
    assert data["columns"] == ["period", "count"]
    assert [r[1] for r in data["rows"]] == [1, 2, 0, 0, 1]
    assert data["as_of"] == "2026-11-20" and data["provisional_from"] == "2026-09-01"


def test_series_table_marks_provisional_months(capsys, url):
    code, out, _ = run(
        capsys, "stats", "series", "--db", url, "--measure", "received", "--since", "2026-08-01"
    )
    assert code == 0
    assert "2026-08 " in out and "2026-11 *" in out and "2026-08 *" not in out
    assert "unit: cases received" in out
    assert "source: refusenik crawl of court websites" in out
    assert "as of: 2026-11-20; provisional (*) from 2026-09" in out


def test_sentences_headline_and_reconcile(capsys, url):
    code, out, _ = run(capsys, "stats", "sentences", "--db", url, "--json")
    assert code == 0
    tables = json.loads(out)
    assert [t["unit"] for t in tables][:3] == [
        "persons (defendants) in decided cases",
        "persons sentenced",
        "months",
    ]
    code, out, _ = run(capsys, "stats", "headline", "--db", url, "--court", "63GV0006", "--json")
    head = json.loads(out)
    assert head["cases_received"] == 2 and head["persons_sentenced"] == 2
    code, out, _ = run(capsys, "stats", "reconcile", "--db", url)
    assert code == 0
    assert "official statistics are not in this store" in out


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--kind", "garrison"), "--kind"),
        (("--article", "999"), "--article"),
        (("--article", "337", "--part", "9"), "--part"),
        (("--since", "2023-02-30"), "--since"),
        (("--court", "Perm"), "--court"),
        (("--group", "nope"), "--group"),
        (("--measure", "cases"), "--measure"),
        (("--split", "judge"), "--split"),
        (("--by", "week"), "--by"),
    ],
)
def test_bad_filters_exit_2_naming_the_option(capsys, url, args, option):
    code, _, err = run(capsys, "stats", "series", "--db", url, *args)
    assert code == 2
    assert err.startswith(f"error: {option}") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
