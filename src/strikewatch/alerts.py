"""Alerts: saved searches that send a webhook or an email when an event they match is created or changes.

A saved search (table ``alerts``) is a set of event filters (the fields of
:class:`~strikewatch.store.queries.EventFilters`, as JSON) with a channel or two: a webhook URL
(a JSON POST signed with the alert's own secret) and an email address (SMTP).

What counts as a change. An event's *signature* is what a user cares about: its type, status,
start and end dates, unions and employers (names), place and number of participants
(:data:`SIGNATURE_FIELDS`). ``event_versions`` keeps, per event id as stored, the last signature
seen and its version: a signature never seen for that id is a new version (an id never seen is a
new event, version 1). Linked ids are stable while an event's earliest report stays the same
(``link.events.event_id``); when relinking merges events differently, an id that disappears is
simply not alerted again and a new id is a new event. Changes in fields outside the signature
(confidence, evidence, a new source) make no version.

Exactly once. :func:`dispatch` (called at the end of every ingest) runs in two steps:

1. in one transaction, record the new versions (:func:`record_versions`) and queue one
   delivery per (alert, event, version, channel) of the matching events
   (:func:`queue_deliveries`: ``INSERT ... ON CONFLICT DO NOTHING`` on that key, status
   ``pending``, the payload written once, so a retry sends the same bytes). Either both happen
   or neither does, and a change is never queued twice;
2. send what is due (:func:`deliver`): each delivery is first claimed (its ``next_try`` set a
   lease ahead, so two processes never send one at once), sent, then marked ``sent``. A failure
   is retried with exponential backoff; after :data:`MAX_ATTEMPTS` attempts the delivery is
   ``failed`` and copied to ``dead_letters``.

The boundary: a process killed after a receiver accepted a delivery and before it was marked
``sent`` sends that one delivery again once its lease runs out (:data:`LEASE_S`); nothing else
is ever sent twice. Each delivery carries ``X-Strikewatch-Delivery: <alert>-<event>-<version>``
(the email its ``Message-ID``), so a receiver that keeps the keys it has seen drops the repeat.
A sender that raises an Exception made a failed attempt; KeyboardInterrupt or another
BaseException inside a send releases the claim at once, and the next dispatch sends it.

No flood: :func:`add_alert` records the current versions of every event first, so a new
search alerts only on what is created or changes after it was added; ``strikewatch alert test``
sends a sample payload to check a channel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import smtplib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any
from urllib.parse import urlsplit

from strikewatch import present
from strikewatch.store import Store
from strikewatch.store import queries as Q

#: the fields of an event whose change makes a new version (and an alert)
SIGNATURE_FIELDS = ("type", "status", "start_date", "end_date", "unions", "employers", "location", "participants")
#: the fields of EventFilters an alert keeps (not the sorting and paging of a page)
FILTER_FIELDS = tuple(f.name for f in fields(Q.EventFilters) if f.name not in ("sort", "order", "page", "per_page"))
CHANNELS = ("webhook", "email")

#: attempts of one delivery before it goes to the dead letters
MAX_ATTEMPTS = 5
#: the first retry waits this long; each next one twice as long (1, 2, 4, 8 s), at most BACKOFF_MAX_S
BACKOFF_S = 1.0
BACKOFF_MAX_S = 3600.0
#: how long one :func:`deliver` call waits for retries that fall due; later ones wait for the next dispatch
WAIT_S = 20.0
#: how long a claimed delivery is held by its sender; a sender killed mid-send frees it after this
LEASE_S = 60.0
#: seconds to connect to and hear back from a webhook or an SMTP server
TIMEOUT_S = 10.0

SMTP_ENV = "STRIKEWATCH_SMTP"
FROM_ENV = "STRIKEWATCH_SMTP_FROM"
DEFAULT_SMTP = "localhost:25"
DEFAULT_FROM = "strikewatch@localhost"
SIGNATURE_HEADER = "X-Strikewatch-Signature"
DELIVERY_HEADER = "X-Strikewatch-Delivery"
KIND_HEADER = "X-Strikewatch-Kind"


class AlertError(ValueError):
    """An alert that cannot be saved (no channel, a bad URL or address, a bad filter)."""


class DeliveryError(Exception):
    """A delivery the receiver did not accept (an HTTP status other than 2xx, an SMTP refusal)."""


# ---------- the records ----------


@dataclass(frozen=True)
class Alert:
    """A saved search: its filters (EventFilters fields), its channels and, for a webhook, its secret."""

    id: int
    filters: dict[str, Any]
    webhook: str | None = None
    email: str | None = None
    secret: str | None = None
    created: str = ""

    def event_filters(self) -> Q.EventFilters:
        return Q.EventFilters(**{k: v for k, v in self.filters.items() if k in FILTER_FIELDS})

    def channels(self) -> list[tuple[str, str]]:
        """[(channel, target)]: ("webhook", URL) and/or ("email", address)."""
        return [(c, t) for c, t in (("webhook", self.webhook), ("email", self.email)) if t]

    def describe(self) -> str:
        """The filters as a reader sees them: ``type=strike, state=CA`` (``every event`` when none)."""
        return ", ".join(f"{k}={v}" for k, v in self.filters.items()) or "every event"

    def feed_query(self) -> str:
        """The URL query of the Atom feed (and the events page) of the same filters."""
        return self.event_filters().query()


@dataclass(frozen=True)
class Change:
    """A new version of an event: ``kind`` is "new" (an id not seen before) or "changed"."""

    event_id: str
    version: int
    kind: str
    before: dict[str, Any] | None
    after: dict[str, Any]
    event: dict[str, Any]
    at: str

    def fields_changed(self) -> dict[str, dict[str, Any]]:
        """{field: {"from": old, "to": new}} of the signature fields that differ (empty for a new event)."""
        if self.before is None:
            return {}
        return {k: {"from": self.before.get(k), "to": self.after.get(k)} for k in SIGNATURE_FIELDS
                if self.before.get(k) != self.after.get(k)}


@dataclass(frozen=True)
class Delivery:
    """One queued message: an alert, an event version and a channel, with its payload (the exact body)."""

    alert_id: int
    event_id: str
    version: int
    channel: str
    target: str | None
    secret: str | None
    payload: str
    attempts: int = 0
    #: the key of a test delivery (``<alert>-<event>-test<time>``: never taken for a version)
    test_key: str | None = None

    @property
    def key(self) -> str:
        """The idempotency key receivers see: ``<alert>-<event>-<version>``."""
        return self.test_key or delivery_key(self.alert_id, self.event_id, self.version)

    @property
    def kind(self) -> str:
        try:
            return str(json.loads(self.payload).get("kind") or "")
        except ValueError:
            return ""


@dataclass
class DeliveryReport:
    """What one :func:`dispatch` or :func:`deliver` did."""

    changes: int = 0
    queued: int = 0
    sent: int = 0
    #: failed attempts (each retried later, or moved to the dead letters)
    failed: int = 0
    #: deliveries moved to the dead letters by this call
    dead: int = 0
    #: deliveries still pending when the call returned (retries due later)
    pending: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, int]:
        return {"changes": self.changes, "queued": self.queued, "sent": self.sent, "failed": self.failed,
                "dead": self.dead, "pending": self.pending}


def delivery_key(alert_id: int, event_id: str, version: int | str) -> str:
    return f"{alert_id}-{event_id}-{version}"


# ---------- signatures and versions ----------


def _names(orgs: Any) -> list[str]:
    return sorted({str(o.get("name")) for o in orgs or [] if isinstance(o, dict) and o.get("name")})


def signature(event: dict[str, Any]) -> dict[str, Any]:
    """The fields of an event a change of which is worth an alert (:data:`SIGNATURE_FIELDS`), normalised:
    organizations as sorted names, the place as city, state and country (None when unknown)."""
    loc = event.get("location") or {}
    place = {k: loc.get(k) for k in ("city", "state", "country")} if isinstance(loc, dict) else {}
    return {
        "type": event.get("type"),
        "status": event.get("status"),
        "start_date": event.get("start_date"),
        "end_date": event.get("end_date"),
        "unions": _names(event.get("unions")),
        "employers": _names(event.get("employers")),
        "location": place if any(place.values()) else None,
        "participants": event.get("participants"),
    }


def _sig_text(sig: dict[str, Any]) -> str:
    return json.dumps(sig, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _sig_load(text: str) -> dict[str, Any] | None:
    try:
        d = json.loads(text)
    except ValueError:
        return None
    return d if isinstance(d, dict) else None


def _ts(t: float) -> str:
    """A UTC time as stored: fixed width, so that text order is time order."""
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _record(c: Any, now: float) -> list[Change]:
    """Write the new versions of the stored events (inside the caller's transaction); return them.

    Only events written by a linking since the last look are read (``events.written``,
    ``link_state``): the cost follows what changed, not the size of the store.
    """
    row = c.execute("SELECT value FROM link_state WHERE name = 'recorded'").fetchone()
    last = int(row[0]) if row else 0
    top = int(c.execute("SELECT value FROM link_state WHERE name = 'written'").fetchone()[0])
    rows = c.execute("SELECT id, data FROM events WHERE written > ? ORDER BY id", (last,)).fetchall()
    c.execute("INSERT INTO link_state (name, value) VALUES ('recorded', ?) ON CONFLICT (name) DO UPDATE SET "
              "value = excluded.value", (top,))
    ids = [r[0] for r in rows]
    known: dict[str, tuple[str, int]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        known.update((r[0], (r[1], int(r[2]))) for r in c.execute(
            f"SELECT event_id, signature, version FROM event_versions WHERE event_id IN ({', '.join('?' * len(chunk))})",  # noqa: S608, E501
            tuple(chunk)))
    at = _ts(now)
    changes: list[Change] = []
    for event_id, data in rows:
        ev = json.loads(data)
        sig = signature(ev)
        text = _sig_text(sig)
        old = known.get(event_id)
        if old is not None and old[0] == text:
            continue
        version = 1 if old is None else old[1] + 1
        c.execute("INSERT INTO event_versions (event_id, signature, version, changed) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (event_id) DO UPDATE SET signature = excluded.signature, "
                  "version = excluded.version, changed = excluded.changed", (event_id, text, version, at))
        changes.append(Change(event_id, version, "new" if old is None else "changed",
                              None if old is None else _sig_load(old[0]), sig, ev, at))
    return changes


def record_versions(store: Store, now: float | None = None) -> list[Change]:
    """Record a new version of every event whose signature changed (or that is new); return the changes.

    One transaction. :func:`dispatch` records and queues in one transaction instead; recording
    alone (as :func:`add_alert` does) makes the current state the baseline: what it returns is
    not alerted.
    """
    with store._transaction() as c:
        return _record(c, time.time() if now is None else now)


# ---------- alerts ----------


def _clean_filters(filters: Q.EventFilters | dict[str, Any] | None) -> dict[str, Any]:
    if filters is None:
        return {}
    if isinstance(filters, Q.EventFilters):
        raw = {k: getattr(filters, k) for k in FILTER_FIELDS}
    else:
        unknown = sorted(set(filters) - set(FILTER_FIELDS))
        if unknown:
            raise AlertError(f"not an event filter: {', '.join(unknown)} (filters: {', '.join(FILTER_FIELDS)})")
        raw = dict(filters)
    clean = {k: v for k, v in raw.items() if v is not None and not (isinstance(v, str) and not v.strip())}
    if "min_confidence" in clean:
        try:
            clean["min_confidence"] = float(clean["min_confidence"])
        except (TypeError, ValueError):
            raise AlertError(Q.MIN_CONFIDENCE_MESSAGE) from None
    try:
        Q.EventFilters(**clean).check()
    except Q.BadFilter as e:
        raise AlertError(str(e)) from None
    return {k: clean[k] for k in FILTER_FIELDS if k in clean}


def check_webhook(url: str) -> str:
    """A webhook URL: http or https with a host; else :class:`AlertError`."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AlertError(f"a webhook must be an http:// or https:// URL, not {url!r}")
    return url.strip()


def check_email(address: str) -> str:
    """An email address (``name@host``); else :class:`AlertError`."""
    _, addr = parseaddr(address.strip())
    if not addr or "@" not in addr or addr != address.strip() or addr.startswith("@") or addr.endswith("@"):
        raise AlertError(f"not an email address: {address!r}")
    return addr


def _alert(row: Any) -> Alert:
    return Alert(id=int(row[0]), filters=json.loads(row[1] or "{}"), webhook=row[2], email=row[3], secret=row[4],
                 created=row[5])


def _alerts(c: Any) -> list[Alert]:
    return [_alert(r) for r in c.execute("SELECT id, filters, webhook, email, secret, created FROM alerts ORDER BY id")]


def add_alert(store: Store, filters: Q.EventFilters | dict[str, Any] | None = None, webhook: str | None = None,
              email: str | None = None) -> Alert:
    """Save a search; the returned Alert holds its id and, with a webhook, the secret that signs its bodies.

    ``filters`` are EventFilters fields (an EventFilters or a dict); at least one of ``webhook`` and
    ``email``. In one transaction: the versions of the stored events are recorded (what changed
    since the last dispatch is queued for the alerts that already exist), then the alert is
    saved: its baseline is the events as they are now. Raises :class:`AlertError`.
    """
    clean = _clean_filters(filters)
    if not webhook and not email:
        raise AlertError("an alert needs a webhook URL or an email address (or both)")
    url = check_webhook(webhook) if webhook else None
    addr = check_email(email) if email else None
    secret = secrets.token_hex(32) if url else None
    now = time.time()
    with store._transaction() as c:
        changes = _record(c, now)
        _queue(c, store.dialect, changes, _alerts(c), now)  # the searches saved before this one
        row = c.execute("INSERT INTO alerts (filters, webhook, email, secret, created) VALUES (?, ?, ?, ?, ?) "
                        "RETURNING id", (json.dumps(clean, ensure_ascii=False), url, addr, secret, _ts(now))
                        ).fetchone()
    return Alert(id=int(row[0]), filters=clean, webhook=url, email=addr, secret=secret, created=_ts(now))


def list_alerts(store: Store) -> list[Alert]:
    """Every saved search, oldest first."""
    return _alerts(store._conn)


def get_alert(store: Store, alert_id: int) -> Alert | None:
    r = store._conn.execute("SELECT id, filters, webhook, email, secret, created FROM alerts WHERE id = ?",
                            (int(alert_id),)).fetchone()
    return None if r is None else _alert(r)


def remove_alert(store: Store, alert_id: int) -> bool:
    """Delete a saved search and its deliveries (its dead letters stay); False when there is none."""
    with store._transaction() as c:
        c.execute("DELETE FROM alert_deliveries WHERE alert_id = ?", (int(alert_id),))
        cur = c.execute("DELETE FROM alerts WHERE id = ?", (int(alert_id),))
    return cur.rowcount > 0


def delivery_counts(store: Store) -> dict[int, dict[str, int]]:
    """{alert id: {"sent": n, "failed": n, "pending": n}} (failed: moved to the dead letters)."""
    out: dict[int, dict[str, int]] = {}
    for alert_id, status, n in store._conn.execute(
            "SELECT alert_id, status, count(*) FROM alert_deliveries GROUP BY alert_id, status"):
        out.setdefault(int(alert_id), {"sent": 0, "failed": 0, "pending": 0})[str(status)] = int(n)
    return out


def dead_letters(store: Store, alert_id: int | None = None) -> list[dict[str, Any]]:
    """The deliveries given up on, latest first: alert, event, version, channel, error, attempts, time."""
    sql = "SELECT alert_id, event_id, version, channel, error, attempts, failed_at, payload FROM dead_letters"
    args: list[Any] = []
    if alert_id is not None:
        sql += " WHERE alert_id = ?"
        args.append(int(alert_id))
    names = ("alert_id", "event_id", "version", "channel", "error", "attempts", "failed_at", "payload")
    return [dict(zip(names, r, strict=True)) for r in store._conn.execute(sql + " ORDER BY failed_at DESC", args)]


# ---------- queueing ----------


def _matching(c: Any, dialect: str, f: Q.EventFilters, ids: Sequence[str]) -> set[str]:
    """The ids among ``ids`` of events that match ``f`` (the same WHERE as the events page)."""
    where, args = Q._where(f, dialect)
    glue = " AND " if where else " WHERE "
    out: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT id FROM events{where}{glue}id IN ({marks})"  # noqa: S608 (fixed SQL, bound values)
        out.update(r[0] for r in c.execute(sql, [*args, *chunk]))
    return out


def payload(alert: Alert, change: Change) -> dict[str, Any]:
    """The JSON body of a delivery (the same for its webhook and its email's attachment)."""
    return {
        "delivery": delivery_key(alert.id, change.event_id, change.version),
        "kind": change.kind,
        "alert": {"id": alert.id, "filters": alert.filters, "feed": "/feed.atom?" + alert.feed_query()},
        "event_id": change.event_id,
        "version": change.version,
        "changed_at": change.at,
        "heading": present.event_heading(change.event),
        "changes": change.fields_changed(),
        "event": change.event,
    }


def _body(p: dict[str, Any]) -> str:
    return json.dumps(p, ensure_ascii=False, separators=(",", ":"))


def _queue(c: Any, dialect: str, changes: Sequence[Change], alerts: Sequence[Alert], now: float) -> int:
    """Insert a pending delivery per (alert, change, channel) that matches; return how many are new."""
    if not changes or not alerts:
        return 0
    ids = [ch.event_id for ch in changes]
    created = _ts(now)
    n = 0
    for alert in alerts:
        matched = _matching(c, dialect, alert.event_filters(), ids)
        for ch in changes:
            if ch.event_id not in matched:
                continue
            body = _body(payload(alert, ch))
            for channel, _target in alert.channels():
                cur = c.execute(
                    "INSERT INTO alert_deliveries (alert_id, event_id, version, channel, status, attempts, payload,"
                    " created) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)"
                    " ON CONFLICT (alert_id, event_id, version, channel) DO NOTHING",
                    (alert.id, ch.event_id, ch.version, channel, body, created))
                n += max(cur.rowcount, 0)
    return n


def queue_deliveries(store: Store, changes: Iterable[Change], now: float | None = None) -> int:
    """Queue the deliveries of ``changes`` for every alert whose filters the changed event matches.

    One transaction; a delivery already queued (same alert, event, version and channel) is left
    as it is. Returns how many were queued.
    """
    changes = list(changes)
    with store._transaction() as c:
        return _queue(c, store.dialect, changes, _alerts(c), time.time() if now is None else now)


# ---------- sending ----------


def sign(secret: str, body: bytes) -> str:
    """The signature header's value of a body: ``sha256=`` and the hex HMAC-SHA256 under the secret."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """True when ``header`` (the X-Strikewatch-Signature value) signs ``body`` under ``secret``."""
    return bool(header) and hmac.compare_digest(sign(secret, body), str(header))


def webhook_headers(d: Delivery) -> dict[str, str]:
    import strikewatch

    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": f"strikewatch/{strikewatch.__version__}",
               DELIVERY_HEADER: d.key, KIND_HEADER: d.kind}
    if d.secret:
        headers[SIGNATURE_HEADER] = sign(d.secret, d.payload.encode("utf-8"))
    return headers


def email_message(d: Delivery, mail_from: str) -> EmailMessage:
    """The email of a delivery: a plain-text summary, the payload attached as JSON, ``Message-ID`` from its key."""
    p = json.loads(d.payload)
    ev = p.get("event") or {}
    kind = p.get("kind")
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = d.target or ""
    what = {"new": "new event", "changed": "event changed", "test": "test"}.get(str(kind), str(kind))
    subject = f"strikewatch: {what}: {p.get('heading') or d.event_id} ({ev.get('status') or '?'})"
    msg["Subject"] = " ".join(subject.split())  # one line, whatever the names hold
    msg["Date"] = formatdate(usegmt=True)
    domain = mail_from.rpartition("@")[2] or "strikewatch"
    msg["Message-ID"] = f"<{d.key}.{d.channel}@{domain}>"
    msg[DELIVERY_HEADER] = d.key
    lines = [str(p.get("heading") or d.event_id), ""]
    if kind == "new":
        lines.append(f"New event matching your search ({(p.get('alert') or {}).get('filters')}).")
    for name, ch in (p.get("changes") or {}).items():
        lines.append(f"{name}: {ch.get('from')} -> {ch.get('to')}")
    lines += ["", f"event: {p.get('event_id')} (version {p.get('version')})", f"status: {ev.get('status')}"]
    when = present.event_date_text(ev)
    if when:
        lines.append(f"date: {when}")
    for m in ev.get("mentions") or []:
        lines.append(f"source: {m.get('article')} ({m.get('published') or '?'})")
    lines += ["", f"delivery: {d.key}"]
    msg.set_content("\n".join(lines) + "\n")
    msg.add_attachment(d.payload.encode("utf-8"), maintype="application", subtype="json",
                       filename="strikewatch-alert.json")
    return msg


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.strip().rpartition(":")
    if not host or not port.isdigit():
        return value.strip(), 25
    return host.strip("[]"), int(port)


class Sender:
    """Sends deliveries: webhooks over HTTP (httpx), emails through an SMTP server (smtplib).

    ``smtp`` is ``host:port`` (default ``$STRIKEWATCH_SMTP``, else ``localhost:25``; plain SMTP to
    a relay that accepts this host's mail: no login, no TLS); ``mail_from`` the From address
    (default ``$STRIKEWATCH_SMTP_FROM``, else ``strikewatch@localhost``). A call raises
    :class:`DeliveryError` (or the network's own error) when the receiver did not take it.
    """

    def __init__(self, smtp: str | None = None, mail_from: str | None = None, timeout: float = TIMEOUT_S) -> None:
        self.smtp = smtp or os.environ.get(SMTP_ENV) or DEFAULT_SMTP
        self.mail_from = mail_from or os.environ.get(FROM_ENV) or DEFAULT_FROM
        self.timeout = timeout

    def __call__(self, d: Delivery) -> None:
        if not d.target:
            raise DeliveryError(f"the alert has no {d.channel} any more")
        if d.channel == "webhook":
            self.post(d.target, d.payload.encode("utf-8"), webhook_headers(d))
        elif d.channel == "email":
            self.mail(email_message(d, self.mail_from))
        else:
            raise DeliveryError(f"unknown channel {d.channel!r}")

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        import httpx

        r = httpx.post(url, content=body, headers=headers, timeout=self.timeout, follow_redirects=False)
        if not 200 <= r.status_code < 300:
            raise DeliveryError(f"HTTP {r.status_code}")
        return r.status_code

    def mail(self, msg: EmailMessage) -> None:
        host, port = _host_port(self.smtp)
        with smtplib.SMTP(host, port, timeout=self.timeout) as s:
            s.send_message(msg)


SendFn = Callable[[Delivery], Any]


#: deliveries read at a time
_BATCH = 500


def _due(c: Any, now: str) -> list[Delivery]:
    rows = c.execute(
        "SELECT d.alert_id, d.event_id, d.version, d.channel, d.payload, d.attempts, a.webhook, a.email, a.secret"
        " FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id"
        " WHERE d.status = 'pending' AND (d.next_try IS NULL OR d.next_try <= ?)"
        " ORDER BY d.created, d.alert_id, d.event_id, d.version, d.channel LIMIT ?", (now, _BATCH)).fetchall()
    return [Delivery(int(r[0]), r[1], int(r[2]), r[3], r[6] if r[3] == "webhook" else r[7], r[8], r[4], int(r[5]))
            for r in rows]


_KEY = "alert_id = ? AND event_id = ? AND version = ? AND channel = ?"


def _key_args(d: Delivery) -> tuple[Any, ...]:
    return (d.alert_id, d.event_id, d.version, d.channel)


def _claim(c: Any, d: Delivery, now: str, until: str) -> bool:
    """Hold a due delivery for this sender until ``until``; False when another took it first."""
    cur = c.execute(f"UPDATE alert_deliveries SET next_try = ? WHERE {_KEY} AND status = 'pending' "  # noqa: S608
                    "AND (next_try IS NULL OR next_try <= ?)", (until, *_key_args(d), now))
    return bool(cur.rowcount == 1)


def _release(c: Any, d: Delivery) -> None:
    c.execute(f"UPDATE alert_deliveries SET next_try = NULL WHERE {_KEY} AND status = 'pending'",  # noqa: S608
              _key_args(d))


def _sent(c: Any, d: Delivery, now: str) -> None:
    c.execute(f"UPDATE alert_deliveries SET status = 'sent', attempts = attempts + 1, sent = ?, next_try = NULL, "  # noqa: S608
              f"last_error = NULL WHERE {_KEY}", (now, *_key_args(d)))


def _failed(store: Store, d: Delivery, error: str, now: float, max_attempts: int, backoff: float) -> bool:
    """Count a failed attempt: retry later, or (the last attempt) move it to the dead letters (True)."""
    attempts = d.attempts + 1
    with store._transaction() as c:
        if attempts >= max_attempts:
            c.execute("INSERT INTO dead_letters (alert_id, event_id, version, channel, payload, error, attempts,"
                      " failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (*_key_args(d), d.payload, error, attempts, _ts(now)))
            c.execute(f"UPDATE alert_deliveries SET status = 'failed', attempts = ?, last_error = ?, "  # noqa: S608
                      f"next_try = NULL WHERE {_KEY}", (attempts, error, *_key_args(d)))
            return True
        wait = min(backoff * 2 ** (attempts - 1), BACKOFF_MAX_S)
        c.execute(f"UPDATE alert_deliveries SET attempts = ?, last_error = ?, next_try = ? WHERE {_KEY}",  # noqa: S608
                  (attempts, error, _ts(now + wait), *_key_args(d)))
    return False


def _error_text(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"[:500]


def deliver(store: Store, sender: SendFn | None = None, *, max_attempts: int = MAX_ATTEMPTS,
            backoff: float = BACKOFF_S, wait: float = WAIT_S, lease: float = LEASE_S,
            clock: Callable[[], float] = time.time, sleep: Callable[[float], Any] = time.sleep) -> DeliveryReport:
    """Send every pending delivery that is due, then those whose retry falls due within ``wait`` seconds.

    Each delivery is claimed (held ``lease`` seconds), sent with ``sender`` (default
    :class:`Sender`), then marked ``sent``. A sender that raises an Exception is a failed
    attempt: retried after ``backoff`` seconds, doubled each time, and after ``max_attempts``
    moved to ``dead_letters`` (status ``failed``). Any other exception (KeyboardInterrupt, a
    crash) releases the claim and propagates: the delivery stays pending for the next call.
    """
    send = sender if sender is not None else Sender()
    c = store._conn
    report = DeliveryReport()
    deadline = clock() + wait
    while True:
        now = clock()
        batch = _due(c, _ts(now))
        progressed = False
        for d in batch:
            t = clock()
            if not _claim(c, d, _ts(t), _ts(t + lease)):
                continue
            progressed = True
            try:
                send(d)
            except Exception as e:
                report.failed += 1
                report.errors.append(f"{d.key} {d.channel}: {_error_text(e)}")
                if _failed(store, d, _error_text(e), clock(), max_attempts, backoff):
                    report.dead += 1
                continue
            except BaseException:
                _release(c, d)
                raise
            _sent(c, d, _ts(clock()))
            report.sent += 1
        if len(batch) >= _BATCH:
            continue  # more were due than one batch holds
        row = c.execute("SELECT min(next_try) FROM alert_deliveries WHERE status = 'pending'").fetchone()
        nxt = row[0] if row else None
        if nxt is None or nxt > _ts(deadline):
            break  # nothing waits, or the next retry is for a later call
        if nxt > _ts(now):
            target = dt.datetime.strptime(nxt, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC).timestamp()
            sleep(max(0.0, min(target, deadline) - clock()))
        elif not progressed:
            break  # due, but taken by another sender meanwhile: theirs to send
    report.pending = int(c.execute("SELECT count(*) FROM alert_deliveries WHERE status = 'pending'").fetchone()[0])
    return report


def _has_alerts(store: Store) -> bool:
    return store._conn.execute("SELECT 1 FROM alerts LIMIT 1").fetchone() is not None


def dispatch(store: Store, sender: SendFn | None = None, **deliver_options: Any) -> DeliveryReport:
    """Record the new versions of events, queue what the saved searches match, send what is due.

    Recording and queueing are one transaction (a change is queued for every alert, or for none,
    and never twice); sending follows (:func:`deliver`, with ``deliver_options``). Without any
    saved search this is one query and nothing else, so ingest pays nothing.
    """
    if not _has_alerts(store):
        return DeliveryReport()
    now = time.time()
    with store._transaction() as c:
        changes = _record(c, now)
        queued = _queue(c, store.dialect, changes, _alerts(c), now)
    report = deliver(store, sender, **deliver_options)
    report.changes, report.queued = len(changes), queued
    return report


# ---------- testing a channel ----------


SAMPLE_EVENT: dict[str, Any] = {
    "event_id": "ev-000000000000", "type": "strike", "status": "ongoing", "start_date": "2026-06-08",
    "end_date": None, "unions": [{"name": "Example Workers Union", "aliases": []}],
    "employers": [{"name": "Example Company", "aliases": []}],
    "location": {"city": "Springfield", "state": "IL", "country": "US"}, "participants": 100, "mentions": [],
}


def send_test(store: Store, alert: Alert, sender: SendFn | None = None) -> list[tuple[str, str, str | None]]:
    """Send a sample payload (kind "test") on each channel of ``alert``, now, outside the queue.

    The sample is the latest event the search matches, else an invented one; its key ends in
    ``test`` and the time instead of a version. Returns [(channel, target, None when sent, else the error)].
    """
    send = sender if sender is not None else Sender()
    rows, _ = Q.full_events(store._conn, Q.EventFilters(**{**alert.event_filters().params(), "sort": "seen",
                                                          "order": "desc", "per_page": 1}))
    ev = rows[0] if rows else SAMPLE_EVENT
    now = time.time()
    change = Change(str(ev.get("event_id")), 0, "test", None, signature(ev), ev, _ts(now))
    p = payload(alert, change)
    p["delivery"] = key = delivery_key(alert.id, change.event_id, f"test{int(now)}")
    out: list[tuple[str, str, str | None]] = []
    for channel, target in alert.channels():
        try:
            send(Delivery(alert.id, change.event_id, 0, channel, target, alert.secret, _body(p), test_key=key))
        except Exception as e:
            out.append((channel, target, _error_text(e)))
        else:
            out.append((channel, target, None))
    return out


__all__ = [
    "CHANNELS",
    "DELIVERY_HEADER",
    "SIGNATURE_FIELDS",
    "SIGNATURE_HEADER",
    "Alert",
    "AlertError",
    "Change",
    "Delivery",
    "DeliveryError",
    "DeliveryReport",
    "Sender",
    "add_alert",
    "dead_letters",
    "delivery_counts",
    "deliver",
    "dispatch",
    "email_message",
    "get_alert",
    "list_alerts",
    "payload",
    "queue_deliveries",
    "record_versions",
    "remove_alert",
    "send_test",
    "sign",
    "signature",
    "verify",
]
