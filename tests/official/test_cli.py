"""`refusenik official import|show|metrics` end to end, in-process."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from refusenik.cli import main
from refusenik.official.bundled import XLS_DIR


def run(capsys, *args):
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    return exit_info.value.code or 0, out.out, out.err


@pytest.fixture
def forms_dir(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    for name in ("10.3-2022.xls.gz", "10a-2022.xls.gz"):
        shutil.copy(XLS_DIR / name, folder)
    return folder


def test_show_on_empty_store_says_how_to_import(capsys):
    code, _, err = run(capsys, "official", "show", "--article", "328")
    assert code == 2
    assert "no official statistics" in err and "refusenik official import" in err


def test_import_then_show_json(capsys, forms_dir, _isolated_home):
    code, out, _ = run(capsys, "official", "import", str(forms_dir))
    assert code == 0
    assert "10a-2022.xls" in out and "2 imported" in out
    assert (_isolated_home / "refusenik.sqlite").exists()  # the default store

    code, out, _ = run(
        capsys,
        "official", "show", "--article", "328", "--part", "1", "--year", "2022",
        "--metric", "convicted", "--json",
    )  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert {(r["form"], r["value"]) for r in rows} == {("10.3", 1121), ("10-a", 1121)}
    by_form = {r["form"]: r for r in rows}
    assert by_form["10.3"]["source"] == "10.3-2022.xls!Раздел 1!C987"
    assert set(by_form["10.3"]) >= {
        "year", "form", "article", "part", "metric", "value", "source", "derived"
    }  # fmt: skip

    code, out, _ = run(capsys, "official", "show", "--article", "ch33", "--json", "-m", "convicted")
    ch33 = {(r["form"], r["derived"]): r for r in json.loads(out)}
    assert ch33[("10.3", False)]["value"] == 1379
    assert ch33[("10-a", True)]["value"] == 1379
    assert ch33[("10-a", True)]["formula"].startswith("D8 − (")

    code, out, _ = run(capsys, "official", "import", str(forms_dir))
    assert code == 0 and "2 unchanged" in out

    code, out, _ = run(capsys, "official", "show", "--article", "ch33", "--year", "2022")
    assert code == 0 and "derived" in out
    # formulas are listed under the table, numbered like the "derived [n]" marks
    assert re.search(r"\[1\] 10a-2022\.xls!Раздел 1: [A-Z]+8 − \(", out)


def test_show_with_explicit_db_url(capsys, forms_dir, tmp_path):
    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    assert (
        run(capsys, "official", "import", str(forms_dir / "10.3-2022.xls.gz"), "--db", url)[0] == 0
    )
    code, out, _ = run(
        capsys, "official", "show", "--db", url, "-a", "328", "-p", "2", "-m", "convicted", "--json"
    )
    assert code == 0
    assert [r["value"] for r in json.loads(out)] == [2]


def test_bad_filters_and_files_are_user_errors(capsys, forms_dir, tmp_path):
    run(capsys, "official", "import", str(forms_dir))
    code, _, err = run(capsys, "official", "show", "--metric", "bogus")
    assert code == 2 and "unknown metric 'bogus'" in err
    code, _, err = run(capsys, "official", "show", "--form", "11")
    assert code == 2 and "unknown form '11'" in err
    junk = tmp_path / "junk.xls"
    junk.write_bytes(b"\x00" * 600)
    code, _, err = run(capsys, "official", "import", str(junk))
    assert code == 2 and "junk.xls" in err


def test_metrics_lists_aliases_and_codes(capsys):
    code, out, _ = run(capsys, "official", "metrics")
    assert code == 0
    for text in ("convicted", "totalConvictedMain", "primaryFineSum", "median_term_upper_years"):
        assert text in out


def test_metrics_as_json(capsys):
    code, out, _ = run(capsys, "official", "metrics", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["aliases"]["convicted"]["codes"] == ["totalConvicted", "totalConvictedMain"]
    assert "primaryFineSum" in data["codes"]


def test_help_teaches_with_examples(capsys):
    code, out, _ = run(capsys, "official", "show", "--help")
    assert code == 0
    assert "--article" in out and "ch33" in out and "imprisonment" in out


def test_article_with_part_in_text_and_unknown_articles(capsys, forms_dir):
    assert run(capsys, "official", "import", str(forms_dir))[0] == 0
    code, out, _ = run(
        capsys, "official", "show", "--article", "328 ч.1", "--year", "2022",
        "--metric", "convicted", "--form", "10.3", "--json",
    )  # fmt: skip
    assert code == 0
    assert [(r["article"], r["part"], r["value"]) for r in json.loads(out)] == [("328", "1", 1121)]

    code, _, err = run(capsys, "official", "show", "--article", "9999")
    assert code == 2 and "9999" in err
    code, _, err = run(capsys, "official", "show", "--article", "ст. 328 ч. 2", "--part", "1")
    assert code == 2 and "part 2" in err
    code, _, err = run(capsys, "official", "show", "--article", "hello")
    assert code == 2 and "hello" in err
