"""Shared simulated worlds for the simulator tests (module-wide: generating one takes ~0.1 s)."""

from __future__ import annotations

import pytest

from refusenik.simulate import SimCourt, World

COURTS = [
    SimCourt(
        "63GV0006", "Пермский гарнизонный военный суд", "garrison_military", "voen.perm.sudrf.ru"
    ),
    SimCourt(
        "63GV0005",
        "Самарский гарнизонный военный суд",
        "garrison_military",
        "gvs.sam.sudrf.ru",
        "vnkod",
    ),
    SimCourt(
        "59RS0001",
        "Дзержинский районный суд г. Перми",
        "district",
        "dzerjin.perm.sudrf.ru",
        "classic",
        (1, 2),
    ),
]
SEED = 7


@pytest.fixture(scope="session")
def world() -> World:
    return World.generate(SEED, COURTS, rounds=4)
