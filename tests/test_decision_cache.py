"""The answers kept in an article's cache belong to the model that gave them.

An event is read alone and again as a group, under several statuses, so the date and role
decisions keep their answers in the analysis's cache; cross-validation reads one analysis with
the models of several folds, so an answer must never be handed to another model.
"""

from __future__ import annotations

from strikewatch.extract import pipeline
from strikewatch.extract.candidates import Analysis
from strikewatch.extract.decide import date as date_decision
from strikewatch.extract.decide import role, shipped
from strikewatch.extract.decide.linear import LinearModel

TEXT = ("Nurses of the Eastfield Nurses Union went on strike at Eastfield General Hospital on Monday, "
        "the union said on Wednesday. The strike began after talks with Eastfield Health failed on "
        "March 1.")


def _parsed() -> Analysis:
    an = pipeline.analyse({"id": "cache-1", "text": TEXT, "published": "2024-03-06"})
    pipeline.parse([an])
    assert an.candidates, "the article should have a strike candidate"
    return an


def _flipped(m: LinearModel) -> LinearModel:
    """The same features with every weight negated: it prefers what the model dislikes."""
    return LinearModel(m.name, list(m.classes), [-b for b in m.bias],
                       {f: [-x for x in w] for f, w in m.weights.items()})


def test_date_answer_is_kept_per_model() -> None:
    m = shipped().date
    other = _flipped(m)
    an = _parsed()
    cands = [c for c in an.candidates if c.type == "strike"][:1]
    first = date_decision.choose(m, an, cands, "occurred")
    assert date_decision.choose(m, an, cands, "occurred") is first  # kept
    flipped = date_decision.choose(other, an, cands, "occurred")
    fresh = _parsed()
    alone = date_decision.choose(other, fresh, [c for c in fresh.candidates if c.type == "strike"][:1], "occurred")
    assert flipped[0] is not None and alone[0] is not None
    assert (flipped[0].value, flipped[0].kind, round(flipped[1], 9)) == (alone[0].value, alone[0].kind, round(alone[1], 9))
    assert (flipped[0].value, flipped[1]) != (first[0].value if first[0] else None, first[1])


def test_role_answer_is_kept_per_model() -> None:
    m = shipped().role
    other = _flipped(m)
    an = _parsed()
    cands = [c for c in an.candidates if c.type == "strike"][:1]
    first = role.score(m, an, cands)
    again = role.score(m, an, cands)
    assert [(e.id, p) for e, p in again] == [(e.id, p) for e, p in first]
    again.clear()  # a caller's list is its own: the kept answer is not emptied
    assert role.score(m, an, cands)
    flipped = role.score(other, an, cands)
    fresh = _parsed()
    alone = role.score(other, fresh, [c for c in fresh.candidates if c.type == "strike"][:1])
    assert [(e.name, p) for e, p in flipped] == [(e.name, p) for e, p in alone]
    assert [p for _, p in flipped] != [p for _, p in first]
