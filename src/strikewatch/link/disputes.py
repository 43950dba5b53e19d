"""Disputes: the events between one employer and its union(s) over one contract cycle.

Events whose unions and employers both match (see :mod:`strikewatch.link.orgs`)
and that lie within :data:`GAP_DAYS` of each other form one dispute (the relation
is symmetric, so the grouping does not depend on the order events are seen). One
union's action at several employers that one article reports together (strikes at
the hospitals of a system, or at the members of an employers' association, on the
same days) makes their disputes one, and so does one union at one table with several
employers: an event that names several employers joins the disputes of the same union
with any of them (a vote at two hospitals, a deal with three, a strike at one) within
:data:`TABLE_DAYS` (one round of bargaining). Events that name only a union, or only an
employer, then join the dispute of the same party nearest in time (of two as near,
the one the rest of their article is about); events that name no party (or only
"the district", "the government") join the dispute the rest of their article's
events belong to, else the nearest dispute in the same place whose events use the
same generic name, else the dispute with events of the same type on the same day
in the same city. An article whose every party is too unsure to link by (below the link
confidence) is placed, where nothing else places it, by its likeliest party: the nearest
dispute of that party within :data:`WEAK_PARTY_DAYS`.

Two passes follow: events of one dispute that are one event but were kept apart
(parties named differently, dates as outlets differ on them) are merged
(:func:`merge_within`), and an old event of another dispute that an article
mentions only as background leaves that dispute (:func:`detach_background`).

A dispute's *stage* is what its latest event says ("on strike", "impasse",
"tentative agreement", ...); disputes whose stage is an impasse, a strike vote, a
planned or threatened strike, or an expired contract with no agreement after it
are flagged ``watch``, as are disputes whose contract expired with no agreement reported since.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from strikewatch.link import dates as D
from strikewatch.link.events import DATE_SLACK_DAYS, LinkedEvent, _relation_cached
from strikewatch.link.orgs import (
    generic_keys,
    is_acronym,
    is_generic,
    named,
    named_employers,
    same_employer,
    same_union,
    slug,
)
from strikewatch.link.scope import MEETS, name_keys, party_keys
from strikewatch.model import Organization

#: events further apart than this (about two years) are different contract cycles
GAP_DAYS = 730
#: one union's events of one type at two employers, reported in one article this close, are one round
ROUND_DAYS = 3
#: one union at one table with several employers is one round of bargaining: events this far apart at
#: most (a strike at Deere in 2021 that an article compares with one at GM in 2019 is not GM's round)
TABLE_DAYS = 365
#: an event this long before an article that mentions it, in another dispute, is background there
BACKGROUND_DAYS = 365
#: an event no party of which is sure enough to link by joins the dispute of its likeliest party
#: this near in time, where nothing else places it (0: never)
WEAK_PARTY_DAYS = 30

_STATE = {
    ("strike", "ongoing"): "on strike",
    ("strike", "occurred"): "strike ended",
    ("strike", "planned"): "strike planned",
    ("strike", "threatened"): "strike threatened",
    ("strike", "cancelled"): "strike called off",
    ("lockout", "ongoing"): "locked out",
    ("lockout", "occurred"): "lockout ended",
    ("strike_vote", "planned"): "strike vote planned",
    ("impasse", "occurred"): "impasse",
    ("contract_expiration", "occurred"): "contract expired",
    ("contract_expiration", "planned"): "contract expiring",
    ("agreement", "occurred"): "tentative agreement",
    ("ratification", "planned"): "ratification vote planned",
}
_WATCH = {"impasse", "strike vote", "strike vote planned", "strike planned", "strike threatened", "contract expired",
          "contract expiring", "strike authorized"}
#: stages that say a deal settled the dispute (for now): never "to watch", whatever came before them
_SETTLED = {"tentative agreement", "contract ratified"}


@dataclass
class Dispute:
    """The events of one employer and its union(s) over one contract cycle, in order."""

    id: str
    events: list[LinkedEvent] = field(default_factory=list)
    unions: list[Organization] = field(default_factory=list)
    employers: list[Organization] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    stage: str | None = None
    stage_event: str | None = None
    watch: bool = False
    claims: list[dict[str, Any]] = field(default_factory=list)
    #: the readable id before a number told namesakes apart (``id`` is this, or this and "-2", ...)
    id_base: str = ""

    def articles(self) -> list[str]:
        return sorted({a for e in self.events for a in e.articles()})

    def title(self) -> str:
        u = _short(self.unions[0]) if self.unions else "?"
        e = _short(self.employers[0]) if self.employers else "?"
        return f"{u} / {e}"

    def timeline(self) -> list[dict[str, Any]]:
        """The story in order: date, event, status, sources, evidence."""
        rows = []
        for e in sorted(self.events, key=_event_order):
            # the evidence of the latest report that states the event's current status
            same = [m for m in e.mentions if m.event.status == e.status] or e.mentions
            first = max(same, key=lambda m: (m.event.likely_start() == e.likely_start(), m.published or "", m.article_id))
            rows.append({
                "date": e.start_date,
                "date_estimate": e.date_estimate,
                "end_date": e.end_date,
                "event_id": e.id,
                "type": e.type,
                "status": e.status,
                "sources": [{"article": m.article_id, "published": m.published, "source": m.source, "url": m.url}
                            for m in sorted(e.mentions, key=lambda m: (m.published or "", m.article_id))],
                "evidence": first.event.evidence[0].text if first.event.evidence else None,
                "confidence": e.confidence,
            })
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "dispute_id": self.id,
            "title": self.title(),
            "stage": self.stage,
            "watch": self.watch,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "unions": [o.to_dict() for o in self.unions],
            "employers": [o.to_dict() for o in self.employers],
            "events": [e.id for e in sorted(self.events, key=_event_order)],
            "articles": self.articles(),
            "claims": list(self.claims),
        }


def _short(o: Organization) -> str:
    acr = [a for a in o.aliases if is_acronym(a)]
    if acr and len(o.name) > 25:
        local = [a for a in o.aliases if a.startswith(acr[0] + " ") and any(ch.isdigit() for ch in a)]
        return local[0] if local else acr[0]
    return o.name


def _id_part(o: Organization) -> str:
    """A short, readable slug of a party: its acronym (with its local), else its first words."""
    acr = [a for a in o.aliases if is_acronym(a)]
    if acr:
        local = [a for a in o.aliases if a.startswith(acr[0] + " ") and any(ch.isdigit() for ch in a)]
        return slug(local[0] if local else acr[0], 24)
    out = ""
    for w in slug(o.name, 80).split("-"):
        if w in ("of", "the", "and", "for"):
            continue
        if out and len(out) + 1 + len(w) > 20:
            break
        out = f"{out}-{w}" if out else w
    return out or "x"


def _event_order(e: LinkedEvent) -> tuple:
    """Events in the order they happen: by the day they start, or the first day they can.

    A month or year sorts at its first day, except a planned event, which cannot
    come before the first report of it ("a vote next week" in May).
    """
    first_pub = min((m.published or "9999") for m in e.mentions)
    start = e.likely_start()
    day = start or first_pub
    span = D.span(start)
    if start and len(start) < 10 and span and e.status in D.FUTURE and first_pub != "9999":
        day = max(span[0].isoformat(), min(first_pub, span[1].isoformat()))
    elif span:
        day = span[0].isoformat()
    return (day, first_pub, e.type, e.id)


def _span(e: LinkedEvent) -> tuple[Any, Any] | None:
    if e.likely_start():
        s = D.span(e.likely_start())
        if s:
            end = D.span(e.end_date) if e.end_date else None
            return (s[0], end[1] if end else s[1])
    pubs = [D.parse_day(m.published) for m in e.mentions if m.published]
    pubs = [p for p in pubs if p]
    return (min(pubs), max(pubs)) if pubs else None


def _near(a: LinkedEvent, b: LinkedEvent) -> bool:
    return D.distance(_span(a), _span(b)) <= GAP_DAYS


def _rep(e: LinkedEvent) -> Any:
    """An Event-like view of a linked event for party matching: its first union and employer.

    The first party is the one the event's own sentence names first; others are
    often the article's main parties filled in, which must not pull an event at
    another employer into the main dispute.
    """
    from strikewatch.model import Event

    first = named(e.employers)[:1]  # a list the extractor took for one name is one party: all its members
    return Event(type=e.type, status=e.status, unions=named(e.unions)[:1], employers=named_employers(first))


def _both(e: LinkedEvent) -> bool:
    return bool(named(e.unions)) and bool(named_employers(e.employers))


def _any(e: LinkedEvent) -> bool:
    return bool(named(e.unions)) or bool(named_employers(e.employers))


def group_disputes(events: list[LinkedEvent]) -> list[Dispute]:
    """Group linked events into disputes (see the module docstring); sets each event's dispute_id."""
    ordered = sorted(events, key=_event_order)
    reps = {e.id: _rep(e) for e in ordered}
    parent = {e.id: e.id for e in ordered}
    spans = {e.id: _span(e) for e in ordered}

    def near(a: LinkedEvent, b: LinkedEvent) -> bool:
        return D.distance(spans[a.id], spans[b.id]) <= GAP_DAYS

    def match(a: LinkedEvent, b: LinkedEvent) -> bool:
        return _relation_cached(reps[a.id], reps[b.id])[0] == "match"

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    full = [e for e in ordered if _both(e)]
    keys = {e.id: party_keys(reps[e.id]) for e in ordered}
    index: dict[tuple[str, str], list[LinkedEvent]] = {}
    # every employer an event names, for one union bargaining with several at one table
    table_keys = {e.id: party_keys(_table(e)) for e in full}
    table_index: dict[tuple[str, str], list[LinkedEvent]] = {}

    def candidates(a: LinkedEvent, by: dict[str, set[tuple[str, str]]] = keys,
                   idx: dict[tuple[str, str], list[LinkedEvent]] = index) -> list[LinkedEvent]:
        """The events filed so far that can have a party in common with ``a``: those whose names'
        keys meet its own (:mod:`strikewatch.link.scope`), in the order they were filed."""
        seen: dict[str, LinkedEvent] = {}
        for k, r in by[a.id]:
            for r2 in MEETS[r]:
                for b in idx.get((k, r2), ()):
                    seen.setdefault(b.id, b)
        return list(seen.values())

    def file(a: LinkedEvent) -> None:
        for kr in keys[a.id]:
            index.setdefault(kr, []).append(a)

    def join(a: LinkedEvent, b: LinkedEvent) -> None:
        ra, rb = find(a.id), find(b.id)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for a in full:
        for b in candidates(a):
            if near(a, b) and match(a, b):
                join(a, b)
        for b in candidates(a, table_keys, table_index):
            if D.distance(spans[a.id], spans[b.id]) <= TABLE_DAYS and _one_table(reps[a.id], reps[b.id], a, b):
                join(a, b)
        file(a)
        for kr in table_keys[a.id]:
            table_index.setdefault(kr, []).append(a)
    # one union bargaining with several employers in one round (an employers' association, the
    # hospitals of a system, several companies): an article that reports one action of the union
    # at two of them (strikes on the same days) makes their disputes one
    by_article: dict[str, list[LinkedEvent]] = {}
    for e in full:
        for art in e.articles():
            by_article.setdefault(art, []).append(e)
    for art in sorted(by_article):
        evs = by_article[art]
        for i, a in enumerate(evs):
            for b in evs[i + 1:]:
                if find(a.id) != find(b.id) and _same_round(reps[a.id], reps[b.id], a, b):
                    ra, rb = find(a.id), find(b.id)
                    parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[LinkedEvent]] = {}
    for e in full:
        groups.setdefault(find(e.id), []).append(e)
    # events naming one side only join the nearest dispute of that party in time; of two as near,
    # the one the rest of their article is about
    partial = [e for e in ordered if not _both(e) and _any(e)]
    for e in partial:
        best = None
        best_d: tuple[int, int] | None = None
        near_ids = {m.id for m in candidates(e)}
        roots = sorted({find(i) for i in near_ids})
        arts = set(e.articles())
        for root in roots:
            members = groups[root]
            hits = [m for m in members if m.id in near_ids and match(e, m) and near(e, m)]
            if not hits:
                continue
            # the dispute the rest of its article is about, then the nearest in time
            same_story = sum(1 for m in members if arts & set(m.articles()))
            d = (min(D.distance(spans[e.id], spans[m.id]) for m in hits), -same_story)
            if best_d is None or d < best_d:
                best, best_d = root, d
        if best is None:
            groups[e.id] = [e]
        else:
            groups[best].append(e)
            parent[e.id] = best
        file(e)  # later one-sided events may join this one's dispute
    # events naming no party follow the rest of their article
    _place_unnamed([e for e in ordered if not _any(e)], groups)
    disputes = [_make(members) for members in groups.values()]
    _assign_ids(disputes)
    disputes.sort(key=lambda d: (D.sort_key(d.first_date), d.id))
    return disputes


def _day_gap(a: LinkedEvent, b: LinkedEvent) -> int:
    """Days between the likeliest starts of two events (large when either is unknown)."""
    sa, sb = D.span(a.likely_start()), D.span(b.likely_start())
    if sa is None or sb is None:
        return 10_000
    return abs(((sa[0] + (sa[1] - sa[0]) / 2) - (sb[0] + (sb[1] - sb[0]) / 2)).days)


def merge_within(disputes: list[Dispute]) -> list[Dispute]:
    """Merge events of one dispute that are one event but were kept apart across articles.

    Within a dispute the parties are already known to be one bargaining relationship,
    so two events of the same type are one event when no article reports both, their
    employers do not conflict (one report names only the union, another only the
    employer, or "the district"; unions that differ are one joint action) and their
    dates are as close as outlets' dates of one event are (see
    :func:`strikewatch.link.events.events_compatible`). Pairs are tried nearest dates
    first, each against everything merged so far, so the result depends only on the
    events.
    """
    from strikewatch.link.events import event_id, events_compatible, finish

    out: list[Dispute] = []
    for d in disputes:
        evs = sorted(d.events, key=lambda e: e.id)
        pairs = sorted(((_day_gap(a, b), a.id, b.id, i, j) for i, a in enumerate(evs)
                        for j, b in enumerate(evs) if i < j and a.type == b.type), key=lambda t: t[:3])
        if not pairs:
            out.append(d)
            continue
        owner = list(range(len(evs)))
        clusters: dict[int, LinkedEvent] = {i: e for i, e in enumerate(evs)}
        changed = False
        for *_, i, j in pairs:
            ri, rj = owner[i], owner[j]
            if ri == rj:
                continue
            a, b = clusters[ri], clusters[rj]
            if not events_compatible(a, b):
                continue
            merged = LinkedEvent(id="", type=a.type, mentions=a.mentions + b.mentions,
                                 reasons=a.reasons + b.reasons + [f"{', '.join(b.articles())}: same dispute, "
                                                                   "same type, dates agree"])
            keep, drop = min(ri, rj), max(ri, rj)
            clusters[keep] = merged
            del clusters[drop]
            owner = [keep if o == drop else o for o in owner]
            changed = True
        if not changed:
            out.append(d)
            continue
        events = []
        for ev in clusters.values():
            if not ev.id:
                ev.id = event_id(ev.mentions)
                ev.conflicts = {}
                finish(ev)
            events.append(ev)
        out.append(_make(events))
    _assign_ids(out)
    out.sort(key=lambda d: (D.sort_key(d.first_date), d.id))
    return out


def _same_round(ra: Any, rb: Any, a: LinkedEvent, b: LinkedEvent) -> bool:
    """One action of one union at two employers: the same union (same local, if any), the same type of
    event, stated dates at most :data:`ROUND_DAYS` apart (strikes at three automakers on one day)."""
    if a.type != b.type or not a.likely_start() or not b.likely_start():
        return False
    if not ra.unions or not rb.unions or not same_union(ra.unions[0], rb.unions[0], loose_local=False):
        return False
    return D.distance(_span(a), _span(b)) <= ROUND_DAYS


def _table(e: LinkedEvent) -> Any:
    """An Event-like view of a linked event with its first union and every employer it names."""
    from strikewatch.model import Event

    return Event(type=e.type, status=e.status, unions=named(e.unions)[:1], employers=named_employers(e.employers))


def _one_table(ra: Any, rb: Any, a: LinkedEvent, b: LinkedEvent) -> bool:
    """One union bargaining with several employers at one table: the same union (same local, if any),
    an event that names several employers, and an employer that both name among theirs (a deal with
    "Children's Minnesota, North Memorial and Methodist" and a strike at North Memorial)."""
    if not ra.unions or not rb.unions or not same_union(ra.unions[0], rb.unions[0], loose_local=False):
        return False
    ea, eb = named_employers(a.employers), named_employers(b.employers)
    return len(ea) + len(eb) > 2 and any(same_employer(x, y) for x in ea for y in eb)


def _year(e: LinkedEvent) -> int:
    """The year an event starts in (its first report's, when undated), for bucketing; 0 when unknown."""
    sp = _span(e)
    return sp[0].year if sp else 0


def _same_place(a: LinkedEvent, b: LinkedEvent) -> bool:
    la, lb = a.location, b.location
    if la is None or lb is None:
        return True
    return all(x is None or y is None or x == y for x, y in ((la.state, lb.state), (la.country, lb.country)))


def _place_unnamed(unnamed: list[LinkedEvent], groups: dict[str, list[LinkedEvent]]) -> None:
    """Put events that name no party (or only "the union", "the government") into disputes.

    Each goes to the dispute most of its article's events belong to; where its
    articles name no party at all, to the nearest dispute in the same place whose
    events give the employer the same generic name ("the government" in two stories
    about one province's public sector; "the union" says nothing of which dispute). The rest of one article go together: to the dispute with
    most events of the same type on the same day in the same city (a deal "reached
    Wednesday" in Chicago), else into a dispute of their own.
    """
    per_article: dict[str, Counter[str]] = {}
    by_generic: dict[tuple[str, int], list[tuple[str, LinkedEvent]]] = {}
    for root, members in groups.items():
        for m in members:
            for a in m.articles():
                per_article.setdefault(a, Counter())[root] += 1
            year = _year(m)
            for k in generic_keys(m.employers):
                by_generic.setdefault((k, year), []).append((root, m))
    leftover: dict[str, list[LinkedEvent]] = {}
    for e in unnamed:
        votes: Counter[str] = Counter()
        for a in e.articles():
            votes.update(per_article.get(a, Counter()))
        if votes:
            root = max(sorted(votes), key=lambda r: votes[r])
            groups[root].append(e)
            continue
        year = _year(e)
        hits = sorted((D.distance(_span(e), _span(m)), root) for k in sorted(generic_keys(e.employers)) for y in range(year - 2, year + 3)
                      for root, m in by_generic.get((k, y), ()) if _near(e, m) and _same_place(e, m))
        if hits:
            groups[hits[0][1]].append(e)
            continue
        leftover.setdefault(min(e.articles()), []).append(e)
    by_day: dict[tuple[str, str, str], list[tuple[str, LinkedEvent]]] = {}
    if leftover:
        for root, members in groups.items():
            for m in members:
                start = m.likely_start()
                if start and len(start) == 10 and m.location and m.location.city:
                    key = (m.type, m.location.city.casefold(), start[:7])
                    by_day.setdefault(key, []).append((root, m))
    party_index: dict[Any, list[tuple[str, LinkedEvent]]] = {}
    for art in sorted(leftover):
        members = leftover[art]
        root = _weak_party_root(members, groups, party_index) if WEAK_PARTY_DAYS else None
        if root is None:
            root = _same_city_and_day(members, by_day)
        if root is not None:
            groups[root].extend(members)
        else:
            groups[members[0].id] = members


def _weak_parties(e: LinkedEvent) -> tuple[list[Organization], list[Organization]]:
    """An event's unions and employers that are not generic names (for an event that names no party
    to link by, all of them below the link confidence)."""
    return [o for o in e.unions if not is_generic(o)], [o for o in e.employers if not is_generic(o)]


def _weak_party_root(members: list[LinkedEvent], groups: dict[str, list[LinkedEvent]],
                     index: dict[Any, list[tuple[str, LinkedEvent]]]) -> str | None:
    """The dispute of one article's party-less events by their likeliest parties: the nearest dispute,
    within :data:`WEAK_PARTY_DAYS`, with an event whose named union or employer is one of theirs
    ("Air Canada" read with 0.27 as the employer of a strike at Air Canada the same week). Weak
    evidence, used only where nothing surer places the events. ``index``: the disputes' events by the
    keys of their named parties (:func:`_party_index`), filled on first use."""
    wanted = [(e, *_weak_parties(e)) for e in members]
    wanted = [w for w in wanted if w[1] or w[2]]
    if not wanted:
        return None
    if not index:
        index.update(_party_index(groups))
    best: tuple[int, str] | None = None
    for e, wu, we in wanted:
        keys = {k for kind, orgs in (("union", wu), ("employer", we)) for o in orgs for k in name_keys(o, kind)}
        seen: set[str] = set()
        for key, role in sorted(keys):
            for r2 in MEETS[role]:
                for root, m in index.get((key, r2), ()):
                    if m.id in seen:
                        continue
                    seen.add(m.id)
                    d = D.distance(_span(e), _span(m))
                    if d > WEAK_PARTY_DAYS or (best is not None and (d, root) >= best):
                        continue
                    if any(same_employer(x, y) for x in we for y in named_employers(m.employers)) or any(
                            same_union(x, y) for x in wu for y in named(m.unions)):
                        best = (d, root)
    return best[1] if best else None


def _party_index(groups: dict[str, list[LinkedEvent]]) -> dict[Any, list[tuple[str, LinkedEvent]]]:
    """Each dispute's events under the keys of their named parties (:mod:`strikewatch.link.scope`)."""
    out: dict[Any, list[tuple[str, LinkedEvent]]] = {}
    for root in sorted(groups):
        for m in groups[root]:
            keys = {k for o in named(m.unions) for k in name_keys(o, "union")}
            keys |= {k for o in named_employers(m.employers) for k in name_keys(o, "employer")}
            for k in keys:
                out.setdefault(k, []).append((root, m))
    return out


def _same_city_and_day(members: list[LinkedEvent], by_day: dict[tuple[str, str, str], list[tuple[str, Any]]]
                       ) -> str | None:
    """The dispute with most events of the same type, city and day (within the slack) as ``members``."""
    votes: Counter[str] = Counter()
    for e in members:
        day = D.parse_day(e.likely_start())
        if day is None or not e.location or not e.location.city:
            continue
        city = e.location.city.casefold()
        months = {(day - dt.timedelta(days=DATE_SLACK_DAYS)).isoformat()[:7],
                  (day + dt.timedelta(days=DATE_SLACK_DAYS)).isoformat()[:7]}
        roots = {root for mo in sorted(months) for root, m in by_day.get((e.type, city, mo), ())
                 if abs((D.parse_day(m.likely_start()) - day).days) <= DATE_SLACK_DAYS}  # type: ignore[operator]
        votes.update(roots)
    if not votes:
        return None
    return max(sorted(votes), key=lambda r: votes[r])


def _background(m: Any) -> bool:
    """A mention of an event over (or called off) more than :data:`BACKGROUND_DAYS` before its article."""
    pub = D.parse_day(m.published)
    sp = D.span(m.event.start_date)
    return (m.event.status in ("occurred", "cancelled") and pub is not None and sp is not None
            and (pub - sp[1]).days > BACKGROUND_DAYS)


def detach_background(disputes: list[Dispute]) -> tuple[list[Dispute], list[LinkedEvent]]:
    """Take out of other disputes the past events an article mentions only as background.

    An article about one dispute that recalls an old event of another ("the union's
    last strike, against GM in 2019") does not report on that other dispute (the
    spec: a record's disputes name only the relationships the article reports on).
    Such a mention (an event that took place more than a year before the article,
    in a dispute other than the one most of the article's events belong to) leaves
    its event and stands alone, in no dispute. Returns the disputes and the events
    taken out.
    """
    from strikewatch.link.events import event_id, finish

    votes: dict[str, Counter[str]] = {}
    for d in disputes:
        for e in d.events:
            for m in e.mentions:
                votes.setdefault(m.article_id, Counter())[d.id] += 1

    def main(article: str) -> str | None:
        top = votes[article].most_common(2)
        return top[0][0] if len(top) == 1 or top[0][1] > top[1][1] else None

    out: list[Dispute] = []
    loose: list[LinkedEvent] = []
    for d in disputes:
        members: list[LinkedEvent] = []
        changed = False
        for e in d.events:
            gone = [m for m in e.mentions if _background(m) and main(m.article_id) not in (None, d.id)]
            if not gone:
                members.append(e)
                continue
            changed = True
            for m in gone:
                alone = LinkedEvent(id=event_id([m]), type=e.type, mentions=[m],
                                    reasons=[f"{m.article_id}: background of {d.id}"])
                finish(alone)
                loose.append(alone)
            rest = [m for m in e.mentions if m not in gone]
            if rest:
                kept = LinkedEvent(id=event_id(rest), type=e.type, mentions=rest, reasons=list(e.reasons))
                finish(kept)
                members.append(kept)
        if not changed:
            out.append(d)
        elif members:
            out.append(_make(members))
    _assign_ids(out)
    out.sort(key=lambda d: (D.sort_key(d.first_date), d.id))
    return out, loose


def _make(members: list[LinkedEvent]) -> Dispute:
    from strikewatch.link.events import _merge_orgs

    members = sorted(members, key=_event_order)
    d = Dispute(id="", events=members)
    # the parties named most often come first
    d.unions = _merge_orgs(sorted((e.unions for e in members), key=lambda us: -len(us) if us else 0), "union")
    d.employers = _merge_orgs([e.employers for e in members], "employer")
    count_u: Counter[str] = Counter()
    count_e: Counter[str] = Counter()
    for e in members:
        for o in d.unions:
            count_u[o.name] += sum(len(e.mentions) for x in e.unions if x.name in o.forms() or o.name in x.forms())
        for o in d.employers:
            count_e[o.name] += sum(len(e.mentions) for x in e.employers if x.name in o.forms() or o.name in x.forms())
    # named parties before generic ones ("Chicago Board of Education" before "district")
    d.unions.sort(key=lambda o: (is_generic(o), -count_u[o.name]))
    d.employers.sort(key=lambda o: (is_generic(o), -count_e[o.name]))
    dated = [e.likely_start() for e in members if e.likely_start()]
    d.first_date = min(dated, key=D.sort_key) if dated else None
    d.last_date = max(dated, key=D.sort_key) if dated else None
    _set_stage(d)
    return d


def _set_stage(d: Dispute) -> None:
    if not d.events:
        return
    # the event the latest reporting is about: latest article first, then the later date
    # (a strike or lockout still going on is the stage, whatever else the same report says)
    last = max(d.events, key=lambda e: (max((m.published or "") for m in e.mentions),
                                        e.type in ("strike", "lockout") and e.status == "ongoing",
                                        D.sort_key(e.likely_start()), e.type, e.id))
    state = _STATE.get((last.type, last.status))
    if state is None:
        if last.type == "strike_vote":
            approved = (last.result or {}).get("approved")
            state = "strike authorized" if approved is not False else "strike vote"
        elif last.type == "ratification":
            approved = (last.result or {}).get("approved")
            state = "agreement rejected" if approved is False else "contract ratified"
        else:
            state = f"{last.type.replace('_', ' ')} {last.status}"
    d.stage, d.stage_event = state, last.id
    d.watch = state not in _SETTLED and (state in _WATCH or state == "agreement rejected"
                                         or _expired_without_deal(d))


def _expired_without_deal(d: Dispute) -> bool:
    """A contract expired and no agreement or ratification has been reported since."""
    expired = [e for e in d.events if e.type == "contract_expiration" and e.status == "occurred"]
    if not expired:
        return False
    since = max(_event_order(e) for e in expired)
    return not any(e.type in ("agreement", "ratification") and e.status == "occurred" and _event_order(e) > since
                   for e in d.events)


def _assign_ids(disputes: list[Dispute]) -> None:
    taken: set[str] = set()
    for d in sorted(disputes, key=lambda d: (D.sort_key(d.first_date), min(e.id for e in d.events))):
        u = _id_part(d.unions[0]) if d.unions else "union"
        e = _id_part(d.employers[0]) if d.employers else "employer"
        year = (d.first_date or min((m.published or "0000") for ev in d.events for m in ev.mentions))[:4]
        base = f"{u}--{e}-{year}"
        if not d.unions or not d.employers:
            # a side unnamed: many disputes would share the id, so it takes a mark of its first event
            base += "-" + min(ev.id for ev in d.events)[3:7]
        cid, n = base, 1
        while cid in taken:
            n += 1
            cid = f"{base}-{n}"
        taken.add(cid)
        d.id, d.id_base = cid, base
        for ev in d.events:
            ev.dispute_id = cid
