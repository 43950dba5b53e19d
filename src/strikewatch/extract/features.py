"""What each decision sees: features of candidates, as ``{name: value}`` dicts.

Features are general, not phrase rules: the parse around a cue (its tag, its
governing verb, auxiliaries, negation, the clause it sits in), the words beside it,
cue families (cancellation, threat, continuation words), where the sentence stands
(headline, caption-like line, first paragraph), dates against the publication day
(before, same day, after, how far), and who is named where. Which of them matter,
and how much, is learned from the gold (see :mod:`strikewatch.extract.decide`).

Every detector feature is emitted twice: plain, and joined with the event type
(``strike|aux=will``), so one model serves the eight types and still learns what
is particular to each.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from strikewatch.extract.candidates import Analysis, Candidate, Cue, DateCand, Entity, SentInfo
from strikewatch.extract.names import norm_name
from strikewatch.extract.nlp import is_verb
from strikewatch.extract.parties import KNOWN_UNIONS, WORKER_WORDS
from strikewatch.extract.places import resolve_place
from strikewatch.extract.temporal import duration_days

IC = re.IGNORECASE

# cue families: groups of words whose presence near a cue is informative; which
# family means what for which type is learned
FAMILIES: dict[str, re.Pattern[str]] = {
    "cancel": re.compile(r"\b(?:call(?:ed|s|ing)?\s+off|cancel\w*|avert\w*|postpon\w*|suspend\w*|head(?:ed)?\s+off|"
                         r"avoid\w*|scrap\w*|withdr[ae]w\w*|delay\w*|called\s+it\s+off)\b", IC),
    "threat": re.compile(r"\b(?:could|may|might|threat\w*|possib\w*|potential\w*|consider\w*|warn\w*|loom\w*|"
                         r"brink|risk\w*|weigh\w*|mull\w*|ready\s+to|vow\w*|prepar\w*|rul\w+\s+out|"
                         r"not\s+rul\w+\s+out)\b", IC),
    "conditional": re.compile(r"\b(?:if|unless|whether|should\s+talks|in\s+the\s+event|would)\b", IC),
    "future": re.compile(r"\b(?:will|shall|plan\w*|set\s+to|poised|scheduled|intend\w*|going\s+to|slated|expected\s+to|"
                         r"due\s+to|upcoming|next|tomorrow|later\s+this|deadline|notice|begin\w*\s+at|starting)\b|[’']ll\b", IC),
    "ongoing": re.compile(r"\b(?:ongoing|continu\w+|entered|enters|still|remain\w*|underway|day\s+\w+\s+of|"
                          r"since|now\s+in\s+(?:its|their)|(?:week|day|month)s?\s+(?:old|long)|are\s+on\s+strike|"
                          r"is\s+on\s+strike|have\s+been|has\s+been|striking)\b", IC),
    "ended": re.compile(r"\b(?:ended|ends|ending|end|end\s+(?:the|their|a)|halt\w*|over|returned|return\w*\s+to\s+work|back\s+to\s+work|"
                        r"resum\w+|concluded|after\s+(?:a|the)\s+\w+|previous\w*|settled|wrapped|lifted)\b", IC),
    "past_marker": re.compile(r"\b(?:last\s+(?:year|month|week|time|strike)|in\s+(?:19|20)\d\d|previous|earlier|"
                              r"ago|history|first\s+since|since\s+(?:19|20)\d\d|decades?|years?\s+ago)\b", IC),
    "negation": re.compile(r"\b(?:not|no|never|without|n[’']t|failed|unable|refus\w+)\b", IC),
    "reject": re.compile(r"\b(?:reject\w*|vot\w+\s+down|defeat\w*|turned\s+down|voted\s+against|no\s+vote)\b", IC),
    "approve": re.compile(r"\b(?:approv\w+|ratif\w+|accept\w*|endors\w+|in\s+favou?r|backed|overwhelming\w*|unanimous\w*)\b", IC),
    "percent": re.compile(r"\d\s*(?:%|percent|per\s+cent)", IC),
    "tentative": re.compile(r"\btentative\w*\b", IC),
    "announce": re.compile(r"\b(?:announc\w+|said|says|told|reported|confirmed|according)\b", IC),
    "general": re.compile(r"\b(?:general\s+strike|national\s+strike|nationwide\s+strike|strikes?\s+across|"
                          r"right\s+to\s+strike|strike\s+ban|anti-strike|no-strike|strike\s+law|strike\s+fund)\b", IC),
    "other_sense": re.compile(r"\b(?:air\s?strikes?|missiles?|military|troops|bomb\w*|lightning|hunger\s+strike|"
                              r"goal|striker|bowling|pitch\w*|students?\s+walk\w*|gun\s+violence|police)\b", IC),
    "quote": re.compile(r"[\"“”]"),
    "caption": re.compile(r"\b(?:photo\w*|getty|images?|file\s+photo|credit|pictured|caption|reuters/|ap\s+photo|"
                          r"illustration)\b|\(\s*[A-Z][\w ]+/\s*[A-Z]", IC),
    "workers": re.compile(r"\b(?:workers?|employees?|staff|members|nurses|teachers|drivers|educators|union)\b", IC),
    "count": re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{2,}\s+(?:workers|employees|members|nurses|teachers)\b", IC),
}

STATUS_BOW = True
#: whether the role model is told that an organization's name is a place's (the gazetteer)
PLACE_NAMES = True
DETECT_BOW = True
#: the weight of the detector's features shared by all types (beside their per-type copies)
SHARED = 1.0
#: contextual vectors of spaCy's tok2vec (the cue's tokens, the sentence) as dense features
VECTORS = 0.0
#: families that single words belong to (what a governing verb or modifier means)
WORD_FAMILIES = ("cancel", "threat", "future", "ongoing", "ended", "reject", "approve", "announce", "tentative")
STOP = frozenset("the a an of to in on at and or for with by from as is are was were be been it its this that their "
                 "they he she his her we our said says".split())

EMPLOYER_WORDS = re.compile(
    r"\b(?:Inc|Corp|Corporation|Company|Co|Ltd|LLC|Group|Holdings|Industries|Airlines?|Airways|Hospital|Hospitals|"
    r"Health|Healthcare|Medical|Clinic|University|College|School|Schools|District|City|County|Township|State|"
    r"Government|Ministry|Department|Authority|Board|Transit|Railway|Rail|Port|Motors|Foods|Markets|Stores|Hotel|"
    r"Hotels|Resort|Casino|Systems|Services|Energy|Steel|Mining|Manufacturing|Logistics|Council|Commission|Agency|"
    r"Museum|Orchestra|Symphony|Theatre|Theater|Studios?|Entertainment|Media|Press|Times|News)\b"
)
UNION_WORDS = re.compile(
    r"\b(?:Union|Unions|Local|Locals|Guild|Brotherhood|Federation|Association|Alliance|Congress|Confederation|"
    r"Teamsters|Workers|Employees|Nurses|Teachers|Educators|Professionals|Faculty|Coalition|Council|Lodge|"
    r"Syndicate|Syndicat|Front)\b"
)
TIME_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december today tonight yesterday tomorrow christmas thanksgiving
labor day""".split())

#: bodies that judge or mediate a dispute, party to neither side: "Administrative Labour Tribunal",
#: "National Labor Relations Board", "Federal Mediation and Conciliation Service", "Superior Court"
NEUTRAL_WORDS = re.compile(
    r"\b(?:Tribunals?|Courts?|Arbitrat\w*|Mediat\w*|Conciliat\w*|Labou?r\s+(?:Relations\s+)?Board|NLRB|"
    r"Ombuds\w*|Commissioner)\b"
)
#: words that say what kind of body an organization is
TYPE_WORDS = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", EMPLOYER_WORDS.pattern + " " + UNION_WORDS.pattern)) | {
    "united", "national", "international", "american", "canadian", "state", "city", "county", "university",
    "government", "ministry", "department", "federal", "provincial", "public", "general", "royal", "local",
    "the", "of", "and", "workers", "employees", "nurses", "teachers", "staff", "inc", "corp", "co", "ltd", "llc",
    "plc", "group", "transport", "transit", "airlines", "airline", "health", "hospital", "schools", "school",
    "district", "college", "board", "council", "commission", "authority", "agency", "company", "companies"}
#: words beside an organization's name that tell its role ("workers at X", "X employees", "X said")
CONTEXT_WORDS = frozenset("""at against with for by from of to and between said says told members workers employees
union represents representing employed nurses teachers drivers staff officials spokesperson spokesman spokeswoman
management executives president ceo chief company district hospital university city county state government
contract offer offered proposal agreed struck reached locked ratified strike strikers striking picket
contractor contractors subcontractor contracted operator operates vendor provider firm client hired""".split())
PREP_WORDS = frozenset({"at", "against", "with", "for", "by", "from", "of", "to", "and", "between", "said", "told",
                        "members", "workers", "employees", "union", "represents", "representing", "employed"})


# --- the parse ----------------------------------------------------------------------


def token_at(doc: Any, char: int) -> Any:
    """The token at a character offset of the sentence (or the next one)."""
    ends = doc.user_data.get("sw.ends")
    if ends is None:
        ends = doc.user_data["sw.ends"] = [t.idx + len(t.text) for t in doc]
    i = bisect.bisect_right(ends, char)
    return doc[i] if i < len(ends) else doc[len(doc) - 1] if len(doc) else None


def span_head(doc: Any, start: int, end: int) -> Any:
    """The token of a character span whose head lies outside the span (its syntactic head)."""
    first = token_at(doc, start)
    if first is None:
        return None
    toks = []
    for t in doc[first.i :]:
        if t.idx >= end:
            break
        toks.append(t)
    if not toks:
        return first
    inside = {t.i for t in toks}
    for t in toks:
        if t.head.i not in inside or t.head is t:
            return t
    return toks[0]


def governing_verb(tok: Any) -> Any:
    v = tok
    for _ in range(4):
        if is_verb(v) or v.head is v:
            break
        v = v.head
    return v


def aux_words(v: Any) -> list[str]:
    return [c.text.lower() for c in v.children if c.dep_ in ("aux", "auxpass", "neg")]


def clause_marks(v: Any) -> list[str]:
    """Subordinating words above a verb ("if", "unless", "when", "after", "before")."""
    out: list[str] = []
    t = v
    for _ in range(4):
        out.extend(c.text.lower() for c in t.children if c.dep_ == "mark")
        if t.dep_ in ("advcl", "ccomp", "xcomp", "relcl", "conj", "acl", "pcomp") and t.head is not t:
            t = t.head
        else:
            break
    return out


_SUFFIXES = ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude stem for grouping word forms ("ended", "ending", "ends" -> "end"); no lemmatizer needed."""
    w = word.lower()
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            if suf in ("ied", "ies"):
                w += "y"
            elif len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "stopped" -> "stop"
            break
    return w


_FAMILY_WORD_CACHE: dict[str, tuple[str, ...]] = {}


def word_families(word: str) -> tuple[str, ...]:
    """The cue families one word belongs to ("ending" -> ended; "averted" -> cancel)."""
    hit = _FAMILY_WORD_CACHE.get(word)
    if hit is None:
        hit = tuple(n for n in WORD_FAMILIES if FAMILIES[n].fullmatch(word) or FAMILIES[n].match(word + " "))
        if len(_FAMILY_WORD_CACHE) < 50000:
            _FAMILY_WORD_CACHE[word] = hit
    return hit


def _bin(n: float, edges: Iterable[float]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e:g}"
    return "more"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z’'-]*|\d+", text.lower())


_WORD = re.compile(r"[a-z][a-z’'-]*|\d+")


def _sent_cache(si: SentInfo) -> dict[str, Any]:
    """Per-sentence work done once: its words with offsets, where each cue family matches."""
    c = si.__dict__.get("_fx")
    if c is None:
        low = si.text.lower()
        toks = [(m.group(0), m.start()) for m in _WORD.finditer(low)]
        c = {"toks": toks, "starts": [p for _, p in toks],
             "bow": sorted({w for w, _ in toks if w not in STOP and not w.isdigit()})}
        si.__dict__["_fx"] = c
    return c


def _family_spans(si: SentInfo) -> dict[str, list[tuple[int, int]]]:
    """Where each cue family matches in the sentence (computed once, when first asked)."""
    c = _sent_cache(si)
    fam = c.get("fam")
    if fam is None:
        fam = c["fam"] = {n: [m.span() for m in rx.finditer(si.text)] for n, rx in FAMILIES.items()}
    return fam


def words_before(si: SentInfo, pos: int, n: int) -> list[str]:
    c = _sent_cache(si)
    i = bisect.bisect_left(c["starts"], pos)
    return [w for w, _ in c["toks"][max(0, i - n) : i]]


def words_after(si: SentInfo, pos: int, n: int) -> list[str]:
    c = _sent_cache(si)
    i = bisect.bisect_left(c["starts"], pos)
    return [w for w, _ in c["toks"][i : i + n]]


def families(si: SentInfo, lo: int, hi: int, f: dict[str, float]) -> None:
    """fam=NAME for a cue family within [lo, hi) of the sentence, sfam=NAME elsewhere in it."""
    for name, spans in _family_spans(si).items():
        if not spans:
            continue
        if any(a < hi and lo < b for a, b in spans):
            f[f"fam={name}"] = 1.0
        else:
            f[f"sfam={name}"] = 1.0


# --- dates against the publication day ----------------------------------------------


@functools.lru_cache(maxsize=4096)
def parse_value(v: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a value covers ("2023-03" -> Mar 1 .. Mar 31)."""
    try:
        if len(v) == 10:
            d = dt.date.fromisoformat(v)
            return d, d
        if len(v) == 7:
            y, m = int(v[:4]), int(v[5:7])
            first = dt.date(y, m, 1)
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        if len(v) == 4:
            return dt.date(int(v), 1, 1), dt.date(int(v), 12, 31)
    except ValueError:
        return None
    return None


def relation(v: str | None, pub: dt.date | None) -> str:
    """Where a value lies against the publication day: before, same, after, holds (a month or year around it)."""
    if not v or pub is None:
        return "unknown"
    r = parse_value(v)
    if r is None:
        return "unknown"
    a, b = r
    if b < pub:
        return "before"
    if a > pub:
        return "after"
    return "same" if a == b else "holds"


def day_gap(v: str | None, pub: dt.date | None) -> int | None:
    if not v or pub is None:
        return None
    r = parse_value(v)
    if r is None:
        return None
    a, b = r
    if b < pub:
        return (b - pub).days
    if a > pub:
        return (a - pub).days
    return 0


def gap_bin(g: int | None) -> str:
    if g is None:
        return "none"
    sign = "-" if g < 0 else "+" if g > 0 else "0"
    return sign + _bin(abs(g), (0, 1, 2, 3, 7, 14, 31, 92, 183, 366))


# --- detector ------------------------------------------------------------------------


def _cue_core(si: SentInfo, cues: list[Cue]) -> Cue:
    strong = [c for c in cues if c.strong]
    return (strong or cues)[0]


def cue_parse_features(si: SentInfo, cue: Cue, out: dict[str, float], prefix: str = "") -> Any:
    """Parse features of a cue: its tag, dependency, governing verb and its auxiliaries."""
    doc = si.doc
    if doc is None or not len(doc):
        return None
    t = span_head(doc, cue.start, cue.end)
    if t is None:
        return None
    out[f"{prefix}tag={t.tag_}"] = 1.0
    out[f"{prefix}dep={t.dep_}"] = 1.0
    out[f"{prefix}head={stem(t.head.text)}"] = 1.0
    for fam in word_families(t.head.text):
        out[f"{prefix}headfam={fam}"] = 1.0
    v = governing_verb(t)
    if v is not t:
        out[f"{prefix}gov={stem(v.text)}"] = 1.0
        out[f"{prefix}govtag={v.tag_}"] = 1.0
        for fam in word_families(v.text):
            out[f"{prefix}govfam={fam}"] = 1.0
    for a in aux_words(v):
        out[f"{prefix}aux={a}"] = 1.0
    for a in aux_words(t) if t is not v else []:
        out[f"{prefix}taux={a}"] = 1.0
    # governors of an infinitive ("plans to strike", "voted to authorize")
    g = v
    for _ in range(2):
        if g.dep_ in ("xcomp", "ccomp", "advcl", "pcomp") and g.head is not g:
            g = g.head
            out[f"{prefix}xgov={stem(g.text)}"] = 1.0
            for fam in word_families(g.text):
                out[f"{prefix}xgovfam={fam}"] = 1.0
            for a in aux_words(g):
                out[f"{prefix}xaux={a}"] = 1.0
        else:
            break
    for m in clause_marks(v):
        out[f"{prefix}mark={m}"] = 1.0
    if t.dep_ in ("pobj",) and t.head is not t:
        out[f"{prefix}prep={t.head.text.lower()}"] = 1.0
        out[f"{prefix}prephead={t.head.head.text.lower()}"] = 1.0
    # a negated noun phrase: "no strike", "No strike date has been set"
    np_head = t.head if t.dep_ in ("compound", "amod") and t.head is not t else t
    if any(c.dep_ in ("det", "neg") and c.text.lower() in ("no", "not", "never") for c in np_head.children):
        out[f"{prefix}np_negated"] = 1.0
    for c in t.children:
        if c.dep_ in ("amod", "compound", "det", "poss", "nummod", "neg"):
            out[f"{prefix}mod={stem(c.text)}"] = 1.0
            for fam in word_families(c.text):
                out[f"{prefix}modfam={fam}"] = 1.0
    return t


#: what a vote is on, from the parse (the words its verb governs), for the vote types' candidates
VOTE_OBJECTS = True
_VOTE_VERB = re.compile(r"^(?:vot|ballot|ratif|approv|authori[sz]|reject|endors|back|accept|overwhelm)", re.I)


def vote_objects(si: SentInfo) -> list[str]:
    """The stems of what the sentence's vote verbs are about: "voted 96% in favour of the deal" -> deal,
    "voted to authorize a strike" -> authoriz, strike; "voted to end their strike" -> end, strike."""
    c = si.__dict__.get("_vobj")
    if c is not None:
        return c
    out: list[str] = []
    doc = si.doc
    if doc is not None:
        for t in doc:
            if not (t.tag_.startswith("VB") or t.tag_.startswith("NN")) or not _VOTE_VERB.match(t.text):
                continue
            stack = [(x, 0) for x in t.children if x.dep_ in ("dobj", "prep", "xcomp", "pobj", "attr", "nsubjpass")]
            while stack:
                x, depth = stack.pop()
                if x.tag_.startswith(("NN", "VB")):
                    w = stem(x.text)
                    if w not in out:
                        out.append(w)
                if depth < 4:
                    stack.extend((y, depth + 1) for y in x.children
                                 if y.dep_ in ("dobj", "pobj", "pcomp", "prep", "xcomp", "compound", "conj"))
    si.__dict__["_vobj"] = out
    return out


def candidate_features(an: Analysis, cand: Candidate) -> dict[str, float]:
    """Features of one (sentence, type) candidate for the detector."""
    si = cand.sent
    text = si.text
    f: dict[str, float] = {"bias": 1.0}
    core = _cue_core(si, cand.cues)
    f["strong"] = 1.0 if any(c.strong for c in cand.cues) else 0.0
    for c in cand.cues:
        f[f"cue={c.text.lower()}"] = 1.0
        f[f"rule={c.rule}"] = 1.0
        if not c.strong:
            # the words belong to another type's trigger ("strike" in "strike a deal", in "strike vote")
            for o in si.cues:
                if o.strong and o.type != c.type and o.start < c.end and c.start < o.end:
                    f[f"inside={o.type}"] = 1.0
    f[f"ncues={_bin(len(cand.cues), (1, 2, 3))}"] = 1.0
    cue_parse_features(si, core, f)
    ws_before = words_before(si, core.start, 3)
    ws_after = words_after(si, core.end, 3)
    for w in ws_before:
        f[f"wb={w}"] = 1.0
    for w in ws_after:
        f[f"wa={w}"] = 1.0
    if ws_before:
        f[f"b1={ws_before[-1]}"] = 1.0
    if ws_after:
        f[f"a1={ws_after[0]}"] = 1.0
    if DETECT_BOW:
        for w in _sent_cache(si)["bow"]:
            f[f"s={w}"] = 1.0
    # other event types cued in the same sentence
    for c in si.cues:
        if c.type != cand.type:
            f[f"other={c.type}{'+' if c.strong else ''}"] = 1.0
    families(si, core.start - 60, core.end + 60, f)
    key = ("sentence_features", si.index)
    shared = an.cache.get(key)
    if shared is None:
        shared = {}
        _position_features(an, si, shared)
        _party_presence(an, si, shared)
        an.cache[key] = shared
    f.update(shared)
    for d in si.dates:
        v = d.values.get("none") or next(iter(d.values.values()), None)
        f[f"date_rel={relation(v, an.pub)}"] = 1.0
        g = day_gap(v, an.pub)
        if g is not None and g < -366:
            f["date_background"] = 1.0
    if not si.dates:
        f["no_date"] = 1.0
    f[f"len={_bin(len(text), (40, 80, 160, 300))}"] = 1.0
    if VOTE_OBJECTS and cand.type in ("strike_vote", "ratification"):
        for w in vote_objects(si):
            f[f"vobj={w}"] = 1.0
    out = {k: v * SHARED for k, v in f.items()} if SHARED else {}
    for k, v in f.items():
        out[f"{cand.type}|{k}"] = v
    if VECTORS:
        vector_features(si, core, out, cand.type)
    return out


def vector_features(si: SentInfo, cue: Cue, out: dict[str, float], etype: str) -> None:
    doc = si.doc
    if doc is None or not len(doc) or doc.tensor is None or not doc.tensor.shape[0]:
        return
    first = token_at(doc, cue.start)
    if first is None:
        return
    toks = [t.i for t in doc[first.i :] if t.idx < cue.end] or [first.i]
    v = doc.tensor[toks].mean(axis=0)
    sv = doc.tensor.mean(axis=0)
    for i, x in enumerate(v):
        out[f"{etype}|cv{i}"] = float(x) * VECTORS
    for i, x in enumerate(sv):
        out[f"{etype}|sv{i}"] = float(x) * VECTORS


def _position_features(an: Analysis, si: SentInfo, f: dict[str, float]) -> None:
    text = si.text
    if si.headline:
        f["pos=headline"] = 1.0
    if si.index == 0:
        f["pos=first"] = 1.0
    elif si.index < 3:
        f["pos=lead"] = 1.0
    elif si.index >= len(an.sentences) - 2:
        f["pos=last"] = 1.0
    f[f"para={_bin(si.paragraph, (0, 1, 2, 4, 8))}"] = 1.0
    title = an.article.title
    if title and text.strip() == title.strip():
        f["is_title"] = 1.0
    if si.line_whole and not re.search(r"[.!?\"”’]$", text):
        f["line_no_stop"] = 1.0
    if si.line_whole:
        f["line_whole"] = 1.0
    if text[:1] in "\"“'‘":
        f["starts_quote"] = 1.0
    if re.search(r"\(\s*(?:AP|Reuters|AFP|CP)\s*\)|^[A-Z][A-Z .,'-]{2,30}\s*[—–-]", text):
        f["dateline"] = 1.0
    if si.doc is not None and not any(is_verb(t) for t in si.doc):
        f["no_verb"] = 1.0


def _party_presence(an: Analysis, si: SentInfo, f: dict[str, float]) -> None:
    s0, s1 = si.sentence.start, si.sentence.end
    unions = sum(1 for e in an.entities if e.union_rule and any(s0 <= m.start < s1 for m in e.mentions))
    others = sum(1 for e in an.entities if not e.union_rule and any(s0 <= m.start < s1 and m.source in ("ORG", "pattern")
                                                                    for m in e.mentions))
    f[f"unions_here={_bin(unions, (0, 1))}"] = 1.0
    f[f"orgs_here={_bin(others, (0, 1, 2))}"] = 1.0
    nu = sum(1 for e in an.entities if e.union_rule)
    f[f"unions_article={_bin(nu, (0, 1, 2))}"] = 1.0
    if WORKER_WORDS.search(si.text):
        f["worker_words"] = 1.0
    labor = sum(s.labor_cue for s in an.sentences)
    f[f"labor_sents={_bin(labor / max(1, len(an.sentences)), (0.1, 0.25, 0.5))}"] = 1.0


# --- status ----------------------------------------------------------------------------


def status_features(an: Analysis, cand: Candidate) -> dict[str, float]:
    """Features of one mention for its event's status (past, underway, planned, threatened, called off)."""
    key = ("status", cand.key)
    hit = an.cache.get(key)
    if hit is None:
        hit = an.cache[key] = _status_features(an, cand)
    return hit


def _status_features(an: Analysis, cand: Candidate) -> dict[str, float]:
    si = cand.sent
    f: dict[str, float] = {"bias": 1.0}
    core = _cue_core(si, cand.cues)
    f[f"cue={core.text.lower()}"] = 1.0
    t = cue_parse_features(si, core, f)
    if t is not None:
        v = governing_verb(t)
        f[f"vtag={v.tag_}"] = 1.0
        auxes = aux_words(v)
        f[f"tense={_tense(v, auxes)}"] = 1.0
        # the tense of the clause the cue's verb hangs from ("voted to reject ... on Sunday": past,
        # though "reject" is bare), with where its dates fall: a past verb with a date read as ahead
        # is the sign of a misread weekday
        top = v
        for _ in range(3):
            if top.dep_ in ("xcomp", "ccomp", "advcl", "conj") and top.head is not top:
                top = top.head
            else:
                break
        if top is not v:
            tt = _tense(top, aux_words(top))
            f[f"top_tense={tt}"] = 1.0
            for d in si.dates:
                f[f"top_tense={tt}|date={relation(d.values.get('none'), an.pub)}"] = 1.0
    for w in words_before(si, core.start, 4):
        f[f"wb={w}"] = 1.0
    for w in words_after(si, core.end, 4):
        f[f"wa={w}"] = 1.0
    families(si, core.start - 80, core.end + 60, f)
    if STATUS_BOW:
        for w in _sent_cache(si)["bow"]:
            f[f"s={w}"] = 1.0
    rels = set()
    for d in si.dates:
        for tense, v in d.values.items():
            r = relation(v, an.pub)
            f[f"date_{tense}={r}"] = 1.0
            rels.add(r)
        g = day_gap(d.values.get("none"), an.pub)
        f[f"gap={gap_bin(g)}"] = 1.0
        if d.since:
            f["since_date"] = 1.0
        if d.start >= core.end:
            f[f"after_cue_rel={relation(d.values.get('none'), an.pub)}"] = 1.0
    # a stated length ("a three-day strike", "24-hour walkout") against the days it can cover
    n = duration_days(si.text[max(0, core.start - 30) : core.end + 5])
    if n:
        f[f"duration={_bin(n, (1, 2, 3, 7, 30))}"] = 1.0
        if an.pub is not None:
            for d in si.dates:
                v = d.values.get("past") or d.values.get("none")
                if v and len(v) == 10:
                    start = dt.date.fromisoformat(v)
                    last = start + dt.timedelta(days=n - 1)
                    f["span=" + ("over" if last < an.pub else "ends_on_pub" if last == an.pub
                                 else "covers" if start <= an.pub else "ahead")] = 1.0
    if not si.dates:
        f["no_date"] = 1.0
    if an.pub is None:
        f["no_pub"] = 1.0
    elif an.pub_is_reference:
        f["ref_pub"] = 1.0
    if si.headline:
        f["headline"] = 1.0
    for c in si.cues:
        if c.type != cand.type and c.strong:
            f[f"other={c.type}"] = 1.0
    out = dict(f)
    for k, v in f.items():
        out[f"{cand.type}|{k}"] = v
    if VECTORS:
        vector_features(si, core, out, "st")
    return out


def _tense(v: Any, auxes: list[str]) -> str:
    if any(a in ("will", "shall", "'ll", "’ll", "wo") for a in auxes):
        return "future"
    if any(a in ("could", "may", "might", "would", "can", "should") for a in auxes):
        return "modal"
    tag = v.tag_
    if tag == "VBG":
        if any(a in ("is", "are", "am", "'re", "’re") for a in auxes):
            return "progressive"
        if any(a in ("was", "were") for a in auxes):
            return "past_progressive"
        if any(a in ("been",) for a in auxes):
            return "perfect_progressive"
        return "gerund"
    if tag == "VBN":
        if any(a in ("has", "have", "'ve", "’ve") for a in auxes):
            return "perfect"
        if "had" in auxes:
            return "pluperfect"
        if any(a in ("is", "are", "be") for a in auxes):
            return "passive_present"
        return "past_participle"
    if tag == "VBD":
        return "past"
    if tag in ("VBZ", "VBP"):
        return "present"
    if tag == "VB":
        if any(a in ("to",) for a in auxes):
            return "infinitive"
        if any(a in ("did", "do", "does") for a in auxes):
            return "do"
        return "base"
    return "noun"


# --- merging mentions ----------------------------------------------------------------


@dataclass
class Reading:
    """What one mention says when read alone: its status, start and parties (decided)."""

    status: str
    start: str | None
    date_kind: str | None  # "stated" or a fallback ("pub-1", ...)
    unions: frozenset[int] = frozenset()  # entity ids
    employers: frozenset[int] = frozenset()


STATUS_GROUP = {"occurred": "past", "ongoing": "past", "planned": "future", "threatened": "future", "cancelled": "off"}


def pair_features(an: Analysis, a: Candidate, b: Candidate, ra: Reading, rb: Reading) -> dict[str, float]:
    """Are two mentions of one type in one article the same event? (``ra``/``rb``: each read alone)."""
    f: dict[str, float] = {"bias": 1.0}
    t = a.type
    dist = abs(b.sent.index - a.sent.index)
    f[f"dist={_bin(dist, (0, 1, 2, 4, 8))}"] = 1.0
    if a.sent.headline or b.sent.headline:
        f["headline"] = 1.0
    sa, sb = ra.status, rb.status
    f[f"status={'same' if sa == sb else 'compatible' if STATUS_GROUP[sa] == STATUS_GROUP[sb] else 'different'}"] = 1.0
    f[f"statuses={min(sa, sb)}-{max(sa, sb)}"] = 1.0
    # the starts each mention gives when read alone
    kinds = "-".join(sorted((ra.date_kind or "none", rb.date_kind or "none")))
    if ra.start and rb.start:
        if ra.start == rb.start:
            f["start=same"] = 1.0
            f[f"start_same_kinds={kinds}"] = 1.0
        elif _compatible(ra.start, rb.start):
            f["start=compatible"] = 1.0
            f[f"start_compatible_kinds={kinds}"] = 1.0
        else:
            f["start=different"] = 1.0
            f[f"start_different_kinds={kinds}"] = 1.0
            f[f"start_gap={_bin(_gap_days(ra.start, rb.start), (3, 14, 60, 365))}"] = 1.0
            # a stoppage reported as going on later is the one that began earlier (spec: linking)
            early, late = (ra, rb) if ra.start < rb.start else (rb, ra)
            if late.status == "ongoing" and early.status in ("ongoing", "occurred") and _gap_days(early.start, late.start) <= 120:
                f["going_on_since"] = 1.0
                f[f"going_on_since_kinds={kinds}"] = 1.0
    va = _values(a.sent.dates)
    vb = _values(b.sent.dates)
    if va and vb:
        if va & vb:
            f["dates=shared"] = 1.0
        elif any(_compatible(x, y) for x in va for y in vb):
            f["dates=compatible"] = 1.0
        else:
            f["dates=different"] = 1.0
    elif va or vb:
        f["dates=one"] = 1.0
        v = va or vb
        if any(day_gap(x, an.pub) is not None and (day_gap(x, an.pub) or 0) < -183 for x in v):
            f["one_background"] = 1.0
    else:
        f["dates=none"] = 1.0
    for role, xa, xb in (("emp", ra.employers, rb.employers), ("union", ra.unions, rb.unions)):
        if xa and xb:
            f[f"{role}={'shared' if xa & xb else 'different'}"] = 1.0
        elif xa or xb:
            f[f"{role}=one"] = 1.0
    ea = _named(an, a.sent)
    eb = _named(an, b.sent)
    if ea and eb:
        f["orgs=shared" if ea & eb else "orgs=different"] = 1.0
    elif ea or eb:
        f["orgs=one"] = 1.0
    for name in ("past_marker", "general"):
        rx = FAMILIES[name]
        ha, hb = bool(rx.search(a.sent.text)), bool(rx.search(b.sent.text))
        if ha != hb:
            f[f"only_one={name}"] = 1.0
    if re.search(r"\b(?:another|second|third|new|next|latest|previous|earlier|last|first)\b", b.sent.text, IC):
        f["ordinal_b"] = 1.0
    if re.search(r"\b(?:another|second|third|new|next|latest|previous|earlier|last|first)\b", a.sent.text, IC):
        f["ordinal_a"] = 1.0
    out = dict(f)
    for k, v in f.items():
        out[f"{t}|{k}"] = v
    return out


def _values(dates: list[DateCand]) -> set[str]:
    out = set()
    for d in dates:
        v = d.values.get("none") or next(iter(d.values.values()), None)
        if v:
            out.add(v)
    return out


def _compatible(x: str, y: str) -> bool:
    n = min(len(x), len(y))
    if x[:n] == y[:n]:
        return True
    if len(x) == 10 and len(y) == 10:
        return abs((dt.date.fromisoformat(x) - dt.date.fromisoformat(y)).days) <= 3
    return False


def _gap_days(x: str, y: str) -> int:
    rx, ry = parse_value(x), parse_value(y)
    if rx is None or ry is None:
        return 9999
    if rx[1] < ry[0]:
        return (ry[0] - rx[1]).days
    if ry[1] < rx[0]:
        return (rx[0] - ry[1]).days
    return 0


def _named(an: Analysis, si: SentInfo) -> set[int]:
    s0, s1 = si.sentence.start, si.sentence.end
    return {e.id for e in an.entities if any(s0 <= m.start < s1 for m in e.mentions)}


# --- dates -------------------------------------------------------------------------------

PREPS = re.compile(r"(?:\b(on|since|until|till|by|from|in|through|starting|beginning|as\s+of|before|after|of|"
                   r"at|for|last|next|this|early|late|mid)\s+|[(,]\s*)$", IC)


def date_features(an: Analysis, mentions: list[Candidate], si: SentInfo, d: DateCand, value: str,
                  tenses: list[str], status: str) -> dict[str, float]:
    """Is this reading of a date expression in one of the event's sentences the event's start?"""
    key = ("date", tuple(c.key for c in mentions), si.index, d.start, value)
    base = an.cache.get(key)
    if base is None:
        base = an.cache[key] = _date_base(an, mentions, si, d, value, tenses)
    t = mentions[0].type
    out = dict(base)
    rel = relation(value, an.pub)
    gap = gap_bin(day_gap(value, an.pub))
    extra = [f"rel_status={rel}-{status}", f"gap_status={gap}-{status}"]
    extra += [f"tense_status={k}-{status}" for k in reading_kinds(tenses)]
    for k in extra:
        out[k] = 1.0
        out[f"{t}|{k}"] = 1.0
    return out


def reading_kinds(tenses: list[str]) -> set[str]:
    """The kinds of reading that give a value; a value every tense reading agrees on is "all" (unambiguous)."""
    kinds = {re.sub(r"\d+$", "", x) for x in tenses}
    if {"past", "future", "none"} <= kinds:
        kinds -= {"past", "future", "none"}
        kinds.add("all")
    return kinds


def _date_base(an: Analysis, mentions: list[Candidate], si: SentInfo, d: DateCand, value: str,
               tenses: list[str]) -> dict[str, float]:
    t = mentions[0].type
    f: dict[str, float] = {"bias": 1.0, "stated": 1.0}
    prec = {10: "day", 7: "month", 4: "year"}.get(len(value), "other")
    f[f"prec={prec}"] = 1.0
    f[f"rel={relation(value, an.pub)}"] = 1.0
    f[f"gap={gap_bin(day_gap(value, an.pub))}"] = 1.0
    for k in reading_kinds(tenses):
        f[f"tense={k}"] = 1.0
    if d.since:
        f["since"] = 1.0
    if d.counted_back:
        f["counted_back"] = 1.0
    if d.relative:
        f["relative"] = 1.0
    if d.end_values and any(d.end_values.values()):
        f["range"] = 1.0
    m = PREPS.search(si.text[max(0, d.start - 20) : d.start])
    if m:
        f[f"prep={(m.group(1) or m.group(0).strip()).lower()}"] = 1.0
    nxt = words_after(si, d.end, 1)
    if nxt:
        f[f"next={nxt[0]}"] = 1.0
    mine = [c for c in mentions if c.sent is si]
    if si.headline:
        f["headline"] = 1.0
    if mentions and si is mentions[0].sent:
        f["first_mention"] = 1.0
    if len({c.sent.index for c in mentions}) > 1:
        count = sum(1 for c in mentions if any(value in x.values.values() for x in c.sent.dates))
        f[f"repeated={_bin(count, (1, 2))}"] = 1.0
    if d.start <= 8:
        f["sentence_initial"] = 1.0
    if mine:
        cue = _cue_core(si, mine[0].cues)
        gap = d.start - cue.end if d.start >= cue.end else cue.start - d.end
        f[f"side={'after' if d.start >= cue.end else 'before'}"] = 1.0
        f[f"chars={_bin(gap, (3, 10, 25, 60, 120))}"] = 1.0
        # nearer another type's cue than this one's
        others = [c for c in si.cues if c.type != t and c.strong]
        if others and min(abs(d.start - c.start) for c in others) < abs(d.start - cue.start):
            f["nearer_other_cue"] = 1.0
        doc = si.doc
        if doc is not None and len(doc):
            dt_ = span_head(doc, d.start, d.end)
            ct = span_head(doc, cue.start, cue.end)
            if dt_ is not None and ct is not None:
                f[f"ddep={dt_.dep_}"] = 1.0
                hv = governing_verb(dt_.head) if dt_.head is not dt_ else dt_
                f[f"dhead={hv.text.lower()}"] = 1.0
                cv = governing_verb(ct)
                if _dominates(hv, ct) or hv is cv or _dominates(cv, dt_):
                    f["attached"] = 1.0
                elif hv is not dt_:
                    f["other_verb"] = 1.0
    out = dict(f)
    for k, v in f.items():
        out[f"{t}|{k}"] = v
    return out


def fallback_features(an: Analysis, mentions: list[Candidate], kind: str, n_stated: int, status: str) -> dict[str, float]:
    """Is the start a day the text never states: the day before publication, the day itself, its month?"""
    t = mentions[0].type
    f: dict[str, float] = {"bias": 1.0, f"fallback={kind}": 1.0, f"fb_status={kind}-{status}": 1.0,
                           f"fb_n={kind}-{_bin(n_stated, (0, 1, 2))}": 1.0}
    if an.pub is None:
        f["no_pub"] = 1.0
    elif an.pub_is_reference:
        f[f"ref_pub={kind}"] = 1.0
    if any(FAMILIES["past_marker"].search(c.sent.text) for c in mentions):
        f[f"fb_past_marker={kind}"] = 1.0
    if any(re.search(r"\b(?:today|tonight|this\s+morning)\b", c.sent.text, IC) for c in mentions):
        f[f"fb_today={kind}"] = 1.0
    if any(re.search(r"\b(?:yesterday|last\s+night)\b", c.sent.text, IC) for c in mentions):
        f[f"fb_yesterday={kind}"] = 1.0
    out = dict(f)
    for k, v in f.items():
        out[f"{t}|{k}"] = v
    return out


def _dominates(a: Any, b: Any) -> bool:
    """True when ``a`` is ``b`` or one of its heads (up to 6 steps)."""
    t = b
    for _ in range(6):
        if t is a:
            return True
        if t.head is t:
            return False
        t = t.head
    return t is a


# --- parties -----------------------------------------------------------------------------


def role_features(an: Analysis, mentions: list[Candidate], e: Entity, n_union_entities: int) -> dict[str, float]:
    """Is this organization the event's union, its employer, or neither?"""
    key = ("role", tuple(c.key for c in mentions), e.id)
    hit = an.cache.get(key)
    if hit is None:
        hit = an.cache[key] = _role_features(an, mentions, e, n_union_entities)
    return hit


def entity_features(an: Analysis, e: Entity) -> dict[str, float]:
    """What an organization is, from the whole article: its names, its sources, how it is written about."""
    key = ("entity", e.id)
    hit = an.cache.get(key)
    if hit is not None:
        return hit
    f: dict[str, float] = {"bias": 1.0}
    name = e.name
    n_unions = sum(1 for x in an.entities if x.union_rule)
    if e.union_rule:
        f["union_rule"] = 1.0
        f[f"n_unions={_bin(n_unions, (1, 2, 3))}"] = 1.0
    for src in e.sources:
        f[f"src={src}"] = 1.0
    if len(e.sources) == 1:  # read only ever as a person, only as a place, only as a run of proper nouns
        f[f"src_only={next(iter(e.sources))}"] = 1.0
    forms = list(e.forms) + e.aliases
    if any(f_ in KNOWN_UNIONS or f_.split()[0] in KNOWN_UNIONS for f_ in forms if f_):
        f["known_union"] = 1.0
    if all(_acronym(x) for x in e.forms):
        f["acronym_only"] = 1.0
    # the words that say what kind of body a name is, never the name itself (names do not generalize)
    toks = name.split()
    last = toks[-1].lower().strip(".,") if toks else ""
    first = toks[0].lower().strip(".,") if toks else ""
    f[f"last={last if last in TYPE_WORDS else 'other'}"] = 1.0
    f[f"first={first if first in TYPE_WORDS else 'other'}"] = 1.0
    for w in set(EMPLOYER_WORDS.findall(name)):
        f[f"empword={w.lower()}"] = 1.0
    for w in set(UNION_WORDS.findall(name)):
        f[f"unionword={w.lower()}"] = 1.0
    if NEUTRAL_WORDS.search(name):
        f["neutral_word"] = 1.0
    if re.search(r"\bLocals?\s+\d+|\b[A-Z]{2,}\s+\d{2,}", name):
        f["local_number"] = 1.0
    f[f"ntok={_bin(len(toks), (1, 2, 3, 5))}"] = 1.0
    # the shape of the name: what kind of word a one-word name is
    low = name.lower().strip(".")
    if low in TIME_WORDS:
        f["shape=time_word"] = 1.0
    if re.fullmatch(r"[A-Z]{2}", name):
        f["shape=two_capitals"] = 1.0
    if len(toks) == 1 and name[:1].isupper() and name[1:].islower():
        f["shape=one_title_word"] = 1.0
    if 2 <= len(toks) <= 3 and all(t[:1].isupper() and t[1:].islower() for t in toks) and not (
            EMPLOYER_WORDS.search(name) or UNION_WORDS.search(name)):
        f["shape=title_words_only"] = 1.0  # a person's name looks like this, and so do many companies
    src = an.article.source
    if src and (norm_name(src) == norm_name(name) or norm_name(name) in norm_name(src) and len(norm_name(name)) > 3):
        f["is_outlet"] = 1.0
    if name.lower().startswith(("the ",)) or name[:1].islower():
        f["lowercase"] = 1.0
    # a place's name ("San Francisco", "TORONTO", "the Loop"): where an event is, rarely who employs
    if PLACE_NAMES and not e.union_rule and not EMPLOYER_WORDS.search(name) and resolve_place(name) is not None:
        f["place_name"] = 1.0
    # the article also calls it by what it is ("the district", "the airline"): a body people work for
    if e.described_as:
        f["described"] = 1.0
    # named inside a union's name ("Kaiser Permanente" in "Coalition of Kaiser Permanente Unions",
    # "Starbucks" in "Starbucks Workers United"): the employer of that union's members
    nk = norm_name(name)
    if not e.union_rule and len(nk) >= 3:
        padded = f" {nk} "
        if any(padded in u for u in _union_names(an)):
            f["inside_union_name"] = 1.0
    # salience among the article's organizations that are not unions
    n = len(e.mentions)
    f[f"mentions={_bin(n, (1, 2, 3, 5, 8))}"] = 1.0
    if not e.union_rule:
        counts = sorted((len(x.mentions) for x in an.entities if not x.union_rule), reverse=True)
        rank = counts.index(n) if n in counts else len(counts)
        f[f"rank={_bin(rank, (0, 1, 2))}"] = 1.0
    first_pos = min(m.start for m in e.mentions)
    fs = an.sentence_at(first_pos)
    if fs is not None:
        f[f"first_sent={_bin(fs.index, (0, 1, 2, 4, 8))}"] = 1.0
    title = an.article.title or ""
    if any(x in title for x in e.forms if len(x) > 2):
        f["in_title"] = 1.0
    # how the article speaks of it anywhere: "workers at X", "X employees", "X's offer"
    for m in e.mentions:
        si = an.sentence_at(m.start)
        if si is None:
            continue
        rel_s, rel_e = m.start - si.start, m.end - si.start
        b = words_before(si, rel_s, 1)
        a = words_after(si, rel_e, 1)
        if b and b[0] in CONTEXT_WORDS:
            f[f"any_pre={b[0]}"] = 1.0
        if a and a[0] in CONTEXT_WORDS:
            f[f"any_post={a[0]}"] = 1.0
        if si.text[rel_e : rel_e + 2] in ("’s", "'s"):
            f["any_possessive"] = 1.0
        # named in a list with other organizations ("Albertsons, Vons and Ralphs")
        if "in_list" not in f and _in_list(an, e, m.start, m.end):
            f["in_list"] = 1.0
    an.cache[key] = f
    return f


def _mention_sentences(an: Analysis, e: Entity) -> list[tuple[Any, int]]:
    """(mention, index of its sentence) for each mention of an organization (built once)."""
    key = ("mention_sentences", e.id)
    hit = an.cache.get(key)
    if hit is None:
        hit = an.cache[key] = [(m, s.index) for m in e.mentions if (s := an.sentence_at(m.start)) is not None]
    return hit


def _union_names(an: Analysis) -> list[str]:
    """The article's union names and aliases, normalized and padded with spaces (built once)."""
    hit = an.cache.get("union_names")
    if hit is None:
        hit = an.cache["union_names"] = [f" {norm_name(x)} " for u in an.entities if u.union_rule
                                         for x in [u.name, *u.aliases]]
    return hit


_LIST_GAP = re.compile(r"\s*(?:,|and|&|,\s*and|or)\s*")


def _org_spans(an: Analysis) -> tuple[list[tuple[int, int, int]], list[int]]:
    """Every organization mention of the article as (start, end, entity id), sorted, and their starts (built once)."""
    spans = an.cache.get("org_spans")
    if spans is None:
        spans = an.cache["org_spans"] = sorted((m.start, m.end, x.id) for x in an.entities for m in x.mentions)
        an.cache["org_starts"] = [s for s, _, _ in spans]
    return spans, an.cache["org_starts"]


def _in_list(an: Analysis, e: Entity, start: int, end: int) -> bool:
    """True when another organization is named right before or after, joined by a comma or "and"."""
    spans, starts = _org_spans(an)
    i = bisect.bisect_left(starts, end)
    for s0, _e0, eid in spans[i : i + 2]:
        if eid != e.id and s0 - end <= 6 and _LIST_GAP.fullmatch(an.text[end:s0]):
            return True
    j = bisect.bisect_left(starts, start) - 1
    for _s0, e0, eid in spans[max(0, j - 1) : j + 1]:
        if eid != e.id and e0 <= start and start - e0 <= 6 and _LIST_GAP.fullmatch(an.text[e0:start]):
            return True
    return False


def list_neighbours(an: Analysis, e: Entity, sentences: set[int]) -> set[int]:
    """The organizations named in a list with ``e`` ("Albertsons, Vons and Ralphs") in those sentences."""
    spans, starts = _org_spans(an)
    out: set[int] = set()
    frontier = [(m.start, m.end) for m in e.mentions
                if (si := an.sentence_at(m.start)) is not None and si.index in sentences]
    seen = set(frontier)
    while frontier:
        start, end = frontier.pop()
        i = bisect.bisect_left(starts, end)
        j = bisect.bisect_left(starts, start)
        near = [(s0, e0, eid) for s0, e0, eid in spans[i : i + 2] if s0 - end <= 6 and _LIST_GAP.fullmatch(an.text[end:s0])]
        near += [(s0, e0, eid) for s0, e0, eid in spans[max(0, j - 2) : j]
                 if e0 <= start and start - e0 <= 6 and _LIST_GAP.fullmatch(an.text[e0:start])]
        for s0, e0, eid in near:
            if eid != e.id and (s0, e0) not in seen:
                out.add(eid)
                seen.add((s0, e0))
                frontier.append((s0, e0))
    return out


def _role_features(an: Analysis, mentions: list[Candidate], e: Entity, n_union_entities: int) -> dict[str, float]:
    t = mentions[0].type
    f = dict(entity_features(an, e))
    # where it stands to the event's mentions
    ev_sents = {c.sent.index for c in mentions}
    placed = _mention_sentences(an, e)
    here = [m for m, k in placed if k in ev_sents]
    f[f"in_event_sents={_bin(len(here), (0, 1, 2))}"] = 1.0
    if not here:
        near = min((abs(k - i) for _m, k in placed for i in ev_sents),
                   default=99)
        f[f"sent_dist={_bin(near, (1, 2, 4, 8))}"] = 1.0
    for m in here:
        si = an.sentence_at(m.start)
        if si is None:
            continue
        cands = [c for c in mentions if c.sent is si]
        rel_s, rel_e = m.start - si.start, m.end - si.start
        before = words_before(si, rel_s, 2)
        after = words_after(si, rel_e, 2)
        for w in before:
            if w in PREP_WORDS:
                f[f"pre={w}"] = 1.0
        if before:
            f[f"pre1={before[-1]}"] = 1.0
        if after:
            f[f"post1={after[0]}"] = 1.0
        if si.text[rel_e : rel_e + 2] in ("’s", "'s"):
            f["possessive"] = 1.0
        if cands:
            cue = _cue_core(si, cands[0].cues)
            f[f"side={'before' if rel_e <= cue.start else 'after'}"] = 1.0
            gap = cue.start - rel_e if rel_e <= cue.start else rel_s - cue.end
            f[f"cue_chars={_bin(gap, (0, 5, 15, 40, 80))}"] = 1.0
            doc = si.doc
            if doc is not None and len(doc):
                et = span_head(doc, rel_s, rel_e)
                ct = span_head(doc, cue.start, cue.end)
                if et is not None and ct is not None:
                    f[f"edep={et.dep_}"] = 1.0
                    f[f"ehead={et.head.text.lower()}"] = 1.0
                    if et.dep_ == "pobj":
                        f[f"eprep_head={et.head.head.text.lower()}"] = 1.0
                    cv = governing_verb(ct)
                    if et.head is cv or et.head is ct:
                        f[f"to_cue={et.dep_}"] = 1.0
                    if et.dep_ == "pobj" and (et.head.head is cv or et.head.head is ct):
                        f[f"to_cue_prep={et.head.text.lower()}"] = 1.0
    out = dict(f)
    for k, v in f.items():
        out[f"{t}|{k}"] = v
    return out


def _acronym(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&.-]{1,9}", s))
