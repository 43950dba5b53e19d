"""Ingestion at scale: articles per second with 1 and 2 workers, and peak memory on a large input.

    python benchmarks/ingest_scale.py workers [--articles 400]
        dev corpus articles (repeated, with new ids) ingested into fresh SQLite files with
        --workers 1 and --workers 2 in this run; prints both rates and their ratio.
    python benchmarks/ingest_scale.py memory [--gb 1.0] [--workers 2]
        writes a JSON Lines input of that size (labor articles from the dev corpus among
        generated news on other subjects, 1 in 20), ingests it, and prints the peak RSS of
        the writer and of the largest worker.
    python benchmarks/ingest_scale.py ray [--articles 600]
        the same articles through the local engine (2 workers) and the Ray engine (a local Ray
        cluster started for the run, included in its time) in this run; prints both rates.
    python benchmarks/ingest_scale.py generated [--articles 100000] [--workers 2] [--db postgresql:///x]
        ingests that many generated articles (the same mix) into a fresh SQLite file (or the
        given, empty, store) and prints the time, articles per second and the per-core rate.

The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from strikewatch.ingest import ingest_paths
from strikewatch.model import Article
from strikewatch.read import read_paths
from strikewatch.store import open_store

ROOT = Path(__file__).resolve().parents[1]
FILLER = ("The city council met on Tuesday to discuss the budget for parks and roads. Residents asked "
          "about new bike lanes, and the mayor said a vote would come next month. The weather service "
          "expects rain through the weekend, with cooler temperatures by Monday. ")


def dev_articles() -> list[Article]:
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    src = dev if dev.is_dir() else ROOT / "examples" / "articles"
    return [a for a in read_paths([src]) if isinstance(a, Article)]


def write_jsonl(path: Path, base: list[Article], n: int | None = None, size: int | None = None,
                labor_share: float = 1.0, seed: int = 3) -> int:
    rng = random.Random(seed)
    written = count = 0
    with open(path, "w", encoding="utf-8") as fh:
        while (n is not None and count < n) or (size is not None and written < size):
            if rng.random() < labor_share:
                a = base[count % len(base)]
                d = {"id": f"{a.id}#{count}", "published": a.published, "title": a.title, "text": a.text}
            else:
                d = {"id": f"filler#{count}", "published": "2025-05-05", "title": "City news",
                     "text": FILLER * rng.randint(8, 30)}
            line = json.dumps(d) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            count += 1
    return count


def run_ingest(jsonl: Path, db: Path | str, workers: int) -> tuple[float, int]:
    with open_store(db) as store:
        t0 = time.perf_counter()
        # the inputs repeat the corpus's texts under new ids: each stands for an article of its own
        summary = ingest_paths([jsonl], store, workers=workers, dedupe=False)
        return time.perf_counter() - t0, summary.stored


def workers_cmd(args: argparse.Namespace) -> None:
    from strikewatch.extract.pipeline import warm

    base = dev_articles()
    warm()  # one-time loading is not throughput: both runs start with the model and gazetteer loaded
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "in.jsonl"
        n = write_jsonl(jsonl, base, n=args.articles)
        rates = {}
        for w in (1, 2):
            secs, stored = run_ingest(jsonl, Path(tmp) / f"w{w}.db", w)
            assert stored == n
            rates[w] = n / secs
            print(f"{w} worker(s): {n} articles in {secs:.1f} s, {rates[w]:.1f} articles/s")
    ratio = rates[2] / rates[1]
    print(json.dumps({"articles": n, "articles_per_s_1": round(rates[1], 2), "articles_per_s_2": round(rates[2], 2),
                      "ratio": round(ratio, 2)}))


def memory_cmd(args: argparse.Namespace) -> None:
    base = dev_articles()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        jsonl = Path(tmp) / "big.jsonl"
        size = int(args.gb * 1024**3)
        t0 = time.perf_counter()
        n = write_jsonl(jsonl, base, size=size, labor_share=0.05)
        print(f"wrote {jsonl.stat().st_size / 1024**3:.2f} GB, {n} articles in {time.perf_counter() - t0:.0f} s",
              file=sys.stderr)
        secs, stored = run_ingest(jsonl, Path(tmp) / "big.db", args.workers)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{stored} articles in {secs:.0f} s ({stored / secs:.0f}/s); peak RSS: writer {own:.0f} MiB, "
          f"largest worker {kids:.0f} MiB")
    print(json.dumps({"input_gb": args.gb, "articles": stored, "seconds": round(secs, 1),
                      "peak_rss_mib_writer": round(own), "peak_rss_mib_worker": round(kids)}))


def ray_cmd(args: argparse.Namespace) -> None:
    from strikewatch.extract.pipeline import warm

    base = dev_articles()
    warm()
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "in.jsonl"
        n = write_jsonl(jsonl, base, n=args.articles)
        for engine in ("local", "ray"):
            with open_store(Path(tmp) / f"{engine}.db") as store:
                t0 = time.perf_counter()
                summary = ingest_paths([jsonl], store, workers=2, engine=engine, dedupe=False)
                secs = time.perf_counter() - t0
            assert summary.stored == n
            rates[engine] = n / secs
            print(f"{engine}: {n} articles in {secs:.1f} s, {rates[engine]:.1f} articles/s")
    print(json.dumps({"articles": n, "local_2_workers_per_s": round(rates["local"], 2),
                      "ray_local_cluster_per_s": round(rates["ray"], 2),
                      "ratio_ray_to_local": round(rates["ray"] / rates["local"], 2)}))


def generated_cmd(args: argparse.Namespace) -> None:
    from strikewatch.extract.pipeline import warm

    base = dev_articles()
    warm()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        jsonl = Path(tmp) / "gen.jsonl"
        write_jsonl(jsonl, base, n=args.articles, labor_share=0.05)
        secs, stored = run_ingest(jsonl, args.db or Path(tmp) / "gen.db", args.workers)
    rate = stored / secs
    per_core = rate / args.workers
    per_day = 1_000_000 / 86_400
    print(f"{stored} articles in {secs:.0f} s: {rate:.0f} articles/s with {args.workers} workers "
          f"({per_core:.0f} per core); one million a day needs {per_day / per_core:.2f} cores at this mix")
    print(json.dumps({"store": "postgresql" if args.db else "sqlite", "articles": stored, "workers": args.workers,
                      "seconds": round(secs, 1),
                      "articles_per_s": round(rate, 1), "per_core": round(per_core, 1),
                      "cores_for_1m_per_day": round(per_day / per_core, 2)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("workers")
    w.add_argument("--articles", type=int, default=400)
    m = sub.add_parser("memory")
    m.add_argument("--gb", type=float, default=1.0)
    m.add_argument("--workers", type=int, default=2)
    m.add_argument("--tmp", default=None, help="where to write the input and the database")
    r = sub.add_parser("ray")
    r.add_argument("--articles", type=int, default=600)
    g = sub.add_parser("generated")
    g.add_argument("--articles", type=int, default=100_000)
    g.add_argument("--workers", type=int, default=2)
    g.add_argument("--tmp", default=None)
    g.add_argument("--db", default=None, help="a store to fill instead of a fresh SQLite file, "
                                              "e.g. postgresql:///bench (an empty database)")
    args = ap.parse_args()
    {"workers": workers_cmd, "memory": memory_cmd, "generated": generated_cmd, "ray": ray_cmd}[args.cmd](args)


if __name__ == "__main__":
    main()
