"""The filter every figure is computed for, which is also its permalink.

A `Scope` is built from a query string (`Scope.from_query`), checked against the court
registry and the Criminal Code model, and written back (`to_query`) so the same numbers can
be asked for again. Bad values are the user's error: the message names the key and says
what it accepts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from functools import cache

from refusenik.errors import UserInputError

KEYS = ("courts", "kind", "district", "region", "article", "part", "group", "since", "until")
_COURT_CODE = re.compile(r"^\d{2}[A-Z]{2}\d{4}$")


@cache
def _districts() -> frozenset[str]:
    from refusenik import courts

    return frozenset(c.military_district for c in courts.all_courts() if c.military_district)


@cache
def _regions() -> dict[str, str]:
    """Region code and lower-cased name → the registry's name of the region."""
    from refusenik import courts

    out: dict[str, str] = {}
    for c in courts.all_courts():
        if c.region:
            out[c.region.lower()] = c.region
            if c.region_code:
                out[c.region_code] = c.region
    return out


def _kind(value: str) -> str:
    from refusenik import courts

    if value not in courts.KINDS:
        raise UserInputError(
            f"kind {value!r}: unknown court kind; valid: {', '.join(courts.KINDS)}"
        )
    return value


def _group(value: str) -> str:
    from refusenik.law import RefusalGroup

    valid = [g.value for g in RefusalGroup]
    if value not in valid:
        raise UserInputError(f"group {value!r}: unknown group; valid: {', '.join(valid)}")
    return value


def _article(value: str) -> str:
    from refusenik import law

    try:
        return law.article(value.strip().removeprefix("ст.").strip()).number
    except UserInputError:
        known = ", ".join(a.number for a in law.articles())
        raise UserInputError(
            f"article {value!r}: not an article of the model (it holds {known})"
        ) from None


def _part(article: str | None, value: str) -> str:
    value = value.strip().removeprefix("ч.").strip()
    if not re.fullmatch(r"\d+(?:\.\d+)?", value):
        raise UserInputError(f"part {value!r}: expected a part number such as 1, 2.1 or 5")
    if article is not None:
        from refusenik import law

        parts = [p for p in law.article(article).part_numbers() if p]
        if value not in parts:
            raise UserInputError(
                f"part {value!r}: article {article} has parts {', '.join(parts) or 'none'}"
            )
    return value


def _day(key: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserInputError(f"{key} {value!r}: expected a date YYYY-MM-DD") from None


def _courts(value: str) -> tuple[str, ...]:
    codes = tuple(c.strip().upper() for c in value.split(",") if c.strip())
    bad = [c for c in codes if not _COURT_CODE.match(c)]
    if bad or not codes:
        raise UserInputError(
            f"courts {value!r}: expected court codes such as 63GV0006, comma-separated"
        )
    return tuple(sorted(set(codes)))


@dataclass(frozen=True)
class Scope:
    """Which cases a figure counts: courts, court kind, district, region, article, part,
    refusal group, and a date window (applied to the date of the measure counted)."""

    courts: tuple[str, ...] = ()
    kind: str | None = None
    district: str | None = None
    region: str | None = None
    article: str | None = None
    part: str | None = None
    group: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Scope:
        """A scope from a permalink's query (or CLI options); UserInputError names a bad key."""
        unknown = sorted(k for k in query if k not in KEYS and k != "court")
        if unknown:
            raise UserInputError(
                f"unknown filter {unknown[0]!r}; filters are: {', '.join(KEYS)} (court = courts)"
            )
        q = {("courts" if k == "court" else k): str(v) for k, v in query.items() if str(v) != ""}
        article = _article(q["article"]) if "article" in q else None
        region = None
        if "region" in q:
            region = _regions().get(q["region"].strip().lower())
            if region is None:
                raise UserInputError(
                    f"region {q['region']!r}: not a region of the court registry "
                    "(use its name, e.g. «Пермский край», or its code, e.g. 59)"
                )
        district = None
        if "district" in q:
            district = q["district"].strip()
            if district not in _districts():
                raise UserInputError(
                    f"district {district!r}: not a military district of the registry; valid: "
                    + ", ".join(sorted(_districts()))
                )
        scope = cls(
            courts=_courts(q["courts"]) if "courts" in q else (),
            kind=_kind(q["kind"].strip()) if "kind" in q else None,
            district=district,
            region=region,
            article=article,
            part=_part(article, q["part"]) if "part" in q else None,
            group=_group(q["group"].strip()) if "group" in q else None,
            since=_day("since", q["since"]) if "since" in q else None,
            until=_day("until", q["until"]) if "until" in q else None,
        )
        if scope.since and scope.until and scope.since > scope.until:
            raise UserInputError(f"since {scope.since} is after until {scope.until}")
        return scope

    def to_query(self) -> dict[str, str]:
        """Only the fields that are set, as strings; `from_query` reads it back unchanged."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, ()):
                continue
            if isinstance(value, tuple):
                out[f.name] = ",".join(value)
            elif isinstance(value, date):
                out[f.name] = value.isoformat()
            else:
                out[f.name] = str(value)
        return out

    def describe(self) -> str:
        """A short English phrase for titles: "art. 337 part 5, garrison military courts, …"."""
        bits: list[str] = []
        if self.article:
            bits.append(f"art. {self.article}" + (f" part {self.part}" if self.part else ""))
        elif self.part:
            bits.append(f"part {self.part} of any article")
        if self.group:
            bits.append(f"{self.group.replace('_', ' ')} group")
        if self.kind:
            bits.append(f"{self.kind.replace('_', ' ')} courts")
        if self.courts:
            bits.append(("court " if len(self.courts) == 1 else "courts ") + ", ".join(self.courts))
        if self.district:
            bits.append(f"{self.district} military district")
        if self.region:
            bits.append(self.region)
        if self.since or self.until:
            start = self.since.isoformat() if self.since else "…"
            end = self.until.isoformat() if self.until else "…"
            bits.append(f"{start} – {end}")
        return ", ".join(bits) or "all cases"
