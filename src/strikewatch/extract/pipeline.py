"""The order of the extraction stages: Article -> Record.

1. find the publication date when the article has none (read.published)
2. split into sentences (regex, no model)
3. find event triggers and drop other senses of the words (regex)
4. only sentences with a trigger meet spaCy (tagger, parser, NER, union rules)
5. per trigger: status, dates, parties, place, numbers (one *mention*)
6. merge mentions of one event within the article
7. claims (demands and offers) over all sentences
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from strikewatch.extract import status as st
from strikewatch.extract.claims import find_claims
from strikewatch.extract.demands import demands_in
from strikewatch.extract.nlp import is_verb, load_nlp
from strikewatch.extract.numbers import worker_counts
from strikewatch.extract.parties import (
    Parties,
    clean_employer,
    employer_candidates,
    find_unions,
    group_employers,
)
from strikewatch.extract.places import best_location, find_places, state_of_org_name
from strikewatch.extract.sentences import Sentence, split_sentences
from strikewatch.extract.temporal import DateMention, add_days, duration_days, elapsed_start, find_dates
from strikewatch.extract.triggers import Trigger, find_triggers, has_labor_cue, names_workers
from strikewatch.model import Article, Event, Evidence, Location, Organization, Record, VoteResult

EXTRACTOR_VERSION = "0.1.0"

GENERIC_STRIKE = re.compile(
    r"\b(?:right\s+to\s+strike|no-strike|strike\s+(?:law|fund|pay|benefits?|insurance)|anti-strike|"
    r"strike\s+(?:letter|notice)s?|strikes?\s+(?:are\s+|is\s+)?(?:banned|illegal|prohibited|outlawed)|strike\s+ban|general\s+strike)\b",
    re.I,
)
HEADER_RX = re.compile(r"^\s*(?:date|published|updated|posted)?:?\s*\d{4}-\d{2}-\d{2}\s+", re.I)
IRREALIS_AGREEMENT = re.compile(
    r"\b(?:to|toward|towards|of|on|for|without|no|before|trying|try|hopes?|hoping|failed|fail|unable|unwilling|could\s+not|couldn[’']t|"
    r"did\s+not|didn[’']t|yet\s+to|not|if|until|unless|whether)\s+(?:\w+\s+){0,1}$",
    re.I,
)
GENERIC_PLURAL = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds|thousands|many|several|few|other|more|"
    r"fewer|rare|of|such|these|those|all|most|recent|previous|past|no)\s+(?:\w+\s+){0,2}$",
    re.I,
)
PCT_RX = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per\s+cent)", re.I)
REJECT_RX = re.compile(r"\b(?:reject\w*|vot\w+\s+down|defeat\w*|turned\s+down|voted\s+against|no\s+vote)\b", re.I)
VOTE_COUNT = re.compile(r"\b(\d{1,5})\s*(?:-|–|to)\s*(\d{1,5})\b")


@dataclass
class Mention:
    type: str
    status: str
    sentence: Sentence
    trigger: Trigger
    start: DateMention | None
    end_date: str | None
    unions: list[Organization]
    employers: list[Organization]
    location: Location | None
    participants: int | None = None
    result: VoteResult | None = None
    headline: bool = False
    sentence_named: bool = False  # the parties were named in the mention's own sentence
    in_progress: bool = False  # its date is a day the stoppage was going on, after its start
    field_evidence: dict[str, Evidence] = field(default_factory=dict)


def _coerce(article: Article | dict[str, Any] | str) -> Article:
    if isinstance(article, Article):
        return article
    if isinstance(article, str):
        return Article(id="", text=article)
    if isinstance(article, dict):
        if not isinstance(article.get("text"), str):
            raise ValueError("article has no 'text' string")
        return Article.from_dict(article)
    raise TypeError(f"cannot extract from {type(article).__name__}")


def _published(article: Article) -> dt.date | None:
    if not article.published:
        from strikewatch.read.published import find_published

        found, _ = find_published(article.text)
        if found:
            article.published = found
            article.published_from = "text"
    if article.published:
        try:
            return dt.date.fromisoformat(article.published[:10])
        except ValueError:
            return None
    return None


def _cmp(value: str | None, pub: dt.date | None) -> int | None:
    """-1, 0 or 1 as the date is before, on or after the publication day.

    A month or year that holds the publication day is not "the same day": None.
    """
    if not value or pub is None:
        return None
    p = pub.isoformat()[: len(value)]
    c = (value > p) - (value < p)
    if c == 0 and len(value) < 10:
        return None
    return c


@dataclass
class _Prepared:
    """An article after the cheap stages, waiting for the parse of its candidate sentences."""

    art: Article
    pub: dt.date | None
    record: Record
    sentences: list[Sentence] = field(default_factory=list)
    headline: Sentence | None = None
    # (sentence, every trigger in it, the triggers that may still be events)
    cands: list[tuple[Sentence, list[Trigger], list[Trigger]]] = field(default_factory=list)
    parties: Parties | None = None


def extract_article(article: Article | dict[str, Any] | str) -> Record:
    """One article in, its record out (the library's ``strikewatch.extract``)."""
    prep = _prepare(article)
    if not prep.cands:
        return prep.record
    return _finish(prep, _parse(load_nlp(), [prep]))


def warm() -> None:
    """Load the model and build the place gazetteer now (once per process; forked workers inherit them)."""
    from strikewatch.extract.places import _gaz

    load_nlp()
    _gaz()


#: the model's named entities are read for an article's first sentences that can hold an
#: event; later ones get the tagger and parser only. Parties and places are named early,
#: and their later mentions are found by name in the whole text.
NER_SENTENCES = 8


def _parse(nlp: Any, preps: list[_Prepared]) -> list[Any]:
    """Docs for every candidate sentence of ``preps``, in order (see :data:`NER_SENTENCES`)."""
    texts: list[str] = []
    ner: list[bool] = []
    for p in preps:
        for k, (s, _, _) in enumerate(p.cands):
            texts.append(s.text)
            ner.append(k < NER_SENTENCES)
    docs: list[Any] = [None] * len(texts)
    for with_ner in (True, False):
        # sentences of similar length batch with less padding
        idx = sorted((i for i in range(len(texts)) if ner[i] == with_ner), key=lambda i: len(texts[i]))
        if not idx:
            continue
        ctx = contextlib.nullcontext() if with_ner else nlp.select_pipes(disable=["entity_ruler", "ner"])
        with ctx:
            for i, doc in zip(idx, nlp.pipe((texts[i] for i in idx), batch_size=256), strict=True):
                docs[i] = doc
    return docs


def extract_many(articles: Iterable[Article | dict[str, Any] | str], batch_size: int = 64) -> Iterator[Record]:
    """Records for many articles, in order; the model parses each batch's sentences together.

    Same records as calling :func:`extract_article` on each article, faster: the
    parser and tagger work on large batches instead of a few sentences at a time.
    """
    nlp = None
    batch: list[_Prepared] = []

    def flush() -> Iterator[Record]:
        nonlocal nlp
        docs: list[Any] = []
        if any(p.cands for p in batch):
            nlp = nlp or load_nlp()
            docs = _parse(nlp, batch)
        i = 0
        for p in batch:
            n = len(p.cands)
            yield _finish(p, docs[i : i + n]) if n else p.record
            i += n
        batch.clear()

    for article in articles:
        batch.append(_prepare(article))
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()


def _prepare(article: Article | dict[str, Any] | str) -> _Prepared:
    art = _coerce(article)
    text = art.text
    pub = _published(art)
    prep = _Prepared(art=art, pub=pub, record=Record(id=art.id, published=art.published, is_labor=False))
    sentences = [_trim_header(s) for s in split_sentences(text)]
    found: list[tuple[Sentence, list[Trigger]]] = []
    for s in sentences:
        trig = find_triggers(s.text)
        if trig:
            found.append((s, trig))
    if not found:
        return prep
    parties = find_unions(text)
    labor_article = bool(parties.unions) or sum(1 for s in sentences if has_labor_cue(s.text)) >= 3
    students = len(re.findall(r"\bstudents?\b", text, re.I))
    workers = len(re.findall(r"\b(?:workers?|employees?|union|staff|nurses|teachers)\b", text, re.I))
    if not parties.unions and students > workers:
        labor_article = False  # rule 6: students walking out are not a labor event
    if not labor_article:
        return prep
    prep.sentences = sentences
    prep.headline = sentences[0] if sentences and not re.search(r"[.!?\"”’]$", sentences[0].text) else None
    prep.parties = parties
    for sent, trigs in found:
        keep = [t for t in trigs if not _rejected(sent, t, trigs, parties)]
        if keep:
            prep.cands.append((sent, trigs, keep))
    return prep


def _finish(prep: _Prepared, docs: list[Any]) -> Record:
    art, pub, record, parties = prep.art, prep.pub, prep.record, prep.parties
    assert parties is not None
    text = art.text
    employers = _employers(text, prep.cands, docs, parties)
    dateline = _dateline_location(text)
    mentions: list[Mention] = []
    for (sent, trigs, keep), doc in zip(prep.cands, docs, strict=True):
        for trig in keep:
            m = _mention(sent, trig, trigs, doc, pub, parties, employers, dateline, text)
            if m is not None:
                m.headline = sent is prep.headline
                mentions.append(m)
    events = _merge(mentions, pub)
    for g in events:
        g.pub = pub.isoformat() if pub else None
    record.events = [_to_event(e) for e in events]
    _estimate_dates(record.events, pub)
    _fill_locations(record.events)
    unit, demands, unit_ev = _article_unit_and_demands(text, prep.sentences)
    for e in record.events:
        if unit and e.type != "protest":
            e.unit_size = unit
            if unit_ev:
                e.field_evidence["unit_size"] = unit_ev
        if e.type in ("strike", "lockout", "protest"):
            e.demands = demands
    if art.source:
        for e in record.events:
            e.employers = [o for o in e.employers if o.name.lower() != art.source.lower()]
    record.is_labor = bool(record.events)
    if record.is_labor:
        record.claims = find_claims(text, [(s.start, s.end) for s in prep.sentences])
    return record


# --- parties ------------------------------------------------------------------------


def _employers(text: str, cands: list, docs: list, parties: Parties) -> list[tuple[Organization, list[tuple[int, int]]]]:
    """Employers in the article with the spans where each is named."""
    union_spans = [(m.start, m.end) for g in parties.unions for m in g.mentions]
    union_forms: set[str] = set(parties.acronyms)
    for g in parties.unions:
        for f in g.forms:
            union_forms.add(f)
        union_forms.update(g.acronyms)
    names: list[tuple[str, int, int]] = []
    for (sent, *_), doc in zip(cands, docs, strict=True):
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            s, e = sent.start + ent.start_char, sent.start + ent.end_char
            if any(us < e and s < ue for us, ue in union_spans):
                continue
            name = clean_employer(ent.text)
            if name and name in union_forms:
                continue
            if name and not re.search(r"\b(?:union|local)\b", name, re.I):
                names.append((name, s, e))
    names.extend(employer_candidates(text))
    emp_acr = {a: f for a, f in parties.acronyms.items() if not any(a in g.acronyms for g in parties.unions)}
    orgs = group_employers([n for n, _, _ in names], emp_acr)
    out = []
    for o in orgs:
        forms = set(o.forms())
        spans = [(s, e) for n, s, e in names if n in forms]
        # acronyms and short forms used elsewhere in the text
        for f in forms:
            for m in re.finditer(r"\b" + re.escape(f) + r"\b", text):
                spans.append((m.start(), m.end()))
        out.append((o, sorted(set(spans))))
    return out


def _main_employer(employers: list[tuple[Organization, list[tuple[int, int]]]]) -> Organization | None:
    if not employers:
        return None
    best = max(employers, key=lambda oe: (len(oe[1]), -oe[1][0][0] if oe[1] else 0))
    return best[0] if best[1] else None


# --- one mention ---------------------------------------------------------------------


def _rejected(sent: Sentence, trig: Trigger, trigs: list[Trigger], parties: Parties) -> bool:
    """True when a trigger cannot be a labor event, by tests that need no parse."""
    s_text = sent.text
    if trig.type == "strike" and GENERIC_STRIKE.search(s_text[max(0, trig.start - 20) : trig.end + 20]):
        return True
    if trig.type == "protest" and any(t.type in ("strike", "lockout") for t in trigs):
        return True  # rallies and pickets of strikers belong to the strike
    named_union = bool(parties.union_at(sent.start, sent.end))
    if trig.type == "protest" and not (named_union or names_workers(s_text)):
        return True  # protesters with no workers or union named: not a labor protest
    if trig.type not in ("strike", "lockout", "strike_vote") and not has_labor_cue(s_text) and not named_union:
        return True
    if trig.type in ("impasse", "agreement", "contract_expiration") and not (named_union or names_workers(s_text) or parties.unions):
        return True  # contracts between companies (an insurer and a hospital) are not labor
    before = s_text[: trig.start]
    if trig.type in ("strike", "lockout", "strike_vote", "agreement", "ratification") and st.NEGATED.search(before[-30:]):
        return True
    if trig.type == "agreement" and not re.search(r"(?i)tentative", trig.text) and IRREALIS_AGREEMENT.search(before[-40:] + " "):
        return True
    if trig.type == "agreement" and re.match(r"(?i)(?:reach|come|agree)\w*\s", trig.text) and re.search(r"(?i)\b(?:to|of)\s+$", before[-6:]):
        return True
    # "four lockouts since 1948": a statistic, not an event
    return bool(trig.type in ("strike", "lockout") and re.search(r"s$", trig.text) and GENERIC_PLURAL.search(before[-40:]))


def _mention(
    sent: Sentence,
    trig: Trigger,
    trigs: list[Trigger],
    doc: Any,
    pub: dt.date | None,
    parties: Parties,
    employers: list[tuple[Organization, list[tuple[int, int]]]],
    dateline: Location | None,
    text: str,
) -> Mention | None:
    s_text = sent.text
    clause = _clause(s_text, trig)
    tense = st.verb_tense(doc, trig.start)
    if tense in ("perfect",):
        tense_for_dates = "past"
    elif tense in ("future", "threat"):
        tense_for_dates = "future"
    elif tense == "present":
        tense_for_dates = "present"
    else:
        tense_for_dates = tense
    if tense is None and st.FUTURE.search(clause):
        tense_for_dates = "future"
    dates = find_dates(s_text, pub, tense_for_dates)
    start = _pick_date(dates, trig, trigs, doc)
    end_date = start.end_value if start else None
    if start and trig.type in ("strike", "lockout") and re.match(r"^\s*(?:\w+\s+)?(?:ended|ends|will\s+end|end)\b", s_text[trig.end:]):
        if start.start > trig.end:  # "the strike ended Sunday": an end date, not a start
            end_date, start = start.value, None
    if start is None and trig.type in ("strike", "lockout") and pub is not None:
        # "after over five months of striking, members ratified ... Sunday": counted back from that day
        lo = max(0, trig.start - 60)
        anchor = next((d for d in dates if len(d.value) == 10 and d.start >= trig.end), None)
        el = elapsed_start(s_text[lo : trig.start], _day(anchor.value) if anchor else pub)
        if el is not None:
            start = replace(el, start=el.start + lo, end=el.end + lo)
    if start and not end_date:
        n = duration_days(s_text[max(0, trig.start - 30) : trig.end + 5])
        if n and n > 1 and len(start.value) == 10:
            end_date = add_days(start.value, n - 1)
    if (trig.type in ("strike", "lockout") and tense not in ("future", "threat") and not st.ENDED.search(clause)
            and st.FUTURE_NOUN.search(s_text[max(0, trig.start - 60) : trig.start])):
        tense = "future"  # "called for a strike", "the threat of a walkout"
        start = _pick_date(_future_dates(s_text, trig, pub), trig, trigs, doc)
    status = st.event_status(trig.type, clause, s_text, tense, _cmp(start.value if start else None, pub), start is not None)
    if status == "occurred" and start is not None and _cmp(start.value, pub) == 1:
        start, end_date = None, None  # a past event cannot start after the story: the date is another's
    if status in ("planned", "threatened") and start is not None and _cmp(start.value, pub) == -1:
        # a future event cannot start before the story runs: the date belongs to something
        # else in the sentence (the rally in a caption, the day it was announced)
        start, end_date = None, None
        status = st.event_status(trig.type, clause, s_text, tense, None, False)
    if (trig.type == "strike" and status == "ongoing" and start is not None and _cmp(start.value, pub) == 0
            and re.search(r"(?i)\b(?:one-day|24-hour|one\s+day)\b", s_text) and not st.STRONG_ONGOING.search(s_text)):
        status = "occurred"  # a one-day strike on the day of publication is over when the story runs
    unions = [g.organization() for g in parties.union_at(sent.start, sent.end)]
    emps = [o for o, spans in employers if any(sent.start <= s < sent.end for s, _ in spans)]
    named_here = bool(unions) or bool(emps)
    main_emp = _main_employer(employers)
    main_union = parties.main_union()
    # the article's main parties stand in for those a sentence leaves out, unless the
    # sentence names another party (a strike at another employer is not the main union's)
    other_emp = bool(emps) and main_emp is not None and all(o.name != main_emp.name for o in emps)
    other_union = bool(unions) and main_union is not None and all(
        o.name != main_union.organization().name for o in unions)
    if not unions and main_union is not None and not other_emp:
        unions = [main_union.organization()]
    if not emps and main_emp is not None and not other_union:
        emps = [main_emp]
    loc = _sentence_location(s_text, doc)
    if loc is None or (loc.city is None and dateline is not None and dateline.city and dateline.state == loc.state):
        loc = dateline or loc
    if loc is None:
        for o in emps + unions:
            loc = state_of_org_name(o.name)
            if loc:
                break
    m = Mention(
        type=trig.type,
        status=status,
        sentence=sent,
        trigger=trig,
        start=start,
        end_date=end_date,
        unions=unions,
        employers=emps,
        location=loc,
        sentence_named=named_here,
    )
    if trig.type in ("strike", "lockout", "protest"):
        for value, _s, _e, role in worker_counts(s_text):
            if role == "participants" and m.participants is None:
                m.participants = value
    if trig.type in ("strike_vote", "ratification"):
        m.result = _vote_result(s_text, trig, trigs)
    return m


def _sentence_location(s_text: str, doc: Any) -> Location | None:
    """The best place a sentence names (the model's place entities help the gazetteer)."""
    cached = doc.user_data.get("strikewatch.location", False)
    if cached is not False:
        return cached
    gpe = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
    # a region that begins a proper name ("the Midwest Warehouse Workers Union") is a name, not the place
    places = [p for p in find_places(s_text, gpe)
              if not (p.kind == "multistate" and re.match(r"\s+[A-Z][a-z]", s_text[p.end : p.end + 3]))]
    loc = best_location(places) if places else None
    doc.user_data["strikewatch.location"] = loc
    return loc


def _future_dates(s_text: str, trig: Trigger, pub: dt.date | None) -> list[DateMention]:
    """Dates of a sentence whose event noun is future ("called for a strike in late January").

    Dates after the noun are read from the noun on, so the past verb before it
    ("called") does not make "late January" the January already gone.
    """
    before = [d for d in find_dates(s_text, pub, "future") if d.end <= trig.start]
    after = [
        replace(d, start=d.start + trig.start, end=d.end + trig.start)
        for d in find_dates(s_text[trig.start :], pub, "future")
    ]
    return before + after


def _clause(s: str, trig: Trigger) -> str:
    """The text around the trigger, cut at clause boundaries that start another statement."""
    left = s[: trig.start]
    cut = max(left.rfind(";"), left.rfind(" but "), left.rfind("—"), left.rfind(" – "))
    start = cut + 1 if cut >= 0 and trig.start - cut < 160 else max(0, trig.start - 100)
    right = s[trig.end :]
    rc = [i for i in (right.find(";"), right.find(" but "), right.find("—"), right.find(", while ")) if i >= 0]
    end = trig.end + (min(rc) if rc else min(len(right), 80))
    return s[start:end]


def _token_at(doc: Any, char: int) -> Any:
    """The first token that ends after ``char`` (the token at it, or the next one)."""
    ends = doc.user_data.get("strikewatch.ends")
    if ends is None:
        ends = doc.user_data["strikewatch.ends"] = [t.idx + len(t.text) for t in doc]
    i = bisect.bisect_right(ends, char)
    return doc[i] if i < len(ends) else None


def _attached(doc: Any, trig: Trigger, d: DateMention) -> bool:
    """True when the parse attaches the date to the trigger or to the verb that governs it."""
    if doc is None:
        return False
    tt, dtok = _token_at(doc, trig.start), _token_at(doc, d.start)
    if tt is None or dtok is None:
        return False
    heads = {tt}
    v = tt
    for _ in range(3):
        if is_verb(v) or v.head is v:
            break
        v = v.head
        heads.add(v)
    # a noun trigger's governing verb and, for xcomp ("plan to strike"), the verb above
    if v.dep_ == "xcomp" and v.head is not v:
        heads.add(v.head)
    if any(h is dtok for h in heads):
        return True
    t = dtok
    for _ in range(12):
        if t.head is t:
            return False
        t = t.head
        if t in heads:
            return True
        if is_verb(t) and t.text.lower() not in ("starting", "beginning", "effective", "lasting", "running"):
            return False
    return False


REPORTING = {"announced", "announce", "announces", "said", "says", "declared", "reported", "confirmed", "told", "stated",
             "revealed", "disclosed"}


def _head_verb(dtok: Any) -> Any:
    t = dtok
    for _ in range(12):
        if t.head is t:
            return None
        t = t.head
        if is_verb(t):
            return t
    return None


def _gap(d: DateMention, trig: Trigger) -> int:
    return d.start - trig.end if d.start >= trig.end else trig.start - d.end


def _pick_date(dates: list[DateMention], trig: Trigger, trigs: list[Trigger], doc: Any = None) -> DateMention | None:
    """The date the sentence gives for this trigger's event.

    Preferred: a date the parse attaches to the trigger or its verb. Else a date
    attached to no verb (a sentence-level adverbial), a date of a reporting verb
    ("announced Wednesday that a deal was reached") for events that are announced
    when they happen, or a date right beside the trigger; never a date the parse
    gives to another event word in the sentence.
    """
    if not dates:
        return None

    def key(d: DateMention) -> tuple[int, int]:
        return (0 if d.since and trig.type == "contract_expiration" else 1, _gap(d, trig))

    if doc is None:
        return min(dates, key=key)
    attached = [d for d in dates if _attached(doc, trig, d)]
    if attached:
        return min(attached, key=key)
    others = [t for t in trigs if t is not trig and t.type != trig.type]
    ok = []
    for d in dates:
        if any(_attached(doc, t, d) for t in others):
            continue
        dtok = _token_at(doc, d.start)
        hv = _head_verb(dtok) if dtok is not None else None
        if hv is None:
            ok.append(d)
        elif hv.text.lower() in REPORTING and trig.type not in ("strike", "lockout", "protest"):
            ok.append(d)
        elif d.start >= trig.end and _gap(d, trig) < 25:
            ok.append(d)
    return min(ok, key=key) if ok else None


def _vote_result(s: str, trig: Trigger, trigs: list[Trigger]) -> VoteResult | None:
    approved = True
    if trig.type == "ratification":
        window = s[max(0, trig.start - 40) : trig.end + 40]
        approved = not REJECT_RX.search(window) and not REJECT_RX.search(trig.text)
    elif re.search(r"\b(?:reject\w*|against|down)\s+(?:(?:authoriz|authoris|calling|holding)\w*\s+)?(?:a\s+|the\s+)?strike", s, re.I):
        approved = False
    pct = None
    for m in PCT_RX.finditer(s):
        near = min(trigs, key=lambda t: min(abs(m.start() - t.end), abs(t.start - m.end())))
        if near is trig or near.type not in ("strike_vote", "ratification"):
            ctx = s[max(0, m.start() - 40) : m.end() + 40].lower()
            if re.search(r"\b(?:vot|approv|authori|ratif|reject|favou?r|yes|support|backed|said\s+yes)", ctx):
                if not re.search(r"\bparticipat|turnout", ctx):
                    pct = float(m.group(1))
                    break
    if pct is None:
        vc = VOTE_COUNT.search(s)
        if vc and re.search(r"\bvot", s, re.I):
            a, b = int(vc.group(1)), int(vc.group(2))
            if a + b > 0 and a < 100000:
                pct = round(100 * max(a, b) / (a + b), 1)
                approved = a > b if trig.type == "ratification" and not REJECT_RX.search(s) else approved
    return VoteResult(approved=approved, pct=pct)


# --- merging mentions into events ---------------------------------------------------

COMPATIBLE = {"occurred": "past", "ongoing": "past", "planned": "future", "threatened": "future", "cancelled": "cancelled"}


@dataclass
class Group:
    mentions: list[Mention]
    pub: str | None = None

    @property
    def type(self) -> str:
        return self.mentions[0].type

    def start(self) -> str | None:
        # a date at which the stoppage was merely going on is not its start
        vals = [m.start.value for m in self.mentions if m.start and not m.in_progress]
        if not vals:
            vals = [m.start.value for m in self.mentions if m.start]
        if not vals:
            return None
        return max(vals, key=lambda v: (len(v), -vals.index(v)))


def _same_day(a: str, b: str) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _merge(mentions: list[Mention], pub: dt.date | None) -> list[Group]:
    groups: list[Group] = []
    # dated mentions first, in text order, then dateless ones
    # dated mentions first (those that state a span before the rest), then dateless ones
    for m in sorted(mentions, key=lambda m: (m.start is None, m.end_date is None, m.sentence.start)):
        target = None
        for g in groups:
            if g.type != m.type:
                continue
            gs = g.start()
            if m.start and gs:
                if _continues(m, gs):
                    m.in_progress = True
                going = [x for x in g.mentions if x.start and _continues(x, m.start.value)]
                for x in going:
                    x.in_progress = True
                if _same_day(m.start.value, gs) or _in_range(m.start.value, g) or m.in_progress or going:
                    if COMPATIBLE[m.status] == COMPATIBLE[g.mentions[0].status] or len(m.start.value) < 10 or len(gs) < 10:
                        target = g
                        break
            elif m.start is None:
                if gs and _background(gs, pub):
                    continue  # an undated mention is news, not the background event of years ago
                if COMPATIBLE[m.status] == COMPATIBLE[g.mentions[0].status]:
                    target = g
                    break
        if target is None and m.start is None and m.status != "cancelled":
            same = [g for g in groups if g.type == m.type]
            if same and not _own_parties(m, same):
                target = same[0]
        if target is None:
            groups.append(Group([m]))
        else:
            target.mentions.append(m)
    # protests during a strike belong to the strike
    strikes = [g for g in groups if g.type == "strike" and COMPATIBLE[g.mentions[0].status] == "past"]
    out = []
    for g in groups:
        if g.type == "protest" and strikes:
            gs = g.start()
            if gs is None or any(_within(gs, s) for s in strikes):
                continue
        out.append(g)
    return out


def _continues(m: Mention, start: str) -> bool:
    """A stoppage reported as going on at a date after an earlier start ("entered its fourth day Friday")."""
    if m.type not in ("strike", "lockout") or m.status != "ongoing" or m.start is None:
        return False
    a, b = _day(start), _day(m.start.value)
    return a is not None and b is not None and 0 < (b - a).days <= 90


def _day(value: str) -> dt.date | None:
    if len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _background(value: str, pub: dt.date | None) -> bool:
    """True for a date more than half a year before publication."""
    if pub is None:
        return False
    return value[:7] < (pub - dt.timedelta(days=183)).isoformat()[:7]


def _own_parties(m: Mention, groups: list[Group]) -> bool:
    """True when a mention names an employer or union that none of the groups has."""
    mine = {o.name for o in m.employers} | {o.name for o in m.unions}
    theirs = {o.name for g in groups for x in g.mentions for o in x.employers + x.unions}
    return bool(mine - theirs) and m.sentence_named


def _in_range(value: str, g: Group) -> bool:
    for m in g.mentions:
        if m.start and m.end_date and len(value) == 10 and m.start.value <= value <= m.end_date:
            return True
    return False


def _within(value: str, g: Group) -> bool:
    s = g.start()
    if s is None:
        return False
    end = next((m.end_date for m in g.mentions if m.end_date), None) or s
    return s[: len(value)] <= value <= end[: len(value)] + "~"


def _best_status(g: Group) -> str:
    going = [m for m in g.mentions if m.in_progress and m.status == "ongoing" and m.start]
    if going:
        last = max(m.start.value for m in going if m.start)
        if all(not m.start or m.start.value <= last for m in g.mentions):
            return "ongoing"  # still going on at the latest date the article gives
    return _framing_status(g)


def _framing_status(g: Group) -> str:
    # the first mention in text order is the article's framing of the event (headlines aside)
    body = [m for m in g.mentions if not m.headline] or g.mentions
    first = min(body, key=lambda m: m.sentence.start)
    dated = [m for m in g.mentions if m.start]
    if dated and first.start is None and COMPATIBLE[first.status] != COMPATIBLE[dated[0].status]:
        return dated[0].status
    return first.status


def _merge_orgs(lists: list[list[Organization]]) -> list[Organization]:
    out: list[Organization] = []
    for orgs in lists:
        for o in orgs:
            if not any(o.name == x.name for x in out):
                out.append(o)
    return out


def _to_event(g: Group) -> Event:
    ms = sorted(g.mentions, key=lambda m: m.sentence.start)
    dated = [m for m in ms if m.start]
    start = g.start()
    start_m = next((m for m in dated if m.start and m.start.value == start), None)
    end = next((m.end_date for m in dated if m.end_date), None)
    evidence: list[Evidence] = []
    for m in ms:
        ev = Evidence(m.sentence.text, m.sentence.start, m.sentence.end)
        if ev not in evidence:
            evidence.append(ev)
    named_unions = [m.unions for m in ms]
    locs = [m.location for m in ms if m.location]
    loc = max(locs, key=lambda loc_: (bool(loc_.city), bool(loc_.state))) if locs else None
    parts = [m.participants for m in ms if m.participants]
    result = next((m.result for m in ms if m.result and m.result.pct is not None), None) or next(
        (m.result for m in ms if m.result), None)
    e = Event(
        type=g.type,
        status=_best_status(g),
        start_date=start,
        end_date=end if end and start and end > start else None,
        unions=_merge_orgs(named_unions)[:4],
        employers=_merge_orgs([m.employers for m in ms])[:6],
        location=loc,
        participants=parts[0] if parts else None,
        result=result,
        evidence=evidence,
    )
    if (e.type in ("strike", "lockout") and e.status == "ongoing" and e.end_date and ms[0].sentence.start >= 0
            and any(m.status == "occurred" for m in ms) and g.pub and e.end_date <= g.pub):
        e.status = "occurred"  # the stated span ("a three-day strike") is over by publication
    if start_m and start_m.start:
        e.date_basis = "stated"
        d = start_m.start
        s0 = start_m.sentence.start
        e.field_evidence["start_date"] = Evidence(d.text, s0 + d.start, s0 + d.end)
    trig = ms[0].trigger
    e.field_evidence["type"] = Evidence(trig.text, ms[0].sentence.start + trig.start, ms[0].sentence.start + trig.end)
    return e


# --- article-level facts -------------------------------------------------------------


def _estimate_dates(events: list[Event], pub: dt.date | None) -> None:
    """Past events whose date the article never states take the day before publication.

    News reports what happened the day before far more often than any other day
    (in the annotated corpus, an undated past event is most often dated then). The
    estimate is marked ``date_basis="estimated"`` so it can be told apart from a
    stated date, and it carries no evidence.
    """
    if pub is None:
        return
    for e in events:
        if e.start_date is None and e.status == "occurred":
            e.start_date = (pub - dt.timedelta(days=1)).isoformat()
            e.date_basis = "estimated"



def _fill_locations(events: list[Event]) -> None:
    """Events whose sentences name no place take the article's most reported place."""
    counts = Counter((e.location.city, e.location.state, e.location.country) for e in events if e.location)
    if not counts:
        return
    (city, state, country), _ = counts.most_common(1)[0]
    for e in events:
        if e.location is None:
            e.location = Location(city=city, state=state, country=country)


def _trim_header(s: Sentence) -> Sentence:
    m = HEADER_RX.match(s.text)
    if not m or m.end() >= len(s.text):
        return s
    return Sentence(s.start + m.end(), s.end, s.text[m.end():])


def _dateline_location(text: str) -> Location | None:
    """The dateline at the top of a wire story: "TOLEDO, Ohio (AP) —", "SCRANTON, Pa. —"."""
    head = text[:200]
    m = re.search(r"(?:^|\n)\s*([A-Z][A-Z .'-]{2,30}(?:,\s*[A-Z][A-Za-z. ]{1,20})?)\s*(?:\([A-Za-z0-9 ]+\))?\s*[—–-]{1,2}\s", head)
    if not m:
        return None
    places = find_places(m.group(1).title() if m.group(1).isupper() else m.group(1), [])
    if not places:
        name = m.group(1).split(",")[0].strip().title()
        places = find_places(name, [(0, len(name))])
    return best_location(places) if places else None


def _article_unit_and_demands(text: str, sentences: list[Sentence]) -> tuple[int | None, list[str], Evidence | None]:
    unit: int | None = None
    unit_ev = None
    demands: Counter[str] = Counter()
    for s in sentences:
        for value, _a, _b, role in worker_counts(s.text):
            if role == "unit" and unit is None:
                unit = value
                unit_ev = Evidence(s.text, s.start, s.end)
        for d in demands_in(s.text):
            demands[d] += 1
    return unit, [d for d, _ in demands.most_common()], unit_ev
