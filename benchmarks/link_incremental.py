"""Time to link one new article, incrementally and by a full relink, as the store grows.

For each size, builds a store of invented records (tests/_synthetic.py: disputes told by
several articles, national unions with many locals, namesakes, parties named in part or
generically) holding about N linked events, then stores new articles one at a time and
times ``relink_changed`` (only the part of the store the article can reach is linked again)
against ``relink`` (everything) in the same process. Prints per size: events, p50/p95 of the
incremental step, the articles it linked again, the full relink, and the ratio; last, JSON.

    python benchmarks/link_incremental.py [--events 1000 10000 100000] [--new 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _synthetic import synthetic_items  # noqa: E402

from strikewatch.store import open_store  # noqa: E402

EVENTS_PER_ARTICLE = 1.3  # measured on the invented records: linked events per stored article


def run(n_events: int, n_new: int, seed: int, work: Path) -> dict[str, float]:
    n_articles = int(n_events / EVENTS_PER_ARTICLE)
    items = synthetic_items(n_articles + n_new, seed=seed)
    old, new = items[:n_articles], items[n_articles:]
    s = open_store(work / f"link-{n_events}.db")
    t = time.perf_counter()
    for a, r in old:
        s.save(a, r)
    s.relink()
    build = time.perf_counter() - t
    events = s._linked_totals()["events"]
    steps, reached = [], []
    for a, r in new:
        s.save(a, r)
        t = time.perf_counter()
        out = s.relink_changed()
        steps.append(time.perf_counter() - t)
        reached.append(out.get("mentions", 0))
    t = time.perf_counter()
    s.relink()
    full = time.perf_counter() - t
    s.close()
    steps.sort()
    p95 = steps[min(len(steps) - 1, int(0.95 * len(steps)))]
    return {"events": events, "articles": n_articles, "build_s": round(build, 1),
            "incremental_p50_s": round(statistics.median(steps), 4), "incremental_p95_s": round(p95, 4),
            "reached_median": statistics.median(reached), "reached_max": max(reached),
            "full_relink_s": round(full, 3), "ratio_full_over_p50": round(full / statistics.median(steps), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--new", type=int, default=20, help="new articles timed at each size")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    out = []
    with tempfile.TemporaryDirectory() as d:
        for n in args.events:
            r = run(n, args.new, args.seed, Path(d))
            out.append(r)
            print(f"{r['events']:>7} events: incremental p50 {r['incremental_p50_s'] * 1000:8.1f} ms, "
                  f"p95 {r['incremental_p95_s'] * 1000:8.1f} ms (mentions linked again: median "
                  f"{r['reached_median']:.0f}, max {r['reached_max']}); full relink {r['full_relink_s']:8.2f} s; "
                  f"ratio {r['ratio_full_over_p50']}x", flush=True)
    print(json.dumps({"sizes": out}))


if __name__ == "__main__":
    main()
