"""Linking across articles: organizations, events, disputes, claims, order independence, exports.

The multi-article fixtures are short invented stories (invented unions and
employers, real US cities): the same strike told by three outlets, two strikes by
one union at two employers, and a strike that is planned, then on, then ended by
an agreement. The seed articles of ../shared are used when present.
"""

from __future__ import annotations

import io
import json
import random
import sqlite3
from pathlib import Path

import pytest
from _shared import CORPUS, missing

import strikewatch
from strikewatch.export import export
from strikewatch.ingest import ingest_items
from strikewatch.link import Linked, link
from strikewatch.link.events import MentionRef, link_events
from strikewatch.link.orgs import OrgRegistry, same_employer, same_union, union_key
from strikewatch.model import Article, Event, Organization, Record
from strikewatch.store import open_store

SHARED = CORPUS

# 2026-03-10 is a Tuesday.
THREE_OUTLETS = [
    ("lakeview-courier", "2026-03-11", "Daily Courier",
     "About 1,200 nurses at Lakeview General Hospital in Toledo, Ohio, went on strike Tuesday, the Lakeview "
     "Nurses Union said. The union wants safe staffing and higher pay."),
    ("lakeview-ledger", "2026-03-12", "Toledo Ledger",
     "Roughly 1,500 nurses walked off the job at Lakeview General Hospital on March 10, 2026, in the first "
     "strike at the hospital in decades, the Lakeview Nurses Union said."),
    ("lakeview-wire", "2026-03-14", "Ohio Wire",
     "TOLEDO, Ohio (AP) — The strike by the Lakeview Nurses Union at Lakeview General Hospital entered its "
     "fourth day Friday. The strike began Tuesday with some 1,200 nurses, the union said."),
]

# 2026-05-11 is a Monday.
PLANNED_ON_ENDED = [
    ("riverbend-plan", "2026-05-04", "Spokane Daily",
     "The Riverbend Transit Workers Union said Monday its 900 bus drivers will strike at Riverbend Metro "
     "starting May 11 if no deal is reached. The union wants a 12% raise over three years."),
    ("riverbend-on", "2026-05-12", "Inland Wire",
     "Bus drivers at Riverbend Metro in Spokane, Washington, went on strike Monday, May 11, the Riverbend "
     "Transit Workers Union said. About 900 drivers walked out."),
    ("riverbend-deal", "2026-05-20", "Spokane Daily",
     "Riverbend Metro and the Riverbend Transit Workers Union reached a tentative agreement Tuesday, ending a "
     "strike that began May 11. Members will vote on the deal next week."),
]

OTHER_EMPLOYER = ("cascade-strike", "2026-05-15", "Tacoma Post",
                  "Drivers at Cascade Coach Lines in Tacoma, Washington, went on strike Thursday, the Riverbend "
                  "Transit Workers Union said. The union wants better schedules.")


def _articles(rows: list[tuple[str, str, str, str]]) -> list[Article]:
    return [Article(id=i, published=p, source=s, text=t) for i, p, s, t in rows]


def _link(rows: list[tuple[str, str, str, str]]) -> Linked:
    arts = _articles(rows)
    return link((a, strikewatch.extract(a)) for a in arts)


def _of(linked: Linked, etype: str) -> list:
    return [e for e in linked.events if e.type == etype]


# --- organizations -----------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("SEIU Local 99", "Service Employees International Union, Local 99"),
    ("Local 99 of SEIU", "SEIU Local 99"),
    ("Service Employees International Union Local 99", "Local 99 of the Service Employees International Union"),
])
def test_one_union_written_three_ways(a: str, b: str) -> None:
    why = same_union(Organization(a), Organization(b))
    assert why is not None and "99" in why
    assert union_key(Organization(a)) == union_key(Organization(b))


def test_different_locals_are_different_unions() -> None:
    assert same_union(Organization("SEIU Local 99"), Organization("SEIU Local 721")) is None
    # without a local, the affiliation matches a local only when allowed
    assert same_union(Organization("SEIU"), Organization("SEIU Local 721")) is not None
    assert same_union(Organization("SEIU"), Organization("SEIU Local 721"), loose_local=False) is None


@pytest.mark.parametrize("a, b, fragment", [
    ("RMC", "Riverbend Medical Center", "initials"),
    ("LAUSD", "Los Angeles Unified School District", "same name"),
    ("The Boeing Company", "Boeing", "same name"),
    ("Kaiser Permanente", "FILE Kaiser Permanente", "part of"),
    ("GM", "General Motors", "same name"),
    ("Tillman & Co.", "Harold Tillman", "ends"),  # "Deere & Co" and "John Deere"
])
def test_employer_aliases_with_reasons(a: str, b: str, fragment: str) -> None:
    why = same_employer(Organization(a), Organization(b))
    assert why is not None and fragment in why


def test_different_employers_do_not_merge() -> None:
    assert same_employer(Organization("Riverbend Metro"), Organization("Cascade Coach Lines")) is None
    assert same_employer(Organization("Ford"), Organization("General Motors")) is None
    # a last word that says only what kind of body it is names no body alone
    assert same_employer(Organization("Health"), Organization("Allina Health")) is None
    assert same_employer(Organization("Hospital"), Organization("Mercy Hospital")) is None
    # a first word is not a last word: two names that end alike are not one
    assert same_employer(Organization("Tillman"), Organization("Tillman Freight")) is not None  # it starts it
    assert same_employer(Organization("North Tillman"), Organization("South Tillman")) is None


def test_a_one_word_employer_ending_a_name_meets_it_through_the_link_keys() -> None:
    """The keys through which linking compares names (link/scope.py) meet wherever same_employer matches."""
    from strikewatch.link.scope import MEETS, name_keys

    short, long_ = name_keys(Organization("Tillman & Co."), "employer"), name_keys(Organization("Harold Tillman"), "employer")
    assert any((k, r2) in long_ for k, r in short for r2 in MEETS[r])


def test_registry_keeps_the_fullest_name_and_explains_merges() -> None:
    reg = OrgRegistry()
    first = reg.add(Organization("RMC"), "employer")
    second = reg.add(Organization("Riverbend Medical Center"), "employer")
    assert first is second
    assert second.name == "Riverbend Medical Center"
    assert "RMC" in second.aliases
    assert second.merges == [("Riverbend Medical Center", "RMC is the initials of Riverbend Medical Center")]
    other = reg.add(Organization("SEIU Local 721"), "union")
    assert reg.add(Organization("SEIU Local 99"), "union") is not other


# --- events across articles ----------------------------------------------------------


def test_same_strike_told_by_three_outlets_is_one_event() -> None:
    linked = _link(THREE_OUTLETS)
    strikes = _of(linked, "strike")
    assert len(strikes) == 1
    ev = strikes[0]
    assert ev.start_date == "2026-03-10"
    assert sorted(ev.articles()) == ["lakeview-courier", "lakeview-ledger", "lakeview-wire"]
    # the numbers differ: the most common is shown, every one is kept with its source
    assert ev.participants == 1200
    stated = {(c["value"], c["article"]) for c in ev.conflicts["participants"]}
    assert (1500, "lakeview-ledger") in stated and (1200, "lakeview-courier") in stated
    assert ev.location is not None and ev.location.state == "OH"
    line = ev.to_dict()
    assert {m["article"] for m in line["mentions"]} == set(ev.articles())
    assert all(m["evidence"] for m in line["mentions"])
    assert line["link_reasons"]  # why each later mention joined


def test_two_strikes_by_one_union_at_two_employers_stay_apart() -> None:
    linked = _link([PLANNED_ON_ENDED[1], OTHER_EMPLOYER])
    strikes = _of(linked, "strike")
    assert len(strikes) == 2
    assert len({e.dispute_id for e in strikes}) == 2
    assert {o.name for e in strikes for o in e.employers} >= {"Riverbend Metro", "Cascade Coach Lines"}


def test_planned_then_ongoing_then_ended_by_agreement() -> None:
    linked = _link(PLANNED_ON_ENDED + [OTHER_EMPLOYER])
    riverbend = [e for e in _of(linked, "strike") if any(o.name == "Riverbend Metro" for o in e.employers)]
    assert len(riverbend) == 1
    strike = riverbend[0]
    assert sorted(strike.articles()) == ["riverbend-deal", "riverbend-on", "riverbend-plan"]
    assert strike.start_date == "2026-05-11"
    assert strike.status == "occurred"  # the latest article wins: the strike has ended
    assert {m.event.status for m in strike.mentions} >= {"planned", "occurred"}
    deal = _of(linked, "agreement")
    assert len(deal) == 1 and deal[0].dispute_id == strike.dispute_id
    dispute = linked.dispute(strike.dispute_id or "")
    assert dispute is not None
    assert dispute.stage == "tentative agreement"
    rows = dispute.timeline()
    # in the order things happen; the vote "next week" (2026-05) comes after the deal of May 19
    assert [r["type"] for r in rows] == ["strike", "agreement", "ratification"]
    # the union's 12% demand belongs to this dispute, with its real value
    claim = next(c for c in dispute.claims if c["measure"] == "raise_pct")
    assert claim["article"] == "riverbend-plan" and claim["value"] == 12 and claim["years"] == 3
    assert claim["real"] is not None and claim["real"]["real_pct"] < 12


def test_link_events_is_a_function_of_the_set_of_mentions() -> None:
    arts = _articles(THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER])
    pairs = [(a, strikewatch.extract(a)) for a in arts]
    expected = json.dumps([e.to_dict() for e in link(pairs).events], sort_keys=True)
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(pairs)
        assert json.dumps([e.to_dict() for e in link(pairs).events], sort_keys=True) == expected


def test_stated_dates_far_apart_are_two_events() -> None:
    def strike(aid: str, pub: str, start: str) -> MentionRef:
        ev = Event(type="strike", status="occurred", start_date=start, date_basis="stated",
                   unions=[Organization("Harbor Pilots Guild")], employers=[Organization("Port of Bayline")])
        return MentionRef(aid, pub, 0, ev)

    events = link_events([strike("a", "2026-01-06", "2026-01-05"), strike("b", "2026-01-07", "2026-01-06"),
                          strike("c", "2026-02-03", "2026-02-02")])
    assert sorted(len(e.mentions) for e in events) == [1, 2]


def test_the_remembered_party_relation_is_the_relation_whatever_was_compared_before() -> None:
    """Two reports naming "Skyline Air" at different confidences are not the same to linking: one
    below LINK_CONFIDENCE links nothing, so the relation remembered for the other is not its own."""
    from strikewatch.link.events import _relation_cached, party_relation
    from strikewatch.link.orgs import LINK_CONFIDENCE

    def ev(conf: float, employer: str = "Skyline Air") -> Event:
        return Event(type="strike", status="occurred", unions=[Organization("Cabin Crew Union")],
                     employers=[Organization(employer, confidence=conf)])

    other = ev(0.9, "Bayline Air")
    assert _relation_cached(ev(0.9), other) == party_relation(ev(0.9), other) == ("conflict", None)
    weak = ev(LINK_CONFIDENCE - 0.05)
    assert party_relation(weak, other)[0] == "match"  # the union in common; the weak employer says nothing
    assert _relation_cached(weak, other) == party_relation(weak, other)


def test_estimated_dates_do_not_split_an_event() -> None:
    stated = Event(type="strike", status="occurred", start_date="2026-01-05", date_basis="stated",
                   unions=[Organization("Harbor Pilots Guild")])
    guessed = Event(type="strike", status="occurred", start_date="2026-01-19", date_basis="estimated",
                    unions=[Organization("Harbor Pilots Guild")])
    events = link_events([MentionRef("a", "2026-01-06", 0, stated), MentionRef("b", "2026-01-20", 0, guessed)])
    assert len(events) == 1 and events[0].start_date == "2026-01-05"


def test_estimated_dates_link_and_sort_but_are_no_start_date() -> None:
    def guessed(day: str) -> Event:
        return Event(type="strike", status="occurred", date_basis="estimated", date_estimate=day,
                     unions=[Organization("Harbor Pilots Guild")])

    later = Event(type="strike", status="occurred", start_date="2026-03-02", date_basis="stated",
                  unions=[Organization("Dock Clerks Union")])
    events = link_events([MentionRef("c", "2026-03-03", 0, later), MentionRef("a", "2026-01-06", 0, guessed("2026-01-05")),
                          MentionRef("b", "2026-01-08", 0, guessed("2026-01-07"))])
    assert [len(e.mentions) for e in events] == [2, 1]  # the two guesses are one strike, sorted first
    first = events[0]
    assert first.start_date is None and first.date_estimate == "2026-01-05"
    line = first.to_dict()
    assert line["start_date"] is None and line["date_estimate"] == "2026-01-05"
    assert [(m["start_date"], m["date_estimate"]) for m in line["mentions"]] == [(None, "2026-01-05"),
                                                                                (None, "2026-01-07")]
    assert events[1].start_date == "2026-03-02" and events[1].date_estimate is None


# --- the store: incremental, order-independent ---------------------------------------


def _store_view(db: Path) -> tuple[str, str]:
    with open_store(db) as s:
        return (json.dumps(s.events(), sort_keys=True), json.dumps(s.disputes(), sort_keys=True))


def test_ingest_one_at_a_time_in_any_order_gives_the_same_links(tmp_path: Path) -> None:
    rows = THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER]
    arts = _articles(rows)
    with open_store(tmp_path / "all.db") as s:
        summary = ingest_items(arts, s)
        assert summary.linked["disputes"] == 3
    expected = _store_view(tmp_path / "all.db")
    rng = random.Random(11)
    for n in range(3):
        order = arts[:]
        rng.shuffle(order)
        db = tmp_path / f"one-{n}.db"
        for a in order:
            with open_store(db) as s:
                ingest_items([a], s)
        assert _store_view(db) == expected
    # a rerun stores nothing new and keeps the links
    with open_store(tmp_path / "all.db") as s:
        again = ingest_items(arts, s)
        assert again.unchanged == len(arts) and not again.linked
    assert _store_view(tmp_path / "all.db") == expected


def test_relink_rebuilds_from_stored_mentions(tmp_path: Path) -> None:
    with open_store(tmp_path / "sw.db") as s:
        ingest_items(_articles(THREE_OUTLETS), s)
        before = s.events()
        s._conn.execute("DELETE FROM events")
        assert s.events() == []
        counts = s.relink()
        assert counts["events"] == len(before)
        assert s.events() == before


# --- exports with types ----------------------------------------------------------------


def _types(con: object, sql: str) -> dict[str, str]:
    """Column name -> DuckDB type from a DESCRIBE query."""
    return {row[0]: row[1] for row in con.execute(sql).fetchall()}  # type: ignore[attr-defined]


@pytest.fixture()
def linked_db(tmp_path: Path) -> Path:
    db = tmp_path / "sw.db"
    with open_store(db) as s:
        ingest_items(_articles(THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER]), s)
    return db


def test_events_jsonl_is_the_spec_linked_output(linked_db: Path) -> None:
    buf = io.StringIO()
    with open_store(linked_db) as s:
        n = export(s, "events", "jsonl", buf)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert n == len(lines) >= 4
    spec_keys = {"event_id", "dispute_id", "type", "status", "start_date", "end_date", "unions", "employers",
                 "location", "participants", "unit_size", "demands", "mentions"}
    for line in lines:
        assert spec_keys <= set(line)
        assert all({"article", "evidence"} <= set(m) for m in line["mentions"])


def test_parquet_exports_load_with_types_in_pandas_and_duckdb(linked_db: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    with open_store(linked_db) as s:
        for what in ("events", "disputes", "articles", "mentions"):
            export(s, what, "parquet", tmp_path / f"{what}.parquet")
        export(s, "events", "parquet", tmp_path / "lat.parquet", schema="lat")
    ev = pd.read_parquet(tmp_path / "events.parquet")
    assert str(ev["start_date"].dtype).startswith(("datetime64", "object"))
    assert ev["start_date"].dropna().map(lambda d: hasattr(d, "year")).all()
    assert str(ev["participants"].dtype) in ("int64", "Int64", "float64")
    con = duckdb.connect()
    types = _types(con, f"DESCRIBE SELECT * FROM '{tmp_path / 'events.parquet'}'")
    assert types["start_date"] == "DATE" and types["participants"] == "BIGINT" and types["type"] == "VARCHAR"
    dtypes = _types(con, f"DESCRIBE SELECT * FROM '{tmp_path / 'disputes.parquet'}'")
    assert dtypes["first_date"] == "DATE" and dtypes["watch"] == "BOOLEAN" and dtypes["n_events"] == "BIGINT"
    lat = _types(con, f"DESCRIBE SELECT * FROM '{tmp_path / 'lat.parquet'}'")
    # the tracker's dates are text as precise as known ("2026-03-10", "2026-03", "2026")
    assert lat["approximate_participants"] == "BIGINT" and lat["start_date"] == "VARCHAR"
    art = _types(con, f"DESCRIBE SELECT * FROM '{tmp_path / 'articles.parquet'}'")
    assert art["published"] == "DATE" and art["is_labor"] == "BOOLEAN"


def test_lat_csv_has_the_trackers_columns(linked_db: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    buf = io.StringIO()
    with open_store(linked_db) as s:
        export(s, "events", "csv", buf, schema="lat")
    df = pd.read_csv(io.StringIO(buf.getvalue()), parse_dates=["start_date", "end_date"])
    assert list(df.columns)[:4] == ["employer", "labor_organization", "local", "industry"]
    assert "approximate_participants" in df.columns and "sources" in df.columns
    lakeview = df[df["employer"].str.contains("Lakeview", na=False)].iloc[0]
    assert lakeview["strike_or_protest"] == "Strike"
    assert lakeview["start_date"].date().isoformat() == "2026-03-10"
    assert lakeview["approximate_participants"] == 1200
    assert lakeview["industry"] == "health care"
    path = tmp_path / "lat.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    types = _types(duckdb.connect(), f"DESCRIBE SELECT * FROM read_csv_auto('{path}')")
    assert types["start_date"] == "DATE" and types["approximate_participants"] == "BIGINT"


# --- the seeds ---------------------------------------------------------------------------


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason=missing(SHARED / "seeds"))
@pytest.mark.parametrize("reverse", [False, True])
def test_seeds_give_one_lausd_dispute_in_either_order(tmp_path: Path, reverse: bool) -> None:
    from strikewatch.read import read_paths

    arts = sorted((a for a in read_paths([SHARED / "seeds"]) if isinstance(a, Article)), key=lambda a: a.id)
    if reverse:
        arts.reverse()
    with open_store(tmp_path / "seeds.db") as s:
        for a in arts:
            ingest_items([a], s)
        disputes = s.disputes()
        lausd = [d for d in disputes if any("Los Angeles Unified" in o["name"] for o in d["employers"][:1])]
        assert len(lausd) == 1
        d = s.dispute(lausd[0]["dispute_id"])
    assert d is not None
    assert any("Local 99" in o["name"] for o in d["unions"])
    kinds = {(r["type"], (r["date"] or "")[:7]) for r in d["timeline"]}
    assert ("strike", "2023-03") in kinds
    assert ("contract_expiration", "2024-06") in kinds
    assert ("impasse", "2025-12") in kinds
    assert ("strike_vote", "2026") in kinds
    assert any(t == "protest" for t, _ in kinds)
    assert set(d["articles"]) == {"seed-ktla-2023-03-23", "seed-wsws-2025-12-19"}
    others = [x for x in disputes if x["dispute_id"] != d["dispute_id"]]
    assert any("West Contra Costa" in o["name"] for x in others for o in x["employers"])
    offers = [c for c in d["claims"] if c["kind"] == "offer"]
    assert {(c["value"], c["years"]) for c in offers} >= {(23, 5), (8, 3)}


def test_record_and_article_roundtrip_through_the_store_keeps_date_basis(tmp_path: Path) -> None:
    a = Article(id="x", published="2026-03-11", text=THREE_OUTLETS[0][3])
    rec = strikewatch.extract(a)
    with open_store(tmp_path / "sw.db") as s:
        s.save(a, rec)
        back = s.record("x")
    assert [e.date_basis for e in back.events] == [e.date_basis for e in rec.events]
    assert isinstance(back, Record)


# --- the command line ----------------------------------------------------------------


def test_cli_disputes_timeline_relink_export(linked_db: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from strikewatch.cli import app

    runner = CliRunner(env={"COLUMNS": "200"})

    def run(*args: str | Path) -> object:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    r = run("disputes", "--db", linked_db)
    assert r.exit_code == 0 and "3 disputes" in r.stdout  # type: ignore[attr-defined]
    r = run("disputes", "--db", linked_db, "--employer", "riverbend", "--format", "jsonl")
    rows = [json.loads(x) for x in r.stdout.splitlines()]  # type: ignore[attr-defined]
    assert len(rows) == 1 and rows[0]["stage"] == "tentative agreement"
    r = run("disputes", "--db", linked_db, "--employer", "riverbend", "--format", "json")
    assert json.loads(r.stdout) == rows  # type: ignore[attr-defined]
    dispute_id = rows[0]["dispute_id"]
    r = run("timeline", dispute_id[:-2], "--db", linked_db)  # a unique prefix will do
    out = r.stdout  # type: ignore[attr-defined]
    assert r.exit_code == 0  # type: ignore[attr-defined]
    story = out.split("\n\n", 1)[1]  # after the header (parties and state)
    assert story.index("strike") < story.index("agreement") < story.index("ratification")
    assert "riverbend-on" in out and "ending a strike that began May 11" in out  # sources, latest evidence
    assert "real" in out and "CPI-U" in out  # the claim with its real value
    r = run("timeline", "no-such-dispute", "--db", linked_db)
    assert r.exit_code == 1 and "no dispute" in r.stderr  # type: ignore[attr-defined]
    r = run("relink", "--db", linked_db)
    assert r.exit_code == 0 and "in 3 disputes" in r.stdout  # type: ignore[attr-defined]
    r = run("export", "--what", "disputes", "--format", "parquet", "--db", linked_db)
    assert r.exit_code == 2 and "needs an output file" in r.stderr  # type: ignore[attr-defined]
    out_file = tmp_path / "lat.csv"
    r = run("export", "--what", "events", "--format", "csv", "--schema", "lat", "-o", out_file, "--db", linked_db)
    assert r.exit_code == 0  # type: ignore[attr-defined]
    header = out_file.read_text().splitlines()[0].split(",")
    assert header[:3] == ["employer", "labor_organization", "local"] and header[-1] == "sources"


def test_expired_contract_without_a_deal_is_watched() -> None:
    from strikewatch.link import link_mentions

    def ev(etype: str, status: str, start: str) -> Event:
        return Event(type=etype, status=status, start_date=start, date_basis="stated",
                     unions=[Organization("Harbor Pilots Guild")], employers=[Organization("Port of Bayline")])

    expired = MentionRef("a", "2026-02-01", 0, ev("contract_expiration", "occurred", "2026-01-31"))
    rally = MentionRef("b", "2026-02-10", 0, ev("protest", "occurred", "2026-02-09"))
    [d] = link_mentions([expired, rally]).disputes
    assert d.stage == "protest occurred" and d.watch
    deal = MentionRef("c", "2026-03-02", 0, ev("agreement", "occurred", "2026-03-01"))
    [d] = link_mentions([expired, rally, deal]).disputes
    assert d.stage == "tentative agreement" and not d.watch


# --- parallel ingestion ---------------------------------------------------------------------


def _boom_on_cascade(article: Article) -> Record:
    """An extractor that fails on one article (module level: worker processes import it)."""
    if article.id == "cascade-strike":
        raise RuntimeError("parser exploded")
    return strikewatch.extract(article)


def test_two_workers_store_what_one_worker_stores(tmp_path: Path) -> None:
    arts = _articles(THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER])
    views = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        with open_store(db) as s:
            summary = ingest_items(arts, s, workers=workers, chunk_size=2)
            assert (summary.read, summary.stored, summary.failed) == (len(arts), len(arts), 0)
            records = [s.record(a.id).to_dict() for a in arts]
        views.append((records, _store_view(db)))
    assert views[0] == views[1]


def test_a_failing_article_in_a_worker_fails_alone(tmp_path: Path) -> None:
    arts = _articles(PLANNED_ON_ENDED + [OTHER_EMPLOYER])
    failures: list[str] = []
    with open_store(tmp_path / "sw.db") as s:
        summary = ingest_items(arts, s, workers=2, chunk_size=2, extract_fn=_boom_on_cascade,
                               on_failure=lambda f: failures.append(f.line()))
        assert (summary.stored, summary.failed) == (3, 1)
        assert failures == ["error: cascade-strike: extraction failed: RuntimeError: parser exploded"]
        assert s.article("riverbend-on") is not None and s.article("cascade-strike") is None


def test_blocking_gives_what_comparing_everything_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    arts = _articles(THREE_OUTLETS + PLANNED_ON_ENDED + [OTHER_EMPLOYER])
    pairs = [(a, strikewatch.extract(a)) for a in arts]
    if (SHARED / "linked-dev").is_dir():
        from strikewatch.read import read_paths

        more = [a for a in read_paths([SHARED / "linked-dev"]) if isinstance(a, Article)]
        pairs += [(a, strikewatch.extract(a)) for a in more]
    blocked = json.dumps([e.to_dict() for e in link(pairs).events], sort_keys=True)
    _compare_everything(monkeypatch)  # every event and organization is a candidate
    brute = json.dumps([e.to_dict() for e in link(pairs).events], sort_keys=True)
    assert blocked == brute


def test_a_store_from_before_linking_is_upgraded_and_linked(tmp_path: Path) -> None:
    """A version-1 store (articles and mentions only) opens as the current one, nothing lost, linked."""
    from _builders import old_sqlite_store

    from strikewatch.store import SCHEMA_VERSION

    db = tmp_path / "old.db"
    arts = _articles(THREE_OUTLETS)
    items = [(a, strikewatch.extract(a)) for a in arts]
    before = [r.to_dict() for _, r in items]
    old_sqlite_store(db, 1, items)
    with sqlite3.connect(db) as conn:  # the old tables: mentions were "events", no linked layer
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == sum(len(r.events) for _, r in items)
    with open_store(db) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert [s.record(a.id).to_dict() for a in arts] == before
        strikes = [e for e in s.events() if e["type"] == "strike"]
        assert len(strikes) == 1 and len(strikes[0]["mentions"]) == 3
        assert len(s.disputes()) == 1
        assert s._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_run_stopped_before_relinking_is_completed_by_the_next(tmp_path: Path) -> None:
    arts = _articles(THREE_OUTLETS)
    with open_store(tmp_path / "sw.db") as s:
        for a in arts:  # stored, as a killed run would leave them, but never linked
            s.save(a, strikewatch.extract(a))
        assert s.needs_relink() and s.events() == []
        summary = ingest_items(arts, s)
        assert summary.unchanged == 3 and summary.linked["events"] >= 1
        assert not s.needs_relink()
        assert [e["type"] for e in s.events()].count("strike") == 1


def _compare_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every name meets every other: linking compares each event (and organization) with all."""
    import strikewatch.link.disputes as disputes_mod
    import strikewatch.link.scope as scope_mod

    every = frozenset({("everything", "s")})
    monkeypatch.setattr(scope_mod, "party_keys", lambda e: set(every))
    monkeypatch.setattr(disputes_mod, "party_keys", lambda e: set(every))
    monkeypatch.setattr(scope_mod, "name_keys", lambda org, kind: every)
