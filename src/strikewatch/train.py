"""Gold corpora -> the weights of the learned decisions (deterministic).

A gold file holds an article and the record a careful reader wrote for it. Training
aligns the candidates of the article with the gold events: a (sentence, type)
candidate is a mention of a gold event when its sentence overlaps that event's
evidence; the event's status, start date, unions and employers then label the
status, date and role examples built from its mentions. Each decision is fitted in
turn (detect, status, merge, date, role); the later ones see the earlier ones'
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
from strikewatch.extract.decide import DEFAULT_THRESHOLDS, Models, article, claim, detect, merge, role, status
from strikewatch.extract.decide import date as date_decision
from strikewatch.extract.features import candidate_features, pair_features
from strikewatch.extract.names import org_forms, same_org
from strikewatch.model import Article, Record

Progress = Callable[[str], None]


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
    ef = _forms(e.name, e.aliases)
    for k, label in (("unions", "union"), ("employers", "employer")):
        for o in ge.get(k) or []:
            if org_matches(ef, _forms(o.get("name") or "", o.get("aliases") or [])):
                return label
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


def date_examples(data: Sequence[Aligned], status_model: Any) -> Examples:
    xs, ys = [], []
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
    return xs, ys


def role_examples(data: Sequence[Aligned]) -> Examples:
    xs, ys = [], []
    for al in data:
        an = al.analysis
        for j, ge in enumerate(al.gold.get("events") or []):
            cands = al.mentions_of(j)
            if not cands:
                continue
            for e in an.entities:
                xs.append(role.features(an, cands, e))
                ys.append(entity_role(e, ge))
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
    """The five decisions fitted on aligned gold articles, in order."""
    def say(msg: str) -> None:
        if progress:
            progress(msg)

    say("fitting detect")
    m_detect = detect.fit(*detect_examples(data))
    say("fitting status")
    m_status = status.fit(*status_examples(data))
    say("fitting date")
    m_date = date_decision.fit(*date_examples(data, m_status))
    say("fitting role")
    m_role = role.fit(*role_examples(data))
    say("fitting merge")
    m_merge = merge.fit(*merge_examples(data, m_status, m_date, m_role))
    say("fitting claim")
    m_claim = claim.fit(*claim_examples(data))
    say("fitting article")
    m_article = article.fit(*article_examples(data))
    return Models(m_detect, m_status, m_merge, m_date, m_role, m_claim, m_article, thresholds=dict(DEFAULT_THRESHOLDS))


def predict(models: Models, data: Sequence[Aligned]) -> list[Record]:
    return [pipeline.decide(al.analysis, models) for al in data]


def folds(data: Sequence[Aligned], k: int, salt: str = "") -> list[list[int]]:
    """Article-level folds: an article's place is fixed by a hash of its id (stable, order-free)."""
    out: list[list[int]] = [[] for _ in range(k)]
    for i, al in enumerate(data):
        h = int(hashlib.sha1((salt + al.analysis.article.id).encode()).hexdigest(), 16)
        out[h % k].append(i)
    return out


def cross_validate(data: Sequence[Aligned], k: int = 5, progress: Progress | None = None) -> list[Record]:
    """Out-of-fold records for every article: each predicted by models that never saw it."""
    preds: list[Record | None] = [None] * len(data)
    for n, idx in enumerate(folds(data, k)):
        held = set(idx)
        train = [al for i, al in enumerate(data) if i not in held]
        models = fit(train)
        for i in idx:
            preds[i] = pipeline.decide(data[i].analysis, models)
        if progress:
            progress(f"fold {n + 1} of {k}: {len(train)} articles to train, {len(idx)} to predict")
    return [p for p in preds if p is not None]
