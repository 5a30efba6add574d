"""The one place that recognises people's names, masks texts and derives pseudonyms.

    >>> from refusenik.privacy import Pseudonymiser
    >>> p = Pseudonymiser(key=bytes(32))
    >>> p("Иванов Иван Иванович") == p("ИВАНОВ И.И.") == p("Ивановым И.И.")
    True

* `Pseudonymiser` — keyed pseudonyms under one key with its own cache (one per process
  or crawl); `pseudonym` is the same through a shared default instance.
* `person_key` — the normalised person a pseudonym is derived from.
* `safe_name`, `safe_text` — names and lines from court pages with people replaced by
  pseudonyms and organisations kept.
* `mask_name_words` (gentle, whole texts) and `masked_text` / `mask_names` (aggressive,
  evidence spans) — what is shown of a text, names masked as «‹ФИО›».
"""

from __future__ import annotations

from refusenik.privacy.keys import KEY_FILE, PseudonymKeyError, key_path, load_or_create_key
from refusenik.privacy.masking import (
    MASK,
    NAME_MASK,
    NOT_NAMES,
    could_be_name,
    mask_name_words,
    mask_names,
    masked_text,
    name_spans,
    name_tags,
)
from refusenik.privacy.people import HIDDEN, SafeName, safe_name, safe_text
from refusenik.privacy.persons import fold, is_redacted, nominative_surname, person_key
from refusenik.privacy.pseudonyms import (
    PREFIX,
    Pseudonymiser,
    default_pseudonymiser,
    one_page,
    pinned,
    pseudonym,
    pseudonymiser,
    reset_key_cache,
)

normalise_name = person_key  # the name earlier callers knew it by

__all__ = [
    "HIDDEN",
    "KEY_FILE",
    "MASK",
    "NAME_MASK",
    "NOT_NAMES",
    "PREFIX",
    "PseudonymKeyError",
    "Pseudonymiser",
    "SafeName",
    "could_be_name",
    "default_pseudonymiser",
    "fold",
    "is_redacted",
    "key_path",
    "load_or_create_key",
    "mask_name_words",
    "mask_names",
    "masked_text",
    "name_spans",
    "name_tags",
    "nominative_surname",
    "normalise_name",
    "one_page",
    "person_key",
    "pinned",
    "pseudonym",
    "pseudonymiser",
    "reset_key_cache",
    "safe_name",
    "safe_text",
]
