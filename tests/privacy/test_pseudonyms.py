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


def test_a_pseudonymiser_object_holds_its_own_key_and_cache():
    one = privacy.Pseudonymiser(key=bytes(range(32)))
    other = privacy.Pseudonymiser(key=bytes(range(1, 33)))
    assert one("Сидоров С.С.") == one("Сидоров Семён Семёнович")
    assert one("Сидоров С.С.") != other("Сидоров С.С.")
    assert one("Сидоров С.С.").startswith(privacy.PREFIX)
    # the object never looks at the data folder: same answer whatever REFUSENIK_HOME says
    again = privacy.Pseudonymiser(key=bytes(range(32)))
    assert again("Сидоров С.С.") == one("Сидоров С.С.")


def test_a_short_key_is_refused():
    import pytest

    with pytest.raises(ValueError):
        privacy.Pseudonymiser(key=b"short")


def test_a_bounded_cache_keeps_answers_right_after_it_fills():
    p = privacy.Pseudonymiser(key=bytes(32), cache_size=2)
    first = p("Антонов А.А.")
    for name in ("Борисов Б.Б.", "Васильев В.В.", "Григорьев Г.Г."):
        p(name)
    assert p("Антонов А.А.") == first
    assert len(p._cache) <= 2


def test_the_default_instance_uses_the_key_file_of_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("REFUSENIK_HOME", str(tmp_path))
    privacy.reset_key_cache()
    got = privacy.pseudonym("Дмитриев Д.Д.")
    key = bytes.fromhex((tmp_path / privacy.KEY_FILE).read_text().strip())
    assert got == privacy.Pseudonymiser(key=key)("Дмитриев Д.Д.")


def test_one_page_pins_one_instance_and_restores_the_default(tmp_path, monkeypatch):
    outside = privacy.default_pseudonymiser()
    with privacy.one_page() as page:
        monkeypatch.setenv("REFUSENIK_HOME", str(tmp_path / "elsewhere"))
        assert privacy.default_pseudonymiser() is page is outside
    assert privacy.default_pseudonymiser() is not outside  # the new folder is in force again
