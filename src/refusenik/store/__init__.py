"""The project's database: one SQLAlchemy schema, migrated by Alembic when behind.

SQLite is the default (a file in the user's data directory); any SQLAlchemy URL works,
PostgreSQL included. Stages add their tables to `models.py` and a migration under
`migrations/versions/` (and bump `schema.HEAD_REVISION`); commands call `migrate(engine)`
first, which costs one query when the schema is current and never imports Alembic then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from refusenik.store.db import default_url, engine_for, write_transaction
from refusenik.store.schema import HEAD_REVISION, migrate

if TYPE_CHECKING:
    from refusenik.store.models import Base


def __getattr__(name: str) -> Any:
    # The ORM classes cost a third of a second to import and no read path needs them:
    # `Base` is loaded only when asked for.
    if name == "Base":
        from refusenik.store.models import Base

        return Base
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["HEAD_REVISION", "Base", "default_url", "engine_for", "migrate", "write_transaction"]
