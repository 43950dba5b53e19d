"""Turning a saved HTML news page into an ``Article`` (main text, title, date) with trafilatura."""

from __future__ import annotations

import datetime as dt
from typing import Any

from strikewatch.model import Article
from strikewatch.read.ids import file_stem
from strikewatch.read.published import find_published, parse_date, published_from_html

__all__ = ["NoArticleText", "article_from_html"]


class NoArticleText(ValueError):
    """The HTML page has no main text that trafilatura could find."""


def _extract(html: str) -> Any:
    import trafilatura

    date_params = {
        "extensive_search": False,  # metadata and markup only, no guessing from the body
        "original_date": True,
        "max_date": (dt.date.today() + dt.timedelta(days=1)).isoformat(),
    }
    return trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=date_params,
    )


def article_from_html(html: str, path: str | None = None) -> Article:
    """The article in an HTML page.

    The id is the file stem when ``path`` is given (else a hash of the text). The
    publication date comes from the page's metadata (``published_from="html"``) or,
    failing that, from the text (``"text"``). Raises ``NoArticleText`` (a ValueError)
    when no main text can be found.
    """
    try:
        doc = _extract(html)
    except Exception as err:  # noqa: BLE001 - trafilatura/lxml can fail in many ways on bad HTML
        raise NoArticleText(f"HTML could not be parsed: {err}") from err
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise NoArticleText("no article text found in HTML")

    published = parse_date(str(doc.date)) if getattr(doc, "date", None) else None
    if not published:
        published = published_from_html(html)
    published_from = "html" if published else None
    if not published:
        published, _ = find_published(text)
        published_from = "text" if published else None

    return Article(
        id=file_stem(path) if path else "",
        text=text,
        url=getattr(doc, "url", None) or None,
        source=getattr(doc, "sitename", None) or None,
        title=getattr(doc, "title", None) or None,
        published=published,
        published_from=published_from,
        path=str(path) if path else None,
    )
