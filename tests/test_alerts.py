"""Alerts against real servers on loopback: a webhook receiver (pytest-httpserver) that checks each
body's HMAC and counts deliveries by key, and an SMTP server (aiosmtpd) that collects the mail.

The articles are invented: a custodians' strike in Oakland announced (planned), then under way.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from _pg import pg_schema
from aiosmtpd.controller import Controller
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from strikewatch import alerts as A
from strikewatch.cli import app
from strikewatch.ingest import ingest_items
from strikewatch.model import Article
from strikewatch.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent

PLAN = Article(id="pacifica-plan", published="2026-06-01", source="Bay Ledger",
               text="The Coastline Custodians Union said Monday its 400 janitors will strike at Pacifica Towers in "
                    "Oakland, California, starting June 8 if no deal is reached. The union wants a 10% raise over "
                    "three years.")
ON = Article(id="pacifica-on", published="2026-06-09", source="East Bay Wire",
             text="Janitors at Pacifica Towers in Oakland, California, went on strike Monday, June 8, the Coastline "
                  "Custodians Union said. About 400 janitors walked out.")
ELSEWHERE = Article(id="lakeside-strike", published="2026-06-10", source="Lakeside Post",
                    text="Bus drivers at Lakeside Transit in Madison, Wisconsin, went on strike Tuesday, the Lakeside "
                         "Drivers Union said. About 200 drivers walked out.")
STRIKE_CA = {"type": "strike", "state": "CA", "union": "Coastline", "min_confidence": 0.7}
FAST = {"backoff": 0.02, "wait": 5.0}


class Receiver:
    """A webhook endpoint: answers 500 to the first ``fail`` requests (all when ``fail`` < 0), then 200;
    keeps each request's key, kind and body, and whether its signature verified under ``secret``."""

    def __init__(self, server: HTTPServer, path: str = "/hook", fail: int = 0) -> None:
        self.server, self.path, self.fail = server, path, fail
        self.secret: str | None = None
        self.requests: list[dict[str, Any]] = []
        server.expect_request(path, method="POST").respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        return self.server.url_for(self.path)

    def _handle(self, request: Request) -> Response:
        body = request.get_data()
        self.requests.append({
            "key": request.headers.get(A.DELIVERY_HEADER), "body": body, "json": json.loads(body),
            "signed": self.secret is not None and A.verify(self.secret, body, request.headers.get(A.SIGNATURE_HEADER)),
            "type": request.headers.get("Content-Type")})
        if self.fail < 0 or len(self.requests) <= self.fail:
            return Response("receiver down", status=500)
        return Response("ok", status=200)

    def keys(self) -> Counter[str]:
        return Counter(r["key"] for r in self.requests)


class Mailbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Mailbox, str]]:
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv(A.SMTP_ENV, f"127.0.0.1:{port}")
    monkeypatch.setenv(A.FROM_ENV, "alerts@strikewatch.test")
    try:
        yield box, f"127.0.0.1:{port}"
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def planned_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store that knows the strike as planned (one article), made once and copied by each test."""
    path = tmp_path_factory.mktemp("alerts") / "planned.db"
    with open_store(path) as s:
        ingest_items([PLAN], s)
    return path


@pytest.fixture()
def store(planned_db: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "alerts.db"
    shutil.copy(planned_db, path)
    with open_store(path) as s:
        yield s


def _status(s: Store) -> dict[str, str]:
    return {r[0]: r[1] for r in s._conn.execute("SELECT channel, status FROM alert_deliveries")}


# ---------- signatures, alerts ----------


def test_the_signature_holds_what_a_user_cares_about() -> None:
    ev = {"type": "strike", "status": "planned", "start_date": "2026-06-08", "end_date": None,
          "unions": [{"name": "B Union"}, {"name": "A Union"}], "employers": [{"name": "Towers"}],
          "location": {"city": "Oakland", "state": "CA", "country": "US"}, "participants": 400,
          "confidence": 0.9, "mentions": [{"article": "x"}], "evidence": ["..."]}
    sig = A.signature(ev)
    assert set(sig) == set(A.SIGNATURE_FIELDS) and sig["unions"] == ["A Union", "B Union"]
    assert A.signature({**ev, "confidence": 0.5, "mentions": [], "evidence": []}) == sig  # not a change
    assert A.signature({**ev, "status": "ongoing"}) != sig
    assert A.signature({**ev, "participants": 410}) != sig
    assert A.signature({**ev, "location": None})["location"] is None


def test_add_checks_and_list_and_remove(store: Store) -> None:
    with pytest.raises(A.AlertError, match="webhook URL or an email"):
        A.add_alert(store, STRIKE_CA)
    with pytest.raises(A.AlertError, match="type must be one of"):
        A.add_alert(store, {"type": "riot"}, email="a@b.org")
    with pytest.raises(A.AlertError, match="state must be"):
        A.add_alert(store, {"state": "Atlantis"}, email="a@b.org")
    with pytest.raises(A.AlertError, match="not an event filter"):
        A.add_alert(store, {"colour": "red"}, email="a@b.org")
    with pytest.raises(A.AlertError, match="http"):
        A.add_alert(store, {}, webhook="file:///etc/passwd")
    with pytest.raises(A.AlertError, match="email address"):
        A.add_alert(store, {}, email="not an address")
    a = A.add_alert(store, STRIKE_CA, webhook="http://127.0.0.1:9/hook", email="desk@example.org")
    b = A.add_alert(store, {"status": "ongoing", "since": "2026"}, email="desk@example.org")
    assert a.secret and len(a.secret) == 64 and b.secret is None  # a secret only signs webhooks
    assert a.filters == STRIKE_CA and a.feed_query() == "type=strike&union=Coastline&state=CA&min_confidence=0.7"
    assert [x.id for x in A.list_alerts(store)] == [a.id, b.id]
    assert A.remove_alert(store, a.id) and not A.remove_alert(store, a.id)
    assert [x.id for x in A.list_alerts(store)] == [b.id]


def test_without_alerts_ingest_records_nothing(store: Store) -> None:
    summary = ingest_items([ON], store)
    assert summary.alerts == A.DeliveryReport().to_dict()
    assert store._conn.execute("SELECT count(*) FROM event_versions").fetchone()[0] == 0


# ---------- one change, one delivery per channel ----------


def test_a_change_of_status_alerts_once_by_webhook_and_email(store: Store, httpserver: HTTPServer,
                                                            smtp: tuple[Mailbox, str]) -> None:
    box, _ = smtp
    hook = Receiver(httpserver)
    a = A.add_alert(store, STRIKE_CA, webhook=hook.url, email="desk@example.org")
    other = Receiver(httpserver, "/other")
    b = A.add_alert(store, {"type": "strike", "state": "NY"}, webhook=other.url)
    hook.secret, other.secret = a.secret, b.secret
    # the baseline: the planned strike was there before the alert, so nothing is sent for it
    assert A.dispatch(store).sent == 0 and not hook.requests and not box.messages

    summary = ingest_items([ON], store)  # the strike begins: planned -> ongoing
    assert summary.alerts["sent"] == 2 and summary.alerts["changes"] == 1
    assert len(hook.requests) == 1 and not other.requests
    req = hook.requests[0]
    assert req["signed"] and req["type"].startswith("application/json")
    p = req["json"]
    ev_id = store.events(type="strike")[0]["event_id"]
    assert req["key"] == p["delivery"] == f"{a.id}-{ev_id}-2"
    assert p["kind"] == "changed" and p["version"] == 2 and p["event_id"] == ev_id
    assert p["changes"]["status"] == {"from": "planned", "to": "ongoing"}
    assert p["event"]["status"] == "ongoing" and p["alert"]["filters"] == STRIKE_CA
    assert p["alert"]["feed"] == "/feed.atom?" + a.feed_query()
    assert len(box.messages) == 1
    mail = box.messages[0]
    assert mail["To"] == "desk@example.org" and mail["From"] == "alerts@strikewatch.test"
    assert mail[A.DELIVERY_HEADER] == req["key"] and req["key"] in mail["Message-ID"]
    assert "ongoing" in mail["Subject"] and "Pacifica Towers" in mail["Subject"]
    text = mail.get_payload()[0].get_payload(decode=True).decode()
    assert "status: planned -> ongoing" in text
    assert json.loads(mail.get_payload()[1].get_payload(decode=True)) == p
    assert _status(store) == {"webhook": "sent", "email": "sent"}

    # the same articles again, read again or extracted again: nothing new to say
    for force in (False, True):
        again = ingest_items([PLAN, ON], store, force=force)
        assert again.alerts["changes"] == 0 and again.alerts["sent"] == 0
    assert A.dispatch(store).sent == 0
    assert len(hook.requests) == 1 and len(box.messages) == 1
    assert A.delivery_counts(store)[a.id] == {"sent": 2, "failed": 0, "pending": 0}


def test_a_new_event_is_version_one_and_others_do_not_match(tmp_path: Path, httpserver: HTTPServer) -> None:
    hook = Receiver(httpserver)
    with open_store(tmp_path / "new.db") as s:
        a = A.add_alert(s, {"type": "strike", "state": "CA"}, webhook=hook.url)
        hook.secret = a.secret
        ingest_items([ELSEWHERE], s)  # Wisconsin: not this search
        assert not hook.requests
        ingest_items([PLAN], s)
        assert [r["json"]["kind"] for r in hook.requests] == ["new"]
        p = hook.requests[0]["json"]
        assert p["version"] == 1 and p["changes"] == {} and p["event"]["status"] == "planned"
        assert hook.requests[0]["signed"]
        # queueing the same change again is a no-op: the key is (alert, event, version, channel)
        change = A.Change(p["event_id"], 1, "new", None, A.signature(p["event"]), p["event"], "t")
        assert A.queue_deliveries(s, [change]) == 0


# ---------- retries and dead letters ----------


class Crash(BaseException):
    """A process dying mid-delivery (not an Exception: not a failed attempt)."""


def _queue_only(store: Store, articles: list[Article]) -> None:
    """Ingest, and die at the first send: the deliveries are queued and none is sent."""

    def crash(self: A.Sender, d: A.Delivery) -> None:
        raise Crash("killed")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(A.Sender, "__call__", crash)
        with pytest.raises(Crash):
            ingest_items(articles, store)


def test_a_failing_receiver_is_retried_with_the_same_body(store: Store, httpserver: HTTPServer) -> None:
    hook = Receiver(httpserver, fail=2)
    a = A.add_alert(store, STRIKE_CA, webhook=hook.url)
    hook.secret = a.secret
    _queue_only(store, [ON])
    first = A.deliver(store, wait=0.0, backoff=0.02)  # one attempt; the retry is left for a later call
    assert (first.sent, first.failed, first.pending) == (0, 1, 1) and len(hook.requests) == 1
    time.sleep(0.05)
    r = A.dispatch(store, **FAST)  # the next dispatch retries: 500 once more, then 200
    assert (r.sent, r.failed, r.pending) == (1, 1, 0)
    assert len(hook.requests) == 3 and len({x["body"] for x in hook.requests}) == 1
    ev_id = hook.requests[0]["json"]["event_id"]
    assert all(x["signed"] for x in hook.requests) and set(hook.keys()) == {f"{a.id}-{ev_id}-2"}
    row = store._conn.execute("SELECT status, attempts, last_error FROM alert_deliveries").fetchone()
    assert tuple(row) == ("sent", 3, None)


def test_a_receiver_that_always_fails_gets_a_dead_letter(store: Store, httpserver: HTTPServer) -> None:
    hook = Receiver(httpserver, fail=-1)
    a = A.add_alert(store, STRIKE_CA, webhook=hook.url)
    _queue_only(store, [ON])
    r = A.deliver(store, max_attempts=3, **FAST)
    assert len(hook.requests) == 3 and (r.failed, r.dead, r.pending) == (3, 1, 0)
    dead = A.dead_letters(store)
    assert len(dead) == 1 and dead[0]["alert_id"] == a.id and dead[0]["attempts"] == 3
    assert dead[0]["error"] == "DeliveryError: HTTP 500" and json.loads(dead[0]["payload"])["kind"] == "changed"
    assert A.delivery_counts(store)[a.id] == {"sent": 0, "failed": 1, "pending": 0}
    assert A.dispatch(store, **FAST).sent == 0 and len(hook.requests) == 3  # given up: never sent again


# ---------- crashes ----------


def test_a_crash_after_queueing_then_dispatch_delivers_each_once(store: Store, httpserver: HTTPServer,
                                                                smtp: tuple[Mailbox, str]) -> None:
    box, _ = smtp
    hook = Receiver(httpserver)
    alerts = [A.add_alert(store, STRIKE_CA, webhook=hook.url, email="desk@example.org") for _ in range(2)]
    _queue_only(store, [ON])  # stored, linked, queued; the first send dies
    assert store.events(type="strike")[0]["status"] == "ongoing"
    assert store._conn.execute("SELECT count(*) FROM alert_deliveries WHERE status = 'pending'").fetchone()[0] == 4
    r = A.dispatch(store, **FAST)
    assert (r.changes, r.queued, r.sent) == (0, 0, 4)
    assert sorted(hook.keys().values()) == [1, 1] and len(box.messages) == 2
    assert {k.split("-")[0] for k in hook.keys()} == {str(a.id) for a in alerts}
    assert A.dispatch(store, **FAST).sent == 0 and len(hook.requests) == 2


CHILD = """
import os, sys
from strikewatch import alerts as A
from strikewatch.store import open_store

class Dies(A.Sender):
    def __call__(self, d):
        super().__call__(d)
        os._exit(17)  # killed after the receiver took it, before it is marked sent

with open_store(sys.argv[1]) as s:
    A.deliver(s, Dies(), lease=float(sys.argv[2]))
"""


def test_a_kill_between_send_and_mark_resends_only_that_one(store: Store, httpserver: HTTPServer) -> None:
    hook = Receiver(httpserver)
    alerts = [A.add_alert(store, STRIKE_CA, webhook=hook.url) for _ in range(3)]
    _queue_only(store, [ON])
    lease = 3.0
    child = subprocess.run([sys.executable, "-c", textwrap.dedent(CHILD), store.path, str(lease)],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert child.returncode == 17, child.stderr
    assert len(hook.requests) == 1
    held = hook.requests[0]["key"]
    start = time.time()
    r = A.dispatch(store, wait=0.0)  # the other two now; the one in flight is held by its lease
    assert r.sent == 2 and r.pending == 1 and hook.keys()[held] == 1
    time.sleep(max(0.0, lease - (time.time() - start)) + 0.1)
    assert A.dispatch(store, wait=0.0).sent == 1
    keys = hook.keys()
    assert set(keys) == {f"{a.id}-{hook.requests[0]['json']['event_id']}-2" for a in alerts}
    assert keys[held] == 2 and sum(keys.values()) == 4  # at most the one delivery in flight repeats


# ---------- test sends, command line, dashboard ----------


def test_alert_test_sends_a_sample_on_each_channel(store: Store, httpserver: HTTPServer,
                                                    smtp: tuple[Mailbox, str]) -> None:
    box, address = smtp
    hook = Receiver(httpserver)
    a = A.add_alert(store, STRIKE_CA, webhook=hook.url, email="desk@example.org")
    hook.secret = a.secret
    r = CliRunner().invoke(app, ["alert", "test", str(a.id), "--db", store.path, "--smtp", address])
    assert r.exit_code == 0, r.output
    assert f"webhook {hook.url}: sent" in r.stdout and "email desk@example.org: sent" in r.stdout
    p = hook.requests[0]["json"]
    assert p["kind"] == "test" and hook.requests[0]["signed"] and "-test" in p["delivery"]
    assert p["event"]["status"] == "planned"  # the latest event the search matches
    assert len(box.messages) == 1 and "test" in box.messages[0]["Subject"]
    assert A.delivery_counts(store) == {}  # a test is not a delivery
    dead = Receiver(httpserver, "/down", fail=-1)
    b = A.add_alert(store, {"state": "NY"}, webhook=dead.url)
    r = CliRunner().invoke(app, ["alert", "test", str(b.id), "--db", store.path])
    assert r.exit_code == 1 and "HTTP 500" in r.stderr
    assert json.loads(dead.requests[0]["body"])["event"]["event_id"] == A.SAMPLE_EVENT["event_id"]


def test_the_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    run = CliRunner().invoke
    r = run(app, ["alert", "add", "--type", "strike", "--state", "CA", "--union", "SEIU", "--min-confidence", "0.7",
                  "--webhook", "http://127.0.0.1:9/hook", "--db", db])
    assert r.exit_code == 0, r.output
    secret = r.stdout.split("secret")[1].split(": ")[-1].strip()
    assert len(secret) == 64 and "alert 1: type=strike, union=SEIU, state=CA, min_confidence=0.7" in r.stdout
    assert run(app, ["alert", "add", "--email", "desk@example.org", "--db", db]).exit_code == 0
    for bad in (["--state", "XX", "--email", "a@b.org"], ["--since", "2026-02-30", "--email", "a@b.org"],
                ["--min-confidence", "2", "--email", "a@b.org"], ["--type", "strike"], ["--webhook", "nope"]):
        assert run(app, ["alert", "add", *bad, "--db", db]).exit_code == 2, bad
    listing = run(app, ["alert", "list", "--db", db], env={"COLUMNS": "200"})
    assert listing.exit_code == 0 and "2 alerts" in listing.stdout and secret not in listing.stdout
    rows = json.loads(run(app, ["alert", "list", "--format", "json", "--db", db]).stdout)
    assert [x["id"] for x in rows] == [1, 2] and rows[0]["feed"].startswith("/feed.atom?type=strike")
    assert secret not in json.dumps(rows)
    assert run(app, ["alert", "remove", "1", "--db", db]).exit_code == 0
    assert run(app, ["alert", "remove", "1", "--db", db]).exit_code == 1
    r = run(app, ["alert", "dispatch", "--db", db])
    assert r.exit_code == 0 and "0 sent" in r.stdout


def test_the_dashboard_lists_the_alerts(store: Store) -> None:
    from fastapi.testclient import TestClient

    from strikewatch.web import create_app

    a = A.add_alert(store, STRIKE_CA, webhook="https://hooks.example.org/T0/B1/s3cr3t", email="desk@example.org")
    client = TestClient(create_app(store.path))
    page = client.get("/alerts")
    assert page.status_code == 200 and 'href="/alerts"' in page.text
    assert "type=strike" in page.text and "min_confidence=0.7" in page.text
    assert 'href="/feed.atom?type=strike&amp;union=Coastline&amp;state=CA&amp;min_confidence=0.7"' in page.text
    assert "webhook https://hooks.example.org/…" in page.text and "email d…@example.org" in page.text
    assert "s3cr3t" not in page.text and "desk@" not in page.text and str(a.secret) not in page.text
    feed = client.get("/feed.atom?" + a.feed_query())
    assert feed.status_code == 200 and "Pacifica Towers" in feed.text


# ---------- PostgreSQL ----------


def test_exactly_once_on_postgresql(httpserver: HTTPServer) -> None:
    with pg_schema() as url, open_store(url) as s:
        ingest_items([PLAN], s)
        hook = Receiver(httpserver)
        a = A.add_alert(s, STRIKE_CA, webhook=hook.url)
        hook.secret = a.secret
        assert A.dispatch(s).sent == 0
        ingest_items([ON], s)
        ingest_items([ON, PLAN], s, force=True)
        assert len(hook.requests) == 1 and hook.requests[0]["signed"]
        assert hook.requests[0]["json"]["changes"]["status"] == {"from": "planned", "to": "ongoing"}
        assert A.delivery_counts(s) == {a.id: {"sent": 1, "failed": 0, "pending": 0}}
