"""Press releases quote what the prosecutor asked for beside what the court gave."""

from refusenik.extract import extract


def _punishment(text: str) -> dict:
    (defendant,) = extract(text).to_dict()["defendants"]
    return defendant["punishment"]


def test_prosecutor_request_is_not_the_sentence():
    text = (
        "Государственный обвинитель просил назначить подсудимому семь лет лишения свободы. "
        "Суд приговорил рядового П. к шести годам и одному месяцу колонии общего режима."
    )
    p = _punishment(text)
    assert (p["kind"], p["term_months"], p["regime"]) == ("imprisonment", 73, "general")


def test_request_for_real_term_does_not_override_suspended_sentence():
    text = (
        "Сторона обвинения запрашивала для подсудимого два года колонии-поселения, однако суд "
        "приговорил Иванова к полутора годам лишения свободы условно с испытательным сроком в один год."
    )
    p = _punishment(text)
    assert (p["kind"], p["term_months"], p["probation_months"]) == ("suspended", 18, 12)


def test_rank_stripping_with_words_between():
    text = (
        "ПРИГОВОРИЛ: Признать ФИО1 виновным в совершении преступления, предусмотренного "
        "ч. 5 ст. 337 УК РФ, и назначить ему наказание в виде лишения свободы на срок 5 лет "
        "с отбыванием наказания в исправительной колонии общего режима, с лишением на "
        "основании ст. 48 УК РФ воинского звания «сержант»."
    )
    kinds = [a["kind"] for a in _punishment(text)["additional"]]
    assert kinds == ["stripped_of_rank"]
