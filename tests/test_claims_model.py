"""The learned claims extractor (strikewatch.extract.decide.claim): candidates by mechanism, the shipped
model's decisions on short invented sentences, and its training API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _shared import CORPUS, missing

from strikewatch.extract.decide import claim
from strikewatch.extract.sentences import split_sentences
from strikewatch.model import Claim

SHARED = CORPUS


def _spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text)]


def _cands(text: str) -> set[tuple[str, float, float | None, str]]:
    return {(c.measure, c.value, c.years, c.form) for c in claim.candidates(text, _spans(text))}


def _values(text: str, measure: str = "raise_pct") -> set[float]:
    return {c.value for c in claim.candidates(text, _spans(text)) if c.measure == measure}


def _claims(text: str) -> list[Claim]:
    return claim.find_claims(text, _spans(text))


def _keys(text: str) -> set[tuple[str, str, str, float]]:
    return {(c.party, c.kind, c.measure, c.value) for c in _claims(text)}


# --- candidates (mechanism) ----------------------------------------------------------------


def test_percent_forms() -> None:
    assert _values("Workers want a 30% raise.") == {30.0}
    assert _values("They seek a five percent wage increase.") == {5.0}
    assert _values("The offer was a 2-percent salary increase.") == {2.0}
    assert _values("The deal gives 3.5 per cent more pay.") == {3.5}
    assert _values("Nurses asked for twenty-five percent.") == {25.0}


def test_years_over_and_per_year_sums() -> None:
    ask = "The union is asking for a 25% raise over three years."
    assert ("raise_pct", 25.0, 3.0, "single") in _cands(ask)
    assert ("raise_pct", 9.0, 3.0, "per_year") in _cands("They offered 3% a year for three years.")
    each = "The city offered 3 percent in each of the next two years."
    assert ("raise_pct", 6.0, 2.0, "per_year") in _cands(each)


def test_schedule_sums() -> None:
    text = "The agency is offering raises of 4%, 3% and 2% over three years."
    assert ("raise_pct", 9.0, 3.0, "schedule") in _cands(text)
    steps = "The union wants 3 percent the first four years and a 2.5 percent raise the last year."
    assert 14.5 in _values(steps)
    then = "It sought a 4 per cent increase in the first year, then 4.5 per cent in the second year."
    assert 8.5 in _values(then)


def test_schedule_is_not_a_total_plus_its_parts() -> None:
    # the last number is a total over three years, not another step
    text = "The union proposes pay increases of 10% immediately and 20% over three years."
    assert 30.0 not in _values(text)
    assert {10.0, 20.0} <= _values(text)


def test_schedule_across_sentences() -> None:
    text = "The district offered a 2 percent raise this year. It also offered an additional 2 percent later."
    found = [c for c in claim.candidates(text, _spans(text)) if c.form == "xsent"]
    assert [(c.value, c.years) for c in found] == [(4.0, 2.0)]
    assert (found[0].sent_start, found[0].sent_end) == (0, len(text))


def test_ranges_give_their_lower_bound() -> None:
    assert _values("Management proposed a raise of 5% to 6%.") == {5.0}
    assert _values("Management proposed a raise of 5 to 6 percent.") == {5.0}
    assert ("raise_pct", 15.0, 5.0, "per_year") in _cands(
        "The five-year contract puts between 3% and 4% each year toward salary increases.")
    # a change of position is not a range: both numbers stay
    assert {18.0, 19.0} <= _values("The hospital raised its offer from 18% to 19%.")


def test_pay_cut_and_freeze() -> None:
    assert _values("Members rejected terms that included a five per cent wage cut.") == {-5.0}
    assert _values("The company plans on reducing salaries by 10%.") == {-10.0}
    assert ("raise_pct", 0.0, 4.0, "freeze") in _cands("The owners offered to freeze wages for 4 years.")


def test_dollars_per_hour() -> None:
    assert _values("Drivers want pay raised to $22 hourly.", "wage_floor_per_hour") == {22.0}
    assert _values("They seek a minimum wage of $20 an hour.", "wage_floor_per_hour") == {20.0}
    assert _values("The company offered a raise of $2 an hour.", "raise_per_hour") == {2.0}
    text = "The deal sets minimum hourly wages at $25 in the city and $23 elsewhere."
    assert _values(text, "wage_floor_per_hour") == {25.0, 23.0}
    # dollars that are not hourly pay
    assert not _values("The bonus is $3,000 and the plan costs $3.6 billion.", "wage_floor_per_hour")


def test_percentage_points_are_not_raises() -> None:
    assert _values("Support rose 12 percentage points.") == set()


# --- the shipped model ---------------------------------------------------------------------


def test_shipped_weights_load() -> None:
    from strikewatch.extract.decide import shipped

    model = claim.shipped()
    assert model.classes == list(claim.CLASSES)
    assert 0 < shipped().thresholds["claim"] < 1
    assert model.weights


def test_union_demand() -> None:
    text = "The union is asking for a 25% raise over three years."
    found = _claims(text)
    assert [(c.party, c.kind, c.measure, c.value, c.years) for c in found] == [
        ("union", "demand", "raise_pct", 25.0, 3.0)]
    ev = found[0].evidence
    assert ev is not None and text[ev.start : ev.end] == ev.text == text


def test_employer_offer() -> None:
    assert _keys("The hospital has offered nurses a 12% wage increase over four years.") == {
        ("employer", "offer", "raise_pct", 12.0)}
    assert _keys("The district offered a 5% to 6% raise.") == {("employer", "offer", "raise_pct", 5.0)}


def test_demand_and_offer_in_one_sentence() -> None:
    text = "The city has offered a 6% raise over three years, but the union is demanding a 14% raise."
    assert _keys(text) == {("employer", "offer", "raise_pct", 6.0), ("union", "demand", "raise_pct", 14.0)}


def test_hourly_demand() -> None:
    assert _keys("Workers are demanding a minimum wage of $20 an hour.") == {
        ("union", "demand", "wage_floor_per_hour", 20.0)}


def test_pay_cut_offer_is_negative() -> None:
    assert _keys("The union rejected the company's offer of a 10% pay cut.") == {
        ("employer", "offer", "raise_pct", -10.0)}


def test_vote_share_is_not_a_claim() -> None:
    assert _claims("Members voted 94% to strike.") == []
    assert _claims("About 98 percent of the members who voted backed the strike.") == []


def test_inflation_is_not_a_claim() -> None:
    assert _claims("Inflation rose 4.2% last year, according to the government.") == []


def test_schedule_steps_give_one_claim() -> None:
    text = "The agency said it is offering a wage increase of 4%, 3% and 2% over three years."
    keys = _keys(text)
    assert ("employer", "offer", "raise_pct", 9.0) in keys
    assert len(keys) == 1


def test_threshold() -> None:
    text = "The union is asking for a 25% raise over three years."
    assert claim.find_claims(text, _spans(text), threshold=1.01) == []


def test_deal_ratified_reads_the_record_votes() -> None:
    from strikewatch.model import Event, VoteResult

    assert claim.deal_ratified([Event("ratification", "occurred", result=VoteResult(True, 81))])
    assert not claim.deal_ratified([Event("ratification", "occurred", result=VoteResult(False, 60))])
    assert not claim.deal_ratified([Event("ratification", "occurred")])  # held, result not known
    assert not claim.deal_ratified([Event("ratification", "planned")])
    assert not claim.deal_ratified([Event("agreement", "occurred")])


def test_terms_of_a_ratified_deal_are_not_claims() -> None:
    text = "The new contract gives the mechanics a 9% raise over three years."
    assert _keys(text) == {("employer", "offer", "raise_pct", 9.0)}  # a deal not yet voted on: the offer
    assert claim.find_claims(text, _spans(text), ratified=True) == []
    # an offer the sentence calls one stays an offer; a union's demand is not a term of the deal
    text = "The airline had offered a 7% raise, while the union demanded 15%."
    assert _keys(text) == {("employer", "offer", "raise_pct", 7.0), ("union", "demand", "raise_pct", 15.0)}
    assert {(c.party, c.value) for c in claim.find_claims(text, _spans(text), ratified=True)} == {
        ("employer", 7.0), ("union", 15.0)}


# --- training ------------------------------------------------------------------------------

INVENTED = [
    ("The union is demanding a 20% raise.", {"is_labor": True, "claims": [
        {"party": "union", "kind": "demand", "measure": "raise_pct", "value": 20, "years": None,
         "evidence": "The union is demanding a 20% raise."}]}),
    ("The company offered a 4% raise.", {"is_labor": True, "claims": [
        {"party": "employer", "kind": "offer", "measure": "raise_pct", "value": 4, "years": None,
         "evidence": "The company offered a 4% raise."}]}),
    ("Members voted 90% to strike.", {"is_labor": True, "claims": []}),
    ("Shares fell 5% on the news.", {"is_labor": False, "claims": [
        {"party": "union", "kind": "demand", "measure": "raise_pct", "value": 5, "years": None,
         "evidence": None}]}),
]


def test_examples_labels() -> None:
    xs, ys = claim.examples([(t, _spans(t), g) for t, g in INVENTED])
    # a non-labor article gives negatives only
    assert ys == ["union-demand", "employer-offer", "none", "none"]
    assert all(x["bias"] == 1.0 for x in xs)


def test_fit_and_round_trip(tmp_path: Path) -> None:
    golds = [(t, _spans(t), g) for t, g in INVENTED] * 3
    xs, ys = claim.examples(golds)
    model = claim.fit(xs, ys, min_count=1)
    assert model.classes == list(claim.CLASSES)
    path = tmp_path / "claim.json"
    model.save(path)
    again = claim.LinearModel.load(path)
    text = INVENTED[0][0]
    assert [(c.party, c.value) for c in claim.find_claims(text, _spans(text), again, threshold=0.5)] == [
        (c.party, c.value) for c in claim.find_claims(text, _spans(text), model, threshold=0.5)]
    x = claim.features(claim.candidates(text, _spans(text))[0], claim.context(text, _spans(text)))
    assert again.predict_proba(x) == pytest.approx(model.predict_proba(x), abs=1e-4)


def test_fold_of_is_stable() -> None:
    assert claim.fold_of("some-article") == claim.fold_of("some-article")
    assert {claim.fold_of(f"a{i}") for i in range(50)} == {0, 1, 2, 3, 4}


# --- the shared corpus (skipped when absent) ------------------------------------------------


def _corpus(name: str) -> list[dict]:
    d = SHARED / name
    if not d.is_dir():
        pytest.skip(missing(d))
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(d.glob("*.json"))]


def test_seed_claims_are_candidates_and_found() -> None:
    for art in _corpus("seeds"):
        text = art["text"]
        gold = {(c["party"], c["kind"], c["measure"], float(c["value"])) for c in art["gold"]["claims"]}
        xs, ys = claim.examples([(text, _spans(text), art["gold"])])
        assert sum(y != "none" for y in ys) >= len(gold)
        assert gold <= _keys(text)


def test_claims_carry_the_models_probability_and_keep_it_in_the_store(tmp_path: Path) -> None:
    import strikewatch
    from strikewatch.model import Article
    from strikewatch.store import open_store

    text = ("Members of the Harbor Nurses Union went on strike Monday at Bayside Hospital. The union is asking "
            "for a 20% raise over three years; the hospital has offered 6%.")
    art = Article(id="claims-conf", text=text, published="2026-03-04")
    rec = strikewatch.extract(art)
    assert rec.claims and all(c.confidence is not None and 0.0 < c.confidence <= 1.0 for c in rec.claims)
    th = float(claim.shipped().meta.get("threshold", claim.THRESHOLD))
    assert all(c.confidence >= th for c in rec.claims)  # type: ignore[operator]
    with open_store(tmp_path / "sw.db") as s:
        s.save(art, rec)
        assert [c.confidence for c in s.record("claims-conf").claims] == [c.confidence for c in rec.claims]
    assert Claim.from_dict(rec.claims[0].to_dict()).confidence == rec.claims[0].confidence
