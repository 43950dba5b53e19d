"""The extractor's probabilities carried everywhere events are filtered or read.

A store of hand-built records (no extractor) whose events have different
confidences: the nurses' strike (0.92), told again by a follow-up article (0.64),
so their linked event has the higher, 0.92; the nurses' strike vote (0.55); the
Boston drivers' strike, of unknown confidence (None). Checked on SQLite and, when a
server is reachable, PostgreSQL: the store's columns and filters, the CLI
(``events``, ``export``, ``timeline``), the API and pages, CSV columns, and the
upgrade of a store made before the ``confidence`` columns existed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _builders import (
    NURSES_TEXT,
    decoy_article,
    decoy_record,
    drivers_article,
    drivers_record,
    ev,
    nurses_article,
    nurses_record,
    old_sqlite_store,
    pg_back_to_version_3,
)
from _pg import pg_schema
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.link import link
from strikewatch.model import Article, Event, Location, Organization, Record
from strikewatch.store import SCHEMA_VERSION, Store, StoreError, open_store

runner = CliRunner(env={"COLUMNS": "200"})

FOLLOWUP_TEXT = (
    "Nurses at Mercy General Hospital in Sacramento were still on strike Thursday, "
    "the California Nurses Association said."
)


def run(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def followup_article() -> Article:
    return Article(id="nurses-followup", text=FOLLOWUP_TEXT, title="Mercy strike goes on",
                   published="2024-03-07", published_from="given")


def followup_record() -> Record:
    s1 = FOLLOWUP_TEXT
    strike = Event(
        type="strike",
        status="ongoing",
        start_date="2024-03-04",
        unions=[Organization("California Nurses Association", ["CNA"], confidence=0.99)],
        employers=[Organization("Mercy General Hospital", confidence=0.7)],
        location=Location("Sacramento", "CA", "US"),
        evidence=[ev(FOLLOWUP_TEXT, s1)],
        confidence=0.64,
    )
    return Record(id="nurses-followup", published="2024-03-07", is_labor=True, events=[strike])


def pairs() -> list[tuple[Article, Record]]:
    """The nurses (0.92 strike, 0.55 vote), their follow-up (0.64), the drivers (unknown), a decoy."""
    nurses = nurses_record()
    strike, vote = nurses.events
    strike.confidence = 0.92
    strike.decision_confidence = {"status": 0.81, "start_date": 0.77}
    strike.unions[0].confidence = 0.97
    strike.employers[0].confidence = 0.81
    vote.confidence = 0.55
    return [
        (nurses_article(), nurses),
        (followup_article(), followup_record()),
        (drivers_article(), drivers_record()),  # its event's confidence is None
        (decoy_article(), decoy_record()),
    ]


def fill(s: Store) -> Store:
    for a, r in pairs():
        assert s.save(a, r) == "stored"
    s.relink()
    return s


def mention_keys(events: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(e["article_id"], e["type"]) for e in events}


def linked_keys(events: list[dict[str, Any]]) -> set[tuple[str, int]]:
    return {(e["type"], len(e["mentions"])) for e in events}


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A filled store, as the ``--db`` value: a file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        path = str(tmp_path / "conf.db")
        with open_store(path) as s:
            fill(s)
        yield path
        return
    with pg_schema() as url:
        with open_store(url) as s:
            fill(s)
        yield url


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with open_store(db) as s:
        yield s


# ---------- linking ----------


def test_a_linked_event_has_the_highest_confidence_of_its_mentions() -> None:
    linked = link(pairs())
    strikes = [e for e in linked.events if e.type == "strike" and len(e.mentions) == 2]
    assert len(strikes) == 1
    strike = strikes[0]
    assert sorted(m.event.confidence for m in strike.mentions) == [0.64, 0.92]  # type: ignore[type-var]
    assert strike.confidence == 0.92
    d = strike.to_dict()
    assert d["confidence"] == 0.92
    by_article = {m["article"]: m["confidence"] for m in d["mentions"]}
    assert by_article == {"nurses-2024": 0.92, "nurses-followup": 0.64}
    # organizations keep their role's probability: the highest of the forms merged
    assert d["unions"][0]["confidence"] == 0.99 and d["employers"][0]["confidence"] == 0.81
    vote = next(e for e in linked.events if e.type == "strike_vote")
    assert vote.confidence == 0.55
    drivers = next(e for e in linked.events if e.mentions[0].article_id == "drivers-2025")
    assert drivers.confidence is None and drivers.to_dict()["confidence"] is None
    # a mention of unknown confidence does not lower (or hide) the others'
    nurses, followup = pairs()[0], pairs()[1]
    followup[1].events[0].confidence = None
    again = [e for e in link([nurses, followup]).events if e.type == "strike"]
    assert [e.confidence for e in again] == [0.92]


# ---------- store ----------


def test_store_columns_filters_and_json(store: Store) -> None:
    got = {(r[0], r[1]): r[2] for r in store._conn.execute("SELECT article_id, type, confidence FROM mentions")}
    assert got == {("nurses-2024", "strike"): 0.92, ("nurses-2024", "strike_vote"): 0.55,
                   ("nurses-followup", "strike"): 0.64, ("drivers-2025", "strike"): None}
    assert mention_keys(store.mentions(min_confidence=0.7)) == {("nurses-2024", "strike")}
    assert mention_keys(store.mentions(min_confidence=0.6)) == {("nurses-2024", "strike"),
                                                              ("nurses-followup", "strike")}
    # unknown confidence is left out by any minimum, even 0; no minimum keeps everything
    assert ("drivers-2025", "strike") not in mention_keys(store.mentions(min_confidence=0))
    assert len(store.mentions(min_confidence=0)) == 3 and len(store.mentions()) == 4
    # "at least": the minimum itself is kept
    assert mention_keys(store.mentions(min_confidence=0.92)) == {("nurses-2024", "strike")}
    assert store.mentions(min_confidence=1) == []
    votes = store.mentions(min_confidence=0.5, type="strike_vote")
    assert mention_keys(votes) == {("nurses-2024", "strike_vote")}
    strike = store.mentions(min_confidence=0.7)[0]
    assert strike["confidence"] == 0.92
    assert strike["decision_confidence"] == {"status": 0.81, "start_date": 0.77}
    assert strike["unions"][0]["confidence"] == 0.97  # organizations' confidence stays in the JSON
    assert store.record("nurses-2024").events[0].unions[0].confidence == 0.97
    # linked events: a column (the highest of the mentions') and the same in the JSON
    linked = {r[0]: (r[1], json.loads(r[2])) for r in store._conn.execute(
        "SELECT id, confidence, data FROM events")}
    assert sorted((c for c, _ in linked.values()), key=lambda c: (c is None, c or 0)) == [0.55, 0.92, None]
    assert all(d["confidence"] == c for c, d in linked.values())
    assert linked_keys(store.events(min_confidence=0.7)) == {("strike", 2)}
    assert linked_keys(store.events(min_confidence=0)) == {("strike", 2), ("strike_vote", 1)}
    assert len(store.events()) == 3
    timeline = store.disputes(employer="Mercy")[0]["timeline"]
    assert sorted(r["confidence"] for r in timeline) == [0.55, 0.92]


@pytest.mark.parametrize("bad", [1.5, -0.1, math.nan, math.inf, "abc", True])
def test_store_refuses_a_minimum_outside_0_to_1(store: Store, bad: Any) -> None:
    with pytest.raises(ValueError, match="min_confidence must be a number from 0 to 1"):
        store.mentions(min_confidence=bad)
    with pytest.raises(ValueError, match="min_confidence must be a number from 0 to 1"):
        store.events(min_confidence=bad)


def test_confidence_columns_are_indexed(store: Store) -> None:
    if store.dialect == "sqlite":
        idx = {r[0]: r[1] for r in store._conn.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")}
        plan = " ".join(str(tuple(r)) for r in store._conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE confidence >= 0.5"))
        assert "events_confidence" in plan
    else:
        idx = {r[0]: r[1] for r in store._conn.execute(
            "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = current_schema()")}
    assert idx["mentions_confidence"] == "mentions" and idx["events_confidence"] == "events"


# ---------- CLI ----------


def test_cli_mentions_min_confidence(db: str) -> None:
    r = run("mentions", "--db", db, "--format", "json", "--min-confidence", "0.7")
    assert r.exit_code == 0, r.stderr
    assert mention_keys(json.loads(r.stdout)) == {("nurses-2024", "strike")}
    r = run("mentions", "--db", db, "--format", "json", "--min-confidence", "0.6", "--type", "strike")
    assert mention_keys(json.loads(r.stdout)) == {("nurses-2024", "strike"), ("nurses-followup", "strike")}
    r = run("mentions", "--db", db, "--format", "json", "--min-confidence", "0")
    assert len(json.loads(r.stdout)) == 3  # the drivers' strike, of unknown confidence, is left out
    r = run("mentions", "--db", db, "--format", "json")
    assert len(json.loads(r.stdout)) == 4


def test_cli_events_min_confidence(db: str) -> None:
    """Events are linked across articles: the nurses' strike is one event with two mentions."""
    r = run("events", "--db", db, "--format", "json", "--min-confidence", "0.7")
    assert r.exit_code == 0, r.stderr
    assert linked_keys(json.loads(r.stdout)) == {("strike", 2)}
    r = run("events", "--db", db, "--format", "jsonl", "--min-confidence", "0")
    assert linked_keys([json.loads(x) for x in r.stdout.splitlines()]) == {("strike", 2), ("strike_vote", 1)}
    r = run("events", "--db", db, "--format", "json")
    assert len(json.loads(r.stdout)) == 3


@pytest.mark.parametrize("bad", ["1.5", "-0.2", "abc", "nan", "inf", ""])
def test_cli_min_confidence_must_be_0_to_1(db: str, bad: str) -> None:
    for args in (["events"], ["mentions"], ["export", "--what", "events"], ["export", "--what", "mentions"]):
        r = run(*args, "--db", db, "--min-confidence", bad)
        assert r.exit_code == 2, (args, bad, r.stdout)
        assert "--min-confidence" in r.stderr
        assert r.stdout == ""


def test_cli_mentions_table_and_csv_show_confidence(db: str) -> None:
    r = run("mentions", "--db", db)
    assert r.exit_code == 0
    assert "conf." in r.stdout and "0.92" in r.stdout and "0.55" in r.stdout and "0.64" in r.stdout
    drivers = next(line for line in r.stdout.splitlines() if "drivers-2025" in line)
    assert "0." not in drivers  # unknown: an empty cell
    r = run("mentions", "--db", db, "--min-confidence", "0.7")
    assert "1 mention" in r.stdout and "0.55" not in r.stdout
    r = run("mentions", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert "confidence" in rows[0]
    assert {(row["article_id"], row["type"]): row["confidence"] for row in rows} == {
        ("nurses-2024", "strike"): "0.92", ("nurses-2024", "strike_vote"): "0.55",
        ("nurses-followup", "strike"): "0.64", ("drivers-2025", "strike"): ""}
    assert all(row["event_id"].startswith("ev-") for row in rows)  # each mention names its event


def test_cli_events_table_and_csv_show_confidence(db: str) -> None:
    r = run("events", "--db", db)
    assert r.exit_code == 0
    assert "conf." in r.stdout and "0.92" in r.stdout and "0.55" in r.stdout and "3 events" in r.stdout
    r = run("events", "--db", db, "--min-confidence", "0.7")
    assert [line.strip() for line in r.stdout.splitlines()][-1] == "1 event"
    r = run("events", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert sorted(row["confidence"] for row in rows) == ["", "0.55", "0.92"]
    strike = next(row for row in rows if row["n_mentions"] == "2")
    assert strike["articles"] == "nurses-2024; nurses-followup" and strike["event_id"].startswith("ev-")


def test_cli_show_and_timeline_show_confidence(db: str) -> None:
    r = run("show", "nurses-2024", "--db", db)
    assert r.exit_code == 0 and "confidence: 0.92" in r.stdout and "confidence: 0.55" in r.stdout
    with open_store(db) as s:
        dispute = s.disputes(employer="Mercy")[0]["dispute_id"]
    r = run("timeline", dispute, "--db", db)
    assert r.exit_code == 0 and "conf. 0.92" in r.stdout and "conf. 0.55" in r.stdout
    r = run("timeline", dispute, "--db", db, "--format", "json", "--min-confidence", "0.7")
    timeline = json.loads(r.stdout)["timeline"]
    assert [(row["type"], row["confidence"]) for row in timeline] == [("strike", 0.92)]


def test_cli_export_min_confidence(db: str, tmp_path: Path) -> None:
    r = run("export", "--db", db, "--what", "events", "--min-confidence", "0.7")
    assert r.exit_code == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert linked_keys(lines) == {("strike", 2)} and lines[0]["confidence"] == 0.92
    r = run("export", "--db", db, "--what", "events")
    assert len(r.stdout.splitlines()) == 3
    r = run("export", "--db", db, "--what", "events", "--format", "csv", "--min-confidence", "0.5")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert sorted(row["confidence"] for row in rows) == ["0.55", "0.92"]
    r = run("export", "--db", db, "--what", "mentions", "--format", "csv", "--min-confidence", "0.6")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert sorted(row["confidence"] for row in rows) == ["0.64", "0.92"]
    r = run("export", "--db", db, "--what", "mentions", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert sorted(row["confidence"] for row in rows) == ["", "0.55", "0.64", "0.92"]
    r = run("export", "--db", db, "--what", "events", "--format", "csv", "--schema", "lat",
            "--min-confidence", "0.9")
    assert r.exit_code == 0 and len(list(csv.DictReader(io.StringIO(r.stdout)))) == 1
    r = run("export", "--db", db, "--what", "disputes", "--min-confidence", "0.5")
    assert r.exit_code == 2 and "--min-confidence is for --what events or mentions" in r.stderr


def test_parquet_confidence_is_a_float(db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    for what in ("events", "mentions"):
        out = tmp_path / f"{what}.parquet"
        r = run("export", "--db", db, "--what", what, "--format", "parquet", "-o", out,
                "--min-confidence", "0.6")
        assert r.exit_code == 0, r.stderr
        table = pq.read_table(out)
        assert str(table.schema.field("confidence").type) == "double"
        assert all(c >= 0.6 for c in table.column("confidence").to_pylist())


# ---------- web ----------


@pytest.fixture
def client(db: str) -> Any:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from strikewatch.web import create_app

    return TestClient(create_app(db, token=None))


def test_api_min_confidence(client: Any) -> None:
    everything = client.get("/api/events").json()
    assert everything["total"] == 3
    r = client.get("/api/events", params={"min_confidence": "0.7"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 1 and body["events"][0]["confidence"] == 0.92
    assert len(body["events"][0]["mentions"]) == 2
    def total(**params: str) -> int:
        return int(client.get("/api/events", params=params).json()["total"])

    assert total(min_confidence="0") == 2  # not the one of unknown confidence
    assert total(min_confidence="0.5", type="strike_vote") == 1
    assert total(min_confidence="") == 3  # empty (a blank form field): no filter
    assert client.get("/api/events", params={"sort": "confidence", "order": "asc",
                                             "min_confidence": "0"}).json()["events"][0]["confidence"] == 0.55
    spec = client.get("/openapi.json").json()
    assert "min_confidence" in {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "abc", "nan", "inf", "0.5x"])
def test_api_min_confidence_outside_0_to_1_is_400(client: Any, bad: str) -> None:
    for url in ("/api/events", "/events.csv", "/events.json", "/feed.atom"):
        r = client.get(url, params={"min_confidence": bad})
        assert r.status_code == 400, (url, bad)
        assert r.json()["detail"] == "min_confidence must be a number from 0 to 1"
    r = client.get("/events", params={"min_confidence": bad})
    assert r.status_code == 400 and "min_confidence must be a number from 0 to 1" in r.text


def test_pages_downloads_and_feed_filter_and_show_confidence(client: Any) -> None:
    page = client.get("/events").text
    assert ">conf." in page and ">0.92<" in page and ">0.55<" in page and ">—<" in page
    page = client.get("/events", params={"min_confidence": "0.7"}).text
    assert page.count('<a href="/events/ev-') == 1 and 'name="min_confidence" value="0.7"' in page
    assert "min_confidence=0.7" in page  # the downloads and sort links keep the filter
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv").text)))
    assert sorted(r["confidence"] for r in rows) == ["", "0.55", "0.92"]
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv", params={"min_confidence": "0.5"}).text)))
    assert sorted(r["confidence"] for r in rows) == ["0.55", "0.92"]
    data = client.get("/events.json", params={"min_confidence": "0.9"}).json()
    assert [e["confidence"] for e in data] == [0.92]
    feed = ET.fromstring(client.get("/feed.atom", params={"min_confidence": "0.5"}).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 2
    assert "min_confidence=0.5" in (feed.find("a:title", ns).text or "")  # type: ignore[union-attr]
    summaries = [e.findtext("a:summary", "", ns) for e in entries]
    assert any("Confidence: 0.92." in x for x in summaries)
    strike = client.get("/api/events", params={"min_confidence": "0.9"}).json()["events"][0]
    page = client.get(f"/events/{strike['event_id']}").text
    assert '<dd id="confidence">0.92</dd>' in page and "conf. 0.64" in page
    assert "conf. 0.92" in client.get("/articles/nurses-2024").text


# ---------- upgrading a store from before the confidence columns ----------


def _v3_store(kind: str, where: Path, url: str | None, items: list[Any]) -> str:
    """A store of schema version 3 (no confidence columns, the old table names) holding ``items`` as a
    version-3 strikewatch wrote them; returns what opens it."""
    if kind == "sqlite":
        old_sqlite_store(where / "v3.db", 3, items)
        return str(where / "v3.db")
    from strikewatch.store.postgres import PgConnection

    assert url is not None
    with open_store(url) as s:  # today's tables and rows, then taken back to version 3's
        for a, r in items:
            s.save(a, r)
        s.relink()
    pg = PgConnection(url)
    pg_back_to_version_3(pg)
    pg.close()
    return url


def _strip_confidence(target: str, kind: str) -> None:
    """As a version-3 strikewatch wrote it: no confidence in the linked layer's JSON."""
    if kind == "sqlite":
        conn: Any = sqlite3.connect(target, isolation_level=None)
    else:
        from strikewatch.store.postgres import PgConnection

        conn = PgConnection(target)
    for table in ("linked_events", "disputes"):
        for rid, data in conn.execute(f"SELECT id, data FROM {table}").fetchall():
            d = json.loads(data)
            d.pop("confidence", None)
            for row in d.get("mentions") or d.get("timeline") or []:
                row.pop("confidence", None)
            conn.execute(f"UPDATE {table} SET data = ? WHERE id = ?", (json.dumps(d), rid))
    conn.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_version_3_store_is_upgraded_in_place(kind: str, tmp_path: Path) -> None:
    """Rows get their confidence from their JSON (NULL where it has none), the tables their names of
    one vocabulary (mentions, events) and their foreign keys; linked events, the highest confidence."""
    with pg_schema() if kind == "postgresql" else contextlib.nullcontext() as url:
        items = pairs()
        items[1][1].events[0].confidence = None  # stored before the extractor gave probabilities
        with open_store(tmp_path / "today.db") as today:
            for a, r in items:
                today.save(a, r)
            today.relink()
            before = [today.record(a.id).to_dict() for a, _ in items]
            linked_before = {e["event_id"] for e in today.events()}
        target = _v3_store(kind, tmp_path, url, items)
        _strip_confidence(target, kind)
        with open_store(target) as s:
            assert s.schema_version == SCHEMA_VERSION
            assert [s.record(a.id).to_dict() for a, _ in items] == before  # nothing lost
            got = {(r[0], r[1]): r[2] for r in s._conn.execute(
                "SELECT article_id, type, confidence FROM mentions")}
            assert got == {("nurses-2024", "strike"): 0.92, ("nurses-2024", "strike_vote"): 0.55,
                           ("nurses-followup", "strike"): None, ("drivers-2025", "strike"): None}
            linked = s.events()
            assert {e["event_id"] for e in linked} == linked_before  # linked again: the same events
            strike = next(e for e in linked if e["type"] == "strike" and len(e["mentions"]) == 2)
            assert strike["confidence"] == 0.92
            assert {m["article"]: m["confidence"] for m in strike["mentions"]} == {
                "nurses-2024": 0.92, "nurses-followup": None}
            column = [c for (c,) in s._conn.execute("SELECT confidence FROM events")]
            assert sorted(column, key=lambda c: (c is None, c or 0)) == [0.55, 0.92, None]
            assert linked_keys(s.events(min_confidence=0.5)) == {("strike", 2), ("strike_vote", 1)}
            assert mention_keys(s.mentions(min_confidence=0.6)) == {("nurses-2024", "strike")}
            timeline = s.disputes(employer="Mercy")[0]["timeline"]
            assert sorted(r["confidence"] for r in timeline) == [0.55, 0.92]
            assert all(m["event_id"] for m in s.mentions())  # every mention is in an event again
            if kind == "sqlite":
                assert s._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert s._conn.execute("PRAGMA foreign_key_check").fetchall() == []
            # new rows get their column; a relink gives what the upgrade wrote
            text2 = NURSES_TEXT + " Talks resume Friday."
            r2 = nurses_record(text2)
            r2.events[0].confidence = 0.33
            assert s.save(nurses_article(text2), r2) == "updated"
            found = s.mentions(min_confidence=0.3, article_id="nurses-2024")
            assert [(e["type"], e["confidence"]) for e in found] == [("strike", 0.33)]
            s.relink()
            strike = next(e for e in s.events() if e["type"] == "strike" and len(e["mentions"]) == 2)
            assert strike["confidence"] == 0.33  # the follow-up's is still unknown
        with open_store(target) as s:
            assert s.schema_version == SCHEMA_VERSION  # opening again changes nothing


def test_a_newer_postgresql_schema_is_refused() -> None:
    with pg_schema() as url:
        open_store(url).close()
        from strikewatch.store.postgres import PgConnection

        pg = PgConnection(url)
        pg.execute("UPDATE schema_meta SET version = 99")
        pg.close()
        with pytest.raises(StoreError, match="newer"):
            open_store(url)
