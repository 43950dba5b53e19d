"""The polite fetcher against real HTTP servers on loopback (pytest-httpserver): conditional GET,
retries, timeouts, size and redirect limits, robots.txt, per-host delay, canonical URLs, and
`strikewatch ingest https://...`."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _news import allow_all, page, requests_to, story
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from strikewatch import __version__
from strikewatch.cli import app
from strikewatch.fetch import (
    USER_AGENT,
    Fetcher,
    PageError,
    canonical_url,
    fetch_article,
    url_article_id,
)
from strikewatch.store import open_store


def fast(**kw: object) -> Fetcher:
    """A fetcher with the rules of a real one and the waits of a test."""
    opts: dict[str, object] = {"host_delay": 0.0, "backoff": 0.01, "timeout": 2.0, "retries": 2}
    opts.update(kw)
    return Fetcher(**opts)  # type: ignore[arg-type]


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with fast() as f:
        yield f


def test_a_page_comes_with_its_validators_and_the_user_agent(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    httpserver.expect_request("/a").respond_with_data(
        "<html><body>hi</body></html>", content_type="text/html; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 04 Mar 2026 09:00:00 GMT"})
    r = fetcher.get(httpserver.url_for("/a"))
    assert r.ok and r.error is None and r.status == 200
    assert r.text() == "<html><body>hi</body></html>" and r.media_type == "text/html"
    assert r.etag == '"v1"' and r.last_modified == "Wed, 04 Mar 2026 09:00:00 GMT"
    assert USER_AGENT == f"strikewatch/{__version__}"
    assert all(req.headers.get("User-Agent") == USER_AGENT for req, _ in httpserver.log)


def test_conditional_get_sends_the_validators_and_honours_304(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    seen: list[tuple[str | None, str | None]] = []

    def handler(req: Request) -> Response:
        seen.append((req.headers.get("If-None-Match"), req.headers.get("If-Modified-Since")))
        if req.headers.get("If-None-Match") == '"v1"' or req.headers.get("If-Modified-Since"):
            return Response(status=304)
        return Response("<rss/>", headers={"ETag": '"v1"'}, content_type="application/rss+xml")

    httpserver.expect_request("/feed").respond_with_handler(handler)
    url = httpserver.url_for("/feed")
    first = fetcher.get(url)
    assert first.ok and first.etag == '"v1"'
    again = fetcher.get(url, etag=first.etag)
    assert again.not_modified and not again.ok and again.error is None and again.body == b""
    by_date = fetcher.get(url, last_modified="Wed, 04 Mar 2026 09:00:00 GMT")
    assert by_date.not_modified
    assert seen == [(None, None), ('"v1"', None), (None, "Wed, 04 Mar 2026 09:00:00 GMT")]


def test_5xx_is_retried_with_backoff_then_named(httpserver: HTTPServer) -> None:
    allow_all(httpserver)
    httpserver.expect_request("/down").respond_with_data("oops", status=500)
    waits: list[float] = []
    with fast(backoff=0.5, sleep=waits.append) as f:
        r = f.get(httpserver.url_for("/down"))
    assert r.error == "HTTP 500 INTERNAL SERVER ERROR (3 tries)" and r.retryable and r.status == 500
    assert requests_to(httpserver, "/down") == 3 and r.attempts == 3
    assert waits == [0.5, 1.0]  # exponential backoff


def test_a_transient_503_passes_on_retry(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    httpserver.expect_oneshot_request("/flaky").respond_with_data("busy", status=503)
    httpserver.expect_oneshot_request("/flaky").respond_with_data("<p>ok</p>", content_type="text/html")
    r = fetcher.get(httpserver.url_for("/flaky"))
    assert r.ok and r.body == b"<p>ok</p>" and r.attempts == 2


def test_4xx_is_not_retried(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    r = fetcher.get(httpserver.url_for("/gone"))
    assert r.error == "HTTP 404 NOT FOUND" and not r.retryable and requests_to(httpserver, "/gone") == 1


def test_a_slow_response_times_out_and_is_retried(threaded: HTTPServer) -> None:
    allow_all(threaded)

    calls: list[float] = []

    def slow(_req: Request) -> Response:
        calls.append(time.monotonic())
        time.sleep(0.6)
        return Response("late", content_type="text/html")

    threaded.expect_request("/slow").respond_with_handler(slow)
    with fast(timeout=0.2, retries=1) as f:
        t0 = time.monotonic()
        r = f.get(threaded.url_for("/slow"))
    assert r.error == "timed out (waiting for data, over 0.2 s) (2 tries)" and r.retryable
    assert time.monotonic() - t0 < 1.5 and len(calls) == 2


def test_a_dripping_response_hits_the_deadline(threaded: HTTPServer) -> None:
    allow_all(threaded)

    def drip(_req: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(20):
                time.sleep(0.05)
                yield b"x" * 10

        return Response(body(), content_type="text/html")

    threaded.expect_request("/drip").respond_with_handler(drip)
    with fast(timeout=1.0, deadline=0.3, retries=0) as f:
        r = f.get(threaded.url_for("/drip"))
    assert r.error == "timed out (response took over 0.3 s)" and r.retryable


def test_a_declared_huge_page_is_refused_unread(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    httpserver.expect_request("/huge").respond_with_data(b"<p>" + b"x" * (6 * 1024 * 1024), content_type="text/html")
    r = fetcher.get(httpserver.url_for("/huge"))  # the default limit, 5 MB
    assert r.error == "response is 6.0 MB, over the 5.0 MB limit" and not r.retryable and r.body == b""


def test_a_streamed_huge_page_is_cut_off(httpserver: HTTPServer) -> None:
    allow_all(httpserver)

    def endless(_req: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(1000):
                yield b"y" * 65536  # 64 MB if read to the end; no Content-Length

        return Response(body(), content_type="text/html")

    httpserver.expect_request("/stream").respond_with_handler(endless)
    with fast(max_bytes=256 * 1024) as f:
        r = f.get(httpserver.url_for("/stream"))
    assert r.error == "response is over the 256 KB limit (stopped reading)" and r.body == b""


def test_redirects_are_followed_to_their_end(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("<p>here</p>", content_type="text/html")
    r = fetcher.get(httpserver.url_for("/old"))
    assert r.ok and r.body == b"<p>here</p>" and r.url == httpserver.url_for("/old")
    assert r.final_url == httpserver.url_for("/new")


def test_a_redirect_loop_and_a_long_chain_are_named(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    for i in range(10):
        httpserver.expect_request(f"/hop{i}").respond_with_data("", status=307, headers={"Location": f"/hop{i + 1}"})
    loop = fetcher.get(httpserver.url_for("/a"))
    a, b = httpserver.url_for("/a"), httpserver.url_for("/b")
    assert loop.error == f"redirect loop: {a} -> {b} -> {a}"
    chain = fetcher.get(httpserver.url_for("/hop0"))
    assert chain.error == "too many redirects (over 5)" and requests_to(httpserver, "/hop5") == 1
    assert requests_to(httpserver, "/hop6") == 0


def test_robots_txt_is_honoured_and_read_once(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    # the group naming strikewatch is the one that applies to it (RFC 9309), not the "*" group
    allow_all(httpserver, "User-agent: *\nDisallow: /\n\nUser-agent: strikewatch\nDisallow: /private/\n"
                          "Disallow: /no-bots/\n")
    httpserver.expect_request("/news/1").respond_with_data("<p>ok</p>", content_type="text/html")
    assert fetcher.get(httpserver.url_for("/news/1")).ok
    for path in ("/private/memo", "/no-bots/x"):
        r = fetcher.get(httpserver.url_for(path))
        assert r.error == "disallowed by robots.txt" and not r.retryable
        assert requests_to(httpserver, path) == 0
    assert fetcher.allowed(httpserver.url_for("/private/memo")) == "disallowed by robots.txt"
    assert requests_to(httpserver, "/robots.txt") == 1  # cached per host


def test_a_redirect_into_a_disallowed_path_is_not_followed(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver, "User-agent: *\nDisallow: /private/\n")
    httpserver.expect_request("/go").respond_with_data("", status=302, headers={"Location": "/private/x"})
    r = fetcher.get(httpserver.url_for("/go"))
    assert r.error == "disallowed by robots.txt" and requests_to(httpserver, "/private/x") == 0


def test_missing_robots_allows_and_broken_robots_refuses(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/p").respond_with_data("<p>ok</p>", content_type="text/html")
    with fast() as f:
        assert f.get(httpserver.url_for("/p")).ok
    httpserver.clear()
    httpserver.expect_request("/robots.txt").respond_with_data("", status=503)
    httpserver.expect_request("/p").respond_with_data("<p>ok</p>", content_type="text/html")
    with fast() as f:
        r = f.get(httpserver.url_for("/p"))
    assert r.error is not None and r.error.startswith("robots.txt unreachable (HTTP 503")
    assert requests_to(httpserver, "/p") == 0


def test_per_host_delay_spaces_requests(httpserver: HTTPServer) -> None:
    allow_all(httpserver)
    httpserver.expect_request("/p").respond_with_data("<p>ok</p>", content_type="text/html")
    with fast(host_delay=0.15) as f:
        f.get(httpserver.url_for("/p"))  # robots.txt, then the page
        t0 = time.monotonic()
        for _ in range(3):
            assert f.get(httpserver.url_for("/p")).ok
        assert time.monotonic() - t0 >= 0.44


def test_crawl_delay_lengthens_the_host_delay(httpserver: HTTPServer) -> None:
    allow_all(httpserver, "User-agent: *\nCrawl-delay: 1\n")
    httpserver.expect_request("/p").respond_with_data("<p>ok</p>", content_type="text/html")
    with fast() as f:
        f.get(httpserver.url_for("/p"))
        t0 = time.monotonic()
        f.get(httpserver.url_for("/p"))
        assert time.monotonic() - t0 >= 0.9


def test_a_refused_connection_is_named_and_not_retried() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed when the block ends: nothing listens there
    waits: list[float] = []
    with fast(sleep=waits.append) as f:
        r = f.get(f"http://127.0.0.1:{port}/x")
    assert r.error is not None and r.error.startswith("cannot connect:") and not waits


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://News.Example.ORG:443/a/b?utm_source=rss&utm_medium=feed&id=7#comments",
         "https://news.example.org/a/b?id=7"),
        ("http://example.org/story?fbclid=IwAR0&gclid=xyz", "http://example.org/story"),
        ("http://example.org/story?b=2&a=1&utm_campaign=x", "http://example.org/story?a=1&b=2"),
        ("http://127.0.0.1:8080/p/1?mc_cid=1&igshid=2", "http://127.0.0.1:8080/p/1"),
    ],
)
def test_canonical_urls_drop_trackers_and_fragments(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
    assert url_article_id(url) == url_article_id(canonical)


def test_an_article_page_becomes_an_article(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    httpserver.expect_request("/news/strike").respond_with_data(page(3, "2026-03-02"), content_type="text/html")
    url = httpserver.url_for("/news/strike") + "?utm_source=twitter"
    a = fetch_article(url, fetcher, source="The Example Ledger")
    assert not isinstance(a, PageError)
    assert a.id == url_article_id(httpserver.url_for("/news/strike"))
    assert a.url == httpserver.url_for("/news/strike")
    assert a.published == "2026-03-02" and a.published_from == "html"
    assert story(3)[1].split("\n\n")[0] in a.text and a.title == story(3)[0]


def test_pages_that_give_no_article(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    httpserver.expect_request("/doc.pdf").respond_with_data(b"%PDF-1.7", content_type="application/pdf")
    httpserver.expect_request("/empty").respond_with_data("<html><head><title>x</title></head><body></body></html>",
                                                          content_type="text/html")
    pdf = fetch_article(httpserver.url_for("/doc.pdf"), fetcher)
    assert isinstance(pdf, PageError) and pdf.reason == "not an HTML page (application/pdf)" and not pdf.retryable
    empty = fetch_article(httpserver.url_for("/empty"), fetcher)
    assert isinstance(empty, PageError) and empty.reason == "no article text found in HTML"


def test_a_feed_date_fills_a_page_without_one(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    allow_all(httpserver)
    html = page(1).replace('<meta property="article:published_time" content="2026-03-04">', "")
    httpserver.expect_request("/undated").respond_with_data(html, content_type="text/html")
    a = fetch_article(httpserver.url_for("/undated"), fetcher, published="2026-02-27T08:00:00+00:00")
    assert not isinstance(a, PageError) and a.published == "2026-02-27" and a.published_from == "feed"


def test_ingest_fetches_web_pages_beside_files(httpserver: HTTPServer, tmp_path: Path) -> None:
    allow_all(httpserver, "User-agent: *\nDisallow: /private/\n")
    httpserver.expect_request("/news/1").respond_with_data(page(0), content_type="text/html")
    httpserver.expect_request("/news/2").respond_with_data(b"%PDF", content_type="application/pdf")
    (tmp_path / "local.txt").write_text("Title: Bus drivers rally\nDate: 2026-03-03\n\n"
                                        "Members of the Lakeside Bus Drivers Union rallied outside city hall on "
                                        "Monday to demand a new contract.\n")
    db = tmp_path / "sw.db"
    runner = CliRunner()
    args = ["ingest", str(tmp_path / "local.txt"), httpserver.url_for("/news/1"), httpserver.url_for("/news/2"),
            httpserver.url_for("/private/x"), "--db", str(db)]
    r = runner.invoke(app, args)
    assert r.exit_code == 1, r.output
    assert r.stdout.splitlines()[0] == "read 2, stored 2, updated 0, unchanged 0, failed 2"
    assert r.stderr.splitlines() == [
        f"error: {httpserver.url_for('/news/2')}: not an HTML page (application/pdf)",
        f"error: {httpserver.url_for('/private/x')}: disallowed by robots.txt",
    ]
    with open_store(db) as store:
        a = store.article(url_article_id(httpserver.url_for("/news/1")))
        assert a is not None and a["url"] == httpserver.url_for("/news/1")
        assert any(e["type"] == "strike" for e in store.events())
    again = runner.invoke(app, args)
    assert again.stdout.splitlines()[0] == "read 2, stored 0, updated 0, unchanged 2, failed 2"
