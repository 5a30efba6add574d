"""Typed view of the bundled Criminal Code data (`data/articles.yaml`).

The YAML is the single source of the facts; this module only gives them types and
answers the date question ("which sanction applied on the day of the offence"), because
that is what sentencing comparisons downstream need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml  # type: ignore[import-untyped]

from refusenik.errors import UserInputError
from refusenik.law.vocab import LAW_CHANGES, SANCTION_KINDS, PunishmentKind, RefusalGroup

DATA_FILE = "articles.yaml"
CONFIDENCE_LEVELS = ("verified", "corroborated", "unverified")
GROUPS: tuple[RefusalGroup, ...] = tuple(RefusalGroup)


class UnknownArticleError(UserInputError):
    """The article is not in the model (the model holds only the articles refusers face)."""


class UnknownPartError(UserInputError):
    """The article is in the model but has no such part."""


@dataclass(frozen=True)
class Law:
    """A law that made or changed a part; `in_force` is None where no source gives the day."""

    id: str
    title_ru: str
    in_force: dt.date | None
    effect: str
    confidence: str
    notes: str | None = None


@dataclass(frozen=True)
class Sanction:
    """One alternative punishment of a sanction; terms in months, fines in rubles."""

    kind: PunishmentKind
    min_months: int | None = None
    max_months: int | None = None
    max_rub: int | None = None
    max_hours: int | None = None
    note: str | None = None

    def describe(self) -> str:
        """Short English rendering, e.g. 'imprisonment 60–120 m'."""
        if self.max_rub is not None:
            bound = f"≤{self.max_rub:,} ₽".replace(",", " ")
        elif self.max_hours is not None:
            bound = f"≤{self.max_hours} h"
        elif self.min_months is not None:
            bound = f"{self.min_months}–{self.max_months} m"
        elif self.max_months is not None:
            bound = f"≤{self.max_months} m"
        else:
            bound = ""
        text = f"{self.kind.replace('_', ' ')} {bound}".strip()
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True)
class SanctionPeriod:
    """The sanction of a part between two days (inclusive); `to=None` means still in force."""

    start: dt.date
    end: dt.date | None
    sanctions: tuple[Sanction, ...]
    changed_by: str | None
    confidence: str
    notes: str | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Part:
    """A part of an article; `part` is None for an article without numbered parts (352.1)."""

    article: str
    part: str | None
    disposition_ru: str
    disposition_en: str
    category: str | None
    in_force_from: dt.date
    in_force_to: dt.date | None
    introduced_by: str
    amended_by: tuple[str, ...]
    mobilization: bool
    periods: tuple[SanctionPeriod, ...]
    confidence: str
    sources: tuple[str, ...]
    notes: str | None = None
    in_force_note: str | None = None
    note_ru: str | None = None

    @property
    def sanctions(self) -> tuple[Sanction, ...]:
        """The sanction now in force (the latest period)."""
        return self.periods[-1].sanctions if self.periods else ()

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)

    def period_on(self, day: dt.date) -> SanctionPeriod | None:
        if not self.in_force_on(day):
            return None
        return next((p for p in self.periods if p.covers(day)), None)

    def label(self) -> str:
        """'ч. 5 ст. 337' style label, or 'ст. 352.1' for single-part articles."""
        return f"ч. {self.part} ст. {self.article}" if self.part else f"ст. {self.article}"


@dataclass(frozen=True)
class Article:
    """An article of УК РФ with its parts and the group of refusal it belongs to."""

    number: str
    title_ru: str
    title_en: str
    group: RefusalGroup | None
    parts: tuple[Part, ...]
    general: bool = False
    optional: bool = False
    court: str | None = None
    note_ru: str | None = None
    notes: str | None = None

    @property
    def single_part(self) -> bool:
        return len(self.parts) == 1 and self.parts[0].part is None

    @property
    def confidence(self) -> str:
        """The weakest confidence of any of its parts."""
        ranks = [CONFIDENCE_LEVELS.index(p.confidence) for p in self.parts] or [0]
        return CONFIDENCE_LEVELS[max(ranks)]

    def part(self, number: str | None) -> Part:
        for p in self.parts:
            if p.part == number:
                return p
        if number is None:
            raise UnknownPartError(
                f"article {self.number} has parts {', '.join(self.part_numbers())}; name one"
            )
        have = ", ".join(self.part_numbers()) or "no numbered parts"
        raise UnknownPartError(f"article {self.number} has no part {number} (it has {have})")

    def part_numbers(self) -> list[str]:
        return [p.part for p in self.parts if p.part is not None]

    def parts_on(self, day: dt.date) -> list[Part]:
        return [p for p in self.parts if p.in_force_on(day)]


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:  # a broken data file is a bug, say where
        raise ValueError(f"{DATA_FILE}: bad date {value!r} at {where}") from exc


def _sanctions(raw: list[dict[str, Any]], where: str) -> tuple[Sanction, ...]:
    out = []
    for item in raw:
        if item["kind"] not in SANCTION_KINDS:
            raise ValueError(f"{DATA_FILE}: unknown sanction kind {item['kind']!r} at {where}")
        out.append(Sanction(**{**item, "kind": PunishmentKind(item["kind"])}))
    return tuple(out)


def _part(article: str, raw: dict[str, Any]) -> Part:
    number = None if raw["part"] is None else str(raw["part"])
    where = f"{article} ч.{number}"
    start = _date(raw["in_force_from"], where)
    assert start is not None
    end = _date(raw.get("in_force_to"), where)
    periods = []
    for old in raw.get("earlier_sanctions", []):
        old_start, old_end = _date(old["from"], where), _date(old["to"], where)
        if old_start is None or old_end is None:
            raise ValueError(f"{DATA_FILE}: an earlier sanction needs from and to at {where}")
        periods.append(
            SanctionPeriod(
                start=old_start,
                end=old_end,
                sanctions=_sanctions(old["sanctions"], where),
                changed_by=old.get("changed_by"),
                confidence=old.get("confidence", raw["confidence"]),
                notes=old.get("notes"),
            )
        )
    last_end = periods[-1].end if periods else None
    current_start = last_end + dt.timedelta(days=1) if last_end is not None else start
    periods.append(
        SanctionPeriod(
            start=current_start,
            end=end,
            sanctions=_sanctions(raw.get("sanctions", []), where),
            changed_by=periods[-1].changed_by if periods else raw.get("introduced_by"),
            confidence=raw["confidence"],
        )
    )
    if raw["confidence"] not in CONFIDENCE_LEVELS:
        raise ValueError(f"{DATA_FILE}: bad confidence at {where}")
    return Part(
        article=article,
        part=number,
        disposition_ru=raw["disposition_ru"],
        disposition_en=raw["disposition_en"],
        category=raw.get("category"),
        in_force_from=start,
        in_force_to=end,
        introduced_by=raw["introduced_by"],
        amended_by=tuple(raw.get("amended_by", [])),
        mobilization=bool(raw.get("mobilization", False)),
        periods=tuple(periods),
        confidence=raw["confidence"],
        sources=tuple(raw.get("sources", [])),
        notes=raw.get("notes"),
        in_force_note=raw.get("in_force_note"),
        note_ru=raw.get("note_ru"),
    )


@dataclass(frozen=True)
class Model:
    articles: dict[str, Article]
    laws: dict[str, Law]
    sources: dict[str, str]


@cache
def load() -> Model:
    """Read the bundled YAML once per process."""
    text = resources.files("refusenik.law").joinpath("data", DATA_FILE).read_text("utf-8")
    # libyaml's loader reads the model in a tenth of the pure-Python loader's time, which
    # every command that touches the law pays at start-up.
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    laws = {
        key: Law(
            id=key,
            title_ru=val["title_ru"],
            in_force=_date(val.get("in_force"), key),
            effect=val["effect"],
            confidence=val["confidence"],
            notes=val.get("notes"),
        )
        for key, val in raw["laws"].items()
    }
    articles = {}
    for a in raw["articles"]:
        number = str(a["article"])
        group = a.get("group")
        if group is not None and group not in GROUPS:
            raise ValueError(f"{DATA_FILE}: unknown group {group!r} for {number}")
        group = None if group is None else RefusalGroup(group)
        articles[number] = Article(
            number=number,
            title_ru=a["title_ru"],
            title_en=a["title_en"],
            group=group,
            parts=tuple(_part(number, p) for p in a["parts"]),
            general=bool(a.get("general", False)),
            optional=bool(a.get("optional", False)),
            court=a.get("court"),
            note_ru=a.get("note_ru"),
            notes=a.get("notes"),
        )
    _check_law_changes(laws)
    return Model(articles=articles, laws=laws, sources=dict(raw.get("sources", {})))


def _check_law_changes(laws: dict[str, Law]) -> None:
    """The named law changes and the data file must tell the same days."""
    for change in LAW_CHANGES:
        law = laws.get(change.law)
        if law is None or law.in_force != change.in_force:
            found = "missing" if law is None else f"in force {law.in_force}"
            raise ValueError(
                f"{DATA_FILE}: law {change.law} is {found}, the vocabulary says {change.in_force}"
            )


def is_known(article: str, part: str | None = None) -> bool:
    """True when УК РФ `article` (and `part`, if given) exists in the model."""
    a = load().articles.get(article)
    if a is None:
        return False
    if part is None:
        return True
    return part in a.part_numbers()
