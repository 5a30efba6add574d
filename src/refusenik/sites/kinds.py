"""Page-kind markers shared by every template, found in the raw bytes.

Courts answer HTTP 200 to captchas, throttling and "no data", so the content decides;
the status only adds what the content cannot say (429, 5xx). The markers are searched in
the bytes in both encodings a page can come in, which costs microseconds and needs no
tree. The refusal markers are checked before anything else: a throttle or captcha page
still carries the site's menus and forms, and must never be read as "no cases".
"""

from __future__ import annotations

from refusenik.sites.base import PageKind

Markers = dict[str, tuple[bytes, ...]]  # encoding → the marker texts in that encoding


def _both(*texts: str) -> Markers:
    return {
        "utf-8": tuple(t.encode("utf-8") for t in texts),
        "windows-1251": tuple(t.encode("cp1251") for t in texts),
        "koi8-r": tuple(t.encode("koi8-r") for t in texts),
    }


# PHP database warnings as text («Warning: pg_connect(») and with html_errors on
# («<b>Warning</b>:  pg_connect(», two spaces); the same bytes in every encoding.
_PHP_WARNINGS = tuple(
    f"{warning}{call}(".encode("ascii")
    for warning in ("Warning: ", "<b>Warning</b>:  ", "<b>Warning</b>: ")
    for call in ("pg_connect", "pg_query", "pg_pconnect")
)
# Every PHP warning above holds this word: a page without it needs no scan for each.
_PHP_GATE = b"Warning"
assert all(_PHP_GATE in w for w in _PHP_WARNINGS)

# Order matters: the first group that matches wins.
REFUSAL_MARKERS: tuple[tuple[PageKind, Markers], ...] = (
    (PageKind.THROTTLED, _both("Информация временно недоступна")),
    (
        PageKind.GEO_BLOCKED,
        _both("заблокирован по соображениям безопасности", "Данный запрос некорректен"),
    ),
    (
        PageKind.SERVER_ERROR,
        {
            enc: (_PHP_GATE, *texts)
            for enc, texts in _both("производится информационное наполнение сайта").items()
        },
    ),
    (
        PageKind.CAPTCHA_ERROR,
        _both("Неверно указан проверочный код", "Время жизни сессии закончилось"),
    ),
)
EMPTY_RESULT = _both("Данных по запросу не обнаружено")
EMPTY_DOCUMENT = _both("ПУСТОЙ ДОКУМЕНТ")
LISTING_COUNTER = _both("Всего по запросу найдено")
SERVER_CHOICE = _both("Выберите сервер", "несколько серверов")


def has(body: bytes, markers: Markers, encoding: str | None = None) -> bool:
    """Any marker in `body`; only in the page's `encoding` when it is known."""
    groups = (markers[encoding],) if encoding in markers else markers.values()
    return any(_found(m, body) for group in groups for m in group)


def _found(marker: bytes, body: bytes) -> bool:
    if marker is _PHP_GATE:  # one scan for the word, the nine warnings only where it is
        return _PHP_GATE in body and any(w in body for w in _PHP_WARNINGS)
    return marker in body


def refusal_kind(
    body: bytes, status: int | None = None, encoding: str | None = None
) -> PageKind | None:
    """Throttle, block, server error or captcha error, from the content and the status."""
    for kind, markers in REFUSAL_MARKERS:
        if has(body, markers, encoding):
            return kind
    if status == 429:
        return PageKind.THROTTLED
    return None


def status_kind(status: int | None) -> PageKind | None:
    """What the status alone says when the content said nothing we know."""
    if status is None:
        return None
    if status == 429:
        return PageKind.THROTTLED
    if status >= 500:
        return PageKind.SERVER_ERROR
    return None
