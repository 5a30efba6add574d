"""The two forms of a sudrf court's host name, and the one rule between them.

A court's home page uses dots (`vs.komi.sudrf.ru`); its case module `modules.php` lives
on a single name under `sudrf.ru` in which every dot of the court's part became a double
hyphen (`vs--komi.sudrf.ru`), so that one `*.sudrf.ru` certificate covers it. Hosts
without a region part (`2kas.sudrf.ru`) have one form. Every host in the court registry
is one of these shapes; the registry test checks the rule against all of them.
"""

from __future__ import annotations

SUDRF = ".sudrf.ru"


def bare_host(host: str) -> str:
    """Lower-cased host without scheme, path or trailing dot/slash."""
    host = host.strip().lower()
    if "://" in host:
        host = host.split("://", 1)[1]
    return host.split("/", 1)[0].rstrip(".")


def module_host(host: str) -> str:
    """The host `modules.php` lives on: `vs.komi.sudrf.ru` → `vs--komi.sudrf.ru`;
    `a.b.c.sudrf.ru` → `a--b--c.sudrf.ru`. Other hosts are returned bare."""
    host = bare_host(host)
    if not host.endswith(SUDRF):
        return host
    name = host[: -len(SUDRF)]
    return f"{name.replace('.', '--')}{SUDRF}"


def home_host(host: str) -> str:
    """The court's home-page host: `vs--komi.sudrf.ru` → `vs.komi.sudrf.ru`."""
    name = module_host(host)
    if not name.endswith(SUDRF):
        return name
    return f"{name[: -len(SUDRF)].replace('--', '.')}{SUDRF}"
