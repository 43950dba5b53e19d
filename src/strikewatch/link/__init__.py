"""Linking: per-article records in, events across articles and disputes out.

``link(items)`` takes (article, record) pairs and returns a :class:`Linked`:
canonical organizations, events that gather every mention of one real-world
event, and disputes that thread events between the same parties over one
contract cycle, with the claims (demands and offers) of each dispute in order.

It is a pure function of the set of mentions: the same articles in any order give
the same events, disputes and ids. The store calls it on ingest and on
``strikewatch relink``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from strikewatch.link.dates import sort_key
from strikewatch.link.disputes import Dispute, detach_background, group_disputes, merge_within
from strikewatch.link.events import LinkedEvent, MentionRef, link_events
from strikewatch.link.orgs import CanonicalOrg, OrgRegistry, is_generic
from strikewatch.model import Article, Claim, Record

__all__ = ["Dispute", "Linked", "LinkedEvent", "MentionRef", "link", "mentions_of"]


@dataclass
class ArticleClaims:
    article_id: str
    published: str | None
    source: str | None
    claims: list[Claim]


@dataclass
class Linked:
    events: list[LinkedEvent] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    orgs: list[CanonicalOrg] = field(default_factory=list)

    def event(self, event_id: str) -> LinkedEvent | None:
        return next((e for e in self.events if e.id == event_id), None)

    def dispute(self, ref: str) -> Dispute | None:
        """A dispute by id, or by a unique prefix of its id."""
        exact = next((d for d in self.disputes if d.id == ref), None)
        if exact:
            return exact
        hits = [d for d in self.disputes if d.id.startswith(ref)]
        return hits[0] if len(hits) == 1 else None


def mentions_of(article: Article, record: Record) -> list[MentionRef]:
    """The event mentions of one article's record."""
    return [
        MentionRef(article_id=article.id, published=record.published or article.published, idx=i, event=e,
                   source=article.source, url=article.url)
        for i, e in enumerate(record.events)
    ]


def link(items: Iterable[tuple[Article, Record]]) -> Linked:
    """Link the records of many articles (see the module docstring)."""
    mentions: list[MentionRef] = []
    claims: list[ArticleClaims] = []
    for art, rec in items:
        mentions.extend(mentions_of(art, rec))
        if rec.claims:
            claims.append(ArticleClaims(art.id, rec.published or art.published, art.source, rec.claims))
    return link_mentions(mentions, claims)


def link_mentions(mentions: list[MentionRef], claims: list[ArticleClaims] | None = None) -> Linked:
    disputes, background = detach_background(merge_within(group_disputes(link_events(mentions))))
    events = sorted([e for d in disputes for e in d.events] + background,
                    key=lambda e: (sort_key(e.likely_start()), e.type, e.id))
    registry = OrgRegistry()
    for ev in events:
        # generic names ("the district") are no organization of their own
        ev.union_ids = _dedupe([registry.add(o, "union").id for o in ev.unions if not is_generic(o)])
        ev.employer_ids = _dedupe([registry.add(o, "employer").id for o in ev.employers if not is_generic(o)])
    _attach_claims(disputes, claims or [])
    return Linked(events=events, disputes=disputes, orgs=registry.orgs)


def _dedupe(ids: list[str]) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i not in out:
            out.append(i)
    return out


def _attach_claims(disputes: list[Dispute], claims: list[ArticleClaims]) -> None:
    """Each article's claims go to the dispute most of its events belong to, in date order."""
    from strikewatch.cpi import real_raise

    by_article: dict[str, Counter[str]] = {}
    by_id = {d.id: d for d in disputes}
    for d in disputes:
        for e in d.events:
            for m in e.mentions:
                by_article.setdefault(m.article_id, Counter())[d.id] += 1
    for ac in sorted(claims, key=lambda c: (c.published or "", c.article_id)):
        votes = by_article.get(ac.article_id)
        if not votes:
            continue
        target = by_id[max(sorted(votes), key=lambda k: votes[k])]
        for c in ac.claims:
            row: dict[str, Any] = {**c.to_dict(), "article": ac.article_id, "published": ac.published,
                                   "source": ac.source, "real": None}
            if c.measure == "raise_pct":
                try:
                    rr = real_raise(c.value, c.years, ac.published)
                except ValueError:
                    rr = None
                row["real"] = rr.to_dict() if rr else None
            target.claims.append(row)
