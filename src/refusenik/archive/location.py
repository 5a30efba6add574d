"""Where the archive lives when no folder is given: `archive` in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from refusenik.paths import data_dir


def default_directory() -> Path:
    """`$REFUSENIK_HOME/archive` (or the data folder's default): shared by crawl and CLI."""
    return data_dir() / "archive"
