"""Jinja2 templates for the HTML pages: autoescaped, so court text is always escaped."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse


@lru_cache(maxsize=1)
def environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("refusenik.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template; every page carries `noindex` (base.html and the header)."""
    html = environment().get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status)
