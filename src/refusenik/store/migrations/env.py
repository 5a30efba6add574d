"""Alembic environment: always online, on the connection handed over by `store.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from refusenik.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # `alembic -x url=... upgrade head` from a shell, for maintainers
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit(
            "pass the database: alembic -x url=sqlite:///path/refusenik.sqlite upgrade head"
        )
    with create_engine(url).begin() as own_connection:
        _run(own_connection)
