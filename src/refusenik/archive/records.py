"""What goes into the archive (`Exchange`) and what the index says about it (`Capture`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its response as fetched, before anything parses it.

    `court` and `page_kind` are what the crawler asked for; `meta` holds any other
    context worth keeping beside the bytes (listing window, srv_num, parser version …).
    """

    url: str
    status: int
    response_headers: Sequence[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    method: str = "GET"
    request_headers: Sequence[tuple[str, str]] = ()
    court: str | None = None
    page_kind: str | None = None
    meta: Mapping[str, str] = field(default_factory=dict)
    sha256: str | None = None  # the body's digest, when the crawler has computed it already

    def __post_init__(self) -> None:
        if self.fetched_at.tzinfo is None:
            raise ValueError("Exchange.fetched_at must be timezone-aware (UTC)")
        if not 100 <= self.status <= 999:
            raise ValueError(f"Exchange.status {self.status} is not an HTTP status")


@dataclass(frozen=True)
class Capture:
    """Where an `Exchange` now lives in the WARC files; also one row of `captures`.

    `url` has any parameter naming a person removed. `offset` and `length` locate the
    response (or revisit) record's gzip member in `warc_file`, a name relative to the
    archive folder. A revisit's `revisit_of` is the record id holding its body.
    """

    id: int | None
    record_id: str
    url: str
    fetched_at: datetime
    status: int
    sha256: str
    warc_file: str
    offset: int
    length: int
    revisit_of: str | None
    court: str | None
    page_kind: str | None
    source_id: int | None

    def as_json(self) -> dict[str, object]:
        """The capture as plain JSON values (times in ISO 8601, UTC)."""
        return {
            "id": self.id,
            "record_id": self.record_id,
            "url": self.url,
            "fetched_at": self.fetched_at.isoformat(),
            "status": self.status,
            "sha256": self.sha256,
            "warc_file": self.warc_file,
            "offset": self.offset,
            "length": self.length,
            "revisit_of": self.revisit_of,
            "court": self.court,
            "page_kind": self.page_kind,
            "source_id": self.source_id,
        }
