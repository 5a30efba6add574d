"""The final main punishment of one defendant, read from that defendant's text ranges.

When a sentence first gives a term per article and then combines them (ст. 69, 70, 74),
only what follows the combining clause («окончательно назначить», «по совокупности»)
counts. The term belongs to the kind of punishment it stands next to: before it in the
dative («к 6 годам колонии») or after it («лишения свободы на срок 2 года»).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from refusenik.extract.model import Additional, Punishment
from refusenik.extract.terms import Quantity, Scanner, Term
from refusenik.law.vocab import PunishmentKind as K
from refusenik.law.vocab import Regime

# A word start is written after the word («штраф(?<!\wштраф)», not «\bштраф»): the same
# matches, but a pattern that opens with letters lets the regex engine jump from one
# occurrence of them to the next instead of trying every position of the text.
_KINDS = (
    (
        K.DISCIPLINARY_UNIT,
        re.compile(
            r"(?:содержани\w+\s+)?(?:в\s+)?дисциплинарн\w+\s+(?:воинск\w+\s+част\w+|батальон\w*)|\bдисбат\w*"
        ),
    ),
    (K.RESTRICTION_OF_SERVICE, re.compile(r"ограничени\w+\s+по\s+(?:военной\s+)?службе")),
    (K.RESTRICTION_OF_FREEDOM, re.compile(r"ограничени\w+\s+свободы")),
    (
        K.IMPRISONMENT,
        re.compile(
            r"лишени\w+\s+свободы|колони(?<!\wколони)(?:и|ю|я|ей|ях)\b(?:-поселени\w+)?"
            r"|тюрьм(?<!\wтюрьм)\w+|тюремн(?<!\wтюремн)\w+|пожизненн(?<!\wпожизненн)\w+"
            r"|заключени(?<!\wзаключени)\w+\b(?!\s+под\s+страж)(?!\s+(?:контракт|эксперт|договор|соглашени|мирового|брак|сделк|специалист))|реальн\w+\s+срок\w*"
        ),
    ),
    (K.COMPULSORY_WORKS, re.compile(r"обязательн\w+\s+работ\w*")),
    (K.CORRECTIONAL_LABOUR, re.compile(r"исправительн\w+\s+работ\w*")),
    (K.FORCED_LABOUR, re.compile(r"принудительн\w+\s+работ\w*")),
    (K.ARREST, re.compile(r"арест(?<!\wарест)(?:а|ом|у)?\b(?!,?\s+налож)(?!\s+на\s+имуществ)")),
    (
        K.FINE,
        re.compile(
            r"штраф(?<!\wштраф)(?<!судебного штраф)(?<!судебный штраф)(?<!административного штраф)"
            r"(?:а|ом|у)?\b|оштрафова(?<!\wоштрафова)\w+"
        ),
    ),
    (K.SUSPENDED, re.compile(r"условн(?<!\wусловн)(?:о|ого|ым)\b(?!-)(?!\s+осужд)")),
)
_KIND_RX = dict(_KINDS)
_PRISON_PART = re.compile(r"перв\w+|из\s+(?:них|которых)|отбывани\w+|остальн\w+")
# Ст. 73 also suspends these; the kind stays what the court imposed, with art73 set
# («к году дисбата условно»). `suspended` means suspended imprisonment.
SUSPENDABLE_KEEP_KIND = (K.DISCIPLINARY_UNIT, "restriction_of_service", "correctional_labour")
_FINAL = re.compile(
    r"замен\w+|окончательн\w*|по\s+совокупности|путем\s+(?:частичного|полного)\s+(?:сложения|присоединения)"
    r"|поглощения\s+менее\s+строгого"
)
_SUSPENDED = re.compile(
    r"условн(?<!\wусловн)(?:о|ым|ого|ое)\b(?!-)(?!\s+осуждени\w*\s+по\s+приговор)"
    r"|испытательн(?<!\wиспытательн)\w+\s+срок|73 ук(?<!\w73 ук)|статьи 73\b"
)
_PROBATION = re.compile(r"испытательн\w+\s+срок\w*")
_REGIMES = (
    (Regime.SETTLEMENT, re.compile(r"колони\w*[- ]поселени\w*")),
    (Regime.GENERAL, re.compile(r"общего\s+режима")),
    (Regime.STRICT, re.compile(r"строгого\s+режима")),
    (Regime.SPECIAL, re.compile(r"особого\s+режима")),
)
_ART64 = re.compile(
    r"(?:ст\.|статьи|статьей|статьи)\s*64\s+(?:ук|уголовного)|ниже\s+низшего\s+предела"
)
_DEDUCTION = re.compile(r"удерж\w+")
_RANK = re.compile(
    r"лишени\w+\s+(?:его\s+)?(?:воинского\s+|специального\s+)?звани\w+|лиш\w+\s+(?:[^;]{0,60}?\s)?воинского\s+звани\w+|лишил\w*\s+(?:его\s+)?звани"
)
_BAN = re.compile(
    r"лиш\w+\s+(?:его\s+|ее\s+)?права\s+(?:занимать|заниматься|управл)|запрет\w*\s+(?:занимать|заниматься)"
    r"|лиш\w+\s+(?:его\s+|ее\s+)?водительск\w+\s+(?:прав|удостоверени)"
)
_BAN_SCOPES = (
    # «права заниматься деятельностью, связанной с управлением транспортными средствами»
    ("driving", re.compile(r"управл\w*\s+(?:транспорт|автомоб|\w+\s+транспорт)|водительск")),
    ("positions", re.compile(r"занимать(?!ся)")),
    ("activity", re.compile(r"заниматься")),
)
# «первые три года в тюрьме», «с отбыванием трёх лет в тюрьме»: the words after a term
# that put that part of it in prison.
_IN_PRISON_AFTER = re.compile(r"\s*(?:[а-яё]+\s+){0,3}?в\s+тюрьм")
# Sentences that mention a term which is not the court's punishment: credit for custody
# and preventive measures.
_SKIP_CONTEXT = re.compile(
    r"зачесть|из\s+расчета|содержани\w+\s+под\s+стражей|мер\w+\s+пресечения"
    # What the law allows is not what the court gave: «грозит до десяти лет».
    r"|\bгрози\w*|может\s+(?:\S+\s+)?(?:обернуться|грозить|получить|составить)|предусматрива\w+"
    r"|\bсанкци\w+|максимальн\w+\s+(?:наказани|срок)"
)
# Clauses quoting what the prosecution asked for: press releases print the request beside
# the sentence actually given, often in the same sentence («…просил семь лет, однако суд…»).
_REQUEST_CONTEXT = re.compile(
    r"(?:обвинител\w*|прокурор\w*|прокуратур\w*|обвинени\w+|следстви\w*)\s+(?:\w+\s+){0,2}"
    r"(?:просил|просит|запрашива|запросил|требова|требует|потребова|предлага|добива|настаива)"
    r"|(?:просил|запрашивал|требовал)\w*\s+(?:суд\s+)?(?:назначить|для|приговорить)"
)
_REQUEST_VERB = re.compile(
    r"\b(?:просит|просил\w*|запросил\w*|запрашива\w+|потребовал\w*|требует|требовал\w*)\s+"
    r"(?:\S+\s+){0,3}?(?:назначить|приговорить|для|наказани|лишить|осудить)"
)
_COURT_DECIDED = re.compile(
    r"\bсуд\w*\s+(?:\S+\s+){0,3}?(?:приговорил|назначил|осудил|оштрафовал|определил)"
    r"|\bоднако\b|\bно\s+суд|\bприговорил|\bосужден|\bприговорен"
)
_MAY_GET = re.compile(r"может\s+(?:\S+\s+)?получить|грозит|грозило|может\s+грозить")
_GAP_WORDS = {
    "в",
    "воспитательной",
    "воспитательную",
    "исправительную",
    "условного",
    "условно",
    "реального",
    "реальной",
    "исправительной",
    "виде",
    "и",
    ",",
}


@dataclass
class Found:
    punishment: Punishment
    spans: dict[str, tuple[int, int]]


# Words of which every match of a pattern holds one: a text without any is not scanned.
_NEEDS: dict[re.Pattern[str], tuple[str, ...]] = {
    _KIND_RX[K.DISCIPLINARY_UNIT]: ("дисциплинарн", "дисбат"),
    _KIND_RX[K.RESTRICTION_OF_SERVICE]: ("ограничени",),
    _KIND_RX[K.RESTRICTION_OF_FREEDOM]: ("ограничени",),
    _KIND_RX[K.COMPULSORY_WORKS]: ("обязательн",),
    _KIND_RX[K.CORRECTIONAL_LABOUR]: ("исправительн",),
    _KIND_RX[K.FORCED_LABOUR]: ("принудительн",),
    _KIND_RX[K.ARREST]: ("арест",),
    _KIND_RX[K.FINE]: ("штраф",),
    _KIND_RX[K.SUSPENDED]: ("условн",),
    _FINAL: ("замен", "окончательн", "совокупности", "путем", "поглощения"),
    _SUSPENDED: ("условн", "испытательн", "73"),
    _PROBATION: ("испытательн",),
    _ART64: ("64", "ниже"),
    _DEDUCTION: ("удерж",),
    _RANK: ("звани",),
    _BAN: ("права", "занимать", "водительск"),
}


@lru_cache(maxsize=512)
def _all_matches(rx: re.Pattern, low: str) -> tuple[tuple[re.Match, ...], tuple[int, ...]]:
    """Every match of a pattern in one text, found once, and their starts: each
    defendant's ranges only select from them."""
    needs = _NEEDS.get(rx)
    if needs is not None and not any(word in low for word in needs):
        return (), ()
    found = tuple(rx.finditer(low))
    return found, tuple(m.start() for m in found)


def _search(rx: re.Pattern, low: str, ranges: list[tuple[int, int]]) -> list[re.Match]:
    """The matches lying wholly inside each range, range by range. Matches do not overlap,
    so both their starts and their ends ascend: those inside a range are one run."""
    found, starts = _all_matches(rx, low)
    out: list[re.Match] = []
    for a, b in ranges:
        i = bisect_left(starts, a)
        while i < len(found) and found[i].end() <= b:
            out.append(found[i])
            i += 1
    return out


def _clip(ranges: list[tuple[int, int]], start: int) -> list[tuple[int, int]]:
    return [(max(a, start), b) for a, b in ranges if b > start]


def _keywords(low: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for kind, rx in _KINDS:
        for m in _search(rx, low, ranges):
            out.append((m.start(), m.end(), kind))
    out.sort()
    return out


@lru_cache(maxsize=1024)  # keyed by the whole text: a long crawl must not keep thousands
def _in_skipped_clause(low: str, pos: int) -> bool:
    """True inside a credit-for-custody, preventive-measure or prosecution-request clause."""
    lo = max(low.rfind(".", 0, pos), low.rfind(";", 0, pos), low.rfind("\n", 0, pos))
    if _SKIP_CONTEXT.search(low, lo + 1, pos):
        return True
    clause = max(lo, low.rfind(",", 0, pos))
    if _REQUEST_CONTEXT.search(low, clause + 1, pos):
        return True
    # «Государственный обвинитель на процессе в … просит назначить наказание в виде 23 лет»:
    # a request verb earlier in the sentence, and no decision of the court after it.
    requests = list(_REQUEST_VERB.finditer(low, lo + 1, pos))
    request = requests[-1] if requests else None
    if request is not None and not _COURT_DECIDED.search(low, request.end(), pos):
        return True
    # «19 лет заключения может получить …»: what may happen, said after the term.
    end = _clause_end(low, pos)
    return bool(_MAY_GET.search(low, pos, min(end, pos + 60)))


def _clause_end(low: str, pos: int) -> int:
    ends = [x for x in (low.find(".", pos), low.find(";", pos), low.find("\n", pos)) if x >= 0]
    return min(ends) if ends else len(low)


def _in_release_clause(low: str, pos: int) -> bool:
    """«освободить от отбывания наказания условно» (ст. 80.2) is not a suspended sentence."""
    lo = max(low.rfind(".", 0, pos), low.rfind(";", 0, pos), low.rfind("\n", 0, pos))
    return "освобод" in low[lo + 1 : pos]


def _term_before(sc: Scanner, kw_start: int) -> Term | None:
    ti = sc.token_at(kw_start)
    for term in reversed(sc.terms):
        if term.end > kw_start:
            continue
        gap = sc.tokens[term.last + 1 : ti]
        if len(gap) <= 2 and all(t.text in _GAP_WORDS for t in gap):
            return term
        return None
    return None


def _boundary(low: str, start: int, limit: int) -> int:
    """End of the clause that starts at `start`: «;», a line break or a sentence end."""
    m = re.compile(r";|\n|\.\s+(?=[а-яе])(?<!ст\.\s)(?<!ч\.\s)(?<!п\.\s)").search(low, start, limit)
    return m.start() if m else limit


def _term_after(sc: Scanner, start: int, limit: int, max_tokens: int = 25) -> Term | None:
    ti = sc.token_at(start)
    for term in sc.terms:
        if term.start < start:
            continue
        if term.start >= limit or term.first - ti > max_tokens:
            return None
        return term
    return None


def _qty_after(
    sc: Scanner, unit: str, start: int, limit: int, max_tokens: int = 25
) -> Quantity | None:
    ti = sc.token_at(start)
    for q in sc.qs:
        if q.unit != unit or q.start < start:
            continue
        if q.start >= limit or q.first - ti > max_tokens:
            return None
        return q
    return None


def _qty_before(sc: Scanner, unit: str, kw_start: int) -> Quantity | None:
    ti = sc.token_at(kw_start)
    for q in reversed(sc.qs):
        if q.end > kw_start:
            continue
        if q.unit == unit and ti - q.last <= 3:
            return q
        return None
    return None


_DASHES = {"-", "–", "—"}
_LIMIT_WORDS = {"менее", "более", "ниже", "выше", "свыше", "превышающий", "превышающем"}


def _ranged(sc: Scanner, first: int, last: int) -> str | None:
    """'range' when a term or sum is one end of a range («от 8 лет до 16 лет», «11-15
    годам», «на сроки от 17 до 28 лет»), 'limit' for a bare upper bound («до 50 тысяч»),
    else None. Neither gives anyone's own term."""
    toks = sc.tokens
    prev = toks[first - 1].text if first >= 1 else ""
    if prev == "до":
        lo = max(0, first - 8)
        return "range" if any(t.text == "от" for t in toks[lo:first]) else "limit"
    if prev in _DASHES and first >= 2 and toks[first - 2].kind == "num":
        return "range"
    if prev in _LIMIT_WORDS:
        return "limit"  # «не менее 25000 и не более 500 млн рублей»: what the law allows
    back = {t.text for t in toks[max(0, first - 2) : first]}
    if "от" in back and any(t.text == "до" for t in toks[last + 1 : last + 8]):
        return "range"
    return None


_SENTENCE_VERB = re.compile(
    r"осуди|осужд|приговор|получил|получа|назначил|назначен|отправил|дали\b|дал\b|лишил"
)
_ANY_KIND = re.compile("|".join(f"(?:{rx.pattern})" for _k, rx in _KINDS))


def _implicit(low: str, sc: Scanner, ranges: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Terms that state a sentence without naming its kind: «двое — к 10 годам», «его
    осудили на пять лет». The kind is the one the text named last, else imprisonment."""
    out = []
    for a, b in ranges:
        for term in sc.terms:
            if term.start < a or term.end > b or term.first < 1 or term.months is None:
                continue
            prev = sc.tokens[term.first - 1].text
            if prev == "к" or (
                prev in _DASHES and term.first >= 2 and sc.tokens[term.first - 2].kind == "word"
            ):
                pass  # «к 10 годам», «Петрову – 6 лет»
            elif prev == "по" and (
                any(
                    _SENTENCE_VERB.match(t.text)
                    for t in sc.tokens[max(0, term.first - 5) : term.first]
                )
                or (term.first >= 2 and sc.tokens[term.first - 2].text in _DASHES)
            ):
                pass  # «двое получили по пять лет», «Петров и Сидоров — по 21 году»
            elif prev == "на":
                back = sc.tokens[max(0, term.first - 5) : term.first - 1]
                dash = term.first >= 2 and sc.tokens[term.first - 2].text in _DASHES
                if not dash and not any(_SENTENCE_VERB.match(t.text) for t in back):
                    continue  # «Петрову — на три года» needs no verb
            else:
                continue
            if _ANY_KIND.search(low, term.end, min(len(low), term.end + 30)):
                continue  # the kind follows: the explicit keyword reads this term
            out.append((term.start, term.end, "implicit"))
    return out


def sole_regime(low: str, sc: Scanner) -> tuple[Regime, tuple[int, int]] | None:
    """The one regime a press text names for everybody («Отбывать наказание все будут в
    колониях строгого режима», «к срокам от 8 до 12 лет строгого режима»), or None when it
    names none or several, or names it only beside one person's own term."""
    seen: dict[Regime, tuple[int, int]] = {}
    general = False
    for name, rx in _REGIMES:
        for m in rx.finditer(low):
            if _in_skipped_clause(low, m.start()):
                continue
            seen.setdefault(name, (m.start(), m.end()))
            general = general or not _beside_own_term(low, sc, m.start())
    if len(seen) != 1 or not general:
        return None
    name, span = next(iter(seen.items()))
    return name, span


def _prison_part(sc: Scanner, low: str, start: int, end: int) -> Term | None:
    """The part of the term to be served in prison («первые 3 года в тюрьме»), stated
    after the punishment keyword at `start` and before `end`."""
    for term in sc.terms:
        if start < term.start < end and term.months is not None:
            if _IN_PRISON_AFTER.match(low, term.end):
                return term
    return None


def exact_term_after(sc: Scanner, low: str, start: int, end: int) -> Term | None:
    """The first term in [start, end) that states one person's exact sentence (not a
    range, a limit or «первые N лет»), outside requests and credits."""
    for term in sc.terms:
        if term.start < start or term.start >= end or term.months is None:
            continue
        before = sc.tokens[term.first - 1].text if term.first else ""
        if _ranged(sc, term.first, term.last) is None and not before.startswith("перв"):
            if not _in_skipped_clause(low, term.start):
                return term
    return None


def _own_term_elsewhere(
    sc: Scanner, low: str, pos: int, own: tuple[int, int], months: int | None
) -> bool:
    """True when the sentence of `pos` states an exact term other than `own` (a
    restatement of the same term, as a body repeats a headline, does not count)."""
    lo = max(low.rfind(".", 0, pos), low.rfind(";", 0, pos), low.rfind("\n", 0, pos))
    if own[0] > lo:
        return False
    for term in sc.terms:
        if lo < term.start < pos and term.months is not None and term.months != months:
            before = sc.tokens[term.first - 1].text if term.first else ""
            if _ranged(sc, term.first, term.last) is None and not before.startswith("перв"):
                return True
    return False


def _beside_own_term(low: str, sc: Scanner, pos: int) -> bool:
    """True when the clause of `pos` states one exact term («к 17 годам колонии строгого
    режима») or life imprisonment, which makes the regime that person's own."""
    lo = max(
        low.rfind(".", 0, pos),
        low.rfind(";", 0, pos),
        low.rfind(",", 0, pos),
        low.rfind("\n", 0, pos),
    )
    if "пожизненн" in low[lo + 1 : pos]:
        return True  # «к пожизненному заключению в колонии особого режима»: theirs alone
    for term in sc.terms:
        if lo < term.start < pos and term.months is not None:
            before = sc.tokens[term.first - 1].text if term.first else ""
            if _ranged(sc, term.first, term.last) is None and not before.startswith("перв"):
                return True
    return False


def _int(value: float | None) -> int | None:
    return None if value is None else round(value)


def find_punishment(low: str, sc: Scanner, ranges: list[tuple[int, int]]) -> Found | None:
    """The final main punishment in `ranges`, or None when no punishment is stated.

    A specific statement beats a vague one: when the first mention of a custodial sentence
    gives no term («получил реальный срок», «отправили в колонию»), a later one that does
    («к пяти годам колонии») is the sentence, as long as it is the same kind.
    """
    found = _choose(low, sc, ranges)
    if found is not None:
        _apply_change(low, sc, ranges, found)
    return found


_CHANGE = re.compile(
    r"(?:снижен\w*|снизил\w*|сократил\w*|сокращен\w*|смягчил\w*|уменьшил\w*|уменьшен\w*"
    r"|увеличил\w*|увеличен\w*|ужесточил\w*)\s+(?:\S+\s+){0,4}?до\s+"
)


def _apply_change(low: str, sc: Scanner, ranges: list[tuple[int, int]], found: Found) -> None:
    """An appeal's change overrides the first sentence: «срок снижен до 4 лет», «сумма
    снижена до 2,5 млн»."""
    p = found.punishment
    kstart = found.spans["kind"][0]
    for m in _search(_CHANGE, low, ranges):
        if m.start() < kstart or _in_skipped_clause(low, m.start()):
            continue
        if p.kind == "fine":
            q = _qty_after(sc, "rub", m.end(), m.end() + 40, 4)
            if q is not None and q.value is not None:
                p.fine_rub = _int(q.value)
                found.spans["fine_rub"] = (q.start, q.end)
        elif p.kind in ("imprisonment", "suspended") or p.kind in SUSPENDABLE_KEEP_KIND:
            term = _term_after(sc, m.end(), m.end() + 40, 4)
            if term is not None and term.months is not None:
                p.term_months = term.months
                found.spans["term_months"] = (term.start, term.end)


def _choose(low: str, sc: Scanner, ranges: list[tuple[int, int]]) -> Found | None:
    """The first statement of a punishment, or a later, more specific one of the same kind."""
    first = _find(low, sc, ranges, None)
    headline_end = _headline_end(low)
    if first is not None and headline_end and first.spans["kind"][0] < headline_end:
        # A headline rounds («к восьми годам»); the body states the sentence in full.
        body = _find(low, sc, _clip(ranges, headline_end), None)
        tries = 0
        while body is not None and _vague(body) and tries < 4:
            tries += 1
            body = _find(low, sc, ranges, body.spans["kind"][1])
        if (
            body is not None
            and body.punishment.kind == first.punishment.kind
            and (body.punishment.term_months, body.punishment.fine_rub) != (None, None)
        ):
            first = body
    found = first
    tries = 0
    while found is not None and _vague(found) and tries < 4:
        tries += 1
        later = _find(low, sc, ranges, found.spans["kind"][1])
        if later is None or _family(later) != _family(found):
            break
        if not _vague(later):
            if later.punishment.regime is None and first is not None:
                later.punishment.regime = first.punishment.regime
            return later
        found = later
    if first is not None:
        return _in_full(low, sc, ranges, first)
    return first


def _in_full(low: str, sc: Scanner, ranges: list[tuple[int, int]], first: Found) -> Found:
    """A lead rounds a term to whole years («к трём годам колонии»); when the text later
    states the same kind with its months («к двум годам и десяти месяцам»), within half
    a year of the round figure, that is the sentence."""
    p = first.punishment
    if p.kind not in ("imprisonment", "suspended") or p.term_months is None:
        return first
    if p.term_months % 12:
        return first
    after = first.spans["kind"][1]
    if not any(
        t.start > after
        and t.months is not None
        and t.months % 12
        and abs(t.months - p.term_months) <= 6
        and any(a <= t.start < b for a, b in ranges)
        for t in sc.terms
    ):
        return first  # no term with months near it: nothing to look for
    later = _find(low, sc, ranges, first.spans["kind"][1])
    tries = 0
    while later is not None and tries < 3:
        tries += 1
        q = later.punishment
        if (
            q.kind == p.kind
            and q.term_months is not None
            and q.term_months % 12
            and abs(q.term_months - p.term_months) <= 6
        ):
            if q.regime is None:
                q.regime = p.regime
            return later
        later = _find(low, sc, ranges, later.spans["kind"][1])
    return first


def _skip_space(low: str, pos: int) -> int:
    while pos < len(low) and low[pos] == " ":
        pos += 1
    return pos


def _family(found: Found) -> str:
    kind = found.punishment.kind
    return "custodial" if kind in ("imprisonment", "suspended") else kind


def _vague(found: Found) -> bool:
    """A custodial sentence without a term, or a fine without an amount."""
    p = found.punishment
    if p.kind == "imprisonment":
        return p.term_months is None and "term_range" not in found.spans and not p.life
    if p.kind == "fine":
        return p.fine_rub is None
    return False


def _headline_end(low: str) -> int:
    """End of a press text's headline: a first line under 200 characters without a final
    stop, followed by more text; 0 when the text has no headline."""
    nl = low.find("\n")
    if 0 < nl < 200 and not low[:nl].rstrip().endswith(".") and len(low) > nl + 40:
        return nl
    return 0


def _find(low: str, sc: Scanner, ranges: list[tuple[int, int]], after: int | None) -> Found | None:
    """The punishment whose keyword is the first one in `ranges` (past `after`, if given)."""
    if not ranges:
        return None
    limit = max(b for _a, b in ranges)
    finals = _search(_FINAL, low, ranges)
    zone = ranges
    for final in reversed(finals):
        clipped = _clip(ranges, final.start())
        if any(not _in_skipped_clause(low, k[0]) for k in _keywords(low, clipped)):
            zone = clipped
            break
    spans: dict[str, tuple[int, int]] = {}
    main = None
    replaced = zone is not ranges and low.startswith("замен", zone[0][0])
    for start, end, kind in sorted(_keywords(low, zone) + _implicit(low, sc, zone)):
        if after is not None and start < after:
            continue
        if _in_skipped_clause(low, start):
            continue
        if replaced and kind == "imprisonment":
            continue  # «заменить … лишение свободы принудительными работами» (ст. 53.1)
        if (
            kind == "imprisonment"
            and low.startswith("тюр", start)
            and _PRISON_PART.search(low, max(0, start - 50), start)
        ):
            continue  # «первые 3 года в тюрьме»: part of a longer term, not the sentence
        if kind == "arrest":
            term = _term_before(sc, start) or _term_after(sc, end, _boundary(low, end, limit), 6)
            if term is None:
                continue
        main = (start, end, kind)
        break
    if main is None:
        return None
    kstart, kend, kind = main
    spans["kind"] = (kstart, kend)
    implicit_term = None
    if kind == "implicit":
        implicit_term = next(t for t in sc.terms if t.start == kstart)
        earlier = [k for k in _keywords(low, [(0, kstart)]) if not _in_skipped_clause(low, k[0])]
        kind = earlier[-1][2] if earlier else "imprisonment"
        if kind in ("fine", "compulsory_works", "arrest"):
            kind = "imprisonment"
    clause_end = _boundary(low, kend, limit)
    zone_end = max(b for _a, b in zone)
    probation_m = _search(_PROBATION, low, [(kstart, zone_end)])
    term_limit = min(clause_end, probation_m[0].start()) if probation_m else clause_end
    p = Punishment(kind=K.IMPRISONMENT if kind == K.SUSPENDED else K(kind))

    if kind in ("fine",):
        q = _qty_after(sc, "rub", kend, term_limit) or _qty_before(sc, "rub", kstart)
        if q is not None and _ranged(sc, q.first, q.last) is None:
            p.fine_rub = _int(q.value)
            spans["fine_rub"] = (q.start, q.end)
    elif kind == "compulsory_works":
        q = _qty_before(sc, "hour", kstart) or _qty_after(sc, "hour", kend, term_limit)
        if q is not None:
            p.hours = _int(q.value)
            spans["hours"] = (q.start, q.end)
    else:
        if "воспитательн" in low[max(0, kstart - 16) : kstart]:
            p.juvenile_colony = True
        if "пожизненн" in low[max(0, kstart - 16) : kend]:
            term = None  # life imprisonment has no term
            p.life = True
            spans["life"] = (kstart, kend)
        else:
            term = implicit_term or _term_before(sc, kstart) or _term_after(sc, kend, term_limit)
        how = _ranged(sc, term.first, term.last) if term is not None else None
        if term is not None and how is not None:
            spans[f"term_{how}"] = (term.start, term.end)
        elif term is not None:
            p.term_months = term.months
            p.term_days = term.days if term.days else None
            spans["term_months"] = (term.start, term.end)

    after_kw = [(kstart, zone_end)]
    susp = [
        m
        for m in _search(_SUSPENDED, low, after_kw)
        or _search(_SUSPENDED, low, [(max(0, kstart - 12), kstart)])
        if not _in_release_clause(low, m.start())
    ]
    if kind == "suspended" or susp:
        if kind not in ("fine", "compulsory_works", "arrest"):
            if kind not in SUSPENDABLE_KEEP_KIND:
                p.kind = K.SUSPENDED
            p.art73 = True
            m = susp[0] if susp else None
            spans["art73"] = (m.start(), m.end()) if m else (kstart, kend)
    if p.kind != "suspended" and p.kind not in SUSPENDABLE_KEEP_KIND:
        p.art73 = False
    elif p.art73 is None:
        p.art73 = False
    if probation_m:
        term = _term_after(
            sc, probation_m[0].end(), _boundary(low, probation_m[0].end(), zone_end), 8
        )
        if term is not None:
            p.probation_months = term.months
            spans["probation_months"] = (term.start, term.end)
            if p.kind in SUSPENDABLE_KEEP_KIND:
                p.art73 = True
            elif p.kind != "suspended" and kind not in ("fine", "compulsory_works", "arrest"):
                p.kind = K.SUSPENDED
                p.art73 = True
        elif p.kind == "imprisonment" and probation_m[0].start() - kend < 150:
            # «дали три года, но освободили от отбывания с испытательным сроком»: a probation
            # period, even of unstated length, makes the term a suspended one.
            p.kind = K.SUSPENDED
            p.art73 = True
            spans["art73"] = (probation_m[0].start(), probation_m[0].end())
    if (
        p.kind == "suspended"
        and p.probation_months is None
        and "term_months" in spans
        and _PROBATION.match(low, _skip_space(low, spans["term_months"][1]))
    ):
        # «к двум годам испытательного срока»: the number is the probation period; the
        # suspended term itself is not stated.
        p.probation_months, p.term_months = p.term_months, None
        spans["probation_months"] = spans.pop("term_months")
    if p.kind == "imprisonment":
        own = spans.get("term_months", (kstart, kend))
        for name, rx in _REGIMES:
            # A regime in another sentencing statement («Ранее … приговорил к 17 годам
            # колонии строгого режима браконьера») belongs to that statement's person.
            ms = [
                m
                for m in _search(rx, low, after_kw)
                if not _own_term_elsewhere(sc, low, m.start(), own, p.term_months)
            ]
            if ms:
                p.regime = name
                spans["regime"] = (ms[0].start(), ms[0].end())
                break
        else:
            if "поселени" in low[kstart:kend]:
                p.regime = Regime.SETTLEMENT
                spans["regime"] = (kstart, kend)
    if p.kind in ("restriction_of_service", "correctional_labour", "forced_labour"):
        deductions = _search(_DEDUCTION, low, [(kend, clause_end + 1)])
        if deductions:
            q = _qty_after(sc, "pct", deductions[0].end(), zone_end, 8)
            if q is not None:
                p.deduction_percent = q.value
                spans["deduction_percent"] = (q.start, q.end)
    art64 = _search(_ART64, low, ranges)
    if art64:
        p.art64 = True
        spans["art64"] = (art64[0].start(), art64[0].end())

    # Additional punishments stated with the final one.
    extra_zone = [(kend, zone_end)]
    for m in _search(_RANK, low, extra_zone)[:1]:
        p.additional.append(Additional(K.STRIPPED_OF_RANK))
        spans["additional.stripped_of_rank"] = (m.start(), m.end())
    if p.kind != "fine":
        for m in _search(_KIND_RX[K.FINE], low, extra_zone):
            if _in_skipped_clause(low, m.start()):
                continue
            q = _qty_after(sc, "rub", m.end(), _boundary(low, m.end(), zone_end), 20)
            p.additional.append(Additional(K.FINE, fine_rub=_int(q.value) if q else None))
            spans["additional.fine"] = (m.start(), q.end if q else m.end())
            break
    for m in _search(_BAN, low, extra_zone)[:1]:
        term = _term_after(sc, m.end(), _boundary(low, m.end(), zone_end), 40)
        said = low[m.start() : min(m.end() + 80, zone_end)]
        scope = next((name for name, rx in _BAN_SCOPES if rx.search(said)), None)
        p.additional.append(
            Additional(K.BAN, term_months=term.months if term else None, scope=scope)
        )
        spans["additional.ban"] = (m.start(), term.end if term else m.end())
    if p.kind == "imprisonment":
        prison = _prison_part(sc, low, kstart, zone_end)
        if prison is not None:
            p.prison_months = prison.months
            spans["prison_months"] = (prison.start, prison.end)
    if p.kind != "restriction_of_freedom":
        for m in _search(_KIND_RX[K.RESTRICTION_OF_FREEDOM], low, extra_zone)[:1]:
            term = _term_after(sc, m.end(), _boundary(low, m.end(), zone_end), 8)
            p.additional.append(
                Additional(K.RESTRICTION_OF_FREEDOM, term_months=term.months if term else None)
            )
            spans["additional.restriction_of_freedom"] = (m.start(), m.end())
    return Found(p, spans)
