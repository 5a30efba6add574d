"""Articles of the Criminal Code a defendant is charged or convicted under, and the
articles that combine sentences (69, 70, 74)."""

from __future__ import annotations

import re
from functools import lru_cache

from refusenik.extract.clauses import clause_ranges
from refusenik.extract.model import Article
from refusenik.law import parse_refs
from refusenik.law.refs import UK_LIKE, ArticleRef

FIRST_SPECIAL_ARTICLE = 105  # Arts. 1–104 are the General Part: no one is convicted "under" them.
COMBINING = ("69", "70", "74")

_CHARGE = re.compile(r"виновн|предусмотренн|обвиняем")
_PREVIOUS_SENTENCE = re.compile(
    r"по\s+приговор\w*|приговором\s+[^.;]{0,120}?\sот\s(?:\d|дд)|судим\w*"
)


def find_articles(
    text: str, low: str, ranges: list[tuple[int, int]]
) -> tuple[list[Article], list[Article], tuple[int, int] | None]:
    """Articles of the charge or conviction, and the combining articles (69, 70, 74).

    Counted defendants share their text, so the answer is kept for the same ranges."""
    articles, combining, span = _articles_cached(text, low, tuple(ranges))
    return list(articles), list(combining), span


@lru_cache(maxsize=64)
def _articles_cached(
    text: str, low: str, ranges: tuple[tuple[int, int], ...]
) -> tuple[tuple[Article, ...], tuple[Article, ...], tuple[int, int] | None]:
    charged: dict[tuple, Article] = {}
    combining: dict[tuple, Article] = {}
    first_span = None
    for start, end in clause_ranges(text, ranges):
        piece = text[start:end]
        plow = low[start:end]
        # A clause reciting an earlier sentence («по приговору … по ч. 1 ст. 158») is not the charge.
        previous = _PREVIOUS_SENTENCE.search(plow) and not _CHARGE.search(plow)
        for ref in _refs_in(text, start, end):
            if ref.code not in UK_LIKE:
                continue
            art = Article(ref.article, ref.part, ref.point)
            key = (ref.article, ref.part, ref.point)
            head = ref.article.split(".")[0]
            if head in COMBINING:
                combining.setdefault(key, art)
            elif head.isdigit() and int(head) >= FIRST_SPECIAL_ARTICLE and not previous:
                charged.setdefault(key, art)
                if first_span is None:
                    pos = piece.find(ref.article)
                    if pos >= 0:
                        first_span = (start + pos, start + pos + len(ref.article))
    # «ст. 183 УК РФ» repeated without its part adds nothing to «ч. 3 ст. 183».
    with_part = {a.article for a in charged.values() if a.part or a.point}
    articles = [a for a in charged.values() if a.part or a.point or a.article not in with_part]
    return tuple(articles), tuple(combining.values()), first_span


@lru_cache(maxsize=1024)
def _refs_in(text: str, start: int, end: int) -> tuple[ArticleRef, ...]:
    """The references of one clause of a text: each defendant's ranges cut the same
    clauses, and reading references is the costliest step here."""
    return tuple(parse_refs(text[start:end]))
