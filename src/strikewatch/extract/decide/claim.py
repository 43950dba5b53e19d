"""Claims: is a number in a sentence a party's bargaining position, and whose?

Mechanism finds the candidates, recall first: every percent ("30%", "five
percent", "a 2-percent increase"), every dollars-an-hour figure ("$22 hourly",
"a minimum of $25 per hour"), a wage freeze (0), a pay cut (negative), and the
sums the spec asks for: a raise schedule ("4%, 3% and 2% over three years" is 9,
"3% a year for three years" is 9, "3 percent the first four years and 2.7
percent the last year" is 14.7), a range's lower bound ("5% to 6%" is 5), steps
announced in adjacent sentences or bullets. Years come from "over three years",
"a four-year deal" and the like.

A :class:`~strikewatch.extract.decide.linear.LinearModel` then judges each
candidate: ``none``, ``union-demand`` or ``employer-offer`` (the only pairs the
gold holds), from general features: the words around the number, groups of cue
words (asking, offering, rejecting, agreeing, ratifying, voting, inflation), the
nearest verb on the left, whether the union or the employer is named before or
after the number, negation, tense and modality, the other numbers of the
sentence and the sentence's place in the article.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from strikewatch.extract.decide.linear import LinearModel
from strikewatch.extract.numbers import WORD_NUMBERS
from strikewatch.extract.parties import Parties, find_unions
from strikewatch.model import Claim, Event, Evidence

NAME = "claim"
C = 0.1
MIN_COUNT = 2
THRESHOLD = 0.4
CLASS_WEIGHT: str | None = "balanced"
#: a candidate restating a gold claim outside its evidence sentence: left out of training ("skip"), or
#: "positive" / "negative"
RESTATED = "negative"
CLASSES = ("none", "union-demand", "employer-offer")
WEIGHTS = Path(__file__).with_name("weights") / "claim.json"

Spans = Sequence[tuple[int, int]]

# --- numbers (mechanism) -------------------------------------------------------------

_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_UNITS = {k: v for k, v in WORD_NUMBERS.items() if v < 10}
_WORDS: dict[str, float] = {**{k: float(v) for k, v in WORD_NUMBERS.items()},
                             **{k: float(v) for k, v in _TENS.items()}}
for _t, _tv in _TENS.items():
    for _u, _uv in _UNITS.items():
        _WORDS[f"{_t}-{_u}"] = float(_tv + _uv)
        _WORDS[f"{_t} {_u}"] = float(_tv + _uv)
_NUMWORD = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
_NUM = rf"(?:\d+(?:\.\d+)?|\.\d+|(?:{_NUMWORD})(?:\s+and\s+a\s+half)?)"
_PCT_UNIT = r"(?:%|percent(?:age[\s-]+points?)?\b|per\s*cent\b|pct\b)"
PCT_RX = re.compile(rf"(?<![\w.$])({_NUM})(?:\s*|-)({_PCT_UNIT})", re.I)
#: "5 to 6 percent": a bare number before a percent
BARE_LOW_RX = re.compile(rf"(?<![\w.$])({_NUM})\s*(?:to|-|–|—)\s*$", re.I)
DOLLAR_RX = re.compile(r"\$\s?(\d{1,3}(?:\.\d{1,2})?)(?![\d,])"
                       r"(?!\s*(?:million|billion|thousand|k\b|m\b|bn\b))", re.I)
HOUR_AFTER = re.compile(r"^(?:\s*|-)(?:an|a|per|/|each)[\s-]?(?:hour|hr)\b|^\s+hourly\b|^\s*/\s*h\b", re.I)
HOUR_WORD = re.compile(r"\b(?:hour|hourly|hr)\b", re.I)
FREEZE_RX = re.compile(r"\bfreez\w*\s+(?:\w+[’']?s?\s+){0,2}(?:wages?|pay|salar\w*)|"
                       r"\b(?:wage|pay|salary)\s+freezes?\b", re.I)
_YEARN = rf"(\d+|{_NUMWORD})"
YEARS_AFTER = re.compile(
    rf"^[^%$]{{0,45}}?\b(?:over|across|during|spread\s+over|for|in)\s+(?:the\s+|a\s+|each\s+of\s+the\s+)?"
    rf"(?:next\s+|first\s+|following\s+|coming\s+|life\s+of\s+(?:a|the)\s+)?{_YEARN}[\s-]+years?\b"
    rf"|^[^%$]{{0,20}}?\b(?:in\s+a\s+|over\s+a\s+|over\s+the\s+)?{_YEARN}-years?\b",
    re.I,
)
YEARS_IN_SENT = re.compile(rf"\b{_YEARN}-year\s+(?:contract|deal|agreement|pact|term|proposal|offer|period)",
                           re.I)
PER_YEAR = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:a|per|each|every)\s+year\b|^\s*(?:annual(?:ly)?|yearly)\b",
                      re.I)
#: a step that repeats: "for each of the next four years", "the first four years" (not "over the next four
#: years", a total)
STEP_YEARS = re.compile(
    rf"^[^%$]{{0,30}}?\b(?:in|for|during)\s+each\s+of\s+the\s+(?:first|next|following|last|remaining|final)\s+"
    rf"{_YEARN}\s+years\b"
    rf"|^[^%$]{{0,30}}?\b(?:(?:in|for|during)\s+)?the\s+(?:first|last|remaining|final)\s+{_YEARN}\s+years\b",
    re.I,
)
CUT_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:cuts?|reductions?|decreases?|rollbacks?)\b", re.I)
CUT_BEFORE = re.compile(r"\b(?:cut\w*|reduc\w*|slash\w*|lower\w*|decreas\w*)\s+(?:\w+\s+){0,3}?by\s+"
                        r"(?:about\s+|around\s+)?$", re.I)
LIST_GAP = re.compile(r"^[\s,;:]*(?:and|then|plus|followed\s+by|with)?[\s,;:]*"
                      r"(?:another|a\s+further|an?\s+additional|an?|the)?\s*$", re.I)
#: a later step of a schedule told in its own sentence ("The district also offered an additional 2%")
CONTINUES = re.compile(r"\b(?:another|additional|further|also|then|second|third|following|subsequent|next)\b",
                       re.I)
GAP_TOTAL = re.compile(r"[.;!?]|\b(?:total\w*|amount\w*|equal\w*|mean\w*|compound\w*|cumulative)\b", re.I)
GAP_CLAUSE = re.compile(r"\b(?:but|while|whereas|compared|instead|rather|than|from|versus|vs)\b", re.I)
RAISE_AFTER = re.compile(r"\b(?:raises?|increases?|hikes?|more|additional|extra|bump)\b")
RAISE_BEFORE = re.compile(r"\b(?:raises?|increases?|hikes?|boost)\s+(?:of\s+)?(?:about\s+|around\s+|"
                          r"roughly\s+)?$|\bby\s+$|\badditional\s+$")
FLOOR_BEFORE = re.compile(r"\bto\s+(?:about\s+|around\s+|at\s+least\s+)?$|minimum|floor|at\s+least|"
                          r"starting|base|\bat\s+$")
ANNUAL_BEFORE = re.compile(r"\b(?:annual|yearly)\s+(?:\w+\s+)?$", re.I)
BULLET = re.compile(r"^\s*(?:[•▪◦‣●\-*–]|\d+[.)])\s*")


def parse_number(s: str) -> float:
    """'30' -> 30.0, 'five' -> 5.0, 'twenty-five' -> 25.0, 'two and a half' -> 2.5."""
    s = re.sub(r"\s+", " ", s.strip().lower())
    half = 0.0
    if s.endswith(" and a half"):
        s, half = s[: -len(" and a half")], 0.5
    v = _WORDS.get(s)
    return (v if v is not None else float(s)) + half


def _r(v: float) -> float:
    return round(v, 4) + 0.0


@dataclass(frozen=True)
class Mention:
    """One number in a sentence (absolute offsets)."""

    value: float
    start: int
    end: int
    unit: str  # "pct" | "usd"


@dataclass(frozen=True)
class Candidate:
    """A possible claim: its measure, value and years, where it is, and how it was read."""

    measure: str
    value: float
    years: float | None
    start: int  # the number expression, absolute offsets
    end: int
    sent_start: int  # the evidence span (one sentence, or adjacent ones for a schedule)
    sent_end: int
    sent_index: int
    #: single, range_low, from, to, per_year, per_year_context, per_year_alone, schedule, xsent, cut, freeze,
    #: hourly ("$22 an hour"), hourly_sent (a dollar figure in a sentence about hourly pay)
    form: str
    parts: int = 1  # steps summed
    run: int = 1  # steps in the schedule this number belongs to
    step: int = 1  # its place in that schedule (for a sum: how many steps it covers)


def _pct_mentions(sent: str, off: int) -> list[tuple[Mention, str]]:
    out: list[tuple[Mention, str]] = []
    for m in PCT_RX.finditer(sent):
        try:
            v = parse_number(m.group(1))
        except ValueError:
            continue
        out.append((Mention(v, off + m.start(), off + m.end(), "pct"), m.group(2).lower()))
    return out


def _years_after(rest: str) -> float | None:
    m = YEARS_AFTER.match(rest)
    if not m:
        return None
    g = m.group(1) or m.group(2)
    cut = m.start(1) if m.group(1) else m.start(2)
    if PCT_RX.search(rest[:cut]):
        return None
    y = parse_number(g)
    return y if 0 < y <= 10 else None


def _sentence_candidates(text: str, s_start: int, s_end: int, idx: int,
                         context_years: float | None = None) -> list[Candidate]:
    sent = text[s_start:s_end]
    out: list[Candidate] = []
    ments = _pct_mentions(sent, s_start)
    sent_years: float | None = None
    ym = YEARS_IN_SENT.search(sent)
    if ym:
        y = parse_number(ym.group(1))
        sent_years = y if 0 < y <= 10 else None

    def add(value: float, years: float | None, start: int, end: int, form: str, measure: str = "raise_pct",
            parts: int = 1) -> None:
        out.append(Candidate(measure, _r(value), years, start, end, s_start, s_end, idx, form, parts))

    # singles, ranges (their lower bound), changes ("from 18% to 19%"), per-year raises, cuts
    steps: list[tuple[float, float, int, int, int]] = []  # (value x years, years, start, end, index in out)
    i = 0
    while i < len(ments):
        m, unit = ments[i]
        if "point" in unit:
            i += 1
            continue
        before = sent[: m.start - s_start]
        nxt = ments[i + 1][0] if i + 1 < len(ments) else None
        gap = text[m.end : nxt.start] if nxt else ""
        is_from = bool(re.search(r"\bfrom\s+(?:\w+\s+){0,3}$", before[-40:], re.I))
        to_gap = re.fullmatch(r"\s*(?:to|-|–|—)\s*", gap, re.I) is not None
        between = re.fullmatch(r"\s*and\s*", gap, re.I) is not None and bool(
            re.search(r"\bbetween\s+$", before[-12:], re.I))
        ranged = nxt is not None and (to_gap and not is_from or between)
        bare = BARE_LOW_RX.search(before)
        start, end, value = m.start, m.end, m.value
        form = "from" if is_from else "single"
        if ranged and nxt is not None:
            end, form = nxt.end, "range_low"
        elif bare:
            try:
                value, start, form = parse_number(bare.group(1)), s_start + bare.start(), "range_low"
            except ValueError:
                pass
        elif re.search(r"\bto\s+$", before[-6:], re.I) and i > 0 and ments[i - 1][0].end > m.start - 30:
            form = "to"
        rest = text[end:s_end]
        years = _years_after(rest)
        per_year = bool(PER_YEAR.match(rest) or ANNUAL_BEFORE.search(before[-25:]))
        sm = STEP_YEARS.match(rest)
        mult = parse_number(sm.group(1) or sm.group(2)) if sm else 1.0
        if CUT_AFTER.match(rest) or CUT_BEFORE.search(before[-40:]):
            add(-value, years, start, end, "cut")
        elif mult > 1:
            # "3% in each of the next two years", "3 percent the first four years"
            add(value * mult, mult, start, end, "per_year")
        elif per_year and (years or sent_years):
            yrs = years or sent_years or 1.0
            add(value * yrs, yrs, start, end, "per_year")
        elif per_year and context_years:
            # "4% each year" under "a three-year contract" stated just before
            add(value * context_years, context_years, start, end, "per_year_context")
            add(value, None, start, end, "per_year_alone")
        else:
            add(value, years or sent_years, start, end, form)
        steps.append((value * mult, mult, start, end, len(out) - 1))
        i += 2 if ranged else 1

    # schedules: runs of steps joined by list words ("3%, 3% and 3.5%"; "4% ..., then 4.25% in the second
    # year"), summed from the first step on
    runs: list[list[tuple[float, float, int, int, int]]] = []
    for st in steps:
        if runs and _joinable(text[runs[-1][-1][3] : st[2]]):
            runs[-1].append(st)
        else:
            runs.append([st])
    for run in runs:
        if len(run) < 2 or len(run) > 6:
            continue
        for k, st in enumerate(run):
            out[st[4]] = replace(out[st[4]], run=len(run), step=k + 1)
        for b in range(2, len(run) + 1):
            sub = run[:b]
            total = sum(x[0] for x in sub)
            steps_years = float(sum(x[1] for x in sub))
            stated = _years_after(text[sub[-1][3] : s_end])
            if stated and stated != steps_years and stated > 1 or total > 100:
                continue  # "65% immediately and 77% over three years": the last is a total, not a step
            yrs = stated or steps_years
            add(total, yrs, sub[0][2], sub[-1][3], "schedule", parts=len(sub))
            out[-1] = replace(out[-1], run=len(run), step=b)

    # a wage freeze
    for fm in FREEZE_RX.finditer(sent):
        add(0.0, _years_after(sent[fm.end() :]), s_start + fm.start(), s_start + fm.end(), "freeze")

    # dollars an hour
    for dm in DOLLAR_RX.finditer(sent):
        v = float(dm.group(1))
        after = sent[dm.end() :]
        direct = bool(HOUR_AFTER.match(after))
        if not direct and not HOUR_WORD.search(sent):
            continue
        if v <= 0 or v > 200:
            continue
        b = sent[max(0, dm.start() - 35) : dm.start()].lower()
        a = after[:30].lower()
        if RAISE_AFTER.search(a) and not re.search(r"\b(?:to|of at least|minimum)\s+$", b) or \
                RAISE_BEFORE.search(b):
            measure = "raise_per_hour"
        elif FLOOR_BEFORE.search(b) or "minimum" in a:
            measure = "wage_floor_per_hour"
        else:
            measure = "wage_floor_per_hour" if v >= 10 else "raise_per_hour"
        add(v, None, s_start + dm.start(), s_start + dm.end(), "hourly" if direct else "hourly_sent",
            measure=measure)
    return out


def _joinable(gap: str) -> bool:
    """Two steps of one schedule: the text between them is short and holds no other clause."""
    if len(gap) > 80 or re.search(r"\bto\s*$", gap, re.I) or GAP_TOTAL.search(gap):
        return False
    more = re.search(r"\b(?:additional|another|further|then)\b", gap, re.I)
    if not more and GAP_CLAUSE.search(gap):
        return False
    words = re.findall(r"[A-Za-z]+", gap)
    listed = bool(more) or bool(re.search(r",|\band\b|\bplus\b|\bfollowed\b", gap, re.I))
    return len(words) <= 14 and listed or bool(LIST_GAP.match(gap))


#: a sentence without one of these holds no candidate (a cheap test before the patterns)
_MAY_HOLD = re.compile(r"%|percent|per\s*cent|pct|\$|freez", re.I)


def candidates(text: str, sentences: Spans) -> list[Candidate]:
    """Every possible claim of the article (mechanism only), in text order."""
    out: list[Candidate] = []
    per_sent: list[list[Candidate]] = []
    for idx, (s, e) in enumerate(sentences):
        if not _MAY_HOLD.search(text, s, e):
            per_sent.append([])
            continue
        ctx_years = None
        for k in range(idx - 1, max(-1, idx - 3), -1):
            ym = YEARS_IN_SENT.search(text[sentences[k][0] : sentences[k][1]])
            if ym:
                y = parse_number(ym.group(1))
                ctx_years = y if 0 < y <= 10 else None
                break
        cs = _sentence_candidates(text, s, e, idx, ctx_years)
        per_sent.append(cs)
        out.extend(cs)
    # steps announced in adjacent sentences or bullets ("A 2.5% increase on 1 July 2024" / "Another 2.5% ...")
    for idx in range(len(sentences) - 1):
        c0 = _one_step(per_sent[idx])
        if c0 is None:
            continue
        run = [c0]
        k = idx + 1
        while k < len(sentences) and len(run) < 4:
            ck = _one_step(per_sent[k])
            bullets = BULLET.match(text[sentences[k - 1][0] : sentences[k - 1][1]]) and BULLET.match(
                text[sentences[k][0] : sentences[k][1]])
            if ck is None or not (bullets or CONTINUES.search(text[sentences[k][0] : ck.start])):
                break
            run.append(ck)
            out.append(Candidate("raise_pct", _r(sum(x.value for x in run)), float(len(run)), c0.start,
                                 ck.end, sentences[idx][0], sentences[k][1], idx, "xsent", len(run)))
            k += 1
    return out


def _one_step(cs: list[Candidate]) -> Candidate | None:
    pct = [c for c in cs if c.measure == "raise_pct" and c.form in ("single", "range_low")]
    return pct[0] if len(pct) == 1 and len(cs) == 1 else None


# --- features ------------------------------------------------------------------------

CUES: dict[str, re.Pattern[str]] = {k: re.compile(v, re.I) for k, v in {
    "demand": r"\b(?:ask\w*|demand\w*|seek\w*|sought|want\w*|call\w*\s+for|push\w*\s+for|fight\w*\s+for|"
              r"fought\s+for|request\w*|insist\w*|wish\w*|hop(?:e|es|ing)\s+(?:for|to)|goal|aim\w*|priorit\w*|needs?)\b",
    "offer": r"\b(?:offer\w*|on\s+the\s+table|table[ds]?|present\w*|promis\w*|counter\w*|extend\w*)\b",
    "propose": r"\b(?:propos\w*|put\s+forward|pitch\w*|submit\w*)\b",
    "deal": r"\b(?:tentative|deal|agreement|pact|settlement|contract)\b",
    "reject": r"\b(?:reject\w*|declin\w*|turn\w*\s+down|vot\w*\s+down|refus\w*|dismiss\w*|spurn\w*|"
              r"insult\w*)\b",
    "accept": r"\b(?:ratif\w*|approv\w*|accept\w*|secur\w*|won|win|wins|achiev\w*|gain\w*|receiv\w*|get|gets|"
              r"will\s+(?:see|get|receive))\b",
    "would_have": r"\bwould\s+have\b|\bwould[’']ve\b",
    "modal_future": r"\b(?:will|would|could|shall)\b",
    "past": r"\b(?:had|was|were|previous\w*|earlier|initial\w*|original\w*|last|prior|before)\b",
    "new": r"\b(?:new|latest|revised|improved|updated|final|best|sweeten\w*|enhanc\w*|better)\b",
    "vote": r"\b(?:vot\w*|ballot\w*|turnout|margin|support\w*\s+(?:the|a)\s+strike|authoriz\w*|"
            r"in\s+favou?r)\b",
    "share": r"\b(?:of\s+(?:the\s+|its\s+|their\s+)?(?:members|workers|employees|staff|nurses|teachers|"
             r"voters|respondents|people|residents|americans|the\s+vote|eligible)|respondents|survey\w*|poll\w*)\b",
    "inflation": r"\b(?:inflation|cpi|cost[\s-]+of[\s-]+living|consumer\s+price|prices?|interest|rates?|gdp|"
                 r"growth|econom\w*|unemployment|tax\w*|stock|shares?|market|revenue|profits?|sales|earnings|"
                 r"budget|deficit)\b",
    "raise": r"\b(?:rais\w*|increas\w*|hikes?|bump\w*|boost\w*|rise|rises)\b",
    "wage": r"\b(?:wages?|pay|salar\w*|compensation|earnings|income)\b",
    "cut": r"\b(?:cuts?|reduc\w*|slash\w*|freez\w*|decreas\w*|rollbacks?)\b",
    "negation": r"\b(?:not|no|never|nor|without|n[’']t|fail\w*|short\s+of|rather\s+than|instead\s+of|"
                r"lack\w*)\b",
    "union": r"\b(?:unions?|local|guild|federation|brotherhood|workers|members|employees|staff|nurses|"
             r"teachers|drivers|educators|faculty|bargaining\s+(?:team|committee|unit)|rank[\s-]and[\s-]file|"
             r"strikers)\b",
    "employer": r"\b(?:company|companies|district|management|employers?|government|hospitals?|city|county|"
                r"state|board|administration|university|agency|province|firm|carrier|airline|automaker|corporation|owners|"
                r"executives?|officials|bosses|minist\w*|council|authority|trust)\b",
    "comparative": r"\b(?:more|less|higher|lower|above|below|than|up\s+from|down\s+from|compared)\b",
    "total": r"\b(?:total\w*|overall|cumulative|compounded|combined|package|general|"
             r"across[\s-]the[\s-]board)\b",
    "bonus": r"\b(?:bonus\w*|lump[\s-]sum|one[\s-]time|payment|stipend|premium|health|pension\w*|retirement|"
             r"benefits?)\b",
    "says": r"\b(?:said|says|told|according|stated|added|argued|claimed)\b",
}.items()}
CLAUSE_BREAK = re.compile(r",\s+(?:but|while|whereas|which|who|although|though|after|before|when)\b|[;:]|"
                          r"\s[—–-]{1,2}\s|"
                          r"\b(?:but|while|whereas|although)\b|\(|\)", re.I)
#: the cue groups whose nearest occurrence on each side is a feature of its own
NEAREST = ("demand", "offer", "propose", "deal", "reject", "accept", "vote", "inflation", "share",
           "would_have")
VERBS = re.compile(
    r"\b(ask|demand|seek|sought|want|call|push|fight|fought|propos|offer|present|promis|give|gave|includ|provid|"
    r"rais|increas|receiv|get|got|reject|declin|accept|agre|secur|won|win|ratif|approv|vot|counter|put|"
    r"boost|cut|reduc|freez|mean|amount|total|repres|equal|rose|rise|grew|fell|drop|reach|earn|pay|paid|see)\w*",
    re.I,
)
TOKEN = re.compile(r"[A-Za-z]+(?:[’'][a-z]+)?|\d+(?:[.,]\d+)*|[%$]")
STOP = {"the", "a", "an", "of", "to", "and", "in", "for", "on", "at", "by", "with", "its", "their", "that",
        "this", "is", "be", "as", "or", "it"}
#: an employer's number stays its offer after the members ratified a deal only where the sentence
#: calls it one ("Kaiser presented an offer ... raise wages by 21%")
OFFER_WORDS = re.compile(r"\b(?:offer|propos|present)\w*", re.I)
ART_RATIFIED = re.compile(r"\bratified\b|\bvoted\s+to\s+(?:ratify|approve|accept)|"
                          r"\bapproved\s+(?:a|the)\s+(?:new\s+)?"
                          r"(?:\w+\s+)?(?:contract|deal|agreement)|\bratification\s+vote\s+passed", re.I)
ART_REJECTED = re.compile(r"\b(?:rejected|voted\s+down|voted\s+(?:against|to\s+reject)|turned\s+down)\b",
                          re.I)
ART_TENTATIVE = re.compile(r"\btentative\b|\bstill\s+must\s+be\s+ratified|\bratification\s+vote\b|"
                           r"\bvote\s+on\s+the\b", re.I)
LABOR_WORDS = re.compile(r"\b(?:unions?|strik\w*|bargain\w*|contract|negotiat\w*|walkout|picket\w*|"
                         r"lockout)\b", re.I)


def _stem(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w[0].isdigit():
        return "<num>"
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def _tokens(s: str) -> list[str]:
    return [_stem(t) for t in TOKEN.findall(s)]


@dataclass
class ArticleContext:
    """What features need from the whole article, computed once."""

    text: str
    sentences: list[tuple[int, int]]
    union_spans: list[tuple[int, int]]
    n_pct: int
    labor: int
    values: dict[float, int]
    flags: tuple[str, ...]
    pct_values: tuple[float, ...]  # the article's plain percent values, for ranking a candidate among them


def deal_ratified(events: Iterable[Event]) -> bool:
    """Whether the record reports the members' vote on a deal as held and passed (a ratification that
    occurred with its result approved): the terms of a ratified contract are not claims (the spec)."""
    return any(e.type == "ratification" and e.status == "occurred" and e.result is not None and e.result.approved
               for e in events)


def context(text: str, sentences: Spans, cands: Sequence[Candidate] | None = None,
            parties: Parties | None = None) -> ArticleContext:
    """The article-level facts the features of its candidates use (``parties``: the unions, when known)."""
    parties = parties if parties is not None else find_unions(text)
    spans = sorted((m.start, m.end) for g in parties.unions for m in g.mentions)
    n_pct = len(PCT_RX.findall(text))
    labor = len(LABOR_WORDS.findall(text))
    values: dict[float, int] = {}
    for c in cands or []:
        if c.form in ("single", "range_low", "from", "to", "per_year"):
            values[c.value] = values.get(c.value, 0) + 1
    flags = tuple(n for n, rx in (("ratified", ART_RATIFIED), ("rejected", ART_REJECTED),
                                  ("tentative", ART_TENTATIVE)) if rx.search(text))
    pct_values = tuple(sorted({c.value for c in cands or [] if c.measure == "raise_pct" and c.form in
                               ("single", "range_low", "from", "to", "per_year") and 0 < c.value <= 100}))
    return ArticleContext(text, list(sentences), spans, n_pct, labor, values, flags, pct_values)


def _rank(v: float, others: Sequence[float]) -> str:
    return "max" if v > max(others) else "min" if v < min(others) else "mid"


def _bucket(v: float, edges: Sequence[float]) -> str:
    for e in edges:
        if v <= e:
            return f"<={e:g}"
    return f">{edges[-1]:g}"


def features(c: Candidate, ctx: ArticleContext) -> dict[str, float]:
    """General features of one candidate (see the module docstring)."""
    text = ctx.text
    sent = text[c.sent_start : c.sent_end]
    left = text[c.sent_start : c.start]
    right = text[c.end : c.sent_end]
    f: dict[str, float] = {"bias": 1.0, f"measure={c.measure}": 1.0, f"form={c.form}": 1.0,
                           f"value{_bucket(abs(c.value), (1, 2, 3, 5, 8, 12, 20, 30, 50, 100))}": 1.0}
    if c.years:
        f["has_years"] = 1.0
    if c.parts > 1:
        f[f"parts={min(c.parts, 4)}"] = 1.0
    if c.run > 1:
        whole = c.step == c.run
        if c.form == "schedule":
            f["sched_whole" if whole else "sched_prefix"] = 1.0
        else:
            f["step_of_run"] = 1.0
            f["step_last" if whole else "step_first" if c.step == 1 else "step_mid"] = 1.0
    if c.measure == "raise_pct" and abs(c.value) > 100:
        f["value>100"] = 1.0
    if c.value != int(c.value):
        f["decimal"] = 1.0
    # words around the number
    lt, rt = _tokens(left), _tokens(right)
    lcont = [w for w in lt if w not in STOP]
    rcont = [w for w in rt if w not in STOP]
    if lcont:
        f[f"L1:{lcont[-1]}"] = 1.0
    if rcont:
        f[f"R1:{rcont[0]}"] = 1.0
    for w in lcont[-4:-1]:
        f[f"L:{w}"] = 1.0
    for w in rcont[1:4]:
        f[f"R:{w}"] = 1.0
    if lt and lt[-1] in STOP:
        f[f"L1s:{lt[-1]}"] = 1.0
    # cue groups: near (the last 45 / first 40 characters), far (the rest of the sentence)
    lnear, lfar = left[-45:], left[:-45]
    rnear, rfar = right[:40], right[40:]
    nearest_left: tuple[int, str] | None = None
    nearest_right: tuple[int, str] | None = None
    for g, rx in CUES.items():
        hits = 0
        for part, name in ((lnear, "Ln"), (lfar, "Lf"), (rnear, "Rn"), (rfar, "Rf")):
            if rx.search(part):
                f[f"cue:{g}:{name}"] = 1.0
                hits += 1
        if hits:
            f[f"cue:{g}"] = 1.0
        if g in NEAREST:
            ml = list(rx.finditer(left))
            if ml:
                d = len(left) - ml[-1].end()
                if nearest_left is None or d < nearest_left[0]:
                    nearest_left = (d, g)
            mr = rx.search(right)
            if mr and (nearest_right is None or mr.start() < nearest_right[0]):
                nearest_right = (mr.start(), g)
    if nearest_left:
        f[f"nearL={nearest_left[1]}"] = 1.0
    if nearest_right:
        f[f"nearR={nearest_right[1]}"] = 1.0
    # the clause that holds the number ("VTA has offered 11%, but the union is demanding 18%")
    lb = list(CLAUSE_BREAK.finditer(left))
    cl_left = left[lb[-1].end() :] if lb else left
    rb = CLAUSE_BREAK.search(right)
    cl_right = right[: rb.start()] if rb else right
    clause = cl_left + " " + cl_right
    for g in ("demand", "offer", "propose", "deal", "reject", "accept", "would_have", "union", "employer",
              "vote", "inflation", "negation", "past"):
        if CUES[g].search(clause):
            f[f"clause:{g}"] = 1.0
    cl_start = c.sent_start + len(left) - len(cl_left)
    if any(cl_start <= s < c.end + len(cl_right) for s, e in ctx.union_spans):
        f["clause:union_name"] = 1.0
    # the party named last before the number, in its clause and in the sentence
    for scope, part, base in (("clause", cl_left, cl_start), ("sent", left, c.sent_start)):
        who: tuple[int, str] | None = None
        for g in ("union", "employer"):
            ms = list(CUES[g].finditer(part))
            if ms and (who is None or ms[-1].start() > who[0]):
                who = (ms[-1].start(), g)
        names = [s - base for s, e in ctx.union_spans if base <= s and e <= c.start]
        if names and (who is None or max(names) > who[0]):
            who = (max(names), "union")
        if who:
            f[f"{scope}_party={who[1]}"] = 1.0
    # the nearest verb on the left (the governing verb, roughly)
    vs = list(VERBS.finditer(left))
    if vs:
        f[f"verb={vs[-1].group(1).lower()}"] = 1.0
        if len(left) - vs[-1].end() < 25:
            f["verb_near"] = 1.0
    vr = VERBS.search(right[:40])
    if vr:
        f[f"verbR={vr.group(1).lower()}"] = 1.0
    # parties named before or after the number
    us = [(s, e) for s, e in ctx.union_spans if c.sent_start <= s < c.sent_end]
    if any(e <= c.start for s, e in us):
        f["union_name:L"] = 1.0
    if any(s >= c.end for s, e in us):
        f["union_name:R"] = 1.0
    if re.search(r"\b(?:union|local|guild)[’']s\b|\btheir\s+(?:demand|ask|proposal)", sent, re.I):
        f["union_possessive"] = 1.0
    if re.search(r"\b(?:company|district|employer|government|management|hospital|city|university)[’']s\b|"
                 r"\bits\s+(?:offer|proposal|latest)", sent, re.I):
        f["employer_possessive"] = 1.0
    first = re.match(r"\s*(?:The\s+)?([A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)*)", sent)
    if first and c.sent_start + first.end(1) <= c.start:
        is_union = any(s <= c.sent_start + first.start(1) < e for s, e in us) or bool(
            CUES["union"].search(first.group(1)))
        f["subject=union" if is_union else "subject=name"] = 1.0
    # numbers around
    pcts = list(PCT_RX.finditer(sent))
    f[f"n_pct={min(len(pcts), 4)}"] = 1.0
    if any(c.sent_start + m.end() <= c.start for m in pcts):
        f["pct_before"] = 1.0
    if any(c.sent_start + m.start() >= c.end for m in pcts):
        f["pct_after"] = 1.0
    if re.search(r"\$\s?\d", sent):
        f["dollars_in_sent"] = 1.0
    if re.search(r"\b(?:19|20)\d\d\b", sent):
        f["year_in_sent"] = 1.0
    if re.search(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\s+(?:workers|members|employees|nurses|teachers)\b", sent,
                 re.I):
        f["count_in_sent"] = 1.0
    qual = re.search(r"\b(more\s+than|over|about|around|nearly|almost|roughly|approximately|at\s+least|"
                     r"up\s+to|only|just|less\s+than|under)\s+(?:an?\s+|the\s+)?$", left[-25:], re.I)
    if qual:
        f[f"qual={qual.group(1).lower().split()[0]}"] = 1.0
    # where the sentence sits
    i = c.sent_index
    f[f"sent_pos{_bucket(i, (0, 2, 5, 10, 20))}"] = 1.0
    n = max(1, len(ctx.sentences))
    f[f"sent_third={min(2, 3 * i // n)}"] = 1.0
    if re.search(r"[\"“”]", sent):
        f["quoted"] = 1.0
    if BULLET.match(sent):
        f["bullet"] = 1.0
    if not re.search(r"[.!?][\"”’']?\s*$", sent):
        f["no_final_stop"] = 1.0
    if len(sent) > 250:
        f["long_sentence"] = 1.0
    # the value among the others: of the sentence's percents, of the article's
    if c.measure == "raise_pct" and c.value > 0:
        others = [parse_number(m.group(1)) for m in pcts if c.sent_start + m.start() != c.start]
        others = [v for v in others if v > 0]
        if others:
            f["sent_rank=" + _rank(c.value, others)] = 1.0
        av = [v for v in ctx.pct_values if v != c.value]
        if av:
            f["art_rank=" + _rank(c.value, av)] = 1.0
    # pairs: who, doing what
    who_c = next((k.split("=")[1] for k in f if k.startswith("clause_party=")), "none")
    who_s = next((k.split("=")[1] for k in f if k.startswith("sent_party=")), "none")
    for g in ("demand", "offer", "propose", "reject", "deal", "accept"):
        if f"clause:{g}" in f:
            f[f"{who_c}&clause:{g}"] = 1.0
    if nearest_left:
        f[f"{who_s}&nearL={nearest_left[1]}"] = 1.0
    # the article
    f[f"art_pct{_bucket(ctx.n_pct, (1, 3, 6, 12))}"] = 1.0
    f[f"art_labor{_bucket(ctx.labor, (0, 2, 5, 10))}"] = 1.0
    deal = "cue:deal" in f
    for flag in ctx.flags:
        f[f"art_{flag}"] = 1.0
        if deal:
            f[f"deal&art_{flag}"] = 1.0
    if ctx.values.get(c.value, 0) > 1:
        f["value_repeated"] = 1.0
    return f


# --- training and prediction -----------------------------------------------------------

def _label(c: Candidate, text: str, golds: Sequence[Mapping[str, Any]]) -> str | None:
    """``party-kind`` of the gold claim this candidate states, or ``none``; None leaves it out (RESTATED)."""
    elsewhere: str | None = None
    for g in golds:
        if g.get("measure") != c.measure or g.get("value") is None or float(g["value"]) != c.value:
            continue
        label = f"{g.get('party')}-{g.get('kind')}"
        ev = g.get("evidence")
        spans = _find_all(text, ev) if isinstance(ev, str) and ev.strip() else []
        if not spans:
            return label
        if any(s < c.sent_end and c.sent_start < e for s, e in spans):
            return label
        elsewhere = label
    if elsewhere is None:
        return "none"
    return elsewhere if RESTATED == "positive" else "none" if RESTATED == "negative" else None


def _find_all(text: str, needle: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    k = text.find(needle)
    while k >= 0:
        out.append((k, k + len(needle)))
        k = text.find(needle, k + 1)
    if not out:
        # evidence with different white space: its opening words
        probe = needle.strip()[:60]
        k = text.find(probe) if probe else -1
        if k >= 0:
            out.append((k, k + len(needle.strip())))
    return out


def examples(golds: Iterable[tuple[str, Spans, Mapping[str, Any]]]
             ) -> tuple[list[dict[str, float]], list[str]]:
    """(features, label) of every candidate of the gold articles; ``golds`` holds (text, sentences, gold).

    A candidate is labelled with its gold claim's ``party-kind`` when the claim has its measure and value
    and its evidence overlaps the candidate's sentence (or gives no evidence); ``none`` otherwise (a value
    restating a gold claim outside its evidence sentence follows :data:`RESTATED`). Non-labor articles give
    negatives only.
    """
    xs: list[dict[str, float]] = []
    ys: list[str] = []
    for text, sentences, gold in golds:
        cs = candidates(text, sentences)
        ctx = context(text, sentences, cs)
        claims = list(gold.get("claims") or []) if gold.get("is_labor", True) else []
        for c in cs:
            y = _label(c, text, claims)
            if y is None:
                continue
            xs.append(features(c, ctx))
            ys.append(y)
    return xs, ys


def fit(xs: Sequence[Mapping[str, float]], ys: Sequence[str], c: float = C,
        min_count: int = MIN_COUNT) -> LinearModel:
    """The claim model (multinomial logistic regression over :data:`CLASSES`)."""
    return LinearModel.fit(NAME, xs, ys, c=c, min_count=min_count, classes=list(CLASSES),
                           class_weight=CLASS_WEIGHT)


def score(text: str, sentences: Spans, model: LinearModel,
          parties: Parties | None = None) -> list[tuple[Candidate, dict[str, float]]]:
    """Every candidate with its class probabilities."""
    cs = candidates(text, sentences)
    if not cs:
        return []
    ctx = context(text, sentences, cs, parties)
    return [(c, model.predict_proba(features(c, ctx))) for c in cs]


def find_claims(text: str, sentences: Spans, model: LinearModel | None = None,
                threshold: float | None = None, parties: Parties | None = None,
                ratified: bool = False) -> list[Claim]:
    """The article's claims: candidates whose likeliest party class passes ``threshold``, in text order.

    Of candidates that share numbers (a schedule's sum and its steps, a range and its bounds) only the
    likeliest is kept; then one claim per (party, kind, measure, value). When the record reports the deal
    ratified (:func:`deal_ratified`), an employer's number is its offer only where the sentence calls it
    one. Without a model, the shipped weights and their threshold.
    """
    model = model or shipped()
    th = threshold if threshold is not None else float(model.meta.get("threshold", THRESHOLD))
    scored: list[tuple[float, str, Candidate]] = []
    for c, p in score(text, sentences, model, parties):
        cls = max(CLASSES[1:], key=lambda k: p.get(k, 0.0))
        if p.get(cls, 0.0) >= th:
            scored.append((p[cls], cls, c))
    scored.sort(key=lambda t: (-t[0], t[2].start))
    taken: list[tuple[int, int]] = []
    best: dict[tuple[str, str, str, float], tuple[Candidate, float]] = {}
    for p, cls, c in scored:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        party, kind = cls.split("-")
        best.setdefault((party, kind, c.measure, c.value), (c, p))
    out: list[Claim] = []
    for (party, kind, measure, value), (c, p) in sorted(best.items(), key=lambda kv: (kv[1][0].start, kv[0])):
        if ratified and kind == "offer" and not OFFER_WORDS.search(text[c.sent_start : c.sent_end]):
            continue  # the terms of a ratified contract are not claims (the spec)
        out.append(Claim(party=party, kind=kind, measure=measure, value=value, years=c.years,
                         evidence=Evidence(text[c.sent_start : c.sent_end], c.sent_start, c.sent_end),
                         confidence=round(p, 4)))
    return out


@lru_cache(maxsize=1)
def shipped() -> LinearModel:
    """The weights shipped in ``weights/claim.json``."""
    return LinearModel.load(WEIGHTS)


def fold_of(article_id: str, k: int = 5) -> int:
    """The cross-validation fold of an article (stable across runs and machines)."""
    return zlib.crc32(article_id.encode("utf-8")) % k
