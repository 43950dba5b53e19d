"""Writing the linked layer: events across articles, disputes, and the Labor Action Tracker's columns.

* ``events`` as JSON lines is exactly the spec's linked output (one event a line,
  with its mentions); as CSV or Parquet one row an event, with typed columns:
  ``start_date``/``end_date`` are dates (a month or a year is written as its first
  day, and ``start_precision`` says "day", "month" or "year"), counts are integers.
* ``disputes``: one row a dispute (parties, stage, dates, counts, claims as JSON).

Names and aliases of organizations are separate columns, and every list in a cell is
joined with ``"; "`` (:data:`strikewatch.export.LIST_SEPARATOR`), as in the mentions' CSV
and the web page's download.
* ``--schema lat`` writes the Labor Action Tracker's columns for events, its dates as text as
  precise as they are known ("2024-06-14", "2024-06", "2024"; see :func:`lat_row`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from typing import IO, Any

LAT_COLUMNS = [
    "employer", "labor_organization", "local", "industry", "bargaining_unit_size", "number_of_locations",
    "city", "state", "approximate_participants", "start_date", "end_date", "duration_days",
    "strike_or_protest", "worker_demands", "sources",
]

EVENT_COLUMNS = [
    "event_id", "dispute_id", "type", "status", "start_date", "start_precision", "end_date", "unions",
    "union_aliases", "employers", "employer_aliases", "city", "state", "country", "participants", "unit_size", "demands", "n_mentions", "articles",
    "confidence",
]

DISPUTE_COLUMNS = [
    "dispute_id", "title", "stage", "watch", "first_date", "last_date", "unions", "employers", "n_events",
    "n_articles", "claims",
]

#: column types for Parquet (and for what pandas/DuckDB should read back)
TYPES = {
    "start_date": "date", "end_date": "date", "first_date": "date", "last_date": "date",
    "participants": "int", "unit_size": "int", "n_mentions": "int", "n_events": "int", "n_articles": "int",
    "bargaining_unit_size": "int", "number_of_locations": "int", "approximate_participants": "int",
    "duration_days": "int", "watch": "bool", "published": "date", "is_labor": "bool", "n_claims": "int",
    "idx": "int", "result_pct": "float", "confidence": "float",
}

_INDUSTRY = [
    ("education", ("school", "college", "universit", "education", "teacher", "faculty", "academ")),
    ("health care", ("hospital", "health", "medical", "kaiser", "nurse", "clinic", "care")),
    ("transportation", ("transit", "airline", "air canada", "rail", "bus", "port", "boeing", "aviation")),
    ("manufacturing", ("motors", "auto", "steel", "metals", "aerosystems", "deere", "plant")),
    ("retail and food", ("grocery", "albertsons", "vons", "ralphs", "starbucks", "amazon", "restaurant")),
    ("public administration", ("city of", "county", "state of", "department")),
]


def first_day(value: str | None) -> dt.date | None:
    """The first day a partial date can mean: "2024-09" -> 2024-09-01."""
    if not value:
        return None
    try:
        if len(value) == 4:
            return dt.date(int(value), 1, 1)
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:7]), 1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def precision(value: str | None) -> str | None:
    return None if not value else {4: "year", 7: "month"}.get(len(value), "day")


def industry(employers: list[str]) -> str | None:
    """A coarse industry from the employer's name (a keyword table; None when unsure)."""
    text = " ".join(employers).lower()
    for name, words in _INDUSTRY:
        if any(w in text for w in words):
            return name
    return None


#: what joins the items of a list in one CSV cell (strikewatch.export.LIST_SEPARATOR)
SEP = "; "


def _names(orgs: Iterable[dict[str, Any]] | None) -> str:
    return SEP.join(o["name"] for o in orgs or [])


def _aliases(orgs: Iterable[dict[str, Any]] | None) -> str:
    return SEP.join(dict.fromkeys(a for o in orgs or [] for a in o.get("aliases") or []))


def event_row(ev: dict[str, Any]) -> dict[str, Any]:
    loc = ev.get("location") or {}
    return {
        "event_id": ev["event_id"], "dispute_id": ev.get("dispute_id"), "type": ev["type"], "status": ev["status"],
        "start_date": first_day(ev.get("start_date")), "start_precision": precision(ev.get("start_date")),
        "end_date": first_day(ev.get("end_date")), "unions": _names(ev.get("unions")),
        "union_aliases": _aliases(ev.get("unions")), "employers": _names(ev.get("employers")),
        "employer_aliases": _aliases(ev.get("employers")), "city": loc.get("city"), "state": loc.get("state"),
        "country": loc.get("country"), "participants": ev.get("participants"), "unit_size": ev.get("unit_size"),
        "demands": SEP.join(ev.get("demands") or []), "n_mentions": len(ev.get("mentions") or []),
        "articles": SEP.join(sorted({m["article"] for m in ev.get("mentions") or []})),
        "confidence": ev.get("confidence"),
    }


#: the tracker's date columns hold text at the precision the event has (see :func:`lat_row`)
LAT_TYPES = {"start_date": "text", "end_date": "text"}


def lat_date(value: str | None) -> str | None:
    """A date for the tracker's columns as precise as it is known: ``"2024-06-14"``, ``"2024-06"`` or
    ``"2024"``; None when unknown or not a date."""
    if not value or first_day(value) is None:
        return None
    return value[:10]


def lat_row(ev: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
    """One event in the Labor Action Tracker's columns (strikes, lockouts and protests).

    ``start_date`` and ``end_date`` keep the precision the event has: a day as ``YYYY-MM-DD``, a month
    as ``YYYY-MM``, a year as ``YYYY`` (text columns, also in Parquet, since a date column can only
    hold a day, and the first day of a month is a day nobody stated). An event whose start is not
    stated has both empty. ``end_date`` is the stated end; without one it is the start only for a
    one-day event that took place (a stated day, ``duration_days`` 1), and empty for an event under
    way, to come, or dated only by month or year. ``duration_days`` is counted between stated days only.
    """
    loc = ev.get("location") or {}
    unions = ev.get("unions") or []
    start, end = lat_date(ev.get("start_date")), lat_date(ev.get("end_date"))
    one_day = bool(start and not end and precision(start) == "day" and ev.get("status") == "occurred")
    day_start = first_day(start) if precision(start) == "day" else None
    day_end = first_day(end) if precision(end) == "day" else None
    local = None
    for u in unions:
        for form in [u["name"], *(u.get("aliases") or [])]:
            words = form.replace(",", " ").split()
            for i, w in enumerate(words[:-1]):
                if w.lower() in ("local", "lodge", "district") and words[i + 1].strip("#").isdigit():
                    local = words[i + 1].strip("#")
                    break
            if local:
                break
        if local:
            break
    employers = [o["name"] for o in ev.get("employers") or []]
    articles = sorted({m["article"] for m in ev.get("mentions") or []})
    return {
        "employer": "; ".join(employers) or None,
        "labor_organization": _names(unions) or None,
        "local": local,
        "industry": industry(employers),
        "bargaining_unit_size": ev.get("unit_size"),
        "number_of_locations": None,
        "city": loc.get("city"),
        "state": loc.get("state"),
        "approximate_participants": ev.get("participants"),
        "start_date": start,
        "end_date": end or (start if one_day else None),
        "duration_days": (day_end - day_start).days + 1 if day_start and day_end else (1 if one_day else None),
        "strike_or_protest": {"strike": "Strike", "lockout": "Lockout", "protest": "Protest"}[ev["type"]],
        "worker_demands": "; ".join(ev.get("demands") or []) or None,
        "sources": "; ".join(sources.get(a) or a for a in articles),
    }


def dispute_row(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "dispute_id": d["dispute_id"], "title": d.get("title"), "stage": d.get("stage"), "watch": bool(d.get("watch")),
        "first_date": first_day(d.get("first_date")), "last_date": first_day(d.get("last_date")),
        "unions": _names(d.get("unions")), "employers": _names(d.get("employers")),
        "n_events": len(d.get("events") or []), "n_articles": len(d.get("articles") or []),
        "claims": json.dumps(d.get("claims") or [], ensure_ascii=False),
    }


def rows_for(store: Any, what: str, schema: str | None = None,
             min_confidence: float | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows) of typed values for ``what`` = "events" | "disputes".

    ``min_confidence`` keeps the events whose confidence is at least that (not for disputes).
    """
    if what == "disputes":
        return DISPUTE_COLUMNS, [dispute_row(d) for d in store.disputes()]
    events = store.events(min_confidence=min_confidence)
    if schema == "lat":
        sources = {a["id"]: a.get("url") or a["id"] for a in store.articles()}
        rows = [lat_row(e, sources) for e in events if e["type"] in ("strike", "lockout", "protest")]
        return LAT_COLUMNS, rows
    return EVENT_COLUMNS, [event_row(e) for e in events]


def write_csv(columns: list[str], rows: list[dict[str, Any]], fh: IO[str]) -> int:
    w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else ("true" if r[k] is True else "false" if r[k] is False
                                                      else r[k].isoformat() if isinstance(r[k], dt.date) else r[k]))
                    for k in columns})
    return len(rows)


def write_parquet(columns: list[str], rows: list[dict[str, Any]], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {"date": pa.date32(), "int": pa.int64(), "bool": pa.bool_(), "float": pa.float64()}
    types = {**TYPES, **LAT_TYPES} if columns == LAT_COLUMNS else TYPES
    schema = pa.schema([(c, kinds.get(types.get(c, ""), pa.string())) for c in columns])
    table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=schema)
    pq.write_table(table, path)
    return len(rows)


def write_linked_jsonl(events: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    n = 0
    for e in events:
        fh.write(json.dumps(e, ensure_ascii=False) + "\n")
        n += 1
    return n
