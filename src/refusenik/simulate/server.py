"""A small, fast HTTP/1.1 server on asyncio for the simulated court network.

Hand-rolled on `asyncio.Protocol` (keep-alive, pipelining in order, delayed answers for the
"slow" fault, aborts for "reset"), because a general web framework would cost more per request
than rendering a cached page does, and crawl benchmarks need the simulator to never be the
bottleneck (≥1,500 pages/s on loopback).
"""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import threading
from collections import deque
from email.utils import formatdate

from refusenik.errors import UserInputError
from refusenik.simulate.faults import FaultPlan
from refusenik.simulate.load import court_of
from refusenik.simulate.site import DEFAULT_SEARCH_CAP, Response, SimSite
from refusenik.simulate.world import World

_REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
}
_MAX_HEAD = 64 * 1024


class _Clock:
    """The Date header, formatted at most once a second."""

    def __init__(self) -> None:
        self._second = -1
        self._value = b""

    def now(self, loop: asyncio.AbstractEventLoop) -> bytes:
        sec = int(loop.time())
        if sec != self._second:
            self._second = sec
            self._value = formatdate(usegmt=True).encode()
        return self._value


class _HttpProtocol(asyncio.Protocol):
    def __init__(self, site: SimSite, clock: _Clock, conns: set, latency: float = 0.0) -> None:
        self.site = site
        self.latency = latency
        self.court: str | None = None  # the court whose request is being answered
        self.clock = clock
        self.conns = conns
        self.buf = bytearray()
        self.busy = False
        self.closed = False
        self.transport: asyncio.Transport | None = None
        self.client = ""
        self.pending: deque[tuple[Response, bool, bool]] = deque()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        peer = transport.get_extra_info("peername")
        self.client = str(peer[0]) if peer else ""
        self.conns.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._done_court()
        self.closed = True
        self.conns.discard(self)

    def data_received(self, data: bytes) -> None:
        self.buf += data
        self._process()

    def _process(self) -> None:
        while not self.busy and not self.closed:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buf) > _MAX_HEAD:
                    self._write(Response(431, b"", "text/plain"), keep_alive=False, head=False)
                return
            head = bytes(self.buf[:end]).decode("latin-1")
            lines = head.split("\r\n")
            try:
                method, target, version = lines[0].split(" ", 2)
            except ValueError:
                del self.buf[:]
                self._write(
                    Response(400, b"bad request line", "text/plain"), keep_alive=False, head=False
                )
                return
            headers: dict[str, str] = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0") or 0)
            if len(self.buf) < end + 4 + length:
                return  # wait for the body
            body = bytes(self.buf[end + 4 : end + 4 + length])
            del self.buf[: end + 4 + length]
            conn = headers.get("connection", "").lower()
            keep_alive = conn != "close" if version == "HTTP/1.1" else conn == "keep-alive"
            if method == "POST" and body:
                target = target + ("&" if "?" in target else "?") + body.decode("latin-1")
            elif method not in ("GET", "HEAD", "POST"):
                self._write(Response(405, b"", "text/plain"), keep_alive, head=False)
                continue
            if target.startswith(("http://", "https://")):
                target = "/" + target.split("://", 1)[1].partition("/")[2]
            self.court = court_of(target, headers.get("host", ""))
            if self.court is not None:
                self.site.load.begin(self.court, target)
            resp = self.site.handle(target, headers.get("host", ""), headers, self.client)
            if self.court is not None and self.latency > resp.delay and not resp.reset:
                resp = dataclasses.replace(resp, delay=self.latency)
            if resp.reset:
                self._done_court()
                self.closed = True
                assert self.transport is not None
                self.transport.abort()
                return
            if resp.delay > 0:
                self.busy = True
                asyncio.get_running_loop().call_later(
                    resp.delay, self._finish_delayed, resp, keep_alive, method == "HEAD"
                )
                return
            self._write(resp, keep_alive, head=method == "HEAD")

    def _done_court(self) -> None:
        if self.court is not None:
            self.site.load.end(self.court)
            self.court = None

    def _finish_delayed(self, resp: Response, keep_alive: bool, head: bool) -> None:
        self.busy = False
        if self.closed:
            return
        self._write(resp, keep_alive, head)
        self._process()

    def _write(self, resp: Response, keep_alive: bool, head: bool) -> None:
        self._done_court()
        if self.closed or self.transport is None:
            return
        reason = _REASONS.get(resp.status, "OK")
        loop = asyncio.get_running_loop()
        header = (
            f"HTTP/1.1 {resp.status} {reason}\r\nServer: nginx\r\n".encode()
            + b"Date: "
            + self.clock.now(loop)
            + f"\r\nContent-Type: {resp.content_type}\r\nContent-Length: {len(resp.body)}\r\n".encode()
            + b"".join(f"{k}: {v}\r\n".encode() for k, v in resp.headers)
            + f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n".encode()
        )
        self.transport.write(header)
        if not head and resp.body:
            self.transport.write(resp.body)  # no copy of a 300 KB page into the header
        if not keep_alive:
            self.closed = True
            self.transport.close()


class SimServer:
    """The simulated network on 127.0.0.1: `with SimServer(world) as srv: srv.base_url`."""

    def __init__(
        self,
        world: World,
        faults: FaultPlan | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        round: int = 0,
        search_cap: int | None = None,
        enforce_captcha: bool = False,
        profile_name: str = "custom",
        captcha_seconds: float | None = None,
        latency: float = 0.0,
    ) -> None:
        """`latency`: least seconds before any court's answer (so that requests in flight
        overlap, and `/_sim/stats` can show how many one court had at once)."""
        self.latency = latency
        self.site = SimSite(
            world,
            faults,
            round=round,
            search_cap=DEFAULT_SEARCH_CAP if search_cap is None else search_cap,
            enforce_captcha=enforce_captcha,
            captcha_seconds=captcha_seconds,
            profile_name=profile_name,
        )
        self.world = world
        self.host = host
        self.port = port
        self._server: asyncio.base_events.Server | None = None
        self._conns: set[_HttpProtocol] = set()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def set_round(self, r: int) -> None:
        self.site.set_round(r)

    async def start(self) -> str:
        """Start serving on the running loop; returns the base URL."""
        loop = asyncio.get_running_loop()
        clock = _Clock()
        try:
            self._server = await loop.create_server(
                lambda: _HttpProtocol(self.site, clock, self._conns, self.latency),
                self.host,
                self.port,
                backlog=1024,
            )
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UserInputError(
                    f"port {self.port} is already in use on {self.host}; pick another with --port"
                ) from None
            raise UserInputError(
                f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}"
            ) from None
        self.port = self._server.sockets[0].getsockname()[1]
        self._loop = loop
        return self.base_url

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for conn in list(self._conns):
                if conn.transport is not None:
                    conn.transport.close()
            await self._server.wait_closed()
            self._server = None

    async def serve_until_cancelled(self) -> None:
        """Serve on the running loop (already started) until cancelled, then stop."""
        assert self._server is not None
        try:
            await self._server.serve_forever()
        finally:
            await self.stop()

    async def serve_forever(self) -> None:
        await self.start()
        assert self._server is not None
        try:
            await self._server.serve_forever()
        finally:
            await self.stop()

    # --- running in a background thread (tests, benchmarks, crawl demos) ------------------

    def start_in_thread(self) -> str:
        """Serve from a daemon thread with its own event loop; returns the base URL."""
        ready = threading.Event()
        error: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # handed to the caller
                error.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self.stop())
                loop.close()

        self._thread = threading.Thread(target=run, name="refusenik-simulator", daemon=True)
        self._thread.start()
        ready.wait()
        if error:
            raise error[0]
        return self.base_url

    def stop_thread(self) -> None:
        if self._thread is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> SimServer:
        self.start_in_thread()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_thread()
