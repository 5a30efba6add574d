"""The key is asked for only when a pseudonym is needed; when it cannot be made the user
is told what to do (exit 2), and nothing is written or lost."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from refusenik import privacy
from refusenik.cli import main
from refusenik.errors import UserInputError
from refusenik.sites import parse_page

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
CARD = PAGES / "district__leninsky--bkr__card__criminal_1inst__1-151-2026.html"
CARD_URL = (
    "https://leninsky--bkr.sudrf.ru/modules.php?name=sud_delo&srv_num=1&name_op=case"
    "&case_id=181420413&case_uid=247063b2-0925-4a7a-8f5c-b5ef0b0abd7b&delo_id=1540006"
)
NO_NAMES = PAGES / "cassation__2kas__throttled__temporarily_unavailable.html"
ACT = (
    "ПРИГОВОРИЛ: признать Ковалёва Петра Сергеевича виновным в совершении преступления, "
    "предусмотренного ч. 5 ст. 337 УК РФ, и назначить ему наказание в виде лишения свободы "
    "сроком на 2 года с отбыванием в колонии-поселении."
)
RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def home_under_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder that cannot exist: its parent is a regular file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("REFUSENIK_HOME", str(blocker / "home"))
    privacy.reset_key_cache()
    return blocker


def test_a_page_that_names_nobody_needs_no_key(home_under_a_file: Path) -> None:
    result = parse_page(NO_NAMES.read_bytes(), "https://2kas.sudrf.ru/modules.php?name=sud_delo")
    assert result.records == []
    assert home_under_a_file.read_text() == "x"


def test_a_pseudonymiser_with_its_own_key_needs_no_folder(home_under_a_file: Path) -> None:
    assert privacy.Pseudonymiser(key=bytes(32))("Ковалёв П.С.").startswith("P-")


def test_key_under_a_regular_file_is_a_user_error(home_under_a_file: Path) -> None:
    with pytest.raises(UserInputError, match="REFUSENIK_HOME"):
        privacy.pseudonym("Ковалёв П.С.")
    assert home_under_a_file.read_text() == "x"  # nothing overwritten


def test_refusenik_home_that_is_a_regular_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "home-file"
    blocker.write_text("keep me")
    monkeypatch.setenv("REFUSENIK_HOME", str(blocker))
    privacy.reset_key_cache()
    with pytest.raises(privacy.PseudonymKeyError, match="is a regular file, not a folder") as exc:
        privacy.pseudonym("Ковалёв П.С.")
    message = str(exc.value)
    assert str(blocker) in message and "REFUSENIK_HOME" in message
    assert "pseudonym key" in message and "\n" not in message
    assert "--db" not in message  # a database URL does not help the key
    assert blocker.read_text() == "keep me"


def test_parse_of_a_page_with_names_exits_2_with_advice(
    home_under_a_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["parse", str(CARD), "--url", CARD_URL, "--json"])
    assert exc.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "pseudonym key" in err and "REFUSENIK_HOME" in err
    assert "expected a" not in err  # not mistaken for a page the parser did not know
    assert "Traceback" not in err


def test_extract_exits_2_with_advice(
    home_under_a_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    act = tmp_path / "act.txt"
    act.write_text(ACT, encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(act), "--json"])
    assert exc.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "pseudonym key" in err and "REFUSENIK_HOME" in err


def test_read_only_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the key a read-only folder is a user error; as root chmod does not stop
    writes, so there the key is made as usual. Either way a key already there is used."""
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setenv("REFUSENIK_HOME", str(home))
    privacy.reset_key_cache()
    try:
        if RUNNING_AS_ROOT:
            assert privacy.pseudonym("Ковалёв П.С.").startswith("P-")
            assert (home / privacy.KEY_FILE).exists()
        else:
            with pytest.raises(privacy.PseudonymKeyError, match="REFUSENIK_HOME"):
                privacy.pseudonym("Ковалёв П.С.")
            assert list(home.iterdir()) == []  # no stray temporary file
    finally:
        home.chmod(stat.S_IRWXU)


def test_an_existing_key_is_read_from_a_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "ro-with-key"
    home.mkdir()
    (home / privacy.KEY_FILE).write_text(bytes(range(32)).hex())
    home.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setenv("REFUSENIK_HOME", str(home))
    privacy.reset_key_cache()
    try:
        got = privacy.pseudonym("Ковалёв П.С.")
    finally:
        home.chmod(stat.S_IRWXU)
    assert got == privacy.Pseudonymiser(key=bytes(range(32)))("Ковалёв П.С.")


def test_a_damaged_key_is_reported_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / privacy.KEY_FILE).write_text("not hex at all")
    monkeypatch.setenv("REFUSENIK_HOME", str(tmp_path))
    privacy.reset_key_cache()
    with pytest.raises(privacy.PseudonymKeyError, match="damaged"):
        privacy.pseudonym("Ковалёв П.С.")
    assert (tmp_path / privacy.KEY_FILE).read_text() == "not hex at all"


def test_the_key_is_made_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFUSENIK_HOME", str(tmp_path / "new"))
    privacy.reset_key_cache()
    first = privacy.pseudonym("Ковалёв П.С.")
    key = (tmp_path / "new" / privacy.KEY_FILE).read_bytes()
    privacy.reset_key_cache()
    assert privacy.pseudonym("Ковалёв П.С.") == first
    assert (tmp_path / "new" / privacy.KEY_FILE).read_bytes() == key
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == [privacy.KEY_FILE]
