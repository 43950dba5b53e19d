"""A corpus of bad inputs, generated here, ingested in one batch: one clear line per problem, no traceback.

Random bytes, invalid UTF-8, a 100 MB single line, deeply nested HTML, JSON of the wrong
shape and types, truncated JSON, an empty article, a 5 MB article, text in another
language, two articles with one id and different text, a symlink loop, and good
articles among them, which must all be stored.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.store import open_store

GOOD = ("Nurses at Mercy Hospital in Dayton, Ohio, went on strike Monday, the Mercy Nurses Union said. "
        "The union wants safe staffing.")


def _make(d: Path) -> dict[str, str]:
    """Write the bad corpus; return {file name: a word its error line must hold}."""
    rng = random.Random(11)
    d.mkdir()
    expect: dict[str, str] = {}
    (d / "random.json").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    expect["random.json"] = "UTF-8"
    (d / "latin1.txt").write_bytes("Grève des cheminots à Paris lundi".encode("latin-1"))
    expect["latin1.txt"] = "UTF-8"
    with open(d / "huge-line.jsonl", "wb") as fh:  # one 100 MB line, then a good one
        fh.write(b'{"id": "huge", "text": "')
        chunk = b"strike " * (1024 * 1024 // 7)
        for _ in range(100):
            fh.write(chunk)
        fh.write(b'"}\n')
        fh.write(json.dumps({"id": "after-huge", "published": "2026-03-03", "text": GOOD}).encode() + b"\n")
    expect["huge-line.jsonl"] = "10 MB"
    (d / "nested.html").write_text("<html><body>" + "<div>" * 5000 + "strike" + "</div>" * 5000 + "</body></html>")
    expect["nested.html"] = "nested.html"
    (d / "list-of-numbers.json").write_text("[1, 2, 3]")
    expect["list-of-numbers.json"] = "expected a JSON object"
    (d / "text-is-number.json").write_text('{"id": "n", "text": 42}')
    expect["text-is-number.json"] = "text"
    (d / "truncated.json").write_text('{"id": "t", "text": "Workers went on str')
    expect["truncated.json"] = "not JSON"
    (d / "empty-article.json").write_text('{"id": "e", "text": ""}')
    expect["empty-article.json"] = "empty"
    (d / "empty-file.json").write_text("")
    expect["empty-file.json"] = "empty"
    os.symlink(d, d / "loop")  # a symlink back to the directory itself
    big = " ".join(["The council met to discuss the park budget."] * 115_000)  # ~5 MB, no labor event
    (d / "five-mb.json").write_text(json.dumps({"id": "five-mb", "published": "2026-03-03", "text": big}))
    (d / "spanish.json").write_text(json.dumps({"id": "es", "published": "2026-03-03",
                                                "text": "Los trabajadores del metro iniciaron una huelga el lunes."}))
    (d / "good.json").write_text(json.dumps({"id": "good", "published": "2026-03-03", "text": GOOD}))
    (d / "same-id-1.json").write_text(json.dumps({"id": "twin", "published": "2026-03-03", "text": GOOD}))
    (d / "same-id-2.json").write_text(json.dumps({"id": "twin", "published": "2026-03-04",
                                                  "text": GOOD.replace("Monday", "Tuesday")}))
    return expect


def test_bad_inputs_each_give_one_clear_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    expect = _make(tmp_path / "in")
    db = tmp_path / "sw.db"
    r = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db)], catch_exceptions=False)
    assert r.exit_code == 1  # something failed
    err = r.stderr
    assert "Traceback" not in err and "Traceback" not in r.stdout
    lines = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    for name, word in expect.items():
        mine = [ln for ln in lines if f"/{name}" in ln]
        if name == "nested.html":  # parsed or refused, but never a crash
            assert len(mine) <= 1
            continue
        # one line per problem: a list of three numbers is three bad items, each named file[i]
        assert len(mine) == (3 if name == "list-of-numbers.json" else 1), (name, mine, lines)
        assert all(word.lower() in m.lower() for m in mine), (name, mine)
    with open_store(db) as s:
        stored = {a["id"] for a in s.articles()}
        assert {"good", "after-huge", "five-mb", "es", "twin"} <= stored
        # one id, two texts: the later file replaces the earlier, once
        twin = s.article("twin")
        assert twin is not None and "Tuesday" in twin["text"]
        assert s._conn.execute("SELECT count(*) FROM articles WHERE id = 'twin'").fetchone()[0] == 1
        assert s.article("es") is not None and not s.article("es")["is_labor"]  # not English: no events
