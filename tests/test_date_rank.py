"""The ranking of stated dates (``date_rank``): its training pairs, its fit, and how it re-picks a start."""

from __future__ import annotations

import pytest

from strikewatch.extract import pipeline
from strikewatch.extract.decide import date as date_decision
from strikewatch.extract.decide import shipped
from strikewatch.extract.decide.linear import LinearModel

# --- pairs --------------------------------------------------------------------------------


def test_pairs_set_each_right_option_against_each_wrong_one_of_the_same_event() -> None:
    xs = [{"a": 1.0, "s": 1.0}, {"b": 1.0, "s": 1.0}, {"c": 2.0, "s": 1.0},  # event 0: one right, two wrong
          {"a": 1.0}, {"a": 1.0, "d": 1.0}, {"b": 1.0}]  # event 1: two right, one wrong
    ys = ["yes", "no", "no", "yes", "yes", "no"]
    px, py, pw = date_decision.pairs(xs, ys, [0, 0, 0, 1, 1, 1])
    assert len(px) == 2 * (1 * 2 + 2 * 1)  # each pair in both directions
    assert py.count("yes") == py.count("no") == 4
    # what both options share ("s") cancels out; the difference is right minus wrong
    assert px[0] == {"a": 1.0, "b": -1.0} and py[0] == "yes"
    assert px[1] == {"a": -1.0, "b": 1.0} and py[1] == "no"
    assert {"a": 1.0, "c": -2.0} in px
    # an event weighs as much as it has wrong options, however many right ones it has
    assert pw[:4] == [1.0] * 4 and pw[4:] == [0.5] * 4


def test_an_event_with_no_wrong_or_no_right_option_gives_no_pairs() -> None:
    px, py, pw = date_decision.pairs([{"a": 1.0}, {"b": 1.0}, {"c": 1.0}], ["yes", "yes", "no"], [0, 0, 1])
    assert px == [] and py == [] and pw == []


def test_the_ranking_learns_what_tells_one_events_options_apart_and_has_no_intercept() -> None:
    # in every event the right option is the one nearest the cue; every option of an event shares its
    # status feature, which says nothing about which option is right
    xs, ys, gs = [], [], []
    for g in range(12):
        status = f"st={'occurred' if g % 2 else 'planned'}"
        for near in (True, False, False):
            xs.append({status: 1.0, "near" if near else "far": 1.0, f"n{g % 3}": 1.0})
            ys.append("yes" if near else "no")
            gs.append(g)
    m = date_decision.fit_rank(xs, ys, gs)
    assert m.name == "date_rank" and m.classes == ["no", "yes"]
    assert m.bias == [0.0]
    assert m.scores({"near": 1.0})[0] > 0 > m.scores({"far": 1.0})[0]
    assert "st=occurred" not in m.weights and "st=planned" not in m.weights  # cancelled in every pair
    assert m.meta["events"] == 12 and m.meta["options"] == 36


# --- rerank -------------------------------------------------------------------------------

ARTICLE = {
    "id": "rank1", "published": "2024-03-08",
    "text": "About 400 bus drivers at Harlow Transit went on strike Tuesday, a week after they voted "
            "on Feb. 27 to authorize it, the Harlow Drivers Union said. The union wants higher pay.",
}


def _analysed():  # type: ignore[no-untyped-def]
    an = pipeline.analyse(ARTICLE)
    pipeline.parse([an])
    return an


def _stated(an, cands, status):  # type: ignore[no-untyped-def]
    return [o for o in date_decision.options(an, cands, status)
            if o.kind == "stated" and date_decision.consistent(status, o.value, an)]


def _strike(an):  # type: ignore[no-untyped-def]
    cands = [c for c in an.candidates if c.type == "strike"]
    assert cands, "no strike candidate in the test article"
    return cands


def test_rerank_puts_first_the_stated_date_the_ranking_scores_highest() -> None:
    an = _analysed()
    cands = _strike(an)
    stated = _stated(an, cands, "occurred")
    values = {o.value for o in stated}
    assert {"2024-03-05", "2024-02-27"} <= values
    target = next(o for o in stated if o.value == "2024-02-27")
    others = {f for o in stated if o is not target for f in o.features}
    weights = {f: [2.0] for f in target.features if f not in others}
    assert weights, "the test needs a feature only the target option has"
    rank = LinearModel("date_rank", ["no", "yes"], [0.0], weights, {})
    first = next(o for o in stated if o is not target)
    got, p = date_decision.rerank(rank, an, cands, "occurred", first, 0.8)
    assert got is not None and got.value == "2024-02-27"
    # the confidence is the first choice's, times the new one's share of the ranking
    assert 0.0 < p < 0.8


def test_rerank_leaves_an_unstated_start_and_no_start_as_they_are() -> None:
    an = _analysed()
    cands = _strike(an)
    rank = shipped().date_rank
    fallback = next(o for o in date_decision.options(an, cands, "occurred") if o.kind == "pub")
    assert date_decision.rerank(rank, an, cands, "occurred", fallback, 0.4) == (fallback, 0.4)
    assert date_decision.rerank(rank, an, cands, "occurred", None, 0.0) == (None, 0.0)


def test_rerank_only_picks_dates_consistent_with_the_status() -> None:
    an = _analysed()
    cands = _strike(an)
    # a ranking that prefers the future: a planned strike cannot start before publication
    stated = date_decision.options(an, cands, "planned")
    later = [o for o in stated if o.kind == "stated" and o.value > "2024-03-08"]
    if not later:
        pytest.skip("no reading of the article's dates falls after publication")
    got, _ = date_decision.rerank(shipped().date_rank, an, cands, "planned", later[0], 0.5)
    assert got is not None and got.value > "2024-03-08"


# --- the shipped ranking ----------------------------------------------------------------------


def test_the_shipped_ranking_prefers_a_start_on_the_side_of_publication_its_status_says() -> None:
    rank = shipped().date_rank
    assert rank.bias == [0.0]
    assert rank.scores({"rel_status=before-occurred": 1.0})[0] > rank.scores({"rel_status=after-occurred": 1.0})[0]
    assert rank.scores({"rel_status=after-planned": 1.0})[0] > rank.scores({"rel_status=before-planned": 1.0})[0]


def test_a_strike_told_mid_strike_starts_on_the_day_it_began_not_the_day_of_the_story() -> None:
    rec = pipeline.extract_article({
        "id": "rank2", "published": "2024-10-17",
        "text": "Nurses at Corwin General Hospital are on the third day of a strike that began Tuesday. "
                "About 900 nurses walked out over staffing, the Corwin Nurses Association said. "
                "No talks are scheduled."})
    strikes = [e for e in rec.events if e.type == "strike"]
    assert strikes and strikes[0].start_date == "2024-10-15", [(e.status, e.start_date) for e in rec.events]
