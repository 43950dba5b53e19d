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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from strikewatch.export_linked import industry
from strikewatch.model import Article, Claim, Event, Evidence, Record

SCHEMA_VERSION = 6

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

#: schema scripts by the version they upgrade to; version 0 is an empty file
_MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4, 5: _SCHEMA_V5,
                               6: _SCHEMA_V6}

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


#: what each upgrade runs after its script, in the same transaction
_FILLS: dict[int, Any] = {4: _fill_confidence}


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
            if old is not None:
                c.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            self._insert_article(c, article, record, h, ver)
            for i, ev in enumerate(record.events):
                self._insert_event(c, article.id, i, ev)
            for i, cl in enumerate(record.claims):
                self._insert_claim(c, article.id, i, cl)
        return UPDATED if old is not None else STORED

    def delete(self, article_id: str) -> bool:
        """Remove an article and everything extracted from it; False if it was not stored."""
        with self._transaction() as c:
            cur = c.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return cur.rowcount > 0

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

        linked = link(self._labor_records())
        with self._transaction() as c:
            for table in ("event_mentions", "events", "disputes", "organizations"):
                c.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
            self._fts_clear(c)

            def text_of(article_id: str) -> str:
                r = c.execute("SELECT coalesce(title, ''), text FROM articles WHERE id = ?", (article_id,)).fetchone()
                return f"{r[0]}\n{r[1]}" if r else ""

            seen = dict(c.execute("SELECT id, ingested_at FROM articles WHERE is_labor = 1").fetchall())
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
                    ", confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (ev.id, ev.dispute_id, ev.type, ev.status, ev.start_date, ev.end_date,
                     ev.location.city if ev.location else None, ev.location.state if ev.location else None,
                     d["industry"], _org_text(ev.unions), _org_text(ev.employers), ev.participants,
                     len(ev.mentions), min((seen.get(m.article_id) or "") for m in ev.mentions) or None,
                     _dumps(d), as_confidence(ev.confidence)),
                )
                for m in ev.mentions:
                    c.execute("INSERT INTO event_mentions (event_id, article_id, idx) VALUES (?, ?, ?)",
                              (ev.id, m.article_id, m.idx))
                # the words of every article that reports the event, searchable by event
                self._fts_add(c, ev.id, "\n".join(text_of(a) for a in ev.articles()))
            for o in linked.orgs:
                c.execute("INSERT INTO organizations (id, kind, name, data) VALUES (?, ?, ?, ?)",
                          (o.id, o.kind, o.name, _dumps(o.to_dict())))
        return {"events": len(linked.events), "disputes": len(linked.disputes), "organizations": len(linked.orgs)}

    def needs_relink(self) -> bool:
        """True when a stored mention is missing from the linked layer (a run stopped before relinking)."""
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

    def _labor_records(self) -> Iterator[tuple[Article, Record]]:
        """(article without its text, record) for every stored article that has events, in id order."""
        rows = self._conn.execute(
            "SELECT id, url, source, title, published FROM articles a "
            "WHERE EXISTS (SELECT 1 FROM mentions e WHERE e.article_id = a.id) ORDER BY id"
        ).fetchall()
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
