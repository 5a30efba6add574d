"""Find article references («ч. 5 ст. 337 УК РФ», «ст.337 ч.5», «ст.ст. 30 ч.3, 228.1 ч.5» …) in text.

Court pages write references in both orders (part before or after the article), list several
under one keyword, spell parts as ordinals («частью второй.1»), flatten superscripts
(«ст. 3521» for 352.¹) and put the code only once at the end of a list. The parser reads a
*chain* — keywords, numbers and separators with nothing else between them — and gives the
code written at the end of the chain to every reference in it — except that a code other
than УК is not read back across «и» onto a reference it cannot fit (see `_inherits`). A chain
never crosses a word it does not know, so a code is never carried over from an unrelated
sentence.

Everything is compiled once at import: `parse_refs` runs on every listing row.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from refusenik.law.model import is_known

UK = "УК РФ"
KOAP = "КоАП РФ"
# Codes whose articles `known` is judged against the УК model (the text did not say otherwise).
UK_LIKE = (UK, None)
MAX_UK_ARTICLE = 361

# Dotted article numbers of УК РФ (from the Code's table of contents), used only to undo
# flattened superscripts: «ст. 3521» means 352.1 because УК РФ has no article 3521.
UK_DOTTED = frozenset(
    """
    53.1 63.1 72.1 76.1 76.2 78.1 80.1 80.2 82.1 104.1 104.2 104.3 104.4 104.5
    110.1 110.2 127.1 127.2 128.1 138.1 141.1 142.1 142.2 144.1 145.1 151.1 151.2
    158.1 159.1 159.2 159.3 159.5 159.6 170.1 170.2 171.1 171.2 171.3 171.4 171.5
    172.1 172.2 172.3 173.1 173.2 174.1 185.1 185.2 185.3 185.4 185.5 185.6 191.1
    193.1 199.1 199.2 199.3 199.4 200.1 200.2 200.3 200.4 200.5 200.6 200.7 201.1
    205.1 205.2 205.3 205.4 205.5 205.6 207.1 207.2 207.3 210.1 212.1 215.1 215.2
    215.3 215.4 217.1 217.2 222.1 222.2 223.1 226.1 228.1 228.2 228.3 228.4 230.1
    230.2 234.1 235.1 238.1 242.1 242.2 243.1 243.2 243.3 243.4 258.1 260.1 263.1
    264.1 264.2 264.3 267.1 271.1 274.1 274.2 275.1 276.1 280.1 280.2 280.3 280.4
    282.1 282.2 282.3 282.4 284.1 284.2 285.1 285.2 285.3 285.4 291.1 291.2 314.1
    322.1 322.2 322.3 327.1 327.2 330.1 330.2 352.1 354.1 356.1
    """.split()
)


@dataclass(frozen=True)
class ArticleRef:
    """One reference: article, part and point as written, the code named, and whether УК has it."""

    article: str
    part: str | None = None
    point: str | None = None
    code: str | None = None
    known: bool = False

    def __str__(self) -> str:
        """Canonical form, e.g. 'п. «а» ч. 2 ст. 158 УК РФ'; parses back to the same ref."""
        out = []
        if self.point is not None:
            out.append(f"п. «{self.point}»" if self.point.isalpha() else f"п. {self.point}")
        if self.part is not None:
            out.append(f"ч. {self.part}")
        out.append(f"ст. {self.article}")
        if self.code is not None:
            out.append(self.code)
        return " ".join(out)

    def as_dict(self) -> dict[str, str | bool | None]:
        return {
            "article": self.article,
            "part": self.part,
            "point": self.point,
            "code": self.code,
            "known": self.known,
        }


def normalise(refs: list[ArticleRef]) -> str:
    """Join refs in canonical form; ' | ' ends a chain so no code leaks to a neighbour."""
    return " | ".join(str(r) for r in refs)


# --- vocabulary --------------------------------------------------------------------------

_FLAGS = re.IGNORECASE
_L = r"(?<![а-яёa-z])"  # not glued to a preceding letter
_R = r"(?![а-яёa-z])"  # not glued to a following letter

_ORD_STEMS = {
    "перв": "1",
    "втор": "2",
    "трет": "3",
    "четверт": "4",
    "четвёрт": "4",
    "пят": "5",
    "шест": "6",
    "седьм": "7",
    "восьм": "8",
    "девят": "9",
    "десят": "10",
    "одиннадцат": "11",
    "двенадцат": "12",
}
_ORD_ENDINGS = r"(?:ая|ой|ую|ою|ей|ья|ье|ью|ьей|ьею|ый|ий|ого|ому|ым|ом|ые|ых|ыми|ое|ьи|ьих|ьим|ьими|ьего|ьему|ьем)"
_ORD = (
    r"(?P<ord>"
    + "|".join(sorted(_ORD_STEMS, key=len, reverse=True))
    + r")"
    + _ORD_ENDINGS
    + _R
    + r"(?:\.(?P<ordsub>\d{1,2})(?!\d))?"
)

_ART_KW = re.compile(
    _L
    + r"(?:ст\.?\s*ст\.?(?=\s*\d)|стст\.|ст\.|ст(?=\s*\d)"
    + r"|стать(?:я|и|е|ю|ей|ёй|ею|ям|ями|ях)"
    + _R
    + r"|статей"
    + _R
    + r"|articles?"
    + _R
    + r"|art\.)",
    _FLAGS,
)
_PART_KW = re.compile(
    _L
    + r"(?:ч\.?\s*ч\.|ч\.|ч(?=\s*\d)|част(?:ь|и|ью|ей|ям|ями|ях)"
    + _R
    + r"|parts?"
    + _R
    + r"|paragraphs?"
    + _R
    + r")",
    _FLAGS,
)
# Keywords that announce several parts («ч.ч. 3, 4», «частями 1 и 2», «parts 1 and 2»).
_PLURAL_PART_KW = re.compile(r"ч\.?\s*ч\.|част(?:ям|ями|ях)|parts", _FLAGS)
_POINT_KW = re.compile(
    _L
    + r"(?:п\.?\s*п\.|пп\.|п\.|п(?=\s*[«\"“„'‘]|\s*\d)"
    + r"|пункт(?:а|у|ом|е|ы|ов|ам|ами|ах)?"
    + _R
    + r")",
    _FLAGS,
)

_ARTICLE_NUM = re.compile(r"\s*([1-9]\d{0,3}(?:\.\d{1,3}){0,3})(?!\.?\d)")
_PART_VALUE = re.compile(r"\s*(?:(?P<num>[1-9]\d?(?:\.\d{1,2})?)(?!\.?\d)|" + _ORD + ")", _FLAGS)
_QUOTE_OPEN = "«\"“„'‘‹"
_QUOTE_CLOSE = "»\"”“'’›"
_LOOKALIKE = str.maketrans("aeopcxyk", "аеорсхук")
_POINT_VALUE = re.compile(
    r"\s*(?:"
    rf"[{_QUOTE_OPEN}]\s*(?P<quoted>[а-яёaeopcxyk](?:\s*,\s*[а-яёaeopcxyk])*)\s*[{_QUOTE_CLOSE}]"
    r"|(?P<paren>[а-яё])\)"
    r"|(?P<bare>[а-яё])(?![а-яёa-z\d])"
    r"|(?P<num>[1-9]\d?(?:\.\d{1,2})?)(?!\.?\d)"
    r"|" + _ORD + ")",
    _FLAGS,
)
# Joins inside a list of values under one keyword («ч. 3, 4», «статьями 337 и 338», «193-198»).
_LIST_SEP = re.compile(r"\s*(?:,|-|–|—|(?:и|или|либо|and|or)" + _R + r")", _FLAGS)
# Joins between references in one chain.
_CHAIN_SEP = re.compile(
    r"\s*(?:,|;|-|–|—|(?:и|или|либо|а\s+также|а\s+равно|and|or|of(?:\s+the)?)" + _R + r")",
    _FLAGS,
)

# The word joins after which a code written later is no longer taken back on trust.
_WORD_JOIN = re.compile(r"и|или|либо|а\s+также|а\s+равно|and|or", _FLAGS)

_LAST_CODE = "__last__"
# «настоящего Кодекса», «названного Федерального закона»: the act named last.
_ANAPHOR = r"(?:настоящ|данн|названн|указанн|вышеуказанн|эт|того\s+ж)\w*\s+(?:федеральн\w+\s+)?"
_CODES: list[tuple[str, str]] = [
    (_ANAPHOR + r"закон(?:а|у|ом|е)?" + _R, "ФЗ"),
    (
        r"(?:"
        + _ANAPHOR
        + r")?кодекс(?:а|у|ом|е)?"
        + _R
        + r"(?!\s+(?:РФ|российской|об|административного))",
        _LAST_CODE,
    ),
    (r"(?:УК|уголовн\w+\s+кодекс\w*)\s*РСФСР", "УК РСФСР"),
    (r"(?:УПК|уголовно-процессуальн\w+\s+кодекс\w*)\s*РСФСР", "УПК РСФСР"),
    (r"уголовно-процессуальн\w+\s+кодекс\w*", "УПК РФ"),
    (r"уголовно-исполнительн\w+\s+кодекс\w*", "УИК РФ"),
    (r"уголовн\w+\s+(?:кодекс|закон)\w*", UK),
    (
        r"кодекс\w*(?:\s+(?:РФ|российской\s+федерации))?\s+об\s+административных\s+правонарушениях",
        "КоАП РФ",
    ),
    (r"кодекс\w*\s+административного\s+судопроизводства", "КАС РФ"),
    (r"гражданск\w+\s+процессуальн\w+\s+кодекс\w*", "ГПК РФ"),
    (r"арбитражн\w+\s+процессуальн\w+\s+кодекс\w*", "АПК РФ"),
    (r"гражданск\w+\s+кодекс\w*", "ГК РФ"),
    (r"трудов\w+\s+кодекс\w*", "ТК РФ"),
    (r"налогов\w+\s+кодекс\w*", "НК РФ"),
    (r"жилищн\w+\s+кодекс\w*", "ЖК РФ"),
    (r"семейн\w+\s+кодекс\w*", "СК РФ"),
    (r"бюджетн\w+\s+кодекс\w*", "БК РФ"),
    (r"земельн\w+\s+кодекс\w*", "ЗК РФ"),
    (r"конституци\w*", "Конституция РФ"),
    (r"(?:федеральн\w+\s+)?закон(?:а|у|ом|е|ы|ов)?" + _R + r"|ФЗ" + _R, "ФЗ"),
    (
        r"другой\s+акт|инструкци\w*|положени[яюе]|правил|устав\w*|конвенци\w*"
        r"|постановлени\w+\s+пленума|пленум\w*|приказ\w*|указ\w*",
        "другой акт",
    ),
    (r"(?:the\s+)?(?:russian\s+)?criminal\s+procedure\s+code", "УПК РФ"),
    (r"(?:the\s+)?(?:russian\s+)?criminal\s+code", UK),
    (r"(?:the\s+)?code\s+of\s+administrative\s+offen[cs]es", "КоАП РФ"),
    (r"УПК", "УПК РФ"),
    (r"УИК", "УИК РФ"),
    (r"УК", UK),
    (r"КоАП", "КоАП РФ"),
    (r"КАС", "КАС РФ"),
    (r"ГПК", "ГПК РФ"),
    (r"АПК", "АПК РФ"),
    (r"ГК", "ГК РФ"),
    (r"ТК", "ТК РФ"),
    (r"НК", "НК РФ"),
    (r"ЖК", "ЖК РФ"),
    (r"СК", "СК РФ"),
]
_CODE_RE = re.compile(
    _L
    + "(?:"
    + "|".join(f"(?P<c{i}>{pat})" for i, (pat, _) in enumerate(_CODES))
    + r")"
    + r"(?:\s*(?:РФ|России|Российской\s+Федерации|of\s+(?:the\s+)?Russian\s+Federation)"
    + _R
    + ")?"
    + _R,
    _FLAGS,
)
_CODE_VALUES = {f"c{i}": value for i, (_, value) in enumerate(_CODES)}
# Where a chain may start. Every keyword opens with a letter at a word start, so that is
# tested first, once, rather than by each of the sixty-odd alternatives in turn: the same
# matches, three times faster over a text.
_KEYWORDS = (_ART_KW, _PART_KW, _POINT_KW, _CODE_RE)
assert all(p.pattern.startswith(_L) for p in _KEYWORDS)
_START = re.compile(
    r"(?=[а-яёa-z])" + _L + "(?:" + "|".join(p.pattern[len(_L) :] for p in _KEYWORDS) + ")",
    _FLAGS,
)
# What may follow a bare number for it to count as one more article of a list.
_LIST_END = re.compile(
    r"\s*(?:$|[,;.:)\]»\"”'(|\-–—]|(?:и|или|либо|а\s+также|and|or)" + _R + ")",
    _FLAGS,
)
_COLON = re.compile(r"\s*:")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_RUN = re.compile(r"(?<=\d)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# Every reference has an article number, so text without a digit has none.
_TRIGGER = re.compile(r"\d")


# --- the chain reader ----------------------------------------------------------------------


@dataclass
class _Spec:
    """Parts and points written before an article («п. «а» ч. 2» ст. …)."""

    items: list[tuple[str | None, list[str]]] = field(default_factory=list)
    points: list[str] = field(default_factory=list)

    def add_parts(self, parts: list[str]) -> None:
        for i, p in enumerate(parts):
            self.items.append((p, self.points if i == 0 else []))
        self.points = []

    def finish(self) -> list[tuple[str | None, list[str]]]:
        if self.points:
            self.items.append((None, self.points))
            self.points = []
        return self.items


def _value(m: re.Match[str]) -> str:
    if m.group("num"):
        return m.group("num")
    stem = m.group("ord").lower()
    number = _ORD_STEMS[stem]
    return f"{number}.{m.group('ordsub')}" if m.group("ordsub") else number


def _point_values(m: re.Match[str]) -> list[str]:
    if m.group("quoted"):
        return [v.strip().lower().translate(_LOOKALIKE) for v in m.group("quoted").split(",")]
    for name in ("paren", "bare"):
        if m.group(name):
            return [m.group(name).lower()]
    return [_value(m)]


def _read_list(
    text: str, pos: int, value_re: re.Pattern[str], points: bool
) -> tuple[list[str], int]:
    """Values under one keyword: «3, 4», «первой и второй», ««а», «б»»."""
    m = value_re.match(text, pos)
    if not m:
        return [], pos
    values = _point_values(m) if points else [_value(m)]
    pos = m.end()
    while True:
        sep = _LIST_SEP.match(text, pos)
        if not sep:
            break
        nxt = value_re.match(text, sep.end())
        if not nxt or (points and nxt.group("bare")):
            break
        values.extend(_point_values(nxt) if points else [_value(nxt)])
        pos = nxt.end()
    return values, pos


def _read_suffix(
    text: str, pos: int, part_first: bool
) -> tuple[list[tuple[str | None, list[str]]], int]:
    """Part/point written after the article («ст.173.1 ч.2 п.б»).

    A part followed by another article is ambiguous: «ч. 3 ст. 30 ч. 5 ст. 228.1» (parts
    written first) gives it to the next article, «ст.337 ч.5 ст.338 ч.3» (a listing cell
    whose line break was lost) to this one. The order used so far in the chain decides.
    """
    items: list[tuple[str | None, list[str]]] = []
    start = pos
    kw = _PART_KW.match(text, _skip(text, pos))
    if kw:
        if _PLURAL_PART_KW.fullmatch(kw.group(0)):
            parts, end = _read_list(text, kw.end(), _PART_VALUE, points=False)
        else:
            # «ст.ст. 69 ч. 5, 70»: after a singular «ч.» the next bare number is an article.
            one = _PART_VALUE.match(text, kw.end())
            parts, end = ([_value(one)], one.end()) if one else ([], kw.end())
        if not parts:
            return [], start
        if part_first and _ART_KW.match(text, _skip(text, end)):
            return [], start
        items = [(p, []) for p in parts]
        pos = end
    kw = _POINT_KW.match(text, _skip(text, pos))
    if kw:
        points, end = _read_list(text, kw.end(), _POINT_VALUE, points=True)
        if points and not (
            part_first
            and (_ART_KW.match(text, _skip(text, end)) or _PART_KW.match(text, _skip(text, end)))
        ):
            if items:
                part, _ = items[-1]
                items[-1] = (part, points)
            else:
                items = [(None, points)]
            pos = end
    return items, pos


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


_Items = list[tuple[str | None, list[str]]]


def _merge(prefix: _Items, suffix: _Items) -> _Items:
    if not suffix:
        return prefix
    if not prefix:
        return suffix
    # «п. «а» ст. 158 ч. 2»: points before, part after.
    if all(p is None for p, _ in prefix) and all(not pts for _, pts in suffix):
        points = [pt for _, pts in prefix for pt in pts]
        return [(p, points) for p, _ in suffix]
    return prefix + suffix


@dataclass
class _Raw:
    article: str
    part: str | None
    point: str | None
    code: str | None = None


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.last_code: str | None = None
        self.part_first = False  # the chain writes parts before articles («ч. 5 ст. 337»)
        self.out: list[_Raw] = []

    def code_at(self, pos: int) -> tuple[str, int] | None:
        m = _CODE_RE.match(self.text, pos)
        if not m:
            return None
        value = _CODE_VALUES[m.lastgroup or ""]
        if value == _LAST_CODE:
            return (self.last_code or ""), m.end()
        self.last_code = value
        return value, m.end()

    def chain(self, pos: int) -> int:
        """Read one chain from `pos`; return where it stopped (always > pos when anything matched)."""
        text = self.text
        pending: list[_Raw] = []
        joined = 0  # pending[:joined] were written before the last «и» between two references
        leading: str | None = None
        self.part_first = False
        spec = _Spec()
        while True:
            pos = _skip(text, pos)
            if m := _POINT_KW.match(text, pos):
                values, end = _read_list(text, m.end(), _POINT_VALUE, points=True)
                if not values:
                    pos = m.end()
                    break
                spec.points.extend(values)
                pos = end
                continue
            if m := _PART_KW.match(text, pos):
                values, end = _read_list(text, m.end(), _PART_VALUE, points=False)
                if not values:
                    pos = m.end()
                    break
                spec.add_parts(values)
                pos = end
                continue
            if m := _ART_KW.match(text, pos):
                pos = self.articles(m.end(), spec, pending)
                spec = _Spec()
                if pos == m.end():  # «данной статьи»: no number, the chain ends
                    break
                continue
            if found := self.code_at(pos):
                code, end = found
                for i, raw in enumerate(pending):
                    across = i < joined
                    raw.code = (code or None) if not across or _inherits(code, raw) else leading
                pending = []
                joined = 0
                pos = end
                if colon := _COLON.match(text, pos):  # «УК РФ: ст. 337 ч.5»
                    leading = code or None
                    pos = colon.end()
                continue
            if m := _CHAIN_SEP.match(text, pos):
                if _WORD_JOIN.fullmatch(m.group(0).strip()):
                    joined = len(pending)
                pos = m.end()
                continue
            break
        for raw in pending:
            raw.code = leading
        return pos

    def articles(self, pos: int, spec: _Spec, pending: list[_Raw]) -> int:
        text = self.text
        m = _ARTICLE_NUM.match(text, pos)
        if not m:
            return pos
        first = True
        prefix = spec.finish()
        if prefix:
            self.part_first = True
        while True:
            number = m.group(1)
            pos = m.end()
            suffix, pos = _read_suffix(text, pos, self.part_first)
            if suffix:
                self.part_first = False
            items = _merge(prefix if first else [], suffix) or [(None, [])]
            for part, points in items:
                options: list[str | None] = [*points] if points else [None]
                for point in options:
                    raw = _Raw(number, part, point)
                    pending.append(raw)
                    self.out.append(raw)
            first = False
            sep = _LIST_SEP.match(text, pos)
            if not sep:
                return pos
            m = _ARTICLE_NUM.match(text, sep.end())
            if not m or not self._ends_list_item(m.end()):
                return pos

    def _ends_list_item(self, pos: int) -> bool:
        text = self.text
        pos = _skip(text, pos)
        return bool(
            _LIST_END.match(text, pos)
            or _PART_KW.match(text, pos)
            or _ART_KW.match(text, pos)
            or _POINT_KW.match(text, pos)
            or _CODE_RE.match(text, pos)
        )


def _inherits(code: str, raw: _Raw) -> bool:
    """May a code written after «… и ст. X CODE» be read back onto an earlier `raw`?

    УК РФ may («ч. 5 ст. 337 и ч. 1 ст. 338 УК РФ»). Another code may not where it cannot
    fit: КоАП РФ numbers every article «chapter.article» (20.2, 19.3, 20.3.3), so a plain
    «337» is no КоАП article; and a part the УК model knows («ч. 5 ст. 337») stays УК rather
    than take, say, УПК from «и ст. 125 УПК РФ». Lists such as «ст. 19.3 и ст. 20.2 КоАП РФ»
    or «ст. 131 и ст. 132 УПК РФ» still share their code.
    """
    if code in UK_LIKE or not code:
        return True
    if code == KOAP and "." not in raw.article:
        return False
    return not is_known(_unflatten(raw.article), raw.part)


def _unflatten(article: str) -> str:
    """«3521» → «352.1» where УК РФ has 352.1 and cannot have 3521."""
    if "." in article or int(article) <= MAX_UK_ARTICLE:
        return article
    for cut in (len(article) - 1, len(article) - 2):
        if cut < 2:
            continue
        candidate = f"{article[:cut]}.{article[cut:]}"
        if candidate in UK_DOTTED:
            return candidate
    return article


def _prepare(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    if any(ch in text for ch in "⁰¹²³⁴⁵⁶⁷⁸⁹"):
        text = _SUPERSCRIPT_RUN.sub(lambda m: "." + m.group(1).translate(_SUPERSCRIPT), text)
    return _SPACES.sub(" ", text)


def parse_refs(text: str) -> list[ArticleRef]:
    """All article references in `text`, in order of first appearance, each once; never raises."""
    if not text or not isinstance(text, str) or not _TRIGGER.search(text):
        return []
    text = _prepare(text)
    reader = _Reader(text)
    pos = 0
    while True:
        m = _START.search(text, pos)
        if not m:
            break
        end = reader.chain(m.start())
        pos = max(end, m.start() + 1)
    seen: dict[ArticleRef, None] = {}
    for raw in reader.out:
        article = raw.article
        if raw.code in UK_LIKE:
            article = _unflatten(article)
        known = raw.code in UK_LIKE and is_known(article, raw.part)
        seen.setdefault(ArticleRef(article, raw.part, raw.point, raw.code, known), None)
    return list(seen)
