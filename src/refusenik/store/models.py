"""Tables of the store (SQLAlchemy 2.0 declarative). Later stages add theirs here.

Every imported row points at the `SourceRow` that brought it, so a re-import can replace
exactly what one file contributed and every number keeps its provenance.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from refusenik.store.base import NAMING, Base  # noqa: F401 - Base is the tables' registry

# The kinds of source, as stored in `sources.kind`.
OFFICIAL_FILE = "official_file"
ARCHIVE_RECORD = "archive_record"


def _now() -> datetime:
    return datetime.now(UTC)


class SourceRow(Base):
    """Where records came from: one official form file, or (soon) one archived HTTP response.

    Every stored record points at its source, so each figure can be traced to the bytes
    it was read from (sha256) and re-read when a parser changes (`parser_version`).
    `kind` is "official_file" (uri: the file name; fetched_at/http_status empty) or
    "archive_record" (uri: the URL fetched, with any parameter naming a person removed;
    fetched_at and http_status of the response; archive_record: the id of the archive
    record holding the bytes) — the fields of
    the `Source` that `refusenik.sites` attaches to every parsed page.
    """

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    uri: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    http_status: Mapped[int | None] = mapped_column(Integer)
    archive_record: Mapped[str | None] = mapped_column(String(120))
    parser_version: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_sources_kind_sha256", "kind", "sha256"),
        # The same official file is imported once; archive records may repeat a body.
        Index(
            "ux_sources_official_sha256",
            "sha256",
            unique=True,
            sqlite_where=text("kind = 'official_file'"),
            postgresql_where=text("kind = 'official_file'"),
        ),
    )


class OfficialFile(Base):
    """What an official source file is: the form, year and period it reports, and its row count.

    At most one file per (form, year, period): a corrected file replaces the earlier one.
    """

    __tablename__ = "official_files"

    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    form: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(10))
    rows: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ux_official_files_form_year_period", "form", "year", "period", unique=True),
    )


class OfficialStatistic(Base):
    """One number of a Judicial Department form (or one derived from them), tidy.

    `key` is unique per (form, year, period, sheet, cell) for raw rows and per derived
    series for derived rows, so importing the same numbers twice cannot duplicate them.
    """

    __tablename__ = "official_statistics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(400), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(10))
    form: Mapped[str] = mapped_column(String(20))
    article: Mapped[str | None] = mapped_column(String(40))
    part: Mapped[str | None] = mapped_column(String(40))
    row_label: Mapped[str] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(String(80))
    value: Mapped[float] = mapped_column(Float)
    source_file: Mapped[str] = mapped_column(Text)
    sheet: Mapped[str | None] = mapped_column(Text)
    cell: Mapped[str | None] = mapped_column(String(20))
    derived: Mapped[bool] = mapped_column(Boolean, default=False)
    formula: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_official_statistics_article_part_year", "article", "part", "year"),
        Index("ix_official_statistics_metric", "metric"),
        Index("ix_official_statistics_source_id", "source_id"),
    )


# Stages keep their tables in their own modules; importing them here puts them on `Base`.
from refusenik.store import analysis_tables, archive_tables, case_tables  # noqa: E402, F401
