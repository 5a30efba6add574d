"""Rewrite the expected `.json` of every page in tests/fixtures/pages from the parser's
current output, printing each change for review; nothing is written without `--write`.

The expected files keep their readable markers: a value that still matches its old
`{{name}}` pseudonym marker or `$text` matcher is left as written; a pseudonym the old
file did not name is reported (a person must write its marker by hand), and an act text
that no longer matches gets a new `$text` matcher from its first and last words.

    python scripts/regen_page_snapshots.py [--write] [STEM ...]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
_MARK = re.compile(r"\{\{(.+?)(?:@(.+?))?\}\}")
_PSEUDONYM = re.compile(r"P-[0-9A-Z]{8}")


def _markers(value: Any, out: dict[str, str]) -> None:
    """Every `{{…}}` marker in the old file, by the pseudonym it stands for now."""
    from refusenik.privacy import pseudonym

    if isinstance(value, str):
        for m in _MARK.finditer(value):
            out[pseudonym(m.group(1), scope=m.group(2))] = m.group(0)
    elif isinstance(value, list):
        for v in value:
            _markers(v, out)
    elif isinstance(value, dict):
        for v in value.values():
            _markers(v, out)


def _text_spec(text: str) -> dict[str, Any]:
    return {"$text": {"startswith": text[:60], "endswith": text[-60:], "contains": []}}


def merge(old: Any, new: Any, names: dict[str, str], unknown: set[str]) -> Any:
    """The new value written with the old file's markers where they still hold."""
    sys.path.insert(0, str(ROOT / "tests" / "sites"))
    from test_pages import compare, expand  # type: ignore[import-not-found]

    if isinstance(old, dict) and set(old) == {"$text"} and isinstance(new, str):
        return old if not compare(new, old) else _text_spec(new)
    if isinstance(new, dict):
        olds = old if isinstance(old, dict) else {}
        return {k: merge(olds.get(k), v, names, unknown) for k, v in new.items()}
    if isinstance(new, list):
        items = old if isinstance(old, list) else []
        return [
            merge(items[i] if i < len(items) else None, v, names, unknown)
            for i, v in enumerate(new)
        ]
    if isinstance(new, str):
        if isinstance(old, str) and expand(old) == new:
            return old
        for p in _PSEUDONYM.findall(new):
            if p in names:
                new = new.replace(p, names[p])
            else:
                unknown.add(p)
        return new
    return new


def regenerate(html: Path) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    from refusenik.sites import parse_page

    path = html.with_suffix(".json")
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    result = parse_page(html.read_bytes(), old.get("url"), status=old.get("status"))
    actual = result.to_dict()
    actual["status"] = old.get("status")
    names: dict[str, str] = {}
    _markers(old, names)
    unknown: set[str] = set()
    return old, merge(old, actual, names, unknown), unknown


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="write the new files (else only diff)")
    ap.add_argument("stems", nargs="*", help="only these pages (file names without .html)")
    args = ap.parse_args(argv)
    # The test key: pseudonyms computed here are the ones the markers stand for.
    os.environ["REFUSENIK_HOME"] = tempfile.mkdtemp(prefix="refusenik-regen-")
    pages = sorted(PAGES.glob("*.html"))
    if args.stems:
        pages = [p for p in pages if p.stem in set(args.stems)]
    changed = 0
    for html in pages:
        old, new, unknown = regenerate(html)
        a = json.dumps(old, ensure_ascii=False, indent=1).splitlines()
        b = json.dumps(new, ensure_ascii=False, indent=1).splitlines()
        if a == b:
            continue
        changed += 1
        print(
            "".join(
                f"{ln}\n"
                for ln in difflib.unified_diff(a, b, html.stem, html.stem, n=1, lineterm="")
            )
        )
        if unknown:
            print(f"!! {html.stem}: pseudonyms with no marker in the old file: {sorted(unknown)}")
        if args.write:
            text = json.dumps(new, ensure_ascii=False, indent=1) + "\n"
            html.with_suffix(".json").write_text(text, encoding="utf-8")
    print(f"{changed} of {len(pages)} expected files {'rewritten' if args.write else 'differ'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
