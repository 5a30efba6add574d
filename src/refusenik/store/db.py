"""Where the store lives and how to connect to it.

The URL comes from the caller, else `$REFUSENIK_DB`, else a SQLite file in the user's
data directory, so tests and several installs never share a database by accident.
Failures the user can fix (no driver, no folder, no server, a database busy with another
import) become `UserInputError`s that say what to do, wherever they happen.
"""

from __future__ import annotations

import os
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from refusenik.errors import StoreBusyError, StoreUnavailableError, UserInputError
from refusenik.paths import data_dir

DB_FILENAME = "refusenik.sqlite"
# How long a writer waits for another writer (an import running elsewhere) to finish.
WAIT_SECONDS = 60
# Key of the PostgreSQL advisory lock that serialises writers (any fixed 64-bit number),
# mixed with the schema written to, so stores in separate schemas of one database do not
# wait for each other.
PG_WRITE_LOCK = 0x7265667573656E
# The lock's key: PG_WRITE_LOCK xor the first 64 bits of the MD5 of `current_schema()`
# (the schema unqualified tables are created in, from the connection's search_path).
_PG_LOCK_KEY = (
    "(('x' || substr(md5(coalesce(current_schema(), '')), 1, 16))::bit(64)::bigint # :key)"
)

_BEGIN_OPTION = "refusenik_sqlite_begin"


def default_url() -> str:
    """`$REFUSENIK_DB` if set, else the SQLite file in the data directory."""
    explicit = os.environ.get("REFUSENIK_DB")
    if explicit:
        return explicit
    return f"sqlite:///{data_dir() / DB_FILENAME}"


def engine_for(url: str | None = None) -> Engine:
    """An engine for `url` (default: `default_url()`); a bad URL is the user's error."""
    text_url = url or default_url()
    try:
        parsed = make_url(text_url)
    except (ArgumentError, ValueError) as exc:
        raise UserInputError(_bad_url(text_url, exc)) from exc
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite" and "timeout" not in parsed.query:
        connect_args["timeout"] = WAIT_SECONDS
    try:
        engine = create_engine(parsed, connect_args=connect_args)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise UserInputError(_bad_url(text_url, exc)) from exc
    except ImportError as exc:
        raise StoreUnavailableError(
            f"the database driver for {parsed.drivername!r} is not installed ({exc}); "
            "refusenik is tested with sqlite:///path/refusenik.sqlite and "
            "postgresql+psycopg://user@host/db (pip install 'refusenik[postgres]')"
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    event.listen(engine, "handle_error", _explain_error)
    return engine


def _bad_url(text_url: str, exc: Exception) -> str:
    return (
        f"not a usable database URL: {text_url!r} ({exc}); "
        "expected e.g. sqlite:///path/refusenik.sqlite or postgresql+psycopg://user@host/db"
    )


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that holds the store's write lock from its first statement.

    Two imports at once then queue instead of failing: SQLite takes its write lock at
    BEGIN IMMEDIATE (a deferred transaction that reads first cannot wait for it), and
    PostgreSQL takes an advisory lock keyed by the current schema (writers to other
    schemas of the same database go on). Both wait up to `WAIT_SECONDS`, then raise
    `StoreBusyError`. Everything written inside commits together or not at all.

    Inside a `WriteBatch` on `engine` the unit is a savepoint of the batch's transaction:
    it rolls back alone on an error and commits with the batch.
    """
    batch = _BATCHES.get(engine)
    if batch is not None:
        with batch.unit() as conn:
            yield conn
        return
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with conn.begin():
            if engine.dialect.name == "postgresql":
                _pg_write_lock(conn)
            yield conn


def _pg_write_lock(conn: Connection) -> None:
    """Wait (up to `WAIT_SECONDS`) for this schema's write lock, held until the commit."""
    conn.execute(text(f"SET LOCAL lock_timeout = '{WAIT_SECONDS}s'"))
    conn.execute(text(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})"), {"key": PG_WRITE_LOCK})


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection to read with: the open `WriteBatch`'s own when there is one, so a
    reader sees what the batch wrote and has not committed yet."""
    batch = _BATCHES.get(engine)
    if batch is not None:
        yield batch.connection
        return
    with engine.connect() as conn:
        yield conn


_BATCHES: weakref.WeakKeyDictionary[Engine, WriteBatch] = weakref.WeakKeyDictionary()


class WriteBatch:
    """Many small write units (a crawl's pages) in one transaction, committed every
    `every` units or `seconds`, whichever comes first, and when closed.

    A commit per page cost more than the page's own rows, and the archive's fsync per
    record — which a commit must follow, so that no index row ever names bytes not yet on
    disk — cost 3 ms of waiting a page. `before_commit` (the archive's `sync`) runs before
    every commit. A process killed between commits loses the uncommitted units from the
    store only: their records are in the archive, which indexes them when next opened,
    and the crawl run again reads those pages again. While a batch is open,
    `write_transaction` and `read_connection` on its engine use its connection: one
    thread only. The transaction is begun at the first unit after a commit, so other
    writers (an import) get their turn between batches.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        every: int = 500,
        seconds: float = 0.5,
        before_commit: Callable[[], None] | None = None,
    ) -> None:
        if engine in _BATCHES:
            raise RuntimeError("a write batch is already open on this engine")
        self.engine = engine
        self.every = every
        self.seconds = seconds
        self.before_commit = before_commit
        self.connection = engine.connect()
        if engine.dialect.name == "sqlite":
            self.connection.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        self._units = 0
        self._since = time.monotonic()
        self._locked = False
        self.commits = 0
        _BATCHES[engine] = self

    @contextmanager
    def unit(self) -> Iterator[Connection]:
        """One unit of work (a savepoint) inside the batch's transaction."""
        conn = self.connection
        if not conn.in_transaction():
            conn.begin()
        if not self._locked:
            if self.engine.dialect.name == "postgresql":
                _pg_write_lock(conn)
            self._locked = True
        # Plain SQL, one name: SQLAlchemy's `begin_nested` compiled a fresh statement for
        # each numbered savepoint, the largest cost of a unit after its own rows.
        conn.exec_driver_sql("SAVEPOINT unit")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction():
                conn.exec_driver_sql("ROLLBACK TO SAVEPOINT unit")
                conn.exec_driver_sql("RELEASE SAVEPOINT unit")
            raise
        conn.exec_driver_sql("RELEASE SAVEPOINT unit")

    def tick(self) -> None:
        """A unit is done: commit when the batch is full or old enough."""
        self._units += 1
        if self._units >= self.every or time.monotonic() - self._since >= self.seconds:
            self.commit()

    def commit(self) -> None:
        """Make durable what the rows point at, then commit them."""
        if self.before_commit is not None:
            self.before_commit()
        if self.connection.in_transaction():
            self.connection.commit()
            self.commits += 1
        self._units, self._since, self._locked = 0, time.monotonic(), False

    def close(self) -> None:
        """Commit what is written and give the engine back to one transaction a unit."""
        if _BATCHES.get(self.engine) is not self:
            return
        try:
            self.commit()
        finally:
            del _BATCHES[self.engine]
            self.connection.close()

    def __enter__(self) -> WriteBatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def pg_write_lock_key(conn: Connection) -> int:
    """The advisory-lock key `write_transaction` takes on this PostgreSQL connection: one per
    schema, so an operator (or a test) can see or hold the lock of one store."""
    key: int = conn.execute(text(f"SELECT {_PG_LOCK_KEY}"), {"key": PG_WRITE_LOCK}).scalar_one()
    return key


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling cannot take the write lock up front;
    # `_sqlite_begin` emits BEGIN itself instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked; cascades keep sources and rows consistent.
    cursor.execute("PRAGMA foreign_keys=ON")
    # A store in WAL mode (set when refusenik creates or upgrades it) lets readers go on
    # while a crawl writes; there, NORMAL sync loses at most the last commits on a power
    # cut and never corrupts the file, and halves the cost of a commit per page.
    mode = cursor.execute("PRAGMA journal_mode").fetchone()
    if mode and str(mode[0]).lower() == "wal":
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def use_wal(engine: Engine) -> None:
    """Switch a SQLite file store to write-ahead logging (a no-op elsewhere).

    The mode is kept in the file, so this runs once, when the schema is created or
    upgraded — never on the read path, where the folder may be read-only.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    import sqlite3

    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        switched = cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
        if switched:
            # Switching needs the file to itself; when another process is writing, the
            # store simply stays in its journal mode until a later migration.
            (wait_ms,) = cursor.execute("PRAGMA busy_timeout").fetchone()
            cursor.execute("PRAGMA busy_timeout=0")
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                switched = False
            finally:
                cursor.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
        cursor.close()
    finally:
        raw.close()
    if switched:  # connections opened before the switch have the old sync setting
        engine.dispose()


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _where(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _explain_error(context: ExceptionContext) -> None:
    """Turn driver errors the user can act on into `UserInputError`s with advice."""
    original = context.original_exception
    message = str(original).strip()
    first_line = message.splitlines()[0] if message else type(original).__name__
    url = context.engine.url if context.engine is not None else None
    where = _where(url) if url is not None else "the database"
    lowered = message.lower()
    if "database is locked" in lowered or "lock timeout" in lowered:
        waited = url.query.get("timeout", WAIT_SECONDS) if url is not None else WAIT_SECONDS
        raise StoreBusyError(
            f"{where} is busy: another refusenik process (an import?) is writing to it and "
            f"did not finish within {waited} s; wait for it to finish, then run the command again"
        ) from original
    if url is not None and url.get_backend_name() == "sqlite":
        if "unable to open database file" in lowered or "readonly database" in lowered:
            raise StoreUnavailableError(_sqlite_advice(url, first_line)) from original
        return
    if context.connection is None and type(original).__name__ == "OperationalError":
        detail = first_line.removeprefix("connection failed: ")
        if "does not exist" in lowered and "database" in lowered:
            hint = "create it (e.g. `createdb`) or fix --db / $REFUSENIK_DB"
        else:
            hint = "check --db / $REFUSENIK_DB and that the server is running and reachable"
        raise StoreUnavailableError(f"cannot connect to {where}: {detail}; {hint}") from original


def _sqlite_advice(url: URL, detail: str) -> str:
    database = url.database or ""
    path = Path(database).expanduser()
    folder = path.parent
    if database in ("", ":memory:"):
        return f"cannot open the SQLite database {database!r}: {detail}"
    if not folder.exists():
        reason = f"the folder {folder} does not exist; create it or choose another path"
    elif not folder.is_dir():
        reason = f"{folder} is not a folder; choose another path"
    elif not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        reason = (
            f"{path if path.exists() else folder} is read-only; make it writable or "
            "pass --db with a writable location"
        )
    else:
        reason = "check the path and its permissions, or pass --db with another location"
    return f"cannot open the SQLite database {path} ({detail}): {reason}"
