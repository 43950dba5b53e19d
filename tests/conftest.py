"""Fixtures shared by test files, and, at the end of a run, how many tests were skipped and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from _shared import MISSING, SHARED


@pytest.fixture
def threaded() -> Iterator[Any]:
    """A loopback HTTP server (pytest-httpserver) that answers requests concurrently: slow handlers
    do not hold the others (the fetch and watch tests)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def _reason(report: Any) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    reason = reason.removeprefix("Skipped: ")
    # a skip for a missing part of ../shared counts under one line, whatever part it names
    if reason.startswith(MISSING) or "../shared" in reason or str(SHARED) in reason:
        return MISSING
    return reason


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if r.skipped]
    if not skipped:
        return
    reasons = Counter(_reason(r) for r in skipped)
    terminalreporter.section("skipped, by reason", sep="-")
    for reason, n in reasons.most_common():
        terminalreporter.write_line(f"skipped {n} test{'s' if n != 1 else ''}: {reason}")
