"""The records the simulated world is made of: cases, their events, defendants, press items.

They sit apart from the generator (`world`) and the text writer (`texts`) so that both can
use them without importing each other.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import date

from refusenik.simulate import punishments as pun
from refusenik.simulate.charges import Charge, charges_label
from refusenik.simulate.courts_pick import SimCourt
from refusenik.simulate.names import Person

Day = date  # a name for the type that the `date` fields below do not shadow


def stable_int(*parts: object, bits: int = 63) -> int:
    """A stable hash of the parts, independent of PYTHONHASHSEED."""
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - bits)


def stable_guid(*parts: object) -> str:
    """A stable GUID-shaped key (the site's internal `case_uid`)."""
    return str(
        uuid.UUID(
            bytes=hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).digest(),
            version=4,
        )
    )


# villages of the detached branches (ПСП) the simulated courts hold sessions in
_BRANCH_PLACES = ("Кочкурово", "Нурлино", "Ильинское", "Берёзовка", "Покровское")
_GENITIVE = (("ский", "ского"), ("цкий", "цкого"), ("ный", "ного"), ("ой", "ого"), ("ий", "его"))


def _court_genitive(name: str) -> str:
    """«Дзержинский районный суд г. Перми» → «Дзержинского районного суда г. Перми»: the
    words up to «суд» declined, as a ПСП's name on the server-choice page reads."""
    words = name.split(" ")
    if "суд" not in words:
        return name
    end = words.index("суд")
    for i, word in enumerate(words[:end]):
        words[i] = next((word[: -len(a)] + b for a, b in _GENITIVE if word.endswith(a)), word)
    words[end] = "суда"
    return " ".join(words)


def server_name(court: SimCourt, srv_num: int) -> str:
    """What the server-choice page calls a database: the court, or a detached branch, as a
    real one reads: «ПСП Октябрьского районного суда г. Саранска … в с. Кочкурово»."""
    if srv_num == court.srv_nums[0]:
        return court.name
    place = _BRANCH_PLACES[stable_int(court.code, srv_num) % len(_BRANCH_PLACES)]
    return f"ПСП {_court_genitive(court.name)} в с. {place}"


@dataclass(frozen=True)
class Event:
    """One row of ДВИЖЕНИЕ ДЕЛА. It is listed from `posted`; its result shows from `date`."""

    name: str
    date: Day
    time: str
    posted: Day
    place: str = ""
    result: str = ""
    basis: str = ""


@dataclass(frozen=True)
class Defendant:
    person: Person
    rank: str | None
    charges: tuple[Charge, ...]
    outcome: pun.Outcome

    @property
    def articles(self) -> str:
        return charges_label(self.charges)


@dataclass(frozen=True)
class Appeal:
    """One complaint against the verdict, with its own movement (ОБЖАЛОВАНИЕ РЕШЕНИЙ tab)."""

    kind: str  # «Апелляционная жалоба …» or «Апелляционное представление …»
    applicant: str  # procedural status of whoever filed it: ОСУЖДЕННЫЙ, ЗАЩИТНИК, ПРОКУРОР
    filed: Day
    events: tuple[Event, ...]
    result: str  # the upper court's result, once its hearing has passed
    decided: Day

    def events_at(self, today: date) -> list[Event]:
        out = []
        for ev in self.events:
            if ev.posted > today:
                continue
            if ev.date > today and (ev.result or ev.basis):
                ev = Event(ev.name, ev.date, ev.time, ev.posted, ev.place)
            out.append(ev)
        return out


@dataclass(frozen=True)
class Change:
    """One change of a case between rounds: renumbered, charges changed, transferred."""

    kind: str  # "renumbered", "recharged", "transferred_out", "transferred_in"
    date: Day
    number: str = ""  # the new number (renumbered) or the other court's number (transfers)
    court: str = ""  # the other court (transfers)
    charges: tuple[Charge, ...] = ()  # defendant 1's charges from `date` (recharged)


@dataclass(frozen=True)
class PressRelease:
    """A court press-service item about a decided case."""

    id: int
    date: date
    title: str
    paragraphs: tuple[str, ...]
    case_number: str


@dataclass
class Case:
    """One criminal first-instance case with its whole (future included) history."""

    court: SimCourt
    number: str
    uid: str
    case_id: int
    case_uid: str
    srv_num: int
    received: date
    judge: Person
    decision_date: date
    validity_date: date | None
    defendants: tuple[Defendant, ...]
    events: tuple[Event, ...]
    act_number: int | None
    act_published: date | None
    hidden_from: date | None
    removed_from: date | None
    refusal: bool
    press: PressRelease | None = None
    seed: int = 0
    appeal: Appeal | None = None
    changes: tuple[Change, ...] = ()

    def number_at(self, today: date) -> str:
        """The number the court shows on `today` (a renumbered case shows its new one)."""
        number = self.number
        for ch in self.changes:
            if ch.kind == "renumbered" and ch.date <= today:
                number = ch.number
        return number

    def as_of(self, today: date) -> Case:
        """This case as its pages show it on `today`: number and charges after the changes
        made by then, and the appeal once it has been filed."""
        number = self.number_at(today)
        defendants = self.defendants
        for ch in self.changes:
            if ch.kind == "recharged" and ch.date <= today:
                first = replace(defendants[0], charges=ch.charges)
                defendants = (first, *defendants[1:])
        appeal = self.appeal if self.appeal and self.appeal.filed <= today else None
        if number == self.number and defendants is self.defendants and appeal is self.appeal:
            return self
        # The copy carries no changes: they are applied, and `view` reports them from here.
        return replace(self, number=number, defendants=defendants, appeal=appeal, changes=())

    def changes_at(self, today: date) -> list[Change]:
        return [ch for ch in self.changes if ch.date <= today]

    @property
    def outcome(self) -> pun.Outcome:
        return self.defendants[0].outcome

    @property
    def act_type(self) -> str:
        return pun.act_type(self.outcome)

    def visible(self, today: date) -> bool:
        return self.received <= today and not (self.removed_from and self.removed_from <= today)

    def hidden(self, today: date) -> bool:
        return bool(self.hidden_from and self.hidden_from <= today)

    def decided(self, today: date) -> bool:
        return self.decision_date <= today

    def act_visible(self, today: date) -> bool:
        return bool(
            self.act_number and self.act_published and self.act_published <= today
        ) and not self.hidden(today)

    def events_at(self, today: date) -> list[Event]:
        """Events as the card shows them on `today`: future results are not known yet."""
        out = []
        for ev in self.events:
            if ev.posted > today:
                continue
            if ev.date > today and (ev.result or ev.basis):
                ev = Event(ev.name, ev.date, ev.time, ev.posted, ev.place)
            out.append(ev)
        return out

    def view(self, today: date) -> dict:
        """The ground truth of what this case's pages show on `today`."""
        shown = self.as_of(today)
        if shown is not self:
            return shown.view(today) | {"history": self._history(today)}
        decided = self.decided(today)
        hidden = self.hidden(today)
        defendants = []
        for d in self.defendants:
            defendants.append(
                {
                    "name": None if hidden else d.person.full,
                    "articles": d.articles,
                    "charges": [{"article": c.article, "part": c.part} for c in d.charges],
                    "decision_date": self.decision_date.isoformat() if decided else None,
                    "result": plain(pun.person_result(d.outcome)) if decided else None,
                    "outcome": d.outcome.to_json() if decided else None,
                }
            )
        act = None
        if self.act_visible(today):
            act = {
                "number": self.act_number,
                "type": self.act_type,
                "published": self.act_published.isoformat() if self.act_published else None,
            }
        validity = (
            self.validity_date
            if decided and self.validity_date and self.validity_date <= today
            else None
        )
        return {
            "court": self.court.code,
            "number": self.number,
            "uid": self.uid,
            "case_id": self.case_id,
            "case_uid": self.case_uid,
            "srv_num": self.srv_num,
            "received": self.received.isoformat(),
            "judge": self.judge.short,
            "decision_date": self.decision_date.isoformat() if decided else None,
            "result": plain(pun.case_result(self.outcome)) if decided else None,
            "validity_date": validity.isoformat() if validity else None,
            "hidden": hidden,
            "refusal": self.refusal,
            "defendants": defendants,
            "events": [_event_view(e) for e in self.events_at(today)],
            "act": act,
            "appeal": self._appeal_view(today),
            "history": self._history(today),
        }

    def _appeal_view(self, today: date) -> dict | None:
        a = self.appeal
        if a is None or a.filed > today:
            return None
        return {
            "kind": a.kind,
            "applicant": a.applicant,
            "filed": a.filed.isoformat(),
            "result": a.result if a.decided <= today else None,
            "decided": a.decided.isoformat() if a.decided <= today else None,
            "events": [_event_view(e) for e in a.events_at(today)],
        }

    def _history(self, today: date) -> list[dict]:
        out = []
        for ch in self.changes_at(today):
            item: dict = {"change": ch.kind, "date": ch.date.isoformat()}
            if ch.number:
                item["number"] = ch.number
            if ch.court:
                item["court"] = ch.court
            if ch.charges:
                item["articles"] = charges_label(ch.charges)
            out.append(item)
        return out


def _event_view(e: Event) -> dict:
    return {
        "name": e.name,
        "date": e.date.isoformat(),
        "time": e.time,
        "place": e.place,
        "result": e.result,
        "basis": e.basis,
        "posted": e.posted.isoformat(),
    }


def plain(html: str) -> str:
    """Result HTML as plain text (line breaks for `<br>`)."""
    return html.replace("<br>", "\n")
