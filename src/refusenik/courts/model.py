"""The records of the court registry: one court, and one disagreement between source lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from refusenik.templates import Template


@dataclass(frozen=True)
class Court:
    """One court as the registry knows it; `sources` says which list gave each fact.

    `host` is the home-page form (`vgvs.prm.sudrf.ru`); `hosts` holds it, then the
    case-module form (`vgvs--prm.sudrf.ru`) when it differs, then any older alias.
    """

    code: str
    name: str
    kind: str
    region_code: str | None
    region: str | None
    host: str | None
    hosts: tuple[str, ...]
    template: Template
    captcha: bool | None
    srv_nums: tuple[int, ...]
    parent_code: str | None
    military_district: str | None
    sources: dict[str, tuple[str, ...]] = field(hash=False, compare=False)
    site_url: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def module_host(self) -> str | None:
        """The host `modules.php` answers on (the `--` form, `sites.hosts.module_host`)."""
        if len(self.hosts) > 1 and "--" in self.hosts[1]:
            return self.hosts[1]
        return self.host

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (tuples become lists)."""
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "region_code": self.region_code,
            "region": self.region,
            "host": self.host,
            "hosts": list(self.hosts),
            "module_host": self.module_host,
            "site_url": self.site_url,
            "template": str(self.template),
            "captcha": self.captcha,
            "srv_nums": list(self.srv_nums),
            "parent_code": self.parent_code,
            "military_district": self.military_district,
            "sources": {k: list(v) for k, v in self.sources.items()},
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Court:
        return cls(
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            region_code=row.get("region_code"),
            region=row.get("region"),
            host=row.get("host"),
            hosts=tuple(row.get("hosts", ())),
            template=Template(row["template"]),
            captcha=row.get("captcha"),
            srv_nums=tuple(row.get("srv_nums", ())),
            parent_code=row.get("parent_code"),
            military_district=row.get("military_district"),
            sources={k: tuple(v) for k, v in row.get("sources", {}).items()},
            site_url=row.get("site_url"),
            notes=tuple(row.get("notes", ())),
        )


@dataclass(frozen=True)
class Conflict:
    """Two lists disagree on one fact of one court; `rule` names the rule that chose.

    `code` is None for a court left out of the table (rule `presence`), which has no
    official code in any current list.
    """

    code: str | None
    name: str
    field: str
    chosen: str
    chosen_from: tuple[str, ...]
    rejected: str
    rejected_from: tuple[str, ...]
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "field": self.field,
            "chosen": self.chosen,
            "chosen_from": list(self.chosen_from),
            "rejected": self.rejected,
            "rejected_from": list(self.rejected_from),
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Conflict:
        return cls(
            code=row.get("code"),
            name=row["name"],
            field=row["field"],
            chosen=row["chosen"],
            chosen_from=tuple(row["chosen_from"]),
            rejected=row["rejected"],
            rejected_from=tuple(row["rejected_from"]),
            rule=row["rule"],
        )
