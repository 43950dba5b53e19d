"""Watching feeds and news sitemaps against real HTTP servers on loopback (pytest-httpserver):
sources files, feed and sitemap parsing, new items between polls, 304s, failures (one log line
each, never a stop), state kept in the store, and a watch killed with SIGKILL then restarted."""

from __future__ import annotations

import datetime as dt
import logging
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _news import WHEN, allow_all, atom, news_sitemap, page, requests_to, rss, story
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from strikewatch.cli import app
from strikewatch.fetch import Fetcher, url_article_id
from strikewatch.store import Store, open_store
from strikewatch.watch import (
    MAX_TRIES,
    FeedError,
    Source,
    SourcesError,
    load_sources,
    parse_feed,
    parse_interval,
    parse_sitemap,
    poll_once,
    sniff_kind,
    source_statuses,
    watch,
)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(host_delay=0.0, backoff=0.01, timeout=0.5, retries=1) as f:
        yield f


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "sw.db") as s:
        yield s


def _items(server: HTTPServer, ks: list[int], prefix: str = "/news/") -> list[tuple[str, str, dt.datetime]]:
    return [(server.url_for(f"{prefix}{k}") + "?utm_source=rss", story(k)[0], WHEN + dt.timedelta(hours=k))
            for k in ks]


def _serve_pages(server: HTTPServer, ks: list[int], prefix: str = "/news/") -> None:
    for k in ks:
        server.expect_request(f"{prefix}{k}").respond_with_data(page(k), content_type="text/html")


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "strikewatch.watch" and r.levelno >= logging.WARNING]


def _seen(store: Store) -> dict[str, tuple[str, int]]:
    return {r["url"]: (r["status"], r["tries"]) for r in store._conn.execute("SELECT * FROM seen_urls")}


# ---------- sources ----------


def test_a_sources_file(tmp_path: Path) -> None:
    f = tmp_path / "sources.toml"
    f.write_text(
        'interval = "10m"\n\n'
        '[[source]]\nurl = "https://news.example.org/labor.rss"\nname = "Example Ledger"\nkind = "rss"\n\n'
        '[[source]]\nurl = "https://news.example.org/news-sitemap.xml"\ninterval = "1h30m"\n\n'
        '[[source]]\nurl = "https://wire.example.net/feed"\ninterval = 90\n\n'
        '[[source]]\nurl = "https://news.example.org/labor.rss"\n'  # listed twice: once
    )
    got = load_sources(f)
    assert [(s.url, s.kind, s.interval, s.name) for s in got] == [
        ("https://news.example.org/labor.rss", "rss", 600.0, "Example Ledger"),
        ("https://news.example.org/news-sitemap.xml", None, 5400.0, None),
        ("https://wire.example.net/feed", None, 90.0, None),
    ]
    assert got[0].id == got[0].url


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[source]]\nname = "x"\n', "source 1: no http(s) url"),
        ('[[source]]\nurl = "ftp://x.org/f"\n', "source 1: no http(s) url"),
        ('[[source]]\nurl = "https://x.org/f"\nkind = "json"\n', "kind 'json' is not one of rss, atom, sitemap"),
        ('[[source]]\nurl = "https://x.org/f"\ninterval = "soon"\n', "interval 'soon' is not a duration"),
        ('[[source]]\nurl = "https://x.org/f"\ninterval = 0.1\n', "under the 1 s minimum"),
        ('[[source]]\nurl = "https://x.org/f"\nevery = 3\n', "unknown key 'every'"),
        ("interval = 60\n", "no sources"),
        ("[[source]\n", "not TOML"),
    ],
)
def test_a_bad_sources_file_is_named(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "sources.toml"
    f.write_text(text)
    with pytest.raises(SourcesError, match=message.replace("(", r"\(").replace(")", r"\)")) as e:
        load_sources(f)
    assert str(e.value).startswith(str(f))


def test_intervals() -> None:
    assert parse_interval(30) == 30.0
    assert parse_interval("45s") == 45.0 and parse_interval("15m") == 900.0 and parse_interval("1h30m") == 5400.0
    assert parse_interval("2") == 2.0
    for bad in ("", "m", "5 parsecs", True, float("nan")):
        with pytest.raises(SourcesError):
            parse_interval(bad)


# ---------- feeds and sitemaps ----------


def test_rss_atom_and_sitemaps_give_canonical_items() -> None:
    items = [("https://news.example.org/a?utm_source=rss&fbclid=1", "Nurses strike", WHEN),
             ("/b#top", "Drivers rally", WHEN + dt.timedelta(hours=1))]
    base = "https://news.example.org/feed.xml"
    for body, kind in ((rss(items), "rss"), (atom(items), "atom"), (news_sitemap(items), "sitemap")):
        assert sniff_kind(body.encode()) == kind
        got = parse_sitemap(body.encode(), base)[0] if kind == "sitemap" else parse_feed(body.encode(), base)
        assert [i.url for i in got] == ["https://news.example.org/a", "https://news.example.org/b"]
        assert [i.title for i in got] == ["Nurses strike", "Drivers rally"]
        assert got[0].published == "2026-03-04T09:00:00+00:00"


def test_a_sitemap_with_lastmod_only_and_a_sitemap_index() -> None:
    body = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>https://x.org/1</loc><lastmod>2026-03-01</lastmod></url><url><loc>https://x.org/2</loc></url>"
            b"</urlset>")
    items, children = parse_sitemap(body, "https://x.org/sitemap.xml")
    assert [(i.url, i.published) for i in items] == [("https://x.org/1", "2026-03-01"), ("https://x.org/2", None)]
    assert children == []
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>/old.xml</loc><lastmod>2025-01-01</lastmod></sitemap>"
             b"<sitemap><loc>/new.xml</loc><lastmod>2026-03-01</lastmod></sitemap></sitemapindex>")
    assert parse_sitemap(index, "https://x.org/sitemap.xml") == ([], ["https://x.org/new.xml", "https://x.org/old.xml"])


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>cut off", b"\x00\xff binary", b"{}",
                                  b"<html><body>a page</body></html>"])
def test_malformed_feeds_raise_a_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(body, "https://x.org/feed")


def test_a_malformed_sitemap_raises_a_feed_error() -> None:
    with pytest.raises(FeedError, match="malformed XML"):
        parse_sitemap(b"<urlset><url><loc>https://x.org/1</loc>", "https://x.org/s.xml")
    entity = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
              b'<urlset><url><loc>&e;</loc></url></urlset>')
    items, _ = parse_sitemap(entity, "https://x.org/s.xml")  # external entities are never read
    assert all("root:" not in i.url for i in items)


# ---------- polling ----------


def test_new_items_between_polls_and_304s(httpserver: HTTPServer, store: Store, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    _serve_pages(httpserver, [0, 1, 2])
    published = [[0, 1]]
    validators: list[str | None] = []

    def feed(req: Request) -> Response:
        validators.append(req.headers.get("If-None-Match"))
        tag = f'"{len(published[0])}"'
        if req.headers.get("If-None-Match") == tag:
            return Response(status=304, headers={"ETag": tag})
        return Response(rss(_items(httpserver, published[0])), content_type="application/rss+xml",
                        headers={"ETag": tag})

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    src = Source(httpserver.url_for("/feed.xml"), interval=60, name="Example Ledger")

    first = poll_once(store, [src], fetcher)
    assert (first.polls, first.new_items, first.stored, first.failed) == (1, 2, 2, 0)
    assert first.linked.get("events", 0) >= 1
    second = poll_once(store, [src], fetcher)
    assert second.not_modified == 1 and second.new_items == 0
    published[0] = [0, 1, 2]  # a new item
    third = poll_once(store, [src], fetcher)
    assert (third.new_items, third.stored) == (1, 1)
    assert validators == [None, '"2"', '"2"']
    assert [requests_to(httpserver, f"/news/{k}") for k in (0, 1, 2)] == [1, 1, 1]

    seen = _seen(store)
    assert set(seen) == {httpserver.url_for(f"/news/{k}") for k in (0, 1, 2)}  # canonical: no utm_source
    assert all(v == ("stored", 1) for v in seen.values())
    a = store.article(url_article_id(httpserver.url_for("/news/2")))
    assert a is not None and a["source"] == "Example Ledger" and a["published"] == "2026-03-04"
    (st,) = source_statuses(store, [src])
    assert st.kind == "rss" and st.items == 3 and st.errors == 0 and st.last_result == "3 items, 1 new"
    assert st.last_fetch is not None and st.next_poll == st.last_fetch + dt.timedelta(seconds=60)
    row = store._conn.execute("SELECT etag FROM sources WHERE id = ?", (src.id,)).fetchone()
    assert row["etag"] == '"3"'


def test_every_failure_is_one_log_line_and_the_poll_goes_on(
    threaded: HTTPServer, store: Store, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    allow_all(threaded, "User-agent: *\nDisallow: /private/\n")
    _serve_pages(threaded, [0])
    threaded.expect_request("/down").respond_with_data("oops", status=500)

    def slow(_req: Request) -> Response:
        time.sleep(1.2)
        return Response(page(5), content_type="text/html")

    threaded.expect_request("/slow").respond_with_handler(slow)
    threaded.expect_request("/huge").respond_with_data(b"<p>" + b"x" * (6 * 1024 * 1024), content_type="text/html")
    threaded.expect_request("/doc.pdf").respond_with_data(b"%PDF-1.7", content_type="application/pdf")
    threaded.expect_request("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    threaded.expect_request("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    bad = ["/down", "/slow", "/huge", "/doc.pdf", "/loop-a", "/private/memo"]
    items = _items(threaded, [0]) + [(threaded.url_for(p), "x", WHEN) for p in bad]
    threaded.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    threaded.expect_request("/broken.xml").respond_with_data("<rss><channel><item><title>cut",
                                                             content_type="application/rss+xml")
    threaded.expect_request("/gone.xml").respond_with_data("no", status=404)
    sources = [Source(threaded.url_for(p), interval=60) for p in ("/feed.xml", "/broken.xml", "/gone.xml")]

    with caplog.at_level(logging.INFO, logger="strikewatch"):
        summary = poll_once(store, sources, fetcher)
    assert (summary.polls, summary.source_errors, summary.new_items) == (3, 2, 7)
    assert (summary.stored, summary.failed) == (1, 6)
    lines = _warnings(caplog)
    assert len(lines) == 8  # one per failure: six pages, two sources
    expect = {
        "/down": "HTTP 500 INTERNAL SERVER ERROR (2 tries) (will try again: 1 of 3 tries)",
        "/slow": "timed out (waiting for data, over 0.5 s) (2 tries) (will try again: 1 of 3 tries)",
        "/huge": "response is 6.0 MB, over the 5.0 MB limit",
        "/doc.pdf": "not an HTML page (application/pdf)",
        "/loop-a": f"redirect loop: {threaded.url_for('/loop-a')} -> {threaded.url_for('/loop-b')} -> "
                   f"{threaded.url_for('/loop-a')}",
        "/private/memo": "disallowed by robots.txt",
        "/broken.xml": "not a readable feed (",
        "/gone.xml": "HTTP 404 NOT FOUND",
    }
    for path, reason in expect.items():
        assert sum(line.startswith(f"{threaded.url_for(path)}: {reason}") for line in lines) == 1, (path, lines)

    seen = _seen(store)
    assert seen[threaded.url_for("/down")] == ("retry", 1) and seen[threaded.url_for("/doc.pdf")] == ("failed", 1)
    assert seen[threaded.url_for("/news/0")] == ("stored", 1)
    statuses = {s.id: s for s in source_statuses(store, sources)}
    assert statuses[threaded.url_for("/broken.xml")].errors == 1
    assert statuses[threaded.url_for("/feed.xml")].errors == 6

    # the next polls try the transient failures again (the others never), up to MAX_TRIES in all
    for _ in range(MAX_TRIES - 1):
        poll_once(store, sources, fetcher)
    assert requests_to(threaded, "/down") == 2 * MAX_TRIES and requests_to(threaded, "/doc.pdf") == 1
    assert _seen(store)[threaded.url_for("/down")] == ("failed", MAX_TRIES)
    quiet = poll_once(store, sources, fetcher)
    assert quiet.new_items == 0 and requests_to(threaded, "/down") == 2 * MAX_TRIES


def test_a_news_sitemap_is_sniffed_and_read(httpserver: HTTPServer, store: Store, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    _serve_pages(httpserver, [3, 4], prefix="/2026/03/")
    body = news_sitemap(_items(httpserver, [3, 4], prefix="/2026/03/"))
    httpserver.expect_request("/news-sitemap.xml").respond_with_data(body, content_type="application/xml")
    src = Source(httpserver.url_for("/news-sitemap.xml"), interval=60)  # no kind: sniffed
    summary = poll_once(store, [src], fetcher)
    assert (summary.new_items, summary.stored) == (2, 2)
    assert source_statuses(store, [src])[0].kind == "sitemap"


def test_the_watch_loop_polls_each_source_at_its_interval(httpserver: HTTPServer, store: Store,
                                                          fetcher: Fetcher) -> None:
    allow_all(httpserver)
    _serve_pages(httpserver, [0, 1])
    polls: list[float] = []

    def feed(_req: Request) -> Response:
        polls.append(time.monotonic())
        ks = [0] if len(polls) == 1 else [0, 1]  # the second item appears after the first poll
        return Response(rss(_items(httpserver, ks)), content_type="application/rss+xml")

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    src = Source(httpserver.url_for("/feed.xml"), interval=1.5)
    summary = watch(store, [src], fetcher, max_rounds=2, tick=0.05)
    assert (summary.rounds, summary.new_items, summary.stored) == (2, 2, 2)
    assert len(polls) == 2 and polls[1] - polls[0] >= 1.4
    # a restart waits out what remains of the interval, as stored
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    again = watch(store, [src], fetcher, stop=stop, tick=0.05)
    assert again.polls == 0 and len(polls) == 2


def test_watch_once_from_the_command_line(httpserver: HTTPServer, tmp_path: Path) -> None:
    allow_all(httpserver)
    _serve_pages(httpserver, [0, 1])
    httpserver.expect_request("/feed.xml").respond_with_data(rss(_items(httpserver, [0, 1])),
                                                             content_type="application/rss+xml")
    httpserver.expect_request("/atom.xml").respond_with_data(atom(_items(httpserver, [1]) + [
        (httpserver.url_for("/doc.pdf"), "a pdf", WHEN)]), content_type="application/atom+xml")
    httpserver.expect_request("/doc.pdf").respond_with_data(b"%PDF", content_type="application/pdf")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{httpserver.url_for("/feed.xml")}"\nname = "Example Ledger"\n')
    db, log = tmp_path / "sw.db", tmp_path / "watch.log"
    runner = CliRunner()
    args = ["watch", str(sources), "--feed", httpserver.url_for("/atom.xml"), "--once", "--db", str(db),
            "--log", str(log), "--host-delay", "0"]
    r = runner.invoke(app, args)
    assert r.exit_code == 1, r.output  # the PDF failed
    assert r.stdout.splitlines()[0] == ("polled 2 (not modified 0, failed 0); new items 3: stored 2, updated 0, "
                                        "unchanged 0, failed 1")
    assert r.stderr.splitlines() == [f"error: {httpserver.url_for('/doc.pdf')}: not an HTML page (application/pdf)"]
    text = log.read_text()
    assert f"WARNING strikewatch.watch: {httpserver.url_for('/doc.pdf')}: not an HTML page" in text
    assert f"INFO strikewatch.watch: {httpserver.url_for('/feed.xml')}: 2 items, " in text  # 1 or 2 new: the
    # other feed lists one of its items too, and the first feed read takes it
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output  # nothing new; the PDF is not asked again
    assert again.stdout.splitlines()[0].endswith("new items 0: stored 0, updated 0, unchanged 0, failed 0")
    assert requests_to(httpserver, "/doc.pdf") == 1 and requests_to(httpserver, "/news/1") == 1


@pytest.mark.parametrize(("args", "message"), [
    ([], "nothing to watch"), (["--feed", "ftp://x.org/f"], "not an http(s) address"),
    (["missing.toml"], "missing.toml: no such file or directory"), (["--feed", "https://x.org/f", "--interval", "0"],
                                                                     "under the 1 s minimum"),
])
def test_watch_refuses_what_it_cannot_watch(args: list[str], message: str, tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["watch", *args, "--once", "--db", str(tmp_path / "sw.db")])
    assert r.exit_code == 2 and message in r.stderr


# ---------- a restart resumes ----------


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_watch_then_restart_stores_every_item_once(threaded: HTTPServer, tmp_path: Path) -> None:
    n = 40
    allow_all(threaded)
    _serve_pages(threaded, list(range(n)))
    threaded.expect_request("/feed.xml").respond_with_data(rss(_items(threaded, list(range(n)))),
                                                           content_type="application/rss+xml")
    db = tmp_path / "sw.db"
    cmd = [sys.executable, "-m", "strikewatch", "watch", "--feed", threaded.url_for("/feed.xml"), "--db", str(db),
           "--interval", "1h", "--host-delay", "0"]

    def stored() -> int:
        if not db.exists():
            return 0
        with sqlite3.connect(db, timeout=10) as c:
            try:
                return int(c.execute("SELECT count(*) FROM seen_urls WHERE status = 'stored'").fetchone()[0])
            except sqlite3.OperationalError:  # not created yet
                return 0

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while stored() == 0 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    with sqlite3.connect(db, timeout=10) as c:
        before = {r[0] for r in c.execute("SELECT id FROM articles")}
    assert 0 < len(before) < n, "the kill should land mid-ingest"
    fetched_before = {k: requests_to(threaded, f"/news/{k}") for k in range(n)}

    done = subprocess.run([*cmd, "--once"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with open_store(db) as store:
        seen = _seen(store)
        assert len(seen) == n and all(v[0] == "stored" for v in seen.values())
        ids = [r[0] for r in store._conn.execute("SELECT id FROM articles")]
        assert sorted(ids) == sorted({url_article_id(threaded.url_for(f"/news/{k}")) for k in range(n)})
        dupes = store._conn.execute(
            "SELECT article_id, idx FROM mentions GROUP BY article_id, idx HAVING count(*) > 1").fetchall()
        assert not dupes
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for k in range(n):
        # a page stored before the kill is never fetched again; one fetched but not stored is fetched once more
        if url_article_id(threaded.url_for(f"/news/{k}")) in before:
            assert requests_to(threaded, f"/news/{k}") == 1, k
        else:
            assert requests_to(threaded, f"/news/{k}") == fetched_before[k] + 1 <= 2, k


def test_the_watch_state_in_postgresql(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    """The same SQL runs on PostgreSQL: sources, seen URLs, retries, conditional GET, already stored."""
    from _pg import pg_schema

    allow_all(httpserver)
    _serve_pages(httpserver, [0, 1])
    httpserver.expect_request("/down").respond_with_data("oops", status=503)

    def feed(req: Request) -> Response:
        if req.headers.get("If-None-Match") == '"1"':
            return Response(status=304)
        items = _items(httpserver, [0, 1]) + [(httpserver.url_for("/down"), "x", WHEN)]
        return Response(rss(items), content_type="application/rss+xml", headers={"ETag": '"1"'})

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    src = Source(httpserver.url_for("/feed.xml"), interval=60, name="Example Ledger")
    with pg_schema() as url, open_store(url) as store:
        first = poll_once(store, [src], fetcher)
        assert (first.new_items, first.stored, first.failed) == (3, 2, 1)
        assert poll_once(store, [src], fetcher).not_modified == 1
        store._conn.execute("UPDATE sources SET etag = NULL")  # as if the feed had changed
        store._conn.execute("DELETE FROM seen_urls WHERE status = 'stored'")  # as if killed before marking
        again = poll_once(store, [src], fetcher)
        assert (again.new_items, again.stored, again.failed) == (1, 0, 1)  # only the failing page, tried again
        assert [requests_to(httpserver, f"/news/{k}") for k in (0, 1)] == [1, 1]
        seen = _seen(store)
        assert seen[httpserver.url_for("/down")] == ("retry", 2)
        assert seen[httpserver.url_for("/news/0")] == ("stored", 0)  # marked from the store, not fetched
        (st,) = source_statuses(store, [src])
        assert st.items == 2 and st.errors == 2 and st.kind == "rss"


def test_a_syndicated_copy_is_seen_once_and_never_fetched_again(httpserver: HTTPServer, store: Store,
                                                                 fetcher: Fetcher) -> None:
    """Two outlets' URLs for one wire story: one article with two sources; neither URL is fetched again,
    even when the watch lost its note of them (killed before marking)."""
    allow_all(httpserver)
    for path in ("/wire/7", "/local/7"):
        httpserver.expect_request(path).respond_with_data(page(7), content_type="text/html")
    httpserver.expect_request("/wire.xml").respond_with_data(rss(_items(httpserver, [7], "/wire/")),
                                                             content_type="application/rss+xml")
    httpserver.expect_request("/local.xml").respond_with_data(rss(_items(httpserver, [7], "/local/")),
                                                              content_type="application/rss+xml")
    wire, local = Source(httpserver.url_for("/wire.xml"), interval=60), Source(httpserver.url_for("/local.xml"),
                                                                              interval=60)
    first = poll_once(store, [wire], fetcher)
    second = poll_once(store, [local], fetcher)
    assert (first.stored, second.stored, second.syndicated) == (1, 0, 1)
    assert store._conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert set(_seen(store)) == {httpserver.url_for("/wire/7"), httpserver.url_for("/local/7")}
    store._conn.execute("DELETE FROM seen_urls")
    again = poll_once(store, [wire, local], fetcher)
    assert again.new_items == 0 and requests_to(httpserver, "/wire/7") == requests_to(httpserver, "/local/7") == 1
