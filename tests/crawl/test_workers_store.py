"""Two crawl workers on one Redis frontier write the store one process writes: every page
asked once, one court never asked twice at a time, each worker's own WARC folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import workers_kit as kit
from test_resume_store import PUBLIC, public_tables

from refusenik.simulate import SimServer, World
from refusenik.simulate.load import HostLoad


def test_two_workers_give_the_store_of_one_process(tmp_path, pg_schema):
    world = World.generate(21, kit.COURTS, rounds=1)
    truth = kit.write_truth(world, tmp_path / "truth.json")
    prefix = kit.unique_prefix()
    with (
        pg_schema("crawl_test") as one_db,
        pg_schema("crawl_test") as two_db,
        SimServer(world, latency=0.02, enforce_captcha=True) as server,
    ):
        done = subprocess.run(
            kit.crawl_cmd(server.base_url, tmp_path / "one", one_db),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        single = kit.sim_stats(server.base_url)
        server.site.load = HostLoad()  # count the two workers' requests alone
        try:
            procs = [
                subprocess.Popen(
                    kit.worker_cmd(server.base_url, tmp_path / "two", two_db, prefix, name),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for name in ("w1", "w2")
            ]
            outs = [p.communicate(timeout=150) for p in procs]
            stats = kit.sim_stats(server.base_url)
        finally:
            kit.clear(prefix)
        for proc, (_out, err) in zip(procs, outs, strict=True):
            assert proc.returncode == 0, err
        summaries = [json.loads(out) for out, _ in outs]
        one, two = public_tables(one_db), public_tables(two_db)
        checked = kit.verify(truth, two_db)
    assert len(one["cases"]) > 20 and one["defendants"]
    for name in PUBLIC:
        assert two[name] == one[name], name
    assert checked.returncode == 0, checked.stdout
    assert "0 difference(s)" in checked.stdout
    assert f"{kit.CAPTCHA_COURT}: not covered" in checked.stdout
    # Every page asked as often as one process asked it: once, but for the captcha court's
    # retries before it was parked; never two at once per court.
    assert stats["urls_asked"] == single["urls_asked"]
    assert stats["urls_asked_again_per_host"] == single["urls_asked_again_per_host"]
    assert set(stats["urls_asked_again_per_host"]) <= {kit.CAPTCHA_COURT}
    assert stats["max_in_flight_per_host"] == 1
    assert set(stats["in_flight_peak"]) == {c.code for c in kit.COURTS}
    # Both worked, seeding happened once, one wrote the run's end; the table is the whole crawl.
    pages = [s["pages_this_worker"] for s in summaries]
    assert all(p > 0 for p in pages), pages
    assert sum(pages) == stats["court_requests"] == single["court_requests"]
    assert sorted(s["seeded_here"] for s in summaries) == [False, True]
    assert sorted(s["wrote_run_end"] for s in summaries) == [False, True]
    for s in summaries:
        assert sum(c["pages"] for c in s["courts"]) == sum(pages)
        status = {c["court"]: (c["status"], c["covered"]) for c in s["courts"]}
        assert status.pop(kit.CAPTCHA_COURT) == ("captcha", False)  # parked for every worker
        assert set(status.values()) == {("ok", True)}
    assert stats["in_flight_peak"][kit.CAPTCHA_COURT] == 1  # asked once, then left alone
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == ["w1", "w2"]
    assert all(list((tmp_path / "two" / w).glob("*.warc.gz")) for w in ("w1", "w2"))
