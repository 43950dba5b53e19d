"""The web dashboard and HTTP API: a thin FastAPI layer over the store.

Pages are rendered on the server with Jinja2 (autoescaping on: article text,
titles and every field are escaped); charts use plotly.js from the ``plotly``
package installed with strikewatch, served by this app, so nothing is fetched
from elsewhere when a page loads. The API is read-only except
``POST /api/articles``, which needs the bearer token the operator configured
(``--token`` or ``STRIKEWATCH_TOKEN``); without one, writing is off.
"""


import csv
import datetime as dt
import hmac
import io
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, BeforeValidator, Field

import strikewatch
from strikewatch.model import EVENT_TYPES, STATUSES, Article
from strikewatch.store import Store, StoreError, open_store
from strikewatch.web import queries as Q
from strikewatch.web.tilemap import tiles

HERE = Path(__file__).resolve().parent
TOKEN_ENV = "STRIKEWATCH_TOKEN"
TYPE_COLORS = {
    "strike": "#dc2626", "lockout": "#7c3aed", "protest": "#f59e0b", "strike_vote": "#2563eb",
    "contract_expiration": "#6b7280", "impasse": "#be185d", "agreement": "#059669", "ratification": "#0d9488",
}
EVENT_CSV_COLUMNS = ["id", "dispute_id", "type", "status", "start_date", "end_date", "location_city",
                     "location_state", "industry", "unions", "employers", "participants", "n_mentions",
                     "first_seen", "confidence"]

#: an empty query value (a form's blank field) is no filter, as EventFilters reads it
BLANK_IS_NONE = BeforeValidator(lambda v: None if isinstance(v, str) and not v.strip() else v)

#: largest request body accepted (an article is at most 10 MB of text, plus JSON overhead)
MAX_BODY_BYTES = 12 * 1024 * 1024
#: scripts only from this app (no inline script runs); styles inline are allowed for plotly's SVG
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class ArticleIn(BaseModel):
    """An article to extract and store (the spec's article format)."""

    id: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1, max_length=10_000_000)
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None


def plotly_js() -> Path:
    """plotly.min.js as shipped inside the installed ``plotly`` package."""
    import plotly

    path = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    if not path.exists():
        raise RuntimeError(f"plotly.min.js not found at {path}: reinstall the 'plotly' package")
    return path


def create_app(db: str | Path, token: str | None = None) -> FastAPI:
    """The app over the database at ``db`` (created if missing). ``token`` enables POST /api/articles."""
    db_path = str(db)
    token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    with open_store(db_path):
        pass  # create or upgrade the schema once, before serving
    app = FastAPI(
        docs_url=None,  # the stock docs page loads its scripts from a CDN: ours is rendered here
        redoc_url=None,
        title="strikewatch",
        version=strikewatch.__version__,
        description="Labor events extracted from news: strikes, lockouts, protests, votes, contracts, "
                    "linked across articles into events and disputes, each with its evidence.",
    )
    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        """Refuse oversized bodies; set security headers on every response."""
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse({"detail": f"request body over {MAX_BODY_BYTES // (1024 * 1024)} MB"},
                                status_code=413)
        response: Response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(type_colors=TYPE_COLORS, event_types=EVENT_TYPES, statuses=STATUSES)
    templates.env.filters["label"] = lambda s: (s or "").replace("_", " ")
    templates.env.filters["conf"] = conf_text
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @contextmanager
    def store() -> Iterator[Store]:
        try:
            s = open_store(db_path, create=False)
        except StoreError as e:
            raise HTTPException(503, f"database unavailable: {e}") from None
        try:
            yield s
        finally:
            s.close()

    def filters(request: Request) -> Q.EventFilters:
        try:
            return Q.EventFilters.from_params(dict(request.query_params))
        except Q.BadFilter as e:
            raise HTTPException(400, str(e)) from None

    def page(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx, status_code=status_code)

    @app.exception_handler(HTTPException)
    async def errors(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.endswith((".json", ".csv", ".atom")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return page(request, "error.html", status_code=exc.status_code, status=exc.status_code, detail=exc.detail)

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_file() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """The API reference, rendered from the OpenAPI schema (also at /openapi.json)."""
        spec = app.openapi()
        ops = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                           "type": (p.get("schema") or {}).get("type") or "string",
                           "description": p.get("description") or ""} for p in op.get("parameters", [])]
                ops.append({"method": method.upper(), "path": path, "summary": op.get("summary") or "",
                            "description": op.get("description") or "", "params": params,
                            "body": "requestBody" in op, "tags": op.get("tags") or []})
        return page(request, "api.html", ops=ops, info=spec.get("info", {}))

    # ---------- pages ----------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        with store() as s:
            c = s._conn
            by_month = Q.events_by_month(c)
            by_state = Q.events_by_state(c)
            latest, total = Q.list_events(c, Q.EventFilters(sort="seen", per_page=10))
            watch = s.disputes(watch=True)[:12]
            counts = {"events": total, "disputes": c.execute("SELECT count(*) FROM disputes").fetchone()[0],
                      "articles": c.execute("SELECT count(*) FROM articles").fetchone()[0]}
        months = sorted({k for m in by_month.values() for k in m})
        series = [{"type": t, "months": months, "counts": [m.get(k, 0) for k in months], "color": TYPE_COLORS.get(t)}
                  for t, m in sorted(by_month.items())]
        return page(request, "overview.html", series=series, tiles=tiles(by_state), latest=latest,
                    watch=watch, counts=counts)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, f: Annotated[Q.EventFilters, Depends(filters)]) -> HTMLResponse:
        with store() as s:
            rows, total = Q.list_events(s._conn, f)
            inds = Q.industries(s._conn)
        pages = max(1, -(-total // f.per_page))
        return page(request, "events.html", rows=rows, total=total, f=f, pages=pages, industries=inds)

    @app.get("/events.csv", include_in_schema=False)
    def events_csv(f: Annotated[Q.EventFilters, Depends(filters)]) -> Response:
        with store() as s:
            rows, _ = Q.list_events(s._conn, f, paginate=False)
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=EVENT_CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r[k]) for k in EVENT_CSV_COLUMNS})
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="strikewatch-events.csv"'})

    @app.get("/events.json", include_in_schema=False)
    def events_json(f: Annotated[Q.EventFilters, Depends(filters)]) -> Response:
        with store() as s:
            rows, _ = Q.full_events(s._conn, f, paginate=False)
        return Response(json.dumps(rows, ensure_ascii=False), media_type="application/json",
                        headers={"Content-Disposition": 'attachment; filename="strikewatch-events.json"'})

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        with store() as s:
            ev = Q.event(s._conn, event_id)
        if ev is None:
            raise HTTPException(404, f"no event {event_id}")
        return page(request, "event.html", ev=ev)

    @app.get("/disputes", response_class=HTMLResponse, include_in_schema=False)
    def disputes_page(request: Request, watch: bool = False, union: str | None = None,
                      employer: str | None = None) -> HTMLResponse:
        with store() as s:
            rows = s.disputes(watch=True if watch else None, union=union or None, employer=employer or None)
        return page(request, "disputes.html", rows=rows, watch=watch, union=union or "", employer=employer or "")

    @app.get("/disputes/{dispute_id}", response_class=HTMLResponse, include_in_schema=False)
    def dispute_page(request: Request, dispute_id: str) -> HTMLResponse:
        with store() as s:
            d = s.dispute(dispute_id)
            if d is None:
                raise HTTPException(404, f"no dispute {dispute_id}")
            events = [Q.event(s._conn, eid) for eid in d["events"]]
        points = [{"date": Q_day(r.get("date")), "type": r["type"], "status": r["status"], "id": r["event_id"],
                   "color": TYPE_COLORS.get(r["type"])} for r in d.get("timeline") or [] if r.get("date")]
        return page(request, "dispute.html", d=d, events=[e for e in events if e], points=points)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        with store() as s:
            a = s.article(article_id)
            if a is None:
                raise HTTPException(404, f"no article {article_id}")
            linked = Q.mention_events(s._conn, article_id)
        return page(request, "article.html", a=a, segments=segments(a, linked), linked=linked)

    @app.get("/feed.atom", include_in_schema=False)
    def feed(request: Request, f: Annotated[Q.EventFilters, Depends(filters)]) -> Response:
        f = Q.EventFilters(**{**f.params(), "sort": "seen", "order": "desc", "page": 1,
                              "per_page": min(f.per_page, 100)})
        with store() as s:
            rows, _ = Q.list_events(s._conn, f)
        base = str(request.base_url).rstrip("/")
        return Response(atom(rows, f, base), media_type="application/atom+xml; charset=utf-8")

    # ---------- API ----------

    @app.get("/api/events", tags=["events"])
    def api_events(f: Annotated[Q.EventFilters, Depends(filters)],
                   type: str | None = None, status: str | None = None, since: str | None = None,
                   until: str | None = None, union: str | None = None, employer: str | None = None,
                   state: str | None = None, industry: str | None = None, q: str | None = None,
                   dispute: str | None = None,
                   min_confidence: Annotated[float | None, BLANK_IS_NONE, Query(
                       description="Only events whose confidence (the highest of their mentions': the "
                                   "extractor's probability that an article reports the event) is at least "
                                   "this, 0 to 1; events of unknown confidence are left out.")] = None,
                   sort: str = "start_date", order: str = "desc",
                   page: int = 1, per_page: int = Query(50, le=Q.PER_PAGE_MAX)) -> dict[str, Any]:
        """Events across articles (the spec's linked output), filtered, sorted and paginated."""
        with store() as s:
            rows, total = Q.full_events(s._conn, f)
        return {"total": total, "page": f.page, "per_page": f.per_page, "events": rows}

    @app.get("/api/events/{event_id}", tags=["events"])
    def api_event(event_id: str) -> dict[str, Any]:
        with store() as s:
            ev = Q.event(s._conn, event_id)
        if ev is None:
            raise HTTPException(404, f"no event {event_id}")
        return ev

    @app.get("/api/disputes", tags=["disputes"])
    def api_disputes(watch: bool | None = None, state: str | None = None, union: str | None = None,
                     employer: str | None = None, since: str | None = None, page: int = Query(1, ge=1, le=Q.PAGE_MAX),
                     per_page: int = Query(50, ge=1, le=Q.PER_PAGE_MAX)) -> dict[str, Any]:
        """Disputes with parties, state and dates; ``watch`` for those to watch."""
        with store() as s:
            try:
                rows = s.disputes(state=state, watch=watch, union=union, employer=employer, since=since)
            except ValueError as e:
                raise HTTPException(400, str(e)) from None
        start = (page - 1) * per_page
        return {"total": len(rows), "page": page, "per_page": per_page, "disputes": rows[start:start + per_page]}

    @app.get("/api/disputes/{dispute_id}", tags=["disputes"])
    def api_dispute(dispute_id: str) -> dict[str, Any]:
        with store() as s:
            d = s.dispute(dispute_id)
        if d is None:
            raise HTTPException(404, f"no dispute {dispute_id}")
        return d

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str) -> dict[str, Any]:
        with store() as s:
            a = s.article(article_id)
            if a is None:
                raise HTTPException(404, f"no article {article_id}")
            linked = Q.mention_events(s._conn, article_id)
        for e in a["events"]:
            e["event_id"] = linked.get(e["idx"])
        return a

    @app.get("/api/organizations", tags=["organizations"])
    def api_organizations(kind: str | None = Query(None, pattern="^(union|employer)$"), q: str | None = None,
                          page: int = Query(1, ge=1, le=Q.PAGE_MAX),
                          per_page: int = Query(100, ge=1, le=Q.PER_PAGE_MAX)) -> dict[str, Any]:
        """Canonical unions and employers with their aliases and why names were merged."""
        with store() as s:
            rows, total = Q.organizations(s._conn, kind, q, page, per_page)
        return {"total": total, "page": page, "per_page": per_page, "organizations": rows}

    @app.post("/api/articles", tags=["articles"], status_code=201)
    def api_post_article(article: ArticleIn,
                         authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        """Run the pipeline on an article and store it (bearer token required; off without one)."""
        if not token:
            raise HTTPException(403, "writing is off: the operator has not configured a token")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not authorization or not authorization.startswith("Bearer ") or not hmac.compare_digest(given, token):
            raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})
        art = Article.from_dict(article.model_dump())
        record = strikewatch.extract(art)
        with store() as s:
            outcome = s.save(art, record)
            if outcome != "unchanged":
                s.relink()
            linked = Q.mention_events(s._conn, art.id)
        return {"id": art.id, "outcome": outcome, "is_labor": record.is_labor,
                "events": [{**e.to_dict(), "event_id": linked.get(i)} for i, e in enumerate(record.events)]}

    return app


def conf_text(value: Any) -> str:
    """A confidence as shown: two decimals, or a dash when unknown."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    return f"{float(value):.2f}"


def Q_day(value: str | None) -> str | None:
    """A partial date as its first day, for charts."""
    if not value:
        return None
    return value + ("-01-01" if len(value) == 4 else "-01" if len(value) == 7 else "")


def segments(article: dict[str, Any], linked: dict[int, str]) -> list[dict[str, Any]]:
    """The article text cut into plain and evidence pieces; evidence pieces name their event."""
    text = article["text"]
    marks: list[tuple[int, int, int]] = []
    for e in article["events"]:
        for sp in e.get("evidence_spans") or []:
            s, t = sp.get("start"), sp.get("end")
            if isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text):
                marks.append((s, t, e["idx"]))
    marks.sort()
    out: list[dict[str, Any]] = []
    pos = 0
    for s, t, idx in marks:
        if s < pos:  # overlapping evidence: the earlier span wins
            continue
        if s > pos:
            out.append({"text": text[pos:s], "event": None})
        out.append({"text": text[s:t], "event": linked.get(idx), "idx": idx,
                    "type": next(e["type"] for e in article["events"] if e["idx"] == idx)})
        pos = t
    if pos < len(text):
        out.append({"text": text[pos:], "event": None})
    return out


def atom(rows: list[dict[str, Any]], f: Q.EventFilters, base: str) -> bytes:
    """An Atom feed of events (newest first) for the filters; every value is escaped by ElementTree."""
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    desc = ", ".join(f"{k}={v}" for k, v in f.params().items() if k not in ("sort", "order", "per_page"))
    ET.SubElement(feed, f"{{{ns}}}title").text = "strikewatch events" + (f" ({desc})" if desc else "")
    ET.SubElement(feed, f"{{{ns}}}id").text = f"{base}/feed.atom?{f.query(sort='seen')}"
    ET.SubElement(feed, f"{{{ns}}}link", href=f"{base}/events?{f.query(sort='seen', per_page=50)}")
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=f"{base}/feed.atom?{f.query()}")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    ET.SubElement(feed, f"{{{ns}}}updated").text = (rows[0].get("first_seen") if rows else None) or now
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = "strikewatch"
    for r in rows:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        parties = " / ".join(x for x in (r["unions"].split(" | ")[0], r["employers"].split(" | ")[0]) if x)
        title = f"{r['type'].replace('_', ' ')} ({r['status']})"
        if parties:
            title += f": {parties}"
        if r.get("start_date"):
            title += f", {r['start_date']}"
        ET.SubElement(entry, f"{{{ns}}}title").text = title
        ET.SubElement(entry, f"{{{ns}}}id").text = f"{base}/events/{r['id']}"
        ET.SubElement(entry, f"{{{ns}}}link", href=f"{base}/events/{r['id']}")
        ET.SubElement(entry, f"{{{ns}}}updated").text = r.get("first_seen") or now
        place = ", ".join(x for x in (r.get("location_city"), r.get("location_state")) if x)
        summary = f"{title}. {place}. Sources: {r['n_mentions']}." if place else f"{title}. Sources: {r['n_mentions']}."
        if r.get("confidence") is not None:
            summary += f" Confidence: {conf_text(r['confidence'])}."
        ET.SubElement(entry, f"{{{ns}}}summary").text = summary
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
