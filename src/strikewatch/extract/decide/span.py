"""Span: what a stated span says about a status (a stoppage that ended by publication is over).

A strike whose last day is before publication has occurred; one whose last day is after
it is underway or still to come; one that ends on the publication day is usually over
(the story is written when it ends). The table is learned from the gold: the status of
each event with a stated end, given where that end falls against the publication day.
Decoding multiplies it in as a likelihood ratio, for the events whose span is known.
"""

from __future__ import annotations

from collections.abc import Sequence

from strikewatch.extract.decide.linear import LinearModel
from strikewatch.model import STATUSES

NAME = "span"
C = 1.0


def features(end_relation: str | None, etype: str) -> dict[str, float]:
    f = {"bias": 1.0}
    if end_relation:
        f[f"end={end_relation}"] = 1.0
        f[f"{etype}|end={end_relation}"] = 1.0
    return f


def fit(xs: Sequence[dict[str, float]], ys: Sequence[str]) -> LinearModel:
    return LinearModel.fit(NAME, xs, ys, c=C, min_count=1, classes=list(STATUSES))


def ratio(model: LinearModel, end_relation: str | None, etype: str) -> dict[str, float]:
    """P(status | where the span ends) / P(status): 1.0 for every status when the end is unknown."""
    if not end_relation:
        return dict.fromkeys(STATUSES, 1.0)
    given = model.predict_proba(features(end_relation, etype))
    prior = model.predict_proba(features(None, etype))
    return {s: given[s] / max(prior[s], 1e-6) for s in STATUSES}
