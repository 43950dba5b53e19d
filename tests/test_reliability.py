"""Reliability: ingestion killed at random points loses and duplicates nothing; reads go on during writes."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROUNDS = 4


def _corpus(path: Path, n: int) -> list[str]:
    """n short invented articles, a third of them about strikes, as JSON Lines."""
    ids = []
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if i % 3 == 0:
                text = (f"About {100 + i} drivers at Route {i} Transit in Dayton, Ohio, went on strike Monday, "
                        f"the Route {i} Drivers Union said. The union wants a 4% raise.")
            else:
                text = f"The city council of town {i} met on Tuesday to discuss the budget for parks and roads."
            fh.write(json.dumps({"id": f"a{i}", "published": "2026-03-04", "text": text}) + "\n")
            ids.append(f"a{i}")
    return ids


def _check_db(db: Path, ids: list[str]) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = [r[0] for r in conn.execute("SELECT id FROM articles")]
        assert sorted(stored) == sorted(ids)  # every article exactly once
        orphans = {
            "mentions": "SELECT count(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)",
            "mention_orgs": "SELECT count(*) FROM mention_orgs WHERE mention_id NOT IN (SELECT id FROM mentions)",
            "mention_evidence": "SELECT count(*) FROM mention_evidence WHERE mention_id NOT IN (SELECT id FROM mentions)",
            "claims": "SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT id FROM articles)",
            "event_mentions": "SELECT count(*) FROM event_mentions WHERE article_id NOT IN (SELECT id FROM articles)",
        }
        for table, sql in orphans.items():
            assert conn.execute(sql).fetchone()[0] == 0, f"orphan rows in {table}"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # each stored article has all its mentions (an article is written whole or not at all)
        strikes = conn.execute("SELECT count(*) FROM mentions WHERE type = 'strike'").fetchone()[0]
        assert strikes == len([i for i in ids if int(i[1:]) % 3 == 0])
    finally:
        conn.close()


def _ingest_cmd(inp: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "strikewatch", "ingest", str(inp), "--db", str(db)]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_random_points_then_rerun(tmp_path: Path) -> None:
    inp, db = tmp_path / "in.jsonl", tmp_path / "sw.db"
    # enough articles that a whole ingest outlasts the latest kill (600 took under 4 s on 2 cores)
    ids = _corpus(inp, 2400)
    rng = random.Random(5)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    killed = 0
    for _ in range(ROUNDS):
        p = subprocess.Popen(_ingest_cmd(inp, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(2.0, 5.0))  # start-up and model load take ~3 s: kills land mid-batch
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            killed += 1
        p.wait(timeout=60)
        if db.exists():
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
    done = subprocess.run(_ingest_cmd(inp, db), capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "failed 0" in done.stdout, (done.stdout, done.stderr)
    _check_db(db, ids)
    again = subprocess.run(_ingest_cmd(inp, db), capture_output=True, text=True, env=env, timeout=300)
    assert f"unchanged {len(ids)}" in again.stdout  # a rerun changes nothing
    print(f"SIGKILL rounds: {killed} of {ROUNDS} killed mid-run; database intact after each")
    assert killed >= 1, "no round was killed mid-run: the corpus is too small for this machine"


def test_reads_during_ingest_never_fail(tmp_path: Path) -> None:
    """The web app answers while another process ingests into the same SQLite file (WAL)."""
    pytest.importorskip("fastapi")
    import httpx
    import uvicorn

    from strikewatch.store import open_store
    from strikewatch.web import create_app

    inp, db = tmp_path / "in.jsonl", tmp_path / "sw.db"
    ids = _corpus(inp, 90)
    with open_store(db):
        pass
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    proc = subprocess.Popen(_ingest_cmd(inp, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    served, errors = 0, []
    urls = ["/", "/events", "/api/events?type=strike", "/disputes", "/feed.atom", "/api/disputes"]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            deadline = time.time() + 240
            while proc.poll() is None and time.time() < deadline:
                for u in urls:
                    r = client.get(u)
                    served += 1
                    if r.status_code != 200:
                        errors.append((u, r.status_code, r.text[:200]))
                time.sleep(0.02)  # a bounded load: about 50 requests a second at most
            for u in urls:  # and after the writer is done
                r = client.get(u)
                served += 1
                if r.status_code != 200:
                    errors.append((u, r.status_code, r.text[:200]))
    finally:
        out, err = proc.communicate(timeout=120)
        server.should_exit = True
        thread.join(timeout=10)
    print(f"served {served} requests during a concurrent ingest of {len(ids)} articles; errors: {len(errors)}")
    assert proc.returncode == 0, err
    assert "database is locked" not in err
    assert errors == [], errors[:3]
    assert served >= 20
    _check_db(db, ids)
