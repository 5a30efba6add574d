"""The bundled court registry: completeness, counts, uniqueness, military chain, look-ups."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import refusenik.courts as courts
from refusenik.courts import UnknownCourtError
from refusenik.errors import UserInputError
from refusenik.templates import Template

FIXTURES = Path(__file__).parent / "fixtures"
# The 2026 DaData list of all military courts (copied from the registry, see .source.txt).
MILITARY_LIST = json.loads(
    (FIXTURES / "dadata_military_courts_2026-07-12.json").read_text(encoding="utf-8")
)


def host_of(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[0].lower()


def test_every_garrison_court_of_the_military_list_is_present():
    garrison = [row for row in MILITARY_LIST if row["court_type"] == "GV"]
    assert len(garrison) == 104
    for row in garrison:
        court = courts.get(row["code"])
        assert court.kind == "garrison_military", row["code"]
        assert court.host == host_of(row["website"]), row["code"]
        assert court.name.startswith(row["name"].split(" (")[0]), row["code"]


@pytest.mark.parametrize(
    ("code", "word", "host", "region"),
    [
        ("61GV0020", "Донецкий", "dgvs.dnr.sudrf.ru", "Донецкая"),
        ("61GV0021", "Луганский", "lgvs.lnr.sudrf.ru", "Луганская"),
        ("61GV0022", "Запорожский", "zgvs.zpr.sudrf.ru", "Запорожская"),
        ("61GV0023", "Херсонский", "hgvs.hrs.sudrf.ru", "Херсонская"),
    ],
)
def test_garrison_courts_in_occupied_regions(code, word, host, region):
    # The source list names them (they are absent from the 2023 dataout list).
    listed = {row["code"]: row for row in MILITARY_LIST}
    assert word in listed[code]["name"]
    court = courts.get(code)
    assert word in court.name
    assert court.hosts[:2] == (host, host.replace(".", "--", 1))
    assert court.region and court.region.startswith(region)
    assert court.region_code is None  # no list gives a code for these regions
    assert court.parent_code == "61OV0000"
    assert court.sources["code"] == ("dadata_2026",)


def test_counts_per_kind():
    # Established by reading the source lists the registry was built from:
    # - dataout_sudrf_websites.json has 2,311 courts by code type: RS 2101, GV 100, OS 85,
    #   OV 9, KJ 9, AJ 5, AV 1, KV 1 (its .source.txt gives the same split).
    # - tochno_config_sudrf_base.json adds one code absent from dataout: 27RS0023 (Суд района
    #   имени Полины Осипенко); its "77MOSGORSUD" row is the Moscow portal, not a court.
    # - dadata_military_courts_2026-07-12.json adds 4 garrison courts (61GV0020-23) and the
    #   Supreme Court 00VS0000; its 104 GV and 9 OV include all of dataout's.
    # - sudrf_app_VNKODCourts.json: all 101 codes are already in dataout.
    # - No list has a magistrate (MS) code.
    counts = Counter(c.kind for c in courts.all_courts())
    assert dict(counts) == {
        "district": 2101 + 1,
        "regional": 85,
        "garrison_military": 100 + 4,
        "district_military": 9,
        "appeal_military": 1,
        "cassation_military": 1,
        "cassation": 9,
        "appeal": 5,
        "supreme": 1,
    }
    assert courts.by_kind("magistrate") == []
    assert len(courts.all_courts()) == 2317


def test_codes_are_official_and_unique():
    codes = [c.code for c in courts.all_courts()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{2}[A-Z]{2}\d{4}", code) for code in codes)


def test_no_host_belongs_to_two_courts():
    owners: dict[str, str] = {}
    for court in courts.all_courts():
        assert len(court.hosts) == len(set(court.hosts)), court.code
        for host in court.hosts:
            assert host not in owners, f"{host}: {owners.get(host)} and {court.code}"
            owners[host] = court.code


def test_hosts_come_in_both_forms():
    for court in courts.all_courts():
        if court.host and court.host.endswith(".sudrf.ru"):
            label = court.host.removesuffix(".sudrf.ru")
            if "." in label:
                assert court.hosts[1] == label.replace(".", "--", 1) + ".sudrf.ru"
                assert court.module_host == court.hosts[1]
            else:  # vkas, vap, 2kas …: one form only
                assert court.module_host == court.host


def test_court_codes_and_hosts_that_are_not_what_they_seem():
    # "vs" hosts are republics' supreme (regional) courts, and two
    # garrison courts have hosts without "gvs".
    assert courts.get("vs.komi.sudrf.ru").kind == "regional"
    assert courts.get("voen--perm.sudrf.ru").code == "63GV0006"
    assert courts.get("tverskoy.twr.sudrf.ru").code == "77GV0011"
    # Region is where the court sits, not its code prefix.
    barnaul = courts.get("54GV0003")
    assert (barnaul.region_code, barnaul.region) == ("22", "Алтайский край")


def test_military_parent_chain():
    ov_codes = {c.code for c in courts.by_kind("district_military")}
    unparented = []
    for court in courts.by_kind("garrison_military"):
        if court.parent_code is None:
            unparented.append(court.code)
            assert court.notes and "unknown" in court.notes[0]
            continue
        parent = courts.get(court.parent_code)
        assert parent.kind == "district_military", court.code
        assert court.military_district == parent.military_district
        prefix = court.code[:2]
        if f"{prefix}OV0000" in ov_codes or f"{prefix}OV0001" in ov_codes:
            assert parent.code[:2] == prefix, court.code
    # Prefix 31: the four space-launch garrisons, whose appeal court no source names.
    assert sorted(unparented) == ["31GV0007", "31GV0008", "31GV0014", "31GV0015"]
    assert courts.get("63GV0006").parent_code == "66OV0001"  # inferred (2019 reform)
    assert courts.get("54GV0001").parent_code == "75OV0000"  # inferred (2019 reform)
    for ov in courts.by_kind("district_military"):
        assert courts.get(ov.parent_code).kind == "appeal_military"
        assert ov.military_district and "суд" not in ov.military_district
    assert courts.get("25OV0000").military_district == "Тихоокеанский флот"


def test_military_courts_have_one_database_server():
    # The source lists give every garrison and district military court one server, srv=["1"].
    for kind in ("garrison_military", "district_military"):
        assert {c.srv_nums for c in courts.by_kind(kind)} == {(1,)}
    # … while some district courts have several (dataout: one court has 12 servers).
    assert max(len(c.srv_nums) for c in courts.by_kind("district")) == 12


def test_templates_and_captcha_follow_the_rules():
    by_template = Counter(c.template for c in courts.all_courts())
    assert set(by_template) <= set(courts.TEMPLATES)
    assert by_template[Template.SUDRF_VNKOD] == 101  # the sudrf_app_2026 list
    assert by_template[Template.VSRF] == 1
    # Moscow's city court and its 35 district courts are on mos-gorsud.ru; Moscow's
    # military courts are ordinary sudrf sites.
    assert by_template[Template.MOSGORSUD] == 36
    assert courts.get("77GV0001").template is Template.SUDRF_CLASSIC
    assert courts.get("77RS0001").site_url == "https://mos-gorsud.ru/rs/babushkinskij"
    # TOCHNO's 7 VNKOD garrison courts minus those pruned from the 2026 list.
    vnkod_garrison = {
        c.code for c in courts.by_kind("garrison_military") if c.template is Template.SUDRF_VNKOD
    }
    assert "77GV0011" in vnkod_garrison and "63GV0007" in vnkod_garrison
    for court in courts.all_courts():
        if court.captcha is None:
            assert court.sources["captcha"] == ("default",), court.code


def test_get_accepts_codes_hosts_and_urls():
    court = courts.get("63GV0006")
    assert courts.get("63gv0006") is court
    assert courts.get("voen.perm.sudrf.ru") is court
    assert courts.get("http://voen--perm.sudrf.ru/modules.php?name=sud_delo") is court
    assert courts.get("https://mos-gorsud.ru/rs/hamovnicheskij/").code == "77RS0030"
    # An older host from a lower-ranked list still finds the court.
    assert courts.get("baksanskyray--kbr.sudrf.ru").code == "07RS0002"


def test_unknown_input_is_a_user_error_that_names_it():
    with pytest.raises(UnknownCourtError, match="99XX0001"):
        courts.get("99XX0001")
    assert issubclass(UnknownCourtError, UserInputError)
    with pytest.raises(UserInputError, match="garrison_military"):
        courts.by_kind("garrison")


def test_courts_only_in_the_2020_list_are_left_out_and_audited():
    with pytest.raises(UnknownCourtError):
        courts.get("101gvs.orb.sudrf.ru")
    left_out = {
        c.rejected for c in courts.audit() if c.field == "presence" and c.chosen == "left out"
    }
    assert "101gvs.orb.sudrf.ru" in left_out
    assert "ovs3.msk.sudrf.ru" in left_out  # a pre-2019 district military court


def test_every_conflict_names_a_written_rule():
    conflicts = courts.audit()
    assert conflicts
    for conflict in conflicts:
        assert conflict.rule in courts.RULES
        assert conflict.chosen != conflict.rejected
    for rule_id in courts.RULES:
        assert f"- {rule_id}:" in (courts.__doc__ or ""), rule_id
    for conflict in (c for c in conflicts if c.field == "host"):
        assert conflict.rejected in courts.get(conflict.code).hosts


def test_every_fact_says_where_it_came_from():
    known = set(courts.SOURCES)
    for court in courts.all_courts():
        assert court.sources["code"], court.code
        for fact in ("name", "kind", "template", "captcha", "srv_nums"):
            assert court.sources[fact], (court.code, fact)
        for names in court.sources.values():
            assert set(names) <= known, court.code


def test_package_reads_only_its_bundled_table():
    package = Path(courts.__file__).parent
    for source in package.glob("*.py"):
        assert "shared/data" not in source.read_text(encoding="utf-8"), source.name
    assert (package / "data" / "courts.json.gz").is_file()


def test_every_court_template_is_a_template_member():
    """The bundled table's short names are read as the one `Template` vocabulary."""
    assert all(isinstance(c.template, Template) for c in courts.all_courts())
    assert courts.check_template("vnkod") is Template.SUDRF_VNKOD
    assert courts.check_template("sudrf_classic") is Template.SUDRF_CLASSIC
    with pytest.raises(UserInputError, match="unknown template 'msudrf'"):
        courts.check_template("msudrf")  # no registry court sits on the magistrates' sites
