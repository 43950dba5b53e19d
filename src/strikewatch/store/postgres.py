"""The store on a PostgreSQL server (``--db postgresql://user@host/dbname``).

Same tables, same features as the SQLite store (:mod:`strikewatch.store.sqlite`),
full-text search included (a ``tsvector`` per event with a GIN index, where
SQLite has FTS5). The shared SQL is written once: :class:`PgConnection` gives
psycopg the small part of the ``sqlite3`` interface the store uses (``?``
placeholders, rows readable by position and by name, ``lastrowid``), and
:class:`PgStore` overrides only what differs: opening and the schema, the
transaction statement, and the full-text index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from strikewatch.store.sqlite import (  # noqa: F401
    _FILLS,
    SCHEMA_VERSION,
    VOCABULARY_VERSION,
    Store,
    StoreError,
    _icontains,
)

URL_RX = re.compile(r"^postgres(?:ql)?://", re.I)

#: the linked layer (schema 5): disputes, events across articles, the mentions each holds, organizations,
#: full-text search; rebuilt whole by Store.relink()
_LINKED_TABLES = """
CREATE TABLE disputes (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, stage TEXT, watch INTEGER NOT NULL, first_date TEXT,
    last_date TEXT, n_events INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE TABLE events (
    rowid BIGSERIAL UNIQUE, id TEXT PRIMARY KEY, dispute_id TEXT REFERENCES disputes(id) ON DELETE SET NULL,
    type TEXT NOT NULL, status TEXT NOT NULL,
    start_date TEXT, end_date TEXT, location_city TEXT, location_state TEXT, industry TEXT,
    unions TEXT NOT NULL DEFAULT '', employers TEXT NOT NULL DEFAULT '', participants BIGINT,
    n_mentions INTEGER NOT NULL, first_seen TEXT, data TEXT NOT NULL, confidence DOUBLE PRECISION
);
CREATE INDEX events_dispute ON events(dispute_id);
CREATE INDEX events_start ON events(start_date, id);
CREATE INDEX events_type ON events(type, start_date, id);
CREATE INDEX events_status ON events(status, start_date, id);
CREATE INDEX events_state ON events(location_state, start_date, id);
CREATE INDEX events_industry ON events(industry, start_date, id);
CREATE INDEX events_sources ON events(n_mentions, start_date, id);
CREATE INDEX events_seen ON events(first_seen, id);
CREATE INDEX events_confidence ON events(confidence, start_date, id);
CREATE TABLE event_mentions (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, UNIQUE (article_id, idx),
    FOREIGN KEY (article_id, idx) REFERENCES mentions(article_id, idx) ON DELETE CASCADE
);
CREATE INDEX event_mentions_event ON event_mentions(event_id);
CREATE TABLE organizations (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE events_fts (rowid BIGINT PRIMARY KEY, tsv TSVECTOR NOT NULL);
CREATE INDEX events_fts_tsv ON events_fts USING GIN (tsv)
"""

#: schema 6 (the SQLite store's _SCHEMA_V6): the live path's sources, URLs, outlets, alerts
_LIVE_TABLES = """
ALTER TABLE claims ADD COLUMN confidence DOUBLE PRECISION;
CREATE TABLE sources (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT, interval_s DOUBLE PRECISION NOT NULL, etag TEXT,
    last_modified TEXT, last_fetch TEXT, next_poll TEXT, items INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0, last_error TEXT, data TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE seen_urls (
    url TEXT PRIMARY KEY, source_id TEXT REFERENCES sources(id) ON DELETE SET NULL, first_seen TEXT NOT NULL,
    last_try TEXT, status TEXT NOT NULL, tries INTEGER NOT NULL DEFAULT 0,
    article_id TEXT REFERENCES articles(id) ON DELETE SET NULL, published TEXT, error TEXT
);
CREATE INDEX seen_urls_source ON seen_urls(source_id, first_seen);
CREATE TABLE article_sources (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, url TEXT NOT NULL, outlet TEXT,
    title TEXT, published TEXT, similarity DOUBLE PRECISION, added TEXT NOT NULL, PRIMARY KEY (article_id, url)
);
CREATE TABLE alerts (
    id BIGSERIAL PRIMARY KEY, filters TEXT NOT NULL, webhook TEXT, email TEXT, secret TEXT, created TEXT NOT NULL
);
CREATE TABLE event_versions (
    event_id TEXT PRIMARY KEY, signature TEXT NOT NULL, version INTEGER NOT NULL, changed TEXT NOT NULL
);
CREATE TABLE alert_deliveries (
    alert_id BIGINT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE, event_id TEXT NOT NULL,
    version INTEGER NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    payload TEXT NOT NULL, last_error TEXT, created TEXT NOT NULL, next_try TEXT, sent TEXT,
    PRIMARY KEY (alert_id, event_id, version, channel)
);
CREATE INDEX alert_deliveries_pending ON alert_deliveries(status, next_try);
CREATE TABLE dead_letters (
    alert_id BIGINT NOT NULL, event_id TEXT NOT NULL, version INTEGER NOT NULL, channel TEXT NOT NULL,
    payload TEXT NOT NULL, error TEXT, attempts INTEGER NOT NULL, failed_at TEXT NOT NULL
)
"""

#: incremental linking (schema 7, the SQLite store's _SCHEMA_V7)
_LINK_SCOPE_TABLES = """
CREATE TABLE link_keys (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, idx INTEGER NOT NULL, key TEXT NOT NULL,
    role TEXT NOT NULL, PRIMARY KEY (article_id, idx, key, role)
);
CREATE INDEX link_keys_key ON link_keys(key, role);
CREATE TABLE link_pending (seq BIGSERIAL PRIMARY KEY, article_id TEXT NOT NULL, old_keys TEXT NOT NULL DEFAULT '[]');
CREATE TABLE fts_stale (event_id TEXT PRIMARY KEY);
ALTER TABLE events ADD COLUMN written BIGINT NOT NULL DEFAULT 1;
CREATE INDEX events_written ON events(written);
CREATE TABLE link_state (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO link_state (name, value) VALUES ('written', 1)
"""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_meta (version INTEGER NOT NULL);
CREATE OR REPLACE FUNCTION sw_icontains(haystack TEXT, needle TEXT) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE AS $$ SELECT strpos(lower(haystack), lower(needle)) > 0 $$;
CREATE TABLE articles (
    id TEXT PRIMARY KEY, url TEXT, source TEXT, title TEXT, published TEXT, published_from TEXT,
    text TEXT NOT NULL, content_hash TEXT NOT NULL, path TEXT, ingested_at TEXT NOT NULL,
    is_labor INTEGER NOT NULL, extractor_version TEXT
);
CREATE TABLE mentions (
    id BIGSERIAL PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, start_date TEXT, end_date TEXT,
    location_city TEXT, location_state TEXT, location_country TEXT, participants BIGINT, unit_size BIGINT,
    result_approved INTEGER, result_pct DOUBLE PRECISION, demands TEXT NOT NULL DEFAULT '[]', data TEXT NOT NULL,
    UNIQUE (article_id, idx), confidence DOUBLE PRECISION
);
CREATE INDEX mentions_type ON mentions(type);
CREATE INDEX mentions_status ON mentions(status);
CREATE INDEX mentions_start ON mentions(start_date);
CREATE INDEX mentions_state ON mentions(location_state);
CREATE INDEX mentions_confidence ON mentions(confidence);
CREATE TABLE mention_orgs (
    mention_id BIGINT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('union', 'employer')), name TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX mention_orgs_mention ON mention_orgs(mention_id);
CREATE TABLE mention_evidence (
    mention_id BIGINT NOT NULL REFERENCES mentions(id) ON DELETE CASCADE, text TEXT NOT NULL, start INTEGER,
    "end" INTEGER
);
CREATE INDEX mention_evidence_mention ON mention_evidence(mention_id);
CREATE TABLE claims (
    id BIGSERIAL PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, party TEXT NOT NULL, kind TEXT NOT NULL, measure TEXT NOT NULL, value DOUBLE PRECISION NOT NULL,
    years DOUBLE PRECISION, evidence TEXT, start INTEGER, "end" INTEGER
);
CREATE INDEX claims_article ON claims(article_id)
""" + ";\n" + _LINKED_TABLES + ";\n" + _LIVE_TABLES + ";\n" + _LINK_SCOPE_TABLES


#: upgrades of a store made by an older strikewatch, by the version they upgrade to (the same steps as
#: the SQLite store's :data:`~strikewatch.store.sqlite._MIGRATIONS`); stores on PostgreSQL began at 3
_MIGRATIONS: dict[int, str] = {
    4: """
ALTER TABLE events ADD COLUMN confidence DOUBLE PRECISION;
CREATE INDEX events_confidence ON events(confidence);
ALTER TABLE linked_events ADD COLUMN confidence DOUBLE PRECISION;
CREATE INDEX linked_events_confidence ON linked_events(confidence, start_date, id)
""",
    # one vocabulary (the SQLite store's _SCHEMA_V5): mentions keep their rows, the linked layer is made
    # again with its foreign keys (Store.open relinks it)
    5: """
ALTER TABLE events RENAME TO mentions;
ALTER TABLE event_orgs RENAME TO mention_orgs;
ALTER TABLE mention_orgs RENAME COLUMN event_id TO mention_id;
ALTER TABLE evidence RENAME TO mention_evidence;
ALTER TABLE mention_evidence RENAME COLUMN event_id TO mention_id;
ALTER INDEX events_type RENAME TO mentions_type;
ALTER INDEX events_status RENAME TO mentions_status;
ALTER INDEX events_start RENAME TO mentions_start;
ALTER INDEX events_state RENAME TO mentions_state;
ALTER INDEX events_confidence RENAME TO mentions_confidence;
ALTER INDEX event_orgs_event RENAME TO mention_orgs_mention;
ALTER INDEX evidence_event RENAME TO mention_evidence_mention;
DROP TABLE linked_mentions;
DROP TABLE linked_events;
DROP TABLE disputes;
DROP TABLE organizations;
DROP TABLE events_fts;
""" + _LINKED_TABLES,
    6: _LIVE_TABLES,
    7: _LINK_SCOPE_TABLES,
}
#: the oldest schema this module can upgrade
_OLDEST = 3


class PgRow(tuple):  # noqa: SLOT001 - a row readable by position and by column name, like sqlite3.Row
    _names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> PgRow:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


class PgCursor:
    def __init__(self, cur: Any, lastrowid: int | None = None) -> None:
        self._cur = cur
        self.lastrowid = lastrowid
        self.rowcount = cur.rowcount
        desc = cur.description
        self._names = {d.name: i for i, d in enumerate(desc)} if desc else {}

    def _row(self, r: Any) -> PgRow | None:
        return None if r is None else PgRow(r, self._names)

    def fetchone(self) -> PgRow | None:
        return self._row(self._cur.fetchone()) if self._names else None

    def fetchall(self) -> list[PgRow]:
        return [PgRow(r, self._names) for r in self._cur.fetchall()] if self._names else []

    def __iter__(self) -> Iterator[PgRow]:
        return iter(self.fetchall())


def _translate(sql: str) -> str:
    """sqlite3-style SQL to psycopg's: ``?`` placeholders become ``%s`` (literal ``%`` doubled)."""
    sql = sql.replace("BEGIN IMMEDIATE", "BEGIN").replace(" IS ?", " IS NOT DISTINCT FROM ?")
    out, quote = [], None
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class PgConnection:
    """The part of the ``sqlite3.Connection`` interface the store uses, over psycopg (autocommit)."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.raw = psycopg.connect(url, autocommit=True)

    def execute(self, sql: str, args: Sequence[Any] = ()) -> PgCursor:
        text = _translate(sql)
        wants_id = text.lstrip().upper().startswith("INSERT INTO MENTIONS ") and "RETURNING" not in text.upper()
        if wants_id:
            text += " RETURNING id"
        cur = self.raw.execute(text, tuple(args) if args else None)
        if wants_id:
            return PgCursor(cur, lastrowid=cur.fetchone()[0])
        return PgCursor(cur)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(_translate(sql), [tuple(r) for r in rows])

    def close(self) -> None:
        self.raw.close()


class PgStore(Store):
    """A :class:`Store` on PostgreSQL."""

    dialect = "postgresql"

    @classmethod
    def open(cls, path: Any, create: bool = True) -> PgStore:
        url = str(path)
        try:
            conn = PgConnection(url)
        except Exception as e:  # psycopg raises many kinds: unreachable server, bad credentials, no database
            raise StoreError(f"cannot open {_redact(url)}: {e}") from e
        have = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_name = 'schema_meta'").fetchone()
        if not have or not have[0]:
            conn.execute("BEGIN")
            try:
                for stmt in _split(_SCHEMA):
                    conn.execute(stmt)
                conn.execute("INSERT INTO schema_meta (version) VALUES (?)", (SCHEMA_VERSION,))
            except BaseException:
                conn.execute("ROLLBACK")
                conn.close()
                raise
            conn.execute("COMMIT")
        before = conn.execute("SELECT max(version) FROM schema_meta").fetchone()[0]
        try:
            cls._migrate_pg(conn, _redact(url))
        except BaseException:
            conn.close()
            raise
        store = cls(conn, _redact(url))  # type: ignore[arg-type]
        if before is not None and before < VOCABULARY_VERSION and conn.execute(
                "SELECT count(*) FROM mentions").fetchone()[0]:
            store.relink()  # the upgrade made the linked layer again: rebuild it from the stored mentions
        return store

    @staticmethod
    def _migrate_pg(conn: PgConnection, where: str) -> None:
        """Upgrade a store made by an older strikewatch in place, one version a transaction."""
        row = conn.execute("SELECT max(version) FROM schema_meta").fetchone()
        version = row[0] if row else None
        if version is None or version < _OLDEST:
            raise StoreError(f"{where}: schema version {version if version is not None else '?'}, "
                             f"this strikewatch needs {SCHEMA_VERSION}")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{where}: schema version {version} is newer than this strikewatch "
                             f"({SCHEMA_VERSION})")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            conn.execute("BEGIN")
            try:
                # one upgrader at a time; read the version again under the lock
                conn.execute("LOCK TABLE schema_meta IN EXCLUSIVE MODE")
                if conn.execute("SELECT max(version) FROM schema_meta").fetchone()[0] < target:
                    for stmt in _split(_MIGRATIONS[target]):
                        conn.execute(stmt)
                    if target in _FILLS:
                        _FILLS[target](conn)
                    conn.execute("UPDATE schema_meta SET version = ?", (target,))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("SELECT max(version) FROM schema_meta").fetchone()[0])

    def _fts_remove(self, c: Any, event_id: str, text: str) -> None:
        c.execute("DELETE FROM events_fts WHERE rowid = (SELECT rowid FROM events WHERE id = ?)", (event_id,))

    def _fts_clear(self, c: Any) -> None:
        c.execute("DELETE FROM events_fts")

    def _fts_add(self, c: Any, event_id: str, text: str) -> None:
        c.execute("INSERT INTO events_fts (rowid, tsv) SELECT rowid, to_tsvector('english', ?) FROM events "
                  "WHERE id = ?", (text, event_id))


def _split(script: str) -> list[str]:
    """Statements of the schema script (the function body's $$...$$ holds no semicolon)."""
    return [s.strip() for s in script.split(";\n") if s.strip()]


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
