"""What a crawl asks: which courts, which articles, which cartotekas, which date window.

The plan is built from the court registry (or, against the simulator, from the courts the
simulator serves) before any request is sent, so bad input — an unknown court, kind or
article, a window that ends before it starts — is refused at once with a clear line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from refusenik.errors import UserInputError
from refusenik.sites import sudrf_classic, sudrf_vnkod
from refusenik.sites.hosts import home_host, module_host
from refusenik.sites.url_parts import CARTOTEKAS, CRIMINAL_FIRST, Cartoteka
from refusenik.templates import Template

DEFAULT_ARTICLES = ("328", "332", "333", "334", "337", "338", "339", "352.1")
CRAWLABLE = (Template.SUDRF_CLASSIC, Template.SUDRF_VNKOD)


@dataclass(frozen=True, order=True)
class Window:
    """A closed window of dates on which cases were received."""

    start: dt.date
    end: dt.date

    def halves(self) -> tuple[Window, Window] | None:
        """Two windows that cover this one, or None for a single day (cannot be split)."""
        if self.start >= self.end:
            return None
        middle = self.start + (self.end - self.start) // 2
        return Window(self.start, middle), Window(middle + dt.timedelta(days=1), self.end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class PlannedCourt:
    """One court to crawl: where its case module answers and which databases it has.

    `base_url` is where `modules.php` lives: `https://<module host>` for a real court, the
    simulator's `/c/<code>` prefix for a simulated one. `site_url` is the court's main site
    when its press section is asked there rather than on the case module's host (a VNKOD
    court: its case module is a separate application on the `--` host, its news stay on
    the main site's engine); None means at `base_url`."""

    code: str
    name: str
    template: Template
    host: str
    srv_nums: tuple[int, ...]
    base_url: str
    captcha: bool | None = None
    site_url: str | None = None

    def rebase(self, url: str) -> str:
        """A URL built for the court's real host, moved to where this plan reaches it."""
        real = f"https://{module_host(self.host)}"
        if url.startswith(real):
            return self.base_url + url[len(real) :]
        return url

    def press_url(self) -> str:
        """The first page of the court's press-service news list, on the main site."""
        return f"{self.site_url or self.base_url}/modules.php?name=press_dep"

    def search_url(
        self,
        article: str,
        window: Window,
        *,
        srv_num: int = 1,
        cartoteka: Cartoteka = CRIMINAL_FIRST,
        page: int = 1,
    ) -> str:
        """The listing of cases under `article` received within `window`."""
        query: dict[str, Any] = {
            "article": article,
            "date_field": "received",
            "date_from": window.start,
            "date_to": window.end,
            "page": page,
            "srv_num": srv_num,
            "cartoteka": cartoteka,
        }
        if self.template is Template.SUDRF_VNKOD:
            url = sudrf_vnkod.criminal_search(self.host, self.code, **query)
        else:
            url = sudrf_classic.criminal_search(self.host, court_code=self.code, **query)
        return self.rebase(url)


@dataclass(frozen=True)
class Search:
    """One search of the plan: a court's database × cartoteka × article × window."""

    court: PlannedCourt
    srv_num: int
    cartoteka: Cartoteka
    article: str
    window: Window

    def url(self, page: int = 1) -> str:
        return self.court.search_url(
            self.article, self.window, srv_num=self.srv_num, cartoteka=self.cartoteka, page=page
        )

    def key(self) -> str:
        """A stable name for the search, used to track its completeness."""
        return f"{self.court.code}|{self.srv_num}|{self.cartoteka.key}|{self.article}|{self.window}"


@dataclass(frozen=True)
class CrawlPlan:
    """Courts × databases × cartotekas × articles over one date window."""

    courts: tuple[PlannedCourt, ...]
    articles: tuple[str, ...]
    window: Window
    cartotekas: tuple[Cartoteka, ...] = (CRIMINAL_FIRST,)
    skipped: tuple[str, ...] = field(default=())  # courts on a template the crawler cannot read
    press: bool = True  # also read each court's press releases published since the window began

    def searches(self) -> Iterator[Search]:
        for court in self.courts:
            for srv in court.srv_nums:
                for cartoteka in self.cartotekas:
                    for article in self.articles:
                        yield Search(court, srv, cartoteka, article, self.window)


# --- input → plan ---------------------------------------------------------------------


def parse_articles(text: str | None) -> tuple[str, ...]:
    """`"337,338"` → ("337", "338"); every article must be one the law model knows."""
    from refusenik.law.lookup import article

    if text is None or not text.strip():
        return DEFAULT_ARTICLES
    out: list[str] = []
    for raw in text.split(","):
        number = raw.strip().removeprefix("ст.").strip()
        if not number:
            raise UserInputError(f"--articles has an empty item in {text!r}")
        try:
            found = article(number).number
        except UserInputError as exc:
            raise UserInputError(f"--articles: {exc}") from None
        if found not in out:
            out.append(found)
    return tuple(out)


def parse_window(since: str | dt.date, until: str | dt.date | None, today: dt.date) -> Window:
    """The window from `--since` and `--until` (today when absent); refused when backwards."""
    start = _date("--since", since)
    end = _date("--until", until) if until is not None else today
    if end < start:
        raise UserInputError(
            f"the date window is backwards: --until {end.isoformat()} is before "
            f"--since {start.isoformat()}"
        )
    return Window(start, end)


def parse_cartotekas(text: str | None) -> tuple[Cartoteka, ...]:
    """`"criminal_first,criminal_appeal"` → those cartotekas (first instance by default)."""
    if text is None or not text.strip():
        return (CRIMINAL_FIRST,)
    out: list[Cartoteka] = []
    for raw in text.split(","):
        key = raw.strip()
        if key not in CARTOTEKAS:
            raise UserInputError(
                f"unknown cartoteka {key!r}; valid: {', '.join(sorted(CARTOTEKAS))}"
            )
        out.append(CARTOTEKAS[key])
    return tuple(out)


def _date(option: str, value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UserInputError(f"{option} takes a date as YYYY-MM-DD, got {value!r}") from None


def _tokens(spec: str) -> list[str]:
    tokens = [t.strip() for t in spec.split(",") if t.strip()]
    if not tokens:
        raise UserInputError("--courts is empty: give court codes, hosts, kinds or regions")
    return tokens


def _matches(token: str, court: Any) -> bool:
    low = token.lower()
    values = [
        court.code,
        court.kind,
        getattr(court, "region_code", None),
        getattr(court, "region", None),
        getattr(court, "military_district", None),
        *getattr(court, "hosts", ()),
    ]
    return any(v is not None and str(v).lower() == low for v in values)


def registry_courts(spec: str) -> list[Any]:
    """Courts of the registry named by `spec`: codes, hosts, kinds, region codes or names,
    military districts, comma-separated. A token that names nothing is refused."""
    from refusenik.courts import all_courts

    courts = all_courts()
    chosen: dict[str, Any] = {}
    for token in _tokens(spec):
        hits = [c for c in courts if _matches(token, c)]
        if not hits:
            raise UserInputError(
                f"--courts: {token!r} is no court code, host, kind, region or military district "
                "in the registry (codes look like 63GV0006, kinds like garrison_military)"
            )
        for c in hits:
            chosen.setdefault(c.code, c)
    return list(chosen.values())


def plan_from_registry(
    spec: str,
    articles: Sequence[str],
    window: Window,
    cartotekas: Sequence[Cartoteka] = (CRIMINAL_FIRST,),
) -> CrawlPlan:
    """A plan over real courts, reached at their own hosts."""
    planned: list[PlannedCourt] = []
    skipped: list[str] = []
    for c in registry_courts(spec):
        if c.template not in CRAWLABLE or not c.host:
            skipped.append(c.code)
            continue
        planned.append(
            PlannedCourt(
                code=c.code,
                name=c.name,
                template=c.template,
                host=c.module_host or c.host,
                srv_nums=tuple(c.srv_nums) or (1,),
                base_url=f"https://{module_host(c.module_host or c.host)}",
                captcha=c.captcha,
                site_url=_press_site(c),
            )
        )
    return CrawlPlan(tuple(planned), tuple(articles), window, tuple(cartotekas), tuple(skipped))


def _press_site(court: Any) -> str | None:
    """Where a registry court's press section is asked, when not on its case-module host:
    a VNKOD court's main site (the home-page host, `sgvs.amr.sudrf.ru`), since its case
    module (`sgvs--amr.sudrf.ru`) is another application. Classic courts: None (as before)."""
    if court.template is not Template.SUDRF_VNKOD or not court.host:
        return None
    home = home_host(court.host)
    if home == module_host(court.module_host or court.host):
        return None
    return f"https://{home}"


class _SimCourtView:
    """A court of the simulator's state, with what the registry adds (region, district)."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.code = str(row["code"])
        self.name = str(row.get("name", ""))
        self.kind = str(row.get("kind", ""))
        self.hosts = tuple(row.get("hosts", ()))
        self.template = Template(row.get("template", "sudrf_classic"))
        self.srv_nums = tuple(int(n) for n in row.get("srv_nums", (1,)))
        self.path_prefix = str(row.get("path_prefix", f"/c/{self.code}"))
        self.region_code = self.region = self.military_district = None
        try:
            from refusenik.courts import get

            real = get(self.code)
        except UserInputError:
            return
        self.region_code, self.region = real.region_code, real.region
        self.military_district = real.military_district


def plan_from_simulator(
    base_url: str,
    state: dict[str, Any],
    spec: str,
    articles: Sequence[str],
    window: Window,
    cartotekas: Sequence[Cartoteka] = (CRIMINAL_FIRST,),
) -> CrawlPlan:
    """A plan over the courts a simulator serves (`GET /_sim/state`), each reached under its
    path prefix on the simulator's one loopback port."""
    courts = [_SimCourtView(row) for row in state.get("courts", [])]
    if not courts:
        raise UserInputError(f"the simulator at {base_url} serves no courts")
    if spec.strip().lower() in ("all", "*"):
        chosen = courts
    else:
        chosen = []
        for token in _tokens(spec):
            hits = [c for c in courts if _matches(token, c)]
            if not hits:
                raise UserInputError(
                    f"--courts: {token!r} names none of the simulator's courts "
                    f"({', '.join(c.code for c in courts)})"
                )
            chosen += [c for c in hits if c not in chosen]
    base = base_url.rstrip("/")
    planned = tuple(
        PlannedCourt(
            code=c.code,
            name=c.name,
            template=c.template,
            host=c.hosts[-1] if c.hosts else c.code.lower(),
            srv_nums=c.srv_nums or (1,),
            base_url=base + c.path_prefix,
        )
        for c in chosen
        if c.template in CRAWLABLE
    )
    skipped = tuple(c.code for c in chosen if c.template not in CRAWLABLE)
    return CrawlPlan(planned, tuple(articles), window, tuple(cartotekas), skipped)


def fetch_simulator_state(base_url: str, timeout: float = 10.0) -> dict[str, Any]:
    """The simulator's `/_sim/state`; an unreachable simulator is the user's input error."""
    import httpx

    url = base_url.rstrip("/") + "/_sim/state"
    try:
        resp = httpx.get(url, timeout=timeout, headers={"User-Agent": "refusenik-plan"})
        resp.raise_for_status()
        state: dict[str, Any] = resp.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise UserInputError(
            f"--simulated {base_url}: no simulator answers there ({exc})"
        ) from None
    return state
