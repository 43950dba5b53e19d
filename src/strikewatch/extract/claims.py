"""Bargaining positions with a number: wage demands and offers.

"SEIU Local 99 is asking for a 30% wage increase" is a union demand, raise_pct 30;
"the district has offered an 8 percent raise over three years" an employer offer,
raise_pct 8 over 3 years; "boost pay to $22 hourly" a wage floor. Terms of a
contract that is agreed or ratified are not claims; a raise in a deal that
members rejected ("would have raised wages by 25%") is an employer offer.
"""

from __future__ import annotations

import re

from strikewatch.model import Claim, Evidence

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-five": 25, "thirty": 30, "forty": 40,
    "fifty": 50,
}
_NUMWORD = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
PCT_RX = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?|{_NUMWORD})(?:\s*|-)(?:%|percent|per\s+cent)", re.I)
HOURLY_RX = re.compile(r"\$(\d+(?:\.\d{1,2})?)(?:\s*|-)(?:an|a|per|/)[\s-]?(?:hour|hr)\b|\$(\d+(?:\.\d{1,2})?)\s+hourly\b", re.I)
RAISE_WORDS = re.compile(r"\b(?:rais\w*|increas\w*|hikes?|wages?|pay|salar\w*|compensation)\b", re.I)
NOT_RAISE = re.compile(
    r"\b(?:voted|vote|votes|voting|turnout|participat\w*|members\s+(?:said|voted)|of\s+(?:the\s+)?(?:members|workers|staff|support\s+staff|nurses|teachers)|"
    r"can[’']?t\s+afford|inflation\s+(?:of|rate|was|is|at)|interest|stake|share\s+of|tax|membership\s+rate|approval)\b",
    re.I,
)
YEARS_RX = re.compile(
    rf"^[^%$]{{0,40}}?\b(?:over|across|during|spread\s+over|for)\s+(?:the\s+)?(?:next\s+|life\s+of\s+(?:a|the)\s+)?(\d+|{_NUMWORD})[\s-]+years?\b"
    rf"|^[^%$]{{0,15}}?\b(?:in\s+a\s+)?(\d+|{_NUMWORD})-year\b",
    re.I,
)
PER_YEAR = re.compile(r"^\s*(?:raises?\s+|increases?\s+)?(?:a|per|each|every)\s+year\b|^\s*annual(?:ly)?\b", re.I)
UNION_CUES = re.compile(
    r"\b(?:ask\w*|demand\w*|seek\w*|want\w*|call\w*\s+for|push\w*\s+for|fight\w*\s+for|propos\w*|request\w*|"
    r"union\s+(?:is|was|has)|wanted|boost\s+pay|insist\w*)\b",
    re.I,
)
EMPLOYER_CUES = re.compile(
    r"\b(?:offer\w*|promis\w*|would\s+have|put\s+forward|put\s+on\s+the\s+table|counter\w*|the\s+(?:district|company|city|hospital|employer|university|state|management|county|board)\b)",
    re.I,
)
TERMS_ONLY = re.compile(r"\b(?:if\s+ratified|the\s+(?:new\s+)?(?:agreement|contract|deal)\s+(?:will|would)\s+(?!have))\b", re.I)


def _num(s: str) -> float:
    s = s.lower()
    return float(WORD_NUMBERS[s]) if s in WORD_NUMBERS else float(s)


def _party(sentence: str, pos: int) -> tuple[str, str] | None:
    """(party, kind) for the number at ``pos``, from the nearest cue words."""
    before = sentence[:pos]
    after = sentence[pos:]
    if re.search(r"\b(?:more|less|higher|lower)\s+than\s+(?:the\s+|a\s+)?$", before[-30:], re.I):
        # "asked for more than the 4% increase they have been offered"
        if EMPLOYER_CUES.search(after) or EMPLOYER_CUES.search(before):
            return ("employer", "offer")
        return None
    if re.search(r"\bshort\s+of\s+(?:the\s+|a\s+)?$", before[-30:], re.I):
        # "fell short of the 40% raise the union was seeking"
        return ("union", "demand")
    cands: list[tuple[int, str]] = []
    for rx, who in ((UNION_CUES, "union"), (EMPLOYER_CUES, "employer")):
        for m in rx.finditer(sentence):
            d = pos - m.end() if m.end() <= pos else m.start() - pos + 15  # cues before the number count more
            cands.append((abs(d), who))
    if not cands:
        return None
    cands.sort()
    who = cands[0][1]
    return ("union", "demand") if who == "union" else ("employer", "offer")


def find_claims(text: str, sentences: list[tuple[int, int]]) -> list[Claim]:
    """All claims in the article; ``sentences`` are (start, end) spans of ``text``."""
    out: list[Claim] = []
    seen: set[tuple[str, str, str, float]] = set()
    for s_start, s_end in sentences:
        sent = text[s_start:s_end]
        if TERMS_ONLY.search(sent) and not re.search(r"\b(?:offer|rejected|would\s+have)\b", sent, re.I):
            continue
        if not RAISE_WORDS.search(sent):
            continue
        for m in PCT_RX.finditer(sent):
            window = sent[max(0, m.start() - 60) : m.end() + 40]
            if not RAISE_WORDS.search(window) or NOT_RAISE.search(sent[max(0, m.start() - 40) : m.end() + 25]):
                continue
            pk = _party(sent, m.start())
            if pk is None:
                continue
            value = _num(m.group(1))
            if value <= 0 or value > 100:
                continue
            rest = sent[m.end() :]
            years = None
            ym = YEARS_RX.match(rest)
            if ym and not PCT_RX.search(rest[: ym.start(1) if ym.group(1) else ym.start(2)]):
                years = _num(ym.group(1) or ym.group(2))
            if PER_YEAR.match(rest) and years:
                value = value * years
            _add(out, seen, pk, "raise_pct", value, years, s_start, sent)
        for m in HOURLY_RX.finditer(sent):
            value = float(m.group(1) or m.group(2))
            before = sent[max(0, m.start() - 30) : m.start()].lower()
            after = sent[m.end() : m.end() + 25].lower()
            if re.search(r"\b(?:raises?|increases?|more)\b", after) or re.search(r"\b(?:raises?|increases?)\s+of\s+$|\bby\s+$", before):
                measure = "raise_per_hour"
            elif re.search(r"\b(?:to|minimum(?:\s+wage)?(?:\s+of)?|floor\s+of|at\s+least|starting\s+(?:pay|wage)s?\s+of)\s+$", before) or "minimum" in after:
                measure = "wage_floor_per_hour"
            else:
                continue
            pk = _party(sent, m.start())
            if pk is None:
                continue
            _add(out, seen, pk, measure, value, None, s_start, sent)
    return out


def _add(out: list[Claim], seen: set, pk: tuple[str, str], measure: str, value: float, years: float | None,
         s_start: int, sent: str) -> None:
    key = (pk[0], pk[1], measure, value)
    if key in seen:
        return
    seen.add(key)
    out.append(Claim(party=pk[0], kind=pk[1], measure=measure, value=value, years=years,
                     evidence=Evidence(sent, s_start, s_start + len(sent))))
