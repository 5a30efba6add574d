"""Shared test setup: every test runs with its own refusenik data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep the pseudonym key and the default store out of the developer's home."""
    from refusenik.privacy import reset_key_cache

    home = tmp_path_factory.mktemp("refusenik-home")
    monkeypatch.setenv("REFUSENIK_HOME", str(home))
    reset_key_cache()
    yield home
    reset_key_cache()
