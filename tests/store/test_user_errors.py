"""Database and data-folder failures end in exit 2 and a message, never a traceback.

Every case runs the real command line in a child process, as a user would.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from refusenik.official.bundled import XLS_DIR

SMALL_FORM = XLS_DIR / "2020parameters.xls.gz"  # form 10.3.1 for 2020, quick to parse
PG = os.environ.get("REFUSENIK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def refusenik(*args: str, home: Path | str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "REFUSENIK_DB"}
    environment.update(REFUSENIK_HOME=str(home), **env)
    return subprocess.run(
        [sys.executable, "-m", "refusenik.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def start(*args: str, home: Path) -> subprocess.Popen[str]:
    environment = {k: v for k, v in os.environ.items() if k != "REFUSENIK_DB"}
    environment["REFUSENIK_HOME"] = str(home)
    return subprocess.Popen(
        [sys.executable, "-m", "refusenik.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def assert_user_error(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    message = " ".join(done.stderr.split())  # the console wraps long lines
    for phrase in phrases:
        assert phrase in message, message


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


IMPORT_AND_SHOW = [
    ("official", "import", str(SMALL_FORM)),
    ("official", "show", "--article", "328"),
]


@pytest.mark.parametrize("command", IMPORT_AND_SHOW, ids=["import", "show"])
def test_database_driver_not_installed(command, home):
    done = refusenik(*command, "--db", "mysql://user@127.0.0.1/refusenik", home=home)
    assert_user_error(done, "driver for 'mysql' is not installed", "postgresql+psycopg://")


@pytest.mark.parametrize("command", IMPORT_AND_SHOW, ids=["import", "show"])
def test_sqlite_file_in_a_missing_folder(command, home, tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "r.sqlite"
    done = refusenik(*command, "--db", f"sqlite:///{target}", home=home)
    assert_user_error(done, "cannot open the SQLite database", f"{target.parent} does not exist")
    assert not target.parent.exists()


@pytest.mark.parametrize("command", IMPORT_AND_SHOW, ids=["import", "show"])
def test_postgresql_refusing_the_connection(command, home):
    done = refusenik(*command, "--db", "postgresql+psycopg://postgres@127.0.0.1:1/test", home=home)
    assert_user_error(done, "cannot connect to postgresql+psycopg://postgres@127.0.0.1:1/test")
    assert "Connection refused" in done.stderr and "server is running" in done.stderr


@pytest.mark.parametrize("command", IMPORT_AND_SHOW, ids=["import", "show"])
def test_postgresql_database_that_does_not_exist(command, home):
    import sqlalchemy as sa

    url = sa.engine.make_url(PG).set(database="refusenik_no_such_db")
    text = url.render_as_string(hide_password=False)
    done = refusenik(*command, "--db", text, home=home)
    assert_user_error(done, 'database "refusenik_no_such_db" does not exist', "createdb")


@pytest.mark.parametrize("command", IMPORT_AND_SHOW, ids=["import", "show"])
def test_refusenik_home_is_a_regular_file(command, tmp_path):
    regular = tmp_path / "home-file"
    regular.write_text("not a folder")
    done = refusenik(*command, home=regular)
    assert_user_error(done, f"data folder {regular}", "is a regular file", "REFUSENIK_HOME")
    assert regular.read_text() == "not a folder"


@pytest.mark.parametrize("command", IMPORT_AND_SHOW, ids=["import", "show"])
def test_refusenik_home_cannot_be_created(command, tmp_path):
    regular = tmp_path / "a-file"
    regular.write_text("")
    done = refusenik(*command, home=regular / "refusenik")
    assert_user_error(done, f"cannot create the data folder {regular / 'refusenik'}", "writable")


def test_read_only_data_folder_for_import(tmp_path):
    folder = tmp_path / "read-only-home"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        done = refusenik("official", "import", str(SMALL_FORM), home=folder)
    finally:
        folder.chmod(0o755)
    if os.geteuid() == 0:
        # root writes through a read-only mode bit, so the import simply works
        assert done.returncode == 0, done.stderr
        assert (folder / "refusenik.sqlite").stat().st_size > 0
    else:
        assert_user_error(done, "cannot open the SQLite database", "read-only")
        assert not (folder / "refusenik.sqlite").exists()


def test_import_into_a_folder_under_a_regular_file(tmp_path):
    regular = tmp_path / "file"
    regular.write_text("")
    target = regular / "r.sqlite"
    done = refusenik(
        "official", "import", str(SMALL_FORM), "--db", f"sqlite:///{target}", home=tmp_path
    )
    assert_user_error(done, "cannot open the SQLite database", f"{regular} is not a folder")


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    """Take the SQLite write lock the way a running import holds it."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE IF NOT EXISTS lock_probe (x INTEGER)")
    return holder


def test_two_imports_at_once_queue_and_both_succeed(tmp_path, home):
    db = tmp_path / "shared.sqlite"
    holder = _hold_write_lock(db)  # both imports start while the store is busy
    url = f"sqlite:///{db}"
    first = start("official", "import", str(SMALL_FORM), "--db", url, home=home)
    second = start("official", "import", str(SMALL_FORM), "--db", url, home=home)
    time.sleep(3)
    assert first.poll() is None and second.poll() is None  # both are waiting, neither failed
    holder.rollback()
    holder.close()
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    text = " ".join(out + err for out, err in outputs)
    assert "Traceback" not in text and "locked" not in text
    assert text.count("1 imported") == 1 and text.count("1 unchanged") == 1
    with sqlite3.connect(db) as conn:
        (sources,) = conn.execute("SELECT count(*) FROM sources").fetchone()
        (rows,) = conn.execute("SELECT count(*) FROM official_statistics").fetchone()
        (expected,) = conn.execute('SELECT "rows" FROM official_files').fetchone()
    assert sources == 1 and rows == expected > 1000


def test_an_import_blocked_too_long_says_another_is_running(tmp_path, home):
    db = tmp_path / "busy.sqlite"
    holder = _hold_write_lock(db)
    try:
        done = refusenik(
            "official", "import", str(SMALL_FORM), "--db", f"sqlite:///{db}?timeout=1", home=home
        )
    finally:
        holder.close()
    assert_user_error(
        done, "is busy", "another refusenik process", "within 1 s", "run the command again"
    )
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "official_statistics" not in tables  # nothing half-written


def test_xlrd_diagnostics_stay_off_stdout(tmp_path, home):
    import gzip

    padded = tmp_path / "padded-2020parameters.xls"
    # 100 stray bytes at the end: xlrd reads the workbook but complains about the size
    padded.write_bytes(gzip.decompress(SMALL_FORM.read_bytes()) + b"\0" * 100)
    done = refusenik(
        "official", "import", str(padded), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", home=home
    )
    assert done.returncode == 0, done.stderr
    assert "padded-2020parameters.xls" in done.stdout
    assert "WARNING" not in done.stdout + done.stderr
    assert "sector size" not in done.stdout + done.stderr


def test_two_imports_at_once_on_postgresql_queue_and_both_succeed(pg_engine, home):
    import sqlalchemy as sa

    from refusenik.store.db import pg_write_lock_key

    url = pg_engine.url.render_as_string(hide_password=False)
    with pg_engine.connect() as holder:
        key = pg_write_lock_key(holder)  # the lock of this store's schema
        holder.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": key})
        first = start("official", "import", str(SMALL_FORM), "--db", url, home=home)
        second = start("official", "import", str(SMALL_FORM), "--db", url, home=home)
        time.sleep(3)
        assert first.poll() is None and second.poll() is None  # both wait for the lock
        holder.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        holder.commit()
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    text = " ".join(out + err for out, err in outputs)
    assert "Traceback" not in text
    assert text.count("1 imported") == 1 and text.count("1 unchanged") == 1
    with pg_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM sources")).scalar_one() == 1
