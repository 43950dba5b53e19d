"""Article: does the article report a labor event at all?

News that mentions unions or strikes in passing (a football striker, a lightning
strike, a union's endorsement of a candidate, a "lockout/tagout" safety fine, a
walkout of lawmakers or students) is not labor news. The decision reads the whole
article: its words, how many of its sentences speak of work and unions, the unions
it names, and how sure the detector is of its likeliest event mentions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from strikewatch.extract.candidates import Analysis
from strikewatch.extract.decide.linear import LinearModel
from strikewatch.extract.features import FAMILIES, STOP, _bin

NAME = "article"
C = 1.0
WORD = re.compile(r"[a-z][a-z’'-]{2,}")


def fit(xs: Sequence[dict[str, float]], ys: Sequence[str]) -> LinearModel:
    return LinearModel.fit(NAME, xs, ys, c=C, min_count=3, classes=["no", "yes"])


def features(an: Analysis, detect_probs: Sequence[float]) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0}
    top = sorted(detect_probs, reverse=True)
    best = top[0] if top else 0.0
    f["max_detect"] = best
    f[f"max_detect={_bin(best, (0.3, 0.5, 0.7, 0.9, 0.97))}"] = 1.0
    f["top3_detect"] = sum(top[:3]) / 3
    n = sum(1 for p in top if p >= 0.5)
    f[f"mentions={_bin(n, (0, 1, 2, 4, 8))}"] = 1.0
    f["log_mentions"] = math.log1p(n)
    sents = an.sentences
    labor = sum(1 for s in sents if s.labor_cue)
    f[f"labor_share={_bin(labor / max(1, len(sents)), (0.1, 0.2, 0.35, 0.5, 0.7))}"] = 1.0
    strong = sum(1 for s in sents if any(c.strong for c in s.cues))
    f[f"strong_sents={_bin(strong, (0, 1, 2, 4, 8))}"] = 1.0
    unions = sum(1 for e in an.entities if e.union_rule)
    f[f"unions={_bin(unions, (0, 1, 2))}"] = 1.0
    text = an.text
    for name in ("other_sense", "general", "caption"):
        k = len(FAMILIES[name].findall(text))
        if k:
            f[f"fam={name}:{_bin(k, (1, 3))}"] = 1.0
    for w in set(WORD.findall(text.lower())):
        if w not in STOP:
            f[f"w={w}"] = 1.0
    return f


def prob(model: LinearModel, an: Analysis, detect_probs: Sequence[float]) -> float:
    return model.prob(features(an, detect_probs))
