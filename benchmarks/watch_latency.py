"""Latency of the live path: from an item's publication in a feed to its event in the store, and to its alert.

A feed server (``http.server`` in a process of its own, on loopback) serves N RSS feeds
that are empty at the start; over ``--duration`` seconds it publishes ``--items`` invented
strike reports, each in one feed at a set moment (its ``pubDate``), its page appearing with
it. The feeds answer conditional GETs (ETag: 304 while nothing is new). ``strikewatch.watch``
polls every feed every ``--interval`` seconds and ingests what is new with the real
extractor (``ingest_items``: extraction, storage, relinking); another thread reads the
store every 0.1 s and notes when each item's event appears (``seen_urls`` joined to
``event_mentions``). Latency is that moment less the publication time. A saved search for
strikes posts to a webhook receiver on loopback, which notes when the first delivery of each
item's event arrives: the alert latency. Prints a table (p50, p95, max, items with an event,
alerted, alert p50/p95) per feed count, then JSON.

All feeds live on one loopback host, so the per-host delay is off and the per-host limit
is the number of workers; robots.txt is read and honoured as always.

    python benchmarks/watch_latency.py [--feeds 10 100 1000] [--interval 2] [--duration 30] [--quick]

``--quick`` publishes fewer items over a shorter window (for 1,000 feeds mostly: each
round still polls every feed).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.synchronize import Event as MpEvent
from pathlib import Path

UNIONS = ["Harbor Nurses Guild", "Lakeside Bus Drivers Union", "Valley Teachers Association",
          "Northside Warehouse Workers United", "Copper Mill Steelworkers Local 12", "Riverbend Hotel Workers Union",
          "Granite County Deputies Association", "Bayview Port Clerks Local 8", "Summit Grocery Workers Union",
          "Eastfield Library Staff Guild", "Pine Ridge Sanitation Workers Union", "Clearwater Airport Ramp Union"]
EMPLOYERS = ["Harbor General Hospital", "Lakeside Transit Authority", "Valley Unified School District",
             "Northside Logistics", "Copper Mill Works", "Grand Riverbend Hotel", "Granite County",
             "Bayview Terminal Company", "Summit Fresh Markets", "Eastfield Public Library",
             "Pine Ridge Waste Services", "Clearwater Aviation Services"]
CITIES = ["Portland", "Tacoma", "Fresno", "Dayton", "Duluth", "Boise", "Spokane", "Toledo", "Tulsa", "Omaha",
          "Reno", "Eugene"]
DEMANDS = ["higher pay", "safer staffing", "affordable health coverage", "predictable schedules",
           "a fair wage increase", "job security"]
LEADS = [
    "About {n} members of the {union} walked off the job at {employer} in {city} on Monday, demanding {demand}.",
    "Workers represented by the {union} went on strike Monday at {employer} in {city}, where about {n} people "
    "work, after talks over {demand} broke down.",
    "Roughly {n} employees of {employer} in {city} began a strike on Monday, the {union} said, citing {demand}.",
    "The {union} launched a strike against {employer} in {city} on Monday, with about {n} members on picket "
    "lines over {demand}.",
]
BACKGROUND = [
    "Negotiators last met on Friday and left without setting a new date.",
    "A federal mediator has been assigned to the dispute, according to both sides.",
    "The previous agreement expired at the end of January after two extensions.",
    "Management said it had offered raises of {p} percent a year over three years.",
    "Union leaders said members had worked without a raise for almost {y} years.",
    "Several local officials visited the picket line on the first morning.",
    "The employer said replacement staff would keep most services running.",
    "Members voted to authorize the walkout earlier this month, {v} percent in favor.",
    "Customers were told to expect delays while the strike continues.",
    "The union said it would cover lost wages from its strike fund for the first {w} weeks.",
    "Talks have stalled over the length of the contract and the cost of benefits.",
    "A spokesperson for the employer said the company remains committed to bargaining.",
    "Picketers carried signs calling for respect and a fair deal.",
    "The dispute is the first strike at the site in more than {d} years.",
    "Organizers planned a rally outside the main office later in the week.",
    "Both sides said they were willing to return to the table if terms changed.",
    "Residents honked in support as they drove past the entrance.",
    "The company said its latest proposal was fair and in line with the region.",
    "Union stewards said turnover had left about {u} positions unfilled.",
    "Neither side would say when the next bargaining session would take place.",
    "The city's labor council said it would send volunteers to the picket lines.",
    "Managers said the strike had not affected emergency services.",
    "Several workers said they had taken second jobs to pay rent.",
    "The union has filed an unfair labor practice charge with the labor board.",
]


def story(k: int) -> tuple[str, str]:
    """Invented strike report ``k`` (headline, body): names, a number and background drawn for ``k``."""
    rng = random.Random(k)
    union, employer, city = rng.choice(UNIONS), rng.choice(EMPLOYERS), rng.choice(CITIES)
    lead = rng.choice(LEADS).format(n=rng.randint(80, 9000), union=union, employer=employer, city=city,
                                    demand=rng.choice(DEMANDS))
    nums = {"p": rng.randint(2, 6), "y": rng.randint(2, 4), "v": rng.randint(80, 99), "w": rng.randint(2, 8),
            "d": rng.randint(10, 40), "u": rng.randint(20, 300)}
    background = [s.format(**nums) for s in rng.sample(BACKGROUND, 6)]
    body = "\n\n".join([lead, " ".join(background[:3]), " ".join(background[3:])])
    return f"{union} strikes at {employer} (report {k})", body


def page(k: int, published: float) -> bytes:
    title, body = story(k)
    day = time.strftime("%Y-%m-%d", time.gmtime(published))
    paras = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta property="article:published_time" content="{day}"></head><body><article>'
            f"<h1>{escape(title)}</h1>{paras}</article></body></html>").encode()


# ---------- the feed server (a process of its own) ----------


def serve(port: int, schedule: list[tuple[int, int, float]], ready: MpEvent) -> None:
    """Serve /robots.txt, /feed/<i>.xml (the items of feed i published so far, the latest 20)
    and /a/<k>.html (item k, once published)."""
    by_feed: dict[int, list[tuple[int, float]]] = {}
    when: dict[int, float] = {}
    for feed, k, at in schedule:
        by_feed.setdefault(feed, []).append((k, at))
        when[k] = at
    base = f"http://127.0.0.1:{port}"
    feed_rx, page_rx = re.compile(r"^/feed/(\d+)\.xml$"), re.compile(r"^/a/(\d+)\.html$")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: object) -> None:
            pass

        def send(self, status: int, body: bytes = b"", ctype: str = "text/plain", etag: str | None = None) -> None:
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            now = time.time()
            if self.path == "/robots.txt":
                return self.send(200, b"User-agent: *\nAllow: /\n")
            m = feed_rx.match(self.path)
            if m:
                items = [(k, at) for k, at in by_feed.get(int(m.group(1)), []) if at <= now]
                tag = f'"{len(items)}"'
                if self.headers.get("If-None-Match") == tag:
                    return self.send(304, etag=tag)
                entries = "".join(
                    f"<item><title>{escape(story(k)[0])}</title><link>{base}/a/{k}.html?utm_source=rss</link>"
                    f"<guid>{base}/a/{k}.html</guid><pubDate>{formatdate(at, usegmt=True)}</pubDate></item>"
                    for k, at in sorted(items, key=lambda x: -x[1])[:20]
                )
                body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>feed '
                        f"{m.group(1)}</title><link>{base}/</link><description>labor</description>{entries}"
                        f"</channel></rss>").encode()
                return self.send(200, body, "application/rss+xml", tag)
            m = page_rx.match(self.path.split("?")[0])
            if m and int(m.group(1)) in when and when[int(m.group(1))] <= now:
                return self.send(200, page(int(m.group(1)), when[int(m.group(1))]), "text/html; charset=utf-8")
            return self.send(404, b"not found")

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    ready.set()
    server.serve_forever()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------- one run ----------


def run(feeds: int, items: int, interval: float, duration: float, workers: int, seed: int = 1) -> dict[str, object]:
    """Publish ``items`` items over ``duration`` seconds across ``feeds`` feeds; watch them; the figures."""
    from strikewatch.fetch import Fetcher
    from strikewatch.store import open_store
    from strikewatch.watch import Source, watch

    rng = random.Random(seed)
    lead = interval + 3.0  # the first round polls every (empty) feed before anything is published
    start = time.time() + lead
    schedule = sorted(((rng.randrange(feeds), k, start + rng.uniform(0, duration)) for k in range(items)),
                      key=lambda x: x[2])
    published = {k: at for _, k, at in schedule}
    port = _free_port()
    ctx = mp.get_context("fork")
    ready = ctx.Event()
    proc = ctx.Process(target=serve, args=(port, schedule, ready), daemon=True)
    proc.start()
    ready.wait(10)
    base = f"http://127.0.0.1:{port}"
    url_of = {f"{base}/a/{k}.html": k for k in published}
    tmp = tempfile.TemporaryDirectory(prefix="sw-watch-bench-")
    db = Path(tmp.name) / "watch.db"
    sources = [Source(f"{base}/feed/{i}.xml", kind="rss", interval=interval) for i in range(feeds)]
    stop = threading.Event()
    result: dict[str, object] = {}

    def watcher() -> None:
        with open_store(db) as store, Fetcher(host_delay=0.0, per_host=workers, timeout=10.0) as fetcher:
            t0 = time.monotonic()
            summary = watch(store, sources, fetcher, stop=stop, workers=workers, tick=0.05)
            result["summary"] = summary.to_dict()
            result["watch_s"] = time.monotonic() - t0

    # a saved search that every strike matches, its webhook a receiver on loopback that notes when
    # each delivery arrives (and the articles of its event)
    alerted: dict[str, float] = {}

    class Receiver(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            now = time.time()
            try:
                event = json.loads(body).get("event") or {}
                for m in event.get("mentions") or []:
                    alerted.setdefault(str(m.get("article")), now)
            except ValueError:
                pass
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    hook = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    hook.daemon_threads = True
    threading.Thread(target=hook.serve_forever, name="webhook", daemon=True).start()
    from strikewatch.alerts import add_alert

    with open_store(db) as s:  # the schema, before the reader looks; the saved search
        add_alert(s, {"type": "strike"}, webhook=f"http://127.0.0.1:{hook.server_address[1]}/hook")
    thread = threading.Thread(target=watcher, name="watcher")
    thread.start()
    seen_at: dict[int, float] = {}
    deadline = start + duration + 4 * interval + 60
    reader = sqlite3.connect(db, timeout=30)
    try:
        while time.time() < deadline and len(seen_at) < items:
            now = time.time()
            rows = reader.execute(
                "SELECT DISTINCT s.url FROM seen_urls s JOIN event_mentions m ON m.article_id = s.article_id"
            ).fetchall()
            for (url,) in rows:
                k = url_of.get(url)
                if k is not None and k not in seen_at:
                    seen_at[k] = now
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(timeout=120)
        reader.close()
        proc.terminate()
        proc.join(timeout=10)
    hook.shutdown()
    with sqlite3.connect(db) as conn:
        article_of = {url_of[u]: a for u, a in conn.execute("SELECT url, article_id FROM seen_urls") if u in url_of}
    lat = sorted(seen_at[k] - published[k] for k in seen_at)
    alert_lat = sorted(alerted[article_of[k]] - published[k] for k in published
                       if article_of.get(k) in alerted)
    summary = result.get("summary", {})
    polls = int(summary.get("polls", 0)) if isinstance(summary, dict) else 0
    watch_s = float(result.get("watch_s", 0.0) or 0.0)
    tmp.cleanup()

    def pct(p: float, xs: list[float]) -> float | None:
        if not xs:
            return None
        return round(xs[min(len(xs) - 1, max(0, int(round(p * len(xs))) - 1))], 2)

    return {
        "feeds": feeds, "items": items, "with_event": len(lat), "interval_s": interval,
        "p50_s": round(statistics.median(lat), 2) if lat else None, "p95_s": pct(0.95, lat),
        "max_s": round(lat[-1], 2) if lat else None,
        "alerted": len(alert_lat), "alert_p50_s": pct(0.5, alert_lat), "alert_p95_s": pct(0.95, alert_lat),
        "polls": polls, "poll_period_s": round(watch_s / max(1, polls / feeds), 2),
        "target_s": 2 * interval + 5,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, nargs="+", default=[10, 100, 1000])
    ap.add_argument("--interval", type=float, default=2.0, help="seconds between two polls of a feed (default 2)")
    ap.add_argument("--duration", type=float, default=None, help="seconds over which items are published")
    ap.add_argument("--items", type=int, default=None, help="items published (default: by feed count)")
    ap.add_argument("--workers", type=int, default=8, help="fetches at a time (default 8)")
    ap.add_argument("--quick", action="store_true", help="fewer items over a shorter window")
    args = ap.parse_args()
    from strikewatch.extract.pipeline import warm

    warm()  # the model is loaded once, before anything is timed (a long-running watch has it loaded)
    results = []
    for n in args.feeds:
        default_items = {10: 30, 100: 100, 1000: 200} if not args.quick else {10: 15, 100: 40, 1000: 60}
        items = args.items or default_items.get(n, max(10, n // 5))
        duration = args.duration or (30.0 if not args.quick else 15.0)
        r = run(n, items, args.interval, duration, args.workers)
        results.append(r)
        print(f"{n} feeds: {r}", file=sys.stderr, flush=True)
    print()
    print(f"{'feeds':>6} {'items':>6} {'with event':>10} {'p50 s':>7} {'p95 s':>7} {'max s':>7} "
          f"{'alerted':>8} {'alert p50':>10} {'alert p95':>10} {'s between polls':>16} {'target p95':>11}")
    for r in results:
        print(f"{r['feeds']:>6} {r['items']:>6} {r['with_event']:>10} {r['p50_s']!s:>7} {r['p95_s']!s:>7} "
              f"{r['max_s']!s:>7} {r['alerted']!s:>8} {r['alert_p50_s']!s:>10} {r['alert_p95_s']!s:>10} "
              f"{r['poll_period_s']!s:>16} {r['target_s']!s:>11}")
    print(json.dumps({"interval_s": args.interval, "runs": results}))


if __name__ == "__main__":
    main()
