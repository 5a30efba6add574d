"""What the web keeps between requests: each figure (or count) it computed, by the store,
the store's content and what was asked. The store is read-only here, and a figure changes
only when the store does, which changes its high-water marks (`content_key`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

_RESULTS: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
RESULT_CACHE = 2048


def content_key(engine: Engine) -> tuple[str, str]:
    """The store and its content now: its URL and the high-water marks of the tables the
    figures are made from (one indexed max() per table), plus the last rebuild."""
    from refusenik.analysis import derived

    with engine.connect() as conn:
        if not derived.has_tables(conn):
            return (str(engine.url), "")
        last = derived.state(conn)
        marks = derived.stamp(conn)
    return (str(engine.url), f"{marks}|{last['refreshed_at'] if last else ''}")


def cached(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """`compute()` once per key (least recently used results are dropped)."""
    if key in _RESULTS:
        _RESULTS.move_to_end(key)
        return _RESULTS[key]
    value = compute()
    _RESULTS[key] = value
    if len(_RESULTS) > RESULT_CACHE:
        _RESULTS.popitem(last=False)
    return value
