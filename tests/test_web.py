"""The web dashboard and HTTP API, in-process (FastAPI's TestClient) over a store of invented articles."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from test_link import OTHER_EMPLOYER, PLANNED_ON_ENDED, THREE_OUTLETS, _articles  # noqa: E402

from strikewatch.ingest import ingest_items  # noqa: E402
from strikewatch.store import open_store  # noqa: E402
from strikewatch.web import create_app  # noqa: E402

TOKEN = "s3cret-token-for-tests"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "web.db"
    with open_store(path) as s:
        ingest_items(_articles(THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER]), s)
    return path


@pytest.fixture()
def client(db: Path) -> TestClient:
    return TestClient(create_app(db, token=TOKEN))


def _rows(html: str) -> int:
    return html.count('<a href="/events/ev-')


# --- pages -----------------------------------------------------------------------------


def test_overview_shows_counts_map_latest_and_watch(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert "events in 3 disputes" in html
    assert 'data-state="OH" data-count="1"' in html  # the Toledo strike shades Ohio
    assert 'data-state="TX" data-count="0"' in html
    assert "Latest events" in html and _rows(html) >= 3
    assert '<script src="/vendor/plotly.min.js">' in html and "cdn" not in html.lower()
    assert json.loads(html.split('id="by-month-data">')[1].split("</script>")[0])  # chart data


def test_plotly_is_served_by_the_app(client: TestClient) -> None:
    r = client.get("/vendor/plotly.min.js")
    assert r.status_code == 200 and len(r.content) > 1_000_000
    assert "javascript" in r.headers["content-type"]


def test_events_filters_are_in_the_url_and_applied(client: TestClient) -> None:
    everything = client.get("/events").text
    strikes = client.get("/events?type=strike").text
    assert _rows(strikes) < _rows(everything)
    assert 'option value="strike" selected' in strikes
    body = strikes.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count('class="badge"') == _rows(strikes) and "agreement</span>" not in body
    ohio = client.get("/events?state=OH").text
    assert _rows(ohio) == 1 and "Lakeview" in ohio
    # sorting links keep the filters
    assert "/events?type=strike&amp;sort=type&amp;order=desc&amp;" in strikes or "type=strike&amp;sort=type" in strikes
    # a full-text search over the articles
    found = client.get("/events?q=hospital+decades").text
    assert _rows(found) == 1 and "Lakeview" in found
    assert _rows(client.get("/events?q=zeppelin").text) == 0


def test_pagination(client: TestClient) -> None:
    first = client.get("/events?per_page=2").text
    assert _rows(first) == 2 and "page 1 of 3" in first
    assert 'href="/events?page=2&amp;per_page=2" rel="next"' in first
    second = client.get("/events?per_page=2&page=2").text
    assert _rows(second) == 2 and first.split("<tbody>")[1] != second.split("<tbody>")[1]


def test_downloads_hold_exactly_the_filtered_set(client: TestClient) -> None:
    r = client.get("/events.csv?type=strike")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    total = client.get("/api/events?type=strike").json()["total"]
    assert len(rows) == total >= 2 and {row["type"] for row in rows} == {"strike"}
    data = client.get("/events.json?employer=Riverbend").json()
    assert data and all(any("Riverbend" in o["name"] for o in e["employers"]) for e in data)


def test_event_dispute_and_article_pages(client: TestClient) -> None:
    strike = client.get("/api/events?type=strike&state=OH").json()["events"][0]
    page = client.get(f"/events/{strike['event_id']}").text
    assert "Reported in 3 articles" in page and "lakeview-ledger" in page
    assert "Sources disagree" in page  # 1,200 vs 1,500 participants
    d = client.get("/api/disputes?employer=Riverbend%20Metro").json()["disputes"][0]
    page = client.get(f"/disputes/{d['dispute_id']}").text
    assert "tentative agreement" in page and 'id="timeline-data"' in page
    assert "12%" in page and "CPI-U" in page  # the demand, nominal and real
    art = client.get("/articles/riverbend-on").text
    assert '<a class="ev" href="/events/ev-' in art and "<mark>Bus drivers at Riverbend Metro" in art


def test_atom_feed_for_a_filter(client: TestClient) -> None:
    r = client.get("/feed.atom?type=strike")
    assert r.status_code == 200 and "atom" in r.headers["content-type"]
    root = ET.fromstring(r.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == client.get("/api/events?type=strike").json()["total"]
    assert all(e.find("a:title", ns).text.startswith("strike") for e in entries)  # type: ignore[union-attr]
    assert "type=strike" in (root.find("a:title", ns).text or "")  # type: ignore[union-attr]


def test_missing_things_are_404_and_bad_filters_400(client: TestClient) -> None:
    assert client.get("/events/ev-nope").status_code == 404
    assert client.get("/disputes/nope").status_code == 404
    assert client.get("/articles/nope").status_code == 404
    r = client.get("/events?type=bogus")
    assert r.status_code == 400 and "type must be one of" in r.text
    assert client.get("/api/events?since=yesterday").status_code == 400


# --- API -------------------------------------------------------------------------------


def test_api_endpoints_and_schema(client: TestClient) -> None:
    evs = client.get("/api/events?per_page=3").json()
    assert evs["per_page"] == 3 and len(evs["events"]) == 3 and evs["total"] >= 5
    one = client.get(f"/api/events/{evs['events'][0]['event_id']}").json()
    assert one["event_id"] == evs["events"][0]["event_id"] and one["mentions"]
    ds = client.get("/api/disputes").json()
    assert ds["total"] == 3
    d = client.get(f"/api/disputes/{ds['disputes'][0]['dispute_id']}").json()
    assert d["timeline"]
    a = client.get("/api/articles/lakeview-wire").json()
    assert a["text"].startswith("TOLEDO") and all(e["event_id"] for e in a["events"])
    orgs = client.get("/api/organizations?kind=employer").json()["organizations"]
    assert {"Lakeview General Hospital", "Riverbend Metro"} <= {o["name"] for o in orgs}
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/disputes", "/api/disputes/{dispute_id}",
                 "/api/articles/{article_id}", "/api/organizations"):
        assert path in spec["paths"]
    docs = client.get("/docs").text
    assert "GET /api/events" in docs and "cdn" not in docs.lower()


# --- security ------------------------------------------------------------------------------


def test_post_needs_the_token(db: Path) -> None:
    article = {"id": "posted", "published": "2026-06-02", "text": "Nurses at Mercy Hospital in Dayton, Ohio, went "
               "on strike Monday, the Mercy Nurses Union said."}
    closed = TestClient(create_app(db, token=None))
    assert closed.post("/api/articles", json=article).status_code == 403
    c = TestClient(create_app(db, token=TOKEN))
    assert c.post("/api/articles", json=article).status_code == 401
    assert c.post("/api/articles", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.post("/api/articles", json=article, headers={"Authorization": TOKEN}).status_code == 401
    r = c.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201
    body = r.json()
    assert body["outcome"] == "stored" and body["events"][0]["type"] == "strike" and body["events"][0]["event_id"]
    assert c.get(f"/events/{body['events'][0]['event_id']}").status_code == 200
    again = c.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["outcome"] == "unchanged"


def test_html_and_script_payloads_are_escaped(client: TestClient) -> None:
    payload = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    article = {"id": "xss-<b>", "title": f"Strike {payload}", "published": "2026-06-02", "source": payload,
               "text": f"Workers at Acme Foods in Dayton, Ohio, went on strike Monday {payload}, the Acme "
                       f"Workers Union said. {payload}"}
    r = client.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201
    for url in ("/articles/xss-%3Cb%3E", "/events", "/", f"/events/{r.json()['events'][0]['event_id']}"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
    art = client.get("/articles/xss-%3Cb%3E").text
    assert "&lt;script&gt;alert(" in art
    feed = client.get("/feed.atom").content
    ET.fromstring(feed)  # still well-formed XML


@pytest.mark.parametrize("params", [
    {"union": "' OR 1=1 --"},
    {"employer": "%"},
    {"state": "CA' OR '1'='1"},
    {"q": '"strike" OR * NEAR(x) -- ;DROP TABLE articles'},
    {"dispute": "x' UNION SELECT data FROM disputes --"},
])
def test_filters_cannot_inject_sql(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200
    assert r.json()["total"] == 0
    assert client.get("/api/events").json()["total"] >= 5  # and nothing was dropped


def test_sort_and_order_are_whitelisted(client: TestClient) -> None:
    assert client.get("/api/events", params={"sort": "start_date; DROP TABLE articles"}).status_code == 400
    assert client.get("/api/events", params={"order": "desc, (SELECT 1)"}).status_code == 400
    assert client.get("/api/events", params={"per_page": "100000"}).status_code in (400, 422)


def test_security_headers_and_body_limit(client: TestClient) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in r.text  # no inline script: the policy would block it
    big = {"id": "big", "text": "x" * (13 * 1024 * 1024)}
    r = client.post("/api/articles", json=big, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413


def test_dashboard_and_api_on_postgresql() -> None:
    """The same pages and API over a PostgreSQL store (full-text search there uses tsvector)."""
    from _pg import pg_schema

    with pg_schema() as url:
        with open_store(url) as s:
            ingest_items(_articles(THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER]), s)
        c = TestClient(create_app(url, token=TOKEN))
        assert c.get("/api/disputes").json()["total"] == 3
        assert _rows(c.get("/events?q=hospital+decades").text) == 1
        assert _rows(c.get("/events?type=strike&employer=riverbend").text) == 1  # any case, like SQLite
        assert c.get("/api/events", params={"union": "' OR 1=1 --"}).json()["total"] == 0
        d = c.get("/api/disputes?employer=Riverbend%20Metro").json()["disputes"][0]
        assert "tentative agreement" in c.get(f"/disputes/{d['dispute_id']}").text
        r = c.post("/api/articles", json={"id": "pg-post", "published": "2026-06-02", "text": "Nurses at Mercy "
                   "Hospital in Dayton, Ohio, went on strike Monday, the Mercy Nurses Union said."},
                   headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201 and r.json()["events"][0]["event_id"]
        assert "Mercy" in c.get("/").text
