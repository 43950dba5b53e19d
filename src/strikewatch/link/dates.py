"""Partial dates ("2024", "2024-09", "2024-09-13") and the windows linking compares."""

from __future__ import annotations

import datetime as dt

PAST = ("occurred", "ongoing")
FUTURE = ("planned", "threatened")


def parse_day(value: str | None) -> dt.date | None:
    """A full date, or None for partial and missing ones."""
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def span(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial date can mean."""
    if not value:
        return None
    try:
        if len(value) == 4:
            y = int(value)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            first = dt.date(y, m, 1)
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        d = dt.date.fromisoformat(value[:10])
        return d, d
    except ValueError:
        return None


def window(status: str, published: str | None, days: int = 180) -> tuple[dt.date, dt.date] | None:
    """When an undated event reported with ``status`` on ``published`` can have started."""
    pub = parse_day(published)
    if pub is None:
        return None
    if status in PAST:
        return pub - dt.timedelta(days=days), pub
    if status in FUTURE:
        return pub - dt.timedelta(days=3), pub + dt.timedelta(days=days)
    return pub - dt.timedelta(days=days), pub + dt.timedelta(days=days)


def overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def distance(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> int:
    """Days between two spans (0 when they overlap; large when unknown)."""
    if a is None or b is None:
        return 10_000
    if overlap(a, b):
        return 0
    return min(abs((a[0] - b[1]).days), abs((b[0] - a[1]).days))


def sort_key(value: str | None) -> str:
    """Dates sort by their first day; unknown last."""
    return value or "9999"
