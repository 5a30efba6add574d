"""The generated world: deterministic, lawful in time, changing between rounds."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from refusenik.errors import UserInputError
from refusenik.simulate import World, round_date
from refusenik.simulate.charges import AMENDMENT_534, MOBILISATION_LAW, Charge
from refusenik.simulate.texts import act_paragraphs

from .conftest import COURTS, SEED


def dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def test_same_seed_same_world_byte_for_byte(world):
    again = World.generate(SEED, COURTS, rounds=4)
    assert dump(again.truth_all()) == dump(world.truth_all())


def test_other_seed_other_world(world):
    other = World.generate(SEED + 1, COURTS, rounds=4)
    assert dump(other.truth(0)) != dump(world.truth(0))


def test_more_rounds_do_not_change_earlier_rounds(world):
    shorter = World.generate(SEED, COURTS, rounds=2)
    assert dump(shorter.truth(1)) == dump(world.truth(1))


def test_bad_seed_and_rounds_are_user_errors():
    with pytest.raises(UserInputError, match="seed"):
        World.generate(-1, COURTS)
    with pytest.raises(UserInputError, match="rounds"):
        World.generate(1, COURTS, rounds=0)
    with pytest.raises(UserInputError, match="round must be"):
        World.generate(1, COURTS, rounds=2).truth(5)


def refusal(world, code):
    return [c for c in world.cases[code] if c.refusal]


def test_surge_after_mobilisation_and_few_cases_before_2022(world):
    cases = refusal(world, "63GV0006") + refusal(world, "63GV0005")
    per_year = Counter(c.received.year for c in cases)
    assert per_year[2020] + per_year[2021] < per_year[2024] / 5
    assert per_year[2023] > 3 * per_year[2021]


def test_new_parts_only_after_they_came_into_force(world):
    for code in ("63GV0006", "63GV0005"):
        for case in world.cases[code]:
            for d in case.defendants:
                for ch in d.charges:
                    if ch in (Charge("337", "5"), Charge("337", "3.1"), Charge("337", "2.1"),
                              Charge("332", "2.1"), Charge("338", "3"), Charge("352.1")):  # fmt: skip
                        assert case.received > MOBILISATION_LAW
                    if ch in (Charge("337", "6"), Charge("337", "3.2"), Charge("337", "2.2")):
                        assert case.received > AMENDMENT_534


def test_part_5_of_337_dominates_garrison_courts_from_2023(world):
    main = Counter(
        c.defendants[0].charges[0].query
        for code in ("63GV0006", "63GV0005")
        for c in refusal(world, code)
        if c.received >= date(2023, 1, 1)
    )
    top, n = main.most_common(1)[0]
    assert top == "337 ч.5"
    assert n > sum(main.values()) / 2


def test_328_goes_to_district_courts_only(world):
    district = {
        ch.article for c in refusal(world, "59RS0001") for d in c.defendants for ch in d.charges
    }
    assert district <= {"328"} and district
    garrison = {
        ch.article for c in refusal(world, "63GV0006") for d in c.defendants for ch in d.charges
    }
    assert "328" not in garrison and "337" in garrison


def test_dates_and_events_are_in_order(world):
    for cases in world.cases.values():
        for c in cases:
            assert c.received <= c.decision_date
            assert c.events[0].date == c.received
            # hearings are announced before they happen
            assert all(ev.posted <= ev.date for ev in c.events if ev.name == "Судебное заседание")
            dates = [ev.date for ev in c.events]
            assert dates == sorted(dates)
            assert c.received.weekday() < 5


def test_punishments_stay_within_the_sanction_or_say_art_64(world):
    for c in refusal(world, "63GV0006") + refusal(world, "63GV0005"):
        d = c.defendants[0]
        p = d.outcome.punishment
        if d.charges[0] == Charge("337", "5") and p and p.kind == "imprisonment":
            months = p.years * 12 + p.months
            assert 60 <= months <= 120 or p.below_minimum
        if p and p.suspended:
            assert (
                p.kind == "imprisonment"
                and p.regime is None
                and p.probation_years + p.probation_months
            )


def test_328_is_mostly_fined(world):
    kinds = Counter(
        c.outcome.punishment.kind for c in refusal(world, "59RS0001") if c.outcome.punishment
    )
    assert kinds.most_common(1)[0][0] == "fine"


def test_rounds_bring_new_cases_results_hidden_and_removed(world):
    first, last = world.truth(0), world.truth(3)
    n_first = sum(len(c["cases"]) for c in first["courts"])
    n_last = sum(len(c["cases"]) for c in last["courts"])
    assert n_last > n_first
    by_number = {(c["court"], c["number"]): c for ct in first["courts"] for c in ct["cases"]}
    later = {(c["court"], c["number"]): c for ct in last["courts"] for c in ct["cases"]}
    gained = [
        k
        for k, c in by_number.items()
        if k in later and not c["decision_date"] and later[k]["decision_date"]
    ]
    more_events = [
        k for k, c in by_number.items() if k in later and len(later[k]["events"]) > len(c["events"])
    ]
    newly_hidden = [
        k for k, c in by_number.items() if k in later and not c["hidden"] and later[k]["hidden"]
    ]
    gone = [k for k in by_number if k not in later]
    assert gained and more_events and newly_hidden and gone
    removed = {(ct["code"], n) for ct in last["courts"] for n in ct["removed"]}
    assert set(gone) <= removed


def test_hidden_cases_keep_articles_but_not_names(world):
    hidden = [c for ct in world.truth(3)["courts"] for c in ct["cases"] if c["hidden"]]
    assert hidden
    assert all(
        d["name"] is None and d["articles"].endswith("УК РФ")
        for c in hidden
        for d in c["defendants"]
    )


def test_act_texts_use_the_courts_wording(world):
    texts = []
    for c in refusal(world, "63GV0006"):
        if c.act_number and c.outcome.kind == "conviction":
            texts.append((c, "\n".join(act_paragraphs(c))))
    assert texts
    for case, text in texts:
        assert "признать виновным в совершении преступлени" in text
        assert case.defendants[0].charges[0].act.removesuffix(" УК РФ") in text
        assert case.defendants[0].person.full not in text  # acts are anonymised
        assert case.defendants[0].person.initials in text
        p = case.outcome.punishment
        if p.kind == "imprisonment" and p.suspended:
            assert "считать условным с испытательным сроком" in text
        if p.kind == "imprisonment" and not p.suspended:
            assert "с отбыванием наказания в" in text
        if p.kind == "fine":
            assert "штрафа в размере" in text and "рублей" in text
    assert any("лишения свободы на срок" in t for _, t in texts)


def test_press_releases_report_decided_cases_in_news_wording(world):
    releases = [c.press for code in ("63GV0006", "63GV0005") for c in world.cases[code] if c.press]
    assert releases
    for pr in releases:
        text = " ".join(pr.paragraphs)
        assert "Суд приговорил его к " in text
        assert "УК РФ" in pr.title


def test_round_dates_are_two_weeks_apart():
    assert (round_date(1) - round_date(0)).days == 14
