"""Fetching web pages and feeds politely, never raising for what a server does.

``Fetcher.get(url)`` returns a :class:`FetchResult`: the body, or ``error``, a one-line
reason that names the problem (the caller names the URL). The rules, each a keyword of
:class:`Fetcher` with its default:

- **who**: every request says ``User-Agent: strikewatch/<version>`` (``user_agent``);
- **robots.txt** is read once per host (``scheme://host:port``) with
  :mod:`urllib.robotparser` and kept ``robots_ttl`` seconds (3600); a URL it disallows
  is not fetched. A robots.txt that is missing (any 4xx) allows everything; one that
  answers 5xx or times out disallows the host for now (RFC 9309: "unreachable"), and is
  asked again after ``robots_retry`` seconds (300). Its ``Crawl-delay`` (at most 60 s)
  lengthens the host's delay;
- **per host**: at most ``per_host`` requests at a time (2) and ``host_delay`` seconds
  (1.0) between the starts of two requests to one host;
- **time**: ``timeout`` seconds (15) to connect and between two reads, and at most
  ``deadline`` seconds (60) for a whole response, so that a server sending a byte a
  second cannot hold a worker forever;
- **size**: the body is streamed and reading stops past ``max_bytes`` (5 MB; a
  ``Content-Length`` over it is refused before reading);
- **redirects**: followed by hand, at most ``max_redirects`` (5), each hop checked
  against its host's robots.txt; a loop is named as one;
- **retries**: a 5xx, a 429, a timeout or a connection broken mid-response is tried
  again ``retries`` times (2) after ``backoff`` seconds, doubling (1 s, 2 s; a
  ``Retry-After`` of at most 60 s is honoured); a refused connection, an unknown host
  and other 4xx are not retried;
- **conditional GET**: ``get(url, etag=..., last_modified=...)`` sends
  ``If-None-Match`` / ``If-Modified-Since``; a 304 is ``not_modified``.

:func:`fetch_article` fetches one news page and reads it as the HTML reader reads a
saved page (:func:`strikewatch.read.html.article_from_html`); its id is
:func:`url_article_id` of the canonical URL (:func:`canonical_url`: lower-case host,
no fragment, no tracking parameters), so the same page fetched twice is the same article.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

from strikewatch import __version__
from strikewatch.model import Article
from strikewatch.read.files import ReadError

__all__ = [
    "MAX_BYTES",
    "USER_AGENT",
    "FetchResult",
    "Fetcher",
    "PageError",
    "canonical_url",
    "fetch_article",
    "fetch_articles",
    "is_web_address",
    "url_article_id",
]

USER_AGENT = f"strikewatch/{__version__}"
#: bodies larger than this are not read (5 MB)
MAX_BYTES = 5 * 1024 * 1024
#: robots.txt files are read up to this size (RFC 9309 asks for at least 500 KiB)
ROBOTS_MAX_BYTES = 512 * 1024
#: the longest ``Crawl-delay`` and ``Retry-After`` honoured, in seconds
MAX_WAIT = 60.0

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: query parameters that only track who clicked: dropped from every canonical URL
_TRACKING_RX = re.compile(
    r"^(utm_\w*|fbclid|gclid|dclid|gclsrc|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|yclid|wbraid|gbraid|"
    r"ref_src|cmpid|ocid|smid|at_medium|at_campaign)$",
    re.I,
)
_WEB_RX = re.compile(r"^https?://", re.I)


def is_web_address(value: str) -> bool:
    """True for an ``http://`` or ``https://`` address."""
    return bool(_WEB_RX.match(value.strip()))


def canonical_url(url: str) -> str:
    """The URL that names a page whatever link led to it.

    Lower-case scheme and host, no default port, no fragment, the query sorted and
    stripped of tracking parameters (``utm_*``, ``fbclid``, ``gclid`` and their kind;
    courlan's list and this module's). An address courlan cannot clean is kept as
    written, less its fragment and trackers.
    """
    from courlan import clean_url
    from courlan.clean import normalize_url

    url = url.strip()
    try:
        cleaned = clean_url(url) or url
        cleaned = normalize_url(cleaned, strict=False)
    except Exception:  # noqa: BLE001 - courlan raises on odd input (bad ports, IPv6 literals)
        cleaned = url
    parts = urlsplit(cleaned)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING_RX.match(k)))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def url_article_id(url: str) -> str:
    """The id of the article at a web address: ``url-`` and 16 hex digits of the SHA-1 of its
    canonical URL (the same page reached by any link is one article)."""
    return "url-" + hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]


@dataclass
class FetchResult:
    """What one ``Fetcher.get`` gave: a body, a 304, or a one-line ``error``."""

    url: str
    #: where the body came from, after redirects
    final_url: str
    #: the last HTTP status, or None when no response came
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    #: why there is no body, in one line (None when the request succeeded or got a 304)
    error: str | None = None
    #: the failure may pass (a 5xx, a timeout): worth asking again later
    retryable: bool = False
    #: requests made, retries included
    attempts: int = 0

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def media_type(self) -> str:
        """The content type without its parameters, lower-case (``text/html``)."""
        return self.content_type.split(";")[0].strip().lower()

    def text(self) -> str:
        """The body as text: the charset the headers name, else the one the document declares
        (``<meta charset>``, ``<?xml encoding>``), else UTF-8; bad bytes are replaced."""
        body = self.body
        if body.startswith(b"\xef\xbb\xbf"):
            return body[3:].decode("utf-8", errors="replace")
        m = re.search(r"charset=[\"']?([\w.:-]+)", self.content_type, re.I)
        if not m:
            m = re.search(rb"""(?:charset|encoding)\s*=\s*["']?([\w.:-]+)""", body[:4096], re.I)
        charset = m.group(1) if m else "utf-8"
        if isinstance(charset, bytes):
            charset = charset.decode("ascii", errors="replace")
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            return body.decode("utf-8", errors="replace")


class _Redirect(Exception):
    def __init__(self, status: int, location: str) -> None:
        super().__init__(location)
        self.status = status
        self.location = location


class _Retryable(Exception):
    """A failure worth another try (5xx, timeout, broken connection); ``wait`` from Retry-After."""

    def __init__(self, reason: str, status: int | None = None, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.wait = wait


class _Final(Exception):
    """A failure that another try would repeat (4xx, too big, refused connection)."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: allow everything
    #: why every URL of the host is refused for now (robots.txt unreachable), or None
    refuse: str | None
    expires: float


class Fetcher:
    """An HTTP client with the politeness rules of this module (see its docstring).

    Thread-safe: one fetcher serves every worker of a watch. Use it as a context manager,
    or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        timeout: float = 15.0,
        deadline: float = 60.0,
        max_bytes: int = MAX_BYTES,
        max_redirects: int = 5,
        retries: int = 2,
        backoff: float = 1.0,
        host_delay: float = 1.0,
        per_host: int = 2,
        robots: bool = True,
        robots_ttl: float = 3600.0,
        robots_retry: float = 300.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.user_agent = user_agent
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.host_delay = host_delay
        self.per_host = max(1, per_host)
        self.robots = robots
        self.robots_ttl = robots_ttl
        self.robots_retry = robots_retry
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=64),
            transport=transport,
        )
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    # ---------- lifecycle ----------

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ---------- the one public call ----------

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url`` under the politeness rules; never raises for what the network or the
        server does. ``etag`` / ``last_modified`` (from an earlier response) make it a
        conditional GET."""
        return self._get(url, etag, last_modified, check_robots=self.robots, limit=self.max_bytes)

    def allowed(self, url: str) -> str | None:
        """Why robots.txt keeps ``url`` from being fetched, or None when it may be."""
        if not self.robots:
            return None
        return self._robots_refusal(url)

    # ---------- the rules ----------

    def _get(self, url: str, etag: str | None, last_modified: str | None, check_robots: bool,
             limit: int) -> FetchResult:
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        chain = [url]
        attempts = 0
        for _hop in range(self.max_redirects + 1):
            if not is_web_address(current):
                return FetchResult(url, current, error=f"redirected to {current!r}, not a web address")
            if check_robots:
                refusal = self._robots_refusal(current)
                if refusal:
                    return FetchResult(url, current, error=refusal, attempts=attempts)
            try:
                result, n = self._with_retries(current, headers, limit)
            except _Redirect as r:
                attempts += 1
                nxt = urljoin(current, r.location)
                if nxt in chain:
                    loop = " -> ".join([*chain[chain.index(nxt):], nxt])
                    return FetchResult(url, current, status=r.status, error=f"redirect loop: {loop}",
                                       attempts=attempts)
                chain.append(nxt)
                current = nxt
                continue
            result.url = url
            result.attempts = attempts + n
            return result
        return FetchResult(url, current, error=f"too many redirects (over {self.max_redirects})",
                           attempts=attempts)

    def _with_retries(self, url: str, headers: dict[str, str], limit: int) -> tuple[FetchResult, int]:
        """One hop, tried up to ``retries + 1`` times. Raises ``_Redirect`` for a 3xx."""
        last: _Retryable | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                wait = self.backoff * 2 ** (attempt - 1)
                if last is not None and last.wait is not None:
                    wait = max(wait, min(last.wait, MAX_WAIT))
                self._sleep(wait)
            try:
                return self._once(url, headers, limit), attempt + 1
            except _Retryable as e:
                last = e
            except _Final as e:
                return FetchResult(url, url, status=e.status, error=e.reason), attempt + 1
        assert last is not None
        tries = self.retries + 1
        reason = f"{last.reason} ({tries} tries)" if tries > 1 else last.reason
        return FetchResult(url, url, status=last.status, error=reason, retryable=True), tries

    def _once(self, url: str, headers: dict[str, str], limit: int) -> FetchResult:
        """One request and its body, in the host's slot."""
        host = urlsplit(url).netloc.lower()
        with self._slot(host):
            started = time.monotonic()
            try:
                with self._client.stream("GET", url, headers=headers) as r:
                    return self._read(url, r, started, limit)
            except (_Redirect, _Retryable, _Final):
                raise
            except httpx.TimeoutException as e:
                raise _Retryable(f"timed out ({_kind_of_timeout(e)}, over {self.timeout:g} s)") from e
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as e:
                raise _Retryable(f"connection broken: {_short(e)}") from e
            except httpx.ConnectError as e:
                raise _Final(f"cannot connect: {_short(e)}") from e
            except httpx.TooManyRedirects as e:  # pragma: no cover - redirects are followed by hand
                raise _Final(str(e)) from e
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as e:
                raise _Final(f"{type(e).__name__}: {_short(e)}") from e

    def _read(self, url: str, r: httpx.Response, started: float, limit: int) -> FetchResult:
        status = r.status_code
        if 300 <= status < 400 and status != 304:
            location = r.headers.get("location")
            if not location:
                raise _Final(f"HTTP {status} redirect without a Location", status)
            raise _Redirect(status, location)
        if status in _RETRY_STATUS:
            raise _Retryable(f"HTTP {status} {r.reason_phrase}".strip(), status, _retry_after(r))
        if status >= 400:
            raise _Final(f"HTTP {status} {r.reason_phrase}".strip(), status)
        result = FetchResult(
            url, url, status=status, content_type=r.headers.get("content-type", ""),
            etag=r.headers.get("etag"), last_modified=r.headers.get("last-modified"),
        )
        if status == 304:
            return result
        size = r.headers.get("content-length", "")
        if size.isdigit() and int(size) > limit:
            raise _Final(f"response is {_mb(int(size))}, over the {_mb(limit)} limit", status)
        chunks: list[bytes] = []
        total = 0
        for chunk in r.iter_bytes():
            total += len(chunk)
            if total > limit:
                raise _Final(f"response is over the {_mb(limit)} limit (stopped reading)", status)
            if time.monotonic() - started > self.deadline:
                raise _Retryable(f"timed out (response took over {self.deadline:g} s)", status)
            chunks.append(chunk)
        body = b"".join(chunks)
        if body[:2] == b"\x1f\x8b":  # a gzip file (a .xml.gz sitemap), not a gzip transfer
            body = _gunzip(body, limit)
        result.body = body
        return result

    @contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        """At most ``per_host`` requests to ``host`` at a time, their starts ``host_delay`` apart."""
        with self._lock:
            sem = self._slots.get(host)
            if sem is None:
                sem = self._slots[host] = threading.BoundedSemaphore(self.per_host)
        with sem:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, 0.0))
                self._next_start[host] = start + max(self.host_delay, self._crawl_delay.get(host, 0.0))
            if start > now:
                self._sleep(start - now)
            yield

    def _robots_refusal(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return None
        base = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            lock = self._robots_locks.setdefault(base, threading.Lock())
        with lock:  # one fetch of a host's robots.txt at a time; the others wait for its answer
            entry = self._robots.get(base)
            if entry is None or entry.expires <= time.monotonic():
                entry = self._robots[base] = self._load_robots(base)
        if entry.refuse:
            return entry.refuse
        if entry.parser is not None and not entry.parser.can_fetch(self.user_agent, url):
            return "disallowed by robots.txt"
        return None

    def _load_robots(self, base: str) -> _Robots:
        res = self._get(base + "/robots.txt", None, None, check_robots=False, limit=ROBOTS_MAX_BYTES)
        now = time.monotonic()
        if res.ok:
            parser = urllib.robotparser.RobotFileParser(base + "/robots.txt")
            parser.parse(res.text().splitlines())
            delay = parser.crawl_delay(self.user_agent)
            if delay is not None:
                with self._lock:
                    self._crawl_delay[urlsplit(base).netloc] = min(float(delay), MAX_WAIT)
            return _Robots(parser, None, now + self.robots_ttl)
        if res.status is not None and 400 <= res.status < 500:
            return _Robots(None, None, now + self.robots_ttl)  # no robots.txt: everything allowed
        if res.error and res.error.startswith("cannot connect"):
            return _Robots(None, res.error, now + self.robots_retry)
        return _Robots(None, f"robots.txt unreachable ({res.error}): not fetching from this host for now",
                       now + self.robots_retry)


def _retry_after(r: httpx.Response) -> float | None:
    value = r.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


def _kind_of_timeout(e: httpx.TimeoutException) -> str:
    return {httpx.ConnectTimeout: "connecting", httpx.ReadTimeout: "waiting for data",
            httpx.WriteTimeout: "sending", httpx.PoolTimeout: "waiting for a connection"}.get(type(e), "waiting")


def _short(e: Exception) -> str:
    text = str(e) or type(e).__name__
    return text.splitlines()[0][:200]


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def _gunzip(body: bytes, limit: int) -> bytes:
    import zlib

    try:
        with gzip.GzipFile(fileobj=_Bytes(body)) as g:
            out = g.read(limit + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise _Final(f"not a valid gzip file ({e})") from e
    if len(out) > limit:
        raise _Final(f"decompressed response is over the {_mb(limit)} limit")
    return out


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._data) if n is None or n < 0 else self._pos + n
        out = self._data[self._pos:end]
        self._pos += len(out)
        return out


# ---------- news pages ----------


@dataclass
class PageError(ReadError):
    """A page that gave no article: the URL, why, and whether a later try may succeed."""

    retryable: bool = False


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head


def fetch_article(
    url: str,
    fetcher: Fetcher,
    *,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
) -> Article | PageError:
    """The news article at ``url``, fetched by ``fetcher`` and read like a saved ``.html`` page.

    Its id is :func:`url_article_id` of ``url``; its ``url`` the canonical address it was
    found at (after redirects). ``title``, ``published`` (``YYYY-MM-DD...``, from a feed) and
    ``source`` fill what the page's metadata leaves out (``published_from="feed"``). A page
    that cannot be fetched, is not HTML or has no article text is a :class:`PageError`.
    """
    from strikewatch.read.html import NoArticleText, article_from_html
    from strikewatch.read.published import parse_date

    res = fetcher.get(url)
    if res.error is not None:
        return PageError(url, res.error, retryable=res.retryable)
    if not res.ok:
        return PageError(url, f"HTTP {res.status}: no page")
    media = res.media_type
    if media and media not in _HTML_TYPES:
        return PageError(url, f"not an HTML page ({media})")
    if not media and not _looks_like_html(res.body):
        return PageError(url, "not an HTML page (no content type, and it does not look like one)")
    if not res.body.strip():
        return PageError(url, "empty page")
    try:
        article = article_from_html(res.text())
    except NoArticleText as err:
        return PageError(url, str(err))
    article.id = url_article_id(url)
    article.url = canonical_url(res.final_url)
    article.title = article.title or title
    article.source = article.source or source
    if not article.published and published:
        day = parse_date(published[:10])
        if day:
            article.published, article.published_from = day, "feed"
    return article


def fetch_articles(urls: list[str], fetcher: Fetcher) -> Iterator[Article | PageError]:
    """The article at each of ``urls``, in order (a :class:`PageError` for each that gives none)."""
    for url in urls:
        yield fetch_article(url, fetcher)
