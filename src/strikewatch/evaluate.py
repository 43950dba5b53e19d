"""Scoring the extractor against gold files with the official scorer.

The scorer (``shared/eval/score.py``) is loaded as a module, and its own
``load_gold``, ``score`` and ``show`` produce the figures, so they are exactly
the ones ``python3 score.py score GOLD --pred P.jsonl`` prints.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from strikewatch.ingest import ExtractFn, Failure, OnFailure, extract_paths
from strikewatch.model import Article, Record

SCORER_ENV = "STRIKEWATCH_SCORER"


class ScorerNotFound(Exception):
    """No scorer at any of the places looked at."""

    def __init__(self, tried: Sequence[Path]) -> None:
        self.tried = list(tried)
        super().__init__("scorer not found; tried: " + ", ".join(str(p) for p in self.tried))


def scorer_candidates(explicit: str | Path | None = None) -> list[Path]:
    """Where the scorer is looked for, in order.

    ``explicit`` alone when given; else ``$STRIKEWATCH_SCORER``, then
    ``../shared/eval/score.py`` from the working directory, then ``shared/eval/score.py``
    beside the repository that holds this package.
    """
    if explicit:
        return [Path(explicit)]
    out: list[Path] = []
    env = os.environ.get(SCORER_ENV)
    if env:
        out.append(Path(env))
    out.append(Path.cwd() / ".." / "shared" / "eval" / "score.py")
    import strikewatch

    out.append(Path(strikewatch.__file__).resolve().parents[2].parent / "shared" / "eval" / "score.py")
    return out


def find_scorer(explicit: str | Path | None = None) -> Path:
    """The first scorer file that exists; :class:`ScorerNotFound` naming every path tried."""
    tried = scorer_candidates(explicit)
    for p in tried:
        if p.is_file():
            return p.resolve()
    raise ScorerNotFound(tried)


def load_scorer(path: str | Path) -> ModuleType:
    """Import the scorer file as a module (it must define load_gold, score and show)."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location("strikewatch_official_scorer", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load a module from {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    missing = [f for f in ("load_gold", "score", "show") if not callable(getattr(mod, f, None))]
    if missing:
        raise ImportError(f"{path} lacks {', '.join(missing)}")
    return mod


@dataclass
class EvalRun:
    """The predictions written and the scorer's figures."""

    scores: dict[str, Any]
    predictions: int
    pred_path: Path
    failures: list[Failure] = field(default_factory=list)


def predict(
    gold_dirs: Iterable[str | Path],
    pred_out: str | Path,
    on_failure: OnFailure | None = None,
    extract_fn: ExtractFn | None = None,
) -> tuple[int, list[Failure]]:
    """Run the extractor over every article under ``gold_dirs``; write records as JSON lines."""
    failures: list[Failure] = []

    def fail(f: Failure) -> None:
        failures.append(f)
        if on_failure:
            on_failure(f)

    n = 0
    with open(pred_out, "w", encoding="utf-8") as fh:
        for _article, record in extract_paths(gold_dirs, on_failure=fail, extract_fn=extract_fn):
            fh.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n, failures


def score_predictions(
    scorer: ModuleType, gold_dirs: Sequence[str | Path], pred_path: str | Path
) -> dict[str, Any]:
    """The scorer's figures for a predictions file, read the way the scorer reads it."""
    gold = scorer.load_gold([str(d) for d in gold_dirs])
    load_preds = getattr(scorer, "load_preds", None)
    if callable(load_preds):
        preds = load_preds(str(pred_path))
    else:
        preds = {}
        for line in Path(pred_path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                preds[r.get("id")] = r
    return scorer.score(gold, preds)


def run_eval(
    gold_dirs: Sequence[str | Path],
    scorer: ModuleType,
    pred_out: str | Path,
    on_failure: OnFailure | None = None,
    extract_fn: ExtractFn | None = None,
) -> EvalRun:
    """Predict every gold article, then score the predictions with ``scorer``."""
    n, failures = predict(gold_dirs, pred_out, on_failure=on_failure, extract_fn=extract_fn)
    scores = score_predictions(scorer, gold_dirs, pred_out)
    return EvalRun(scores=scores, predictions=n, pred_path=Path(pred_out), failures=failures)


def run_linked_eval(
    gold_dirs: Sequence[str | Path],
    scorer: ModuleType,
    pred_out: str | Path,
    on_failure: OnFailure | None = None,
) -> EvalRun:
    """Extract and link every gold article; score the linked events with ``scorer.score_linked``.

    The predictions file holds the spec's linked output (one event a line).
    """
    failures: list[Failure] = []

    def fail(f: Failure) -> None:
        failures.append(f)
        if on_failure:
            on_failure(f)

    gold = scorer.load_gold([str(d) for d in gold_dirs])
    scores, lines = score_links(scorer, gold, extract_paths(gold_dirs, on_failure=fail), pred_out)
    return EvalRun(scores=scores, predictions=len(lines), pred_path=Path(pred_out), failures=failures)


def score_links(scorer: ModuleType, gold: dict[str, Any], pairs: Iterable[tuple[Article, Record]],
                pred_out: str | Path | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Link the records of ``pairs`` and score the links against ``gold`` (``scorer.score_linked``);
    the spec's linked output (one event a line) is returned, and kept in ``pred_out`` when given."""
    from strikewatch.link import link

    lines = [e.to_dict() for e in link(pairs).events]
    if pred_out is not None:
        with open(pred_out, "w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return scorer.score_linked(gold, lines), lines


def show_linked(scores: dict[str, Any]) -> None:
    """Print linked figures the way ``score.py linked`` does."""
    for k in ("event_links", "dispute_links"):
        d = scores[k]
        print(f"  {k:<14} P {d['p']:.3f}  R {d['r']:.3f}  F1 {d['f1']:.3f}  "
              f"({d['tp']} pairs right, {d['pred']} predicted, {d['gold']} gold)")
    print(f"  unmatched gold mentions: {scores['unmatched_mentions']} of {scores['gold_mentions']}")
    print(f"headline: event link F1 {scores['event_links']['f1']:.3f}, "
          f"dispute link F1 {scores['dispute_links']['f1']:.3f}")
