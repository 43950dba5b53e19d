"""Detect: is a (sentence, event type) candidate a report of a labor event of that type?

Learns the other senses of the words (air strikes, "strike a deal"), hypotheticals
and conditionals, general calls for a strike, photo captions and background
statistics from the gold: a candidate is positive when its sentence is evidence of
a gold event of its type.
"""

from __future__ import annotations

from collections.abc import Sequence

from strikewatch.extract.candidates import Analysis, Candidate
from strikewatch.extract.decide.linear import LinearModel
from strikewatch.extract.features import candidate_features

NAME = "detect"
C = 0.3


def fit(xs: Sequence[dict[str, float]], ys: Sequence[str], weights: Sequence[float] | None = None) -> LinearModel:
    return LinearModel.fit(NAME, xs, ys, c=C, min_count=2, classes=["no", "yes"], sample_weight=weights)


def score(model: LinearModel, an: Analysis) -> list[tuple[Candidate, float]]:
    """Every candidate of the article with its probability of being an event mention."""
    return [(c, model.prob(candidate_features(an, c))) for c in an.candidates]
