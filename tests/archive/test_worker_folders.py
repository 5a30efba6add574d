"""An archive written by several crawl workers (`crawl --redis … --worker NAME`): each
worker's WARC files in ARCHIVE/<worker>, one index in the shared store. `archive ls` and
`archive show` given the archive's folder (or one worker's) read every worker's pages."""

from __future__ import annotations

import json

import pytest

from refusenik.archive import Archive, ArchiveCorruptError
from refusenik.cli import main
from refusenik.store import engine_for

URL_1 = "https://61gv.sudrf.ru/modules.php?name=sud_delo&name_op=case&case_id=7"
URL_2 = "https://2kas.sudrf.ru/modules.php?name=sud_delo&name_op=case&case_id=9"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


@pytest.fixture
def workers(tmp_path, bodies, make_exchange):
    """Two workers' folders, each with captures of its own court, one store."""
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = engine_for(db)
    root = tmp_path / "warc"
    with Archive(root / "w1", engine) as w1:
        first = [
            w1.write(make_exchange(URL_1, bodies[0], minutes=0)),
            w1.write(make_exchange(URL_1, bodies[4], minutes=30)),
        ]
    with Archive(root / "w2", engine) as w2:
        second = [
            w2.write(make_exchange(URL_2, bodies[1], minutes=10, court="2KAS")),
            w2.write(make_exchange(URL_2, bodies[5], minutes=40, court="2KAS")),
        ]
    # w2 then writes on, into a new file it has not closed yet
    w2 = Archive(root / "w2", engine)
    second.append(w2.write(make_exchange(URL_2, bodies[6], minutes=50, court="2KAS")))
    assert (root / "w2" / (second[-1].warc_file + ".open")).exists()
    try:
        yield db, root, {"w1": first, "w2": second}, bodies
    finally:
        w2.close()


def test_ls_lists_the_captures_of_every_worker_with_its_folder(capsys, workers):
    db, root, captures, _ = workers
    code, out, err = run(capsys, "archive", "ls", "--archive", str(root), "--db", db, "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [c["record_id"] for c in listed] == [
        c.record_id for c in sorted(captures["w1"] + captures["w2"], key=lambda c: c.fetched_at)
    ]
    for item in listed:
        worker = "w1" if item["court"] == "61GV0020" else "w2"
        assert item["warc_path"] == f"{worker}/{item['warc_file']}"
    code, out, _ = run(capsys, "archive", "ls", "--archive", str(root), "--db", db)
    assert code == 0
    assert f"w1/{captures['w1'][0].warc_file}:{captures['w1'][0].offset}" in out
    assert f"w2/{captures['w2'][0].warc_file}:{captures['w2'][0].offset}" in out


@pytest.mark.parametrize("given", ["", "w1", "w2"])
def test_show_reads_a_page_from_any_worker_folder(capsys, workers, given):
    db, root, captures, _ = workers
    folder = root / given if given else root
    for worker, url in (("w1", URL_1), ("w2", URL_2)):
        latest = captures[worker][-1]
        args = ["archive", "show", url, "--archive", str(folder), "--db", db, "--json", "--body"]
        code, out, err = run(capsys, *args)
        assert code == 0, err
        answer = json.loads(out)
        assert answer["capture"]["record_id"] == latest.record_id
        assert answer["body"]  # read from the worker's WARC file
        assert len(answer["history"]) == len(captures[worker])
        expected = f"{worker}/{latest.warc_file}"
        assert answer["capture"]["warc_path"] == (
            expected if not given else (latest.warc_file if given == worker else f"../{expected}")
        )


def test_every_body_of_every_worker_reads_back(workers):
    from refusenik.archive.location import warc_path

    db, root, captures, bodies = workers
    with Archive(root, engine_for(db)) as archive:
        got = {c.record_id: archive.body(c) for c in archive.captures()}
    expected = {c.record_id: c for cs in captures.values() for c in cs}
    assert set(got) == set(expected)
    for record_id, body in got.items():
        assert body in bodies
        assert warc_path(root, expected[record_id].warc_file).parent.name in ("w1", "w2")


def test_a_file_in_no_folder_is_still_named_missing(workers, tmp_path):
    from refusenik.archive.location import relative_warc_path

    db, root, captures, _ = workers
    target = captures["w1"][0]
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    (root / "w1" / target.warc_file).rename(moved / target.warc_file)
    assert relative_warc_path(root, target.warc_file) == target.warc_file
    with Archive(root, engine_for(db)) as archive, pytest.raises(ArchiveCorruptError) as exc:
        archive.body(target)
    assert "missing" in str(exc.value) and target.warc_file in str(exc.value)
