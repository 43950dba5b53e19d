"""The rule-based union finder (extract/parties.find_unions): names, locals, acronyms, false groups.

Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from strikewatch.extract.parties import UnionGroup, find_unions
from strikewatch.model import Organization


def groups(text: str) -> list[UnionGroup]:
    return find_unions(text).unions


def orgs(text: str) -> list[Organization]:
    return [g.organization() for g in groups(text)]


def names(text: str) -> list[str]:
    return [o.name for o in orgs(text)]


def forms(org: Organization) -> set[str]:
    return {org.name, *org.aliases}


def only(text: str) -> UnionGroup:
    gs = groups(text)
    assert len(gs) == 1, [g.organization() for g in gs]
    return gs[0]


# --- acronym + number: the number is a local ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "local"),
    [
        ("Members of SEIU 2015 rallied at city hall on Tuesday.", "SEIU 2015", "2015"),
        ("UE 228 members voted to authorize a strike against the plant owner.", "UE 228", "228"),
        ("Members of IAM 751 rejected the offer on Sunday.", "IAM 751", "751"),
        ("CWA 9119 filed a charge with the labor board.", "CWA 9119", "9119"),
        ("Researchers represented by UPTE-CWA 9119 will strike on Monday.", "UPTE-CWA 9119", "9119"),
    ],
)
def test_acronym_and_number_is_a_local(text: str, written: str, local: str) -> None:
    g = only(text)
    assert g.local == local
    assert written in forms(g.organization())


def test_known_acronym_with_a_number_names_the_affiliation() -> None:
    org = only("Members of SEIU 2015 rallied at city hall on Tuesday.").organization()
    assert org.name == "Service Employees International Union Local 2015"
    assert "SEIU Local 2015" in org.aliases


@pytest.mark.parametrize(
    "text",
    [
        "The SEIU 2024 convention opened in Philadelphia on Monday.",
        "The UAW 2023-2024 bargaining round ended.",
        "The Teamsters 18 months ago struck the warehouse.",
        "The UAW 40 days into the strike said no.",
        "The AFSCME 1,200 members in the county voted.",
    ],
)
def test_a_year_or_a_count_after_an_acronym_is_not_a_local(text: str) -> None:
    assert only(text).local is None


def test_compound_acronym_alone_joins_its_local() -> None:
    text = "Researchers represented by UPTE-CWA 9119 will strike. UPTE said the university broke the law."
    g = only(text)
    assert g.local == "9119"
    assert g.count() == 2


def test_compound_with_an_employer_is_not_a_union() -> None:
    assert not any("GM" in n for n in names("The UAW-GM contract expires in September, the UAW said."))


@pytest.mark.parametrize(
    ("text", "local", "name"),
    [
        (
            "Talks between Harbor Refining and United Steelworkers Local 1-346 resumed.",
            "1-346",
            "United Steelworkers Local 1-346",
        ),
        (
            "The transit unit, known as AFSCME Local 4410-2, has not declared impasse.",
            "4410-2",
            "American Federation of State, County and Municipal Employees Local 4410-2",
        ),
    ],
)
def test_hyphenated_local_number(text: str, local: str, name: str) -> None:
    g = only(text)
    assert g.local == local
    assert g.organization().name == name


def test_several_locals_after_one_affiliation() -> None:
    text = (
        "Vexacorp and IUE-CWA Locals 80101/80102 are in a standoff. Local 80102 covers the lab technicians."
    )
    by_local = {g.local: g.organization() for g in groups(text)}
    assert set(by_local) == {"80101", "80102"}
    assert by_local["80101"].name == "IUE-CWA Local 80101"
    assert "Local 80102" in by_local["80102"].aliases


def test_bare_local_is_its_own_union_or_joins_its_affiliation() -> None:
    assert names("The deal also covers the 40 members of Local 5521 in Dayton.") == ["Local 5521"]
    text = "Drivers in Teamsters Local 718 walked out. Local 718 said the strike would last a week."
    g = only(text)
    assert g.local == "718"
    assert g.count() == 2


def test_local_of_affiliation() -> None:
    g = only("The union, Local 8123 of the United Steel Workers, met with the company on Friday.")
    assert g.local == "8123"
    assert g.organization().name == "United Steel Workers Local 8123"


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        (
            "Jan Doe is a steward for the Teamster Local 301 at the depot.",
            "Teamster Local 301",
            "International Brotherhood of Teamsters Local 301",
        ),
        (
            "Striking workers were represented by IFPTE Local 44 and others.",
            "IFPTE Local 44",
            "International Federation of Professional and Technical Engineers Local 44",
        ),
        (
            "Laborers (LIUNA) Local 812 members ratified a first contract.",
            "Laborers (LIUNA) Local 812",
            "Laborers' International Union of North America Local 812",
        ),
        (
            "Members of the Harbor Pipe Fitters Local 77 walked out.",
            "Harbor Pipe Fitters Local 77",
            "Harbor Pipe Fitters Local 77",
        ),
    ],
)
def test_name_before_a_local(text: str, written: str, name: str) -> None:
    org = only(text).organization()
    assert org.name == name
    assert written in forms(org)


def test_a_word_opening_a_sentence_is_not_a_local_s_name() -> None:
    assert names("Fellow Local 54 members joined the picket line.") == ["Local 54"]


# --- number-prefixed names ------------------------------------------------------------------------


def test_number_glued_to_an_acronym() -> None:
    text = "Nurses with 1199SEIU picketed outside the home. Later, Local 1199 members marched downtown."
    g = only(text)
    assert g.local == "1199"
    assert g.count() == 2
    assert {"1199SEIU", "Local 1199"} <= forms(g.organization())


def test_number_and_letters_before_an_acronym() -> None:
    g = only("Care workers with 1199NE SEIU delivered strike notices on Tuesday.")
    assert g.local == "1199NE"
    assert "1199NE SEIU" in forms(g.organization())


def test_acronym_number_and_region() -> None:
    g = only("SEIU 1199 New England represents 800 staff at Maple Hospital.")
    assert g.local == "1199"
    assert "SEIU 1199 New England" in forms(g.organization())


# --- Unite Here -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("Cafeteria workers with Unite Here Local 634 rallied outside the school board.", "634"),
        ("UNITE HERE Local 26 said the hotel refused to meet.", "26"),
        ("Housekeepers in Unite Here went on strike at three hotels.", None),
    ],
)
def test_unite_here_is_not_unite(text: str, local: str | None) -> None:
    g = only(text)
    assert g.local == local
    assert g.organization().name.upper().startswith("UNITE HERE")


def test_unite_alone_is_the_british_union() -> None:
    assert names("Unite said the strike at the port would go ahead.") == ["Unite"]


# --- district councils, lodges, divisions ---------------------------------------------------------


def test_district_council() -> None:
    text = "AFSCME District Council 47 walked off the job. District Council 47 represents 9,000 city workers."
    g = only(text)
    assert (g.local, g.unit) == ("47", "District Council")
    assert g.count() == 2
    org = g.organization()
    assert org.name.endswith("District Council 47")
    assert {"AFSCME District Council 47", "District Council 47"} <= set(org.aliases)


@pytest.mark.parametrize(
    ("text", "local", "unit"),
    [
        ("Members of Machinists Lodge 2121 ratified the contract.", "2121", "Lodge"),
        ("Amalgamated Transit Union Division 901 said drivers would strike.", "901", "Division"),
        (
            "The International Association of Machinists (IAM) District 912 said members voted to strike.",
            "912",
            "District",
        ),
    ],
)
def test_lodge_division_district(text: str, local: str, unit: str) -> None:
    g = only(text)
    assert (g.local, g.unit) == (local, unit)
    assert f"{unit} {local}" in g.organization().name


def test_political_and_school_districts_are_not_unions() -> None:
    assert (
        groups("Voters in Congressional District 7 and Riverside School District 5 went to the polls.") == []
    )


# --- foreign and non-English names, acronyms defined in the text -----------------------------------


def test_french_name_with_acronym_known_as() -> None:
    text = (
        "Delegates of the Fédération autonome des cuisiniers — known as the FAC — voted to strike. "
        "The FAC said talks failed."
    )
    g = only(text)
    org = g.organization()
    assert org.name == "Fédération autonome des cuisiniers"
    assert "FAC" in org.aliases
    assert g.count() == 3


def test_french_name_with_lowercase_words_and_parenthesised_acronym() -> None:
    parties = find_unions(
        "The Fédération des employés du port (FEP) said the talks broke down. The FEP wants a raise."
    )
    assert parties.acronyms["FEP"] == "Fédération des employés du port"
    assert [g.organization().name for g in parties.unions] == ["Fédération des employés du port"]


def test_spanish_name() -> None:
    assert names("The Sindicato de Estibadores del Puerto (SEP) called a strike.") == [
        "Sindicato de Estibadores del Puerto"
    ]


def test_common_front_in_either_language() -> None:
    org = only("The Front commun announced three more strike days.").organization()
    assert forms(org) >= {"Common Front", "Front commun"}


def test_turkish_name() -> None:
    assert names("Members of Kuzey Celik-Is voted to strike at the foundry.") == ["Kuzey Celik-Is"]


def test_acronym_defined_for_a_union_in_parentheses() -> None:
    text = "The Harbour Pilots Guild (HPG) said pilots would stop work. HPG leaders met on Friday."
    g = only(text)
    assert g.organization().aliases == ["HPG"]
    assert g.count() == 3


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The XKU union said dockers would walk out. XKU leaders met on Friday.", "XKU"),
        ("The strike was organised by trade union Zemra, which wants a wage deal.", "Zemra"),
        ("Cabin crews joined the FO and Molvar unions in a one-day strike.", "Molvar"),
    ],
)
def test_acronym_a_sentence_calls_a_union(text: str, name: str) -> None:
    assert name in names(text)


def test_known_foreign_confederations_listed_together() -> None:
    got = {o.aliases[0] for o in orgs("The CSN, CSQ, APTS and FTQ held a joint news conference.")}
    assert got == {"CSN", "CSQ", "APTS", "FTQ"}


@pytest.mark.parametrize(
    "text",
    [
        "A deal with the union, the MTA said, was close.",
        "A deal with the union, Kaiser said, is near.",
        "The union Amazon workers voted to join is new.",
        "Members of the union Monday voted to strike.",
        "The NHS unions met the health secretary.",
        "Representatives of the LIRR unions reached a deal with the railroad.",
        "Ryan won against the Federal Trade Commission (FTC), and the FTC said it would appeal.",
        "The UK union leaders met in London.",
    ],
)
def test_employers_and_agencies_are_not_unions(text: str) -> None:
    assert groups(text) == []


# --- workers' groups not called unions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Members of the Harbor Workers Rising bargaining committee walked out.", "Harbor Workers Rising"),
        ("The Transit Unionists Network (TUN) rallied outside the agency.", "Transit Unionists Network"),
        (
            "The Prairie Rail Conductors Conference (PRCC) announced a strike vote.",
            "Prairie Rail Conductors Conference",
        ),
        (
            "The Teamsters Canada Rail Conference said engineers would strike.",
            "Teamsters Canada Rail Conference",
        ),
        ("The Hollywood Basic Crafts unions ratified the deal.", "Hollywood Basic Crafts"),
        (
            "The Westside Graduate Employees' Organization voted to end the strike.",
            "Westside Graduate Employees' Organization",
        ),
        (
            "The Lakeside Government Employees’ Union said members would strike.",
            "Lakeside Government Employees’ Union",
        ),
    ],
)
def test_workers_groups(text: str, name: str) -> None:
    assert names(text) == [name]


def test_coalition_named_by_an_apposition() -> None:
    text = (
        "The Gerak Jururawat Muda (GJM), a loose coalition of young nurses, said the walkout would go ahead."
    )
    org = only(text).organization()
    assert org.name == "Gerak Jururawat Muda"
    assert "GJM" in org.aliases


def test_actors_equity_keeps_its_possessive() -> None:
    org = only(
        "Actors' Equity, the union representing stage actors, reached a deal with the producers."
    ).organization()
    assert "Actors' Equity" in forms(org)


def test_walmart_workers_group() -> None:
    org = only("OUR Walmart members protested outside the store on Friday.").organization()
    assert "OUR Walmart" in forms(org)


# --- false groups ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Four Unions Vote To Strike Over Low Wages At Theme Park",
        "The three unions said they would strike. Both unions met on Monday.",
        "The Canadian union said it would appeal the ruling.",
        "New York union leaders met Monday.",
        "The Memorial Union was closed during the strike.",
        "The Trade Union Act requires a 50 per cent turnout.",
        "Caption Union employees and supporters picket in front of the museum.",
        "Maryland's Largest Teacher's Union Endorses Candidate for Governor",
        "Graduate Workers Announce Strike Date After Administration Refuses to Allow Union Election",
    ],
)
def test_no_false_groups(text: str) -> None:
    assert groups(text) == [], [g.organization() for g in groups(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "The deal was welcomed, said Riverside Faculty Association President Tom Vale.",
            "Riverside Faculty Association",
        ),
        (
            "American Federation of Teachers President Jane Roe said the strike was justified.",
            "American Federation of Teachers",
        ),
        ("Jane Roe of the Harbor Nurses Association said the walkout was over.", "Harbor Nurses Association"),
        (
            "Tom Vale, Secretary of the Bayside Dockworkers Union, spoke at the rally.",
            "Bayside Dockworkers Union",
        ),
    ],
)
def test_people_and_titles_are_cut_from_names(text: str, name: str) -> None:
    assert names(text) == [name]


def test_title_then_name_after_a_local() -> None:
    g = only("Teamsters Local 120 President Mike Smith said the strike will continue.")
    assert g.local == "120"
    assert all("Smith" not in f for f in forms(g.organization()))


def test_employer_before_and_is_not_part_of_the_union() -> None:
    assert names("Tesoro Corp and United Steelworkers union (USW) Local 5 continued talks.") == [
        "United Steelworkers Local 5"
    ]


def test_two_names_joined_by_and() -> None:
    text = "The Riverbend Coalition of Kaiser Unions and SEIU-United Healthcare Workers West reached a deal."
    assert names(text) == ["Riverbend Coalition of Kaiser Unions", "SEIU-United Healthcare Workers West"]


def test_sentence_openers_are_not_part_of_names() -> None:
    assert names("Besides the Steelworkers, other unions at the smelter include the Boilermakers Union.") == [
        "United Steelworkers",
        "Boilermakers Union",
    ]
