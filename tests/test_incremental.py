"""Incremental linking: relinking only the part of the store a change can reach gives a full relink's result.

Each test stores invented records (tests/_synthetic.py) in a random order, in batches, with
some articles changed or removed on the way, calls ``relink_changed`` after each batch, and
compares every linked row (events, their mentions, disputes, organizations, the full-text
index) with a store that got everything at once and one full ``relink``.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from _synthetic import synthetic_items

from strikewatch.link.scope import MEETS, article_keys, name_keys
from strikewatch.model import Event, Organization, Record
from strikewatch.store import open_store

WORDS = ["strike", "report", "association", "foundry", "guild", "hospital", "ferry"]


def layer(s: Any) -> dict[str, Any]:
    """Every linked row (``first_seen`` aside: it is the time the store got the article)."""
    c = s._conn
    out = {
        "events": sorted(tuple(r) for r in c.execute(
            "SELECT id, dispute_id, type, status, start_date, end_date, location_city, location_state, industry,"
            " unions, employers, participants, n_mentions, data, confidence FROM events")),
        "event_mentions": sorted(tuple(r) for r in c.execute("SELECT event_id, article_id, idx FROM event_mentions")),
        "disputes": sorted(tuple(r) for r in c.execute("SELECT * FROM disputes")),
        "organizations": sorted(tuple(r) for r in c.execute("SELECT * FROM organizations")),
    }
    match = ("tsv @@ plainto_tsquery('english', ?)" if getattr(s, "dialect", "sqlite") == "postgresql"
             else "events_fts MATCH ?")
    for w in WORDS:
        out[f"search {w}"] = sorted(r[0] for r in c.execute(
            f"SELECT id FROM events WHERE rowid IN (SELECT rowid FROM events_fts WHERE {match})", (w,)))
    # the index holds one row per event, no more (a row left behind would be found by a later search)
    out["index rows"] = c.execute("SELECT count(*) FROM events_fts").fetchone()[0] if match != "events_fts MATCH ?" \
        else None
    return out


def stored(path: Path, items: list[Any], incremental: bool = False) -> Any:
    """A store at ``path`` holding every item, linked once (incrementally or with a full relink)."""
    s = open_store(path)
    for a, r in items:
        s.save(a, r)
    if incremental:
        s.relink_changed()
    else:
        s.relink()
    return s


def full_store(tmp_path: Path, items: list[Any]) -> Any:
    """A store that got every item at once and one full relink (what incremental linking must equal)."""
    return stored(tmp_path / "full.db", items)


def _changed(rec: Record, rng: random.Random) -> Record:
    """The same article read again with one event fewer, or another status."""
    events = list(rec.events)
    if len(events) > 1 and rng.random() < 0.5:
        events.pop(rng.randrange(len(events)))
    elif events:
        e = events[0]
        events[0] = Event.from_dict({**e.to_dict(), "status": "occurred" if e.status != "occurred" else "ongoing"})
    return Record(id=rec.id, published=rec.published, is_labor=True, events=events, claims=rec.claims)


def run_incremental(tmp_path: Path, n: int, seed: int, order_seed: int, url: str | None = None,
                    unsure: float = 0.0) -> None:
    items = synthetic_items(n, seed=seed, n_relationships=max(6, n // 6), unsure=unsure)
    rng = random.Random(order_seed)
    order = items[:]
    rng.shuffle(order)
    final = {a.id: (a, r) for a, r in items}
    inc = open_store(url or tmp_path / f"inc-{order_seed}.db")
    stored: list[str] = []
    i = 0
    while i < len(order):
        k = rng.choice([1, 1, 2, 4])
        for a, r in order[i:i + k]:
            inc.save(a, r)
            stored.append(a.id)
        i += k
        if stored and rng.random() < 0.15:  # an article read again, differently, then as it is
            aid = rng.choice(stored)
            a, r = final[aid]
            inc.save(a, _changed(r, rng), force=True)
            inc.relink_changed()
            inc.save(a, r, force=True)
        if stored and rng.random() < 0.05:  # an article removed, then stored again
            aid = rng.choice(stored)
            inc.delete(aid)
            inc.relink_changed()
            inc.save(*final[aid])
        inc.relink_changed()
    assert not inc.needs_relink()
    got = layer(inc)
    if url:  # the same store emptied, then filled at once and linked whole
        inc._conn.execute("DELETE FROM articles")
        inc.relink()
    full = inc if url else open_store(tmp_path / f"full-{order_seed}.db")
    for a, r in items:
        full.save(a, r)
    full.relink()
    want = layer(full)
    assert want["events"], "the invented records link into events"
    for name in want:
        assert got[name] == want[name], f"{name} differ (seed {seed}, order {order_seed})"


@pytest.mark.parametrize("order_seed", [0, 1, 2, 3])
def test_incremental_equals_full_relink_over_random_orders(tmp_path: Path, order_seed: int) -> None:
    run_incremental(tmp_path, 70, seed=5, order_seed=order_seed)


@pytest.mark.parametrize("order_seed", [0, 1])
def test_incremental_equals_full_relink_with_unsure_parties(tmp_path: Path, order_seed: int,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles whose every party is below the link confidence are placed by their likeliest party
    (``link.disputes.WEAK_PARTY_DAYS``); what a new article relinks still reaches them."""
    import strikewatch.link.disputes as disputes

    placed: list[bool] = []
    real = disputes._weak_party_root

    def spy(*args: Any) -> str | None:
        root = real(*args)
        placed.append(root is not None)
        return root

    monkeypatch.setattr(disputes, "_weak_party_root", spy)
    run_incremental(tmp_path, 70, seed=5, order_seed=order_seed, unsure=0.15)
    assert any(placed), "some article is placed by an unsure party"


def test_incremental_equals_full_relink_on_postgresql(tmp_path: Path) -> None:
    from _pg import pg_schema

    with pg_schema() as url:
        run_incremental(tmp_path, 50, seed=7, order_seed=11, url=url)


def test_incremental_equals_full_relink_with_many_small_disputes(tmp_path: Path) -> None:
    # many relationships, few articles each: most changes reach a small part of the store
    items = synthetic_items(120, seed=9, n_relationships=60)
    full = full_store(tmp_path, items)
    inc = open_store(tmp_path / "inc.db")
    reached = []
    for a, r in items:
        inc.save(a, r)
        reached.append(inc.relink_changed()["mentions"])
    assert layer(inc) == layer(full)
    # namesakes (disputes whose readable ids are told apart by a number) are among them
    assert any(row[0].endswith("-2") for row in layer(full)["disputes"])
    # the part linked again is, for most articles, a small share of the store
    assert sorted(reached)[len(reached) // 2] < len(items) // 4


def test_relink_changed_is_a_no_op_when_nothing_changed(tmp_path: Path) -> None:
    s = open_store(tmp_path / "s.db")
    for a, r in synthetic_items(10, seed=2):
        s.save(a, r)
    assert s.needs_relink()
    assert s.relink_changed()["events"] > 0
    assert not s.needs_relink()
    assert s.relink_changed() == {}


def test_pending_links_survive_a_crash_before_linking(tmp_path: Path) -> None:
    items = synthetic_items(20, seed=3)
    s = open_store(tmp_path / "s.db")
    for a, r in items[:10]:
        s.save(a, r)
    s.relink_changed()
    for a, r in items[10:]:
        s.save(a, r)  # stored, and the process dies before linking
    s.close()
    again = open_store(tmp_path / "s.db")
    assert again.needs_relink()
    again.relink_changed()
    full = full_store(tmp_path, items)
    assert layer(again) == layer(full)


def test_a_changed_article_leaves_nothing_of_its_old_text_in_search(tmp_path: Path) -> None:
    items = synthetic_items(12, seed=4)
    s = stored(tmp_path / "s.db", items, incremental=True)
    a, r = items[0]
    a2 = type(a)(**{**a.__dict__, "text": a.text + "\nZanzibarite observers watched."})
    s.save(a2, r)
    s.relink_changed()
    hits = [x[0] for x in s._conn.execute(
        "SELECT id FROM events WHERE rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH 'zanzibarite')")]
    assert hits and all(a.id in (s.event(h) or {}).get("articles", [m["article"] for m in
                        (s.event(h) or {}).get("mentions", [])]) for h in hits)
    s.save(a, r)  # back to the old text: the word leaves the index
    s.relink_changed()
    assert not s._conn.execute(
        "SELECT 1 FROM events_fts WHERE events_fts MATCH 'zanzibarite'").fetchone()
    # the contentless index still agrees, row for row, with one made from scratch
    full = full_store(tmp_path, items)
    assert layer(s) == layer(full)


def test_keys_follow_the_name_rules() -> None:
    def meet(a: Organization, ka: str, b: Organization, kb: str) -> bool:
        x, y = name_keys(a, ka), name_keys(b, kb)
        return any(k == k2 and r2 in MEETS[r] for k, r in x for k2, r2 in y)

    O = Organization  # noqa: N806, E741
    assert meet(O("Mercy"), "employer", O("Mercy Hospital"), "employer")  # a name cut short
    assert meet(O("LAUSD"), "employer", O("Los Angeles Unified School District"), "employer")  # initials
    assert meet(O("SEIU"), "union", O("Service Employees International Union", ["SEIU"]), "union")
    assert meet(O("Teamsters"), "union", O("Teamsters Local 5"), "union")  # no local: any local
    assert not meet(O("Teamsters Local 7"), "union", O("Teamsters Local 5"), "union")  # two locals
    assert meet(O("Teamsters Local 5"), "union", O("Teamsters Local 5"), "union")
    assert not meet(O("Bay Port Association"), "union", O("Bell Park Alliance"), "union")  # same initials
    assert not meet(O("Mercy Hospital"), "employer", O("Mercy Clinic Group"), "employer")  # a shared first word
    assert meet(O("Air Canada"), "union", O("Air Canada"), "employer")  # across roles
    assert not meet(O("United"), "union", O("United Auto Workers"), "union")  # not a distinctive word
    # a local named without its union is the same as another so named, never another local
    assert meet(O("Local 602"), "union", O("Local 602"), "union")
    assert not meet(O("Local 602"), "union", O("Local 652"), "union")


def test_an_article_that_names_no_party_probes_by_generic_employer_and_city() -> None:
    from strikewatch.model import Location

    unnamed = Event(type="rally", status="occurred", employers=[Organization("the government")],
                    location=Location("Halifax", "NS", "CA"))
    named = Event(type="rally", status="occurred", unions=[Organization("Nova Scotia Teachers Union")],
                  employers=[Organization("the government")], location=Location("Halifax", "NS", "CA"))
    probe = article_keys([unnamed])
    offer = article_keys([named])
    assert ("g:government", "q") in probe and ("g:government", "v") in offer
    assert ("c:rally|halifax", "q") in probe
    assert ("g:government", "q") not in offer  # an article that names a party is placed by it


def test_a_store_from_before_schema_7_gets_its_keys(tmp_path: Path) -> None:
    items = synthetic_items(8, seed=6)
    s = stored(tmp_path / "s.db", items)
    want = sorted(tuple(x) for x in s._conn.execute("SELECT * FROM link_keys"))
    s.close()
    c = sqlite3.connect(tmp_path / "s.db")
    c.executescript("DROP TABLE link_keys; DROP TABLE link_pending; DROP TABLE fts_stale; DROP TABLE link_state;"
                    "DROP INDEX events_written; ALTER TABLE events DROP COLUMN written; PRAGMA user_version = 6;")
    c.close()
    again = open_store(tmp_path / "s.db")
    assert again.schema_version == 7
    assert sorted(tuple(x) for x in again._conn.execute("SELECT * FROM link_keys")) == want
    assert not again.needs_relink()


def test_incremental_equals_full_relink_on_the_real_corpora(tmp_path: Path) -> None:
    """The seeds, dev and linked-dev articles (real news, when ../shared is there), extracted, stored
    one batch at a time in a random order and linked incrementally: what a full relink makes."""
    from _shared import CORPUS, need

    import strikewatch
    from strikewatch.model import Article
    from strikewatch.read import read_paths

    dirs = [need(CORPUS / d) for d in ("seeds", "dev", "linked-dev")]
    pairs = [(a, strikewatch.extract(a)) for a in read_paths(dirs) if isinstance(a, Article)]
    rng = random.Random(4)
    rng.shuffle(pairs)
    inc = open_store(tmp_path / "inc.db")
    for i in range(0, len(pairs), 3):
        for a, r in pairs[i:i + 3]:
            inc.save(a, r)
        inc.relink_changed()
    full = full_store(tmp_path, pairs)
    want = layer(full)
    assert len(want["events"]) > 50
    assert layer(inc) == want


def test_namesake_organizations_in_parts_that_never_meet(tmp_path: Path) -> None:
    """Two locals both written "Teamsters" (their locals only in an alias) are two unions whose
    readable ids differ by a number: linking one part alone must not give both the same id."""
    from strikewatch.model import Article

    def item(aid: str, local: str, employer: str, day: str) -> tuple[Article, Record]:
        ev = Event(type="strike", status="occurred", start_date=day, date_basis="stated",
                   unions=[Organization("Teamsters", [f"Teamsters Local {local}"])],
                   employers=[Organization(employer)])
        return (Article(id=aid, text=f"Teamsters Local {local} struck {employer}.", published=day),
                Record(id=aid, published=day, is_labor=True, events=[ev]))

    items = [item("a1", "5", "Mercy Hospital", "2025-03-03"), item("a2", "7", "Acme Foundry", "2025-04-07"),
             item("a3", "5", "Mercy Hospital", "2025-03-04")]
    full = full_store(tmp_path, items)
    want = layer(full)
    assert sorted(r[0] for r in want["organizations"] if r[1] == "union") == ["u-teamsters", "u-teamsters-2"]
    for order in (items, items[::-1], [items[1], items[0], items[2]]):
        inc = open_store(tmp_path / f"inc-{order[0][0].id}-{order[1][0].id}.db")
        for a, r in order:
            inc.save(a, r)
            inc.relink_changed()
            assert inc.link_note == ""  # linked in part, never all again
        assert layer(inc) == want


def test_only_the_part_linked_again_is_written_and_looked_at_by_the_alerts(tmp_path: Path) -> None:
    from strikewatch.alerts import record_versions

    items = synthetic_items(60, seed=9, n_relationships=30)
    s = open_store(tmp_path / "s.db")
    for a, r in items[:-1]:
        s.save(a, r)
    s.relink_changed()
    assert len(record_versions(s)) == s._linked_totals()["events"]  # the first look sees every event
    assert record_versions(s) == []  # nothing written since
    a, r = items[-1]
    s.save(a, r)
    reached = s.relink_changed()["mentions"]
    top = s._conn.execute("SELECT max(written) FROM events").fetchone()[0]
    rewritten = {row[0] for row in s._conn.execute("SELECT id FROM events WHERE written = ?", (top,))}
    assert rewritten and len(rewritten) <= reached < s._conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    changed = record_versions(s)
    assert {ch.event_id for ch in changed} <= rewritten  # only what was written again is compared
    assert any(a.id in [m["article"] for m in ch.event["mentions"]] for ch in changed)
