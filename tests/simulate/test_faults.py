"""Faults: named profiles, overrides, and draws that depend only on (seed, url, attempt)."""

from __future__ import annotations

import pytest

from refusenik.errors import UserInputError
from refusenik.simulate.faults import FAULT_KINDS, PROFILES, FaultPlan, plan_from

URLS = [f"/modules.php?name=sud_delo&name_op=r&page={i}" for i in range(3000)]


def test_profiles_name_only_known_kinds_and_none_is_clean():
    assert set(PROFILES) >= {"none", "mild", "hostile"}
    for rates in PROFILES.values():
        assert set(rates) <= set(FAULT_KINDS)
    plan = plan_from("none")
    assert not plan.active
    assert all(plan.decide(u, 0) is None for u in URLS[:100])


def test_same_seed_url_attempt_same_fault_and_seed_matters():
    a, b = plan_from("hostile", seed=3), plan_from("hostile", seed=3)
    c = plan_from("hostile", seed=4)
    draws_a = [a.decide(u, n) for u in URLS[:500] for n in range(3)]
    assert draws_a == [b.decide(u, n) for u in URLS[:500] for n in range(3)]
    assert draws_a != [c.decide(u, n) for u in URLS[:500] for n in range(3)]


def test_rates_are_honoured_roughly():
    plan = FaultPlan({"throttle": 0.2, "server_error": 0.1}, seed=1)
    got = [plan.decide(u, 0) for u in URLS]
    assert 0.15 < got.count("throttle") / len(URLS) < 0.25
    # server_error is drawn before throttle, at its own rate
    assert 0.07 < got.count("server_error") / len(URLS) < 0.13


def test_a_retry_can_succeed_and_always_does_after_clean_after():
    plan = FaultPlan({"reset": 0.9}, seed=1, clean_after=4)
    first = [u for u in URLS[:300] if plan.decide(u, 0)]
    assert any(plan.decide(u, 1) is None for u in first)  # the next attempt draws again
    assert all(plan.decide(u, 4) is None for u in URLS)


def test_captcha_only_hits_searches():
    plan = FaultPlan({"captcha": 1.0})
    assert plan.decide(URLS[0], 0, is_search=True) == "captcha"
    assert plan.decide(URLS[0], 0, is_search=False) is None


def test_overrides_on_top_of_a_profile():
    plan = plan_from("mild", ["throttle=0.5", "geo-block=0.1"])
    assert plan.rates["throttle"] == 0.5
    assert plan.rates["geo_block"] == 0.1
    assert plan.rates["server_error"] == PROFILES["mild"]["server_error"]


@pytest.mark.parametrize(
    ("profile", "overrides", "message"),
    [
        ("nasty", [], "unknown fault profile 'nasty'"),
        ("none", ["meteor=0.1"], "unknown fault kind 'meteor'"),
        ("none", ["throttle"], "KIND=RATE"),
        ("none", ["throttle=lots"], "must be a number"),
        ("none", ["throttle=1.5"], "between 0 and 1"),
    ],
)
def test_bad_fault_settings_are_user_errors(profile, overrides, message):
    with pytest.raises(UserInputError, match=message):
        plan_from(profile, overrides)
