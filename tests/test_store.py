"""The SQLite store, the batch loop and the exports, with hand-built records (no extractor)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from _builders import (
    NURSES_TEXT,
    all_pairs,
    decoy_article,
    decoy_record,
    drivers_article,
    drivers_record,
    nurses_article,
    nurses_record,
)
from _pg import pg_schema

from strikewatch.export import export, mention_row, write_articles, write_mentions
from strikewatch.ingest import Failure, ingest_items
from strikewatch.model import Article, Record
from strikewatch.store import SCHEMA_VERSION, Store, StoreError, extractor_version, open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same tests on both stores: a file in tmp_path, and a fresh schema on the PostgreSQL server."""
    if request.param == "sqlite":
        s = open_store(tmp_path / "sw.db")
        yield s
        s.close()
        return
    with pg_schema() as url:
        s = open_store(url)
        try:
            yield s
        finally:
            s.close()


@pytest.fixture
def full(store: Store) -> Store:
    for a, r in all_pairs():
        assert store.save(a, r) == "stored"
    return store


def table_counts(store: Store) -> dict[str, int]:
    c = store.counts()
    return {k: c[k] for k in ("articles", "mentions", "claims", "mention_orgs", "mention_evidence")}


# ---------- schema ----------


def test_schema_pragmas_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "sw.db"
    with open_store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "mentions", "mention_orgs", "mention_evidence", "claims", "events", "event_mentions",
            "disputes", "organizations"} <= tables
    assert not {"linked_events", "linked_mentions", "event_orgs", "evidence"} & tables
    cols = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    assert {"id", "content_hash", "extractor_version", "is_labor", "published_from", "ingested_at"} <= cols
    # foreign keys tie the tables (Datasette shows them as links)
    keys = {(t, r[2], r[3], r[4]) for t in tables for r in conn.execute(f"PRAGMA foreign_key_list({t})")}
    assert {("mentions", "articles", "article_id", "id"), ("mention_orgs", "mentions", "mention_id", "id"),
            ("mention_evidence", "mentions", "mention_id", "id"), ("claims", "articles", "article_id", "id"),
            ("events", "disputes", "dispute_id", "id"), ("event_mentions", "events", "event_id", "id"),
            ("event_mentions", "articles", "article_id", "id"), ("event_mentions", "mentions", "article_id",
                                                                 "article_id"),
            ("event_mentions", "mentions", "idx", "idx")} <= keys
    conn.close()


def test_foreign_keys_hold_after_linking(tmp_path: Path) -> None:
    """Every event's dispute, every event_mentions row's event, mention and article exist."""
    with open_store(tmp_path / "sw.db") as s:
        for a, r in all_pairs():
            s.save(a, r)
        s.relink()
        assert s._conn.execute("PRAGMA foreign_key_check").fetchall() == []
        n = s._conn.execute("SELECT count(*) FROM event_mentions").fetchone()[0]
        assert n == s._conn.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0
        assert s._conn.execute("SELECT count(*) FROM events WHERE dispute_id IS NOT NULL").fetchone()[0] > 0
        # deleting an article takes its mentions and their places in events with it
        first = s._conn.execute("SELECT article_id FROM event_mentions LIMIT 1").fetchone()[0]
        s.delete(first)
        assert s._conn.execute("SELECT count(*) FROM event_mentions WHERE article_id = ?", (first,)).fetchone()[0] == 0
        assert s._conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # its events wait to be linked again without it, and then are
        assert s.needs_relink() is True
        assert s.relink_changed()["events"] > 0
        assert s.needs_relink() is False and s._conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert not s._conn.execute("SELECT 1 FROM event_mentions WHERE article_id = ?", (first,)).fetchone()


def test_foreign_keys_on(store: Store) -> None:
    if store.dialect == "postgresql":
        pytest.skip("PostgreSQL always enforces foreign keys (test_delete_cascades checks them there)")
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopen_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "sw.db"
    with open_store(path) as s:
        s.save(nurses_article(), nurses_record())
    with open_store(path) as s:
        assert s.counts()["mentions"] == 2
        assert s.save(nurses_article(), nurses_record()) == "unchanged"


def test_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "sw.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_text("this is not sqlite at all, just some text " * 50)
    with pytest.raises(StoreError):
        open_store(path)


def test_missing_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        open_store(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_memory_store() -> None:
    with open_store(":memory:") as s:
        assert s.save(nurses_article(), nurses_record()) == "stored"
        assert s.counts()["mentions"] == 2


# ---------- save: idempotence, update, atomicity ----------


def test_save_stored_then_unchanged(store: Store) -> None:
    a, r = nurses_article(), nurses_record()
    assert store.save(a, r) == "stored"
    before = table_counts(store)
    assert before == {"articles": 1, "mentions": 2, "claims": 1, "mention_orgs": 4, "mention_evidence": 3}
    ingested = store.article(a.id)["ingested_at"]
    assert store.save(a, r) == "unchanged"
    assert store.save(nurses_article(), nurses_record()) == "unchanged"
    assert table_counts(store) == before
    assert store.article(a.id)["ingested_at"] == ingested


def test_has(store: Store) -> None:
    a = nurses_article()
    assert not store.has(a.id, a.content_hash)
    store.save(a, nurses_record())
    assert store.has(a.id, a.content_hash)
    assert not store.has(a.id, "0" * 64)
    assert not store.has("other", a.content_hash)
    assert not store.has(a.id, a.content_hash, extractor_version="some-other-version")


def test_changed_article_replaces_rows(store: Store) -> None:
    store.save(nurses_article(), nurses_record())
    old_ids = {e["id"] for e in store.mentions()}
    text2 = NURSES_TEXT + " Talks resume Friday."
    a2 = nurses_article(text=text2)
    r2 = nurses_record(text=text2)
    r2.events = r2.events[:1]
    assert store.save(a2, r2) == "updated"
    assert table_counts(store) == {"articles": 1, "mentions": 1, "claims": 1, "mention_orgs": 2, "mention_evidence": 2}
    assert store.article(a2.id)["text"] == text2
    assert not old_ids & {e["id"] for e in store.mentions()}
    assert store.save(a2, r2) == "unchanged"


def test_changed_title_is_an_update(store: Store) -> None:
    store.save(nurses_article(), nurses_record())
    assert store.save(nurses_article(title="A new headline"), nurses_record()) == "updated"
    assert store.article("nurses-2024")["title"] == "A new headline"


def test_new_extractor_version_is_an_update(store: Store) -> None:
    a, r = nurses_article(), nurses_record()
    store.save(a, r)
    assert store.save(a, r, extractor_version="9.9-test") == "updated"
    assert store.has(a.id, a.content_hash, extractor_version="9.9-test")
    assert not store.has(a.id, a.content_hash)
    assert store.article(a.id)["extractor_version"] == "9.9-test"
    assert table_counts(store)["mentions"] == 2


def test_default_extractor_version_is_recorded(store: Store) -> None:
    store.save(nurses_article(), nurses_record())
    assert store.article("nurses-2024")["extractor_version"] == extractor_version()


def test_force_replaces(store: Store) -> None:
    a, r = nurses_article(), nurses_record()
    store.save(a, r)
    assert store.save(a, r, force=True) == "updated"
    assert table_counts(store)["mentions"] == 2


def test_failure_mid_save_stores_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    original = Store._insert_event

    def flaky(self: Store, c: sqlite3.Connection, article_id: str, idx: int, event: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        original(self, c, article_id, idx, event)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_insert_event", flaky)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save(nurses_article(), nurses_record())
    assert calls["n"] == 2  # the first event was written inside the transaction, then rolled back
    assert table_counts(store) == {"articles": 0, "mentions": 0, "claims": 0, "mention_orgs": 0, "mention_evidence": 0}
    assert store.article("nurses-2024") is None
    # the store is still usable and a rerun completes the work
    monkeypatch.setattr(Store, "_insert_event", original)
    assert store.save(nurses_article(), nurses_record()) == "stored"
    assert table_counts(store)["mentions"] == 2


def test_failed_update_keeps_old_rows(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(nurses_article(), nurses_record())
    before = table_counts(store)

    def boom(*args: object) -> None:
        raise KeyboardInterrupt  # an interrupted run, not just an error

    monkeypatch.setattr(Store, "_insert_claim", boom)
    text2 = NURSES_TEXT + " More news."
    with pytest.raises(KeyboardInterrupt):
        store.save(nurses_article(text=text2), nurses_record(text=text2))
    assert table_counts(store) == before
    assert store.article("nurses-2024")["text"] == NURSES_TEXT
    assert store.has("nurses-2024", nurses_article().content_hash)


def test_delete_cascades(full: Store) -> None:
    assert full.delete("nurses-2024")
    assert not full.delete("nurses-2024")
    assert table_counts(full) == {"articles": 2, "mentions": 1, "claims": 0, "mention_orgs": 2, "mention_evidence": 2}


# ---------- reading ----------


def test_record_roundtrip(full: Store) -> None:
    for a, r in all_pairs():
        assert full.record(a.id).to_dict() == r.to_dict()
    with pytest.raises(KeyError):
        full.record("missing")


def test_article(full: Store) -> None:
    a = full.article("nurses-2024")
    assert a is not None
    assert a["text"] == NURSES_TEXT
    assert a["title"] == "Nurses strike at Mercy General"
    assert a["published"] == "2024-03-06" and a["published_from"] == "given"
    assert a["is_labor"] is True
    assert a["content_hash"] == nurses_article().content_hash
    assert [e["type"] for e in a["events"]] == ["strike", "strike_vote"]
    for e in a["events"]:
        assert e["evidence_spans"]
        for s in e["evidence_spans"]:
            assert a["text"][s["start"] : s["end"]] == s["text"]
    assert a["claims"][0]["value"] == 25 and a["claims"][0]["years"] == 4
    span = a["claims"][0]["evidence_span"]
    assert a["text"][span["start"] : span["end"]] == span["text"]
    assert full.article("missing") is None
    assert full.article("bowling")["events"] == []


def test_published_found_in_text(store: Store) -> None:
    art = Article(id="x", text="date 2024-01-05 Workers struck.")
    rec = Record(id="x", published="2024-01-05", is_labor=False)
    store.save(art, rec)
    a = store.article("x")
    assert a["published"] == "2024-01-05" and a["published_from"] == "text"


def test_articles_iter_is_readable_as_article_and_record(full: Store) -> None:
    got = list(full.articles())
    assert [a["id"] for a in got] == ["bowling", "drivers-2025", "nurses-2024"]
    for d in got:
        assert Article.from_dict(d).content_hash == d["content_hash"]
        Record.from_dict(d)


def test_counts(full: Store) -> None:
    c = full.counts()
    assert c["articles"] == 3 and c["labor_articles"] == 2
    assert c["mentions"] == 3 and c["claims"] == 1 and c["events"] == 0  # events come from linking
    full.relink()
    c = full.counts()
    assert c["mentions"] == 3 and c["events"] == 3 and c["disputes"] == 2
    assert c["events_by_type"] == {"strike": 2, "strike_vote": 1}
    assert c["events_by_status"] == {"occurred": 1, "ongoing": 1, "planned": 1}


# ---------- filters ----------


def ids(events: list[dict]) -> list[tuple[str, str]]:
    return [(e["article_id"], e["type"]) for e in events]


def test_events_all_latest_first(full: Store) -> None:
    evs = full.mentions()
    assert ids(evs) == [("drivers-2025", "strike"), ("nurses-2024", "strike"), ("nurses-2024", "strike_vote")]
    e = evs[0]
    assert e["article_title"] == "Boston bus drivers set strike date"
    assert e["published"] == "2025-11-03"
    assert isinstance(e["id"], int)
    assert e["unions"] == [{"name": "Teamsters Local 25", "aliases": ["Teamsters"]}]
    assert e["location"] == {"city": "Boston", "state": "MA", "country": "US"}


def test_filter_type_status(full: Store) -> None:
    assert ids(full.mentions(type="strike_vote")) == [("nurses-2024", "strike_vote")]
    assert ids(full.mentions(status="planned")) == [("drivers-2025", "strike")]
    assert full.mentions(type="strike", status="occurred") == []
    assert full.mentions(type="lockout") == []


def test_filter_orgs_substring_any_case_names_and_aliases(full: Store) -> None:
    assert len(full.mentions(union="nurses association")) == 2
    assert len(full.mentions(union="cna")) == 2  # alias only
    assert ids(full.mentions(union="TEAMSTERS")) == [("drivers-2025", "strike")]
    assert ids(full.mentions(employer="transdev")) == [("drivers-2025", "strike")]
    assert len(full.mentions(employer="mercy")) == 2
    # a union filter does not match employers and vice versa
    assert full.mentions(union="transdev") == []
    assert full.mentions(employer="teamsters") == []
    # LIKE wildcards are plain characters
    assert full.mentions(union="%") == [] and full.mentions(union="_") == []


def test_filter_state(full: Store) -> None:
    assert ids(full.mentions(state="MA")) == [("drivers-2025", "strike")]
    assert ids(full.mentions(state="ma")) == [("drivers-2025", "strike")]
    assert len(full.mentions(state="California")) == 2
    assert full.mentions(state="TX") == []


def test_filter_dates_partial(full: Store) -> None:
    assert ids(full.mentions(since="2025")) == [("drivers-2025", "strike")]
    assert ids(full.mentions(until="2024")) == [("nurses-2024", "strike"), ("nurses-2024", "strike_vote")]
    assert ids(full.mentions(since="2024-03-01", until="2024-03-31")) == [("nurses-2024", "strike")]
    # an event known only to the month is kept by a filter inside that month
    assert ("nurses-2024", "strike_vote") in ids(full.mentions(since="2024-02-15"))
    assert ids(full.mentions(until="2024-02")) == [("nurses-2024", "strike_vote")]
    assert full.mentions(since="2030") == []


def test_filter_limit_and_combined(full: Store) -> None:
    assert len(full.mentions(limit=1)) == 1
    assert full.mentions(limit=0) == []
    assert ids(full.mentions(type="strike", union="cna", state="CA", since="2024")) == [
        ("nurses-2024", "strike")
    ]


@pytest.mark.parametrize(
    "evil",
    [
        "x' OR '1'='1",
        "'; DROP TABLE events; --",
        '" OR 1=1 --',
        "strike' --",
        "%' OR 1=1; DELETE FROM articles; --",
    ],
)
def test_injection_looking_filters_match_nothing(full: Store, evil: str) -> None:
    before = table_counts(full)
    for kw in ("type", "status", "union", "employer"):
        assert full.mentions(**{kw: evil}) == [], kw
    for kw in ("since", "until", "state"):  # dates must be dates, states states
        with pytest.raises(ValueError, match=kw):
            full.mentions(**{kw: evil})
    assert table_counts(full) == before
    assert len(full.mentions()) == 3


# ---------- export ----------


def test_export_events_jsonl_roundtrip(full: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export(full, "mentions", "jsonl", out) == 3
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert lines == full.mentions()


def test_export_events_csv_roundtrip(full: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(full, "mentions", "csv", out) == 3
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    expected = [{k: str(v) for k, v in mention_row(e).items()} for e in full.mentions()]
    assert rows == expected
    nurses = next(r for r in rows if r["type"] == "strike" and r["article_id"] == "nurses-2024")
    assert nurses["unions"] == "California Nurses Association"
    assert nurses["participants"] == "2000"
    assert nurses["evidence"].split("\n") == full.mentions(union="cna", type="strike")[0]["evidence"]
    vote = next(r for r in rows if r["type"] == "strike_vote")
    assert vote["result_approved"] == "true" and vote["result_pct"] == "96"
    assert vote["participants"] == ""


def test_export_events_with_filters(full: Store) -> None:
    buf = io.StringIO()
    assert export(full, "mentions", "jsonl", buf, state="MA") == 1


def test_export_articles_jsonl_roundtrip(full: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    assert export(full, "articles", "jsonl", out) == 3
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    again = open_store(tmp_path / "again.db")
    originals = {a.id: (a, r) for a, r in all_pairs()}
    for d in lines:
        art, rec = Article.from_dict(d), Record.from_dict(d)
        a0, r0 = originals[d["id"]]
        assert art.content_hash == a0.content_hash
        assert rec.to_dict() == r0.to_dict()
        assert again.save(art, rec, extractor_version=d["extractor_version"]) == "stored"
    assert table_counts(again) == table_counts(full)
    again.close()


def test_export_articles_csv(full: Store) -> None:
    buf = io.StringIO()
    write_articles(full.articles(), buf, "csv")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {"bowling", "drivers-2025", "nurses-2024"}
    assert by_id["nurses-2024"]["n_events"] == "2"
    assert by_id["nurses-2024"]["event_types"] == "strike; strike_vote"
    assert by_id["nurses-2024"]["text"] == NURSES_TEXT
    assert by_id["bowling"]["is_labor"] == "false"


def test_export_bad_args(full: Store) -> None:
    with pytest.raises(ValueError):
        export(full, "strikes", "jsonl", io.StringIO())
    with pytest.raises(ValueError):
        export(full, "events", "jsonl", io.StringIO(), schema="lat")  # lat is csv or parquet
    with pytest.raises(ValueError):
        write_mentions([], io.StringIO(), "xml")


# ---------- the batch loop (with a stand-in extractor) ----------


class FakeReadError:
    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason


def test_ingest_items_counts_and_skips(store: Store) -> None:
    records = {a.id: r for a, r in all_pairs()}
    calls: list[str] = []

    def fake_extract(article: Article) -> Record:
        calls.append(article.id)
        if article.id == "boom":
            raise ValueError("no sentences")
        return records[article.id]

    boom = Article(id="boom", text="x", path="in/boom.json")
    items = [nurses_article(), FakeReadError("in/bad.json", "not JSON: line 1"), drivers_article(), boom]
    failures: list[Failure] = []
    progress: list[str] = []
    s = ingest_items(
        items,
        store,
        extract_fn=fake_extract,
        on_failure=failures.append,
        on_progress=lambda summ, outcome, label: progress.append(outcome),
    )
    assert (s.read, s.stored, s.updated, s.unchanged, s.failed) == (3, 2, 0, 0, 2)
    assert s.line() == "read 3, stored 2, updated 0, unchanged 0, failed 2"
    assert not s.ok
    assert [f.line() for f in failures] == [
        "error: in/bad.json: not JSON: line 1",
        "error: in/boom.json: extraction failed: ValueError: no sentences",
    ]
    assert progress == ["stored", "failed", "stored", "failed"]

    calls.clear()
    s2 = ingest_items([nurses_article(), drivers_article(), decoy_article()], store, extract_fn=fake_extract)
    assert calls == ["bowling"]  # unchanged articles are not extracted again
    assert (s2.read, s2.stored, s2.unchanged, s2.failed) == (3, 1, 2, 0)
    assert s2.ok


def test_ingest_items_store_failure_goes_on(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    original = Store.save

    def save(self: Store, article: Article, record: Record, **kw: object) -> str:
        if article.id == "drivers-2025":
            raise sqlite3.OperationalError("database is locked")
        return original(self, article, record, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "save", save)
    recs = {"nurses-2024": nurses_record(), "drivers-2025": drivers_record(), "bowling": decoy_record()}
    s = ingest_items(
        [drivers_article(), nurses_article(), decoy_article()], store, extract_fn=lambda a: recs[a.id]
    )
    assert (s.read, s.stored, s.failed) == (3, 2, 1)
    assert s.failures[0].line() == "error: drivers-2025: store failed: OperationalError: database is locked"


def test_datasette_metadata_names_real_tables_and_columns(tmp_path: Path) -> None:
    """The shipped Datasette metadata describes tables and columns the store has, and facets on them."""
    from importlib.resources import files

    meta = json.loads(files("strikewatch").joinpath("data/datasette.json").read_text(encoding="utf-8"))
    path = tmp_path / "strikewatch.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    tables = meta["databases"][path.stem]["tables"]
    assert {"events", "mentions", "disputes", "articles", "event_mentions"} <= set(tables)
    for name, t in tables.items():
        cols = {r[1] for r in conn.execute(f"PRAGMA table_info({name})")}
        assert cols, f"no table {name}"
        assert set(t.get("columns", {})) <= cols, name
        assert set(t.get("facets", [])) <= cols, name
        for key in ("label_column", "sort_desc"):
            assert t.get(key) is None or t[key] in cols, (name, key)
        assert t["description"]
    conn.close()
