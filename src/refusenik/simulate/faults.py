"""Faults the simulated courts inflict, each with a rate, decided deterministically.

Whether a request meets a fault depends only on (seed, URL, attempt number), so a test that
replays the same requests meets the same faults, and a retry (the next attempt) draws again
and can succeed. After `clean_after` faulty attempts on one URL the next attempt is always
clean, so a patient client always gets through.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from refusenik.errors import UserInputError

# Order matters: it is the order faults are tried in for one request.
FAULT_KINDS = (
    "reset",  # the connection is closed without an answer
    "server_error",  # HTTP 500/502/503 from the front server
    "geo_block",  # HTTP 403 «Этот запрос заблокирован по соображениям безопасности (G)»
    "throttle",  # HTTP 200 «Информация временно недоступна…»
    "captcha",  # HTTP 200 «Неверно указан проверочный код с картинки.» (searches only)
    "truncated",  # the page is cut off mid-HTML (Content-Length matches the cut body)
    "wrong_encoding",  # the charset in Content-Type does not match the body's bytes
    "slow",  # the right page, after a delay
)

FAULT_DESCRIPTIONS = {
    "reset": "connection closed without a response",
    "server_error": "HTTP 500/502/503 error page",
    "geo_block": "HTTP 403 geo-block page «заблокирован по соображениям безопасности (G)»",
    "throttle": "HTTP 200 page «Информация временно недоступна»",
    "captcha": "HTTP 200 captcha error «Неверно указан проверочный код» (searches only)",
    "truncated": "HTML cut off part-way",
    "wrong_encoding": "Content-Type charset that does not match the body",
    "slow": "correct page after a delay",
}

PROFILES: dict[str, dict[str, float]] = {
    "none": {},
    "mild": {
        "reset": 0.005,
        "server_error": 0.02,
        "throttle": 0.02,
        "captcha": 0.01,
        "truncated": 0.01,
        "wrong_encoding": 0.02,
        "slow": 0.01,
    },
    "hostile": {
        "reset": 0.04,
        "server_error": 0.08,
        "geo_block": 0.03,
        "throttle": 0.10,
        "captcha": 0.08,
        "truncated": 0.05,
        "wrong_encoding": 0.10,
        "slow": 0.04,
    },
}


@dataclass(frozen=True)
class FaultPlan:
    """Fault rates (kind → probability per request) and how they are drawn."""

    rates: Mapping[str, float] = field(default_factory=dict)
    seed: int = 0
    slow_seconds: float = 1.5
    clean_after: int = 6

    def __post_init__(self) -> None:
        for kind, rate in self.rates.items():
            if kind not in FAULT_KINDS:
                raise UserInputError(
                    f"unknown fault kind {kind!r}; known kinds: {', '.join(FAULT_KINDS)}"
                )
            if not 0.0 <= rate <= 1.0:
                raise UserInputError(f"fault rate for {kind} must be between 0 and 1, got {rate}")
        if not 0 <= self.slow_seconds <= 60:  # also refuses nan and inf
            raise UserInputError(
                f"--slow-seconds must be between 0 and 60, got {self.slow_seconds}"
            )

    @property
    def active(self) -> bool:
        return any(r > 0 for r in self.rates.values())

    def decide(self, url: str, attempt: int, is_search: bool = True) -> str | None:
        """The fault for this attempt at this URL, or None for a clean answer."""
        if not self.active or attempt >= self.clean_after:
            return None
        for kind in FAULT_KINDS:
            rate = self.rates.get(kind, 0.0)
            if rate <= 0 or (kind == "captcha" and not is_search):
                continue
            if _uniform(self.seed, url, attempt, kind) < rate:
                return kind
        return None

    def variant(self, url: str, attempt: int, kind: str, n: int) -> int:
        """A deterministic choice among n variants of one fault (status code, cut point …)."""
        return int(_uniform(self.seed, url, attempt, kind + ":variant") * n)


def _uniform(seed: int, url: str, attempt: int, kind: str) -> float:
    h = hashlib.blake2b(f"{seed}|{url}|{attempt}|{kind}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2**64


def plan_from(
    profile: str = "none",
    overrides: Iterable[str] | Mapping[str, float] = (),
    seed: int = 0,
    slow_seconds: float = 1.5,
    clean_after: int = 6,
) -> FaultPlan:
    """A plan from a named profile plus `kind=rate` overrides (as the CLI takes them)."""
    if profile not in PROFILES:
        raise UserInputError(
            f"unknown fault profile {profile!r}; known profiles: {', '.join(PROFILES)}"
        )
    rates = dict(PROFILES[profile])
    items = overrides.items() if isinstance(overrides, Mapping) else map(_parse_override, overrides)
    for kind, rate in items:
        rates[kind] = rate
    return FaultPlan(rates=rates, seed=seed, slow_seconds=slow_seconds, clean_after=clean_after)


def _parse_override(text: str) -> tuple[str, float]:
    kind, sep, value = text.partition("=")
    kind = kind.strip().replace("-", "_")
    if not sep:
        raise UserInputError(f"--fault wants KIND=RATE, e.g. throttle=0.1; got {text!r}")
    try:
        rate = float(value)
    except ValueError:
        raise UserInputError(f"--fault {kind}: rate must be a number, got {value!r}") from None
    if kind not in FAULT_KINDS:
        raise UserInputError(f"unknown fault kind {kind!r}; known kinds: {', '.join(FAULT_KINDS)}")
    return kind, rate
