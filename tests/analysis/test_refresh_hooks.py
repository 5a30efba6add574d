"""`refusenik reparse` ends by rebuilding the analysis tables: the store it leaves answers
figures without a rebuild on read. (A crawl with `--db` makes the same call at its end.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from refusenik.analysis import derived
from refusenik.analysis import figures as F
from refusenik.cli import main
from refusenik.simulate import World
from refusenik.store import engine_for
from refusenik.store.analysis_tables import PERSONS
from refusenik.store.case_tables import CASES, DEFENDANTS

from ..ingest.conftest import COURTS
from ..ingest.test_with_archive import crawl_into_archive


def test_reparse_leaves_fresh_analysis_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    world = World.generate(11, COURTS, rounds=2)
    live_url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    crawl_into_archive(world, engine_for(live_url), tmp_path / "warc")
    into = f"sqlite:///{tmp_path / 'into.sqlite'}"
    args = ["reparse", "--db", live_url, "--archive", str(tmp_path / "warc"), "--into", into]
    with pytest.raises(SystemExit) as done:
        main([*args, "--json"])
    assert done.value.code in (0, None)
    capsys.readouterr()
    engine = engine_for(into)
    with engine.connect() as conn:
        assert not derived.is_stale(conn)  # rebuilt by the command, before any read
        cases = conn.execute(select(func.count()).select_from(CASES)).scalar_one()
        people = conn.execute(select(func.count()).select_from(DEFENDANTS)).scalar_one()
        rows = conn.execute(select(func.count()).select_from(PERSONS)).scalar_one()
    assert cases > 10 and rows >= people
    assert F.headline(engine, F.Scope())["cases_received"] == cases
