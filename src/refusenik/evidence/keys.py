"""The Ed25519 key evidence packs are signed with, kept beside the pseudonym key.

It lives in `$REFUSENIK_HOME/evidence-signing.key` (PKCS#8 PEM, mode 0600), made the first
time a pack is built. Publish its fingerprint (`refusenik evidence verify` prints it) so a
reader can tell your packs from anyone else's; keep the file itself secret.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from refusenik.errors import DataDirError, UserInputError
from refusenik.paths import data_dir

KEY_FILE = "evidence-signing.key"


class SigningKeyError(UserInputError):
    """The signing key cannot be read or made; the message says what to do."""


def signing_key_path() -> Path:
    try:
        return data_dir(create=False) / KEY_FILE
    except DataDirError as exc:
        raise SigningKeyError(f"{exc}; the evidence signing key is kept in that folder") from exc


def _create(path: Path) -> None:
    """Write a fresh key atomically; a key another process made first is kept."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
    except OSError as exc:
        raise SigningKeyError(
            f"cannot create the evidence signing key {path}: {exc.strerror or exc}; set "
            "REFUSENIK_HOME to a writable folder"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def load_or_create_signing_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The signing key, made on first use."""
    where = path or signing_key_path()
    if not where.is_file():
        _create(where)
    try:
        key = serialization.load_pem_private_key(where.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise SigningKeyError(
            f"cannot read the evidence signing key {where} ({exc}); restore it from a backup "
            "— a new key would not match the packs already published"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{where} holds no Ed25519 key")
    return key
