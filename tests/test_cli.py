"""The ``strikewatch`` command, run in-process with Typer's CliRunner.

The query commands (events, show, export) run on a store filled with hand-built
records, so they do not depend on what the extractor finds; ingest, extract and
eval run the real reader and extractor over short articles written here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _builders import NURSES_TEXT, all_pairs
from _shared import missing
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


def test_mentions_json(db: Path) -> None:
    r = run("mentions", "--db", db, "--format", "json")
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
def test_mentions_filters(db: Path, args: list[str], expected: set[tuple[str, str]]) -> None:
    r = run("mentions", "--db", db, "--format", "json", *args)
    assert r.exit_code == 0, r.stderr
    assert {(e["article_id"], e["type"]) for e in json.loads(r.stdout)} == expected
    # the tables are still there
    assert len(json.loads(run("mentions", "--db", db, "--format", "json").stdout)) == 3


def test_mentions_limit(db: Path) -> None:
    r = run("mentions", "--db", db, "--format", "json", "--limit", "1")
    assert len(json.loads(r.stdout)) == 1


def test_mentions_bad_values(db: Path) -> None:
    r = run("mentions", "--db", db, "--type", "riot")
    assert r.exit_code == 2
    assert "riot" in r.stderr
    r = run("mentions", "--db", db, "--since", "last week")
    assert r.exit_code == 2
    assert "since must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not 'last week'" in r.stderr
    r = run("mentions", "--db", db, "--format", "xml")
    assert r.exit_code == 2


def test_mentions_csv(db: Path) -> None:
    r = run("mentions", "--db", db, "--format", "csv", "--type", "strike")
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {row["article_id"] for row in rows} == {"drivers-2025", "nurses-2024"}
    nurses = next(row for row in rows if row["article_id"] == "nurses-2024")
    assert nurses["unions"] == "California Nurses Association"
    assert nurses["employers"] == "Mercy General Hospital"
    assert nurses["participants"] == "2000"


def test_mentions_table(db: Path) -> None:
    r = run("mentions", "--db", db)
    assert r.exit_code == 0
    out = r.stdout
    for col in (
        "article",
        "event",
        "type",
        "status",
        "date",
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
    assert "3 mentions" in out


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
    assert r.stderr.strip() == f"error: no article or event 'no-such-article' in {db}"


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
    assert len(list(csv.DictReader(io.StringIO(out.read_text(), newline="")))) == 3

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
    assert {row["id"] for row in csv.DictReader(io.StringIO(out.read_text(), newline=""))} == {
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

    r = run("mentions", "--db", db, "--format", "json")
    evs = json.loads(r.stdout)
    assert {e["article_id"] for e in evs} <= IDS - {"cli-bowling"}
    assert any(e["article_id"] == "cli-nurses" and e["type"] == "strike" for e in evs)
    # ingest links: every mention is in an event, and the events listed are those events
    r = run("events", "--db", db, "--format", "json")
    events = json.loads(r.stdout)
    assert {m["event_id"] for m in evs} == {e["event_id"] for e in events}
    assert sum(len(e["mentions"]) for e in events) == len(evs)

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


def test_ingest_progress_counts_first_and_shows_whole_file_names(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    deep = inputs / "coverage-of-the-nurses-strike-at-mercy-general-hospital" / "sacramento-california-2024"
    deep.mkdir(parents=True)
    (inputs / "a-teachers.txt").write_text(TEACHERS_TXT)
    (inputs / "b.jsonl").write_text(json.dumps(DRIVERS_JSON) + "\n" + json.dumps(BOWLING_JSON) + "\n")
    long = deep / ("nurses-walk-out-" * 8 + "day-one.json")  # read last: its line is the one left shown
    long.write_text(json.dumps(NURSES_JSON))
    # FORCE_COLOR: stderr is taken for a terminal, so the bar is drawn (elsewhere stderr has errors only)
    terminal = CliRunner(env={"FORCE_COLOR": "1", "COLUMNS": "100"})
    r = terminal.invoke(app, ["ingest", str(inputs), "--db", str(tmp_path / "sw.db")], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    assert "read 4, stored 4, updated 0, unchanged 0, failed 0" in r.stdout.splitlines()
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", r.stderr)
    assert "ingesting 0/4" in shown and "ingesting 4/4" in shown  # counted before the first article
    assert len(str(long)) > 100
    assert f"stored {long}" in shown.replace("\n", "")  # folded over two lines at 100 columns, not cut


def test_ingest_engine_ray_without_ray(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as when the ray extra is not installed
    r = run("ingest", write_inputs(tmp_path / "in"), "--engine", "ray", "--db", tmp_path / "sw.db")
    assert r.exit_code == 2
    assert r.stderr.strip() == "error: --engine ray needs Ray, which is an extra: pip install -e '.[ray]'"
    assert not (tmp_path / "sw.db").exists()


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
    pytest.skip(missing("official scorer (tried: " + ", ".join(map(str, scorer_candidates())) + ")"))


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


def test_eval_repeated_cross_validation(tmp_path: Path) -> None:
    _official_scorer()
    gold = write_gold(tmp_path / "gold")
    # four articles, so that every fold of two has an article to train on whatever the draw
    for name in ("cli-nurses", "cli-bowling"):
        doc = json.loads((gold / f"{name}.json").read_text())
        doc["id"] = name + "-again"
        (gold / f"{name}-again.json").write_text(json.dumps(doc))
    figures = tmp_path / "cv.json"
    pred = tmp_path / "cv.jsonl"
    r = run("eval", gold, "--cv", "2", "--repeats", "3", "--json", figures, "--pred-out", pred)
    assert r.exit_code == 0, r.stderr
    assert "3 repetitions of 2-fold cross-validation" in r.stdout
    scores = json.loads(figures.read_text())
    strict = scores["repeats"]["strict event F1"]
    assert len(strict["values"]) == 3 and strict["n"] == 3
    # the first repetition is the one whose figures are printed and kept
    assert strict["values"][0] == scores["events_strict"]["f1"]
    assert strict["min"] <= strict["mean"] <= strict["max"]
    assert abs(strict["mean"] - sum(strict["values"]) / 3) < 1e-4
    assert len(pred.read_text().splitlines()) == 4


def write_linked_gold(d: Path) -> Path:
    """Four reports of one strike (one event key, one dispute) in ``d``: a linked corpus in small."""
    write_gold(d)
    (d / "cli-bowling.json").unlink()
    doc = json.loads((d / "cli-nurses.json").read_text())
    doc["gold"]["events"][0]["key"] = "mercy-strike-2024"
    doc["gold"]["disputes"] = ["cna-mercy-2024"]
    (d / "cli-nurses.json").unlink()
    for n in range(4):
        doc["id"] = f"cli-nurses-{n}"
        (d / f"cli-nurses-{n}.json").write_text(json.dumps(doc))
    return d


def test_eval_linked_cross_validation(tmp_path: Path) -> None:
    _official_scorer()
    linked = write_linked_gold(tmp_path / "linked")
    extra = write_gold(tmp_path / "more")  # trains the folds' models, is never linked or scored
    figures = tmp_path / "links.json"
    pred = tmp_path / "links.jsonl"
    r = run("eval", linked, "--linked", "--cv", "2", "--repeats", "2", "--train-on", extra,
            "--json", figures, "--pred-out", pred)
    assert r.exit_code == 0, r.stderr
    assert "headline: event link F1" in r.stdout
    assert "2 repetitions of 2-fold cross-validation" in r.stdout
    scores = json.loads(figures.read_text())
    # only the linked corpus is scored: its four articles, one keyed event each
    assert scores["articles"] == 4 and scores["gold_mentions"] == 4
    values = scores["repeats"]["dispute link F1"]["values"]
    assert len(values) == 2 and values[0] == scores["dispute_links"]["f1"]
    # the predictions are the spec's linked output, and name no article of --train-on
    lines = [json.loads(x) for x in pred.read_text().splitlines()]
    named = {m["article"] for ln in lines for m in ln.get("mentions") or []}
    assert named <= {f"cli-nurses-{n}" for n in range(4)}


def test_cross_validate_pairs_gives_each_record_its_article(tmp_path: Path) -> None:
    from strikewatch import train as tr

    gold = write_linked_gold(tmp_path / "linked")
    data = tr.analyse_all(tr.load_gold([gold]))
    pairs = tr.cross_validate_pairs(data, 2)
    assert sorted(a.id for a, _ in pairs) == sorted(al.analysis.article.id for al in data)
    assert all(a.id == rec.id for a, rec in pairs)


def test_eval_train_on_needs_linked_cross_validation(tmp_path: Path) -> None:
    _official_scorer()
    gold = write_gold(tmp_path / "gold")
    r = run("eval", gold, "--cv", "2", "--train-on", gold)
    assert r.exit_code == 2
    assert "--train-on needs --cv and --linked" in r.stderr


def test_eval_repeats_needs_cv(tmp_path: Path) -> None:
    _official_scorer()
    gold = write_gold(tmp_path / "gold")
    r = run("eval", gold, "--repeats", "2")
    assert r.exit_code == 2
    assert "--repeats needs --cv" in r.stderr


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


# ---------- one vocabulary: events (linked) and mentions (each article's) ----------


@pytest.fixture
def linked(db: Path) -> Path:
    with open_store(db) as s:
        s.relink()
    return db


def test_events_are_linked_events_and_mentions_name_them(linked: Path) -> None:
    events = json.loads(run("events", "--db", linked, "--format", "json").stdout)
    mentions = json.loads(run("mentions", "--db", linked, "--format", "json").stdout)
    assert all(e["event_id"].startswith("ev-") and e["mentions"] for e in events)
    assert {m["event_id"] for m in mentions} == {e["event_id"] for e in events}
    table = run("events", "--db", linked).stdout
    assert f"{len(events)} events" in table and all(e["event_id"] in table for e in events)
    assert "article" not in table.splitlines()[1]  # events are not listed by article


def test_ingest_summary_counts_the_events_listed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "nurses.json").write_text(json.dumps(NURSES_JSON))
    (src / "teachers.txt").write_text(TEACHERS_TXT)
    db = tmp_path / "sw.db"
    r = run("ingest", src, "--db", db)
    assert r.exit_code == 0, r.stderr
    n = int(re.search(r"linked: (\d+) events?", r.stdout).group(1))  # type: ignore[union-attr]
    assert len(json.loads(run("events", "--db", db, "--format", "json").stdout)) == n > 0


def test_show_takes_an_article_an_event_or_a_unique_start_of_one(linked: Path) -> None:
    r = run("show", "nurses-2024", "--db", linked)
    assert r.exit_code == 0 and r.stdout.startswith("article nurses-2024")
    events = json.loads(run("events", "--db", linked, "--format", "json").stdout)
    strike = next(e for e in events if e["type"] == "strike" and e["employers"][0]["name"].startswith("Mercy"))
    for ref in (strike["event_id"], strike["event_id"][:-3]):
        r = run("show", ref, "--db", linked)
        assert r.exit_code == 0, r.stderr
        lines = r.stdout.splitlines()
        assert lines[0] == f"event {strike['event_id']}"
        assert lines[1].startswith("Strike: California Nurses Association against Mercy General Hospital")
        assert "reported in 1 article" in r.stdout and "Nurses strike at Mercy General" in r.stdout
    r = run("show", "ev-", "--db", linked)  # every event id starts so
    assert r.exit_code == 1
    assert "more than one event id" in r.stderr and all(e["event_id"] in r.stderr for e in events)


@pytest.mark.parametrize("bad", ["2026-13", "2026-02-30", "2026-00", "26-01", "March 2026", "2026-1"])
def test_dates_must_be_real_dates(db: Path, bad: str) -> None:
    for cmd in ("events", "mentions"):
        for opt in ("--since", "--until"):
            r = run(cmd, "--db", db, opt, bad)
            assert r.exit_code == 2, (cmd, opt, bad)
            assert f"must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not '{bad}'" in " ".join(r.stderr.split())
    r = run("disputes", "--db", db, "--since", bad)
    assert r.exit_code == 2


def test_leap_day_and_partial_dates_are_dates(db: Path) -> None:
    for good in ("2024-02-29", "2024-02", "2024"):
        assert run("mentions", "--db", db, "--since", good).exit_code == 0


def test_state_is_a_us_state_or_a_known_region(db: Path) -> None:
    for bad in ("XX", "Narnia", "C A"):
        r = run("mentions", "--db", db, "--state", bad)
        assert r.exit_code == 2 and "state must be a US state" in " ".join(r.stderr.split())
    for good in ("ma", "Massachusetts", "Ontario", "Scotland"):
        assert run("mentions", "--db", db, "--state", good).exit_code == 0, good
    r = run("mentions", "--db", db, "--state", "massachusetts", "--format", "json")
    assert [m["article_id"] for m in json.loads(r.stdout)] == ["drivers-2025"]


def test_disputes_filter_by_stage_not_state(linked: Path) -> None:
    rows = json.loads(run("disputes", "--db", linked, "--format", "json").stdout)
    assert rows and all("stage" in d and "state" not in d for d in rows)
    stage = rows[0]["stage"]
    r = run("disputes", "--db", linked, "--stage", stage, "--format", "json")
    assert {d["dispute_id"] for d in json.loads(r.stdout)} == {d["dispute_id"] for d in rows if d["stage"] == stage}
    assert run("disputes", "--db", linked, "--state", "CA").exit_code == 2  # no such option


@pytest.mark.parametrize("cmd", ["events", "mentions", "disputes"])
def test_every_listing_takes_the_same_formats(linked: Path, cmd: str) -> None:
    as_json = json.loads(run(cmd, "--db", linked, "--format", "json").stdout)
    as_jsonl = [json.loads(x) for x in run(cmd, "--db", linked, "--format", "jsonl").stdout.splitlines()]
    as_csv = list(csv.DictReader(io.StringIO(run(cmd, "--db", linked, "--format", "csv").stdout)))
    table = run(cmd, "--db", linked, "--format", "table")
    assert as_json == as_jsonl and len(as_csv) == len(as_json) > 0 and table.exit_code == 0
    assert run(cmd, "--db", linked, "--format", "xml").exit_code == 2


def test_csv_columns_agree_between_cli_and_export(linked: Path, tmp_path: Path) -> None:
    for cmd, what in (("events", "events"), ("mentions", "mentions"), ("disputes", "disputes")):
        listed = run(cmd, "--db", linked, "--format", "csv").stdout
        out = tmp_path / f"{what}.csv"
        assert run("export", "--what", what, "--format", "csv", "-o", out, "--db", linked).exit_code == 0
        listed_lines, exported = listed.splitlines(), out.read_text().splitlines()
        assert listed_lines[0] == exported[0] and sorted(listed_lines) == sorted(exported), what
    header = listed.splitlines()[0].split(",")
    events_header = run("events", "--db", linked, "--format", "csv").stdout.splitlines()[0].split(",")
    assert {"unions", "union_aliases", "employers", "employer_aliases"} <= set(events_header)
    assert "stage" in header


def test_piped_tables_are_never_cut(linked: Path) -> None:
    narrow = CliRunner(env={"COLUMNS": "40"})
    r = narrow.invoke(app, ["events", "--db", str(linked)])
    events = json.loads(run("events", "--db", linked, "--format", "json").stdout)
    lines = r.stdout.splitlines()
    for e in events:  # each event on one line, its id whole
        assert sum(e["event_id"] in line for line in lines) == 1
    assert any("Mercy General Hospital" in line and "California Nurses Association" in line for line in lines)


def test_counts_read_as_words(linked: Path) -> None:
    with open_store(linked) as s:
        one = s.disputes()[0]
    r = run("disputes", "--db", linked, "--employer", one["employers"][0]["name"])
    assert [line.strip() for line in r.stdout.splitlines()][-1] == "1 dispute"


def test_timeline_formats(linked: Path) -> None:
    with open_store(linked) as s:
        dispute = s.disputes(employer="Mercy")[0]
    r = run("timeline", dispute["dispute_id"], "--db", linked, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.exit_code == 0 and {row["event_id"] for row in rows} == set(dispute["events"])
    assert json.loads(run("timeline", dispute["dispute_id"], "--db", linked, "--format", "json").stdout)[
        "dispute_id"] == dispute["dispute_id"]


def test_an_ambiguous_dispute_prefix_lists_the_candidates(linked: Path) -> None:
    with open_store(linked) as s:
        ids = [d["dispute_id"] for d in s.disputes()]
    prefix = os.path.commonprefix(ids)
    r = run("timeline", prefix, "--db", linked)
    if len(ids) > 1:
        assert r.exit_code == 1 and all(i in r.stderr for i in ids)


@pytest.mark.parametrize("cmd", ["events", "mentions", "disputes", "timeline", "show", "export", "ingest",
                                 "extract", "eval", "train", "serve"])
def test_help_shows_readable_metavars(cmd: str) -> None:
    r = run(cmd, "--help")
    assert r.exit_code == 0
    assert not re.search(r"<\w+>|\{\w+\}", r.stdout), r.stdout  # metavars, not type names


@pytest.mark.parametrize("cmd", ["ingest", "extract"])
def test_a_folder_with_no_articles_says_so(cmd: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not an article")
    args = [cmd, empty] + (["--db", tmp_path / "sw.db"] if cmd == "ingest" else [])
    r = run(*args)
    assert r.exit_code == 1
    assert f"error: {empty}: no articles found in {empty}" in r.stderr


@pytest.mark.parametrize(("cmd", "url"), [("extract", "https://example.com/news/strike.html"),
                                          ("extract", "http://example.com/a?b=1"),
                                          ("ingest", "ftp://example.com/news/strike.html")])
def test_a_web_address_is_named_whole_and_refused(cmd: str, url: str, tmp_path: Path) -> None:
    """``extract`` reads files only; ``ingest`` fetches http(s) pages (tests/test_fetch.py), no other scheme."""
    r = run(cmd, url, *(["--db", tmp_path / "sw.db"] if cmd == "ingest" else []))
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: {url}: a web address")  # never mangled into "https:/..."
