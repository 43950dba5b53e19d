"""A linear model over named features: the one learner every decision uses.

Each example is a ``dict`` of feature names to values (mostly 1.0). Training goes
through scikit-learn (``DictVectorizer`` + ``LogisticRegression``, L2, lbfgs:
deterministic for the same data); prediction needs no scikit-learn at all, only
the weights, which are plain JSON: ``{"classes": [...], "bias": [...],
"weights": {feature: [w per class]}}``. A binary model stores one weight per
feature (the positive class's).

``explain`` lists the features that pushed a prediction, for model cards, the
evidence pages and debugging.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Features = Mapping[str, float]

#: weights are rounded to this many decimals on saving: small files, stable across machines
DECIMALS = 5


@dataclass
class LinearModel:
    """Logistic regression weights: ``classes[k]`` gets ``bias[k] + sum(weights[f][k] * x[f])``."""

    name: str
    classes: list[str]
    bias: list[float]
    weights: dict[str, list[float]]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def binary(self) -> bool:
        return len(self.classes) == 2

    # --- prediction ------------------------------------------------------------------

    def scores(self, x: Features) -> list[float]:
        if self.binary:
            get = self._flat().get
            t = 0.0
            for f, v in x.items():
                w1 = get(f)
                if w1 is not None:
                    t += w1 * v
            return [self.bias[0] + t]
        # the rows of the features present once (most are), summed column by column in C
        get = self._rows().get
        ones: list[Sequence[float]] = [self.bias]
        scaled: list[tuple[Sequence[float], float]] = []
        for f, v in x.items():
            w = get(f)
            if w is None:
                continue
            if v == 1.0:
                ones.append(w)
            else:
                scaled.append((w, v))
        s = [sum(col) for col in zip(*ones, strict=True)]
        for w, v in scaled:
            for k in range(len(s)):
                s[k] += w[k] * v
        return s

    def _rows(self) -> dict[str, tuple[float, ...]]:
        """A multiclass model's weights as one tuple per feature, built once (for a few dozen features
        a plain loop beats building an array)."""
        m = self.__dict__.get("_rowsw")
        if m is None:
            m = self.__dict__["_rowsw"] = {f: tuple(w) for f, w in self.weights.items()}
        return m

    def _flat(self) -> dict[str, float]:
        """A binary model's weights as one number per feature, built once."""
        m = self.__dict__.get("_flatw")
        if m is None:
            m = self.__dict__["_flatw"] = {f: w[0] for f, w in self.weights.items()}
        return m

    def predict_proba(self, x: Features) -> dict[str, float]:
        """Probability of each class."""
        s = self.scores(x)
        if self.binary:
            p = _sigmoid(s[0])
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        m = max(s)
        e = [math.exp(v - m) for v in s]
        z = sum(e)
        return {c: v / z for c, v in zip(self.classes, e, strict=True)}

    def prob(self, x: Features) -> float:
        """For a binary model: the probability of the positive class."""
        return _sigmoid(self.scores(x)[0])

    def predict(self, x: Features) -> str:
        p = self.predict_proba(x)
        return max(self.classes, key=lambda c: p[c])

    def explain(self, x: Features, cls: str | None = None, top: int = 8) -> list[tuple[str, float]]:
        """The features that contributed most to ``cls`` (default: the predicted class), signed."""
        cls = cls or self.predict(x)
        if self.binary:
            sign = 1.0 if cls == self.classes[1] else -1.0
            contrib = [(f, sign * self.weights[f][0] * v) for f, v in x.items() if f in self.weights]
        else:
            k = self.classes.index(cls)
            contrib = [(f, self.weights[f][k] * v) for f, v in x.items() if f in self.weights]
        contrib.sort(key=lambda fc: -abs(fc[1]))
        return [(f, round(c, 4)) for f, c in contrib[:top]]

    def strongest(self, top: int = 10) -> dict[str, list[tuple[str, float]]]:
        """The largest weights of each class (for a model card)."""
        out: dict[str, list[tuple[str, float]]] = {}
        if self.binary:
            ranked = sorted(self.weights.items(), key=lambda kv: -kv[1][0])
            out[self.classes[1]] = [(f, w[0]) for f, w in ranked[:top]]
            out[self.classes[0]] = [(f, -w[0]) for f, w in ranked[::-1][:top]]
            return out
        for k, c in enumerate(self.classes):
            ranked = sorted(self.weights.items(), key=lambda kv: -kv[1][k])
            out[c] = [(f, w[k]) for f, w in ranked[:top]]
        return out

    # --- training --------------------------------------------------------------------

    @classmethod
    def fit(
        cls,
        name: str,
        xs: Sequence[Features],
        ys: Sequence[str],
        *,
        c: float = 1.0,
        min_count: int = 2,
        class_weight: str | dict[str, float] | None = None,
        classes: Sequence[str] | None = None,
        sample_weight: Sequence[float] | None = None,
        fit_intercept: bool = True,
    ) -> LinearModel:
        """Fit on examples ``xs`` with labels ``ys``; features seen fewer than ``min_count`` times are dropped."""
        import numpy as np
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        counts: Counter[str] = Counter(f for x in xs for f in x)
        keep = {f for f, n in counts.items() if n >= min_count}
        rows = [{f: v for f, v in x.items() if f in keep} for x in xs]
        present = sorted(set(ys))
        all_classes = list(classes) if classes else present
        if len(present) < 2:
            # nothing to learn: a constant model
            k = all_classes.index(present[0]) if present else 0
            bias = [0.0] * (1 if len(all_classes) == 2 else len(all_classes))
            if len(all_classes) == 2:
                bias = [8.0 if k == 1 else -8.0]
            else:
                bias[k] = 8.0
            return cls(name, all_classes, bias, {}, {"examples": len(xs)})
        vec = DictVectorizer(sort=True)
        x = vec.fit_transform(rows)
        y = np.array(list(ys))
        lr = LogisticRegression(C=c, max_iter=2000, class_weight=class_weight, fit_intercept=fit_intercept)
        lr.fit(x, y, sample_weight=np.array(sample_weight) if sample_weight is not None else None)
        names = vec.get_feature_names_out()
        fitted = [str(k) for k in lr.classes_]
        if len(fitted) == 2 and len(all_classes) > 2:
            # two of several classes seen: the binary weights split into a multinomial pair
            # (P(b) = sigmoid(w.x) is softmax with w/2 for b and -w/2 for a); the others never win
            coef = lr.coef_[0]
            a, b = fitted
            weights = {}
            for f, w in zip(names, coef, strict=True):
                row = [round(float(w) / 2, DECIMALS) if c_ == b else round(-float(w) / 2, DECIMALS) if c_ == a
                       else 0.0 for c_ in all_classes]
                if any(row):
                    weights[str(f)] = row
            half = float(lr.intercept_[0]) / 2
            bias = [round(half, DECIMALS) if c_ == b else round(-half, DECIMALS) if c_ == a else -30.0
                    for c_ in all_classes]
            meta = {"examples": len(xs), "features": len(weights), "c": c, "min_count": min_count,
                    "labels": dict(sorted(Counter(ys).items()))}
            return cls(name, all_classes, bias, dict(sorted(weights.items())), meta)
        if len(fitted) == 2:
            coef = lr.coef_[0]
            weights = {str(f): [round(float(w), DECIMALS)] for f, w in zip(names, coef, strict=True)
                       if round(float(w), DECIMALS) != 0.0}
            bias = [round(float(lr.intercept_[0]), DECIMALS)]
            model_classes = fitted
        else:
            # multinomial: keep the classes in the order asked for; unseen ones never win
            model_classes = all_classes
            idx = {c_: i for i, c_ in enumerate(fitted)}
            weights = {}
            for j, f in enumerate(names):
                row = [round(float(lr.coef_[idx[c_], j]), DECIMALS) if c_ in idx else 0.0 for c_ in model_classes]
                if any(row):
                    weights[str(f)] = row
            bias = [round(float(lr.intercept_[idx[c_]]), DECIMALS) if c_ in idx else -30.0 for c_ in model_classes]
        meta = {"examples": len(xs), "features": len(weights), "c": c, "min_count": min_count,
                "labels": dict(sorted(Counter(ys).items()))}
        return cls(name, model_classes, bias, dict(sorted(weights.items())), meta)

    # --- files -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "classes": self.classes, "bias": self.bias, "meta": self.meta,
                "weights": self.weights}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinearModel:
        return cls(d["name"], list(d["classes"]), [float(b) for b in d["bias"]],
                   {str(k): [float(x) for x in v] for k, v in d["weights"].items()}, dict(d.get("meta") or {}))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=0, sort_keys=False) + "\n")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls.from_dict(json.loads(path.read_text()))


def _sigmoid(s: float) -> float:
    if s >= 0:
        return 1.0 / (1.0 + math.exp(-s))
    e = math.exp(s)
    return e / (1.0 + e)


def merge_features(*parts: Iterable[tuple[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for p in parts:
        for f, v in p:
            out[f] = out.get(f, 0.0) + v
    return out
