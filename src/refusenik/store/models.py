"""Tables of the store (SQLAlchemy 2.0 declarative). Later stages add theirs here.

Every imported row points at the `ImportBatch` that brought it, so a re-import can
replace exactly what one file contributed and every number keeps its provenance.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> datetime:
    return datetime.now(UTC)


class ImportBatch(Base):
    """One imported source file: what it was (sha256), when, and how many rows it gave."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # which importer, e.g. "official"
    source_file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    form: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(10))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    rows: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_import_batches_kind_sha256", "kind", "sha256", unique=True),)


class OfficialStatistic(Base):
    """One number of a Judicial Department form (or one derived from them), tidy.

    `key` is unique per (form, year, period, sheet, cell) for raw rows and per derived
    series for derived rows, so importing the same numbers twice cannot duplicate them.
    """

    __tablename__ = "official_statistics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"))
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
        Index("ix_official_statistics_batch_id", "batch_id"),
    )
