"""The simulated network's request handling: from (host, target) to a response, with faults.

Transport-free, so tests can call it directly and the asyncio server stays a thin shell.
Clean pages are rendered once per (court, round, prefix, target) and cached as bytes; faults
are applied on top, so the cache never holds a faulty page.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from html import escape

from refusenik.simulate import render_classic as classic
from refusenik.simulate import render_common as rc
from refusenik.simulate import render_vnkod as vnkod
from refusenik.simulate.courts_pick import SimCourt
from refusenik.simulate.faults import FaultPlan
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


@dataclass(frozen=True)
class Response:
    """What the server sends: status, headers, body — or a reset, possibly after a delay."""

    status: int
    body: bytes = b""
    content_type: str = CP1251
    reset: bool = False
    delay: float = 0.0
    fault: str | None = None


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
    ) -> None:
        world.check_round(round)
        self.world = world
        self.faults = faults or FaultPlan()
        self.round = round
        self.search_cap = search_cap
        self.enforce_captcha = enforce_captcha
        self.profile_name = profile_name
        self.stats: Counter[str] = Counter()
        self._attempts: Counter[str] = Counter()
        self._cache: dict[tuple, tuple[int, bytes]] = {}
        self._cache_bytes = 0

    # --- control ------------------------------------------------------------------------

    def set_round(self, r: int) -> None:
        """Move the whole network to round r (0-based)."""
        self.world.check_round(r)
        self.round = r

    def reset_attempts(self) -> None:
        """Forget attempt counts, so the same requests meet the same faults again."""
        self._attempts.clear()

    # --- entry point --------------------------------------------------------------------

    def handle(self, target: str, host: str = "") -> Response:
        """Answer one GET for `target` (path and query) sent with Host `host`."""
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
            body = template("geoblock").render(
                ip="203.0.113.7", request_id=f"{attempt:04d}-{len(key):04d}"
            )
            return Response(403, _enc(body), fault=fault)
        if fault == "throttle":
            body = template("throttle").render(
                court_name=rc.e(court.name),
                code=court.code,
                page_url=rc.page_url(court, rest + "?" + query),
            )
            return Response(200, _enc(body), fault=fault)
        if fault == "captcha":
            return Response(
                200, _enc(self._captcha_page(court, base, rest, query, params)), fault=fault
            )

        status, body = self._page(court, base, rest, query, params)
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
            return Response(status, body, delay=self.faults.slow_seconds, fault=fault)
        return Response(status, body)

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
            if self.enforce_captcha and court.captcha and not _captcha_ok(params):
                return 200, module((vnkod if vn else classic).captcha_error(base, srv))
            return 200, module(self._listing(court, base, params, today))
        if op == "case":
            case = self._card_case(court, params, vn)
            if case is None or not case.visible(today):
                return 200, module(vnkod.empty() if vn else classic.empty(base, srv))
            if vn:
                return 200, module(vnkod.card(case, today, base, doc=params.get("_doc") == "1"))
            return 200, module(classic.card(case, today, base))
        if op == "doc" and not vn:
            number = int_param(params.get("number"), 0)
            case = self.world.case_by_act(court.code, number) if number else None
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
        found = select(self.world.cases[court.code], crit, today)
        reachable = min(len(found), self.search_cap)
        size = self.world.profiles[court.code].vnkod_page_size if vn else classic.PAGE_SIZE
        start = (page - 1) * size
        if not found or start >= reachable:
            return empty
        rows = found[start : min(start + size, reachable)]
        if vn:
            return vnkod.listing(rows, len(found), page, size, reachable, params, today, base)
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
        html = template("captcha_fields").render(
            image=_CAPTCHA_PNG, captchaid=f"sim{court.code.lower()}"
        )
        if court.template is Template.SUDRF_VNKOD:
            html = (
                html.replace('<tr><td align="right">', '<div class="form-item"><label>')
                .replace("</td><td>", "</label>", 1)
                .replace("</td></tr>", "</div>")
            )
        return html

    def _captcha_page(
        self, court: SimCourt, base: str, rest: str, query: str, params: Params
    ) -> str:
        today = self.world.round_date(self.round)
        srv = int_param(params.get("srv_num"), 1) or 1
        content = (vnkod if court.template is Template.SUDRF_VNKOD else classic).captcha_error(
            base, srv
        )
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
        )

    def _home(self, court: SimCourt, base: str) -> str:
        return (
            f'<div class="content"><p>{rc.e(court.name)}</p>'
            f'<p><a href="{base}/modules.php?name=sud_delo&amp;srv_num=1&amp;name_op=sf">Поиск информации по делам</a></p></div>'
        )

    def _press(self, court: SimCourt, base: str, target: str, params: Params) -> str:
        items = self.world.press_releases(court.code, self.round)
        did = int_param(params.get("did"), 0)
        if params.get("op") == "1" and did:
            for pr in items:
                if pr.id == did:
                    text = "\n".join(f"<p>{rc.e(p)}</p>" for p in pr.paragraphs)
                    content = template("press_item").render(
                        date=rc.dmy(pr.date), title=rc.e(pr.title), text=text, base=base
                    )
                    return self._site_page(court, base, target, "ПРЕСС-СЛУЖБА", content)
            return self._site_page(
                court, base, target, "ПРЕСС-СЛУЖБА", "<p>Материал не найден.</p>"
            )
        rows = "".join(
            f'<div class="news-item"><span class="news-date">{rc.dmy(p.date)}</span> '
            f'<a href="{base}/modules.php?name=press_dep&amp;op=1&amp;did={p.id}">{rc.e(p.title)}</a></div>\n'
            for p in items
        )
        return self._site_page(
            court,
            base,
            target,
            "ПРЕСС-СЛУЖБА",
            f'<div class="news-list">\n{rows or "<p>Нет материалов.</p>"}</div>',
        )

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
            return _json(dict(self.stats))
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
