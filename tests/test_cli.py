"""The root command: how stages are listed, loaded, aliased and how every command fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

from refusenik.cli import ALIASES, STAGES, main, stage_app
from refusenik.console import table


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "refusenik", *args], capture_output=True, text=True, timeout=120
    )


def run_in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out.out, out.err


def test_help_explains_the_tool():
    out = run("--help")
    assert out.returncode == 0
    assert "refuse to fight" in out.stdout
    assert "328" in out.stdout


def test_help_lists_every_stage_with_its_line_and_no_alias():
    out = run("--help")
    listed = out.stdout.split("Commands:")[1]
    for stage in STAGES:
        assert f"{stage.name} " in listed
        assert " ".join(stage.help.split()) in " ".join(listed.split())
    for alias in ALIASES:
        assert f"\n  {alias} " not in listed


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_the_help_line_is_the_stage_own_summary(stage):
    """The root lists stages from a table; it must say what each stage's own help says."""
    own = stage_app(stage).info.help
    assert isinstance(own, str)
    first_paragraph = " ".join(own.split("\n\n")[0].split())
    assert " ".join(stage.help.split()) == first_paragraph


def test_help_imports_no_stage_and_no_database_layer():
    code = (
        "import sys\n"
        "from refusenik.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    modules = done.stdout.split("\n")[-2].split()
    assert "refusenik.cli" in modules
    loaded = [m for m in modules if m.startswith(("sqlalchemy", "alembic", "rich", "lxml"))]
    assert loaded == []
    assert [m for m in modules if m.startswith("refusenik.") and m.endswith(".cli")] == [
        "refusenik.cli"
    ]


def test_version():
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.startswith("refusenik ")


def test_unknown_command_is_a_usage_error():
    out = run("no-such-command")
    assert out.returncode == 2
    assert "no-such-command" in out.stderr


def test_old_spellings_still_work(capsys):
    code, out, _ = run_in_process(capsys, "law", "parse", "ч. 5 ст. 337 УК РФ", "--json")
    assert code == 0 and '"article": "337"' in out
    code, new, _ = run_in_process(capsys, "law", "refs", "ч. 5 ст. 337 УК РФ", "--json")
    assert code == 0 and new == out


def test_ctrl_c_says_interrupted_and_exits_130(capsys, monkeypatch):
    from refusenik import courts

    def interrupted(*_args: object) -> list[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr(courts, "all_courts", interrupted)
    code, out, err = run_in_process(capsys, "courts", "list")
    assert code == 130
    assert err.strip() == "interrupted"
    assert "Traceback" not in err + out


def test_user_errors_are_one_line_exit_2(capsys):
    code, _, err = run_in_process(capsys, "courts", "list", "--template", "nope")
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and "nope" in err


def test_long_cells_wrap_instead_of_being_cut():
    from rich.console import Console

    console = Console(width=80, record=True, markup=False)
    grid = table("kind", "sanction")
    sanction = "imprisonment_in_a_disciplinary_military_unit_for_up_to_two_years " * 3
    grid.add_row("imprisonment", sanction)
    console.print(grid)
    text = console.export_text()
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    cells = "".join(
        line.split("│")[2].strip() for line in text.splitlines() if line.count("│") == 3
    )
    assert cells.replace(" ", "") == sanction.replace(" ", "")


def _waiting_on_stdin(pid: int) -> bool:
    """Whether the process is blocked in read(0, …) (Linux: /proc/PID/syscall)."""
    try:
        with open(f"/proc/{pid}/syscall") as fh:
            fields = fh.read().split()
    except OSError:
        return False
    return len(fields) > 1 and fields[0] == "0" and fields[1] == "0x0"


def test_a_real_ctrl_c_prints_interrupted_and_exits_130(tmp_path):
    import os
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "refusenik", "text", "extract", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "REFUSENIK_HOME": str(tmp_path)},
    )
    deadline = time.monotonic() + 60
    while not _waiting_on_stdin(process.pid):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip() == "interrupted"
    assert out == ""
