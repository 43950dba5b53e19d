"""Status: is the event past, underway, planned, threatened or called off (as of publication)?

The decision is made per event, from all its mentions at once: the features of the
first mention in the body (the article's framing of the event), marked ``f:``, and
those of every mention, marked ``a:`` (the tense and auxiliaries of the cue's verb,
cue families such as cancellation or continuation words, the sentence's dates
against the publication day). A mention alone is an event of one mention.
"""

from __future__ import annotations

from collections.abc import Sequence

from strikewatch.extract.candidates import Analysis, Candidate
from strikewatch.extract.decide.linear import LinearModel
from strikewatch.extract.features import status_features
from strikewatch.model import STATUSES

NAME = "status"
C = 1.2
#: how an event's mentions make its features: "af" (any mention + the first in the body), "a" (any mention)
MODE = "af"


def fit(xs: Sequence[dict[str, float]], ys: Sequence[str]) -> LinearModel:
    return LinearModel.fit(NAME, xs, ys, c=C, min_count=2, classes=list(STATUSES))


def features(an: Analysis, cands: Sequence[Candidate]) -> dict[str, float]:
    """One event's status features from its mentions (in text order)."""
    body = [c for c in cands if c.sent.index != 0] or list(cands)
    first = min(body, key=lambda c: c.sent.index)
    out: dict[str, float] = {}
    for c in cands:
        for k, v in status_features(an, c).items():
            key = "a:" + k
            if v > out.get(key, 0.0):
                out[key] = v
            if c is first and MODE == "af":
                out["f:" + k] = v
    return out


def probs(model: LinearModel, an: Analysis, cands: Sequence[Candidate]) -> dict[str, float]:
    return model.predict_proba(features(an, cands))


def best(p: dict[str, float]) -> str:
    return max(STATUSES, key=lambda s: p[s])
