"""The simulated network's request handling: from (host, target) to a response, with faults.

Transport-free, so tests can call it directly and the asyncio server stays a thin shell.
Clean pages are rendered once per (court, round, prefix, target) and cached as bytes; faults
are applied on top, so the cache never holds a faulty page.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from refusenik.simulate import render_classic as classic
from refusenik.simulate import render_common as rc
from refusenik.simulate import render_press
from refusenik.simulate import render_vnkod as vnkod
from refusenik.simulate.captcha import ANSWER_HEADER, CaptchaSessions, captcha_answer
from refusenik.simulate.courts_pick import SimCourt
from refusenik.simulate.faults import FaultPlan, tool_like_agent
from refusenik.simulate.limits import RateLimiter
from refusenik.simulate.load import HostLoad
from refusenik.simulate.search import (
    BadQuery,
    Params,
    classic_criteria,
    int_param,
    select,
    vnkod_criteria,
)
from refusenik.simulate.templating import template
from refusenik.simulate.world import World
from refusenik.templates import Template

CP1251 = "text/html; charset=windows-1251"
DEFAULT_SEARCH_CAP = 1000
CACHE_BYTES = 256 * 1024 * 1024  # rendered pages kept; the cache restarts when full
_PREFIX = re.compile(r"^/c/([^/?]+)(/.*)?$")
_CLASSIC_MARK = ("delo_id", "delo_table")
_VNKOD_MARK = ("_deloid", "_new", "case__vnkod", "process-type")


def _blank_png(width: int = 100, height: int = 30) -> str:
    """A white PNG the size of the real captcha image (its digits do not matter here)."""
    import base64
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return base64.b64encode(png).decode("ascii")


_CAPTCHA_PNG = _blank_png()
_TOO_MANY = (
    b"<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n"
    b"<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


@dataclass(frozen=True)
class Response:
    """What the server sends: status, headers, body — or a reset, possibly after a delay."""

    status: int
    body: bytes = b""
    content_type: str = CP1251
    reset: bool = False
    delay: float = 0.0
    fault: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


def _enc(html: str) -> bytes:
    return html.encode("cp1251", "xmlcharrefreplace")


class SimSite:
    """All simulated courts of one world, answering requests for the current round."""

    def __init__(
        self,
        world: World,
        faults: FaultPlan | None = None,
        round: int = 0,
        search_cap: int = DEFAULT_SEARCH_CAP,
        enforce_captcha: bool = False,
        profile_name: str = "custom",
        captcha_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`enforce_captcha` makes captcha courts demand a code for searches: any five digits
        with an id when `captcha_seconds` is None, else the answer of an id handed out by a
        form, valid for `captcha_seconds`. `clock` drives rate limits, captcha lifetimes and
        maintenance windows (tests pass their own)."""
        world.check_round(round)
        self.world = world
        self.faults = faults or FaultPlan()
        self.round = round
        self.search_cap = search_cap
        self.enforce_captcha = enforce_captcha
        self.profile_name = profile_name
        self.stats: Counter[str] = Counter()
        self.load = HostLoad()  # filled by the server: requests in flight per court
        self._attempts: Counter[str] = Counter()
        self._cache: dict[tuple, tuple[int, bytes]] = {}
        self._cache_bytes = 0
        self.clock = clock
        self.limiter = RateLimiter(self.faults.rate_limit, self.faults.burst)
        self.captchas = (
            CaptchaSessions(world.seed, captcha_seconds) if captcha_seconds is not None else None
        )

    # --- control ------------------------------------------------------------------------

    def set_round(self, r: int) -> None:
        """Move the whole network to round r (0-based)."""
        self.world.check_round(r)
        self.round = r

    def reset_attempts(self) -> None:
        """Forget attempt counts, so the same requests meet the same faults again."""
        self._attempts.clear()
        self.limiter.reset()

    # --- entry point --------------------------------------------------------------------

    def handle(
        self,
        target: str,
        host: str = "",
        headers: Mapping[str, str] | None = None,
        client: str = "",
    ) -> Response:
        """Answer one GET for `target` (path and query) sent with Host `host`, request
        `headers` (lower-case names) from `client` (its address)."""
        self.stats["requests"] += 1
        path, _, query = target.partition("?")
        if path.startswith("/_sim/") or path == "/_sim":
            return self._control(path, Params(query))
        court, base, rest = self._resolve(path, host)
        if court is None:
            if path in ("/", ""):
                return Response(200, self._index().encode("utf-8"), "text/html; charset=utf-8")
            return Response(
                404, b"unknown court: use a court host name or /c/<code>/", "text/plain"
            )
        refused = self._refuse(court, base, rest, query, headers or {}, client)
        if refused is not None:
            return refused
        key = f"{court.code}{rest}?{query}"
        attempt = self._attempts[key]
        self._attempts[key] += 1
        params = Params(query)
        is_search = params.get("name_op") in ("r", "r_juid")
        fault = self.faults.decide(key, attempt, is_search=is_search)
        if fault:
            self.stats[f"fault:{fault}"] += 1
        if fault == "reset":
            return Response(0, reset=True, fault=fault)
        if fault == "server_error":
            status, reason = [
                (500, "Internal Server Error"),
                (502, "Bad Gateway"),
                (503, "Service Temporarily Unavailable"),
            ][self.faults.variant(key, attempt, fault, 3)]
            body = template("server_error").render(status=status, reason=reason).encode("ascii")
            return Response(status, body, "text/html", fault=fault)
        if fault == "geo_block":
            block = template("geoblock").render(
                ip="203.0.113.7", request_id=f"{attempt:04d}-{len(key):04d}"
            )
            return Response(403, _enc(block), fault=fault)
        if fault == "throttle":
            page = template("throttle").render(
                court_name=rc.e(court.name),
                code=court.code,
                page_url=rc.page_url(court, rest + "?" + query),
                **rc.chrome_slots(court, base),
            )
            return Response(200, rc.with_chrome(_enc(page), court, base), fault=fault)
        if fault == "captcha":
            return Response(
                200,
                rc.with_chrome(
                    _enc(self._captcha_page(court, base, rest, query, params)), court, base
                ),
                fault=fault,
            )
        if fault == "db_warning":
            warning = _enc(self._db_warning(court, key, attempt))
            return Response(200, rc.with_chrome(warning, court, ""), fault=fault)
        if is_search and self.enforce_captcha and court.captcha:
            verdict = self._check_captcha(court, params)
            if verdict != "ok":
                self.stats[f"captcha:{verdict}"] += 1
                message = rc.CAPTCHA_EXPIRED if verdict == "expired" else rc.CAPTCHA_WRONG
                page = self._captcha_page(court, base, rest, query, params, message)
                return Response(
                    200, rc.with_chrome(_enc(page), court, base), fault=f"captcha_{verdict}"
                )

        status, body = self._page(court, base, rest, query, params)
        body = rc.with_chrome(body, court, base)
        extra: tuple[tuple[str, str], ...] = ()
        if court.captcha and rc.CAPTCHA_MARK.encode() in body:
            body, extra = self._fill_captcha_id(court, body)
        if fault == "truncated":
            cut = int(
                len(body) * (0.3 + 0.6 * self.faults.variant(key, attempt, fault, 1000) / 1000)
            )
            return Response(status, body[:cut], fault=fault)
        if fault == "wrong_encoding":
            if self.faults.variant(key, attempt, fault, 2) == 0:
                return Response(status, body, "text/html; charset=utf-8", fault=fault)
            return Response(status, body.decode("cp1251").encode("utf-8"), CP1251, fault=fault)
        if fault == "slow":
            return Response(
                status, body, delay=self.faults.slow_seconds, fault=fault, headers=extra
            )
        return Response(status, body, headers=extra)

    # --- refusals that depend on who asks and how often -----------------------------------

    def _refuse(
        self,
        court: SimCourt,
        base: str,
        rest: str,
        query: str,
        headers: Mapping[str, str],
        client: str,
    ) -> Response | None:
        """The front server's answers before any page: bad agent, rate, maintenance."""
        if self.faults.check_agent and tool_like_agent(headers.get("user-agent", "")):
            self.stats["fault:bad_agent"] += 1
            n = self.stats["fault:bad_agent"]
            body = template("bad_request").render(request_id=f"{n:08x}")
            return Response(403, _enc(body), fault="bad_agent")
        now = self.clock()
        wait = self.limiter.admit(client, court.code, now)
        if wait > 0:
            self.stats["fault:rate_limited"] += 1
            n = self.stats["fault:rate_limited"]
            retry = str(self.limiter.retry_after(wait))
            target = rest + "?" + query
            if self.faults.variant(f"{court.code}|{client}", n, "rate_limited", 2) == 0:
                return Response(
                    429,
                    _TOO_MANY,
                    "text/html",
                    fault="rate_limited",
                    headers=(("Retry-After", retry),),
                )
            page = template("throttle").render(
                court_name=rc.e(court.name),
                code=court.code,
                page_url=rc.page_url(court, target),
                **rc.chrome_slots(court, base),
            )
            return Response(200, rc.with_chrome(_enc(page), court, base), fault="rate_limited")
        if self.faults.in_maintenance(court.code, now):
            self.stats["fault:maintenance"] += 1
            page = self._site_page(
                court, base, rest + "?" + query, "ГЛАВНАЯ", template("maintenance_notice").render()
            )
            return Response(200, rc.with_chrome(_enc(page), court, base), fault="maintenance")
        return None

    def _db_warning(self, court: SimCourt, key: str, attempt: int) -> str:
        """A PHP warning where the module should be: with html_errors on (bold markup) or off."""
        html_errors = self.faults.variant(key, attempt, "db_warning", 2) == 0
        warning = template(
            "db_warning"
        ).render(
            prefix="<br />\n<b>" if html_errors else "\n",
            infix="</b>:  " if html_errors else ": ",  # PHP's own spacing in each mode
            db_host=f"db{court.code[:2]}",
            octet=int(court.code[:2]) if court.code[:2].isdigit() else 1,
            file_prefix="<b>" if html_errors else "",
            file_suffix="</b>" if html_errors else "",
            file_line="<b>27</b>" if html_errors else "27",
            line_suffix="<br />" if html_errors else "",
        )
        today = self.world.round_date(self.round)
        return rc.outer_page(court, warning, today, "", "/modules.php?name=sud_delo")

    # --- captcha sessions -----------------------------------------------------------------

    def _check_captcha(self, court: SimCourt, params: Params) -> str:
        if self.captchas is None:
            return "ok" if _captcha_ok(params) else "wrong"
        return self.captchas.check(
            court.code, params.get("captchaid"), params.get("captcha"), self.clock()
        )

    def _fill_captcha_id(
        self, court: SimCourt, body: bytes
    ) -> tuple[bytes, tuple[tuple[str, str], ...]]:
        """A fresh session id in the form (and its answer in a header, for tests)."""
        if self.captchas is None:
            return body.replace(rc.CAPTCHA_MARK.encode(), f"sim{court.code.lower()}".encode()), ()
        cid = self.captchas.issue(court.code, self.clock())
        answer = captcha_answer(self.world.seed, cid)
        return body.replace(rc.CAPTCHA_MARK.encode(), cid.encode()), ((ANSWER_HEADER, answer),)

    def _resolve(self, path: str, host: str) -> tuple[SimCourt | None, str, str]:
        m = _PREFIX.match(path)
        if m:
            court = self.world.by_code.get(m.group(1).upper())
            return court, f"/c/{m.group(1)}", m.group(2) or "/"
        name = host.rsplit(":", 1)[0].strip().lower() if host else ""
        return self.world.by_host.get(name), "", path

    # --- pages --------------------------------------------------------------------------

    def _page(
        self, court: SimCourt, base: str, rest: str, query: str, params: Params
    ) -> tuple[int, bytes]:
        key = (court.code, self.round, base, rest, query)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        status, html = self._render(court, base, rest, query, params)
        out = (status, _enc(html))
        if self._cache_bytes + len(out[1]) > CACHE_BYTES:
            self._cache.clear()
            self._cache_bytes = 0
        self._cache[key] = out
        self._cache_bytes += len(out[1])
        return out

    def _render(
        self, court: SimCourt, base: str, rest: str, query: str, params: Params
    ) -> tuple[int, str]:
        today = self.world.round_date(self.round)
        target = rest + ("?" + query if query else "")
        srv = int_param(params.get("srv_num"), 1) or 1

        def module(content: str) -> str:
            return rc.outer_page(court, content, today, base, target, srv)

        if rest in ("/", "/index.php"):
            return 200, self._site_page(court, base, target, "ГЛАВНАЯ", self._home(court, base))
        if rest != "/modules.php":
            return 404, "<html><body><h1>404 Not Found</h1></body></html>"
        name = params.get("name")
        if name == "press_dep":
            return 200, self._press(court, base, target, params)
        if name != "sud_delo":
            return 200, self._site_page(court, base, target, "ГЛАВНАЯ", self._home(court, base))
        if "srv_num" not in params and len(court.srv_nums) > 1:
            # the choice comes before the module: the site's chrome, no module header or form
            choice = rc.server_choice(court, base)
            return 200, self._site_page(court, base, target, "СУДЕБНОЕ ДЕЛОПРОИЗВОДСТВО", choice)
        op = params.get("name_op")
        vn = court.template is Template.SUDRF_VNKOD
        form = (vnkod.form if vn else classic.form)(
            court.code, srv, base, self._captcha_fields(court)
        )
        if op == "r" or (op == "r_juid" and not vn):
            if (
                vn
                and any(m in params for m in _CLASSIC_MARK)
                and not any(m in params for m in _VNKOD_MARK)
            ):
                return 200, module(form)  # a VNKOD site silently ignores a classic query
            if not vn and any(m in params for m in _VNKOD_MARK) and "delo_id" not in params:
                return 200, module(form)  # and the other way round
            return 200, module(self._listing(court, base, params, today))
        if op == "case":
            case = self._card_case(court, params, vn)
            if case is None or not case.visible(today):
                return 200, module(vnkod.empty() if vn else classic.empty(base, srv))
            case = case.as_of(today)
            if vn:
                layout = self.world.profiles[court.code].vnkod_layout
                doc = params.get("_doc") == "1"
                return 200, module(vnkod.card(case, today, base, doc=doc, layout=layout))
            return 200, module(classic.card(case, today, base))
        if op == "doc" and not vn:
            number = int_param(params.get("number"), 0)
            case = self.world.case_by_act(court.code, number) if number else None
            case = case.as_of(today) if case else None
            if case is None or not case.act_visible(today) or params.get("text_number", "1") != "1":
                return 200, module(classic.empty_doc())
            return 200, module(classic.doc(case, base))
        return 200, module(form)

    def _listing(self, court: SimCourt, base: str, params: Params, today) -> str:
        vn = court.template is Template.SUDRF_VNKOD
        srv = int_param(params.get("srv_num"), 1) or 1
        empty = vnkod.empty() if vn else classic.empty(base, srv)
        try:
            crit = vnkod_criteria(params) if vn else classic_criteria(params)
        except BadQuery:
            return empty
        page = int_param(params.get("_page" if vn else "page"), 1)
        if crit.srv_num not in court.srv_nums or page is None:
            return empty
        found = select(self.world.cases_at(court.code, self.round), crit, today)
        reachable = min(len(found), self.search_cap)
        size = self.world.profiles[court.code].vnkod_page_size if vn else classic.PAGE_SIZE
        start = (page - 1) * size
        if not found or start >= reachable:
            return empty
        rows = found[start : min(start + size, reachable)]
        if vn:
            labelled = self.world.profiles[court.code].vnkod_labelled
            return vnkod.listing(
                rows, len(found), page, size, reachable, params, today, base, labelled
            )
        return classic.listing(rows, len(found), page, reachable, params, crit.srv_num, today, base)

    def _card_case(self, court: SimCourt, params: Params, vn: bool):
        cid = int_param(params.get("_id" if vn else "case_id"), 0)
        case = self.world.case_by_id(court.code, cid) if cid else None
        uid = params.get("_uid" if vn else "case_uid")
        if case is None or (uid and uid != case.case_uid):
            return None
        if params.get("_deloid" if vn else "delo_id", "1540006") != "1540006":
            return None
        return case

    def _captcha_fields(self, court: SimCourt) -> str:
        if not court.captcha:
            return ""
        html = template("captcha_fields").render(image=_CAPTCHA_PNG, captchaid=rc.CAPTCHA_MARK)
        if court.template is Template.SUDRF_VNKOD:
            html = (
                html.replace('<tr><td align="right">', '<div class="form-item"><label>')
                .replace("</td><td>", "</label>", 1)
                .replace("</td></tr>", "</div>")
            )
        return html

    def _captcha_page(
        self,
        court: SimCourt,
        base: str,
        rest: str,
        query: str,
        params: Params,
        message: str = rc.CAPTCHA_WRONG,
    ) -> str:
        today = self.world.round_date(self.round)
        srv = int_param(params.get("srv_num"), 1) or 1
        render = vnkod if court.template is Template.SUDRF_VNKOD else classic
        content = render.captcha_error(base, srv, message)
        return rc.outer_page(court, content, today, base, rest + "?" + query, srv)

    def _site_page(
        self, court: SimCourt, base: str, target: str, heading: str, content: str
    ) -> str:
        return template("site_page").render(
            court_name=rc.e(court.name),
            base=base,
            heading=heading,
            content=content,
            code=court.code,
            page_url=rc.page_url(court, target),
            **rc.chrome_slots(court, base),
        )

    def _home(self, court: SimCourt, base: str) -> str:
        return (
            f'<div class="content"><p>{rc.e(court.name)}</p>'
            f'<p><a href="{base}/modules.php?name=sud_delo&amp;srv_num=1&amp;name_op=sf">Поиск информации по делам</a></p></div>'
        )

    def _press(self, court: SimCourt, base: str, target: str, params: Params) -> str:
        """The press service in the real pages' structure (see `render_press`)."""
        items = self.world.press_releases(court.code, self.round)
        did = int_param(params.get("did"), 0)
        if params.get("op") == "1" and did:
            found = next((pr for pr in items if pr.id == did), None)
            content = (
                render_press.item(found, base, f"{rc.dmy(found.date)} 17:00")
                if found
                else render_press.not_found(base)
            )
        elif params.get("op") == "12" and re.fullmatch(
            r"\d{4}(-\d{2})?", arc := params.get("arc_list") or ""
        ):
            content = render_press.archive(items, base, arc)
        else:
            content = render_press.news_list(items, base)
        return self._site_page(court, base, target, "ПРЕСС-СЛУЖБА", content)

    def _index(self) -> str:
        rows = "".join(
            f'<tr><td><a href="/c/{c.code}/modules.php?name=sud_delo">{c.code}</a></td><td>{escape(c.name)}</td>'
            f"<td>{c.kind}</td><td>{c.template}</td><td>{' '.join(c.hosts)}</td>"
            f"<td>{','.join(map(str, c.srv_nums))}</td></tr>\n"
            for c in self.world.courts
        )
        return template("index").render(
            seed=self.world.seed,
            round=self.round,
            rounds=self.world.rounds,
            date=self.world.round_date(self.round).isoformat(),
            faults=escape(self.profile_name),
            rows=rows,
        )

    # --- /_sim control API -------------------------------------------------------------

    def _control(self, path: str, params: Params) -> Response:
        if path == "/_sim/round" and params.get("set"):
            wanted = params.get("set")
            if not wanted.isdigit():
                return _json({"error": f"set= takes a round number (0, 1, …), got {wanted!r}"}, 400)
            try:
                self.set_round(int(wanted))
            except ValueError as exc:  # UserInputError is a ValueError too
                return _json({"error": str(exc)}, 400)
        if path in ("/_sim/round", "/_sim/state"):
            return _json(self.state())
        if path == "/_sim/truth":
            r = params.get("round")
            if r and not r.isdigit():
                return _json({"error": f"round= takes a round number (0, 1, …), got {r!r}"}, 400)
            try:
                return _json(self.world.truth(int(r) if r else self.round))
            except ValueError as exc:
                return _json({"error": str(exc)}, 400)
        if path == "/_sim/stats":
            return _json(dict(self.stats) | self.load.snapshot())
        if path == "/_sim/captcha":
            cid = params.get("id")
            if not cid:
                return _json({"error": "id= takes a captchaid handed out by a search form"}, 400)
            return _json({"id": cid, "answer": captcha_answer(self.world.seed, cid)})
        if path == "/_sim/reset-attempts":
            self.reset_attempts()
            return _json({"ok": True})
        return _json({"error": f"unknown control path {path}"}, 404)

    def state(self) -> dict:
        return {
            "seed": self.world.seed,
            "round": self.round,
            "rounds": self.world.rounds,
            "date": self.world.round_date(self.round).isoformat(),
            "faults": {"profile": self.profile_name, "rates": dict(self.faults.rates)},
            "limits": {
                "rate_limit": self.faults.rate_limit,
                "burst": self.faults.burst,
                "check_agent": self.faults.check_agent,
                "captcha_seconds": self.captchas.lifetime if self.captchas else None,
            },
            "courts": [
                {
                    "code": c.code,
                    "name": c.name,
                    "kind": c.kind,
                    "template": c.template,
                    "hosts": list(c.hosts),
                    "srv_nums": list(c.srv_nums),
                    "path_prefix": f"/c/{c.code}",
                }
                for c in self.world.courts
            ],
        }


def _captcha_ok(params: Params) -> bool:
    code = params.get("captcha")
    return len(code) == 5 and code.isdigit() and bool(params.get("captchaid"))


def _json(obj: object, status: int = 200) -> Response:
    return Response(
        status,
        json.dumps(obj, ensure_ascii=False).encode("utf-8"),
        "application/json; charset=utf-8",
    )
