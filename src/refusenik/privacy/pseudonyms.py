"""Keyed pseudonyms for people named in court pages.

Names never leave the parsing stage: every stage after `sites/` and `extract/` sees only
pseudonyms. A pseudonym is an HMAC of the normalised person (`persons.person_key`) under a
secret key kept in the user's data folder, so it is stable across pages and runs on one
installation but cannot be reversed by hashing a list of candidate names without the key.
Redaction placeholders (ФИО1, <данные изъяты>) name different people in different
documents, so they are pseudonymised within a `scope` (e.g. the case).

A `Pseudonymiser` holds one key and its own cache; a crawler makes one per process. The
module-level `pseudonym` serves existing callers from a default instance per key file.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from refusenik.privacy.keys import PseudonymKeyError, key_path, load_or_create_key
from refusenik.privacy.persons import person_key

PREFIX = "P-"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


class Pseudonymiser:
    """Turns names into pseudonyms under one key, remembering the names it has seen.

    Give `key` (bytes) directly, or `key_file`; without either, the key file of the data
    folder in force when the object is made. The key file is read (and created if
    missing) on the first pseudonym, never before: reading a page that names nobody needs
    no writable folder.
    """

    def __init__(
        self, key: bytes | None = None, key_file: Path | None = None, cache_size: int = 16384
    ) -> None:
        if key is not None and len(key) < 16:
            raise ValueError("a pseudonym key needs at least 16 bytes")
        self._key = key
        self.key_file = key_file if key_file is not None or key is not None else key_path()
        self._cache: dict[tuple[str, str | None], str] = {}
        self._cache_size = cache_size

    @property
    def key(self) -> bytes:
        """The key; loaded (or created) on first use, `UserInputError` when it cannot be."""
        if self._key is None:
            assert self.key_file is not None
            self._key = load_or_create_key(self.key_file)
        return self._key

    def __call__(self, name: str, scope: str | None = None) -> str:
        """The pseudonym of `name`, e.g. `P-7F3K2Q9M`.

        `scope` must be given for redaction placeholders (they are not names); it is
        mixed in for real names too when given, for callers that want per-case pseudonyms.
        """
        memo = (name, scope)
        got = self._cache.get(memo)
        if got is None:
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            got = self._cache[memo] = self.of_person(person_key(name), scope)
        return got

    pseudonym = __call__

    def of_person(self, key: str, scope: str | None = None) -> str:
        """The pseudonym of an already normalised person (`persons.person_key`)."""
        material = key if scope is None else f"{scope}\x1f{key}"
        digest = hmac.new(self.key, material.encode("utf-8"), hashlib.sha256).digest()
        num = int.from_bytes(digest[:5], "big")
        chars = []
        for _ in range(8):
            num, rem = divmod(num, 32)
            chars.append(_ALPHABET[rem])
        return PREFIX + "".join(reversed(chars))


_DEFAULTS: dict[Path, Pseudonymiser] = {}
_PINNED: ContextVar[Pseudonymiser | None] = ContextVar("pinned_pseudonymiser", default=None)


def default_pseudonymiser() -> Pseudonymiser:
    """The shared instance for the key file in force now (or the one `one_page` pinned)."""
    pinned = _PINNED.get()
    if pinned is not None:
        return pinned
    path = key_path()
    found = _DEFAULTS.get(path)
    if found is None:
        found = _DEFAULTS[path] = Pseudonymiser(key_file=path)
    return found


def pseudonym(name: str, scope: str | None = None) -> str:
    """`Pseudonymiser.pseudonym` of the default instance: a stable keyed pseudonym."""
    return default_pseudonymiser()(name, scope)


def pseudonymiser() -> Pseudonymiser:
    """The default instance, for batch work that should not look the key file up per name."""
    return default_pseudonymiser()


@contextmanager
def pinned(pseudonymiser: Pseudonymiser | None) -> Iterator[None]:
    """Parse and extract under the caller's pseudonymiser (a crawl's own), if given: a
    crawl locates the key file once, not once a page."""
    if pseudonymiser is None:
        yield
        return
    token = _PINNED.set(pseudonymiser)
    try:
        yield
    finally:
        _PINNED.reset(token)


@contextmanager
def one_page() -> Iterator[Pseudonymiser]:
    """Pin the default instance while one page is parsed: the key file is located once
    (finding it costs more than the keyed hash) and a key or data folder changed between
    pages is never stale."""
    current = default_pseudonymiser()
    token = _PINNED.set(current)
    try:
        yield current
    except Exception as exc:
        # A parser that wraps errors in its own must not hide that the key is missing:
        # that is the user's to fix, and the message says how.
        cause = _key_error_in(exc)
        if cause is not None and cause is not exc:
            raise cause from None
        raise
    finally:
        _PINNED.reset(token)


def _key_error_in(exc: BaseException) -> PseudonymKeyError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, PseudonymKeyError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def reset_key_cache() -> None:
    """Forget loaded keys and pseudonyms (tests switch REFUSENIK_HOME between cases)."""
    _DEFAULTS.clear()
