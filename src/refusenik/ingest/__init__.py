"""Archive record → parse → extract → pseudonymise → store, idempotent per capture.

Used twice: the live crawl archives a response and calls `ingest` on it; `reparse`
reads the whole archive again into a store, with no network, after a parser fix.
`close_window` is the only way a case gets flagged removed, and only on positive
evidence (see `ingest.windows`).
"""

from __future__ import annotations

from refusenik.ingest.card_checks import CardChecks
from refusenik.ingest.model import (
    ArchiveLike,
    CaptureLike,
    Context,
    IngestResult,
    Missing,
    ReparseSummary,
    WindowResult,
)
from refusenik.ingest.pages import ingest
from refusenik.ingest.press import relink_releases
from refusenik.ingest.reparse import context_from_url, reparse
from refusenik.ingest.runs import court_status, finish_run, interrupted_since, start_run
from refusenik.ingest.windows import close_window

__all__ = [
    "ArchiveLike",
    "CaptureLike",
    "CardChecks",
    "Context",
    "IngestResult",
    "Missing",
    "ReparseSummary",
    "WindowResult",
    "close_window",
    "context_from_url",
    "court_status",
    "finish_run",
    "ingest",
    "interrupted_since",
    "relink_releases",
    "reparse",
    "start_run",
]
