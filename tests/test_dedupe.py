"""Syndication: republished wire stories are one article with several sources (strikewatch.dedupe).

The test set (``tests/_syndication.py``, invented) has six wire stories republished 18
times with the changes outlets make, and five near-misses that must stay apart. The
figures printed here (``pytest -s``) are the README's ("Syndication").
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pg import pg_schema
from _syndication import ARTICLES, STORY
from _syndication import WIRES as WIRE_STORIES

from strikewatch import dedupe
from strikewatch.dedupe import (
    MIN_SHINGLES,
    SYNDICATED,
    THRESHOLD,
    Bands,
    Syndication,
    Text,
    changed_figures,
    find_duplicate,
    jaccard,
    signature,
    similarity,
    sources_of,
    words,
)
from strikewatch.ingest import ingest_items
from strikewatch.model import Article, Event, Organization, Record
from strikewatch.store import Store, open_store

BY_ID = {a.id: a for a in ARTICLES}
WIRES = [w.id for w in WIRE_STORIES]
COPIES = [a.id for a in ARTICLES if STORY[a.id] != a.id]
OWN = [a.id for a in ARTICLES if STORY[a.id] == a.id]  # the wire stories and the near-misses
NEAR_MISSES = [a for a in OWN if a not in WIRES]


NAMES = dict(zip(OWN, ["Amber", "Birch", "Cobalt", "Dune", "Ember", "Fjord", "Garnet", "Heron", "Indigo",
                        "Juniper", "Kestrel"], strict=True))


def _stub(article: Article) -> Record:
    """A record without the extractor: one strike per story, its parties named for the story."""
    name = NAMES[STORY[article.id]]
    ev = Event(type="strike", status="occurred", start_date=article.published, date_basis="stated",
               unions=[Organization(f"{name} Workers Guild")], employers=[Organization(f"{name} Industries")])
    return Record(id=article.id, published=article.published, is_labor=True, events=[ev])


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        with open_store(tmp_path / "sw.db") as s:
            yield s
        return
    with pg_schema() as url:
        s = open_store(url)
        try:
            yield s
        finally:
            s.close()


def _sources(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in store._conn.execute("SELECT article_id, url FROM article_sources ORDER BY article_id, url"):
        out.setdefault(r[0], []).append(r[1])
    return out


def _url(aid: str) -> str:
    return f"https://news.example/{aid}"


# ---------- text and similarity ----------


def test_words_fold_case_punctuation_quotes_and_thousands() -> None:
    assert words("“We’re OUT,” said the union — 1,300 members; $2.25/hour.") == words(
        '"We\'re out," said the union - 1300 members $2.25 an hour'.replace(" an ", " ")
    )
    assert words("Nurses\n\nstruck") == ["nurses", "struck"]


def test_short_texts_are_never_copies() -> None:
    short = "Nurses at the hospital walked off the job on Monday over pay."
    assert len(Text.of(short).shingles) < MIN_SHINGLES
    assert similarity(Text.of(short), Text.of(short)) is None


def test_a_changed_figure_is_not_a_copy() -> None:
    a = Text.of(BY_ID["nws-northgate-lockout"].text)
    b = Text.of(BY_ID["nws-northgate-correction"].text)
    assert jaccard(a.shingles, b.shingles) > 0.8  # nearly the same words...
    assert changed_figures(a, b) == [("620", "260")]  # ...but a corrected figure: a story of its own
    assert similarity(a, b) is None
    copy = Text.of(BY_ID["kdlh-nurses-strike"].text)  # "18%" -> "18 percent" changes no figure
    assert changed_figures(Text.of(BY_ID["nws-lakeshore-nurses"].text), copy) == []


def test_the_test_set_every_republication_found_no_near_miss_merged() -> None:
    """All pairs of the 29 articles: copies of one story are copies (recall 1.0), nothing else is (precision 1.0)."""
    texts = {a.id: Text.of(a.text) for a in ARTICLES}
    tp, fp, fn = [], [], []
    apart: list[tuple[float, str, str, str]] = []
    for x, y in itertools.combinations(texts, 2):
        sim = similarity(texts[x], texts[y])
        same = STORY[x] == STORY[y]
        if same and sim is not None:
            tp.append((sim, x, y))
        elif same:
            fn.append((x, y))
        elif sim is not None:
            fp.append((sim, x, y))
        else:
            j = jaccard(texts[x].shingles, texts[y].shingles)
            apart.append((j, x, y, "figures changed" if j >= THRESHOLD else "below threshold"))
    print(f"\nsyndication test set: {len(ARTICLES)} articles, {len(WIRES)} wire stories, {len(COPIES)} "
          f"republications, {len(NEAR_MISSES)} near-misses")
    to_wire = sorted(s for s, x, y in tp if x in WIRES or y in WIRES)
    print(f"copy pairs found: {len(tp)} of {len(tp) + len(fn)}; similarity to the wire story "
          f"{min(to_wire):.3f}-{max(to_wire):.3f}, between two copies as low as {min(s for s, _, _ in tp):.3f}")
    for s, x, y in sorted(tp):
        print(f"  {s:.3f}  {x} ~ {y}")
    print("closest pairs kept apart:")
    for j, x, y, why in sorted(apart, reverse=True)[:6]:
        print(f"  {j:.3f}  {x} / {y} ({why})")
    recall = len(tp) / (len(tp) + len(fn))
    precision = len(tp) / (len(tp) + len(fp))
    print(f"recall {recall:.2f}, precision {precision:.2f}")
    assert fn == [] and fp == []
    assert len(tp) == sum(len(list(itertools.combinations(
        [a for a in STORY if STORY[a] == w], 2))) for w in WIRES) == 38


def test_lsh_finds_every_copy_among_stored_articles(store: Store) -> None:
    """Through the index: each republication finds its wire story; nothing stored finds another."""
    for aid in OWN:
        store.save(BY_ID[aid], _stub(BY_ID[aid]))
    found = {c: find_duplicate(store, BY_ID[c]) for c in COPIES}
    assert {c: f[0] if f else None for c, f in found.items()} == {c: STORY[c] for c in COPIES}
    for c, f in found.items():
        assert f is not None
        assert f[1] == pytest.approx(jaccard(Text.of(BY_ID[c].text).shingles,
                                             Text.of(BY_ID[STORY[c]].text).shingles))
    assert all(find_duplicate(store, BY_ID[a]) is None for a in OWN)  # near-misses included
    hits = sorted(round(f[1], 3) for f in found.values() if f)
    print(f"\n{len(hits)} of {len(COPIES)} republications found through the LSH index, similarities {hits}")


def test_bands_insert_remove_grow_query() -> None:
    b = Bands()
    sigs = {f"a{i}": signature(Text.of(f"story {i} " + BY_ID[ARTICLES[i % 6].id].text).shingles) for i in range(40)}
    for aid, sig in sigs.items():
        b.insert(aid, sig)
    assert len(b) == 40 and b.nbytes() >= 40 * 512
    assert "a3" in b.query(sigs["a3"])
    b.remove("a3")
    assert "a3" not in b and "a3" not in b.query(sigs["a3"])
    b.insert("z", sigs["a3"])  # reuses the freed row
    assert "z" in b.query(sigs["a3"]) and len(b) == 40
    assert Bands().query(sigs["a1"]) == []


# ---------- ingest ----------


def test_ingest_keeps_one_article_per_story_and_every_outlet(store: Store) -> None:
    """Copies in any order: the first to arrive is stored, the others are its sources; a rerun adds nothing."""
    order = ARTICLES[:]
    random.Random(4).shuffle(order)
    progress: list[str] = []
    s = ingest_items(order, store, extract_fn=_stub, on_progress=lambda summ, outcome, label: progress.append(outcome))
    assert (s.read, s.stored, s.syndicated, s.unchanged, s.failed) == (29, 11, 18, 0, 0)
    assert progress.count(SYNDICATED) == 18
    stored = {a["id"] for a in store.articles()}
    assert len(stored) == 11 and {STORY[a] for a in stored} == set(OWN)  # one article per story
    sources = _sources(store)
    for aid, urls in sources.items():
        story = [a for a in STORY if STORY[a] == STORY[aid]]
        assert sorted(urls) == sorted(_url(a) for a in story)  # every outlet, once
    assert set(sources) == {a for a in stored if STORY[a] in WIRES}
    # each story's event has one mention (one report), not one per outlet
    events = store.events()
    assert len(events) == 11 and all(len(e["mentions"]) == 1 for e in events)
    before = (json.dumps(events, sort_keys=True), store._conn.execute("SELECT count(*) FROM article_sources").fetchone()[0])

    again = ingest_items(order[::-1], store, extract_fn=_stub)
    assert (again.read, again.stored, again.updated, again.syndicated, again.unchanged) == (29, 0, 0, 0, 29)
    after = (json.dumps(store.events(), sort_keys=True),
             store._conn.execute("SELECT count(*) FROM article_sources").fetchone()[0])
    assert after == before == (before[0], 29 - len(NEAR_MISSES))


def test_without_dedupe_every_outlet_is_a_report(tmp_path: Path) -> None:
    with open_store(tmp_path / "sw.db") as s:
        summary = ingest_items(ARTICLES, s, extract_fn=_stub, dedupe=False)
        assert (summary.stored, summary.syndicated) == (29, 0)
        sizes = sorted(len(e["mentions"]) for e in s.events())
    assert sizes == sorted(sum(1 for a in STORY if STORY[a] == w) for w in OWN)  # 5, 4, 4, 3, ... per story


def test_real_extraction_counts_each_report_once(tmp_path: Path) -> None:
    """The extractor and linker on the whole set, in chunks (copies wait for their original in the batch)."""
    with open_store(tmp_path / "sw.db") as s:
        summary = ingest_items(ARTICLES, s)
        assert (summary.stored, summary.syndicated, summary.failed) == (11, 18, 0)
        assert summary.line() == "read 29, stored 11, updated 0, unchanged 0, failed 0"
        events = s.events()
        assert events
        for e in events:  # a mention per article, and no article is a copy
            arts = [m["article"] for m in e["mentions"]]
            assert len(arts) == len(set(arts)) and set(arts) <= set(OWN)
        strike = next(e for e in events if e["type"] == "strike"
                      and "nws-lakeshore-nurses" in {m["article"] for m in e["mentions"]})
        assert {m["article"] for m in strike["mentions"]} <= {"nws-lakeshore-nurses", "nws-lakeshore-deal"}
        outlets = [x["outlet"] for x in sources_of(s, "nws-lakeshore-nurses")]
        assert outlets == ["Northern Wire Service", "Duluth Daily Ledger", "KDLH News", "Iron Range Courier",
                           "Great Lakes Health Report"]
        assert sources_of(s, "nws-lakeshore-deal") == [] and sources_of(s, "nope") == []
        n_sources = s._conn.execute("SELECT count(*) FROM article_sources").fetchone()[0]
        again = ingest_items(ARTICLES, s)
        assert (again.stored, again.syndicated, again.unchanged) == (0, 0, 29) and not again.linked
        assert s.events() == events
        assert s._conn.execute("SELECT count(*) FROM article_sources").fetchone()[0] == n_sources


def test_a_copy_follows_its_original_when_that_fails(tmp_path: Path) -> None:
    outcomes: list[tuple[str, str | None, str | None]] = []
    with open_store(tmp_path / "sw.db") as s:
        syn = Syndication(s, lambda a, outcome, error: outcomes.append((a.id, outcome, error)))
        wire, copy = BY_ID["nws-lakeshore-nurses"], BY_ID["duluth-ledger-nurses"]
        assert syn.hold(wire) is False and syn.hold(copy) is True  # waits: its original is in the batch
        assert outcomes == []
        syn.done(wire, None)
        assert outcomes == [("duluth-ledger-nurses", None, "a copy of nws-lakeshore-nurses, which could not be stored")]
        syn.hold(BY_ID["kdlh-nurses-strike"])  # the failed original is no longer a candidate
        syn.close()
    assert outcomes[1:] == []


def test_an_updated_article_is_never_a_copy(tmp_path: Path) -> None:
    """An article already stored under its id is updated in place, even when it resembles another."""
    with open_store(tmp_path / "sw.db") as s:
        ingest_items([BY_ID["nws-lakeshore-nurses"], BY_ID["duluth-ledger-nurses"]], s, extract_fn=_stub,
                     dedupe=False)
        changed = dataclasses.replace(BY_ID["duluth-ledger-nurses"], title="Updated headline")
        summary = ingest_items([changed], s, extract_fn=_stub)
        assert (summary.updated, summary.syndicated) == (1, 0)
        dedupe.forget_indexes()
        assert find_duplicate(s, BY_ID["kdlh-nurses-strike"]) is not None  # rebuilt from the store


# ---------- where outlets are shown ----------


@pytest.fixture
def syndicated_db(tmp_path: Path) -> Path:
    db = tmp_path / "sw.db"
    with open_store(db) as s:
        ingest_items(ARTICLES, s, extract_fn=_stub)
    return db


def test_cli_ingest_line_and_show(tmp_path: Path, syndicated_db: Path) -> None:
    from typer.testing import CliRunner

    from strikewatch.cli import app

    runner = CliRunner()
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in ARTICLES), encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(inp), "--db", str(tmp_path / "cli.db")], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "read 29, stored 11, updated 0, unchanged 0, failed 0, syndicated 18" in r.stdout.splitlines()
    r = runner.invoke(app, ["ingest", str(inp), "--db", str(tmp_path / "cli.db")], catch_exceptions=False)
    assert "read 29, stored 0, updated 0, unchanged 29, failed 0" in r.stdout.splitlines()

    r = runner.invoke(app, ["show", "nws-grand-meridian-reno", "--db", str(syndicated_db)],
                      env={"COLUMNS": "300"}, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert ("also published by: KOLO 8 (2026-08-14), Reno Evening Gazette (2026-08-14), Las Vegas Business Press "
            "(2026-08-15), Nevada Current Affairs (2026-08-15)") in r.stdout.splitlines()
    r = runner.invoke(app, ["show", "nws-lakeshore-deal", "--db", str(syndicated_db)], catch_exceptions=False)
    assert "also published by" not in r.stdout
    with open_store(syndicated_db) as s:
        ev = next(e for e in s.events() if e["mentions"][0]["article"] == "nws-northgate-lockout")
    r = runner.invoke(app, ["show", ev["event_id"], "--db", str(syndicated_db)], env={"COLUMNS": "300"},
                      catch_exceptions=False)
    assert "reported in 1 article" in r.stdout
    assert "also published by: Longview Herald (2026-05-02), Pacific Northwest Business Journal (2026-05-03)" in r.stdout


def test_web_article_page_and_api_show_every_outlet(syndicated_db: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from strikewatch.web import create_app

    client = TestClient(create_app(syndicated_db))
    a = client.get("/api/articles/nws-northgate-lockout").json()
    assert [(x["outlet"], x["original"]) for x in a["sources"]] == [
        ("Northern Wire Service", True), ("Longview Herald", False), ("Pacific Northwest Business Journal", False)]
    assert a["sources"][1]["url"] == _url("longview-herald-lockout") and 0.9 < a["sources"][1]["similarity"] < 1
    assert client.get("/api/articles/nws-lakeshore-deal").json()["sources"] == []
    page = client.get("/articles/nws-northgate-lockout").text
    assert 'id="also-published"' in page and "Longview Herald" in page and f'href="{_url("longview-herald-lockout")}"' in page
    assert 'id="also-published"' not in client.get("/articles/nws-lakeshore-deal").text
    ev = next(e for e in client.get("/api/events").json()["events"]
              if e["mentions"][0]["article"] == "nws-northgate-lockout")
    page = client.get(f"/events/{ev['event_id']}").text
    assert "Reported in 1 article<" in page
    assert "Also published by Longview Herald (2 May 2026), Pacific Northwest Business Journal (3 May 2026)" in page


def test_the_shared_corpus_holds_five_copies_and_nothing_near_them() -> None:
    """The 366 articles of ../shared/corpus: the index finds exactly the copies among them (an AP story on
    two sites, one story under two ids); distinct stories are far below the threshold."""
    from _shared import CORPUS, need

    from strikewatch.read import read_paths

    arts = [a for a in read_paths([need(CORPUS)]) if isinstance(a, Article)]
    texts = {a.id: Text.of(a.text) for a in arts}
    bands = Bands()
    sigs = {aid: signature(t.shingles) for aid, t in texts.items() if t.comparable}
    for aid, sig in sigs.items():
        bands.insert(aid, sig)
    copies = {}
    for aid, sig in sigs.items():
        for other in bands.query(sig):
            sim = similarity(texts[aid], texts[other]) if other > aid else None
            if sim is not None:
                copies[(aid, other)] = round(sim, 3)
    print(f"\n../shared/corpus: {len(arts)} articles, copies {sorted(copies.values())}")
    assert sorted(copies.values()) == [0.612, 0.921, 1.0, 1.0, 1.0]
    assert ("b-washtimes-ati-lockout-2015", "x3-wpxi-ati-lockout-steelworkers") in copies
    ids = sorted(texts)
    closest = max(jaccard(texts[x].shingles, texts[y].shingles)
                  for x, y in itertools.combinations(ids, 2) if (x, y) not in copies)
    print(f"closest distinct stories: {closest:.3f}")
    assert closest < THRESHOLD / 2


def test_an_article_posted_to_the_api_that_copies_a_stored_one_becomes_its_source(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from strikewatch.web import create_app

    original = next(a for a in ARTICLES if STORY[a.id] == a.id)
    copy = next(a for a in ARTICLES if STORY[a.id] == original.id and a.id != original.id)
    client = TestClient(create_app(tmp_path / "api.db", token="t0ken"))
    auth = {"Authorization": "Bearer t0ken"}

    def body(a: Article) -> dict[str, object]:
        return {"id": a.id, "text": a.text, "title": a.title, "published": a.published, "url": a.url,
                "source": a.source}

    first = client.post("/api/articles", json=body(original), headers=auth).json()
    assert first["outcome"] == "stored" and first["events"]
    second = client.post("/api/articles", json=body(copy), headers=auth)
    assert second.status_code == 201
    assert second.json()["outcome"] == "syndicated" and second.json()["copy_of"] == original.id
    assert client.get(f"/api/articles/{copy.id}").status_code == 404  # not stored as an article of its own
    outlets = [x["outlet"] for x in client.get(f"/api/articles/{original.id}").json()["sources"]]
    assert outlets == [original.source, copy.source]
    # each event counts the report once
    events = [e for e in client.get("/api/events").json()["events"]
              if original.id in [m["article"] for m in e["mentions"]]]
    assert events and all(len(e["mentions"]) == 1 for e in events)
