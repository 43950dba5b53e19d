"""Invented records for linking at scale: many disputes, each told by several articles.

Each *relationship* is a union and an employer in one city; each article reports one or two
of them, with what outlets vary: the union's full name, its acronym or its local, only one side
named, a generic name ("the district"), an event that names no party, a date stated in full,
as a month, or not at all. Some relationships share a national union, some employers share a
first word, and some pairs are namesakes (their readable dispute ids are the same) without
being one party, as in real news. Nothing here is real news: names are made up.
"""

from __future__ import annotations

import datetime as dt
import random

from strikewatch.model import Article, Claim, Event, Evidence, Location, Organization, Record

NATIONAL = [("Amalgamated Ferry Workers Union", "AFWU"), ("Brotherhood of Tram Operators", "BTO"),
            ("United Kiln Workers", "UKW"), ("Guild of Archive Clerks", "GAC")]
TRADES = ["Nurses", "Drivers", "Teachers", "Machinists", "Clerks", "Cooks", "Porters", "Riggers", "Librarians",
          "Welders", "Bakers", "Linemen"]
PLACES = ["Ashford", "Brookvale", "Cedarton", "Dunmore", "Elmstead", "Fairhaven", "Glenrock", "Holloway",
          "Ivywood", "Juniper", "Kestrel", "Larkspur", "Millbrook", "Northgate", "Oakhurst", "Pinecrest",
          "Quarry", "Redfern", "Stonebridge", "Thornbury", "Upton", "Valebrook", "Westmere", "Yarrow"]
KINDS = ["General Hospital", "Transit Authority", "Unified School District", "Logistics", "Foundry",
         "Grand Hotel", "Public Library", "Waste Services", "Port Terminal", "Fresh Markets"]
STATES = ["CA", "OR", "WA", "NV", "AZ", "CO", "MN", "WI", "IL", "OH", "PA", "NY"]
TYPES = ["strike", "strike", "strike", "strike_vote", "agreement", "contract_expiration", "rally", "impasse",
         "ratification", "lockout"]
STATUS = {"strike": ["occurred", "ongoing", "planned", "threatened"], "strike_vote": ["occurred", "planned"],
          "agreement": ["occurred"], "contract_expiration": ["occurred", "planned"], "rally": ["occurred"],
          "impasse": ["occurred"], "ratification": ["occurred", "planned"], "lockout": ["occurred", "ongoing"]}


_ENDS = ["ford", "vale", "ton", "more", "stead", "haven", "rock", "way", "wood", "field", "mere", "brook", "gate",
         "hurst", "crest", "bury", "ley", "wick", "combe", "thorpe"]


def _place(i: int) -> str:
    """A made-up town name, different for every ``i``."""
    a, b = divmod(i, len(_ENDS))
    head = PLACES[a % len(PLACES)][:3] + ("" if a < len(PLACES) else "xyzq"[a // len(PLACES) % 4] * (a // len(PLACES)))
    return (head + _ENDS[b]).capitalize()


def relationships(n: int, rng: random.Random) -> list[dict]:
    """``n`` union-employer pairs; about one in five belongs to a national union, and every tenth
    is a namesake of the one before it (same readable ids, another party)."""
    out: list[dict] = []
    for i in range(n):
        place = _place(i)
        trade = TRADES[rng.randrange(len(TRADES))]
        if i % 10 == 9 and out and not out[-1]["local"]:
            prev = out[-1]
            # a namesake: the same first words, another body ("... Nurses Association" / "... Nurses Union")
            union = prev["union"].rsplit(" ", 1)[0] + (" Union" if not prev["union"].endswith("Union") else " Guild")
            employer = prev["employer"].rsplit(" ", 1)[0] + " College"
            out.append({"union": union, "acronym": None, "local": None, "employer": employer,
                        "city": prev["city"], "state": prev["state"]})
            continue
        if rng.random() < 0.2:
            name, acr = NATIONAL[rng.randrange(len(NATIONAL))]
            local = str(100 + i)
            union = f"{name} Local {local}"
        else:
            name, acr, local = f"{place} {trade} Association", None, None
            union = name
        out.append({"union": union, "acronym": acr, "local": local,
                    "employer": f"{place} {KINDS[rng.randrange(len(KINDS))]}",
                    "city": place, "state": STATES[i % len(STATES)]})
    return out


def _union(rel: dict, rng: random.Random) -> Organization:
    if rel["acronym"] and rng.random() < 0.4:
        return Organization(f"{rel['acronym']} Local {rel['local']}", [rel["union"]])
    return Organization(rel["union"], [rel["acronym"]] if rel["acronym"] and rng.random() < 0.5 else [])


def _employer(rel: dict, rng: random.Random) -> Organization:
    if rng.random() < 0.15:  # the name without its kind of body ("Ashford" for "Ashford Foundry")
        return Organization(rel["employer"].rsplit(" ", 1)[0] if rel["employer"].count(" ") > 1 else rel["employer"])
    return Organization(rel["employer"])


def _event(rel: dict, day: dt.date, published: dt.date, rng: random.Random, text: str,
           unsure: float = 0.0) -> Event:
    typ = rng.choice(TYPES)
    status = rng.choice(STATUS[typ])
    r = rng.random()
    start = day.isoformat() if r < 0.6 else day.isoformat()[:7] if r < 0.8 else None
    unions, employers = [_union(rel, rng)], [_employer(rel, rng)]
    r = rng.random()
    if r < 0.12:
        employers = [Organization("the district" if "District" in rel["employer"] else "the company")]
    elif r < 0.22:
        unions = []
    elif r < 0.27:
        unions, employers = [Organization("the union")], []
    # with ``unsure``, that share of events has every party below the link confidence (placed by its
    # likeliest party alone); drawn apart from ``rng``, so that the rest of the invented store is the same
    if unsure and random.Random(f"unsure {rel['union']} {day} {typ} {status}").random() < unsure:
        for o in unions + employers:
            o.confidence = 0.3
    sentence = f"{rel['union']} and {rel['employer']}: {typ} {status}."
    at = text.find(sentence)
    return Event(type=typ, status=status, start_date=start, date_basis="stated" if start else None,
                 unions=unions, employers=employers,
                 location=Location(rel["city"], rel["state"], "US") if rng.random() < 0.8 else None,
                 participants=rng.choice([None, 50, 120, 800, 2400]),
                 evidence=[Evidence(sentence, at, at + len(sentence))] if at >= 0 else [],
                 confidence=round(rng.uniform(0.5, 0.99), 3))


def synthetic_items(n_articles: int, seed: int = 0, n_relationships: int | None = None,
                    years: float | None = None, unsure: float = 0.0) -> list[tuple[Article, Record]]:
    """``n_articles`` (article, record) pairs over ``n_relationships`` disputes (a fifth of the articles by
    default) spread over ``years`` (one per 2,000 articles, at least two)."""
    rng = random.Random(seed)
    rels = relationships(n_relationships or max(4, n_articles // 5), rng)
    span_days = int(365 * (years or max(2.0, n_articles / 2000)))
    base = dt.date(2018, 1, 1)
    # each relationship has a few busy stretches; its articles fall near them
    busy = [[base + dt.timedelta(days=rng.randrange(span_days)) for _ in range(rng.randint(1, 3))] for _ in rels]
    out: list[tuple[Article, Record]] = []
    for k in range(n_articles):
        i = rng.randrange(len(rels))
        told = [i] + ([rng.randrange(len(rels))] if rng.random() < 0.15 else [])
        day = rng.choice(busy[i]) + dt.timedelta(days=rng.randint(-10, 10))
        published = day + dt.timedelta(days=rng.randint(0, 3))
        lines = [f"{rels[j]['union']} and {rels[j]['employer']}" for j in told]
        events = []
        pieces = []
        for j in told:
            for _ in range(rng.randint(1, 2)):
                when = day if j == i else rng.choice(busy[j])
                ev = _event(rels[j], when, published, rng, "", unsure)
                pieces.append(f"{rels[j]['union']} and {rels[j]['employer']}: {ev.type} {ev.status}.")
                events.append(ev)
        if rng.random() < 0.05:  # an event that names no party
            # (now and then with no place either: a mention with no link key at all)
            events.append(Event(type="rally", status="occurred", start_date=day.isoformat(), date_basis="stated",
                                location=Location(rels[i]["city"], rels[i]["state"], "US")
                                if rng.random() < 0.7 else None))
        text = "\n".join(lines + pieces)
        for ev in events:
            for e in ev.evidence:
                e.start = text.find(e.text)
                e.end = e.start + len(e.text)
        claims = []
        if rng.random() < 0.2:
            claims = [Claim(party="union", kind="demand", measure="raise_pct", value=float(rng.randint(3, 9)),
                            years=3.0)]
        aid = f"syn-{seed}-{k:06d}"
        art = Article(id=aid, text=text, title=f"Report {k}", published=published.isoformat(),
                      source=f"outlet{k % 7}.example")
        out.append((art, Record(id=aid, published=published.isoformat(), is_labor=True, events=events,
                                claims=claims)))
    return out
