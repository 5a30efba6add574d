"""The project's database: one SQLAlchemy schema, migrated by Alembic on every write.

SQLite is the default (a file in the user's data directory); any SQLAlchemy URL works,
PostgreSQL included. Stages add their tables to `models.py` and a migration under
`migrations/versions/`; commands that write call `migrate(engine)` first.
"""

from refusenik.store.db import default_url, engine_for
from refusenik.store.migrate import migrate
from refusenik.store.models import Base

__all__ = ["Base", "default_url", "engine_for", "migrate"]
