"""Outcomes and punishments from court acts and court press releases.

``extract(text_or_html)`` reads a whole act (or only its operative part, or a press
release) and returns, per defendant, a pseudonym, the outcome, the articles and the final
main punishment, each with the span of normalised text it came from. It is deterministic
and uses no network and no model: rules over pymorphy3 lemmas.
"""

from __future__ import annotations

from refusenik.extract.model import ExtractionResult
from refusenik.extract.pipeline import extract, extract_text

__all__ = ["ExtractionResult", "extract", "extract_text"]
