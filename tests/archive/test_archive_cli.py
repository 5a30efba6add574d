"""`refusenik archive ls|show`: tables, JSON, masked page text, and every bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refusenik.archive import Archive
from refusenik.cli import main
from refusenik.store import engine_for

URL = "https://61gv.sudrf.ru/modules.php?name=sud_delo&name_op=case&case_id=7"
OTHER = "https://2kas.sudrf.ru/modules.php?name=sud_delo&name_op=case&case_id=9"
NAMED = "Подсудимый Пересыпкин Иван Иванович осуждён по ч.1 ст.328 УК РФ".encode("cp1251")
PAGE = b"<html><head><meta charset='windows-1251'></head><body><p>" + NAMED + b"</p></body></html>"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


@pytest.fixture
def store(tmp_path, monkeypatch, bodies, make_exchange):
    """An archive of five captures (one a revisit) and the options that reach it."""
    monkeypatch.setenv("REFUSENIK_HOME", str(tmp_path / "home"))
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    folder = tmp_path / "archive"
    with Archive(folder, engine_for(db)) as archive:
        captures = [
            archive.write(make_exchange(URL, PAGE, minutes=0)),
            archive.write(
                make_exchange(OTHER, bodies[1], minutes=10, court="2KAS", page_kind="listing")
            ),
            archive.write(make_exchange(URL, bodies[2], minutes=60 * 24)),
            archive.write(make_exchange(URL, bodies[2], minutes=60 * 48)),
            archive.write(make_exchange(OTHER, bodies[3], minutes=60 * 49, court="2KAS")),
        ]
    return ["--archive", str(folder), "--db", db], captures, folder


def test_ls_lists_every_capture_with_court_status_and_url(capsys, store):
    options, captures, _ = store
    code, out, _ = run(capsys, "archive", "ls", *options)
    assert code == 0
    assert out.count("61GV0020") == 3 and out.count("2KAS") == 2
    assert "same body" in out and "2026-11-01 09:30:00 UTC" in out
    assert "5 captures" in out
    assert captures[0].warc_file in out


def test_ls_json_is_every_capture_filtered_by_court_and_since(capsys, store):
    options, captures, _ = store
    code, out, _ = run(capsys, "archive", "ls", *options, "--json", "--court", "2KAS")
    assert code == 0
    rows = json.loads(out)
    assert [r["record_id"] for r in rows] == [captures[1].record_id, captures[4].record_id]
    # in a single folder, warc_path is the file's name
    assert rows[0] == captures[1].as_json() | {"warc_path": captures[1].warc_file}
    code, out, _ = run(capsys, "archive", "ls", *options, "--json", "--since", "2026-11-02")
    assert [r["record_id"] for r in json.loads(out)] == [c.record_id for c in captures[2:]]
    code, out, _ = run(capsys, "archive", "ls", *options, "--json", "--court", "NOPE")
    assert (code, json.loads(out)) == (0, [])


def test_ls_says_when_nothing_matches(capsys, store):
    options, _, _ = store
    code, out, _ = run(capsys, "archive", "ls", *options, "--court", "NOPE")
    assert code == 0 and "nothing archived" in out and "NOPE" in out


def test_ls_limit_says_there_is_more(capsys, store):
    options, _, _ = store
    code, out, _ = run(capsys, "archive", "ls", *options, "--limit", "2")
    assert code == 0 and "more than 2" in out


def test_show_gives_the_capture_current_at_a_time_and_the_url_history(capsys, store):
    options, captures, _ = store
    code, out, _ = run(capsys, "archive", "show", URL, *options, "--json", "--at", "2026-11-01")
    assert code == 0
    answer = json.loads(out)
    assert answer["capture"] == captures[0].as_json() | {"warc_path": captures[0].warc_file}
    assert [c["record_id"] for c in answer["history"]] == [captures[i].record_id for i in (0, 2, 3)]
    code, out, _ = run(capsys, "archive", "show", URL, *options, "--json")
    newest = json.loads(out)["capture"]
    assert newest["record_id"] == captures[3].record_id
    assert newest["revisit_of"] == captures[2].record_id
    code, out, _ = run(capsys, "archive", "show", URL, *options)
    assert code == 0 and "◀ shown" in out and captures[3].record_id in out


def test_show_body_prints_the_page_with_names_masked(capsys, store):
    options, _, _ = store
    code, out, _ = run(capsys, "archive", "show", URL, *options, "--at", "2026-11-01", "--body")
    assert code == 0
    assert "осуждён по ч.1 ст.328" in out
    assert "Пересыпкин" not in out and "‹ФИО›" in out
    code, out, _ = run(
        capsys, "archive", "show", URL, *options, "--at", "2026-11-01", "--body", "--json"
    )
    body = json.loads(out)["body"]
    assert "ст.328" in body and "Пересыпкин" not in body


def test_show_a_url_never_archived_exits_1(capsys, store):
    options, _, _ = store
    code, out, err = run(capsys, "archive", "show", URL + "0", *options)
    assert (code, out) == (1, "") and "nothing archived for this URL" in err
    code, _, err = run(capsys, "archive", "show", URL, *options, "--at", "2026-10-01")
    assert code == 1 and "first captured 2026-11-01 09:30:00 UTC" in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["ls", "--since", "last week"], "--since: not a date or time: 'last week'"),
        (["show", URL, "--at", "2026-13-01"], "--at: not a date or time"),
        (["show", "61gv.sudrf.ru/x"], "not an http(s) URL"),
        (["ls", "--court", " "], "--court: empty court code"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, store, args, said):
    options, _, _ = store
    code, out, err = run(capsys, "archive", *args, *options)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and said in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_or_wrong_archive_folder_is_exit_2(capsys, store, tmp_path):
    _, _, _ = store
    code, _, err = run(capsys, "archive", "ls", "--archive", str(tmp_path / "none"))
    assert code == 2 and "no archive at" in err and "does not exist" in err
    (tmp_path / "plain").write_text("x")
    code, _, err = run(capsys, "archive", "ls", "--archive", str(tmp_path / "plain"))
    assert code == 2 and "is a file, not a folder" in err


def test_a_negative_limit_is_a_usage_error(capsys, store):
    options, _, _ = store
    code, _, err = run(capsys, "archive", "ls", *options, "--limit", "-1")
    assert code == 2 and "--limit" in err


def test_a_corrupt_record_is_exit_2_naming_file_and_offset(capsys, store):
    options, captures, folder = store
    (path,) = Path(folder).glob("*.warc.gz")
    data = bytearray(path.read_bytes())
    target = captures[2]
    middle = target.offset + target.length // 2
    data[middle : middle + 32] = bytes(32)
    path.write_bytes(bytes(data))
    code, out, err = run(capsys, "archive", "show", URL, *options, "--body")
    assert code == 2 and out == ""
    assert f"error: {target.warc_file}: no readable WARC record at offset {target.offset}" in err
    # Listing still works: the index is intact.
    code, out, _ = run(capsys, "archive", "ls", *options, "--json")
    assert code == 0 and len(json.loads(out)) == 5
