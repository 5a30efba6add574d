"""Where the archive lives when no folder is given (`archive` in the user's data folder),
and where one of its WARC files is.

An archive may be one folder, or — written by several crawl workers (`refusenik crawl
--redis … --worker NAME`) — one folder per worker, `DIR/<worker>`, all indexed in one
store that names each file but not its folder. Readers (`archive show`, `archive ls`,
`reparse`, `serve`, `evidence`) look a file up in the folder they were given, then in
its worker folders, then in the other worker folders beside it: given `DIR` or any
`DIR/<worker>`, they read every worker's pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from refusenik.paths import data_dir

LOCK_NAME = ".lock"  # every folder an `Archive` has written to holds one (`archive.LOCK_NAME`)

# Closed WARC files are never renamed again: (folder asked, name) → where it was found.
_found: dict[tuple[Path, str], Path] = {}


def default_directory() -> Path:
    """`$REFUSENIK_HOME/archive` (or the data folder's default): shared by crawl and CLI."""
    return data_dir() / "archive"


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []


def _folders(directory: Path) -> Iterator[Path]:
    """The folders a file of the archive at `directory` may be in, nearest first."""
    yield directory
    yield from _subfolders(directory)
    parent = directory.parent
    if parent != directory and (directory / LOCK_NAME).exists():
        # `directory` may be one worker's folder: its siblings that are archive folders too
        for sibling in _subfolders(parent):
            if sibling != directory and (sibling / LOCK_NAME).exists():
                yield sibling


def warc_path(directory: Path, name: str, open_suffix: str = ".open") -> Path:
    """The path of the WARC file `name` (as the index names it) of the archive at
    `directory`: closed, or still being written (`name` + `open_suffix`). A file found
    nowhere gives the path it would have in `directory` (its reader then says it is missing)."""
    key = (directory, name)
    hit = _found.get(key)
    if hit is not None and hit.exists():
        return hit
    for folder in _folders(directory):
        closed = folder / name
        if closed.exists():
            _found[key] = closed
            return closed
        being_written = folder / (name + open_suffix)
        if being_written.exists():
            return being_written
    return directory / (name + open_suffix)


def relative_warc_path(directory: Path, name: str, open_suffix: str = ".open") -> str:
    """`warc_path` as shown to a user: relative to `directory` (`w1/refusenik-….warc.gz`
    for a worker's file), the bare name when the file is in `directory` or nowhere."""
    path = warc_path(directory, name, open_suffix)
    if path.name == name + open_suffix:
        path = path.with_name(name)
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return str(Path("..") / path.relative_to(directory.parent))
