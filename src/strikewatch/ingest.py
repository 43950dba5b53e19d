"""Batch runs: read files, extract records, store them, keeping count.

The loops here never stop for one bad input: a file that cannot be read, an
article the extractor chokes on, or a row the store refuses is counted as a
failure (and reported through ``on_failure``) and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strikewatch.dedupe import SYNDICATED, Syndication
from strikewatch.model import Article, Record
from strikewatch.store import STORED, UNCHANGED, UPDATED, Store

ExtractFn = Callable[[Article], Record]
FAILED = "failed"


@dataclass(frozen=True)
class Failure:
    """One input that could not be read, extracted or stored."""

    label: str
    reason: str

    def line(self) -> str:
        return f"error: {self.label}: {self.reason}"


OnFailure = Callable[[Failure], None]


@dataclass
class IngestSummary:
    """What a batch did: articles read, and what became of each."""

    read: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    #: copies of an article already stored (or earlier in the batch), recorded as its sources, not stored
    syndicated: int = 0
    failures: list[Failure] = field(default_factory=list)
    #: after linking the batch: the events, disputes and organizations stored, and how many articles were
    #: linked again (``mentions``); empty when nothing changed
    linked: dict[str, int] = field(default_factory=dict)
    #: what the alerts did after the batch (strikewatch.alerts.dispatch); all 0 without saved searches
    alerts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def line(self) -> str:
        out = (
            f"read {self.read}, stored {self.stored}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "syndicated": self.syndicated,
            "failures": [{"label": f.label, "reason": f.reason} for f in self.failures],
            "linked": dict(self.linked),
            "alerts": dict(self.alerts),
        }


#: called after each input with the running summary, the outcome
#: ("stored", "updated", "unchanged", "syndicated" or "failed") and the input's label
OnProgress = Callable[[IngestSummary, str, str], None]


def article_label(article: Article) -> str:
    """How errors name an article: its file (and id when the file is not named for it), else its id."""
    if article.path:
        if Path(article.path).stem == article.id:
            return article.path
        return f"{article.path} ({article.id})"
    return article.id


def _default_extract(article: Article) -> Record:
    # not ``strikewatch.extract``: importing the subpackage ``strikewatch.extract``
    # rebinds that package attribute from the function to the module
    from strikewatch.extract.pipeline import extract_article

    return extract_article(article)


def read_items(paths: Iterable[str | Path]) -> Iterator[Any]:
    """Articles and read errors from files and directories (``strikewatch.read.read_paths``)."""
    from strikewatch.read import read_paths

    yield from read_paths(paths)


def _read_failure(item: Any) -> Failure:
    path = getattr(item, "path", None)
    reason = getattr(item, "reason", None)
    return Failure(str(path) if path is not None else "?", str(reason) if reason is not None else repr(item))


def _extract_one(article: Article, extract_fn: ExtractFn) -> Record | Failure:
    try:
        return extract_fn(article)
    except Exception as e:  # one bad article must not stop the batch
        return Failure(article_label(article), f"extraction failed: {type(e).__name__}: {e}")


def extract_items(
    items: Iterable[Any],
    on_failure: OnFailure | None = None,
    extract_fn: ExtractFn | None = None,
) -> Iterator[tuple[Article, Record]]:
    """Extract a record from each article in ``items``; read errors and failures go to ``on_failure``."""
    fn = extract_fn or _default_extract
    for item in items:
        if not isinstance(item, Article):
            if on_failure:
                on_failure(_read_failure(item))
            continue
        out = _extract_one(item, fn)
        if isinstance(out, Failure):
            if on_failure:
                on_failure(out)
            continue
        yield item, out


def extract_paths(
    paths: Iterable[str | Path],
    on_failure: OnFailure | None = None,
    extract_fn: ExtractFn | None = None,
) -> Iterator[tuple[Article, Record]]:
    """(article, record) for every article under ``paths``; see :func:`extract_items`."""
    return extract_items(read_items(paths), on_failure=on_failure, extract_fn=extract_fn)


def ingest_items(
    items: Iterable[Any],
    store: Store,
    on_progress: OnProgress | None = None,
    on_failure: OnFailure | None = None,
    extract_fn: ExtractFn | None = None,
    force: bool = False,
    workers: int = 1,
    chunk_size: int = 16,
    engine: str = "local",
    ray_address: str | None = None,
    dedupe: bool = True,
) -> IngestSummary:
    """Extract and store each article of ``items`` (Articles and read errors).

    An article whose id, content and extractor version are already stored is
    not extracted again; ``force`` re-extracts every article and replaces its
    rows (counted as "updated"). Each article is saved in its own transaction.

    A new article that is a copy of one already stored or earlier in the batch
    (syndication, :mod:`strikewatch.dedupe`) is not extracted: it is recorded as
    one more source of that article (counted as "syndicated"). ``dedupe=False``
    stores every article as its own.

    ``engine="ray"`` extracts on a Ray cluster instead (see :mod:`strikewatch.ray_engine`).
    ``workers`` > 1 extracts in that many processes while this process alone
    writes: articles go out in chunks of ``chunk_size``, at most two chunks per
    worker in flight, and come back in order, so memory stays bounded whatever
    the size of the input and the store sees the same writes as with one worker.
    """
    fn = extract_fn or _default_extract
    summary = IngestSummary()

    def fail(f: Failure) -> None:
        summary.failed += 1
        summary.failures.append(f)
        if on_failure:
            on_failure(f)
        if on_progress:
            on_progress(summary, FAILED, f.label)

    def copied(item: Article, outcome: str | None, error: str | None) -> None:
        if outcome is None:
            fail(Failure(article_label(item), error or "syndicated copy not recorded"))
            return
        if outcome == SYNDICATED:
            summary.syndicated += 1
        else:
            summary.unchanged += 1
        if on_progress:
            on_progress(summary, outcome, article_label(item))

    syndication = Syndication(store, copied) if dedupe else None

    def save(item: Article, out: Record | Failure) -> None:
        label = article_label(item)
        if isinstance(out, Failure):
            fail(out)
            if syndication:
                syndication.done(item, None)
            return
        try:
            outcome = store.save(item, out, force=force)
        except Exception as e:
            fail(Failure(label, f"store failed: {type(e).__name__}: {e}"))
            if syndication:
                syndication.done(item, None)
            return
        if outcome == STORED:
            summary.stored += 1
        elif outcome == UPDATED:
            summary.updated += 1
        else:
            summary.unchanged += 1
        if on_progress:
            on_progress(summary, outcome, label)
        if syndication:
            syndication.done(item, out)  # its copies in the batch follow it

    def pending() -> Iterator[Article]:
        """The articles that need extracting; read errors and unchanged articles are counted here."""
        for item in items:
            if not isinstance(item, Article):
                fail(_read_failure(item))
                continue
            summary.read += 1
            if not force and store.has(item.id, item.content_hash):
                summary.unchanged += 1
                if on_progress:
                    on_progress(summary, UNCHANGED, article_label(item))
                continue
            if syndication and syndication.hold(item):  # a copy: recorded as a source, not extracted
                continue
            yield item

    if engine == "ray":
        from strikewatch.ray_engine import extract_ray

        for item, rec, err in extract_ray(pending(), address=ray_address):
            save(item, rec if rec is not None else Failure(article_label(item), err or "extraction failed"))
    elif workers <= 1 and extract_fn is not None:
        for item in pending():
            save(item, _extract_one(item, fn))
    elif workers <= 1:
        # in this process, a chunk at a time: the model parses a chunk's sentences together
        for chunk in _chunks(pending(), chunk_size):
            for item, out in zip(chunk, _extract_chunk(chunk, None), strict=True):
                save(item, out)
    else:
        for item, out in _parallel(pending(), workers, chunk_size, extract_fn):
            save(item, out)
    if syndication:
        syndication.close()
    if summary.stored or summary.updated or store.needs_relink():
        # only the part of the store the new articles can meet is linked again, with the result a full
        # relink gives (the order of arrival never matters); a run killed after storing but before
        # linking is completed by the next one (the store keeps what is waiting to be linked)
        summary.linked = store.relink_changed()
    # saved searches: new and changed events are queued once and sent (one query when there are none)
    from strikewatch.alerts import dispatch

    summary.alerts = dispatch(store).to_dict()
    return summary


def _extract_chunk(articles: list[Article], extract_fn: ExtractFn | None) -> list[Record | Failure]:
    """Extract a chunk in a worker process: batched when possible, one by one when one article fails."""
    if extract_fn is None:
        from strikewatch.extract.pipeline import extract_many

        try:
            return list(extract_many(articles))
        except Exception:
            pass  # find the article that fails, and keep the others
    fn = extract_fn or _default_extract
    return [_extract_one(a, fn) for a in articles]


def _chunks(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(
    articles: Iterator[Article], workers: int, chunk_size: int, extract_fn: ExtractFn | None
) -> Iterator[tuple[Article, Record | Failure]]:
    """(article, record or failure) in input order, extracted by ``workers`` processes."""
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    if extract_fn is None and "fork" in methods:
        from strikewatch.extract.pipeline import warm

        warm()  # load the model and the gazetteer once; the forked workers share them
    window: deque[tuple[list[Article], Future[list[Record | Failure]]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for chunk in _chunks(articles, chunk_size):
            window.append((chunk, pool.submit(_extract_chunk, chunk, extract_fn)))
            while len(window) >= 2 * workers:
                yield from _collect(*window.popleft())
        while window:
            yield from _collect(*window.popleft())


def _collect(chunk: list[Article], future: Any) -> Iterator[tuple[Article, Record | Failure]]:
    try:
        outs = future.result()
    except Exception as e:  # the worker died: every article of the chunk failed
        outs = [Failure(article_label(a), f"extraction failed: {type(e).__name__}: {e}") for a in chunk]
    yield from zip(chunk, outs, strict=True)


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    on_progress: OnProgress | None = None,
    on_failure: OnFailure | None = None,
    extract_fn: ExtractFn | None = None,
    force: bool = False,
    workers: int = 1,
    engine: str = "local",
    ray_address: str | None = None,
    dedupe: bool = True,
) -> IngestSummary:
    """Read every article under ``paths``, extract it and save it in ``store``."""
    return ingest_items(
        read_items(paths),
        store,
        on_progress=on_progress,
        on_failure=on_failure,
        extract_fn=extract_fn,
        force=force,
        workers=workers,
        engine=engine,
        ray_address=ray_address,
        dedupe=dedupe,
    )


__all__ = [
    "FAILED",
    "STORED",
    "UNCHANGED",
    "UPDATED",
    "Failure",
    "IngestSummary",
    "article_label",
    "extract_items",
    "extract_paths",
    "ingest_items",
    "ingest_paths",
    "read_items",
]
