"""Organization mentions as an article names them (candidates.find_entities), and the anchor day of
an article that states no publication day. Invented articles throughout."""

from __future__ import annotations

import pytest

import strikewatch
from strikewatch.extract import pipeline
from strikewatch.extract.candidates import PERSON_TITLE, Entity, find_entities, split_conjoined
from strikewatch.extract.features import vote_objects
from strikewatch.extract.names import clean_form


def _entities(text: str, published: str = "2024-05-02") -> list[Entity]:
    an = pipeline.analyse({"id": "t", "published": published, "text": text})
    pipeline.parse([an])
    return find_entities(an)


def _names(ents: list[Entity]) -> set[str]:
    return {e.name for e in ents}


def _owner(ents: list[Entity], form: str) -> Entity:
    hits = [e for e in ents if form in e.forms or form in e.aliases]
    assert len(hits) == 1, f"{form!r} is named by {[e.name for e in hits]}"
    return hits[0]


# --- "the district", "the hospital": the one named body of that kind ----------------------


@pytest.mark.parametrize(("named", "generic"), [
    ("Maple Grove Public Schools", "district"),
    ("Saint Aldric Medical Center", "hospital"),
    ("Northwind Air", "airline"),
])
def test_a_generic_description_joins_the_named_body_of_its_kind(named: str, generic: str) -> None:
    text = (f"Teachers and staff of the Harbor Education Workers Union struck {named} on Monday. "
            f"The {generic} said talks would resume. Union members picketed outside the {generic} offices. "
            f"The {generic} has offered a 3% raise.")
    ents = _entities(text)
    body = next(e for e in ents if e.name == named)
    assert generic in body.aliases
    # every later "the district" is a mention of that body, and no organization is left called "district"
    assert generic not in _names(ents)
    assert sum(1 for m in body.mentions if m.text == generic) == 3


def test_a_generic_description_with_no_body_of_its_kind_stays_apart() -> None:
    ents = _entities("Bus drivers of the Valley Transit Workers Union struck Oakfield Logistics on Monday. "
                     "The district said classes would go on.")
    assert "district" in _names(ents)
    assert "district" not in next(e for e in ents if e.name == "Oakfield Logistics").aliases


# --- "Fresh Mart and Daily Greens": two names ------------------------------------------------


@pytest.mark.parametrize("form", [
    "Cedar Hill Health and Rehabilitation Center",
    "Department of Health and Social Care",
    "Mount Olive Morningside and West",
])
def test_a_name_with_and_inside_it_stays_whole(form: str) -> None:
    assert split_conjoined(form, f"Workers at {form} walked out.") is None


def test_split_conjoined_gives_the_spans_of_both_names() -> None:
    form = "Lindenwood Health and Brookhaven Health"
    text = f"Nurses at {form} walked out. Lindenwood Health said so; Brookhaven Health did not."
    (a0, a1), (b0, b1) = split_conjoined(form, text)  # type: ignore[misc]
    assert (form[a0:a1], form[b0:b1]) == ("Lindenwood Health", "Brookhaven Health")
    assert split_conjoined(form, f"Nurses at {form} walked out.") is None  # never named alone: one name
    # names given alone elsewhere in the article make the pair two names
    text = "Ostrow Foods and Kell Packing Co. walked out. Ostrow Foods said so. Kell Packing Co. did not."
    assert split_conjoined("Ostrow Foods and Kell Packing Co.", text) is not None
    assert split_conjoined("Ostrow Foods and Kell Packing Co.", "Ostrow Foods and Kell Packing Co. walked out.") is None


def test_names_the_article_also_gives_alone_are_split() -> None:
    ents = _entities("Workers at Ostrow Foods and Kell Packing walked out. Ostrow Foods said it would talk. "
                     "Kell Packing declined to comment, the Meat Cutters Union said.")
    names = _names(ents)
    assert {"Ostrow Foods", "Kell Packing"} <= names and "Ostrow Foods and Kell Packing" not in names


@pytest.mark.parametrize(("raw", "form"), [
    ("North Ridge Hospital and", "North Ridge Hospital"),
    ("Brightwater Medical Center of", "Brightwater Medical Center"),
    ("Department of Health", "Department of Health"),
])
def test_a_run_cut_off_at_a_connector_loses_the_connector(raw: str, form: str) -> None:
    assert clean_form(raw) == form


# --- "Acme President Jane Roe": a title and a person are not an organization ------------------


@pytest.mark.parametrize(("form", "titled"), [
    ("Mayor Ilse Varga", True),
    ("Northline Gas President Marta Keel", True),
    ("Dunmore County Administrator Pat Ruiz", True),
    ("Office of the Governor", False),
    ("Board of Directors", False),
    ("Secretary of Labor", False),
    ("Northline Gas", False),
])
def test_person_title_pattern(form: str, titled: bool) -> None:
    assert bool(PERSON_TITLE.search(form)) is titled


def test_an_organization_before_a_title_is_kept_and_the_person_dropped() -> None:
    ents = _entities("Northline Gas President Marta Keel said the company locked out 900 members of the "
                     "Pipefitters Union on Sunday. Mayor Ilse Varga called for talks.")
    names = _names(ents)
    assert "Northline Gas" in names
    # the person may be read as a person (the role model knows what that is), never as a titled name
    assert not any(PERSON_TITLE.search(n) for n in names)
    assert not any(n.startswith("Mayor") or "President" in n for n in names)


@pytest.mark.parametrize(("form", "body"), [
    ("Brayford Motors's CEO", "Brayford Motors"),
    ("Lakeline Transit President and CEO", "Lakeline Transit"),
    ("Ostrow Foods Chairman", "Ostrow Foods"),
    ("Kestrel Motors President Dana Holt", "Kestrel Motors"),  # a name ending in "s" keeps it
])
def test_an_officer_named_by_title_gives_the_body_whose_officer_it_is(form: str, body: str) -> None:
    ents = _entities(f"Workers at the plant struck on Monday, and {form} said the company would not bargain. "
                     "Members of the Machinists Union Local 12 held the line.")
    names = _names(ents)
    assert body in names
    assert not any(n != body and n.startswith(body) for n in names), names


def test_a_possessive_that_possesses_nothing_is_part_of_the_name() -> None:
    ents = _entities("Cooks walked off the job at Dorsey's, Pinto's and Lark Burgers on Thursday, the Fast Food "
                     "Workers Committee said. Pinto's said stores stayed open.")
    names = _names(ents)
    assert {"Dorsey's", "Pinto's"} <= names and not {"Dorsey", "Pinto"} & names
    # a possessive with its noun ("Halvard's offer", "Quebec’s ‘common front’ unions") is the body's
    ents = _entities("Halvard's offer was rejected by the Glassworkers Union on Monday. Halvard's new offer "
                     "came later. Quebec’s ‘common front’ public sector unions joined the Glassworkers Union.")
    names = _names(ents)
    assert "Halvard" in names and not any(n.endswith(("'s", "’s")) for n in names), names


def test_a_day_of_the_week_ends_a_name() -> None:
    ents = _entities("Workers at Brennan Foods ended their strike in Oregon Thursday, the Bakery Workers Union "
                     "said. Brennan Foods Monday had offered a 4% raise.")
    names = _names(ents)
    assert "Brennan Foods" in names
    assert not any(w in n for n in names for w in ("Thursday", "Monday")), names


@pytest.mark.parametrize(("raw", "form"), [
    ("FILE - Harlow Health", "Harlow Health"),
    ("File — Harlow Health", "Harlow Health"),
    ("Filene's Basement", "Filene's Basement"),
])
def test_a_wire_photo_file_label_is_not_part_of_a_name(raw: str, form: str) -> None:
    assert clean_form(raw) == form


def test_a_plural_possessive_union_name_loses_the_apostrophe() -> None:
    from strikewatch.extract.parties import find_unions

    text = "“We will fight,” the Canadian Union of Public Employees’ (CUPE) branch at Northwind Air said."
    names = {g.organization().name for g in find_unions(text).unions}
    assert "Canadian Union of Public Employees" in names and not any(n.endswith("’") for n in names)


def test_an_organization_the_article_also_describes_by_kind_has_the_described_feature() -> None:
    from strikewatch.extract.features import entity_features

    text = ("Pilots of the Skyward Pilots Union walked out at Northwind Air on Monday. "
            "The airline cancelled 200 flights. Orbit Travel said bookings fell.")
    an = pipeline.analyse({"id": "t", "published": "2024-05-02", "text": text})
    pipeline.parse([an])
    air = next(e for e in an.entities if e.name == "Northwind Air")
    other = next(e for e in an.entities if e.name == "Orbit Travel")
    assert entity_features(an, air).get("described") == 1.0
    assert "described" not in entity_features(an, other)


# --- what a vote is on --------------------------------------------------------------------------


class _Sentence:
    def __init__(self, doc: object) -> None:
        self.doc = doc


def _vote_objects(text: str) -> list[str]:
    from strikewatch.extract.nlp import load_nlp

    return vote_objects(_Sentence(load_nlp()(text)))  # type: ignore[arg-type]


def test_vote_objects_read_what_the_vote_is_on() -> None:
    assert "deal" in _vote_objects("Members voted 91% in favour of the deal on Sunday.")
    assert "strike" in _vote_objects("Workers voted to authorize a strike.")
    assert "strik" in _vote_objects("Drivers voted in favor of striking if talks fail.")
    assert _vote_objects("The company opened a new plant.") == []


# --- an article with no publication day ---------------------------------------------------------


def test_a_url_month_anchors_the_year_of_stated_days_and_no_day_is_estimated() -> None:
    text = ("Dining workers at Westfield College went on strike Feb. 18, the Campus Food Workers Union said. "
            "Members of the union voted to ratify a separate contract for the catering staff.")
    rec = strikewatch.extract({"id": "t", "url": "https://news.example.edu/article/2026/02/dining-strike",
                               "published": None, "text": text})
    assert rec.published is None  # a month is no publication day
    strike = next(e for e in rec.events if e.type == "strike")
    assert strike.start_date == "2026-02-18"
    for e in rec.events:
        if e.date_basis == "estimated":
            assert e.start_date in (None, "2026-02")  # never a day estimated from a month
    an = pipeline.analyse({"id": "t", "url": "https://news.example.edu/article/2026/02/x", "text": text})
    assert an.pub_precision == "month" and an.pub is not None and an.pub.isoformat() == "2026-02-28"


def test_without_a_url_month_an_undated_article_has_no_anchor() -> None:
    text = "Dining workers at Westfield College went on strike Feb. 18, the Campus Food Workers Union said."
    an = pipeline.analyse({"id": "t", "url": "https://news.example.edu/?p=81", "text": text})
    assert an.pub is None and an.pub_precision == "day"


# --- employers listed together share the role ---------------------------------------------------

GROCERS = ("Cashiers at Freshmart, Dailygreens, and Cornerstop went on strike Tuesday, the Grocery Clerks "
           "Union Local 12 said. The union wants higher pay. The stores said they would stay open.")


def test_employers_listed_with_a_chosen_employer_join_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import strikewatch.extract.assemble as assemble_mod

    rec = strikewatch.extract({"id": "t", "published": "2024-05-02", "text": GROCERS})
    strike = next(e for e in rec.events if e.type == "strike")
    assert [o.name for o in strike.employers] == ["Freshmart", "Dailygreens", "Cornerstop"]
    # each keeps its own probability: the ones that joined through the list are below the threshold
    assert all(o.confidence is not None and o.confidence >= assemble_mod.LIST_PEER for o in strike.employers)
    monkeypatch.setattr(assemble_mod, "LIST_PEER", 1.0)  # no list peers: only what the role model picks
    rec = strikewatch.extract({"id": "t", "published": "2024-05-02", "text": GROCERS})
    strike = next(e for e in rec.events if e.type == "strike")
    assert len(strike.employers) < 3


# --- a government named only by its kind; what is never a name ----------------------------


@pytest.mark.parametrize(("kind", "where", "name"), [
    ("city", ("Albany", "NY", "US"), "City of Albany"),
    ("the city", ("Tallahassee", "FL", "US"), "City of Tallahassee"),
    ("province", (None, "Quebec", "CA"), "Government of Quebec"),
    ("provincial government", (None, "British Columbia", "CA"), "Government of British Columbia"),
    ("government", (None, "New South Wales", "AU"), "Government of New South Wales"),
    ("state government", (None, "CA", "US"), "State of California"),
    ("government", (None, None, "US"), None),  # which government: the place does not say
    ("government", (None, "Ohio", "US"), None),  # a US "government" is rarely the state's
    ("city", (None, "NY", "US"), None),
    ("county", ("Riverside", "CA", "US"), None),
])
def test_a_government_named_by_its_kind_is_named_from_where_the_event_is(
        kind: str, where: tuple[str | None, str | None, str | None], name: str | None) -> None:
    from strikewatch.extract.names import government_name

    assert government_name(kind, *where) == name


def test_an_event_employer_named_by_its_kind_takes_the_government_name_of_where_it_is() -> None:
    from strikewatch.extract.assemble import _name_governments
    from strikewatch.model import Event, Location, Organization

    e = Event(type="strike", status="ongoing", location=Location(city="Albany", state="NY", country="US"),
              employers=[Organization("city", confidence=0.7), Organization("Albany Water Works")])
    _name_governments(e)
    assert [(o.name, o.aliases) for o in e.employers] == [
        ("City of Albany", ["city"]), ("Albany Water Works", [])]
    assert e.employers[0].confidence == 0.7
    e = Event(type="strike", status="ongoing", location=None, employers=[Organization("city")])
    _name_governments(e)
    assert e.employers[0].name == "city"  # where it is, unknown: the text's word stays


def test_a_dateline_place_is_never_an_organization() -> None:
    text = ("ALBANY, N.Y. — Sanitation workers represented by the Riverbend Municipal Workers Union went on "
            "strike on Monday. The union said talks would resume.")
    names = _names(_entities(text))
    assert "Riverbend Municipal Workers Union" in names
    assert not any(n.upper() in ("ALBANY", "N.Y", "N.Y.", "ALBANY, N.Y") for n in names), names


@pytest.mark.parametrize(("raw", "form"), [
    ("all Air Canada", "Air Canada"),
    ("both Northwind Air", "Northwind Air"),
    ("All Nippon Airways", "All Nippon Airways"),  # a capital: part of the name
])
def test_a_lower_case_quantifier_is_not_part_of_a_name(raw: str, form: str) -> None:
    assert clean_form(raw) == form


def test_a_contraction_fragment_is_never_an_organization() -> None:
    from strikewatch.extract.names import CONTRACTION

    assert CONTRACTION.match("n’t") and CONTRACTION.match("'s") and not CONTRACTION.match("NTU")


@pytest.mark.parametrize(("acronym", "full", "matches"), [
    ("UAW", "United Auto Workers", True),
    ("BPFF", "Brookfield Professional Firefighters", True),  # one letter past the initials, three agree
    ("ULP", "UFCW Local 12", False),  # U and L only: "unfair labor practice" is not this union
    ("NAC", "United Nurses Associations", False),  # must begin with the initials
])
def test_an_acronym_names_a_body_whose_initials_it_spells(acronym: str, full: str, matches: bool) -> None:
    from strikewatch.extract.parties import _initials_match

    assert _initials_match(acronym, full) is matches


def test_an_acronym_the_article_spells_for_something_else_is_no_alias_of_the_union() -> None:
    text = ("Cashiers at Pinewood Markets walked off the job on Monday. Members had authorized the unfair "
            "labor practice (ULP) strike last week. UFCW Local 12, which represents 3,000 Pinewood Markets "
            "employees, said the strike could last two weeks.")
    ents = _entities(text, "2025-03-05")
    union = _owner(ents, "UFCW Local 12")
    assert "ULP" not in union.aliases and "ULP" not in union.forms
