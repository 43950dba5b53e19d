"""The Labor Action Tracker's columns (``export --schema lat``): dates as precise as they are known."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from strikewatch.export_linked import LAT_COLUMNS, lat_date, lat_row, write_csv, write_parquet


def _event(start: str | None, end: str | None = None, status: str = "occurred", etype: str = "strike") -> dict[str, Any]:
    return {"event_id": "ev-1", "type": etype, "status": status, "start_date": start, "end_date": end,
            "unions": [{"name": "Harbor Nurses Union Local 12", "aliases": []}],
            "employers": [{"name": "Bayview Hospital", "aliases": []}], "location": None,
            "participants": 300, "unit_size": None, "demands": ["pay"],
            "mentions": [{"article": "a1", "evidence": ["..."]}]}


@pytest.mark.parametrize("value, expected", [
    ("2024-06-14", "2024-06-14"), ("2024-06", "2024-06"), ("2024", "2024"), (None, None), ("", None),
    ("June", None), ("2024-13", None),
])
def test_lat_date_keeps_the_precision(value: str | None, expected: str | None) -> None:
    assert lat_date(value) == expected


def test_a_month_stays_a_month_with_no_made_up_days() -> None:
    row = lat_row(_event("2024-06"), {})
    assert row["start_date"] == "2024-06"
    assert row["end_date"] is None  # not 2024-06-01, nor the month's last day
    assert row["duration_days"] is None


def test_a_year_stays_a_year() -> None:
    row = lat_row(_event("2024", "2025"), {})
    assert (row["start_date"], row["end_date"], row["duration_days"]) == ("2024", "2025", None)


def test_stated_days_give_a_duration() -> None:
    row = lat_row(_event("2024-06-03", "2024-06-05"), {})
    assert (row["start_date"], row["end_date"], row["duration_days"]) == ("2024-06-03", "2024-06-05", 3)


def test_a_past_day_with_no_end_is_a_one_day_event() -> None:
    row = lat_row(_event("2024-06-03"), {})
    assert (row["start_date"], row["end_date"], row["duration_days"]) == ("2024-06-03", "2024-06-03", 1)


@pytest.mark.parametrize("status", ["ongoing", "planned"])
def test_an_event_not_over_has_no_end(status: str) -> None:
    row = lat_row(_event("2024-06-03", status=status), {})
    assert (row["start_date"], row["end_date"], row["duration_days"]) == ("2024-06-03", None, None)


def test_an_unstated_start_is_empty() -> None:
    ev = {**_event(None), "date_estimate": "2024-06-02"}
    row = lat_row(ev, {})
    assert row["start_date"] is None and row["end_date"] is None and row["duration_days"] is None


def test_lat_csv_and_parquet_write_partial_dates_as_they_are(tmp_path: Path) -> None:
    rows = [lat_row(_event("2024-06"), {"a1": "https://example.org/a1"}), lat_row(_event("2024-06-03"), {})]
    buf = io.StringIO()
    write_csv(LAT_COLUMNS, rows, buf)
    got = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [(r["start_date"], r["end_date"]) for r in got] == [("2024-06", ""), ("2024-06-03", "2024-06-03")]
    assert got[0]["sources"] == "https://example.org/a1" and got[0]["local"] == "12"
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "lat.parquet"
    write_parquet(LAT_COLUMNS, rows, str(path))
    table = pq.read_table(path)
    assert str(table.schema.field("start_date").type) == "string"
    assert str(table.schema.field("approximate_participants").type) == "int64"
    assert table.column("start_date").to_pylist() == ["2024-06", "2024-06-03"]
