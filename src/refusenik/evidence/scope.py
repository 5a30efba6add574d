"""What a pack is about: one case, a court, an article (and part), a period of receipt.

The filter is the one `refusenik cases list` applies (court, an article currently charged,
received on or after `since`), plus a part of the article and an end date, so a pack's
cases are the list a reader can reproduce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, exists, select

from refusenik.errors import UserInputError
from refusenik.store.case_tables import ARTICLES, CASES, DEFENDANTS, FLAGS, PUNISHMENTS

_ARTICLE = re.compile(r"\d{1,3}(?:\.\d{1,2})?")


@dataclass(frozen=True)
class EvidenceScope:
    """The cases a pack holds; every field set narrows it."""

    case: int | None = None
    court: str | None = None
    article: str | None = None
    part: str | None = None
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.case is None and self.court is None and self.article is None:
            raise UserInputError(
                "name what the pack is about: --case ID, --court CODE or --article N"
            )
        if self.article is not None and not _ARTICLE.fullmatch(self.article):
            raise UserInputError(
                f"--article must be an article number like 337 or 352.1, got {self.article!r}"
            )
        if self.part is not None and self.article is None:
            raise UserInputError("--part needs --article (e.g. --article 337 --part 5)")
        if self.part is not None and not re.fullmatch(r"\d{1,2}(?:\.\d)?", self.part):
            raise UserInputError(f"--part must be a part number like 5, got {self.part!r}")
        if self.since and self.until and self.since > self.until:
            raise UserInputError(f"--since {self.since} is after --until {self.until}")

    def describe(self) -> str:
        """«art. 337 part 5, court 63GV0006, received 2022-09-01 – 2023-12-31»."""
        bits = []
        if self.case is not None:
            bits.append(f"case {self.case}")
        if self.article:
            bits.append(f"art. {self.article}" + (f" part {self.part}" if self.part else ""))
        if self.court:
            bits.append(f"court {self.court}")
        if self.since or self.until:
            since = self.since.isoformat() if self.since else "…"
            until = self.until.isoformat() if self.until else "…"
            bits.append(f"received {since} – {until}")
        return ", ".join(bits)

    def options(self) -> list[str]:
        """The command-line options that give this scope (shown in the pack)."""
        out: list[str] = []
        for name in ("case", "court", "article", "part", "since", "until"):
            value = getattr(self, name)
            if value is not None:
                out += [f"--{name}", str(value)]
        return out


def select_cases(engine: Engine, scope: EvidenceScope) -> list[dict[str, Any]]:
    """The cases in scope, by court, received date and id (a stable order), with their
    defendants, punishments and flags."""
    query = select(CASES)
    if scope.case is not None:
        query = query.where(CASES.c.id == scope.case)
    if scope.court:
        query = query.where(CASES.c.court == scope.court)
    if scope.article:
        charged = [
            ARTICLES.c.case_id == CASES.c.id,
            ARTICLES.c.article == scope.article,
            ARTICLES.c.current.is_(True),
        ]
        if scope.part:
            charged.append(ARTICLES.c.part == scope.part)
        query = query.where(exists().where(*charged))
    if scope.since:
        query = query.where(CASES.c.received >= scope.since)
    if scope.until:
        query = query.where(CASES.c.received <= scope.until)
    query = query.order_by(CASES.c.court, CASES.c.received, CASES.c.number, CASES.c.id)
    with engine.connect() as conn:
        cases = [dict(r) for r in conn.execute(query).mappings()]
        ids = [c["id"] for c in cases]
        people: dict[int, list[dict[str, Any]]] = {}
        punished: dict[int, list[dict[str, Any]]] = {}
        flags: dict[int, list[dict[str, Any]]] = {}
        for chunk in _chunks(ids):
            for row in conn.execute(
                select(DEFENDANTS)
                .where(DEFENDANTS.c.case_id.in_(chunk))
                .order_by(DEFENDANTS.c.case_id, DEFENDANTS.c.position)
            ).mappings():
                people.setdefault(row["case_id"], []).append(dict(row))
            for row in conn.execute(
                select(PUNISHMENTS)
                .where(PUNISHMENTS.c.case_id.in_(chunk))
                .order_by(PUNISHMENTS.c.case_id, PUNISHMENTS.c.record_id, PUNISHMENTS.c.position)
            ).mappings():
                punished.setdefault(row["case_id"], []).append(dict(row))
            for row in conn.execute(
                select(FLAGS)
                .where(FLAGS.c.case_id.in_(chunk))
                .order_by(FLAGS.c.case_id, FLAGS.c.id)
            ).mappings():
                flags.setdefault(row["case_id"], []).append(dict(row))
    for case in cases:
        case["defendants"] = people.get(case["id"], [])
        case["punishments"] = _latest_per_person(punished.get(case["id"], []))
        case["flags"] = flags.get(case["id"], [])
    return cases


def _latest_per_person(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One punishment per pseudonym: an act read twice (or an act and a press release)
    must not count a person twice; the first record read (by record id) wins, stably."""
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row["pseudonym"], row)
    return list(seen.values())


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
