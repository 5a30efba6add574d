"""Per-court request-rate limits, as court front servers apply them to each client.

A token bucket per (client, court): `burst` requests may come at once, then one more per
1/rate seconds. A polite crawler that keeps under the rate is never refused, however many
pages it asks for; a fast one is refused only for its excess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Token buckets keyed by (client, court); `admit` says how long the client must wait."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[tuple[str, str], _Bucket] = {}

    @property
    def active(self) -> bool:
        return self.rate > 0

    def admit(self, client: str, court: str, now: float) -> float:
        """0.0 when the request is within the rate; else the seconds until it would be."""
        if not self.active:
            return 0.0
        key = (client, court)
        b = self._buckets.get(key)
        if b is None:
            b = self._buckets[key] = _Bucket(float(self.burst), now)
        b.tokens = min(float(self.burst), b.tokens + max(0.0, now - b.at) * self.rate)
        b.at = now
        if b.tokens >= 1.0:
            b.tokens -= 1.0
            return 0.0
        return (1.0 - b.tokens) / self.rate

    @staticmethod
    def retry_after(wait: float) -> int:
        """The Retry-After header value: whole seconds, at least 1."""
        return max(1, math.ceil(wait))

    def reset(self) -> None:
        self._buckets.clear()
