"""The one pymorphy3 analyzer shared by every stage that reads Russian words.

Built on first use: loading its dictionaries takes ~50 ms and most commands never need it.
"""

from __future__ import annotations

from functools import lru_cache

import pymorphy3  # type: ignore[import-untyped]


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The process's analyzer: built once, because its dictionaries are large."""
    return pymorphy3.MorphAnalyzer()
