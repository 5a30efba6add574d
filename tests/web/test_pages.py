"""The pages, API and feeds over a crawled simulator store, in process: what they show,
that they never show a defendant's name, and how they answer bad requests."""

from __future__ import annotations

import csv
import io
import re
import socket
import subprocess
import sys
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import create_engine, text

from refusenik.cli import main
from refusenik.errors import UserInputError
from refusenik.web.archived import render_body

ATOM = "{http://www.w3.org/2005/Atom}"


def names_in(page: str, names: set[str]) -> list[str]:
    """Full names, or surname + first name, of `names` that appear in `page`."""
    found = []
    for name in names:
        surname, first, *_ = name.split()
        if name in page or f"{surname} {first}" in page:
            found.append(name)
    return found


def test_every_page_says_noindex_in_header_and_html(client):
    for url in ("/cases", "/cases/1", "/courts", "/courts/63GV0006", "/official", "/nowhere"):
        response = client.get(url)
        assert response.headers["x-robots-tag"] == "noindex", url
        assert '<meta name="robots" content="noindex">' in response.text, url
    for url in ("/api/cases", "/feeds/cases.atom", "/openapi.json"):
        assert client.get(url).headers["x-robots-tag"] == "noindex", url


def test_unknown_case_and_court_are_404_pages_and_404_json(client):
    page = client.get("/cases/987654")
    assert page.status_code == 404 and "no case with id 987654" in page.text
    assert client.get("/courts/99ZZ0000").status_code == 404
    api = client.get("/api/cases/987654")
    assert api.status_code == 404 and api.json() == {
        "detail": "no case with id 987654 in this store"
    }
    assert client.get("/api/courts/99ZZ0000").status_code == 404


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("since=2022-13-45", "since"),
        ("article=abc", "article"),
        ("article=337&part=9", "part"),
        ("outcome=jailed", "outcome"),
        ("page=0", "page"),
        ("kind=spaceship", "spaceship"),
        ("since=2024-01-01&until=2023-01-01", "is after until"),
    ],
)
def test_bad_parameters_are_422_with_a_message_naming_them(client, query, named):
    page = client.get(f"/cases?{query}")
    assert page.status_code == 422 and named in page.text
    api = client.get(f"/api/cases?{query}")
    assert api.status_code == 422 and named in api.json()["detail"]
    if not query.startswith(("outcome", "page")):  # the feeds take the scope keys only
        feed = client.get(f"/feeds/cases.atom?{query}")
        assert feed.status_code == 422 and named in feed.json()["detail"]


def test_case_list_filters_by_article_and_pages(client, web_store):
    from refusenik.analysis.figures import Scope, headline

    engine = create_engine(web_store.db_url)
    # The list counts what the dashboard counts: each case once, under its principal article.
    expected = headline(engine, Scope(article="338"))["cases_received"]
    assert expected > 7
    first = client.get("/api/cases", params={"article": "338", "per_page": 7}).json()
    assert first["total"] == expected
    assert len(first["items"]) == min(7, expected)
    assert all("338" in (c["articles"] or "") for c in first["items"])
    second = client.get("/api/cases", params={"article": "338", "per_page": 7, "page": 2}).json()
    assert {c["id"] for c in first["items"]}.isdisjoint({c["id"] for c in second["items"]})
    html = client.get("/cases", params={"article": "338", "per_page": 7}).text
    assert f"({expected} cases)" in html and 'rel="next"' in html


def test_case_csv_reads_back_as_the_api_rows(client):
    api = client.get("/api/cases", params={"article": "337", "per_page": 20}).json()
    response = client.get("/cases", params={"article": "337", "per_page": 20, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(r["id"]) for r in rows] == [c["id"] for c in api["items"]]
    assert [r["number"] for r in rows] == [c["number"] for c in api["items"]]


def test_case_page_shows_pseudonyms_and_links_archived_pages_without_names(client, web_store):
    names = web_store.real_names()
    listing = client.get("/api/cases", params={"per_page": 5}).json()["items"]
    assert listing
    checked = 0
    for row in listing[:3]:
        page = client.get(row["url"])
        assert page.status_code == 200
        assert names_in(page.text, names) == []
        detail = client.get(f"/api/cases/{row['id']}").json()
        assert all(d["pseudonym"] is None or d["pseudonym"].startswith("P-")
                   for d in detail["defendants"])  # fmt: skip
        links = re.findall(r'href="(/archive/[^"]+)"', page.text)
        assert links, "a case page links the archived pages it came from"
        for link in links[:4]:
            archived = client.get(link)
            assert archived.status_code == 200
            assert "SHA-256" in archived.text and "WARC record" in archived.text
            assert "<script" not in archived.text.split('id="capture-banner"', 1)[1]
            assert names_in(archived.text, names) == [], link
            checked += 1
    assert checked >= 3


def test_archived_pages_of_cards_and_acts_never_show_a_real_name(client, web_store):
    names = web_store.real_names()
    engine = create_engine(web_store.db_url)
    with engine.connect() as conn:
        records = (
            conn.execute(
                text(
                    "select record_id from captures where page_kind in ('card', 'act') "
                    "order by id limit 25"
                )
            )
            .scalars()
            .all()
        )
    assert len(records) == 25
    for record in records:
        page = client.get(f"/archive/{record}")
        assert page.status_code == 200
        assert names_in(page.text, names) == [], record


def test_an_archived_page_loses_code_links_and_names_but_keeps_its_table():
    page = (
        "<html><head><script>alert(1)</script><title>x</title></head><body>"
        '<table><tr><td onclick="x()">Подсудимый</td><td>Андреев Ярослав Борисович</td></tr>'
        '<tr><td><a href="/search?U1_DEFENDANT__NAMESS=Андреев">Андреев Я.Б.</a></td></tr></table>'
        '<img src="http://example.org/x.png"><iframe src="http://example.org"></iframe></body></html>'
    )
    out = render_body(page.encode("windows-1251"))
    assert "<table>" in out and out.count("<td") == 3
    for gone in (
        "Андреев",
        "Ярослав",
        "alert",
        "onclick",
        "href",
        "example.org",
        "<img",
        "<iframe",
    ):
        assert gone not in out, gone
    assert "‹ФИО›" in out


def test_feeds_are_atom_with_entries_linking_case_pages(client):
    for kind in ("cases", "decisions"):
        response = client.get(f"/feeds/{kind}.atom", params={"article": "337"})
        assert response.headers["content-type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)
        assert feed.tag == f"{ATOM}feed"
        assert feed.find(f"{ATOM}id").text and feed.find(f"{ATOM}updated").text
        assert feed.find(f"{ATOM}author/{ATOM}name").text == "refusenik"
        entries = feed.findall(f"{ATOM}entry")
        assert entries
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert len(set(ids)) == len(ids)
        for entry in entries:
            assert re.fullmatch(
                r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.find(f"{ATOM}updated").text
            )
            href = entry.find(f"{ATOM}link").attrib["href"]
            assert re.search(r"/cases/\d+$", href)
            assert "337" in entry.find(f"{ATOM}summary").text
    other = ET.fromstring(client.get("/feeds/cases.atom", params={"court": "63GV0005"}).content)
    summaries = [e.find(f"{ATOM}summary").text for e in other.findall(f"{ATOM}entry")]
    assert summaries and all("court 63GV0005" in s for s in summaries)


def test_court_page_shows_registry_facts_coverage_and_cases(client):
    page = client.get("/courts/63GV0006")
    assert page.status_code == 200
    assert "Пермский гарнизонный военный суд" in page.text
    assert "garrison_military" in page.text and "Coverage" in page.text
    court = client.get("/api/courts/63GV0006").json()
    assert court["coverage"]["status"] == "ok" and court["coverage"]["cases"] > 0
    assert court["recent_cases"] and all(c["court"] == "63GV0006" for c in court["recent_cases"])


def test_an_empty_store_says_what_to_run(tmp_path):
    from fastapi.testclient import TestClient

    from refusenik.web import create_app

    app = create_app(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path / "warc")
    with TestClient(app) as c:
        page = c.get("/")
        assert page.status_code == 200
        assert "refusenik crawl" in page.text and "refusenik demo" in page.text
        assert c.get("/api/cases").json()["total"] == 0
        assert c.get("/cases").status_code == 200
        assert c.get("/api/coverage").json() == []
        assert c.get("/official").status_code == 200
        assert ET.fromstring(c.get("/feeds/cases.atom").content).findall(f"{ATOM}entry") == []


def test_a_port_in_use_is_a_clear_error_and_exit_2(tmp_path):
    from refusenik.web import check_port

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UserInputError, match=f"port {port} on 127.0.0.1 is already in use"):
            check_port("127.0.0.1", port)
        done = subprocess.run(
            [sys.executable, "-m", "refusenik", "serve", "--db", f"sqlite:///{tmp_path / 's.db'}",
             "--port", str(port)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert done.returncode == 2
    assert "already in use" in done.stderr and "Traceback" not in done.stderr


def test_official_page_shows_figures_with_their_source_cells(tmp_path):
    from fastapi.testclient import TestClient

    from refusenik.official.bundled import XLS_DIR
    from refusenik.web import create_app

    db = f"sqlite:///{tmp_path / 'official.db'}"
    with pytest.raises(SystemExit) as done:
        main(["official", "import", str(XLS_DIR / "10.3-2022.xls.gz"), "--db", db])
    assert (done.value.code or 0) == 0
    with TestClient(create_app(db, tmp_path / "warc")) as c:
        page = c.get("/official", params={"article": "ch33", "metric": "convicted"})
        assert page.status_code == 200 and "10.3-2022.xls" in page.text
        api = c.get("/api/official", params={"article": "ch33", "metric": "convicted"}).json()
        assert api["rows"] and all(r[0] == 2022 and "10.3-2022.xls" in r[6] for r in api["rows"])
        shares = c.get("/api/official/distribution", params={"article": "ch33"}).json()
        assert shares["rows"] and "source" in shares["columns"]
        csv_rows = list(
            csv.reader(io.StringIO(c.get("/api/official?article=ch33&format=csv").text))
        )
        assert csv_rows[0] == api["columns"]
        assert c.get("/api/official/distribution", params={"article": "zzz"}).status_code == 422


def test_figures_kept_by_the_web_change_when_the_store_changes(web_store, tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from refusenik.web import create_app

    source = web_store.db_url.removeprefix("sqlite:///")
    copy = tmp_path / "copy.db"
    shutil.copy(source, copy)
    with TestClient(create_app(f"sqlite:///{copy}", web_store.archive)) as c:
        query = {"courts": "63GV0006"}
        before = c.get("/api/headline", params=query).json()["cases_received"]
        assert c.get("/api/headline", params=query).json()["cases_received"] == before
        engine = create_engine(f"sqlite:///{copy}")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "insert into cases (court, server, cartoteka, case_key, number, received, "
                    "first_seen, last_seen, first_record, last_record, names_hidden) values "
                    "('63GV0006', 1, 'u1', 'id:test-1', '1-9999/2026', '2026-03-02', "
                    "'2026-03-03', '2026-03-03', 'r', 'r', 0)"
                )
            )
        after = c.get("/api/headline", params=query).json()["cases_received"]
        assert after == before + 1
        page = c.get("/cases", params={**query, "q": "1-9999/2026"})
        assert "1-9999/2026" in page.text
