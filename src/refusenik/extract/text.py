"""Turn the plain text of an act or press release into one normalised string that
patterns can trust.

The extractor reads text only: a court page is turned into its act's text by
`refusenik.sites.act_plain_text` first. Texts arrive as copies broken one character per line, with hyphenated line ends, spaced-out headings
(«П О С Т А Н О В И Л») and several spellings of the redaction placeholder. Every later
offset refers to the string returned by :func:`normalise`, so spans shown to a user point
at exactly the text the extractor read.
"""

from __future__ import annotations

import re
from itertools import islice

from refusenik.errors import UserInputError

REDACTED = "<данные изъяты>"
# The longest act seen on a court site is well under 1 MB; past 10 MB an input is a dump
# or a mistake, and reading it would take gigabytes of memory and most of a minute.
MAX_INPUT_BYTES = 10 * 1024 * 1024
# The most text read for defendants: the operative part of an act (after its last
# «ПРИГОВОРИЛ:»), or a whole press text. A long act is fine (its reasoning is only
# scanned: 10 MB take seconds), but reading per defendant grows faster than the text
# (a 2 MB press text took a quarter of a minute), and past this much it is several acts
# or releases run together: refused at once instead.
MAX_READ_CHARS = 200_000

# Markup a court page starts with: such input is a page, not a text.
_HTML_HINT = re.compile(r"<\s*(?:!doctype|html|body|div|p|br|table|span|head)\b", re.IGNORECASE)

# (Substituted by pattern, not `str.translate`: a text holding none of them, the usual
# case, is then passed over in C instead of character by character.)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile("[\u00a0\u2002\u2003\u2007\u2009\u202f\t\f\v]")
_REDACTION = re.compile(
    r"[<‹{\[«(]\s*(?:данные|дата|номер|адрес|сумма|информация|сведения)\s+"
    r"(?:изъят[аоы]?|скрыт[аоы]?)\s*[>›}\]»)]",
    re.IGNORECASE,
)
# (The letter before the hyphen is checked behind it, so the engine jumps from hyphen to
# hyphen.)
_HYPHEN_BREAK = re.compile(r"-(?<=[а-яёa-z]-)[ \t]*\n[ \t]*(?=[а-яё])")
_SPACED_WORD = re.compile(r"(?<![\w])(?:[А-ЯЁа-яё] ){4,}[А-ЯЁа-яё](?![\w])")
_INLINE_WS = re.compile(r"[ ]{2,}")
_BREAKS = re.compile(r" *\n[\n ]*")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Letters of other Cyrillic alphabets (Ukrainian, Belarusian, Kazakh…) that Russian lacks.
_FOREIGN_LETTERS = re.compile(r"[іїєґўәғқңөұүһІЇЄҐЎӘҒҚҢӨҰҮҺ]")
_ANY_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORDS = re.compile(r"[а-яёіїєґўәғқңөұүһ]{3,}")
# Frequent words spelled this way in Russian but not in Ukrainian, Belarusian or Kazakh.
_RUSSIAN_ONLY = frozenset(
    "что это был была были было его она они который которая которые года лет суда суд также "
    "как или после если приговор приговорил лишения свободы колонии наказание виде срок".split()
)
SAMPLE_WORDS = 80  # enough to tell the language; pymorphy costs ~7 µs a word


def _not_russian(text: str) -> str | None:
    """Why the text is in another Cyrillic language, or None if it reads as Russian.

    Two signs, so a Russian act quoting a Ukrainian place name still passes: letters
    Russian does not have, or most words unknown to the Russian dictionary.
    """
    sample = text[:20000]
    foreign = len(_FOREIGN_LETTERS.findall(sample))
    if foreign >= 3:  # (Cyrillic letters are counted only then: most texts have none)
        cyrillic = len(_ANY_CYRILLIC.findall(sample))
        if foreign > 0.03 * cyrillic:
            return (
                f"{foreign} of its {cyrillic} Cyrillic letters (і, ї, є, ә, қ, ү …) are not Russian"
            )
    from refusenik.morph import analyzer

    words = [m.group(0) for m in islice(_WORDS.finditer(sample.lower()), SAMPLE_WORDS)]
    if len(words) < 5:
        return None
    if sum(1 for w in words if w in _RUSSIAN_ONLY) >= 3:
        return None  # words only Russian writes: no need to ask the dictionary
    morph = analyzer()
    unknown = sum(1 for w in words if not morph.word_is_known(w.replace("ё", "е")))
    if unknown > 0.5 * len(words):
        return f"{unknown} of its first {len(words)} words are not Russian words"
    return None


def looks_like_html(raw: str) -> bool:
    """Whether the input is a web page rather than a text (its markup starts early)."""
    return bool(_HTML_HINT.search(raw[:5000]))


def _join_one_char_lines(text: str) -> str:
    """Undo copies that store one character per line (a blank line was a space)."""
    lines = text.split("\n")
    filled = [ln for ln in lines if ln.strip()]
    if len(filled) < 20:
        return text
    short = sum(1 for ln in filled if len(ln.strip()) <= 1)
    if short / len(filled) < 0.8:
        return text
    out = []
    for ln in lines:
        ch = ln.strip()
        out.append(ch if ch else " ")
    return "".join(out)


def normalise(text: str) -> str:
    """Whitespace, line-break and placeholder repair; keeps line breaks as structure."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    text = _join_one_char_lines(text)
    text = _HYPHEN_BREAK.sub("", text)
    text = _REDACTION.sub(REDACTED, text)
    text = _SPACED_WORD.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _INLINE_WS.sub(" ", text)
    text = _BREAKS.sub("\n", text)
    return text.strip()


def lowered(text: str) -> str:
    """Lower case with ё→е, same length as the input so offsets carry over."""
    low = text.lower().replace("ё", "е")
    if len(low) != len(text):  # a few non-Russian letters change length when lowered
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text).replace("ё", "е")
    return low


def too_long_to_read(chars: int, operative: bool) -> UserInputError:
    """The error for a text whose part read for defendants exceeds `MAX_READ_CHARS`."""
    part = (
        "its operative part (after the last «ПРИГОВОРИЛ:», «ПОСТАНОВИЛ:» …) is"
        if operative
        else "it has no operative part and is"
    )
    return UserInputError(
        f"{part} {chars:,} characters long: at most {MAX_READ_CHARS:,} are read for "
        "defendants — give one court act or press release, not a collection"
    )


def input_too_big(size: int) -> UserInputError:
    return UserInputError(
        f"the input is {size / 1024 / 1024:.1f} MB: at most {MAX_INPUT_BYTES // 1024 // 1024} MB "
        "is read — give one court act or press release, not a collection"
    )


def decode_bytes(data: bytes) -> str:
    """The text of a file, refused when empty, binary or enormous; the encoding (UTF-8 or
    the court servers' Windows-1251) is told the way court pages are told."""
    from refusenik.sites.decode import decode

    if len(data) > MAX_INPUT_BYTES:
        raise input_too_big(len(data))
    if not data.strip():
        raise UserInputError("the input is empty: give the text or HTML of a court act")
    if b"\x00" in data:
        raise UserInputError("the input is binary (it contains NUL bytes), not a text or HTML page")
    text = decode(data)
    if _odd_share(text) > 0.05:
        raise UserInputError(
            "the input is binary or in an unknown encoding (not UTF-8 or Windows-1251)"
        )
    return text


def _odd_share(text: str) -> float:
    """Share of characters Russian text does not use: control codes and the Serbian,
    Ukrainian and Belarusian letters that random bytes turn into under Windows-1251."""
    sample = text[:20000]
    odd = 0
    for ch in sample:
        code = ord(ch)
        if (code < 32 and ch not in "\t\n\r\f") or ch == "\ufffd":
            odd += 1
        elif (0x400 <= code <= 0x40F or 0x450 <= code <= 0x45F) and ch not in "Ёё":
            odd += 1
    return odd / max(1, len(sample))


def prepare(raw: str) -> str:
    """Validate and normalise a text; raises `UserInputError` for what cannot be an act."""
    if len(raw) > MAX_INPUT_BYTES // 2 and len(raw.encode("utf-8")) > MAX_INPUT_BYTES:
        raise input_too_big(len(raw.encode("utf-8")))
    if not raw or not raw.strip():
        raise UserInputError("the input is empty: give the text or HTML of a court act")
    if "\x00" in raw:
        raise UserInputError("the input is binary (it contains NUL bytes), not a text or HTML page")
    if looks_like_html(raw):
        raise UserInputError(
            "the input is an HTML page: give the act's text "
            "(`refusenik text extract PAGE.html` reads the act out of a court page)"
        )
    text = normalise(raw)
    if not text:
        raise UserInputError("the input has no text")
    if not _CYRILLIC.search(text):
        raise UserInputError(
            "the input has no Cyrillic text: only Russian court acts and press releases can be read"
        )
    why = _not_russian(text)
    if why:
        raise UserInputError(
            f"the input is not Russian ({why}): only Russian court acts and press releases "
            "can be read"
        )
    return text
