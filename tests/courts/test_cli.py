"""`refusenik courts …` as a user runs it: exit codes, JSON shape, errors."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "refusenik", "courts", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_list_garrison_courts_as_json():
    out = run("list", "--kind", "garrison_military", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 104
    assert {r["kind"] for r in rows} == {"garrison_military"}
    perm = next(r for r in rows if r["code"] == "63GV0006")
    assert perm["hosts"][:2] == ["voen.perm.sudrf.ru", "voen--perm.sudrf.ru"]
    assert perm["module_host"] == "voen--perm.sudrf.ru"
    assert perm["parent_code"] == "66OV0001"
    assert perm["srv_nums"] == [1]
    assert isinstance(perm["sources"]["host"], list)


def test_list_by_region_table():
    out = run("list", "--region", "Самарская", "--kind", "garrison_military")
    assert out.returncode == 0, out.stderr
    assert "63GV0001" in out.stdout
    assert "77GV0011" not in out.stdout


def test_show_by_host_and_code():
    by_host = run("show", "gvs--sam.sudrf.ru", "--json")
    assert by_host.returncode == 0, by_host.stderr
    court = json.loads(by_host.stdout)
    assert court["code"] == "63GV0001"
    table = run("show", "63GV0001")
    assert table.returncode == 0
    assert "Самарский гарнизонный военный суд" in table.stdout
    assert "dataout_2023" in table.stdout


def test_unknown_kind_exits_2_listing_kinds():
    out = run("list", "--kind", "garrison")
    assert out.returncode == 2
    assert "garrison" in out.stderr and "garrison_military" in out.stderr
    assert "Traceback" not in out.stderr


def test_unknown_court_exits_2_naming_it():
    out = run("show", "99XX0001")
    assert out.returncode == 2
    assert "99XX0001" in out.stderr
    assert "Traceback" not in out.stderr


def test_unknown_region_exits_2():
    out = run("list", "--region", "Атлантида")
    assert out.returncode == 2
    assert "Атлантида" in out.stderr


def test_audit_json_lists_rules_and_conflicts():
    out = run("audit", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"rules", "sources", "summary", "conflicts"}
    assert "template" in data["rules"]
    fields = {c["field"] for c in data["conflicts"]}
    assert {"presence", "host", "template"} <= fields
    assert sum(s["count"] for s in data["summary"]) == len(data["conflicts"])
    text = run("audit", "--field", "host")
    assert text.returncode == 0
    assert "baksanskyray.kbr.sudrf.ru" in text.stdout
    assert "Rules" in text.stdout
