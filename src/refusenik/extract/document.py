"""What kind of text this is: a criminal act, a press release about a sentencing, or neither.

A text that is not about a criminal case (an administrative fine, a civil dispute) yields
no defendants, and the result says so in its ``document_type``.
"""

from __future__ import annotations

import re

_CRIMINAL = re.compile(
    r"\bук\s*рф\b|уголовн\w+\s+(?:дел|кодекс|преследовани|закон|ответственност)|подсудим|осужденн|\bприговор(?:а|у|ом)?\b"
    r"|\bприговорил|\bприговорен|лишени\w+ свободы|колони\w+ (?:общего|строгого|особого)|военн\w+ суд"
    r"|колони\w+[- ]поселени|дисциплинарн\w+ воинск"
)
_NON_CRIMINAL = re.compile(
    r"административн\w+\s+правонарушени|гражданск\w+\s+(?:дел|процессуальн)|кас\s+рф|гпк\s+рф"
    r"|административного\s+судопроизводства|\bкоап\b|административн\w+\s+(?:штраф|ответственност|дел)"
)
# A press release that names no article still reports a sentence: «Суд оштрафовал
# призывника на 100 тысяч рублей», «назначил наказание … в виде штрафа».
_SENTENCED = re.compile(
    r"\bоштрафовал|\bоштрафован|назначил[аи]?\s+(?:\S+\s+){0,4}?наказани|наказани\w+\s+в\s+виде"
    r"|уклонени\w+\s+от\s+(?:призыва|военной\s+службы|прохождения\s+военной)"
    r"|\bосудил\w*|\bосужд[её]н\w*|\bприговорил\w*|\bприговор[её]н\w*"
    r"|\bпризнал\w*\s+(?:\S+\s+){0,4}?виновн"
    r"|\bоправда(?:л|н|тельн)\w*"
)


def is_criminal(low: str, start: int | None) -> bool:
    """Criminal if the operative part (or, without one, most of the text) speaks of crime."""
    if start is not None:
        return bool(_CRIMINAL.search(low, start))
    criminal = len(_CRIMINAL.findall(low))
    non_criminal = len(_NON_CRIMINAL.findall(low))
    if criminal == 0 and non_criminal == 0:
        return bool(_SENTENCED.search(low))
    return criminal > non_criminal
