"""The web dashboard and HTTP API: a thin FastAPI layer over the store.

Pages are rendered on the server with Jinja2 (autoescaping on: article text,
titles and every field are escaped); charts use plotly.js from the ``plotly``
package installed with strikewatch, served by this app, so nothing is fetched
from elsewhere when a page loads. The API is read-only except
``POST /api/articles``, which needs the bearer token the operator configured
(``--token`` or ``STRIKEWATCH_TOKEN``); without one, writing is off. Every GET
also answers HEAD (the same status and headers, no body).
"""


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
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from pydantic import BaseModel, BeforeValidator, Field

import strikewatch
from strikewatch import present
from strikewatch.dedupe import sources_of
from strikewatch.export_linked import _INDUSTRY, EVENT_COLUMNS, event_row, write_csv
from strikewatch.model import EVENT_TYPES, STATUSES, Article
from strikewatch.store import Store, StoreError, open_store
from strikewatch.store import queries as Q
from strikewatch.web.geo import background as map_background
from strikewatch.web.geo import point_map
from strikewatch.web.tilemap import tiles

HERE = Path(__file__).resolve().parent
TOKEN_ENV = "STRIKEWATCH_TOKEN"
TYPE_COLORS = {
    "strike": "#dc2626", "lockout": "#7c3aed", "protest": "#f59e0b", "strike_vote": "#2563eb",
    "contract_expiration": "#6b7280", "impasse": "#be185d", "agreement": "#059669", "ratification": "#0d9488",
}
INDUSTRIES = [name for name, _ in _INDUSTRY]

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


def _stages() -> list[str]:
    """The stages a dispute can be at (what its latest event says), for the API docs."""
    from strikewatch.link import disputes as D

    table = getattr(D, "_STAGE", None) or getattr(D, "_STATE", None) or {}
    extra = set(getattr(D, "_WATCH", ())) | {"agreement rejected", "contract ratified", "strike authorized"}
    return sorted(set(table.values()) | extra)


def _param(description: str, allowed: str, example: Any, default: Any = None, *, where: str = "query",
           annotated: bool = False, **kw: Any) -> Any:
    """A documented parameter: what it does, the values it takes and an example (shown on /docs).
    ``annotated``: for ``Annotated[...]``, where the default is given with ``=``."""
    make = {"query": Query, "path": PathParam, "header": Header}[where]
    args = (default,) if where != "path" and not annotated else ()
    return make(*args, description=description, examples=[example], json_schema_extra={"x-allowed": allowed}, **kw)


_DATE = "YYYY, YYYY-MM or YYYY-MM-DD (a real date: not 2026-13 or 2026-02-30)"
_PAGE = _param("Which page of the list (from 1).", f"a whole number from 1 to {Q.PAGE_MAX:,}", 2, 1,
               ge=1, le=Q.PAGE_MAX)


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


class HeadAsGet:
    """ASGI middleware: a HEAD request is answered as its GET would be, without the body.

    FastAPI routes declared with ``@app.get`` answer only GET; this gives every page, the
    feed, the downloads and the API's GETs a HEAD (same status and headers, Content-Length
    included), as HTTP asks of a server.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the body is dropped; only its end is sent
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


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

    app.add_middleware(HeadAsGet)  # outermost: HEAD is a GET whose body is dropped

    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(type_colors=TYPE_COLORS, event_types=EVENT_TYPES, statuses=STATUSES,
                                 plural=present.plural, heading=present.event_heading, span=present.span_text,
                                 to_watch=to_watch)
    templates.env.filters["label"] = lambda s: (s or "").replace("_", " ")
    templates.env.filters["conf"] = conf_text
    templates.env.filters["day"] = present.day_text
    templates.env.filters["place"] = present.place_text
    templates.env.filters["num"] = lambda n: f"{n:,}" if isinstance(n, int) and not isinstance(n, bool) else "—"
    templates.env.filters["web_url"] = web_url
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

    def one_event(s: Store, ref: str) -> dict[str, Any]:
        ev = s.event(ref)
        if ev is None:
            ids = s.matching_ids("events", ref)
            if len(ids) > 1:
                more = ", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
                raise HTTPException(404, f"{ref} is the start of more than one event id: {more}")
            raise HTTPException(404, f"no event {ref}")
        return ev

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
        return page(request, "api.html", ops=api_operations(app.openapi()), info=app.openapi().get("info", {}))

    # ---------- pages ----------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        now = dt.datetime.now(dt.UTC)
        with store() as s:
            c = s._conn
            by_month = Q.events_by_month(c)
            by_state = Q.events_by_state(c)
            by_city = Q.events_by_city(c)
            latest, total = Q.list_events(c, Q.EventFilters(sort="start_date", order="desc", per_page=10))
            added, _ = Q.list_events(c, Q.EventFilters(sort="seen", order="desc", per_page=10))
            watch = [d for d in s.disputes(watch=True) if to_watch(d)][:12]
            counts = {"events": total, "disputes": c.execute("SELECT count(*) FROM disputes").fetchone()[0],
                      "articles": c.execute("SELECT count(*) FROM articles").fetchone()[0]}
        return page(request, "overview.html", series=month_series(by_month), tiles=tiles(by_state),
                    latest=latest, added=added, watch=watch, counts=counts, cities=point_map(by_city),
                    map_bg=map_background() if by_city else None,
                    since_day=(now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
                    since_week=(now - dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, f: Annotated[Q.EventFilters, Depends(filters)]) -> HTMLResponse:
        with store() as s:
            rows, total = Q.list_events(s._conn, f)
            inds = Q.industries(s._conn)
        pages = max(1, -(-total // f.per_page))
        return page(request, "events.html", rows=rows, total=total, f=f, pages=pages, industries=inds)

    @app.get("/events.csv", include_in_schema=False)
    def events_csv(f: Annotated[Q.EventFilters, Depends(filters)]) -> Response:
        """The filtered events in the export's columns (``strikewatch export events --format csv``)."""
        with store() as s:
            rows, _ = Q.full_events(s._conn, f, paginate=False)
        buf = io.StringIO()
        write_csv(EVENT_COLUMNS, [event_row(e) for e in rows], buf)
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
            ev = one_event(s, event_id)
            ids = [m["article"] for m in ev.get("mentions") or []]
            ids += [v.get("article") for vs in (ev.get("conflicts") or {}).values() for v in vs]
            arts = Q.article_meta(s._conn, ids)
            outlets = {m["article"]: sources_of(s, m["article"]) for m in ev.get("mentions") or []}
        return page(request, "event.html", ev=ev, arts=arts, outlets=outlets)

    @app.get("/disputes", response_class=HTMLResponse, include_in_schema=False)
    def disputes_page(request: Request, watch: bool = False, union: str | None = None,
                      employer: str | None = None) -> HTMLResponse:
        with store() as s:
            rows = s.disputes(watch=True if watch else None, union=union or None, employer=employer or None)
        if watch:
            rows = [d for d in rows if to_watch(d)]
        return page(request, "disputes.html", rows=rows, watch=watch, union=union or "", employer=employer or "")

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request) -> HTMLResponse:
        """The sources `strikewatch watch` polls: each feed's last fetch, items, errors and next poll."""
        with store() as s:
            c = s._conn
            rows = [dict(zip(("id", "name", "kind", "interval_s", "last_fetch", "next_poll", "items", "errors",
                              "last_error"), r, strict=True)) for r in c.execute(
                "SELECT id, name, kind, interval_s, last_fetch, next_poll, items, errors, last_error FROM sources "
                "ORDER BY coalesce(name, id)")]
            by_source: dict[str, dict[str, int]] = {}
            for sid, status, n in c.execute(
                    "SELECT source_id, status, count(*) FROM seen_urls GROUP BY source_id, status"):
                by_source.setdefault(sid or "", {})[status] = n
        for r in rows:
            r["urls"] = by_source.get(r["id"], {})
            r["web"] = web_url(r["id"])
        return page(request, "sources.html", rows=rows)

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page(request: Request) -> HTMLResponse:
        """The saved searches, read-only (``strikewatch alert`` adds and removes them): filters, channels
        (shortened: a webhook URL or an address may be a secret of its own), deliveries, the feed of each."""
        from strikewatch import alerts as A

        with store() as s:
            saved = A.list_alerts(s)
            counts = A.delivery_counts(s)
        rows = [{"id": a.id, "filters": a.filters, "created": a.created,
                 "channels": [channel_text(c, t) for c, t in a.channels()],
                 "counts": {"sent": 0, "failed": 0, "pending": 0, **counts.get(a.id, {})},
                 "feed": "/feed.atom?" + a.feed_query(), "events": "/events?" + a.feed_query()} for a in saved]
        return page(request, "alerts.html", rows=rows)

    @app.get("/disputes/{dispute_id}", response_class=HTMLResponse, include_in_schema=False)
    def dispute_page(request: Request, dispute_id: str) -> HTMLResponse:
        with store() as s:
            d = s.dispute(dispute_id)
            if d is None:
                raise HTTPException(404, f"no dispute {dispute_id}")
            events = [e for e in (s.event(eid) for eid in d["events"]) if e]
            ids = [*(d.get("articles") or []), *(c.get("article") for c in d.get("claims") or [])]
            ids += [x["article"] for r in d.get("timeline") or [] for x in r.get("sources") or []]
            arts = Q.article_meta(s._conn, ids)
        points = [{"date": Q_day(r.get("date")), "type": r["type"], "status": r["status"], "id": r["event_id"],
                   "color": TYPE_COLORS.get(r["type"])} for r in d.get("timeline") or [] if r.get("date")]
        sources = sorted(d.get("articles") or [], key=lambda a: ((arts.get(a) or {}).get("published") or "", a))
        return page(request, "dispute.html", d=d, events=events, points=points, arts=arts, sources=sources,
                    totals=present.dispute_totals(events), open=to_watch(d))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        with store() as s:
            a = s.article(article_id)
            if a is None:
                raise HTTPException(404, f"no article {article_id}")
            linked = Q.mention_events(s._conn, article_id)
            a["sources"] = sources_of(s, article_id)
        return page(request, "article.html", a=a, segments=segments(a, linked), linked=linked)

    @app.get("/feed.atom", include_in_schema=False)
    def feed(request: Request, f: Annotated[Q.EventFilters, Depends(filters)]) -> Response:
        f = Q.EventFilters(**{**f.params(), "sort": "seen", "order": "desc", "page": 1,
                              "per_page": min(f.per_page, 100)})
        with store() as s:
            rows, _ = Q.full_events(s._conn, f)
            arts = Q.article_meta(s._conn, [m["article"] for e in rows for m in e.get("mentions") or []])
            newest = s._conn.execute("SELECT max(published) FROM articles").fetchone()[0]
        base = str(request.base_url).rstrip("/")
        return Response(atom(rows, f, base, arts, newest), media_type="application/atom+xml; charset=utf-8")

    # ---------- API ----------

    @app.get("/api/events", tags=["events"], summary="List events")
    def api_events(
        f: Annotated[Q.EventFilters, Depends(filters)],
        type: str | None = _param("Only events of this type.", "one of: " + ", ".join(EVENT_TYPES), "strike"),
        status: str | None = _param("Only events whose status (as the latest reports tell it) is this.",
                                    "one of: " + ", ".join(STATUSES), "ongoing"),
        since: str | None = _param("Only events that start on or after this date.", _DATE, "2024-06"),
        until: str | None = _param("Only events that start on or before this date (a month or a year "
                                   "includes all of its days).", _DATE, "2024-12-31"),
        union: str | None = _param("Only events with a union whose name or alias contains this (any case).",
                                   "any text", "Teamsters"),
        employer: str | None = _param("Only events with an employer whose name or alias contains this "
                                      "(any case).", "any text", "Kaiser"),
        state: str | None = _param("Only events in this US state or region abroad.",
                                   "a US state code or name (CA, California) or a region abroad (Ontario)", "CA"),
        city: str | None = _param("Only events in this city, as the event pages write it (any case).",
                                  "a city name", "Los Angeles"),
        industry: str | None = _param("Only events in this industry (read from the employer's name).",
                                      "one of: " + ", ".join(INDUSTRIES), "health care"),
        q: str | None = _param("Full-text search: events whose articles contain every one of these words.",
                               "words (punctuation and search operators are searched for as words)",
                               "nurses staffing"),
        dispute: str | None = _param("Only the events of this dispute.", "a dispute id, as /api/disputes "
                                     "gives them", "seiu-local-99--lausd-2023"),
        min_confidence: Annotated[float | None, BLANK_IS_NONE, _param(
            "Only events whose confidence (the highest of their mentions': the extractor's probability "
            "that an article reports the event) is at least this; events of unknown confidence are left out.",
            "a number from 0 to 1", 0.8, annotated=True)] = None,
        added_since: str | None = _param(
            "Only events first reported here at or after this moment (UTC): the \"new since\" view.",
            "YYYY-MM-DD or YYYY-MM-DDTHH:MM", "2026-03-01T08:00"),
        sort: str = _param("What the list is ordered by (sources: the number of articles).",
                           "one of: " + ", ".join(Q.SORTS), "start_date", "start_date"),
        order: str = _param("Largest or latest first (desc), or the reverse (asc).", "asc or desc", "asc", "desc"),
        page: int = _PAGE,
        per_page: int = _param("How many events per page.", f"a whole number from 1 to {Q.PER_PAGE_MAX}", 20,
                               50, le=Q.PER_PAGE_MAX),
    ) -> dict[str, Any]:
        """Events across articles (the spec's linked output), filtered, sorted and paginated. A filter
        value that cannot be used (an unknown type, a date that is not a real date, a state that is
        none) is answered 400 with the reason, worded as the command line words it."""
        with store() as s:
            rows, total = Q.full_events(s._conn, f)
        return {"total": total, "page": f.page, "per_page": f.per_page, "events": rows}

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event")
    def api_event(event_id: str = _param("An event id, or the start of one that no other event id starts "
                                         "with.", "ev- and 12 hex digits, or a unique start of one",
                                         "ev-9e71f9e25925", where="path")) -> dict[str, Any]:
        """One event with its mentions (each article's report and its evidence)."""
        with store() as s:
            return one_event(s, event_id)

    @app.get("/api/disputes", tags=["disputes"], summary="List disputes")
    def api_disputes(
        watch: bool | None = _param("true: only disputes to watch (still open, at a stage that may lead to a "
                                    "strike: an impasse, a strike vote, a planned or threatened strike, an "
                                    "expired contract); false: the others.", "true or false", "true"),
        stage: str | None = _param("Only disputes at this stage (what their latest event says).",
                                   "one of: " + ", ".join(_stages()), "impasse"),
        union: str | None = _param("Only disputes with a union whose name or alias contains this (any case).",
                                   "any text", "SEIU"),
        employer: str | None = _param("Only disputes with an employer whose name or alias contains this "
                                      "(any case).", "any text", "Kaiser"),
        since: str | None = _param("Only disputes whose latest event is on or after this date.", _DATE,
                                   "2025-01"),
        page: int = _PAGE,
        per_page: int = _param("How many disputes per page.", f"a whole number from 1 to {Q.PER_PAGE_MAX}",
                               20, 50, ge=1, le=Q.PER_PAGE_MAX),
    ) -> dict[str, Any]:
        """Disputes (one employer and its unions over one contract cycle) with their parties, stage and
        dates, latest first."""
        with store() as s:
            try:
                rows = s.disputes(stage=stage or None, watch=True if watch else None, union=union or None,
                                  employer=employer or None, since=since or None)
            except ValueError as e:
                raise HTTPException(400, str(e)) from None
        if watch is not None:
            rows = [d for d in rows if to_watch(d) == watch]
        start = (page - 1) * per_page
        return {"total": len(rows), "page": page, "per_page": per_page, "disputes": rows[start:start + per_page]}

    @app.get("/api/disputes/{dispute_id}", tags=["disputes"], summary="One dispute")
    def api_dispute(dispute_id: str = _param("A dispute id, or the start of one that no other dispute id starts "
                                             "with.", "a dispute id, as /api/disputes gives them",
                                             "seiu-local-99--lausd-2023", where="path")) -> dict[str, Any]:
        """One dispute with its timeline (each event, its sources and evidence) and its claims."""
        with store() as s:
            d = s.dispute(dispute_id)
        if d is None:
            raise HTTPException(404, f"no dispute {dispute_id}")
        return d

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article")
    def api_article(article_id: str = _param("An article id, as it was ingested.", "an article id",
                                             "lat-2023-0321", where="path")) -> dict[str, Any]:
        """An article with its text, its mentions (with evidence offsets and the event each is linked
        into), its claims and its sources: when other outlets republished it, every outlet with its URL,
        headline, date and similarity (original: true for the copy stored); empty when published once."""
        with store() as s:
            a = s.article(article_id)
            if a is None:
                raise HTTPException(404, f"no article {article_id}")
            linked = Q.mention_events(s._conn, article_id)
            a["sources"] = sources_of(s, article_id)
        for e in a["events"]:
            e["event_id"] = linked.get(e["idx"])
        return a

    @app.get("/api/organizations", tags=["organizations"], summary="List unions and employers")
    def api_organizations(
        kind: str | None = _param("Only unions or only employers.", "union or employer", "union",
                                  pattern="^(union|employer)$"),
        q: str | None = _param("Only organizations whose name or an alias contains this (any case).", "any text",
                               "Local 99"),
        page: int = _PAGE,
        per_page: int = _param("How many organizations per page.", f"a whole number from 1 to {Q.PER_PAGE_MAX}",
                               20, 100, ge=1, le=Q.PER_PAGE_MAX),
    ) -> dict[str, Any]:
        """Canonical unions and employers with their aliases and why names were merged."""
        with store() as s:
            rows, total = Q.organizations(s._conn, kind, q, page, per_page)
        return {"total": total, "page": page, "per_page": per_page, "organizations": rows}

    @app.post("/api/articles", tags=["articles"], status_code=201, summary="Add an article")
    def api_post_article(article: ArticleIn,
                         authorization: Annotated[str | None, _param(
                             "The operator's token (writing is off when none is configured).",
                             "Bearer and the token", "Bearer 3f9c...", where="header", annotated=True)] = None,
                         ) -> dict[str, Any]:
        """Run the pipeline on an article and store it. Needs the bearer token the operator configured;
        the body is an article: id and text, optional title, published, url and source."""
        if not token:
            raise HTTPException(403, "writing is off: the operator has not configured a token")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not authorization or not authorization.startswith("Bearer ") or not hmac.compare_digest(given, token):
            raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})
        art = Article.from_dict(article.model_dump())
        from strikewatch.dedupe import source_key
        from strikewatch.ingest import ingest_items

        outcomes: list[str] = []
        with store() as s:
            # the path of every other article: a copy of one stored (syndication) becomes one more source
            # of it; only the part of the store it reaches is linked again; saved searches are alerted
            summary = ingest_items([art], s, on_progress=lambda _sm, outcome, _label: outcomes.append(outcome))
            if summary.failures:
                raise HTTPException(422, summary.failures[0].reason)
            outcome = outcomes[-1] if outcomes else "unchanged"
            if outcome == "syndicated":
                row = s._conn.execute("SELECT article_id FROM article_sources WHERE url = ? ORDER BY added DESC",
                                      (source_key(art),)).fetchone()
                copy_of = row[0] if row else None
                return {"id": art.id, "outcome": outcome, "copy_of": copy_of, "is_labor": None, "events": []}
            record = s.record(art.id)
            linked = Q.mention_events(s._conn, art.id)
        return {"id": art.id, "outcome": outcome, "copy_of": None, "is_labor": record.is_labor,
                "events": [{**e.to_dict(), "event_id": linked.get(i)} for i, e in enumerate(record.events)]}

    return app


def to_watch(d: dict[str, Any]) -> bool:
    """A dispute to watch: flagged by the linker (open: no deal has settled it; see link/disputes.py)."""
    return bool(d.get("watch"))


def channel_text(channel: str, target: str) -> str:
    """An alert's channel as the dashboard shows it, without what could be a secret: a webhook's scheme
    and host ("webhook https://hooks.example.org/…"), an address's first letter and domain."""
    if channel == "webhook":
        from urllib.parse import urlsplit

        parts = urlsplit(target)
        rest = "/…" if (parts.path not in ("", "/") or parts.query) else ""
        host = parts.hostname or "?"
        return f"webhook {parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}{rest}"
    name, _, domain = target.partition("@")
    return f"email {name[:1]}…@{domain}"


def web_url(value: Any) -> str | None:
    """The URL when it is a web address (http or https): other schemes are never made links."""
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def api_operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's operations for /docs: each parameter with its description, allowed values and example."""
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = []
            for p in op.get("parameters", []):
                schema = p.get("schema") or {}
                examples = schema.get("examples") or ([p["example"]] if "example" in p else [])
                kind = schema.get("type") or next((a.get("type") for a in schema.get("anyOf", [])
                                                    if a.get("type") not in (None, "null")), "string")
                params.append({"name": p["name"], "in": p["in"], "required": p.get("required", False),
                               "type": kind, "description": p.get("description") or "",
                               "allowed": schema.get("x-allowed") or ", ".join(map(str, schema.get("enum", []))),
                               "example": examples[0] if examples else None,
                               "default": schema.get("default")})
            example = path
            for p in params:
                if p["in"] == "path":
                    example = example.replace("{" + p["name"] + "}", str(p["example"]))
            query = [p for p in params if p["in"] == "query" and p["example"] is not None][:2]
            if method == "get" and query:
                example += "?" + "&".join(f"{p['name']}={str(p['example']).replace(' ', '+')}" for p in query)
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary") or "",
                        "description": op.get("description") or "", "params": params,
                        "body": "requestBody" in op, "tags": op.get("tags") or [], "example": example})
    return ops


def month_series(by_month: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Bars per type for the monthly chart, over every month from the first to the last (empty ones 0);
    x values are the months' first days, for a date axis."""
    months = sorted({k for m in by_month.values() for k in m})
    if not months:
        return []
    every = []
    y, m = int(months[0][:4]), int(months[0][5:7])
    end = (int(months[-1][:4]), int(months[-1][5:7]))
    while (y, m) <= end and len(every) < 2400:
        every.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return [{"type": t, "label": t.replace("_", " "), "x": [f"{k}-01" for k in every],
             "counts": [by_month[t].get(k, 0) for k in every], "color": TYPE_COLORS.get(t)}
            for t in EVENT_TYPES if t in by_month]


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


def atom_time(value: str | None) -> str | None:
    """A date of the spec ("2026-03-14", "2026-03", "2026") or an ISO time as an Atom (RFC 3339) time."""
    if not value:
        return None
    v = value.strip()
    try:
        if len(v) > 10:
            t = dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
            if t.tzinfo is None:
                t = t.replace(tzinfo=dt.UTC)
            return t.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        parts = [int(x) for x in v.split("-")]
        day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return f"{day.isoformat()}T00:00:00Z"


def source_name(meta: dict[str, Any] | None, article_id: str) -> str:
    """A source as a reader knows it: outlet and headline ("Toledo Ledger: “Nurses strike”"), else the id."""
    meta = meta or {}
    bits = [b for b in (meta.get("source"), f"“{meta['title']}”" if meta.get("title") else None) if b]
    return ": ".join(bits) if bits else article_id


def atom(rows: list[dict[str, Any]], f: Q.EventFilters, base: str, arts: dict[str, dict[str, Any]] | None = None,
         newest: str | None = None) -> bytes:
    """An Atom feed of events (the latest added first) for the filters; every value is escaped by ElementTree.

    Each entry is the event's heading, ``updated`` at its latest report's date, with the evidence of
    its reports quoted and linked to their articles (``rel="via"``: the original URL where known).
    The feed's ``updated`` is its latest report's date (``newest``, the latest article's, when empty).
    """
    arts = arts or {}
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    desc = ", ".join(f"{k}={v}" for k, v in f.params().items() if k not in ("sort", "order", "per_page"))
    ET.SubElement(feed, f"{{{ns}}}title").text = "strikewatch events" + (f" ({desc})" if desc else "")
    ET.SubElement(feed, f"{{{ns}}}id").text = f"{base}/feed.atom?{f.query(sort='seen')}"
    ET.SubElement(feed, f"{{{ns}}}link", href=f"{base}/events?{f.query(sort='seen', per_page=50)}")
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=f"{base}/feed.atom?{f.query()}")
    updated = ET.SubElement(feed, f"{{{ns}}}updated")
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = "strikewatch"
    latest: list[str] = []
    for ev in rows:
        mentions = sorted(ev.get("mentions") or [], key=lambda m: (m.get("published") or "", m["article"]))
        when = max((t for t in (atom_time(m.get("published")) for m in mentions) if t), default=None)
        when = when or atom_time(ev.get("first_seen")) or atom_time(newest) or "1970-01-01T00:00:00Z"
        latest.append(when)
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        title = present.event_heading(ev)
        ET.SubElement(entry, f"{{{ns}}}title").text = title
        ET.SubElement(entry, f"{{{ns}}}id").text = f"{base}/events/{ev['event_id']}"
        ET.SubElement(entry, f"{{{ns}}}link", href=f"{base}/events/{ev['event_id']}")
        ET.SubElement(entry, f"{{{ns}}}updated").text = when
        ET.SubElement(entry, f"{{{ns}}}category", term=ev["type"], label=ev["type"].replace("_", " "))
        html: list[str] = [f"<p>{escape(title)} ({escape(ev['status'])}).</p>"]
        for m in mentions:
            meta = arts.get(m["article"]) or {}
            url = web_url(meta.get("url"))
            href = url or f"{base}/articles/{m['article']}"
            name = source_name(meta, m["article"])
            ET.SubElement(entry, f"{{{ns}}}link", rel="via" if url else "related", href=href, title=name)
            for text in m.get("evidence") or []:
                html.append(f"<blockquote>“{escape(text)}”</blockquote>")
            day = present.day_text(m.get("published") or meta.get("published"))
            html.append(Markup('<p>— <a href="{}">{}</a>{}</p>').format(href, name, f", {day}" if day else ""))
        summary = f"{title} ({ev['status']}). {present.plural(len(mentions), 'source')}."
        if ev.get("confidence") is not None:
            summary += f" Confidence: {conf_text(ev['confidence'])}."
            html.append(f"<p>Confidence: {conf_text(ev['confidence'])}.</p>")
        ET.SubElement(entry, f"{{{ns}}}summary").text = summary
        ET.SubElement(entry, f"{{{ns}}}content", type="html").text = "\n".join(str(h) for h in html)
    updated.text = max(latest) if latest else (atom_time(newest) or "1970-01-01T00:00:00Z")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
