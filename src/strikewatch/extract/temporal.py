"""Tense-aware date resolution against the publication date (spec/EVENTS.md rules 3 and 4).

News articles rarely write full dates. "Tuesday", "Sept. 20", "last June" or "early next
year" only mean something against the publication date and the tense of the sentence.
``find_dates`` finds such expressions in one sentence and resolves each of them to a
``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` value.

The whole module is regular expressions plus :mod:`datetime`: it runs on every candidate
sentence, and dateparser (which knows no tense and ignores weekday/date conflicts) would
cost far more than it adds here.

Resolution rules (``pub`` is the publication date, ``tense`` the tense of the sentence):

* **Full dates** ("March 21, 2023", "21 March 2023", "2023-03-21", "3/21/2023") are taken
  as written; a weekday beside them ("Tuesday, March 21, 2023") is redundant.
* **Month and day without a year** ("Sept. 20", "on March 14") take the publication year,
  except: in the past tense a date more than one day after ``pub`` moves to the previous
  year; in the future tense a date more than 60 days before ``pub`` moves to the next
  year; with no tense (or present) it moves back a year when more than 120 days ahead
  and on a year when more than 240 days behind (news reports the past far more often
  than it announces the distant future). A weekday beside the date ("Monday, December
  15") overrides that choice when it only fits an adjacent year.
* **Month alone** ("in June", "since last June", "late January"): ``last M`` is the most
  recent M strictly before the publication month, ``next M`` the first one strictly
  after it, ``this M`` the publication year. A bare month in the past tense is the most
  recent M up to and including the publication month; in the future tense the first M
  from the month before publication on; otherwise from eight months before to three
  months after the publication month.
* **Weekdays** ("Tuesday", "late Wednesday", "midnight Friday", "Sunday night"): past
  tense gives the most recent such day on or before ``pub``, future tense the first one
  on or after ``pub``, present or no tense the one within three days before or after
  ``pub``. The publication day itself counts: wire copy names the weekday even for the
  day it is filed ("said Thursday", "will stay open Thursday" in a Thursday story) and
  writes a date, or "next Thursday", for a day a week or more away. ``last Tuesday`` and
  ``this past Tuesday`` are strictly before ``pub``; ``next Tuesday`` and ``this coming
  Tuesday`` strictly after it.
* **Day words**: today/tonight/this morning -> ``pub``; yesterday/last night -> ``pub - 1``;
  tomorrow -> ``pub + 1``; "eight days ago" -> ``pub - 8``. "At midnight" in the past
  tense ("the contract expired at midnight") is the day that midnight ended, ``pub - 1``;
  otherwise, and "just after midnight", it is ``pub``.
* **Weeks** ("last week", "this week", "earlier this week", "two weeks ago") give only
  the month (``YYYY-MM``) of that week's Thursday: no particular day is known, and the
  annotators date such events to the month. **Weekends** are a known two-day span and
  give the Saturday as ``value`` and the Sunday as ``end_value``.
* **Months and years** ("last month", "earlier this month", "next year", "early next
  year", "later this year", "last summer") give ``YYYY-MM`` or ``YYYY``. "The last
  month", "over the next year" are durations and give nothing.
* **Holidays** ("Thanksgiving", "Black Friday", "Labor Day", "Christmas Eve") resolve like
  a month and day without a year.
* **A year alone** ("in 2023", "the 2016 strike", "since 2019") needs four digits from
  1900 to 2100 and is refused next to money, counts ("2000 workers", "1931 days"), union
  locals ("Local 2023") and other numbered names.

Besides the tense given by the caller, the words around an expression can fix its tense
locally: "said Thursday", "went on strike Tuesday" are past whatever the sentence says
elsewhere; "will strike Friday", "voted to strike Thursday", "would be canceled
Thursday" are future. An expression right after "since" is always past and is flagged
``since=True``.

Ranges ("March 21-23", "Jan. 30 to Feb. 2", "between January 22nd, and January 26th",
"from Tuesday through Thursday", "Thursday and Friday", "from 2019 to 2023") give one
mention with ``end_value``; a past weekday range ends on or before ``pub``. Days joined
by "and" that are *not* consecutive ("February 1 and 3") are separate events in the
spec, so they give separate mentions.

Without a publication date only expressions that carry their own year are resolved.
Expressions relative to another event ("the day before", "the following Monday", "that
year") are left to the caller.
"""

from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = [
    "DateMention",
    "add_days",
    "duration_days",
    "find_dates",
    "resolve_weekday",
    "tense_of",
]


@dataclass(frozen=True)
class DateMention:
    """One date expression found in a text, resolved against the publication date."""

    start: int  # char offsets of the expression within the given text
    end: int
    text: str
    value: str  # 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY'
    end_value: str | None = None  # for ranges "March 21-23", "from Tuesday through Thursday"
    relative: bool = False  # resolved from a relative expression (needs the publication date)
    since: bool = False  # preceded by 'since' ("without a contract since June 30")


# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-one": 21, "twenty-two": 22,
    "twenty-three": 23, "twenty-four": 24, "twenty-five": 25, "twenty-six": 26,
    "twenty-seven": 27, "twenty-eight": 28, "twenty-nine": 29, "thirty": 30,
    "forty-eight": 48, "seventy-two": 72,
}  # fmt: skip
_NUM_WORD_RE = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))

# Abbreviations may carry a period; (?!\w) stops "Mar" matching inside "Marcus".
_MON = (
    r"(?<!\w)(?:January|Jan\.?|February|Feb\.?|March|Mar\.?|April|Apr\.?|May|June|Jun\.?|July|Jul\.?|"
    r"August|Aug\.?|September|Sept\.?|Sep\.?|October|Oct\.?|November|Nov\.?|December|Dec\.?)(?!\w)"
)
_MON_FULL = r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_ANY = _WD + r"|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun"
# A day of the month: not part of a bigger number, a time, a decimal, a percentage or money.
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|,\d{3}|\.\d|:\d|\s*(?:percent|[ap]\.?m\b))"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_PARTS = r"(?:morning|afternoon|evening|night)"

_FLAGS = re.IGNORECASE

# "Tuesday, March 21, 2023", "Sept. 20", "March 21-23", "Dec. 5 and 6", "January 22nd, and January 26th"
_RANGE_SEP = r"(?:-|–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b)"
_MD_TAIL = (
    rf"(?:\s*{_RANGE_SEP}\s*(?:{_MON}\s*)?{_DAY}"
    rf"|(?:\s*,\s*(?:{_MON}\s*)?{_DAY})*\s*,?\s*(?:and|&)\s+(?:{_MON}\s*)?{_DAY})"
)
_MD_RE = re.compile(
    rf"(?:\b(?P<wd>{_WD_ANY})\.?\s*,?\s+)?(?P<m>{_MON})\s*(?P<d>{_DAY})(?P<tail>{_MD_TAIL})?"
    rf"(?:\s*,?\s*(?P<y>{_YEAR}))?",
    _FLAGS,
)
_TAIL_ITEM_RE = re.compile(rf"(?P<m>{_MON})?\s*(?P<d>{_DAY})", _FLAGS)
_TAIL_AND_RE = re.compile(r"\band\b|&", _FLAGS)

# "21 March 2023", "21-23 March", "the 15th of December", "Monday 15 December 2025"
_DM_RE = re.compile(
    rf"(?<![\w$.,/:#-])(?:(?P<wd>{_WD_ANY})\.?\s*,?\s+)?(?:the\s+)?(?P<d>{_DAY})"
    rf"(?:\s*(?P<sep>-|–|to|and)\s*(?P<d2>{_DAY}))?(?:\s+of)?\s+(?P<m>{_MON})(?:\s*,?\s*(?P<y>{_YEAR}))?",
    _FLAGS,
)
_ISO_RE = re.compile(r"(?<![\w-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])")
_NUMERIC_RE = re.compile(
    r"(?<![\w/.$-])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:19|20)\d\d|\d\d)(?![\w/])"
)

# "June 2024", "in June of 2024", "Sept. 2024", "mid-March 2023"
_MY_RE = re.compile(rf"(?P<m>{_MON})(?:\s*,|\s+of)?\s+(?P<y>{_YEAR})", _FLAGS)

# "in June", "since last June", "early next March" is rare, "late January", "mid-September"
_MA_RE = re.compile(
    rf"(?:(?P<mod>this\s+past|this\s+coming|last|next|this|past|coming)\s+)?"
    rf"(?:(?P<q>early|late|mid)(?:\s*-\s*|\s+))?(?P<m>{_MON_FULL})(?!\s*-?\s*{_DAY})(?!\s*,?\s*(?:of\s+)?{_YEAR})",
    _FLAGS,
)
_MONTH_AND_RE = re.compile(rf"{_MON_FULL}\s+(?:and|or|to)\s+$")
_MA_PREP_RE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|of|during|through|throughout|before|after|to|between|and|or|"
    r"as\s+of|starting|beginning|early|late|mid|end\s+of|start\s+of|month\s+of)\s+|mid-|\bmid\s*-\s*)$",
    _FLAGS,
)

# A year alone, or a span of years: "in 2023", "2019-2023", "the 2023-24 school year"
_Y_RE = re.compile(
    r"(?<![\w$#.,/:–-])(?:(?P<q>early|late|mid)(?:\s*-\s*|\s+))?(?P<y>(?:19|20)\d\d)"
    r"(?:(?:\s*(?:-|–)\s*|\s+to\s+)(?P<y2>(?:19|20)\d\d|\d\d))?(?![\w%]|,\d|\.\d|[-–/]\d|\s*(?:percent|%))",
    _FLAGS,
)
_Y_BAD_BEFORE_RE = re.compile(
    r"(?:\b(?:Local|Locals|No|Nos|Number|Unit|District|Lodge|Chapter|Division|Section|Route|Flight|Room|"
    r"Suite|Box|Highway|Interstate|Bill|Ordinance|Resolution|Article|Case|Docket|Code|Model|Proposition|"
    r"Prop|Measure|Station|Engine|Ladder|Squad|Precinct|Post|Rule|Form|Policy|Contract|Amendment|"
    r"AB|SB|HB|IAM|USW|UAW|SEIU|AFSCME|IBEW|UFCW|CWA|AFT|NEA|OPEIU|IATSE|ILWU|ILA|ATU|TWU|BLET|"
    r"Teamsters|about|around|nearly|almost|roughly|approximately|some|over|than|least|only|just|"
    r"those|these|another|additional|extra|total|all)\.?\s*|#\s*|[$€£]\s*)$",
    _FLAGS,
)
_Y_STRONG_BEFORE_RE = re.compile(
    r"\b(?:in|since|from|until|till|by|during|before|after|through|between|circa|early|late|mid|year|"
    r"summer|spring|fall|autumn|winter|season)\s*[-(\[]?\s*$",
    _FLAGS,
)
_COUNT_NOUNS = frozenset(
    """workers worker members member employees employee people persons nurses nurse teachers teacher
    drivers driver staff staffers students student jobs job stores store residents
    patients beds votes vote ballots signatures days day hours hour weeks week months month years year
    miles mile feet foot pounds dollars units unit sites site locations location facilities facility
    machinists machinist plants plant hospitals hospital positions cases calls buses
    trains flights customers homes households tons acres strikers picketers protesters demonstrators
    faculty physicians doctors baristas cashiers janitors custodians engineers pilots attendants
    employers companies firms shops warehouses rooms points seats times percent per""".split()
)
# words between a number and its noun: "2000 union members", "1500 full-time nurses"
_COUNT_MODIFIERS = frozenset(
    "union unionized full-time part-time new more other hourly striking registered eligible local".split()
)
_NEXT_WORDS_RE = re.compile(r"\s+([A-Za-z][A-Za-z'-]*)(?:\s+([A-Za-z][A-Za-z'-]*))?")
_NOT_PLURAL = frozenset("was has is as its this thus plus us does says gets marks his hers yes".split())

# Day words: "today", "late yesterday", "yesterday evening", "this morning", "last night", "at midnight"
_DAYWORD_RE = re.compile(
    rf"\b(?:(?:early|earlier|late|later)\s+)?(?:(?P<w>today|tonight|yesterday|tomorrow)(?:'s)?(?:\s+{_PARTS})?"
    rf"|this\s+(?:morning|afternoon|evening)|(?P<ln>last\s+night)"
    rf"|(?P<mid>at|just\s+after|after|before|just\s+before|past)\s+midnight(?!\s+(?:on\s+)?(?:{_WD}|{_MON}|tonight|today|tomorrow|yesterday)))\b",
    _FLAGS,
)
# "last week", "early next year", "later this month", "this past weekend", "last summer",
# "the end of the month"
_UNIT_RE = re.compile(
    r"\b(?:(?P<q>early|earlier|late|later|mid|the\s+end\s+of|end\s+of|the\s+start\s+of|the\s+beginning\s+of)\s+)?"
    r"(?:(?P<rel>this\s+past|this\s+coming|next|last|this|the\s+past|the)\s+)"
    r"(?P<unit>year|month|weekend|week|spring|summer|fall|autumn)\b(?!'s\s+\w+\s+(?:ago|earlier))",
    _FLAGS,
)
# "eight days ago", "a week ago", "two years ago"
_AGO_RE = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{_NUM_WORD_RE}|a\s+few|several|a\s+couple\s+of)\s+(?P<unit>day|week|month|year)s?\s+ago\b",
    _FLAGS,
)
# "Tuesday", "late Wednesday", "midnight Friday", "Sunday night", "last Friday",
# "from Tuesday through Thursday", "Thursday and Friday"
_WDP_RE = re.compile(
    rf"\b(?:(?P<mod>this\s+past|this\s+coming|last|next|this|past|coming|early|late|midnight|noon)\s+)?"
    rf"(?P<wd>{_WD})(?!s\b)(?:'s)?(?:\s+{_PARTS})?"
    rf"(?:\s*(?P<sep>-|–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\band\b|\bor\b|&)\s*(?:(?:early|late|midnight)\s+)?"
    rf"(?P<wd2>{_WD})(?!s\b)(?:'s)?(?:\s+{_PARTS})?)?",
    _FLAGS,
)

# Holidays: fixed days, and days given as the n-th weekday of a month (n = -1: the last one)
_HOLIDAYS_FIXED = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
    "fourth of july": (7, 4), "veterans day": (11, 11), "halloween": (10, 31),
    "valentine's day": (2, 14), "may day": (5, 1), "juneteenth": (6, 19),
}  # fmt: skip
_HOLIDAYS_NTH = {
    "thanksgiving": (11, 3, 4, 0), "thanksgiving day": (11, 3, 4, 0), "black friday": (11, 3, 4, 1),
    "cyber monday": (11, 3, 4, 4), "labor day": (9, 0, 1, 0), "memorial day": (5, 0, -1, 0),
    "martin luther king jr. day": (1, 0, 3, 0), "mlk day": (1, 0, 3, 0), "presidents day": (2, 0, 3, 0),
    "presidents' day": (2, 0, 3, 0), "election day": (11, 0, 1, 1),
}  # (month, weekday, n, days added)  # fmt: skip
_HOLIDAY_RE = re.compile(
    r"\b(?:(?P<mod>last|next|this)\s+)?(?P<h>Christmas\s+(?:Eve|Day)|Christmas|New\s+Year['’]s\s+(?:Eve|Day)|"
    r"Thanksgiving(?:\s+Day)?|Black\s+Friday|Cyber\s+Monday|Labor\s+Day|Memorial\s+Day|Independence\s+Day|"
    r"Fourth\s+of\s+July|Veterans['’]?\s+Day|Halloween|Valentine['’]s\s+Day|May\s+Day|Election\s+Day|Juneteenth|"
    r"Martin\s+Luther\s+King\s+Jr\.?\s+Day|MLK\s+Day|Presidents['’]?\s+Day)\b"
)
_SINCE_RE = re.compile(
    r"\bsince\s+(?:at\s+least\s+|as\s+early\s+as\s+|about\s+|around\s+|roughly\s+)?(?:the\s+|on\s+)?[\[(]?$",
    _FLAGS,
)
_THE_BEFORE_RE = re.compile(r"\bthe\s+$", _FLAGS)
_TITLE_BEFORE_RE = re.compile(r"\b[A-Z][A-Za-z]*\s+$")  # "USA Today" is a newspaper
_FROM_BETWEEN_RE = re.compile(r"\b(?P<w>from|between)\s+(?:the\s+)?$", _FLAGS)
_MERGE_GAP_RE = re.compile(r"^\s*,?\s*(?P<sep>-|–|—|to|through|thru|until|till|and)\s*$", _FLAGS)

# Gates: one cheap search decides whether a family of patterns can match at all.
_GATE_DIGIT_RE = re.compile(r"\d")
_GATE_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_GATE_MONTH_RE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
)
_GATE_WEEKDAY_RE = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun|MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)(?:day|DAY)"
)
_GATE_DAYWORD_RE = re.compile(
    r"today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night|midnight"
)
_GATE_UNIT_RE = re.compile(
    r"(?:next|last|this|past|coming|the)\s+(?:year|month|week|spring|summer|fall|autumn)"
)
_GATE_HOLIDAY_RE = re.compile(
    r"Christmas|New Year|Thanksgiving|Black Friday|Cyber Monday|Labor Day|Memorial Day|Independence Day|"
    r"Fourth of July|Veterans|Halloween|Valentine|May Day|Election Day|Juneteenth|King Jr|MLK|Presidents"
)

# ------------------------------------------------------------------------ tense cues

_PAST_IRREGULAR = frozenset(
    """said told met went began held struck took made came left won lost gave got kept put sent spent
    stood brought bought fought thought ran saw knew grew drew wrote spoke broke chose rose fell felt
    paid laid led heard found became quit shut did was were had blew flew drove rode ate sat built
    dealt meant sold taught caught sought swore threw wore woke sang hung shook forgot arose began
    struck withdrew undertook overtook upheld""".split()
)
# -ed words that are not (or not only) past-tense verbs
_NOT_PAST_ED = frozenset(
    """need red bed shed speed feed seed proceed exceed succeed united based related unionized hundred
    scheduled planned slated expected proposed intended anticipated indeed supposed due""".split()
)
# words that make an expression future when they come shortly before it
_FUTURE_CUES = frozenset(
    """scheduled slated planned plans plan set upcoming beginning starting expected expects expect
    intends intend poised going""".split()
)
# ... only when right before it ("by Friday", "until Monday", "a deadline of Wednesday")
_ADJACENT_FUTURE_CUES = frozenset("by until till deadline".split())
# verbs after which "to" + verb points ahead ("voted to strike Thursday", "agreed to meet Monday")
_TO_FUTURE_VERBS = frozenset(
    """voted vote votes agreed agree agrees decided decide plans plan planned planning intends intend
    intended promised promise vowed vow threatened threaten threatens set scheduled slated expected
    expect poised going due is are am be hopes hope hoped wants want wanted aims aim aimed prepared
    prepare prepares called calls call asked ask urged urge ordered order told""".split()
)
_FUTURE_AUX = frozenset("will shall would won't".split())
_AUX_ADVERBS = frozenset("not also already still just then never n't".split())
_CLAUSE_STOP = frozenset(
    "that which who whom whose after before when while because but although though if unless whether".split()
)
# a word before an -ed word that makes it an adjective ("a planned strike", "in closed session")
_ADJ_BEFORE = frozenset(
    """a an the in on at of for with its their his her our this that these those new newly
    recently previously""".split()
)
_DETERMINERS = frozenset("the a an his her their its our your my this that these those work".split())
_PUNCT = frozenset(',;:!?()[]"“”—–')
_SKIP_WORDS = frozenset(
    """on at the this early late midnight noon a an of p.m. a.m. pm am as around about night morning
    evening afternoon again""".split()
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'.-]*|\d[\d:.]*|[,;:!?()\[\]\"“”—–]")

_TENSE_FUTURE_RE = re.compile(
    r"\b(?:will|won't|shall|(?:is|are)\s+(?:going|set|scheduled|slated|expected|poised|due)\s+to|"
    r"plans?\s+to|planning\s+to|intends?\s+to|threatens?\s+to|vows?\s+to|prepares?\s+to|"
    r"(?:is|are)\s+(?:scheduled|slated|set|planned)\s+for|upcoming|tomorrow|next\s+(?:week|month|year)|"
    r"deadline)\b|\w'll\b",
    _FLAGS,
)
_TENSE_PRESENT_RE = re.compile(
    r"\b(?:(?:is|are|remain|remains)\s+(?:on\s+strike|locked\s+out|out|striking|picketing|walking|in\s+)|"
    r"(?:has|have)\s+been\s+(?:on\s+strike|locked\s+out|striking|picketing|without)|currently|"
    r"ongoing|continues?|continuing|now\s+(?:in|on)|today|this\s+week)\b",
    _FLAGS,
)
_TENSE_PAST_RE = re.compile(
    r"\b(?:[a-z]{3,}ed|was|were|had|did|said|went|began|held|took|struck|voted|ago|last|yesterday|"
    r"earlier|previously|came|left|won|lost|made|met|told|ended|reached)\b",
    _FLAGS,
)

# ------------------------------------------------------------------------ durations

_DUR_ADJ_RE = re.compile(
    rf"\b(?P<n>\d{{1,3}}|{_NUM_WORD_RE}|half)[\s-](?P<unit>day|hour|week)(?:[\s-]?long)?\b(?!s\b)"
    r"(?!\s+(?:strike\s+)?(?:notice|warning|cooling|waiting|period))",
    _FLAGS,
)
_DUR_FOR_RE = re.compile(
    rf"\bfor\s+(?:the\s+next\s+|another\s+|about\s+|nearly\s+|more\s+than\s+)?(?P<n>\d{{1,3}}|{_NUM_WORD_RE})\s+"
    r"(?P<unit>day|hour|week)s?\b",
    _FLAGS,
)
_DUR_WORD_RE = re.compile(r"\b(?P<w>week[\s-]?long|day[\s-]?long|all[\s-]day)\b", _FLAGS)


# =========================================================================== helpers


def _as_date(published: date | datetime | str | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _month_num(token: str) -> int:
    return _MONTHS[token[:3].lower()]


def _weekday_num(token: str) -> int:
    return _WEEKDAYS[token[:3].lower()]


def _day_num(token: str) -> int:
    return int(re.match(r"\d+", token).group())  # type: ignore[union-attr]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _is_cap(token: str) -> bool:
    return token[:1].isupper()


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _number(token: str) -> int | None:
    t = re.sub(r"\s+", " ", token.lower().strip())
    if t.isdigit():
        return int(t)
    if t in ("a few", "several", "a couple of"):
        return None
    return _NUMBER_WORDS.get(t)


def resolve_weekday(weekday: int, published: date, tense: str | None) -> date:
    """The date of ``weekday`` (0 = Monday) nearest ``published`` in the given tense.

    past: the most recent such day on or before ``published``; future: the first one on
    or after ``published``; present/None: the one within three days before or after
    ``published``. The publication day itself counts in every tense: wire copy names the
    day of the week even for the day it is filed ("the union said Thursday" and "schools
    will stay open Thursday" in a Thursday story), and writes a date, or "next Thursday",
    for a day a week or more away.
    """
    published = _as_date(published) or published
    back = (published.weekday() - weekday) % 7
    if tense == "past":
        return published - timedelta(days=back)
    if tense == "future":
        return published + timedelta(days=(weekday - published.weekday()) % 7)
    if back <= 3:
        return published - timedelta(days=back)
    return published + timedelta(days=7 - back)


def _resolve_weekday_mod(weekday: int, pub: date, tense: str | None, mod: str | None) -> date:
    mod = re.sub(r"\s+", " ", (mod or "").lower())
    if mod in ("last", "this past", "past"):
        return pub - timedelta(days=(pub.weekday() - weekday) % 7 or 7)
    if mod in ("next", "this coming", "coming"):
        return pub + timedelta(days=(weekday - pub.weekday()) % 7 or 7)
    return resolve_weekday(weekday, pub, tense)


def _resolve_month_day(
    m: int, d: int, pub: date, tense: str | None, weekday: int | None = None
) -> date | None:
    return _pick_year(
        {y: _safe_date(y, m, d) for y in (pub.year - 1, pub.year, pub.year + 1)}, pub, tense, weekday
    )


def _pick_year(
    cands: dict[int, date | None], pub: date, tense: str | None, weekday: int | None = None
) -> date | None:
    """Choose among one day's dates in the years around ``pub`` by tense (and weekday)."""
    valid = [c for c in cands.values() if c is not None]
    if not valid:
        return None
    base = cands[pub.year]
    chosen: date | None
    if base is None:  # Feb 29 outside a leap year
        chosen = min(valid, key=lambda c: abs((c - pub).days))
    elif tense == "past":
        chosen = base if base <= pub + timedelta(days=1) else cands[pub.year - 1]
    elif tense == "future":
        chosen = base if base >= pub - timedelta(days=60) else cands[pub.year + 1]
    elif base > pub + timedelta(days=120):
        chosen = cands[pub.year - 1]
    elif base < pub - timedelta(days=240):
        chosen = cands[pub.year + 1]
    else:
        chosen = base
    if chosen is None:
        chosen = min(valid, key=lambda c: abs((c - pub).days))
    if weekday is not None and chosen.weekday() != weekday:
        fits = [c for c in valid if c.weekday() == weekday]
        if fits:
            chosen = min(fits, key=lambda c: abs((c - pub).days))
    return chosen


def _resolve_month(m: int, pub: date, tense: str | None, mod: str | None) -> int:
    """The year of a month named without one."""
    mod = re.sub(r"\s+", " ", (mod or "").lower())
    y, pm = pub.year, pub.month
    if mod in ("last", "this past", "past"):
        return y if m < pm else y - 1
    if mod in ("next", "this coming", "coming"):
        return y if m > pm else y + 1
    if mod == "this":
        return y
    if tense == "past":
        return y if m <= pm else y - 1
    if tense == "future":
        return y if m >= pm - 1 else y + 1
    diff = m - pm
    if diff > 3:
        return y - 1
    if diff < -8:
        return y + 1
    return y


def _holiday(name: str, year: int) -> date | None:
    key = re.sub(r"\s+", " ", name.lower().replace("’", "'"))
    key = key.replace("veterans' day", "veterans day").replace("jr day", "jr. day")
    if key in _HOLIDAYS_FIXED:
        return _safe_date(year, *_HOLIDAYS_FIXED[key])
    if key not in _HOLIDAYS_NTH:
        return None
    month, weekday, nth, extra = _HOLIDAYS_NTH[key]
    if nth > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    else:
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        day = last - timedelta(days=(last.weekday() - weekday) % 7)
    return day + timedelta(days=extra)


def _week_month(day: date) -> str:
    """The month of the (Monday-to-Sunday) week containing ``day``, by its Thursday."""
    thursday = day - timedelta(days=day.weekday()) + timedelta(days=3)
    return _ym(thursday.year, thursday.month)


def _past_verb(words: list[str], i: int) -> bool:
    """True when ``words[i]`` is a lowercase past-tense verb (not an -ed adjective)."""
    w = words[i]
    if not w.islower():
        return False
    w = w.rstrip(".")
    if w in _PAST_IRREGULAR:
        return True
    if not (w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED):
        return False
    return not (i > 0 and words[i - 1].lower() in _ADJ_BEFORE)


def _aux_of(words: list[str], i: int) -> str:
    j = i - 1
    while j >= 0 and (words[j].lower() in _AUX_ADVERBS or words[j].lower().endswith("ly")):
        j -= 1
    return words[j].lower() if j >= 0 else ""


def _verb_tense(words: list[str], i: int) -> str | None:
    """'past' for a past verb, 'future' for a participle after 'be' ("will be held"), else None."""
    aux = _aux_of(words, i)
    if aux == "be":
        return "future"
    if aux in ("is", "are", "am", "being"):
        return None
    return "past"


def _local_tense(text: str, start: int, end: int) -> str | None:
    """Tense fixed by the words around a date expression, or None.

    Walking back within the clause: a future auxiliary ("will", "would", "'ll") up to 15
    words back makes it future; a near future cue ("set", "starting", "to" after "voted")
    or a past verb ("said", "walked") up to five words back decides it; a participle after
    "be" ("would be canceled") is future, one after "is/are" defers to the sentence. When
    nothing is found before it, the first verb in the next few words decides ("On Tuesday,
    the union held ...").
    """
    words = _WORD_RE.findall(text[max(0, start - 160) : start])
    n = 0
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        lw = w.lower().rstrip(".")
        if not lw or lw in _PUNCT:
            break
        if lw in _ADJACENT_FUTURE_CUES:
            if n == 0:
                return "future"
            n += 1
            continue
        if lw in _SKIP_WORDS or lw[0].isdigit():
            continue
        if lw == "to":
            nxt = words[i + 1] if i + 1 < len(words) else ""
            infinitive = (
                n > 0
                and nxt.islower()
                and nxt not in _DETERMINERS
                and (not nxt.endswith("s") or nxt.endswith("ss"))
            )
            if not infinitive:  # a preposition: "according to Monday's", "a letter to educators"
                n += n > 0
                continue
            before = words[i - 1].lower() if i > 0 else ""
            if before not in _TO_FUTURE_VERBS and i > 0 and _past_verb(words, i - 1):
                return "past"  # "failed to reach a contract Sunday"
            return "future"  # "voted to strike Thursday", "their intention to walk out April 25"
        n += 1
        if lw in _FUTURE_AUX or lw.endswith("'ll"):
            return "future"
        if n <= 5:
            if lw in _FUTURE_CUES and w.islower():
                return "future"
            if _past_verb(words, i):
                return _verb_tense(words, i)
        if lw in _CLAUSE_STOP or n >= 15:
            break
    if n > 0:
        return None
    # nothing before the expression in its clause: look at what follows it
    after = _WORD_RE.findall(text[end : end + 80])
    for k, w in enumerate(after[:8]):
        lw = w.lower()
        if lw in _PUNCT:
            if k == 0 and lw == ",":
                continue
            return None
        if lw in _FUTURE_AUX or lw.endswith("'ll") or (lw in _FUTURE_CUES and w.islower()):
            return "future"
        if _past_verb(after, k):
            return _verb_tense(after, k)
    return None


# ===================================================================== candidates


class _Cand:
    __slots__ = ("start", "end", "prio", "mentions")

    def __init__(self, start: int, end: int, mentions: list[DateMention], prio: int = 0) -> None:
        self.start, self.end, self.mentions, self.prio = start, end, mentions, prio


def _one(
    text: str,
    s: int,
    e: int,
    value: str,
    end_value: str | None = None,
    relative: bool = False,
    since: bool = False,
    prio: int = 2,
) -> _Cand:
    """A candidate holding a single mention of ``text[s:e]``."""
    return _Cand(s, e, [DateMention(s, e, text[s:e], value, end_value, relative, since)], prio)


def _days_to_mentions(
    text: str,
    s: int,
    e: int,
    items: list[tuple[int, int]],
    dates: list[date],
    is_and: bool,
    relative: bool,
    since: bool,
) -> _Cand:
    """One ranged mention, or one mention per day for days joined by 'and' that are not consecutive.

    ``items`` are the (start, end) offsets of each day in ``text``; the first mention starts
    at ``s`` and the last ends at ``e``.
    """
    first, last = dates[0], dates[-1]
    if len(dates) == 1 or last < first or (last - first).days > 366:
        return _one(
            text, s, items[0][1] if len(dates) > 1 else e, first.isoformat(), None, relative, since, 3
        )
    between = _FROM_BETWEEN_RE.search(text[max(0, s - 20) : s]) is not None
    consecutive = all((b - a).days == 1 for a, b in zip(dates, dates[1:], strict=False))
    if not is_and or between or consecutive:
        return _one(text, s, e, first.isoformat(), last.isoformat(), relative, since, 3)
    ms: list[DateMention] = []
    for i, ((a, b), d) in enumerate(zip(items, dates, strict=True)):
        ms_s = s if i == 0 else a
        ms_e = e if i == len(items) - 1 else b
        ms.append(DateMention(ms_s, ms_e, text[ms_s:ms_e], d.isoformat(), None, relative, since))
    return _Cand(s, e, ms, 3)


#: False while :func:`find_dates` reads every expression in the tense it is given (``local=False``)
_LOCAL_TENSE: contextvars.ContextVar[bool] = contextvars.ContextVar("strikewatch_local_tense", default=True)


def _tense_at(text: str, start: int, end: int, tense: str | None) -> tuple[str | None, bool]:
    """(tense for the expression at ``start:end``, whether 'since' precedes it)."""
    before = text[max(0, start - 40) : start]
    if _SINCE_RE.search(before):
        return "past", True
    if not _LOCAL_TENSE.get():
        return tense, False
    local = _local_tense(text, start, end)
    return (local or tense), False


def _md_candidates(text: str, pub: date | None, tense: str | None, out: list[_Cand]) -> None:
    for mt in _MD_RE.finditer(text):
        mtok = mt.group("m")
        if not _is_cap(mtok):
            continue
        wd_tok = mt.group("wd")
        s = mt.start() if (wd_tok and _is_cap(wd_tok)) else mt.start("m")
        weekday = _weekday_num(wd_tok) if (wd_tok and _is_cap(wd_tok)) else None
        # days: the first one and those of the tail
        items: list[tuple[int, int, int, int]] = [
            (_month_num(mtok), _day_num(mt.group("d")), mt.start("m"), mt.end("d"))
        ]
        tail = mt.group("tail")
        tail_is_and = False
        if tail:
            tail_is_and = bool(_TAIL_AND_RE.search(tail))
            month = items[0][0]
            off = mt.start("tail")
            for it in _TAIL_ITEM_RE.finditer(tail):
                if it.group("m"):
                    if not _is_cap(it.group("m")):
                        break
                    month = _month_num(it.group("m"))
                items.append(
                    (
                        month,
                        _day_num(it.group("d")),
                        off + it.start("m" if it.group("m") else "d"),
                        off + it.end(),
                    )
                )
        ytok = mt.group("y")
        e = mt.end()
        lt, since = _tense_at(text, s, e, tense)
        dates: list[date] = []
        if ytok:
            year = int(ytok)
            last_m = items[-1][0]
            for mon, day, _, _ in items:
                d = _safe_date(year - 1 if mon > last_m else year, mon, day)
                if d is None:
                    break
                dates.append(d)
            relative = False
        else:
            if pub is None:
                continue
            first = _resolve_month_day(items[0][0], items[0][1], pub, lt, weekday)
            if first is None:
                continue
            dates.append(first)
            for mon, day, _, _ in items[1:]:
                d = _safe_date(first.year, mon, day)
                if d is not None and d < first:
                    d = _safe_date(first.year + 1, mon, day)
                if d is None:
                    break
                dates.append(d)
            relative = True
        if len(dates) != len(items):
            dates, items, e = dates[:1], items[:1], items[0][3]
        spans = [(a, b) for _, _, a, b in items]
        out.append(_days_to_mentions(text, s, e, spans, dates, tail_is_and, relative, since))


def _dm_candidates(text: str, pub: date | None, tense: str | None, out: list[_Cand]) -> None:
    for mt in _DM_RE.finditer(text):
        mtok = mt.group("m")
        if not _is_cap(mtok):
            continue
        wd_tok = mt.group("wd")
        has_wd = bool(wd_tok and _is_cap(wd_tok))
        s = mt.start() if has_wd else mt.start("d")
        e = mt.end()
        if _Y_BAD_BEFORE_RE.search(text[max(0, s - 20) : s]):
            continue
        mon = _month_num(mtok)
        lt, since = _tense_at(text, s, e, tense)
        if mt.group("y"):
            first = _safe_date(int(mt.group("y")), mon, _day_num(mt.group("d")))
            relative = False
        else:
            if pub is None:
                continue
            first = _resolve_month_day(
                mon, _day_num(mt.group("d")), pub, lt, _weekday_num(wd_tok) if has_wd else None
            )
            relative = True
        if first is None:
            continue
        dates, spans = [first], [mt.span("d")]
        if mt.group("d2"):
            second = _safe_date(first.year, mon, _day_num(mt.group("d2")))
            if second is not None and second > first:
                dates.append(second)
                spans.append(mt.span("d2"))
        is_and = (mt.group("sep") or "").lower() == "and"
        out.append(_days_to_mentions(text, s, e, spans, dates, is_and, relative, since))


def _numeric_candidates(text: str, out: list[_Cand]) -> None:
    for mt in _ISO_RE.finditer(text):
        d = _safe_date(int(mt.group("y")), int(mt.group("m")), int(mt.group("d")))
        if d:
            s, e = mt.span()
            since = bool(_SINCE_RE.search(text[max(0, s - 40) : s]))
            out.append(_one(text, s, e, d.isoformat(), None, False, since, 4))
    for mt in _NUMERIC_RE.finditer(text):
        y = int(mt.group("y"))
        if y < 100:
            y += 2000 if y < 70 else 1900
        d = _safe_date(y, int(mt.group("m")), int(mt.group("d")))
        if d:
            s, e = mt.span()
            since = bool(_SINCE_RE.search(text[max(0, s - 40) : s]))
            out.append(_one(text, s, e, d.isoformat(), None, False, since, 4))


def _my_candidates(text: str, out: list[_Cand]) -> None:
    for mt in _MY_RE.finditer(text):
        if not _is_cap(mt.group("m")):
            continue
        s, e = mt.span()
        since = bool(_SINCE_RE.search(text[max(0, s - 40) : s]))
        value = _ym(int(mt.group("y")), _month_num(mt.group("m")))
        out.append(_one(text, s, e, value, None, False, since, 2))


def _ma_candidates(text: str, pub: date | None, tense: str | None, out: list[_Cand]) -> None:
    if pub is None:
        return
    for mt in _MA_RE.finditer(text):
        mtok = mt.group("m")
        if not _is_cap(mtok):
            continue
        mod, q = mt.group("mod"), mt.group("q")
        s, e = mt.span()
        if not mod and not q:
            prep = _MA_PREP_RE.search(text[max(0, s - 20) : s])
            if prep is None:
                continue
            # "to March", "and May" are more often a verb or a name than a month
            if (
                mtok.lower() in ("march", "may")
                and prep.group().strip().lower() in ("to", "and", "or")
                and not _MONTH_AND_RE.search(text[max(0, s - 30) : s])
            ):
                continue
        lt, since = _tense_at(text, s, e, tense)
        m = _month_num(mtok)
        y = _resolve_month(m, pub, lt, mod)
        out.append(_one(text, s, e, _ym(y, m), None, True, since, 1))


def _year_candidates(text: str, pub: date | None, out: list[_Cand]) -> None:
    max_year = (pub.year + 10) if pub else 2100
    for mt in _Y_RE.finditer(text):
        y = int(mt.group("y"))
        if y > max_year:
            continue
        s, e = mt.span()
        before = text[max(0, s - 30) : s]
        if _Y_BAD_BEFORE_RE.search(before):
            continue
        nxt = _NEXT_WORDS_RE.match(text, e)
        if nxt:
            word = nxt.group(1).lower()
            if word in _COUNT_MODIFIERS and nxt.group(2):
                word = nxt.group(2).lower()
            strong = bool(_Y_STRONG_BEFORE_RE.search(before)) or bool(mt.group("q"))
            if word in _COUNT_NOUNS or word.rstrip("s") in _COUNT_NOUNS:
                continue
            if (
                not strong
                and word.endswith("s")
                and nxt.group(1).islower()
                and word not in _NOT_PLURAL
                and len(word) > 3
            ):
                continue
        end_value = None
        y2 = mt.group("y2")
        if y2:
            y2n = int(y2) if len(y2) == 4 else (y // 100) * 100 + int(y2)
            if y2n <= y or y2n - y > 50:
                # not a span of years ("2023-03" is caught by the ISO pattern)
                e = mt.end("y")
            else:
                end_value = str(y2n)
        since = bool(_SINCE_RE.search(text[max(0, s - 40) : s]))
        out.append(_one(text, s, e, str(y), end_value, False, since, 1))


def _dayword_candidates(text: str, pub: date, tense: str | None, out: list[_Cand]) -> None:
    for mt in _DAYWORD_RE.finditer(text):
        s, e = mt.span()
        w = (mt.group("w") or "").lower()
        if w == "today" and mt.group("w")[0].isupper() and _TITLE_BEFORE_RE.search(text[max(0, s - 20) : s]):
            continue
        mid = (mt.group("mid") or "").lower()
        lt, since = _tense_at(text, s, e, tense)
        if w == "yesterday" or mt.group("ln") or (mid in ("at", "before", "just before") and lt == "past"):
            d = pub - timedelta(days=1)
        elif w == "tomorrow":
            d = pub + timedelta(days=1)
        else:
            d = pub
        out.append(_one(text, s, e, d.isoformat(), None, True, since, 2))


def _weekend(pub: date, rel: str, tense: str | None) -> date:
    """The Saturday of the weekend meant by 'last/this/next weekend'."""
    sat_back = pub - timedelta(days=(pub.weekday() - 5) % 7)  # most recent Saturday on/before pub
    if rel in ("last", "this past", "the past"):
        return sat_back if sat_back + timedelta(days=1) < pub else sat_back - timedelta(days=7)
    if rel in ("next", "this coming"):
        return pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)
    # "this weekend"
    if pub.weekday() >= 5:
        return sat_back
    if tense == "past" or (tense is None and pub.weekday() == 0):
        return sat_back
    return pub + timedelta(days=(5 - pub.weekday()) % 7)


_SEASON_END = {"spring": 5, "summer": 8, "fall": 11, "autumn": 11}
_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9}


def _unit_candidates(text: str, pub: date, tense: str | None, out: list[_Cand]) -> None:
    for mt in _UNIT_RE.finditer(text):
        rel = re.sub(r"\s+", " ", mt.group("rel").lower())
        unit = mt.group("unit").lower()
        q = (mt.group("q") or "").lower()
        s, e = mt.span()
        if rel == "the" and not ("end of" in q or "start of" in q or "beginning of" in q):
            continue  # "the week" alone refers to something in the story
        if rel == "the past" and unit not in ("weekend",):
            continue  # "over the past year" is a duration
        if rel in ("last", "next") and not q and _THE_BEFORE_RE.search(text[max(0, s - 12) : s]):
            continue  # "during the last month", "over the next week": durations
        lt, since = _tense_at(text, s, e, tense)
        value: str
        end_value: str | None = None
        if unit == "year":
            y = pub.year + (
                1 if rel in ("next", "this coming") else -1 if rel in ("last", "this past") else 0
            )
            value = str(y)
        elif unit == "month":
            n = 1 if rel in ("next", "this coming") else -1 if rel in ("last", "this past") else 0
            value = _ym(*_shift_month(pub.year, pub.month, n))
        elif unit == "week":
            n = 7 if rel in ("next", "this coming") else -7 if rel in ("last", "this past") else 0
            value = _week_month(pub + timedelta(days=n))
        elif unit == "weekend":
            sat = _weekend(pub, rel, lt)
            value, end_value = sat.isoformat(), (sat + timedelta(days=1)).isoformat()
        else:  # seasons
            if rel in ("last", "this past"):
                y = pub.year if pub.month > _SEASON_END[unit] else pub.year - 1
            elif rel in ("next", "this coming"):
                y = pub.year if pub.month < _SEASON_START[unit] else pub.year + 1
            else:
                y = pub.year
            value = str(y)
        out.append(_one(text, s, e, value, end_value, True, since, 2))


def _ago_candidates(text: str, pub: date, out: list[_Cand]) -> None:
    for mt in _AGO_RE.finditer(text):
        n = _number(mt.group("n"))
        if n is None:
            continue
        unit = mt.group("unit").lower()
        s, e = mt.span()
        if unit == "day":
            value = (pub - timedelta(days=n)).isoformat()
        elif unit == "week":
            d = pub - timedelta(days=7 * n)
            value = _ym(d.year, d.month)
        elif unit == "month":
            value = _ym(*_shift_month(pub.year, pub.month, -n))
        else:
            value = str(pub.year - n)
        out.append(_Cand(s, e, [DateMention(s, e, text[s:e], value, None, True)], 2))


def _weekday_candidates(text: str, pub: date, tense: str | None, out: list[_Cand]) -> None:
    for mt in _WDP_RE.finditer(text):
        wd_tok, wd2_tok = mt.group("wd"), mt.group("wd2")
        if not _is_cap(wd_tok):
            continue
        mod = mt.group("mod")
        s, e = mt.span()
        lt, since = _tense_at(text, s, e, tense)
        wd = _weekday_num(wd_tok)
        if wd2_tok and not _is_cap(wd2_tok):
            wd2_tok = None
            e = mt.end("wd")
            tail = re.match(rf"(?:'s)?(?:\s+{_PARTS})?", text[e:], _FLAGS)
            e += tail.end() if tail else 0
        if not wd2_tok:
            d = _resolve_weekday_mod(wd, pub, lt, mod)
            out.append(_one(text, s, e, d.isoformat(), None, True, since, 2))
            continue
        wd2 = _weekday_num(wd2_tok)
        span = (wd2 - wd) % 7 or 7
        sep = mt.group("sep").lower()
        between = bool(_FROM_BETWEEN_RE.search(text[max(0, s - 20) : s]))
        is_range = sep not in ("and", "&", "or") or between or (sep in ("and", "&") and span == 1)
        if is_range:
            if lt == "past" and not mod:
                last = resolve_weekday(wd2, pub, "past")
                first = last - timedelta(days=span)
            else:
                first = _resolve_weekday_mod(wd, pub, lt, mod)
                last = first + timedelta(days=span)
            out.append(_one(text, s, e, first.isoformat(), last.isoformat(), True, since, 2))
            continue
        # "Tuesday and Thursday", "Monday or Tuesday": two separate days
        e1 = mt.end("wd")
        tail = re.match(rf"(?:'s)?(?:\s+{_PARTS})?", text[e1:], _FLAGS)
        e1 += tail.end() if tail else 0
        d1 = _resolve_weekday_mod(wd, pub, lt, mod)
        if lt == "past":
            d2 = resolve_weekday(wd2, pub, "past")
        else:
            d2 = d1 + timedelta(days=span)
        s2 = mt.start("wd2")
        out.append(
            _Cand(
                s,
                e,
                [
                    DateMention(s, e1, text[s:e1], d1.isoformat(), None, True, since),
                    DateMention(s2, e, text[s2:e], d2.isoformat(), None, True, since),
                ],
                2,
            )
        )


def _holiday_candidates(text: str, pub: date, tense: str | None, out: list[_Cand]) -> None:
    for mt in _HOLIDAY_RE.finditer(text):
        s, e = mt.span()
        name, mod = mt.group("h"), (mt.group("mod") or "").lower()
        lt, since = _tense_at(text, s, e, tense)
        cands = {y: _holiday(name, y) for y in (pub.year - 1, pub.year, pub.year + 1)}
        if mod == "last":
            d = max((c for c in cands.values() if c and c < pub), default=None)
        elif mod == "next":
            d = min((c for c in cands.values() if c and c > pub), default=None)
        elif mod == "this":
            d = cands[pub.year]
        else:
            d = _pick_year(cands, pub, lt)
        if d is not None:
            out.append(_one(text, s, e, d.isoformat(), None, True, since, 3))


def _select(cands: list[_Cand]) -> list[DateMention]:
    """Non-overlapping candidates, longest first (then the more specific pattern, then earliest)."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.prio, c.start))
    taken: list[tuple[int, int]] = []
    chosen: list[_Cand] = []
    for c in cands:
        if any(c.start < b and a < c.end for a, b in taken):
            continue
        taken.append((c.start, c.end))
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return [m for c in chosen for m in c.mentions]


def _precision(value: str) -> int:
    return value.count("-")


def _merge_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Join 'X to Y', 'from X through Y', 'between X and Y' into one ranged mention."""
    out: list[DateMention] = []
    i = 0
    while i < len(mentions):
        a = mentions[i]
        if i + 1 < len(mentions) and a.end_value is None:
            b = mentions[i + 1]
            gap = _MERGE_GAP_RE.match(text[a.end : b.start])
            if gap and _precision(a.value) == _precision(b.value):
                sep = gap.group("sep").lower()
                fb = _FROM_BETWEEN_RE.search(text[max(0, a.start - 20) : a.start])
                ok = sep != "and" or (fb is not None and fb.group("w").lower() == "between")
                end_value = b.end_value or b.value
                if ok and end_value > a.value:
                    if _precision(a.value) == 2:
                        span = (date.fromisoformat(end_value) - date.fromisoformat(a.value)).days
                        ok = span <= 366
                    if ok:
                        out.append(
                            DateMention(
                                a.start,
                                b.end,
                                text[a.start : b.end],
                                a.value,
                                end_value,
                                a.relative or b.relative,
                                a.since,
                            )
                        )
                        i += 2
                        continue
        out.append(a)
        i += 1
    return out


# =========================================================================== public


def find_dates(text: str, published: date | None, tense: str | None = None, local: bool = True) -> list[DateMention]:
    """All date expressions in ``text`` resolved against ``published``, in text order.

    ``tense`` ('past' | 'future' | 'present' | None) is the tense of the sentence; words
    right before an expression ("said Monday", "will strike Friday", "since ...") take
    precedence over it for that expression, unless ``local`` is False: then every
    expression is read in ``tense`` (what a caller that weighs each reading wants).
    """
    if not text:
        return []
    if not local:
        token = _LOCAL_TENSE.set(False)
        try:
            return find_dates(text, published, tense)
        finally:
            _LOCAL_TENSE.reset(token)
    pub = _as_date(published)
    if tense not in ("past", "future", "present"):
        tense = None
    # Cheap gates first: most sentences name no month, weekday or year.
    cands: list[_Cand] = []
    digits = _GATE_DIGIT_RE.search(text) is not None
    months = _GATE_MONTH_RE.search(text) is not None
    if digits:
        if "-" in text or "/" in text:
            _numeric_candidates(text, cands)
        if _GATE_YEAR_RE.search(text):
            _year_candidates(text, pub, cands)
    if months:
        if digits:
            _md_candidates(text, pub, tense, cands)
            _dm_candidates(text, pub, tense, cands)
            _my_candidates(text, cands)
        if pub is not None:
            _ma_candidates(text, pub, tense, cands)
    if pub is not None:
        low = text.lower()
        if _GATE_DAYWORD_RE.search(low):
            _dayword_candidates(text, pub, tense, cands)
        if _GATE_UNIT_RE.search(low):
            _unit_candidates(text, pub, tense, cands)
        if " ago" in low:
            _ago_candidates(text, pub, cands)
        if _GATE_WEEKDAY_RE.search(text):
            _weekday_candidates(text, pub, tense, cands)
        if _GATE_HOLIDAY_RE.search(text):
            _holiday_candidates(text, pub, tense, cands)
    if not cands:
        return []
    return _merge_ranges(text, _select(cands))


def duration_days(text: str) -> int | None:
    """The length in days of an action described in ``text``, or None.

    "three-day strike" -> 3, "a 24-hour strike" -> 1, "48-hour" -> 2, "two-week strike" -> 14,
    "weeklong" -> 7, "half-day" -> 1, "for five days" -> 5. Notice periods ("a 10-day
    strike notice") are not durations.
    """
    low = text.lower()
    if "day" not in low and "hour" not in low and "week" not in low:
        return None
    best: tuple[int, int] | None = None  # (position, days)
    for rx in (_DUR_ADJ_RE, _DUR_FOR_RE):
        for mt in rx.finditer(text):
            raw = mt.group("n").lower()
            n = 1 if raw == "half" else _number(raw)
            if not n:
                continue
            unit = mt.group("unit").lower()
            days = max(1, -(-n // 24)) if unit == "hour" else n * 7 if unit == "week" else n
            if best is None or mt.start() < best[0]:
                best = (mt.start(), days)
            break
    for mt in _DUR_WORD_RE.finditer(text):
        days = 7 if mt.group("w").lower().startswith("week") else 1
        if best is None or mt.start() < best[0]:
            best = (mt.start(), days)
        break
    return best[1] if best else None


def add_days(value: str, n: int) -> str | None:
    """``value`` + ``n`` days for a full ``YYYY-MM-DD`` value; None for partial dates.

    A three-day strike starting ``value`` ends ``add_days(value, 3 - 1)``.
    """
    if not value or len(value) != 10:
        return None
    try:
        return (date.fromisoformat(value) + timedelta(days=n)).isoformat()
    except ValueError:
        return None


def tense_of(text: str) -> str | None:
    """A cheap guess at the tense of a sentence: 'future', 'present', 'past' or None.

    Future cues (will, plans to, set to, scheduled, deadline, tomorrow, next week) win over
    present cues (is on strike, have been on strike, ongoing, today), which win over past
    cues (-ed verbs, said, went, last, ago, yesterday).
    """
    if _TENSE_FUTURE_RE.search(text):
        return "future"
    if _TENSE_PRESENT_RE.search(text):
        return "present"
    if _TENSE_PAST_RE.search(text):
        return "past"
    return None


_ELAPSED_RE = re.compile(
    rf"\b(?:after|following)\s+(?:(?:more\s+than|over|nearly|almost|about|some)\s+)?"
    rf"(?P<n>\d{{1,3}}|{_NUM_WORD_RE})\s+(?P<unit>day|week|month)s?\s+(?:of\s+(?:the\s+|a\s+|their\s+)?|on\s+)$",
    re.IGNORECASE,
)


def elapsed_start(before: str, anchor: date) -> DateMention | None:
    """The start of an action said to have lasted so long by ``anchor``, or None.

    ``before`` is the text just before the action's word: "After over five months of"
    (striking) with an anchor of 2022-03-13 gives "2021-10"; weeks and days give a day.
    The mention's offsets are those of the phrase within ``before``.
    """
    mt = _ELAPSED_RE.search(before)
    if not mt:
        return None
    n = _number(mt.group("n").lower())
    if not n:
        return None
    unit = mt.group("unit").lower()
    if unit == "month":
        y, m = anchor.year, anchor.month - n
        while m <= 0:
            y, m = y - 1, m + 12
        value = f"{y:04d}-{m:02d}"
    else:
        value = (anchor - timedelta(days=n * 7 if unit == "week" else n)).isoformat()
    return DateMention(mt.start(), mt.end(), mt.group(0).strip(), value, relative=True)



# --------------------------------------------------------------------------- counting back

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
}  # fmt: skip
_ORD_RE = "|".join(_ORDINAL_WORDS) + r"|\d{1,3}(?:st|nd|rd|th)"
_QUANT = r"(?:(?:more\s+than|over|nearly|almost|about|some|roughly|around|at\s+least|just\s+over)\s+)?"
_STOPPAGE = r"(?:strikes?|walkouts?|lockouts?|(?:work\s+)?stoppages?|shutdowns?|job\s+actions?|industrial\s+action)"
_BACK_PATTERNS = (
    # "a four-week strike", "the 52-day walkout", "a month-long lockout"
    re.compile(rf"\b(?P<n>\d{{1,3}}|{_NUM_WORD_RE})[\s-](?P<unit>day|week|month|year)(?:[\s-]long)?[\s-]+"
               rf"(?:(?:old|long|open-ended|national|nationwide|strike)\s+)?{_STOPPAGE}\b", _FLAGS),
    re.compile(rf"\b(?:a|one)?\s*(?P<unit>month|week|year)[\s-]long\s+{_STOPPAGE}\b", _FLAGS),
    # "on strike for three weeks", "locked out for 14 long months", "striking for more than seven weeks"
    re.compile(rf"\b(?:on\s+strike|striking|struck|locked\s+out|picketing|off\s+the\s+job|{_STOPPAGE})\s+"
               rf"(?:[\w’'-]+\s+){{0,4}}?(?:for|after|in)\s+{_QUANT}(?P<n>\d{{1,3}}|{_NUM_WORD_RE})\s+(?:long\s+)?"
               rf"(?P<unit>day|week|month|year)s?\b", _FLAGS),
    # "after five months of striking", "after more than seven weeks on strike"
    re.compile(rf"\b(?:after|following)\s+{_QUANT}(?P<n>\d{{1,3}}|{_NUM_WORD_RE})\s+(?P<unit>day|week|month|year)s?\s+"
               rf"(?:of\s+(?:the\s+|a\s+|their\s+)?(?:strik\w*|walkout|lockout|picketing)|on\s+strike|off\s+the\s+job|locked\s+out)",
               _FLAGS),
)
# "on day three of their strike", "the third day of the strike", "entered its fourth week"
_DAY_N = (
    re.compile(rf"\bday\s+(?P<n>\d{{1,3}}|{_NUM_WORD_RE})\s+of\b", _FLAGS),
    re.compile(rf"\b(?P<ord>{_ORD_RE})\s+(?P<unit>day|week|month)\s+of\s+(?:the\s+|a\s+|their\s+|its\s+)?(?:\w+\s+)?{_STOPPAGE}",
               _FLAGS),
    re.compile(rf"\b(?:enter\w*|in|into|reach\w*|marks?|marked|on)\s+(?:its|their|the)\s+(?P<ord>{_ORD_RE})\s+(?P<unit>day|week|month)\b",
               _FLAGS),
)


def _ordinal(token: str) -> int | None:
    t = token.lower()
    if t in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[t]
    m = re.match(r"(\d{1,3})", t)
    return int(m.group(1)) if m else None


def _back(anchor: date, n: int, unit: str, inclusive: bool) -> list[str]:
    """Values ``n`` units before ``anchor``: a day for days (and weeks), the month for weeks and months."""
    if unit == "day":
        d = anchor - timedelta(days=n - 1 if inclusive else n)
        return [d.isoformat()]
    if unit == "week":
        d = anchor - timedelta(days=7 * n - (1 if inclusive else 0))
        return [d.isoformat(), d.isoformat()[:7]]
    if unit == "month":
        y, m = anchor.year, anchor.month - n
        while m <= 0:
            y, m = y - 1, m + 12
        return [f"{y:04d}-{m:02d}"]
    return [str(anchor.year - n)]


def count_back(text: str, anchors: list[tuple[str, date]]) -> list[tuple[int, int, str, str, str]]:
    """Starts of stoppages said to have lasted so long by an anchor day (date arithmetic).

    ``anchors``: (name, day) pairs, e.g. ("pub", publication day) or ("stated", a day the
    sentence gives). Returns (start, end, phrase, value, anchor name) for "a four-week
    strike" (four weeks back), "locked out for 14 months", "after five months of
    striking", "on day three of their strike" (two days back), "entered its fourth week".
    """
    out: list[tuple[int, int, str, str, str]] = []
    for rx in _BACK_PATTERNS:
        for m in rx.finditer(text):
            raw = (m.groupdict().get("n") or "one").lower()
            n = _number(raw) if raw not in ("a", "an") else 1
            if not n or n > 400:
                continue
            unit = m.group("unit").lower()
            for name, day in anchors:
                for v in _back(day, n, unit, inclusive=True):
                    if not any(o[0] == m.start() and o[3] == v and o[4] == name for o in out):
                        out.append((m.start(), m.end(), m.group(0), v, name))
    for rx in _DAY_N:
        for m in rx.finditer(text):
            n = _ordinal(m.group("ord")) if "ord" in m.groupdict() and m.groupdict().get("ord") else _number(
                (m.groupdict().get("n") or "").lower())
            if not n or n > 400:
                continue
            unit = (m.groupdict().get("unit") or "day").lower()
            for name, day in anchors:
                if unit == "day":
                    vals = [(day - timedelta(days=n - 1)).isoformat()]
                else:
                    vals = _back(day, n - 1, unit, inclusive=False) if n > 1 else [day.isoformat()[:7]]
                for v in vals:
                    out.append((m.start(), m.end(), m.group(0), v, name))
    return out


# --------------------------------------------------------------------------- a reference day

_WD_MD_RE = re.compile(rf"\b(?P<wd>{_WD})\s*,?\s+(?P<mon>{_MON})\s*(?P<day>{_DAY})\b(?!\s*,?\s*(?:19|20)\d\d)", _FLAGS)


def reference_day(text: str) -> date | None:
    """A day to read relative dates against when an article has no publication date.

    The latest full date the text states ("March 20, 2024"); else a weekday with a
    month and day ("Saturday, December 31") in the one year, among those the text
    names, where that day is that weekday; else None. It is an anchor for date
    arithmetic, not a publication date: a story can be written days after it.
    """
    full = [d.value for d in find_dates(text, None) if len(d.value) == 10]
    if full:
        try:
            return date.fromisoformat(max(full))
        except ValueError:
            return None
    years = sorted({int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)})
    best: date | None = None
    for m in _WD_MD_RE.finditer(text):
        wd, mon, day = _weekday_num(m.group("wd")), _month_num(m.group("mon")), _day_num(m.group("day"))
        fits = [d for y in years if (d := _safe_date(y, mon, day)) is not None and d.weekday() == wd]
        if len(fits) == 1 and (best is None or fits[0] > best):
            best = fits[0]
    return best
