"""The store's half of a crawl in a process of its own, so a crawl uses two cores.

The crawling process fetches and parses each page (it needs the page's kind and links at
once, to follow them); `StoreProcessSink` hands the exchange and its parsed page to a
child process, which archives it (raw first: nothing reaches the store before its bytes
are in the WARC file) and ingests it, page after page in the order fetched — the store
comes out as a crawl in one process leaves it. Nothing waits for the child but a listing
page (its cases' cards are asked only once the store says which are new or due) and the
end of a listing window; a spider waits for those as `Pending` answers, reading other
pages meanwhile.

Page bodies pass through memory both processes share (`crawl.body_ring`), the pipe
carrying only where each lies and the parsed page.

The child dies with the crawl (a `kill -9` of the crawl kills both, and the crawl run
again continues as after any kill); an error in the child reaches the crawl as the same
error in one process would (the page counted unread, or the crawl stopped).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import dataclasses
import datetime as dt
import multiprocessing as mp
import os
import pickle
import queue
import signal
import socket
import threading
import traceback
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, ClassVar

from refusenik.crawl.archiving import StoreSink
from refusenik.crawl.body_ring import RING_BYTES, SMALLEST, BodyRing
from refusenik.crawl.heap import map_large_buffers
from refusenik.crawl.sink import Fetched, Handled, MemorySink, Pending, SinkError, WindowContext
from refusenik.sites import ParseError
from refusenik.store.db import StoreBusyError, StoreUnavailableError

# Pages handed over and not yet stored: enough to keep the child busy while a listing
# waits for its answer, few enough that their bodies (~400 KB each) stay small in memory.
DEPTH = 32
# What a parsed page's `Source.sha256` says in the crawl process until the store process,
# which computes the digest as it archives the page, puts the digest there.
DIGEST_IN_STORE = "(the store process computes it)"
_STOPS = (SinkError, StoreBusyError, StoreUnavailableError)


@dataclass(frozen=True)
class StoreSpec:
    """What the child opens: the store, the archive folder, and the run it writes."""

    db: str
    archive: Path
    run_id: int
    fresh_since: dt.datetime | None = None

    def open(self) -> StoreSink:
        from refusenik.archive import Archive
        from refusenik.store.db import engine_for

        engine = engine_for(self.db)
        return StoreSink(
            keep_digests=False,
            archive=Archive(self.archive, engine),
            engine=engine,
            run_id=self.run_id,
            fresh_since=self.fresh_since,
            batch_writes=True,
            keep_cases=False,
        )


class RemoteTraceback(Exception):
    """Where in the store process an error was raised: the `__cause__` of the error as
    the crawl re-raises it, so the crawl log shows the child's traceback."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass
class PageFailure:
    """A page the store process could not store, for the spider to count unread."""

    fetched: Fetched | None  # None: the end of a listing window
    error: Exception


@dataclass
class StoreProcessSink(StoreSink):
    """A `StoreSink` whose archive and store live in a child process (see the module)."""

    answers_later: ClassVar[bool] = True
    # The store holds every case: none is kept whole here (there is no --out file).
    keep_cases: bool = False
    spec: StoreSpec | None = None
    depth: int = DEPTH
    ring_bytes: int = RING_BYTES  # the bodies' shared ring (`crawl.body_ring`)
    failures: deque[PageFailure] = field(default_factory=deque)
    _conn: Any = None
    _proc: Any = None
    _ring: Any = None
    _unsent: list[tuple[Any, ...]] = field(default_factory=list)
    _flush_due: bool = False
    _inflight: Any = None
    _lock: Any = None
    _stopped: Exception | None = None
    _threads: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        assert self.spec is not None and not self.batch_writes and self.archive is None
        super().__post_init__()
        context = mp.get_context("fork")
        ours, theirs = context.Pipe()
        self._ring = BodyRing(self.ring_bytes)
        self._proc = context.Process(
            target=_serve,
            args=(self.spec, theirs, self._ring),
            name="refusenik-store",
            daemon=True,
        )
        self._proc.start()
        theirs.close()
        self._conn = ours
        try:
            ready = ours.recv() if ours.poll(120) else ("stop", "it did not answer in 2 min")
        except (EOFError, OSError) as exc:
            ready = ("stop", f"it ended at once ({exc or type(exc).__name__})")
        if ready[0] != "ok":
            self._proc.join(5)
            if isinstance(ready[1], Exception):
                raise ready[1]
            raise SinkError(f"the store process could not start: {ready[1]}")
        # Messages are sent from the crawl's own thread: bodies travel in the ring, so a
        # buffer this size holds the messages in flight and a send seldom waits.
        with socket.socket(fileno=os.dup(ours.fileno())) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
        self._inflight = deque()
        self._lock = threading.Lock()
        thread = threading.Thread(target=self._receive_loop, name="refusenik-store-answers")
        thread.daemon = True
        thread.start()
        self._threads.append(thread)

    @property
    def bodies_in_ring(self) -> int:
        """Page bodies handed over through the shared ring (the rest went in messages)."""
        return int(self._ring.placed) if self._ring is not None else 0

    @property
    def store_pid(self) -> int | None:
        """The store process' id while it runs (for a benchmark reading its memory)."""
        return self._proc.pid if self._proc is not None else None

    # --- the spider's side ----------------------------------------------------------

    def page(
        self, fetched: Fetched, context: WindowContext, *, sha256: str | None = None
    ) -> Handled:
        self._check()
        try:
            # The body's digest is the store process' to compute, as it archives the page:
            # this process is the busier one.
            handled = MemorySink.page(self, fetched, context, sha256=DIGEST_IN_STORE)
        except ParseError:
            self._ask(("unreadable", context), fetched, awaited=False)
            raise
        slim = Handled(handled.page_kind, handled.cases, [], handled.result)
        listing = context.window is not None and fetched.page_kind == "listing"
        answer = self._ask(("page", context, slim), fetched, awaited=listing)
        if listing:
            # `known` answers from the marks alone: no row fingerprint is kept here
            handled.pending = Pending(answer, self.remember)
        return handled

    def close_window(
        self, context: WindowContext, seen: set[str], *, complete: bool
    ) -> list[str] | Pending:
        MemorySink.close_window(self, context, seen, complete=complete)
        return Pending(self._ask(("close_window", context, complete), None, awaited=True))

    def finish(self) -> None:
        self._ask(("finish",), None, awaited=True).result()
        self._check()

    def close(self) -> None:
        """Wait for the child to store every page handed over, commit and exit (a stopped
        crawl keeps what was stored before it stopped, as in one process)."""
        if self._proc is None:
            return
        try:
            if self._proc.is_alive():
                self._ask(("close",), None, awaited=True).result(timeout=600)
        finally:
            self._conn.close()  # a child still waiting reads the end and exits
            self._proc.join(30)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()
            self._proc = None

    def taken_failures(self) -> list[PageFailure]:
        """Pages the store process failed to store since last asked."""
        out = []
        while self.failures:
            out.append(self.failures.popleft())
        return out

    def _check(self) -> None:
        if self._stopped is not None:
            raise SinkError(str(self._stopped))

    def _ask(
        self, message: tuple[Any, ...], fetched: Fetched | None, *, awaited: bool
    ) -> Future[Any]:
        """Hand `message` over (in order), with the page's `fetched` after it: its body in
        the ring, or in the message when small or when the ring has no room. The future
        holds the child's answer. An error nobody waits for (`awaited` false) goes to
        `failures`, for the spider to count."""
        while len(self._inflight) >= self.depth:
            self._wait_oldest()  # the child is behind
        answer: Future[Any] = Future()
        span = None
        if fetched is not None:
            span = self._place(fetched.body)
            # what a failure names (its URL, court, kind): the body is in the ring, or sent
            named = dataclasses.replace(fetched, body=b"")
            message = (*message, fetched if span is None else named, span)
        else:
            named = None
        with self._lock:
            self._inflight.append((answer, named, awaited, span is not None))
        self._unsent.append(message)
        if awaited or not self._flush_later():
            self._flush()
        return answer

    def _flush_later(self) -> bool:
        """Send what is unsent once the event loop has run the callbacks ready now: the
        pages read in one turn of the loop go in one write (False: no loop runs here)."""
        if self._flush_due:
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        loop.call_soon(self._flush)
        self._flush_due = True
        return True

    def _flush(self) -> None:
        """Send the unsent messages, in order, as one pickled list."""
        self._flush_due = False
        if not self._unsent:
            return
        batch, self._unsent = self._unsent, []
        try:
            # plain pickle: multiprocessing's own pickler (for sockets and the like) was
            # built anew for every message
            self._conn.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
        except (OSError, ValueError):
            self._fail_all(SinkError("the store process ended before the crawl did"))

    def _place(self, body: bytes) -> tuple[int, int] | None:
        """The body's span in the ring, once there is room (None: send it in the message)."""
        if len(body) < SMALLEST:
            return None
        while (span := self._ring.put(body)) is None and self._ring.held:
            self._check()
            if not self._wait_oldest():
                return None
        return span

    def _wait_oldest(self) -> bool:
        """Wait until the child answers the oldest message in flight (False: none is)."""
        self._flush()  # what is waited for may not have been sent
        with self._lock:
            oldest = self._inflight[0][0] if self._inflight else None
        if oldest is None:
            return False
        with contextlib.suppress(Exception):
            oldest.result()
        return True

    def _receive_loop(self) -> None:
        while True:
            try:
                reply = self._conn.recv()
            except (EOFError, OSError):
                if self._inflight:  # a closed child has answered everything
                    self._fail_all(SinkError("the store process ended before the crawl did"))
                return
            with self._lock:
                answer, fetched, awaited, held = self._inflight.popleft()
                if held:
                    self._ring.release()  # the child is done with the body
            status, value = reply[0], reply[1]
            if status == "ok":
                answer.set_result(value)
                continue
            error = value if isinstance(value, Exception) else SinkError(str(value))
            if len(reply) > 2:
                error.__cause__ = RemoteTraceback(reply[2])
            if status == "stop":
                if self._stopped is None:
                    self._stopped = error
            elif not awaited:
                self.failures.append(PageFailure(fetched, error))
            answer.set_exception(error)

    def _fail_all(self, error: Exception) -> None:
        if self._stopped is None:
            self._stopped = error
        with self._lock:
            pending, self._inflight = list(self._inflight), deque()
            self._ring.clear()
        for answer, _, _, _ in pending:
            if not answer.done():
                answer.set_exception(error)


# --- the child's side -------------------------------------------------------------------


def _serve(spec: StoreSpec, conn: Connection, ring: BodyRing) -> None:
    """The child: open the store and the archive, then store what arrives, in order."""
    _die_with_parent()
    map_large_buffers()  # page bodies pass through here too
    try:
        sink = spec.open()
    except Exception as exc:
        conn.send(("stop", _portable(exc, SinkError)))
        return
    conn.send(("ok", None))
    inbox: queue.Queue[Any] = queue.Queue()
    reader = threading.Thread(target=_read_loop, args=(conn, inbox), daemon=True)
    reader.start()
    stopped: Exception | None = None
    while True:
        message = inbox.get()
        if message is None:  # the crawl is gone (killed): what is not committed is dropped
            os._exit(0)
        if stopped is not None and message[0] in ("page", "unreadable"):
            conn.send(("stop", stopped))  # as one process stops: no page stored after
            continue
        try:
            value = _apply(sink, _with_body(message, ring))
        except _STOPS as exc:
            stopped = _portable(exc, SinkError)
            conn.send(("stop", stopped))
            continue
        except Exception as exc:
            text = "".join(traceback.format_exception(exc)).rstrip()
            conn.send(("error", _portable(exc, RuntimeError), text))
            continue
        conn.send(("ok", value))
        if message[0] == "close":
            conn.close()
            os._exit(0)


def _read_loop(conn: Connection, inbox: queue.Queue[Any]) -> None:
    """Read ahead while the last page is stored: the crawl's sends never wait on it."""
    while True:
        try:
            for message in pickle.loads(conn.recv_bytes()):  # a batch, in order
                inbox.put(message)
        except (EOFError, OSError):
            inbox.put(None)
            return


def _with_body(message: tuple[Any, ...], ring: BodyRing) -> tuple[Any, ...]:
    """A page's message with its body read out of the ring (when it was put there)."""
    if message[0] not in ("page", "unreadable") or message[-1] is None:
        return message
    *head, fetched, span = message
    return (*head, dataclasses.replace(fetched, body=ring.read(*span)), None)


def _apply(sink: StoreSink, message: tuple[Any, ...]) -> Any:
    op = message[0]
    if op == "page":
        _, context, handled, fetched, _ = message
        try:
            capture = sink.keep(fetched)
            if handled.result is not None:  # the digest the crawl left to this process
                handled.result.source = dataclasses.replace(
                    handled.result.source, sha256=capture.sha256
                )
            return sink.store(fetched, context, handled, capture)
        finally:
            sink.tick()
    if op == "unreadable":
        _, context, fetched, _ = message
        try:
            sink.store_unreadable(fetched, context, sink.keep(fetched))
        finally:
            sink.tick()
        return None
    if op == "close_window":
        _, context, complete = message
        return sink.close_window(context, set(), complete=complete)
    if op == "finish":
        sink.finish()
        return None
    if op == "close":
        sink.close()
        return None
    raise ValueError(f"unknown message {op!r}")


def _portable(exc: Exception, fallback: type[Exception]) -> Exception:
    """`exc` if it survives pickling (the parent re-raises it), else a `fallback` saying it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return fallback(f"{type(exc).__name__}: {exc}")
    return exc


def _die_with_parent() -> None:
    """Linux: the kernel kills the child when the crawl dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before the line above
        os._exit(0)
