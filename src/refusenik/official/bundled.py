"""The raw XLS forms and dictionaries shipped inside the package (see data/sources.json).

The forms are stored gzip-compressed (2 MB instead of 13 MB); their sha256 is that of
the uncompressed bytes, so importing a bundled file and the same file from disk is the
same import.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
XLS_DIR = DATA / "xls"
DICTIONARY_DIR = DATA / "dictionaries"


def bundled_files() -> list[Path]:
    """Every bundled form file, in a stable order."""
    return sorted(XLS_DIR.glob("*.xls.gz"))


@cache
def sources() -> dict[str, dict[str, object]]:
    """Provenance of each bundled file, keyed by its path under data/."""
    with (DATA / "sources.json").open(encoding="utf-8") as fh:
        return json.load(fh)["files"]
