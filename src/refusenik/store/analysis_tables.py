"""Tables derived from the case tables for the analysis: rebuilt, never edited by hand.

`analysis_persons` holds one row per defendant (and one for a case whose defendants were
not read) with every dimension a figure filters or splits by already resolved — the court's
kind, region and military district from the registry, the principal article and its group
from the Criminal Code model, the outcome, the punishment and whether it is below the
statutory minimum — so that each figure is one indexed query over one table.
`analysis_cells` rolls those rows up by month and every dimension, at four levels of
court detail, so a figure over a million cases reads a few thousand cells.
`analysis_state` records what the rebuild read, so a reader can tell that it is stale.
`refusenik.analysis.refresh` (re)builds both; nothing else writes them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from refusenik.store.base import Base


class AnalysisPerson(Base):
    """One defendant of a case, with every dimension resolved (derived; see module doc)."""

    __tablename__ = "analysis_persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)  # 0: a case with no defendant read
    counts_case: Mapped[bool] = mapped_column(Boolean)  # the one row that counts the case
    is_person: Mapped[bool] = mapped_column(Boolean)  # a defendant (not position 0)
    court: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(120))
    district: Mapped[str | None] = mapped_column(String(120))
    article: Mapped[str | None] = mapped_column(String(20))
    part: Mapped[str | None] = mapped_column(String(20))
    grp: Mapped[str | None] = mapped_column(String(40))
    received: Mapped[date | None] = mapped_column(Date)
    received_month: Mapped[str | None] = mapped_column(String(7))  # "2023-04"
    received_seg: Mapped[date | None] = mapped_column(Date)  # first day of its time segment
    decided: Mapped[date | None] = mapped_column(Date)
    decided_month: Mapped[str | None] = mapped_column(String(7))
    decided_seg: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(40))
    punishment: Mapped[str | None] = mapped_column(String(40))
    suspended: Mapped[bool | None] = mapped_column(Boolean)
    term_months: Mapped[int | None] = mapped_column(Integer)
    minimum_months: Mapped[int | None] = mapped_column(Integer)
    below_minimum: Mapped[bool | None] = mapped_column(Boolean)
    days_to_decision: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_analysis_persons_received_month", "received_month", "counts_case"),
        Index("ix_analysis_persons_decided_month", "decided_month", "is_person"),
        Index("ix_analysis_persons_court", "court"),
        Index("ix_analysis_persons_article_part", "article", "part"),
        Index("ix_analysis_persons_kind", "kind"),
        Index("ix_analysis_persons_received", "received"),
        Index("ix_analysis_persons_decided", "decided"),
        # The case list in date order, holding every scope dimension so that a deep page
        # of any scope skips rows in the index alone; the decisions feed in date order (0006).
        Index(
            "ix_analysis_persons_listing",
            "counts_case",
            "received",
            "case_id",
            "article",
            "part",
            "grp",
            "kind",
            "district",
            "region",
            "court",
        ),
        Index("ix_analysis_persons_decisions", "counts_case", "decided", "case_id"),
        Index("ix_analysis_persons_case_id", "case_id"),
    )


class AnalysisCell(Base):
    """A count of `analysis_persons` rows sharing every dimension: the figures' roll-up.

    `level` says which court dimensions are kept: n (none: the whole country), k (court
    kind), d (kind and military district), c (court, with its kind, region and district),
    m (court as in c, but no article, group or measure dimension), a (court as in c, with
    article and group only). `seg` is the first day
    of the time segment counted: a month, or the part of a month before or after a change
    in the law (`refusenik.analysis.cells`).
    `measure` says which rows are counted and which further dimensions are kept:
    received / decisions / persons (with outcome), sentenced (punishment, suspended,
    below_minimum, term_months) and days (days from receipt to decision).
    """

    __tablename__ = "analysis_cells"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(1))
    measure: Mapped[str] = mapped_column(String(12))
    month: Mapped[str | None] = mapped_column(String(7))
    seg: Mapped[date | None] = mapped_column(Date)  # first day of the time segment
    court: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(120))
    district: Mapped[str | None] = mapped_column(String(120))
    article: Mapped[str | None] = mapped_column(String(20))
    part: Mapped[str | None] = mapped_column(String(20))
    grp: Mapped[str | None] = mapped_column(String(40))
    outcome: Mapped[str | None] = mapped_column(String(40))
    punishment: Mapped[str | None] = mapped_column(String(40))
    suspended: Mapped[bool | None] = mapped_column(Boolean)
    below_minimum: Mapped[bool | None] = mapped_column(Boolean)
    term_months: Mapped[int | None] = mapped_column(Integer)
    days: Mapped[int | None] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_analysis_cells_level_measure_seg", "level", "measure", "seg"),
        Index("ix_analysis_cells_level_court", "level", "court", "measure"),
        Index("ix_analysis_cells_level_region", "level", "region", "measure"),
        Index("ix_analysis_cells_level_district", "level", "district", "measure"),
        Index("ix_analysis_cells_level_kind", "level", "kind", "measure"),
        Index("ix_analysis_cells_level_article", "level", "article", "measure"),
    )


class AnalysisState(Base):
    """What the last rebuild of the derived tables read (one row)."""

    __tablename__ = "analysis_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stamp: Mapped[str] = mapped_column(Text)  # the store's high-water marks when rebuilt
    refreshed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[date | None] = mapped_column(Date)  # day of the last crawl behind it
    rows: Mapped[int] = mapped_column(Integer, default=0)


PERSONS = cast(Table, AnalysisPerson.__table__)
STATE = cast(Table, AnalysisState.__table__)
CELLS = cast(Table, AnalysisCell.__table__)
