"""The numbers: what the store holds, read back and explained.

`figures` is the public face (series of cases received, decisions and persons; outcomes;
sentences; comparisons with the official statistics); `official` reads the official
statistics; `coverage` says what each court's crawl could read. `refresh(engine)` rebuilds
the derived tables the figures read — run at the end of every crawl and reparse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from refusenik.analysis.derived import refresh

__all__ = ["refresh"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: importing a sibling module must not pull in the derived tables.
    if name == "refresh":
        from refusenik.analysis.derived import refresh

        return refresh
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
