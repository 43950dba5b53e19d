"""Tests for strikewatch.cpi: CPI-U lookups and real (inflation-adjusted) raises.

The hard-coded index values were checked against the ``CUUR0000SA0`` rows of the
database in the PyPI package ``cpi`` 2.1.0, the source of ``data/cpi_u.csv``.
Tests about projection are written relative to ``last_month()`` so they survive a
refresh of the data file.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from strikewatch.cpi import RealRaise, cpi_at, last_month, load_cpi, real_raise


def _shift(month: str, n: int) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    idx = year * 12 + mon - 1 + n
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


# --- the data file ---------------------------------------------------------------


def test_known_monthly_values() -> None:
    assert cpi_at("2000-01") == 168.8
    assert cpi_at("2021-01") == 261.582
    assert cpi_at("2024-01") == 308.417
    assert cpi_at("2022-06") == 296.311


def test_day_is_ignored() -> None:
    assert cpi_at("2024-01-15") == 308.417
    assert cpi_at(" 2000-01-31 ") == 168.8


def test_months_are_contiguous_from_2000_except_unpublished_october_2025() -> None:
    table = load_cpi()
    last = last_month()
    assert last >= "2025-09"
    month, missing = "2000-01", []
    while month <= last:
        if month not in table:
            missing.append(month)
        month = _shift(month, 1)
    assert missing == ["2025-10"]
    assert all(v > 0 for v in table.values())


def test_load_cpi_returns_a_copy() -> None:
    table = load_cpi()
    table["2000-01"] = -1.0
    assert cpi_at("2000-01") == 168.8
    assert list(load_cpi()) == sorted(load_cpi())


def test_csv_is_declared_as_package_data() -> None:
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    assert "data/*.csv" in config["tool"]["setuptools"]["package-data"]["strikewatch"]


# --- cpi_at edge cases -----------------------------------------------------------


def test_year_is_average_of_available_months() -> None:
    # BLS annual averages (M13 in the source): 2023 = 304.702, 2024 = 313.689.
    assert cpi_at("2024") == pytest.approx(313.689, abs=0.0006)
    assert cpi_at("2023") == pytest.approx(304.702, abs=0.0006)
    # 2025 lacks October: the mean is over the 11 published months.
    months_2025 = [v for k, v in load_cpi().items() if k.startswith("2025-")]
    assert len(months_2025) == 11
    assert cpi_at("2025") == pytest.approx(sum(months_2025) / 11, abs=0.0006)


def test_months_without_data_are_none() -> None:
    assert cpi_at("2025-10") is None
    assert cpi_at("1912-12") is None
    assert cpi_at(_shift(last_month(), 1)) is None
    assert cpi_at("1900") is None


@pytest.mark.parametrize("bad", ["2024-13", "2024-00", "24-01", "January 2024", "2024/01", ""])
def test_malformed_month_raises(bad: str) -> None:
    with pytest.raises(ValueError):
        cpi_at(bad)


# --- real_raise ------------------------------------------------------------------


def test_three_year_raise_during_inflation_is_negative_in_real_terms() -> None:
    r = real_raise(10.0, 3, "2021-01")
    assert r is not None
    assert (r.start_month, r.end_month, r.through_month) == ("2021-01", "2024-01", "2024-01")
    assert r.projected is False
    # 308.417 / 261.582 = 1.179045...
    assert r.inflation_pct == 17.9
    assert r.real_pct == -6.7
    assert r.real_pct < r.nominal_pct


def test_raise_during_deflation_is_larger_in_real_terms() -> None:
    r = real_raise(2.0, 1, "2008-07-01")
    assert r is not None
    assert r.end_month == "2009-07"
    expected_infl = 215.351 / 219.964 - 1
    assert r.inflation_pct == round(expected_infl * 100, 2)
    assert r.inflation_pct < 0
    assert r.real_pct == round((1.02 / (1 + expected_infl) - 1) * 100, 2)
    assert r.real_pct > r.nominal_pct


def test_defaults_to_one_year_and_year_means_january() -> None:
    r = real_raise(5.0, None, "2021")
    assert r is not None
    assert (r.years, r.start_month, r.end_month) == (1.0, "2021-01", "2022-01")


def test_fractional_years() -> None:
    r = real_raise(4.0, 2.5, "2020-01")
    assert r is not None
    assert r.end_month == "2022-07"


def test_projection_past_last_month_is_flagged() -> None:
    table = load_cpi()
    last = last_month()
    rate = table[last] / table[_shift(last, -12)] - 1
    start = _shift(last, -6)

    r = real_raise(3.0, 1, start)
    assert r is not None
    assert r.projected is True
    assert r.through_month == last
    assert r.end_month == _shift(last, 6)
    expected = table[last] * (1 + rate) ** 0.5 / table[start] - 1
    assert r.inflation_pct == round(expected * 100, 2)
    assert r.real_pct == round((1.03 / (1 + expected) - 1) * 100, 2)


def test_start_after_last_month_is_fully_projected() -> None:
    table = load_cpi()
    last = last_month()
    rate = table[last] / table[_shift(last, -12)] - 1
    r = real_raise(3.0, 2, _shift(last, 24))
    assert r is not None
    assert r.projected is True
    assert r.through_month == last
    assert r.inflation_pct == round(((1 + rate) ** 2 - 1) * 100, 2)


def test_period_ending_exactly_on_last_month_is_not_projected() -> None:
    last = last_month()
    r = real_raise(3.0, 1, _shift(last, -12))
    assert r is not None
    assert r.projected is False
    assert r.through_month == r.end_month == last


def test_none_cases() -> None:
    assert real_raise(3.0, 1, None) is None
    assert real_raise(3.0, 1, "1912-12") is None
    assert real_raise(3.0, 1, "1900") is None


def test_unpublished_month_uses_the_month_before() -> None:
    # 2025-10 was never published: a period starting or ending there uses 2025-09's index
    starting = real_raise(3.0, 1, "2025-10")
    assert starting is not None and starting.start_month == "2025-10"
    ending = real_raise(3.0, 3, "2022-10")
    sept = real_raise(3.0, 3, "2022-09")
    assert ending is not None and sept is not None
    expected = (cpi_at("2025-09") / cpi_at("2022-10") - 1) * 100  # type: ignore[operator]
    assert ending.inflation_pct == round(expected, 2)


def test_invalid_arguments_raise() -> None:
    with pytest.raises(ValueError):
        real_raise(3.0, 0, "2021-01")
    with pytest.raises(ValueError):
        real_raise(3.0, -1, "2021-01")
    with pytest.raises(ValueError):
        real_raise(3.0, 1, "soon")


def test_result_is_frozen_and_serialisable() -> None:
    r = real_raise(10.0, 3, "2021-01")
    assert isinstance(r, RealRaise)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.real_pct = 0.0  # type: ignore[misc]
    assert r.to_dict() == {
        "nominal_pct": 10.0,
        "years": 3.0,
        "start_month": "2021-01",
        "end_month": "2024-01",
        "inflation_pct": 17.9,
        "real_pct": -6.7,
        "through_month": "2024-01",
        "projected": False,
    }
