"""Disputes: the events between one employer and its union(s) over one contract cycle.

Events whose unions and employers both match (see :mod:`strikewatch.link.orgs`)
and that lie within :data:`GAP_DAYS` of each other form one dispute (the relation
is symmetric, so the grouping does not depend on the order events are seen).
Events that name only a union, or only an employer, then join the dispute of the
same party nearest in time; events that name no party join the dispute the rest
of their article's events belong to.

A dispute's *state* is what its latest event says ("on strike", "impasse",
"tentative agreement", ...); disputes whose state is an impasse, a strike vote, a
planned or threatened strike, or an expired contract with no agreement after it
are flagged ``watch``, as are disputes whose contract expired with no agreement reported since.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from strikewatch.link import dates as D
from strikewatch.link.events import LinkedEvent, block_keys, parties_match, probe_keys
from strikewatch.link.orgs import is_acronym, named, slug
from strikewatch.model import Organization

#: events further apart than this (about two years) are different contract cycles
GAP_DAYS = 730

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


@dataclass
class Dispute:
    """The events of one employer and its union(s) over one contract cycle, in order."""

    id: str
    events: list[LinkedEvent] = field(default_factory=list)
    unions: list[Organization] = field(default_factory=list)
    employers: list[Organization] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    state: str | None = None
    state_event: str | None = None
    watch: bool = False
    claims: list[dict[str, Any]] = field(default_factory=list)

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
            first = max(same, key=lambda m: (m.event.start_date == e.start_date, m.published or "", m.article_id))
            rows.append({
                "date": e.start_date,
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
            "state": self.state,
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
    day = e.start_date or first_pub
    span = D.span(e.start_date)
    if e.start_date and len(e.start_date) < 10 and span and e.status in D.FUTURE and first_pub != "9999":
        day = max(span[0].isoformat(), min(first_pub, span[1].isoformat()))
    elif span:
        day = span[0].isoformat()
    return (day, first_pub, e.type, e.id)


def _span(e: LinkedEvent) -> tuple[Any, Any] | None:
    if e.start_date:
        s = D.span(e.start_date)
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

    return Event(type=e.type, status=e.status, unions=named(e.unions)[:1], employers=named(e.employers)[:1])


def _both(e: LinkedEvent) -> bool:
    return bool(named(e.unions)) and bool(named(e.employers))


def _any(e: LinkedEvent) -> bool:
    return bool(named(e.unions)) or bool(named(e.employers))


def group_disputes(events: list[LinkedEvent]) -> list[Dispute]:
    """Group linked events into disputes (see the module docstring); sets each event's dispute_id."""
    ordered = sorted(events, key=_event_order)
    reps = {e.id: _rep(e) for e in ordered}
    parent = {e.id: e.id for e in ordered}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    full = [e for e in ordered if _both(e)]
    keys = {e.id: block_keys(reps[e.id]) for e in ordered}
    index: dict[str, list[LinkedEvent]] = {}
    for a in full:
        # only events sharing a blocking key can have a party in common
        seen: set[str] = set()
        for k in probe_keys(keys[a.id]):
            for b in index.get(k, ()):
                if b.id in seen:
                    continue
                seen.add(b.id)
                if _near(a, b) and parties_match(reps[a.id], reps[b.id]):
                    ra, rb = find(a.id), find(b.id)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
        for k in keys[a.id]:
            index.setdefault(k, []).append(a)
    groups: dict[str, list[LinkedEvent]] = {}
    for e in full:
        groups.setdefault(find(e.id), []).append(e)
    # events naming one side only join the nearest dispute of that party
    partial = [e for e in ordered if not _both(e) and _any(e)]
    for e in partial:
        best = None
        best_d = None
        near_ids = {m.id for k in probe_keys(keys[e.id]) for m in index.get(k, ())}
        roots = sorted({find(i) for i in near_ids})
        for root in roots:
            members = groups[root]
            hits = [m for m in members if m.id in near_ids and parties_match(reps[e.id], reps[m.id]) and _near(e, m)]
            if not hits:
                continue
            d = min(D.distance(_span(e), _span(m)) for m in hits)
            if best_d is None or d < best_d:
                best, best_d = root, d
        if best is None:
            groups[e.id] = [e]
        else:
            groups[best].append(e)
            parent[e.id] = best
        for k in keys[e.id]:  # later one-sided events may join this one's dispute
            index.setdefault(k, []).append(e)
    # events naming no party follow the rest of their article
    for e in (e for e in ordered if not _any(e)):
        arts = set(e.articles())
        votes: Counter[str] = Counter()
        for root, members in groups.items():
            votes[root] += sum(1 for m in members if arts & set(m.articles()))
        root = max(sorted(votes), key=lambda r: votes[r]) if votes and max(votes.values()) else None
        if root is None:
            groups[e.id] = [e]
        else:
            groups[root].append(e)
    disputes = [_make(members) for members in groups.values()]
    _assign_ids(disputes)
    disputes.sort(key=lambda d: (D.sort_key(d.first_date), d.id))
    return disputes


def _day_gap(a: LinkedEvent, b: LinkedEvent) -> int:
    """Days between the likeliest starts of two events (large when either is unknown)."""
    sa, sb = D.span(a.start_date), D.span(b.start_date)
    if sa is None or sb is None:
        return 10_000
    return abs(((sa[0] + (sa[1] - sa[0]) / 2) - (sb[0] + (sb[1] - sb[0]) / 2)).days)


def merge_within(disputes: list[Dispute]) -> list[Dispute]:
    """Merge events of one dispute that are one event but named no party in common.

    Within a dispute the parties are already known to be the same bargaining
    relationship, so two events of the same type with compatible dates, no article in
    common and no conflicting names (one names only the union, the other only the
    employer; one names "the district") are one event. Pairs are tried nearest dates
    first, so the result depends only on the events.
    """
    from strikewatch.link.events import event_id, events_compatible, finish

    out: list[Dispute] = []
    for d in disputes:
        evs = sorted(d.events, key=lambda e: e.id)
        pairs = sorted(((_day_gap(a, b), a.id, b.id, i, j) for i, a in enumerate(evs) for j, b in enumerate(evs)
                        if i < j and a.type == b.type), key=lambda t: t[:3])
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
                                                                   "dates agree, no conflicting names"])
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
    d.unions.sort(key=lambda o: -count_u[o.name])
    d.employers.sort(key=lambda o: -count_e[o.name])
    dated = [e.start_date for e in members if e.start_date]
    d.first_date = min(dated, key=D.sort_key) if dated else None
    d.last_date = max(dated, key=D.sort_key) if dated else None
    _set_state(d)
    return d


def _set_state(d: Dispute) -> None:
    if not d.events:
        return
    # the event the latest reporting is about: latest article first, then the later date
    # (a strike or lockout still going on is the state, whatever else the same report says)
    last = max(d.events, key=lambda e: (max((m.published or "") for m in e.mentions),
                                        e.type in ("strike", "lockout") and e.status == "ongoing",
                                        D.sort_key(e.start_date), e.type, e.id))
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
    d.state, d.state_event = state, last.id
    d.watch = state in _WATCH or state == "agreement rejected" or _expired_without_deal(d)


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
        cid, n = base, 1
        while cid in taken:
            n += 1
            cid = f"{base}-{n}"
        taken.add(cid)
        d.id = cid
        for ev in d.events:
            ev.dispute_id = cid
