"""An embedded SQLite store for articles and the records extracted from them.

One file, standard library only (``sqlite3``), WAL journal, foreign keys on.

Tables (``PRAGMA user_version`` holds :data:`SCHEMA_VERSION`). A *mention* is one
article's report of an event; an *event* is the real-world event, linked across the
articles that report it::

    articles         one row per article: its fields, text, content hash, is_labor,
                     the extractor version that produced its rows
    mentions         one row per mention (an article's event, as its record gives it);
                     ``data`` is the full Event.to_dict(), ``confidence`` the detector's
                     probability (filterable, indexed)
    mention_orgs     the unions and employers of each mention
    mention_evidence the evidence spans of each mention (text and character offsets)
    claims           the bargaining claims of each article
    events, event_mentions, disputes, organizations, events_fts
                     the linked layer, rebuilt from the mentions by Store.relink():
                     events across articles (``ev-`` ids), which mentions each holds,
                     disputes (``dp-`` ids), organizations, full-text search of events

Foreign keys tie them: mentions to articles, event_mentions to events and to
mentions (article_id, idx), events to disputes; deleting an article deletes its
mentions and their places in events.

Saving is idempotent and atomic: one transaction per article, so a run that is
interrupted loses nothing already stored, and running it again completes it.
All queries are parameterised; no user input is ever formatted into SQL.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import json
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from strikewatch.export_linked import industry
from strikewatch.model import Article, Claim, Event, Evidence, Record

SCHEMA_VERSION = 7

_SCHEMA_V1 = """
CREATE TABLE articles (
    id                TEXT PRIMARY KEY,
    url               TEXT,
    source            TEXT,
    title             TEXT,
    published         TEXT,
    published_from    TEXT,
    text              TEXT NOT NULL,
    content_hash      TEXT NOT NULL,
    path              TEXT,
    ingested_at       TEXT NOT NULL,
    is_labor          INTEGER NOT NULL,
    extractor_version TEXT
);
CREATE TABLE events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id       TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx              INTEGER NOT NULL,
    type             TEXT NOT NULL,
    status           TEXT NOT NULL,
    start_date       TEXT,
    end_date         TEXT,
    location_city    TEXT,
    location_state   TEXT,
    location_country TEXT,
    participants     INTEGER,
    unit_size        INTEGER,
    result_approved  INTEGER,
    result_pct       REAL,
    demands          TEXT NOT NULL DEFAULT '[]',
    data             TEXT NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_status ON events(status);
CREATE INDEX events_start ON events(start_date);
CREATE INDEX events_state ON events(location_state);
CREATE TABLE event_orgs (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('union', 'employer')),
    name     TEXT NOT NULL,
    aliases  TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX event_orgs_event ON event_orgs(event_id);
CREATE TABLE evidence (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    text     TEXT NOT NULL,
    start    INTEGER,
    "end"    INTEGER
);
CREATE INDEX evidence_event ON evidence(event_id);
CREATE TABLE claims (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    party      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    measure    TEXT NOT NULL,
    value      REAL NOT NULL,
    years      REAL,
    evidence   TEXT,
    start      INTEGER,
    "end"      INTEGER
);
CREATE INDEX claims_article ON claims(article_id);
"""

# Version 2: the linked layer, rebuilt whole by Store.relink() from the stored mentions.
_SCHEMA_V2 = """
CREATE TABLE linked_events (
    id             TEXT PRIMARY KEY,
    dispute_id     TEXT,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    start_date     TEXT,
    end_date       TEXT,
    location_state TEXT,
    n_mentions     INTEGER NOT NULL,
    data           TEXT NOT NULL
);
CREATE INDEX linked_events_dispute ON linked_events(dispute_id);
CREATE INDEX linked_events_start ON linked_events(start_date);
CREATE TABLE linked_mentions (
    event_id   TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX linked_mentions_event ON linked_mentions(event_id);
CREATE TABLE disputes (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    state      TEXT,
    watch      INTEGER NOT NULL,
    first_date TEXT,
    last_date  TEXT,
    n_events   INTEGER NOT NULL,
    data       TEXT NOT NULL
);
CREATE TABLE organizations (
    id   TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL
)
"""

# Version 3: columns the web pages filter and sort on, and full-text search: events_fts indexes,
# for each linked event (by rowid), the title and text of every article that reports it.
# The linked layer is rebuilt (Store.open relinks a store whose linked tables are empty).
_SCHEMA_V3 = """
DROP TABLE linked_events;
CREATE TABLE linked_events (
    id             TEXT PRIMARY KEY,
    dispute_id     TEXT,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    start_date     TEXT,
    end_date       TEXT,
    location_city  TEXT,
    location_state TEXT,
    industry       TEXT,
    unions         TEXT NOT NULL DEFAULT '',
    employers      TEXT NOT NULL DEFAULT '',
    participants   INTEGER,
    n_mentions     INTEGER NOT NULL,
    first_seen     TEXT,
    data           TEXT NOT NULL
);
CREATE INDEX linked_events_dispute ON linked_events(dispute_id);
CREATE INDEX linked_events_start ON linked_events(start_date, id);
CREATE INDEX linked_events_type ON linked_events(type, start_date, id);
CREATE INDEX linked_events_status ON linked_events(status, start_date, id);
CREATE INDEX linked_events_state ON linked_events(location_state, start_date, id);
CREATE INDEX linked_events_industry ON linked_events(industry, start_date, id);
CREATE INDEX linked_events_sources ON linked_events(n_mentions, start_date, id);
CREATE INDEX linked_events_seen ON linked_events(first_seen, id);
DELETE FROM linked_mentions;
DELETE FROM disputes;
DELETE FROM organizations;
CREATE VIRTUAL TABLE events_fts USING fts5(text, content = '', tokenize = 'porter unicode61')
"""

# Version 4: the extractor's probability that an article reports an event, as a column to filter on:
# a mention's own ``confidence``; a linked event's, the highest of its mentions'. Existing rows are
# filled from the stored JSON by _fill_confidence (NULL where it holds none); the linked layer is kept.
_SCHEMA_V4 = """
ALTER TABLE events ADD COLUMN confidence REAL;
CREATE INDEX events_confidence ON events(confidence);
ALTER TABLE linked_events ADD COLUMN confidence REAL;
CREATE INDEX linked_events_confidence ON linked_events(confidence, start_date, id)
"""

# Version 5: one vocabulary. The per-article rows become ``mentions`` (``mention_orgs``,
# ``mention_evidence``) and the linked events take the name ``events`` (``event_mentions``), with
# foreign keys between events, disputes, mentions and articles. The mentions are kept as they are;
# the linked layer is made again with the keys (Store.open relinks it).
_SCHEMA_V5 = """
ALTER TABLE events RENAME TO mentions;
ALTER TABLE event_orgs RENAME TO mention_orgs;
ALTER TABLE mention_orgs RENAME COLUMN event_id TO mention_id;
ALTER TABLE evidence RENAME TO mention_evidence;
ALTER TABLE mention_evidence RENAME COLUMN event_id TO mention_id;
DROP INDEX events_type;
DROP INDEX events_status;
DROP INDEX events_start;
DROP INDEX events_state;
DROP INDEX events_confidence;
DROP INDEX event_orgs_event;
DROP INDEX evidence_event;
CREATE INDEX mentions_type ON mentions(type);
CREATE INDEX mentions_status ON mentions(status);
CREATE INDEX mentions_start ON mentions(start_date);
CREATE INDEX mentions_state ON mentions(location_state);
CREATE INDEX mentions_confidence ON mentions(confidence);
CREATE INDEX mention_orgs_mention ON mention_orgs(mention_id);
CREATE INDEX mention_evidence_mention ON mention_evidence(mention_id);
DROP TABLE linked_mentions;
DROP TABLE linked_events;
DROP TABLE disputes;
DROP TABLE organizations;
DROP TABLE events_fts;
CREATE TABLE disputes (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    stage      TEXT,
    watch      INTEGER NOT NULL,
    first_date TEXT,
    last_date  TEXT,
    n_events   INTEGER NOT NULL,
    data       TEXT NOT NULL
);
CREATE TABLE events (
    id             TEXT PRIMARY KEY,
    dispute_id     TEXT REFERENCES disputes(id) ON DELETE SET NULL,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    start_date     TEXT,
    end_date       TEXT,
    location_city  TEXT,
    location_state TEXT,
    industry       TEXT,
    unions         TEXT NOT NULL DEFAULT '',
    employers      TEXT NOT NULL DEFAULT '',
    participants   INTEGER,
    n_mentions     INTEGER NOT NULL,
    first_seen     TEXT,
    data           TEXT NOT NULL,
    confidence     REAL
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
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    UNIQUE (article_id, idx),
    FOREIGN KEY (article_id, idx) REFERENCES mentions(article_id, idx) ON DELETE CASCADE
);
CREATE INDEX event_mentions_event ON event_mentions(event_id);
CREATE TABLE organizations (
    id   TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE VIRTUAL TABLE events_fts USING fts5(text, content = '', tokenize = 'porter unicode61')
"""

#: the first version with the names of one vocabulary (mentions, events) and the foreign keys
VOCABULARY_VERSION = 5

# Version 6: the live path. What the watcher knows of each source and each URL (so a restart
# fetches nothing twice), every outlet that published an article (syndication: one article,
# several sources), saved searches and their deliveries (each change of each event alerts each
# search once), and the last alerted version of each event. None of these is rebuilt by relink.
_SCHEMA_V6 = """
ALTER TABLE claims ADD COLUMN confidence REAL;
CREATE TABLE sources (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    name          TEXT,
    interval_s    REAL NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    last_fetch    TEXT,
    next_poll     TEXT,
    items         INTEGER NOT NULL DEFAULT 0,
    errors        INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    data          TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE seen_urls (
    url           TEXT PRIMARY KEY,
    source_id     TEXT REFERENCES sources(id) ON DELETE SET NULL,
    first_seen    TEXT NOT NULL,
    last_try      TEXT,
    status        TEXT NOT NULL,
    tries         INTEGER NOT NULL DEFAULT 0,
    article_id    TEXT REFERENCES articles(id) ON DELETE SET NULL,
    published     TEXT,
    error         TEXT
);
CREATE INDEX seen_urls_source ON seen_urls(source_id, first_seen);
CREATE TABLE article_sources (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    url        TEXT NOT NULL,
    outlet     TEXT,
    title      TEXT,
    published  TEXT,
    similarity REAL,
    added      TEXT NOT NULL,
    PRIMARY KEY (article_id, url)
);
CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    filters    TEXT NOT NULL,
    webhook    TEXT,
    email      TEXT,
    secret     TEXT,
    created    TEXT NOT NULL
);
CREATE TABLE event_versions (
    event_id  TEXT PRIMARY KEY,
    signature TEXT NOT NULL,
    version   INTEGER NOT NULL,
    changed   TEXT NOT NULL
);
CREATE TABLE alert_deliveries (
    alert_id  INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    event_id  TEXT NOT NULL,
    version   INTEGER NOT NULL,
    channel   TEXT NOT NULL,
    status    TEXT NOT NULL,
    attempts  INTEGER NOT NULL DEFAULT 0,
    payload   TEXT NOT NULL,
    last_error TEXT,
    created   TEXT NOT NULL,
    next_try  TEXT,
    sent      TEXT,
    PRIMARY KEY (alert_id, event_id, version, channel)
);
CREATE INDEX alert_deliveries_pending ON alert_deliveries(status, next_try);
CREATE TABLE dead_letters (
    alert_id  INTEGER NOT NULL,
    event_id  TEXT NOT NULL,
    version   INTEGER NOT NULL,
    channel   TEXT NOT NULL,
    payload   TEXT NOT NULL,
    error     TEXT,
    attempts  INTEGER NOT NULL,
    failed_at TEXT NOT NULL
)
"""

# Version 7: incremental linking. Each article's link keys (strikewatch.link.scope: through which
# keys its mentions can meet another article's), the articles stored since the linked layer was
# last brought up to date (with the keys they had before), and the linked events whose full-text
# row is already gone (their article's text changed). Written with the article, in its transaction.
# Each linked event also notes which linking wrote it (``written``, counted in ``link_state``), so
# the alerts look only at events written since they last looked.
_SCHEMA_V7 = """
CREATE TABLE link_keys (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    key        TEXT NOT NULL,
    role       TEXT NOT NULL,
    PRIMARY KEY (article_id, idx, key, role)
);
CREATE INDEX link_keys_key ON link_keys(key, role);
CREATE TABLE link_pending (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    old_keys   TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE fts_stale (event_id TEXT PRIMARY KEY);
ALTER TABLE events ADD COLUMN written INTEGER NOT NULL DEFAULT 1;
CREATE INDEX events_written ON events(written);
CREATE TABLE link_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO link_state (name, value) VALUES ('written', 1)
"""

#: schema scripts by the version they upgrade to; version 0 is an empty file
_MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4, 5: _SCHEMA_V5,
                               6: _SCHEMA_V6, 7: _SCHEMA_V7}

#: the first version whose tables have the ``confidence`` columns
CONFIDENCE_VERSION = 4

#: the date forms of the spec, which ``since``/``until`` filters must use
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

#: the outcomes of :meth:`Store.save`
STORED, UPDATED, UNCHANGED = "stored", "updated", "unchanged"


class StoreError(Exception):
    """The database cannot be opened or used (not a database, newer schema, missing)."""


def as_confidence(value: Any) -> float | None:
    """A probability as stored: a finite number as a float; anything else (None, text, NaN) None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def check_min_confidence(value: Any, name: str = "min_confidence") -> float | None:
    """A minimum confidence filter: None, or a number from 0 to 1 (as a float); else ValueError."""
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    if isinstance(value, bool) or not 0.0 <= v <= 1.0:  # NaN fails both comparisons
        raise ValueError(f"{name} must be a number from 0 to 1, not {value!r}")
    return v


def _fill_confidence(c: Any) -> None:
    """Schema 4 on existing rows: each mention's confidence from its JSON, each linked event's the highest.

    Shared by both stores (``c`` is a sqlite3 or :class:`~strikewatch.store.postgres.PgConnection`);
    rows are read in batches by id so a large store is never held in memory at once. The JSON of
    linked events and disputes gets the confidences too, as :meth:`Store.relink` writes them.
    """
    for rows in _batches(c, "events", -1):
        confs = [(as_confidence(json.loads(data).get("confidence")), i) for i, data in rows]
        c.executemany("UPDATE events SET confidence = ? WHERE id = ?", [x for x in confs if x[0] is not None])
    by_event: dict[str, dict[str, float]] = {}  # linked event -> {article: its mention's confidence}
    for event_id, article_id, conf in c.execute(
        "SELECT lm.event_id, lm.article_id, e.confidence FROM linked_mentions lm JOIN events e"
        " ON e.article_id = lm.article_id AND e.idx = lm.idx WHERE e.confidence IS NOT NULL"
    ):
        by_event.setdefault(event_id, {})[article_id] = conf
    for rows in _batches(c, "linked_events", ""):
        updates = []
        for event_id, data in rows:
            d = json.loads(data)
            confs = by_event.get(event_id, {})
            d["confidence"] = max(confs.values(), default=None)
            for m in d.get("mentions") or []:
                m["confidence"] = confs.get(m.get("article"))
            updates.append((d["confidence"], _dumps(d), event_id))
        c.executemany("UPDATE linked_events SET confidence = ?, data = ? WHERE id = ?", updates)
    for rows in _batches(c, "disputes", ""):
        updates = []
        for dispute_id, data in rows:
            d = json.loads(data)
            for row in d.get("timeline") or []:
                row["confidence"] = max(by_event.get(row.get("event_id") or "", {}).values(), default=None)
            updates.append((_dumps(d), dispute_id))
        c.executemany("UPDATE disputes SET data = ? WHERE id = ?", updates)


def _batches(c: Any, table: str, before_first: Any, size: int = 2000) -> Iterator[list[tuple[Any, str]]]:
    """(id, data) of every row of ``table`` (a fixed name), in id order, ``size`` rows at a time."""
    last = before_first
    while True:
        rows = c.execute(f"SELECT id, data FROM {table} WHERE id > ? ORDER BY id LIMIT ?",  # noqa: S608
                         (last, size)).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield [(r[0], r[1]) for r in rows]


def _in(c: Any, sql: str, values: list[Any], fetch: bool = True, pairs: bool = False, triples: bool = False,
        rows: bool = False, size: int = 500, head: tuple[Any, ...] = ()) -> list[Any]:
    """Run ``sql`` (with one ``IN ({})``, after the parameters ``head``) over ``values`` in chunks; the
    first column of each row, or (pairs, triples) the first two or three, or whole rows."""
    out: list[Any] = []
    for i in range(0, len(values), size):
        chunk = values[i:i + size]
        cur = c.execute(sql.format(", ".join("?" * len(chunk))), head + tuple(chunk))
        if not fetch:
            continue
        for r in cur.fetchall():
            out.append(r if rows else (r[0], r[1], r[2]) if triples else (r[0], r[1]) if pairs else r[0])
    return out


def _key_rows(article_id: str, events: list[Event], published: str | None,
              has_claims: bool) -> list[tuple[str, int, str, str]]:
    from strikewatch.link.scope import mention_keys

    return [(article_id, i, k, r) for i, ks in enumerate(mention_keys(article_id, events, published, has_claims))
            for k, r in sorted(ks)]


_INSERT_KEYS = "INSERT INTO link_keys (article_id, idx, key, role) VALUES (?, ?, ?, ?)"


def _fill_link_keys(c: Any) -> None:
    """Schema 7 on existing rows: the link keys of every stored mention."""
    ids = [r[0] for r in c.execute("SELECT DISTINCT article_id FROM mentions ORDER BY article_id").fetchall()]
    for aid in ids:
        events = [Event.from_dict(json.loads(r[0])) for r in c.execute(
            "SELECT data FROM mentions WHERE article_id = ? ORDER BY idx", (aid,)).fetchall()]
        pub = c.execute("SELECT published FROM articles WHERE id = ?", (aid,)).fetchone()
        claims = c.execute("SELECT 1 FROM claims WHERE article_id = ? LIMIT 1", (aid,)).fetchone()
        rows = _key_rows(aid, events, pub[0] if pub else None, claims is not None)
        if rows:
            c.executemany(_INSERT_KEYS, rows)


#: what each upgrade runs after its script, in the same transaction
_FILLS: dict[int, Any] = {4: _fill_confidence, 7: _fill_link_keys}


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """The version of the extractor that produces records: a change re-extracts everything.

    ``EXTRACTOR_VERSION`` from ``strikewatch.extract`` or ``strikewatch.extract.pipeline``;
    the package version when neither defines one (or the extractor cannot be imported).
    """
    import strikewatch

    for name in ("strikewatch.extract", "strikewatch.extract.pipeline"):
        try:
            mod = importlib.import_module(name)
        except Exception:  # an extractor that cannot be imported has no version of its own
            continue
        v = getattr(mod, "EXTRACTOR_VERSION", None)
        if v:
            return str(v)
    return strikewatch.__version__


def _icontains(haystack: str | None, needle: str | None) -> bool:
    """Case-insensitive (Unicode casefold) substring test, registered as an SQL function."""
    if haystack is None or needle is None:
        return False
    return needle.casefold() in haystack.casefold()


def _dumps(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _state_forms(state: str) -> list[str]:
    """A state filter matches the code and the full name: "CA" ~ "California"."""
    from strikewatch.store.queries import state_forms

    return state_forms(state)


class Store:
    """Articles and their records in one SQLite file. Use :func:`open_store`."""

    #: the SQL dialect, for the few queries written twice ("sqlite" or "postgresql")
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self.path = path
        #: why the last relink_changed linked everything again ("" when it did not)
        self.link_note = ""

    # ---------- lifecycle ----------

    @classmethod
    def open(cls, path: str | Path, create: bool = True) -> Store:
        p = str(path)
        if p != ":memory:":
            if not create and not Path(p).exists():
                raise StoreError(f"no database at {p}")
            Path(p).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(p, isolation_level=None, timeout=30)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open {p}: {e}") from e
        conn.row_factory = sqlite3.Row
        conn.create_function("sw_icontains", 2, _icontains, deterministic=True)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            before = int(conn.execute("PRAGMA user_version").fetchone()[0])
            cls._migrate(conn, p)
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(f"{p}: {e}") from e
        except StoreError:
            conn.close()
            raise
        store = cls(conn, p)
        if 0 < before < VOCABULARY_VERSION and conn.execute("SELECT count(*) FROM mentions").fetchone()[0]:
            store.relink()  # the upgrade emptied the linked layer: rebuild it from the stored mentions
        return store

    @staticmethod
    def _migrate(conn: sqlite3.Connection, path: str) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path}: schema version {version} is newer than this strikewatch ({SCHEMA_VERSION})"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # read again inside the write lock: another process may have upgraded it meanwhile
                if conn.execute("PRAGMA user_version").fetchone()[0] < target:
                    for stmt in _MIGRATIONS[target].split(";"):
                        if stmt.strip():
                            conn.execute(stmt)
                    if target in _FILLS:
                        _FILLS[target](conn)
                    conn.execute(f"PRAGMA user_version = {int(target)}")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # ---------- writing ----------

    def has(self, article_id: str, content_hash: str, extractor_version: str | None = None) -> bool:
        """True when this article, with this content, is stored from this extractor version."""
        ver = extractor_version or _default_version()
        row = self._conn.execute(
            "SELECT 1 FROM articles WHERE id = ? AND content_hash = ? AND extractor_version IS ?",
            (article_id, content_hash, ver),
        ).fetchone()
        return row is not None

    def save(
        self, article: Article, record: Record, extractor_version: str | None = None, force: bool = False
    ) -> str:
        """Store an article and its record in one transaction.

        Returns ``"stored"`` (new), ``"updated"`` (the article's content or the
        extractor version changed: its old rows are replaced) or ``"unchanged"``
        (same id, content hash and extractor version: nothing is written, unless
        ``force``, which replaces the rows and says ``"updated"``).
        """
        ver = extractor_version or _default_version()
        h = article.content_hash
        with self._transaction() as c:
            old = c.execute(
                "SELECT content_hash, extractor_version FROM articles WHERE id = ?", (article.id,)
            ).fetchone()
            same = old is not None and old["content_hash"] == h and old["extractor_version"] == ver
            if same and not force:
                return UNCHANGED
            old_keys = self._retire(c, article.id) if old is not None else []
            if old is not None:
                c.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            self._insert_article(c, article, record, h, ver)
            for i, ev in enumerate(record.events):
                self._insert_event(c, article.id, i, ev)
            for i, cl in enumerate(record.claims):
                self._insert_claim(c, article.id, i, cl)
            keys = _key_rows(article.id, list(record.events), record.published or article.published,
                             bool(record.claims))
            if keys:
                c.executemany(_INSERT_KEYS, keys)
            if old_keys or record.events:
                # the linked layer is brought up to date by relink_changed (ingest calls it after each batch)
                c.execute("INSERT INTO link_pending (article_id, old_keys) VALUES (?, ?)",
                          (article.id, _dumps(old_keys)))
        return UPDATED if old is not None else STORED

    def delete(self, article_id: str) -> bool:
        """Remove an article and everything extracted from it; False if it was not stored.

        Its events are linked again without it by the next :meth:`relink_changed`."""
        with self._transaction() as c:
            old_keys = self._retire(c, article_id)
            cur = c.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            if cur.rowcount and old_keys:
                c.execute("INSERT INTO link_pending (article_id, old_keys) VALUES (?, ?)",
                          (article_id, _dumps(old_keys)))
        return cur.rowcount > 0

    def _retire(self, c: Any, article_id: str) -> list[list[str]]:
        """Before an article's rows go: take its events' full-text rows out while its text is still
        there to take them out by, and return its link keys (where its old component was)."""
        events = [r[0] for r in c.execute(
            "SELECT DISTINCT event_id FROM event_mentions WHERE article_id = ? AND event_id NOT IN "
            "(SELECT event_id FROM fts_stale)", (article_id,)).fetchall()]
        for ev in events:
            self._fts_remove(c, ev, self._fts_text(c, ev))
            c.execute("INSERT INTO fts_stale (event_id) VALUES (?)", (ev,))
        return [[r[0], r[1]] for r in c.execute(
            "SELECT key, role FROM link_keys WHERE article_id = ? ORDER BY key, role", (article_id,)).fetchall()]

    def _insert_article(
        self, c: sqlite3.Connection, article: Article, record: Record, content_hash: str, version: str
    ) -> None:
        published = record.published or article.published
        if article.published:
            published_from = article.published_from or "given"
        elif record.published:
            published_from = "text"
        else:
            published_from = None
        c.execute(
            "INSERT INTO articles (id, url, source, title, published, published_from, text, content_hash,"
            " path, ingested_at, is_labor, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.url,
                article.source,
                article.title,
                published,
                published_from,
                article.text,
                content_hash,
                article.path,
                _now(),
                int(bool(record.is_labor)),
                version,
            ),
        )

    def _insert_event(self, c: sqlite3.Connection, article_id: str, idx: int, ev: Event) -> None:
        loc = ev.location
        res = ev.result
        cur = c.execute(
            "INSERT INTO mentions (article_id, idx, type, status, start_date, end_date, location_city,"
            " location_state, location_country, participants, unit_size, result_approved, result_pct,"
            " demands, data, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                idx,
                ev.type,
                ev.status,
                ev.start_date,
                ev.end_date,
                loc.city if loc else None,
                loc.state if loc else None,
                loc.country if loc else None,
                ev.participants,
                ev.unit_size,
                None if res is None else int(bool(res.approved)),
                None if res is None else res.pct,
                _dumps(list(ev.demands)),
                _dumps(ev.to_dict()),
                as_confidence(ev.confidence),
            ),
        )
        event_id = cur.lastrowid
        c.executemany(
            "INSERT INTO mention_orgs (mention_id, role, name, aliases) VALUES (?, ?, ?, ?)",
            [(event_id, "union", o.name, _dumps(list(o.aliases))) for o in ev.unions]
            + [(event_id, "employer", o.name, _dumps(list(o.aliases))) for o in ev.employers],
        )
        c.executemany(
            'INSERT INTO mention_evidence (mention_id, text, start, "end") VALUES (?, ?, ?, ?)',
            [(event_id, e.text, e.start, e.end) for e in ev.evidence],
        )

    def _insert_claim(self, c: sqlite3.Connection, article_id: str, idx: int, cl: Claim) -> None:
        e = cl.evidence
        c.execute(
            'INSERT INTO claims (article_id, idx, party, kind, measure, value, years, evidence, start, "end",'
            " confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                idx,
                cl.party,
                cl.kind,
                cl.measure,
                float(cl.value),
                cl.years,
                e.text if e else None,
                e.start if e else None,
                e.end if e else None,
                as_confidence(cl.confidence),
            ),
        )

    # ---------- reading ----------

    def mentions(
        self,
        type: str | None = None,
        status: str | None = None,
        union: str | None = None,
        employer: str | None = None,
        state: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        article_id: str | None = None,
        min_confidence: float | None = None,
    ) -> list[dict[str, Any]]:
        """Mentions (each article's reports of events) matching every filter given, latest start date
        first (undated last).

        ``union``/``employer`` match a substring of a name or alias, ignoring case;
        ``state`` matches the state code or name, ignoring case; ``since``/``until``
        compare ``start_date`` as strings at the precision given (``until="2026"``
        includes ``2026-05-01``; an event dated only ``2026`` is kept by
        ``since="2026-03"``); events without a start date are left out by either.
        ``min_confidence`` keeps events whose confidence is at least that (events of
        unknown confidence are left out). Each dict is the mention's fields plus ``id``,
        ``idx``, ``article_id``, ``article_title``, ``url``, ``published`` and ``event_id``
        (the event it is linked into; None before linking). A
        ``since``/``until`` that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or a
        ``min_confidence`` that is not a number from 0 to 1, raises ValueError.
        """
        from strikewatch.store.queries import check_date, check_state

        for name, value in (("since", since), ("until", until)):
            check_date(name, value)
        check_state(state)
        min_confidence = check_min_confidence(min_confidence)
        where: list[str] = []
        args: list[Any] = []
        if min_confidence is not None:
            where.append("e.confidence >= ?")
            args.append(min_confidence)
        if type:
            where.append("e.type = ?")
            args.append(type)
        if status:
            where.append("e.status = ?")
            args.append(status)
        for role, value in (("union", union), ("employer", employer)):
            if value:
                where.append(
                    "EXISTS (SELECT 1 FROM mention_orgs o WHERE o.mention_id = e.id AND o.role = ?"
                    " AND (sw_icontains(o.name, ?) OR sw_icontains(o.aliases, ?)))"
                )
                args += [role, value, value]
        if state:
            forms = _state_forms(state)
            where.append("upper(e.location_state) IN (" + ", ".join("upper(?)" for _ in forms) + ")")
            args += forms
        if since:
            where.append(
                "e.start_date IS NOT NULL AND (e.start_date >= ? OR substr(?, 1, length(e.start_date)) = e.start_date)"
            )
            args += [since, since]
        if until:
            where.append("e.start_date IS NOT NULL AND substr(e.start_date, 1, length(?)) <= ?")
            args += [until, until]
        if article_id:
            where.append("e.article_id = ?")
            args.append(article_id)
        sql = (
            "SELECT e.id, e.idx, e.article_id, e.data, a.title, a.url, a.published, e.confidence, lm.event_id"
            " FROM mentions e JOIN articles a ON a.id = e.article_id"
            " LEFT JOIN event_mentions lm ON lm.article_id = e.article_id AND lm.idx = e.idx"
        )
        if where:
            sql += " WHERE " + " AND ".join(f"({w})" for w in where)
        sql += " ORDER BY e.start_date IS NULL, e.start_date DESC, a.published DESC, e.article_id, e.idx"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        return [self._mention_dict(r) for r in self._conn.execute(sql, args)]

    @staticmethod
    def _mention_dict(r: sqlite3.Row) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": r["id"],
            "article_id": r["article_id"],
            "idx": r["idx"],
        }
        d.update(json.loads(r["data"]))
        d["confidence"] = r["confidence"]
        d["event_id"] = r["event_id"]
        d["article_title"] = r["title"]
        d["url"] = r["url"]
        d["published"] = r["published"]
        return d

    def _claims(self, article_id: str) -> list[Claim]:
        out = []
        for r in self._conn.execute(
            'SELECT party, kind, measure, value, years, evidence, start, "end", confidence FROM claims'
            " WHERE article_id = ? ORDER BY idx",
            (article_id,),
        ):
            ev = None
            if r["evidence"] is not None:
                start = -1 if r["start"] is None else r["start"]
                end = -1 if r["end"] is None else r["end"]
                ev = Evidence(r["evidence"], start, end)
            out.append(Claim(r["party"], r["kind"], r["measure"], r["value"], r["years"], ev, r["confidence"]))
        return out

    def _article_dict(self, r: sqlite3.Row) -> dict[str, Any]:
        d = {k: r[k] for k in r.keys()}  # noqa: SIM118 (sqlite3.Row is not a mapping)
        d["is_labor"] = bool(d["is_labor"])
        d["events"] = self.mentions(article_id=d["id"])
        d["events"].sort(key=lambda e: e["idx"])
        d["claims"] = [c.to_dict() for c in self._claims(d["id"])]
        return d

    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article with its text, metadata, events (with evidence offsets) and claims."""
        r = self._conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if r is None else self._article_dict(r)

    def articles(self) -> Iterator[dict[str, Any]]:
        """Every article, as :meth:`article` gives it, in id order.

        Each dict holds the article's input fields and its record's fields, so
        ``Article.from_dict(d)`` and ``Record.from_dict(d)`` both read it.
        """
        ids = [r[0] for r in self._conn.execute("SELECT id FROM articles ORDER BY id")]
        for aid in ids:
            a = self.article(aid)
            if a is not None:
                yield a

    def record(self, article_id: str) -> Record:
        """The stored record of an article; KeyError when it is not stored."""
        r = self._conn.execute(
            "SELECT id, published, is_labor FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if r is None:
            raise KeyError(article_id)
        events = [
            Event.from_dict(json.loads(row["data"]))
            for row in self._conn.execute(
                "SELECT data FROM mentions WHERE article_id = ? ORDER BY idx", (article_id,)
            )
        ]
        return Record(
            id=r["id"],
            published=r["published"],
            is_labor=bool(r["is_labor"]),
            events=events,
            claims=self._claims(article_id),
        )

    # ---------- the linked layer ----------

    def relink(self) -> dict[str, int]:
        """Rebuild events across articles, disputes and organizations from every stored mention.

        One transaction; the result depends only on what is stored, never on the
        order articles arrived in. Returns how many of each were written.
        """
        from strikewatch.link import link

        top = self._pending_top()
        linked = link(self._labor_records())
        with self._transaction() as c:
            for table in ("event_mentions", "events", "disputes", "organizations"):
                c.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
            self._fts_clear(c)
            c.execute("DELETE FROM fts_stale")
            c.execute("DELETE FROM link_pending WHERE seq <= ?", (top,))
            self._write_linked(c, linked)
        return {"events": len(linked.events), "disputes": len(linked.disputes), "organizations": len(linked.orgs)}

    def relink_changed(self, max_share: float = 0.5) -> dict[str, int]:
        """Bring the linked layer up to date with the articles stored or removed since it was made.

        Only the mentions the changed articles can meet in linking are linked again (their
        connected part of the store, through the keys of :mod:`strikewatch.link.scope`), and
        only their events, disputes and organizations are replaced; the result is what
        :meth:`relink` would make. Where that part is more than ``max_share`` of a store
        of 100 mentions or more, or a stored mention is missing from the linked layer (a store written
        before schema 7), everything is linked again. Returns the totals stored (events,
        disputes, organizations) and ``mentions``: how many mentions were linked again
        (empty when nothing had changed).
        """
        from strikewatch.link import link_mentions

        if not self._conn.execute("SELECT 1 FROM link_pending LIMIT 1").fetchone():
            if self._missing_mentions():
                return {**self.relink(), "mentions": int(self._conn.execute(
                    "SELECT count(*) FROM mentions").fetchone()[0])}
            return {}
        self.link_note = "namesakes outside the part reached, eight rounds on"
        with self._transaction() as c:
            pending = c.execute("SELECT seq, article_id, old_keys FROM link_pending ORDER BY seq").fetchall()
            top = max(r[0] for r in pending)
            seeds: dict[str, set[tuple[str, str]]] = {}
            for r in pending:
                seeds.setdefault(r[1], set()).update((k, role) for k, role in json.loads(r[2]))
            # the size of the store, for the share rule: the highest mention row id (no count of every row)
            total = int(c.execute("SELECT coalesce(max(id), 0) FROM mentions").fetchone()[0])
            taken_in: set[tuple[str, int]] = set()
            full = True
            for _ in range(8):
                region = self._reach(c, seeds, taken_in)
                if total >= 100 and len(region) > max_share * total:
                    self.link_note = f"the part reached is {len(region)} of {total} mentions"
                    break
                mentions, claims = self._mention_refs(c, region)
                linked = link_mentions(mentions, claims)
                arts = sorted({a for a, _ in region} | set(seeds))
                held = _in(c, "SELECT event_id, article_id, idx FROM event_mentions WHERE article_id IN ({})",
                           arts, triples=True)
                old_events = sorted({e for e, a, i in held if (a, i) in region or a in seeds})
                # every mention of those events must be in the part linked again (else: link everything)
                members = _in(c, "SELECT event_id, article_id, idx FROM event_mentions WHERE event_id IN ({})",
                              old_events, triples=True)
                if any((a, i) not in region and a not in seeds for _, a, i in members):
                    self.link_note = "an old event holds mentions outside the part reached"
                    break
                old_disputes = set(_in(c, "SELECT DISTINCT dispute_id FROM events WHERE id IN ({})", old_events))
                old_disputes.discard(None)
                old_orgs: set[str] = set()
                for data in _in(c, "SELECT data FROM events WHERE id IN ({})", old_events):
                    d = json.loads(data)
                    old_orgs.update(d.get("union_ids") or [])
                    old_orgs.update(d.get("employer_ids") or [])
                clash = self._collides(c, linked, set(old_events), old_disputes, old_orgs)
                if clash is None:
                    full, self.link_note = False, ""
                    break
                if not clash:
                    self.link_note = "an old dispute holds events outside the part reached"
                    break
                # namesakes outside the part: their numbers depend on each other, so they are linked
                # again with it (with everything they reach)
                events = _in(c, "SELECT id FROM events WHERE dispute_id IN ({})",
                             sorted(i for t, i in clash if t == "disputes"))
                for _, org in sorted(x for x in clash if x[0] == "organizations"):
                    # the events that name it (its id is in their union_ids or employer_ids)
                    events += [r[0] for r in c.execute("SELECT id FROM events WHERE data LIKE ?",
                                                       (f'%"{org}"%',)).fetchall()]
                taken_in |= {(a, i) for _, a, i in _in(
                    c, "SELECT event_id, article_id, idx FROM event_mentions WHERE event_id IN ({})", events,
                    triples=True)}
            if not full:
                gone = set(_in(c, "SELECT event_id FROM fts_stale WHERE event_id IN ({})", old_events))
                for ev in old_events:
                    if ev not in gone:
                        self._fts_remove(c, ev, self._fts_text(c, ev))
                for sql in ("DELETE FROM fts_stale WHERE event_id IN ({})",
                            "DELETE FROM event_mentions WHERE event_id IN ({})",
                            "DELETE FROM events WHERE id IN ({})"):
                    _in(c, sql, old_events, fetch=False)
                _in(c, "DELETE FROM disputes WHERE id IN ({})", sorted(old_disputes), fetch=False)
                _in(c, "DELETE FROM organizations WHERE id IN ({})", sorted(old_orgs), fetch=False)
                self._write_linked(c, linked)
                c.execute("DELETE FROM link_pending WHERE seq <= ?", (top,))
        if full:
            return {**self.relink(), "mentions": total}
        return {**self._linked_totals(), "mentions": len(region)}

    def _mention_refs(self, c: Any, region: set[tuple[str, int]]) -> tuple[list[Any], list[Any]]:
        """The mentions of ``region`` as the linker takes them, and the claims of articles wholly in it."""
        from strikewatch.link import ArticleClaims
        from strikewatch.link.events import MentionRef

        arts = sorted({a for a, _ in region})
        info = {r["id"]: r for r in _in(c, "SELECT id, url, source, published FROM articles WHERE id IN ({})",
                                         arts, rows=True)}
        mentions, count = [], Counter()
        for r in _in(c, "SELECT article_id, idx, data FROM mentions WHERE article_id IN ({})", arts, rows=True):
            count[r["article_id"]] += 1
            if (r["article_id"], r["idx"]) in region:
                a = info[r["article_id"]]
                mentions.append(MentionRef(article_id=a["id"], published=a["published"], idx=r["idx"],
                                           event=Event.from_dict(json.loads(r["data"])), source=a["source"],
                                           url=a["url"]))
        mentions.sort(key=lambda m: m.key)
        inside = Counter(m.article_id for m in mentions)
        claims = []
        for aid in arts:
            if inside[aid] == count[aid]:
                cl = self._claims(aid)
                if cl:
                    claims.append(ArticleClaims(aid, info[aid]["published"], info[aid]["source"], cl))
        return mentions, claims

    def _write_linked(self, c: Any, linked: Any) -> None:
        """Insert the rows of a linked layer (all of it, or one connected part of it)."""

        def text_of(article_id: str) -> str:
            r = c.execute("SELECT coalesce(title, ''), text FROM articles WHERE id = ?", (article_id,)).fetchone()
            return f"{r[0]}\n{r[1]}" if r else ""

        c.execute("UPDATE link_state SET value = value + 1 WHERE name = 'written'")
        written = int(c.execute("SELECT value FROM link_state WHERE name = 'written'").fetchone()[0])
        arts = sorted({a for ev in linked.events for a in ev.articles()})
        seen = dict(_in(c, "SELECT id, ingested_at FROM articles WHERE id IN ({})", arts, pairs=True))
        # disputes first: an event's dispute_id is a foreign key
        for dp in linked.disputes:
            d = dp.to_dict()
            d["timeline"] = dp.timeline()
            c.execute(
                "INSERT INTO disputes (id, title, stage, watch, first_date, last_date, n_events, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (dp.id, dp.title(), dp.stage, int(dp.watch), dp.first_date, dp.last_date, len(dp.events),
                 _dumps(d)),
            )
        for ev in linked.events:
            d = ev.to_dict()
            employers = [o.name for o in ev.employers]
            d["industry"] = industry(employers)
            c.execute(
                "INSERT INTO events (id, dispute_id, type, status, start_date, end_date, location_city,"
                " location_state, industry, unions, employers, participants, n_mentions, first_seen, data"
                ", confidence, written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ev.id, ev.dispute_id, ev.type, ev.status, ev.start_date, ev.end_date,
                 ev.location.city if ev.location else None, ev.location.state if ev.location else None,
                 d["industry"], _org_text(ev.unions), _org_text(ev.employers), ev.participants,
                 len(ev.mentions), min((seen.get(m.article_id) or "") for m in ev.mentions) or None,
                 _dumps(d), as_confidence(ev.confidence), written),
            )
            for m in ev.mentions:
                c.execute("INSERT INTO event_mentions (event_id, article_id, idx) VALUES (?, ?, ?)",
                          (ev.id, m.article_id, m.idx))
            # the words of every article that reports the event, searchable by event
            self._fts_add(c, ev.id, "\n".join(text_of(a) for a in ev.articles()))
        for o in linked.orgs:
            c.execute("INSERT INTO organizations (id, kind, name, data) VALUES (?, ?, ?, ?)",
                      (o.id, o.kind, o.name, _dumps(o.to_dict())))

    def _reach(self, c: Any, seeds: dict[str, set[tuple[str, str]]],
               nodes: set[tuple[str, int]] | None = None) -> set[tuple[str, int]]:
        """The stored mentions (article id, position) that the ``seeds`` (article id -> the keys it had)
        and the mentions ``nodes`` can meet in linking, directly or through others (see
        :mod:`strikewatch.link.scope`): every mention of the seeds, and what their keys, old and new,
        reach."""
        from strikewatch.link.scope import MEETS

        def rows_of(arts: list[str]) -> list[tuple[str, int, str, str]]:
            return [tuple(r) for r in _in(c, "SELECT article_id, idx, key, role FROM link_keys "
                                              "WHERE article_id IN ({})", arts, rows=True)]

        region: set[tuple[str, int]] = set()
        done: set[tuple[str, str]] = set()
        start = rows_of(sorted(set(seeds) | {a for a, _ in nodes or ()}))
        start = [r for r in start if r[0] in seeds or (r[0], r[1]) in (nodes or ())]
        # every mention of the seeds, and every node, even one with no keys at all
        frontier = set(nodes or ()) | {(r[0], r[1]) for r in _in(
            c, "SELECT article_id, idx FROM mentions WHERE article_id IN ({})", sorted(seeds), pairs=True)}
        keys = {(k, r) for _, _, k, r in start} | {k for ks in seeds.values() for k in ks}
        region |= frontier
        while keys:
            keys -= done
            done |= keys
            # the (key, role) pairs that meet what is held: only those rows are read (a key many
            # mentions offer, "c:strike|chicago", is read only where a mention probes it)
            by_role: dict[str, set[str]] = {}
            for k, r in keys:
                for r2 in MEETS[r]:
                    by_role.setdefault(r2, set()).add(k)
            found: set[tuple[str, int]] = set()
            for role in sorted(by_role):
                for r in _in(c, "SELECT article_id, idx FROM link_keys WHERE role = ? AND key IN ({})",
                             sorted(by_role[role]), pairs=True, head=(role,)):
                    if r not in region:
                        found.add(r)
            keys = set()
            if found:
                arts = sorted({a for a, _ in found})
                keys = {(k, role) for a, i, k, role in rows_of(arts) if (a, i) in found}
            region |= found
        return region

    def _collides(self, c: Any, linked: Any, old_events: set[str], old_disputes: set[str],
                  old_orgs: set[str]) -> set[tuple[str, str]] | None:
        """Whether the part linked again would be given other ids by a full relink.

        None when it would not; else the disputes and organizations outside the part with the
        readable id of one of its own, as (table, id) (the numbers that tell namesakes apart
        depend on all of them: they are linked again with it), or an empty set where the part
        cannot be linked alone (an old dispute holding events outside it).
        """
        outside = _in(c, "SELECT id FROM events WHERE dispute_id IN ({})", sorted(old_disputes))
        if set(outside) - old_events:
            return set()
        clash: set[tuple[str, str]] = set()
        checks = [("disputes", d.id_base, old_disputes) for d in linked.disputes]
        checks += [("organizations", o.id_base, old_orgs) for o in linked.orgs]
        for table, base, mine in checks:
            # the id itself, or it and "-" and more: a range of the primary key ("." follows "-")
            rows = c.execute(f"SELECT id FROM {table} WHERE id = ? OR (id >= ? AND id < ?)",  # noqa: S608
                             (base, base + "-", base + ".")).fetchall()
            hits = {r[0] for r in rows if r[0] not in mine and re.fullmatch(re.escape(base) + r"(-\d+)?", r[0])}
            clash |= {("organizations", h) for h in hits} if table == "organizations" else \
                {("disputes", h) for h in hits}
        return clash or None

    def _pending_top(self) -> int:
        row = self._conn.execute("SELECT max(seq) FROM link_pending").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _linked_totals(self) -> dict[str, int]:
        return {t: int(self._conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # noqa: S608
                for t in ("events", "disputes", "organizations")}

    def _fts_text(self, c: Any, event_id: str) -> str:
        """The text an event's full-text row was made from: every article that reports it, in id order."""
        rows = c.execute(
            "SELECT coalesce(a.title, ''), a.text FROM articles a WHERE a.id IN "
            "(SELECT DISTINCT article_id FROM event_mentions WHERE event_id = ?) ORDER BY a.id", (event_id,)
        ).fetchall()
        return "\n".join(f"{r[0]}\n{r[1]}" for r in rows)

    def _fts_remove(self, c: Any, event_id: str, text: str) -> None:
        """Take an event's row out of the full-text index (a contentless index needs the text it had)."""
        c.execute("INSERT INTO events_fts (events_fts, rowid, text) SELECT 'delete', rowid, ? FROM events "
                  "WHERE id = ?", (text, event_id))

    def needs_relink(self) -> bool:
        """True when the linked layer is behind the stored mentions (articles stored since it was made,
        or a run stopped before linking)."""
        return bool(self._conn.execute("SELECT 1 FROM link_pending LIMIT 1").fetchone()) or self._missing_mentions()

    def _missing_mentions(self) -> bool:
        """True when a stored mention is missing from the linked layer."""
        row = self._conn.execute(
            "SELECT 1 FROM mentions e WHERE NOT EXISTS (SELECT 1 FROM event_mentions lm "
            "WHERE lm.article_id = e.article_id AND lm.idx = e.idx) LIMIT 1"
        ).fetchone()
        return row is not None

    def _fts_clear(self, c: Any) -> None:
        c.execute("INSERT INTO events_fts (events_fts) VALUES ('delete-all')")

    def _fts_add(self, c: Any, event_id: str, text: str) -> None:
        """Index, for one linked event, the words of every article that reports it."""
        c.execute("INSERT INTO events_fts (rowid, text) SELECT rowid, ? FROM events WHERE id = ?",
                  (text, event_id))

    def _labor_records(self, ids: list[str] | None = None) -> Iterator[tuple[Article, Record]]:
        """(article without its text, record) for every stored article that has events (or those of
        ``ids``), in id order."""
        sql = ("SELECT id, url, source, title, published FROM articles a "
               "WHERE EXISTS (SELECT 1 FROM mentions e WHERE e.article_id = a.id)")
        if ids is None:
            rows = self._conn.execute(sql + " ORDER BY id").fetchall()
        else:
            rows = sorted(_in(self._conn, sql + " AND id IN ({})", ids, rows=True), key=lambda r: r["id"])
        for r in rows:
            events = [Event.from_dict(json.loads(x[0])) for x in self._conn.execute(
                "SELECT data FROM mentions WHERE article_id = ? ORDER BY idx", (r["id"],))]
            art = Article(id=r["id"], text="", url=r["url"], source=r["source"], title=r["title"],
                          published=r["published"])
            yield art, Record(id=r["id"], published=r["published"], is_labor=True, events=events,
                              claims=self._claims(r["id"]))

    def events(
        self,
        dispute: str | None = None,
        type: str | None = None,
        min_confidence: float | None = None,
        *,
        status: str | None = None,
        union: str | None = None,
        employer: str | None = None,
        state: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        latest_first: bool = False,
    ) -> list[dict[str, Any]]:
        """Events, each linked across the articles that report it (the spec's linked output).

        In date order (undated last), or ``latest_first`` (undated last too). Filters
        combine with AND and mean what they mean on the web page and the API
        (:class:`~strikewatch.store.queries.EventFilters`): ``union``/``employer`` a part
        of a name or alias, ``state`` a code or name ("CA", "California"),
        ``since``/``until`` YYYY, YYYY-MM or YYYY-MM-DD. ``min_confidence`` keeps events
        whose confidence (the highest of their mentions') is at least that; events of
        unknown confidence are left out. A bad filter raises ValueError.
        """
        from strikewatch.store import queries as Q

        min_confidence = check_min_confidence(min_confidence)
        f = Q.EventFilters(type=type, status=status, since=since, until=until, union=union, employer=employer,
                           state=state, dispute=dispute, min_confidence=min_confidence)
        f.check()
        where, args = Q._where(f, self.dialect)
        order = ("start_date IS NULL, start_date DESC, id DESC" if latest_first
                 else "coalesce(start_date, '9999'), id")
        sql = f"SELECT data FROM events{where} ORDER BY {order}"  # noqa: S608 (fixed SQL, bound values)
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        return [json.loads(r[0]) for r in self._conn.execute(sql, args)]

    def disputes(
        self,
        stage: str | None = None,
        watch: bool | None = None,
        union: str | None = None,
        employer: str | None = None,
        since: str | None = None,
    ) -> list[dict[str, Any]]:
        """Disputes with their parties, stage and dates; filters combine with AND.

        ``stage`` is what the latest event says ("impasse", "on strike"); ``watch`` keeps
        the disputes flagged to watch (or, False, the others); ``since`` is a date
        (YYYY, YYYY-MM or YYYY-MM-DD: ValueError otherwise) the latest event is on or after.
        """
        from strikewatch.store.queries import check_date

        check_date("since", since)
        sql = "SELECT data FROM disputes WHERE 1=1"
        args: list[Any] = []
        if stage:
            sql += " AND stage = ?"
            args.append(stage)
        if watch is not None:
            sql += " AND watch = ?"
            args.append(int(watch))
        if since:
            sql += " AND coalesce(last_date, first_date, '') >= ?"
            args.append(since)
        sql += " ORDER BY coalesce(last_date, first_date, '') DESC, id"
        out = []
        for r in self._conn.execute(sql, args):
            d = json.loads(r[0])
            if union and not _names_match(d["unions"], union):
                continue
            if employer and not _names_match(d["employers"], employer):
                continue
            out.append(d)
        return out

    def matching_ids(self, table: str, ref: str, limit: int = 10) -> list[str]:
        """The ids of ``table`` ("events", "disputes" or "articles") that ``ref`` names: itself when it is
        one, else those it is a prefix of (at most ``limit`` + 1, so that more than ``limit`` shows)."""
        if table not in ("events", "disputes", "articles"):
            raise ValueError(f"no ids to match in {table!r}")
        if self._conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ref,)).fetchone():  # noqa: S608
            return [ref]
        return [r[0] for r in self._conn.execute(
            f"SELECT id FROM {table} WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT ?",  # noqa: S608 (fixed names)
            (len(ref), ref, limit + 1))]

    def event(self, ref: str) -> dict[str, Any] | None:
        """One event by id or unique id prefix (the spec's linked output); None when not found or ambiguous."""
        ids = self.matching_ids("events", ref, 1)
        if len(ids) != 1:
            return None
        r = self._conn.execute("SELECT data FROM events WHERE id = ?", (ids[0],)).fetchone()
        return dict(json.loads(r[0]))

    def dispute(self, ref: str) -> dict[str, Any] | None:
        """One dispute by id or unique id prefix, with its timeline; None when not found or ambiguous."""
        r = self._conn.execute("SELECT data FROM disputes WHERE id = ?", (ref,)).fetchone()
        if r is None:
            rows = self._conn.execute(
                "SELECT data FROM disputes WHERE substr(id, 1, ?) = ?", (len(ref), ref)
            ).fetchall()
            if len(rows) != 1:
                return None
            r = rows[0]
        return dict(json.loads(r[0]))

    def counts(self) -> dict[str, Any]:
        """How many articles (all and labor), mentions, events, disputes, claims; events by type and status."""
        one = self._conn.execute
        return {
            "articles": one("SELECT count(*) FROM articles").fetchone()[0],
            "labor_articles": one("SELECT count(*) FROM articles WHERE is_labor = 1").fetchone()[0],
            "mentions": one("SELECT count(*) FROM mentions").fetchone()[0],
            "events": one("SELECT count(*) FROM events").fetchone()[0],
            "disputes": one("SELECT count(*) FROM disputes").fetchone()[0],
            "claims": one("SELECT count(*) FROM claims").fetchone()[0],
            "mention_orgs": one("SELECT count(*) FROM mention_orgs").fetchone()[0],
            "mention_evidence": one("SELECT count(*) FROM mention_evidence").fetchone()[0],
            "events_by_type": dict(
                one("SELECT type, count(*) FROM events GROUP BY type ORDER BY type").fetchall()
            ),
            "events_by_status": dict(
                one("SELECT status, count(*) FROM events GROUP BY status ORDER BY status").fetchall()
            ),
        }


def _org_text(orgs: list[Any]) -> str:
    """Every name and alias of some organizations, one searchable string ("name | alias | ...")."""
    return " | ".join(f for o in orgs for f in o.forms())


def _names_match(orgs: list[dict[str, Any]], needle: str) -> bool:
    return any(_icontains(f, needle) for o in orgs for f in [o.get("name"), *(o.get("aliases") or [])])


def _default_version() -> str:
    return extractor_version()


def open_store(path: str | Path, create: bool = True) -> Store:
    """Open (and create or upgrade) the store at ``path``; ``":memory:"`` for a throwaway one.

    ``postgresql://user@host/dbname`` opens a store on a PostgreSQL server instead
    (:mod:`strikewatch.store.postgres`). With ``create=False`` a missing SQLite file
    raises :class:`StoreError` instead.
    """
    if str(path).lower().startswith(("postgresql://", "postgres://")):
        from strikewatch.store.postgres import PgStore

        return PgStore.open(str(path), create=create)
    return Store.open(path, create=create)
