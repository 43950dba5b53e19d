"""Events across articles: mentions of one real-world event become one event.

A *mention* is one event as one article reports it (the extractor's output). Two
mentions are the same event when they have the same type, come from different
articles, name compatible parties, and have compatible dates.

Parties: the mention must name a party that the event's mentions name (a union
in common or an employer in common) and contradict them on neither side, counting
every name the event's mentions give (one outlet names only the union, another
only the employer, a third both). Names that say nothing ("the district",
"Hospital", "the government") count as no name; a list the extractor took for one
employer ("Allina Health, M Health Fairview") counts as its members; a union's name
cut short ("Minnesota" for "Minnesota Nurses Association") is that union; a name
given in the other role ("Air Canada" among the unions) can still be the party in
common; and where the employer is the same, two names of a union that share a
distinctive word ("the Machinists union", "International Association of
Machinists") are one union (see :func:`party_relation`).

Dates:

* two stated full dates at most three days apart ("began Sept. 15" and "Monday,
  Sept. 16"); further apart they are two events (a strike that spreads to new
  plants on a later date is a new event in the same dispute);
* two dates stated for a planned event agree the same way (strikes set for March 6
  and for March 11 are two strikes); a planned date may slip up to 60 days before
  the event takes place;
* a month or year that holds the other date;
* a date the extractor only estimated from the publication day, and an undated
  mention, fall in the window their status allows: a past event in the 180 days
  before its article, a future one from its article on;
* a vote that approved and one that rejected are two votes.

Mentions are visited in an order fixed by their content (stated full dates first,
by date, then partial dates, then stated dates that only bound the start, then
estimated ones, then undated mentions; ties by publication date, article id and
position), so the result depends only on the set of mentions, not on the order in
which articles arrived. Each mention joins the compatible event it fits best
(parties in common, then nearest window, then nearest likeliest day) or starts a
new one.

Events of one dispute that these rules keep apart because their parties are named
differently, or their dates differ the way outlets' dates of one event do, are
merged afterwards (:func:`events_compatible`, used by
:func:`strikewatch.link.disputes.merge_within`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from strikewatch.link import dates as D
from strikewatch.link.orgs import (
    employer_words,
    is_generic,
    loosely_same_union,
    named,
    named_employers,
    same_employer,
    same_union,
)
from strikewatch.model import Event, Location, Organization, event_fields

#: stated full dates of one event may differ by this many days between outlets
DATE_SLACK_DAYS = 3
VOTES = ("strike_vote", "ratification")
#: a planned date may slip this many days (a threatened one more)
PLANNED_SLIP_DAYS = 60
THREATENED_SLIP_DAYS = 60
#: a strike under way on the day of the story began at most this many days before
IN_PROGRESS_DAYS = 180
#: an event that took place, dated only by a guess from the publication day, took place this many days before
ESTIMATED_PAST_DAYS = 180
#: within one dispute, stated dates of one event may differ by this many days (votes: a vote's
#: days and the day its result is announced), and an estimated or undated one lie this near its guess
WITHIN_DISPUTE_DAYS = 30
WITHIN_DISPUTE_VOTE_DAYS = 10
WITHIN_DISPUTE_GUESS_DAYS = 30


@dataclass
class MentionRef:
    """One event as one article reports it."""

    article_id: str
    published: str | None
    idx: int
    event: Event
    source: str | None = None
    url: str | None = None
    mention_id: int | None = None  # the store's row id, when stored

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.idx)

    def full_date(self) -> str | None:
        """A stated full date that pins the event's start (see :meth:`date_span`)."""
        e = self.event
        if not e.start_date or len(e.start_date) != 10 or e.date_basis == "estimated":
            return None
        if e.status in D.FUTURE or self._in_progress():
            return None
        return e.start_date

    def _in_progress(self) -> bool:
        """A strike or lockout reported as going on, dated the day of the story or the day before.

        Such a date says the stoppage is under way then, not when it began.
        """
        e = self.event
        pub = D.parse_day(self.published)
        day = D.parse_day(e.start_date)
        return (e.type in ("strike", "lockout") and e.status == "ongoing" and pub is not None and day is not None
                and (pub - day).days <= 1)

    def planned_date(self) -> str | None:
        """A stated full date of a planned event (the day it is set for)."""
        e = self.event
        if e.status == "planned" and e.start_date and len(e.start_date) == 10 and e.date_basis != "estimated":
            return e.start_date
        return None

    def point(self) -> dt.date | None:
        """The likeliest start day: a full date, stated or estimated, else the middle of a month or year."""
        start = self.event.likely_start()
        day = D.parse_day(start)
        if day is not None:
            return day
        sp = D.span(start)
        return sp[0] + (sp[1] - sp[0]) / 2 if sp else None

    def partial_date(self) -> str | None:
        e = self.event
        if e.start_date and len(e.start_date) < 10 and e.date_basis != "estimated":
            return e.start_date
        return None

    def date_span(self) -> tuple[Any, Any] | None:
        """The days this mention's event can have started on.

        A stated past date is the day itself; a planned date may slip (three days
        earlier to sixty later); a strike under way on the day of the story began up to
        180 days before; an undated mention falls in its status's window.
        """
        e = self.event
        stated = self.full_date() or self.partial_date()
        if stated:
            return D.span(stated)
        day = D.parse_day(e.start_date) if e.date_basis != "estimated" else None
        if day is not None and e.status in D.FUTURE:
            slip = PLANNED_SLIP_DAYS if e.status == "planned" else THREATENED_SLIP_DAYS
            return day - dt.timedelta(days=3), day + dt.timedelta(days=slip)
        if day is not None and self._in_progress():
            return day - dt.timedelta(days=IN_PROGRESS_DAYS), day
        est = D.parse_day(estimate(e))
        if est is not None and e.status in D.PAST:
            # a day guessed from the publication date: the event happened shortly before it
            return est - dt.timedelta(days=ESTIMATED_PAST_DAYS), est + dt.timedelta(days=1)
        return D.window(e.status, self.published)

    def order(self) -> tuple:
        full, part = self.full_date(), self.partial_date()
        # stated full dates, then partial ones, then stated dates that only bound the start (under
        # way, planned), then estimated ones, then undated mentions
        start = self.event.likely_start()
        rank = 0 if full else 1 if part else 2 if _stated(self) else 3 if start else 4
        return (rank, full or part or start or "", self.published or "9999", self.article_id, self.idx)


@dataclass
class LinkedEvent:
    """One real-world event with every mention of it."""

    id: str
    type: str
    mentions: list[MentionRef] = field(default_factory=list)
    dispute_id: str | None = None
    status: str = ""
    #: the start a mention states (null when none does, as the spec asks of an unknown date)
    start_date: str | None = None
    end_date: str | None = None
    #: when no mention states the start: the earliest of their estimates (for sorting and linking only)
    date_estimate: str | None = None
    unions: list[Organization] = field(default_factory=list)
    employers: list[Organization] = field(default_factory=list)
    union_ids: list[str] = field(default_factory=list)
    employer_ids: list[str] = field(default_factory=list)
    location: Location | None = None
    participants: int | None = None
    unit_size: int | None = None
    demands: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None
    #: every differing value of a field, with the articles that state it
    conflicts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: why each mention after the first joined this event
    reasons: list[str] = field(default_factory=list)
    #: the highest confidence of its mentions (the detector's probability that an article reports it);
    #: None when no mention has one
    confidence: float | None = None

    def articles(self) -> list[str]:
        return sorted({m.article_id for m in self.mentions})

    def likely_start(self) -> str | None:
        """The start to sort and link by: the stated ``start_date``, else the ``date_estimate``."""
        return self.start_date or self.date_estimate

    def to_dict(self) -> dict[str, Any]:
        """The spec's linked output line (plus ids of canonical organizations and conflicts)."""
        return {
            "event_id": self.id,
            "dispute_id": self.dispute_id,
            **event_fields(self),
            "date_estimate": self.date_estimate,
            "result": self.result,
            "confidence": self.confidence,
            "mentions": [
                {"article": m.article_id, "published": m.published, "status": m.event.status,
                 "start_date": stated_start(m.event), "date_estimate": estimate(m.event),
                 "evidence": [e.text for e in m.event.evidence],
                 "confidence": m.event.confidence}
                for m in sorted(self.mentions, key=lambda m: (m.published or "", m.article_id, m.idx))
            ],
            "union_ids": list(self.union_ids),
            "employer_ids": list(self.employer_ids),
            "conflicts": self.conflicts,
            "link_reasons": list(self.reasons),
        }


# --- compatibility -------------------------------------------------------------------


def _side_match(xs: list[Organization], ys: list[Organization], kind: str) -> str | None:
    """Why one of ``xs`` is one of ``ys`` (named organizations only), or None."""
    same = same_union if kind == "union" else same_employer
    return next((w for x in xs for y in ys if (w := same(x, y))), None)


def party_relation(a: Event, b: Event) -> tuple[str, str | None]:
    """("match", why), ("conflict", None) or ("none", None) for the named parties of two mentions.

    A conflict: both name employers and none is the same, or both name unions and none
    is the same (where the employer is the same, two union names that share a
    distinctive word are the same union). Generic names ("the district", "Hospital")
    count as no name. Where no side is named by both, a name given as a union by one
    and as an employer by the other is a match.
    """
    reasons = []
    ua, ub = named(a.unions), named(b.unions)
    ea, eb = named_employers(a.employers), named_employers(b.employers)
    employer_why = _side_match(ea, eb, "employer") if ea and eb else None
    if ea and eb and employer_why is None:
        return ("conflict", None)
    if ua and ub:
        why = _side_match(ua, ub, "union")
        if why is None and employer_why is not None:
            # the same employer: a union named by its trade in one report and in full in another
            # ("the Machinists union", "International Association of Machinists") is one union
            skip = employer_words(ea + eb)
            why = next((w for x in ua for y in ub if (w := loosely_same_union(x, y, skip))), None)
        if why is None:
            return ("conflict", None)
        reasons.append(f"union: {why}")
    if employer_why is not None:
        reasons.append(f"employer: {employer_why}")
    if reasons:
        return ("match", "; ".join(reasons))
    # no side named by both: a name given as the union by one and as the employer by the other
    # ("Air Canada" among the unions) is still one party in common
    for xs, ys in ((ua, eb), (ea, ub)):
        why = next((w for x in xs for y in ys if (w := same_employer(x, y))), None)
        if why:
            return ("match", f"across roles: {why}")
    return ("none", None)


def parties_match(a: Event, b: Event) -> str | None:
    """Why two mentions name the same parties, or None (a conflict, or nothing in common)."""
    rel, why = party_relation(a, b)
    return why if rel == "match" else None


def _stated(m: MentionRef) -> bool:
    return bool(stated_start(m.event))


def stated_start(e: Event) -> str | None:
    """The start the text states (None for an estimate, also in an event built before estimates
    had a field of their own: ``start_date`` with ``date_basis`` "estimated")."""
    return e.start_date if e.date_basis != "estimated" else None


def estimate(e: Event) -> str | None:
    """The start estimated from the publication date, when the text states none."""
    return e.date_estimate or (e.start_date if e.date_basis == "estimated" else None)


def _widen(span: tuple[Any, Any] | None, days: int) -> tuple[Any, Any] | None:
    if span is None:
        return None
    return span[0] - dt.timedelta(days=days), span[1] + dt.timedelta(days=days)


def _within_anchor(day: str | None, days: list[str]) -> bool:
    """A stated day within the slack of the usual one of ``days`` (True when either is missing)."""
    if not day or not days:
        return True
    anchor = D.parse_day(Counter(days).most_common(1)[0][0])
    d = D.parse_day(day)
    return anchor is not None and d is not None and abs((d - anchor).days) <= DATE_SLACK_DAYS


def _outcome(m: MentionRef) -> bool | None:
    """For a vote that took place, whether it approved (None when not a vote, not held or not known)."""
    e = m.event
    if e.type in VOTES and e.status == "occurred" and e.result is not None:
        return e.result.approved
    return None


def _dates_match(m: MentionRef, ev: LinkedEvent) -> bool:
    """Stated full dates within the slack of the event's usual date; every stated span overlapping.

    Two planned dates stated for one event agree within the same slack (a strike set for
    March 6 and another set for March 11 are two strikes). An undated or estimated
    mention's window must overlap what the event's stated dates allow; the windows of
    undated members never veto a stated date.
    """
    fulls = [d for d in (x.full_date() for x in ev.mentions) if d]
    planned = [d for d in (x.planned_date() for x in ev.mentions) if d]
    if not _within_anchor(m.full_date(), fulls) or not _within_anchor(m.planned_date(), planned):
        return False
    mine = _widen(m.date_span(), DATE_SLACK_DAYS)
    stated = [x for x in ev.mentions if _stated(x)]
    if stated:
        return all(D.overlap(mine, x.date_span()) for x in stated)
    return any(D.overlap(mine, x.date_span()) for x in ev.mentions)


def _outcomes_agree(m: MentionRef, ev: LinkedEvent) -> bool:
    """A vote that approved and one that rejected are two votes."""
    mine = _outcome(m)
    return mine is None or all(o is None or o == mine for o in (_outcome(x) for x in ev.mentions))


def _event_parties(ev: LinkedEvent) -> Event:
    """The named parties of an event's mentions, each name once, as one Event (see :func:`party_relation`)."""

    def once(orgs: list[Organization]) -> list[Organization]:
        seen: set[tuple[str, ...]] = set()
        out = []
        for o in orgs:
            if tuple(o.forms()) not in seen:
                seen.add(tuple(o.forms()))
                out.append(o)
        return out

    unions = once([o for x in ev.mentions for o in named(x.event.unions)])
    employers = once([o for x in ev.mentions for o in named_employers(x.event.employers)])
    return Event(type=ev.type, status="", unions=unions, employers=employers)


def _point_distance(m: MentionRef, ev: LinkedEvent) -> int:
    """Days between the mention's likeliest start and the nearest likeliest start of a member."""
    p = m.point()
    qs = [q for q in (x.point() for x in ev.mentions) if q is not None]
    if p is None or not qs:
        return 10_000
    return min(abs((p - q).days) for q in qs)


def _fit(m: MentionRef, ev: LinkedEvent) -> tuple[int, int, int, str] | None:
    """How well a mention fits an event (higher is better), with the reason; None if not.

    The mention must name a party the event names (on either side) and contradict it on
    neither side, counting every name the event's mentions give.
    """
    if m.event.type != ev.type or any(x.article_id == m.article_id for x in ev.mentions):
        return None
    rel, why = _relation_cached(m.event, _event_parties(ev))
    if rel != "match":
        return None
    shared = sum(1 for x in ev.mentions if _relation_cached(m.event, x.event)[0] == "match")
    if not _dates_match(m, ev) or not _outcomes_agree(m, ev):
        return None
    spans = [x.date_span() for x in ev.mentions]
    near = min(D.distance(m.date_span(), s) for s in spans)
    return (shared, -near, -_point_distance(m, ev), why or "")


def _pair_dates_agree(x: MentionRef, y: MentionRef) -> bool:
    """Whether two mentions of one dispute can date one event (see :func:`events_compatible`)."""
    px, py = x.planned_date(), y.planned_date()
    if px and py:
        return _within_anchor(px, [py])
    sx, sy = x.date_span(), y.date_span()
    if _stated(x) and _stated(y):
        limit = WITHIN_DISPUTE_VOTE_DAYS if x.event.type in VOTES else WITHIN_DISPUTE_DAYS
        return D.distance(sx, sy) <= limit
    # an estimate or no date at all: near the guess (or the story), whatever the status says
    sx = sx if _stated(x) else _around(x, WITHIN_DISPUTE_GUESS_DAYS)
    sy = sy if _stated(y) else _around(y, WITHIN_DISPUTE_GUESS_DAYS)
    return D.overlap(_widen(sx, DATE_SLACK_DAYS), sy)


def _around(m: MentionRef, days: int) -> tuple[Any, Any] | None:
    """``days`` either side of a mention's estimated day, else of its article's publication day."""
    day = D.parse_day(m.event.likely_start()) or D.parse_day(m.published)
    return (day - dt.timedelta(days=days), day + dt.timedelta(days=days)) if day else None


def events_compatible(a: LinkedEvent, b: LinkedEvent) -> bool:
    """Whether two events of one dispute are one event (see :func:`strikewatch.link.disputes.merge_within`).

    Same type, no article in common, no conflict between the employers either event
    names (within one dispute, unions that differ are one joint action: the spec's
    "a joint strike by two unions against one employer on the same days is one
    strike"), and dates that can be one event's: stated dates at most
    :data:`WITHIN_DISPUTE_DAYS` apart (outlets date one event by its start, its
    announcement or its end, and a weekday read in the wrong week is seven days off),
    two planned dates within the slack (days announced separately are separate
    events), windows of estimated and undated mentions overlapping; and no vote
    outcome against another.
    """
    if a.type != b.type or set(a.articles()) & set(b.articles()):
        return False
    pa, pb = _event_parties(a), _event_parties(b)
    if pa.employers and pb.employers and _side_match(pa.employers, pb.employers, "employer") is None:
        return False
    if not all(_outcomes_agree(m, a) for m in b.mentions):
        return False
    return all(_pair_dates_agree(x, y) for x in a.mentions for y in b.mentions)


# --- merging fields ------------------------------------------------------------------


def _latest(ms: list[MentionRef]) -> MentionRef:
    return max(ms, key=lambda m: (m.published or "", m.article_id, m.idx))


def _best_value(ev: LinkedEvent, field_name: str, values: list[tuple[Any, MentionRef]]) -> Any:
    """The most common value, ties to the latest article; differing values are kept."""
    values = [(v, m) for v, m in values if v is not None]
    if not values:
        return None
    distinct = {repr(v) for v, _ in values}
    if len(distinct) > 1:
        ev.conflicts[field_name] = [
            {"value": v, "article": m.article_id, "published": m.published} for v, m in values
        ]
    counts = Counter(repr(v) for v, _ in values)
    top = max(counts.values())
    best = max((vm for vm in values if counts[repr(vm[0])] == top),
               key=lambda vm: (vm[1].published or "", vm[1].article_id))
    return best[0]


def _merge_orgs(lists: list[list[Organization]], kind: str) -> list[Organization]:
    out: list[Organization] = []
    for orgs in lists:
        for o in orgs:
            # a generic name ("the hospital") is never taken for another name of a named party: as its
            # alias it would make every party reported with that word one party
            generic = is_generic(o)
            hit = next((x for x in out if is_generic(x) == generic
                        and (same_union(o, x) if kind == "union" else same_employer(o, x))), None)
            if hit is None:
                out.append(Organization(o.name, list(o.aliases), o.confidence))
                continue
            hit.confidence = _max_known(hit.confidence, o.confidence)
            for f in o.forms():
                if f not in hit.forms():
                    hit.aliases.append(f)
            if len(o.name) > len(hit.name) and not o.name.isupper():
                hit.aliases = [a for a in hit.aliases if a != o.name] + [hit.name]
                hit.name = o.name
    return out


def _max_known(*values: float | None) -> float | None:
    """The highest of the values that are known (finite numbers); None when none is."""
    known = [float(v) for v in values
             if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)]
    return max(known, default=None)


def finish(ev: LinkedEvent) -> None:
    """Fill an event's fields from its mentions (the spec's merge rules)."""
    ms = ev.mentions
    latest = _latest(ms)
    ev.confidence = _max_known(*(m.event.confidence for m in ms))
    ev.status = latest.event.status  # the latest article wins on status
    fulls = [(m.full_date(), m) for m in ms if m.full_date()]
    parts = [(m.partial_date(), m) for m in ms if m.partial_date()]
    # next best: full dates stated for an event under way or planned; the latest report knows best
    other_fulls = [(m.event.start_date, m) for m in ms
                   if m.event.start_date and len(m.event.start_date) == 10 and m.event.date_basis != "estimated"]
    if fulls:
        ev.start_date = _best_value(ev, "start_date", fulls)
    elif other_fulls:
        ev.start_date = max(other_fulls, key=lambda vm: (vm[1].event.status not in D.FUTURE,
                                                         vm[1].published or "", vm[1].article_id))[0]
    elif parts:
        ev.start_date = max((p for p, _ in parts), key=len)
    else:
        # no mention states the start: it is unknown, and the earliest guess is kept for sorting
        ev.start_date = None
    est = [d for d in (estimate(m.event) for m in ms) if d]
    ev.date_estimate = min(est) if est and not ev.start_date else None
    ends = [(m.event.end_date, m) for m in ms if m.event.end_date]
    ev.end_date = max(ends, key=lambda vm: (vm[1].published or "", vm[1].article_id))[0] if ends else None
    if ev.end_date and ev.start_date and ev.end_date <= ev.start_date:
        ev.end_date = None
    ev.unions = _merge_orgs([m.event.unions for m in sorted(ms, key=lambda m: m.order())], "union")
    ev.employers = _merge_orgs([m.event.employers for m in sorted(ms, key=lambda m: m.order())], "employer")
    locs = [m.event.location for m in ms if m.event.location and not m.event.location.is_empty()]
    if locs:
        counts = Counter((loc.city, loc.state, loc.country) for loc in locs)
        city, state, country = max(counts, key=lambda k: (counts[k], k[0] is not None, k[1] is not None, str(k)))
        ev.location = Location(city, state, country)
    ev.participants = _best_value(ev, "participants", [(m.event.participants, m) for m in ms])
    ev.unit_size = _best_value(ev, "unit_size", [(m.event.unit_size, m) for m in ms])
    demands: Counter[str] = Counter(d for m in ms for d in m.event.demands)
    ev.demands = [d for d, _ in demands.most_common()]
    results = [(m.event.result.to_dict(), m) for m in ms if m.event.result]
    if results:
        ev.result = _latest([m for _, m in results]).event.result.to_dict()  # type: ignore[union-attr]


def event_id(ms: list[MentionRef]) -> str:
    """A stable id from the event's earliest mention."""
    first = min(ms, key=lambda m: (m.published or "9999", m.article_id, m.idx))
    h = hashlib.sha1(f"{first.article_id}\x1f{first.idx}".encode()).hexdigest()[:12]
    return f"ev-{h}"


def _signature(e: Event) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """What :func:`party_relation` reads of an event: the names of the parties that can link it (a
    name reported below the linking confidence is not one, so two events naming "Air Canada" at
    different confidences are not the same to it)."""
    return (tuple(tuple(o.forms()) for o in named(e.unions)), tuple(tuple(o.forms()) for o in named(e.employers)))


_PARTIES: dict[tuple[Any, Any], tuple[str, str | None]] = {}


def _relation_cached(a: Event, b: Event) -> tuple[str, str | None]:
    """:func:`party_relation`, remembered by the names of the two events' linkable parties (see :func:`_signature`)."""
    key = (_signature(a), _signature(b))
    if key not in _PARTIES:
        if len(_PARTIES) > 200_000:
            _PARTIES.clear()
        _PARTIES[key] = party_relation(a, b)
    return _PARTIES[key]


def link_events(mentions: list[MentionRef]) -> list[LinkedEvent]:
    """Group mentions into events (see the module docstring).

    Only events whose names' keys meet the mention's (:func:`strikewatch.link.scope.party_keys`:
    each way two names can be found the same) are compared with it, so linking stays fast
    on large stores; the result is the same as comparing with every event, since events
    whose keys do not meet cannot name a party in common.
    """
    from strikewatch.link.scope import MEETS, party_keys

    events: list[LinkedEvent] = []
    index: dict[tuple[str, str], set[int]] = {}
    for m in sorted(mentions, key=lambda m: m.order()):
        keys = {(f"{m.event.type}|{k}", r) for k, r in party_keys(m.event)}
        found = {i for k, r in keys for r2 in MEETS[r] for i in index.get((k, r2), ())}
        best_i = None
        best_fit = None
        for i in sorted(found):
            f = _fit(m, events[i])
            if f is not None and (best_fit is None or f[:3] > best_fit[:3]):
                best_i, best_fit = i, f
        if best_i is None:
            events.append(LinkedEvent(id="", type=m.event.type, mentions=[m]))
            best_i = len(events) - 1
        else:
            events[best_i].mentions.append(m)
            events[best_i].reasons.append(f"{m.article_id}: {best_fit[3]}")  # type: ignore[index]
        for kr in keys:
            index.setdefault(kr, set()).add(best_i)
    for ev in events:
        ev.id = event_id(ev.mentions)
        finish(ev)
    events.sort(key=lambda e: (D.sort_key(e.likely_start()), e.type, e.id))
    return events
