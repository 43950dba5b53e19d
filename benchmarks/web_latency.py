"""Latency of the events page and /api/events over a database of 100,000 generated events.

Builds (once, or with --rebuild) a store whose linked layer holds N generated events
(types, statuses, dates 2015-2026, states, unions, employers, industries, with
articles in the full-text index), serves it with uvicorn on a loopback port, and
times requests with filters over HTTP. Prints p50/p95/max per query and, last, JSON:
{"events": N, "p95_ms_max": ..., "queries": {...}}.

    python benchmarks/web_latency.py [--events 100000] [--requests 40] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from strikewatch.model import EVENT_TYPES, STATUSES
from strikewatch.store import open_store
from strikewatch.web import create_app

STATES = ["CA", "NY", "TX", "IL", "WA", "OH", "PA", "MI", "MA", "NJ", "MN", "OR", "CO", "FL", "GA", "NC", "VA",
          "AZ", "WI", "MO", "IN", "TN", "MD", "KY", "LA", "CT", "NV", "UT", "IA", "KS"]
INDUSTRIES = ["education", "health care", "transportation", "manufacturing", "retail and food",
              "public administration", None]
# article text: a Zipf-distributed vocabulary of 3,000 words, with labor words at ranks from
# common ("workers", rank 5) to rare ("pension", rank 400), as in news text
LABOR_RANKS = {"workers": 5, "union": 8, "strike": 12, "contract": 20, "wages": 40, "teachers": 60,
               "nurses": 80, "picket": 150, "staffing": 250, "pension": 400, "mediation": 900}


def vocabulary() -> tuple[list[str], list[float]]:
    words = [f"w{i}" for i in range(3000)]
    for w, r in LABOR_RANKS.items():
        words[r - 1] = w
    return words, [1 / (r + 1) for r in range(len(words))]

QUERIES = {
    "page: all": "/events",
    "page: type=strike": "/events?type=strike",
    "page: state+type+since": "/events?state=CA&type=strike&since=2023-01",
    "page: union contains": "/events?union=Local+12",
    "page: full-text": "/events?q=pension",
    "page: full-text, common word": "/events?q=picket",
    "page: sort by state, page 50": "/events?sort=state&order=asc&page=50",
    "api: all": "/api/events",
    "api: status+industry": "/api/events?status=ongoing&industry=health+care",
    "api: employer contains": "/api/events?employer=Metro+7",
    "api: full-text+type": "/api/events?q=teachers+wages&type=strike",
    "api: full-text, common word": "/api/events?q=workers",
    "api: full-text, common word+type": "/api/events?q=workers&type=strike",
    "page: full-text, common word, by state, page 20": "/events?q=workers&sort=state&order=asc&page=20",
    "api: dates": "/api/events?since=2020-03&until=2020-06",
}


def build(db: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    n_articles = max(1, n // 5)
    words, weights = vocabulary()
    texts: dict[str, str] = {}
    with open_store(db) as s:
        c = s._conn
        c.execute("BEGIN")
        for a in range(n_articles):
            aid = f"gen-{a}"
            text = texts[aid] = " ".join(rng.choices(words, weights, k=120))
            c.execute(
                "INSERT INTO articles (id, title, published, text, content_hash, ingested_at, is_labor,"
                " extractor_version) VALUES (?, ?, ?, ?, ?, ?, 1, 'bench')",
                (aid, f"Generated article {a}", "2024-01-01", text, f"h{a}", f"2026-01-01T00:{a % 60:02d}:00"),
            )
        for i in range(n):
            y, m, d = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
            start = f"{y}-{m:02d}-{d:02d}"
            etype, status = rng.choice(EVENT_TYPES), rng.choice(STATUSES)
            union = f"Workers Union Local {rng.randint(1, 2000)}"
            employer = f"{rng.choice(['Metro', 'Health', 'Schools', 'Foods', 'Air'])} {rng.randint(1, 3000)}"
            state = rng.choice(STATES)
            ind = rng.choice(INDUSTRIES)
            eid = f"ev-{i:08d}"
            article = f"gen-{rng.randrange(n_articles)}"
            data = {"event_id": eid, "dispute_id": f"d-{i // 4}", "type": etype, "status": status,
                    "start_date": start, "end_date": None, "unions": [{"name": union, "aliases": []}],
                    "employers": [{"name": employer, "aliases": []}],
                    "location": {"city": None, "state": state, "country": "US"}, "participants": rng.randint(10, 5000),
                    "unit_size": None, "demands": [], "industry": ind,
                    "mentions": [{"article": article, "evidence": ["A generated sentence."]}]}
            if i % 4 == 0:  # one dispute for each four events (their foreign key)
                c.execute("INSERT INTO disputes (id, title, stage, watch, first_date, last_date, n_events, data)"
                          " VALUES (?, ?, 'open', 0, ?, ?, 4, '{}')", (data["dispute_id"], union, start, start))
            # the mention behind the event (event_mentions points at it)
            c.execute("INSERT INTO mentions (article_id, idx, type, status, start_date, location_state, data)"
                      " VALUES (?, ?, ?, ?, ?, ?, '{}')", (article, i, etype, status, start, state))
            rowid = c.execute(
                "INSERT INTO events (id, dispute_id, type, status, start_date, location_state, industry,"
                " unions, employers, participants, n_mentions, first_seen, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                (eid, data["dispute_id"], etype, status, start, state, ind, union, employer, data["participants"],
                 f"2026-01-01T{i % 24:02d}:00:00", json.dumps(data)),
            ).lastrowid
            c.execute("INSERT INTO event_mentions (event_id, article_id, idx) VALUES (?, ?, ?)", (eid, article, i))
            c.execute("INSERT INTO events_fts (rowid, text) VALUES (?, ?)", (rowid, texts[article]))
        c.execute("COMMIT")
        c.execute("ANALYZE")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=40, help="timed requests per query (default 40)")
    ap.add_argument("--db", type=Path, default=Path("bench-web.db"))
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    if args.rebuild or not args.db.exists():
        args.db.unlink(missing_ok=True)
        t0 = time.perf_counter()
        build(args.db, args.events)
        print(f"built {args.db} with {args.events} events in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    with open_store(args.db) as s:
        n = s._conn.execute("SELECT count(*) FROM events").fetchone()[0]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    results = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        for name, url in QUERIES.items():
            r = client.get(url)  # warm
            assert r.status_code == 200, (url, r.status_code, r.text[:200])
            times = []
            for _ in range(args.requests):
                t0 = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
            results[name] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
                             "max_ms": round(times[-1], 1)}
            print(f"{name:<48} p50 {results[name]['p50_ms']:7.1f} ms   p95 {p95:7.1f} ms   max {times[-1]:7.1f} ms")
    server.should_exit = True
    thread.join(timeout=10)
    worst = max(v["p95_ms"] for v in results.values())
    print(json.dumps({"events": n, "p95_ms_max": worst, "queries": results}))


if __name__ == "__main__":
    main()
