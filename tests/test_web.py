"""The web dashboard and HTTP API, in-process (FastAPI's TestClient) over a store of invented articles."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from test_link import OTHER_EMPLOYER, PLANNED_ON_ENDED, THREE_OUTLETS, _articles  # noqa: E402

from strikewatch import present  # noqa: E402
from strikewatch.export_linked import EVENT_COLUMNS, event_row, write_csv  # noqa: E402
from strikewatch.ingest import ingest_items  # noqa: E402
from strikewatch.model import Article  # noqa: E402
from strikewatch.store import open_store  # noqa: E402
from strikewatch.store import queries as Q  # noqa: E402
from strikewatch.web import create_app  # noqa: E402
from strikewatch.web.app import api_operations, atom_time, month_series  # noqa: E402
from strikewatch.web.geo import gazetteer, point_map  # noqa: E402

TOKEN = "s3cret-token-for-tests"

#: headlines for the linking fixtures' articles (their outlets are the fixtures' sources)
TITLES = {
    "lakeview-courier": "Nurses walk out at Lakeview General", "lakeview-ledger": "Toledo nurses strike",
    "lakeview-wire": "Nurses' strike enters fourth day", "riverbend-plan": "Bus drivers set a strike date",
    "riverbend-on": "Riverbend bus drivers walk out", "riverbend-deal": "Tentative deal ends Riverbend strike",
    "cascade-strike": "Cascade Coach drivers strike",
}


def titled_articles() -> list[Article]:
    """The linking fixtures' seven articles, each with a headline and the URL of its original."""
    arts = _articles(THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER])
    for a in arts:
        a.title = TITLES[a.id]
        a.url = f"https://news.example/{a.id}"
    return arts


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "web.db"
    with open_store(path) as s:
        ingest_items(titled_articles(), s)
    return path


# disputes after an expired contract: one still open (no deal since), one over (a strike, then a
# contract ratified); and a strike with a stated start, end and number of strikers
WATCH = [
    ("mill-exp", "2026-04-02", "Mill Times", "Workers at Acme Mills in Dayton, Ohio, have been working without a "
     "contract since it expired March 31, the Mill Workers Union said."),
    ("mill-strike", "2026-05-05", "Mill Times", "Workers at Acme Mills in Dayton, Ohio, went on strike Monday, May 4, "
     "the Mill Workers Union said."),
    ("mill-end", "2026-05-16", "Dayton Post", "Workers at Acme Mills in Dayton, Ohio, ratified a new contract "
     "Friday, the Mill Workers Union said."),
    ("cup-exp", "2026-04-02", "Cup Times", "Workers at Cupco in Toledo, Ohio, have been working without a contract "
     "since it expired March 31, the Cup Workers Union said."),
    ("harbor-end", "2026-09-12", "Salem Post", "About 400 teachers at the Harbor School District in Salem, Oregon, "
     "returned to work Friday, ending a ten-day strike that began Sept. 1, the Harbor Teachers Union said."),
]


@pytest.fixture()
def watch_client(tmp_path: Path) -> TestClient:
    path = tmp_path / "watch.db"
    with open_store(path) as s:
        ingest_items(_articles(WATCH), s)
    return TestClient(create_app(path))


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
    assert all(e.find("a:title", ns).text.startswith("Strike: ") for e in entries)  # type: ignore[union-attr]
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
    {"q": '"strike" OR * NEAR(x) -- ;DROP TABLE articles'},
    {"dispute": "x' UNION SELECT data FROM disputes --"},
    {"city": "Toledo' OR '1'='1"},
])
def test_filters_cannot_inject_sql(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200
    assert r.json()["total"] == 0
    assert client.get("/api/events").json()["total"] >= 5  # and nothing was dropped


def test_a_state_that_is_none_is_refused_not_searched(client: TestClient) -> None:
    r = client.get("/api/events", params={"state": "CA' OR '1'='1"})
    assert r.status_code == 400 and r.json()["detail"].startswith("state must be a US state")
    assert client.get("/api/events").json()["total"] >= 5


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
        # issue 11 on PostgreSQL: the city filter, the point map, the feed, the CSV, HEAD
        assert c.get("/api/events?city=toledo").json()["total"] == 1
        assert 'data-city="Toledo, OH"' in c.get("/").text
        assert ET.fromstring(c.get("/feed.atom").content).findtext("{http://www.w3.org/2005/Atom}updated")
        assert c.get("/events.csv").text.splitlines()[0] == ",".join(EVENT_COLUMNS)
        assert c.head("/api/events").status_code == 200 and c.get("/events?q=!!!").status_code == 200


# --- issue 11: pages that read well --------------------------------------------------------


def _text(html: str) -> str:
    """The words of some HTML, tags removed and spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _ids(html: str, table_id: str) -> list[str]:
    body = html.split(f'id="{table_id}"')[1].split("</tbody>")[0]
    return list(dict.fromkeys(re.findall(r'href="/events/(ev-[0-9a-f]+)"', body)))


def test_overview_lists_latest_by_event_date_and_recently_added_apart(client: TestClient) -> None:
    html = client.get("/").text
    by_date = [e["event_id"] for e in client.get("/api/events?sort=start_date&order=desc&per_page=10").json()["events"]]
    by_seen = [e["event_id"] for e in client.get("/api/events?sort=seen&order=desc&per_page=10").json()["events"]]
    assert _ids(html, "latest") == by_date and _ids(html, "added") == by_seen
    starts = {e["event_id"]: e["start_date"] for e in client.get("/api/events").json()["events"]}
    dates = [starts[i] for i in _ids(html, "latest")]
    assert dates[0] == "2026-05-19" and dates[-1] == "2026-03-10"  # the latest event first, the earliest last
    assert "Latest events" in html and "Recently added" in html
    assert "19 May 2026" in html  # dates as people write them


def test_monthly_chart_has_every_month_on_a_date_axis(client: TestClient) -> None:
    html = client.get("/").text
    series = json.loads(html.split('id="by-month-data">')[1].split("</script>")[0])
    assert series and all(s["x"] == ["2026-03-01", "2026-04-01", "2026-05-01"] for s in series)
    strikes = next(s for s in series if s["type"] == "strike")
    assert strikes["counts"] == [1, 0, 2]  # April had none: a zero, not a gap
    assert month_series({"strike": {"2025-11": 1, "2026-02": 3}})[0]["counts"] == [1, 0, 0, 3]
    assert month_series({}) == []
    js = client.get("/static/app.js").text
    assert 'type: "date"' in js and 'type: "category"' not in js


def test_event_page_heading_names_what_who_where_when(client: TestClient) -> None:
    ev = client.get("/api/events?type=strike&state=OH").json()["events"][0]
    html = client.get(f"/events/{ev['event_id']}").text
    heading = present.event_heading(ev)
    assert heading == "Strike: Lakeview Nurses Union against Lakeview General Hospital, Toledo, OH, 10 Mar 2026"
    assert f'<h1 id="heading">{heading}</h1>' in html and f"<title>{heading} ·" in html
    # a unique start of the id finds the event; a start shared by several says so
    assert client.get(f"/events/{ev['event_id'][:9]}").status_code == 200
    r = client.get("/api/events/ev-")
    assert r.status_code == 404 and "more than one event id" in r.json()["detail"]


def test_article_page_shows_headline_outlet_date_and_original(client: TestClient) -> None:
    html = client.get("/articles/lakeview-ledger").text
    assert '<h1 id="headline">Toledo nurses strike</h1>' in html
    byline = _text(html.split('id="byline">')[1].split("</p>")[0])
    assert byline.startswith("Toledo Ledger · 12 Mar 2026")
    assert '<a id="original" href="https://news.example/lakeview-ledger"' in html


def test_only_web_addresses_become_links(client: TestClient) -> None:
    article = {"id": "odd-url", "title": "Dayton nurses strike", "url": "javascript:alert(1)", "source": "Post",
               "published": "2026-06-02", "text": "Nurses at Mercy Hospital in Dayton, Ohio, went on strike "
               "Monday, the Mercy Nurses Union said."}
    r = client.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201
    for url in ("/articles/odd-url", f"/events/{r.json()['events'][0]['event_id']}", "/feed.atom"):
        assert 'href="javascript:' not in client.get(url).text, url


def test_sources_are_named_by_outlet_and_headline(client: TestClient) -> None:
    ev = client.get("/api/events?type=strike&state=OH").json()["events"][0]
    text = _text(client.get(f"/events/{ev['event_id']}").text)
    for outlet, aid in (("Daily Courier", "lakeview-courier"), ("Toledo Ledger", "lakeview-ledger"),
                        ("Ohio Wire", "lakeview-wire")):
        assert f"{outlet} : “{TITLES[aid]}”" in text
    d = client.get("/api/disputes?employer=Riverbend%20Metro").json()["disputes"][0]
    html = client.get(f"/disputes/{d['dispute_id']}").text
    timeline = html.split('id="timeline-list"')[1].split("</ol>")[0]
    assert "Inland Wire" in timeline and "“Riverbend bus drivers walk out”" in timeline
    assert 'href="https://news.example/riverbend-on"' in timeline
    # never an article's id as the words of a link
    for aid in TITLES:
        assert f">{aid}</a>" not in html


def test_disputes_to_watch_are_open_ones(watch_client: TestClient) -> None:
    stages = {d["dispute_id"]: (d["stage"], d["watch"]) for d in watch_client.get("/api/disputes").json()["disputes"]}
    over = next(i for i, (stage, w) in stages.items() if stage == "contract ratified")
    assert stages[over][1] is False  # a deal closes it, though its contract had expired
    open_ = next(i for i, (stage, w) in stages.items() if stage == "contract expired" and w)
    watched = [d["dispute_id"] for d in watch_client.get("/api/disputes?watch=true").json()["disputes"]]
    assert watched == [open_]
    others = [d["dispute_id"] for d in watch_client.get("/api/disputes?watch=false").json()["disputes"]]
    assert over in others and open_ not in others
    html = watch_client.get("/").text
    card = html.split('id="card-watch"')[1].split("</div>")[0]
    assert f'href="/disputes/{open_}"' in card and f'href="/disputes/{over}"' not in card
    page = watch_client.get("/disputes?watch=true").text
    assert f'href="/disputes/{open_}"' in page and f'href="/disputes/{over}"' not in page
    assert "1 dispute to watch" in page
    assert "to watch</span>" in watch_client.get(f"/disputes/{open_}").text
    assert "to watch</span>" not in watch_client.get(f"/disputes/{over}").text


def test_api_disputes_filter_by_stage(client: TestClient) -> None:
    on = client.get("/api/disputes?stage=on+strike").json()
    assert on["total"] == 2 and {d["stage"] for d in on["disputes"]} == {"on strike"}
    assert client.get("/api/disputes?stage=impasse").json()["total"] == 0
    assert client.get("/api/disputes?since=2026-13").status_code == 400


def test_point_map_places_events_by_city(client: TestClient) -> None:
    html = client.get("/").text
    card = html.split('id="card-by-city"')[1].split('id="card-watch"')[0]
    assert 'data-city="Toledo, OH" data-count="1"' in card
    assert 'data-city="Spokane, WA" data-count="1"' in card and 'data-city="Tacoma, WA" data-count="1"' in card
    assert 'href="/events?city=Toledo&amp;state=OH"' in card and 'class="land"' in card
    html = client.get("/events?city=toledo&state=OH").text  # the dot's link: that city's events
    assert _rows(html) == 1 and "Lakeview" in html
    assert client.get("/api/events?city=Nowhere").json()["total"] == 0


def test_point_map_finds_cities_by_name_and_state() -> None:
    g = gazetteer()
    toledo = g.find("Toledo", "OH")
    assert toledo is not None and toledo.country == "US" and round(toledo.lat) == 42 and round(toledo.lon) == -84
    assert g.find("Toledo", "WA") is None or g.find("Toledo", "WA").admin1 == "WA"  # type: ignore[union-attr]
    assert g.find("Toronto", "Ontario").country == "CA"  # type: ignore[union-attr]
    m = point_map([("Toledo", "OH", 3), ("Toronto", "Ontario", 2), ("Anchorage", "AK", 1), ("Nowhere", "OH", 1)])
    assert [p["label"] for p in m["points"]] == ["Toledo, OH"]
    assert [p["label"] for p in m["elsewhere"]] == ["Toronto, Ontario", "Anchorage, AK", "Nowhere, OH"]
    p = m["points"][0]
    assert 0 <= p["x"] <= m["width"] and 0 <= p["y"] <= m["height"]  # type: ignore[operator]


def test_dispute_totals() -> None:
    strike = {"type": "strike", "status": "occurred", "start_date": "2026-09-01", "end_date": "2026-09-10",
              "participants": 400}
    assert present.strike_days(strike) == 10
    assert present.strike_days({**strike, "end_date": None}) is None  # over, but its end not stated
    assert present.strike_days({**strike, "end_date": None, "status": "ongoing"}) is None
    assert present.strike_days({**strike, "start_date": "2026-09"}) is None
    assert present.strike_days({**strike, "type": "protest"}) is None
    t = present.dispute_totals([strike, {"type": "lockout", "status": "ongoing", "start_date": "2026-10-01"},
                                {"type": "agreement", "status": "occurred", "participants": 900}])
    assert t["participants"] == 900 and t["strike_days"] == 10 and t["worker_days"] == 4000
    assert t["days_unknown"] == 1 and t["worker_days_unknown"] == 1
    none = present.dispute_totals([{"type": "contract_expiration", "status": "occurred"}])
    assert none["participants"] is None and none["strike_days"] is None and none["worker_days"] is None


def test_dispute_pages_show_totals(watch_client: TestClient, client: TestClient) -> None:
    def totals(c: TestClient, employer: str) -> dict[str, str]:
        d = c.get("/api/disputes", params={"employer": employer}).json()["disputes"][0]
        html = c.get(f"/disputes/{d['dispute_id']}").text
        return {k: _text(html.split(f'id="total-{k}">')[1].split('</span><span class="muted small">')[0])
                for k in ("participants", "strike-days", "worker-days")}

    assert totals(watch_client, "Harbor") == {"participants": "400", "strike-days": "10", "worker-days": "4,000"}
    assert totals(watch_client, "Cupco") == {"participants": "not stated", "strike-days": "not stated",
                                             "worker-days": "not stated"}
    # the Riverbend strike is over, but no report gives its last day: its length is not guessed
    assert totals(client, "Riverbend Metro") == {"participants": "900", "strike-days": "not stated",
                                                 "worker-days": "not stated"}
    lakeview = totals(client, "Lakeview")  # still on strike: its length is not known yet
    assert lakeview["participants"] == "1,200" and lakeview["strike-days"] == "not stated"


def test_pages_count_in_words(tmp_path: Path, client: TestClient) -> None:
    assert "in 3 disputes, from 7 articles." in client.get("/").text
    assert "3 disputes" in client.get("/disputes").text
    path = tmp_path / "one.db"
    with open_store(path) as s:
        ingest_items(_articles([OTHER_EMPLOYER]), s)
    one = TestClient(create_app(path))
    html = one.get("/").text
    assert "1 event in 1 dispute, from 1 article." in html
    assert "1 dispute" in one.get("/disputes").text and "1 disputes" not in one.get("/disputes").text
    d = one.get("/api/disputes").json()["disputes"][0]
    assert "1 event from 1 article" in one.get(f"/disputes/{d['dispute_id']}").text
    ev = one.get("/api/events").json()["events"][0]
    assert "Reported in 1 article<" in one.get(f"/events/{ev['event_id']}").text


def test_docs_describe_every_parameter(client: TestClient) -> None:
    ops = api_operations(client.get("/openapi.json").json())
    assert len(ops) >= 7
    for op in ops:
        assert op["summary"] and op["description"], op["path"]
        assert "``" not in op["description"] and ":class:" not in op["description"], op["path"]
        for p in op["params"]:
            assert p["description"] and p["allowed"] and p["example"] is not None, (op["path"], p["name"])
    events = next(o for o in ops if o["path"] == "/api/events")
    assert {"type", "status", "since", "until", "state", "city", "q", "min_confidence", "page", "per_page"} <= {
        p["name"] for p in events["params"]}
    html = client.get("/docs").text
    text = _text(html)
    assert "allowed values" in text and "example" in text and "``" not in text and "**" not in text
    assert "one of: strike, lockout" in text and "YYYY, YYYY-MM or YYYY-MM-DD" in text
    assert 'href="/api/events?type=strike&amp;status=ongoing"' in html  # an example request to try


# --- issue 11: the feed, HEAD, the API's refusals --------------------------------------------


def test_atom_feed_dates_evidence_and_sources(client: TestClient) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(client.get("/feed.atom").content)
    latest_report = max(a for a in ("2026-03-11", "2026-03-12", "2026-03-14", "2026-05-04", "2026-05-12",
                                    "2026-05-20", "2026-05-15"))
    assert root.findtext("a:updated", "", ns) == f"{latest_report}T00:00:00Z"  # not the time of the request
    strikes = ET.fromstring(client.get("/feed.atom?type=strike&state=OH").content)
    assert strikes.findtext("a:updated", "", ns) == "2026-03-14T00:00:00Z"  # its latest report (Ohio Wire's)
    entry = strikes.find("a:entry", ns)
    assert entry is not None and entry.findtext("a:updated", "", ns) == "2026-03-14T00:00:00Z"
    assert entry.findtext("a:title", "", ns).startswith("Strike: Lakeview Nurses Union against")
    via = {x.get("href") for x in entry.findall("a:link[@rel='via']", ns)}
    assert via == {f"https://news.example/{a}" for a in ("lakeview-courier", "lakeview-ledger", "lakeview-wire")}
    content = entry.findtext("a:content", "", ns)
    assert entry.find("a:content", ns).get("type") == "html"  # type: ignore[union-attr]
    assert "<blockquote>“Roughly 1,500 nurses walked off the job" in content
    assert '<a href="https://news.example/lakeview-ledger">Toledo Ledger: “Toledo nurses strike”</a>, 12 Mar 2026' in content
    empty = ET.fromstring(client.get("/feed.atom?q=zeppelin").content)
    assert empty.findtext("a:updated", "", ns) == f"{latest_report}T00:00:00Z"
    assert atom_time("2026-03") == "2026-03-01T00:00:00Z" and atom_time("2026-03-14T10:00:00+02:00") == \
        "2026-03-14T08:00:00Z" and atom_time("soon") is None


@pytest.mark.parametrize("url", ["/", "/events?type=strike", "/events.csv", "/events.json", "/feed.atom", "/docs",
                                 "/disputes", "/api/events?per_page=2", "/api/disputes", "/api/organizations",
                                 "/api/articles/lakeview-wire", "/openapi.json", "/static/style.css",
                                 "/vendor/plotly.min.js"])
def test_head_answers_like_get_without_a_body(client: TestClient, url: str) -> None:
    got, head = client.get(url), client.head(url)
    assert head.status_code == got.status_code == 200, url
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("content-length") == str(len(got.content))
    assert head.headers["x-content-type-options"] == "nosniff"


def test_head_of_pages_with_ids_and_of_missing_things(client: TestClient) -> None:
    ev = client.get("/api/events?per_page=1").json()["events"][0]["event_id"]
    d = client.get("/api/disputes?per_page=1").json()["disputes"][0]["dispute_id"]
    for url in (f"/events/{ev}", f"/api/events/{ev}", f"/disputes/{d}", f"/api/disputes/{d}", "/articles/riverbend-on"):
        r = client.head(url)
        assert r.status_code == 200 and r.content == b"", url
    assert client.head("/events/ev-nope").status_code == 404
    assert client.head("/api/events?since=2026-13").status_code == 400
    assert client.head("/api/articles").status_code == 405  # only POST there


@pytest.mark.parametrize(("params", "message"), [
    ({"since": "2026-13"}, "since must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not '2026-13'"),
    ({"until": "2026-02-30"}, "until must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not '2026-02-30'"),
    ({"since": "yesterday"}, "since must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not 'yesterday'"),
    ({"state": "Narnia"}, None),
])
def test_api_refuses_bad_dates_and_states_as_the_cli_does(client: TestClient, params: dict[str, str],
                                                          message: str | None) -> None:
    if message is None:  # the words the command line prints for the same value
        with pytest.raises(Q.BadFilter) as e:
            Q.check_state(params["state"])
        message = str(e.value)
    for url in ("/api/events", "/events.csv", "/feed.atom"):
        r = client.get(url, params=params)
        assert r.status_code == 400 and r.json() == {"detail": message}, url
    assert message in unescape(client.get("/events", params=params).text)


def test_csv_download_has_the_exports_columns(client: TestClient, db: Path) -> None:
    text = client.get("/events.csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == EVENT_COLUMNS
    with open_store(db) as s:
        buf = io.StringIO()
        write_csv(EVENT_COLUMNS, [event_row(e) for e in s.events()], buf)
    assert sorted(text.splitlines()) == sorted(buf.getvalue().splitlines())  # the export's rows, row for row
    strike = next(r for r in rows if r["city"] == "Toledo")
    assert strike["unions"] == "Lakeview Nurses Union" and strike["articles"] == \
        "lakeview-courier; lakeview-ledger; lakeview-wire" and strike["start_precision"] == "day"


def test_full_text_plans_agree(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broad match (read in index order, counted by the FTS index) finds what a narrow one does."""
    cases = [{"q": "strike"}, {"q": "nurses"}, {"q": "strike", "type": "strike"}, {"q": "union", "sort": "state"},
             {"q": "drivers", "employer": "riverbend"}, {"q": "said", "page": 2, "per_page": 2}, {"q": "zeppelin"},
             {"q": "!!!"}]
    with open_store(db) as s:
        c = s._conn
        for params in cases:
            f = Q.EventFilters(**params)  # type: ignore[arg-type]
            monkeypatch.setattr(Q, "FTS_BROAD", 10**9)
            narrow = Q.list_events(c, f)
            monkeypatch.setattr(Q, "FTS_BROAD", 0)
            broad = Q.list_events(c, f)
            where, args = Q._where(f)
            exact = c.execute(f"SELECT count(*) FROM events{where}", args).fetchone()[0]
            assert narrow == broad and narrow[1] == exact, params
        assert Q.fts_count(c, Q.EventFilters(q="nurses")) == Q.list_events(c, Q.EventFilters(q="nurses"))[1] == 1


def test_new_since_view_and_sources_page(client: TestClient, db: Path) -> None:
    everything = client.get("/api/events", params={"per_page": 500}).json()
    with open_store(db) as s:
        seen = sorted(r[0] for r in s._conn.execute("SELECT first_seen FROM events WHERE first_seen IS NOT NULL"))
    assert len(seen) == everything["total"] > 0
    later = client.get("/api/events", params={"added_since": "2999-01-01"}).json()
    assert later["total"] == 0
    earlier = client.get("/api/events", params={"added_since": seen[0][:16]}).json()
    assert earlier["total"] == everything["total"]
    bad = client.get("/api/events", params={"added_since": "yesterday"})
    assert bad.status_code == 400 and "added_since must be" in bad.text
    page = client.get("/events", params={"added_since": seen[0][:10], "sort": "seen"})
    assert page.status_code == 200 and 'name="added_since"' in page.text
    home = client.get("/").text
    assert "/events?sort=seen&amp;added_since=" in home
    sources = client.get("/sources")
    assert sources.status_code == 200 and "No sources yet" in sources.text and 'href="/sources"' in sources.text


def test_sources_page_lists_what_the_watcher_keeps(db: Path) -> None:
    with open_store(db) as s:
        s._conn.execute("INSERT INTO sources (id, kind, name, interval_s, items, errors, last_fetch, next_poll, "
                        "last_error) VALUES (?, 'rss', 'Harbor Ledger', 900, 12, 1, '2026-03-04T10:00:00+00:00', "
                        "'2026-03-04T10:15:00+00:00', 'HTTP 503 (3 tries)')", ("https://ledger.example/rss",))
    html = TestClient(create_app(db)).get("/sources").text
    assert "1 source" in html and "Harbor Ledger" in html and 'href="https://ledger.example/rss"' in html
    assert "15.0 min" in html and "2026-03-04 10:15" in html and "HTTP 503 (3 tries)" in html
