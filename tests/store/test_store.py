"""The store base: default location, URL errors, migrations that match the models."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from refusenik.errors import SchemaError, UserInputError
from refusenik.store import Base, default_url, engine_for, migrate
from refusenik.store.schema import HEAD_REVISION, current_revision
from refusenik.store.upgrade import alembic_head


def test_default_url_is_sqlite_in_the_data_dir(_isolated_home, monkeypatch):
    monkeypatch.delenv("REFUSENIK_DB", raising=False)
    assert default_url() == f"sqlite:///{_isolated_home / 'refusenik.sqlite'}"
    engine = engine_for()
    migrate(engine)
    assert (_isolated_home / "refusenik.sqlite").exists()


def test_env_variable_overrides_default(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"
    monkeypatch.setenv("REFUSENIK_DB", url)
    assert default_url() == url
    assert str(engine_for().url) == url


@pytest.mark.parametrize("url", ["not a url", "nosuchdialect://x/y"])
def test_bad_url_is_a_user_error(url):
    with pytest.raises(UserInputError, match="not a usable database URL"):
        engine_for(url)


def _assert_schema_matches_models(engine):
    migrate(engine)
    assert current_revision(engine) == HEAD_REVISION
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    migrate(engine)  # second run is a no-op
    assert current_revision(engine) == HEAD_REVISION


def test_sqlite_migration_matches_models(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 'm.sqlite'}")
    assert current_revision(engine) is None
    _assert_schema_matches_models(engine)
    names = set(sa.inspect(engine).get_table_names())
    assert {"sources", "official_files", "official_statistics", "alembic_version"} <= names


def test_postgresql_migration_matches_models(pg_schema):
    with pg_schema("store_test") as url:
        engine = engine_for(url)
        try:
            _assert_schema_matches_models(engine)
        finally:
            engine.dispose()


def test_head_revision_constant_is_alembics_head():
    assert HEAD_REVISION == alembic_head()


def test_reading_a_current_store_does_not_import_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    migrate(engine_for(url))
    code = (
        "import sys\n"
        "from refusenik.store import engine_for, migrate\n"
        "from refusenik.official.importer import imported_files\n"
        f"engine = engine_for({url!r})\n"
        "migrate(engine)\n"
        "print(imported_files(engine), 'alembic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "False"]


def test_a_store_from_a_newer_refusenik_is_refused(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 'n.sqlite'}")
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(SchemaError, match=r"'0099'.*upgrade refusenik"):
        migrate(engine)


def test_a_new_sqlite_store_writes_ahead_and_syncs_normally(tmp_path):
    from refusenik.store import engine_for, migrate

    engine = engine_for(f"sqlite:///{tmp_path / 'wal.sqlite'}")
    migrate(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    engine.dispose()
