"""Gold corpora -> the weights of the learned decisions (deterministic).

A gold file holds an article and the record a careful reader wrote for it. Training
aligns the candidates of the article with the gold events: a (sentence, type)
candidate is a mention of a gold event when its sentence overlaps that event's
evidence; the event's status, start date, unions and employers then label the
status, date and role examples built from its mentions. Each decision is fitted in
turn (detect, status, date and its ranking, role, merge, ...); the later ones see the earlier ones'
outputs as they will at prediction time.

``strikewatch train GOLD_DIR...`` writes the weights; ``cross_validate`` trains on
four fifths of the articles and predicts the fifth, five times (articles never
straddle folds), for figures on articles the models never saw.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strikewatch.extract import pipeline
from strikewatch.extract.assemble import read_alone
from strikewatch.extract.candidates import Analysis, Candidate, Entity
from strikewatch.extract.decide import (
    DEFAULT_THRESHOLDS,
    Models,
    article,
    claim,
    detect,
    merge,
    role,
    span,
    status,
)
from strikewatch.extract.decide import date as date_decision
from strikewatch.extract.features import candidate_features, pair_features
from strikewatch.extract.names import government_name, org_forms, same_org
from strikewatch.model import Article, Record

Progress = Callable[[str], None]  # a line of progress to show


@dataclass
class GoldArticle:
    article: Article
    gold: dict[str, Any]
    path: str


@dataclass
class Aligned:
    """One analysed gold article: which candidates are mentions of which gold event."""

    analysis: Analysis
    gold: dict[str, Any]
    # candidate key (sentence index, type) -> indices of the gold events it reports
    of: dict[tuple[int, str], list[int]] = field(default_factory=dict)

    def mentions_of(self, j: int) -> list[Candidate]:
        return sorted((c for c in self.analysis.candidates if j in self.of.get(c.key, [])), key=lambda c: c.sent.index)


def load_gold(dirs: Iterable[str | Path]) -> list[GoldArticle]:
    """Every gold file of the directories (sorted by file name; an id seen twice keeps the first)."""
    out: list[GoldArticle] = []
    seen: set[str] = set()
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            raise FileNotFoundError(f"{d}: not a directory of gold files")
        for f in sorted(d.glob("*.json")):
            raw = json.loads(f.read_text())
            if not isinstance(raw, dict) or "gold" not in raw or raw.get("id") in seen:
                continue
            seen.add(raw["id"])
            out.append(GoldArticle(Article.from_dict(raw, path=str(f)), raw["gold"], str(f)))
    return out


def analyse_all(golds: Sequence[GoldArticle], progress: Progress | None = None) -> list[Aligned]:
    """Analyse and parse every gold article, then align its candidates with its gold events."""
    out: list[Aligned] = []
    step = 64
    for i in range(0, len(golds), step):
        chunk = golds[i : i + step]
        ans = [pipeline.analyse(_copy(g.article)) for g in chunk]
        pipeline.parse(ans)
        for g, an in zip(chunk, ans, strict=True):
            out.append(align(an, g.gold))
        if progress:
            progress(f"analysed {min(i + step, len(golds))} of {len(golds)} articles")
    return out


def _copy(a: Article) -> Article:
    return Article(id=a.id, text=a.text, url=a.url, source=a.source, title=a.title, published=a.published,
                   published_from=a.published_from, path=a.path)


def _find(text: str, ev: str) -> tuple[int, int] | None:
    i = text.find(ev)
    if i >= 0:
        return i, i + len(ev)
    # whitespace may differ
    pat = r"\s+".join(re.escape(w) for w in ev.split())
    m = re.search(pat, text) if pat else None
    return (m.start(), m.end()) if m else None


def align(an: Analysis, gold: dict[str, Any]) -> Aligned:
    al = Aligned(an, gold)
    spans_by_event: list[list[tuple[int, int]]] = []
    for ge in gold.get("events") or []:
        spans = [sp for ev in ge.get("evidence") or [] if (sp := _find(an.text, ev)) is not None]
        spans_by_event.append(spans)
    for c in an.candidates:
        s0, s1 = c.sent.sentence.start, c.sent.sentence.end
        hits = [j for j, ge in enumerate(gold.get("events") or [])
                if ge["type"] == c.type and any(a < s1 and s0 < b for a, b in spans_by_event[j])]
        if hits:
            al.of[c.key] = hits
    return al


def org_matches(forms_a: set[str], forms_b: set[str]) -> bool:
    return same_org(forms_a, forms_b)


def _forms(name: str, aliases: Iterable[str]) -> set[str]:
    return org_forms(name, aliases)


def entity_role(e: Entity, ge: dict[str, Any]) -> str:
    """The gold role of an organization in one event: the side that names it exactly, else the side
    whose name matches it as the scorer matches names ("Kaiser Permanente" is inside the union's name
    "Coalition of Kaiser Permanente Unions", and is the employer the event names)."""
    ef = _forms(e.name, e.aliases)
    sides = [(label, [_forms(o.get("name") or "", o.get("aliases") or []) for o in ge.get(k) or []])
             for k, label in (("unions", "union"), ("employers", "employer"))]
    for label, golds in sides:
        if any(ef & g for g in golds):
            return label
    for label, golds in sides:
        if any(org_matches(ef, g) for g in golds):
            return label
    loc = ge.get("location") or {}
    gov = government_name(e.name, loc.get("city"), loc.get("state"), loc.get("country")) if e.name[:1].islower() else None
    if gov is not None and any(_forms(gov, []) & g for g in sides[1][1]):
        return "employer"  # "the city" where the gold names the City of Albany: the name the record gives it
    return "none"


def date_ok(value: str | None, gold: str | None, slack: int = 0) -> bool:
    """The scorer's date test: right at gold's precision (the prediction may be finer)."""
    if not gold:
        return False
    if not value:
        return False
    g = [int(x) for x in gold.split("-")]
    p = [int(x) for x in value.split("-")]
    if len(g) == 3 and len(p) == 3:
        try:
            return abs((dt.date(*p) - dt.date(*g)).days) <= slack
        except ValueError:
            return False
    if len(p) < len(g):
        return False
    return p[: len(g)] == g


# --- examples ----------------------------------------------------------------------------

Examples = tuple[list[dict[str, float]], list[str]]


#: the weight of a "no" for a candidate of a type the article's gold has, in a sentence it
#: does not cite: the reader cites the sentences that state an event, not every one that
#: refers to it, so such a "no" is less sure than one for a type the article never reports
UNCITED_WEIGHT = 0.5


def detect_examples(data: Sequence[Aligned]) -> tuple[list[dict[str, float]], list[str], list[float]]:
    xs, ys, ws = [], [], []
    for al in data:
        types = {ge["type"] for ge in al.gold.get("events") or []}
        for c in al.analysis.candidates:
            if c.key in al.of:
                y, w = "yes", 1.0
            elif c.type in types:
                y, w = "no", UNCITED_WEIGHT
            else:
                y, w = "no", 1.0
            xs.append(candidate_features(al.analysis, c))
            ys.append(y)
            ws.append(w)
    return xs, ys, ws


def status_examples(data: Sequence[Aligned]) -> Examples:
    xs, ys = [], []
    for al in data:
        for j, ge in enumerate(al.gold.get("events") or []):
            cands = al.mentions_of(j)
            if cands:
                xs.append(status.features(al.analysis, cands))
                ys.append(ge["status"])
    return xs, ys


def merge_examples(data: Sequence[Aligned], m_status: Any, m_date: Any, m_role: Any) -> Examples:
    xs, ys = [], []
    th = dict(DEFAULT_THRESHOLDS)
    for al in data:
        an = al.analysis
        ms = sorted((c for c in an.candidates if c.key in al.of), key=lambda c: c.sent.index)
        rd = {c.key: read_alone(an, c, status.probs(m_status, an, [c]), m_status, m_date, m_role, th) for c in ms}
        for i, a in enumerate(ms):
            for b in ms[i + 1 :]:
                if a.type != b.type or a.sent.index == b.sent.index:
                    continue
                same = bool(set(al.of[a.key]) & set(al.of[b.key]))
                xs.append(pair_features(an, a, b, rd[a.key], rd[b.key]))
                ys.append("yes" if same else "no")
    return xs, ys


def date_examples(data: Sequence[Aligned], status_model: Any
                  ) -> tuple[list[dict[str, float]], list[str], list[int], list[str]]:
    """Each option of each gold event's start, labelled, with the event it belongs to and its kind
    ("stated", or the day left unsaid it stands for)."""
    xs, ys, gs, kinds = [], [], [], []
    event_no = 0
    for al in data:
        an = al.analysis
        for j, ge in enumerate(al.gold.get("events") or []):
            gold_start = ge.get("start_date")
            cands = al.mentions_of(j)
            if not cands or not gold_start:
                continue
            st = status.best(status.probs(status_model, an, cands))
            slack = 1 if ge["type"] == "contract_expiration" else 0
            for o in date_decision.options(an, cands, st):
                xs.append(o.features)
                ys.append("yes" if date_ok(o.value, gold_start, slack) else "no")
                gs.append(event_no)
                kinds.append(o.kind)
            event_no += 1
    return xs, ys, gs, kinds


#: an event's organizations weigh at most this much in the role model's training, together: an
#: event judged against thirty names (a strike at every train company of a country) would
#: otherwise teach the model thirty times what an event with three teaches it
ROLE_EVENT_WEIGHT = 4.0


def role_examples(data: Sequence[Aligned]) -> tuple[list[dict[str, float]], list[str], list[float]]:
    xs, ys, ws = [], [], []
    for al in data:
        an = al.analysis
        for j, ge in enumerate(al.gold.get("events") or []):
            cands = al.mentions_of(j)
            if not cands:
                continue
            pool = role.candidates(an, cands)
            w = min(1.0, ROLE_EVENT_WEIGHT / len(pool)) if pool else 1.0
            for e in pool:
                xs.append(role.features(an, cands, e))
                ys.append(entity_role(e, ge))
                ws.append(w)
    return xs, ys, ws


def span_examples(data: Sequence[Aligned]) -> Examples:
    """The status of every gold stoppage given where its stated end falls (or with no end known)."""
    from strikewatch.extract.features import relation

    xs, ys = [], []
    for al in data:
        pub = al.analysis.pub
        for ge in al.gold.get("events") or []:
            if ge["type"] not in ("strike", "lockout", "protest"):
                continue
            end = ge.get("end_date")
            rel = relation(end, pub) if end and pub else None
            xs.append(span.features(rel if rel != "unknown" else None, ge["type"]))
            ys.append(ge["status"])
    return xs, ys


def claim_examples(data: Sequence[Aligned]) -> Examples:
    return claim.examples((al.analysis.text, [(s.sentence.start, s.sentence.end) for s in al.analysis.sentences], al.gold)
                          for al in data)


def article_examples(data: Sequence[Aligned], k: int = 3) -> Examples:
    """One example per article; the detector's probabilities come from models that did not see it."""
    xs, ys = [], []
    for idx in folds(data, k, salt="article"):
        held = set(idx)
        m = detect.fit(*detect_examples([al for i, al in enumerate(data) if i not in held]))
        for i in idx:
            an = data[i].analysis
            probs = [p for _, p in detect.score(m, an)]
            xs.append(article.features(an, probs))
            ys.append("yes" if data[i].gold.get("is_labor") else "no")
    return xs, ys


def fit(data: Sequence[Aligned], progress: Progress | None = None) -> Models:
    """The decisions fitted on aligned gold articles, in order."""
    def say(msg: str) -> None:
        if progress:
            progress(msg)

    say("fitting detect")
    m_detect = detect.fit(*detect_examples(data))
    say("fitting status")
    m_status = status.fit(*status_examples(data))
    say("fitting date")
    xs, ys, groups, kinds = date_examples(data, m_status)
    m_date = date_decision.fit(xs, ys)
    say("fitting date_rank")
    stated = [i for i, k in enumerate(kinds) if k == "stated"]
    m_date_rank = date_decision.fit_rank([xs[i] for i in stated], [ys[i] for i in stated], [groups[i] for i in stated])
    say("fitting role")
    m_role = role.fit(*role_examples(data))
    say("fitting merge")
    m_merge = merge.fit(*merge_examples(data, m_status, m_date, m_role))
    say("fitting claim")
    m_claim = claim.fit(*claim_examples(data))
    say("fitting article")
    m_article = article.fit(*article_examples(data))
    m_span = span.fit(*span_examples(data))
    return Models(m_detect, m_status, m_merge, m_date, m_role, m_claim, m_article, m_span, m_date_rank,
                  thresholds=dict(DEFAULT_THRESHOLDS))


def predict(models: Models, data: Sequence[Aligned]) -> list[Record]:
    return [pipeline.decide(al.analysis, models) for al in data]


def folds(data: Sequence[Aligned], k: int, salt: str = "") -> list[list[int]]:
    """Article-level folds: an article's place is fixed by a hash of its id (stable, order-free)."""
    out: list[list[int]] = [[] for _ in range(k)]
    for i, al in enumerate(data):
        h = int(hashlib.sha1((salt + al.analysis.article.id).encode()).hexdigest(), 16)
        out[h % k].append(i)
    return out


def cross_validate(data: Sequence[Aligned], k: int = 5, progress: Progress | None = None,
                   min_confidence: float | None = None, salt: str = "") -> list[Record]:
    """Out-of-fold records for every article: each predicted by models that never saw it
    (``salt`` draws another assignment of the articles to folds)."""
    preds: list[Record | None] = [None] * len(data)
    for n, idx in enumerate(folds(data, k, salt)):
        held = set(idx)
        train = [al for i, al in enumerate(data) if i not in held]
        models = fit(train)
        for i in idx:
            preds[i] = pipeline.decide(data[i].analysis, models, min_confidence)
        if progress:
            progress(f"fold {n + 1} of {k}: {len(train)} articles to train, {len(idx)} to predict")
    return [p for p in preds if p is not None]


def cross_validate_pairs(data: Sequence[Aligned], k: int = 5, progress: Progress | None = None,
                         salt: str = "") -> list[tuple[Article, Record]]:
    """Out-of-fold records, each with the article it is for: what linking reads (``link.link``)."""
    by_id = {al.analysis.article.id: al.analysis.article for al in data}
    return [(by_id[r.id], r) for r in cross_validate(data, k, progress, salt=salt)]


def repeat_salt(r: int) -> str:
    """The fold salt of the ``r``-th repetition of a cross-validation (0: the folds of the model card)."""
    return "" if r == 0 else f"repeat-{r}"


def spread(values: Sequence[float]) -> dict[str, float]:
    """Mean, standard deviation (n-1), lowest and highest of one figure over repeated cross-validations."""
    n = len(values)
    mean = sum(values) / n if n else 0.0
    sd = (sum((v - mean) ** 2 for v in values) / (n - 1)) ** 0.5 if n > 1 else 0.0
    return {"mean": round(mean, 4), "sd": round(sd, 4), "min": round(min(values, default=0.0), 4),
            "max": round(max(values, default=0.0), 4), "n": n}


# --- the command: train, cross-validate, write the weights and the model card -----------

VISIBLE_CORPORA = ("seeds", "dev", "train", "linked-dev")


def default_gold_dirs() -> list[Path]:
    """The visible corpora beside the checkout (``../shared/corpus/...``), those that exist."""
    import strikewatch

    roots = [Path.cwd() / ".." / "shared" / "corpus",
             Path(strikewatch.__file__).resolve().parents[2].parent / "shared" / "corpus"]
    for root in roots:
        dirs = [root / c for c in VISIBLE_CORPORA if (root / c).is_dir()]
        if dirs:
            return [d.resolve() for d in dirs]
    return []


@dataclass
class TrainReport:
    models: Models
    articles: int
    events: int
    dirs: list[str]
    cv_scores: dict[str, Any] | None = None
    cv_records: list[Record] = field(default_factory=list)
    pr: list[dict[str, float]] = field(default_factory=list)


def keep_confident(records: Sequence[Record], threshold: float,
                   labor: float = DEFAULT_THRESHOLDS["labor"], default: bool = False) -> dict[str, dict[str, Any]]:
    """Records as the scorer reads them, as :func:`pipeline.decide` makes them with ``min_confidence``
    ``threshold``: events of at least that confidence; labor news when an event reaches the lower of it
    and ``labor``. ``default``: as it makes them at its default floor (``threshold`` then the event
    threshold), where labor news none of whose events reaches the floor lists its likeliest one."""
    out = {}
    for r in records:
        d = r.to_dict()
        conf = [e.get("confidence") or 0.0 for e in d["events"]]
        d["is_labor"] = any(c >= min(threshold, labor) for c in conf)
        kept = [e for e, c in zip(d["events"], conf, strict=True) if c >= threshold]
        if default and d["is_labor"] and not kept:
            kept = [max(d["events"], key=lambda e: e.get("confidence") or 0.0)]
        d["events"] = kept
        if not d["is_labor"]:
            d["claims"] = []
        out[r.id] = d
    return out


def pr_curve(scorer: Any, gold: dict[str, Any], records: Sequence[Record],
             thresholds: Sequence[float] = tuple(i / 20 for i in range(4, 20))) -> list[dict[str, float]]:
    """Strict event precision and recall when only events of at least each confidence are kept."""
    out = []
    for t in thresholds:
        s = scorer.score(gold, keep_confident(records, t))["events_strict"]
        out.append({"threshold": round(t, 2), "p": s["p"], "r": s["r"], "f1": s["f1"], "pred": s["pred"]})
    return out


def train_command(dirs: Sequence[str | Path], out_dir: Path, cv: int = 5, scorer: Any = None,
                  progress: Progress | None = None) -> TrainReport:
    """Train on ``dirs``, save the weights to ``out_dir``, cross-validate and write the model card."""
    golds = load_gold(dirs)
    if not golds:
        raise ValueError("no gold files found in " + ", ".join(str(d) for d in dirs))
    data = analyse_all(golds, progress)
    models = fit(data, progress)
    models.meta = {"trained_on": [Path(d).name for d in dirs], "articles": len(data),
                   "events": sum(len(al.gold.get("events") or []) for al in data)}
    report = TrainReport(models, len(data), models.meta["events"], [str(d) for d in dirs])
    if cv and cv > 1 and scorer is not None:
        # one pass at the lowest confidence the models report: the default records are these
        # filtered at the event threshold (mentions and merges do not depend on it)
        records = cross_validate(data, cv, progress, min_confidence=models.thresholds["detect"])
        gold = scorer.load_gold([str(d) for d in dirs])
        report.cv_records = records
        report.cv_scores = scorer.score(gold, keep_confident(records, models.thresholds["event"], default=True))
        report.pr = pr_curve(scorer, gold, records)
        models.meta["cv"] = {"folds": cv, "strict_f1": report.cv_scores["events_strict"]["f1"]}
    models.save(out_dir)
    (out_dir / "MODEL_CARD.md").write_text(model_card(report, data), encoding="utf-8")
    if report.pr:
        (out_dir / "pr_curve.json").write_text(json.dumps(
            {"what": f"strict event P/R by minimum confidence, {cv}-fold cross-validation", "points": report.pr},
            indent=1) + "\n", encoding="utf-8")
    return report


def model_card(report: TrainReport, data: Sequence[Aligned]) -> str:
    """The model card: what each decision was trained on, what it reads, how well it does unseen."""
    m = report.models
    lines = [
        "# strikewatch decisions: model card",
        "",
        "Written by `strikewatch train`; every figure here is regenerated with the weights.",
        "",
        "## Data",
        "",
        f"Gold corpora: {', '.join(Path(d).name for d in report.dirs)} ({report.articles} articles, "
        f"{report.events} gold events, {sum(1 for al in data if not al.gold.get('is_labor'))} articles with no "
        "labor event). Annotated to `shared/spec/EVENTS.md` by careful readers.",
        "",
        "## Decisions",
        "",
        "Each decision is a logistic regression (scikit-learn, L2, lbfgs) over named features, stored as JSON "
        "weights (`<name>.json`: classes, bias, a weight per feature and class). Features seen fewer than twice "
        "are dropped. Detector features come plain and joined with the event type (`strike|...`). A detector "
        f"\"no\" for a type the article reports, in a sentence its reader did not cite, weighs {UNCITED_WEIGHT}; "
        f"the role examples of one event weigh at most {ROLE_EVENT_WEIGHT:g} together.",
        "",
        "| decision | judges | classes | examples | features |",
        "|---|---|---|---|---|",
    ]
    what = {"detect": "a (sentence, event type) candidate", "status": "an event (all its mentions)",
            "merge": "two mentions of one type in one article", "date": "a reading of a date, or an unstated day",
            "role": "an organization, for one event", "claim": "a percent or dollars-an-hour number",
            "article": "the whole article", "span": "where a stoppage's stated end falls against publication",
            "date_rank": "two stated dates of one event: which is the start"}
    from strikewatch.extract.decide import NAMES

    for name in NAMES:
        lm = getattr(m, name)
        lines.append(f"| {name} | {what.get(name, '')} | {', '.join(lm.classes)} | {lm.meta.get('examples', '?')} | "
                     f"{len(lm.weights)} |")
    lines += ["", "Thresholds: " + ", ".join(f"{k} {v}" for k, v in sorted(m.thresholds.items())), ""]
    lines += ["## What each decision relies on", "",
              "The largest weights of each class (a feature's name says what it reads: `gov=` the verb that "
              "governs the cue, `fam=` a family of cue words near it, `rel=` where a date falls against the "
              "publication day, `src=` where an organization's name was found, ...).", ""]
    for name in NAMES:
        lm = getattr(m, name)
        lines.append(f"### {name}")
        lines.append("")
        for cls, feats in lm.strongest(8).items():
            shown = ", ".join(f"`{f}` {w:+.2f}" for f, w in feats)
            lines.append(f"- **{cls}**: {shown}")
        lines.append("")
    if report.cv_scores:
        s = report.cv_scores
        acc = s["accuracy"]
        lines += ["## Cross-validated figures", "",
                  f"Article-level {m.meta['cv']['folds']}-fold cross-validation over the corpora above (each "
                  "article predicted by models trained without it; folds by a hash of the article id), "
                  "scored with `shared/eval/score.py`:", "",
                  "| measure | value |", "|---|---|",
                  f"| strict event F1 | {s['events_strict']['f1']:.3f} (P {s['events_strict']['p']:.3f}, "
                  f"R {s['events_strict']['r']:.3f}) |",
                  f"| events, type + date F1 | {s['events']['f1']:.3f} |",
                  f"| is_labor F1 | {s['doc_is_labor']['f1']:.3f} |",
                  f"| unions F1 / employers F1 | {s['unions']['f1']:.3f} / {s['employers']['f1']:.3f} |",
                  f"| claims F1 | {s['claims']['f1']:.3f} |",
                  f"| status / start-date accuracy | {acc['status']['acc']:.3f} / {acc['start_date']['acc']:.3f} |",
                  f"| state / city accuracy | {acc['state']['acc']:.3f} / {acc['city']['acc']:.3f} |",
                  "", "Strict event precision and recall by minimum event confidence:", "",
                  "| min. confidence | precision | recall | F1 | events kept |", "|---|---|---|---|---|"]
        for row in report.pr:
            lines.append(f"| {row['threshold']:.2f} | {row['p']:.3f} | {row['r']:.3f} | {row['f1']:.3f} | "
                         f"{row['pred']} |")
        lines.append("")
    return "\n".join(lines) + "\n"
