"""Merge: are two mentions of one type in one article the same real-world event?

Greedy average-link clustering in text order: a mention joins the cluster whose
members it most likely shares an event with, when that probability passes the
threshold; else it starts an event of its own. The pairwise probability is learned
from mentions that are evidence of one gold event versus of two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from strikewatch.extract.candidates import Analysis, Candidate
from strikewatch.extract.decide.linear import LinearModel
from strikewatch.extract.features import Reading, pair_features

NAME = "merge"
C = 0.25


def fit(xs: Sequence[dict[str, float]], ys: Sequence[str]) -> LinearModel:
    return LinearModel.fit(NAME, xs, ys, c=C, min_count=2, classes=["no", "yes"])


def pair(model: LinearModel, an: Analysis, a: Candidate, b: Candidate, ra: Reading, rb: Reading) -> float:
    if a.sent.index > b.sent.index:
        a, b, ra, rb = b, a, rb, ra
    return model.prob(pair_features(an, a, b, ra, rb))


def cluster(model: LinearModel, an: Analysis, cands: Sequence[Candidate], read: Callable[[int], Reading],
            threshold: float) -> list[list[int]]:
    """Indices of ``cands`` grouped into events (each group of one type). ``read(i)`` is what mention
    ``i`` says alone: asked only of mentions that have another of their type to be compared with."""
    order = sorted(range(len(cands)), key=lambda i: cands[i].sent.index)
    groups: list[list[int]] = []
    for i in order:
        best, best_p = None, threshold
        for g in groups:
            if cands[g[0]].type != cands[i].type:
                continue
            p = sum(pair(model, an, cands[j], cands[i], read(j), read(i)) for j in g) / len(g)
            if p >= best_p:
                best, best_p = g, p
        if best is None:
            groups.append([i])
        else:
            best.append(i)
    return groups
