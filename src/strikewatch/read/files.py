"""Reading articles from files and directories, never raising on bad input.

``read_paths`` streams ``Article`` objects and, for anything it cannot read, a
``ReadError`` with a one-line reason. Formats, chosen by file name:

- ``.json``: one article object in the spec's format, or a list of them (a ``.json``
  file that holds one object per line is read as JSON Lines);
- ``.jsonl`` / ``.ndjson``: one article per line, streamed (a file of any size; each line
  at most 10 MB); a bad line gives a ReadError for ``file:line`` and reading goes on;
- ``.txt`` / ``.text``: plain text, with optional header lines (``Title:``, ``Date:``,
  ``Published:``, ``URL:``, ``Source:``, ``Id:``) then a blank line, then the body;
- ``.html`` / ``.htm``: a saved web page (main text and metadata via trafilatura);
- ``.warc`` / ``.warc.gz``: web archive records, streamed (see ``strikewatch.read.warc``);
- ``X.gz``: any of these, gzip-compressed;
- directories: walked recursively in sorted order; hidden entries are skipped, each
  real directory and file is visited once (symlink loops end), and only files with
  the extensions above are read (others are skipped silently);
- a file with another extension named explicitly is sniffed: JSON if it starts
  with ``{`` or ``[``, HTML if it starts like a web page, else plain text.

Missing ids come from the file stem (``stem:N`` for the N-th item of a JSON list or
the line N of a JSON Lines file). A given ``published`` is normalised to YYYY-MM-DD
(``published_from="given"``); a missing one, or one that is not a full date, is looked
for in the HTML metadata (``"html"``) or the text (``"text"``). A file reached twice
(the same path given twice, or through a symlink) is read once.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strikewatch.model import Article
from strikewatch.read.html import NoArticleText, article_from_html
from strikewatch.read.ids import file_stem
from strikewatch.read.published import find_published, parse_date

__all__ = ["MAX_BYTES", "ReadError", "count_paths", "read_paths"]

#: files (and decompressed .gz contents) larger than this are not read
MAX_BYTES = 10 * 1024 * 1024

_JSON = {".json"}
_JSONL = {".jsonl", ".ndjson"}
_TEXT = {".txt", ".text"}
_HTML = {".html", ".htm"}
_KNOWN = _JSON | _JSONL | _TEXT | _HTML

_TXT_HEADERS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "url": "url",
    "link": "url",
    "source": "source",
    "id": "id",
}


@dataclass
class ReadError:
    """A file (or ``file:line``) that gave no article, and why, in one line."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class _Bad(Exception):
    """Internal: a reason why a whole file cannot be read."""


#: a web address given where a path is expected
URL_RX = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def read_paths(paths: Iterable[str | Path]) -> Iterator[Article | ReadError]:
    """Articles from files and directories, in order, with a ReadError for each bad input."""
    for unit in _inputs(paths):
        if isinstance(unit, ReadError):
            yield unit
        else:
            yield from _read_file(*unit)


def count_paths(paths: Iterable[str | Path]) -> int:
    """How many items (articles and read errors) ``read_paths(paths)`` yields, counted without
    parsing any article: lines of JSON Lines, items of JSON lists, HTML responses of WARC files.
    A first pass for a progress bar's total; it reads the files but costs far less than extracting."""
    return sum(1 if isinstance(unit, ReadError) else _count_file(*unit) for unit in _inputs(paths))


#: a file to read (its path, its stat, whether it was named explicitly), or why a path gave nothing
_Unit = ReadError | tuple[Path, os.stat_result, bool]


def _inputs(paths: Iterable[str | Path]) -> Iterator[_Unit]:
    """The files under ``paths``, each once, in reading order, with a ReadError for each bad path."""
    seen: set[tuple[int, int]] = set()
    for p in paths:
        if URL_RX.match(str(p)):  # Path() would make "https://x" "https:/x": say what it is instead
            yield ReadError(str(p), "a web address: strikewatch reads files and directories; save the page "
                                    "(.html) and read the file")
            continue
        path = Path(p)
        try:
            st = path.stat()
        except FileNotFoundError:
            reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield ReadError(str(p), reason)
            continue
        except OSError as err:
            yield ReadError(str(p), _os_reason(err))
            continue
        if stat.S_ISDIR(st.st_mode):
            found = False
            for unit in _walk(path, seen):
                found = True
                yield unit
            if not found and _key(st) in seen:  # walked (not a directory named twice) and nothing in it
                yield ReadError(str(p), f"no articles found in {p} (no .json, .jsonl, .txt, .html, .gz or "
                                        ".warc files)")
        elif _key(st) not in seen:
            seen.add(_key(st))
            yield path, st, True


def _walk(directory: Path, seen: set[tuple[int, int]]) -> Iterator[_Unit]:
    try:
        key = _key(directory.stat())
        if key in seen:
            return
        seen.add(key)
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        yield ReadError(str(directory), _os_reason(err))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            st = path.stat()
        except FileNotFoundError:
            if path.is_symlink():
                yield ReadError(str(path), "broken symbolic link")
            continue
        except OSError as err:
            yield ReadError(str(path), _os_reason(err))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, seen)
        elif _kind(path) is not None and _key(st) not in seen:
            seen.add(_key(st))
            yield path, st, False


def _key(st: os.stat_result) -> tuple[int, int]:
    return (st.st_dev, st.st_ino)


def _read_file(path: Path, st: os.stat_result, explicit: bool) -> Iterator[Article | ReadError]:
    if stat.S_ISREG(st.st_mode) and _kind(path) == "jsonl":
        yield from _stream_jsonl(path)  # any size: read a line at a time
        return
    if stat.S_ISREG(st.st_mode) and _kind(path) == "warc":
        yield from _stream_warc(path)  # any size: a record at a time
        return
    text = _load(path, st)
    if isinstance(text, ReadError):
        yield text
        return
    yield from _parse(path, text, _kind(path) or _sniff(text))


def _count_file(path: Path, st: os.stat_result, explicit: bool) -> int:
    """How many items ``_read_file`` yields for this file (see ``count_paths``)."""
    if stat.S_ISREG(st.st_mode) and _kind(path) == "jsonl":
        return sum(1 for _ in _jsonl_lines(path))
    if stat.S_ISREG(st.st_mode) and _kind(path) == "warc":
        return _count_warc(path)
    text = _load(path, st)
    if isinstance(text, ReadError):
        return 1
    kind = _kind(path) or _sniff(text)
    if kind == "jsonl":
        return sum(1 for line in text.splitlines() if line.strip())
    if kind != "json":
        return 1  # a text or HTML file: one article, or one error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" and text.lstrip().startswith("{"):
            return sum(1 for line in text.splitlines() if line.strip())
        return 1
    return max(1, len(data)) if isinstance(data, list) else 1


def _load(path: Path, st: os.stat_result) -> str | ReadError:
    """The text of a file read whole (at most MAX_BYTES, gunzipped), or why it cannot be read."""
    try:
        if not stat.S_ISREG(st.st_mode):
            raise _Bad("not a regular file")
        if st.st_size > MAX_BYTES:
            raise _Bad(_too_big(st.st_size))
        data = _read_bytes(path)
        if path.name.lower().endswith(".gz"):
            data = _gunzip(data)
        return _decode(data)
    except _Bad as bad:
        return ReadError(str(path), str(bad))
    except OSError as err:
        return ReadError(str(path), _os_reason(err))


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _Bad(_too_big(len(data)))
    return data


def _gunzip(data: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=_BytesReader(data)) as g:
            out = g.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise _Bad(f"not a valid gzip file ({err})") from err
    if len(out) > MAX_BYTES:
        raise _Bad("decompressed contents are over the 10 MB limit")
    return out


class _BytesReader:
    """A minimal file object over bytes (``io.BytesIO`` without a copy)."""

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._pos = 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._view) if n is None or n < 0 else min(len(self._view), self._pos + n)
        chunk = bytes(self._view[self._pos : end])
        self._pos = end
        return chunk


def _decode(data: bytes) -> str:
    if not data:
        raise _Bad("empty file")
    if b"\x00" in data[:8192]:
        raise _Bad("not UTF-8 text (binary file?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _Bad(f"not UTF-8 text (binary file?): bad byte at offset {err.start}") from err
    if not text.strip():
        raise _Bad("file has only whitespace")
    return text


def _too_big(size: int) -> str:
    return f"file is {size / (1024 * 1024):.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit"


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    return (err.strerror or str(err)).lower()


def _kind(path: Path) -> str | None:
    """The format a file name says: "json", "jsonl", "text", "html", or None."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    if suffix in _JSON:
        return "json"
    if suffix in _JSONL:
        return "jsonl"
    if suffix in _TEXT:
        return "text"
    if suffix in _HTML:
        return "html"
    if suffix == ".warc":
        return "warc"
    return None


def _sniff(text: str) -> str:
    head = text.lstrip()[:1024].lower()
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head or "<head" in head:
        return "html"
    return "text"


# --- formats -------------------------------------------------------------------------------


def _parse(path: Path, text: str, kind: str) -> Iterator[Article | ReadError]:
    if kind == "json":
        yield from _parse_json(path, text)
    elif kind == "jsonl":
        yield from _parse_jsonl(path, text)
    elif kind == "html":
        try:
            yield article_from_html(text, str(path))
        except NoArticleText as err:
            yield ReadError(str(path), str(err))
    else:
        yield _parse_text(path, text)


def _parse_json(path: Path, text: str) -> Iterator[Article | ReadError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from _parse_jsonl(path, text)  # JSON Lines saved as .json
        else:
            yield ReadError(str(path), f"line {err.lineno}: not JSON: {err.msg}")
        return
    stem = file_stem(path)
    if isinstance(data, dict):
        yield _article_or_error(data, path, str(path), stem)
    elif isinstance(data, list):
        if not data:
            yield ReadError(str(path), "JSON list is empty")
        for i, item in enumerate(data, 1):
            where = f"{path}[{i}]"
            if isinstance(item, dict):
                yield _article_or_error(item, path, where, f"{stem}:{i}")
            else:
                yield ReadError(where, f"expected a JSON object, got {_json_type(item)}")
    else:
        yield ReadError(str(path), f"expected a JSON object or a list of objects, got {_json_type(data)}")


def _parse_jsonl(path: Path, text: str) -> Iterator[Article | ReadError]:
    stem = file_stem(path)
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield _jsonl_line(path, stem, lineno, line)


def _jsonl_line(path: Path, stem: str, lineno: int, line: str) -> Article | ReadError:
    where = f"{path}:{lineno}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        return ReadError(where, f"not JSON: {err.msg}")
    if isinstance(data, dict):
        return _article_or_error(data, path, where, f"{stem}:{lineno}")
    return ReadError(where, f"expected a JSON object, got {_json_type(data)}")


def _count_warc(path: Path) -> int:
    """How many items ``_stream_warc`` yields: one per HTML response, one for a damaged archive."""
    try:
        from strikewatch.read.warc import html_responses
    except ImportError:
        return 1
    n = 0
    try:
        for _ in html_responses(path):
            n += 1
    except Exception:  # as in _stream_warc: the damage is one more error
        n += 1
    return n


def _stream_warc(path: Path) -> Iterator[Article | ReadError]:
    try:
        from strikewatch.read.warc import read_warc
    except ImportError:  # warcio is a dependency; say so plainly if it is missing
        yield ReadError(str(path), "reading WARC files needs the 'warcio' package")
        return
    try:
        for article, reason, where in read_warc(path):
            yield article if article is not None else ReadError(where, reason or "unreadable record")
    except Exception as err:  # warcio raises several kinds on a damaged archive
        yield ReadError(str(path), f"not a readable WARC file ({type(err).__name__}: {err})")


def _stream_jsonl(path: Path) -> Iterator[Article | ReadError]:
    """A JSON Lines file (or .jsonl.gz) of any size, a line at a time; each line is one article
    and may be at most MAX_BYTES, so memory stays bounded whatever the file's size."""
    stem = file_stem(path)
    for item in _jsonl_lines(path):
        yield item if isinstance(item, ReadError) else _jsonl_line(path, stem, *item)


def _jsonl_lines(path: Path) -> Iterator[ReadError | tuple[int, str]]:
    """(line number, line) for each non-blank line of a JSON Lines file, or a ReadError where a
    line or the file cannot be read: one item for each item ``_stream_jsonl`` yields."""
    seen_any = False
    try:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as f:
            lineno = 0
            while True:
                raw = f.readline(MAX_BYTES + 1)
                if not raw:
                    break
                lineno += 1
                if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
                    yield ReadError(f"{path}:{lineno}", f"line is over the {MAX_BYTES // (1024 * 1024)} MB limit")
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                        raw = f.readline(MAX_BYTES + 1)
                    continue
                if b"\x00" in raw:
                    yield ReadError(f"{path}:{lineno}", "not UTF-8 text (binary data?)")
                    continue
                try:
                    line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError as err:
                    yield ReadError(f"{path}:{lineno}", f"not UTF-8 text: bad byte at offset {err.start}")
                    continue
                if line.strip():
                    seen_any = True
                    yield lineno, line
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        reason = f"not a valid gzip file ({err})" if isinstance(err, gzip.BadGzipFile | EOFError) else _os_reason(err)
        yield ReadError(str(path), reason)
        return
    if not seen_any:
        yield ReadError(str(path), "empty file" if lineno == 0 else "file has only whitespace")


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def _opt_str(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    s = str(value).strip()
    return s or None


def _article_or_error(d: dict[str, Any], path: Path, where: str, default_id: str) -> Article | ReadError:
    """An article from a spec-shaped dict (other keys, such as ``gold``, are ignored)."""
    text = d.get("text")
    if not isinstance(text, str):
        return ReadError(where, "JSON object has no 'text' string")
    if not text.strip():
        return ReadError(where, "article text is empty")
    article = Article(
        id=_opt_str(d.get("id")) or default_id,
        text=text,
        url=_opt_str(d.get("url")),
        source=_opt_str(d.get("source")),
        title=_opt_str(d.get("title")),
        path=str(path),
    )
    given = d.get("published")
    _set_published(article, given if isinstance(given, str) else None)
    return article


def _set_published(article: Article, given: str | None) -> None:
    """Use a given date (normalised to YYYY-MM-DD), else look for one in the text."""
    iso = parse_date(given) if given else None
    if iso:
        article.published, article.published_from = iso, "given"
        return
    found, _ = find_published(article.text)
    article.published, article.published_from = (found, "text") if found else (None, None)


def _parse_text(path: Path, text: str) -> Article | ReadError:
    headers, body = _split_headers(text)
    if not body.strip():
        return ReadError(str(path), "no article text after the header lines")
    article = Article(
        id=headers.get("id") or file_stem(path),
        text=body,
        url=headers.get("url"),
        source=headers.get("source"),
        title=headers.get("title"),
        path=str(path),
    )
    _set_published(article, headers.get("published"))
    return article


def _split_headers(text: str) -> tuple[dict[str, str], str]:
    """``Key: value`` lines at the top, then a blank line, then the body.

    Without such a block (or without the blank line after it) the whole text is the body.
    """
    lines = text.lstrip("\n").split("\n")
    headers: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if headers:
                return headers, "\n".join(lines[i + 1 :]).strip("\n")
            break
        key, sep, value = line.partition(":")
        field = _TXT_HEADERS.get(key.strip().lower()) if sep else None
        if field is None or " " in key.strip():
            break
        if value.strip():
            headers.setdefault(field, value.strip())
    return {}, text.strip("\n")
