"""The ``strikewatch`` command, run in-process with Typer's CliRunner.

The query commands (events, show, export) run on a store filled with hand-built
records, so they do not depend on what the extractor finds; ingest, extract and
eval run the real reader and extractor over short articles written here.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from _builders import NURSES_TEXT, all_pairs
from typer.testing import CliRunner

import strikewatch
from strikewatch.cli import EVIDENCE_STYLE, app, highlight_evidence
from strikewatch.evaluate import scorer_candidates
from strikewatch.model import Record
from strikewatch.store import open_store

runner = CliRunner(env={"COLUMNS": "200"})


def run(*args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


# ---------- a store of hand-built records ----------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "hand.db"
    with open_store(path) as s:
        for a, r in all_pairs():
            s.save(a, r)
    return path


def test_version() -> None:
    r = run("--version")
    assert r.exit_code == 0
    assert r.stdout.strip() == f"strikewatch {strikewatch.__version__}"


def test_help_lists_commands() -> None:
    r = run("--help")
    assert r.exit_code == 0
    for cmd in ("extract", "ingest", "events", "show", "export", "eval"):
        assert cmd in r.stdout


def test_events_json(db: Path) -> None:
    r = run("events", "--db", db, "--format", "json")
    assert r.exit_code == 0, r.stderr
    evs = json.loads(r.stdout)
    assert [(e["article_id"], e["type"]) for e in evs] == [
        ("drivers-2025", "strike"),
        ("nurses-2024", "strike"),
        ("nurses-2024", "strike_vote"),
    ]
    assert evs[0]["article_title"] == "Boston bus drivers set strike date"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--type", "strike"], {("drivers-2025", "strike"), ("nurses-2024", "strike")}),
        (["--status", "occurred"], {("nurses-2024", "strike_vote")}),
        (["--union", "cna"], {("nurses-2024", "strike"), ("nurses-2024", "strike_vote")}),
        (["--employer", "TRANSDEV"], {("drivers-2025", "strike")}),
        (["--state", "MA"], {("drivers-2025", "strike")}),
        (["--state", "california", "--type", "strike"], {("nurses-2024", "strike")}),
        (["--since", "2025"], {("drivers-2025", "strike")}),
        (["--until", "2024-02"], {("nurses-2024", "strike_vote")}),
        (["--since", "2024-03", "--until", "2024-03"], {("nurses-2024", "strike")}),
        (["--union", "x' OR '1'='1"], set()),
        (["--employer", "'; DROP TABLE events; --"], set()),
    ],
)
def test_events_filters(db: Path, args: list[str], expected: set[tuple[str, str]]) -> None:
    r = run("events", "--db", db, "--format", "json", *args)
    assert r.exit_code == 0, r.stderr
    assert {(e["article_id"], e["type"]) for e in json.loads(r.stdout)} == expected
    # the tables are still there
    assert len(json.loads(run("events", "--db", db, "--format", "json").stdout)) == 3


def test_events_limit(db: Path) -> None:
    r = run("events", "--db", db, "--format", "json", "--limit", "1")
    assert len(json.loads(r.stdout)) == 1


def test_events_bad_values(db: Path) -> None:
    r = run("events", "--db", db, "--type", "riot")
    assert r.exit_code == 2
    assert "riot" in r.stderr
    r = run("events", "--db", db, "--since", "last week")
    assert r.exit_code == 2
    assert "error: since must be YYYY" in r.stderr
    r = run("events", "--db", db, "--format", "xml")
    assert r.exit_code == 2


def test_events_csv(db: Path) -> None:
    r = run("events", "--db", db, "--format", "csv", "--type", "strike")
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {row["article_id"] for row in rows} == {"drivers-2025", "nurses-2024"}
    nurses = next(row for row in rows if row["article_id"] == "nurses-2024")
    assert nurses["unions"] == "California Nurses Association"
    assert nurses["employers"] == "Mercy General Hospital"
    assert nurses["participants"] == "2000"


def test_events_table(db: Path) -> None:
    r = run("events", "--db", db)
    assert r.exit_code == 0
    out = r.stdout
    for col in (
        "id",
        "type",
        "status",
        "start",
        "end",
        "unions",
        "employers",
        "place",
        "participants",
        "article",
    ):
        assert col in out
    assert "Teamsters Local 25" in out
    assert "Boston, MA, US" in out
    assert "2,000" in out
    assert "nurses-2024" in out
    assert "3 events" in out


def test_events_missing_db(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    r = run("events", "--db", missing)
    assert r.exit_code == 1
    assert r.stderr.startswith("error: no database at")
    assert not missing.exists()


def test_show(db: Path) -> None:
    r = run("show", "nurses-2024", "--db", db)
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "Nurses strike at Mercy General" in out
    assert "published 2024-03-06" in out
    assert "E1" in out and "E2" in out
    assert "strike" in out and "(ongoing)" in out and "2024-03-04" in out
    assert "California Nurses Association (CNA)" in out
    assert "Sacramento, CA, US" in out
    assert "participants: 2,000" in out
    assert "approved 96%" in out
    assert "union demand: raise_pct 25 over 4 years" in out
    assert "Nurses at Mercy General Hospital walked off the job" in out


def test_show_unknown(db: Path) -> None:
    r = run("show", "no-such-article", "--db", db)
    assert r.exit_code == 1
    assert r.stderr.strip() == f"error: no article 'no-such-article' in {db}"


def test_show_prints_markup_verbatim(tmp_path: Path) -> None:
    from strikewatch.model import Article, Event, Evidence

    text = "Workers [bold]struck[/bold] at [red]Acme[/red] today."
    a = Article(id="markup", text=text, title="[blink]Title[/blink]", published="2025-01-01")
    rec = Record(
        id="markup",
        published="2025-01-01",
        is_labor=True,
        events=[Event("strike", "ongoing", "2025-01-01", evidence=[Evidence(text, 0, len(text))])],
    )
    path = tmp_path / "m.db"
    with open_store(path) as s:
        s.save(a, rec)
    r = run("show", "markup", "--db", path)
    assert r.exit_code == 0
    assert "[blink]Title[/blink]" in r.stdout
    assert text in r.stdout


def test_highlight_evidence_styles_exact_spans() -> None:
    _a, rec = all_pairs()[0]
    events = [e.to_dict() for e in rec.events]
    t = highlight_evidence(NURSES_TEXT, events)
    styled = sorted(t.plain[s.start : s.end] for s in t.spans if s.style == EVIDENCE_STYLE)
    expected = sorted(sp["text"] for e in events for sp in e["evidence_spans"])
    assert styled == expected
    assert t.plain.startswith(" E1 Nurses at Mercy")
    assert " E2 Last month" in t.plain
    assert t.plain.replace(" E1 ", "").replace(" E2 ", "") == NURSES_TEXT


def test_highlight_evidence_without_offsets() -> None:
    t = highlight_evidence("A b. Strike now. C d.", [{"evidence": ["Strike now."]}])
    assert t.plain == "A b.  E1 Strike now. C d."
    assert [t.plain[s.start : s.end] for s in t.spans if s.style == EVIDENCE_STYLE] == ["Strike now."]


def test_export_files(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    r = run("export", "--what", "mentions", "--format", "csv", "-o", out, "--db", db)
    assert r.exit_code == 0
    assert "wrote 3 mentions" in r.stderr
    assert len(list(csv.DictReader(out.open(newline="")))) == 3

    out = tmp_path / "articles.jsonl"
    r = run("export", "--what", "articles", "--format", "jsonl", "-o", out, "--db", db)
    assert r.exit_code == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [d["id"] for d in lines] == ["bowling", "drivers-2025", "nurses-2024"]
    originals = {r.id: r for _a, r in all_pairs()}
    for d in lines:
        assert Record.from_dict(d).to_dict() == originals[d["id"]].to_dict()

    out = tmp_path / "articles.csv"
    assert run("export", "--what", "articles", "--format", "csv", "-o", out, "--db", db).exit_code == 0
    assert {row["id"] for row in csv.DictReader(out.open(newline=""))} == {
        "bowling",
        "drivers-2025",
        "nurses-2024",
    }


def test_export_stdout(db: Path) -> None:
    r = run("export", "--what", "mentions", "--format", "jsonl", "--db", db)
    assert r.exit_code == 0
    assert len(r.stdout.splitlines()) == 3


# ---------- the real reader and extractor ----------

NURSES_JSON = {
    "id": "cli-nurses",
    "title": "Nurses strike in Sacramento",
    "published": "2024-03-06",
    "source": "Test Gazette",
    "url": None,
    "text": (
        "About 2,000 nurses at Mercy General Hospital in Sacramento went on strike on Monday, "
        "the California Nurses Association said. The nurses want higher pay and safer staffing. "
        "The strike is set to last three days."
    ),
}
DRIVERS_JSON = {
    "id": "cli-drivers",
    "title": "Drivers plan strike",
    "published": "2025-11-03",
    "text": (
        "Bus drivers represented by Teamsters Local 25 will strike against Transdev in Boston "
        "on Friday, the union said."
    ),
}
BOWLING_JSON = {
    "id": "cli-bowling",
    "title": "League night",
    "published": "2025-01-02",
    "text": "She bowled a strike in the tenth frame and won the league title.",
}
TEACHERS_TXT = (
    "Title: Teachers rally for a contract\n"
    "Date: 2025-05-01\n"
    "\n"
    "Members of the Springfield Education Association rallied outside the district office on Wednesday "
    "to demand a new contract from Springfield Public Schools.\n"
)


def write_inputs(d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / "cli-nurses.json").write_text(json.dumps(NURSES_JSON))
    (d / "more.jsonl").write_text(json.dumps(DRIVERS_JSON) + "\n" + json.dumps(BOWLING_JSON) + "\n")
    (d / "teachers.txt").write_text(TEACHERS_TXT)
    (d / "broken.json").write_text('{"id": "x", "text": ')
    return d


IDS = {"cli-nurses", "cli-drivers", "cli-bowling", "teachers"}


def test_ingest_then_rerun(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "in")
    db = tmp_path / "sw.db"
    r = run("ingest", inputs, "--db", db)
    assert r.exit_code == 1  # because of broken.json
    assert "read 4, stored 4, updated 0, unchanged 0, failed 1" in r.stdout.strip().splitlines()
    err = r.stderr.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"error: {inputs / 'broken.json'}: ")
    assert "Traceback" not in r.stderr

    with open_store(db) as s:
        assert {a["id"] for a in s.articles()} == IDS
        assert s.article("cli-bowling")["is_labor"] is False

    r = run("ingest", inputs, "--db", db)
    assert r.exit_code == 1
    assert "read 4, stored 0, updated 0, unchanged 4, failed 1" in r.stdout.strip().splitlines()

    (inputs / "broken.json").unlink()
    (inputs / "teachers.txt").write_text(TEACHERS_TXT + "\nThe union said talks would resume.\n")
    r = run("ingest", inputs, "--db", db)
    assert r.exit_code == 0, r.stderr
    assert "read 4, stored 0, updated 1, unchanged 3, failed 0" in r.stdout.strip().splitlines()
    assert r.stderr == ""

    r = run("events", "--db", db, "--format", "json")
    evs = json.loads(r.stdout)
    assert {e["article_id"] for e in evs} <= IDS - {"cli-bowling"}
    assert any(e["article_id"] == "cli-nurses" and e["type"] == "strike" for e in evs)

    r = run("show", "cli-nurses", "--db", db)
    assert r.exit_code == 0
    assert "Nurses strike in Sacramento" in r.stdout
    assert "E1" in r.stdout


def test_ingest_extraction_failure_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import strikewatch.extract.pipeline as pipeline_mod

    real = pipeline_mod.analyse

    def flaky(article: strikewatch.Article) -> object:
        if getattr(article, "id", None) == "cli-drivers":
            raise RuntimeError("parser exploded")
        return real(article)

    # batched extraction fails on the chunk, then article by article only this one fails
    monkeypatch.setattr(pipeline_mod, "analyse", flaky)
    inputs = write_inputs(tmp_path / "in")
    (inputs / "broken.json").unlink()
    r = run("ingest", inputs, "--db", tmp_path / "sw.db")
    assert r.exit_code == 1
    assert "read 4, stored 3, updated 0, unchanged 0, failed 1" in r.stdout.strip().splitlines()
    assert r.stderr.strip() == (
        f"error: {inputs / 'more.jsonl'} (cli-drivers): extraction failed: RuntimeError: parser exploded"
    )


def test_ingest_missing_path(tmp_path: Path) -> None:
    r = run("ingest", tmp_path / "nowhere", "--db", tmp_path / "sw.db")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: {tmp_path / 'nowhere'}: ")
    assert r.stdout.strip() == "read 0, stored 0, updated 0, unchanged 0, failed 1"


def test_extract_to_file_and_stdout(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    r = run("extract", inputs, "-o", out)
    assert r.exit_code == 1  # broken.json
    assert "broken.json" in r.stderr
    recs = [Record.from_dict(json.loads(x)) for x in out.read_text().splitlines()]
    assert {x.id for x in recs} == IDS
    by_id = {x.id: x for x in recs}
    assert by_id["cli-bowling"].is_labor is False and by_id["cli-bowling"].events == []
    assert by_id["cli-nurses"].is_labor is True

    (inputs / "broken.json").unlink()
    r = run("extract", inputs / "cli-nurses.json")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert len(lines) == 1
    from_file = {json.loads(x)["id"]: json.loads(x) for x in out.read_text().splitlines()}
    assert json.loads(lines[0]) == from_file["cli-nurses"]


# ---------- eval with the official scorer ----------


def _official_scorer() -> Path:
    for p in scorer_candidates():
        if p.is_file():
            return p.resolve()
    pytest.skip("official scorer not found (tried: " + ", ".join(map(str, scorer_candidates())) + ")")


def write_gold(d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    s = "About 2,000 nurses at Mercy General Hospital in Sacramento went on strike on Monday, the California Nurses Association said."
    gold_nurses = dict(NURSES_JSON)
    gold_nurses["gold"] = {
        "published": "2024-03-06",
        "is_labor": True,
        "events": [
            {
                "type": "strike",
                "status": "ongoing",
                "start_date": "2024-03-04",
                "end_date": "2024-03-06",
                "unions": [{"name": "California Nurses Association", "aliases": []}],
                "employers": [{"name": "Mercy General Hospital", "aliases": []}],
                "location": {"city": "Sacramento", "state": "CA", "country": "US"},
                "participants": 2000,
                "unit_size": None,
                "demands": ["pay", "staffing"],
                "result": None,
                "evidence": [s],
            }
        ],
        "claims": [],
    }
    gold_bowling = dict(BOWLING_JSON)
    gold_bowling["gold"] = {"published": "2025-01-02", "is_labor": False, "events": [], "claims": []}
    (d / "cli-nurses.json").write_text(json.dumps(gold_nurses, indent=1))
    (d / "cli-bowling.json").write_text(json.dumps(gold_bowling, indent=1))
    return d


def test_eval_matches_official_scorer(tmp_path: Path) -> None:
    scorer = _official_scorer()
    gold = write_gold(tmp_path / "gold")
    pred = tmp_path / "pred.jsonl"
    figures = tmp_path / "scores.json"
    r = run("eval", gold, "--pred-out", pred, "--json", figures)
    assert r.exit_code == 0, r.stderr
    assert "headline: strict event F1" in r.stdout
    assert {json.loads(x)["id"] for x in pred.read_text().splitlines()} == {"cli-nurses", "cli-bowling"}
    scores = json.loads(figures.read_text())
    assert scores["articles"] == 2
    # the figures printed are exactly the scorer's own
    official = subprocess.run(
        [sys.executable, str(scorer), "score", str(gold), "--pred", str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert r.stdout == official.stdout


def test_eval_explicit_scorer_and_temp_predictions(tmp_path: Path) -> None:
    scorer = _official_scorer()
    gold = write_gold(tmp_path / "gold")
    r = run("eval", gold, "--scorer", scorer)
    assert r.exit_code == 0, r.stderr
    assert "articles: 2" in r.stdout


def test_eval_scorer_missing(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold")
    missing = tmp_path / "nope" / "score.py"
    r = run("eval", gold, "--scorer", missing)
    assert r.exit_code == 2
    assert r.stderr.strip() == f"error: scorer not found; tried: {missing}"


def test_scorer_candidates_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIKEWATCH_SCORER", str(tmp_path / "env.py"))
    monkeypatch.chdir(tmp_path)
    c = scorer_candidates()
    assert c[0] == tmp_path / "env.py"
    assert c[1] == tmp_path / ".." / "shared" / "eval" / "score.py"
    assert c[2] == Path(strikewatch.__file__).resolve().parents[2].parent / "shared" / "eval" / "score.py"
    assert scorer_candidates("x.py") == [Path("x.py")]


def test_cli_on_postgresql(tmp_path: Path) -> None:
    """--db takes a PostgreSQL URL: ingest, list, disputes and a bad URL's clear error."""
    from _pg import pg_schema

    with pg_schema() as url:
        inputs = write_inputs(tmp_path / "in")
        (inputs / "broken.json").unlink()
        r = run("ingest", inputs, "--db", url)
        assert r.exit_code == 0 and "stored 4" in r.stdout
        assert not list(Path.cwd().glob("postgresql*"))  # the URL was not taken for a file name
        r = run("events", "--db", url, "--format", "json")
        assert r.exit_code == 0 and len(json.loads(r.stdout)) >= 2
        assert run("disputes", "--db", url).exit_code == 0
    r = run("events", "--db", "postgresql://someone:hunter2@127.0.0.1:1/none")
    assert r.exit_code == 1 and "cannot open" in r.stderr and "hunter2" not in r.stderr
