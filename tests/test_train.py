"""The learned decisions: the learner, the shipped weights, training and cross-validation.

Articles here are short invented ones. Tests that read ``../shared`` skip with a message
when it is absent.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from _shared import CORPUS, missing

from strikewatch import train
from strikewatch.extract import pipeline
from strikewatch.extract.decide import NAMES, WEIGHTS_DIR, Models, shipped
from strikewatch.extract.decide.linear import LinearModel

SHARED = CORPUS


def _shared_dirs() -> list[Path]:
    dirs = [SHARED / c for c in train.VISIBLE_CORPORA if (SHARED / c).is_dir()]
    if not dirs:
        pytest.skip(missing(f"{SHARED} (training checks)"))
    return dirs


# --- the learner ----------------------------------------------------------------------


def test_linear_model_learns_and_round_trips(tmp_path: Path) -> None:
    xs = [{"cue=strike": 1.0, "tense=past": 1.0}, {"cue=strike": 1.0, "tense=future": 1.0},
          {"cue=deal": 1.0, "tense=past": 1.0}, {"cue=deal": 1.0, "tense=future": 1.0}] * 5
    ys = ["yes", "yes", "no", "no"] * 5
    m = LinearModel.fit("toy", xs, ys, c=10.0, min_count=1, classes=["no", "yes"])
    assert m.prob({"cue=strike": 1.0}) > 0.8
    assert m.prob({"cue=deal": 1.0}) < 0.2
    assert m.explain({"cue=strike": 1.0, "tense=past": 1.0}, "yes")[0][0] == "cue=strike"
    path = tmp_path / "toy.json"
    m.save(path)
    text = path.read_text()
    assert json.loads(text)["classes"] == ["no", "yes"]  # plain JSON, not a pickle
    again = LinearModel.load(path)
    assert again.prob({"cue=strike": 1.0}) == pytest.approx(m.prob({"cue=strike": 1.0}))


def test_multiclass_model_keeps_the_class_order_and_unseen_classes_never_win() -> None:
    xs = [{"w=will": 1.0}, {"w=went": 1.0}] * 6
    ys = ["planned", "occurred"] * 6
    m = LinearModel.fit("toy", xs, ys, c=10.0, min_count=1,
                        classes=["occurred", "ongoing", "planned", "threatened", "cancelled"])
    assert m.classes == ["occurred", "ongoing", "planned", "threatened", "cancelled"]
    assert m.predict({"w=will": 1.0}) == "planned"
    assert m.predict({"w=went": 1.0}) == "occurred"
    assert m.predict_proba({"w=will": 1.0})["cancelled"] < 0.01


def test_rare_features_are_dropped() -> None:
    xs = [{"common": 1.0, "once": 1.0}, {"common": 1.0}, {"other": 1.0}, {"other": 1.0}]
    m = LinearModel.fit("toy", xs, ["yes", "yes", "no", "no"], min_count=2, classes=["no", "yes"])
    assert "once" not in m.weights and "common" in m.weights


# --- the shipped weights ------------------------------------------------------------------


def test_shipped_weights_load_as_json_with_a_model_card() -> None:
    models = shipped()
    for name in NAMES:
        path = WEIGHTS_DIR / f"{name}.json"
        assert json.loads(path.read_text())["name"] == name
        assert getattr(models, name).weights
    assert models.status.classes == ["occurred", "ongoing", "planned", "threatened", "cancelled"]
    assert models.role.classes == ["none", "union", "employer"]
    card = (WEIGHTS_DIR / "MODEL_CARD.md").read_text()
    for heading in ("## Data", "## Decisions", "## What each decision relies on", "## Cross-validated figures"):
        assert heading in card
    assert 0.0 < models.thresholds["detect"] <= models.thresholds["event"] < 1.0


def test_missing_weights_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="strikewatch train"):
        Models.load(tmp_path)


def test_events_carry_the_probabilities_of_the_decisions() -> None:
    rec = pipeline.extract_article({
        "id": "t1", "published": "2024-03-07",
        "text": "About 800 warehouse workers at Pellham Logistics in Columbus, Ohio, walked off the job Tuesday, "
                "the Midwest Warehouse Workers Union said. The union wants higher pay."})
    assert rec.is_labor
    ev = rec.events[0]
    assert ev.type == "strike"
    assert 0.5 <= (ev.confidence or 0.0) <= 1.0
    assert set(ev.decision_confidence) == {"status", "start_date"}
    assert all(o.confidence is not None and 0.0 < o.confidence <= 1.0 for o in ev.unions + ev.employers)
    d = ev.to_dict()
    assert d["confidence"] == ev.confidence


def test_min_confidence_trades_recall_for_precision() -> None:
    text = ("Nurses at Harbor View Hospital in Tampa, Florida, went on strike Monday over staffing, the Harbor "
            "Nurses Union said. Technicians could join them later, a spokesperson said.")
    low = pipeline.extract_article({"id": "t2", "published": "2024-05-08", "text": text}, min_confidence=0.2)
    high = pipeline.extract_article({"id": "t2", "published": "2024-05-08", "text": text}, min_confidence=0.99)
    assert len(high.events) <= len(low.events)
    assert all((e.confidence or 0) >= 0.99 for e in high.events)
    assert all((e.confidence or 0) >= 0.2 for e in low.events)


# --- training and cross-validation ----------------------------------------------------------


def test_folds_are_by_article_and_stable() -> None:
    class _A:
        def __init__(self, i: str) -> None:
            self.analysis = type("X", (), {"article": type("Y", (), {"id": i})()})()

    data = [_A(f"a{i}") for i in range(50)]
    f1 = train.folds(data, 5)  # type: ignore[arg-type]
    f2 = train.folds(list(reversed(data)), 5)  # type: ignore[arg-type]
    assert sorted(i for f in f1 for i in f) == list(range(50))
    ids1 = [sorted(data[i].analysis.article.id for i in f) for f in f1]
    rev = list(reversed(data))
    ids2 = [sorted(rev[i].analysis.article.id for i in f) for f in f2]
    assert ids1 == ids2  # an article's fold does not depend on the order


def test_repeated_cross_validation_draws_new_folds() -> None:
    class _A:
        def __init__(self, i: str) -> None:
            self.analysis = type("X", (), {"article": type("Y", (), {"id": i})()})()

    data = [_A(f"a{i}") for i in range(60)]
    first = train.folds(data, 5, train.repeat_salt(0))  # type: ignore[arg-type]
    assert first == train.folds(data, 5)  # type: ignore[arg-type]  # the model card's folds come first
    second = train.folds(data, 5, train.repeat_salt(1))  # type: ignore[arg-type]
    third = train.folds(data, 5, train.repeat_salt(2))  # type: ignore[arg-type]
    for f in (second, third):
        assert sorted(i for fold in f for i in fold) == list(range(60))  # every article once
    assert second != first and third != first and second != third


def test_spread_of_repeated_figures() -> None:
    sp = train.spread([0.5, 0.7, 0.6])
    assert sp == {"mean": 0.6, "sd": 0.1, "min": 0.5, "max": 0.7, "n": 3}
    assert train.spread([0.42]) == {"mean": 0.42, "sd": 0.0, "min": 0.42, "max": 0.42, "n": 1}


def test_alignment_labels_candidates_by_evidence() -> None:
    an = pipeline.analyse({"id": "t3", "published": "2024-03-07",
                           "text": "Nurses at Mercy Hospital went on strike Tuesday. The weather was cold. "
                                   "The strike could end Friday, the union said."})
    pipeline.parse([an])
    gold = {"events": [{"type": "strike", "status": "ongoing", "start_date": "2024-03-05",
                        "unions": [], "employers": [{"name": "Mercy Hospital", "aliases": []}],
                        "evidence": ["Nurses at Mercy Hospital went on strike Tuesday."]}]}
    al = train.align(an, gold)
    keys = {k for k, v in al.of.items() if v == [0]}
    assert (0, "strike") in keys
    assert all(k[0] != 2 for k in keys)  # the third sentence is not cited


def test_an_event_weighs_the_same_in_role_training_however_many_names_it_is_judged_against() -> None:
    few = "Drivers at Kestrel Buses went on strike Monday, the Transit Workers Union said."
    many = ("Drivers at Kestrel Buses, Lark Coaches, Merlin Travel, Osprey Lines, Plover Transit, "
            "Rook Rail and Swift Shuttles went on strike Monday, the Transit Workers Union said.")
    data = []
    for i, text in enumerate((few, many)):
        an = pipeline.analyse({"id": f"rw{i}", "published": "2024-03-07", "text": text})
        pipeline.parse([an])
        gold = {"events": [{"type": "strike", "status": "occurred", "start_date": "2024-03-04",
                            "unions": [{"name": "Transit Workers Union", "aliases": []}],
                            "employers": [{"name": "Kestrel Buses", "aliases": []}], "evidence": [text]}]}
        data.append(train.align(an, gold))
    xs_few, ys_few, ws_few = train.role_examples(data[:1])
    xs_many, ys_many, ws_many = train.role_examples(data[1:])
    assert len(xs_few) == len(ys_few) == len(ws_few) and len(xs_many) == len(ys_many) == len(ws_many)
    assert len(ws_many) > train.ROLE_EVENT_WEIGHT > len(ws_few)  # seven companies and a union, against two names
    assert ws_few == [1.0] * len(ws_few)
    assert sum(ws_many) == pytest.approx(train.ROLE_EVENT_WEIGHT)
    assert "employer" in ys_many and "union" in ys_many
    # the weights reach the learner: the role model fits with them
    model = train.role.fit(xs_few + xs_many, ys_few + ys_many, ws_few + ws_many)
    assert model.classes == ["none", "union", "employer"]


def test_role_labels_prefer_the_side_that_names_an_organization_exactly() -> None:
    from collections import Counter

    from strikewatch.extract.candidates import Entity

    def entity(name: str) -> Entity:
        return Entity(id=0, forms=Counter({name: 1}))

    event = {"unions": [{"name": "Coalition of Harbor Health Unions", "aliases": []}],
             "employers": [{"name": "Harbor Health", "aliases": []}]}
    # "Harbor Health" is inside the union's name (the scorer's match), and the employer by name
    assert train.entity_role(entity("Harbor Health"), event) == "employer"
    assert train.entity_role(entity("Coalition of Harbor Health Unions"), event) == "union"
    assert train.entity_role(entity("Coalition of Harbor Health Union"), event) == "union"  # matched loosely
    assert train.entity_role(entity("Bayline Transit"), event) == "none"


def test_role_labels_read_a_government_named_by_its_kind_as_the_one_the_gold_names() -> None:
    from strikewatch.extract.candidates import Entity

    city = Entity(id=0)
    city.forms["city"] += 1
    event = {"employers": [{"name": "City of Albany", "aliases": []}],
             "location": {"city": "Albany", "state": "NY", "country": "US"}}
    assert train.entity_role(city, event) == "employer"
    assert train.entity_role(city, {**event, "location": {"city": "Troy", "state": "NY", "country": "US"}}) == "none"
    assert train.entity_role(city, {**event, "employers": [{"name": "Albany Water Works", "aliases": []}]}) == "none"


def test_training_reproduces_the_shipped_weights() -> None:
    """Training on the visible corpora gives the shipped weights (the models are derived data, rebuilt by
    `strikewatch train`)."""
    dirs = _shared_dirs()
    data = train.analyse_all(train.load_gold(dirs))
    fresh = train.fit(data)
    ship = Models.load(WEIGHTS_DIR)
    for name in NAMES:
        a, b = getattr(fresh, name), getattr(ship, name)
        assert a.classes == b.classes, name
        fa, fb = set(a.weights), set(b.weights)
        assert len(fa ^ fb) <= 0.01 * len(fa | fb), f"{name}: {len(fa ^ fb)} features differ"
        worst = max((abs(x - y) for f in fa & fb for x, y in zip(a.weights[f], b.weights[f], strict=True)), default=0)
        assert worst < 5e-3, f"{name}: weights differ by {worst}"


def test_keep_confident_reads_records_as_decide_makes_them() -> None:
    """The model card's figures filter one low-floor pass; they must equal what `decide` gives, at a
    floor asked for and at the default one (where labor news lists at least its likeliest event)."""
    art = {"id": "kc", "published": "2026-03-05",
           "text": "About 500 nurses at Mercy Hospital went on strike Tuesday. Members of the Mercy Nurses "
                   "Union voted last week to authorize the strike."}
    base = shipped()
    low = pipeline.extract_article(art, base, min_confidence=base.thresholds["detect"])
    for event_floor in (base.thresholds["event"], 1.01):
        models = dataclasses.replace(base, thresholds={**base.thresholds, "event": event_floor})
        for asked in (None, event_floor):
            made = pipeline.extract_article(art, models, min_confidence=asked).to_dict()
            read = train.keep_confident([low], event_floor, models.thresholds["labor"], default=asked is None)["kc"]
            assert read["is_labor"] == made["is_labor"]
            assert [(e["type"], e["confidence"]) for e in read["events"]] == \
                [(e["type"], e["confidence"]) for e in made["events"]]
