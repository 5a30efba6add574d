"""Evidence shown beside each field and the pseudonyms: nothing here may carry a name."""

from __future__ import annotations

from refusenik.extract.defendants import Person
from refusenik.extract.model import Span
from refusenik.extract.names import masked_text
from refusenik.privacy import pseudonym


def masked_span(text: str, start: int, end: int, names: list[tuple[int, int]]) -> Span:
    """Evidence text with every name replaced, so it cannot leak one.

    The names the defendant finder recognised go first; then every remaining word that
    could be a name by its morphology, for the people the finder did not see.
    """
    return Span(start, end, masked_text(text, start, end, names))


def pseudonym_for(person: Person | None, scope: str, index: int) -> str:
    if person is None:
        return pseudonym(f"подсудимый {index}", scope=scope)
    if person.placeholder:
        return pseudonym(person.name_for_pseudonym, scope=scope)
    return pseudonym(person.name_for_pseudonym)
