"""Role: is an organization the article names the event's union, its employer, or neither?

Every organization of the article (unions found by rule, the model's entities,
employer name patterns, "the government") is judged for each event from what it is
called (union and employer words, a known union's acronym, a local's number, an
outlet's name), how salient it is (mentions, the headline, the first sentence that
names it) and how it stands to the event's cue (subject of the strike verb, object
of "against" or "at", a possessive, the distance). Place names, outlets, photo
credits and the union's own acronym are learned to be neither.
"""

from __future__ import annotations

from collections.abc import Sequence

from strikewatch.extract.candidates import Analysis, Candidate, Entity
from strikewatch.extract.decide.linear import LinearModel
from strikewatch.extract.features import role_features
from strikewatch.extract.names import duplicates, org_forms

NAME = "role"
C = 0.15
ROLES = ("none", "union", "employer")


def fit(xs: Sequence[dict[str, float]], ys: Sequence[str], weights: Sequence[float] | None = None) -> LinearModel:
    return LinearModel.fit(NAME, xs, ys, c=C, min_count=2, classes=list(ROLES), sample_weight=weights)


def features(an: Analysis, mentions: Sequence[Candidate], e: Entity) -> dict[str, float]:
    n_unions = sum(1 for x in an.entities if x.union_rule)
    return role_features(an, list(mentions), e, n_unions)


#: organizations further than this many sentences from an event's mentions are judged only when they are
#: among the article's most named ones
NEAR = 3
SALIENT = 6


def candidates(an: Analysis, mentions: Sequence[Candidate]) -> list[Entity]:
    """The organizations worth judging for an event: named near its mentions, or among the most named."""
    sents = {c.sent.index for c in mentions}
    key = ("role_salient",)
    salient = an.cache.get(key)
    if salient is None:
        ranked = sorted(an.entities, key=lambda e: (-len(e.mentions), e.mentions[0].start if e.mentions else 0))
        salient = an.cache[key] = {e.id for e in ranked[:SALIENT]}
    out = []
    for e in an.entities:
        if e.id in salient or e.union_rule:
            out.append(e)
            continue
        for m in e.mentions:
            si = an.sentence_at(m.start)
            if si is not None and any(abs(si.index - k) <= NEAR for k in sents):
                out.append(e)
                break
    return out


def score(model: LinearModel, an: Analysis, mentions: Sequence[Candidate],
          entities: Sequence[Entity] | None = None) -> list[tuple[Entity, dict[str, float]]]:
    """Each organization (default: the :func:`candidates` of the event) with its probability of each role.

    An event of one mention is scored alone and again as a group: the answer is kept in the
    analysis's cache for the model that gave it."""
    pool = candidates(an, mentions) if entities is None else entities
    key = ("role_scores", tuple(c.key for c in mentions), tuple(e.id for e in pool))
    hit = an.cache.get(key)
    if hit is not None and hit[0] is model:
        return list(hit[1])
    out = [(e, model.predict_proba(features(an, mentions, e))) for e in pool]
    an.cache[key] = (model, out)
    return list(out)


#: when one side of an event has no organization above its threshold, that side's likeliest one still
#: counts above this (an event names its union and its employer far more often than not)
SIDE_FLOOR = 0.15


def choose(scored: Sequence[tuple[Entity, dict[str, float]]], th_union: float, th_employer: float,
           floor: float) -> tuple[list[tuple[Entity, float]], list[tuple[Entity, float]]]:
    """The event's unions and employers with their probabilities (at most 6 unions and 12 employers)."""
    unions = sorted(((e, p["union"]) for e, p in scored if p["union"] >= th_union and p["union"] >= p["employer"]),
                    key=lambda ep: -ep[1])[:6]
    employers = sorted(((e, p["employer"]) for e, p in scored if p["employer"] >= th_employer and p["employer"] > p["union"]),
                       key=lambda ep: -ep[1])[:12]
    if not unions and not employers and scored:
        e, p = max(scored, key=lambda ep: max(ep[1]["union"], ep[1]["employer"]))
        if max(p["union"], p["employer"]) >= floor:
            (unions if p["union"] >= p["employer"] else employers).append((e, max(p["union"], p["employer"])))
    taken = {e.id for e, _ in unions} | {e.id for e, _ in employers}
    for side, chosen, other in (("union", unions, "employer"), ("employer", employers, "union")):
        if chosen or not scored:
            continue
        e, p = max(scored, key=lambda ep: ep[1][side])
        if e.id not in taken and p[side] >= SIDE_FLOOR and p[side] > p[other]:
            chosen.append((e, p[side]))
    return _distinct(unions), _distinct(employers)


def _distinct(chosen: list[tuple[Entity, float]]) -> list[tuple[Entity, float]]:
    """One entry per body: a party that names the same body as a likelier one is dropped."""
    out: list[tuple[Entity, float]] = []
    for e, p in chosen:
        fe = org_forms(e.name, e.aliases)
        if not any(duplicates(fe, org_forms(x.name, x.aliases)) for x, _ in out):
            out.append((e, p))
    return out
