"""One filter, four readers, one number: the dashboard's "cases received", the API's case
search, `refusenik cases list --json` and `refusenik export` count the same cases."""

from __future__ import annotations

import csv
import json
import re

import pytest

from refusenik.cli import main

FILTERS = [
    {"courts": "63GV0006", "since": "2025-12-01"},
    {"courts": "63GV0005", "since": "2025-10-15"},
    {"since": "2026-02-01"},
]


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    out = capsys.readouterr().out
    assert (done.value.code or 0) == 0, out
    return json.loads(out)


def dashboard_received(client, query: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    page = client.get("/", params=query)
    assert page.status_code == 200
    found = re.search(r'id="n-received">(\d+)<', page.text)
    assert found, "the dashboard shows cases received"
    return int(found.group(1))


@pytest.mark.parametrize("query", FILTERS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_dashboard_api_cases_list_and_export_count_the_same_cases(
    client, web_store, query, tmp_path, capsys
):
    shown = dashboard_received(client, query)
    api = client.get("/api/cases", params={**query, "per_page": 200}).json()
    options = ["--since", query["since"]]
    if "courts" in query:
        options += ["--court", query["courts"]]
    listed = cli_json(capsys, "cases", "list", "--json", "--db", web_store.db_url, *options)
    main_args = ["export", "--format", "csv", "--out", str(tmp_path / "export"),
                 "--db", web_store.db_url, *options]  # fmt: skip
    with pytest.raises(SystemExit) as done:
        main(main_args)
    assert (done.value.code or 0) == 0, capsys.readouterr()
    with (tmp_path / "export" / "cases.csv").open(encoding="utf-8-sig") as fh:
        exported = list(csv.DictReader(fh))

    assert shown > 0
    assert shown == api["total"] == len(listed) == len(exported)
    ids = {c["id"] for c in listed}
    assert {c["id"] for c in api["items"]} == ids
    assert {int(row["id"]) for row in exported} == ids
