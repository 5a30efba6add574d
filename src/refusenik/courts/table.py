"""Reads the bundled registry table (`data/courts.json.gz`) once and indexes it.

The table is written by `scripts/build_registry.py`; at run time nothing else is read,
so the package works without the source lists beside it.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from refusenik.courts.model import Conflict, Court

TABLE_NAME = "courts.json.gz"


@dataclass(frozen=True)
class Table:
    courts: tuple[Court, ...]
    conflicts: tuple[Conflict, ...]
    inputs: dict[str, Any]
    by_key: dict[str, Court]


def lookup_key(text: str) -> str:
    """Normalise a code, host or URL so that every written form of it meets one key."""
    key = text.strip().lower()
    for scheme in ("https://", "http://"):
        if key.startswith(scheme):
            key = key[len(scheme) :]
    return key.rstrip("/")


def read_raw() -> dict[str, Any]:
    """The decoded bundled table, as the build script wrote it."""
    blob = resources.files("refusenik.courts").joinpath("data", TABLE_NAME).read_bytes()
    return json.loads(gzip.decompress(blob))


@cache
def load() -> Table:
    raw = read_raw()
    courts = tuple(Court.from_dict(row) for row in raw["courts"])
    conflicts = tuple(Conflict.from_dict(row) for row in raw["conflicts"])
    by_key: dict[str, Court] = {}
    for court in courts:
        keys = [court.code, *court.hosts]
        if court.site_url:
            keys.append(court.site_url)
        for key in keys:
            by_key.setdefault(lookup_key(key), court)
    return Table(courts=courts, conflicts=conflicts, inputs=raw.get("inputs", {}), by_key=by_key)
