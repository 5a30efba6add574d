"""Vocabulary and merge rules of the court registry, shared by the loader and the build script.

The rules are data so that `refusenik courts audit` prints exactly the text the build
applied; the module docstring of `refusenik.courts` repeats them for readers of the code.
"""

from __future__ import annotations

from refusenik.templates import Template

# The two letters in the middle of an official court code (e.g. 63GV0006) say what the
# court is; `kind` is derived from them alone.
KIND_BY_CODE_TYPE: dict[str, str] = {
    "RS": "district",
    "OS": "regional",
    "GV": "garrison_military",
    "OV": "district_military",
    "AV": "appeal_military",
    "KV": "cassation_military",
    "KJ": "cassation",
    "AJ": "appeal",
    "VS": "supreme",
    "MS": "magistrate",
}
KINDS: tuple[str, ...] = tuple(KIND_BY_CODE_TYPE.values())

# Site templates a registry court can have: the two sudrf.ru case-module variants, Moscow's
# own portal, and the Supreme Court's separate platform (vsrf.ru). The bundled table
# writes the sudrf ones `classic` / `vnkod`; the loader reads them as `Template`.
TEMPLATES: tuple[Template, ...] = (
    Template.SUDRF_CLASSIC,
    Template.SUDRF_VNKOD,
    Template.MOSGORSUD,
    Template.VSRF,
)

# Short source names used in `Court.sources` and in the audit, with the file each stands for.
SOURCES: dict[str, str] = {
    "dataout_2023": "dataout_sudrf_websites.json (sudrf.ru/index.php?id=300, 18.11.2023; srv lists corrected 06.2024)",
    "dadata_2026": "dadata_military_courts_2026-07-12.json (DaData via CourtHarvest2, 12.07.2026)",
    "tochno_2024": "tochno_config_sudrf_base.json (Tochno.st SUDRF Scraper config, 2023-24)",
    "sudrf_app_2026": "sudrf_app_VNKODCourts.json (arvidsever/Sudrf VNKOD list, 2026)",
    "ovdinfo_2020": "ovdinfo_sm_backend_courts_2020.json (OVD-Info sudmonster, 2020)",
    "military_merged": "military_courts_merged.csv (built for this project from the lists above)",
    "pract_cassation": "sudrfpractice_cassation_courts.json (arvidsever/sudrfpractice, 2026)",
    "region_codes": "dataout_rf_region_codes.json (region code -> name)",
    "host_label": "the region part of the host name (dnr, lnr, zpr, hrs); no list gives these regions",
    "default": "no list gives this fact; the stated default applies",
}

# Rule id -> the rule as applied. Conflicts name the rule that settled them.
RULES: dict[str, str] = {
    "presence": (
        "A court is in the table when a list from 2023 or later names it with an official "
        "code (dataout_2023, tochno_2024, dadata_2026, sudrf_app_2026). Courts found only in "
        "the 2020 OVD-Info list (merged or abolished since, incl. the pre-2019 district "
        "military courts and six garrison courts) are left out and listed here."
    ),
    "kind": (
        "kind comes from the two type letters of the official code (RS district, OS regional, "
        "GV garrison_military, OV district_military, AV appeal_military, KV cassation_military, "
        "KJ cassation, AJ appeal, VS supreme, MS magistrate); tochno's level and OVD-Info's type "
        "are checked against it and disagreements listed."
    ),
    "name": (
        "name from dataout_2023 (the official portal's list) without its trailing "
        "'(region)', else dadata_2026, else tochno_2024, else sudrf_app_2026. Names are not "
        "compared: the lists write them in different grammatical forms."
    ),
    "host": (
        "host from dataout_2023 (scraped from the official portal), else dadata_2026, "
        "tochno_2024, sudrf_app_2026, ovdinfo_2020 in that order. A different host in a lower "
        "list is kept as an alias at the end of `hosts`, so look-ups by it still work, and is "
        "listed. A court whose only address is on mos-gorsud.ru has no sudrf host; its page is "
        "in site_url."
    ),
    "region": (
        "region is the dataout_2023 region the court is listed under (where it sits: for "
        "garrison courts this is NOT the code prefix). For a court not in dataout_2023, the "
        "region of the dataout_2023 hosts with the same region label (e.g. hbr -> 27). Hosts "
        "under dnr, lnr, zpr, hrs: region named from the host label, region code left empty. "
        "tochno_2024's numeric region uses another numbering and is ignored."
    ),
    "template": (
        "A court that any list places on mos-gorsud.ru is mosgorsud (Moscow's city court and "
        "its district courts: ovdinfo_2020 site_type 3 and URLs, dataout_2023 URLs, tochno_2024 "
        "MOSGORSUD); vsrf.ru is vsrf. Every "
        "other court: vnkod if it is on the sudrf_app_2026 VNKOD list, else classic. That list "
        "is the newest and is tochno_2024's VNKOD courts pruned by live checks (all 101 are "
        "among tochno's 140; the app notes Voronezh moved to the modern module), so being off "
        "it counts as classic. Older values that differ (tochno_2024, ovdinfo_2020) are listed."
    ),
    "captcha": (
        "captcha from sudrf_app_2026 for its courts, else tochno_2024's hasCaptcha; a court in "
        "neither list has captcha unknown (null). Disagreements are listed."
    ),
    "srv_nums": (
        "srv_nums from dataout_2023's srv list, the only list with database servers; a court "
        "not in it gets (1,) from 'default'."
    ),
    "parent": (
        "parent_code from military_merged's appeal_court_guess: a garrison court's district or "
        "fleet court by code prefix (prefixes 63 -> 66OV0001 and 54 -> 75OV0000 are inferred "
        "from the 2019 reorganisation; prefix 31, the space-launch garrisons, has none); a "
        "district or fleet court's first-instance appeals go to 50AV0000 (general knowledge, "
        "unverified). military_district is the short name of the district or fleet court's "
        "judicial district (the court's own for OV), not the armed forces' military district, "
        "which no list gives."
    ),
}
