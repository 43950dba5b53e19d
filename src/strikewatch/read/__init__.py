"""The reading stage: articles from files (JSON, JSON Lines, text, HTML, gzip, directories).

``read_paths`` streams ``Article`` objects, with a ``ReadError`` for each input that
cannot be read; ``find_published`` finds a publication date stated in article text.
"""

from strikewatch.read.files import MAX_BYTES, ReadError, count_paths, read_paths
from strikewatch.read.html import NoArticleText, article_from_html
from strikewatch.read.published import find_published, parse_date, published_from_html

__all__ = [
    "MAX_BYTES",
    "NoArticleText",
    "ReadError",
    "article_from_html",
    "count_paths",
    "find_published",
    "parse_date",
    "published_from_html",
    "read_paths",
]
