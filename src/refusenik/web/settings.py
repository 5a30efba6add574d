"""What every route reads from the running app: the store and the archive folder.

Its own module so the routers (pages, API, feeds) and the app that mounts them do not
import each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from sqlalchemy import Engine


@dataclass
class Settings:
    """What the app reads: the store and the archive folder."""

    engine: Engine
    db_url: str | None
    archive_dir: Path


def settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found
