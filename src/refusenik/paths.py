"""Where refusenik keeps its own files (the store, the archive, the pseudonym key).

One directory per user: `$REFUSENIK_HOME` if set, else `$XDG_DATA_HOME/refusenik`,
else `~/.local/share/refusenik`. Tests point `REFUSENIK_HOME` at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from refusenik.errors import DataDirError


def _configured() -> tuple[Path, str]:
    """The data folder and the setting it came from (for error messages)."""
    explicit = os.environ.get("REFUSENIK_HOME")
    if explicit:
        return Path(explicit).expanduser(), "$REFUSENIK_HOME"
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg) / "refusenik", "$XDG_DATA_HOME"
    return Path.home() / ".local" / "share" / "refusenik", "the default"


def data_dir(create: bool = True) -> Path:
    """The user's refusenik data directory, created on first use.

    A folder that cannot be created (or is a regular file) raises `DataDirError`
    naming the path and the setting it came from, instead of an OS traceback.
    """
    path, origin = _configured()
    if path.exists() and not path.is_dir():
        raise DataDirError(
            f"data folder {path} (from {origin}) is a regular file, not a folder; "
            "point REFUSENIK_HOME at a folder, or pass --db with a database URL"
        )
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise DataDirError(
                f"cannot create the data folder {path} (from {origin}): {reason}; "
                "set REFUSENIK_HOME to a writable folder, or pass --db with a database URL"
            ) from exc
    return path
