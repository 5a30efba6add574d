"""How many requests each simulated court is answering at once, and the most it ever did:
the evidence that crawl workers sharing a frontier never ask one court twice at a time."""

from __future__ import annotations

import re
from collections import Counter

_PREFIX = re.compile(r"^/c/([^/?]+)")


def court_of(target: str, host: str) -> str | None:
    """The court a request is for (its `/c/<code>` prefix, else its Host), None for the
    simulator's own `/_sim/` paths and the index."""
    if target.startswith("/_sim"):
        return None
    m = _PREFIX.match(target)
    if m:
        return m.group(1).upper()
    name = host.rsplit(":", 1)[0].strip().lower()
    return name if name and target not in ("/", "") else None


class HostLoad:
    """Requests in flight per court (from the request read to the answer sent). The server
    runs on one event loop, so no lock is needed."""

    def __init__(self) -> None:
        self.now: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.asked: Counter[tuple[str, str]] = Counter()

    def begin(self, court: str, target: str) -> None:
        self.now[court] += 1
        self.peak[court] = max(self.peak[court], self.now[court])
        self.asked[court, target] += 1

    def end(self, court: str) -> None:
        self.now[court] -= 1

    def snapshot(self) -> dict[str, object]:
        return {
            "max_in_flight_per_host": max(self.peak.values(), default=0),
            "in_flight_peak": dict(sorted(self.peak.items())),
            "court_requests": sum(self.asked.values()),
            "urls_asked": len(self.asked),
            "urls_asked_more_than_once": sum(1 for n in self.asked.values() if n > 1),
            "urls_asked_again_per_host": dict(
                sorted(Counter(c for (c, _), n in self.asked.items() if n > 1).items())
            ),
        }
