"""The generated world behind the simulated courts: cases, their histories, and rounds.

Everything is drawn from random generators seeded by strings such as
"<seed>:<court>:<month>", so the same seed gives the same world byte for byte, and a world
with more rounds is the same world watched for longer (earlier rounds do not change).
A round is a moment in time: round r is `ROUND0 + r × ROUND_STEP`. Between rounds new cases
arrive, scheduled hearings happen, results and acts appear, some cases get hidden
(«Информация скрыта») and some are removed from the site.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property

from refusenik.errors import UserInputError
from refusenik.simulate import punishments as pun
from refusenik.simulate.charges import (
    Charge,
    monthly_noise_rate,
    monthly_refusal_rate,
    noise_charges,
    refusal_charges,
)
from refusenik.simulate.courts_pick import SimCourt, as_sim_courts, pick_courts
from refusenik.simulate.names import RANKS, Person, person
from refusenik.simulate.records import (
    Appeal,
    Case,
    Change,
    Defendant,
    Event,
    PressRelease,
    plain,
    server_name,
    stable_guid,
    stable_int,
)
from refusenik.simulate.texts import press_release
from refusenik.templates import Template

VNKOD_LAYOUTS = ("blag", "uln", "sam")
WORLD_START = date(2020, 1, 1)
ROUND0 = date(2026, 3, 2)
ROUND_STEP = timedelta(days=14)
MAX_ROUNDS = 200


def round_date(r: int) -> date:
    """The simulated 'today' of round r."""
    return ROUND0 + r * ROUND_STEP


def _weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


@dataclass(frozen=True)
class CourtProfile:
    """Per-court traits drawn once: size, judges, publishing habits, page length."""

    size: float
    judges: tuple[Person, ...]
    publishes_acts: bool
    has_press: bool
    vnkod_page_size: int
    halls: int
    # Which of the real VNKOD card layouts this court's module prints: "blag" (Дата / Время
    # слушания / Место проведения …), "uln" (Результат / Основания / Дата события …) or
    # "sam" (Дата события / Время события / Зал судебного заседания …).
    vnkod_layout: str = "blag"
    vnkod_labelled: bool = False  # listing lines «КАТЕГОРИЯ: …», «ЛИЦА: …»


@dataclass
class World:
    """A seeded simulated court network, observed over `rounds` rounds."""

    seed: int
    courts: list[SimCourt]
    rounds: int
    profiles: dict[str, CourtProfile] = field(default_factory=dict)
    cases: dict[str, list[Case]] = field(default_factory=dict)

    @classmethod
    def generate(cls, seed: int, courts: int | Sequence[object] = 8, rounds: int = 3) -> World:
        """Build the world: `courts` is a count (seeded pick from the registry) or the courts."""
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise UserInputError(f"seed must be a non-negative integer, got {seed!r}")
        if not 1 <= rounds <= MAX_ROUNDS:
            raise UserInputError(f"rounds must be between 1 and {MAX_ROUNDS}, got {rounds}")
        chosen = pick_courts(seed, courts) if isinstance(courts, int) else as_sim_courts(courts)
        codes = [c.code for c in chosen]
        if len(set(codes)) != len(codes):
            raise UserInputError("the same court was given twice")
        world = cls(seed=seed, courts=chosen, rounds=rounds)
        horizon = round_date(rounds - 1)
        for court in chosen:
            profile = _profile(seed, court)
            world.profiles[court.code] = profile
            world.cases[court.code] = _court_cases(seed, court, profile, horizon)
        _transfers(world)
        return world

    # --- lookups --------------------------------------------------------------------------

    @cached_property
    def by_code(self) -> dict[str, SimCourt]:
        return {c.code: c for c in self.courts}

    @cached_property
    def by_host(self) -> dict[str, SimCourt]:
        return {h: c for c in self.courts for h in c.hosts}

    @cached_property
    def _by_case_id(self) -> dict[tuple[str, int], Case]:
        return {(c.court.code, c.case_id): c for cs in self.cases.values() for c in cs}

    @cached_property
    def _by_act(self) -> dict[tuple[str, int], Case]:
        return {
            (c.court.code, c.act_number): c
            for cs in self.cases.values()
            for c in cs
            if c.act_number
        }

    def cases_at(self, code: str, r: int) -> list[Case]:
        """A court's cases as its pages show them in round r (numbers, charges, appeals)."""
        key = (code, r)
        hit = self._as_of.get(key)
        if hit is None:
            today = round_date(r)
            hit = self._as_of[key] = [c.as_of(today) for c in self.cases[code]]
        return hit

    @cached_property
    def _as_of(self) -> dict[tuple[str, int], list[Case]]:
        return {}

    def case_by_id(self, code: str, case_id: int) -> Case | None:
        return self._by_case_id.get((code, case_id))

    def case_by_act(self, code: str, number: int) -> Case | None:
        return self._by_act.get((code, number))

    def round_date(self, r: int) -> date:
        return round_date(r)

    def check_round(self, r: int) -> None:
        if not 0 <= r < self.rounds:
            raise UserInputError(f"round must be between 0 and {self.rounds - 1}, got {r}")

    def page_variant(self, code: str) -> dict | None:
        """Which real VNKOD variant a court's pages follow (None for classic courts)."""
        if self.by_code[code].template is not Template.SUDRF_VNKOD:
            return None
        p = self.profiles[code]
        return {"card_layout": p.vnkod_layout, "listing_labels": p.vnkod_labelled}

    def press_releases(self, code: str, r: int) -> list[PressRelease]:
        today = round_date(r)
        out = [c.press for c in self.cases[code] if c.press and c.press.date <= today]
        return sorted(out, key=lambda p: (p.date, p.id), reverse=True)

    # --- ground truth ---------------------------------------------------------------------

    def truth(self, r: int) -> dict:
        """What every simulated site shows at round r (cases, removals, press releases)."""
        self.check_round(r)
        today = round_date(r)
        courts = []
        for court in self.courts:
            cases = self.cases[court.code]
            # Once published, now gone: what a crawler that saw it earlier must mark.
            removed = [
                c.number_at(c.removed_from)
                for c in cases
                if c.removed_from and c.received < c.removed_from <= today
            ]
            courts.append(
                {
                    "code": court.code,
                    "name": court.name,
                    "kind": court.kind,
                    "host": court.host,
                    "module_host": court.module_host,
                    "template": court.template,
                    "srv_nums": list(court.srv_nums),
                    "page_variant": self.page_variant(court.code),
                    "servers": [
                        {"srv_num": n, "name": server_name(court, n)} for n in court.srv_nums
                    ],
                    "cases": [c.view(today) for c in cases if c.visible(today)],
                    "removed": removed,
                    "press_releases": [
                        {
                            "id": p.id,
                            "date": p.date.isoformat(),
                            "title": p.title,
                            "case_number": p.case_number,
                            "text": "\n".join(p.paragraphs),
                        }
                        for p in self.press_releases(court.code, r)
                    ],
                }
            )
        return {"round": r, "date": today.isoformat(), "courts": courts}

    def truth_all(self) -> dict:
        """Ground truth for every round, as `refusenik simulate truth` writes it."""
        return {
            "seed": self.seed,
            "rounds": [self.truth(r) for r in range(self.rounds)],
        }


# --- generation -----------------------------------------------------------------------------


def _profile(seed: int, court: SimCourt) -> CourtProfile:
    rng = random.Random(f"{seed}:{court.code}:profile")
    size = min(3.0, max(0.25, rng.lognormvariate(0, 0.6)))
    n_judges = rng.randint(3, 7) if court.kind == "garrison_military" else rng.randint(4, 12)
    judges = tuple(person(rng) for _ in range(n_judges))
    return CourtProfile(
        size=size,
        judges=judges,
        publishes_acts=rng.random() < (0.5 if court.kind == "garrison_military" else 0.85),
        has_press=court.kind == "garrison_military" or rng.random() < 0.3,
        vnkod_page_size=rng.choice((20, 25, 30)),
        halls=rng.randint(1, 4),
        vnkod_layout=rng.choice(VNKOD_LAYOUTS),
        vnkod_labelled=rng.random() < 0.5,
    )


def _months(start: date, end: date):
    d = start.replace(day=1)
    while d <= end:
        yield d
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def _court_cases(seed: int, court: SimCourt, profile: CourtProfile, horizon: date) -> list[Case]:
    cases: list[Case] = []
    seq_year, seq = 0, 0
    for month in _months(WORLD_START, horizon):
        rng = random.Random(f"{seed}:{court.code}:{month:%Y-%m}")
        n_ref = _poisson(rng, monthly_refusal_rate(court.kind, month) * profile.size)
        n_noise = _poisson(rng, monthly_noise_rate(court.kind) * profile.size)
        days_in_month = ((month.replace(day=28) + timedelta(days=4)).replace(day=1) - month).days
        arrivals = sorted(
            [(rng.randrange(days_in_month), True) for _ in range(n_ref)]
            + [(rng.randrange(days_in_month), False) for _ in range(n_noise)]
        )
        if month.year != seq_year:
            seq_year, seq = month.year, 0
        for day, refusal in arrivals:
            seq += 1 + rng.randrange(0, 4 if court.kind == "garrison_military" else 12)
            received = _weekday(month + timedelta(days=day))
            if received.year != month.year or received > horizon:
                continue
            number = f"1-{seq}/{received.year}"
            cases.append(_case(seed, court, profile, number, seq, received, refusal))
    return cases


_POSTPONE = (
    ("Рассмотрение отложено", "неявка подсудимого"),
    ("Рассмотрение отложено", "по ходатайству стороны"),
    ("Рассмотрение отложено", "неявка свидетелей"),
    ("Объявлен перерыв", ""),
)


def _case(
    seed: int,
    court: SimCourt,
    profile: CourtProfile,
    number: str,
    seq: int,
    received: date,
    refusal: bool,
    sent_by: tuple[Defendant, ...] = (),
) -> Case:
    """One case; `sent_by` are the defendants of a case another court sent here (same people
    and charges, a new trial)."""
    rng = random.Random(f"{seed}:{court.code}:{number}")
    military = court.kind == "garrison_military"
    main = refusal_charges(court.kind, received, rng) if refusal else noise_charges(court.kind, rng)
    n_def = 2 if rng.random() < (0.04 if refusal else 0.08) else 1
    defendants = []
    for i in range(len(sent_by) or n_def):
        charges = sent_by[i].charges if sent_by else main if i == 0 else main[:1]
        outcome = pun.draw_outcome(court.kind, charges[0], rng)
        rank = rng.choice(RANKS) if military else None
        who = person(rng)
        if sent_by:
            who, rank = sent_by[i].person, sent_by[i].rank
        defendants.append(Defendant(who, rank, charges, outcome))
    judge = rng.choice(profile.judges)

    # Timeline: registration → to the judge → hearing set → hearings → decision → filed.
    events: list[Event] = []
    t = lambda: f"{rng.randint(9, 17):02d}:{rng.randrange(0, 60):02d}"  # noqa: E731
    reg_time = f"{rng.randint(9, 12):02d}:{rng.randrange(0, 60):02d}"
    events.append(Event("Регистрация поступившего в суд дела", received, reg_time, received))
    to_judge = _weekday(received + timedelta(days=rng.randint(0, 1)))
    judge_time = f"{rng.randint(13, 17):02d}:{rng.randrange(0, 60):02d}"
    events.append(Event("Передача материалов дела судье", to_judge, judge_time, to_judge))
    set_date = _weekday(to_judge + timedelta(days=rng.randint(3, 10)))
    set_posted = _weekday(set_date + timedelta(days=rng.randint(0, 4)))
    events.append(
        Event(
            "Решение в отношении поступившего уголовного дела",
            set_date,
            t(),
            set_posted,
            result="Назначено судебное заседание",
        )
    )
    hall = f"Зал №{rng.randint(1, profile.halls)}"
    hearing = _weekday(set_date + timedelta(days=rng.randint(10, 40)))
    posted = set_posted
    for _ in range(rng.choices((0, 1, 2, 3), weights=(50, 30, 15, 5))[0]):
        result, basis = rng.choice(_POSTPONE)
        events.append(
            Event(
                "Судебное заседание",
                hearing,
                f"{rng.choice((10, 11, 14, 15)):02d}:00",
                posted,
                hall,
                result,
                basis,
            )
        )
        posted = hearing
        hearing = _weekday(hearing + timedelta(days=rng.randint(7, 35)))
    decision = hearing
    outcome = defendants[0].outcome
    final_result, final_basis = {
        "conviction": ("Вынесен приговор", ""),
        "acquittal": ("Вынесен приговор", ""),
        "returned": ("Дело возвращено прокурору", "ст. 237 УПК РФ"),
        "transferred": ("Направлено по подсудности", ""),
    }.get(
        outcome.kind,
        ("Производство по делу прекращено", plain(pun.case_result(outcome)).split("\n")[-1]),
    )
    events.append(
        Event(
            "Судебное заседание",
            decision,
            f"{rng.choice((10, 11, 14, 15)):02d}:00",
            posted,
            hall,
            final_result,
            final_basis,
        )
    )
    filed = _weekday(decision + timedelta(days=rng.randint(5, 20)))
    events.append(Event("Дело сдано в отдел судебного делопроизводства", filed, t(), filed))
    validity = None
    appeal = None
    if outcome.kind in ("conviction", "acquittal", "dismissal"):
        validity = decision + timedelta(days=15 if rng.random() < 0.85 else rng.randint(60, 120))
        appeal = _appeal(seed, court, number, outcome.kind, decision)
        if appeal is not None:
            # In force from the appeal hearing, unless the verdict was quashed.
            validity = None if "ОТМЕНЕН" in appeal.result else appeal.decided
        if outcome.kind == "conviction":
            enf = _weekday(max(validity or filed, filed) + timedelta(days=rng.randint(3, 20)))
            enf_time = t()
            if validity is not None:
                events.append(Event("Обращено к исполнению", enf, enf_time, enf))

    act_number = act_published = None
    if outcome.kind not in ("transferred",) and profile.publishes_acts and rng.random() < 0.75:
        act_number = stable_int(seed, court.code, number, "act", bits=27)
        act_published = decision + timedelta(days=rng.randint(10, 60))

    hide_p, remove_p = (
        (0.07, 0.03) if refusal and military else (0.02, 0.01) if refusal else (0.01, 0.005)
    )
    hidden_from = received + timedelta(days=rng.randint(10, 400)) if rng.random() < hide_p else None
    removed_from = (
        received + timedelta(days=rng.randint(30, 500)) if rng.random() < remove_p else None
    )

    srv_num = court.srv_nums[0] if len(court.srv_nums) == 1 else rng.choice(court.srv_nums)
    region = court.code[:2]
    uid = (
        f"{court.code}-01-{received.year}-{seq:06d}-{rng.randint(10, 99)}"
        if len(court.code) == 8
        else f"{region}RS0000-01-{received.year}-{seq:06d}-{rng.randint(10, 99)}"
    )
    case = Case(
        court=court,
        number=number,
        uid=uid,
        case_id=stable_int(seed, court.code, number, "id", bits=28),
        case_uid=stable_guid(seed, court.code, number),
        srv_num=srv_num,
        received=received,
        judge=judge,
        decision_date=decision,
        validity_date=validity,
        defendants=tuple(defendants),
        events=tuple(events),
        act_number=act_number,
        act_published=act_published,
        hidden_from=hidden_from,
        removed_from=removed_from,
        refusal=refusal,
        seed=seed,
        appeal=appeal,
        changes=_changes(
            seed,
            court,
            number,
            received,
            decision,
            refusal,
            defendants[0].charges,
            alone=len(defendants) == 1,
        ),
    )
    if (
        refusal
        and military
        and profile.has_press
        and outcome.kind == "conviction"
        and rng.random() < 0.15
    ):
        # The release reports the verdict: the charges as they stood on that day.
        verdict = case.as_of(case.decision_date)
        case.press = press_release(replace(case, defendants=verdict.defendants), rng)
    return case


_APPEAL_RESULTS = ("ПРИГОВОР оставлен БЕЗ ИЗМЕНЕНИЯ", "ПРИГОВОР ИЗМЕНЕН", "ПРИГОВОР ОТМЕНЕН")


def _appeal(seed: int, court: SimCourt, number: str, kind: str, decision: date) -> Appeal | None:
    """An appeal against a verdict (convictions by the defence, acquittals by the prosecutor),
    drawn from its own generator so that the rest of the case does not depend on it."""
    rng = random.Random(f"{seed}:{court.code}:{number}:appeal")
    if rng.random() >= {"conviction": 0.3, "acquittal": 0.6}.get(kind, 0.0):
        return None
    if kind == "acquittal" or rng.random() < 0.2:
        applicant = "ПРОКУРОР"
        what = "Апелляционное представление (на не вступивший в силу судебный акт)"
    else:
        applicant = rng.choice(("ОСУЖДЕННЫЙ", "ЗАЩИТНИК"))
        what = "Апелляционная жалоба (на не вступивший в силу судебный акт)"
    filed = _weekday(decision + timedelta(days=rng.randint(3, 14)))
    sent = _weekday(filed + timedelta(days=rng.randint(15, 40)))
    heard = _weekday(sent + timedelta(days=rng.randint(20, 70)))
    back = _weekday(heard + timedelta(days=rng.randint(10, 30)))
    result = rng.choices(_APPEAL_RESULTS, weights=(70, 20, 10))[0]
    events = (
        Event("Регистрация жалобы (представления) в суде", filed, "", _weekday(filed)),
        Event("Направление дела в суд вышестоящей инстанции", sent, "", sent),
        Event("Рассмотрение жалобы (представления) вышестоящим судом", heard, "", sent, "", result),
        Event("Возвращение дела в суд первой инстанции", back, "", back),
    )
    return Appeal(what, applicant, filed, events, result, heard)


def _changes(
    seed: int,
    court: SimCourt,
    number: str,
    received: date,
    decision: date,
    refusal: bool,
    charges: tuple[Charge, ...],
    *,
    alone: bool = True,
) -> tuple[Change, ...]:
    """Renumbering and changed charges before the verdict, from their own generator."""
    rng = random.Random(f"{seed}:{court.code}:{number}:history")
    span = (decision - received).days
    out: list[Change] = []
    if rng.random() < 0.03 and span > 20:
        when = _weekday(received + timedelta(days=rng.randint(5, span - 10)))
        new = f"1-{rng.randint(2000, 2999)}/{when.year} ({number};)"
        out.append(Change("renumbered", when, number=new))
    if refusal and rng.random() < 0.05 and span > 10:
        when = _weekday(received + timedelta(days=rng.randint(3, span - 5)))
        new_charges = refusal_charges(court.kind, when, rng)
        if new_charges != charges:
            out.append(Change("recharged", when, charges=new_charges))
    requalified = _requalified(seed, court, number, received, decision, refusal, charges)
    if requalified is not None and alone and not any(c.kind == "recharged" for c in out):
        out.append(requalified)
    return tuple(sorted(out, key=lambda c: c.date))


# An investigator or court requalifies the charge of a lone defendant to a neighbouring
# article: the case leaves the listing of its old article while its card stays up (the trap of a crawl
# that watches a few articles and reads absence as removal).
_REQUALIFY = {"337": Charge("338", "3"), "338": Charge("337", "5"), "332": Charge("337", "5")}
REQUALIFY_RATE = 0.04


def _requalified(
    seed: int,
    court: SimCourt,
    number: str,
    received: date,
    decision: date,
    refusal: bool,
    charges: tuple[Charge, ...],
) -> Change | None:
    """The main charge moved to another article before the verdict (its own generator, so
    the rest of the world is unchanged)."""
    rng = random.Random(f"{seed}:{court.code}:{number}:requalified")
    span = (decision - received).days
    if not refusal or span <= 20 or rng.random() >= REQUALIFY_RATE:
        return None
    target = _REQUALIFY.get(charges[0].article)
    if target is None:
        return None
    when = _weekday(received + timedelta(days=rng.randint(10, span - 5)))
    return Change("recharged", when, charges=(target, *charges[1:]))


def _transfers(world: World) -> None:
    """A case sent to another court («Направлено по подсудности») arrives there a few days
    later under a new number with the same УИД; both ends record the move."""
    courts = world.courts
    for court in courts:
        for i, case in enumerate(list(world.cases[court.code])):
            if case.outcome.kind != "transferred" or any(
                ch.kind == "transferred_in" for ch in case.changes
            ):
                continue
            key = (world.seed, court.code, case.number, "transfer")
            # Jurisdiction follows the court kind: military charges stay with military courts.
            others = [c for c in courts if c.code != court.code and c.kind == court.kind]
            if not others:
                continue
            target = others[stable_int(*key) % len(others)]
            received = _weekday(case.decision_date + timedelta(days=3 + stable_int(*key, 1) % 15))
            seq = 5000 + stable_int(*key, 2) % 4000
            number = f"1-{seq}/{received.year}"
            if any(c.number == number for c in world.cases[target.code]):
                continue
            twin = _case(
                world.seed,
                target,
                world.profiles[target.code],
                number,
                seq,
                received,
                case.refusal,
                sent_by=case.defendants,
            )
            twin = replace(
                twin,
                uid=case.uid,
                changes=(Change("transferred_in", received, number=case.number, court=court.code),),
            )
            world.cases[court.code][i] = replace(
                case,
                changes=(
                    *case.changes,
                    Change("transferred_out", case.decision_date, number=number, court=target.code),
                ),
            )
            world.cases[target.code].append(twin)
    for code in world.cases:
        world.cases[code].sort(key=lambda c: c.received)
