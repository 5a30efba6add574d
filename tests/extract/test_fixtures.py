"""Every fixture act and press release against the expected JSON written by reading it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from refusenik.extract import extract
from refusenik.sites import act_plain_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "acts"
REQUIRED = ("outcome", "dismissal_ground", "articles", "punishment")
PUNISHMENT_KEYS = (
    "kind",
    "term_months",
    "term_days",
    "probation_months",
    "fine_rub",
    "hours",
    "regime",
    "art64",
    "art73",
    "additional",
)


def _source(expected: Path) -> Path:
    """The text beside the expected JSON, or the real court page it names (kept once, in pages/)."""
    page = json.loads(expected.read_text(encoding="utf-8")).get("page")
    return FIXTURES.parent / "pages" / page if page else expected.with_suffix(".txt")


def _text(expected: Path) -> str:
    """What the extractor is given: the text, or the act the sites package reads off the page."""
    source = _source(expected)
    if source.suffix != ".html":
        return source.read_text(encoding="utf-8")
    page = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
    return act_plain_text(source.read_bytes(), page.get("url"))


CASES = sorted(FIXTURES.glob("*.json"))


def test_there_are_enough_fixtures():
    acts = [p for p in CASES if not p.name.startswith("press_")]
    press = [p for p in CASES if p.name.startswith("press_")]
    assert len(acts) >= 60
    assert len(press) >= 30
    assert all(_source(p).exists() for p in CASES)


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: p.stem)
def test_fixture(expected_path: Path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    result = extract(_text(expected_path)).to_dict()
    assert result["document_type"] == expected["document_type"]
    assert len(result["defendants"]) == len(expected["defendants"])
    for got, want in zip(result["defendants"], expected["defendants"], strict=True):
        assert re.fullmatch(r"P-[0-9A-Z]{8}", got["pseudonym"])
        for key in REQUIRED:
            if key == "punishment" and want[key] is not None and got[key] is not None:
                for pkey in PUNISHMENT_KEYS:
                    assert got[key][pkey] == want[key][pkey], pkey
                assert got[key]["deduction_percent"] == want[key]["deduction_percent"]
                assert got[key]["combination"] == want[key]["combination"]
            else:
                assert got[key] == want[key], key
        assert got["judicial_fine_rub"] == want["judicial_fine_rub"]
    pseudonyms = [d["pseudonym"] for d in result["defendants"]]
    assert len(set(pseudonyms)) == len(pseudonyms)


def test_every_required_key_is_present():
    result = extract(
        (FIXTURES / "act_23_additional_fine.txt").read_text(encoding="utf-8")
    ).to_dict()
    d = result["defendants"][0]
    assert set(REQUIRED) | {"pseudonym"} <= set(d)
    assert set(PUNISHMENT_KEYS) <= set(d["punishment"])
    assert set(d["articles"][0]) == {"article", "part", "point"}
