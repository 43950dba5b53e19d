"""The reach of linking: which stored articles a new article can change the linking of.

:func:`strikewatch.link.link` is a pure function of the set of mentions, but it
never compares two articles that have nothing to do with each other. This module
names, for one article, the *keys* through which its mentions can meet another
article's in any step of linking; two articles whose keys never meet are linked
the same whether or not the other is stored. The store keeps every article's keys
(table ``link_keys``), so a new or changed article relinks only the articles its
keys reach, and those theirs (the connected part of the store around it), and the
result is the full ``relink``'s (``tests/test_incremental.py`` checks this over
random ingest orders).

A key is a string and a *role*. Keys of role ``s`` meet every holder of the same
key; the others meet only their counterpart:

* ``i`` (a union's initials) meets its names and acronyms (``s``), not other initials;
* a union named with its local files its keys under the name and local, and under
  the name alone with ``l`` before the role: those meet only names without a local
  (which can be any local's), never another local;
* ``f`` (a whole name) meets ``f`` and ``p`` (a part of a name: a word-prefix, a
  run of words, initials): "Mercy" meets "Mercy Hospital", which starts with it,
  but two names that both start with "Mercy" do not meet through it;
* ``q`` (a probe: an article that names no party, placed by a generic name or by
  its city) meets ``v`` (what every event offers such an article).

The keys follow each way :mod:`strikewatch.link.orgs` can find two names the same
(:func:`~strikewatch.link.orgs.same_employer`,
:func:`~strikewatch.link.orgs.same_union`), for every form of every named party in
either role (the linker matches names across roles too), and the ways
:mod:`strikewatch.link.disputes` places an event that names no party. Generic names
("the district") give no name keys: they match nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from strikewatch.link.orgs import (
    _generic_form,
    _parts,
    distinctive,
    employer_norm,
    generic_keys,
    initials,
    is_acronym,
    is_generic,
    last_word_key,
    named,
    named_employers,
    union_affiliations,
    union_key,
    union_name_forms,
    union_prefixes,
)
from strikewatch.model import Event, Organization

#: a key and its role
Key = tuple[str, str]

_BASE: dict[str, tuple[str, ...]] = {"s": ("s", "i"), "i": ("s",), "f": ("f", "p", "xf", "xp"), "p": ("f", "xf"),
                                     "xf": ("f", "p"), "xp": ("f",), "q": ("v",), "v": ("q",)}
#: roles that meet each role (see the module docstring); "l" + a role is that role of a union's name with a
#: local, under the name without it: it meets only names without a local (which can be any local's)
MEETS: dict[str, tuple[str, ...]] = {
    **{r: m + tuple("l" + x for x in m) for r, m in _BASE.items()},
    **{"l" + r: m for r, m in _BASE.items()},
}


def name_keys(org: Organization, kind: str) -> frozenset[Key]:
    """See :func:`_name_keys` (remembered by the organization's names)."""
    return _name_keys(tuple(org.forms()), kind)


@functools.lru_cache(maxsize=65536)
def _name_keys(forms_: tuple[str, ...], kind: str) -> frozenset[Key]:
    """The keys of one named union or employer (``kind``).

    An employer's name has the keys of :func:`~strikewatch.link.orgs.same_employer`; a union's
    those of :func:`~strikewatch.link.orgs.same_union`, and the employer keys of its name with
    ``x`` before the role, which meet only employers' (names are matched across roles, a union's
    name against an employer's, never a union's against a union's that way).
    """
    org = Organization(forms_[0], list(forms_[1:])) if forms_ else Organization("")
    keys: set[Key] = set()
    forms = [f for f in org.forms() if f and f.strip() and not _generic_form(f)]
    # a list the extractor took for one name ("Allina Health, M Health Fairview") is also its members
    forms += [p for p in _parts(org.name) if p != org.name and not _generic_form(p)]
    for f in forms:
        norm = employer_norm(f)
        if norm:
            keys.add(("n:" + norm, "f"))
            words = norm.split()
            for i in range(1, len(words)):  # proper word-prefixes: "mercy" starts "mercy hospital"
                p = " ".join(words[:i])
                if len(p) >= 3 and distinctive(p):
                    keys.add(("n:" + p, "p"))
            last = last_word_key(norm)
            if last:  # "deere" ends "john deere" (orgs.same_employer)
                keys.add(("n:" + last, "p"))
            for i in range(len(words)):  # runs of two words or more inside the name
                for j in range(i + 2, len(words) + 1):
                    run = " ".join(words[i:j])
                    if j - i < len(words) and distinctive(run):
                        keys.add(("n:" + run, "p"))
        if is_acronym(f):
            keys.add(("i:" + f.replace(".", "").upper(), "f"))
        else:
            ini = initials(f)
            if len(ini) >= 2:
                keys.add(("i:" + ini, "p"))
    if kind != "union":
        return frozenset(keys)
    keys = {(k, "x" + r) for k, r in keys}
    one = Organization(forms[0], forms[1:]) if forms else org
    # unions with different locals are different unions; a name without a local can be any of them:
    # a union's keys with a local are filed under the name and local, and under the name alone as "l"
    union_keys: set[Key] = set()
    names, inits = union_name_forms(one)
    union_keys.update(("u:" + a, "s") for a in names)
    union_keys.update(("u:" + a, "i") for a in inits)  # initials meet a name or acronym, not initials
    if forms and union_key(one).affiliation == "" and not _generic_form(one.name):
        # a local named without its union ("Local 602"): the same as another so named (the same, empty,
        # affiliation), which no name key gives
        union_keys.add(("u:", "s"))
    for aff in union_affiliations(one):  # a name cut short: "Minnesota" for "Minnesota Nurses Association"
        union_keys.add(("a:" + aff, "f"))
        union_keys.update(("a:" + p, "p") for p in union_prefixes(aff))
    local = union_key(one).local if forms else None
    if local:
        keys.update((f"{k}#{local}", r) for k, r in union_keys)
        keys.update((k, "l" + r) for k, r in union_keys)
    else:
        keys |= union_keys
    return frozenset(keys)


def party_keys(e: Event) -> set[Key]:
    """The name keys of the parties of one event that can link it (named, not generic)."""
    keys: set[Key] = set()
    for o in named(e.unions):
        keys |= name_keys(o, "union")
    for o in named_employers(e.employers):
        keys |= name_keys(o, "employer")
    return keys


def _names_a_party(e: Event) -> bool:
    return bool(named(e.unions)) or bool(named_employers(e.employers))


def mention_keys(article_id: str, events: list[Event], published: str | None = None,
                 has_claims: bool = False) -> list[set[Key]]:
    """The keys of each of one article's mentions (see the module docstring).

    Mentions of one article meet each other only where linking decides something for the
    article as a whole: where one of them names no party (it goes where the rest of the
    article's events go), one is an old event the article may recall as background (that
    depends on which dispute the article is mostly about), or the article has claims (they
    go to that dispute). Otherwise two disputes one article reports on are linked apart.
    """
    from strikewatch.link.disputes import _background

    out: list[set[Key]] = []
    for e in events:
        keys: set[Key] = set()
        for kind, orgs in (("union", e.unions), ("employer", e.employers)):
            for o in orgs:
                if not is_generic(o):
                    keys |= name_keys(o, kind)
        out.append(keys)
    # an article that names no party at all is placed in a dispute by a generic name it shares with
    # that dispute's events, else by the city and day of an event of the same type
    named_any = [_names_a_party(e) for e in events]
    probe = bool(events) and not any(named_any)
    for e, keys in zip(events, out, strict=True):
        city = e.location.city.casefold() if e.location and e.location.city else None
        place = f"c:{e.type}|{city}" if city else None
        gen = generic_keys(e.employers)
        keys.update(("g:" + k, "v") for k in gen)
        if place:
            keys.add((place, "v"))
        if probe:
            keys.update(("g:" + k, "q") for k in gen)
            if place:
                keys.add((place, "q"))
    old = any(_background(_Seen(e, published)) for e in events)
    if len(events) > 1 and (has_claims or old or not all(named_any)):
        for keys in out:
            keys.add(("m:" + article_id, "s"))
    return out


class _Seen:
    """A mention as :func:`strikewatch.link.disputes._background` reads it."""

    def __init__(self, event: Event, published: str | None) -> None:
        self.event, self.published = event, published


def article_keys(events: Iterable[Event], article_id: str = "", published: str | None = None,
                 has_claims: bool = False) -> set[Key]:
    """Every key of one article's mentions."""
    return {k for ks in mention_keys(article_id, list(events), published, has_claims) for k in ks}
