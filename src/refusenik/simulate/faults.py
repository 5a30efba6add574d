"""Faults the simulated courts inflict, each with a rate, decided deterministically.

Two families. Per-request faults: whether a request meets one depends only on (seed, URL,
attempt number), so a test that replays the same requests meets the same faults, and a retry
(the next attempt) draws again and can succeed; after `clean_after` faulty attempts on one URL
the next attempt is always clean, so a patient client always gets through. Behaviour faults,
as real courts apply them: a per-court request rate (`rate_limit`, `burst`) whose excess is
answered with the throttle page or HTTP 429 + Retry-After; a 403 for a bare or tool-like
User-Agent (`check_agent`); maintenance windows during which a whole court answers with the
«информационное наполнение» page (`maintenance`, drawn per court and time window).
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
    "db_warning",  # HTTP 200 with a PHP «Warning: pg_connect()» and no module content
    "maintenance",  # the whole court answers «производится информационное наполнение сайта»
)

# Kinds drawn per court and time window instead of per request.
WINDOW_KINDS = frozenset({"maintenance"})

FAULT_DESCRIPTIONS = {
    "reset": "connection closed without a response",
    "server_error": "HTTP 500/502/503 error page",
    "geo_block": "HTTP 403 geo-block page «заблокирован по соображениям безопасности (G)»",
    "throttle": "HTTP 200 page «Информация временно недоступна»",
    "captcha": "HTTP 200 captcha error «Неверно указан проверочный код» (searches only)",
    "truncated": "HTML cut off part-way",
    "wrong_encoding": "Content-Type charset that does not match the body",
    "slow": "correct page after a delay",
    "db_warning": "HTTP 200 page with a PHP database-connection warning instead of the module",
    "maintenance": "whole court in maintenance for a time window (rate = share of windows)",
}

# Per-court request rate (requests per second, 0 = unlimited), burst, agent check, captcha
# session lifetime: what each profile adds to its rates.
PROFILE_LIMITS: dict[str, dict[str, float]] = {
    "none": {},
    "mild": {"rate_limit": 5.0, "burst": 20, "check_agent": 1, "captcha_seconds": 1800},
    "hostile": {"rate_limit": 1.0, "burst": 5, "check_agent": 1, "captcha_seconds": 300},
}

PROFILES: dict[str, dict[str, float]] = {
    "none": {},
    "mild": {
        "reset": 0.005,
        "server_error": 0.02,
        "captcha": 0.01,
        "truncated": 0.01,
        "wrong_encoding": 0.02,
        "slow": 0.01,
        "db_warning": 0.005,
        "maintenance": 0.01,
    },
    "hostile": {
        "reset": 0.04,
        "server_error": 0.08,
        "geo_block": 0.03,
        "captcha": 0.08,
        "truncated": 0.05,
        "wrong_encoding": 0.10,
        "slow": 0.04,
        "db_warning": 0.03,
        "maintenance": 0.05,
    },
}


@dataclass(frozen=True)
class FaultPlan:
    """Fault rates (kind → probability per request) and how they are drawn."""

    rates: Mapping[str, float] = field(default_factory=dict)
    seed: int = 0
    slow_seconds: float = 1.5
    clean_after: int = 6
    rate_limit: float = 0.0  # requests per second per court and client; 0 = no limit
    burst: int = 10  # requests a client may send at once before the rate applies
    check_agent: bool = False  # 403 «Данный запрос некорректен» for tool-like User-Agents
    maintenance_seconds: float = 120.0  # length of one maintenance window

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
        if not 0 <= self.rate_limit <= 10_000:
            raise UserInputError(
                f"--rate-limit must be between 0 and 10000 requests/s, got {self.rate_limit}"
            )
        if not 1 <= self.burst <= 10_000:
            raise UserInputError(f"--burst must be between 1 and 10000, got {self.burst}")
        if not 1 <= self.maintenance_seconds <= 86_400:
            raise UserInputError(
                f"maintenance window must be 1–86400 s, got {self.maintenance_seconds}"
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
            if rate <= 0 or kind in WINDOW_KINDS or (kind == "captcha" and not is_search):
                continue
            if _uniform(self.seed, url, attempt, kind) < rate:
                return kind
        return None

    def in_maintenance(self, court: str, now: float) -> bool:
        """Whether `court` is in a maintenance window at `now` (seconds on the site's clock)."""
        rate = self.rates.get("maintenance", 0.0)
        if rate <= 0:
            return False
        window = int(now // self.maintenance_seconds)
        return _uniform(self.seed, court, window, "maintenance") < rate

    def variant(self, url: str, attempt: int, kind: str, n: int) -> int:
        """A deterministic choice among n variants of one fault (status code, cut point …)."""
        return int(_uniform(self.seed, url, attempt, kind + ":variant") * n)


_TOOL_AGENTS = (
    "curl/",
    "wget/",
    "python-requests",
    "python-httpx",
    "python-urllib",
    "aiohttp",
    "go-http-client",
    "java/",
    "libwww-perl",
    "scrapy/",
    "httpie/",
    "okhttp",
    "node-fetch",
    "axios/",
)


def tool_like_agent(agent: str) -> bool:
    """A User-Agent the court front servers refuse: none at all, or an HTTP library's default.

    A crawler that names itself and its contact (e.g. "refusenik/1.0 (+https://…)") passes.
    """
    low = agent.strip().lower()
    return not low or low.startswith(_TOOL_AGENTS)


def _uniform(seed: int, url: str, attempt: int, kind: str) -> float:
    h = hashlib.blake2b(f"{seed}|{url}|{attempt}|{kind}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2**64


def plan_from(
    profile: str = "none",
    overrides: Iterable[str] | Mapping[str, float] = (),
    seed: int = 0,
    slow_seconds: float = 1.5,
    clean_after: int = 6,
    rate_limit: float | None = None,
    burst: int | None = None,
) -> FaultPlan:
    """A plan from a named profile plus `kind=rate` overrides (as the CLI takes them);
    `rate_limit` and `burst` replace the profile's when given."""
    if profile not in PROFILES:
        raise UserInputError(
            f"unknown fault profile {profile!r}; known profiles: {', '.join(PROFILES)}"
        )
    rates = dict(PROFILES[profile])
    items = overrides.items() if isinstance(overrides, Mapping) else map(_parse_override, overrides)
    for kind, rate in items:
        rates[kind] = rate
    limits = PROFILE_LIMITS.get(profile, {})
    return FaultPlan(
        rates=rates,
        seed=seed,
        slow_seconds=slow_seconds,
        clean_after=clean_after,
        rate_limit=limits.get("rate_limit", 0.0) if rate_limit is None else rate_limit,
        burst=int(limits.get("burst", 10) if burst is None else burst),
        check_agent=bool(limits.get("check_agent", 0)),
    )


def captcha_seconds(profile: str) -> float:
    """How long a solved captcha stays valid under a profile (30 min when it sets none)."""
    return PROFILE_LIMITS.get(profile, {}).get("captcha_seconds", 1800.0)


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
