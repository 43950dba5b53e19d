"""Date: which date is the event's start?

The options are every reading of every date expression in the event's sentences
("Tuesday" read as the last Tuesday, the next one, or the nearest; "Sept. 20" in
this year or the next) plus the days a report leaves unsaid: the day before
publication, the publication day, its month. Each option is scored on its own
(the parse path from the cue to the date, the preposition before it, where it falls
against the publication day, the event's status); the likeliest one wins. The
readings themselves are date arithmetic (:mod:`strikewatch.extract.temporal`).

A second model, the ranking (``date_rank``), settles which *stated* date it is once the
first has chosen one: it is trained on pairs of one event's options, a right one against
a wrong one, as the difference of their features, so that what all of an event's options
share (its status, its sentence) cancels out and only what tells them apart is learned.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from strikewatch.extract.candidates import Analysis, Candidate, DateCand, SentInfo
from strikewatch.extract.decide.linear import LinearModel
from strikewatch.extract.features import date_features, fallback_features, relation

NAME = "date"
C = 0.3
RANK_NAME = "date_rank"
#: the ranking's regularisation (the same as the pointwise model's; 0.1 and 1.0 did no better)
RANK_C = 0.3
FALLBACKS = ("pub-1", "pub", "pub-month")
#: statuses whose start is never estimated: a threat with no date stated has none
NO_ESTIMATE: frozenset[str] = frozenset({"threatened"})


@dataclass
class DateOption:
    value: str
    end_value: str | None
    kind: str  # "stated" or one of FALLBACKS
    sent: SentInfo | None = None
    cand: DateCand | None = None
    features: dict[str, float] = field(default_factory=dict)


def fit(xs: Sequence[dict[str, float]], ys: Sequence[str]) -> LinearModel:
    return LinearModel.fit(NAME, xs, ys, c=C, min_count=2, classes=["no", "yes"])


def fit_rank(xs: Sequence[dict[str, float]], ys: Sequence[str], groups: Sequence[int]) -> LinearModel:
    """The ranking of stated dates, from options ``xs`` labelled "yes"/"no" and the event
    (``groups``) each belongs to; an event with no right or no wrong option teaches nothing."""
    px, py, pw = pairs(xs, ys, groups)
    m = LinearModel.fit(RANK_NAME, px, py, c=RANK_C, min_count=2, classes=["no", "yes"], sample_weight=pw,
                        fit_intercept=False)
    m.meta["options"] = len(xs)
    m.meta["events"] = len(set(groups))
    return m


def pairs(xs: Sequence[dict[str, float]], ys: Sequence[str], groups: Sequence[int]
          ) -> tuple[list[dict[str, float]], list[str], list[float]]:
    """The ranking problem: within each event, every right option against every wrong one, as the
    difference of their features ("yes"), and the reverse ("no"). An event weighs as much as it
    has wrong options, however many right ones it has (a day read twice is one answer)."""
    by: dict[int, tuple[list[int], list[int]]] = {}
    for i, (y, g) in enumerate(zip(ys, groups, strict=True)):
        by.setdefault(g, ([], []))[0 if y == "yes" else 1].append(i)
    px: list[dict[str, float]] = []
    py: list[str] = []
    pw: list[float] = []
    for pos, neg in by.values():
        for i in pos:
            for j in neg:
                d = dict(xs[i])
                for f, v in xs[j].items():
                    d[f] = d.get(f, 0.0) - v
                d = {f: v for f, v in d.items() if v != 0.0}
                for label, sign in (("yes", 1.0), ("no", -1.0)):
                    px.append({f: sign * v for f, v in d.items()})
                    py.append(label)
                    pw.append(1.0 / len(pos))
    return px, py, pw


def rerank(rank: LinearModel, an: Analysis, mentions: Sequence[Candidate], status: str,
           opt: DateOption | None, p: float) -> tuple[DateOption | None, float]:
    """When the chosen start ``opt`` (probability ``p``) is a stated date: of the stated dates
    consistent with ``status``, the one the ranking puts first, with ``p`` times its share of the
    ranking (the softmax of the stated dates' scores). Any other choice is returned as it is."""
    if opt is None or opt.kind != "stated":
        return opt, p
    stated = [o for o in options(an, mentions, status) if o.kind == "stated" and consistent(status, o.value, an)]
    if not stated:
        return opt, p
    scores = [rank.scores(o.features)[0] for o in stated]
    top = max(scores)
    ex = [math.exp(v - top) for v in scores]
    best = scores.index(top)
    return stated[best], p * ex[best] / sum(ex)


def options(an: Analysis, mentions: Sequence[Candidate], status: str) -> list[DateOption]:
    """Every date the event could start on, with its features (built once per event and status: the
    choice and the ranking both read them)."""
    key = ("date_options", tuple(c.key for c in mentions), status)
    hit = an.cache.get(key)
    if hit is None:
        hit = an.cache[key] = _options(an, mentions, status)
    return hit


def _options(an: Analysis, mentions: Sequence[Candidate], status: str) -> list[DateOption]:
    out: list[DateOption] = []
    seen_sents: set[int] = set()
    ms = list(mentions)
    for c in ms:
        si = c.sent
        if si.index in seen_sents:
            continue
        seen_sents.add(si.index)
        for d in si.dates:
            for value, end_value, tenses in d.readings():
                out.append(DateOption(value, end_value, "stated", si, d,
                                      date_features(an, ms, si, d, value, tenses, status)))
    n_stated = len(out)
    pub = an.pub
    if pub is not None and status not in NO_ESTIMATE:
        values = {"pub-1": (pub - dt.timedelta(days=1)).isoformat(), "pub": pub.isoformat(), "pub-month": pub.isoformat()[:7]}
        for kind in FALLBACKS:
            if an.pub_precision == "month" and kind != "pub-month":
                continue  # the anchor is a month: no day to estimate
            out.append(DateOption(values[kind], None, kind, features=fallback_features(an, ms, kind, n_stated, status)))
    return out


#: where a start can fall against the publication day for each status (temporal logic of the
#: statuses, spec/EVENTS.md rule 2: past and underway events began by publication, planned and
#: threatened ones begin from it on); "holds" is a month or year around the publication day
CONSISTENT: dict[str, frozenset[str]] = {
    "occurred": frozenset({"before", "same", "holds", "unknown"}),
    "ongoing": frozenset({"before", "same", "holds", "unknown"}),
    "planned": frozenset({"after", "same", "holds", "unknown"}),
    "threatened": frozenset({"after", "same", "holds", "unknown"}),
    "cancelled": frozenset({"before", "same", "holds", "after", "unknown"}),
}


def consistent(status: str, value: str, an: Analysis) -> bool:
    return relation(value, an.pub) in CONSISTENT[status]


def choose(model: LinearModel, an: Analysis, mentions: Sequence[Candidate], status: str) -> tuple[DateOption | None, float]:
    """The likeliest start consistent with ``status``, and its probability (None: nothing to choose from).

    An event is read alone and again as a group, under up to three statuses: each answer is kept in
    the analysis's cache for the model that gave it."""
    key = ("date_choice", tuple(c.key for c in mentions), status)
    hit = an.cache.get(key)
    if hit is not None and hit[0] is model:
        return hit[1]
    best, best_p = None, -1.0
    for o in options(an, mentions, status):
        if not consistent(status, o.value, an):
            continue
        p = model.prob(o.features)
        if p > best_p:
            best, best_p = o, p
    out = (best, max(best_p, 0.0))
    an.cache[key] = (model, out)
    return out
