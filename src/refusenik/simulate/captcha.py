"""Captcha sessions: each search form hands out a fresh `captchaid`; its answer is valid for
a limited time, after which searches get «Время жизни сессии закончилось».

The answer is a keyed function of the world seed and the id, so the simulator never has to
draw digits into the image; tests (and only tests) learn it from `captcha_answer`, from the
`X-Sim-Captcha-Answer` header on the form, or from `GET /_sim/captcha?id=…`. A crawler that
cannot solve captchas must park the court.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

ANSWER_HEADER = "X-Sim-Captcha-Answer"


def captcha_answer(seed: int, captchaid: str) -> str:
    """The five digits the image of `captchaid` shows."""
    h = hashlib.blake2b(f"{seed}|captcha|{captchaid}".encode(), digest_size=8).digest()
    return f"{int.from_bytes(h, 'big') % 100000:05d}"


@dataclass
class CaptchaSessions:
    """Issued ids with their court and time; `check` says ok, wrong or expired."""

    seed: int
    lifetime: float
    _issued: dict[str, tuple[str, float]] = field(default_factory=dict)
    _count: int = 0

    def issue(self, court: str, now: float) -> str:
        self._count += 1
        cid = hashlib.blake2b(
            f"{self.seed}|{court}|{self._count}".encode(), digest_size=6
        ).hexdigest()
        self._issued[cid] = (court, now)
        return cid

    def check(self, court: str, captchaid: str, answer: str, now: float) -> str:
        """ "ok", "wrong" (unknown id, other court or wrong digits) or "expired"."""
        issued = self._issued.get(captchaid)
        if issued is None or issued[0] != court or answer != captcha_answer(self.seed, captchaid):
            return "wrong"
        if now - issued[1] > self.lifetime:
            return "expired"
        return "ok"
