"""Every saved page parses to its expected `.json` (juriscraper's example/compare pattern).

A page without an expected file fails: the expected output is written by reading the page.

`<page>.json` holds the expected `PageResult.to_dict()` of `<page>.html` (plus the `url`
and HTTP `status` to parse it with), with two markers that keep it readable:

* `{{Иванов И.И.}}` inside a string stands for `pseudonym("Иванов И.И.")`, and
  `{{ФИО1@<scope>}}` for `pseudonym("ФИО1", scope=<scope>)`: the key is made fresh
  for every test, so pseudonyms are computed at compare time.
* `{"$text": {"startswith": …, "endswith": …, "contains": [...]}}` matches a long
  act text by its first and last words and a few phrases from the middle.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from refusenik.privacy import pseudonym
from refusenik.sites import parse_page

_MARK = re.compile(r"\{\{(.+?)(?:@(.+?))?\}\}")


def expand(value: Any) -> Any:
    """Replace name markers by the pseudonyms of the current key."""
    if isinstance(value, str):
        return _MARK.sub(lambda m: pseudonym(m.group(1), scope=m.group(2)), value)
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        return {k: expand(v) for k, v in value.items()}
    return value


def compare(actual: Any, expected: Any, path: str = "$") -> list[str]:
    """Differences between a parse and its expected file, as readable paths."""
    if isinstance(expected, dict) and set(expected) == {"$text"}:
        spec = expected["$text"]
        if not isinstance(actual, str):
            return [f"{path}: expected a text, got {actual!r}"]
        errs = []
        if not actual.startswith(spec.get("startswith", "")):
            errs.append(f"{path}: text starts {actual[:80]!r}")
        if not actual.endswith(spec.get("endswith", "")):
            errs.append(f"{path}: text ends {actual[-80:]!r}")
        errs += [f"{path}: text lacks {c!r}" for c in spec.get("contains", []) if c not in actual]
        return errs
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        errs = []
        for k in sorted(set(expected) | set(actual)):
            if k not in actual:
                errs.append(f"{path}.{k}: missing")
            elif k not in expected:
                errs.append(f"{path}.{k}: unexpected {actual[k]!r}")
            else:
                errs += compare(actual[k], expected[k], f"{path}.{k}")
        return errs
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        errs = []
        if len(actual) != len(expected):
            errs.append(f"{path}: {len(actual)} items, expected {len(expected)}")
        for i, (a, e) in enumerate(zip(actual, expected, strict=False)):
            errs += compare(a, e, f"{path}[{i}]")
        return errs
    if isinstance(expected, str):
        expected = expand(expected)
    return [] if actual == expected else [f"{path}: {actual!r} != expected {expected!r}"]


PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
HTML = sorted(PAGES.glob("*.html"))


def test_every_page_has_an_expected_file() -> None:
    assert len(HTML) >= 35
    missing = [p.name for p in HTML if not p.with_suffix(".json").exists()]
    assert not missing, f"write the expected parse of: {missing}"


@pytest.mark.parametrize("page", HTML, ids=[p.stem for p in HTML])
def test_page_parses_as_expected(page: Path) -> None:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    result = parse_page(page.read_bytes(), expected["url"], status=expected.get("status"))
    actual = result.to_dict()
    actual["status"] = expected.get("status")
    diffs = compare(actual, expected)
    assert not diffs, "\n".join(diffs[:40])
