"""The archive index: one `captures` row per archived HTTP response (or revisit).

A row says where the bytes of one fetch live in the WARC files (file, offset, length,
record id) and what they were (URL, time, status, SHA-256 of the body), so a page can be
read back without scanning the files. `url` has any parameter naming a person removed;
`url_hash` (SHA-256 of the URL exactly as fetched) finds the captures of one URL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from refusenik.store.base import Base


class CaptureRow(Base):
    """One archived response: its place in the WARC files and what it held."""

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[str] = mapped_column(String(120), unique=True)
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    warc_file: Mapped[str] = mapped_column(String(255))
    offset: Mapped[int] = mapped_column(BigInteger)
    length: Mapped[int] = mapped_column(BigInteger)
    revisit_of: Mapped[str | None] = mapped_column(String(120))
    court: Mapped[str | None] = mapped_column(String(40))
    page_kind: Mapped[str | None] = mapped_column(String(40))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_captures_url_hash_fetched_at", "url_hash", "fetched_at"),
        Index("ix_captures_court_fetched_at", "court", "fetched_at"),
        Index("ix_captures_fetched_at", "fetched_at"),
        Index("ux_captures_warc_file_offset", "warc_file", "offset", unique=True),
    )
