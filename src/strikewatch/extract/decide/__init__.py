"""The learned decisions, one module each, and the weights they ship with.

| decision | module | judges | classes |
|---|---|---|---|
| detect | :mod:`.detect` | a (sentence, event type) candidate | event / not |
| status | :mod:`.status` | one mention of an event | occurred, ongoing, planned, threatened, cancelled |
| merge  | :mod:`.merge`  | two mentions of one type in one article | same event / not |
| date   | :mod:`.date`   | a reading of a date expression, or a day the text never states | the start / not |
| role   | :mod:`.role`   | an organization the article names, for one event | union, employer, none |
| claim  | :mod:`.claim`  | a percent or dollars-an-hour number | union demand, employer offer, none |
| article | :mod:`.article` | the whole article | reports a labor event / not |
| span   | :mod:`.span`   | where a stoppage's stated end falls against publication | the five statuses |
| date_rank | :mod:`.date` | two stated dates of one event (their difference) | the first is the start / the second |

Each is a :class:`~strikewatch.extract.decide.linear.LinearModel` trained by
:mod:`strikewatch.train` from the gold corpora; the weights are JSON files in
``weights/`` beside this module, described by ``weights/MODEL_CARD.md``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strikewatch.extract.decide.linear import LinearModel
from strikewatch.extract.nlp import keep_out_of_gc

WEIGHTS_DIR = Path(__file__).with_name("weights")
NAMES = ("detect", "status", "merge", "date", "role", "claim", "article", "span", "date_rank")

#: decision thresholds (probabilities); kept with the weights so a retrained set carries its own
DEFAULT_THRESHOLDS: dict[str, float] = {
    "detect": 0.2,  # a candidate becomes a mention (the lowest confidence an event can be reported at)
    "event": 0.6,  # an event (its mentions' probabilities pooled) is reported, unless asked otherwise (the best F1 in cross-validation)
    "merge": 0.5,  # two mentions are one event
    "union": 0.5,  # an organization is the event's union
    "employer": 0.5,  # ... its employer
    "party_floor": 0.25,  # when no organization passes, the likeliest one still counts above this
    "claim": 0.4,  # a number is a claim
    "article": 0.5,  # the article reports a labor event
    "labor": 0.3,  # ... it does when one of its events is at least this likely (listed or not)
}


@dataclass
class Models:
    """The decisions' weights and thresholds."""

    detect: LinearModel
    status: LinearModel
    merge: LinearModel
    date: LinearModel
    role: LinearModel
    claim: LinearModel
    article: LinearModel
    span: LinearModel
    date_rank: LinearModel
    thresholds: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    meta: dict[str, Any] = field(default_factory=dict)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name in NAMES:
            getattr(self, name).save(directory / f"{name}.json")
        (directory / "thresholds.json").write_text(json.dumps(
            {"thresholds": self.thresholds, "meta": self.meta}, indent=1, sort_keys=True) + "\n")

    @classmethod
    def load(cls, directory: Path) -> Models:
        missing = [n for n in NAMES if not (directory / f"{n}.json").is_file()]
        if missing:
            raise FileNotFoundError(f"{directory}: no weights for {', '.join(missing)} (run `strikewatch train`)")
        extra = json.loads((directory / "thresholds.json").read_text()) if (directory / "thresholds.json").is_file() else {}
        th = dict(DEFAULT_THRESHOLDS)
        th.update(extra.get("thresholds") or {})
        return cls(**{n: LinearModel.load(directory / f"{n}.json") for n in NAMES}, thresholds=th,
                   meta=extra.get("meta") or {})


@functools.lru_cache(maxsize=1)
def shipped() -> Models:
    """The weights shipped with the package (built by ``strikewatch train``)."""
    models = Models.load(WEIGHTS_DIR)
    keep_out_of_gc()  # loaded once, kept for the life of the process
    return models
