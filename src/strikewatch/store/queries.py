"""Read-only queries over events: filters, sorting, pagination, aggregates (CLI, pages and API).

Every value from a request reaches SQLite as a bound parameter; the only words put
into SQL text are column names and directions taken from fixed tables here
(:data:`SORTS`), never from the request. Full-text search goes through
:func:`fts_query`, which turns any input into quoted FTS5 terms, so FTS syntax in a
search box is searched for, not executed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from dataclasses import asdict, dataclass, fields, replace
from typing import Any
from urllib.parse import urlencode

from strikewatch.model import EVENT_TYPES, STATUSES

#: sortable columns: the name in a URL -> the SQL to order by, with "{d}" for ASC or DESC.
#: Each leads with an indexed column so a page is read in order, not sorted whole
#: (unknown dates sort as the smallest: last when newest come first).
SORTS = {
    "start_date": "start_date {d}, id {d}",
    "type": "type {d}, start_date DESC, id DESC",
    "status": "status {d}, start_date DESC, id DESC",
    "state": "location_state {d}, start_date DESC, id DESC",
    "sources": "n_mentions {d}, start_date DESC, id DESC",
    "seen": "first_seen {d}, id {d}",
    "confidence": "confidence {d}, start_date DESC, id DESC",
}
PER_PAGE_MAX = 500
PAGE_MAX = 100_000
DATE_RX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ADDED_RX = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
COLUMNS = ("id", "dispute_id", "type", "status", "start_date", "end_date", "location_city", "location_state",
           "industry", "unions", "employers", "participants", "n_mentions", "first_seen", "confidence")


MIN_CONFIDENCE_MESSAGE = "min_confidence must be a number from 0 to 1"


class BadFilter(ValueError):
    """A filter value that cannot be used (an unknown type, a malformed date, ...)."""


@dataclass(frozen=True)
class EventFilters:
    """What a user can filter events by; every field is a URL query parameter of the same name."""

    type: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    union: str | None = None
    employer: str | None = None
    state: str | None = None
    industry: str | None = None
    q: str | None = None
    dispute: str | None = None
    #: the event's city as stored ("Toledo"), any case
    city: str | None = None
    #: keep events whose confidence (the highest of their mentions') is at least this; unknown ones are
    #: left out
    min_confidence: float | None = None
    #: keep events first reported (stored) at or after this moment: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]
    #: (UTC), the "new since" view
    added_since: str | None = None
    sort: str = "start_date"
    order: str = "desc"
    page: int = 1
    per_page: int = 50

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> EventFilters:
        """Filters from query parameters; empty values are no filter. Raises :class:`BadFilter`."""
        names = {f.name for f in fields(cls)}
        clean: dict[str, Any] = {}
        for k, v in params.items():
            if k not in names or v is None or str(v).strip() == "":
                continue
            clean[k] = str(v).strip()
        for k in ("page", "per_page"):
            if k in clean:
                try:
                    clean[k] = int(clean[k])
                except ValueError:
                    raise BadFilter(f"{k} must be a whole number") from None
        if "min_confidence" in clean:
            try:
                clean["min_confidence"] = float(clean["min_confidence"])
            except ValueError:
                raise BadFilter(MIN_CONFIDENCE_MESSAGE) from None
        f = cls(**clean)
        f.check()
        return f

    def check(self) -> None:
        if self.type and self.type not in EVENT_TYPES:
            raise BadFilter(f"type must be one of {', '.join(EVENT_TYPES)}")
        if self.status and self.status not in STATUSES:
            raise BadFilter(f"status must be one of {', '.join(STATUSES)}")
        for name in ("since", "until"):
            check_date(name, getattr(self, name))
        if self.state:
            check_state(self.state)
        if self.added_since and not ADDED_RX.match(self.added_since):
            raise BadFilter(f"added_since must be YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC), not {self.added_since!r}")
        if self.added_since:
            check_date("added_since", self.added_since[:10])
        mc = self.min_confidence
        if mc is not None and (isinstance(mc, bool) or not isinstance(mc, int | float)
                               or not math.isfinite(mc) or not 0 <= mc <= 1):
            raise BadFilter(MIN_CONFIDENCE_MESSAGE)
        if self.sort not in SORTS:
            raise BadFilter(f"sort must be one of {', '.join(SORTS)}")
        if self.order not in ("asc", "desc"):
            raise BadFilter("order must be asc or desc")
        if not 1 <= self.page <= PAGE_MAX or not 1 <= self.per_page <= PER_PAGE_MAX:
            raise BadFilter(f"page must be 1 to {PAGE_MAX} and per_page 1 to {PER_PAGE_MAX}")

    def params(self, **changes: Any) -> dict[str, Any]:
        """The non-default fields (after ``changes``) as query parameters."""
        f = replace(self, **changes)
        default = EventFilters()
        return {k: v for k, v in asdict(f).items() if v is not None and v != getattr(default, k)}

    def query(self, **changes: Any) -> str:
        """The URL query string of these filters (after ``changes``), for shareable links."""
        return urlencode(self.params(**changes))

    def active(self) -> bool:
        return any(getattr(self, k) for k in ("type", "status", "since", "until", "union", "employer", "state",
                                               "industry", "q", "dispute", "city", "added_since")) or \
            self.min_confidence is not None


def check_date(name: str, value: str | None) -> None:
    """A ``since``/``until`` filter is YYYY, YYYY-MM or YYYY-MM-DD and a real date; else :class:`BadFilter`."""
    if not value:
        return
    ok = bool(DATE_RX.match(value))
    if ok:
        parts = [int(p) for p in value.split("-")]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            ok = False
    if not ok:
        raise BadFilter(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")


def check_state(value: str | None) -> None:
    """A ``state`` filter names a US state (code or name) or a region abroad; else :class:`BadFilter`."""
    from strikewatch.extract.places import state_of

    if value and state_of(value) is None:
        raise BadFilter(f"state must be a US state (CA or California) or a region abroad (Ontario, Scotland), "
                        f"not {value!r}")


def state_forms(state: str) -> list[str]:
    """The stored forms a state filter matches: "ca", "CA" and "California" all find "CA" and "California"."""
    from strikewatch.extract.places import state_of

    forms = [state, state.upper(), state.title()]
    norm = state_of(state)
    if norm:
        forms.append(norm)
    try:
        import us  # type: ignore[import-untyped]

        st = us.states.lookup(state)
    except Exception:  # the package is optional for this: without it, the text as given
        st = None
    if st is not None:
        forms += [st.abbr, st.name]
    return list(dict.fromkeys(forms))


def fts_query(text: str) -> str | None:
    """An FTS5 query that matches every word of ``text`` (each quoted: no FTS syntax passes)."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return " ".join('"' + w.replace('"', "") + '"' for w in words[:20])


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


#: an FTS match of at least this many events is "broad": a page of it is read in the order of the sort's
#: index, checking each event against the matches, instead of fetching every match and sorting them all
FTS_BROAD = 5000


def fts_count(conn: sqlite3.Connection, f: EventFilters) -> int | None:
    """How many events the full-text part of ``f`` matches (SQLite; None without one or elsewhere).

    Cheap (the FTS index counts its own doclist); each FTS row is one event (its rowid), so
    with no other filter this is the total.
    """
    if not f.q or getattr(conn, "dialect", "sqlite") != "sqlite":
        return None
    match = fts_query(f.q)
    if match is None:
        return 0
    return int(conn.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", (match,)).fetchone()[0])


def _where(f: EventFilters, dialect: str = "sqlite", fts_broad: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause of ``f`` and its bound values. ``fts_broad``: the full-text match is broad
    (:data:`FTS_BROAD`): test it per row (``+rowid``) so that an index can give the order."""
    sql: list[str] = []
    args: list[Any] = []
    for col in ("type", "status", "industry"):
        v = getattr(f, col)
        if v:
            sql.append(f"{col} = ?")
            args.append(v)
    if f.state:
        forms = state_forms(f.state)
        sql.append("location_state IN (" + ", ".join("?" for _ in forms) + ")")
        args += forms
    if f.dispute:
        sql.append("dispute_id = ?")
        args.append(f.dispute)
    if f.city:
        sql.append("lower(location_city) = lower(?)")
        args.append(f.city)
    if f.added_since:
        sql.append("first_seen >= ?")
        args.append(f.added_since)
    if f.min_confidence is not None:
        sql.append("confidence >= ?")  # NULL (unknown) is never >=: left out
        args.append(float(f.min_confidence))
    if f.since:
        sql.append("start_date >= ?")
        args.append(f.since)
    if f.until:
        sql.append("start_date <= ?")
        args.append(f.until + "~")  # "2024-06" includes every day of June
    like = "ILIKE" if dialect == "postgresql" else "LIKE"  # SQLite's LIKE ignores ASCII case already
    for col in ("union", "employer"):
        v = getattr(f, col)
        if v:
            sql.append(f"{col}s {like} ? ESCAPE '\\'")
            args.append(_like(v))
    if f.q:
        match = fts_query(f.q)
        if match is None:
            sql.append("1 = 0")
        else:
            # events_fts indexes, per event, the text of every article that reports it
            if dialect == "postgresql":
                sql.append("rowid IN (SELECT rowid FROM events_fts WHERE tsv @@ plainto_tsquery('english', ?))")
                args.append(" ".join(re.findall(r"\w+", f.q)))
            else:
                # a unary + keeps SQLite from looking every match up by rowid (and sorting them
                # all) when most events match: it scans the sort's index and tests membership
                plus = "+" if fts_broad else ""
                sql.append(f"{plus}rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
                args.append(match)
    return (" WHERE " + " AND ".join(sql)) if sql else "", args


def _select(conn: sqlite3.Connection, f: EventFilters, what: str, paginate: bool) -> tuple[list[Any], int]:
    n_fts = fts_count(conn, f)
    where, args = _where(f, getattr(conn, "dialect", "sqlite"), fts_broad=n_fts is not None and n_fts >= FTS_BROAD)
    if n_fts is not None and _only_q(f):
        total = n_fts  # the search is the only filter: the FTS index has counted it
    else:
        total = conn.execute(f"SELECT count(*) FROM events{where}", args).fetchone()[0]
    order = SORTS[f.sort].format(d="DESC" if f.order == "desc" else "ASC")
    sql = f"SELECT {what} FROM events{where} ORDER BY {order}"
    if paginate:
        sql += " LIMIT ? OFFSET ?"
        args = [*args, f.per_page, (f.page - 1) * f.per_page]
    return conn.execute(sql, args).fetchall(), int(total)


def _only_q(f: EventFilters) -> bool:
    """True when the full-text search is the only filter of ``f``."""
    return not replace(f, q=None).active()


def list_events(conn: sqlite3.Connection, f: EventFilters, paginate: bool = True) -> tuple[list[dict[str, Any]], int]:
    """(rows of one page, total number matching) for the filters; rows are flat dicts."""
    rows, total = _select(conn, f, ", ".join(COLUMNS), paginate)
    return [dict(zip(COLUMNS, r, strict=True)) for r in rows], total


def full_events(conn: sqlite3.Connection, f: EventFilters, paginate: bool = True) -> tuple[list[dict[str, Any]], int]:
    """Like :func:`list_events`, with each event's full linked record (the spec's linked output)."""
    rows, total = _select(conn, f, "data", paginate)
    return [json.loads(r[0]) for r in rows], total


def event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    r = conn.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
    return None if r is None else dict(json.loads(r[0]))


def events_by_month(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """{type: {YYYY-MM: count}} over events whose start month is known."""
    out: dict[str, dict[str, int]] = {}
    for month, etype, n in conn.execute(
        "SELECT substr(start_date, 1, 7) AS m, type, count(*) FROM events "
        "WHERE length(start_date) >= 7 GROUP BY m, type ORDER BY m"
    ):
        out.setdefault(etype, {})[month] = n
    return out


def events_by_state(conn: sqlite3.Connection) -> dict[str, int]:
    return {s: n for s, n in conn.execute(
        "SELECT location_state, count(*) FROM events WHERE location_state IS NOT NULL "
        "GROUP BY location_state") if s}


def industries(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT industry FROM events WHERE industry IS NOT NULL ORDER BY industry")]


def mention_events(conn: sqlite3.Connection, article_id: str) -> dict[int, str]:
    """The linked event of each of an article's mentions: {mention index: event id}."""
    return {idx: eid for idx, eid in conn.execute(
        "SELECT idx, event_id FROM event_mentions WHERE article_id = ?", (article_id,))}


def organizations(conn: sqlite3.Connection, kind: str | None = None, q: str | None = None,
                  page: int = 1, per_page: int = 100) -> tuple[list[dict[str, Any]], int]:
    sql = " FROM organizations WHERE 1=1"
    args: list[Any] = []
    if kind:
        sql += " AND kind = ?"
        args.append(kind)
    if q:
        like = "ILIKE" if getattr(conn, "dialect", "sqlite") == "postgresql" else "LIKE"
        sql += f" AND data {like} ? ESCAPE '\\'"
        args.append(_like(q))
    total = conn.execute("SELECT count(*)" + sql, args).fetchone()[0]
    rows = [json.loads(r[0]) for r in conn.execute(
        "SELECT data" + sql + " ORDER BY kind, name LIMIT ? OFFSET ?", [*args, per_page, (page - 1) * per_page])]
    return rows, int(total)


def article_meta(conn: sqlite3.Connection, ids: Any) -> dict[str, dict[str, Any]]:
    """{article id: {"id", "title", "source", "published", "url"}} for the ids given (those stored),
    to name a source by its outlet and headline rather than by its id."""
    wanted = list(dict.fromkeys(i for i in ids if i))
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for r in conn.execute(f"SELECT id, title, source, published, url FROM articles WHERE id IN ({marks})",
                              chunk):
            out[r[0]] = {"id": r[0], "title": r[1], "source": r[2], "published": r[3], "url": r[4]}
    return out


def events_by_city(conn: sqlite3.Connection) -> list[tuple[str, str | None, int]]:
    """[(city, state or region, number of events)] over events whose city is known, most events first."""
    return [(city, state, int(n)) for city, state, n in conn.execute(
        "SELECT location_city, location_state, count(*) AS n FROM events WHERE location_city IS NOT NULL "
        "GROUP BY location_city, location_state ORDER BY n DESC, location_city") if city]
