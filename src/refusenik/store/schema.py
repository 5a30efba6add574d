"""Is the database at the schema this code expects? Checked with one query, no Alembic.

`HEAD_REVISION` names the newest migration shipped (a test keeps it equal to Alembic's
head). Reading compares it with `alembic_version`; only a database that is behind loads
Alembic (`store.upgrade`) to migrate, under the store's write lock so two processes
never migrate at once.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, text

from refusenik.errors import SchemaError
from refusenik.store.db import use_wal, write_transaction

HEAD_REVISION = "0007"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")


def revision_of(conn: Connection) -> str | None:
    """The revision recorded in the database (None for a database never migrated)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    """The revision the database behind `engine` is at (None for an empty database)."""
    with engine.connect() as conn:
        return revision_of(conn)


def is_current(engine: Engine) -> bool:
    """True when the database is exactly at `HEAD_REVISION`."""
    return current_revision(engine) == HEAD_REVISION


def migrate(engine: Engine) -> None:
    """Upgrade the database behind `engine` to head; one cheap query when already there."""
    if _checked(current_revision(engine)):
        return
    use_wal(engine)
    with write_transaction(engine) as conn:
        if _checked(revision_of(conn)):  # another process migrated while we waited
            return
        from refusenik.store.upgrade import upgrade

        upgrade(conn)


def _checked(revision: str | None) -> bool:
    if revision == HEAD_REVISION:
        return True
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise SchemaError(
            f"the database is at schema revision {revision!r}, which this version of "
            f"refusenik does not know (newest known: {HEAD_REVISION}); it was written by a "
            "newer refusenik — upgrade refusenik, or use another database (--db)"
        )
    return False
