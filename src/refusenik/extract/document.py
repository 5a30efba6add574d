"""What kind of text this is: a criminal act, a press release about a sentencing, a
report of an administrative (КоАП) punishment, or none of these.

A text that is not about a criminal case yields no defendants, and the result says so in
its ``document_type``. A press text about an administrative punishment («оштрафовал по
ст. 20.3.3 КоАП») is read like a sentencing, but typed ``administrative`` so its fine or
hours are never counted as a criminal sentence.
"""

from __future__ import annotations

import re

# Word starts are checked behind the word («приговорил(?<!\wприговорил)», not
# «\bприговорил»): the same matches, found faster, as the engine can jump between
# occurrences of a pattern's first letters.
_CRIMINAL = re.compile(
    r"ук(?<!\wук)\s*рф\b|уголовн\w+\s+(?:дел|кодекс|преследовани|закон|ответственност)|подсудим|осужденн|приговор(?<!\wприговор)(?:а|у|ом)?\b"
    r"|приговорил(?<!\wприговорил)|приговорен(?<!\wприговорен)|лишени\w+ свободы|колони\w+ (?:общего|строгого|особого)|военн\w+ суд"
    r"|колони\w+[- ]поселени|дисциплинарн\w+ воинск"
)
_NON_CRIMINAL = re.compile(
    r"административн\w+\s+правонарушени|гражданск\w+\s+(?:дел|процессуальн)|кас\s+рф|гпк\s+рф"
    r"|административного\s+судопроизводства|коап(?<!\wкоап)\b|административн\w+\s+(?:штраф|ответственност|дел)"
)
# Signs of a civil or administrative-procedure (КАС) dispute: no one is punished there.
_CIVIL = re.compile(
    r"гражданск\w+\s+(?:дел|процессуальн)|кас\s+рф|гпк\s+рф|административного\s+судопроизводства"
    r"|иск(?<!\wиск)(?:а|ом|у|и|ов|ам)?\b|исков(?<!\wисков)"
)
# Signs of an offence under the Code of Administrative Offences (КоАП).
_ADMINISTRATIVE = re.compile(
    r"административн\w+\s+(?:правонарушени|штраф|ответственност|дел|наказани|арест)|коап(?<!\wкоап)\b"
)
# A press release that names no article still reports a sentence: «Суд оштрафовал
# призывника на 100 тысяч рублей», «назначил наказание … в виде штрафа».
_SENTENCED = re.compile(
    r"оштрафовал(?<!\wоштрафовал)|оштрафован(?<!\wоштрафован)|назначил[аи]?\s+(?:\S+\s+){0,4}?наказани|наказани\w+\s+в\s+виде"
    r"|уклонени\w+\s+от\s+(?:призыва|военной\s+службы|прохождения\s+военной)"
    r"|осудил(?<!\wосудил)\w*|осужд[её]н(?<!\wосужд[её]н)\w*|приговорил(?<!\wприговорил)\w*"
    r"|приговор[её]н(?<!\wприговор[её]н)\w*"
    r"|признал(?<!\wпризнал)\w*\s+(?:\S+\s+){0,4}?виновн"
    r"|оправда(?<!\wоправда)(?:л|н|тельн)\w*"
    r"|получил(?<!\wполучил)\w*\s+(?:\S+\s+){0,2}?(?:штраф|срок|наказани)"
)
# An administrative text that reports a punishment: a fine, hours of work, an arrest.
_PUNISHED = re.compile(r"штраф|обязательн\w+\s+работ|\bарест|наказани")


CRIMINAL_ACT = "criminal_act"
PRESS_RELEASE = "press_release"
ADMINISTRATIVE = "administrative"
NON_CRIMINAL = "non_criminal"


def document_type(low: str, start: int | None) -> str:
    """The kind of text: a criminal act (it has an operative part), a press text about a
    sentencing, a press text about an administrative punishment, or none of these."""
    if is_criminal(low, start):
        return PRESS_RELEASE if start is None else CRIMINAL_ACT
    if (
        start is None
        and _ADMINISTRATIVE.search(low)
        and not _CIVIL.search(low)
        and (_SENTENCED.search(low) or _PUNISHED.search(low))
    ):
        return ADMINISTRATIVE
    return NON_CRIMINAL


def is_criminal(low: str, start: int | None) -> bool:
    """Criminal if the operative part (or, without one, most of the text) speaks of crime."""
    if start is not None:
        return bool(_CRIMINAL.search(low, start))
    criminal = len(_CRIMINAL.findall(low))
    non_criminal = len(_NON_CRIMINAL.findall(low))
    if criminal == 0 and non_criminal == 0:
        return bool(_SENTENCED.search(low))
    return criminal > non_criminal


_ADMINISTRATIVE_ADJECTIVE = re.compile(r"административн\w+(?=\s+(?:штраф|арест|наказани))")


def plain_punishment_words(low: str) -> str:
    """An administrative text with «административный» blanked before its punishment words
    («административного штрафа» → «штрафа»), so the punishment is read as in a sentencing
    (the criminal reading skips administrative fines on purpose). Offsets are kept."""
    return _ADMINISTRATIVE_ADJECTIVE.sub(lambda m: " " * len(m.group(0)), low)
