"""Build the bundled court table from the public court lists.

    .venv/bin/python scripts/build_registry.py                # writes the table
    .venv/bin/python scripts/build_registry.py --check        # exit 1 if it is stale

Reads the lists in `../shared/data/registry` (or `--registry DIR`), merges them by
official court code with the rules in `refusenik.courts.rules.RULES`, and writes
`src/refusenik/courts/data/courts.json.gz` with every court, every disagreement between
the lists, and the sha256 of each input. The output is deterministic: the same inputs
give the same bytes, so a test can rebuild it and compare.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refusenik.courts.model import Conflict, Court
from refusenik.courts.rules import KIND_BY_CODE_TYPE, RULES

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REGISTRY = REPO.parent / "shared" / "data" / "registry"
DEFAULT_OUT = REPO / "src" / "refusenik" / "courts" / "data" / "courts.json.gz"

FILES = {
    "dataout_2023": "dataout_sudrf_websites.json",
    "region_codes": "dataout_rf_region_codes.json",
    "dadata_2026": "dadata_military_courts_2026-07-12.json",
    "tochno_2024": "tochno_config_sudrf_base.json",
    "sudrf_app_2026": "sudrf_app_VNKODCourts.json",
    "ovdinfo_2020": "ovdinfo_sm_backend_courts_2020.json",
    "military_merged": "military_courts_merged.csv",
    "pract_cassation": "sudrfpractice_cassation_courts.json",
}
# Order in which lists are asked for a court's host (rule "host").
HOST_ORDER = ("dataout_2023", "dadata_2026", "tochno_2024", "sudrf_app_2026", "ovdinfo_2020")
CURRENT_LISTS = ("dataout_2023", "dadata_2026", "tochno_2024", "sudrf_app_2026")

CODE_RE = re.compile(r"^\d{2}[A-Z]{2}\d{4}$")
MOSGORSUD = "mos-gorsud.ru"

# Hosts in regions no list names (the garrison courts opened in 2022-23 in occupied regions).
HOST_LABEL_REGIONS = {
    "dnr": "Донецкая Народная Республика",
    "lnr": "Луганская Народная Республика",
    "zpr": "Запорожская область",
    "hrs": "Херсонская область",
}
# tochno `level` and OVD-Info `type` (oi_sud/courts/models.py) -> the kinds they allow.
TOCHNO_LEVEL_KINDS = {
    "DISTRICT": {"district"},
    "REGION": {"regional"},
    "GARRISON": {"garrison_military", "district_military"},
    "CASSATION": {"cassation", "cassation_military"},
    "MOSGORSUD": {"regional"},
}
OVD_TYPE_KINDS = {
    0: {"district"},
    1: {"district"},
    2: {"regional"},
    3: {"regional"},
    4: {"regional"},
    5: {"garrison_military"},
    6: {"district_military"},
    7: {"regional"},
    8: {"regional"},
    9: {"magistrate"},
}
OVD_SITE_TYPES = {1: "classic", 2: "vnkod", 3: "mosgorsud"}
TOCHNO_PATTERNS = {
    "PRIMARY_PATTERN": "classic",
    "VNKOD_PATTERN": "vnkod",
    "MOSGORSUD_PATTERN": "mosgorsud",
}


# ---------------------------------------------------------------- hosts and names


def split_url(url: str | None) -> tuple[str | None, str | None]:
    """(host in dot form, page URL if the address has a path) for any written address."""
    if not url or "@" in url:
        return None, None  # OVD-Info has a few e-mail addresses in its url column
    bare = re.sub(r"^https?://", "", url.strip().lower()).rstrip("/")
    host, _, path = bare.partition("/")
    if host.startswith("www.") and host != "www.vsrf.ru":
        host = host[4:]
    if host.endswith(".sudrf.ru"):
        label = host[: -len(".sudrf.ru")].replace("--", ".", 1)
        host = f"{label}.sudrf.ru"
    if path:
        return None, f"https://{bare}"
    return host, None


def host_forms(host: str) -> tuple[str, ...]:
    """Dot form first, then the `--` form that modules.php answers on (one label under sudrf.ru)."""
    if host.endswith(".sudrf.ru"):
        label = host[: -len(".sudrf.ru")]
        if "." in label:
            return (host, label.replace(".", "--", 1) + ".sudrf.ru")
    if host.startswith("www."):
        return (host, host[4:])
    return (host,)


def region_label(host: str | None) -> str | None:
    """`vgvs.prm.sudrf.ru` -> `prm`; None for hosts without a region part."""
    if not host or not host.endswith(".sudrf.ru"):
        return None
    label = host[: -len(".sudrf.ru")]
    return label.split(".", 1)[1] if "." in label else None


def tidy(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


def plain(name: str) -> str:
    """A join key for names: «ё» and «е» are written interchangeably across the lists."""
    return tidy(name.replace("ё", "е").replace("Ё", "Е"))


def strip_region(name: str, region: str | None) -> str:
    """dataout writes «… суд (Алтайский край)»; the region is a field of its own here."""
    name = name.strip()
    if region and name.endswith(f"({region})"):
        return name[: -len(region) - 2].strip()
    return name


def district_short(ov_name: str) -> str:
    """«Тихоокеанский флотский военный суд» -> «Тихоокеанский флот»; «Южный окружной …» -> «Южный»."""
    return ov_name.replace(" окружной военный суд", "").replace(" флотский военный суд", " флот")


# ---------------------------------------------------------------- the lists


@dataclass
class Lists:
    """Each list as {code: record}, plus what cannot be keyed by code yet."""

    files: dict[str, str] = field(default_factory=dict)  # source -> sha256
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    region_names: dict[str, str] = field(default_factory=dict)
    ovd_rows: list[dict[str, Any]] = field(default_factory=list)
    merged_rows: list[dict[str, str]] = field(default_factory=list)
    cassation: list[dict[str, Any]] = field(default_factory=list)
    tochno_mosgorsud: bool = False


def read_lists(registry: Path) -> Lists:
    lists = Lists()
    raw: dict[str, Any] = {}
    for source, name in FILES.items():
        data = (registry / name).read_bytes()
        lists.files[name] = hashlib.sha256(data).hexdigest()
        raw[source] = data.decode("utf-8")

    lists.region_names = {k: v.strip() for k, v in json.loads(raw["region_codes"]).items()}
    for region, rows in json.loads(raw["dataout_2023"]).items():
        for row in rows:
            host, page = split_url(row["court_website"])
            lists.records["dataout_2023"][row["court_id"]] = {
                "name": row["court_name"],
                "host": host,
                "page": page,
                "region": region,
                "srv": row["srv"],
            }
    for row in json.loads(raw["dadata_2026"]):
        host, page = split_url(row["website"])
        lists.records["dadata_2026"][row["code"]] = {
            "name": row["name"],
            "host": host,
            "page": page,
        }
    for row in json.loads(raw["tochno_2024"]):
        if not CODE_RE.match(row["vnkod"] or ""):
            # "77MOSGORSUD" is the Moscow portal as a whole, not a court.
            lists.tochno_mosgorsud = row["searchPattern"] == "MOSGORSUD_PATTERN"
            continue
        host, page = split_url(row["searchString"])
        lists.records["tochno_2024"][row["vnkod"]] = {
            "name": row["name"],
            "host": host,
            "page": page,
            "level": row["level"],
            "template": TOCHNO_PATTERNS[row["searchPattern"]],
            "captcha": row["hasCaptcha"],
        }
    for row in json.loads(raw["sudrf_app_2026"]):
        host, page = split_url(row["domain"])
        lists.records["sudrf_app_2026"][row["vnkod"]] = {
            "name": row["title"],
            "host": host,
            "page": page,
            "captcha": row["hasCaptcha"],
        }
    lists.ovd_rows = [item["fields"] for item in json.loads(raw["ovdinfo_2020"])]
    lists.merged_rows = list(csv.DictReader(raw["military_merged"].splitlines()))
    lists.cassation = json.loads(raw["pract_cassation"])["courts"]
    return lists


def join_ovdinfo(lists: Lists, conflicts: list[Conflict]) -> None:
    """OVD-Info has codes only for VNKOD sites: join the rest by host, then by name."""
    by_host: dict[str, str] = {}
    for source in CURRENT_LISTS:
        for code, rec in lists.records[source].items():
            if rec["host"]:
                by_host.setdefault(rec["host"], code)
    by_name: dict[str, str] = {}
    for code, rec in lists.records["dataout_2023"].items():
        by_name.setdefault(plain(rec["name"]), code)
    known = set().union(*(lists.records[s] for s in CURRENT_LISTS))
    for row in lists.ovd_rows:
        host, page = split_url(row["url"])
        code = row["vn_kod"] if row["vn_kod"] in known else None
        code = code or (by_host.get(host) if host else None) or by_name.get(plain(row["title"]))
        if code is None:
            conflicts.append(
                Conflict(
                    code=row["vn_kod"],
                    name=tidy(row["title"]),
                    field="presence",
                    chosen="left out",
                    chosen_from=CURRENT_LISTS,
                    rejected=host or page or (row["url"] or "").strip() or "-",
                    rejected_from=("ovdinfo_2020",),
                    rule="presence",
                )
            )
            continue
        lists.records["ovdinfo_2020"][code] = {
            "name": row["title"],
            "host": host,
            "page": page,
            "type": row["type"],
            "template": OVD_SITE_TYPES.get(row["site_type"]),
        }


# ---------------------------------------------------------------- merging one court


class Merger:
    def __init__(self, lists: Lists) -> None:
        self.lists = lists
        self.conflicts: list[Conflict] = []
        self.label_regions: dict[str, set[str]] = defaultdict(set)
        for rec in lists.records["dataout_2023"].values():
            label = region_label(rec["host"])
            if label:
                self.label_regions[label].add(rec["region"])
        self.parents: dict[str, tuple[str | None, str]] = {}
        for row in lists.merged_rows:
            guess = row["appeal_court_guess"].split(" ", 1)[0]
            if row["code"]:
                parent = guess if CODE_RE.match(guess) else None
                self.parents[row["code"]] = (parent, row["appeal_court_basis"])
        self.cassation_hosts = {split_url(c["domain"])[0] for c in lists.cassation}

    def has(self, source: str, code: str) -> dict[str, Any] | None:
        return self.lists.records[source].get(code)

    def conflict(
        self,
        code: str,
        name: str,
        fld: str,
        chosen: Any,
        won: tuple[str, ...],
        other: Any,
        lost: tuple[str, ...],
    ) -> None:
        self.conflicts.append(
            Conflict(
                code, name, fld, _text(chosen), won, _text(other), lost, rule=_RULE_OF.get(fld, fld)
            )
        )

    def court(self, code: str) -> Court:
        recs = {s: r for s in (*CURRENT_LISTS, "ovdinfo_2020") if (r := self.has(s, code))}
        sources: dict[str, tuple[str, ...]] = {"code": tuple(s for s in CURRENT_LISTS if s in recs)}
        notes: list[str] = []
        kind = KIND_BY_CODE_TYPE[code[2:4]]
        region_code, region = self.region(code, recs, sources, notes)
        name = self.name(code, recs, region, sources)
        self.check_kind(code, name, kind, recs, sources)
        host, hosts, site_url = self.hosts(code, name, recs, sources)
        template = self.template(code, name, host, site_url, recs, sources)
        captcha = self.captcha(code, name, recs, sources)
        if "dataout_2023" in recs:
            srv = tuple(sorted(int(n) for n in recs["dataout_2023"]["srv"]))
            sources["srv_nums"] = ("dataout_2023",)
        else:
            srv = (1,)
            sources["srv_nums"] = ("default",)
            notes.append("not in dataout_2023 (the official portal's list of Nov 2023)")
        parent, district = self.parent(code, kind, notes, sources)
        return Court(
            code=code,
            name=name,
            kind=kind,
            region_code=region_code,
            region=region,
            host=host,
            hosts=hosts,
            template=template,
            captcha=captcha,
            srv_nums=srv,
            parent_code=parent,
            military_district=district,
            sources=sources,
            site_url=site_url,
            notes=tuple(notes),
        )

    def region(
        self, code: str, recs: dict, sources: dict, notes: list[str]
    ) -> tuple[str | None, str | None]:
        if "dataout_2023" in recs:
            key = recs["dataout_2023"]["region"]
            sources["region"] = ("dataout_2023", "region_codes")
            return key, self.lists.region_names[key]
        for rec in recs.values():
            label = region_label(rec["host"])
            found = self.label_regions.get(label or "", set())
            if len(found) == 1:
                key = next(iter(found))
                sources["region"] = ("dataout_2023", "region_codes")
                notes.append(
                    f"region taken from the dataout_2023 courts under the host label {label!r}"
                )
                return key, self.lists.region_names[key]
            if label in HOST_LABEL_REGIONS:
                sources["region"] = ("host_label",)
                return None, HOST_LABEL_REGIONS[label]
        return None, None

    def name(self, code: str, recs: dict, region: str | None, sources: dict) -> str:
        for source in ("dataout_2023", "dadata_2026", "tochno_2024", "sudrf_app_2026"):
            if source in recs:
                sources["name"] = (source,)
                return tidy(strip_region(recs[source]["name"], region))
        raise AssertionError(code)

    def check_kind(self, code: str, name: str, kind: str, recs: dict, sources: dict) -> None:
        agree = list(sources["code"])
        checks = (
            ("tochno_2024", "level", TOCHNO_LEVEL_KINDS),
            ("ovdinfo_2020", "type", OVD_TYPE_KINDS),
        )
        for source, key, allowed in checks:
            if source not in recs:
                continue
            value = recs[source][key]
            if kind in allowed.get(value, set()):
                if source not in agree:
                    agree.append(source)
            else:
                self.conflict(code, name, "kind", kind, ("code",), f"{key} {value}", (source,))
        sources["kind"] = tuple(agree)

    def hosts(
        self, code: str, name: str, recs: dict, sources: dict
    ) -> tuple[str | None, tuple[str, ...], str | None]:
        seen: dict[str, list[str]] = {}
        for source in HOST_ORDER:
            if source in recs and recs[source]["host"]:
                seen.setdefault(recs[source]["host"], []).append(source)
        hosts_in_order = list(seen)
        if self.is_cassation_host(hosts_in_order):
            seen[hosts_in_order[0]].append("pract_cassation")
        page = next((r["page"] for r in recs.values() if r.get("page")), None)
        if not hosts_in_order:
            pages = [s for s in HOST_ORDER if s in recs and recs[s].get("page")]
            sources["site_url"] = tuple(pages)
            return None, (), page
        host = hosts_in_order[0]
        sources["host"] = tuple(seen[host])
        forms: list[str] = list(host_forms(host))
        for alias in hosts_in_order[1:]:
            self.conflict(code, name, "host", host, tuple(seen[host]), alias, tuple(seen[alias]))
            forms.extend(f for f in host_forms(alias) if f not in forms)
        if page:
            sources["site_url"] = tuple(
                s for s in HOST_ORDER if s in recs and recs[s].get("page") == page
            )
        return host, tuple(forms), page

    def is_cassation_host(self, hosts: list[str]) -> bool:
        return bool(hosts) and hosts[0] in self.cassation_hosts

    def template(
        self, code: str, name: str, host: str | None, page: str | None, recs: dict, sources: dict
    ) -> str:
        claims = {s: r["template"] for s, r in recs.items() if r.get("template")}
        on_portal = [
            s
            for s in HOST_ORDER
            if s in recs and MOSGORSUD in (recs[s]["host"] or recs[s]["page"] or "")
        ]
        if code == "77OS0000" and self.lists.tochno_mosgorsud:
            on_portal.append("tochno_2024")
        if on_portal or claims.get("ovdinfo_2020") == "mosgorsud":
            chosen = "mosgorsud"
            won = tuple(dict.fromkeys([*on_portal, *(s for s, t in claims.items() if t == chosen)]))
        elif host and host.endswith("vsrf.ru"):
            chosen, won = "vsrf", tuple(s for s in ("dadata_2026",) if s in recs)
        else:
            chosen = "vnkod" if "sudrf_app_2026" in recs else "classic"
            won = ("sudrf_app_2026", *(s for s, t in claims.items() if t == chosen))
        for source, value in claims.items():
            if value != chosen:
                self.conflict(code, name, "template", chosen, won, value, (source,))
        sources["template"] = won
        return chosen

    def captcha(self, code: str, name: str, recs: dict, sources: dict) -> bool | None:
        claims = [(s, recs[s]["captcha"]) for s in ("sudrf_app_2026", "tochno_2024") if s in recs]
        if not claims:
            sources["captcha"] = ("default",)
            return None
        chosen = claims[0][1]
        won = tuple(s for s, v in claims if v == chosen)
        for source, value in claims:
            if value != chosen:
                self.conflict(code, name, "captcha", chosen, won, value, (source,))
        sources["captcha"] = won
        return chosen

    def parent(
        self, code: str, kind: str, notes: list[str], sources: dict
    ) -> tuple[str | None, str | None]:
        if code not in self.parents:
            return None, None
        parent, basis = self.parents[code]
        if parent is None and not basis:
            return None, None  # the list gives no court above the AV and KV
        sources["parent_code"] = ("military_merged",)
        if parent is None:
            notes.append(f"parent court unknown: {basis}")
        elif "code prefix equals" not in basis:
            notes.append(f"parent {parent} inferred: {basis}")
        names = {c: r["name"] for c, r in self.lists.records["dadata_2026"].items()}
        if kind == "district_military":
            return parent, district_short(names[code])
        if parent and parent[2:4] == "OV":
            return parent, district_short(names[parent])
        return parent, None


_RULE_OF = {
    "presence": "presence",
    "kind": "kind",
    "host": "host",
    "template": "template",
    "captcha": "captcha",
}


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# ---------------------------------------------------------------- the table


def build(registry: Path) -> dict[str, Any]:
    """The whole bundled table as a JSON-ready dict; a pure function of the list files."""
    lists = read_lists(registry)
    conflicts: list[Conflict] = []
    join_ovdinfo(lists, conflicts)
    merger = Merger(lists)
    codes = sorted(set().union(*(lists.records[s] for s in CURRENT_LISTS)))
    courts = [merger.court(code) for code in codes]
    for court in courts:
        if "dataout_2023" not in court.sources["code"]:
            merger.conflict(
                court.code,
                court.name,
                "presence",
                "included",
                court.sources["code"],
                "absent",
                ("dataout_2023",),
            )
    all_conflicts = sorted(
        conflicts + merger.conflicts, key=lambda c: (c.field, c.code or "", c.name, c.rejected_from)
    )
    rows = []
    for court in courts:
        row = court.to_dict()
        row.pop("module_host")
        rows.append(row)
    return {
        "format": 1,
        "inputs": dict(sorted(lists.files.items())),
        "rules": RULES,
        "courts": rows,
        "conflicts": [c.to_dict() for c in all_conflicts],
    }


def encode(table: dict[str, Any]) -> bytes:
    """Deterministic bytes: no timestamp in the gzip header, stable key order."""
    text = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--registry", type=Path, default=DEFAULT_REGISTRY, help="folder with the court lists"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the table")
    parser.add_argument(
        "--check", action="store_true", help="only compare with --out; exit 1 if it differs"
    )
    args = parser.parse_args(argv)
    if not args.registry.is_dir():
        parser.error(f"no registry folder at {args.registry}")
    table = build(args.registry)
    blob = encode(table)
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == blob
        print("up to date" if same else f"{args.out} is stale: rebuild it")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    kinds: dict[str, int] = defaultdict(int)
    for row in table["courts"]:
        kinds[row["kind"]] += 1
    print(
        f"wrote {args.out} ({len(blob):,} bytes): {len(table['courts'])} courts, {len(table['conflicts'])} conflicts"
    )
    print("  " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
