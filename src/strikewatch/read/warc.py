"""News pages from WARC files (Common Crawl News and the like), streamed with ``warcio``.

Each ``response`` record with an HTML body becomes an ``Article`` (main text, title
and date via trafilatura, as for a saved page); its id is a short hash of the
target URL, so the same page crawled twice is the same article. Records that are
not HTML responses are skipped; a page with no article text is a ``ReadError``
naming ``file#offset``, and reading goes on. A record body over 10 MB is skipped
with an error. Memory stays bounded: one record at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from strikewatch.model import Article
from strikewatch.read.html import NoArticleText, article_from_html
from strikewatch.read.published import parse_date

MAX_RECORD_BYTES = 10 * 1024 * 1024


def url_id(url: str) -> str:
    """A stable article id for a URL: ``warc-`` and 16 hex digits of its SHA-1."""
    return "warc-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def html_responses(path: Path) -> Iterator[tuple[Any, Any, str]]:
    """(iterator, record, content type) for each HTML response record of a WARC, its body unread
    (the iterator skips a body the caller does not read). Raises ValueError for a file with no
    WARC record, and whatever warcio raises for a damaged one."""
    from warcio.archiveiterator import ArchiveIterator

    seen = 0
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            if not str(record.format).startswith("warc"):
                continue  # warcio reads anything as an old ARC record; only WARC is read here
            seen += 1
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            yield records, record, ctype
    if seen == 0:
        raise ValueError("no WARC records in it")


def read_warc(path: Path) -> Iterator[tuple[Article | None, str | None, str]]:
    """(article, error reason, where) for each HTML response record of a WARC (.warc or .warc.gz)."""
    for records, record, ctype in html_responses(path):
        body = record.content_stream().read(MAX_RECORD_BYTES + 1)
        where = f"{path}#{records.get_record_offset()}"  # after the read: asking earlier consumes the body
        if len(body) > MAX_RECORD_BYTES:
            yield None, "record body is over the 10 MB limit", where
            continue
        charset = "utf-8"
        if "charset=" in ctype.lower():
            charset = ctype.lower().split("charset=")[-1].split(";")[0].strip() or "utf-8"
        try:
            html = body.decode(charset, errors="replace")
        except LookupError:
            html = body.decode("utf-8", errors="replace")
        url = record.rec_headers.get_header("WARC-Target-URI") or where
        try:
            article = article_from_html(html)
        except NoArticleText as err:
            yield None, str(err), where
            continue
        article.id = url_id(url)
        article.url = url
        article.path = str(path)
        if not article.published:
            crawled = parse_date(record.rec_headers.get_header("WARC-Date") or "")
            if crawled:
                article.published, article.published_from = crawled, "crawl"
        yield article, None, where
