"""The secret key behind pseudonyms: where it lives, how it is made, and what to say when
it cannot be.

The key is asked for only when a pseudonym is actually needed, so reading a page that
names nobody works in a read-only data folder. When the key must be created and cannot
be, the user gets a `UserInputError` that says what to do, never a traceback.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from refusenik.errors import DataDirError, UserInputError
from refusenik.paths import data_dir

KEY_FILE = "pseudonym.key"
KEY_BYTES = 32


class PseudonymKeyError(UserInputError):
    """The pseudonym key cannot be read or created; the message says what to do."""


def key_path() -> Path:
    """Where the key lives; nothing is created by asking. A data folder that cannot hold
    the key gives one `PseudonymKeyError` naming the folder and what to do."""
    try:
        return data_dir(create=False) / KEY_FILE
    except DataDirError as exc:
        what = str(exc).split("; ")[0]  # the folder, its setting, and what is wrong
        raise PseudonymKeyError(
            f"{what}; the pseudonym key is kept in that folder: point REFUSENIK_HOME at a "
            "writable folder"
        ) from exc


def _advice(path: Path) -> str:
    return (
        f"set REFUSENIK_HOME to a writable folder, or place a key there yourself "
        f"(`python -c 'import secrets; print(secrets.token_hex({KEY_BYTES}))' > {path}`)"
    )


def _read(path: Path) -> bytes:
    try:
        text = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise PseudonymKeyError(f"cannot read the pseudonym key {path}: {reason}") from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise PseudonymKeyError(
            f"the pseudonym key {path} is damaged (expected hex digits); restore it from a "
            "backup — a new key would give every person a new pseudonym"
        )
    return key


def _create(path: Path) -> None:
    """Write a fresh key atomically: a concurrent reader sees no key or a whole one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PseudonymKeyError(
            f"cannot create the data folder {path.parent} for the pseudonym key: "
            f"{exc.strerror or exc}; {_advice(path)}"
        ) from exc
    tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(KEY_BYTES) + "\n")
        try:
            os.link(tmp, path)  # fails if another process made the key first: keep theirs
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.rename(tmp, path)
    except OSError as exc:
        raise PseudonymKeyError(
            f"cannot create the pseudonym key {path}: {exc.strerror or exc}; {_advice(path)}"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def load_or_create_key(path: Path) -> bytes:
    """The key stored at `path`, made on first use; `PseudonymKeyError` when neither works."""
    try:
        exists = path.is_file()
    except OSError:
        exists = False
    if not exists:
        if path.parent.exists() and not path.parent.is_dir():
            raise PseudonymKeyError(
                f"the data folder {path.parent} is a file, not a folder; {_advice(path)}"
            )
        _create(path)
    return _read(path)
