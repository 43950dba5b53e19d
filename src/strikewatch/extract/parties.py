"""Unions and employers within one article: names, locals, acronyms and aliases.

Union names are found by rules (the statistical model misses "SEIU Local 99"):
capitalised runs that end in a union word ("... Teachers Union", "... Nurses
Association", "Brotherhood of ..."), a table of well-known unions and their
acronyms, acronyms defined in the text ("Service Employees International Union
(SEIU)"), locals before or after the affiliation ("SEIU Local 99", "Local 99 of
SEIU"), and organisations that "represent" workers. Every mention of one union is
grouped under its fullest form; the other forms become aliases.

Employers come from spaCy's ORG entities in the sentences that hold events plus
name patterns (school districts, cities, hospitals, companies), minus unions,
news outlets and government agencies that are not parties.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from strikewatch.model import Organization

# Well-known unions: acronym -> full name. Labor knowledge, not article text.
KNOWN_UNIONS: dict[str, str] = {
    "SEIU": "Service Employees International Union",
    "UAW": "United Auto Workers",
    "AFT": "American Federation of Teachers",
    "NEA": "National Education Association",
    "AFSCME": "American Federation of State, County and Municipal Employees",
    "IBT": "International Brotherhood of Teamsters",
    "UFCW": "United Food and Commercial Workers",
    "CWA": "Communications Workers of America",
    "IBEW": "International Brotherhood of Electrical Workers",
    "IAM": "International Association of Machinists and Aerospace Workers",
    "IAMAW": "International Association of Machinists and Aerospace Workers",
    "USW": "United Steelworkers",
    "NNU": "National Nurses United",
    "CNA": "California Nurses Association",
    "NYSNA": "New York State Nurses Association",
    "SAG-AFTRA": "Screen Actors Guild-American Federation of Television and Radio Artists",
    "WGA": "Writers Guild of America",
    "ALPA": "Air Line Pilots Association",
    "AFA": "Association of Flight Attendants",
    "APFA": "Association of Professional Flight Attendants",
    "CUPE": "Canadian Union of Public Employees",
    "ILWU": "International Longshore and Warehouse Union",
    "ILA": "International Longshoremen's Association",
    "BLET": "Brotherhood of Locomotive Engineers and Trainmen",
    "TWU": "Transport Workers Union",
    "ATU": "Amalgamated Transit Union",
    "CTU": "Chicago Teachers Union",
    "UTLA": "United Teachers Los Angeles",
    "RMT": "National Union of Rail, Maritime and Transport Workers",
    "CITU": "Centre of Indian Trade Unions",
    "IAFF": "International Association of Fire Fighters",
    "BCTGM": "Bakery, Confectionery, Tobacco Workers and Grain Millers International Union",
    "OPEIU": "Office and Professional Employees International Union",
    "UNITE HERE": "UNITE HERE",
    "AFL-CIO": "AFL-CIO",
    "CFA": "California Faculty Association",
    "NUT": "National Education Union",
    "PSAC": "Public Service Alliance of Canada",
}
# Names that need no union word to be recognised.
KNOWN_NAMES = {
    "Teamsters": "International Brotherhood of Teamsters",
    "Aslef": "Aslef",
    "ASLEF": "Aslef",
    "Unite": "Unite",
    "Unison": "Unison",
    "UNISON": "Unison",
    "GMB": "GMB",
    "Unifor": "Unifor",
    "Workers United": "Workers United",
    "Culinary Union": "Culinary Union",
    "United Steelworkers": "United Steelworkers",
    "Steelworkers": "United Steelworkers",
    "Machinists": "International Association of Machinists and Aerospace Workers",
}

UNION_HEADS = r"(?:Unions|Union(?!\s+(?:High|School|Station|Square|Pacific|Bank|Street|Avenue|Hall|Army|Jack|County|City|Township))|Federation|Brotherhood|Guild|Teamsters|Workers\s+United|Steelworkers|Congress|Alliance|Coalition)"
# Associations and councils are unions only when they name workers.
WORKER_WORDS = re.compile(
    r"\b(?:Teachers?|Nurses?|Educators?|Education|Faculty|Professors?|Police|Firefighters?|Fire\s+Fighters|"
    r"Flight\s+Attendants|Pilots?|Employees|Workers|Staff|Engineers|Machinists|Professionals?|Physicians|"
    r"Doctors|Residents|Drivers|Officers|Deputies|Librarians|Actors|Writers|Musicians|Carpenters|Laborers|"
    r"Electrical|Longshore\w*|Teamsters|Trades?|Paraprofessionals|Classified|Graduate|Achievement)\b"
)
NOT_UNIONS = re.compile(
    r"\b(?:European|Soviet|Credit|Civil\s+Liberties|Student|Students|Station|State\s+of\s+the|Pacific|Western|Rugby|"
    r"Football|Hospital\s+Association|Chamber|Chambers|Business|Manufacturers|Retail|Restaurant|Hotel(?!\s+(?:and\s+\w+\s+)?(?:Workers|Employees|Trades))|"
    r"Press|Broadcasters|Bar\s+Association|Medical\s+Association|School\s+Boards|Homeowners|Parents?|"
    r"Republican|Democratic|Party|Economic|Customs|African|Postal\s+Union|World|Cycling|Basketball|Baseball|Hockey)\b"
)

_TOK = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w’'&-]*)"
_CAP = rf"(?:{_TOK}|of|and|for|the|de|des|du|&)"
_SP = r"[ \t]+"
_LIST = rf"(?:[A-Z][\w’'&-]*,{_SP}(?=[A-Z][\w’'&-]*{_SP}and{_SP}[A-Z]))?"
_OFTAIL = rf"(?:{_SP}(?:of|for)(?:{_SP}{_TOK}|{_SP}and|{_SP}the|{_SP}of|{_SP}for)*{_SP}{_TOK})?"
UNION_RX = re.compile(
    rf"\b({_LIST}(?:{_TOK}{_SP})(?:{_CAP}{_SP}){{0,7}}?{UNION_HEADS}\b{_OFTAIL})"
    rf"|\b((?:{UNION_HEADS}){_SP}of(?:{_SP}{_TOK}|{_SP}and|{_SP}the|{_SP}for)*{_SP}{_TOK})"
    rf"|\b((?:{_TOK}{_SP})(?:{_CAP}{_SP}){{0,6}}?(?:Association|Council|Committee|Organization)\b{_OFTAIL})"
    rf"|\b((?:United|International|National)(?:{_SP}{_CAP}){{0,5}}?{_SP}(?:Workers|Employees)\b{_OFTAIL}(?:{_SP}United)?)"
    rf"|\b((?:{_TOK}{_SP}){{0,5}}Workers{_SP}(?:of{_SP}America|United))\b"
)
ASSOC_OF_RX = re.compile(
    rf"\b((?:Association|Organization|Committee|Federation|Confederation|Coalition){_SP}(?:of|for)(?:{_SP}{_TOK}|{_SP}and|{_SP}the|{_SP}of|{_SP}for)*{_SP}{_TOK})"
)
LOCAL_AFTER = re.compile(r"^(?:,[ \t]*)?[ \t]*(?:Local|Locals|Lodge)[ \t]+(?:No\.\s*|#\s*)?(\d{1,6})\b")
LOCAL_NUMBER_AFTER = re.compile(r"^\s+(\d{2,6})\b(?!\s*(?:%|percent|workers|members|employees|nurses|teachers))")
ACRONYM_DEF = re.compile(r"\s*\((?:the\s+)?([A-Z][A-Za-z&-]{1,9}|[A-Z]{2,}(?:[- ][A-Z]{2,})?)\)")
PREFIX_LOCAL = re.compile(r"\b([A-Z][A-Za-z-]{1,9})\s+Locals?\s+(?:No\.\s*|#\s*)?(\d{1,6})\b")
LOCAL_OF = re.compile(r"\bLocal\s+(?:No\.\s*|#\s*)?(\d{1,6})\s+of\s+(?:the\s+)?([A-Z][\w&-]+(?:\s+[A-Z][\w&-]+)*)")
REPRESENTS = re.compile(r"^\s*(?:\([A-Z]{2,9}\))?\s*,?\s*(?:which|that|who)\s+(?:also\s+)?represents?\b")
APPOSITIVE_UNION = re.compile(
    r"\b([A-Z][\w’'&-]*(?:[ \t]+(?:[A-Z][\w’'&-]*|of|and|for|the|&)){1,7}),[ \t]+(?:the|a|an)[ \t]+"
    r"(?:[\w-]+[ \t]+){0,2}?(?:union|labor\s+organization)[ \t]+(?:that|which|who|representing|for)\b"
)
LEADING_NOISE = re.compile(
    r"^(?:(?:of|the|and|for|The|A|An|In|On|At|After|Before|While|When|Members|Both|Meanwhile|But|And|Last|This|That|"
    r"Since|Under|With|Without|For|From|As|If|Local|Now|Then|So|Also|Leaders|Officials|President|Nurses|Teachers|"
    r"Workers|Several|Many|Some|Thousands|Hundreds|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"According|Meanwhile|However|Today|Yesterday|Tonight)\s+)+"
)
TRAILING_NOISE = re.compile(r"(?:\s+(?:of|and|for|the|de|&))+$")


@dataclass
class OrgMention:
    text: str
    start: int
    end: int


@dataclass
class UnionGroup:
    """All the forms by which one union is named in an article."""

    base: str  # affiliation's full name when known ("Service Employees International Union")
    local: str | None
    forms: Counter[str] = field(default_factory=Counter)
    mentions: list[OrgMention] = field(default_factory=list)
    acronyms: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str | None]:
        return (_norm(self.base), self.local)

    def organization(self) -> Organization:
        name = self.base + (f" Local {self.local}" if self.local and f"Local {self.local}" not in self.base else "")
        if self.local is None or self.base.split()[0].isupper():
            # keep the longest written form if it is fuller than the constructed one
            longest = max(self.forms, key=len) if self.forms else name
            if len(longest) > len(name) and not _is_acronym(longest):
                name = longest
        aliases = sorted({f for f in self.forms if f != name} | {a for a in self.acronyms if a != name}, key=lambda s: (-len(s), s))
        if self.local:
            for a in sorted(self.acronyms):
                form = f"{a} Local {self.local}"
                if form not in aliases and form != name:
                    aliases.insert(0, form)
        return Organization(name=name, aliases=aliases)

    def count(self) -> int:
        return len(self.mentions)


@functools.lru_cache(maxsize=16384)
def _norm(s: str) -> str:
    """Lower case, no punctuation, no "of"/"the": "United Teachers of Los Angeles" = "United Teachers Los Angeles"."""
    return " ".join(w for w in re.sub(r"[^\w\s]", " ", s.lower()).split() if w not in ("of", "the"))


def _is_acronym(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&-]{1,9}", s))


def _clean(name: str) -> str:
    name = name.strip()
    # "Las Vegas' Culinary Union", "Boeing’s Machinists Union": drop the possessor
    m = re.match(r"^.*?[’'](?:s)?[ \t]+(?=[A-Z])", name)
    if m:
        name = name[m.end():]
    # "John Deere and the United Auto Workers": keep the union side of a conjunction
    m = re.search(r"[ \t]+and[ \t]+the[ \t]+(?=[A-Z])", name)
    if m:
        name = name[m.end():]
    name = LEADING_NOISE.sub("", name)
    name = TRAILING_NOISE.sub("", name)
    name = re.sub(r"[’']s$", "", name)
    return name.strip(" ,.-")


@dataclass
class Parties:
    """What an article says about who is who."""

    unions: list[UnionGroup]
    acronyms: dict[str, str]  # acronym -> full form, as defined in the text
    employer_aliases: dict[str, str] = field(default_factory=dict)

    def union_at(self, start: int, end: int) -> list[UnionGroup]:
        """Unions mentioned within [start, end) of the article text, in the order of ``unions``."""
        index = self._index()
        lo = bisect.bisect_left(index, (start, -1))
        hit = set()
        for pos, gi in index[lo:]:
            if pos >= end:
                break
            hit.add(gi)
        return [self.unions[i] for i in sorted(hit)]

    def _index(self) -> list[tuple[int, int]]:
        """(mention start, group number) for every union mention, sorted; built once."""
        idx = self.__dict__.get("_mention_index")
        if idx is None:
            idx = sorted((m.start, gi) for gi, g in enumerate(self.unions) for m in g.mentions)
            self.__dict__["_mention_index"] = idx
        return idx

    def main_union(self) -> UnionGroup | None:
        if not self.unions:
            return None
        return max(self.unions, key=lambda g: (g.count(), -min(m.start for m in g.mentions)))


def _union_like(name: str) -> bool:
    if NOT_UNIONS.search(name):
        return False
    if re.search(rf"\b{UNION_HEADS}\b", name):
        return True
    return bool(WORKER_WORDS.search(name))


def find_unions(text: str) -> Parties:
    """Every union named in ``text``, grouped, with the acronyms the text defines."""
    raw: list[tuple[str, int, int, str | None, str | None]] = []  # form, start, end, local, acronym
    acronyms: dict[str, str] = {}

    def add(form: str, start: int, end: int) -> None:
        after = text[end : end + 40]
        local = None
        acr = None
        m = ACRONYM_DEF.match(after)
        if m:
            acr = m.group(1)
            after_acr = text[end + m.end() : end + m.end() + 30]
            lm = LOCAL_AFTER.match(after_acr)
            if lm:
                local = lm.group(1)
                end = end + m.end() + lm.end()
        if local is None:
            lm = LOCAL_AFTER.match(after)
            if lm:
                local = lm.group(1)
                end = end + lm.end()
            elif re.search(r"\bUnion$", form):
                nm = LOCAL_NUMBER_AFTER.match(after)
                if nm:
                    local = nm.group(1)
                    end = end + nm.end()
        raw.append((form, start, end, local, acr))

    for m in UNION_RX.finditer(text):
        for gi in (1, 2, 3, 4, 5):
            if m.group(gi):
                s = m.start(gi)
                form = _clean(m.group(gi))
                s = s + m.group(gi).find(form) if form else s
                if not form or len(form) < 6:
                    continue
                if gi == 3:
                    after = text[m.end(gi) : m.end(gi) + 60]
                    if not (WORKER_WORDS.search(form) or REPRESENTS.match(after)):
                        continue
                if not _union_like(form) and not REPRESENTS.match(text[m.end(gi) : m.end(gi) + 60]):
                    continue
                if len(form.split()) == 1 and form not in KNOWN_NAMES:
                    continue
                add(form, s, s + len(form))
    for m in ASSOC_OF_RX.finditer(text):
        form = _clean(m.group(1))
        if _union_like(form) and len(form.split()) >= 3 and not any(s <= m.start(1) < e for _, s, e, _, _ in raw):
            add(form, m.start(1), m.start(1) + len(form))
    # an apposition that says what the name is: "United Teachers of Los Angeles, the union representing ..."
    for m in APPOSITIVE_UNION.finditer(text):
        form = _clean(m.group(1))
        if len(form.split()) >= 2 and not NOT_UNIONS.search(form) and not any(s <= m.start(1) < e for _, s, e, _, _ in raw):
            s0 = m.start(1) + m.group(1).find(form)
            add(form, s0, s0 + len(form))
    # acronyms defined in the text: "Full Name (ACR)"
    for form, _s, _e, _l, acr in raw:
        if acr:
            acronyms[acr] = form
    for m in re.finditer(r"\b([A-Z][\w’'.&-]*(?:\s+(?:[A-Z][\w’'.&-]*|of|and|for|the|&)){1,9})\s+\(([A-Z][A-Za-z&-]{1,9})\)", text):
        full, acr = _clean(m.group(1)), m.group(2)
        if acr not in acronyms and _initials_match(acr, full):
            acronyms[acr] = full
    # known names and acronyms, and acronyms the text defined for a union
    known = dict(KNOWN_NAMES)
    for acr, full in KNOWN_UNIONS.items():
        known[acr] = full
    for acr, full in acronyms.items():
        if _union_like(full) or acr in KNOWN_UNIONS:
            known[acr] = full
    taken = [(s, e) for _, s, e, _, _ in raw]
    if known:
        rx = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True)) + r")\b(?![’']s\s+(?:union|members))")
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            add(m.group(1), m.start(), m.end())
            taken.append((m.start(), m.end()))
    # "the union representing graduate workers (TUGSA)": an acronym defined for a union
    for m in re.finditer(r"\b[Uu]nion\b[^.()]{0,70}?\(([A-Z][A-Z&-]{2,9})\)", text):
        acr = m.group(1)
        if acr not in acronyms and acr not in known:
            known[acr] = acr
    # "Local 99 of SEIU"
    for m in LOCAL_OF.finditer(text):
        aff = m.group(2).split()[0] if m.group(2).split()[0] in known else m.group(2)
        if aff in known or _union_like(aff):
            raw.append((m.group(0), m.start(), m.end(), m.group(1), None))
    # "SEIU Local 99" where the prefix is known
    for m in PREFIX_LOCAL.finditer(text):
        if m.group(1) in known and not any(s <= m.start() < e and lc == m.group(2) for _, s, e, lc, _ in raw):
            raw = [r for r in raw if not (r[1] == m.start())]
            raw.append((m.group(0), m.start(), m.end(), m.group(2), None))
    # "Locals 12003 and 12012": a second local after the first
    extra = []
    for form, s, e, local, acr in raw:
        if local:
            mm = re.match(r"^\s*(?:and|&|,)\s*(\d{2,6})\b", text[e : e + 20])
            if mm:
                extra.append((form, s, e + mm.end(), mm.group(1), acr))
    raw.extend(extra)

    groups: dict[tuple[str, str | None], UnionGroup] = {}
    for form, s, e, local, acr in sorted(raw, key=lambda r: r[1]):
        base = _base_name(form, known, acronyms)
        if base is None:
            continue
        key = (re.sub(r"s$", "", _norm(base)), local)
        g = groups.get(key)
        if g is None:
            g = groups[key] = UnionGroup(base=base, local=local)
        written = text[s:e] if local else form
        g.forms[written.strip(" ,")] += 1
        g.mentions.append(OrgMention(form, s, e))
        if acr:
            g.acronyms.add(acr)
        for a, full in acronyms.items():
            if _norm(full) == _norm(base) or _norm(full) == _norm(form):
                g.acronyms.add(a)
        for a, full in KNOWN_UNIONS.items():
            if _norm(full) == _norm(base):
                g.acronyms.add(a)
    # an affiliation named without a local belongs to its only local in the article
    for key in list(groups):
        base, local = key
        if local is None:
            locals_ = [k for k in groups if k[0] == base and k[1] is not None]
            if len(locals_) == 1:
                src, dst = groups.pop(key), groups[locals_[0]]
                dst.forms.update(src.forms)
                dst.mentions.extend(src.mentions)
                dst.acronyms |= src.acronyms
    # a union named by a part of a longer name ("Culinary Union" in "Culinary Union 226")
    out = list(groups.values())
    return Parties(unions=out, acronyms=acronyms)


def _initials_match(acr: str, full: str) -> bool:
    letters = [w[0].upper() for w in re.findall(r"[A-Za-z][\w’'-]*", full) if w.lower() not in ("of", "and", "for", "the", "&")]
    a = acr.replace("-", "").upper()
    return len(a) >= 2 and "".join(letters).startswith(a[:2]) and (a in "".join(letters) or len(set(a) - set(letters)) <= 1)


def _base_name(form: str, known: dict[str, str], acronyms: dict[str, str]) -> str | None:
    f = re.sub(r"\s*,?\s*(?:Local|Locals|District|Lodge)\s+(?:No\.\s*|#\s*)?\d+.*$", "", form).strip(" ,")
    f = re.sub(r"^Local\s+(?:No\.\s*|#\s*)?\d+\s+of\s+(?:the\s+)?", "", f)
    f = re.sub(r"\s+\d{2,6}$", "", f)
    if f in known:
        return known[f]
    if f in acronyms:
        return acronyms[f]
    first = f.split()[0] if f.split() else ""
    if first in known and len(f.split()) == 1:
        return known[first]
    if not f:
        return None
    nf = _norm(f)
    for full in known.values():
        if _norm(full) == nf:
            return full
    # "Service Employees International SEIU" style noise: keep as written
    return f


# --- employers ------------------------------------------------------------------

NOT_EMPLOYERS = re.compile(
    r"^(?:AP|Associated\s+Press|Reuters|CNN|NBC|CBS|ABC|Fox|KTLA|PTI|AFP|Bloomberg|NPR|BBC|UPI|KIMT|WSAZ|KSNT|WCTV|"
    r"National\s+Labor\s+Relations\s+Board|NLRB|Fair\s+Work\s+Commission|Bureau\s+of\s+Labor\s+Statistics|"
    r"Department\s+of\s+Labor|Labor\s+Department|Congress|Senate|House|White\s+House|Democratic\s+Party|Republican\s+Party|"
    r"Facebook|Twitter|X|Instagram|YouTube|LinkedIn|Getty\s+Images|Union|Local|Board|State|City\s+Council|Council|"
    r"Legislature|Supreme\s+Court|Court|the\s+Associated\s+Press|Eater|Patch|Axios|Newsweek|Reuters\s+reports|"
    r"Unfair\s+Labou?r\s+Practices?|Photo\w*.*|.*\bPhoto\b.*|Getty.*|.*\bNews\b.*|.*\bTimes\b|.*\bPost\b|.*\bJournal\b)$",
    re.I,
)
EMPLOYER_RX = re.compile(
    r"\b((?:[A-Z][\w’'.&-]*\s+){0,5}(?:Unified\s+)?School\s+District|(?:[A-Z][\w’'.&-]*\s+){1,4}Public\s+Schools|"
    r"City\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|(?:[A-Z][\w’'.&-]*\s+){1,4}(?:Medical\s+Center|Hospital|Health\s+Care|Healthcare|Health\s+System)|"
    r"University\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*|(?:[A-Z][\w’'.&-]*\s+){1,3}University|"
    # companies and agencies named by what they are: "Riverbend Metro", "Cascade Coach Lines", "Pellham Logistics"
    r"(?:[A-Z][\w’'.&-]*\s+){1,3}(?:Metro|Transit\s+Authority|Transit\s+District|Airlines|Air\s+Lines|Coach\s+Lines|"
    r"Bus\s+Lines|Motors|Logistics|Foods|Markets|Properties|Hotels?|Resorts?|Casino|Manufacturing|Industries|"
    r"Corporation|Corp\.|Inc\.|Company|Co\.))\b"
)


GENERIC_NAMES = re.compile(
    r"^(?:Healthcare|Health\s+Care|Health|Education|Transit|Labou?r|Management|Company|District|Hospital|"
    r"Hospitals|Schools?|University|Airlines?|Government|Administration|Workers|Staff|Employees|Nurses|Teachers)$",
    re.I,
)
REGIONS = re.compile(
    r"^(?:the\s+)?(?:Pacific\s+Northwest|Midwest|Northeast|Southwest|Southeast|New\s+England|Bay\s+Area|"
    r"Southern\s+California|Northern\s+California|Central\s+Valley|Inland\s+Empire|Gulf\s+Coast|East\s+Coast|"
    r"West\s+Coast|Rust\s+Belt|Sun\s+Belt|Mid-Atlantic|Great\s+Lakes|Appalachia)$",
    re.I,
)
NOT_EMPLOYER_WORDS = re.compile(
    r"[\[\]|]|\b(?:Workers?|Employees|Striking|Strikers?|Begin|Begins|Socialists|Democrats|Republicans|Party|"
    r"Council|Committee|Caucus)\b"
)


def clean_employer(name: str) -> str | None:
    name = re.sub(r"^(?:FILE|File)\s*[-–—:]\s*", "", re.sub(r"\s+", " ", name).strip())
    if NOT_EMPLOYER_WORDS.search(name) or GENERIC_NAMES.match(name.strip()) or REGIONS.match(name.strip()):
        return None
    if any(t in KNOWN_UNIONS for t in re.split(r"[\s/-]+", name)):
        return None  # "SEIU-United Healthcare" is a union
    name = _clean(name)
    name = re.sub(r"^(?:the|The)\s+", "", name)
    name = re.sub(r"[’']s$", "", name).strip()
    if len(name) < 2 or NOT_EMPLOYERS.match(name) or _union_like(name) and re.search(rf"\b{UNION_HEADS}\b", name):
        return None
    if re.fullmatch(r"[\d\W]+", name):
        return None
    return name


def employer_candidates(text: str) -> list[tuple[str, int, int]]:
    """Employer names found by pattern (no model)."""
    out = []
    for m in EMPLOYER_RX.finditer(text):
        name = clean_employer(m.group(1))
        if name:
            s = m.start(1) + m.group(1).find(name) if name in m.group(1) else m.start(1)
            out.append((name, s, s + len(name)))
    return out


def group_employers(names: list[str], acronyms: dict[str, str]) -> list[Organization]:
    """Group employer forms: an acronym joins its full form; a short form joins a longer one."""
    counts = Counter(names)
    orgs: list[Organization] = []
    for name, _ in sorted(counts.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        target = None
        for o in orgs:
            full = acronyms.get(name)
            if full and (_norm(full) == _norm(o.name) or full in o.forms()):
                target = o
                break
            if _norm(name) and (_norm(o.name).startswith(_norm(name) + " ") or _norm(name) == _norm(o.name)):
                target = o
                break
            if _is_acronym(name) and _initials_match(name, o.name):
                target = o
                break
        if target is None:
            full = acronyms.get(name)
            if full and not _union_like(full):
                orgs.append(Organization(name=full, aliases=[name]))
            else:
                orgs.append(Organization(name=name, aliases=[]))
        elif name != target.name and name not in target.aliases:
            target.aliases.append(name)
    return orgs
