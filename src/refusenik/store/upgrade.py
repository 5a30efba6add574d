"""Bring a database to the newest schema with the migrations shipped in this package.

Configured in code (no alembic.ini), so an installed wheel can migrate any URL. This is
the only module that imports Alembic; `store.schema` loads it only when a database is
behind, so reading a current store never pays for it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """The Alembic configuration pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def alembic_head() -> str:
    """The newest migration as Alembic sees it (tests compare it with `HEAD_REVISION`)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations under {MIGRATIONS}")
    return head


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Run the migrations up to `revision` inside the caller's transaction."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def downgrade(connection: Connection, revision: str) -> None:
    """Undo migrations down to `revision` inside the caller's transaction."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)
