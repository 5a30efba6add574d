"""Alembic migrations of the store (run through `refusenik.store.migrate`)."""
