"""The same person gets the same pseudonym on a card, in a listing, in an act and in a
press release, so the records of one case can be joined."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from refusenik.extract import extract
from refusenik.privacy import pseudonym, safe_name, safe_text
from refusenik.sites import parse_page
from refusenik.sites.common import defendant_from_line

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
CARD = "cassation__2kas__card__civil_cass__8G-15211-2026"
LISTING = "cassation__2kas__listing__civil_cass_by_publ_date_2026-06-01_07"


def _parties(name: str) -> dict[str, Any]:
    expected = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    result = parse_page((PAGES / f"{name}.html").read_bytes(), expected["url"])
    return {"records": [r.to_dict() for r in result.records]}


def _names(tree: Any) -> set[str]:
    if isinstance(tree, dict):
        found = {tree["name"]} if tree.get("record") == "party" and tree.get("name") else set()
        return found.union(*(_names(v) for v in tree.values()))
    if isinstance(tree, list):
        return set().union(*(_names(v) for v in tree))
    return set()


def test_real_card_in_full_and_listing_with_initials_agree() -> None:
    """The card prints the defendant in full, the listing with spaced initials."""
    on_card = _names(_parties(CARD))
    in_listing = _names(_parties(LISTING))
    shared = (on_card & in_listing) - {"ООО ПКО Шамиль и партнеры"}
    assert pseudonym("Симкин Г. А.") in shared
    assert all(n.startswith("P-") for n in shared)


ACT = (
    "ПРИГОВОРИЛ: признать Ковалёва Петра Сергеевича виновным в совершении преступления, "
    "предусмотренного ч. 5 ст. 337 УК РФ, и назначить ему наказание в виде лишения свободы "
    "сроком на 2 года с отбыванием в колонии-поселении."
)
ACT_WITH_INITIALS = (
    "ПРИГОВОРИЛ: признать Ковалева П.С. виновным в совершении преступления, "
    "предусмотренного ч. 5 ст. 337 УК РФ, и назначить ему наказание в виде лишения свободы "
    "сроком на 2 года."
)
PRESS_RELEASE = (
    "Военный суд признал рядового Ковалёва П.С. виновным по ч. 5 ст. 337 УК РФ и "
    "приговорил к 2 годам колонии-поселения. Суд назначил Ковалёву Петру Сергеевичу "
    "наказание в виде лишения свободы на 2 года."
)


def test_card_listing_act_and_press_release_of_one_defendant() -> None:
    card = safe_name("Ковалёв Пётр Сергеевич").name
    listing = defendant_from_line("КОВАЛЕВ П.С. - ст.337 ч.5 УК РФ", "case-1")
    assert listing is not None
    in_text = safe_text("дело в отношении Ковалёва Петра Сергеевича")
    act = extract(ACT).defendants
    act_initials = extract(ACT_WITH_INITIALS).defendants
    press = extract(PRESS_RELEASE).defendants
    assert len(act) == len(act_initials) == len(press) == 1
    assert card is not None and card.startswith("P-")
    assert card == listing.name == act[0].pseudonym == act_initials[0].pseudonym
    assert card == press[0].pseudonym
    assert in_text == f"дело в отношении {card}"
