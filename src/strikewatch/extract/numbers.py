"""Numbers of workers: participants (who took part) and unit size (whom the union represents)."""

from __future__ import annotations

import re

#: number words as written in news copy ("a three-year deal", "fifteen percent")
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-five": 25, "thirty": 30, "forty": 40,
    "fifty": 50,
}

WORKERS = (
    r"(?:[\w’'-]+\s+){0,4}?(?:workers|employees|members|nurses|teachers|educators|staff(?:ers)?|drivers|"
    r"machinists|mechanics|baristas|attendants|pilots|engineers|technicians|custodians|aides|professors|faculty|"
    r"firefighters|officers|janitors|cooks|housekeepers|employees|people|union\s+members|strikers|"
    r"associates|clerks|doctors|physicians|residents|actors|writers|miners|dockworkers|longshoremen|"
    r"operators|conductors|paraprofessionals|counselors|librarians|caregivers|assistants|civil\s+servants)"
)
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?|a\s+hundred|one\s+hundred|a\s+thousand|hundred)"
_QUAL = r"(?:(more\s+than|over|about|around|nearly|almost|roughly|approximately|some|at\s+least|up\s+to|fewer\s+than|less\s+than|an\s+estimated)\s+)?"
COUNT_RX = re.compile(rf"(?<![\d$,.])\b{_QUAL}{_NUM}\s+(?!percent|%|years?|days?|hours?|weeks?|months?)({WORKERS})\b", re.I)
REPRESENTS_RX = re.compile(
    rf"\b(?:represent(?:s|ing|ed)?|has|have|with|of)\s+{_QUAL}{_NUM}\s+(?:[\w’'-]+\s+){{0,4}}?(?:members|workers|employees|nurses|teachers|educators|staff|drivers|machinists|[a-z]+)\b",
    re.I,
)


def to_int(num: str) -> int | None:
    s = num.lower().replace(",", "").strip()
    if s in ("a hundred", "one hundred", "hundred"):
        return 100 if s != "hundred" else None
    if s == "a thousand":
        return 1000
    mult = 1
    if s.endswith("million"):
        mult, s = 1_000_000, s[: -len("million")].strip()
    elif s.endswith("thousand"):
        mult, s = 1000, s[: -len("thousand")].strip()
    try:
        v = float(s) * mult
    except ValueError:
        return None
    return int(v) if v >= 2 else None


def worker_counts(sentence: str) -> list[tuple[int, int, int, str]]:
    """(value, start, end, role) for each count of workers; role is 'unit' or 'participants'."""
    out = []
    for m in REPRESENTS_RX.finditer(sentence):
        verb = m.group(0).split()[0].lower()
        if not verb.startswith("represent") and not re.search(r"\bmembers\b", m.group(0), re.I):
            continue
        if (m.group(1) or "").lower().startswith("up to"):
            continue
        v = to_int(m.group(2))
        if v:
            out.append((v, m.start(), m.end(), "unit"))
    for m in COUNT_RX.finditer(sentence):
        if any(s <= m.start() < e for _, s, e, _ in out):
            continue
        qual = (m.group(1) or "").lower()
        if qual.startswith("up to"):
            continue
        v = to_int(m.group(2))
        if not v or 1900 <= v <= 2100 and "," not in m.group(2):
            continue
        # "union of 30,000 members", "which has 28,000 members"
        before = sentence[max(0, m.start() - 40) : m.start()].lower()
        role = "unit" if re.search(r"\b(?:represent\w*|has|have|of|union\s+with)\s*$", before) else "participants"
        out.append((v, m.start(), m.end(), role))
    return out
