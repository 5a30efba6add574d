"""The web: dashboard, case and court pages, JSON API (described by /openapi.json) and
Atom feeds, read-only over the store and the archive.

    >>> from refusenik.web import serve
    >>> serve("sqlite:///store.db", port=8000)     # doctest: +SKIP

* `create_app(db_url, archive_dir)` — the ASGI app (FastAPI), for tests and other servers.
* `serve(db_url, host, port, archive_dir)` — run it with uvicorn; a port in use is a
  `UserInputError` (exit 2 on the command line).
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from refusenik.errors import UserInputError

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db_url: str | None = None, archive_dir: Path | None = None) -> FastAPI:
    """The ASGI app over the store at `db_url` (the default store when None)."""
    from refusenik.web.app import create_app as make

    return make(db_url, archive_dir)


def check_port(host: str, port: int) -> None:
    """Fail early, in words, when the address cannot be listened on."""
    if not 0 < port < 65536:
        raise UserInputError(f"--port must be between 1 and 65535, got {port}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UserInputError(
                    f"port {port} on {host} is already in use; pick another with --port"
                ) from None
            raise UserInputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def serve(
    db_url: str | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    archive_dir: Path | None = None,
) -> None:
    """Serve the web app with uvicorn until interrupted."""
    import uvicorn

    check_port(host, port)
    app = create_app(db_url, archive_dir)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


__all__ = ["check_port", "create_app", "serve"]
