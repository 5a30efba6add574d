"""`refusenik simulate` and `refusenik simulate truth`, run as a user would."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import httpx
import pytest

from refusenik.simulate import World, pick_courts
from refusenik.templates import Template


def run_inline(capsys, *args: str) -> tuple[int, str]:
    """Run the CLI in this process (cheaper than a subprocess); returns (exit code, stderr)."""
    from refusenik.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["simulate", *args])
    return exc.value.code, capsys.readouterr().err


def test_truth_is_written_round_by_round_and_matches_the_api(tmp_path, capsys):
    out = tmp_path / "truth.json"
    code, err = run_inline(
        capsys, "truth", "--seed", "5", "--courts", "2", "--rounds", "2", "--out", str(out)
    )
    assert code == 0, err
    data = json.loads(out.read_text("utf-8"))
    assert [r["round"] for r in data["rounds"]] == [0, 1]
    world = World.generate(5, 2, rounds=2)
    assert data["courts"] == [c.code for c in world.courts]
    assert data["rounds"][1] == json.loads(json.dumps(world.truth(1), ensure_ascii=False))
    again = tmp_path / "again.json"
    run_inline(
        capsys, "truth", "--seed", "5", "--courts", "2", "--rounds", "2", "--out", str(again)
    )
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--faults", "nasty"], "unknown fault profile 'nasty'"),
        (["--fault", "meteor=1"], "unknown fault kind 'meteor'"),
        (["--seed", "-3"], "--seed must be a non-negative integer"),
        (["--port", "70000"], "--port must be between 0 and 65535"),
        (["--courts", "0"], "--courts must be at least 1"),
        (["truth", "--seed", "-1", "--out", "x.json"], "--seed must be a non-negative integer"),
        (["--seed", "abc"], "--seed"),
        (["serve", "--faults", "nasty"], "unknown fault profile 'nasty'"),
        (["serve", "--courts", "0"], "--courts must be at least 1"),
        (["serve", "--seed", "abc"], "--seed"),
        (["serve", "--rate-limit", "-1"], "--rate-limit must be between 0 and 10000"),
        (["serve", "--burst", "0"], "--burst must be between 1 and 10000"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, args, message):
    code, err = run_inline(capsys, *args)
    assert code == 2
    assert message in err


def test_port_in_use_exits_2(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, err = run_inline(capsys, "--courts", "1", "--port", str(port))
    assert code == 2
    assert f"port {port} is already in use" in err


@pytest.mark.parametrize("command", [["simulate", "serve"], ["simulate"]], ids=["serve", "old"])
def test_serve_prints_base_url_and_courts_and_answers(command):
    proc = subprocess.Popen(
        [sys.executable, "-m", "refusenik", *command, "--courts", "3", "--seed", "2", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = proc.stdout.readline()
        assert first.startswith("Serving 3 simulated courts at http://127.0.0.1:")
        base = first.split(" at ", 1)[1].strip()
        lines = []
        while not lines or "Ctrl-C stops" not in lines[-1]:
            lines.append(proc.stdout.readline())
        codes = [c.code for c in pick_courts(2, 3)]
        assert all(any(code in line for line in lines) for code in codes)
        deadline = time.time() + 10
        while True:
            try:
                state = httpx.get(f"{base}/_sim/state").json()
                break
            except httpx.TransportError:
                assert time.time() < deadline
                time.sleep(0.1)
        assert [c["code"] for c in state["courts"]] == codes
        page = httpx.get(f"{base}/c/{codes[0]}/modules.php?name=sud_delo&name_op=sf")
        assert page.status_code == 200 and "delo_id" in page.content.decode("cp1251")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_registry_pick_mixes_garrison_and_district_courts_and_is_seeded():
    chosen = pick_courts(11, 9)
    assert chosen == pick_courts(11, 9) and chosen != pick_courts(12, 9)
    kinds = [c.kind for c in chosen]
    assert kinds.count("garrison_military") == 6 and kinds.count("district") == 3
    assert any(c.template is Template.SUDRF_VNKOD for c in chosen)
    assert all(
        c.template in (Template.SUDRF_CLASSIC, Template.SUDRF_VNKOD)
        and c.host.endswith(".sudrf.ru")
        for c in chosen
    )


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "61"])
def test_slow_seconds_out_of_range_is_refused(value):
    from refusenik.errors import UserInputError
    from refusenik.simulate.faults import FaultPlan

    with pytest.raises(UserInputError, match="slow-seconds"):
        FaultPlan(rates={"slow": 0.1}, slow_seconds=float(value))


def test_control_api_refuses_non_numeric_rounds():
    from refusenik.simulate import SimSite

    site = SimSite(World.generate(1, pick_courts(1, 2), rounds=2))
    for target in ("/_sim/round?set=abc", "/_sim/truth?round=x1"):
        response = site.handle(target)
        assert response.status == 400
        assert "round number" in json.loads(response.body)["error"]
    assert site.handle("/_sim/round?set=1").status == 200


def test_bare_simulate_prints_help_naming_serve_and_truth(capsys):
    from refusenik.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["simulate"])
    out = capsys.readouterr().out
    assert exc.value.code == 0
    assert "serve" in out and "truth" in out
