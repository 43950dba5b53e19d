"""Finding an article's publication date in its text or HTML.

``find_published`` is deliberately conservative: a wrong publication date shifts
every relative date the extractor resolves ("Tuesday", "next week"), so it only
trusts dates that are laid out like publication dates:

1. a header line at the very start of the text (`` date 2023-03-23``, ``Date: …``);
2. an explicit marker: ``Published Oct. 4, 2023``, ``Posted 9:05 AM, June 26, 2019``;
3. a short byline / dateline line near the top that holds little besides a full date,
   names, times and separators (``Kimie Saito, Marc Wells 19 December 2025``,
   ``By Jane Doe — April 19, 2018 7 min read``, ``12 Mar 2017 - 21:07``);
4. an ``Updated …`` marker, when nothing better is found.

Dates must carry a year; dates inside narrative sentences are never used.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

from strikewatch.model import Evidence

__all__ = ["find_published", "parse_date", "published_from_html"]

#: how far into the text byline/dateline lines are looked for
TOP_CHARS = 600
#: how many non-empty lines at the top are looked at
TOP_LINES = 8
#: how far into the text capitalised Published/Posted/Updated markers are looked for
MARKER_CHARS = 3000

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|\.)?"
_TZ = r"(?:[ECMP][SD]?T|GMT|UTC|BST|CES?T|AES?T|AED?T|IST|HKT|JST|SGT|Z)"
_TIME = r"(?:\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?)"

_DATE_RE = re.compile(
    r"(?<![\w/-])(?:"
    r"(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})(?![\d])"
    rf"|(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+(?P<y1>\d{{4}})(?!\d)"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})(?!\d)"
    r"|(?P<nm>\d{1,2})/(?P<nd>\d{1,2})/(?P<ny>\d{4})(?!\d)"
    r")",
    re.IGNORECASE,
)

_HEADER_RE = re.compile(r"\A\s*(?:date|published|posted|publication date)\s*[:\-–—]?\s*", re.IGNORECASE)

_MARKER_RE = re.compile(
    r"(?P<kw>(?:First |Originally )?Published|PUBLISHED|Posted|POSTED|(?:Last |LAST )?(?:Updated|UPDATED)|Last updated)"
    r"(?![a-z])"
)
# what may stand between a marker and its date: "on", "at", times, zones, weekdays, punctuation
_FILLER_RE = re.compile(
    rf"(?:[\s:,|·•.\-–—]+|\b(?:on|at)\b|{_TIME}|\b{_TZ}\b|\b{_WEEKDAY}\b)*",
    re.IGNORECASE,
)

# bits of a byline/dateline line that are not names
_LINE_NOISE_RE = re.compile(
    rf"\b\d+\s*min(?:ute)?s?\s+read\b|\b(?:The )?(?:Associated Press|Reuters|AFP|Bloomberg|UPI|Press Association)\b|{_TIME}|\b{_TZ}\b|\b{_WEEKDAY}\b|\(AP\)|\bby\b|"
    r"\b(?:published|posted|updated|last updated|staff|writer|reporter|correspondent)\b|[:,|·•/\-–—()]",
    re.IGNORECASE,
)
_DATELINE_HEAD_RE = re.compile(
    r"\s*[A-Z][A-Z.'’\- ]+(?:,\s*[A-Z][A-Za-z.'’\- ]+)?(?:\s*\([A-Za-z ]+\))?,?\s*"
)
_DATELINE_TAIL_RE = re.compile(r"\s*(?:\([A-Za-z ]+\))?\s*(?:[—–]|--?)\s")
# words that betray a sentence or headline rather than a byline
_SENTENCE_WORDS = frozenset(
    "a an the for since until till after before from to in of through starting beginning ending on "
    "with over during as vs is are was were will be been has have had set begin begins began end ends "
    "ended strike strikes walkout vote deal contract workers union".split()
)
_NAME_WORD_RE = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.|and|de|del|da|van|von|der|la|le|du|&)$")


def _ymd(m: re.Match[str]) -> str | None:
    """The ISO date of a ``_DATE_RE`` match, or None if it is not a valid, plausible date."""
    g = m.groupdict()
    if g["iy"]:
        y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["m1"]:
        y, mo, d = int(g["y1"]), _MONTHS[g["m1"].lower()], int(g["d1"])
    elif g["m2"]:
        y, mo, d = int(g["y2"]), _MONTHS[g["m2"].lower()], int(g["d2"])
    else:
        a, b, y = int(g["nm"]), int(g["nd"]), int(g["ny"])
        if a <= 12 and b <= 12 and a != b:
            return None  # 03/04/2023: US or European? Don't guess.
        mo, d = (a, b) if a <= 12 else (b, a)
    try:
        date = dt.date(y, mo, d)
    except ValueError:
        return None
    if y < 1900 or date > dt.date.today() + dt.timedelta(days=2):
        return None
    return date.isoformat()


def _dates(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[str, re.Match[str]]]:
    for m in _DATE_RE.finditer(text, start, len(text) if end is None else end):
        iso = _ymd(m)
        if iso:
            yield iso, m


def _found(text: str, iso: str, m: re.Match[str], offset: int = 0) -> tuple[str, Evidence]:
    start, end = offset + m.start(), offset + m.end()
    return iso, Evidence(text=text[start:end], start=start, end=end)


def _from_header(text: str) -> tuple[str, Evidence] | None:
    h = _HEADER_RE.match(text)
    if not h:
        return None
    m = _DATE_RE.match(text, h.end())
    iso = _ymd(m) if m else None
    return _found(text, iso, m) if m and iso else None


def _from_markers(text: str, kinds: tuple[str, ...]) -> tuple[str, Evidence] | None:
    for mk in _MARKER_RE.finditer(text):
        kw = mk.group("kw").lower().split()[-1]
        if kw not in kinds:
            continue
        line_start = text.rfind("\n", 0, mk.start()) + 1
        at_line_start = not text[line_start : mk.start()].strip(" \t-–—•·|*#")
        if mk.start() > MARKER_CHARS and not at_line_start:
            continue
        for iso, m in _dates(text, mk.end(), min(len(text), mk.end() + 60)):
            if _FILLER_RE.fullmatch(text, mk.end(), m.start()):
                return _found(text, iso, m)
            break
    return None


def _is_dateline(line: str, m: re.Match[str]) -> bool:
    """True for ``WASHINGTON, March 3, 2023 (AP) — …``: capitalised place, date, dash."""
    before, after = line[: m.start()], line[m.end() :]
    return bool(_DATELINE_HEAD_RE.fullmatch(before) and _DATELINE_TAIL_RE.match(after))


def _is_byline(line: str, m: re.Match[str], first: bool) -> bool:
    """True if ``line`` holds little besides the date ``m``: names, times, separators.

    On the first line (usually the headline) only ``By …`` bylines and bare dates count,
    so that a Title Case headline such as "Big March 5 2024 Rally" is not taken.
    """
    if len(line) > 120:
        return False
    rest = line[: m.start()] + " " + line[m.end() :]
    if first and rest.strip() and not re.match(r"\s*By\s", line):
        rest = _LINE_NOISE_RE.sub(" ", rest)
        return not rest.split()
    rest = _LINE_NOISE_RE.sub(" ", rest)
    words = rest.split()
    if len(words) > 6:
        return False
    for w in words:
        if re.fullmatch(r"[A-Z]\.", w):  # an initial, not the article "a"
            continue
        if w.lower().strip(".") in _SENTENCE_WORDS or not _NAME_WORD_RE.match(w):
            return False
    return True


def _from_top_lines(text: str) -> tuple[str, Evidence] | None:
    pos = 0
    seen = 0
    while pos < min(len(text), TOP_CHARS) and seen < TOP_LINES:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end]
        if line.strip():
            seen += 1
            for iso, m in _dates(line):
                if _is_byline(line, m, first=seen == 1) or _is_dateline(line, m):
                    return _found(text, iso, m, offset=pos)
        pos = end + 1
    return None


def find_published(text: str) -> tuple[str | None, Evidence | None]:
    """The publication date (``YYYY-MM-DD``) stated in an article's text, with the date's span.

    Returns ``(None, None)`` when the text has no date laid out as a publication date.
    """
    if not text:
        return None, None
    for finder in (
        _from_header,
        lambda t: _from_markers(t, ("published", "posted")),
        _from_top_lines,
        lambda t: _from_markers(t, ("updated",)),
    ):
        hit = finder(text)
        if hit:
            return hit
    return None, None


def parse_date(value: str) -> str | None:
    """Normalise a stated date (ISO timestamp, "March 23, 2023", RFC 2822, …) to ``YYYY-MM-DD``.

    Only full dates (day, month and year) are accepted; anything else gives None.
    """
    value = value.strip()
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    for iso, _ in _dates(value):
        return iso
    import dateparser  # slow to import; only needed for odd formats

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
    )
    return parsed.date().isoformat() if parsed else None


# --- HTML -------------------------------------------------------------------------------

_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)


def _meta_dates(html: str) -> Iterator[str]:
    """Candidate dates from meta tags, JSON-LD ``datePublished`` and ``<time datetime>``."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and meta.get("content") and key not in metas:
            metas[key] = meta.get("content", "")
    for key in _META_KEYS:
        if key in metas:
            yield metas[key]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        yield from _jsonld_dates(data)
    for el in tree.iter():
        if el.get("itemprop") == "datePublished":
            yield el.get("datetime") or el.get("content") or el.text_content()
    for el in tree.iter("time"):
        if el.get("pubdate") is not None and el.get("datetime"):
            yield el.get("datetime", "")


def _jsonld_dates(data: object) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_dates(item)
    elif isinstance(data, dict):
        value = data.get("datePublished")
        if isinstance(value, str):
            yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), list | dict):
                yield from _jsonld_dates(data[key])


def published_from_html(html: str) -> str | None:
    """The publication date of an HTML page, from its metadata (never from a guess in the body)."""
    if not html or not html.strip():
        return None
    try:
        import trafilatura

        meta = trafilatura.extract_metadata(html, extensive=False)
        if meta is not None and meta.date:
            iso = parse_date(str(meta.date))
            if iso:
                return iso
    except Exception:  # noqa: BLE001 - trafilatura can fail in many ways on odd HTML
        pass
    for value in _meta_dates(html):
        iso = parse_date(value) if value else None
        if iso:
            return iso
    return None
