"""Text split into clauses and sentences: the units statements are read in."""

from __future__ import annotations

from collections.abc import Sequence

from refusenik.extract.counted import sentences
from refusenik.extract.defendants import CLAUSE_END

__all__ = ["clause_ranges", "sentences"]


def clause_ranges(text: str, ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split ranges at «;», line breaks and sentence ends (not at «ст.», «г.» abbreviations)."""
    out = []
    for a, b in ranges:
        pos = a
        for m in CLAUSE_END.finditer(text, a, b):
            if m.end() > pos:
                out.append((pos, m.end()))
                pos = m.end()
        if pos < b:
            out.append((pos, b))
    return out
