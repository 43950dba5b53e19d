"""Candidates: everything a decision may choose from, found for recall, not precision.

One :class:`Analysis` per article holds its sentences, the *cues* in each sentence
(words that may name one of the eight event types), the parse of the sentences that
hold cues, the date expressions in them with every reading the publication date
allows, and the organizations the article names (unions by rule, the model's
entities, employers by pattern), grouped by name.

Nothing here decides whether a cue is an event, which date is the start or who is
the employer: the learned decisions in :mod:`strikewatch.extract.decide` do, from
the features in :mod:`strikewatch.extract.features`. What is here is mechanism:
sentence offsets, date arithmetic, name normalization and acronyms.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from strikewatch.extract.names import CONTRACTION, clean_form, norm_name
from strikewatch.extract.nlp import has_ents
from strikewatch.extract.parties import (
    KNOWN_UNIONS,
    Parties,
    _initials_match,
    employer_candidates,
    find_unions,
)
from strikewatch.extract.places import dateline_spans
from strikewatch.extract.sentences import Sentence, split_sentences
from strikewatch.extract.temporal import DateMention, add_days, count_back, find_dates
from strikewatch.extract.triggers import LABOR_CUES, PATTERNS, strike_sense_ok
from strikewatch.model import Article

IC = re.IGNORECASE

# --- cues ---------------------------------------------------------------------------
# The trigger patterns of triggers.py are the *strong* cues; these broader ones add
# recall (the decision of whether a cue is an event is learned, so a loose cue costs
# a little speed, never precision).
WEAK_CUES: list[tuple[str, str, re.Pattern[str]]] = [
    ("strike", "stoppage", re.compile(r"\b(?:sick-?outs?|stop(?:ped|ping|s)?\s+work|withh[oe]ld\w*\s+(?:their\s+)?(?:work|labou?r)|"
                                      r"job\s+actions?|stoppages?|downed\s+tools|picket\s*lines?|strike\s+action|on\s+strike|"
                                      r"walk(?:ed|ing)?\s+off|out\s+on\s+strike|strike\s+days?|strike\s+notices?|strikes?)\b", IC)),
    ("strike_vote", "vote", re.compile(r"\b(?:vot\w+|ballot\w*|mandate|authori[sz]\w+|in\s+favou?r)\b", IC)),
    ("ratification", "vote", re.compile(r"\b(?:vot\w+|ballot\w*|ratif\w+|approv\w+|reject\w*|accept\w*|turned\s+down|"
                                        r"endors\w+|adopt\w*|members\s+back\w*)\b", IC)),
    ("agreement", "deal", re.compile(r"\b(?:agreements?|deals?|accords?|pacts?|settlements?|settled|agreed|"
                                     r"contracts?|framework|terms|resolution)\b", IC)),
    ("impasse", "breakdown", re.compile(r"\b(?:impasse|mediat\w+|arbitrat\w+|fact[- ]find\w*|broke\s+down|broken\s+down|"
                                        r"stall\w*|deadlock\w*|stalemate|back[- ]to[- ]work|conciliat\w+|"
                                        r"emergency\s+board|notwithstanding\s+clause|breakdown|collapsed?)\b", IC)),
    ("contract_expiration", "expiry", re.compile(r"\b(?:expir\w+|expiry|without\s+(?:a\s+)?(?:new\s+)?contracts?|"
                                                 r"no\s+contract|ran\s+out|runs?\s+out|lapsed?|ends?\s+at\s+midnight|"
                                                 r"ended\s+at\s+midnight|working\s+without)\b", IC)),
    ("lockout", "lock", re.compile(r"\block(?:ed|s|ing)?[- ]?outs?\b|\block(?:ed|ing)\b", IC)),
    # "march" in lower case only: "March" is a month
    ("protest", "rally", re.compile(r"\b(?i:rall\w+|picket\w*|protest\w*|demonstrat\w+|sit-ins?|vigils?|"
                                    r"informational\s+picket\w*|walk-ins?)\b|\bmarch(?:ed|es|ing)?\b")),
]


@dataclass(frozen=True)
class Cue:
    """A word or phrase in a sentence that may name an event of ``type``."""

    type: str
    start: int  # offsets within the sentence
    end: int
    text: str
    rule: str  # "strong" (a trigger pattern) or the name of a weak cue family
    strong: bool


def find_cues(sentence: str) -> list[Cue]:
    """Every cue in one sentence: the trigger patterns first, then the weak cues."""
    out: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for etype, rx in PATTERNS:
        for m in rx.finditer(sentence):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if etype == "strike" and not strike_sense_ok(sentence, s, e):
                continue
            out.append(Cue(etype, s, e, m.group(0), "strong", True))
            taken.append((s, e))
    for etype, rule, rx in WEAK_CUES:
        for m in rx.finditer(sentence):
            s, e = m.span()
            if any(c.type == etype and c.start < e and s < c.end for c in out):
                continue
            if etype == "strike" and not strike_sense_ok(sentence, s, e):
                continue  # another sense of the word ("strike a deal", "struck down"): never a stoppage
            out.append(Cue(etype, s, e, m.group(0), rule, False))
    out.sort(key=lambda c: (c.start, c.type))
    return out


# --- dates --------------------------------------------------------------------------

TENSES = ("past", "future", "none")
WEEKEND = re.compile(r"\b(?:over|during|on|at)\s+the\s+weekend\b", IC)
MIDNIGHT = re.compile(r"\bmidnight\b[^.;]{0,12}$", IC)


@dataclass
class DateCand:
    """One date expression of a sentence, with the value each reading gives.

    Readings: the three tenses ("past", "future", "none") of the date arithmetic;
    "midnight" (the day after a midnight that opens it: a strike "at midnight
    Sunday" starts on Monday); "back:pub" / "back:stated" (a duration counted back
    from the publication day or from a day the sentence states: "a four-week strike").
    """

    start: int  # offsets within the sentence
    end: int
    text: str
    values: dict[str, str]  # reading -> value
    end_values: dict[str, str | None]
    since: bool = False
    relative: bool = False
    counted_back: bool = False

    def readings(self) -> list[tuple[str, str | None, list[str]]]:
        """(value, end value, the readings that give it), one per distinct value."""
        by: dict[str, list[str]] = {}
        for t, v in self.values.items():
            if v:
                by.setdefault(v, []).append(t)
        return [(v, next((self.end_values.get(t) for t in ts if self.end_values.get(t)), None), ts)
                for v, ts in by.items()]


def sentence_dates(text: str, pub: dt.date | None) -> list[DateCand]:
    """Date expressions of one sentence under every reading (grouped by span)."""
    by_span: dict[tuple[int, int], DateCand] = {}
    # "past" and "future" read every expression in that tense; "none" lets the words around
    # each expression decide ("said Monday", "will strike Friday")
    for tense in TENSES:
        for d in find_dates(text, pub, None if tense == "none" else tense):
            _add_date(by_span, d, tense)
    # and every expression read in one tense whatever the words around it say ("voted to
    # reject the deal on Sunday" is the Sunday just gone, though "to reject" sounds ahead)
    if pub is not None:
        for tense in ("past", "future"):
            for d in find_dates(text, pub, tense, local=False):
                c = by_span.get((d.start, d.end))
                if c is not None and d.value not in c.values.values():
                    c.values[tense + "_only"] = d.value
                    c.end_values[tense + "_only"] = d.end_value
    out = sorted(by_span.values(), key=lambda d: d.start)
    for d in out:
        # "at midnight Sunday": the stoppage starts as Monday begins
        if MIDNIGHT.search(text[max(0, d.start - 16) : d.start]) or d.text.lower().startswith("midnight"):
            v = d.values.get("future") or d.values.get("none")
            nxt = add_days(v, 1) if v else None
            if nxt:
                d.values["midnight"] = nxt
                d.end_values["midnight"] = None
    if pub is None:
        return out
    m = WEEKEND.search(text)
    if m and not any(d.start <= m.start() < d.end for d in out):
        sat_past = pub - dt.timedelta(days=(pub.weekday() - 5) % 7 or 7) if pub.weekday() != 5 else pub
        sat_next = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
        out.append(DateCand(m.start(), m.end(), m.group(0),
                            {"past": sat_past.isoformat(), "future": sat_next.isoformat(), "none": sat_past.isoformat()},
                            {"past": add_days(sat_past.isoformat(), 1), "future": add_days(sat_next.isoformat(), 1),
                             "none": add_days(sat_past.isoformat(), 1)}, relative=True))
    anchors: list[tuple[str, dt.date]] = [("pub", pub)]
    for d in out:
        v = d.values.get("past")
        if v and len(v) == 10 and v <= pub.isoformat():
            anchors.append(("stated", dt.date.fromisoformat(v)))
    back: dict[tuple[int, int], DateCand] = {}
    for s, e, phrase, value, name in count_back(text, anchors[:4]):
        c = back.get((s, e))
        if c is None:
            c = back[(s, e)] = DateCand(s, e, phrase, {}, {}, relative=True, counted_back=True)
        key = f"back:{name}"
        k = key
        i = 2
        while k in c.values and c.values[k] != value:
            k = f"{key}{i}"
            i += 1
        c.values[k] = value
        c.end_values[k] = None
    out.extend(back.values())
    out.sort(key=lambda d: d.start)
    return out


def _add_date(by_span: dict[tuple[int, int], DateCand], d: DateMention, tense: str) -> None:
    key = (d.start, d.end)
    c = by_span.get(key)
    if c is None:
        c = by_span[key] = DateCand(d.start, d.end, d.text, {}, {}, since=d.since, relative=d.relative)
    c.values[tense] = d.value
    c.end_values[tense] = d.end_value


# --- organizations ------------------------------------------------------------------

ENTITY_LABELS = ("ORG", "GPE", "FAC", "NORP", "PERSON", "LOC", "PRODUCT")
GENERIC_EMPLOYER = re.compile(
    r"\b[Tt]he\s+((?:provincial\s+|federal\s+|state\s+|city\s+|county\s+)?(?:government|province|district|"
    r"school\s+district|school\s+board|board\s+of\s+education|company|hospital|university|college|city|county|"
    r"ministry|employer|authority|airline|carrier|council|administration))\b"
)


#: a title and a person's name closing a run of capitalised words: "... Administrator Ryan Moore"
PERSON_TITLE = re.compile(
    r"(?:^|\s)(?:Mayor|Gov\.|Governor|(?:Vice\s+)?President|(?:Prime\s+)?Minister|Premier|Judge|Justice|"
    r"Chair(?:man|woman|person)?|CEO|Secretary|Administrator|Supervisor|Director|Commissioner|Superintendent|"
    r"Spokes(?:person|man|woman)|Chancellor|Senator|Sen\.|Rep\.|Council(?:member|man|woman|lor)|Treasurer|"
    r"Principal|Dean|Provost)(?:\s+[A-Z][\w’'.-]*){1,3}$"
)


#: what can follow a name that ends in "'s" (no noun: the "'s" is no possessive)
NAME_END = re.compile(r"\s*(?:[,.;:!?)]|[\"”](?!\w)|(?:and|or|&)\s|$)")
#: the tags of the words a possessive's noun phrase can start with (noun, adjective, number, adverb, participle)
_POSSESSED = ("NN", "JJ", "CD", "RB", "VBG", "VBN", "FW")
_QUOTES = frozenset("‘’“”\"'«»")


def _no_possessed(si: Any, text: str, pos: int) -> bool:
    """Whether the "'s" ending at ``pos`` possesses nothing ("at Wendy's on Monday", "Domino's and KFC"):
    the next word is no noun or adjective (by the tagger where the sentence was parsed)."""
    if NAME_END.match(text, pos):
        return True
    doc = getattr(si, "doc", None) if si is not None else None
    if doc is None:
        return False
    rel = pos - si.start
    nxt = next((t for t in doc if t.idx >= rel and t.text not in _QUOTES), None)  # "Quebec’s ‘common front’"
    return nxt is not None and not nxt.tag_.startswith(_POSSESSED) and not nxt.text[:1].isdigit()


#: officers' titles closing a name, with or without a possessive: "Boeing's CEO", "NJ Transit President and CEO"
TITLE_TAIL = re.compile(
    r"(?:[’']s)?(?:\s+(?:and\s+|&\s+)?(?:(?:Vice|Deputy|Interim|Acting)\s+)?(?:President|CEO|Chair(?:man|woman|person)?|"
    r"Spokes(?:person|man|woman)|Director|Superintendent|Chancellor|Secretary|Treasurer|Administrator|Commissioner))+$"
)


@dataclass
class OrgMention:
    start: int  # offsets within the article text
    end: int
    text: str
    source: str  # "union" (union rules), an NER label ("ORG", "GPE", ...), "pattern", "generic" or "name"


@dataclass
class Entity:
    """One organization as an article names it: every form and every mention."""

    id: int
    forms: Counter[str] = field(default_factory=Counter)
    mentions: list[OrgMention] = field(default_factory=list)
    union_rule: bool = False
    acronyms: set[str] = field(default_factory=set)
    name_override: str | None = None
    alias_extra: list[str] = field(default_factory=list)
    described_as: set[str] = field(default_factory=set)  # generic descriptions that refer to it ("the district")

    @property
    def name(self) -> str:
        hit = self.__dict__.get("_name")
        if hit is not None:
            return hit
        if self.name_override:
            return self.name_override
        full = [f for f in self.forms if not _is_acronym(f)] or list(self.forms)
        return max(full, key=lambda f: (len(f), self.forms[f], f))

    @property
    def aliases(self) -> list[str]:
        hit = self.__dict__.get("_aliases")
        if hit is not None:
            return hit
        name = self.name
        out = sorted({f for f in self.forms if f != name} | {a for a in self.acronyms if a != name} |
                     {a for a in self.alias_extra if a != name}, key=lambda s: (-len(s), s))
        return out

    def freeze(self) -> None:
        """Fix the name and aliases once the article's organizations are all found."""
        self.__dict__["_name"] = self.name
        self.__dict__["_aliases"] = self.aliases

    @property
    def sources(self) -> Counter[str]:
        return Counter(m.source for m in self.mentions)


def _is_acronym(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&.-]{1,9}", s))


# --- the analysis -------------------------------------------------------------------


@dataclass
class SentInfo:
    index: int
    sentence: Sentence
    line_start: bool  # the sentence starts a line
    line_whole: bool  # the sentence is its whole line (a headline, a caption, a subhead)
    paragraph: int
    cues: list[Cue] = field(default_factory=list)
    doc: Any = None
    dates: list[DateCand] = field(default_factory=list)
    labor_cue: bool = False

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def headline(self) -> bool:
        """The article's first line, when it reads as a title (no closing punctuation)."""
        return self.index == 0 and self.line_whole and not re.search(r"[.!?\"”’]$", self.text.strip())


@dataclass
class Candidate:
    """A (sentence, event type) pair the sentence's cues allow: what the detector judges."""

    sent: SentInfo
    type: str
    cues: list[Cue]

    @property
    def key(self) -> tuple[int, str]:
        return (self.sent.index, self.type)


@dataclass
class Analysis:
    article: Article
    pub: dt.date | None
    sentences: list[SentInfo]
    parties: Parties | None = None
    candidates: list[Candidate] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    gate: bool = False  # the article may report a labor event: parse and decide
    #: ``pub`` is a reference day read from the text, not a publication date
    pub_is_reference: bool = False
    pub_precision: str = "day"  # "month": the anchor is only the month an article's URL gives (its last day)
    #: what the decisions compute more than once (features of a mention, of an organization)
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.article.text

    def to_parse(self) -> list[SentInfo]:
        return [s for s in self.sentences if s.cues] if self.gate else []

    def sentence_at(self, pos: int) -> SentInfo | None:
        starts = self.cache.get("sentence_starts")
        if starts is None:
            starts = self.cache["sentence_starts"] = [s.sentence.start for s in self.sentences]
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].sentence.end:
            return self.sentences[i]
        return None


HEADER_RX = re.compile(r"^\s*(?:date|published|updated|posted)?:?\s*\d{4}-\d{2}-\d{2}\s+", re.I)


def _trim_header(s: Sentence) -> Sentence:
    m = HEADER_RX.match(s.text)
    if not m or m.end() >= len(s.text):
        return s
    return Sentence(s.start + m.end(), s.end, s.text[m.end():])


def prepare(article: Article, pub: dt.date | None) -> Analysis:
    """The cheap stages: sentences, cues, and whether the article is worth parsing at all."""
    text = article.text
    sents = [_trim_header(s) for s in split_sentences(text)]
    infos: list[SentInfo] = []
    para = 0
    last_end = 0
    for i, s in enumerate(sents):
        gap = text[last_end : s.start]
        if i and re.search(r"\n\s*\n", gap):
            para += 1
        line_start = i == 0 or "\n" in gap
        nxt = sents[i + 1].start if i + 1 < len(sents) else len(text)
        line_whole = line_start and ("\n" in text[s.end : nxt] or nxt == len(text))
        infos.append(SentInfo(i, s, line_start, line_whole, para))
        last_end = s.end
    an = Analysis(article=article, pub=pub, sentences=infos)
    strong = 0
    labor = 0
    for si in infos:
        si.cues = find_cues(si.text)
        strong += any(c.strong for c in si.cues)
        si.labor_cue = bool(LABOR_CUES.search(si.text))
        labor += si.labor_cue
    if strong == 0:
        return an
    an.parties = find_unions(text)
    # worth parsing: a union is named, or labor words recur (in two sentences; in a one-sentence
    # item, "nurses ... went on strike" with no union named, in its one sentence)
    an.gate = bool(an.parties.unions) or labor >= min(2, len(infos))
    return an


def complete(an: Analysis, docs: list[Any]) -> None:
    """Attach the parses (in :meth:`Analysis.to_parse` order), then dates, candidates and entities."""
    for si, doc in zip(an.to_parse(), docs, strict=True):
        si.doc = doc
        si.dates = sentence_dates(si.text, an.pub)
    for si in an.sentences:
        by_type: dict[str, list[Cue]] = {}
        for c in si.cues:
            by_type.setdefault(c.type, []).append(c)
        if si.doc is None:
            continue
        for t, cues in by_type.items():
            an.candidates.append(Candidate(si, t, cues))
    an.entities = find_entities(an)


def find_entities(an: Analysis) -> list[Entity]:
    """The organizations of an article: unions by rule, the model's entities, employer patterns."""
    text = an.text
    ents: list[Entity] = []
    by_key: dict[str, Entity] = {}

    def new(union_rule: bool = False) -> Entity:
        e = Entity(id=len(ents), union_rule=union_rule)
        ents.append(e)
        return e

    union_spans: list[tuple[int, int, Entity]] = []
    if an.parties is not None:
        for g in an.parties.unions:
            e = new(union_rule=True)
            org = g.organization()
            e.name_override = org.name
            e.alias_extra = list(org.aliases)
            for m in g.mentions:
                form = text[m.start : m.end].strip(" ,")
                e.forms[form] += 1
                e.mentions.append(OrgMention(m.start, m.end, form, "union"))
                union_spans.append((m.start, m.end, e))
            e.acronyms |= g.acronyms
            for f in [org.name, *org.aliases, *e.forms]:
                by_key.setdefault(norm_name(f), e)

    datelines = dateline_spans(text)

    def attach(start: int, end: int, raw: str, source: str) -> None:
        if any(d0 <= start < d1 for d0, d1 in datelines):
            return  # "ALBANY, N.Y. —": the dateline's place
        # a name never runs over a sentence end ("... Quolke. The Cleveland ... District")
        si = an.sentence_at(start)
        if si is not None and end > si.sentence.end:
            raw = raw[: si.sentence.end - start]
            end = si.sentence.end
        cut = re.search(r"[.!?]\s+(?=[A-Z])", raw)
        if cut and not re.search(r"\b(?:[A-Z]|Co|Inc|Corp|Ltd|St|Mt|Dr|Jr|Sr|U\.S|Pa|Va|Ga)$", raw[: cut.start()]):
            if source != "pattern":
                raw = raw[: cut.start()]
                end = start + len(raw)
            else:
                start, raw = start + cut.end(), raw[cut.end():]
        # "at Wendy's." / "Domino's and KFC": a possessive with no noun after it is part of the name
        poss = ""
        own = re.search(r"[’']s$", raw)
        if own and _no_possessed(si, text, end):
            poss = own.group(0)
        elif text[end : end + 2] in ("'s", "’s") and _no_possessed(si, text, end + 2):
            poss = text[end : end + 2]
            raw, end = raw + poss, end + 2
        form = clean_form(raw)
        if poss and raw.endswith(form + poss):
            form += poss
        if len(form) < 2 or not re.search(r"[A-Za-z]", form) or CONTRACTION.match(form):
            return
        # "National Grid President Marcy Reed" is National Grid; "Mayor Libby Schaaf" is a person;
        # "Boeing's CEO", "NJ Transit President and CEO": the body whose officer is meant
        titled = PERSON_TITLE.search(form) if source != "union" else None
        head = clean_form(form[: titled.start()]) if titled else None
        if head is None and source != "union" and TITLE_TAIL.search(form):
            head = TITLE_TAIL.sub("", form)
        if head is not None:
            if len(head) >= 2 and head[:1].isupper():
                off = raw.find(form)
                s0 = start + (off if off >= 0 else 0)
                attach(s0, s0 + len(head), head, source)
            return
        parts = split_conjoined(form, text) if source != "union" else None
        if parts is not None:
            off = raw.find(form)
            s0 = start + (off if off >= 0 else 0)
            (a0, a1), (b0, b1) = parts
            attach(s0 + a0, s0 + a1, form[a0:a1], source)
            attach(s0 + b0, s0 + b1, form[b0:b1], source)
            return
        for us, ue, ue_ent in union_spans:
            if us < end and start < ue:
                ue_ent.mentions.append(OrgMention(start, end, form, source))
                return
        key = norm_name(form)
        if not key:
            return
        e = by_key.get(key) or _find_related(ents, form, key, source)
        if e is None:
            e = new()
            by_key[key] = e
        e.forms[form] += 1
        off = raw.find(form)
        s0 = start + (off if off >= 0 else 0)
        e.mentions.append(OrgMention(s0, s0 + len(form), form, source))

    for si in an.sentences:
        if si.doc is None:
            continue
        spans: list[tuple[int, int]] = []
        if has_ents(si.doc):
            for ent in si.doc.ents:
                if ent.label_ in ENTITY_LABELS:
                    attach(si.start + ent.start_char, si.start + ent.end_char, ent.text, ent.label_)
                spans.append((ent.start_char, ent.end_char))
        # runs of proper nouns the model did not take for an entity (all of them where it did not read)
        for s0, s1 in proper_noun_runs(si.doc):
            if not any(s0 < e1 and e0 < s1 for e0, e1 in spans):
                attach(si.start + s0, si.start + s1, si.text[s0:s1], "propn")
    for name, s, e in employer_candidates(text):
        attach(s, e, name, "pattern")
    # names in the sentences the parser did not see: runs of capitalised words
    for si in an.sentences:
        if si.doc is None:
            for s0, s1 in capitalised_runs(si.text):
                attach(si.start + s0, si.start + s1, si.text[s0:s1], "caps")
    for m in GENERIC_EMPLOYER.finditer(text):
        attach(m.start(1), m.end(1), m.group(1), "generic")
    # acronyms the text defines for an entity: "Kaiser Permanente (KP)"
    if an.parties is not None:
        for acr, full in an.parties.acronyms.items():
            e = by_key.get(norm_name(full))
            if e is not None and not e.union_rule:
                e.acronyms.add(acr)
    _corefer_generic(ents)
    # every other place the article names an entity by one of its forms: one scan of the text
    # for all forms, longest first, each entity taking the places of its own forms
    owners: dict[str, list[Entity]] = {}
    for e in ents:
        if not e.mentions:
            continue  # a generic description that joined a named body: its forms are that body's now
        for f in set(e.forms) | e.acronyms | e.described_as:
            if len(f) >= 3:
                owners.setdefault(f, []).append(e)
    if owners:
        alternation = "|".join(re.escape(f) for f in sorted(owners, key=lambda x: (-len(x), x)))
        # where each entity is already named: its mentions' starts in order, with the furthest end so far
        # (the scan's own matches never overlap one another, so only these need checking)
        taken: dict[int, tuple[list[int], list[int]]] = {}
        for e in ents:
            spans = sorted((m.start, m.end) for m in e.mentions)
            ends = list(itertools.accumulate((b for _a, b in spans), max))
            taken[id(e)] = ([a for a, _b in spans], ends)
        for m in re.finditer(r"(?<![\w-])(?:" + alternation + r")(?![\w-])", text):
            pos = m.start()
            for e in owners.get(m.group(0), ()):
                starts, ends = taken[id(e)]
                i = bisect.bisect_right(starts, pos) - 1
                if i < 0 or ends[i] <= pos:
                    e.mentions.append(OrgMention(pos, m.end(), m.group(0), "name"))
    for e in ents:
        e.mentions.sort(key=lambda m: (m.start, m.end))
        e.freeze()
    return [e for e in ents if e.mentions]


PLACE_SOURCES = frozenset({"GPE", "LOC", "NORP"})


def split_conjoined(form: str, text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Where "A and B" is two organizations' names, the spans of A and B within ``form``; else None.

    Two names when the article also names each on its own ("Ostrow Foods and Kell Packing" with
    "Ostrow Foods said" and "Kell Packing declined"); not "Department of Health and Social Care".
    (Splitting parallel names the article never gives alone, "Freshmart and Dailygreens", was
    measured: no better employers in cross-validation, and disputes split in linked-dev.)
    """
    both = re.search(r"\s+(?:and|&)\s+(?=[A-Z])", form)
    if both is None:
        return None
    left, right = form[: both.start()], form[both.end():]
    if not left[:1].isupper() or len(left) < 3 or len(right) < 3:
        return None
    n_whole = text.count(form)
    if not all(len(re.findall(r"(?<![\w-])" + re.escape(x) + r"(?![\w-])", text)) > n_whole for x in (left, right)):
        return None
    return (0, both.start()), (both.end(), len(form))


#: the words that name a body of each generic description's kind ("the district" -> "Portland Public Schools")
KIND_WORDS: dict[str, frozenset[str]] = {
    "district": frozenset({"district", "schools", "unified", "usd", "isd", "board"}),
    "board": frozenset({"board", "schools", "district"}),
    "education": frozenset({"education", "board", "schools", "district"}),
    "hospital": frozenset({"hospital", "medical", "health", "healthcare", "clinic"}),
    "university": frozenset({"university", "college"}),
    "college": frozenset({"college", "university"}),
    "airline": frozenset({"air", "airline", "airlines", "airways"}),
    "carrier": frozenset({"air", "airline", "airlines", "airways"}),
    "authority": frozenset({"authority", "transit", "transportation"}),
}


def _corefer_generic(ents: list[Entity]) -> None:
    """"the district", "the university", "the government": the one named body of that kind, when there is one.

    A generic description joins the most mentioned organization whose name holds its
    head word ("the district" -> "Oakland Unified School District"), keeping its form
    as an alias; with no such body it stays an organization of its own.
    """
    for g in list(ents):
        if not g.mentions or not all(m.source == "generic" for m in g.mentions):
            continue
        head = g.name.split()[-1].lower()
        words = KIND_WORDS.get(head, frozenset({head}))
        kin = [e for e in ents if e is not g and not e.union_rule and e.mentions
               and words & set(e.name.lower().split()) and any(m.source != "generic" for m in e.mentions)]
        if head in ("province", "government", "ministry", "administration"):
            kin = [e for e in ents if e is not g and not e.union_rule and e.mentions
                   and re.search(r"\b(?:government|province|ministry|administration)\b", e.name, re.I)]
        if not kin:
            continue
        target = max(kin, key=lambda e: (len(e.mentions), -e.mentions[0].start))
        target.mentions.extend(g.mentions)
        target.alias_extra.extend(f for f in g.forms if f not in target.alias_extra)
        target.described_as.update(g.forms)
        g.mentions = []


CONNECTORS = frozenset({"of", "and", "&", "for", "the", "de", "du", "des"})
#: days of the week are never part of an organization's name ("announced in California Thursday")
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def proper_noun_runs(doc: Any) -> list[tuple[int, int]]:
    """Character spans of runs of proper nouns (NNP, NNPS), joined by "of", "and", "&" (sentence offsets).

    The organizations of a sentence the entity recognizer did not read: "Kellogg Co.",
    "Association of Flight Attendants". A run at the start of the sentence counts only
    when longer than one word (a capitalised first word is not a name).
    """
    out: list[tuple[int, int]] = []
    run: list[Any] = []

    def flush() -> None:
        while run and run[-1].text.lower() in CONNECTORS:
            run.pop()
        if run and not (run[0].i == 0 and len(run) == 1):
            out.append((run[0].idx, run[-1].idx + len(run[-1].text)))
        run.clear()

    for t in doc:
        if t.text.lower() in WEEKDAYS:  # "in California Thursday": a day ends a name
            flush()
        elif (t.tag_ in ("NNP", "NNPS") and not t.text[:1].islower()) or (run and t.text.lower() in CONNECTORS and t.i + 1 < len(doc)
                                           and doc[t.i + 1].tag_ in ("NNP", "NNPS")):
            run.append(t)
        else:
            flush()
    flush()
    return out


_CAP_TOKEN = re.compile(r"[A-Z][\w’'&.-]*|of|and|&|for|de")


def capitalised_runs(text: str) -> list[tuple[int, int]]:
    """Character spans of runs of capitalised words (joined by "of", "and", "&"): a cheap name finder.

    A run that opens the sentence counts only when it is longer than one word.
    """
    out: list[tuple[int, int]] = []
    toks = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", text)]
    run: list[tuple[int, int, str]] = []

    def flush() -> None:
        while run and run[-1][2].lower() in CONNECTORS:
            run.pop()
        if run and not (run[0][0] == toks[0][0] and len(run) == 1):
            out.append((run[0][0], run[-1][1]))
        run.clear()

    for s0, _s1, raw in toks:
        w = raw.strip(",.;:!?\"“”()[]")
        lead = raw.find(w) if w else 0
        if w.lower() in WEEKDAYS:
            flush()
        elif w and (w[0].isupper() or (run and w.lower() in ("of", "&", "for", "de"))) and _CAP_TOKEN.fullmatch(w):
            run.append((s0 + lead, s0 + lead + len(w), w))
            if raw.endswith((",", ".", ";", ":", ")", "\"", "”")) and not raw.endswith(("Co.", "Inc.", "Corp.", "Ltd.")):
                flush()
        else:
            flush()
    flush()
    return out


def _find_related(ents: list[Entity], form: str, key: str, source: str) -> Entity | None:
    """An entity this form names in short: an acronym of it, or the start of its name.

    Places never join an organization by a shared start ("Chicago" is not "Chicago
    Public Schools"), and unions keep the grouping of the union rules.
    """
    acronym = _is_acronym(form)
    by_start = len(key) >= 4 and form not in KNOWN_UNIONS and source not in PLACE_SOURCES
    if not acronym and not by_start:
        return None
    for e in ents:
        names = list(e.forms) + ([e.name_override] if e.name_override else [])
        place_only: bool | None = None
        for n in names:
            nk = norm_name(n)
            if not nk:
                continue
            if acronym and (form in e.acronyms or (len(form) >= 3 and _initials_match(form, n) and not _is_acronym(n))):
                return e
            if by_start and not e.union_rule and (nk.startswith(key + " ") or key.startswith(nk + " ")):
                if place_only is None:
                    place_only = all(m.source in PLACE_SOURCES for m in e.mentions)
                if not place_only:
                    return e
    return None
