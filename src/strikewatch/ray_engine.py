"""Extraction on a Ray cluster with Ray Data (``strikewatch ingest --engine ray``).

The articles are streamed into Parquet shards, Ray Data reads them, runs the same
extractor (:func:`strikewatch.extract.pipeline.extract_many`) over batches on the
cluster's workers, and writes the records to Parquet; the caller then stores them
(one writer, as with local workers). The cluster is the one at ``address``, else
``RAY_ADDRESS``, else a local one started for the run and stopped after it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from strikewatch.model import Article, Record

SHARD_ARTICLES = 512


def _write_shards(articles: Iterable[Article], folder: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    n = shard = 0
    rows: list[str] = []

    def flush() -> None:
        nonlocal shard, rows
        if rows:
            pq.write_table(pa.table({"seq": list(range(n - len(rows), n)), "article": rows}),
                           folder / f"part-{shard:06d}.parquet")
            shard += 1
            rows = []

    for a in articles:
        d = a.to_dict()
        d["path"], d["published_from"] = a.path, a.published_from
        rows.append(json.dumps(d, ensure_ascii=False))
        n += 1
        if len(rows) >= SHARD_ARTICLES:
            flush()
    flush()
    return n


def _article(d: dict[str, Any]) -> Article:
    a = Article.from_dict(d)
    a.path, a.published_from = d.get("path"), d.get("published_from")
    return a


def extract_batch(batch: Any) -> Any:
    """Ray Data batch function: articles (JSON) in, records (JSON) or errors out, per row."""
    import pyarrow as pa

    from strikewatch.extract.pipeline import extract_article, extract_many

    payloads = batch.column("article").to_pylist()
    articles = []
    for p in payloads:
        articles.append(_article(json.loads(p)))
    records: list[str | None] = []
    errors: list[str | None] = []
    try:
        out = list(extract_many(articles))
        records = [json.dumps(r.to_dict(), ensure_ascii=False) for r in out]
        errors = [None] * len(articles)
    except Exception:  # find the article that fails, and keep the others
        for a in articles:
            try:
                records.append(json.dumps(extract_article(a).to_dict(), ensure_ascii=False))
                errors.append(None)
            except Exception as e:
                records.append(None)
                errors.append(f"extraction failed: {type(e).__name__}: {e}")
    return pa.table({"seq": batch.column("seq"), "article": payloads, "record": records, "error": errors})


def extract_ray(
    articles: Iterable[Article], address: str | None = None, work_dir: str | Path | None = None,
    batch_size: int = 16,
) -> Iterator[tuple[Article, Record | None, str | None]]:
    """(article, record or None, error or None) for every article, extracted on a Ray cluster, in input order."""
    import pyarrow.parquet as pq
    import ray

    address = address or os.environ.get("RAY_ADDRESS") or None
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="strikewatch-ray-") as tmp:
        inp, out = Path(tmp) / "articles", Path(tmp) / "records"
        n = _write_shards(articles, inp)
        if n == 0:
            return
        started = not ray.is_initialized()
        if started:
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(include_dashboard=False, log_to_driver=False, num_cpus=os.cpu_count() or 1)
        try:
            ds = ray.data.read_parquet(str(inp))
            ds = ds.map_batches(extract_batch, batch_size=batch_size, batch_format="pyarrow")
            ds.write_parquet(str(out))
        finally:
            if started:
                ray.shutdown()
        rows: list[dict[str, Any]] = []
        for f in sorted(out.glob("*.parquet")):
            rows.extend(pq.read_table(f).to_pylist())
        rows.sort(key=lambda r: r["seq"])
        for r in rows:
            art = _article(json.loads(r["article"]))
            rec = Record.from_dict(json.loads(r["record"])) if r["record"] else None
            yield art, rec, r["error"]
