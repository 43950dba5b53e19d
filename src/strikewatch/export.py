"""Writing stored articles and mentions out as JSON (lines) or CSV; events and disputes via
:mod:`strikewatch.export_linked`.

A *mention* is one article's report of an event (an event of its record); an
*event* is the real-world event linked across articles. JSON keeps everything: a
mention line is the mention's fields plus its store id, article id, article title
and the event it belongs to; an article line holds the article's input fields
*and* its record's fields, so ``Article.from_dict`` and ``Record.from_dict`` both
read it (and ``strikewatch ingest`` can re-read it). CSV flattens: one row per
mention or article; organization names and their aliases are separate columns, and
every list in a cell is joined with :data:`LIST_SEPARATOR` (``"; "``; evidence
sentences with newlines). The same columns come from the CLI, the export and the
web downloads.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from strikewatch.export_linked import SEP
from strikewatch.store import Store

FORMATS = ("json", "jsonl", "csv", "parquet")
#: what joins the items of a list in one CSV cell (names, aliases, demands, articles)
LIST_SEPARATOR = SEP
WHATS = ("articles", "events", "mentions", "disputes")

MENTION_COLUMNS = [
    "id",
    "article_id",
    "idx",
    "event_id",
    "type",
    "status",
    "start_date",
    "end_date",
    "unions",
    "union_aliases",
    "employers",
    "employer_aliases",
    "city",
    "state",
    "country",
    "participants",
    "unit_size",
    "demands",
    "result_approved",
    "result_pct",
    "evidence",
    "article_title",
    "published",
    "url",
    "confidence",
]

ARTICLE_COLUMNS = [
    "id",
    "url",
    "source",
    "title",
    "published",
    "published_from",
    "path",
    "content_hash",
    "ingested_at",
    "extractor_version",
    "is_labor",
    "n_events",
    "n_claims",
    "event_types",
    "text",
]

#: the article keys that the JSON lines export writes, in order
ARTICLE_KEYS = [
    "id",
    "url",
    "source",
    "title",
    "published",
    "text",
    "published_from",
    "path",
    "content_hash",
    "ingested_at",
    "extractor_version",
    "is_labor",
    "events",
    "claims",
]


def org_names(orgs: Iterable[dict[str, Any]] | None) -> str:
    """``"Union A; Union B"``: the names of a list of organization dicts."""
    return LIST_SEPARATOR.join(o["name"] for o in orgs or [])


def org_aliases(orgs: Iterable[dict[str, Any]] | None) -> str:
    """Every alias of a list of organization dicts, in order, once each: ``"UTLA; SEIU 99"``."""
    return LIST_SEPARATOR.join(dict.fromkeys(a for o in orgs or [] for a in o.get("aliases") or []))


def place(event: dict[str, Any]) -> str:
    """``"Los Angeles, CA, US"`` from an event's location, or ``""``."""
    loc = event.get("location") or {}
    return ", ".join(str(loc[k]) for k in ("city", "state", "country") if loc.get(k))


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def mention_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One CSV row (keys :data:`MENTION_COLUMNS`) for a mention dict from ``Store.mentions``."""
    loc = ev.get("location") or {}
    res = ev.get("result") or {}
    row = {
        "id": ev.get("id"),
        "article_id": ev.get("article_id"),
        "idx": ev.get("idx"),
        "event_id": ev.get("event_id"),
        "type": ev.get("type"),
        "status": ev.get("status"),
        "start_date": ev.get("start_date"),
        "end_date": ev.get("end_date"),
        "unions": org_names(ev.get("unions")),
        "union_aliases": org_aliases(ev.get("unions")),
        "employers": org_names(ev.get("employers")),
        "employer_aliases": org_aliases(ev.get("employers")),
        "city": loc.get("city"),
        "state": loc.get("state"),
        "country": loc.get("country"),
        "participants": ev.get("participants"),
        "unit_size": ev.get("unit_size"),
        "demands": LIST_SEPARATOR.join(ev.get("demands") or []),
        "result_approved": res.get("approved") if res else None,
        "result_pct": res.get("pct") if res else None,
        "evidence": "\n".join(ev.get("evidence") or []),
        "article_title": ev.get("article_title"),
        "published": ev.get("published"),
        "url": ev.get("url"),
        "confidence": ev.get("confidence"),
    }
    return {k: _cell(v) for k, v in row.items()}


def article_row(a: dict[str, Any]) -> dict[str, Any]:
    """One CSV row (keys :data:`ARTICLE_COLUMNS`) for an article dict from ``Store.articles``."""
    events = a.get("events") or []
    row = {k: a.get(k) for k in ARTICLE_COLUMNS if k in a}
    row["n_events"] = len(events)
    row["n_claims"] = len(a.get("claims") or [])
    row["event_types"] = LIST_SEPARATOR.join(sorted({e["type"] for e in events}))
    return {k: _cell(row.get(k)) for k in ARTICLE_COLUMNS}


def _article_line(a: dict[str, Any]) -> dict[str, Any]:
    out = {k: a.get(k) for k in ARTICLE_KEYS}
    out["events"] = [
        {k: v for k, v in e.items() if k not in ("id", "article_id", "article_title", "url", "published",
                                                  "event_id")}
        for e in a.get("events") or []
    ]
    return out


def _write(items: Iterable[dict[str, Any]], fh: IO[str], fmt: str, columns: list[str],
           row: Callable[[dict[str, Any]], dict[str, Any]], line: Callable[[dict[str, Any]], Any]) -> int:
    _check(fmt, FORMATS[:3], "format")
    if fmt == "json":
        out = [line(item) for item in items]
        fh.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return len(out)
    writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    n = 0
    for item in items:
        if writer is not None:
            writer.writerow(row(item))
        else:
            fh.write(json.dumps(line(item), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_mentions(mentions: Iterable[dict[str, Any]], fh: IO[str], fmt: str = "jsonl") -> int:
    """Write mention dicts to ``fh`` as JSON, JSON lines or CSV; returns how many."""
    return _write(mentions, fh, fmt, MENTION_COLUMNS, mention_row, lambda ev: ev)


def write_articles(articles: Iterable[dict[str, Any]], fh: IO[str], fmt: str = "jsonl") -> int:
    """Write article dicts (with their records) to ``fh`` as JSON, JSON lines or CSV; returns how many."""
    return _write(articles, fh, fmt, ARTICLE_COLUMNS, article_row, _article_line)


def export(
    store: Store,
    what: str,
    fmt: str,
    out: str | Path | IO[str],
    schema: str | None = None,
    **filters: Any,
) -> int:
    """Write the store's ``what`` to ``out`` (a path, or an open text file for json/jsonl/csv).

    ``events`` are the events linked across articles (JSON lines: exactly the spec's
    linked output; ``filters`` may hold ``min_confidence``); ``mentions`` each
    article's reports of events (``filters`` go to :meth:`Store.mentions`);
    ``disputes`` the disputes with their timelines and claims; ``articles`` the
    articles with their records. ``parquet`` needs a path. ``schema="lat"`` (events
    as CSV or Parquet) writes the Labor Action Tracker's columns. Returns the number written.
    """
    from strikewatch import export_linked as xl

    _check(what, WHATS, "what")
    _check(fmt, FORMATS, "format")
    if schema not in (None, "lat"):
        raise ValueError(f"schema must be 'lat', not {schema!r}")
    if schema == "lat" and (what != "events" or fmt in ("json", "jsonl")):
        raise ValueError("--schema lat is for --what events as csv or parquet")
    if what in ("disputes", "articles") and filters.get("min_confidence") is not None:
        raise ValueError("min_confidence is for events or mentions")
    if fmt == "parquet":
        if not isinstance(out, str | Path):
            raise ValueError("parquet needs an output file (-o FILE)")
        columns, rows = _typed_rows(store, what, schema, filters)
        return xl.write_parquet(columns, rows, str(out))
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return export(store, what, fmt, fh, schema, **filters)
    if what == "mentions":
        return write_mentions(store.mentions(**filters), out, fmt)
    if what == "articles":
        return write_articles(store.articles(), out, fmt)
    min_confidence = filters.get("min_confidence")
    if fmt in ("json", "jsonl"):
        items = store.events(min_confidence=min_confidence) if what == "events" else store.disputes()
        if fmt == "json":
            out.write(json.dumps(items, ensure_ascii=False, indent=1) + "\n")
            return len(items)
        return xl.write_linked_jsonl(items, out)
    columns, rows = xl.rows_for(store, what, schema, min_confidence=min_confidence)
    return xl.write_csv(columns, rows, out)


def _typed_rows(store: Store, what: str, schema: str | None, filters: dict[str, Any]) -> tuple[list[str], list[dict]]:
    from strikewatch import export_linked as xl

    if what in ("events", "disputes"):
        return xl.rows_for(store, what, schema, min_confidence=filters.get("min_confidence"))
    if what == "mentions":
        rows = []
        for ev in store.mentions(**filters):
            r = {k: (None if v == "" else v) for k, v in mention_row(ev).items()}
            r.update(start_date=xl.first_day(ev.get("start_date")), end_date=xl.first_day(ev.get("end_date")),
                     participants=ev.get("participants"), unit_size=ev.get("unit_size"), idx=ev.get("idx"),
                     id=str(ev.get("id")), result_pct=(ev.get("result") or {}).get("pct"),
                     published=xl.first_day(ev.get("published")), confidence=ev.get("confidence"))
            rows.append(r)
        return MENTION_COLUMNS, rows
    rows = []
    for a in store.articles():
        r = {k: (None if v == "" else v) for k, v in article_row(a).items()}
        r.update(published=xl.first_day(a.get("published")), is_labor=bool(a.get("is_labor")),
                 n_events=len(a.get("events") or []), n_claims=len(a.get("claims") or []))
        rows.append(r)
    return ARTICLE_COLUMNS, rows


def _check(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
