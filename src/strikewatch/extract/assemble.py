"""Decisions -> mentions -> the events of one article.

The detector's mentions are grouped into events (merge), and each event gets its
status (pooled over its mentions), its start (the date decision), its parties (the
role decision), with the probability of each; then the fields that are mechanism:
the end of a stated span or duration, the place, the numbers, the vote result, the
demands, and the evidence of every field.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from strikewatch.extract.candidates import Analysis, Candidate, Entity, SentInfo
from strikewatch.extract.decide import Models, article, detect, merge, role, status
from strikewatch.extract.decide import date as date_decision
from strikewatch.extract.decide import span as span_decision
from strikewatch.extract.decide.linear import LinearModel
from strikewatch.extract.demands import demands_in
from strikewatch.extract.features import Reading, list_neighbours, relation
from strikewatch.extract.names import government_name
from strikewatch.extract.nlp import has_ents
from strikewatch.extract.numbers import worker_counts
from strikewatch.extract.places import PlaceMention, find_places, locate_event, state_of_org_name
from strikewatch.extract.temporal import add_days, duration_days
from strikewatch.extract.votes import vote_result
from strikewatch.model import STATUSES, Event, Evidence, Location, Organization

STOPPAGES = ("strike", "lockout", "protest")
VOTES = ("strike_vote", "ratification")
#: statuses of a vote not held (yet, or ever): such a vote has no result
NOT_HELD = frozenset({"planned", "threatened", "cancelled"})
#: the date decision's probability above which an estimated day (publication day, the day before) is
#: given as the start rather than its month: the best strict F1 in cross-validation (0.5 gave
#: 0.594 / 0.586 / 0.581 on three splits, 0.35 gives 0.597 / 0.589 / 0.586, lower values the same)
ESTIMATED_DAY = 0.35
#: how much the date decision weighs in choosing the status (0: status alone decides)
JOINT = 1.0


@dataclass
class Mention:
    cand: Candidate
    p: float
    status: dict[str, float]  # the status of the mention read alone
    reading: Reading | None = None


#: (type, type) pairs one phrase can name together: the deal a vote is on was itself reached
CO_CUED: frozenset[tuple[str, str]] = frozenset({("agreement", "ratification")})


def mentions(an: Analysis, models: Models) -> list[Mention]:
    """The candidates the detector keeps, with their own status distributions.

    One word names one event: of two types cued by the same words of a sentence
    ("voted 96% in favour", a strike vote or a ratification), only the likelier stays.
    """
    th = models.thresholds["detect"]
    scored = detect.score(models.detect, an)
    if article.prob(models.article, an, [p for _, p in scored]) < models.thresholds["article"]:
        return []
    kept = [(c, p) for c, p in scored if p >= th]
    out = []
    for c, p in kept:
        rivals = [q for d, q in kept if d.sent is c.sent and d.type != c.type and q > p and _covered(c, d)
                  and (c.type, d.type) not in CO_CUED]
        if not rivals:
            out.append(Mention(c, p, status.probs(models.status, an, [c])))
    return out


def _covered(c: Candidate, d: Candidate) -> bool:
    """Every cue of ``c`` overlaps a cue of ``d``."""
    return all(any(x.start < y.end and y.start < x.end for y in d.cues) for x in c.cues)


def read_alone(an: Analysis, cand: Candidate, st_probs: dict[str, float], m_status: LinearModel,
               m_date: LinearModel, m_role: LinearModel, th: dict[str, float]) -> Reading:
    """What one mention says by itself (status, start, parties): what merging compares."""
    st, opt, _ = _status_and_date(an, [cand], st_probs, m_date)
    s0, s1 = cand.sent.sentence.start, cand.sent.sentence.end
    named = [e for e in an.entities if any(s0 <= m.start < s1 for m in e.mentions)]
    unions, employers = role.choose(role.score(m_role, an, [cand], named), th["union"], th["employer"], th["party_floor"])
    return Reading(st, opt.value if opt else None, opt.kind if opt else None,
                   frozenset(e.id for e, _ in unions), frozenset(e.id for e, _ in employers))


def group(an: Analysis, ms: Sequence[Mention], models: Models) -> list[list[Mention]]:
    def read(i: int) -> Reading:
        # read once, and only when merging asks (a mention alone of its type never is)
        m = ms[i]
        if m.reading is None:
            m.reading = read_alone(an, m.cand, m.status, models.status, models.date, models.role, models.thresholds)
        return m.reading

    groups = merge.cluster(models.merge, an, [m.cand for m in ms], read, models.thresholds["merge"])
    return [[ms[i] for i in sorted(g, key=lambda i: ms[i].cand.sent.index)] for g in groups]


def assemble(an: Analysis, models: Models, min_confidence: float | None = None) -> list[Event]:
    """The events of one analysed article with a confidence of at least ``min_confidence``
    (default: the models' ``event`` threshold; never below their ``detect`` threshold)."""
    ms = mentions(an, models)
    if not ms:
        return []
    groups = group(an, ms, models)
    built = [build_event(an, g, models) for g in groups]
    groups, built = _merge_events(an, groups, built, models)
    floor = models.thresholds["event"] if min_confidence is None else min_confidence
    events = [e for e, _ in built if (e.confidence or 0.0) >= floor]
    events = split_day_lists(an, events)
    events.sort(key=lambda e: (e.evidence[0].start if e.evidence else 0))
    _fill_locations(events)
    for e in events:
        _name_governments(e)
    unit, unit_ev = _article_unit(an)
    demands = _article_demands(an)
    for e in events:
        if e.unit_size is None and unit and e.type != "protest":
            e.unit_size = unit
            if unit_ev:
                e.field_evidence["unit_size"] = unit_ev
        if e.type in STOPPAGES:
            e.demands = demands
    return events


def _merge_events(an: Analysis, groups: list[list[Mention]], built: list[tuple[Event, Reading]],
                  models: Models) -> tuple[list[list[Mention]], list[tuple[Event, Reading]]]:
    """A second pass: two events of one type join when the merge decision, reading each event
    as decided (status, start, parties from all its mentions), says they are one."""
    th = models.thresholds["merge"]
    while True:
        best: tuple[float, int, int] | None = None
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if groups[i][0].cand.type != groups[j][0].cand.type:
                    continue
                ri, rj = built[i][1], built[j][1]
                ps = [merge.pair(models.merge, an, a.cand, b.cand, ri, rj) for a in groups[i] for b in groups[j]
                      if a.cand.sent.index != b.cand.sent.index]
                if not ps:
                    continue
                p = sum(ps) / len(ps)
                if p >= th and (best is None or p > best[0]):
                    best = (p, i, j)
        if best is None:
            return groups, built
        _, i, j = best
        joined = sorted(groups[i] + groups[j], key=lambda m: m.cand.sent.index)
        groups = [g for k, g in enumerate(groups) if k not in (i, j)] + [joined]
        built = [b for k, b in enumerate(built) if k not in (i, j)] + [build_event(an, joined, models)]


def build_event(an: Analysis, g: Sequence[Mention], models: Models) -> tuple[Event, Reading]:
    cands = [m.cand for m in g]
    etype = cands[0].type
    st_probs = _event_status(an, g, models)
    st, opt, p_date = _status_and_date(an, cands, st_probs, models.date, models.span)
    opt, p_date = date_decision.rerank(models.date_rank, an, cands, st, opt, p_date)
    scored = role.score(models.role, an, cands)
    th = models.thresholds
    unions, employers = role.choose(scored, th["union"], th["employer"], th["party_floor"])
    if employers and LIST_PEER < 1.0:
        employers = _with_list_peers(an, cands, scored, employers, unions)
    evidence = _evidence(cands)
    core = next((c for c in cands[0].cues if c.strong), cands[0].cues[0])
    s0 = cands[0].sent.start
    e = Event(type=etype, status=st, evidence=evidence)
    e.field_evidence["type"] = Evidence(core.text, s0 + core.start, s0 + core.end)
    # the start, and the end of a stated span or duration; a start the text does not state is no date
    # (the spec: null if unknown), and the guess is kept apart for linking and sorting
    said = opt if opt is None or opt.kind == "stated" else _stated_as(an, cands, st, opt, models.date)
    if said is not None and said.sent is not None and said.cand is not None:
        e.start_date = said.value
        e.date_basis = "stated"
        ds = said.sent.start
        e.field_evidence["start_date"] = Evidence(said.cand.text, ds + said.cand.start, ds + said.cand.end)
        if said.end_value and said.end_value > said.value:
            e.end_date = said.end_value
        if e.end_date is None and etype in STOPPAGES:
            e.end_date = span_end(cands, said)
    elif opt is not None:
        # no stated day: the estimate (the publication day, most often) is kept for linking and
        # sorting, never shown as the event's day. An event the article reports as over or under
        # way happened by then: its start is known to the month it was reported in (as the gold
        # dates such events); one still ahead or only threatened has no known start.
        e.date_estimate = opt.value
        e.date_basis = "estimated"
        if st in ("occurred", "ongoing"):
            # the month, unless the date decision is sure of the day (a vote "today", a deal "on Monday"
            # with no date the text writes out): then that day
            sure = opt.kind in ("pub", "pub-1") and p_date >= ESTIMATED_DAY
            e.start_date = opt.value if sure else opt.value[:7]
    e.confidence = round(1.0 - _prod(1.0 - m.p for m in g), 4)
    e.decision_confidence = {"status": round(st_probs[st], 4), "start_date": round(p_date, 4)}
    e.unions = [_org(an, x, p, cands, e, "unions") for x, p in unions]
    e.employers = [_org(an, x, p, cands, e, "employers") for x, p in employers]
    e.location = _location(an, cands, e)
    if etype in STOPPAGES:
        for c in cands:
            for value, _s, _e, role_ in worker_counts(c.sent.text):
                if role_ == "participants" and e.participants is None:
                    e.participants = value
                    e.field_evidence["participants"] = Evidence(c.sent.text, c.sent.start, c.sent.start + len(c.sent.text))
    for c in cands:
        for value, _s, _e, role_ in worker_counts(c.sent.text):
            if role_ == "unit" and e.unit_size is None:
                e.unit_size = value
                e.field_evidence["unit_size"] = Evidence(c.sent.text, c.sent.start, c.sent.start + len(c.sent.text))
    if etype in VOTES and st not in NOT_HELD:
        e.result = _result(cands)
    reading = Reading(st, opt.value if opt else None, opt.kind if opt else None, frozenset(x.id for x, _ in unions),
                      frozenset(x.id for x, _ in employers))
    return e, reading


#: a stated reading of the estimated day counts when the date model gives it at least this probability
STATED_SAME_FLOOR = 0.25


def _stated_as(an: Analysis, cands: Sequence[Candidate], st: str, opt: date_decision.DateOption,
               m_date: LinearModel) -> date_decision.DateOption | None:
    """A date the event's sentences state that is the estimated one ("voted Thursday" in a Friday paper,
    estimated as the day before publication): the start is then stated, with that evidence."""
    same = [o for o in date_decision.options(an, cands, st)
            if o.kind == "stated" and o.value == opt.value and date_decision.consistent(st, o.value, an)
            and m_date.prob(o.features) >= STATED_SAME_FLOOR]
    return max(same, key=lambda o: m_date.prob(o.features)) if same else None


#: what joins the days of a list ("on February 1 and 3", "on 3-4 January, 6-7 January and 10 January")
_DAY_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:on\s+|from\s+)?")


def split_day_lists(an: Analysis, events: list[Event]) -> list[Event]:
    """A stoppage stated for a list of days that are not consecutive ("will walk out on February 1
    and 3") is one event per run of days (spec: non-consecutive strike days are separate events).

    Date arithmetic, not wording: the event's start is the first date of a list of dates joined by
    "and" or commas; each later date that does not continue the run before it, read in the same tense
    as the start, starts an event of its own with the same status where that status allows its day
    (a stoppage still ahead is planned), unless the article already reports that event.
    """
    out: list[Event] = []
    have = {(e.type, e.start_date) for e in events}
    for e in events:
        out.append(e)
        ev = e.field_evidence.get("start_date")
        if e.type not in STOPPAGES or e.date_basis != "stated" or ev is None or not e.start_date \
                or len(e.start_date) != 10:
            continue
        si = an.sentence_at(ev.start)
        if si is None:
            continue
        dates = sorted(si.dates, key=lambda d: d.start)
        k = next((i for i, d in enumerate(dates) if si.start + d.start == ev.start), None)
        if k is None:
            continue
        tenses = [t for t, v in dates[k].values.items() if v == e.start_date]
        last = e.end_date or e.start_date
        prev = dates[k]
        for d in dates[k + 1 :]:
            if not _DAY_LIST_GAP.fullmatch(si.text[prev.end : d.start]):
                break
            prev = d
            value = next((d.values[t] for t in tenses if d.values.get(t)), None)
            if value is None or len(value) != 10 or value <= last:
                break
            end = next((d.end_values[t] for t in tenses if d.end_values.get(t)), None)
            after = add_days(last, 1)
            if after is not None and value > after and (e.type, value) not in have:
                if e.end_date and e.end_date >= value:
                    e.end_date = None  # the first run ends before the next one starts
                st = e.status if date_decision.consistent(e.status, value, an) else (
                    "planned" if relation(value, an.pub) == "after" else e.status)
                x = copy.deepcopy(e)
                x.status, x.start_date, x.end_date = st, value, end if end and end > value else None
                x.field_evidence["start_date"] = Evidence(d.text, si.start + d.start, si.start + d.end)
                out.append(x)
                have.add((e.type, value))
            last = max(last, end or value)
    return out


def _evidence(cands: Sequence[Candidate]) -> list[Evidence]:
    """The sentences of an event's mentions in text order, each once: a sentence the article repeats
    word for word (a headline restated as the lede) is listed at its first place only."""
    out: list[Evidence] = []
    seen: set[str] = set()
    for c in sorted(cands, key=lambda c: c.sent.start):
        key = " ".join(c.sent.text.split())
        if key not in seen:
            seen.add(key)
            out.append(Evidence(c.sent.text, c.sent.start, c.sent.start + len(c.sent.text)))
    return out


#: how an event's status pools its mentions: "event" (the status model over all of them at once),
#: "mentions" (the geometric mean of each mention read alone, weighted by its detection probability),
#: "both" (the mean of the two)
POOL = "both"


def _event_status(an: Analysis, g: Sequence[Mention], models: Models) -> dict[str, float]:
    if len(g) == 1:
        return g[0].status
    whole = status.probs(models.status, an, [m.cand for m in g])
    if POOL == "event":
        return whole
    logs = dict.fromkeys(STATUSES, 0.0)
    total = sum(m.p for m in g)
    for m in g:
        for s in STATUSES:
            logs[s] += m.p / total * math.log(max(m.status[s], 1e-9))
    z = sum(math.exp(v) for v in logs.values())
    alone = {s: math.exp(v) / z for s, v in logs.items()}
    if POOL == "mentions":
        return alone
    return {s: (whole[s] + alone[s]) / 2 for s in STATUSES}


def _status_and_date(an: Analysis, cands: Sequence[Candidate], st_probs: dict[str, float],
                     m_date: LinearModel, m_span: LinearModel | None = None
                     ) -> tuple[str, date_decision.DateOption | None, float]:
    """Status and start decided together: the pair most likely under the models.

    A date stated after the publication day can outweigh a present-tense cue
    ("are striking for 24 hours on July 30" is planned), the status decides which
    reading of "Tuesday" or "in December" counts, and a stoppage's stated span that
    ends before publication makes it over (the span decision).
    """
    best: tuple[float, str, date_decision.DateOption | None, float] | None = None
    etype = cands[0].type
    for s in sorted(STATUSES, key=lambda s: -st_probs[s])[:3]:
        if st_probs[s] < 0.05 and best is not None:
            break
        opt, q = date_decision.choose(m_date, an, cands, s)
        joint = st_probs[s] * ((q if opt is not None else 1.0) ** JOINT)
        if m_span is not None and opt is not None and opt.kind == "stated" and etype in STOPPAGES:
            end = span_end(cands, opt)
            rel = relation(end, an.pub) if end else None
            joint *= span_decision.ratio(m_span, rel if rel != "unknown" else None, etype)[s]
        if best is None or joint > best[0]:
            best = (joint, s, opt, q)
    assert best is not None
    return best[1], best[2], best[3]


#: an organization named in a list with a chosen employer joins it when at least this likely an employer
LIST_PEER = 0.2


def _with_list_peers(an: Analysis, cands: Sequence[Candidate], scored: Sequence[tuple[Entity, dict[str, float]]],
                     employers: list[tuple[Entity, float]], unions: list[tuple[Entity, float]]
                     ) -> list[tuple[Entity, float]]:
    """Employers listed together ("at Albertsons, Vons and Ralphs") share the role: the likelier ones of
    the list beside a chosen employer join it."""
    sents = {c.sent.index for c in cands}
    taken = {e.id for e, _ in employers} | {e.id for e, _ in unions}
    by_id = {e.id: (e, p) for e, p in scored}
    out = list(employers)
    for e, _p in employers:
        for eid in sorted(list_neighbours(an, e, sents)):
            if eid in taken or eid not in by_id:
                continue
            x, p = by_id[eid]
            if p["employer"] >= LIST_PEER and p["employer"] > p["union"]:
                out.append((x, p["employer"]))
                taken.add(eid)
    return out[:12]


def span_end(cands: Sequence[Candidate], opt: date_decision.DateOption) -> str | None:
    """The last day of a stoppage starting at ``opt``: a stated range's end, or a stated length's."""
    if opt.end_value and opt.end_value > opt.value:
        return opt.end_value
    if len(opt.value) != 10:
        return None
    for c in cands:
        cue = next((x for x in c.cues if x.strong), c.cues[0])
        n = duration_days(c.sent.text[max(0, cue.start - 30) : cue.end + 5])
        if n and n > 1:
            return add_days(opt.value, n - 1)
    return None


def _prod(xs: object) -> float:
    out = 1.0
    for x in xs:  # type: ignore[attr-defined]
        out *= x
    return out


def _org(an: Analysis, ent: Entity, p: float, cands: Sequence[Candidate], e: Event, field: str) -> Organization:
    org = Organization(name=ent.name, aliases=ent.aliases, confidence=round(p, 4))
    sents = {c.sent.index for c in cands}
    first = next((m for m in ent.mentions if (s := an.sentence_at(m.start)) is not None and s.index in sents),
                 ent.mentions[0] if ent.mentions else None)
    if first is not None and field not in e.field_evidence:
        e.field_evidence[field] = Evidence(an.text[first.start : first.end], first.start, first.end)
    return org


def _result(cands: Sequence[Candidate]):  # type: ignore[no-untyped-def]
    best = None
    for c in cands:
        cue = next((x for x in c.cues if x.strong), c.cues[0])
        others = [(x.start, x.end) for x in c.sent.cues if x.type in ("strike_vote", "ratification")
                  and x.type != c.type and x.strong and not (x.start < cue.end and cue.start < x.end)]
        r = vote_result(c.sent.text, c.type, cue.start, cue.end, others)
        if best is None or (best.pct is None and r.pct is not None):
            best = r
    return best


# --- places ----------------------------------------------------------------------------


def _places(si: SentInfo) -> list[PlaceMention]:
    """The places a sentence names (the model's place names help, in the sentences it read)."""
    cached = si.__dict__.get("_places")
    if cached is not None:
        return cached
    doc = si.doc
    spans = [(x.start_char, x.end_char) for x in doc.ents if x.label_ in ("GPE", "LOC", "FAC")] \
        if doc is not None and has_ents(doc) else []
    places = [p for p in find_places(si.text, spans)
              if not (p.kind == "multistate" and re.match(r"\s+[A-Z][a-z]", si.text[p.end : p.end + 3]))]
    si.__dict__["_places"] = places
    return places


def _location(an: Analysis, cands: Sequence[Candidate], e: Event) -> Location | None:
    seen: set[int] = set()
    evidence: list[PlaceMention] = []
    for c in cands:
        if c.sent.index not in seen:
            seen.add(c.sent.index)
            evidence.extend(_places(c.sent))
    lead = [p for si in an.sentences[:2] for p in (_places(si) if si.doc is not None else [])]
    article = [p for si in an.sentences if si.doc is not None for p in _places(si)]
    if any(p.kind != "multistate" for p in evidence) or any(p.role == "dateline" for p in lead):
        return locate_event(evidence, None, lead, article)
    # a place in an organization's name only when the event's sentences and the dateline name none
    org_loc = None
    for o in e.employers + e.unions:
        org_loc = state_of_org_name(o.name)
        if org_loc:
            break
    return locate_event(evidence, org_loc, lead, article)


def _name_governments(e: Event) -> None:
    """An employer the article names only by its kind ("the city", "the province") takes the name of
    that government where the event is ("City of Albany"), keeping the text's word as an alias."""
    loc = e.location
    if loc is None:
        return
    for org in e.employers:
        if org.name[:1].isupper():
            continue
        name = government_name(org.name, loc.city, loc.state, loc.country)
        if name is not None:
            org.aliases = [org.name, *(a for a in org.aliases if a != org.name)]
            org.name = name


def _fill_locations(events: list[Event]) -> None:
    """Events whose sentences name no place take the article's most reported place."""
    counts = Counter((e.location.city, e.location.state, e.location.country) for e in events if e.location)
    if not counts:
        return
    (city, state, country), _ = counts.most_common(1)[0]
    for e in events:
        if e.location is None:
            e.location = Location(city=city, state=state, country=country)


# --- article-level numbers and demands ---------------------------------------------------


def _article_unit(an: Analysis) -> tuple[int | None, Evidence | None]:
    for si in an.sentences:
        for value, _a, _b, role_ in worker_counts(si.text):
            if role_ == "unit":
                return value, Evidence(si.text, si.start, si.start + len(si.text))
    return None, None


def _article_demands(an: Analysis) -> list[str]:
    counts: Counter[str] = Counter()
    for si in an.sentences:
        for d in demands_in(si.text):
            counts[d] += 1
    return [d for d, _ in counts.most_common()]


def estimated_day(pub: dt.date | None) -> str | None:
    return (pub - dt.timedelta(days=1)).isoformat() if pub else None
