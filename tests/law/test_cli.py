"""`refusenik law …` end to end, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "refusenik", "law", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
    )


def test_parse_json_shape() -> None:
    out = run("parse", "ст. 337 ч.5; ст. 338 ч.1 УК РФ и ч. 1 ст. 20.3.3 КоАП РФ", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data == [
        {"article": "337", "part": "5", "point": None, "code": "УК РФ", "known": True},
        {"article": "338", "part": "1", "point": None, "code": "УК РФ", "known": True},
        {"article": "20.3.3", "part": "1", "point": None, "code": "КоАП РФ", "known": False},
    ]


def test_parse_without_references_prints_empty_list() -> None:
    out = run("parse", "приговор оставить без изменения", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


def test_parse_reads_stdin_and_prints_a_table() -> None:
    out = run("parse", "-", stdin="осужден по ст. 3521 УК РФ")
    assert out.returncode == 0, out.stderr
    assert "352.1" in out.stdout and "УК РФ" in out.stdout


def test_show_json_on_a_day_before_365_fz() -> None:
    out = run("show", "337", "--on", "2022-09-23", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["article"] == "337" and data["group"] == "awol"
    assert [p["part"] for p in data["parts"]] == ["1", "2", "3", "4"]
    assert "5" in data["not_yet_in_force"]
    part4 = data["parts"][3]
    assert part4["confidence"] == "corroborated"
    assert part4["sanctions"][-1] == {
        "kind": "imprisonment",
        "min_months": None,
        "max_months": 60,
        "max_rub": None,
        "max_hours": None,
        "note": None,
    }


def test_show_table_flags_confidence() -> None:
    out = run("show", "338", "--on", "2026-02-01")
    assert out.returncode == 0, out.stderr
    assert "Дезертирство" in out.stdout
    assert "unverified" in out.stdout  # part 4's number is unverified


def test_show_without_on_uses_today() -> None:
    out = run("show", "352.1", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["on"] >= "2025-01-01"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("show", "999"), "999"),
        (("show", "337", "--on", "2023-13-01"), "2023-13-01"),
        (("show", "337", "--on", "yesterday"), "YYYY-MM-DD"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: tuple[str, ...], needle: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr
    assert "Traceback" not in out.stderr


def test_list_json() -> None:
    out = run("list", "--json")
    assert out.returncode == 0, out.stderr
    data = {row["article"]: row for row in json.loads(out.stdout)}
    assert data["337"]["group"] == "awol"
    assert data["352.1"]["parts"] == []
    assert "2.1" in data["332"]["parts"]


def test_show_single_part_article_before_it_existed() -> None:
    out = run("show", "352.1", "--on", "2022-01-01")
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert "not in force on 2022-01-01 (in force from 2022-09-24)" in text.lower()
    assert "part(s)" not in text
    data = json.loads(run("show", "352.1", "--on", "2022-01-01", "--json").stdout)
    assert data["parts"] == []
    assert data["not_yet_in_force"] == ["(single)"]
    # once in force, nothing is pending
    later = json.loads(run("show", "352.1", "--on", "2023-01-01", "--json").stdout)
    assert later["not_yet_in_force"] == [] and len(later["parts"]) == 1
