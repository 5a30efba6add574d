"""`refusenik …` (the arguments after the first) with a bug planted in the crawl: reading
any case card of the court named first raises, with a person's name in its message.

    python faulty_crawl.py 63GV0005 crawl --simulated URL …
    python faulty_crawl.py finish crawl --simulated URL --archive DIR --db URL …
    python faulty_crawl.py store:63GV0005 crawl --simulated URL --archive DIR --db URL …

For `test_callback_errors.py`: a bug inside refusenik while reading one court's pages
must be logged and counted, and the crawl go on with every other page and court; with
`finish`, the bug is in the store's last step after every page was read; with
`store:COURT`, in storing that court's cards (in the crawl's store process)."""

from __future__ import annotations

import sys
from typing import Any

from refusenik.crawl import sink as crawl_sink

BAD_COURT = sys.argv[1]
MESSAGE = "не прочитана карточка: Подсудимый Пересыпкин Иван Иванович"
_read = crawl_sink.MemorySink.page


def _faulty_page(self: Any, fetched: Any, context: Any, **kw: Any) -> Any:
    if fetched.court == BAD_COURT and fetched.page_kind == "card":
        raise RuntimeError(MESSAGE)
    return _read(self, fetched, context, **kw)


def _faulty_finish(self: Any) -> None:
    raise RuntimeError(MESSAGE)


def _faulty_store(self: Any, fetched: Any, context: Any, handled: Any, capture: Any) -> Any:
    if fetched.court == BAD_COURT.split(":", 1)[1] and fetched.page_kind == "card":
        raise RuntimeError(MESSAGE)
    return _store(self, fetched, context, handled, capture)


if BAD_COURT.startswith("store:"):  # the bug where the crawl's store process stores a card
    from refusenik.crawl.archiving import StoreSink

    _store = StoreSink.store
    StoreSink.store = _faulty_store  # type: ignore[method-assign]
elif BAD_COURT == "finish":
    from refusenik.crawl.archiving import StoreSink

    StoreSink.finish = _faulty_finish  # type: ignore[method-assign]
else:
    crawl_sink.MemorySink.page = _faulty_page  # type: ignore[method-assign]

if __name__ == "__main__":
    from refusenik.cli import main

    main(sys.argv[2:])
