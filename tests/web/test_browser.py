"""The site end to end in headless Chromium, served by uvicorn on a loopback port over a
crawled simulator store: charts render, a filter changes the numbers, a case page links
the archived pages (names masked), a CSV downloads and reads back, a feed reads."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def site(web_app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app served by uvicorn in a thread; its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser, site):  # type: ignore[no-untyped-def]
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def number(page, element_id: str) -> int:  # type: ignore[no-untyped-def]
    return int(page.inner_text(f"#{element_id}").strip())


def test_dashboard_charts_render_and_a_filter_changes_the_numbers(page, site, client, tmp_path):
    page.goto(site + "/")
    for chart in ("received-by-group", "received-by-part", "decisions-by-month"):
        svg = page.locator(f"#plot-{chart} svg.main-svg").first
        svg.wait_for(state="attached", timeout=30_000)
        # A drawn chart has at least one trace path with real coordinates.
        traces = page.locator(f"#plot-{chart} .scatterlayer path.js-line")
        assert traces.count() >= 1, chart
        assert len(traces.first.get_attribute("d") or "") > 20, chart
    before = number(page, "n-received")
    assert before == client.get("/api/headline").json()["cases_received"] > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    page.screenshot(path=str(tmp_path / "dashboard.png"))
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 10_000

    page.select_option("select[name=article]", "338")
    with page.expect_navigation():
        page.click("#apply")
    assert "article=338" in page.url
    after = number(page, "n-received")
    assert after == client.get("/api/headline", params={"article": "338"}).json()["cases_received"]
    assert 0 < after < before
    # The URL is the permanent link: loading it again shows the same numbers.
    page.goto(page.url)
    assert number(page, "n-received") == after


def test_case_page_links_archived_pages_without_real_names(page, site, web_store):
    page.goto(site + "/cases?article=337")
    page.click("table.cases tbody tr td a[href^='/cases/']")
    page.wait_for_selector("h2:text('History')")
    assert "/cases/" in page.url
    with page.expect_navigation():
        page.click("a.archived")
    banner = page.inner_text("#capture-banner")
    assert "SHA-256" in banner and "WARC record" in banner and "urn:uuid:" in banner
    content = page.content()
    shown = page.inner_text("body")
    assert len(shown) > 200
    for name in web_store.real_names():
        surname, first, *_ = name.split()
        assert name not in content and f"{surname} {first}" not in content, name
    assert page.locator("div.archived script").count() == 0


def test_csv_download_reads_back_and_a_feed_reads(page, site, client):
    page.goto(site + "/?article=337")
    link = page.locator("#outcomes a.csv")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "outcomes.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    assert rows[0][:2] == ["outcome", "persons"]
    api = client.get("/api/sentences", params={"what": "outcomes", "article": "337"}).json()
    assert [[r[0], int(r[1])] for r in rows[1:]] == [[r[0], r[1]] for r in api["rows"]]

    response = page.goto(site + "/feeds/decisions.atom?article=337")
    assert response is not None and response.status == 200
    feed = ET.fromstring(response.body())
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert entries
    link = entries[0].find("{http://www.w3.org/2005/Atom}link").attrib["href"]
    assert link.startswith(site + "/cases/")
    assert page.goto(link).status == 200
