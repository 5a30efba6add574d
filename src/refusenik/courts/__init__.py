"""The court registry: every court refusenik may ask, bundled with the package as data.

One row per court (official code such as 63GV0006, name, kind, region, host in both
forms, site template, captcha flag, database servers `srv_num`, and for military courts
the district or fleet court above them), merged from several public lists by
`scripts/build_registry.py`. At run time only the bundled `data/courts.json.gz` is read.

Lists used (short names as in `Court.sources`): dataout_2023 (2,311 sudrf sites from the
official portal, with srv lists), tochno_2024 (2,270 courts with template and captcha),
dadata_2026 (all military courts and the Supreme Court), sudrf_app_2026 (101 VNKOD
courts), ovdinfo_2020 (2,352 courts with site types), military_merged (parent courts),
pract_cassation (the nine cassation courts), region_codes.

How disagreements are settled (the same text is printed by `refusenik courts audit`,
which lists every disagreement and the rule that settled it):

- presence: a court is in the table when a list from 2023 or later names it with an
  official code; courts only in the 2020 list (merged or abolished) are left out.
- kind: from the code's two type letters (RS district, OS regional, GV garrison_military,
  OV district_military, AV appeal_military, KV cassation_military, KJ cassation, AJ appeal,
  VS supreme, MS magistrate); other lists' types are checked against it.
- name: dataout_2023 without the trailing "(region)", else dadata_2026, tochno_2024,
  sudrf_app_2026; names are not compared (the lists use different grammatical forms).
- host: dataout_2023 first (scraped from the official portal), then dadata_2026,
  tochno_2024, sudrf_app_2026, ovdinfo_2020; a losing host is kept as an alias in `hosts`.
- region: where dataout_2023 lists the court (for garrison courts NOT the code prefix);
  else the region of dataout hosts with the same region label; dnr/lnr/zpr/hrs hosts are
  named from the label with no region code. tochno's own region numbering is ignored.
- template: (a `refusenik.templates.Template`) a court any list places on mos-gorsud.ru
  (Moscow's city and district courts) is mosgorsud, vsrf.ru is vsrf; otherwise sudrf_vnkod
  if on the sudrf_app_2026 list (the newest, a live-checked subset of tochno's VNKOD
  courts), else sudrf_classic. Older values that differ are listed.
- captcha: sudrf_app_2026, else tochno_2024, else unknown (None).
- srv_nums: dataout_2023's srv list, else (1,) by default.
- parent: military_merged's appeal-court guess (code prefix; 63 and 54 inferred, 31 none;
  district/fleet courts -> 50AV0000). military_district is the judicial district of the
  district or fleet court, not the armed forces' military district.

No list names a magistrate (MS) court: magistrates sit on msudrf.ru, a separate platform,
so `by_kind("magistrate")` is empty until a list of them is added.
"""

from __future__ import annotations

from refusenik.courts.model import Conflict, Court
from refusenik.courts.rules import KINDS, RULES, SOURCES, TEMPLATES
from refusenik.courts.table import load, lookup_key
from refusenik.errors import UserInputError
from refusenik.templates import Template

__all__ = [
    "KINDS",
    "RULES",
    "SOURCES",
    "TEMPLATES",
    "Conflict",
    "Court",
    "UnknownCourtError",
    "all_courts",
    "audit",
    "by_kind",
    "check_template",
    "get",
]


class UnknownCourtError(UserInputError):
    """No court in the registry has this code or host."""


def all_courts() -> list[Court]:
    """Every court in the registry, in table order (by region, then code)."""
    return list(load().courts)


def get(code_or_host: str) -> Court:
    """The court with this official code or host (either form, with or without URL parts)."""
    table = load()
    key = lookup_key(code_or_host)
    court = table.by_key.get(key)
    if court is None and "/" in key:
        host = key.split("/", 1)[0]
        if host.endswith(".sudrf.ru"):
            court = table.by_key.get(host)
    if court is None:
        raise UnknownCourtError(
            f"no court with code or host {code_or_host!r} in the registry "
            "(codes look like 63GV0006; hosts like gvs.sam.sudrf.ru or gvs--sam.sudrf.ru)"
        )
    return court


def check_kind(kind: str) -> str:
    """The kind itself, or a UserInputError listing the valid kinds."""
    if kind not in KINDS:
        raise UserInputError(f"unknown court kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    return kind


def check_template(name: str) -> Template:
    """The registry template this name means (`classic` and `vnkod` are read too), or a
    UserInputError listing the valid ones."""
    try:
        template = Template(name)
    except ValueError:
        template = Template.UNKNOWN
    if template not in TEMPLATES:
        valid = ", ".join(TEMPLATES)
        raise UserInputError(f"unknown template {name!r}; valid templates: {valid}")
    return template


def by_kind(kind: str) -> list[Court]:
    """All courts of one kind (see `KINDS`); an unknown kind is a UserInputError."""
    check_kind(kind)
    return [court for court in load().courts if court.kind == kind]


def audit() -> list[Conflict]:
    """Every disagreement between the source lists, with the rule that settled it."""
    return list(load().conflicts)
