"""Read official statistics back from the store, filtered the way `official show` asks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from refusenik.errors import UserInputError
from refusenik.official.labels import CHAPTER_33
from refusenik.official.metrics import resolve_metric
from refusenik.store.models import OfficialStatistic

FORM_NAMES = {"10.3": "10.3", "10.3.1": "10.3.1", "10-a": "10-a", "10a": "10-a", "10-а": "10-a"}
ARTICLE_ALIASES = {"ch33": CHAPTER_33, "chapter33": CHAPTER_33, "33": CHAPTER_33}


@dataclass(frozen=True)
class StatRow:
    year: int
    period: str
    form: str
    article: str | None
    part: str | None
    row_label: str
    metric: str
    value: float
    source: str
    derived: bool
    formula: str | None

    def as_json(self) -> dict[str, object]:
        """The JSON shape of `official show --json`."""
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "year": self.year,
            "form": self.form,
            "article": self.article,
            "part": self.part,
            "metric": self.metric,
            "value": value,
            "source": self.source,
            "derived": self.derived,
            "formula": self.formula,
        }


def normalize_form(form: str) -> str:
    """ "10a" / "10-а" → "10-a"; unknown forms are the user's error."""
    try:
        return FORM_NAMES[form.strip().lower()]
    except KeyError:
        raise UserInputError(f"unknown form {form!r}; expected 10.3, 10.3.1 or 10-a") from None


def normalize_article(article: str) -> str:
    """ "ch33" for Chapter 33 as a whole; otherwise the article number as printed ("328")."""
    text = article.strip().lower().removeprefix("ст.").strip()
    return ARTICLE_ALIASES.get(text, text)


def article_filter(article: str, part: str | None) -> tuple[str, str | None]:
    """«328», «ст. 328 ч. 1», «ч. 1 ст. 328» or «ch33» → (article, part) for `query`.

    A part written in the article text and a different `--part` are the user's error,
    as is text with no article in it: an empty answer must mean "no such figures", never
    "we did not understand the question".
    """
    text = article.strip()
    if normalize_article(text) == CHAPTER_33:
        return CHAPTER_33, part
    if re.fullmatch(r"\d+(?:\.\d+)*", text):
        return text, part
    from refusenik.law import parse_refs

    refs = parse_refs(text) or parse_refs(f"ст. {text}")
    if len(refs) != 1:
        raise UserInputError(
            f"--article {article!r}: expected one article such as 328, «328 ч.1» or ch33"
        )
    ref = refs[0]
    if part is not None and ref.part is not None and part.strip() != ref.part:
        raise UserInputError(f"--article {article!r} names part {ref.part} but --part is {part}")
    return ref.article, part if part is not None else ref.part


def stored_articles(engine: Engine) -> list[str]:
    """Every article the store holds figures for (to explain an empty answer)."""
    with Session(engine) as session:
        found = session.execute(select(OfficialStatistic.article).distinct()).scalars()
        return sorted(a for a in found if a)


def query(
    engine: Engine,
    *,
    article: str | None = None,
    part: str | None = None,
    year: int | None = None,
    metric: str | None = None,
    form: str | None = None,
    derived: bool | None = None,
) -> list[StatRow]:
    """Rows matching every given filter, ordered by year, form, article, part, metric.

    `part` is matched exactly ("1"; "2 п. а" for a point); `metric` may be an alias.
    """
    table = OfficialStatistic
    stmt = select(table)
    if article is not None:
        stmt = stmt.where(table.article == normalize_article(article))
    if part is not None:
        stmt = stmt.where(table.part == part.strip())
    if year is not None:
        stmt = stmt.where(table.year == year)
    if metric is not None:
        stmt = stmt.where(table.metric.in_(resolve_metric(metric)))
    if form is not None:
        stmt = stmt.where(table.form == normalize_form(form))
    if derived is not None:
        stmt = stmt.where(table.derived == derived)
    stmt = stmt.order_by(
        table.year, table.form, table.article, table.part, table.metric, table.sheet, table.cell
    )
    with Session(engine) as session:
        records = session.execute(stmt).scalars().all()
    rows = []
    for record in records:
        source = "!".join(p for p in (record.source_file, record.sheet, record.cell) if p)
        rows.append(
            StatRow(
                year=record.year,
                period=record.period,
                form=record.form,
                article=record.article,
                part=record.part,
                row_label=record.row_label,
                metric=record.metric,
                value=record.value,
                source=source,
                derived=record.derived,
                formula=record.formula,
            )
        )
    return rows
