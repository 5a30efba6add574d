"""Tables of the watched cases: what each court showed, when, and every change since.

Nothing here is ever deleted or overwritten without a trace: a field that changes gets a
`case_changes` row (old value, new value, when it was seen and the archive record it was
read from); a case that leaves a court's list gets a `case_flags` row. Names of private
people appear only as keyed pseudonyms; act texts are never stored here, only their
metadata and the punishments read from them (with the evidence span, names masked).

Identity: a case is one court's record of it, keyed on (court, server, cartoteka) and the
card's own id (`case_id`, or the GUID `case_uid` when the listing has no id). A renumbered
case keeps its card id, so its new number is a change of one field. A case sent to another
court is a new record there, with the same УИД (`uid`): the УИД links the two records.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from refusenik.store.base import Base


class CrawlRun(Base):
    """One crawl (or reparse): when it ran and what it was asked."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(20), default="crawl")  # crawl | reparse
    note: Mapped[str | None] = mapped_column(Text)


class CourtStatus(Base):
    """Per court and run: its status and what could not be read (so what may be missing)."""

    __tablename__ = "court_status"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"))
    court: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30))
    windows_unread: Mapped[int] = mapped_column(Integer, default=0)
    cards_unread: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ux_court_status_run_id_court", "run_id", "court", unique=True),)


class CourtSeen(Base):
    """Each court ever read: when last read, and the kind of its last page (ok or a refusal)."""

    __tablename__ = "courts_seen"

    court: Mapped[str] = mapped_column(String(20), primary_key=True)
    first_crawled: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_crawled: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[str] = mapped_column(String(30))
    last_ok: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)  # captcha, throttle, block, 5xx
    unreadable: Mapped[int] = mapped_column(Integer, default=0)  # pages no parser could read


class IngestedCapture(Base):
    """One archive record read into the store: what it was, so a second read changes nothing."""

    __tablename__ = "ingested_captures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[str] = mapped_column(String(120), unique=True)
    capture_id: Mapped[int | None] = mapped_column(Integer)
    court: Mapped[str | None] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)  # with any name removed from the query
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    page_kind: Mapped[str] = mapped_column(String(30))
    cases: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_ingested_captures_court_fetched_at", "court", "fetched_at"),)


class Case(Base):
    """One court's record of a case, as last seen (its history is in `case_changes`)."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    court: Mapped[str] = mapped_column(String(20))
    server: Mapped[int] = mapped_column(Integer, default=1)
    cartoteka: Mapped[str] = mapped_column(String(80))
    case_key: Mapped[str] = mapped_column(String(120))  # "id:<case_id>" or "guid:<case_uid>" …
    card_id: Mapped[str | None] = mapped_column(String(40))
    card_guid: Mapped[str | None] = mapped_column(String(60))
    number: Mapped[str | None] = mapped_column(String(120))
    uid: Mapped[str | None] = mapped_column(String(60))  # УИД
    received: Mapped[date | None] = mapped_column(Date)
    decided: Mapped[date | None] = mapped_column(Date)
    in_force: Mapped[date | None] = mapped_column(Date)
    judge: Mapped[str | None] = mapped_column(String(120))  # as printed: a public official
    result: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    articles: Mapped[str | None] = mapped_column(Text)  # "337 ч.5; 338 ч.1", as parsed
    names_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    card_url: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_record: Mapped[str] = mapped_column(String(120))
    last_record: Mapped[str] = mapped_column(String(120))
    card_read: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index(
            "ux_cases_court_server_cartoteka_key",
            "court",
            "server",
            "cartoteka",
            "case_key",
            unique=True,
        ),
        Index("ix_cases_uid", "uid"),
        Index("ix_cases_court_number", "court", "number"),
        Index("ix_cases_card_guid", "card_guid"),
        Index("ix_cases_first_seen", "first_seen", "id"),  # the new-cases feed (0006)
        Index("ix_cases_number_uid", "number", "uid"),  # search by number or УИД (0006)
    )


class CaseArticle(Base):
    """An article a defendant of the case is charged under (one row per article and part)."""

    __tablename__ = "case_articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    article: Mapped[str] = mapped_column(String(20))
    part: Mapped[str | None] = mapped_column(String(20))
    current: Mapped[bool] = mapped_column(Boolean, default=True)  # False once no longer charged

    __table_args__ = (
        Index("ux_case_articles_case_id_article_part", "case_id", "article", "part", unique=True),
        Index("ix_case_articles_article", "article"),
    )


class CaseDefendant(Base):
    """A defendant as a pseudonym (None when the court printed «Информация скрыта»)."""

    __tablename__ = "defendants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    pseudonym: Mapped[str | None] = mapped_column(String(40))
    name_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    articles: Mapped[str | None] = mapped_column(Text)
    decision_date: Mapped[str | None] = mapped_column(String(20))
    result: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ux_defendants_case_id_position", "case_id", "position", unique=True),)


class CaseEvent(Base):
    """A row of the card's movement tab, as last shown."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(20))
    time: Mapped[str | None] = mapped_column(String(20))
    result: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ux_events_case_id_position", "case_id", "position", unique=True),)


class CaseAppeal(Base):
    """An appeal of the card's ОБЖАЛОВАНИЕ tab."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(Text)
    filed_by: Mapped[str | None] = mapped_column(Text)
    higher_court: Mapped[str | None] = mapped_column(Text)
    decision_date: Mapped[str | None] = mapped_column(String(20))
    result: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ux_appeals_case_id_position", "case_id", "position", unique=True),)


class CaseAct(Base):
    """An act of the case: metadata only (its text, which may hold names, stays in the archive)."""

    __tablename__ = "acts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    url: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(20))
    doc_number: Mapped[str | None] = mapped_column(String(40))
    text_record: Mapped[str | None] = mapped_column(String(120))  # archive record of its text
    document_type: Mapped[str | None] = mapped_column(String(30))  # what extract made of it

    __table_args__ = (
        Index("ux_acts_case_id_url", "case_id", "url", unique=True),
        Index("ix_acts_url", "url"),  # an act's text found by its URL (0007)
    )


class PressRelease(Base):
    """A court's press release, linked to its case when one matches."""

    __tablename__ = "press_releases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    court: Mapped[str | None] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)
    record_id: Mapped[str] = mapped_column(String(120), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    published: Mapped[str | None] = mapped_column(String(20))

    __table_args__ = (
        Index("ix_press_releases_case_id", "case_id"),  # a case's page (0006)
        Index("ix_press_releases_url", "url"),  # a release already stored (0007)
    )


class CasePunishment(Base):
    """A punishment read by `refusenik.extract` from an act text or a press release."""

    __tablename__ = "punishments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    act_id: Mapped[int | None] = mapped_column(ForeignKey("acts.id", ondelete="CASCADE"))
    press_id: Mapped[int | None] = mapped_column(
        ForeignKey("press_releases.id", ondelete="CASCADE")
    )
    record_id: Mapped[str] = mapped_column(String(120))  # the archive record read
    position: Mapped[int] = mapped_column(Integer)
    pseudonym: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(40))
    articles: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(40))
    term_months: Mapped[int | None] = mapped_column(Integer)
    probation_months: Mapped[int | None] = mapped_column(Integer)
    fine_rub: Mapped[int | None] = mapped_column(Integer)
    regime: Mapped[str | None] = mapped_column(String(40))
    raw_phrase: Mapped[str | None] = mapped_column(Text)  # names masked
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ux_punishments_record_id_position", "record_id", "position", unique=True),
        Index("ix_punishments_case_id", "case_id"),
        Index("ix_punishments_press_id", "press_id"),  # a case's page (0006)
        Index("ix_punishments_kind", "kind", "case_id"),  # the case list's filters (0006)
        Index("ix_punishments_outcome", "outcome", "case_id"),
    )


class Observation(Base):
    """One sighting of a case: when, on which page kind, from which archive record."""

    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    record_id: Mapped[str] = mapped_column(String(120))
    capture_id: Mapped[int | None] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    page_kind: Mapped[str] = mapped_column(String(30))

    __table_args__ = (
        Index("ux_observations_case_id_record_id", "case_id", "record_id", unique=True),
    )


class CaseChange(Base):
    """A field of a case that changed between two sightings."""

    __tablename__ = "case_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    record_id: Mapped[str] = mapped_column(String(120))

    __table_args__ = (Index("ix_case_changes_case_id", "case_id"),)


class CaseFlag(Base):
    """hidden / removed / reappeared, with the date it was first and (if so) last true."""

    __tablename__ = "case_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    flag: Mapped[str] = mapped_column(String(20))
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    evidence: Mapped[str] = mapped_column(Text)  # what showed it: a record id, a window

    __table_args__ = (Index("ix_case_flags_case_id_flag", "case_id", "flag"),)


class ListingWindow(Base):
    """One listing search (court, server, cartoteka, article, date window) read in full."""

    __tablename__ = "listing_windows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_key: Mapped[str] = mapped_column(String(200), unique=True)
    court: Mapped[str] = mapped_column(String(20))
    last_closed: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_count: Mapped[int] = mapped_column(Integer, default=0)
    alarm: Mapped[str | None] = mapped_column(Text)


class WindowCase(Base):
    """A case a listing window returned; `present` is False once the window stops returning it."""

    __tablename__ = "window_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("listing_windows.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        Index("ux_window_cases_window_id_case_id", "window_id", "case_id", unique=True),
    )


# Core handles on the same tables, for the stages that read and write them with SQL
# expressions rather than ORM objects: one definition, imported where used.
CASES = cast(Table, Case.__table__)
ARTICLES = cast(Table, CaseArticle.__table__)
DEFENDANTS = cast(Table, CaseDefendant.__table__)
EVENTS = cast(Table, CaseEvent.__table__)
APPEALS = cast(Table, CaseAppeal.__table__)
ACTS = cast(Table, CaseAct.__table__)
CHANGES = cast(Table, CaseChange.__table__)
FLAGS = cast(Table, CaseFlag.__table__)
OBSERVATIONS = cast(Table, Observation.__table__)
PUNISHMENTS = cast(Table, CasePunishment.__table__)
PRESS = cast(Table, PressRelease.__table__)
RUNS = cast(Table, CrawlRun.__table__)
STATUS = cast(Table, CourtStatus.__table__)
COURTS_SEEN = cast(Table, CourtSeen.__table__)
INGESTED = cast(Table, IngestedCapture.__table__)
WINDOWS = cast(Table, ListingWindow.__table__)
MEMBERS = cast(Table, WindowCase.__table__)
