import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "refusenik", *args], capture_output=True, text=True, timeout=120
    )


def test_help_explains_the_tool():
    out = run("--help")
    assert out.returncode == 0
    assert "refuse to fight" in out.stdout
    assert "328" in out.stdout


def test_version():
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.startswith("refusenik ")


def test_unknown_command_is_a_usage_error():
    out = run("no-such-command")
    assert out.returncode == 2
    assert "no-such-command" in out.stderr
