"""Writing the linked layer: events across articles, disputes, and the Labor Action Tracker's columns.

* ``events`` as JSON lines is exactly the spec's linked output (one event a line,
  with its mentions); as CSV or Parquet one row an event, with typed columns:
  ``start_date``/``end_date`` are dates (a month or a year is written as its first
  day, and ``start_precision`` says "day", "month" or "year"), counts are integers.
* ``disputes``: one row a dispute (parties, state, dates, counts, claims as JSON).
* ``--schema lat`` writes the Labor Action Tracker's columns for events.
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
    "event_id", "dispute_id", "type", "status", "start_date", "start_precision", "end_date", "unions", "employers",
    "city", "state", "country", "participants", "unit_size", "demands", "n_mentions", "articles",
    "confidence",
]

DISPUTE_COLUMNS = [
    "dispute_id", "title", "state", "watch", "first_date", "last_date", "unions", "employers", "n_events",
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


def _names(orgs: Iterable[dict[str, Any]] | None) -> str:
    return "; ".join(o["name"] for o in orgs or [])


def event_row(ev: dict[str, Any]) -> dict[str, Any]:
    loc = ev.get("location") or {}
    return {
        "event_id": ev["event_id"], "dispute_id": ev.get("dispute_id"), "type": ev["type"], "status": ev["status"],
        "start_date": first_day(ev.get("start_date")), "start_precision": precision(ev.get("start_date")),
        "end_date": first_day(ev.get("end_date")), "unions": _names(ev.get("unions")),
        "employers": _names(ev.get("employers")), "city": loc.get("city"), "state": loc.get("state"),
        "country": loc.get("country"), "participants": ev.get("participants"), "unit_size": ev.get("unit_size"),
        "demands": "; ".join(ev.get("demands") or []), "n_mentions": len(ev.get("mentions") or []),
        "articles": "; ".join(sorted({m["article"] for m in ev.get("mentions") or []})),
        "confidence": ev.get("confidence"),
    }


def lat_row(ev: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
    """One event in the Labor Action Tracker's columns (strikes, lockouts and protests)."""
    loc = ev.get("location") or {}
    unions = ev.get("unions") or []
    start, end = first_day(ev.get("start_date")), first_day(ev.get("end_date"))
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
        "end_date": end or start,
        "duration_days": ((end - start).days + 1) if start and end and len(ev.get("end_date") or "") == 10
        and len(ev.get("start_date") or "") == 10 else (1 if start and not end and precision(ev.get("start_date")) == "day"
                                                         and ev.get("status") == "occurred" else None),
        "strike_or_protest": {"strike": "Strike", "lockout": "Lockout", "protest": "Protest"}[ev["type"]],
        "worker_demands": "; ".join(ev.get("demands") or []) or None,
        "sources": "; ".join(sources.get(a) or a for a in articles),
    }


def dispute_row(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "dispute_id": d["dispute_id"], "title": d.get("title"), "state": d.get("state"), "watch": bool(d.get("watch")),
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
    events = store.linked_events(min_confidence=min_confidence)
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
    schema = pa.schema([(c, kinds.get(TYPES.get(c, ""), pa.string())) for c in columns])
    table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=schema)
    pq.write_table(table, path)
    return len(rows)


def write_linked_jsonl(events: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    n = 0
    for e in events:
        fh.write(json.dumps(e, ensure_ascii=False) + "\n")
        n += 1
    return n
