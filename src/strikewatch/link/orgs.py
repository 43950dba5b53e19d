"""Organizations across articles: one canonical union or employer per real body.

Within an article the extractor has already grouped every form of a name (its
fullest form plus the aliases the article uses: acronyms, "Local 99"). Across
articles this module decides which of those per-article organizations are the
same body, and keeps the reason for every merge so it can be explained.

Unions are compared by **affiliation and local number**: "SEIU Local 99",
"Service Employees International Union, Local 99" and "Local 99 of SEIU" are all
(service employees international union, 99); "SEIU Local 721" is another union.
A name without a local matches the same affiliation with a local only where the
caller allows it (an event or dispute that names just "SEIU").

Employers are compared by a normalised name (case, punctuation, "The", corporate
suffixes such as "Inc." and "Co." folded), by acronym ("LAUSD" is the initials of
"Los Angeles Unified School District"), by a shorter form that starts the longer
one on a word boundary ("Kaiser" / "Kaiser Permanente"), and by a known short
name ("GM" / "General Motors").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from strikewatch.extract.names import FILE_PHOTO
from strikewatch.extract.parties import KNOWN_UNIONS
from strikewatch.model import Organization

_LOCAL_RX = re.compile(
    r"(?:,\s*)?\b(?:Local|Locals|Lodge|District(?:\s+Lodge)?|Council)\s+(?:No\.\s*|#\s*)?(\d{1,6})\b(?:-\d+)?", re.I
)
_LOCAL_OF_RX = re.compile(r"^\s*(?:Local|Lodge)\s+(?:No\.\s*|#\s*)?(\d{1,6})\s+of\s+(?:the\s+)?(.+)$", re.I)
_TRAILING_NUMBER = re.compile(r"\s+(\d{2,6})$")
_SUFFIXES = re.compile(
    r"\b(?:inc|incorporated|corp|corporation|co|company|llc|ltd|limited|plc|holdings|group|the)\b\.?", re.I
)
_STOP = {"of", "the", "and", "for", "&", "a", "an", "at", "in"}

#: words that name a kind of body, not a body: "the district", "the airline", "hospital officials"
_GENERIC_WORDS = {
    "the", "its", "their", "our", "this", "that", "these", "those", "both", "all", "other", "local",
    "officials", "union", "unions", "guild", "federation", "association", "council", "coalition", "leaders",
    "leadership", "company", "companies", "firm", "employer", "employers", "management", "managers",
    "administration", "district", "districts", "school", "schools", "board", "university", "universities",
    "college", "campus", "hospital", "hospitals", "health", "system", "systems", "clinic", "clinics",
    "airline", "airlines", "carrier", "carriers", "automaker", "automakers", "studio", "studios", "network",
    "networks", "plant", "plants", "factory", "railway", "railroad", "railways", "operator", "operators",
    "agency", "agencies", "government", "governments", "province", "provincial", "state", "city", "county",
    "ministry", "department", "workers", "employees", "staff", "members", "nurses", "teachers", "drivers",
    "owners", "industry", "side", "sides", "negotiators", "team", "bargaining", "public", "sector", "private",
}
#: what follows an employer's name when the extractor took a person's title along ("X President and CEO Y")
_TITLE_TAIL = re.compile(
    r"(?:[’']s)?\s+(?:President|CEO|Chief|Chair(?:man|woman|person)?|Spokes(?:man|woman|person)|Director|"
    r"Executive|Officials?|Negotiators?)\b.*$"
)

#: short names of employers that news uses without defining them
KNOWN_EMPLOYERS: dict[str, str] = {
    "GM": "General Motors",
    "LAUSD": "Los Angeles Unified School District",
    "CPS": "Chicago Public Schools",
    "NJ Transit": "New Jersey Transit",
    "UC": "University of California",
    "CSU": "California State University",
}

_KNOWN_FOLDED = {k.casefold(): v for k, v in KNOWN_EMPLOYERS.items() if len(k) > 3}


def _words(s: str) -> list[str]:
    return [w for w in re.sub(r"[^\w\s&]", " ", s.casefold()).split() if w]


@functools.lru_cache(maxsize=8192)
def _norm(s: str) -> str:
    return " ".join(w for w in _words(s) if w not in _STOP)


def initials(name: str) -> str:
    """Initials of the significant words: "Los Angeles Unified School District" -> "LAUSD"."""
    return "".join(w[0] for w in _words(name) if w not in _STOP).upper()


def is_acronym(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&.-]{1,9}", s.strip()))


@functools.lru_cache(maxsize=8192)
def _generic_form(s: str) -> bool:
    words = _words(s)
    return not words or all(w in _GENERIC_WORDS or w in _STOP for w in words)


def is_generic(org: Organization) -> bool:
    """True when every form of an organization names a kind of body ("the district", "Hospital").

    Such a name says nothing about which union or employer it is, so linking treats it
    as no name at all: it neither matches nor contradicts a named party.
    """
    return _generic_forms(tuple(org.forms()))


@functools.lru_cache(maxsize=65536)
def _generic_forms(forms: tuple[str, ...]) -> bool:
    return all(_generic_form(f) for f in forms)


def _org(forms: tuple[str, ...]) -> Organization:
    return Organization(forms[0], list(forms[1:]))


_DETERMINERS = {"the", "its", "their", "our", "this", "that", "these", "those", "both", "all", "other"}


def generic_keys(orgs: list[Organization]) -> set[str]:
    """The kinds of body that generic names give: "The government" -> "government"."""
    out = set()
    for o in orgs:
        if is_generic(o):
            for f in o.forms():
                key = " ".join(w for w in _words(f) if w not in _DETERMINERS and w not in _STOP)
                if key:
                    out.add(key)
    return out


#: a party the extractor reports with less confidence than this (its side's likeliest organization,
#: kept for recall) is shown on the event but not used to link events or to place them in disputes
#: (0.5, chosen on linked-dev's out-of-fold records, ``eval --linked --cv 5 --repeats 3``: event and
#: dispute links 0.605 / 0.848 at 0.3, 0.636 / 0.868 at 0.4, 0.656 / 0.886 at 0.45, 0.676 / 0.886 at
#: 0.5, 0.661 / 0.861 at 0.55, 0.655 / 0.856 at 0.6)
LINK_CONFIDENCE = 0.5


def named(orgs: list[Organization]) -> list[Organization]:
    """The organizations of a list that can link events: not generic (see :func:`is_generic`), and
    not reported below :data:`LINK_CONFIDENCE`."""
    return [o for o in orgs if not is_generic(o) and (o.confidence is None or o.confidence >= LINK_CONFIDENCE)]


_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_NOT_A_PART = re.compile(r"^(?:co|company|corp|inc|llc|ltd|sons|partners|associates|affiliates)\.?$", re.I)


@functools.lru_cache(maxsize=8192)
def _parts(name: str) -> tuple[str, ...]:
    parts = [p.strip(" .") for p in _LIST_SEP.split(name.strip(" ,"))]
    parts = [p for p in parts if p]
    if len(parts) < 2 or any(_NOT_A_PART.match(p) or not p[:1].isupper() for p in parts):
        return (name,)
    return tuple(parts)


def named_employers(orgs: list[Organization]) -> list[Organization]:
    """Named employers, with a list the extractor took for one name split into its members.

    "Allina Health, M Health Fairview" and "M Health Fairview and North Memorial" are
    two employers each; "Deere and Co." stays one.
    """
    out: list[Organization] = []
    for o in named(orgs):
        parts = _parts(o.name)
        if len(parts) == 1:
            out.append(o)
        else:
            out.extend(Organization(p) for p in parts if not _generic_form(p))
    return out


# --- unions -------------------------------------------------------------------------


@dataclass(frozen=True)
class UnionKey:
    """A union's identity: its affiliation (normalised full name) and local number."""

    affiliation: str
    local: str | None = None

    def label(self) -> str:
        return self.affiliation + (f" local {self.local}" if self.local else "")


_FULL_BY_NORM = {_norm(full): full for full in KNOWN_UNIONS.values()}


def _affiliation(name: str) -> str:
    """The affiliation's normalised full name: acronyms expanded through the known table."""
    n = name.strip(" ,")
    if n in KNOWN_UNIONS:
        return _norm(KNOWN_UNIONS[n])
    up = n.upper()
    if up in KNOWN_UNIONS and is_acronym(n):
        return _norm(KNOWN_UNIONS[up])
    first = n.split()[0] if n.split() else n
    # "SEIU United Healthcare Workers West": the acronym in front names the affiliation
    if first in KNOWN_UNIONS and len(n.split()) <= 2:
        return _norm(KNOWN_UNIONS[first])
    return _norm(n)


@functools.lru_cache(maxsize=8192)
def union_key_of_name(name: str) -> UnionKey:
    """The key of one written union name."""
    m = _LOCAL_OF_RX.match(name)
    if m:
        return UnionKey(_affiliation(m.group(2)), m.group(1))
    local = None
    lm = _LOCAL_RX.search(name)
    base = name
    if lm:
        local = lm.group(1)
        base = (name[: lm.start()] + " " + name[lm.end():]).strip()
    else:
        tm = _TRAILING_NUMBER.search(name)
        if tm and not re.search(r"\b(?:19|20)\d\d$", name):
            local = tm.group(1)
            base = name[: tm.start()]
    return UnionKey(_affiliation(base), local)


def union_key(org: Organization) -> UnionKey:
    """The key of a union as one article names it (a local given by any alias counts)."""
    keys = [union_key_of_name(f) for f in org.forms() if f.strip()]
    main = keys[0] if keys else UnionKey(_norm(org.name))
    if main.local is None:
        local = next((k.local for k in keys if k.local and k.affiliation == main.affiliation), None)
        if local is None:
            local = next((k.local for k in keys if k.local), None)
        if local:
            main = UnionKey(main.affiliation, local)
    return main


def union_aff_forms(org: Organization) -> set[str]:
    """Every affiliation the forms of one union name (full names, acronyms and initials)."""
    names, inits = _union_forms(tuple(org.forms()))
    return set(names | inits)


def union_name_forms(org: Organization) -> tuple[frozenset[str], frozenset[str]]:
    """(the affiliations and acronyms of a union's names, the initials of its full names)."""
    return _union_forms(tuple(org.forms()))


@functools.lru_cache(maxsize=65536)
def _union_forms(forms: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    org = _org(forms)
    # a generic form ("the union") names no union
    named_forms = [f for f in org.forms() if f.strip() and not _generic_form(f)]
    names = {union_key_of_name(f).affiliation for f in named_forms}
    inits = set()
    for f in named_forms:
        if is_acronym(f):
            names.add(f.casefold())
        else:
            # the initials of a name of three words or more ("United Teachers Los Angeles" -> "utla");
            # one or two letters name no union ("Unifor" is not "Unison", "Unite Here" not "Utility Hub")
            ini = initials(re.sub(_LOCAL_RX, "", f))
            if len(ini) >= 3:
                inits.add(ini.casefold())
    return frozenset(o for o in names if o), frozenset(inits - names)


def union_affiliations(org: Organization) -> set[str]:
    """The normalised affiliation of every form of a union's name (no local numbers)."""
    return {k for k in (union_key_of_name(f).affiliation for f in org.forms() if f.strip() and not _generic_form(f))
            if k}


def union_prefixes(aff: str) -> list[str]:
    """The proper word-prefixes of an affiliation that could be a cut-short name of it ("minnesota")."""
    words = aff.split()
    return [p for p in (" ".join(words[:i]) for i in range(1, len(words))) if len(p) >= 4 and distinctive(p)]


def _prefix_pair(a: Organization, b: Organization) -> tuple[str, str] | None:
    """A name of one union cut short from one of the other's ("Minnesota", "Minnesota Nurses Association")."""
    for x in sorted(union_affiliations(a)):
        for y in sorted(union_affiliations(b)):
            short, long_ = (x, y) if len(x) <= len(y) else (y, x)
            if short in union_prefixes(long_):
                return short, long_
    return None


#: words many unions' names share; what is left names the trade or the body ("machinists", "teamsters")
_UNION_COMMON = {
    "union", "unions", "workers", "worker", "international", "association", "associations", "national",
    "federation", "local", "locals", "united", "american", "employees", "employee", "service", "services",
    "public", "professional", "professionals", "guild", "council", "brotherhood", "order", "fraternal",
    "state", "county", "city", "district", "canadian", "amalgamated", "general", "alliance", "coalition",
    "confederation", "industrial", "labor", "labour", "trades", "trade", "congress", "committee",
    "organization", "organisation", "staff", "allied", "affiliated", "independent", "lodge", "chapter",
    "division", "region", "regional", "north", "south", "east", "west", "northern", "southern", "eastern",
    "western", "new", "front", "common",
}


def distinctive(name: str) -> bool:
    """A name that says which body it is: a word that is neither generic ("university", "school")
    nor shared by many bodies' names ("united", "international", "national")."""
    return any(w not in _UNION_COMMON and w not in _GENERIC_WORDS and w not in _STOP for w in _words(name))


def union_words(org: Organization) -> set[str]:
    """The distinctive words of a union's names: its trade or its body, not "International Union of"."""
    return {w for aff in union_affiliations(org) for w in aff.split()
            if len(w) >= 4 and w not in _UNION_COMMON and not w.isdigit()}


def loosely_same_union(a: Organization, b: Organization, exclude: set[str]) -> str | None:
    """Two unions' names that share a distinctive word not in ``exclude`` ("Machinists union" and
    "International Association of Machinists"); only meaningful where the employer is known to be the same."""
    common = sorted((union_words(a) & union_words(b)) - exclude)
    return f"both name '{common[0]}'" if common else None


def employer_words(orgs: list[Organization]) -> set[str]:
    """Every word of every normalised form of some employers (the Kaiser of "Kaiser Permanente")."""
    return {w for o in orgs for f in o.forms() for w in employer_norm(f).split()}


def same_union(a: Organization, b: Organization, loose_local: bool = True) -> str | None:
    """Why two per-article unions are one union, or None when they are not.

    ``loose_local``: a name without a local matches the same affiliation with one.
    """
    return _same_union(tuple(a.forms()), tuple(b.forms()), loose_local)


@functools.lru_cache(maxsize=262144)
def _same_union(fa: tuple[str, ...], fb: tuple[str, ...], loose_local: bool) -> str | None:
    a, b = _org(fa), _org(fb)
    ka, kb = union_key(a), union_key(b)
    if ka.local and kb.local and ka.local != kb.local:
        return None
    same_aff = ka.affiliation == kb.affiliation and not _generic_form(a.name) and not _generic_form(b.name)
    reason = "same name"
    if not same_aff:
        # a name or acronym in common, or the initials of one's name the other's acronym ("UTLA"); two
        # names with the same initials are not one union ("Bay Port Association", "Bell Park Alliance")
        (na, ia), (nb, ib) = union_name_forms(a), union_name_forms(b)
        common = (na & nb) | (ia & nb) | (na & ib)
        if common:
            short = min(common, key=len)
            reason = f"same affiliation ({short.upper() if len(short) <= 8 else short})"
        else:
            pre = _prefix_pair(a, b)
            if pre is None:
                return None
            reason = f"'{pre[0]}' starts '{pre[1]}'"
    if ka.local and kb.local:
        return f"{reason}, local {ka.local}"
    if ka.local or kb.local:
        return f"{reason}, one names local {ka.local or kb.local}" if loose_local else None
    return reason


# --- employers ----------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def employer_norm(name: str) -> str:
    """An employer's name with case, punctuation, "The" and corporate suffixes folded."""
    bare = _TITLE_TAIL.sub("", FILE_PHOTO.sub("", name.strip())).strip() or name.strip()
    full = KNOWN_EMPLOYERS.get(bare) or _KNOWN_FOLDED.get(bare.casefold(), bare)
    words = _words(_SUFFIXES.sub(" ", full))
    # "Deere & Co." -> "deere": a connective left dangling by a folded suffix goes too
    while len(words) > 1 and words[-1] in ("and", "&"):
        words.pop()
    return " ".join(words)


def _employer_forms(org: Organization) -> list[str]:
    """The forms of an employer's name that can match another's: a generic one ("the hospital") cannot."""
    return [f for f in org.forms() if f and f.strip() and not _generic_form(f)]


def same_employer(a: Organization, b: Organization) -> str | None:
    """Why two per-article employers are one employer, or None when they are not."""
    return _same_employer(tuple(a.forms()), tuple(b.forms()))


@functools.lru_cache(maxsize=262144)
def _same_employer(fa_: tuple[str, ...], fb_: tuple[str, ...]) -> str | None:
    a, b = _org(fa_), _org(fb_)
    fa, fb = _employer_forms(a), _employer_forms(b)
    na = {employer_norm(f) for f in fa} - {""}
    nb = {employer_norm(f) for f in fb} - {""}
    common = na & nb
    if common:
        return f"same name ({min(common, key=len)})"
    for x in fa:
        for y in fb:
            if is_acronym(x) and not is_acronym(y) and initials(y) == x.replace(".", "").upper():
                return f"{x} is the initials of {y}"
            if is_acronym(y) and not is_acronym(x) and initials(x) == y.replace(".", "").upper():
                return f"{y} is the initials of {x}"
    for x in na:
        for y in nb:
            short, long_ = (x, y) if len(x) <= len(y) else (y, x)
            if len(short) >= 3 and long_.startswith(short + " ") and distinctive(short):
                return f"'{short}' starts '{long_}'"
            # "kaiser permanente" inside "file kaiser permanente": the whole shorter name, on word boundaries
            if len(short.split()) >= 2 and f" {short} " in f" {long_} " and distinctive(short):
                return f"'{short}' is part of '{long_}'"
            # "deere" (of "Deere & Co.") ends "john deere": a one-word name that says which body it is
            if last_word_key(long_) == short:
                return f"'{short}' ends '{long_}'"
    return None


def last_word_key(norm: str) -> str | None:
    """The last word of a normalized name of two words or more, when it could name the body alone:
    distinctive, alphabetic, four letters or more ("john deere" -> "deere"; "allina health" -> None)."""
    words = norm.split()
    if len(words) < 2:
        return None
    w = words[-1]
    return w if len(w) >= 4 and w.isalpha() and distinctive(w) else None


# --- registry ------------------------------------------------------------------------


@dataclass
class CanonicalOrg:
    """One union or employer across articles."""

    id: str
    kind: str  # "union" | "employer"
    name: str
    aliases: list[str] = field(default_factory=list)
    #: (alias or name merged in, why it was merged)
    merges: list[tuple[str, str]] = field(default_factory=list)
    local: str | None = None
    #: the readable id before a number told namesakes apart
    id_base: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "name": self.name, "aliases": list(self.aliases),
                "local": self.local, "merges": [{"name": n, "why": w} for n, w in self.merges]}


def slug(s: str, limit: int = 40) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", s.casefold()).strip("-")
    return out[:limit].strip("-") or "x"


class OrgRegistry:
    """Canonical organizations, built by adding per-article ones in a fixed order."""

    def __init__(self) -> None:
        self.orgs: list[CanonicalOrg] = []
        self._members: dict[str, list[Organization]] = {}
        self._index: dict[tuple[str, str], set[int]] = {}  # (name key, role) -> positions in self.orgs
        self._ids: set[str] = set()

    def add(self, org: Organization, kind: str) -> CanonicalOrg:
        """The canonical organization of ``org``: the first one a member of which matches, else a new one.

        Only canonical organizations a member of which has name keys that meet ``org``'s are
        compared (:func:`strikewatch.link.scope.name_keys`: every pair of names that can match
        has keys that meet).
        """
        from strikewatch.link.scope import MEETS, name_keys

        own = name_keys(org, kind)
        for i in sorted({i for k, r in own for r2 in MEETS[r] for i in self._index.get((k, r2), ())}):
            c = self.orgs[i]
            for m in self._members[c.id]:
                why = same_union(org, m, loose_local=False) if kind == "union" else same_employer(org, m)
                if why:
                    self._absorb(c, org, why)
                    self._put(own, i)
                    return c
        key = union_key(org) if kind == "union" else None
        base = org.name
        c = CanonicalOrg(id="", kind=kind, name=base, local=key.local if key else None)
        n = 1
        # the whole name (up to 80 characters): "... Union Local 976" and "... Local 977" are told apart
        c.id_base = cid = f"{kind[0]}-{slug(base, 80)}"
        while cid in self._ids:
            n += 1
            cid = f"{c.id_base}-{n}"
        c.id = cid
        self._ids.add(cid)
        self.orgs.append(c)
        self._members[c.id] = []
        self._absorb(c, org, "first seen")
        self._put(own, len(self.orgs) - 1)
        return c

    def _put(self, keys: frozenset[tuple[str, str]], i: int) -> None:
        for kr in keys:
            self._index.setdefault(kr, set()).add(i)

    def _absorb(self, c: CanonicalOrg, org: Organization, why: str) -> None:
        self._members[c.id].append(org)
        if why != "first seen" and org.name != c.name:
            c.merges.append((org.name, why))
        for f in org.forms():
            if f and f != c.name and f not in c.aliases:
                c.aliases.append(f)
        # the fullest written form names the organization
        if len(org.name) > len(c.name) and not is_acronym(org.name):
            if c.name not in c.aliases:
                c.aliases.append(c.name)
            c.name = org.name
            if org.name in c.aliases:
                c.aliases.remove(org.name)

    def get(self, org_id: str) -> CanonicalOrg | None:
        return next((o for o in self.orgs if o.id == org_id), None)
