"""Organization names: normalization and when two names name one body (mechanism, no wording).

``norm_name`` is the key names are grouped by within an article; ``same_org`` is the
test the scorer applies (spec/EVENTS.md: one shared form, an acronym of the other,
a near spelling, or one name inside the other), and ``duplicates`` the stricter one
used to merge an event's own parties (no fuzzy spelling: "Cleveland Teachers Union"
is not "Chicago Teachers Union", and Local 12003 is not Local 12012).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

_SCORER_STOP = {"the", "of", "and", "inc", "llc", "co", "corp", "corporation", "company", "&"}
_GROUP_STOP = {"the", "of", "and", "inc", "llc", "co", "corp", "corporation", "company", "ltd", "plc"}
LEAD = re.compile(r"^(?:the|The|a|A|an|An)\s+")
#: a lower-case quantifier before a name is never part of it ("all Air Canada flights"; "All Nippon Airways" is)
QUANTIFIER = re.compile(r"^(?:all|both|each|every|some|many|most)\s+(?=[A-Z0-9])")
#: what is left of a contraction ("didn't" split as "did" + "n't") is never a name
CONTRACTION = re.compile(r"^(?:n[’']t|[’'](?:s|re|ll|ve|d|m))$", re.I)
LOCAL_NUMBER = re.compile(r"\b(?:local|locals|lodge|district\s+council)\s*(?:no\.?\s*|#\s*)?(\d{1,6})\b|\b[a-z]+\s+(\d{2,6})\b")


@functools.lru_cache(maxsize=65536)
def norm_name(s: str) -> str:
    """Lower case, no punctuation, no 'the'/'of'/corporate suffixes: the key names are grouped by."""
    s = re.sub(r"[’']s\b", "", s)
    words = re.sub(r"[^\w\s]", " ", s.lower()).split()
    return " ".join(w for w in words if w not in _GROUP_STOP)


#: a wire photo's caption opens with "FILE -" or "PHOTO:" ("FILE - Kaiser Permanente workers picket ...")
FILE_PHOTO = re.compile(r"^(?:FILE|File|PHOTO|Photo)\s*[-–—:]\s*")


def clean_form(text: str) -> str:
    """An entity's text as a name: no leading article, no possessive, no stray punctuation."""
    t = re.sub(r"\s+", " ", text).strip(" ,.;:-—–\"“”‘’'()")
    t = FILE_PHOTO.sub("", t)
    t = LEAD.sub("", t)
    t = QUANTIFIER.sub("", t)
    t = re.sub(r"[’']s?$", "", t).strip()
    t = re.sub(r"(?:\s+(?:and|&|of|for))+$", "", t)  # a run cut off at a connector: "North Memorial and"
    return t


@functools.lru_cache(maxsize=65536)
def scorer_norm(s: str | None) -> str:
    s = re.sub(r"[^\w\s]", " ", (s or "").lower())
    return " ".join(w for w in s.split() if w not in _SCORER_STOP)


def org_forms(name: str, aliases: Iterable[str] = ()) -> set[str]:
    out = {scorer_norm(name)} | {scorer_norm(a) for a in aliases}
    out.discard("")
    return out


def acronym_equal(a: str, b: str) -> bool:
    """One normalized form abbreviates the other word by word ("seiu local 99")."""
    for short, long in ((a.split(), b.split()), (b.split(), a.split())):
        i = 0
        ok = True
        for tok in short:
            if i < len(long) and long[i] == tok:
                i += 1
                continue
            k = len(tok)
            if tok.isalpha() and 2 <= k <= 8 and i + k <= len(long) and "".join(w[0] for w in long[i : i + k]) == tok:
                i += k
                continue
            ok = False
            break
        if ok and i == len(long):
            return True
    return False


def same_org(forms_a: set[str], forms_b: set[str]) -> bool:
    """The scorer's test that two organizations are one."""
    if forms_a & forms_b:
        return True
    for a in forms_a:
        for b in forms_b:
            if acronym_equal(a, b) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9:
                return True
            if len(a) > 3 and len(b) > 3 and (a in b or b in a) and min(len(a), len(b)) >= 8:
                return True
    return False


def _locals(forms: set[str]) -> set[str]:
    out = set()
    for f in forms:
        for m in LOCAL_NUMBER.finditer(f):
            out.add(m.group(1) or m.group(2))
    return out


def duplicates(forms_a: set[str], forms_b: set[str]) -> bool:
    """Two of one event's parties that are one body: a shared form, an acronym, or one name inside the other."""
    la, lb = _locals(forms_a), _locals(forms_b)
    if la and lb and not la & lb:
        return False
    if forms_a & forms_b:
        return True
    for a in forms_a:
        for b in forms_b:
            if acronym_equal(a, b):
                return True
            short, long = (a, b) if len(a) <= len(b) else (b, a)
            if len(short) >= 3 and contains_words(long, short):
                return True
    return False


def _word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def contains_words(text: str, part: str) -> bool:
    """``part`` occurs in ``text`` between word boundaries: the regex ``\\b<part>\\b``, without compiling one."""
    if not part:
        return False
    first, last = _word_char(part, 0), _word_char(part, len(part) - 1)
    i = text.find(part)
    while i >= 0:
        end = i + len(part)
        if _word_char(text, i - 1) != first and _word_char(text, end) != last:
            return True
        i = text.find(part, i + 1)
    return False


#: the generic words that name a government by its kind alone ("the city", "the province")
_CITY_KINDS = frozenset({"city", "city government"})
_PROVINCE_KINDS = frozenset({"province", "provincial government", "government"})
_STATE_KINDS = frozenset({"state government"})


def government_name(kind: str, city: str | None, state: str | None, country: str | None) -> str | None:
    """The name a reader writes for a government the text names only by its kind, from where the
    event is (the spec: "the province" is "Government of Alberta"): "City of Albany" for the city,
    "Government of Quebec" for a province's (or a region's) government abroad, "State of California"
    for a US state's. None when the kind or the place does not say which (a national "government",
    "the county" of a city).
    """
    k = LEAD.sub("", kind.strip()).lower()
    if k in _CITY_KINDS and city:
        return f"City of {city}"
    if k in _PROVINCE_KINDS and state and country not in (None, "US"):
        return f"Government of {state}"
    if k in _STATE_KINDS and state and country == "US":
        import us

        st = us.states.lookup(state)
        return f"State of {st.name}" if st is not None else None
    return None
