"""Places: resolving names, finding them in sentences, choosing an event's location.

All sentences here are written for the tests (no article text).
"""

from __future__ import annotations

import pytest

from strikewatch.extract.places import (
    PlaceMention,
    best_location,
    find_places,
    locate_event,
    resolve_place,
    state_of_org_name,
)
from strikewatch.model import Location


def loc(city: str | None, state: str | None, country: str | None) -> Location:
    return Location(city=city, state=state, country=country)


def found(text: str, **kw: object) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(m.text, m.location.city, m.location.state, m.location.country) for m in find_places(text, **kw)]  # type: ignore[arg-type]


def best(text: str, gpe_spans: list[tuple[int, int]] | None = None, org: Location | None = None) -> Location | None:
    return best_location(find_places(text, gpe_spans or ()), org)


def span(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return (i, i + len(part))


# ----------------------------------------------------------------- resolve_place

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Los Angeles", loc("Los Angeles", "CA", "US")),
        ("L.A.", loc("Los Angeles", "CA", "US")),
        ("NYC", loc("New York City", "NY", "US")),
        ("Philly", loc("Philadelphia", "PA", "US")),
        ("Washington, D.C.", loc("Washington", "DC", "US")),
        ("Calif.", loc(None, "CA", "US")),
        ("Minn.", loc(None, "MN", "US")),
        ("N.Y.", loc(None, "NY", "US")),
        ("California", loc(None, "CA", "US")),
        ("OR", loc(None, "OR", "US")),
        ("Toledo, Ohio", loc("Toledo", "OH", "US")),
        ("Toledo, OH", loc("Toledo", "OH", "US")),
        ("Springfield, Ill.", loc("Springfield", "IL", "US")),
        ("Newton, Mass.", loc("Newton", "MA", "US")),
        ("the Bay Area", loc(None, "CA", "US")),
        ("the Detroit area", loc("Detroit", "MI", "US")),
        ("Brooklyn", loc("New York City", "NY", "US")),
        ("Portland", loc("Portland", "OR", "US")),
        ("Chennai", loc("Chennai", "Tamil Nadu", "IN")),
        ("Toronto", loc("Toronto", "Ontario", "CA")),
        ("Ontario", loc(None, "Ontario", "CA")),
        ("South Korea", loc(None, None, "KR")),
        ("Korea", loc(None, None, "KR")),
        ("New South Wales", loc(None, "New South Wales", "AU")),
        ("NSW", loc(None, "New South Wales", "AU")),
        ("Britain", loc(None, None, "GB")),
        ("UK", loc(None, None, "GB")),
        ("England", loc(None, "England", "GB")),
        ("U.S.", loc(None, None, "US")),
        ("Montreal", loc("Montreal", "Quebec", "CA")),
    ],
)
def test_resolve_place(name: str, expected: Location) -> None:
    assert resolve_place(name) == expected


def test_resolve_place_state_hint_picks_namesake() -> None:
    assert resolve_place("Portland", state_hint="OR") == loc("Portland", "OR", "US")
    assert resolve_place("Portland", state_hint="ME") == loc("Portland", "ME", "US")
    assert resolve_place("Portland", state_hint="Maine") == loc("Portland", "ME", "US")
    assert resolve_place("Mobile", state_hint="AL") == loc("Mobile", "AL", "US")


@pytest.mark.parametrize("name", ["Strike", "Union", "Mobile", "Temple", "Kaiser Permanente", "Labor", "", "strike",
                                  "Independence", "Mercy"])
def test_resolve_place_not_a_place(name: str) -> None:
    assert resolve_place(name) is None


def test_resolve_place_accepts_unknown_town_with_explicit_state() -> None:
    assert resolve_place("Smallville Junction, Pa.") == loc("Smallville Junction", "PA", "US")


# ----------------------------------------------------------------- find_places

def test_mentions_are_verbatim_spans() -> None:
    text = "Nurses in Toledo, Ohio, and in Seattle walked out; Calif. workers joined."
    ms = find_places(text)
    assert ms
    for m in ms:
        assert isinstance(m, PlaceMention)
        assert text[m.start:m.end] == m.text


def test_city_comma_state_is_one_mention() -> None:
    assert found("Nurses at a hospital in Toledo, Ohio, went on strike.") == [
        ("Toledo, Ohio", "Toledo", "OH", "US")]
    assert found("Workers in Toledo, OH voted.") == [("Toledo, OH", "Toledo", "OH", "US")]
    m = find_places("The plant in Wichita, Kansas, closed.")[0]
    assert m.kind == "city" and m.state_given


def test_city_comma_ap_abbreviation() -> None:
    assert found("Teachers in Springfield, Ill., and Marion, Ind., rallied.") == [
        ("Springfield, Ill.", "Springfield", "IL", "US"),
        ("Marion, Ind.", "Marion", "IN", "US"),
    ]
    # a small town the gazetteer lacks is still taken with its state after "in"
    assert found("The mill in Brackenridge, Pa., stopped.") == [("Brackenridge, Pa.", "Brackenridge", "PA", "US")]


def test_city_state_picks_the_namesake_in_that_state() -> None:
    assert found("Nurses in Portland, Maine, walked out.") == [("Portland, Maine", "Portland", "ME", "US")]


def test_unambiguous_ap_abbreviations_alone() -> None:
    assert found("Workers rallied in Calif. and Minn. on Monday.") == [
        ("Calif.", None, "CA", "US"), ("Minn.", None, "MN", "US")]


def test_ambiguous_ap_abbreviations_alone_are_not_states() -> None:
    assert found("After Mass. the priest joined the picket line.") == []
    assert found("He fell Ill. yesterday.") == []


def test_state_names_and_regions() -> None:
    assert found("The strike spread across Pennsylvania.") == [("Pennsylvania", None, "PA", "US")]
    assert found("Grocery workers in Southern California voted.") == [("Southern California", None, "CA", "US")]
    assert found("Nurses in Washington State ratified.") == [("Washington State", None, "WA", "US")]


def test_big_city_alone_gets_its_state() -> None:
    assert found("Bus drivers in Seattle walked off the job.") == [("Seattle", "Seattle", "WA", "US")]
    assert found("Hundreds marched in Philadelphia on Tuesday.") == [
        ("Philadelphia", "Philadelphia", "PA", "US")]


def test_city_short_forms() -> None:
    assert found("Strikes hit L.A. and NYC, and Washington, D.C., too.") == [
        ("L.A.", "Los Angeles", "CA", "US"),
        ("NYC", "New York City", "NY", "US"),
        ("Washington, D.C.", "Washington", "DC", "US"),
    ]
    assert found("A rally was held in downtown LA on Friday.") == [("LA", "Los Angeles", "CA", "US")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DETROIT (AP) — The union called a strike.", ("DETROIT", "Detroit", "MI", "US")),
        ("LOS ANGELES — Teachers walked out.", ("LOS ANGELES", "Los Angeles", "CA", "US")),
        ("OAKLAND, Calif. (AP) — Teachers walked out.", ("OAKLAND, Calif.", "Oakland", "CA", "US")),
        ("SYRACUSE, N.Y.—The company reached a deal.", ("SYRACUSE, N.Y.", "Syracuse", "NY", "US")),
        ("NEWTON, MASS. (WXYZ) - Schools stayed closed.", ("NEWTON, MASS.", "Newton", "MA", "US")),
        ("date 2024-01-02 TOPEKA (KXYZ) – Firefighters declared an impasse.", ("TOPEKA", "Topeka", "KS", "US")),
        ("WASHINGTON (AP) — Federal workers rallied.", ("WASHINGTON", "Washington", "DC", "US")),
    ],
)
def test_datelines(text: str, expected: tuple[str, str, str, str]) -> None:
    ms = find_places(text)
    assert ms[0].role == "dateline"
    assert (ms[0].text, ms[0].location.city, ms[0].location.state, ms[0].location.country) == expected


def test_capitalized_headline_words_are_not_datelines() -> None:
    assert found("BREAKING — The union called a strike.") == []
    assert found("UAW — The union called a strike.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Members of the Union voted in March to strike at the Temple plant.",
        "Kellogg and Deere workers said Mercy was not on the table.",
        "Sen. Elizabeth Warren visited the picket line on Labor Day.",
        "The Independence Day rally drew a crowd; Reading the offer took hours.",
        "Mayor Tyler Jackson spoke to reporters.",
        "the strike in mobile phone factories continued",
    ],
)
def test_common_words_and_names_are_not_places(text: str) -> None:
    assert found(text) == []


def test_org_internal_places_are_not_mentions() -> None:
    assert found("The Chicago Teachers Union and the Oregon Nurses Association met.") == []
    assert found("The Los Angeles Unified School District said classes would go on.") == []
    assert found("Air Canada attendants walked out, the University of Chicago said.") == []


def test_caller_spans() -> None:
    text = "Nurses at the hospital in Redwood City walked out."
    assert found(text) == []  # a town under 100,000 people is not taken bare
    assert found(text, gpe_spans=[span(text, "Redwood City")]) == [
        ("Redwood City", "Redwood City", "CA", "US")]
    # spans of other entities block the patterns
    text2 = "Workers at Seattle Children's walked out in Seattle."
    blocked = [span(text2, "Seattle Children's")]
    assert [m.start for m in find_places(text2, block_spans=blocked)] == [text2.rindex("Seattle")]


def test_model_span_small_town_needs_its_region_named() -> None:
    text = "Workers in Eaton rallied."
    assert found(text, gpe_spans=[span(text, "Eaton")]) == []


def test_small_town_confirmed_by_region_in_the_text() -> None:
    text = "The strike at the Sriperumbudur factory near Chennai entered its tenth day."
    ms = find_places(text, gpe_spans=[span(text, "Chennai")])
    assert [(m.text, m.role) for m in ms] == [("Sriperumbudur", ""), ("Chennai", "near")]
    assert best_location(ms) == loc("Sriperumbudur", "Tamil Nadu", "IN")


def test_based_in_is_a_headquarters_not_the_action() -> None:
    ms = find_places("The Montreal-based airline cancelled flights.")
    assert [(m.text, m.role) for m in ms] == [("Montreal", "hq")]
    assert best_location(ms) == loc(None, None, "CA")


def test_multistate_cues() -> None:
    ms = find_places("Workers at plants in Pennsylvania and five other states were locked out.")
    assert [m.kind for m in ms] == ["state", "multistate"]
    for text in ("The strike went nationwide on Friday.", "Baristas struck in over 40 cities."):
        assert [m.kind for m in find_places(text)] == ["multistate"]


def test_foreign_places() -> None:
    assert found("Samsung workers in South Korea announced a strike.") == [("South Korea", None, None, "KR")]
    assert found("Train drivers across Britain walked out.") == [("Britain", None, None, "GB")]
    assert found("Rail workers in New South Wales will strike.") == [
        ("New South Wales", None, "New South Wales", "AU")]
    assert found("Dockworkers in Tamil Nadu joined.") == [("Tamil Nadu", None, "Tamil Nadu", "IN")]


def test_country_forms_need_the_right_case() -> None:
    assert found("Tell us what you think.") == []
    assert found("It was the first strike in the US since 2019.") == [("US", None, None, "US")]
    assert found("Immigrants from Latin America joined the union.") == []


# ----------------------------------------------------------------- best_location

def test_best_prefers_city_and_fills_state() -> None:
    assert best("Nurses in Seattle walked out, a first for Washington hospitals.") == loc("Seattle", "WA", "US")


def test_best_city_moves_to_the_state_named() -> None:
    # "Portland" alone is Oregon's; with Maine around it is Maine's
    assert best("Nurses in Portland walked out, the Maine union said.") == loc("Portland", "ME", "US")


def test_best_multi_state_has_no_state() -> None:
    assert best("Workers walked out of three plants in Missouri, Michigan and Ohio.") == loc(None, None, "US")
    assert best("Workers struck in Lancaster, Pennsylvania; Memphis, Tennessee; and Omaha, Nebraska.") == \
        loc(None, None, "US")
    assert best("Plants in Pennsylvania and five other states locked out workers.") == loc(None, None, "US")


def test_best_several_cities_in_one_state() -> None:
    assert best("Strikes took place in Pomona, San Francisco and Sacramento.") == loc(None, "CA", "US")


def test_best_dateline_only_when_consistent() -> None:
    # the dateline is where the reporter is; the plant is in Kansas
    assert best("NEW YORK — Workers at the plant in Wichita, Kansas, voted to strike.") == loc("Wichita", "KS", "US")
    assert best("TOLEDO, Ohio (AP) — Nurses at an Ohio hospital reached a deal.") == loc("Toledo", "OH", "US")
    assert best("DETROIT (AP) — The union reached a deal.") == loc("Detroit", "MI", "US")


def test_best_org_location_wins() -> None:
    chicago = state_of_org_name("University of Chicago Medical Center")
    assert best("Nurses reached a deal, but strikes are still planned in California.", org=chicago) == \
        loc("Chicago", "IL", "US")
    # an org with only a state picks the city in that state
    oregon = state_of_org_name("Oregon Nurses Association")
    assert best("Nurses in Portland and Seattle rallied.", org=oregon) == loc("Portland", "OR", "US")


def test_best_foreign() -> None:
    assert best("Workers at the plant in Toronto struck on Monday.") == loc("Toronto", "Ontario", "CA")
    assert best("Samsung workers in South Korea announced a strike.") == loc(None, None, "KR")


def test_best_nothing() -> None:
    assert best_location([]) is None
    assert best("The union said talks would resume.") is None


def test_best_majority_for_whole_articles() -> None:
    text = ("Machinists in Seattle struck. Washington lawmakers weighed in. "
            "Suppliers in Oregon and California felt it.")
    ms = find_places(text)
    assert best_location(ms) == loc(None, None, "US")
    assert best_location(ms, majority=True) == loc("Seattle", "WA", "US")


def test_locate_event_falls_back_to_lead_then_article() -> None:
    lead = find_places("SCRANTON, Pa. — Teachers rallied before the board meeting.")
    article = find_places("Teachers in Boston rallied. Boston parents joined. A Maine union sent support.")
    silent = find_places("The union said talks would resume.")
    assert locate_event(silent, None, lead, article) == loc("Scranton", "PA", "US")
    assert locate_event(silent, None, (), article) == loc("Boston", "MA", "US")
    # the evidence and the employer's name come first
    assert locate_event(find_places("Nurses struck in Seattle."), None, lead, article) == loc("Seattle", "WA", "US")
    assert locate_event(silent, state_of_org_name("City of Oakland"), lead, article) == loc("Oakland", "CA", "US")
    assert locate_event(silent) is None


# ----------------------------------------------------------------- state_of_org_name

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Los Angeles Unified School District", loc("Los Angeles", "CA", "US")),
        ("Chicago Teachers Union", loc("Chicago", "IL", "US")),
        ("University of Chicago Medical Center", loc("Chicago", "IL", "US")),
        ("Oregon Nurses Association", loc(None, "OR", "US")),
        ("City of Oakland", loc("Oakland", "CA", "US")),
        ("Portland Public Schools", loc("Portland", "OR", "US")),
        ("Newton Teachers Association", loc("Newton", "MA", "US")),
        ("NJ Transit", loc(None, "NJ", "US")),
        ("New York State Nurses Association", loc(None, "NY", "US")),
        ("Hawaii Pacific Health", loc(None, "HI", "US")),
        ("West Contra Costa County Unified School District", loc(None, "CA", "US")),
        ("New South Wales government", loc(None, "New South Wales", "AU")),
        ("Air Canada", loc(None, None, "CA")),
    ],
)
def test_state_of_org_name(name: str, expected: Location) -> None:
    assert state_of_org_name(name) == expected


@pytest.mark.parametrize(
    "name",
    ["Kaiser Permanente", "Temple University", "Stanford Health Care", "John Deere", "Kellogg", "Boeing",
     "Providence Health and Services", "Communications Workers of America", "Bank of America", "Four Queens",
     "Mercy Health", "United Auto Workers", ""],
)
def test_state_of_org_name_none(name: str) -> None:
    assert state_of_org_name(name) is None
