"""Evidence packs: the archived pages behind the cases of a scope, with their figures, in
one signed WACZ file a court, tribunal or editor can check.

    scope (case / court / article, dates) → cases from the store → the archive records
    they were read from → masked copies (names → «‹ФИО›») → figures → summary (HTML, PDF)
    → a signed, byte-stable WACZ (`refusenik.archive.wacz`).

`build_pack` builds one; `refusenik.archive.wacz.verify_wacz` checks one.
"""

from __future__ import annotations

from refusenik.evidence.pack import PackResult, build_pack
from refusenik.evidence.scope import EvidenceScope

__all__ = ["EvidenceScope", "PackResult", "build_pack"]
