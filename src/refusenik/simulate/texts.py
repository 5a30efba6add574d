"""Generated act texts and press releases in the wording of law.md §4.

Acts are anonymised the way the saved district act is: the defendant as initials in
`<span class="FIO1">`, birth dates as ДД.ММ.ГГГГ, addresses as <адрес>, and wrapped in
`<span style="TEXT-ALIGN: justify"><p …>` paragraphs like the real `div#cont_doc1` content.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from html import escape

from refusenik.simulate import punishments as pun
from refusenik.simulate.charges import Charge
from refusenik.simulate.records import Case, PressRelease, stable_int

MONTHS_GEN = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()

RANK_GENITIVE = {
    "рядовой": "рядового",
    "ефрейтор": "ефрейтора",
    "младший сержант": "младшего сержанта",
    "сержант": "сержанта",
    "старший сержант": "старшего сержанта",
    "прапорщик": "прапорщика",
    "лейтенант": "лейтенанта",
}

P_J = '<p style="TEXT-ALIGN: justify; TEXT-INDENT: 0.5in">'
P_C = '<p style="TEXT-ALIGN: center; TEXT-INDENT: 0.5in">'
P_R = '<p style="TEXT-ALIGN: right; TEXT-INDENT: 0.5in">'

_DEEDS = {
    "337": (
        "в период мобилизации, являясь военнослужащим, проходящим военную службу по "
        "контракту, без уважительных причин не явился в срок на службу в воинскую часть, "
        "дислоцированную в <адрес>, с целью временно уклониться от прохождения военной службы"
    ),
    "338": "самовольно оставил место службы в целях уклонения от прохождения военной службы",
    "332": "отказался от участия в военных и боевых действиях, не исполнив приказ командира",
    "339": "уклонился от исполнения обязанностей военной службы путём подлога документов",
    "352.1": "добровольно сдался в плен, находясь в районе проведения специальной военной операции",
    "328": "без законных оснований для освобождения уклонился от призыва на военную службу",
}


def long_date(d: date) -> str:
    """«06 мая 2026 года», as acts date themselves."""
    return f"{d.day:02d} {MONTHS_GEN[d.month - 1]} {d.year} года"


def _charges_act(charges: tuple[Charge, ...]) -> str:
    if len(charges) == 1:
        return charges[0].act
    return ", ".join(c.act.replace(" УК РФ", "") for c in charges) + " УК РФ"


def crime_phrase(charges: tuple[Charge, ...]) -> str:
    """«преступления, предусмотренного ч. 5 ст. 337 УК РФ» or the plural for several."""
    if len(charges) == 1:
        return f"преступления, предусмотренного {charges[0].act}"
    return f"преступлений, предусмотренных {_charges_act(charges)}"


def _fio(initials: str) -> str:
    return f'<span class="FIO1">{escape(initials)}</span>'


def act_paragraphs(case: Case) -> list[str]:
    """The act's paragraphs as HTML `<p>` elements."""
    d = case.defendants[0]
    court = escape(case.court.name)
    military = case.court.kind == "garrison_military"
    fio = _fio(d.person.initials)
    kind_word = "ПРИГОВОР" if case.act_type == "Приговор" else "ПОСТАНОВЛЕНИЕ"
    paras = [
        f"{P_R}дело № {escape(case.number)}</p>",
        f"{P_C}{kind_word}</p>",
        f"{P_C}ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ</p>" if kind_word == "ПРИГОВОР" else "",
        f"{P_J}{long_date(case.decision_date)}</p>",
        f"{P_J}{court} в составе председательствующего судьи "
        f"{escape(case.judge.genitive_short)},</p>",
        f'{P_J}при секретаре судебного заседания <span class="FIO2">ФИО2</span>,</p>',
        f"{P_J}с участием государственного обвинителя — "
        f"{'военного прокурора гарнизона' if military else 'помощника прокурора района'} "
        '<span class="FIO3">ФИО3</span>,</p>',
        f'{P_J}подсудимого {fio} и его защитника — адвоката <span class="FIO4">ФИО4</span>,</p>',
        f"{P_J}рассмотрев в открытом судебном заседании уголовное дело в отношении</p>",
        f'{P_J}{fio}, <span class="Data2">ДД.ММ.ГГГГ</span> года рождения, уроженца '
        '<span class="Address2">&lt;адрес&gt;</span>, гражданина Российской Федерации'
        + (f", военнослужащего, {RANK_GENITIVE.get(d.rank, d.rank)}" if d.rank else "")
        + ", ранее не судимого,</p>",
        f"{P_J}обвиняемого в совершении {escape(crime_phrase(d.charges))},</p>",
        f"{P_C}УСТАНОВИЛ:</p>",
        f'{P_J}{fio} <span class="Data2">ДД.ММ.ГГГГ</span> '
        f"{escape(_DEEDS.get(d.charges[0].article, 'совершил преступление при обстоятельствах, изложенных в обвинении'))}.</p>",
        f"{P_J}В судебном заседании подсудимый вину признал полностью, в содеянном раскаялся.</p>",
        f"{P_C}{'ПРИГОВОРИЛ' if kind_word == 'ПРИГОВОР' else 'ПОСТАНОВИЛ'}:</p>",
    ]
    for para in pun.operative_part(
        d.outcome,
        defendant=fio,
        crime=escape(crime_phrase(d.charges)),
        rank=escape(d.rank) if d.rank else None,
        dative=_fio(d.person.initials),
    ):
        paras.append(f"{P_J}{para}</p>")
    paras.append(
        f"{P_J}Приговор может быть обжалован в апелляционном порядке в течение 15 суток со дня "
        "его провозглашения.</p>"
        if kind_word == "ПРИГОВОР"
        else f"{P_J}Постановление может быть обжаловано в течение 15 суток.</p>"
    )
    paras.append(f"{P_J}Председательствующий {escape(case.judge.short)}</p>")
    return [p for p in paras if p]


def act_html(case: Case) -> str:
    """The embedded act as real pages carry it (see sudrf-formats §3.5)."""
    body = "\n".join(act_paragraphs(case))
    return (
        '<meta content="text/html; charset=Windows-1251" http-equiv="Content-Type">\n'
        f'<span style="TEXT-ALIGN: justify">\n{body}\n</span>'
    )


def press_release(case: Case, rng: random.Random) -> PressRelease:
    """A press-service item in news wording (law.md §4: «приговорил к … годам …»)."""
    d = case.defendants[0]
    p = d.outcome.punishment
    assert p is not None
    court = case.court.name
    who = f"{RANK_GENITIVE.get(d.rank or '', 'военнослужащего')} {d.person.genitive_short}"
    charge = d.charges[0]
    title = f"Вынесен приговор по делу о преступлении, предусмотренном {charge.act}"
    paras = (
        f"{long_date(case.decision_date).replace(' года', ' г.')} {court} вынес приговор по "
        f"уголовному делу в отношении {who}, признанного виновным в совершении "
        f"{crime_phrase(d.charges)}.",
        f"Суд установил, что подсудимый {_DEEDS.get(charge.article, 'совершил преступление')}.",
        f"Суд приговорил его {pun.news_sentence(p)}."
        + (
            " Осуждённый взят под стражу в зале суда."
            if p.kind == "imprisonment" and not p.suspended
            else ""
        ),
        "Приговор в законную силу не вступил.",
    )
    pr_date = case.decision_date + timedelta(days=rng.randint(0, 3))
    return PressRelease(
        id=stable_int(case.seed, case.court.code, case.number, "press", bits=20),
        date=pr_date,
        title=title,
        paragraphs=paras,
        case_number=case.number_at(case.decision_date),
    )
