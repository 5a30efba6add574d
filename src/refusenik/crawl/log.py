"""The crawl's log file: errors inside refusenik while it read a court's page, with their
tracebacks, so that none vanishes (Scrapy's own logging is off during a crawl).

By default `$REFUSENIK_HOME/logs/crawl.log` (`refusenik crawl --log FILE` to choose),
appended to by every run and every worker on the machine; each entry names the time,
the process (worker), the court and the page's URL. Only public URLs (name parameters
dropped, `archive.public_url`) are written, and the exception text and traceback pass
through `privacy.mask_names`: court pages may put a name into an error message.
The file is created at the first error: a run without errors leaves none.
"""

from __future__ import annotations

import logging
import os
import socket
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOGGER_NAME = "refusenik.crawl"
FILE_NAME = "crawl.log"


def default_path() -> Path:
    """`$REFUSENIK_HOME/logs/crawl.log` (the data folder's `logs/crawl.log`)."""
    from refusenik.paths import data_dir

    return data_dir() / "logs" / FILE_NAME


def logger() -> logging.Logger:
    """The crawl's logger: to the log file only, never to the terminal's live display."""
    log = logging.getLogger(LOGGER_NAME)
    log.propagate = False
    if log.level == logging.NOTSET:
        log.setLevel(logging.INFO)
    return log


def check(path: Path | None) -> Path:
    """The log file to use (`path`, else `default_path()`), its folder created; a folder
    that cannot be created, or a log path that is a folder, is the user's error."""
    from refusenik.errors import UserInputError

    target = path or default_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserInputError(
            f"--log {target}: cannot create its folder {target.parent} ({exc.strerror})"
        ) from None
    if target.is_dir():
        raise UserInputError(f"--log {target} is a folder; give a file name")
    return target


@contextmanager
def crawl_log(path: Path | None, who: str | None = None) -> Iterator[Path]:
    """Send the crawl's logger to `path` (default `default_path()`) while a crawl runs.
    A folder that cannot be created is the user's error (`UserInputError`), before any
    request is sent."""
    target = check(path)
    handler = logging.FileHandler(target, encoding="utf-8", delay=True)
    tag = who or f"{socket.gethostname()}-{os.getpid()}"
    handler.setFormatter(
        logging.Formatter(f"%(asctime)s %(levelname)s [{tag}] %(message)s", "%Y-%m-%dT%H:%M:%S%z")
    )
    log = logger()
    log.addHandler(handler)
    try:
        yield target
    finally:
        log.removeHandler(handler)
        handler.close()


def page_error(court: str, kind: str, url: str | None, exc: BaseException) -> None:
    """Log an exception raised while reading a page of `court`, with its traceback; the
    URL without name parameters, the exception text and traceback with names masked."""
    from refusenik.archive.public_url import public_url

    shown = public_url(url) if url else "?"
    logger().error("court %s: error reading a %s page %s: %s", court, kind, shown, _masked(exc))


def run_error(what: str, exc: BaseException) -> None:
    """Log an exception raised outside any page (`what`: the step that failed), with
    its traceback, names masked."""
    logger().error("error %s: %s", what, _masked(exc))


def _masked(exc: BaseException) -> str:
    """The exception's line, then its traceback, with names masked."""
    from refusenik.privacy import mask_names

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()
    return mask_names(f"{type(exc).__name__}: {exc}") + "\n" + mask_names(text)
