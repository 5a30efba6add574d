"""The web application: dashboard, case and court pages, JSON API, Atom feeds.

Read-only over the store (and the archive folder for archived pages). Every response says
`noindex`; bad parameters are a 422 with a message, unknown cases and courts a 404 page,
never a 500. Nothing is loaded from the internet: Plotly's JavaScript is served from the
installed package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from refusenik.errors import UserInputError
from refusenik.web.render import render
from refusenik.web.settings import Settings

DESCRIPTION = (
    "Read-only access to what refusenik holds: the watched cases (defendants only as keyed "
    "pseudonyms) with their history, the courts and what the crawl could read of them, the "
    "figures the analysis computes (series, sentences, reconciliation with the official "
    "statistics) and the official statistics themselves. Every table carries its unit, "
    "source and as-of date; add `format=csv` for CSV. Atom feeds of new cases and new "
    "decisions take the same filter parameters. Filters are the URL: a URL is a permanent "
    "link to the figures it shows."
)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/feeds/")) or path == "/openapi.json"


def _problem(request: Request, status: int, heading: str, detail: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return render(request, "error.html", status=status, code=status, title=heading, heading=heading,
                  detail=detail)  # fmt: skip


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(x) for x in error.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


class HeadAsGet:
    """Answer HEAD on every GET route: the request is served as the GET it mirrors, and the
    body is dropped on the way out (status and headers, Content-Length too, are the GET's).
    FastAPI registers a `@get` route for GET alone, so without this HEAD is a 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def create_app(db_url: str | None = None, archive_dir: Path | None = None) -> FastAPI:
    """The ASGI app over the store at `db_url` (default store when None)."""
    from refusenik.archive.location import default_directory
    from refusenik.store import engine_for
    from refusenik.web import api, feeds, pages

    app = FastAPI(
        title="refusenik",
        description=DESCRIPTION,
        version="1",
        docs_url=None,  # Swagger UI would load its scripts from a CDN
        redoc_url=None,
    )
    app.state.settings = Settings(
        engine=engine_for(db_url),
        db_url=db_url,
        archive_dir=Path(archive_dir) if archive_dir else default_directory(),
    )

    @app.middleware("http")
    async def noindex(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.exception_handler(UserInputError)
    async def user_error(request: Request, exc: UserInputError) -> Response:
        return _problem(request, 422, "Bad request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_params(request: Request, exc: RequestValidationError) -> Response:
        return _problem(request, 422, "Bad request", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        heading = "Not found" if exc.status_code == 404 else "Error"
        response = _problem(request, exc.status_code, heading, str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.get("/robots.txt", include_in_schema=False)
    def robots() -> PlainTextResponse:
        return PlainTextResponse("User-agent: *\nDisallow: /\n")

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        return Response(
            plotly_source(),
            media_type="application/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.get("/docs/api", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request) -> Response:
        spec = app.openapi()
        operations = [
            (path, method.upper(), op.get("summary", ""), op.get("description", ""))
            for path, item in spec["paths"].items()
            for method, op in item.items()
        ]
        return render(request, "apidocs.html", title="API", operations=operations)

    app.include_router(api.router)
    app.include_router(feeds.router)
    app.include_router(pages.router)
    app.add_middleware(HeadAsGet)
    return app


_PLOTLY: list[bytes] = []


def plotly_source() -> bytes:
    """plotly.min.js as shipped inside the installed `plotly` package."""
    if not _PLOTLY:
        from refusenik.publish.charts import plotly_js_path

        _PLOTLY.append(plotly_js_path().read_bytes())
    return _PLOTLY[0]
