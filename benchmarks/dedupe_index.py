"""The cost of syndication detection (strikewatch.dedupe) over a store of many labor articles.

    python benchmarks/dedupe_index.py [--articles 10000] [--words 250]

Fills a fresh SQLite store with that many labor articles (generated text: words drawn
from a Zipf vocabulary of 20,000, so no two are alike), then times, in this process:
the first look-up (the index is built from every stored text), a later batch's first
look-up (the store is unchanged: ids and content hashes only), and one check of a new
article that is no copy and of one that is; and measures the index (its arrays, and the
Python memory it holds). For comparison it builds datasketch's ``MinHashLSH`` with the same
bands from the same signatures. The last line printed is JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from strikewatch import dedupe
from strikewatch.dedupe import BANDS, ROWS, Syndication, Text, signature
from strikewatch.model import Article, Record
from strikewatch.store import open_store


def texts(n: int, n_words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20_000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    return [" ".join(rng.choices(vocab, weights, k=n_words)) + "." for _ in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--words", type=int, default=250)
    args = ap.parse_args()
    body = texts(args.articles + 1, args.words)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dedupe.db"
        with open_store(db) as store:
            t0 = time.perf_counter()
            for i, text in enumerate(body[:-1]):
                a = Article(id=f"a{i:06d}", text=text, source="Generated", published="2026-03-04")
                store.save(a, Record(id=a.id, published=a.published, is_labor=True))
            fill = time.perf_counter() - t0
            noted: list[str | None] = []

            def on_copy(article: Article, outcome: str | None, error: str | None) -> None:
                noted.append(outcome)

            fresh = Article(id="new", text=body[-1])
            signature(Text.of(body[0]).shingles)  # numpy and datasketch loaded: not counted as the index
            dedupe.forget_indexes()
            tracemalloc.start()
            assert Syndication(store, on_copy).hold(fresh) is False
            held, _ = tracemalloc.get_traced_memory()  # what the index holds (traced: slower, not timed)
            tracemalloc.stop()
            dedupe.forget_indexes()
            syn = Syndication(store, on_copy)
            t0 = time.perf_counter()
            assert syn.hold(fresh) is False  # builds the index from every stored text
            build = time.perf_counter() - t0
            index = dedupe._index(store)
            t0 = time.perf_counter()
            assert Syndication(store, on_copy).hold(Article(id="new2", text=body[-1] + " x")) is False
            resync = time.perf_counter() - t0
            reps = 200
            t0 = time.perf_counter()
            for k in range(reps):
                syn.hold(Article(id=f"n{k}", text=body[k % 100] + f" extra words {k} here"[::-1]))
            check_copy = (time.perf_counter() - t0) / reps
            others = texts(reps, args.words, seed=1000)
            t0 = time.perf_counter()
            for k in range(reps):
                syn.hold(Article(id=f"m{k}", text=others[k]))
            check_new = (time.perf_counter() - t0) / reps
            assert noted.count("syndicated") == reps, noted[:5]
        sigs = [signature(Text.of(t).shingles) for t in body[:-1]]
    from datasketch import MinHashLSH

    tracemalloc.start()
    lsh = MinHashLSH(num_perm=dedupe.NUM_PERM, params=(BANDS, ROWS))
    t0 = time.perf_counter()
    for i, sig in enumerate(sigs):
        lsh.insert(f"a{i:06d}", sig)
    lsh_insert = time.perf_counter() - t0
    lsh_mem, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out = {
        "articles": args.articles, "words": args.words, "fill_s": round(fill, 1),
        "first_lookup_builds_index_s": round(build, 2), "later_batch_first_lookup_s": round(resync, 3),
        "check_new_article_ms": round(check_new * 1000, 2), "check_copy_ms": round(check_copy * 1000, 2),
        "index_arrays_mb": round(index.bands.nbytes() / 2**20, 1), "index_python_mb": round(held / 2**20, 1),
        "datasketch_minhashlsh_mb": round(lsh_mem / 2**20, 1), "datasketch_insert_s": round(lsh_insert, 2),
    }
    print(f"{args.articles} stored labor articles of {args.words} words: the first look-up builds the index "
          f"in {build:.2f} s; a later batch's first look-up {resync * 1000:.0f} ms; a check "
          f"{check_new * 1000:.2f} ms (new article), {check_copy * 1000:.2f} ms (a copy, recorded); index "
          f"{out['index_arrays_mb']} MB of arrays, {out['index_python_mb']} MB in all; datasketch MinHashLSH "
          f"{out['datasketch_minhashlsh_mb']} MB, {lsh_insert:.2f} s to insert")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
