"""Where a stoppage's end falls against publication weighs on its status only when the start it is
counted from is stated: a length counted from an estimated start ("a three-day strike", dated by
the publication day) says nothing of whether the strike is over."""

from __future__ import annotations

import pytest

from strikewatch.extract import assemble, pipeline
from strikewatch.extract.candidates import Analysis
from strikewatch.extract.decide import date as date_decision
from strikewatch.extract.decide import shipped

TEXT = ("Bus drivers of the Harwick Transit Workers Union ended a three-day strike against Harwick "
        "Coaches, the union said. Service resumes on the city's routes.")
PUB = "2024-05-08"


def _parsed() -> Analysis:
    an = pipeline.analyse({"id": "span-1", "text": TEXT, "published": PUB})
    pipeline.parse([an])
    return an


def _decide(monkeypatch: pytest.MonkeyPatch, kind: str) -> str:
    an = _parsed()
    cands = [c for c in an.candidates if c.type == "strike"]
    assert cands, "the article should have a strike candidate"
    # every status reads the same start: the publication day, stated or estimated
    opt = date_decision.DateOption(PUB, None, kind, cands[0].sent if kind == "stated" else None)
    monkeypatch.setattr(date_decision, "choose", lambda *_a, **_k: (opt, 0.9))
    probs = dict.fromkeys(("occurred", "ongoing", "planned", "threatened", "cancelled"), 0.01)
    probs.update(occurred=0.55, ongoing=0.41)
    m = shipped()
    status, _opt, _p = assemble._status_and_date(an, cands, probs, m.date, m.span)
    return status


def test_a_length_counted_from_an_estimated_start_leaves_the_status_to_the_status_model(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert _decide(monkeypatch, "pub") == "occurred"


def test_a_stated_start_whose_length_runs_past_publication_makes_the_stoppage_under_way(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the three days from the stated 8 May end on the 10th, after publication: not over yet
    assert _decide(monkeypatch, "stated") == "ongoing"
