"""Inflation adjustment for wage claims, from the US CPI-U.

The numbers come from ``strikewatch/data/cpi_u.csv``: BLS series ``CUUR0000SA0``
(CPI-U, all items, U.S. city average, not seasonally adjusted, 1982-84=100), monthly.
``data/cpi_u.README.md`` says where they were taken from and what range they cover.

Months are strings ``YYYY-MM``. Functions that take a month also accept ``YYYY-MM-DD``
(the day is ignored); :func:`cpi_at` also accepts ``YYYY`` for an annual average.

:func:`real_raise` turns a nominal raise spread over a number of years into a real one.
Past the last month of data it projects prices forward at the inflation rate of the last
12 months of data and says so (``projected=True``); it never fills in a month inside the
data range that BLS did not publish (2025-10), nor a month before the data starts.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

__all__ = ["RealRaise", "cpi_at", "last_month", "load_cpi", "real_raise"]

_DATA_FILE = "cpi_u.csv"
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_YEAR_RE = re.compile(r"^(\d{4})$")


@functools.cache
def _table() -> dict[str, float]:
    """Read the bundled CSV once; the result is shared, so it must not be mutated."""
    path = resources.files("strikewatch").joinpath("data", _DATA_FILE)
    table: dict[str, float] = {}
    with path.open("r", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table[row["month"]] = float(row["cpi"])
    return dict(sorted(table.items()))


def load_cpi() -> dict[str, float]:
    """Return the monthly CPI-U as ``{"YYYY-MM": index}``, in month order.

    The file is read once and cached; each call returns a fresh copy, so callers may
    modify what they get.
    """
    return dict(_table())


def last_month() -> str:
    """Return the last month (``YYYY-MM``) for which the data has a value."""
    return next(reversed(_table()))


def _first_month() -> str:
    return next(iter(_table()))


def _month_index(month: str) -> int:
    """``YYYY-MM`` or ``YYYY-MM-DD`` -> months since year 0. Raises ValueError otherwise."""
    m = _MONTH_RE.match(month.strip())
    if not m:
        raise ValueError(f"not a month (YYYY-MM or YYYY-MM-DD): {month!r}")
    year, mon = int(m.group(1)), int(m.group(2))
    if not 1 <= mon <= 12:
        raise ValueError(f"month out of range: {month!r}")
    if m.group(3) is not None and not 1 <= int(m.group(3)) <= 31:
        raise ValueError(f"day out of range: {month!r}")
    return year * 12 + (mon - 1)


def _month_str(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def cpi_at(month: str) -> float | None:
    """Return the CPI-U for a month, or the annual average for a year.

    Args:
        month: ``YYYY-MM``, ``YYYY-MM-DD`` (the day is ignored) or ``YYYY``. For a year
            the result is the mean of the months of that year present in the data, rounded
            to 3 decimals (a partial year averages only the months available).

    Returns:
        The index value, or ``None`` when the data has no value for that month (or no
        month of that year). No value is projected or interpolated here.

    Raises:
        ValueError: if ``month`` is not in one of the accepted forms.
    """
    table = _table()
    text = month.strip()
    y = _YEAR_RE.match(text)
    if y:
        prefix = f"{y.group(1)}-"
        values = [v for k, v in table.items() if k.startswith(prefix)]
        if not values:
            return None
        return round(sum(values) / len(values), 3)
    return table.get(_month_str(_month_index(text)))


@dataclass(frozen=True)
class RealRaise:
    """A nominal raise set against the price change over the same period.

    Attributes:
        nominal_pct: the raise as given, in percent, over the whole period.
        years: length of the period in years.
        start_month: first month of the period (``YYYY-MM``).
        end_month: ``start_month`` plus ``round(years * 12)`` months (at least one).
        inflation_pct: CPI-U change from ``start_month`` to ``end_month``, percent, 2 decimals.
        real_pct: ``((1 + nominal/100) / (1 + inflation/100) - 1) * 100``, 2 decimals
            (computed from the unrounded inflation).
        through_month: last month of actual data used (``end_month`` when not projected).
        projected: ``True`` when part of the period lies past the last month of data and
            its prices were projected.
    """

    nominal_pct: float
    years: float
    start_month: str
    end_month: str
    inflation_pct: float
    real_pct: float
    through_month: str
    projected: bool

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain JSON-ready dict."""
        return asdict(self)


def _annual_rate_recent() -> float:
    """Annual inflation over the last 12 months of data, as a fraction.

    CPI of the last month over CPI twelve months before. Should that month be missing,
    the earliest month present within those twelve is used and the change annualised.
    """
    table = _table()
    last = _month_index(last_month())
    for back in range(12, 0, -1):
        earlier = table.get(_month_str(last - back))
        if earlier is not None:
            return float((table[_month_str(last)] / earlier) ** (12 / back) - 1)
    raise ValueError("CPI data has no month within the 12 before its last one")


def _price_level(index: int) -> float | None:
    """CPI for a month index; past the last month, projected at the recent annual rate."""
    last = _month_index(last_month())
    if index <= last:
        # a month BLS never published (2025-10) takes the last month published before it
        first = _month_index(_first_month())
        for i in range(index, first - 1, -1):
            v = _table().get(_month_str(i))
            if v is not None:
                return v
        return None
    rate = _annual_rate_recent()
    return _table()[_month_str(last)] * (1 + rate) ** ((index - last) / 12)


def real_raise(raise_pct: float, years: float | None = None, start: str | None = None) -> RealRaise | None:
    """Set a nominal raise against CPI-U inflation over the period it covers.

    Args:
        raise_pct: total nominal raise over the period, in percent (e.g. ``12.0``).
        years: length of the period in years (may be fractional); ``None`` means 1 year.
        start: first month of the period, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY`` (a
            year means its January). ``None`` gives ``None``.

    Returns:
        A :class:`RealRaise`, or ``None`` when ``start`` is ``None``, when it is before the
        first month of data. A month inside the data range with no published value
        (2025-10) uses the last month published before it. Months past the last month of data are
        projected at the annual inflation rate of the last 12 months of data, compounded,
        and the result has ``projected=True``.

    Raises:
        ValueError: if ``start`` is malformed or ``years`` is not positive.
    """
    if start is None:
        return None
    n_years = 1.0 if years is None else float(years)
    if not n_years > 0:
        raise ValueError(f"years must be positive: {years!r}")
    text = start.strip()
    start_idx = int(text) * 12 if _YEAR_RE.match(text) else _month_index(text)
    if start_idx < _month_index(_first_month()):
        return None
    end_idx = start_idx + max(1, round(n_years * 12))

    p0 = _price_level(start_idx)
    p1 = _price_level(end_idx)
    if p0 is None or p1 is None:
        return None

    last_idx = _month_index(last_month())
    inflation = p1 / p0 - 1
    nominal = float(raise_pct)
    real = (1 + nominal / 100) / (1 + inflation) - 1
    return RealRaise(
        nominal_pct=nominal,
        years=n_years,
        start_month=_month_str(start_idx),
        end_month=_month_str(end_idx),
        inflation_pct=round(inflation * 100, 2),
        real_pct=round(real * 100, 2),
        through_month=_month_str(min(end_idx, last_idx)),
        projected=end_idx > last_idx,
    )
