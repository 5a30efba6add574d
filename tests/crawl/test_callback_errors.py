"""An error inside refusenik while the crawl reads a page (a bug in a spider callback or
in what it calls) must not vanish: it is written with its traceback to the crawl log —
URLs without name parameters, names masked — counted in the court's report, and the
crawl goes on with the other pages and courts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from refusenik.simulate import SimCourt, SimServer, World

from .faulty_crawl import MESSAGE

HERE = Path(__file__).parent
COURTS = [
    SimCourt(
        "63GV0006", "Пермский гарнизонный военный суд", "garrison_military", "voen.perm.sudrf.ru"
    ),
    SimCourt(
        "63GV0005",
        "Самарский гарнизонный военный суд",
        "garrison_military",
        "gvs.sam.sudrf.ru",
        "vnkod",
    ),
]
GOOD, BAD = "63GV0006", "63GV0005"
ARGS = ("--courts", f"{GOOD},{BAD}", "--articles", "337", "--delay", "0.05")
WINDOW = ("--since", "2025-12-01", "--until", "2026-01-31")


@pytest.fixture(scope="module")
def world() -> World:
    return World.generate(21, COURTS, rounds=1)


def faulty_crawl(
    server: SimServer, home: Path, *extra: str, bad: str = BAD
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(HERE / "faulty_crawl.py"), bad, "crawl"]
    cmd += ["--simulated", server.base_url, *ARGS, *WINDOW, *extra]
    env = {"REFUSENIK_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(HERE)}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env, check=False)


def _one_court_failed(done: subprocess.CompletedProcess[str], log: Path) -> tuple[dict, dict, str]:
    """What both planted bugs must leave: exit 0 with no traceback, the other court read
    whole, every card of the bad court counted as an error and unread, one log entry each.
    Returns the summary, the bad court's report and the log's text."""
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    summary = json.loads(done.stdout)
    courts = {c["court"]: c for c in summary["courts"]}
    bad, good = courts[BAD], courts[GOOD]
    # the other court is read whole
    assert good["errors"] == 0 and good["covered"] and good["cases"] > 0
    # every card of the bad court raised: each counted, and unread
    assert bad["errors"] > 0 and bad["cards_unread"] == bad["errors"] and not bad["covered"]
    text = log.read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if " ERROR " in line]
    assert len(entries) == bad["errors"]
    assert all(f"court {BAD}: error reading a card page http" in e for e in entries)
    return summary, bad, text


def test_an_error_reading_a_page_is_logged_counted_and_the_crawl_goes_on(world, tmp_path):
    log = tmp_path / "logs here" / "crawl.log"
    with SimServer(world) as server:
        done = faulty_crawl(server, tmp_path / "home", "--log", str(log), "--json")
    summary, bad, text = _one_court_failed(done, log)
    assert bad["windows_unread"] == []
    assert summary["errors"] == bad["errors"] and summary["log"] == str(log)
    # its press releases are read: the crawl went on within the court too
    assert bad["press_releases"] > 0
    assert text.count("Traceback (most recent call last)") == bad["errors"]
    assert "faulty_crawl.py" in text and "in _faulty_page" in text  # where it was raised
    assert "RuntimeError: не прочитана карточка" in text
    assert "Пересыпкин" not in text and "‹ФИО›" in text  # no name reaches the log
    assert GOOD not in text


def test_an_error_storing_a_page_in_the_store_process_is_logged_and_counted(world, tmp_path):
    """The same bug where the store's process stores each card of one court: the crawl
    counts each card unread, logs the store process' traceback, and stores the rest."""
    from sqlalchemy import text

    from refusenik.store.db import engine_for

    log, db = tmp_path / "crawl.log", f"sqlite:///{tmp_path / 'store.db'}"
    store = ("--archive", str(tmp_path / "warc"), "--db", db, "--log", str(log), "--json")
    with SimServer(world) as server:
        done = faulty_crawl(server, tmp_path / "home", *store, bad=f"store:{BAD}")
    summary, bad, text_ = _one_court_failed(done, log)
    good = next(c for c in summary["courts"] if c["court"] == GOOD)
    # the traceback is the store process' own, where the bug is
    assert "in _faulty_store" in text_ and "RemoteTraceback" in text_
    assert "Пересыпкин" not in text_ and "‹ФИО›" in text_
    with engine_for(db).connect() as conn:
        counts = conn.execute(
            text("select court, count(*), count(card_read) from cases group by court")
        ).all()
    listed = {court: (cases, read) for court, cases, read in counts}
    assert listed[GOOD] == (good["cases"], good["cases"])  # every card of it stored
    # the bad court's cases are stored from its listings, each card raised and is not
    # stored (a case read is one whose act page carries its card)
    assert bad["errors"] == listed[BAD][0] > listed[BAD][1]


def test_the_table_counts_errors_and_says_where_the_log_is(world, tmp_path):
    home = tmp_path / "home"
    with SimServer(world) as server:
        done = faulty_crawl(server, home)
    assert done.returncode == 0, done.stderr
    default_log = home / "logs" / "crawl.log"
    assert default_log.exists()
    out = " ".join(done.stdout.split())
    assert "errors" in out
    assert f"inside refusenik while reading pages of 1 court(s) ({BAD})" in out
    assert str(default_log) in done.stdout.replace("\n", "")
    assert MESSAGE not in done.stdout + done.stderr


def test_an_error_finishing_the_run_stops_it_with_exit_2_and_keeps_every_page(world, tmp_path):
    """The last step (linking press releases to cases) fails after every page was read:
    not reported as a finished crawl, logged with its traceback, and the store keeps
    what the crawl read."""
    from sqlalchemy import func, select

    from refusenik.store.case_tables import CASES
    from refusenik.store.db import engine_for, read_connection

    log, db = tmp_path / "crawl.log", f"sqlite:///{tmp_path / 'store.db'}"
    store = ("--archive", str(tmp_path / "warc"), "--db", db, "--log", str(log))
    with SimServer(world) as server:
        done = faulty_crawl(server, tmp_path / "home", *store, bad="finish")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    err = " ".join(done.stderr.split())
    assert "finishing the run failed (RuntimeError)" in err and str(log) in err
    assert "Пересыпкин" not in done.stderr + done.stdout
    text = log.read_text(encoding="utf-8")
    assert "error finishing the crawl: RuntimeError" in text and "in _faulty_finish" in text
    assert "Пересыпкин" not in text and "‹ФИО›" in text
    with read_connection(engine_for(db)) as conn:
        stored = conn.execute(select(func.count()).select_from(CASES)).scalar_one()
    assert stored > 0  # committed by the close that follows the failed finish


def test_log_urls_are_public_and_texts_masked(tmp_path):
    from refusenik.crawl.log import crawl_log, page_error

    url = (
        "https://gvs--sam.sudrf.ru/modules.php?name=sud_delo&srv_num=1"
        "&parts__namess=%D0%9F%D0%B5%D1%80%D0%B5%D1%81%D1%8B%D0%BF%D0%BA%D0%B8%D0%BD&_page=2"
    )
    log = tmp_path / "crawl.log"
    with crawl_log(log, who="w1") as path:
        assert path == log and not log.exists()  # created at the first error only
        try:
            raise ValueError("строка листинга: Пересыпкин Иван Иванович")
        except ValueError as exc:
            page_error(BAD, "listing", url, exc)
    text = log.read_text(encoding="utf-8")
    assert "[w1]" in text and f"court {BAD}: error reading a listing page" in text
    assert "parts__namess" not in text and "%D0%9F" not in text
    assert "https://gvs--sam.sudrf.ru/modules.php?name=sud_delo&srv_num=1&_page=2" in text
    assert "Пересыпкин" not in text and "ValueError" in text


def test_a_log_that_cannot_be_written_is_refused_before_crawling(tmp_path, capsys):
    from refusenik.cli import main

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SystemExit) as done:
        main(
            [
                "crawl",
                "--courts",
                "63GV0006",
                *WINDOW,
                "--log",
                str(blocker / "crawl.log"),
            ]
        )
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "--log" in err and "Traceback" not in err


def test_a_crawl_worker_logs_and_counts_errors_in_the_shared_table(world, tmp_path, pg_schema):
    """With `--redis`, the court's report lives in Redis: its errors count travels with it
    to every worker's table, and the worker's log names the worker."""
    sys.path.insert(0, str(HERE))
    import workers_kit as kit

    prefix = kit.unique_prefix()
    home = tmp_path / "home"
    try:
        with pg_schema("crawl_test") as db, SimServer(world) as server:
            extra = ("--archive", str(tmp_path / "warc"), "--db", db, "--redis", kit.REDIS)
            extra += ("--redis-prefix", prefix, "--worker", "w1", "--json")
            done = faulty_crawl(server, home, *extra)
    finally:
        kit.clear(prefix)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    courts = {c["court"]: c for c in summary["courts"]}
    assert courts[GOOD]["errors"] == 0 and courts[GOOD]["covered"]
    assert courts[BAD]["errors"] > 0 and courts[BAD]["cards_unread"] == courts[BAD]["errors"]
    log = home / "logs" / "crawl.log"
    assert summary["log"] == str(log)
    entries = [line for line in log.read_text(encoding="utf-8").splitlines() if " ERROR " in line]
    assert len(entries) == courts[BAD]["errors"]
    assert all("[w1] court 63GV0005: error reading a card page" in e for e in entries)
