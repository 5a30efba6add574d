"""Page bodies handed to the store process through memory both processes share.

Sent through the pipe, a ~275 KB body was pickled, written in pieces by a sender thread,
read back in pieces by a reader thread and unpickled: about a millisecond of CPU a page
across the two processes, an eighth of a crawl's. Here the crawl copies the body once into
a ring mapped before the fork, and the pipe carries only where it lies.

The ring is first in, first out: the store process answers pages in the order they were
handed over, so the oldest body still held is always the next one freed.
"""

from __future__ import annotations

import mmap
import threading
from collections import deque

# Room for ~30 pages of ~275 KB, about the pages in flight at once (`DEPTH`). Pages
# of the ring once written stay resident in both processes, so it is kept small.
RING_BYTES = 8 << 20
# Smaller bodies (refusals, empty results) are cheaper to send than to place.
SMALLEST = 16 << 10


class BodyRing:
    """A first-in-first-out ring of page bodies in a shared anonymous mapping.

    The crawl `put`s a body and sends its span; the store process `read`s it; the crawl
    `release`s the oldest span when the store process answers for its page."""

    def __init__(self, size: int = RING_BYTES) -> None:
        self.size = size
        self._map = mmap.mmap(-1, size)  # MAP_SHARED | MAP_ANONYMOUS: a fork shares it
        self._spans: deque[tuple[int, int]] = deque()  # (start, end), oldest first
        self._lock = threading.Lock()
        self.placed = 0  # bodies put in so far (the others went in their messages)

    def put(self, body: bytes) -> tuple[int, int] | None:
        """Copy `body` in; its (start, length), or None when there is no room now."""
        n = len(body)
        with self._lock:
            start = self._place(n)
            if start is None:
                return None
            self._spans.append((start, start + n))
            self.placed += 1
        self._map[start : start + n] = body
        return start, n

    def read(self, start: int, length: int) -> bytes:
        """The body at (start, length), copied out (the crawl reuses its room later)."""
        return self._map[start : start + length]

    def release(self) -> None:
        """Free the oldest body held (its page is stored)."""
        with self._lock:
            if self._spans:
                self._spans.popleft()

    def clear(self) -> None:
        """Free every body (the store process is gone: none will be answered)."""
        with self._lock:
            self._spans.clear()

    @property
    def held(self) -> int:
        """How many bodies are placed and not yet released."""
        return len(self._spans)

    def _place(self, n: int) -> int | None:
        if n > self.size:
            return None
        if not self._spans:
            return 0
        oldest, newest = self._spans[0][0], self._spans[-1][1]
        if self._spans[-1][0] >= oldest:  # held: [oldest, newest)
            if self.size - newest >= n:
                return newest
            return 0 if oldest >= n else None  # wrap round to the start
        return newest if oldest - newest >= n else None  # held: [oldest, end) + [0, newest)
