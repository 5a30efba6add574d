"""Questions asked of the Criminal Code model: articles, parts, sanctions on a day, groups.

Functions that take a reference accept an `ArticleRef` or a string such as "337",
"337 ч.5", "ч.5 ст.337" or "352.1".
"""

from __future__ import annotations

import datetime as dt
import re

from refusenik.errors import UserInputError
from refusenik.law.model import (
    Article,
    Law,
    Part,
    Sanction,
    UnknownArticleError,
    UnknownPartError,
    load,
)
from refusenik.law.refs import UK, ArticleRef, parse_refs
from refusenik.law.vocab import RefusalGroup

_BARE = re.compile(r"^\s*(\d+(?:\.\d+)*)\s*(?:(?:ч\.?|часть|part)\s*(\d+(?:\.\d+)?))?\s*$", re.I)


def articles() -> list[Article]:
    """Every article in the model, in the Code's order."""
    return list(load().articles.values())


def laws() -> list[Law]:
    """The laws that made or changed the modelled parts."""
    return list(load().laws.values())


def article(number: str) -> Article:
    """The article `number` ("337", "352.1"); UnknownArticleError names it when absent."""
    number = str(number).strip()
    found = load().articles.get(number)
    if found is None:
        known = ", ".join(load().articles)
        raise UnknownArticleError(
            f"article {number!r} is not in the Criminal Code model (it holds {known})"
        )
    return found


def part(article_number: str, part_number: str | None) -> Part:
    """Part `part_number` of an article; None for an article without numbered parts (352.1)."""
    return article(article_number).part(None if part_number is None else str(part_number).strip())


def resolve(ref: ArticleRef | str) -> ArticleRef:
    """Turn "337", "337 ч.5" or "ч. 5 ст. 337 УК РФ" into one ArticleRef; bad text raises."""
    if isinstance(ref, ArticleRef):
        return ref
    if not isinstance(ref, str):
        raise UserInputError(f"not an article reference: {ref!r}")
    if m := _BARE.match(ref):
        found = parse_refs(
            f"ч. {m.group(2)} ст. {m.group(1)}" if m.group(2) else f"ст. {m.group(1)}"
        )
    else:
        found = parse_refs(ref)
    if len(found) != 1:
        what = "no" if not found else f"{len(found)}"
        raise UserInputError(f"expected one article reference in {ref!r}, found {what}")
    return found[0]


def _uk_part(ref: ArticleRef | str) -> Part:
    r = resolve(ref)
    if r.code not in (UK, None):
        raise UnknownArticleError(f"{r} is not a Criminal Code (УК РФ) reference")
    a = article(r.article)
    if r.part is None and len(a.parts) > 1:
        raise UnknownPartError(
            f"article {a.number} has parts {', '.join(a.part_numbers())}; name one (e.g. '{a.number} ч.{a.part_numbers()[0]}')"
        )
    return a.parts[0] if r.part is None else a.part(r.part)


def sanction(ref: ArticleRef | str, on: dt.date) -> list[Sanction] | None:
    """The sanction of the part in force on day `on`; None when the part did not exist then.

    Unknown articles and parts raise (UnknownArticleError / UnknownPartError), so a None
    always means "not yet (or no longer) law" and never "not in the model".
    """
    period = _uk_part(ref).period_on(on)
    return None if period is None else list(period.sanctions)


def group(ref: ArticleRef | str) -> RefusalGroup | None:
    """The kind of refusal an article stands for (awol, desertion …); None outside the model."""
    try:
        r = resolve(ref)
    except UserInputError:
        return None
    if r.code not in (UK, None):
        return None
    found = load().articles.get(r.article)
    return found.group if found else None


def is_mobilization_part(ref: ArticleRef | str) -> bool:
    """True for the mobilization / martial law / wartime parts (365-FZ) and 534-FZ parts on top."""
    try:
        return _uk_part(ref).mobilization
    except UserInputError:
        return False


def parse_date(value: str | dt.date | None) -> dt.date:
    """An ISO day (YYYY-MM-DD) or today; a malformed value is the user's error."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UserInputError(f"bad date {value!r}: use YYYY-MM-DD, e.g. 2023-01-01") from None
