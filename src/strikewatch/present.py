"""Words for people: how an event, a date and a count read in the CLI, the pages and the feed.

One place, so that the terminal, the dashboard and the Atom feed say the same thing
the same way ("Strike: SEIU Local 99 and UTLA against LAUSD, Los Angeles, CA, 21-23 Mar
2023"; "1 dispute", "2 disputes").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: how an event type reads at the head of a sentence
TYPE_LABELS = {
    "strike": "Strike", "lockout": "Lockout", "protest": "Protest", "strike_vote": "Strike vote",
    "ratification": "Ratification vote", "agreement": "Agreement", "impasse": "Impasse",
    "contract_expiration": "Contract expiration",
}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 dispute"``, ``"2 disputes"``, ``"0 disputes"`` (``many`` for irregular plurals)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _parts(value: str | None) -> tuple[int, int | None, int | None] | None:
    if not value:
        return None
    try:
        bits = [int(x) for x in value[:10].split("-")]
        if len(bits) == 3:
            dt.date(*bits)  # a real day
        return bits[0], bits[1] if len(bits) > 1 else None, bits[2] if len(bits) > 2 else None
    except (TypeError, ValueError):
        return None


def day_text(value: str | None) -> str:
    """``"21 Mar 2023"``, ``"Mar 2023"``, ``"2023"`` for the spec's three date forms; the text when odd."""
    p = _parts(value)
    if p is None:
        return value or ""
    y, m, d = p
    if m is None:
        return str(y)
    if d is None:
        return f"{_MONTHS[m - 1]} {y}"
    return f"{d} {_MONTHS[m - 1]} {y}"


def span_text(start: str | None, end: str | None = None) -> str:
    """A start and end date read together: ``"21-23 Mar 2023"``, ``"30 Mar - 2 Apr 2023"``, ``"21 Mar 2023"``."""
    a, b = _parts(start), _parts(end)
    if a is None:
        return ""
    if b is None or end == start or None in a or None in b:
        return day_text(start) if b is None or end == start else f"{day_text(start)} - {day_text(end)}"
    (y1, m1, d1), (y2, m2, d2) = a, b
    if y1 == y2 and m1 == m2:
        return f"{d1}-{d2} {_MONTHS[m1 - 1]} {y1}"  # type: ignore[index]
    if y1 == y2:
        return f"{d1} {_MONTHS[m1 - 1]} - {d2} {_MONTHS[m2 - 1]} {y1}"  # type: ignore[index]
    return f"{day_text(start)} - {day_text(end)}"


def _names(orgs: Iterable[dict[str, Any]] | None) -> list[str]:
    return [o["name"] for o in orgs or [] if o.get("name")]


def _and(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def place_text(event: dict[str, Any]) -> str:
    """``"Los Angeles, CA"`` (the country only outside the US), or ``""``."""
    loc = event.get("location") or {}
    bits = [loc.get("city"), loc.get("state")]
    if loc.get("country") and loc.get("country") != "US":
        bits.append(loc["country"])
    return ", ".join(str(b) for b in bits if b)


def event_heading(event: dict[str, Any]) -> str:
    """What happened, who and where, when: ``"Strike: SEIU Local 99 and UTLA against LAUSD, Los Angeles,
    CA, 21-23 Mar 2023"``. Works for an event (linked) and for a mention (one article's)."""
    head = TYPE_LABELS.get(event.get("type") or "", str(event.get("type") or "Event").replace("_", " ").capitalize())
    unions, employers = _names(event.get("unions")), _names(event.get("employers"))
    who = _and(unions)
    if employers:
        who = f"{who} against {_and(employers)}" if who else _and(employers)
    bits = [b for b in (who, place_text(event), span_text(event.get("start_date"), event.get("end_date"))) if b]
    return f"{head}: {', '.join(bits)}" if bits else head


def reported_on(event: dict[str, Any], published: str | None = None) -> str | None:
    """The day an event was first reported: ``published`` (a mention's article), else its mentions' first."""
    if published:
        return published[:10]
    days = sorted(m["published"][:10] for m in event.get("mentions") or [] if m.get("published"))
    return days[0] if days else None


def event_date_text(event: dict[str, Any], published: str | None = None) -> str:
    """An event's dates as a table shows them: ``"2023-03-21"``, ``"2023-03-21 to 2023-03-23"``,
    ``"2025-03 (day not stated; reported 2025-03-07)"`` for an event over or under way whose day the
    text does not give (``"2025-03-06 (day estimated; reported 2025-03-07)"`` where the date decision
    was sure of the day), and ``"date not stated (reported 2025-03-07)"`` for one ahead (never a
    guessed day)."""
    start, end = event.get("start_date"), event.get("end_date")
    day = reported_on(event, published)
    if start and event.get("date_basis") == "estimated":
        # no day stated: the month of the report, which an event over or under way falls in, or the
        # day the date decision was sure of (the report's day, the day before)
        what = "day estimated" if len(start) == 10 else "day not stated"
        return f"{start} ({what}; reported {day})" if day else f"{start} ({what})"
    if start:
        return start if not end or end == start else f"{start} to {end}"
    return f"date not stated (reported {day})" if day else "date not stated"


def strike_days(event: dict[str, Any]) -> int | None:
    """Days a strike or lockout lasted, counting both ends (21-23 Mar is 3); None when that is not
    known: an ongoing one, a month only, or no end date (the record format leaves the end null both
    for a one-day event and for an unknown end, so no length is guessed)."""
    if event.get("type") not in ("strike", "lockout"):
        return None
    a, b = _parts(event.get("start_date")), _parts(event.get("end_date"))
    if a is None or None in a:
        return None
    start = dt.date(*a)  # type: ignore[arg-type]
    if b is None:
        return None
    if None in b:
        return None
    days = (dt.date(*b) - start).days + 1  # type: ignore[arg-type]
    return days if days >= 1 else None


def dispute_totals(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A dispute's totals over its events: ``participants`` (the largest number reported), ``strike_days``
    (the days of its strikes and lockouts whose length is known), ``worker_days`` (participants x days,
    over the strikes and lockouts where both are known), and ``unknown``: how many strikes and lockouts
    had a length or a number of participants not stated. A total is None when nothing is known."""
    events = list(events)
    people = [int(e["participants"]) for e in events if isinstance(e.get("participants"), int)]
    stoppages = [e for e in events if e.get("type") in ("strike", "lockout") and e.get("status") != "cancelled"]
    days = [(e, strike_days(e)) for e in stoppages]
    known = [d for _, d in days if d is not None]
    worker = [d * int(e["participants"]) for e, d in days if d is not None and isinstance(e.get("participants"), int)]
    return {
        "participants": max(people) if people else None,
        "strike_days": sum(known) if known else None,
        "worker_days": sum(worker) if worker else None,
        "stoppages": len(stoppages),
        "days_unknown": sum(1 for _, d in days if d is None),
        "worker_days_unknown": len(stoppages) - len(worker),
    }
