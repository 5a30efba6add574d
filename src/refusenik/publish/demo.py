"""`refusenik demo`: the whole pipeline on this machine, with no network, in a few minutes.

A simulated network of court websites is served on 127.0.0.1; the real crawler crawls it
(with its live display) into a fresh SQLite store and WARC archive in a demo folder; the
bundled official statistics are imported; a summary is printed, the HTML report written
and, unless told not to, the dashboard served. The demo folder is its own: a `demo.json`
in it says what was crawled, so a second run reuses the store instead of crawling again,
and only `--fresh` replaces it — and then only the files the demo wrote.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from refusenik.errors import UserInputError

MARKER = "demo.json"
STORE = "store.sqlite"
ARCHIVE = "archive"
REPORT = "report.html"
# What the demo writes into its folder, and all that `--fresh` ever removes.
OWN_FILES = (MARKER, STORE, f"{STORE}-wal", f"{STORE}-shm", ARCHIVE, REPORT)


@dataclass(frozen=True)
class DemoWorld:
    """What the demo crawls: a seeded simulated world of `courts` courts, since a date."""

    seed: int = 1
    courts: int = 3
    since: str = "2022-01-01"
    until: str | None = None
    delay: float = 0.0

    def same_world(self, other: dict[str, Any]) -> bool:
        return all(other.get(k) == v for k, v in asdict(self).items() if k != "delay")


def default_dir() -> Path:
    from refusenik.paths import data_dir

    return data_dir() / "demo"


def prepare(folder: Path, world: DemoWorld, *, fresh: bool) -> dict[str, Any] | None:
    """Make `folder` ready; return the earlier run's marker when its store can be reused.

    Never removes a file the demo did not write: a folder holding a store without the
    demo's marker is refused, `--fresh` or not.
    """
    if folder.exists() and not folder.is_dir():
        raise UserInputError(f"--dir {folder}: is a file, not a folder")
    marker_path = folder / MARKER
    marker: dict[str, Any] | None = None
    if marker_path.is_file():
        try:
            marker = json.loads(marker_path.read_text(encoding="utf-8"))
        except ValueError:
            raise UserInputError(
                f"--dir {folder}: {MARKER} is not readable JSON; remove the folder yourself "
                "or choose another --dir"
            ) from None
    elif (folder / STORE).exists() or (folder / ARCHIVE).exists():
        raise UserInputError(
            f"--dir {folder}: holds a store or archive the demo did not make (no {MARKER}); "
            "refusing to touch it — choose another --dir"
        )
    if marker is not None and fresh:
        for name in OWN_FILES:
            path = folder / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        marker = None
    if marker is not None and not world.same_world(marker):
        raise UserInputError(
            f"--dir {folder}: holds the demo of another world (seed {marker.get('seed')}, "
            f"{marker.get('courts')} courts, {marker.get('since')} – {marker.get('until') or 'today'}); "
            "pass --fresh to "
            "replace it or choose another --dir"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserInputError(f"--dir {folder}: cannot create it ({exc.strerror})") from None
    return marker if marker and marker.get("crawled") else None


def crawl(
    folder: Path, world: DemoWorld, db_url: str, *, quiet_stdout: bool = False
) -> dict[str, Any]:
    """Serve the simulated world on loopback and crawl all of it into the demo store.

    The crawl runs as `refusenik crawl` in a child process on the same terminal, so its
    live display shows, and the simulator's serving thread never competes with it for the
    interpreter lock. `quiet_stdout` sends its table to standard error (for --json)."""
    from refusenik.simulate import SimServer, World

    sim_world = World.generate(world.seed, world.courts, rounds=1)
    courts = [c.code for c in sim_world.courts]
    out = folder / "crawl.json"
    with SimServer(sim_world, profile_name="none") as server:
        command = [
            sys.executable,
            "-m",
            "refusenik",
            "crawl",
            "--simulated",
            server.base_url,
            "--courts",
            "all",
            "--since",
            world.since,
            *(["--until", world.until] if world.until else []),
            "--delay",
            str(world.delay),
            "--archive",
            str(folder / ARCHIVE),
            "--db",
            db_url,
            "--out",
            str(out),
        ]
        started = time.monotonic()
        done = subprocess.run(command, check=False, stdout=sys.stderr if quiet_stdout else None)
        seconds = time.monotonic() - started
    if done.returncode != 0:
        raise UserInputError(
            f"the demo crawl failed (exit {done.returncode}); its store in {folder} is kept — "
            "run the demo again to resume, or with --fresh to start over"
        )
    summary = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return {
        **asdict(world),
        "crawled": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "court_codes": courts,
        "window": summary["window"],
        "articles": summary["articles"],
        "pages": summary["pages"],
        "cases": len(summary["cases"]),
        "crawl_seconds": round(seconds, 1),
    }


def import_official(db_url: str, folder: Path | None = None) -> int:
    """Import the official forms — the bundled ones, or those under `folder` — skipping
    files already imported unread; returns how many files were new."""
    from refusenik.official.importer import collect_files, import_files
    from refusenik.store import engine_for

    results = import_files(collect_files(folder), engine_for(db_url))
    return sum(1 for r in results if r.status != "unchanged")


def summary(db_url: str) -> dict[str, Any]:
    """The numbers the demo prints: per refusal group, punishment kinds, coverage."""
    from refusenik.analysis.coverage import coverage
    from refusenik.analysis.figures import Scope, headline, sentence_kinds
    from refusenik.law.vocab import RefusalGroup
    from refusenik.store import engine_for

    engine = engine_for(db_url)
    groups = []
    for group in [*RefusalGroup, None]:
        numbers = headline(engine, Scope(group=group.value if group else None))
        groups.append(
            {
                "group": group.value if group else "all",
                "cases_received": numbers["cases_received"],
                "decisions": numbers["decisions"],
                "persons": numbers["persons"],
                "persons_sentenced": numbers["persons_sentenced"],
            }
        )
    kinds = sentence_kinds(engine, Scope())
    total = headline(engine, Scope())
    return {
        "as_of": total["as_of"].isoformat() if total["as_of"] else None,
        "groups": [g for g in groups if g["group"] == "all" or g["cases_received"] or g["persons"]],
        "sentence_kinds": [dict(zip(kinds.columns, row, strict=True)) for row in kinds.rows],
        "coverage": [
            {k: r[k] for k in ("court", "status", "cases", "hidden", "removed", "pages_refused")}
            for r in coverage(engine)
        ],
    }


def write_marker(folder: Path, marker: dict[str, Any]) -> None:
    (folder / MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=2), "utf-8")
