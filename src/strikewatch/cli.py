"""The ``strikewatch`` command: a thin shell over the library.

Every command reports an input it cannot handle as one line on stderr,
``error: <path>: <reason>``, goes on with the rest, and exits 1 when anything
failed (0 otherwise).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Annotated, Any, Literal

import typer
from rich import box
from rich.console import Console, RenderableType
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from strikewatch import __version__
from strikewatch.export import export, mention_row, org_names, place, write_mentions
from strikewatch.ingest import Failure, IngestSummary, extract_paths, ingest_items, read_items
from strikewatch.model import EVENT_TYPES, STATUSES
from strikewatch.present import event_date_text, event_heading, plural
from strikewatch.store import Store, StoreError, open_store

app = typer.Typer(
    name="strikewatch",
    help="Read news about labor disputes; extract, store and query labor events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DB_DEFAULT = "strikewatch.db"
EVIDENCE_STYLE = "bold yellow"
TAG_STYLE = "bold black on cyan"


# ---------- helpers ----------


def _out() -> Console:
    return Console(highlight=False)


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _print_err(console: Console, line: str) -> None:
    """One plain line on stderr: no markup, no highlighting, no wrapping."""
    console.print(line, markup=False, highlight=False, soft_wrap=True, emoji=False)


def _fail(message: str, code: int = 1) -> typer.Exit:
    _print_err(_err(), f"error: {message}")
    return typer.Exit(code)


def _choice(allowed: tuple[str, ...]) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and value not in allowed:
            raise typer.BadParameter(f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    return check


def _date_filter(option: str) -> Callable[[str | None], str | None]:
    """A ``--since``/``--until`` value: YYYY, YYYY-MM or YYYY-MM-DD, and a real date (2026-02-30 is not)."""

    def check(value: str | None) -> str | None:
        from strikewatch.store.queries import BadFilter, check_date

        try:
            check_date(option.lstrip("-"), value)
        except BadFilter as e:
            raise typer.BadParameter(str(e)) from None
        return value

    return check


def _state(value: str | None) -> str | None:
    """A ``--state`` value: a US state (code or name) or a region abroad that the gazetteer knows."""
    from strikewatch.store.queries import BadFilter, check_state

    try:
        check_state(value)
    except BadFilter as e:
        raise typer.BadParameter(str(e)) from None
    return value


def _unit_interval(value: float | None) -> float | None:
    """A probability threshold: 0 to 1 (NaN is not one)."""
    if value is not None and not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise typer.BadParameter(f"{value} is not a number from 0 to 1")
    return value


MinConfidenceOption = Annotated[
    float | None,
    typer.Option("--min-confidence", callback=_unit_interval, show_default=False,
                 help="Only events the extractor is at least this sure of: its probability that the article "
                      "reports the event, 0 to 1 (linked events: the highest of their mentions'). Events of "
                      "unknown confidence are left out."),
]


def _conf(value: Any) -> str:
    """A confidence in a table: two decimals, or empty when unknown."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return f"{float(value):.2f}"


@contextlib.contextmanager
def _store(db: str, create: bool = False) -> Iterator[Store]:
    try:
        store = open_store(db, create=create)
    except StoreError as e:
        is_file = "://" not in db
        hint = " (run `strikewatch ingest PATH... --db FILE` first)" if is_file and not Path(db).exists() else ""
        raise _fail(f"{e}{hint}") from None
    with store:
        yield store


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        yield fh


DbOption = Annotated[
    str,
    typer.Option("--db", envvar="STRIKEWATCH_DB", show_default=True,
                 help="The SQLite database file, or a PostgreSQL server: postgresql://user@host/dbname."),
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"strikewatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Read news about labor disputes; extract, store and query labor events."""


# ---------- extract ----------


@app.command()
def extract(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Files or directories: .json, .jsonl, .gz, .txt, .html, "
                                                        ".warc (kept as written: a URL is named, not mangled).")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write JSON lines here (default: stdout).")
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", metavar="P", min=0.0, max=1.0,
                     help="Report events down to this probability (default 0.6; lower for recall, down to the "
                          "models' floor of 0.2; higher for precision).", show_default=False),
    ] = None,
) -> None:
    """Extract one record per article, as JSON lines."""
    err = _err()
    failures: list[Failure] = []

    def on_failure(f: Failure) -> None:
        failures.append(f)
        _print_err(err, f.line())

    extract_fn = None
    if min_confidence is not None:
        from functools import partial

        from strikewatch.extract.pipeline import extract_article

        extract_fn = partial(extract_article, min_confidence=min_confidence)
    with _output(output) as fh:
        for _article, record in extract_paths(paths, on_failure=on_failure, extract_fn=extract_fn):
            fh.write(json.dumps(record.to_dict()) + "\n")
            fh.flush()
    if failures:
        raise typer.Exit(1)


# ---------- ingest ----------


class _IngestProgress(Progress):
    """The ingest bar (done of total, counts, time), then the input last done on a line of its
    own: a long file name folds onto the next lines rather than being cut."""

    current = ""

    def get_renderables(self) -> Iterator[RenderableType]:
        yield self.make_tasks_table(self.tasks)
        if self.current:
            yield Text(self.current, overflow="fold")


def _need_ray() -> None:
    try:
        import ray  # noqa: F401
    except ImportError:
        raise _fail("--engine ray needs Ray, which is an extra: pip install -e '.[ray]'", 2) from None


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Files or directories: .json, .jsonl, .gz, .txt, .html, "
                                                        ".warc; or web pages, http(s)://... (fetched politely: "
                                                        "robots.txt, timeouts, 5 MB at most).")
    ],
    db: DbOption = DB_DEFAULT,
    force: Annotated[
        bool, typer.Option("--force", help="Extract again articles already stored unchanged.")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Extraction processes (one writer); default 1.")
    ] = 1,
    engine: Annotated[
        Literal["local", "ray"], typer.Option("--engine", help="local processes, or a Ray cluster (Ray Data).")
    ] = "local",
    ray_address: Annotated[
        str | None, typer.Option("--ray-address", help="Ray cluster address (default: $RAY_ADDRESS, else a "
                                                        "local cluster).", show_default=False)
    ] = None,
) -> None:
    """Read, extract and store articles; unchanged articles are skipped."""
    if engine == "ray":
        _need_ray()
    # the bar's console wraps (``err`` does not, and a live display crops what it does not wrap)
    bar = Console(stderr=True, highlight=False)
    total: int | None = None
    from strikewatch.fetch import is_web_address

    urls = [p for p in paths if is_web_address(p)]
    files = [p for p in paths if not is_web_address(p)]
    if bar.is_terminal:  # the bar is drawn: count the inputs first, so that it shows done of total
        from strikewatch.read import count_paths

        with bar.status("counting the inputs", spinner="dots"):
            total = count_paths(files) + len(urls)
    with _store(db, create=True) as store:
        with _IngestProgress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=bar,
            transient=True,
            disable=not bar.is_terminal,
        ) as progress:
            task = progress.add_task("ingesting", total=total, counts="")

            def on_progress(summary: IngestSummary, outcome: str, label: str) -> None:
                progress.current = f"{outcome} {label}"
                progress.update(task, advance=1, counts=summary.line())
                done = progress.tasks[0]
                if done.total is not None and done.completed > done.total:  # a file grew since it was counted
                    progress.update(task, total=done.completed)

            summary = ingest_items(
                _ingest_inputs(files, urls),
                store,
                on_progress=on_progress,
                on_failure=lambda f: _print_err(progress.console, f.line()),
                force=force,
                workers=workers,
                engine=engine,
                ray_address=ray_address,
            )
    syndicated = f", syndicated {summary.syndicated}" if summary.syndicated else ""  # copies kept as sources
    _out().print(summary.line() + syndicated, markup=False)
    if summary.linked:
        n = summary.linked
        _out().print(f"linked: {plural(n['events'], 'event')} in {plural(n['disputes'], 'dispute')}", markup=False)
    if not summary.ok:
        raise typer.Exit(1)


def _ingest_inputs(files: list[str], urls: list[str]) -> Iterator[Any]:
    """Articles and read errors: the files', then the web pages' (fetched as ``watch`` fetches)."""
    if files:
        yield from read_items(files)
    if urls:
        from strikewatch.fetch import Fetcher, fetch_article

        with Fetcher() as fetcher:
            for url in urls:
                yield fetch_article(url, fetcher)


# ---------- watch ----------


class _LogToConsole:
    """A logging handler that prints each warning as one ``error: URL: reason`` line on a console
    (above a live display, when one is drawn)."""

    def __init__(self, console: Console) -> None:
        import logging

        class Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                try:
                    _print_err(console, f"error: {record.getMessage()}")
                except Exception:  # noqa: BLE001 - logging must never raise
                    self.handleError(record)

        self.handler = Handler(logging.WARNING)


def _ago(when: Any, now: Any) -> str:
    if when is None:
        return "never"
    secs = (now - when).total_seconds()
    return f"{secs:.0f} s ago" if secs < 120 else f"{secs / 60:.0f} min ago" if secs < 7200 else when.strftime("%m-%d %H:%M")


def _until(when: Any, now: Any) -> str:
    if when is None:
        return "now"
    secs = (when - now).total_seconds()
    return "due" if secs <= 0 else f"in {secs:.0f} s" if secs < 120 else f"in {secs / 60:.0f} min"


def _watch_table(statuses: list[Any]) -> Table:
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    t = Table(box=box.SIMPLE_HEAD, caption=f"{plural(len(statuses), 'source')} · Ctrl-C stops", pad_edge=False)
    for name, kw in (("source", {"overflow": "fold"}), ("kind", {}), ("last fetch", {"no_wrap": True}),
                     ("result", {}), ("items", {"justify": "right"}), ("errors", {"justify": "right"}),
                     ("next poll", {"no_wrap": True}), ("last error", {"overflow": "ellipsis", "max_width": 50})):
        t.add_column(name, **kw)
    for s in statuses:
        t.add_row(*_cells(s.name or s.id, s.kind, _ago(s.last_fetch, now), s.last_result or "",
                          s.items, s.errors, _until(s.next_poll, now), s.last_error or ""))
    return t


@app.command("watch")
def watch_cmd(
    sources_file: Annotated[
        Path | None, typer.Argument(metavar="[SOURCES]", show_default=False,
                                    help="A TOML file of sources: \\[\\[source]] tables with url, and optional kind "
                                         "(rss, atom, sitemap: sniffed when not given), interval, name.")
    ] = None,
    feed: Annotated[
        list[str] | None, typer.Option("--feed", metavar="URL", show_default=False,
                                       help="A feed (RSS, Atom) or news sitemap to watch; repeat for more.")
    ] = None,
    db: DbOption = DB_DEFAULT,
    once: Annotated[bool, typer.Option("--once", help="Poll every source once and exit (for cron).")] = False,
    interval: Annotated[
        str, typer.Option("--interval", metavar="DURATION",
                          help="Seconds between polls of a source that gives none (90, 90s, 15m, 1h).")
    ] = "15m",
    log_file: Annotated[
        Path | None, typer.Option("--log", metavar="FILE", show_default=False,
                                  help="Also log every fetch, poll and failure to this file.")
    ] = None,
    host_delay: Annotated[
        float, typer.Option("--host-delay", metavar="SECONDS", min=0.0,
                            help="Seconds between two requests to one host (robots.txt's Crawl-delay may ask more).")
    ] = 1.0,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", min=0.1, help="Seconds to connect and between reads.")
    ] = 15.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Fetches at a time (at most 2 per host).")] = 8,
) -> None:
    """Poll feeds and news sitemaps; read, extract and store each new article, each source at its interval.

    What it knows (seen URLs, ETags, the time of each poll) is kept in the store: a restart fetches nothing twice. Failures are one line each and never stop it; Ctrl-C stops it.
    """
    import logging
    import signal
    import threading

    from strikewatch.fetch import Fetcher, is_web_address
    from strikewatch.watch import Source, SourcesError, load_sources, parse_interval, source_statuses, watch

    try:
        every = parse_interval(interval)
        sources = load_sources(sources_file, interval=every) if sources_file is not None else []
    except SourcesError as e:
        raise _fail(str(e), 2) from None
    known = {s.id for s in sources}
    for url in feed or []:
        s = Source(url=url.strip(), interval=every)
        if not is_web_address(s.url):
            raise _fail(f"--feed {url}: not an http(s) address", 2)
        if s.id not in known:
            known.add(s.id)
            sources.append(s)
    if not sources:
        raise _fail("nothing to watch: give a sources file (TOML) or --feed URL", 2)

    err = Console(stderr=True, highlight=False)
    logger = logging.getLogger("strikewatch")
    handlers: list[logging.Handler] = [_LogToConsole(err).handler]
    if log_file is not None:
        try:
            fh = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as e:
            raise _fail(f"{log_file}: {(e.strerror or str(e)).lower()}", 2) from None
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        fh.setLevel(logging.INFO)
        handlers.append(fh)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    for h in handlers:
        logger.addHandler(h)
    stop = threading.Event()
    old_signals: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        def on_signal(signum: int, _frame: Any) -> None:
            if stop.is_set():
                raise KeyboardInterrupt
            stop.set()  # the poll under way finishes; a second Ctrl-C interrupts it

        for sig in (signal.SIGINT, signal.SIGTERM):
            old_signals[sig] = signal.signal(sig, on_signal)
    try:
        with _store(db, create=True) as store, Fetcher(host_delay=host_delay, timeout=timeout) as fetcher:
            live = None
            if not once and err.is_terminal:
                from rich.live import Live

                live = Live(console=err, refresh_per_second=4, transient=False)
            last = [0.0]

            def on_status() -> None:
                import time

                if live is None or time.monotonic() - last[0] < 0.25:
                    return
                last[0] = time.monotonic()
                live.update(_watch_table(source_statuses(store, sources)))

            with live if live is not None else contextlib.nullcontext():
                if live is not None:
                    live.update(_watch_table(source_statuses(store, sources)))
                try:
                    summary = watch(store, sources, fetcher, once=once, stop=stop, workers=workers,
                                    on_status=on_status)
                except KeyboardInterrupt:
                    summary = None
                if live is not None:
                    live.update(_watch_table(source_statuses(store, sources)))
    finally:
        for sig, handler in old_signals.items():
            signal.signal(sig, handler)
        for h in handlers:
            logger.removeHandler(h)
            h.close()
        logger.setLevel(old_level)
    if summary is None:
        _out().print("interrupted", markup=False)
        raise typer.Exit(130)
    _out().print(summary.line(), markup=False, soft_wrap=True)
    if summary.linked:
        n = summary.linked
        _out().print(f"linked: {plural(n['events'], 'event')} in {plural(n['disputes'], 'dispute')}", markup=False)
    if once and not summary.ok:
        raise typer.Exit(1)


# ---------- events and mentions ----------

#: the choices of ``--format`` for every listing command (``export`` adds parquet)
ListFormat = Literal["table", "json", "jsonl", "csv"]
FormatOption = Annotated[
    ListFormat,
    typer.Option("--format", metavar="FORMAT", help="table (for reading), json, jsonl (one object a line) or csv."),
]


def _listing_console() -> Console:
    """A console for tables: piped to a file or a pager, never wrapped or cut (ids stay whole)."""
    console = _out()
    if not console.is_terminal:
        console.width = 10_000
    return console


def _emit(fmt: str, items: list[dict[str, Any]], table: Callable[[list[dict[str, Any]]], Table],
          write_csv: Callable[[list[dict[str, Any]], IO[str]], Any]) -> None:
    """Write a listing in ``fmt``: a table for people, JSON (one array), JSON lines, or CSV."""
    if fmt == "json":
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "jsonl":
        for item in items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(items, sys.stdout)
    else:
        _listing_console().print(table(items))


def _table(caption: str) -> Table:
    return Table(caption=caption, caption_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)


def _cells(*values: Any) -> list[Text]:
    return [Text("" if v is None else str(v)) for v in values]


def _count(value: Any) -> str:
    return "" if value is None else f"{value:,}"


def _event_table(events: list[dict[str, Any]]) -> Table:
    table = _table(plural(len(events), "event"))
    for name, kw in (
        ("event", {"no_wrap": True}),
        ("type", {"overflow": "fold"}),
        ("status", {"overflow": "fold"}),
        ("date", {"no_wrap": True}),
        ("unions", {}),
        ("employers", {}),
        ("place", {}),
        ("participants", {"justify": "right"}),
        ("sources", {"justify": "right"}),
        ("conf.", {"justify": "right", "no_wrap": True}),
    ):
        table.add_column(name, **kw)
    for ev in events:
        table.add_row(*_cells(ev.get("event_id"), ev.get("type"), ev.get("status"), event_date_text(ev),
                              org_names(ev.get("unions")), org_names(ev.get("employers")), place(ev),
                              _count(ev.get("participants")), len(ev.get("mentions") or []),
                              _conf(ev.get("confidence"))))
    return table


def _mention_table(mentions: list[dict[str, Any]]) -> Table:
    table = _table(plural(len(mentions), "mention"))
    for name, kw in (
        ("article", {"no_wrap": True}),
        ("#", {"justify": "right", "no_wrap": True}),
        ("event", {"no_wrap": True}),
        ("type", {"overflow": "fold"}),
        ("status", {"overflow": "fold"}),
        ("date", {"no_wrap": True}),
        ("unions", {}),
        ("employers", {}),
        ("place", {}),
        ("participants", {"justify": "right"}),
        ("conf.", {"justify": "right", "no_wrap": True}),
    ):
        table.add_column(name, **kw)
    for m in mentions:
        table.add_row(*_cells(m.get("article_id"), (m.get("idx") or 0) + 1, m.get("event_id") or "",
                              m.get("type"), m.get("status"), event_date_text(m, m.get("published")),
                              org_names(m.get("unions")), org_names(m.get("employers")), place(m),
                              _count(m.get("participants")), _conf(m.get("confidence"))))
    return table


def _write_event_csv(events: list[dict[str, Any]], fh: IO[str]) -> None:
    from strikewatch import export_linked as xl

    xl.write_csv(xl.EVENT_COLUMNS, [xl.event_row(e) for e in events], fh)


TypeOption = Annotated[
    str | None,
    typer.Option("--type", metavar="TYPE", callback=_choice(EVENT_TYPES), help="Event type: " + ", ".join(EVENT_TYPES)),
]
StatusOption = Annotated[
    str | None,
    typer.Option("--status", metavar="STATUS", callback=_choice(STATUSES), help="Status: " + ", ".join(STATUSES)),
]
UnionOption = Annotated[str | None, typer.Option(metavar="TEXT", help="Part of a union's name or alias (any case).")]
EmployerOption = Annotated[
    str | None, typer.Option(metavar="TEXT", help="Part of an employer's name or alias (any case).")
]
StateOption = Annotated[
    str | None,
    typer.Option(metavar="STATE", callback=_state,
                 help="US state (code or name: CA, California) or a region abroad (Ontario)."),
]
SinceOption = Annotated[
    str | None, typer.Option(metavar="DATE", callback=_date_filter("--since"),
                             help="Start date on or after: YYYY, YYYY-MM or YYYY-MM-DD.")
]
UntilOption = Annotated[
    str | None, typer.Option(metavar="DATE", callback=_date_filter("--until"),
                             help="Start date on or before: YYYY, YYYY-MM or YYYY-MM-DD.")
]
LimitOption = Annotated[int | None, typer.Option(metavar="N", min=0, help="At most this many.")]


@app.command()
def events(
    db: DbOption = DB_DEFAULT,
    type: TypeOption = None,
    status: StatusOption = None,
    union: UnionOption = None,
    employer: EmployerOption = None,
    state: StateOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    min_confidence: MinConfidenceOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List events (each linked across the articles that report it), latest first, filtered."""
    filters = dict(type=type, status=status, union=union, employer=employer, state=state, since=since,
                   until=until, limit=limit, min_confidence=min_confidence)
    _listing(db, lambda store: store.events(**filters, latest_first=True), fmt, _event_table, _write_event_csv)


@app.command()
def mentions(
    db: DbOption = DB_DEFAULT,
    type: TypeOption = None,
    status: StatusOption = None,
    union: UnionOption = None,
    employer: EmployerOption = None,
    state: StateOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    min_confidence: MinConfidenceOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List mentions (each article's own reports of events, with the event each is linked into), latest first."""
    filters = dict(type=type, status=status, union=union, employer=employer, state=state, since=since,
                   until=until, limit=limit, min_confidence=min_confidence)
    _listing(db, lambda store: store.mentions(**filters), fmt, _mention_table,
             lambda items, fh: write_mentions(items, fh, "csv"))


def _listing(db: str, fetch: Callable[[Store], list[dict[str, Any]]], fmt: str,
             table: Callable[[list[dict[str, Any]]], Table],
             write_csv: Callable[[list[dict[str, Any]], IO[str]], Any]) -> None:
    """Fetch a listing from the store (a bad filter: exit 2 with its message) and write it in ``fmt``."""
    with _store(db) as store:
        try:
            found = fetch(store)
        except ValueError as e:
            raise _fail(str(e), 2) from None
    _emit(fmt, found, table, write_csv)


# ---------- show ----------


def _event_lines(n: int, ev: dict[str, Any]) -> Text:
    t = Text()
    t.append(f" E{n} ", style=TAG_STYLE)
    t.append(f" {ev.get('type')} ", style="bold")
    t.append(f"({ev.get('status')})")
    when = event_date_text(ev, ev.get("published"))
    if when:
        t.append(f"  {when}")
    t.append("\n")
    rows: list[tuple[str, str]] = []
    for key in ("unions", "employers"):
        orgs = ev.get(key) or []
        if orgs:
            rows.append(
                (
                    key,
                    "; ".join(
                        o["name"] + (f" ({', '.join(o['aliases'])})" if o.get("aliases") else "")
                        for o in orgs
                    ),
                )
            )
    if place(ev):
        rows.append(("place", place(ev)))
    for key, label in (("participants", "participants"), ("unit_size", "unit size")):
        if ev.get(key) is not None:
            rows.append((label, f"{ev[key]:,}"))
    if ev.get("demands"):
        rows.append(("demands", ", ".join(ev["demands"])))
    if _conf(ev.get("confidence")):
        rows.append(("confidence", _conf(ev.get("confidence"))))
    res = ev.get("result")
    if res:
        pct = f" {res['pct']}%" if res.get("pct") is not None else ""
        rows.append(("result", ("approved" if res.get("approved") else "rejected") + pct))
    if ev.get("event_id"):
        rows.append(("event", ev["event_id"]))
    for label, value in rows:
        t.append(f"     {label}: ", style="dim")
        t.append(value + "\n")
    return t


def _spans(text: str, ev: dict[str, Any]) -> list[tuple[int, int]]:
    """The evidence spans of an event, by offset, or found in the text when offsets are missing."""
    out = []
    spans = ev.get("evidence_spans") or [
        {"text": s, "start": -1, "end": -1} for s in ev.get("evidence") or []
    ]
    for s in spans:
        start, end, sent = s.get("start", -1), s.get("end", -1), s.get("text") or ""
        if not (0 <= start < end <= len(text) and text[start:end] == sent):
            start = text.find(sent) if sent else -1
            end = start + len(sent)
        if start >= 0 and end > start:
            out.append((start, end))
    return out


def highlight_evidence(text: str, events: list[dict[str, Any]]) -> Text:
    """The article text with each event's evidence styled and tagged ``E1``, ``E2``… where it starts."""
    starts: dict[int, list[int]] = {}
    ranges: list[tuple[int, int]] = []
    for n, ev in enumerate(events, 1):
        for start, end in _spans(text, ev):
            starts.setdefault(start, [])
            if n not in starts[start]:
                starts[start].append(n)
            ranges.append((start, end))
    cuts = sorted({0, len(text), *starts, *(e for _, e in ranges)})
    out = Text()
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a in starts:
            out.append(" " + ",".join(f"E{n}" for n in starts[a]) + " ", style=TAG_STYLE)
        inside = any(s <= a < e for s, e in ranges)
        out.append(text[a:b], style=EVIDENCE_STYLE if inside else "")
    return out


def _ambiguous(kind: str, ref: str, ids: list[str], limit: int = 10) -> str:
    more = " ..." if len(ids) > limit else ""
    return f"{ref!r} is the start of more than one {kind} id: {', '.join(ids[:limit])}{more}"


@app.command()
def show(
    ref: Annotated[str, typer.Argument(metavar="ID", help="An article id, or an event id (ev-...) or a unique "
                                                         "start of one (see `strikewatch events`).")],
    db: DbOption = DB_DEFAULT,
) -> None:
    """Show an article (its mentions, and its text with their evidence highlighted) or an event (what
    happened, and each article's report of it)."""
    with _store(db) as store:
        a = store.article(ref)
        if a is None:
            event_ids = store.matching_ids("events", ref)
            if len(event_ids) == 1:
                ev = store.event(event_ids[0])
                assert ev is not None
                titles = {m["article"]: store.article(m["article"]) for m in ev.get("mentions") or []}
                from strikewatch.dedupe import sources_of

                for aid, art in titles.items():
                    if art is not None:
                        art["sources"] = sources_of(store, aid)
                _show_event(ev, titles)
                return
            if len(event_ids) > 1:
                raise _fail(_ambiguous("event", ref, event_ids))
            article_ids = store.matching_ids("articles", ref)
            if len(article_ids) > 1:
                raise _fail(_ambiguous("article", ref, article_ids))
            if not article_ids:
                raise _fail(f"no article or event {ref!r} in {db}")
            a = store.article(article_ids[0])
            assert a is not None
        from strikewatch.dedupe import sources_of

        a["sources"] = sources_of(store, a["id"])
    _show_article(a)


def _show_event(ev: dict[str, Any], articles: dict[str, dict[str, Any] | None]) -> None:
    console = _listing_console()  # piped: lines whole
    console.print(Text(f"event {ev['event_id']}", style="dim"))
    console.print(Text(event_heading(ev), style="bold"))
    console.print(_event_lines(1, {**ev, "event_id": None}), end="")
    if ev.get("dispute_id"):
        console.print(Text(f"     dispute: {ev['dispute_id']}", style="dim"))
    mentions = ev.get("mentions") or []
    console.print()
    console.print(Text(f"reported in {plural(len(mentions), 'article')}", style="bold"))
    for m in mentions:
        art = articles.get(m["article"]) or {}
        head = " · ".join(x for x in (m.get("published"), art.get("source"), art.get("title") or m["article"]) if x)
        console.print(Text(f"  {head}"))
        console.print(Text(f"    {m['article']}: {m.get('status')}" + (f", {m['start_date']}" if m.get("start_date")
                                                                      else ""), style="dim"))
        if any(not x.get("original") for x in art.get("sources") or []):
            console.print(Text(f"    {_also_published(art['sources'])}", style="dim"))
        for sent in dict.fromkeys(m.get("evidence") or []):
            console.print(Text(f"    \u201c{sent}\u201d", style=EVIDENCE_STYLE))


def _also_published(sources: list[dict[str, Any]]) -> str:
    """The other outlets of a syndicated article (``strikewatch.dedupe.sources_of``), with their dates."""
    return "also published by: " + ", ".join(
        f"{x.get('outlet') or x['url']} ({x.get('published') or 'date not stated'})"
        for x in sources if not x.get("original"))


def _show_article(a: dict[str, Any]) -> None:
    console = _listing_console()  # piped: lines whole
    console.print(Text(f"article {a['id']}", style="dim"))
    console.print(Text(a.get("title") or a["id"], style="bold"))
    meta = [
        f"published {a.get('published') or 'unknown'}",
        *(x for x in (a.get("source"), a.get("url")) if x),
    ]
    console.print(Text(" · ".join(meta), style="dim"))
    if any(not x.get("original") for x in a.get("sources") or []):  # syndicated: one report, more outlets
        console.print(Text(_also_published(a["sources"])))
    evs = a.get("events") or []
    if not a.get("is_labor"):
        console.print(Text("not a labor article", style="italic"))
    console.print()
    for n, ev in enumerate(evs, 1):
        console.print(_event_lines(n, {**ev, "published": a.get("published")}), end="")
    claims = a.get("claims") or []
    if claims:
        console.print(Text("claims", style="bold"))
        for c in claims:
            years = f" over {c['years']} years" if c.get("years") else ""
            console.print(Text(f"  {c['party']} {c['kind']}: {c['measure']} {c['value']}{years}"))
    console.print()
    console.print(highlight_evidence(a.get("text") or "", evs))


# ---------- export ----------


@app.command("export")
def export_cmd(
    what: Annotated[
        Literal["events", "disputes", "articles", "mentions"],
        typer.Option("--what", metavar="WHAT", help="events (linked across articles), disputes, articles, or mentions "
                                    "(each article's own events)."),
    ] = "events",
    fmt: Annotated[Literal["json", "jsonl", "csv", "parquet"], typer.Option(
        "--format", metavar="FORMAT", help="json, jsonl (one object a line), csv or parquet.")] = "jsonl",
    schema: Annotated[
        Literal["lat"] | None,
        typer.Option("--schema", help="lat: the Labor Action Tracker's columns (events as csv or parquet)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file (default: stdout; parquet needs a file).")
    ] = None,
    min_confidence: MinConfidenceOption = None,
    db: DbOption = DB_DEFAULT,
) -> None:
    """Export what is stored: linked events (jsonl = the spec's linked output), disputes, articles, mentions."""
    if fmt == "parquet" and (output is None or str(output) == "-"):
        raise _fail("parquet needs an output file: -o FILE", 2)
    if schema == "lat" and (what != "events" or fmt in ("json", "jsonl")):
        raise _fail("--schema lat is for --what events with --format csv or parquet", 2)
    if min_confidence is not None and what not in ("events", "mentions"):
        raise _fail("--min-confidence is for --what events or mentions", 2)
    filters: dict[str, Any] = {} if min_confidence is None else {"min_confidence": min_confidence}
    with _store(db) as store:
        if fmt == "parquet":
            n = export(store, what, fmt, str(output), schema, **filters)
        else:
            with _output(output) as fh:
                n = export(store, what, fmt, fh, schema, **filters)
    if output is not None and str(output) != "-":
        _print_err(_err(), f"wrote {plural(n, what.rstrip('s'))} to {output}")


# ---------- disputes ----------


@app.command()
def relink(db: DbOption = DB_DEFAULT) -> None:
    """Rebuild events across articles, disputes and organizations from every stored mention."""
    with _store(db) as store:
        n = store.relink()
    _out().print(f"linked {plural(n['events'], 'event')} in {plural(n['disputes'], 'dispute')} "
                 f"({plural(n['organizations'], 'organization')})")


def _dispute_table(rows: list[dict[str, Any]]) -> Table:
    t = _table(plural(len(rows), "dispute"))
    t.add_column("dispute", no_wrap=True)
    t.add_column("union / employer", overflow="fold")
    t.add_column("dates", overflow="fold")
    t.add_column("events", justify="right")
    t.add_column("stage", overflow="fold")
    for d in rows:
        stage = Text(d.get("stage") or "", style="bold red" if d.get("watch") else "")
        dates = d.get("first_date") or ""
        if d.get("last_date") and d.get("last_date") != d.get("first_date"):
            dates += f" to {d['last_date']}"
        t.add_row(d["dispute_id"], d.get("title") or "", dates, str(len(d["events"])), stage)
    return t


def _write_dispute_csv(rows: list[dict[str, Any]], fh: IO[str]) -> None:
    from strikewatch import export_linked as xl

    xl.write_csv(xl.DISPUTE_COLUMNS, [xl.dispute_row(d) for d in rows], fh)


@app.command()
def disputes(
    union: UnionOption = None,
    employer: EmployerOption = None,
    stage: Annotated[str | None, typer.Option(metavar="STAGE", help="Where the dispute stands now, as its latest "
                                                                    "event says: 'impasse', 'on strike', ...")] = None,
    watch: Annotated[bool, typer.Option("--watch", help="Only disputes to watch (impasse, strike vote, planned "
                                                         "strike, expired contract).")] = False,
    since: Annotated[str | None, typer.Option(metavar="DATE", callback=_date_filter("--since"),
                                              help="Latest event on or after YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    fmt: FormatOption = "table",
    db: DbOption = DB_DEFAULT,
) -> None:
    """List disputes with their parties, dates and stage (where each stands now)."""
    _listing(db, lambda store: store.disputes(stage=stage, watch=True if watch else None, union=union,
                                              employer=employer, since=since), fmt, _dispute_table, _write_dispute_csv)


def _find_dispute(store: Store, ref: str, db: str) -> dict[str, Any]:
    ids = store.matching_ids("disputes", ref)
    if len(ids) > 1:
        raise _fail(_ambiguous("dispute", ref, ids))
    d = store.dispute(ids[0]) if ids else None
    if d is None:
        raise _fail(f"no dispute {ref!r} in {db}; see `strikewatch disputes`")
    return d


TIMELINE_COLUMNS = ["dispute_id", "date", "end_date", "event_id", "type", "status", "confidence", "sources",
                    "evidence"]


@app.command()
def timeline(
    dispute: Annotated[str, typer.Argument(metavar="DISPUTE", help="Dispute id (or a unique start of it).")],
    fmt: Annotated[Literal["text", "json", "csv"], typer.Option("--format", metavar="FORMAT",
                                                                help="text (for reading), json or csv.")] = "text",
    min_confidence: MinConfidenceOption = None,
    db: DbOption = DB_DEFAULT,
) -> None:
    """A dispute's story in order: date, event, status, sources, evidence; then its claims."""
    with _store(db) as store:
        d = _find_dispute(store, dispute, db)
    if min_confidence is not None:
        d["timeline"] = [r for r in d.get("timeline") or []
                         if _conf(r.get("confidence")) and r["confidence"] >= min_confidence]
    if fmt == "json":
        sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "csv":
        from strikewatch import export_linked as xl

        rows = [{**r, "dispute_id": d["dispute_id"],
                 "sources": xl.SEP.join(s["article"] for s in r.get("sources") or [])} for r in d.get("timeline") or []]
        xl.write_csv(TIMELINE_COLUMNS, rows, sys.stdout)
        return
    console = _listing_console()  # piped: lines whole
    console.print(Text(f"{d['dispute_id']}: {d['title']}", style="bold"))
    console.print(f"unions: {org_names(d['unions'])}")
    console.print(f"employers: {org_names(d['employers'])}")
    console.print(Text(f"stage: {d.get('stage')}", style="bold red" if d.get("watch") else ""))
    console.print()
    for row in d.get("timeline") or []:
        when = row.get("date") or "date not stated"
        if row.get("end_date"):
            when += f"..{row['end_date']}"
        head = Text()
        head.append(f"{when:<24}", style="cyan")
        head.append(f"{row['type']:<20}", style="bold")
        head.append(row["status"])
        if _conf(row.get("confidence")):
            head.append(f"  conf. {_conf(row['confidence'])}", style="dim")
        console.print(head)
        # by outlet and date, then the article id that `strikewatch show` takes
        srcs = "; ".join(f"{s.get('source') or 'unknown outlet'} {s.get('published') or '?'} ({s['article']})"
                         for s in row.get("sources") or [])
        console.print(Text(f"{'':24}sources: {srcs}", style="dim"))
        if row.get("evidence"):
            console.print(Text(f"{'':24}\u201c{row['evidence']}\u201d", style=EVIDENCE_STYLE))
    claims = d.get("claims") or []
    if claims:
        console.print()
        console.print(Text("claims", style="bold"))
        for c in claims:
            years = f" over {c['years']} years" if c.get("years") else ""
            unit = "%" if c["measure"] == "raise_pct" else " $/h"
            real = c.get("real")
            real_txt = ""
            if real:
                real_txt = f"; real {real['real_pct']:+.2f}% after {real['inflation_pct']:.2f}% CPI-U" + (
                    " (projected)" if real.get("projected") else "")
            console.print(Text(f"  {c.get('published') or '?'}  {c['party']} {c['kind']}: {c['measure']} "
                               f"{c['value']}{unit}{years}{real_txt}  ({c['article']})"))


# ---------- serve ----------


@app.command()
def serve(
    db: DbOption = DB_DEFAULT,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="STRIKEWATCH_TOKEN", help="Bearer token that enables POST /api/articles "
                                                      "(writing is off without one).", show_default=False),
    ] = None,
) -> None:
    """Serve the dashboard and the HTTP API over the database."""
    import uvicorn

    from strikewatch.web import create_app

    try:
        web = create_app(db, token=token)
    except StoreError as e:
        raise _fail(str(e)) from None
    _print_err(_err(), f"strikewatch: http://{host}:{port}/ (API docs at /docs; writing "
                       f"{'on' if token else 'off'})")
    uvicorn.run(web, host=host, port=port, log_level="warning")


# ---------- eval ----------


@app.command("eval")
def eval_cmd(
    gold_dirs: Annotated[list[Path], typer.Argument(help="Directories of gold files (article + `gold`).")],
    scorer: Annotated[
        Path | None,
        typer.Option(help="The scorer (default: $STRIKEWATCH_SCORER, else ../shared/eval/score.py)."),
    ] = None,
    pred_out: Annotated[Path | None, typer.Option(help="Keep the predictions (JSON lines) here.")] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the scorer's figures as JSON here.")
    ] = None,
    linked: Annotated[
        bool, typer.Option("--linked", help="Link the articles and score the links (score.py linked).")
    ] = False,
    cv: Annotated[
        int, typer.Option("--cv", metavar="K", min=0,
                          help="K-fold cross-validation: train on K-1 folds of the articles, predict the K-th, "
                               "pool and score (0: use the shipped models).")
    ] = 0,
    repeats: Annotated[
        int, typer.Option("--repeats", metavar="N", min=1,
                          help="With --cv: N cross-validations, each with its own assignment of the articles "
                               "to folds; prints the first one's figures and the spread of the main ones.")
    ] = 1,
    train_on: Annotated[
        list[Path] | None,
        typer.Option("--train-on", metavar="DIR",
                     help="With --cv and --linked: more gold directories the folds are drawn from, whose "
                          "articles train the models but are not linked or scored (default: the visible "
                          "corpora, ../shared/corpus/{seeds,dev,train,linked-dev}, where they are).",
                     show_default=False),
    ] = None,
) -> None:
    """Extract every gold article and score the records (or, with --linked, the links) with the official scorer.

    With --cv K the records come from models trained without the article they are for; with --linked as
    well, those records are linked and the links scored (the models train on the folds of GOLD_DIRS and
    of --train-on together).
    """
    from strikewatch.evaluate import (
        ScorerNotFound,
        find_scorer,
        load_scorer,
        run_eval,
        run_linked_eval,
        show_linked,
    )

    try:
        scorer_path = find_scorer(scorer)
    except ScorerNotFound as e:
        raise _fail(f"scorer not found; tried: {', '.join(str(p) for p in e.tried)}", 2) from None
    try:
        mod = load_scorer(scorer_path)
    except Exception as e:
        raise _fail(f"{scorer_path}: cannot load the scorer: {type(e).__name__}: {e}", 2) from None
    err = _err()
    if train_on and not (cv and linked):
        raise _fail("--train-on needs --cv and --linked", 2)
    if cv:
        if cv < 2:
            raise _fail("--cv needs at least 2 folds", 2)
        if linked:
            from strikewatch import train as tr

            extra = list(train_on) if train_on is not None else tr.default_gold_dirs()
            runs = _cross_validate_linked(gold_dirs, extra, cv, err, pred_out, mod, repeats)
            show_linked(runs[0])
            scores = dict(runs[0])
            if repeats > 1:
                scores["repeats"] = _show_repeats(runs, cv, LINKED_REPEAT_FIGURES)
            if json_out is not None:
                json_out.write_text(json.dumps(scores, indent=1), encoding="utf-8")
            return
        runs = _cross_validate(gold_dirs, cv, err, pred_out, mod, repeats)
        scores = runs[0]
        mod.show(scores)
        if repeats > 1:
            scores = dict(scores)
            scores["repeats"] = _show_repeats(runs, cv)
        if json_out is not None:
            json_out.write_text(json.dumps(scores, indent=1), encoding="utf-8")
        return
    if repeats > 1:
        raise _fail("--repeats needs --cv", 2)
    tmp: str | None = None
    if pred_out is None:
        fd, tmp = tempfile.mkstemp(prefix="strikewatch-pred-", suffix=".jsonl")
        os.close(fd)
    try:
        runner = run_linked_eval if linked else run_eval
        run = runner(
            gold_dirs,
            mod,
            pred_out or Path(tmp or ""),
            on_failure=lambda f: _print_err(err, f.line()),
        )
        sys.stdout.flush()
        if linked:
            show_linked(run.scores)
        else:
            mod.show(run.scores)
        sys.stdout.flush()
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    if json_out is not None:
        json_out.write_text(json.dumps(run.scores, indent=1), encoding="utf-8")
    if run.failures:
        raise typer.Exit(1)


#: the figures whose spread over repeated cross-validations is shown: (label, how to read it from the scores)
REPEAT_FIGURES: tuple[tuple[str, Callable[[dict[str, Any]], float | None]], ...] = (
    ("strict event F1", lambda s: s["events_strict"]["f1"]),
    ("type + date F1", lambda s: s["events"]["f1"]),
    ("is_labor F1", lambda s: s["doc_is_labor"]["f1"]),
    ("employers F1", lambda s: s["employers"]["f1"]),
    ("claims F1", lambda s: s["claims"]["f1"]),
    ("status accuracy", lambda s: s["accuracy"]["status"]["acc"]),
    ("start-date accuracy", lambda s: s["accuracy"]["start_date"]["acc"]),
)


#: the same, for the links of a cross-validation with --linked
LINKED_REPEAT_FIGURES: tuple[tuple[str, Callable[[dict[str, Any]], float | None]], ...] = (
    ("event link F1", lambda s: s["event_links"]["f1"]),
    ("dispute link F1", lambda s: s["dispute_links"]["f1"]),
)


def _show_repeats(runs: list[dict[str, Any]], k: int,
                  figures: tuple[tuple[str, Callable[[dict[str, Any]], float | None]], ...] = REPEAT_FIGURES
                  ) -> dict[str, Any]:
    """The main figures of each repetition, their mean and spread (what a change must beat to count)."""
    from strikewatch import train as tr

    table = Table(title=f"{len(runs)} repetitions of {k}-fold cross-validation (each with its own folds)")
    table.add_column("figure")
    for r in range(len(runs)):
        table.add_column(f"#{r + 1}", justify="right")
    for col in ("mean", "sd", "range"):
        table.add_column(col, justify="right")
    out: dict[str, Any] = {}
    for label, read in figures:
        values = [v for v in (read(s) for s in runs) if v is not None]
        sp = tr.spread(values)
        out[label] = {"values": values, **sp}
        table.add_row(label, *(f"{v:.3f}" for v in values), f"{sp['mean']:.3f}", f"{sp['sd']:.3f}",
                      f"{sp['max'] - sp['min']:.3f}")
    _out().print(table)
    return out


def _cv_runs(dirs: list[Path], k: int, err: Console, repeats: int,
             score_run: Callable[[int, list[Any], Callable[[str], None]], dict[str, Any]]) -> list[dict[str, Any]]:
    """Analyse the gold articles of ``dirs`` once, then run ``repeats`` cross-validations: ``score_run(r,
    data, step)`` scores the ``r``-th (``train.repeat_salt(r)`` gives its folds; 0: the model card's)."""
    from strikewatch import train as tr

    for d in dirs:
        if not d.is_dir():
            raise _fail(f"{d}: not a directory of gold files", 2)
    golds = tr.load_gold(dirs)
    if not golds:
        raise _fail("no gold files found in " + ", ".join(str(d) for d in dirs), 2)
    runs: list[dict[str, Any]] = []
    with _steps(err) as step:
        data = tr.analyse_all(golds, step)
        for r in range(repeats):
            if repeats > 1:
                step(f"cross-validation {r + 1} of {repeats}")
            runs.append(score_run(r, data, step))
    return runs


def _cross_validate(gold_dirs: list[Path], k: int, err: Console, pred_out: Path | None, mod: Any,
                    repeats: int = 1) -> list[dict[str, Any]]:
    """The scores of ``repeats`` cross-validations (the first with the model card's folds); ``pred_out``
    keeps the first one's records."""
    from strikewatch import train as tr

    gold = mod.load_gold([str(d) for d in gold_dirs if d.is_dir()])

    def score_run(r: int, data: list[Any], step: Callable[[str], None]) -> dict[str, Any]:
        records = tr.cross_validate(data, k, step, salt=tr.repeat_salt(r))
        if r == 0 and pred_out is not None:
            with open(pred_out, "w", encoding="utf-8") as fh:
                for rec in records:
                    fh.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        return dict(mod.score(gold, {rec.id: rec.to_dict() for rec in records}))

    return _cv_runs(gold_dirs, k, err, repeats, score_run)


def _cross_validate_linked(gold_dirs: list[Path], extra: list[Path], k: int, err: Console, pred_out: Path | None,
                           mod: Any, repeats: int = 1) -> list[dict[str, Any]]:
    """The link scores of ``repeats`` cross-validations: the folds are drawn from the articles of
    ``gold_dirs`` and ``extra`` together, and the out-of-fold records of ``gold_dirs`` alone are linked
    and scored; ``pred_out`` keeps the first one's linked output."""
    from strikewatch import train as tr
    from strikewatch.evaluate import score_links

    for d in gold_dirs:
        if not d.is_dir():
            raise _fail(f"{d}: not a directory of gold files", 2)
    gold = mod.load_gold([str(d) for d in gold_dirs])
    if not gold:
        raise _fail("no gold files found in " + ", ".join(str(d) for d in gold_dirs), 2)
    mine = {d.resolve() for d in gold_dirs}
    dirs = list(gold_dirs) + [d for d in extra if d.resolve() not in mine]

    def score_run(r: int, data: list[Any], step: Callable[[str], None]) -> dict[str, Any]:
        pairs = [(a, rec) for a, rec in tr.cross_validate_pairs(data, k, step, salt=tr.repeat_salt(r))
                 if rec.id in gold]
        scores, _lines = score_links(mod, gold, pairs, pred_out if r == 0 else None)
        return dict(scores)

    return _cv_runs(dirs, k, err, repeats, score_run)


@contextlib.contextmanager
def _steps(console: Console) -> Iterator[Callable[[str], None]]:
    """A spinner that shows the latest step of a long job (training, cross-validation)."""
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("starting", total=None)

        def step(line: str) -> None:
            progress.update(task, description=line)
            progress.console.print(Text(line, style="dim"))

        yield step


# ---------- train ----------


@app.command()
def train(
    gold_dirs: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[GOLD_DIR]...",
                       help="Directories of gold files (default: ../shared/corpus/{seeds,dev,train,linked-dev}).",
                       show_default=False),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="DIR",
                     help="Where to write the weights (default: the package's own, the ones strikewatch uses).",
                     show_default=False),
    ] = None,
    cv: Annotated[
        int, typer.Option("--cv", metavar="K", min=0,
                          help="Folds of the cross-validation whose figures go into the model card (0: none).")
    ] = 5,
) -> None:
    """Train the learned decisions on gold corpora, deterministically; write the weights and the model card."""
    from strikewatch import train as tr
    from strikewatch.evaluate import ScorerNotFound, find_scorer, load_scorer

    dirs = list(gold_dirs or tr.default_gold_dirs())
    if not dirs:
        raise _fail("no gold corpora given and none found at ../shared/corpus", 2)
    for d in dirs:
        if not d.is_dir():
            raise _fail(f"{d}: not a directory of gold files", 2)
    from strikewatch.extract.decide import WEIGHTS_DIR

    target = out or WEIGHTS_DIR
    scorer = None
    if cv:
        try:
            scorer = load_scorer(find_scorer())
        except ScorerNotFound as e:
            _print_err(_err(), f"warning: scorer not found ({', '.join(str(p) for p in e.tried)}): "
                               "no cross-validated figures in the model card")
    err = _err()
    try:
        with _steps(err) as step:
            report = tr.train_command(dirs, target, cv=cv, scorer=scorer, progress=step)
    except ValueError as e:
        raise _fail(str(e), 2) from None
    console = _out()
    console.print(f"trained on {report.articles} articles ({report.events} gold events) from "
                  f"{', '.join(d.name for d in dirs)}")
    console.print(f"weights and model card: {target}")
    if report.cv_scores:
        s = report.cv_scores
        console.print(f"{cv}-fold cross-validation: strict event F1 {s['events_strict']['f1']:.3f}, "
                      f"is_labor F1 {s['doc_is_labor']['f1']:.3f}, employers F1 {s['employers']['f1']:.3f}, "
                      f"claims F1 {s['claims']['f1']:.3f}")


# ---------- alerts ----------

alert_app = typer.Typer(
    help="Saved searches that send a webhook or an email when an event they match is created or changes.",
    no_args_is_help=True,
)
app.add_typer(alert_app, name="alert")

SmtpOption = Annotated[
    str | None,
    typer.Option("--smtp", metavar="HOST:PORT", envvar="STRIKEWATCH_SMTP", show_default=False,
                 help="SMTP server for email alerts (default: $STRIKEWATCH_SMTP, else localhost:25)."),
]
MailFromOption = Annotated[
    str | None,
    typer.Option("--mail-from", metavar="ADDRESS", envvar="STRIKEWATCH_SMTP_FROM", show_default=False,
                 help="From address of alert emails (default: $STRIKEWATCH_SMTP_FROM, else strikewatch@localhost)."),
]
AlertIdArgument = Annotated[int, typer.Argument(metavar="ID", help="The alert's id (see `strikewatch alert list`).")]


def _alert_rows(store: Store) -> list[dict[str, Any]]:
    from strikewatch.alerts import delivery_counts, list_alerts

    counts = delivery_counts(store)
    rows = []
    for a in list_alerts(store):
        n = counts.get(a.id, {})
        rows.append({"id": a.id, "filters": a.filters, "webhook": a.webhook, "email": a.email, "created": a.created,
                     "sent": n.get("sent", 0), "failed": n.get("failed", 0), "pending": n.get("pending", 0),
                     "feed": "/feed.atom?" + a.feed_query()})
    return rows


def _filters_text(filters: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in filters.items()) or "every event"


def _alert_table(rows: list[dict[str, Any]]) -> Table:
    t = _table(plural(len(rows), "alert"))
    for name, kw in (("id", {"justify": "right", "no_wrap": True}), ("filters", {}), ("channels", {}),
                     ("created", {"no_wrap": True}), ("sent", {"justify": "right"}),
                     ("failed", {"justify": "right"}), ("pending", {"justify": "right"})):
        t.add_column(name, **kw)
    for r in rows:
        channels = "; ".join(f"{c} {r[c]}" for c in ("webhook", "email") if r.get(c))
        t.add_row(*_cells(r["id"], _filters_text(r["filters"]), channels, (r["created"] or "")[:19],
                          r["sent"], r["failed"], r["pending"]))
    return t


def _write_alert_csv(rows: list[dict[str, Any]], fh: IO[str]) -> None:
    import csv

    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["id", "filters", "webhook", "email", "created", "sent", "failed", "pending", "feed"])
    for r in rows:
        w.writerow([r["id"], json.dumps(r["filters"], ensure_ascii=False), r["webhook"] or "", r["email"] or "",
                    r["created"], r["sent"], r["failed"], r["pending"], r["feed"]])


@alert_app.command("add")
def alert_add(
    webhook: Annotated[str | None, typer.Option("--webhook", metavar="URL", show_default=False,
                                                help="POST each alert here as signed JSON.")] = None,
    email: Annotated[str | None, typer.Option("--email", metavar="ADDRESS", show_default=False,
                                              help="Email each alert here (through $STRIKEWATCH_SMTP, host:port).")] = None,
    type: TypeOption = None,
    status: StatusOption = None,
    union: UnionOption = None,
    employer: EmployerOption = None,
    state: StateOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_confidence: MinConfidenceOption = None,
    db: DbOption = DB_DEFAULT,
) -> None:
    """Save a search: every event it matches that is created or changes from now on is sent once.

    The filters are those of `strikewatch events`. A webhook gets a secret, printed once: each body
    is signed with it (X-Strikewatch-Signature: sha256=HMAC-SHA256 of the body).
    """
    from strikewatch.alerts import SIGNATURE_HEADER, AlertError, add_alert

    filters = {"type": type, "status": status, "union": union, "employer": employer, "state": state,
               "since": since, "until": until, "min_confidence": min_confidence}
    with _store(db, create=True) as store:
        try:
            a = add_alert(store, filters, webhook=webhook, email=email)
        except AlertError as e:
            raise _fail(str(e), 2) from None
    out = _out()
    channels = ", ".join(f"{c} {t}" for c, t in a.channels())
    out.print(f"alert {a.id}: {a.describe()} -> {channels}", markup=False, soft_wrap=True)
    if a.secret:
        out.print(f"secret (shown once; {SIGNATURE_HEADER} is sha256= and the HMAC-SHA256 of the body under it): "
                  f"{a.secret}", markup=False, soft_wrap=True)


@alert_app.command("list")
def alert_list(fmt: FormatOption = "table", db: DbOption = DB_DEFAULT) -> None:
    """List the saved searches: filters, channels, and deliveries sent, failed (dead letters) and pending."""
    with _store(db) as store:
        rows = _alert_rows(store)
    _emit(fmt, rows, _alert_table, _write_alert_csv)


@alert_app.command("remove")
def alert_remove(alert_id: AlertIdArgument, db: DbOption = DB_DEFAULT) -> None:
    """Delete a saved search and its queued deliveries."""
    from strikewatch.alerts import remove_alert

    with _store(db) as store:
        if not remove_alert(store, alert_id):
            raise _fail(f"no alert {alert_id} in {db}; see `strikewatch alert list`")
    _out().print(f"removed alert {alert_id}", markup=False)


@alert_app.command("test")
def alert_test(alert_id: AlertIdArgument, smtp: SmtpOption = None, mail_from: MailFromOption = None,
               db: DbOption = DB_DEFAULT) -> None:
    """Send a sample payload on each channel of an alert, now; exit 1 when a channel did not take it.

    The sample (kind "test") is the latest event the search matches, else an invented one.
    """
    from strikewatch.alerts import Sender, get_alert, send_test

    with _store(db) as store:
        a = get_alert(store, alert_id)
        if a is None:
            raise _fail(f"no alert {alert_id} in {db}; see `strikewatch alert list`")
        results = send_test(store, a, Sender(smtp=smtp, mail_from=mail_from))
    for channel, target, error in results:
        if error is None:
            _out().print(f"{channel} {target}: sent", markup=False, soft_wrap=True)
        else:
            _print_err(_err(), f"error: {channel} {target}: {error}")
    if any(error for _, _, error in results):
        raise typer.Exit(1)


@alert_app.command("dispatch")
def alert_dispatch(smtp: SmtpOption = None, mail_from: MailFromOption = None,
                   wait: Annotated[float, typer.Option("--wait", metavar="SECONDS", min=0.0,
                                                       help="Wait this long for retries that fall due.")] = 20.0,
                   db: DbOption = DB_DEFAULT) -> None:
    """Queue what changed since the last ingest and send what is due (ingest does this after each batch)."""
    from strikewatch.alerts import Sender, dispatch

    with _store(db) as store:
        r = dispatch(store, Sender(smtp=smtp, mail_from=mail_from), wait=wait)
    _out().print(f"alerts: {plural(r.changes, 'change')}, {r.queued} queued, {r.sent} sent, "
                 f"{plural(r.failed, 'failed attempt')}, {plural(r.dead, 'dead letter')}, {r.pending} pending",
                 markup=False)
    for line in r.errors:
        _print_err(_err(), f"error: {line}")
    if r.dead:
        raise typer.Exit(1)


__all__ = ["app", "highlight_evidence", "mention_row"]
