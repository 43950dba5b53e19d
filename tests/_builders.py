"""Hand-built articles and records for the store, export and CLI tests (no extractor needed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from strikewatch.model import Article, Claim, Event, Evidence, Location, Organization, Record, VoteResult

NURSES_TEXT = (
    "Nurses at Mercy General Hospital walked off the job on Monday in Sacramento. "
    "The California Nurses Association said about 2,000 members joined the strike. "
    "Last month, 96% of CNA members voted to authorize a strike. "
    "The union is asking for a 25% raise over four years."
)

DRIVERS_TEXT = (
    "Bus drivers in Boston plan to strike next Friday. "
    "Teamsters Local 25 said the walkout by 700 drivers would start at 5 a.m. "
    "The drivers work for Transdev, which runs routes for the city."
)


def ev(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


def nurses_article(text: str = NURSES_TEXT, title: str | None = "Nurses strike at Mercy General") -> Article:
    return Article(
        id="nurses-2024",
        text=text,
        url="https://example.org/nurses",
        source="Example News",
        title=title,
        published="2024-03-06",
        published_from="given",
    )


def nurses_record(text: str = NURSES_TEXT) -> Record:
    s1 = "Nurses at Mercy General Hospital walked off the job on Monday in Sacramento."
    s2 = "The California Nurses Association said about 2,000 members joined the strike."
    s3 = "Last month, 96% of CNA members voted to authorize a strike."
    s4 = "The union is asking for a 25% raise over four years."
    cna = Organization("California Nurses Association", ["CNA"])
    mercy = Organization("Mercy General Hospital", ["Mercy General"])
    strike = Event(
        type="strike",
        status="ongoing",
        start_date="2024-03-04",
        unions=[cna],
        employers=[mercy],
        location=Location("Sacramento", "CA", "US"),
        participants=2000,
        demands=["pay"],
        evidence=[ev(text, s1), ev(text, s2)],
        field_evidence={"participants": ev(text, s2)},
    )
    vote = Event(
        type="strike_vote",
        status="occurred",
        start_date="2024-02",
        unions=[cna],
        employers=[mercy],
        location=Location("Sacramento", "CA", "US"),
        result=VoteResult(True, 96),
        evidence=[ev(text, s3)],
    )
    claim = Claim("union", "demand", "raise_pct", 25, 4, ev(text, s4))
    return Record(
        id="nurses-2024", published="2024-03-06", is_labor=True, events=[strike, vote], claims=[claim]
    )


def drivers_article() -> Article:
    return Article(
        id="drivers-2025",
        text=DRIVERS_TEXT,
        title="Boston bus drivers set strike date",
        published="2025-11-03",
        published_from="given",
    )


def drivers_record() -> Record:
    s1 = "Bus drivers in Boston plan to strike next Friday."
    s2 = "Teamsters Local 25 said the walkout by 700 drivers would start at 5 a.m."
    strike = Event(
        type="strike",
        status="planned",
        start_date="2025-11-07",
        unions=[Organization("Teamsters Local 25", ["Teamsters"])],
        employers=[Organization("Transdev")],
        location=Location("Boston", "MA", "US"),
        participants=700,
        evidence=[ev(DRIVERS_TEXT, s1), ev(DRIVERS_TEXT, s2)],
    )
    return Record(id="drivers-2025", published="2025-11-03", is_labor=True, events=[strike])


def decoy_article() -> Article:
    return Article(id="bowling", text="She bowled a strike in the tenth frame.", published="2025-01-02")


def decoy_record() -> Record:
    return Record(id="bowling", published="2025-01-02", is_labor=False)


def all_pairs() -> list[tuple[Article, Record]]:
    return [
        (nurses_article(), nurses_record()),
        (drivers_article(), drivers_record()),
        (decoy_article(), decoy_record()),
    ]


# ---------- stores as older versions of strikewatch wrote them ----------

_V1_MENTION_COLUMNS = ("id, article_id, idx, type, status, start_date, end_date, location_city, location_state, "
                       "location_country, participants, unit_size, result_approved, result_pct, demands, data")


def old_sqlite_store(path: Path, version: int, items: list[tuple[Article, Record]]) -> None:
    """A SQLite file of schema ``version`` (1 to 4) holding ``items`` as that version stored them.

    The rows are written by today's store into a scratch file and copied into the old tables
    (``events`` for mentions, ``event_orgs``, ``evidence``; from version 2 the linked layer as
    ``linked_events``/``linked_mentions``), so the old file holds what an old strikewatch wrote.
    """
    from strikewatch.store import open_store
    from strikewatch.store import sqlite as sq

    scratch = path.with_name(path.stem + "-scratch.db")
    with open_store(scratch) as s:
        for a, r in items:
            s.save(a, r)
        s.relink()
    conn = sqlite3.connect(path, isolation_level=None)
    for v in range(1, version + 1):
        conn.executescript(sq._MIGRATIONS[v])
    conn.execute("ATTACH DATABASE ? AS new", (str(scratch),))
    conf = ", confidence" if version >= 4 else ""
    conn.execute("BEGIN")
    conn.execute("INSERT INTO articles SELECT * FROM new.articles")
    conn.execute(f"INSERT INTO events ({_V1_MENTION_COLUMNS}{conf}) SELECT {_V1_MENTION_COLUMNS}{conf} FROM new.mentions")
    conn.execute("INSERT INTO event_orgs (event_id, role, name, aliases) "
                 "SELECT mention_id, role, name, aliases FROM new.mention_orgs")
    conn.execute('INSERT INTO evidence (event_id, text, start, "end") '
                 'SELECT mention_id, text, start, "end" FROM new.mention_evidence')
    claim_columns = 'id, article_id, idx, party, kind, measure, value, years, evidence, start, "end"'
    conn.execute(f"INSERT INTO claims ({claim_columns}) SELECT {claim_columns} FROM new.claims")
    if version >= 2:
        cols = ("id, dispute_id, type, status, start_date, end_date, location_state, n_mentions, data" if version == 2
                else "id, dispute_id, type, status, start_date, end_date, location_city, location_state, industry, "
                     "unions, employers, participants, n_mentions, first_seen, data" + conf)
        conn.execute(f"INSERT INTO linked_events ({cols}) SELECT {cols} FROM new.events")
        conn.execute("INSERT INTO linked_mentions (event_id, article_id, idx) "
                     "SELECT event_id, article_id, idx FROM new.event_mentions")
        conn.execute("INSERT INTO disputes (id, title, state, watch, first_date, last_date, n_events, data) "
                     "SELECT id, title, stage, watch, first_date, last_date, n_events, data FROM new.disputes")
        conn.execute("INSERT INTO organizations SELECT * FROM new.organizations")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE new")
    conn.execute(f"PRAGMA user_version = {int(version)}")
    conn.close()
    scratch.unlink()
    for extra in ("-wal", "-shm"):
        Path(str(scratch) + extra).unlink(missing_ok=True)


def pg_back_to_version_3(pg: Any) -> None:
    """Take today's tables of a PostgreSQL store (with its rows) back to schema 3's names and columns."""
    for sql in (
        # incremental linking's tables came later (schema 7), the live path's too (schema 6)
        "ALTER TABLE events DROP COLUMN written",
        *(f"DROP TABLE {t}" for t in ("link_keys", "link_pending", "fts_stale", "link_state","dead_letters", "alert_deliveries", "event_versions", "alerts",
                                      "article_sources", "seen_urls", "sources")),
        "ALTER TABLE claims DROP COLUMN confidence",
        # the linked layer's indexes first: their names are the ones the mentions had
        *(f"ALTER INDEX events_{x} RENAME TO linked_events_{x}"
          for x in ("dispute", "start", "type", "status", "state", "industry", "sources", "seen")),
        "DROP INDEX events_confidence",
        "ALTER TABLE event_mentions RENAME TO linked_mentions",
        "ALTER INDEX event_mentions_event RENAME TO linked_mentions_event",
        "ALTER TABLE events RENAME TO linked_events",
        "ALTER TABLE linked_events DROP COLUMN confidence",
        "ALTER TABLE disputes RENAME COLUMN stage TO state",
        "ALTER TABLE mentions RENAME TO events",
        "ALTER TABLE mention_orgs RENAME TO event_orgs",
        "ALTER TABLE event_orgs RENAME COLUMN mention_id TO event_id",
        "ALTER TABLE mention_evidence RENAME TO evidence",
        "ALTER TABLE evidence RENAME COLUMN mention_id TO event_id",
        *(f"ALTER INDEX mentions_{x} RENAME TO events_{x}" for x in ("type", "status", "start", "state")),
        "ALTER INDEX mention_orgs_mention RENAME TO event_orgs_event",
        "ALTER INDEX mention_evidence_mention RENAME TO evidence_event",
        "ALTER TABLE events DROP COLUMN confidence",  # drops its index too
        "UPDATE schema_meta SET version = 3",
    ):
        pg.execute(sql)
