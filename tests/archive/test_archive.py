"""Writing and reading the archive: round trip, revisits, roll-over, the index, privacy."""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from warcio.archiveiterator import ArchiveIterator

from refusenik.archive import Archive, ArchiveBusyError, public_url
from refusenik.store.schema import HEAD_REVISION, current_revision

WARCIO = Path(sys.executable).parent / "warcio"
URL = "https://61gv.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=case&case_id=42"


def warcio_check(path: Path) -> str:
    done = subprocess.run(
        [str(WARCIO), "check", "-v", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_round_trip_keeps_body_metadata_and_index(any_engine, tmp_path, bodies, make_exchange):
    sent = [
        make_exchange(f"{URL}{i}", body, minutes=i, meta={"srv_num": "1", "parser_version": "p7"})
        for i, body in enumerate(bodies[:6])
    ]
    with Archive(tmp_path / "a", any_engine) as archive:
        captures = [archive.write(e) for e in sent]
        for capture, e in zip(captures, sent, strict=True):
            assert archive.body(capture) == e.body
            assert capture.fetched_at == e.fetched_at
            assert capture.court == "61GV0020" and capture.page_kind == "card"
            assert capture.revisit_of is None
            assert archive.find(e.url) == capture
        assert [c.record_id for c in archive.captures()] == [c.record_id for c in captures]
    assert current_revision(any_engine) == HEAD_REVISION
    files = sorted((tmp_path / "a").glob("*.warc.gz"))
    assert len(files) == 1 and not list((tmp_path / "a").glob("*.open"))
    records = []
    with files[0].open("rb") as handle:
        for record in ArchiveIterator(handle):
            records.append((record.rec_type, record.rec_headers))
    assert [t for t, _ in records] == ["warcinfo"] + ["request", "response"] * 6
    response = records[2][1]
    assert response.get_header("WARC-Refusenik-Court") == "61GV0020"
    assert response.get_header("WARC-Refusenik-Page-Kind") == "card"
    assert response.get_header("WARC-Refusenik-Parser-Version") == "p7"
    assert response.get_header("WARC-Record-ID") == captures[0].record_id
    assert records[1][1].get_header("WARC-Concurrent-To") == captures[0].record_id
    with any_engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT s.kind, s.archive_record, s.sha256, s.http_status, s.parser_version "
                "FROM captures c JOIN sources s ON s.id = c.source_id ORDER BY c.id"
            )
        ).all()
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        ("archive_record", c.record_id, c.sha256, 200, "p7") for c in captures
    ]
    assert "digest pass" in warcio_check(files[0])
    assert "fail" not in warcio_check(files[0])


def test_unchanged_body_is_a_revisit_resolved_to_the_original(
    any_engine, tmp_path, bodies, make_exchange
):
    with Archive(tmp_path / "a", any_engine) as archive:
        first = archive.write(make_exchange(URL, bodies[0], minutes=0))
        second = archive.write(make_exchange(URL, bodies[0], minutes=60))
        third = archive.write(make_exchange(URL, bodies[0], minutes=120))
        changed = archive.write(make_exchange(URL, bodies[1], minutes=180))
        back = archive.write(make_exchange(URL, bodies[0], minutes=240))
        assert second.revisit_of == first.record_id
        assert third.revisit_of == first.record_id  # a revisit of a revisit points at the body
        assert changed.revisit_of is None and back.revisit_of is None
        assert second.length < first.length / 10
        assert archive.body(third) == bodies[0]
        assert archive.body(changed) == bodies[1]
        assert archive.find(URL) == back
        assert archive.find(URL, first.fetched_at + timedelta(minutes=90)) == second
        assert archive.find(URL, first.fetched_at - timedelta(seconds=1)) is None
        assert [c.record_id for c in archive.history(URL)] == [
            c.record_id for c in (first, second, third, changed, back)
        ]
    (path,) = (tmp_path / "a").glob("*.warc.gz")
    out = warcio_check(path)
    assert [line.split()[-1] for line in out.splitlines() if "WARC-Record-ID" in line] == [
        "warcinfo",
        *["request", "response"],
        *["request", "revisit"] * 2,
        *["request", "response"] * 2,
    ]


def test_files_roll_over_at_the_size_limit(sqlite_engine, tmp_path, bodies, make_exchange):
    folder = tmp_path / "a"
    sent = [make_exchange(f"{URL}{i}", b, minutes=i) for i, b in enumerate(bodies[:12])]
    # The first page again, unchanged: a revisit whose body lives in an earlier file.
    sent.append(make_exchange(f"{URL}0", bodies[0], minutes=60))
    limit = 300_000
    with Archive(folder, sqlite_engine, max_file_bytes=limit) as archive:
        captures = [archive.write(e) for e in sent]
        # Closed files are renamed; only the one being written is `.open`.
        assert len(list(folder.glob("*.warc.gz.open"))) <= 1
        assert [archive.body(c) for c in captures] == [e.body for e in sent]
        assert captures[-1].revisit_of == captures[0].record_id
        assert captures[-1].warc_file != captures[0].warc_file
    files = sorted(folder.glob("*.warc.gz"))
    assert len(files) >= 3
    assert not list(folder.glob("*.open"))
    assert len({c.warc_file for c in captures}) == len(files)
    biggest = max(len(e.body) for e in sent)
    for path in files:
        # A file passes the limit only by the last pair it took.
        assert path.stat().st_size < limit + 2 * biggest
        out = warcio_check(path)
        assert out.splitlines()[1].endswith("warcinfo")


def test_index_and_sources_never_hold_a_name_from_the_url(
    sqlite_engine, tmp_path, bodies, make_exchange
):
    url = (
        "https://61gv.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=r"
        "&U1_DEFENDANT__NAMESS=%C8%E2%E0%ED%EE%E2&U1_CASE__ENTRY_DATE1D=01.01.2024"
    )
    with Archive(tmp_path / "a", sqlite_engine) as archive:
        capture = archive.write(make_exchange(url, bodies[0]))
        assert "%C8%E2" not in capture.url
        assert capture.url == public_url(url)
        assert "U1_CASE__ENTRY_DATE1D=01.01.2024" in capture.url
        assert "name=sud_delo" in capture.url
        assert archive.find(url) == capture  # found by the exact URL
        assert archive.find(capture.url) is None  # the shown URL is not the fetched one
    with sqlite_engine.connect() as conn:
        dump = " ".join(
            str(v)
            for table in ("captures", "sources")
            for row in conn.execute(sa.text(f"SELECT * FROM {table}"))
            for v in row
        )
    assert "%C8%E2" not in dump
    # The raw archive keeps the URL exactly as fetched.
    (path,) = (tmp_path / "a").glob("*.warc.gz")
    assert b"U1_DEFENDANT__NAMESS=%C8%E2%E0%ED%EE%E2" in gzip.decompress(path.read_bytes())


def test_public_url_drops_only_the_parameters_naming_a_person():
    url = "https://x.sudrf.ru/modules.php?name=sud_delo&art=%D1%F2.+328&srv_num=1"
    assert public_url(url) == url
    assert public_url("https://mos-gorsud.ru/search?participant=Ivanov&page=2") == (
        "https://mos-gorsud.ru/search?page=2"
    )


def test_a_second_writer_on_the_same_folder_is_refused(
    sqlite_engine, tmp_path, bodies, make_exchange
):
    with Archive(tmp_path / "a", sqlite_engine) as first:
        capture = first.write(make_exchange(URL, bodies[0]))
        with Archive(tmp_path / "a", sqlite_engine) as second:
            assert not second.writable
            with pytest.raises(ArchiveBusyError, match="another refusenik process"):
                second.write(make_exchange(URL, bodies[1]))
            # Reading while the other writes works, from the `.open` file.
            assert second.body(capture) == bodies[0]
    with Archive(tmp_path / "a", sqlite_engine) as again:
        assert again.writable


def test_archive_folder_that_is_a_file_is_a_clear_error(sqlite_engine, tmp_path):
    from refusenik.archive import ArchiveError

    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(ArchiveError, match="is a file, not a folder"):
        Archive(path, sqlite_engine)


def test_migration_0003_downgrades_to_0002(any_engine, tmp_path):
    from refusenik.store.db import write_transaction
    from refusenik.store.schema import migrate
    from refusenik.store.upgrade import downgrade

    migrate(any_engine)
    assert sa.inspect(any_engine).has_table("captures")
    with write_transaction(any_engine) as conn:
        downgrade(conn, "0002")
    assert current_revision(any_engine) == "0002"
    assert not sa.inspect(any_engine).has_table("captures")
    migrate(any_engine)
    assert sa.inspect(any_engine).has_table("captures")


def test_digests_are_sha256_of_the_payload_and_a_changed_byte_fails_the_check(
    any_engine, tmp_path, bodies, make_exchange
):
    """The payload digest is the body's SHA-256 (the index's own), the block digest that
    of head and body; `warcio check` recomputes both, and a body altered on disk fails."""
    import base64
    import hashlib

    body = bodies[0]
    with Archive(tmp_path / "a", any_engine) as archive:
        capture = archive.write(make_exchange(URL, body))
    assert capture.sha256 == hashlib.sha256(body).hexdigest()
    path = next((tmp_path / "a").glob("*.warc.gz"))
    with path.open("rb") as handle:
        response = next(r for r in ArchiveIterator(handle) if r.rec_type == "response")
        digest = response.rec_headers.get_header("WARC-Payload-Digest")
        assert digest == "sha256:" + base64.b32encode(hashlib.sha256(body).digest()).decode()
        assert response.rec_headers.get_header("WARC-Block-Digest").startswith("sha256:")
    assert "digest pass" in warcio_check(path)
    # the same records, uncompressed, with one byte of the body changed
    raw = gzip.decompress(path.read_bytes())
    at = raw.index(body[:64]) + 10
    bad = tmp_path / "bad.warc"
    bad.write_bytes(raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :])
    done = subprocess.run(
        [str(WARCIO), "check", "-v", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0 and "digest failed" in done.stdout + done.stderr
