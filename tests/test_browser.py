"""End to end in a real headless Chromium (Debian's package, driven by Playwright).

The app is served by uvicorn on a free loopback port over a store of invented
articles; the test does what a person would: open the overview, filter the
events, open a dispute and an article, and looks at what is on the screen.
Screenshots go to $STRIKEWATCH_SCREENSHOTS (default: the test's tmp dir).
Skipped, with the reason, when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("STRIKEWATCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# flags that work on these machines: no sandbox as root, and no background networking (the network is closed)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# CI sets STRIKEWATCH_REQUIRE_BROWSER=1: there a missing browser is a failure, not a skip
REQUIRED = os.environ.get("STRIKEWATCH_REQUIRE_BROWSER") == "1"
try:
    import playwright.sync_api as playwright_api
except ImportError:
    if REQUIRED:
        raise
    pytest.skip("playwright is not installed (pip install playwright)", allow_module_level=True)
if not Path(CHROMIUM).exists():
    if REQUIRED:
        raise RuntimeError(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

import uvicorn  # noqa: E402
from test_web import titled_articles  # noqa: E402

from strikewatch.ingest import ingest_items  # noqa: E402
from strikewatch.store import open_store  # noqa: E402
from strikewatch.web import create_app  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("web") / "sw.db"
    with open_store(db) as s:
        ingest_items(titled_articles(), s)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = Path(os.environ.get("STRIKEWATCH_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        pg.on("request", lambda r: requests.append(r.url))
        pg.requests_seen = requests  # type: ignore[attr-defined]
        yield pg
        browser.close()


def test_overview_events_dispute_article(server: str, page: object, shots: Path) -> None:
    pg = page  # playwright Page
    pg.goto(server + "/")  # type: ignore[attr-defined]
    pg.wait_for_selector("#by-month .main-svg")  # type: ignore[attr-defined]  # plotly drew the chart
    assert "events in 3 disputes" in pg.inner_text("main")  # type: ignore[attr-defined]
    assert pg.get_attribute('rect[data-state="OH"]', "data-count") == "1"  # type: ignore[attr-defined]
    pg.screenshot(path=str(shots / "overview.png"))  # type: ignore[attr-defined]
    # nothing was fetched from anywhere but the app
    assert all(u.startswith(server) for u in pg.requests_seen)  # type: ignore[attr-defined]

    # filter the events to strikes with the form, as a person would
    pg.click("text=Events")  # type: ignore[attr-defined]
    pg.select_option("select[name=type]", "strike")  # type: ignore[attr-defined]
    pg.click("button[type=submit]")  # type: ignore[attr-defined]
    pg.wait_for_url("**/events?*type=strike*")  # type: ignore[attr-defined]
    badges = pg.locator("#events tbody .badge").all_inner_texts()  # type: ignore[attr-defined]
    assert badges and set(badges) == {"strike"}
    total = int(pg.inner_text("#total").replace(",", ""))  # type: ignore[attr-defined]
    assert total == len(badges)
    pg.screenshot(path=str(shots / "events.png"))  # type: ignore[attr-defined]

    # open the Riverbend dispute from its strike
    row = pg.locator("#events tbody tr", has_text="Riverbend Metro")  # type: ignore[attr-defined]
    row.locator("text=dispute").click()
    pg.wait_for_selector("#timeline .main-svg")  # type: ignore[attr-defined]
    text = pg.inner_text("main")  # type: ignore[attr-defined]
    assert "tentative agreement" in text and "Claims" in text and "12%" in text
    items = pg.locator("#timeline-list li").all_inner_texts()  # type: ignore[attr-defined]
    assert [i.split()[1] if i.split() else "" for i in items][:1] and "strike" in items[0]
    pg.screenshot(path=str(shots / "dispute.png"), full_page=True)  # type: ignore[attr-defined]

    # and an article from its sources, with the evidence highlighted and linked
    pg.click("#timeline-list a[href='/articles/riverbend-on']")  # type: ignore[attr-defined]
    pg.wait_for_selector("#article-text mark")  # type: ignore[attr-defined]
    marks = pg.locator("#article-text a.ev mark").all_inner_texts()  # type: ignore[attr-defined]
    assert any("Bus drivers at Riverbend Metro" in m for m in marks)
    pg.screenshot(path=str(shots / "article.png"))  # type: ignore[attr-defined]
    pg.click("#article-text a.ev")  # type: ignore[attr-defined]
    pg.wait_for_url("**/events/ev-*")  # type: ignore[attr-defined]
    assert "Reported in" in pg.inner_text("main")  # type: ignore[attr-defined]
    for name in ("overview", "events", "dispute", "article"):
        assert (shots / f"{name}.png").stat().st_size > 10_000


# what overflows its box sideways: cards and tables wider than they are, and the page itself
OVERFLOW_JS = """() => {
  const out = [...document.querySelectorAll('.card, table, main, dl, .totals, .legend')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.id || e.className || e.tagName) + ': ' + e.scrollWidth + ' > ' + e.clientWidth);
  const d = document.documentElement;
  if (d.scrollWidth > d.clientWidth) out.push('page: ' + d.scrollWidth + ' > ' + d.clientWidth);
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 1400])
def test_cards_and_tables_fit_at_desktop_widths(server: str, page: object, width: int, shots: Path) -> None:
    import httpx

    ev = httpx.get(server + "/api/events?type=strike&state=OH").json()["events"][0]["event_id"]
    d = httpx.get(server + "/api/disputes?employer=Riverbend%20Metro").json()["disputes"][0]["dispute_id"]
    urls = ["/", "/events", "/events?per_page=100&sort=seen", f"/events/{ev}", "/disputes", f"/disputes/{d}",
            "/articles/riverbend-deal", "/docs"]
    pg = page  # playwright Page
    pg.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    try:
        for url in urls:
            pg.goto(server + url)  # type: ignore[attr-defined]
            pg.wait_for_load_state("load")  # type: ignore[attr-defined]
            if url in ("/", f"/disputes/{d}"):
                pg.wait_for_selector(".main-svg")  # type: ignore[attr-defined]  # plotly drew: part of the width
            assert pg.evaluate(OVERFLOW_JS) == [], (width, url)  # type: ignore[attr-defined]
        pg.goto(server + "/")  # type: ignore[attr-defined]
        assert pg.locator(".card").count() == 6  # type: ignore[attr-defined]
        pg.screenshot(path=str(shots / f"overview-{width}.png"), full_page=True)  # type: ignore[attr-defined]
        # the check sees an overflow when there is one: a name with no place to break it, in a card's table
        pg.evaluate("() => document.querySelector('#latest td.text').append(' ' + 'X'.repeat(400))")  # type: ignore[attr-defined]
        assert pg.evaluate(OVERFLOW_JS) == []  # type: ignore[attr-defined]  # such a name wraps inside its cell
        pg.evaluate("() => document.querySelector('#card-latest').append(Object.assign("  # type: ignore[attr-defined]
                    "document.createElement('div'), {style: 'width: 2000px; height: 1px'}))")
        assert any(x.startswith("card") for x in pg.evaluate(OVERFLOW_JS))  # type: ignore[attr-defined]
    finally:
        pg.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]


def test_overview_chart_axis_point_map_and_lists(server: str, page: object) -> None:
    pg = page  # playwright Page
    pg.goto(server + "/")  # type: ignore[attr-defined]
    pg.wait_for_selector("#by-month .main-svg")  # type: ignore[attr-defined]
    axis = pg.evaluate("() => document.getElementById('by-month')._fullLayout.xaxis.type")  # type: ignore[attr-defined]
    assert axis == "date"
    ticks = pg.eval_on_selector_all("#by-month .xtick text", "els => els.map(e => e.textContent)")  # type: ignore[attr-defined]
    assert "Apr 2026" in ticks and "Mar 2026" in ticks  # the empty April is on the axis, named in words
    dots = pg.locator("#pointmap circle")  # type: ignore[attr-defined]
    assert dots.count() == 3
    assert {dots.nth(i).get_attribute("data-city") for i in range(3)} == {"Toledo, OH", "Spokane, WA", "Tacoma, WA"}
    box = pg.locator("#pointmap").bounding_box()  # type: ignore[attr-defined]
    toledo = pg.locator('#pointmap circle[data-city="Toledo, OH"]').bounding_box()  # type: ignore[attr-defined]
    spokane = pg.locator('#pointmap circle[data-city="Spokane, WA"]').bounding_box()  # type: ignore[attr-defined]
    assert box and toledo and spokane and spokane["x"] < toledo["x"]  # west is left
    assert box["x"] <= toledo["x"] <= box["x"] + box["width"]
    latest = pg.locator("#latest tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert latest[0].startswith("19 May 2026") and latest[-1].startswith("10 Mar 2026")
    assert pg.locator("#added tbody tr").count() == 5  # type: ignore[attr-defined]
    # the dot links to its city's events
    pg.click('#pointmap a:has(circle[data-city="Toledo, OH"])', force=True)  # type: ignore[attr-defined]
    pg.wait_for_url("**/events?city=Toledo*")  # type: ignore[attr-defined]
    assert int(pg.inner_text("#total")) == 1  # type: ignore[attr-defined]
