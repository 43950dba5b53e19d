"""Extraction throughput vs. the full spaCy English pipeline on the same text.

Reads the dev corpus (../shared/corpus/dev, or the bundled examples when it is
absent), repeats it to at least 2 MB of text, and times in one process:

* strikewatch's extractor, ``extract_many`` (regex stages first; only sentences that
  can hold a labor event meet the model, parsed in batches across articles), and
* the baseline: the full spaCy English pipeline (``nlp.pipe``) over the same texts.

The last line printed is JSON: articles_per_s, words_per_s, baseline_words_per_s, ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy

from strikewatch.extract.nlp import MODEL_NAMES, load_nlp
from strikewatch.extract.pipeline import extract_article, extract_many
from strikewatch.model import Article
from strikewatch.read import read_paths

ROOT = Path(__file__).resolve().parents[1]


def corpus(min_bytes: int) -> list[Article]:
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    src = dev if dev.is_dir() else ROOT / "examples" / "articles"
    base = [a for a in read_paths([src]) if isinstance(a, Article)]
    if not base:
        sys.exit(f"no articles found in {src}")
    out: list[Article] = []
    size = 0
    i = 0
    while size < min_bytes:
        a = base[i % len(base)]
        out.append(Article(id=f"{a.id}#{i}", text=a.text, published=a.published, title=a.title))
        size += len(a.text.encode("utf-8"))
        i += 1
    print(f"corpus: {src} ({len(base)} articles) repeated to {len(out)} articles, {size / 1e6:.2f} MB")
    return out


def _ours(arts: list[Article]) -> float:
    t0 = time.perf_counter()
    for _ in extract_many(arts):
        pass
    return time.perf_counter() - t0


def _baseline(full: spacy.language.Language, arts: list[Article]) -> float:
    t0 = time.perf_counter()
    for _ in full.pipe((a.text for a in arts), batch_size=64):
        pass
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=2.0, help="megabytes of text (default 2)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="timed runs of each side, interleaved; the fastest of each counts (default 2)")
    args = ap.parse_args()
    arts = corpus(int(args.mb * 1_000_000))
    words = sum(len(a.text.split()) for a in arts)
    load_nlp()
    extract_article(arts[0])  # warm up: model and lookup tables loaded once
    full = None
    for name in MODEL_NAMES:
        try:
            full = spacy.load(name)
            break
        except OSError:
            continue
    assert full is not None
    list(full.pipe([arts[0].text]))
    # interleaved and best-of-N, as timeit does: the machine's noise slows runs, never speeds them
    ours_runs, base_runs = [], []
    for _ in range(max(1, args.repeat)):
        ours_runs.append(_ours(arts))
        base_runs.append(_baseline(full, arts))
    ours, base = min(ours_runs), min(base_runs)
    print(f"runs (s): ours {[round(x, 2) for x in ours_runs]}, baseline {[round(x, 2) for x in base_runs]}")

    result = {
        "articles": len(arts),
        "words": words,
        "seconds": round(ours, 3),
        "baseline_seconds": round(base, 3),
        "articles_per_s": round(len(arts) / ours, 2),
        "words_per_s": round(words / ours, 1),
        "baseline_words_per_s": round(words / base, 1),
        "ratio": round(base / ours, 2),
    }
    print(f"strikewatch: {result['words_per_s']:.0f} words/s; full spaCy pipeline: {result['baseline_words_per_s']:.0f} words/s")
    print(json.dumps({k: result[k] for k in ("articles_per_s", "words_per_s", "baseline_words_per_s", "ratio")}))


if __name__ == "__main__":
    main()
