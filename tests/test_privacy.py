import os
import stat

from refusenik import privacy


def test_same_person_in_full_and_with_initials_gets_one_pseudonym():
    a = privacy.pseudonym("Иванов Иван Иванович")
    assert a == privacy.pseudonym("ИВАНОВ И.И.")
    assert a == privacy.pseudonym("  Иванов   И. И. ")
    assert a.startswith("P-") and len(a) == 10
    assert "Иванов" not in a


def test_different_people_differ_and_scope_separates_placeholders():
    assert privacy.pseudonym("Иванов Иван Иванович") != privacy.pseudonym("Петров Иван Иванович")
    assert privacy.pseudonym("ФИО1", scope="case-1") != privacy.pseudonym("ФИО1", scope="case-2")
    assert privacy.pseudonym("ФИО1", scope="case-1") == privacy.pseudonym("ФИО1", scope="case-1")


def test_key_is_created_private_and_changes_pseudonyms(tmp_path, monkeypatch):
    first = privacy.pseudonym("Сидоров С.С.")
    key = privacy.key_path()
    assert key.exists()
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    monkeypatch.setenv("REFUSENIK_HOME", str(tmp_path / "other"))
    privacy.reset_key_cache()
    assert privacy.pseudonym("Сидоров С.С.") != first


def test_redaction_placeholders_are_recognised():
    assert privacy.is_redacted("ФИО1")
    assert privacy.is_redacted("Информация скрыта")
    assert privacy.is_redacted("<данные изъяты>")
    assert not privacy.is_redacted("Фионов А.А.")
