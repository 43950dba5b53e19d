"""Watching the news: feeds and news sitemaps polled, each new item's page read, extracted and stored.

A :class:`Source` is a feed (RSS or Atom, read with feedparser) or a news sitemap
(``<urlset>`` of ``<url><loc>`` with ``news:publication_date`` or ``lastmod``; a
``<sitemapindex>`` is followed one level down). Each is polled at its own interval;
:func:`poll_once` polls some sources once and :func:`watch` loops, polling each when its
time comes. Every fetch goes through a :class:`strikewatch.fetch.Fetcher` (robots.txt,
per-host delay, timeouts, size limit, retries, conditional GET). New pages become
articles and go through :func:`strikewatch.ingest.ingest_items`, as files do.

What survives a restart lives in the store (schema 6), written through plain SQL that
SQLite and PostgreSQL both run:

- ``sources``: each source's ETag and Last-Modified (so a poll of an unchanged feed is a
  304), its kind (sniffed from the first response when the sources file does not say),
  the time of its last fetch and of its next poll, the articles it brought, its errors;
- ``seen_urls``: each item's canonical URL, recorded as ``stored`` only once its article
  is in the store; a page that failed for a reason that may pass (5xx, timeout) is
  ``retry`` and is tried again at the next polls, at most :data:`MAX_TRIES` times in all;
  one that cannot succeed (not HTML, no article text, robots.txt, 4xx) is ``failed``.

An article's id is a hash of its canonical URL, and a URL whose article is already stored
is never fetched again, so a watch killed at any point (SIGKILL included) and started again
fetches and stores nothing twice. Each failure is one log line (logger ``strikewatch.watch``)
naming the URL and the problem; nothing stops the loop.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from strikewatch.fetch import (
    Fetcher,
    FetchResult,
    PageError,
    canonical_url,
    fetch_article,
    is_web_address,
    url_article_id,
)
from strikewatch.ingest import ExtractFn, Failure, IngestSummary, article_label, ingest_items
from strikewatch.model import Article
from strikewatch.store import Store

__all__ = [
    "DEFAULT_INTERVAL",
    "KINDS",
    "MAX_TRIES",
    "FeedError",
    "Item",
    "PollSummary",
    "Source",
    "SourceStatus",
    "SourcesError",
    "load_sources",
    "parse_feed",
    "parse_interval",
    "parse_sitemap",
    "poll_once",
    "sniff_kind",
    "source_statuses",
    "watch",
]

log = logging.getLogger("strikewatch.watch")

KINDS = ("rss", "atom", "sitemap")
#: seconds between two polls of a source, unless the sources file says otherwise (15 minutes)
DEFAULT_INTERVAL = 900.0
#: the shortest interval accepted, in seconds
MIN_INTERVAL = 1.0
#: a page that keeps failing for a reason that may pass is tried this many times in all
MAX_TRIES = 3
#: new items taken from one source in one poll (the newest first); the rest wait for the next
MAX_ITEMS = 100
#: child sitemaps of a sitemap index read in one poll (the most recently modified first)
MAX_CHILD_SITEMAPS = 10

#: failures a summary of many polls keeps (the latest; its counts are complete)
MAX_FAILURES_KEPT = 1000

STORED, RETRY, FAILED = "stored", "retry", "failed"


class SourcesError(ValueError):
    """A sources file (or a source) that cannot be used, with a one-line reason."""


class FeedError(ValueError):
    """A feed or sitemap body that gives no items, with a one-line reason."""


# ---------- sources ----------


@dataclass(frozen=True)
class Source:
    """A feed or news sitemap to poll. Its id is its URL."""

    url: str
    #: "rss", "atom" or "sitemap"; None: sniffed from what the URL returns
    kind: str | None = None
    #: seconds between two polls
    interval: float = DEFAULT_INTERVAL
    name: str | None = None

    @property
    def id(self) -> str:
        return self.url

    @property
    def label(self) -> str:
        return self.name or self.url


_INTERVAL_RX = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)?", re.I)
_UNIT = {None: 1.0, "ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0}


def parse_interval(value: Any) -> float:
    """Seconds from a number (seconds) or a string such as ``"90s"``, ``"15m"``, ``"1h30m"``, ``"2"``."""
    if isinstance(value, bool):
        raise SourcesError(f"interval {value!r} is not a duration")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        parts = list(_INTERVAL_RX.finditer(text))
        if not text or not parts or "".join(m.group(0) for m in parts) != text:
            raise SourcesError(f"interval {value!r} is not a duration (say 90, \"90s\", \"15m\" or \"1h\")")
        seconds = sum(float(m.group(1)) * _UNIT[(m.group(2) or "").lower() or None] for m in parts)
    else:
        raise SourcesError(f"interval {value!r} is not a duration")
    if not seconds >= MIN_INTERVAL:  # NaN too
        raise SourcesError(f"interval {value!r} is under the {MIN_INTERVAL:g} s minimum")
    return seconds


def _source(d: Any, where: str, interval: float) -> Source:
    if not isinstance(d, dict):
        raise SourcesError(f"{where}: expected a table with a url")
    url = d.get("url")
    if not isinstance(url, str) or not is_web_address(url):
        raise SourcesError(f"{where}: no http(s) url")
    kind = d.get("kind")
    if kind is not None and kind not in KINDS:
        raise SourcesError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    name = d.get("name")
    if name is not None and not isinstance(name, str):
        raise SourcesError(f"{where}: name must be a string")
    unknown = set(d) - {"url", "kind", "interval", "name"}
    if unknown:
        raise SourcesError(f"{where}: unknown key {sorted(unknown)[0]!r} (url, kind, interval, name)")
    try:
        every = parse_interval(d["interval"]) if "interval" in d else interval
    except SourcesError as e:
        raise SourcesError(f"{where}: {e}") from None
    return Source(url=url.strip(), kind=kind, interval=every, name=name)


def load_sources(path: str | Path, interval: float | None = None) -> list[Source]:
    """The sources of a TOML file: ``[[source]]`` tables with ``url`` and optional ``kind``,
    ``interval`` (seconds or ``"15m"``) and ``name``; a top-level ``interval`` is the default
    (else ``interval``, else :data:`DEFAULT_INTERVAL`). A URL listed twice counts once.
    Raises :class:`SourcesError`."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise SourcesError(f"{p}: {(e.strerror or str(e)).lower()}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SourcesError(f"{p}: not TOML: {e}") from None
    default = interval if interval is not None else DEFAULT_INTERVAL
    if "interval" in data:
        try:
            default = parse_interval(data["interval"])
        except SourcesError as e:
            raise SourcesError(f"{p}: {e}") from None
    tables = data.get("source", data.get("sources", []))
    if isinstance(tables, dict):
        tables = [tables]
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{p}: no sources (add [[source]] tables with a url)")
    unknown = set(data) - {"source", "sources", "interval"}
    if unknown:
        raise SourcesError(f"{p}: unknown key {sorted(unknown)[0]!r} (interval, [[source]])")
    out: dict[str, Source] = {}
    for i, d in enumerate(tables, 1):
        s = _source(d, f"{p}: source {i}", default)
        out.setdefault(s.id, s)
    return list(out.values())


# ---------- feeds and sitemaps ----------


@dataclass(frozen=True)
class Item:
    """One entry of a feed or sitemap: the page's canonical URL, what the feed says of it."""

    url: str
    title: str | None = None
    #: ISO date or date-time (UTC) from the feed, or None
    published: str | None = None


_ROOT_RX = re.compile(rb"<(?![?!])([A-Za-z_][\w:.-]*)")


def sniff_kind(body: bytes) -> str | None:
    """"rss", "atom" or "sitemap" from a document's root element, or None."""
    head = re.sub(rb"<!--.*?-->", b"", body[:8192], flags=re.S)
    m = _ROOT_RX.search(head)
    if not m:
        return None
    root = m.group(1).decode("ascii", errors="replace").lower().split(":")[-1]
    return {"rss": "rss", "rdf": "rss", "feed": "atom", "urlset": "sitemap", "sitemapindex": "sitemap"}.get(root)


def _iso(value: Any) -> str | None:
    """An ISO date-time (UTC) from a feed's struct_time or a sitemap's W3C date; None if unreadable."""
    if value is None:
        return None
    if isinstance(value, time.struct_time):
        return dt.datetime(*value[:6], tzinfo=dt.UTC).isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        m = re.match(r"\d{4}-\d{2}-\d{2}", text)
        return m.group(0) if m else None
    if when.tzinfo is None:
        return when.date().isoformat() if len(text) <= 10 else when.isoformat()
    return when.astimezone(dt.UTC).isoformat()


def _web_item(link: Any, base: str, title: Any, published: str | None) -> Item | None:
    if not isinstance(link, str) or not link.strip():
        return None
    url = urljoin(base, link.strip())
    if not is_web_address(url):
        return None
    title_text = " ".join(str(title).split()) if title else None
    return Item(url=canonical_url(url), title=title_text or None, published=published)


#: what feedparser flags that says nothing about the XML itself
_BENIGN = ("NonXMLContentType", "CharacterEncodingOverride", "CharacterEncodingUnknown")


def parse_feed(body: bytes, base_url: str, content_type: str | None = None) -> list[Item]:
    """The items of an RSS or Atom feed (relative links resolved against ``base_url``; the
    ``content_type`` the server gave, if any). An empty feed has no items; a body that is not
    a feed, or a broken one that gives no item with a link, raises :class:`FeedError`."""
    import feedparser

    headers = {"content-location": base_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("version"):
            return []  # a feed with nothing in it (yet)
        exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if exc is None or type(exc).__name__ in _BENIGN:
            raise FeedError("not an RSS or Atom feed")
        raise FeedError(f"not a readable feed ({_one_line(exc)})")
    items: list[Item] = []
    for e in entries:
        link = e.get("link")
        if not link:
            link = next((x.get("href") for x in e.get("links", []) if x.get("href")), None)
        published = _iso(e.get("published_parsed") or e.get("updated_parsed"))
        item = _web_item(link, base_url, e.get("title"), published)
        if item is not None:
            items.append(item)
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not items and exc is not None and type(exc).__name__ not in _BENIGN:
        # a broken feed that gave nothing usable (a lenient parse of a broken one may give more)
        raise FeedError(f"not a readable feed ({_one_line(exc) or 'malformed XML'})")
    return items


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el: Any, *path: str) -> str | None:
    """The text of the first descendant along ``path`` (local names, any namespace)."""
    for name in path:
        el = next((c for c in el if _local(c.tag) == name), None)
        if el is None:
            return None
    return (el.text or "").strip() or None


def parse_sitemap(body: bytes, base_url: str) -> tuple[list[Item], list[str]]:
    """(items, child sitemaps) of a sitemap: a ``<urlset>`` gives items (``loc``, the date of
    ``news:publication_date`` or else ``lastmod``, ``news:title``), a ``<sitemapindex>`` the
    URLs of its sitemaps, the most recently modified first. Raises :class:`FeedError`."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as e:
        raise FeedError(f"not a readable sitemap (malformed XML: {_one_line(e)})") from None
    kind = _local(root.tag)
    if kind == "sitemapindex":
        children = []
        for sm in root:
            loc = _child_text(sm, "loc") if _local(sm.tag) == "sitemap" else None
            if loc and is_web_address(urljoin(base_url, loc)):
                children.append((_iso(_child_text(sm, "lastmod")) or "", urljoin(base_url, loc)))
        children.sort(key=lambda c: c[0], reverse=True)
        return [], [url for _, url in children]
    if kind != "urlset":
        raise FeedError(f"not a sitemap (root element <{kind}>)")
    items: list[Item] = []
    for u in root:
        if _local(u.tag) != "url":
            continue
        published = _iso(_child_text(u, "news", "publication_date")) or _iso(_child_text(u, "lastmod"))
        item = _web_item(_child_text(u, "loc"), base_url, _child_text(u, "news", "title"), published)
        if item is not None:
            items.append(item)
    return items, []


def _one_line(x: Any) -> str:
    text = str(x or "").strip()
    return text.splitlines()[0][:200] if text else ""


# ---------- state in the store ----------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(when: dt.datetime) -> str:
    return when.isoformat(timespec="milliseconds")


def _parse_stamp(text: Any) -> dt.datetime | None:
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _register(store: Store, sources: Iterable[Source]) -> None:
    """A row in ``sources`` for each source; an existing row keeps its state (ETag, times)."""
    for s in sources:
        store._conn.execute(
            "INSERT INTO sources (id, kind, name, interval_s) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, interval_s = excluded.interval_s",
            (s.id, s.kind or "unknown", s.name, s.interval),
        )
        if s.kind:
            store._conn.execute("UPDATE sources SET kind = ? WHERE id = ?", (s.kind, s.id))


def _source_rows(store: Store, ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for chunk in _chunks(ids, 500):
        marks = ", ".join("?" * len(chunk))
        for r in store._conn.execute(f"SELECT * FROM sources WHERE id IN ({marks})", chunk):  # noqa: S608
            out[r["id"]] = r
    return out


def _seen(store: Store, urls: list[str]) -> dict[str, tuple[str, int]]:
    """(status, tries) of each of ``urls`` already in ``seen_urls``."""
    out: dict[str, tuple[str, int]] = {}
    for chunk in _chunks(urls, 500):
        marks = ", ".join("?" * len(chunk))
        for r in store._conn.execute(
            f"SELECT url, status, tries FROM seen_urls WHERE url IN ({marks})", chunk  # noqa: S608
        ):
            out[r["url"]] = (r["status"], int(r["tries"]))
    return out


def _already_stored(store: Store, items: list[Item]) -> set[str]:
    """The URLs of ``items`` whose article is in the store: under its own id (a hash of the URL),
    or as a syndicated copy of another article (``article_sources``, :mod:`strikewatch.dedupe`)."""
    out: set[str] = set()
    by_id = {url_article_id(i.url): i.url for i in items}
    for chunk in _chunks(list(by_id), 500):
        marks = ", ".join("?" * len(chunk))
        out.update(by_id[r[0]] for r in store._conn.execute(
            f"SELECT id FROM articles WHERE id IN ({marks})", chunk))  # noqa: S608
    for chunk in _chunks([i.url for i in items], 500):
        marks = ", ".join("?" * len(chunk))
        out.update(r[0] for r in store._conn.execute(
            f"SELECT DISTINCT url FROM article_sources WHERE url IN ({marks})", chunk))  # noqa: S608
    return out


def _mark(store: Store, item: Item, source_id: str | None, status: str, article_id: str | None = None,
          error: str | None = None, tried: bool = True, seen_at: dt.datetime | None = None) -> None:
    """Record what became of an item's URL (a try counts unless ``tried`` is False); ``seen_at``
    is when its feed listed it (``first_seen`` of a new row)."""
    now = _stamp(_now())
    first = _stamp(seen_at) if seen_at else now
    store._conn.execute(
        "INSERT INTO seen_urls (url, source_id, first_seen, last_try, status, tries, article_id, published, error)"
        " VALUES (?, ?, ?, ?, ?, ?, (SELECT id FROM articles WHERE id = ?), ?, ?)"
        " ON CONFLICT (url) DO UPDATE SET last_try = excluded.last_try, status = excluded.status,"
        " tries = seen_urls.tries + excluded.tries, article_id = excluded.article_id, error = excluded.error",
        (item.url, source_id, first, now, status, 1 if tried else 0, article_id, item.published, error),
    )


def _chunks(xs: list[Any], n: int) -> Iterator[list[Any]]:
    for i in range(0, len(xs), n):
        yield xs[i:i + n]


@dataclass
class SourceStatus:
    """A source's line in the watch's status display."""

    id: str
    name: str | None
    kind: str
    interval: float
    last_fetch: dt.datetime | None
    next_poll: dt.datetime | None
    items: int
    errors: int
    last_error: str | None
    #: what the source's last poll found (new items, "not modified", ...)
    last_result: str | None = None


def source_statuses(store: Store, sources: Iterable[Source]) -> list[SourceStatus]:
    """The stored state of each of ``sources``, in their order."""
    srcs = list(sources)
    rows = _source_rows(store, [s.id for s in srcs])
    out = []
    for s in srcs:
        r = rows.get(s.id)
        if r is None:
            out.append(SourceStatus(s.id, s.name, s.kind or "unknown", s.interval, None, None, 0, 0, None))
            continue
        data = json.loads(r["data"] or "{}")
        out.append(SourceStatus(
            s.id, r["name"], r["kind"], float(r["interval_s"]), _parse_stamp(r["last_fetch"]),
            _parse_stamp(r["next_poll"]), int(r["items"]), int(r["errors"]), r["last_error"],
            data.get("last_result") if isinstance(data, dict) else None,
        ))
    return out


# ---------- polling ----------


@dataclass
class PollSummary:
    """What one or more polls did."""

    polls: int = 0
    not_modified: int = 0
    #: sources whose feed could not be fetched or read
    source_errors: int = 0
    new_items: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    #: copies of an article already stored, recorded as its sources (:mod:`strikewatch.dedupe`)
    syndicated: int = 0
    #: new items whose page gave no article, or whose article could not be extracted or stored
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    linked: dict[str, int] = field(default_factory=dict)
    rounds: int = 0

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.source_errors == 0

    def add(self, other: PollSummary) -> None:
        for name in ("polls", "not_modified", "source_errors", "new_items", "stored", "updated",
                     "unchanged", "syndicated", "failed", "rounds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures = (self.failures + other.failures)[-MAX_FAILURES_KEPT:]  # a long watch keeps the latest
        if other.linked:
            self.linked = dict(other.linked)

    def line(self) -> str:
        return (
            f"polled {self.polls} (not modified {self.not_modified}, failed {self.source_errors}); "
            f"new items {self.new_items}: stored {self.stored}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
            + (f", syndicated {self.syndicated}" if self.syndicated else "")
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "polls": self.polls, "not_modified": self.not_modified, "source_errors": self.source_errors,
            "new_items": self.new_items, "stored": self.stored, "updated": self.updated,
            "unchanged": self.unchanged, "syndicated": self.syndicated, "failed": self.failed,
            "rounds": self.rounds,
            "failures": [{"label": f.label, "reason": f.reason} for f in self.failures],
            "linked": dict(self.linked),
        }


@dataclass
class _FeedOutcome:
    source: Source
    fetched: FetchResult | None
    kind: str | None = None
    items: list[Item] = field(default_factory=list)
    error: str | None = None
    started: dt.datetime = field(default_factory=_now)


def _read_feed(source: Source, fetcher: Fetcher, etag: str | None, last_modified: str | None) -> _FeedOutcome:
    """Fetch and parse one source (in a worker thread: no store access here)."""
    out = _FeedOutcome(source, None)
    res = out.fetched = fetcher.get(source.url, etag=etag, last_modified=last_modified)
    if res.error is not None:
        out.error = res.error
        return out
    if res.not_modified:
        return out
    if not res.body.strip():
        out.error = "empty response"
        return out
    kind = source.kind or sniff_kind(res.body)
    if kind is None and res.media_type in ("text/html", "application/xhtml+xml"):
        out.error = f"not a feed or sitemap (an HTML page, {res.media_type})"
        return out
    out.kind = kind
    try:
        if kind == "sitemap":
            items, children = parse_sitemap(res.body, res.final_url)
            for child in children[:MAX_CHILD_SITEMAPS]:
                sub = fetcher.get(child)
                if sub.error is not None or not sub.ok:
                    log.warning("%s: %s", child, sub.error or f"HTTP {sub.status}")
                    continue
                try:
                    items.extend(parse_sitemap(sub.body, sub.final_url)[0])
                except FeedError as e:
                    log.warning("%s: %s", child, e)
        else:
            items = parse_feed(res.body, res.final_url, res.content_type or None)
            if kind is None:
                out.kind = "rss"
    except FeedError as e:
        out.error = str(e)
        return out
    out.items = items
    return out


def _newest_first(items: list[Item]) -> list[Item]:
    dated = sorted((i for i in items if i.published), key=lambda i: i.published or "", reverse=True)
    return dated + [i for i in items if not i.published]


def poll_once(
    store: Store,
    sources: Iterable[Source],
    fetcher: Fetcher,
    *,
    workers: int = 8,
    max_items: int = MAX_ITEMS,
    extract_fn: ExtractFn | None = None,
    on_status: Callable[[], None] | None = None,
    register: bool = True,
) -> PollSummary:
    """Poll each of ``sources`` once: fetch it (a conditional GET), find the items not yet
    stored, fetch their pages (``workers`` at a time, within the fetcher's per-host limits),
    and ingest the articles with :func:`strikewatch.ingest.ingest_items` (one batch, one
    relink). Every outcome is written to the store as it happens; ``on_status`` is called
    after each change a status display would show. ``register=False`` skips writing the
    sources' rows first (the caller has: :func:`watch` does once)."""
    srcs = list(sources)
    summary = PollSummary(rounds=1)
    if not srcs:
        return summary
    if register:
        _register(store, srcs)
    rows = _source_rows(store, [s.id for s in srcs])
    by_label: dict[str, tuple[Item, str]] = {}
    taken: set[str] = set()
    seen_at: dict[str, dt.datetime] = {}

    def status() -> None:
        if on_status is not None:
            on_status()

    def record_source(o: _FeedOutcome, found: int, new: int) -> None:
        s, res = o.source, o.fetched
        nxt = o.started + dt.timedelta(seconds=s.interval)
        if o.error is not None:
            result = f"error: {o.error}"
        elif res is not None and res.not_modified:
            result = "not modified"
        else:
            result = f"{found} items, {new} new"
        sets = ["last_fetch = ?", "next_poll = ?", "data = ?"]
        args: list[Any] = [_stamp(o.started), _stamp(nxt), json.dumps({"last_result": result})]
        if o.error is not None:
            sets += ["errors = errors + 1", "last_error = ?"]
            args.append(o.error)
        if res is not None and res.ok:
            sets += ["etag = ?", "last_modified = ?"]
            args += [res.etag, res.last_modified]
        if o.kind and not s.kind:
            sets.append("kind = ?")
            args.append(o.kind)
        store._conn.execute(f"UPDATE sources SET {', '.join(sets)} WHERE id = ?", (*args, s.id))  # noqa: S608

    def pick_new(o: _FeedOutcome) -> list[Item]:
        """The items of a source to fetch now: not stored, not given up on, not already taken."""
        items = [i for i in _newest_first(o.items) if i.url not in taken]
        seen = _seen(store, [i.url for i in items])
        fresh = [i for i in items if i.url not in seen or (seen[i.url][0] == RETRY and seen[i.url][1] < MAX_TRIES)]
        stored = _already_stored(store, fresh)
        out = []
        for i in fresh:
            if i.url in taken:  # listed twice
                continue
            if i.url in stored:  # stored before a restart, not yet marked: nothing to fetch
                _mark(store, i, o.source.id, STORED, url_article_id(i.url), tried=False, seen_at=o.started)
                taken.add(i.url)
                continue
            out.append(i)
            taken.add(i.url)
            seen_at[i.url] = o.started
            if len(out) >= max_items:
                break
        return out

    def fail_item(item: Item, source_id: str, reason: str, retryable: bool) -> None:
        seen = _seen(store, [item.url]).get(item.url)
        tries = (seen[1] if seen else 0) + 1
        final = not retryable or tries >= MAX_TRIES
        _mark(store, item, source_id, FAILED if final else RETRY, error=reason, seen_at=seen_at.get(item.url))
        store._conn.execute("UPDATE sources SET errors = errors + 1, last_error = ? WHERE id = ?",
                            (f"{item.url}: {reason}", source_id))
        summary.failed += 1
        summary.failures.append(Failure(item.url, reason))
        later = "" if final else f" (will try again: {tries} of {MAX_TRIES} tries)"
        log.warning("%s: %s%s", item.url, reason, later)

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="strikewatch-fetch") as pool:
        feed_futs = [
            pool.submit(_read_feed, s, fetcher, rows[s.id]["etag"] if s.id in rows else None,
                        rows[s.id]["last_modified"] if s.id in rows else None)
            for s in srcs
        ]
        page_futs: list[Future[tuple[Item, str, Article | PageError]]] = []
        names = {s.id: s.name for s in srcs}

        def fetch_page(item: Item, source_id: str) -> tuple[Item, str, Article | PageError]:
            try:
                return item, source_id, fetch_article(item.url, fetcher, title=item.title,
                                                      published=item.published, source=names.get(source_id))
            except Exception as e:  # noqa: BLE001 - a bug in reading one page must not stop the round
                return item, source_id, PageError(item.url, f"{type(e).__name__}: {e}")

        for fut in as_completed(feed_futs):
            try:
                o = fut.result()
            except Exception as e:  # noqa: BLE001
                log.exception("polling failed: %s", e)
                continue
            summary.polls += 1
            if o.error is not None:
                summary.source_errors += 1
                summary.failures.append(Failure(o.source.url, o.error))
                log.warning("%s: %s", o.source.url, o.error)
                record_source(o, 0, 0)
            elif o.fetched is not None and o.fetched.not_modified:
                summary.not_modified += 1
                record_source(o, 0, 0)
            else:
                new = pick_new(o)
                summary.new_items += len(new)
                record_source(o, len(o.items), len(new))
                log.info("%s: %d items, %d new", o.source.url, len(o.items), len(new))
                for item in new:
                    page_futs.append(pool.submit(fetch_page, item, o.source.id))
            status()

        def articles() -> Iterator[Article]:
            for fut in as_completed(page_futs):
                item, source_id, out = fut.result()
                if isinstance(out, PageError):
                    fail_item(item, source_id, out.reason, out.retryable)
                    status()
                    continue
                by_label[article_label(out)] = (item, source_id)
                yield out

        def on_progress(_s: IngestSummary, outcome: str, label: str) -> None:
            got = by_label.get(label)
            if got is None or outcome == "failed":
                return
            item, source_id = got
            _mark(store, item, source_id, STORED, url_article_id(item.url), seen_at=seen_at.get(item.url))
            if outcome == "stored":
                store._conn.execute("UPDATE sources SET items = items + 1 WHERE id = ?", (source_id,))
            status()

        def on_failure(f: Failure) -> None:
            got = by_label.get(f.label)
            if got is not None:
                fail_item(got[0], got[1], f.reason, retryable=False)

        ingested = IngestSummary()
        if page_futs:  # nothing new: no batch (and no relink, no alert dispatch)
            ingested = ingest_items(articles(), store, on_progress=on_progress, on_failure=on_failure,
                                    extract_fn=extract_fn)
    summary.stored += ingested.stored
    summary.updated += ingested.updated
    summary.unchanged += ingested.unchanged
    summary.syndicated += ingested.syndicated
    summary.linked = ingested.linked
    if summary.new_items or summary.failed:
        log.info("%s", summary.line())
    status()
    return summary


def _due(store: Store, sources: list[Source], now: dt.datetime) -> tuple[list[Source], dt.datetime | None]:
    """The sources due for a poll at ``now`` (never polled, or polled an interval ago), and
    when the next of the others is due."""
    rows = _source_rows(store, [s.id for s in sources])
    due, later = [], None
    for s in sources:
        last = _parse_stamp(rows[s.id]["last_fetch"]) if s.id in rows else None
        at = last + dt.timedelta(seconds=s.interval) if last else now
        if at <= now:
            due.append(s)
        elif later is None or at < later:
            later = at
    return due, later


def watch(
    store: Store,
    sources: Iterable[Source],
    fetcher: Fetcher | None = None,
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    max_rounds: int | None = None,
    workers: int = 8,
    max_items: int = MAX_ITEMS,
    extract_fn: ExtractFn | None = None,
    on_status: Callable[[], None] | None = None,
    tick: float = 1.0,
) -> PollSummary:
    """Poll ``sources`` until ``stop`` is set, each when its interval has passed since its last
    fetch (as stored: a restart waits out what remains); ``once`` polls every source once and
    returns. ``on_status`` is called after each change and every ``tick`` seconds while
    waiting. Returns the summary of every poll. A fetcher is made (and closed) when none is given."""
    srcs = list(sources)
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    stop = stop or threading.Event()
    total = PollSummary()
    try:
        _register(store, srcs)
        if store.needs_relink():  # a run stopped after storing, before linking: finish it first
            ingest_items([], store)
        while not stop.is_set():
            now = _now()
            due, later = (srcs, None) if once else _due(store, srcs, now)
            if due:
                total.add(poll_once(store, due, fetcher, workers=workers, max_items=max_items,
                                    extract_fn=extract_fn, on_status=on_status, register=False))
                if once or (max_rounds is not None and total.rounds >= max_rounds):
                    break
                continue
            wait = (later - now).total_seconds() if later else tick
            stop.wait(max(0.01, min(wait, tick)))
            if on_status is not None:
                on_status()
    finally:
        if own:
            fetcher.close()
    return total
