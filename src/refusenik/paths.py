"""Where refusenik keeps its own files (the store, the archive, the pseudonym key).

One directory per user: `$REFUSENIK_HOME` if set, else `$XDG_DATA_HOME/refusenik`,
else `~/.local/share/refusenik`. Tests point `REFUSENIK_HOME` at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir(create: bool = True) -> Path:
    """The user's refusenik data directory, created on first use."""
    explicit = os.environ.get("REFUSENIK_HOME")
    if explicit:
        path = Path(explicit).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "refusenik"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path
