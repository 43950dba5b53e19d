"""Finding an article's publication date in its text, its URL or its HTML.

``find_published`` is deliberately conservative: a wrong publication date shifts
every relative date the extractor resolves ("Tuesday", "next week"), so it only
trusts dates that are laid out like publication dates:

1. a header line at the very start of the text (`` date 2023-03-23``, ``Date: …``;
   a header with only a month, `` date 2021-10``, gives ``2021-10``);
2. an explicit marker: ``Published Oct. 4, 2023``, ``Posted 9:05 AM, June 26, 2019``;
3. a short byline / dateline line near the top that holds little besides a full date,
   names, times and separators (``Kimie Saito, Marc Wells 19 December 2025``,
   ``By Jane Doe — April 19, 2018 7 min read``, ``12 Mar 2017 - 21:07``,
   ``2/10/2015``), or a line that opens with a full date and a colon or dash
   (``February 8, 2012: Teamsters are voting…``). A bare date line (a site's
   "today" display such as ``Friday, February 6, 2026``) gives way to a later byline
   with an earlier date (``The Canadian Press, 03 Sep, 2025``);
4. a dateline with month and day but no year (``HOUSTON, March 25 (Reuters) -``),
   when the text states that month and day with a year elsewhere;
5. an ``Updated …`` marker, when nothing better is found.

Dates must carry a year; dates inside narrative sentences are never used. Numeric
dates such as ``07/10/2014`` are read month first (US order) unless the text itself
writes dates day first (``25/03/2023``, ``29 January 2015``).

``published_from_url`` reads the date many sites put in their URLs
(``/2020/10/…``, ``/20140603/``, ``…-idUSL2N0WR2U020150325``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from strikewatch.model import Evidence

__all__ = ["find_published", "parse_date", "published_from_html", "published_from_url"]

#: how far into the text byline/dateline lines are looked for
TOP_CHARS = 600
#: how many non-empty lines at the top are looked at
TOP_LINES = 8
#: how far into the text capitalised Published/Posted/Updated markers are looked for
MARKER_CHARS = 3000
#: how much of the text's start and end is read for its date conventions and years
SCAN_CHARS = 1500
#: the plausible years of a date in a URL
URL_YEARS = (1990, 2030)

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
_AGO = r"\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"
_WIRES = (
    r"(?:The )?(?:Associated Press|Canadian Press|Reuters|AFP|Bloomberg|UPI|Press Association|PA Media"
    r"|AAP|PTI|IANS|ANI|Xinhua|Kyodo)"
)

_DATE_PAT = (
    r"(?<![\w/-])(?:"
    r"(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})(?![\d])"
    rf"|(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+(?P<y1>\d{{4}})(?!\d)"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})(?!\d)"
    r"|(?P<nm>\d{1,2})/(?P<nd>\d{1,2})/(?P<ny>\d{4})(?!\d)"
    r")"
)
_DATE_RE = re.compile(_DATE_PAT, re.IGNORECASE)
# a header's month without a day: "2021-10", "October 2021"
_MONTH_ONLY_RE = re.compile(
    rf"(?P<y>\d{{4}})-(?P<m>\d{{1,2}})(?![\d/-])|(?P<mn>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
# numeric and worded dates whose order tells how the text writes dates
_NUMERIC_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})(?![\d/])")
_DAY_MONTH_RE = re.compile(rf"(?<![\w/-])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b", re.IGNORECASE)
_MONTH_DAY_RE = re.compile(rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.IGNORECASE)

_HEADER_RE = re.compile(r"\A\s*(?:date|published|posted|publication date)\s*[:\-–—]?\s*", re.IGNORECASE)

_MARKER_RE = re.compile(
    r"(?P<kw>(?:First |Originally )?Published|PUBLISHED|Posted|POSTED|(?:Last |LAST )?(?:Updated|UPDATED)|Last updated)"
    r"(?![a-z])"
)
# a marker at the start of a line (after bullets or dashes): looked for through the whole text
_LINE_MARKER_RE = re.compile(r"\n[ \t\-–—•·|*#]*(?=" + _MARKER_RE.pattern + ")")
# what may stand between a marker and its date: "on", "at", times, zones, weekdays, punctuation
_FILLER = rf"(?:[\s:,|·•.\-–—]+|\b(?:on|at)\b|{_TIME}|\b{_TZ}\b|\b{_WEEKDAY}\b)*"
_FILLER_RE = re.compile(_FILLER, re.IGNORECASE)
# "| Updated 09/21/2013 05:12 EDT" after a byline's date: not part of the byline
_UPDATED_SEG_RE = re.compile(
    rf"\b(?:last\s+)?updated\b{_FILLER}?{_DATE_PAT}(?:\s*{_TIME})?(?:\s*\b{_TZ}\b)?", re.IGNORECASE
)

# bits of a byline/dateline line that are not names
_LINE_NOISE_RE = re.compile(
    rf"\b\d+\s*min(?:ute)?s?\s+read\b|\b{_AGO}\b|\b{_WIRES}\b|{_TIME}|\b{_TZ}\b|\b{_WEEKDAY}\b|\(AP\)|\bby\b|"
    r"\b(?:published|posted|updated|last updated|staff|writer|reporter|correspondent)\b|[:,|·•/\-–—()]",
    re.IGNORECASE,
)
# what a bare date line (no names, no markers) may hold besides its date
_BARE_NOISE_RE = re.compile(rf"\b{_AGO}\b|{_TIME}|\b{_TZ}\b|\b{_WEEKDAY}\b|[\s:,|·•/\-–—()]", re.IGNORECASE)
_DATELINE_HEAD_RE = re.compile(
    r"\s*[A-Z][A-Z.'’\- ]+(?:,\s*[A-Z][A-Za-z.'’\- ]+)?(?:\s*\([A-Za-z ]+\))?,?\s*"
)
_DATELINE_TAIL_RE = re.compile(r"\s*(?:\([A-Za-z ]+\))?\s*(?:[—–]|--?)\s")
# "HOUSTON, March 25 (Reuters) - …", "July 29 (Reuters) - …": a dateline without a year
_YEARLESS_DATELINE_RE = re.compile(
    rf"\s*(?:[A-Z][A-Z.'’\- ]+(?:,\s*[A-Z][A-Za-z.'’\- ]+)?,?\s*)?"
    rf"(?P<mon>(?i:{_MONTH}))\.?\s+(?P<day>\d{{1,2}})(?!\d)(?!,?\s*\d{{4}})"
    r"\s*(?:\([A-Za-z ]+\))?\s*(?:[—–]|--?)\s"
)
# a line that opens with a date: "February 8, 2012: …", "29 January, 2015IndustriALL …"
_LEAD_HEAD_RE = re.compile(rf"\s*(?:{_WEEKDAY},?\s+)?", re.IGNORECASE)
_LEAD_TAIL_RE = re.compile(r"\s*(?::|[—–]|\s-)\s|[A-Z]")
# lines that open with a date and a colon or dash, with or without a year: a timeline
_LEAD_LINE_RE = re.compile(
    rf"^[ \t]*(?:{_MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}\.?)(?:,?\s+\d{{4}})?\s*(?::|[—–]|\s-)\s",
    re.IGNORECASE | re.MULTILINE,
)
# words that betray a sentence or headline rather than a byline
_SENTENCE_WORDS = frozenset(
    "a an the for since until till after before from to in of through starting beginning ending on "
    "with over during as vs is are was were will be been has have had set begin begins began end ends "
    "ended strike strikes walkout vote deal contract workers union".split()
)
_NAME_WORD_RE = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.|and|de|del|da|van|von|der|la|le|du|&)$")

Hit = tuple[str, Evidence]


def _ymd(m: re.Match[str], order: str | None = None) -> str | None:
    """The ISO date of a ``_DATE_RE`` match, or None if it is not a valid, plausible date.

    ``order`` says how to read a numeric date whose day could be its month (``03/04/2023``):
    ``"mdy"`` (US), ``"dmy"``, or None to refuse it.
    """
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
            if order is None:
                return None  # 03/04/2023: US or European? Don't guess.
            mo, d = (a, b) if order == "mdy" else (b, a)
        else:
            mo, d = (a, b) if a <= 12 else (b, a)
    return _iso(y, mo, d)


def _iso(y: int, mo: int, d: int) -> str | None:
    """``YYYY-MM-DD``, or None for an impossible date or one in the future."""
    try:
        date = dt.date(y, mo, d)
    except ValueError:
        return None
    if y < 1900 or date > dt.date.today() + dt.timedelta(days=2):
        return None
    return date.isoformat()


def _dates(
    text: str, start: int = 0, end: int | None = None, order: str | None = None
) -> Iterator[tuple[str, re.Match[str]]]:
    for m in _DATE_RE.finditer(text, start, len(text) if end is None else end):
        iso = _ymd(m, order)
        if iso:
            yield iso, m


def _scanned(text: str) -> str:
    """The start and end of the text, where headers, bylines and footers are."""
    if len(text) <= 2 * SCAN_CHARS:
        return text
    return text[:SCAN_CHARS] + "\n" + text[-SCAN_CHARS:]


def _numeric_order(text: str) -> str | None:
    """How the text writes numeric dates: ``"mdy"`` (US, the default), ``"dmy"``, or None if both.

    A numeric date whose first part is over 12 (``25/03/2023``) shows day-first writing, one
    whose second part is (``03/25/2023``) month-first; without those, worded dates written
    only day first (``29 January 2015``) count as day-first writing.
    """
    part = _scanned(text)
    day_first = month_first = False
    for m in _NUMERIC_RE.finditer(part):
        a, b = int(m[1]), int(m[2])
        day_first |= 12 < a <= 31 and 1 <= b <= 12
        month_first |= 12 < b <= 31 and 1 <= a <= 12
    if day_first and month_first:
        return None
    if day_first or month_first:
        return "dmy" if day_first else "mdy"
    if _DAY_MONTH_RE.search(part) and not _MONTH_DAY_RE.search(part):
        return "dmy"
    return "mdy"


def _found(text: str, iso: str, m: re.Match[str], offset: int = 0) -> Hit:
    start, end = offset + m.start(), offset + m.end()
    return iso, Evidence(text=text[start:end], start=start, end=end)


def _from_header(text: str, order: str | None = None) -> Hit | None:
    h = _HEADER_RE.match(text)
    if not h:
        return None
    m = _DATE_RE.match(text, h.end())
    iso = _ymd(m, order) if m else None
    if m and iso:
        return _found(text, iso, m)
    mm = _MONTH_ONLY_RE.match(text, h.end())
    if not mm:
        return None
    y = int(mm["y"] or mm["y2"])
    mo = int(mm["m"]) if mm["m"] else _MONTHS[mm["mn"].lower()]
    if not 1 <= mo <= 12 or not _iso(y, mo, 1):
        return None
    return _found(text, f"{y:04d}-{mo:02d}", mm)


def _markers(text: str) -> Iterator[re.Match[str]]:
    """Published/Posted/Updated markers: any in the first ``MARKER_CHARS``, then those opening a line."""
    for mk in _MARKER_RE.finditer(text, 0, min(len(text), MARKER_CHARS + 40)):
        if mk.start() <= MARKER_CHARS:
            yield mk
    for lm in _LINE_MARKER_RE.finditer(text, max(0, MARKER_CHARS - 100)):
        mk = _MARKER_RE.match(text, lm.end())
        if mk and mk.start() > MARKER_CHARS:
            yield mk


def _from_markers(text: str, kinds: tuple[str, ...], order: str | None = None) -> Hit | None:
    for mk in _markers(text):
        kw = mk.group("kw").lower().split()[-1]
        if kw not in kinds:
            continue
        for iso, m in _dates(text, mk.end(), min(len(text), mk.end() + 60), order):
            if _FILLER_RE.fullmatch(text, mk.end(), m.start()):
                return _found(text, iso, m)
            break
    return None


def _is_dateline(line: str, m: re.Match[str]) -> bool:
    """True for ``WASHINGTON, March 3, 2023 (AP) — …``: capitalised place, date, dash."""
    before, after = line[: m.start()], line[m.end() :]
    return bool(_DATELINE_HEAD_RE.fullmatch(before) and _DATELINE_TAIL_RE.match(after))


def _is_lead(line: str, m: re.Match[str]) -> bool:
    """True for a line that opens with the date and a colon or dash: ``February 8, 2012: …``.

    A date glued to the next word (``29 January, 2015IndustriALL …``, a page's date display
    run into the text by scraping) counts too.
    """
    return bool(_LEAD_HEAD_RE.fullmatch(line, 0, m.start()) and _LEAD_TAIL_RE.match(line, m.end()))


def _rest(line: str, m: re.Match[str]) -> str:
    """The line without the date ``m`` and without any ``Updated <date>`` that follows it."""
    return _UPDATED_SEG_RE.sub(" ", line[: m.start()] + " " + line[m.end() :])


def _is_bare(line: str, m: re.Match[str]) -> bool:
    """True if the line holds only the date, weekdays, times and separators."""
    return not _BARE_NOISE_RE.sub("", _rest(line, m))


def _is_byline(line: str, m: re.Match[str], first: bool) -> bool:
    """True if ``line`` holds little besides the date ``m``: names, times, separators.

    On the first line (usually the headline) only ``By …`` bylines and bare dates count,
    so that a Title Case headline such as "Big March 5 2024 Rally" is not taken.
    """
    if len(line) > 120:
        return False
    rest = _rest(line, m)
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


def _top_lines(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, line)`` of the first non-empty lines of the text."""
    pos = 0
    seen = 0
    while pos < min(len(text), TOP_CHARS) and seen < TOP_LINES:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos : min(end, pos + TOP_CHARS)]  # a byline is short; a long line is cut
        if line.strip():
            seen += 1
            yield pos, line
        pos = end + 1


def _line_date(line: str, first: bool, leads_ok: bool, order: str | None) -> tuple[str, re.Match[str]] | None:
    """The first date of a top line that is laid out as a byline, dateline or date-led line."""
    for iso, m in _dates(line, order=order):
        if _is_byline(line, m, first) or _is_dateline(line, m) or (leads_ok and _is_lead(line, m)):
            return iso, m
    return None


def _from_top_lines(text: str, order: str | None = None) -> Hit | None:
    """The first byline, dateline or date-led line near the top.

    A bare date line gives way to the next byline or dateline when that one has an earlier
    date: the bare line is then the site's date display (the day the page was fetched).
    """
    # several lines opening with a date make a timeline, not a date-led article
    leads_ok = len(_LEAD_LINE_RE.findall(text, 0, MARKER_CHARS)) <= 1
    bare: Hit | None = None
    for i, (pos, line) in enumerate(_top_lines(text)):
        got = _line_date(line, i == 0, leads_ok, order)
        if got is None:
            continue
        iso, m = got
        hit = _found(text, iso, m, offset=pos)
        if not _is_bare(line, m):
            return hit if bare is None or iso < bare[0] else bare
        if bare is None:
            bare = hit
    return bare


def _from_yearless_dateline(text: str, order: str | None = None) -> Hit | None:
    """A dateline with month and day but no year, dated by the same day stated in full elsewhere."""
    for pos, line in _top_lines(text):
        d = _YEARLESS_DATELINE_RE.match(line)
        if not d:
            continue
        mo, day = _MONTHS[d["mon"].lower()], int(d["day"])
        years = {
            iso[:4] for iso, _ in _dates(_scanned(text), order=order) if iso[5:] == f"{mo:02d}-{day:02d}"
        }
        if len(years) != 1:
            return None
        iso = _iso(int(years.pop()), mo, day)
        if not iso:
            return None
        start, end = pos + d.start("mon"), pos + d.end("day")
        return iso, Evidence(text=text[start:end], start=start, end=end)
    return None


def find_published(text: str) -> tuple[str | None, Evidence | None]:
    """The publication date stated in an article's text, with the date's span.

    The date is ``YYYY-MM-DD``, or ``YYYY-MM`` when the text's header gives only a month.
    Returns ``(None, None)`` when the text has no date laid out as a publication date.
    """
    if not text:
        return None, None
    order = _numeric_order(text)
    month: Hit | None = None  # a header's month, kept unless a full date of that month is found
    for finder in (
        _from_header,
        lambda t, o: _from_markers(t, ("published", "posted"), o),
        _from_top_lines,
        _from_yearless_dateline,
        lambda t, o: _from_markers(t, ("updated",), o),
    ):
        hit = finder(text, order)
        if hit and month is None and len(hit[0]) == 7:
            month = hit
        elif hit and (month is None or hit[0].startswith(month[0])):
            return hit
    return month or (None, None)


# --- URL --------------------------------------------------------------------------------

# in the order they are trusted: a path segment that is (or opens with) a date, /2020/10/05/,
# /2024/0612/, /2013-10-20/, /20140603/; then a date inside a segment, …-20150325-story,
# idUSL2N0WR2U020150325, strike-2023-03-13
_URL_DAY_RES = (
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=[/_.-]|$)"),
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{2})(?P<d>\d{2})(?=[/_.-]|$)"),
    re.compile(r"/(?P<y>\d{4})(?P<s>[-_.]?)(?P<m>\d{2})(?P=s)(?P<d>\d{2})(?=[/_.-]|$)"),
    re.compile(
        r"(?<![A-Za-z0-9])(?:[A-Za-z0-9]*[A-Za-z]\d*)?(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?![A-Za-z0-9])"
    ),
    re.compile(r"(?<![A-Za-z0-9])(?P<y>\d{4})(?P<s>[-_.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![0-9])"),
)
_URL_MONTH_RE = re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})(?=/|$)")


def published_from_url(url: str | None) -> str | None:
    """The publication date a URL's path spells, ``YYYY-MM-DD`` or ``YYYY-MM``, or None.

    Only plausible dates count (a year in ``URL_YEARS``, a real month and day, not in the
    future), written with separators (``/2020/10/05/``, ``2023-03-13``) or as an 8-digit
    run of its own or ending an id (``20140603``, ``idUSL2N0WR2U020150325``); other numbers,
    such as article ids, are not read as dates.
    """
    if not url:
        return None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    for pattern in _URL_DAY_RES:
        for m in pattern.finditer(path):
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            iso = _iso(y, mo, d) if URL_YEARS[0] <= y <= URL_YEARS[1] else None
            if iso:
                return iso
    for m in _URL_MONTH_RE.finditer(path):
        y, mo = int(m["y"]), int(m["m"])
        if URL_YEARS[0] <= y <= URL_YEARS[1] and 1 <= mo <= 12 and _iso(y, mo, 1):
            return f"{y:04d}-{mo:02d}"
    return None


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
