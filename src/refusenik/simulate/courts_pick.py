"""The courts a simulated network serves, taken from the court registry or given directly.

The simulator only needs a few facts per court (code, name, kind, both host forms, template,
database servers); `SimCourt.from_registry` reads them from whatever the registry's `Court`
holds, so the simulator does not depend on that class's exact shape.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from refusenik.errors import UserInputError
from refusenik.sites.hosts import home_host, module_host
from refusenik.templates import Template

SIMULATED_KINDS = ("garrison_military", "district")
TEMPLATES = (Template.SUDRF_CLASSIC, Template.SUDRF_VNKOD)


@dataclass(frozen=True)
class SimCourt:
    """One simulated court website."""

    code: str
    name: str
    kind: str  # garrison_military | district
    host: str  # dot form, e.g. "bgvs.alt.sudrf.ru"
    template: Template = Template.SUDRF_CLASSIC  # SUDRF_CLASSIC | SUDRF_VNKOD
    srv_nums: tuple[int, ...] = (1,)
    captcha: bool = False

    def __post_init__(self) -> None:
        # Callers may name the template as text (`"vnkod"`); keep it a `Template`.
        object.__setattr__(self, "template", _template(self.template))

    @property
    def module_host(self) -> str:
        """The double-hyphen form `modules.php` lives on (`sites.hosts.module_host`)."""
        return module_host(_full_host(self.host))

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.host.lower(), self.module_host)))

    @classmethod
    def from_registry(cls, court: object) -> SimCourt:
        """Adapt a registry `Court` (or any object with the same attribute names)."""
        host = str(_first(court, "host", "site_host", "dot_host", default="") or "")
        mhost = str(_first(court, "module_host", "hyphen_host", default="") or "")
        if not host and mhost:
            host = home_host(mhost)
        srv = _first(court, "srv_nums", "srv", default=(1,)) or (1,)
        servers = srv if isinstance(srv, (tuple, list, set, frozenset)) else (srv,)
        template = _template(_first(court, "template", default=None))
        return cls(
            code=str(court.code),  # type: ignore[attr-defined]
            name=str(court.name),  # type: ignore[attr-defined]
            kind=str(court.kind),  # type: ignore[attr-defined]
            host=_full_host(host),
            template=template if template in TEMPLATES else Template.SUDRF_CLASSIC,
            srv_nums=tuple(sorted({int(str(s)) for s in servers})) or (1,),
            captcha=bool(_first(court, "captcha", "has_captcha", default=False)),
        )


def _first(obj: object, *names: str, default: object = None) -> object:
    for n in names:
        if hasattr(obj, n):
            return getattr(obj, n)
        if isinstance(obj, dict) and n in obj:
            return obj[n]
    return default


def _full_host(host: str) -> str:
    host = host.strip().lower()
    if host.startswith(("http://", "https://")):
        host = host.split("://", 1)[1]
    host = host.split("/", 1)[0]
    return host if host.endswith(".sudrf.ru") else host + ".sudrf.ru"


def _template(value: object) -> Template:
    """A registry template (a `Template` or its name, old short names too); classic if unknown."""
    try:
        return Template(str(value)) if value else Template.SUDRF_CLASSIC
    except ValueError:
        return Template.SUDRF_CLASSIC


def registry_courts() -> list[SimCourt]:
    """Garrison and district courts of the registry on the classic or VNKOD template."""
    try:
        from refusenik import courts as registry
    except ImportError as exc:  # pragma: no cover - the registry ships with the package
        raise UserInputError("the court registry (refusenik.courts) is not available") from exc
    by_kind = getattr(registry, "by_kind", None)
    if by_kind is None:
        raise UserInputError(
            "the court registry (refusenik.courts) has no by_kind(); pass courts explicitly"
        )
    out: list[SimCourt] = []
    for kind in SIMULATED_KINDS:
        for court in by_kind(kind):
            sc = SimCourt.from_registry(court)
            template = _template(getattr(court, "template", None))
            if template in TEMPLATES and getattr(court, "host", None):
                out.append(sc)
    return sorted(out, key=lambda c: c.code)


def pick_courts(seed: int, n: int, pool: Sequence[SimCourt] | None = None) -> list[SimCourt]:
    """A seeded choice of n courts: about two thirds garrison, at least one VNKOD if n ≥ 3."""
    if n < 1:
        raise UserInputError(f"--courts must be at least 1, got {n}")
    pool = list(pool) if pool is not None else registry_courts()
    garrison = [c for c in pool if c.kind == "garrison_military"]
    district = [c for c in pool if c.kind == "district"]
    rng = random.Random(f"courts:{seed}")
    n_garrison = min(len(garrison), max(1, round(n * 2 / 3)))
    n_district = min(len(district), n - n_garrison)
    chosen: list[SimCourt] = []
    vnkod = [c for c in garrison if c.template is Template.SUDRF_VNKOD]
    if n >= 3 and vnkod:
        chosen.append(rng.choice(vnkod))
    rest = [c for c in garrison if c not in chosen]
    chosen += rng.sample(rest, max(0, n_garrison - len(chosen)))
    chosen += rng.sample(district, n_district)
    if len(chosen) < n:
        raise UserInputError(
            f"--courts {n}: the registry has only {len(chosen)} garrison and district courts "
            "on the classic or VNKOD template"
        )
    return sorted(chosen, key=lambda c: c.code)


def as_sim_courts(courts: Iterable[object]) -> list[SimCourt]:
    return [c if isinstance(c, SimCourt) else SimCourt.from_registry(c) for c in courts]
