"""A tiny `{{name}}` template renderer for the HTML files in `templates/`.

The real pages are full of `{`, `}` and `$` (CSS, jQuery), so neither `str.format` nor
`string.Template` fits; templates are split once into literal and slot parts and rendered by
joining, which keeps page rendering cheap enough for thousands of pages per second.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_SLOT = re.compile(r"\{\{(\w+)\}\}")


class Template:
    """A compiled template: alternate literal strings and slot names."""

    def __init__(self, text: str, name: str = "<string>") -> None:
        self.name = name
        pieces = _SLOT.split(text)
        self._literals = pieces[0::2]
        self._slots = pieces[1::2]

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(self._slots)

    def render(self, **values: object) -> str:
        """Fill every slot; a missing value is a programming error, so it raises KeyError."""
        out = [self._literals[0]]
        for slot, lit in zip(self._slots, self._literals[1:], strict=True):
            v = values[slot]
            out.append(v if isinstance(v, str) else str(v))
            out.append(lit)
        return "".join(out)


@cache
def template(name: str) -> Template:
    """Load `templates/<name>.html` from the package (cached)."""
    text = (
        resources.files("refusenik.simulate")
        .joinpath("templates", f"{name}.html")
        .read_text("utf-8")
    )
    return Template(text, name)
