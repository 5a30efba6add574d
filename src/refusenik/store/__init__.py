"""The project's database: one SQLAlchemy schema, migrated by Alembic when behind.

SQLite is the default (a file in the user's data directory); any SQLAlchemy URL works,
PostgreSQL included. Stages add their tables to `models.py` and a migration under
`migrations/versions/` (and bump `schema.HEAD_REVISION`); commands call `migrate(engine)`
first, which costs one query when the schema is current and never imports Alembic then.
"""

from refusenik.store.db import default_url, engine_for, write_transaction
from refusenik.store.models import Base
from refusenik.store.schema import HEAD_REVISION, migrate

__all__ = ["HEAD_REVISION", "Base", "default_url", "engine_for", "migrate", "write_transaction"]
