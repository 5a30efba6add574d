"""The site templates (engines) court websites run on: one vocabulary for the whole package.

The court registry says which template a court's site uses, `sites/` has one parser
module per template, and the simulator renders pages in them; all three name a template
by this enum, so a court maps to its parser with no translation table. Older data names
the two sudrf variants `classic` and `vnkod`: `Template("classic")` still reads them.
"""

from __future__ import annotations

from enum import StrEnum


class Template(StrEnum):
    """A site engine; each has one parser module in `refusenik.sites`."""

    SUDRF_CLASSIC = "sudrf_classic"  # modules.php?name=sud_delo, delo_id/new/delo_table
    SUDRF_VNKOD = "sudrf_vnkod"  # _deloId/_new/case__vnkod
    MOSGORSUD = "mosgorsud"  # mos-gorsud.ru
    MSUDRF = "msudrf"  # magistrates, *.msudrf.ru
    VSRF = "vsrf"  # Supreme Court, vsrf.ru
    UNKNOWN = "unknown"

    @classmethod
    def _missing_(cls, value: object) -> Template | None:
        """Read the older short names (`classic`, `vnkod`) and any letter case."""
        if isinstance(value, str):
            key = value.strip().lower()
            key = _SHORT_NAMES.get(key, key)
            for member in cls:
                if member.value == key:
                    return member
        return None


_SHORT_NAMES = {"classic": "sudrf_classic", "vnkod": "sudrf_vnkod"}

# The templates of court sites the registry can name (not UNKNOWN).
SITE_TEMPLATES: tuple[Template, ...] = tuple(t for t in Template if t is not Template.UNKNOWN)
