"""Compare what a crawl saw with the simulator's ground truth, case by case.

The simulator knows what every site showed in every round; a crawl of it must have seen
exactly the cases in its scope (courts, articles, window), with the same numbers, dates and
judges. Courts the crawl did not cover (parked on a captcha, blocked) are named, not
compared: their cases are unknown, neither missing nor removed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refusenik.errors import UserInputError

COMPARED = ("uid", "received", "judge", "decision_date")


@dataclass(frozen=True)
class Difference:
    """One way the crawl and the truth disagree."""

    court: str
    number: str | None
    what: str  # missing | unexpected | field name
    expected: str | None = None
    found: str | None = None

    def line(self) -> str:
        if self.what == "missing":
            return f"{self.court} {self.number}: in the truth, not seen by the crawl"
        if self.what == "unexpected":
            return f"{self.court} {self.number}: seen by the crawl, not in the truth"
        return f"{self.court} {self.number}: {self.what} is {self.found!r}, truth says {self.expected!r}"


@dataclass(frozen=True)
class Scope:
    """What the crawl asked for: only these cases are compared."""

    courts: frozenset[str]
    articles: tuple[str, ...]
    since: dt.date
    until: dt.date


def truth_round(truth: Mapping[str, Any], round: int | None) -> Mapping[str, Any]:
    """One round of a truth file (`simulate truth` writes every round; `/_sim/truth` one)."""
    if "rounds" not in truth:
        return truth
    rounds: Sequence[Mapping[str, Any]] = truth["rounds"]
    if round is None:
        raise UserInputError("the truth file holds several rounds: say which with --round")
    for r in rounds:
        if r.get("round") == round:
            return r
    raise UserInputError(
        f"--round {round} is not in the truth file (it holds {', '.join(str(r.get('round')) for r in rounds)})"
    )


def _charged(case: Mapping[str, Any], articles: Iterable[str]) -> bool:
    wanted = set(articles)
    return any(
        str(ch.get("article")) in wanted
        for d in case.get("defendants", [])
        for ch in d.get("charges", [])
    )


def expected_cases(round_truth: Mapping[str, Any], scope: Scope) -> dict[str, dict[str, Any]]:
    """The truth's cases within the crawl's scope, keyed `court:number`."""
    out: dict[str, dict[str, Any]] = {}
    for court in round_truth.get("courts", []):
        if court["code"] not in scope.courts:
            continue
        for case in court.get("cases", []):
            received = dt.date.fromisoformat(case["received"])
            if not scope.since <= received <= scope.until or not _charged(case, scope.articles):
                continue
            out[f"{court['code']}:{case['number']}"] = case
    return out


def compare(
    observed: Mapping[str, Mapping[str, Any]],
    round_truth: Mapping[str, Any],
    scope: Scope,
    not_covered: Iterable[str] = (),
) -> list[Difference]:
    """Every difference between the cases a crawl saw (`court:number` → fields) and the
    truth, skipping courts the crawl reported as not covered."""
    skip = set(not_covered)
    expected = expected_cases(round_truth, scope)
    diffs: list[Difference] = []
    for key, case in sorted(expected.items()):
        court = case["court"]
        if court in skip:
            continue
        seen = observed.get(key)
        if seen is None:
            diffs.append(Difference(court, case["number"], "missing"))
            continue
        for name in COMPARED:
            want, got = case.get(name), seen.get(name)
            if (want or None) != (got or None):
                diffs.append(Difference(court, case["number"], name, want, got))
    for key, seen in sorted(observed.items()):
        court = str(seen.get("court") or key.split(":", 1)[0])
        if key not in expected and court not in skip:
            diffs.append(Difference(court, seen.get("number"), "unexpected"))
    return diffs


def load_crawl_file(path: Path) -> dict[str, Any]:
    """A crawl's `--out` file, or a clear error (read here and by `crawl --previous`)."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError(f"{path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise UserInputError(f"{path}: not a crawl file ({exc})") from None
    if not isinstance(data, dict) or "cases" not in data or "courts" not in data:
        raise UserInputError(f"{path}: not a crawl file (no cases and courts)")
    return data
