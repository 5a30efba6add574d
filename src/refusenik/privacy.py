"""Keyed pseudonyms for people named in court pages.

Names never leave the parsing stage: every stage after `sites/` and `extract/` sees only
`pseudonym(name)`. The pseudonym is an HMAC of a normalised form of the name under a
secret key kept in the user's data directory, so it is stable across pages and runs on
one installation but cannot be reversed by hashing a list of candidate names without
the key. Redaction placeholders (ФИО1, <данные изъяты>) name different people in
different documents, so they are pseudonymised within a `scope` (e.g. the case).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path

from refusenik.paths import data_dir

KEY_FILE = "pseudonym.key"
PREFIX = "P-"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U

_REDACTED = re.compile(
    r"^(?:фио\d*|[<‹«(\[]?\s*(?:данные|информация)\s+(?:изъяты|скрыта)\s*[>›»)\]]?|информация скрыта)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)?")


def key_path() -> Path:
    """Where the key lives; the folder is created only when the key is first written."""
    return data_dir(create=False) / KEY_FILE


@lru_cache(maxsize=4)
def _load_key(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return bytes.fromhex(p.read_text().strip())


def is_redacted(name: str) -> bool:
    """True for placeholders courts print instead of a name (ФИО1, «Информация скрыта»)."""
    return bool(_REDACTED.match(name.strip()))


def normalise_name(name: str) -> str:
    """Surname plus initials, lower case, ё→е: «Иванов Иван Иванович» == «Иванов И.И.».

    Courts write the same person in full on a card and with initials in a listing, so
    the pseudonym must not depend on which form the page used.
    """
    text = name.strip().lower().replace("ё", "е")
    if is_redacted(text):
        return re.sub(r"\s+", " ", text)
    words = _WORD.findall(text)
    if not words:
        return re.sub(r"\s+", " ", text)
    surname, rest = words[0], words[1:]
    initials = "".join(w[0] for w in rest)
    return f"{surname} {initials}".strip()


def pseudonym(name: str, scope: str | None = None) -> str:
    """A stable keyed pseudonym such as `P-7F3K2Q9M` for a person's name.

    `scope` must be given for redaction placeholders (they are not names); it is mixed
    in for real names too when given, which callers use only when they want per-case
    pseudonyms.
    """
    return _pseudonym(str(key_path()), name, scope)


def pseudonymiser() -> Callable[[str, str | None], str]:
    """`pseudonym` bound to the key in force now: for batch work (a page, an export) that
    should not look the key file up again for every name."""
    return partial(_pseudonym, str(key_path()))


@lru_cache(maxsize=65536)
def _pseudonym(key_file: str, name: str, scope: str | None) -> str:
    # Cached: listings repeat the same names, and parsing speed matters.
    key = _load_key(key_file)
    norm = normalise_name(name)
    material = norm if scope is None else f"{scope}\x1f{norm}"
    digest = hmac.new(key, material.encode("utf-8"), hashlib.sha256).digest()
    num = int.from_bytes(digest[:5], "big")
    chars = []
    for _ in range(8):
        num, rem = divmod(num, 32)
        chars.append(_ALPHABET[rem])
    return PREFIX + "".join(reversed(chars))


def reset_key_cache() -> None:
    """Forget loaded keys (tests switch REFUSENIK_HOME between cases)."""
    _load_key.cache_clear()
    _pseudonym.cache_clear()
