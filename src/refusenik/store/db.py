"""Where the store lives and how to connect to it.

The URL comes from the caller, else `$REFUSENIK_DB`, else a SQLite file in the user's
data directory, so tests and several installs never share a database by accident.
"""

from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from refusenik.errors import UserInputError
from refusenik.paths import data_dir

DB_FILENAME = "refusenik.sqlite"


def default_url() -> str:
    """`$REFUSENIK_DB` if set, else the SQLite file in the data directory."""
    explicit = os.environ.get("REFUSENIK_DB")
    if explicit:
        return explicit
    return f"sqlite:///{data_dir() / DB_FILENAME}"


def engine_for(url: str | None = None) -> Engine:
    """An engine for `url` (default: `default_url()`); a bad URL is the user's error."""
    text = url or default_url()
    try:
        parsed = make_url(text)
        engine = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise UserInputError(
            f"not a usable database URL: {text!r} ({exc}); "
            "expected e.g. sqlite:///path/refusenik.sqlite or postgresql+psycopg://user@host/db"
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # SQLite ignores foreign keys unless asked; cascades keep batches and rows consistent.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
